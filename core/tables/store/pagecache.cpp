#include "pagecache.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <new>
#include <vector>

namespace Gatehouse::Tables::Store {

namespace {

sqlite3_pcache_methods2 g_base;
std::atomic<quint64> g_skipped{0};
std::atomic<quint64> g_passed{0};

struct Cache
{
    sqlite3_pcache *inner = nullptr;
    // Every page the cache may hold has a number <= maxKey or is listed in `high`.
    unsigned maxKey = 0;
    std::vector<unsigned> high; // renumbering targets above maxKey (nearly always empty)
};

Cache *self(sqlite3_pcache *cache)
{
    return reinterpret_cast<Cache *>(cache);
}

int shimInit(void *)
{
    return g_base.xInit ? g_base.xInit(g_base.pArg) : SQLITE_OK;
}

void shimShutdown(void *)
{
    if (g_base.xShutdown)
        g_base.xShutdown(g_base.pArg);
}

sqlite3_pcache *shimCreate(int pageSize, int extraSize, int purgeable)
{
    sqlite3_pcache *inner = g_base.xCreate(pageSize, extraSize, purgeable);
    if (!inner)
        return nullptr;
    auto *cache = new (std::nothrow) Cache;
    if (!cache) {
        g_base.xDestroy(inner);
        return nullptr;
    }
    cache->inner = inner;
    return reinterpret_cast<sqlite3_pcache *>(cache);
}

void shimCachesize(sqlite3_pcache *cache, int pages)
{
    g_base.xCachesize(self(cache)->inner, pages);
}

int shimPagecount(sqlite3_pcache *cache)
{
    return g_base.xPagecount(self(cache)->inner);
}

sqlite3_pcache_page *shimFetch(sqlite3_pcache *cache, unsigned key, int createFlag)
{
    Cache *c = self(cache);
    sqlite3_pcache_page *page = g_base.xFetch(c->inner, key, createFlag);
    if (page && key > c->maxKey)
        c->maxKey = key;
    return page;
}

void shimUnpin(sqlite3_pcache *cache, sqlite3_pcache_page *page, int discard)
{
    g_base.xUnpin(self(cache)->inner, page, discard);
}

void shimRekey(sqlite3_pcache *cache, sqlite3_pcache_page *page, unsigned oldKey, unsigned newKey)
{
    Cache *c = self(cache);
    g_base.xRekey(c->inner, page, oldKey, newKey);
    auto old = std::find(c->high.begin(), c->high.end(), oldKey);
    if (old != c->high.end())
        c->high.erase(old);
    if (newKey > c->maxKey)
        c->high.push_back(newKey);
}

void shimTruncate(sqlite3_pcache *cache, unsigned limit)
{
    Cache *c = self(cache);
    const bool highAtLimit =
        std::any_of(c->high.begin(), c->high.end(), [limit](unsigned key) { return key >= limit; });
    if (c->maxKey < limit && !highAtLimit) {
        g_skipped.fetch_add(1, std::memory_order_relaxed);
        return; // no page numbered `limit` or above can be in the cache
    }
    g_passed.fetch_add(1, std::memory_order_relaxed);
    g_base.xTruncate(c->inner, limit);
    if (limit == 0) {
        c->maxKey = 0;
        c->high.clear();
        return;
    }
    c->maxKey = std::min(c->maxKey, limit - 1);
    c->high.erase(std::remove_if(c->high.begin(), c->high.end(),
                                 [limit](unsigned key) { return key >= limit; }),
                  c->high.end());
}

void shimDestroy(sqlite3_pcache *cache)
{
    Cache *c = self(cache);
    g_base.xDestroy(c->inner);
    delete c;
}

void shimShrink(sqlite3_pcache *cache)
{
    if (g_base.xShrink)
        g_base.xShrink(self(cache)->inner);
}

} // namespace

bool installPageCacheShim()
{
    static std::once_flag once;
    static bool installed = false;
    std::call_once(once, [] {
        sqlite3_pcache_methods2 base{};
        if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &base) != SQLITE_OK || !base.xCreate ||
            !base.xFetch || !base.xTruncate || !base.xRekey)
            return;
        g_base = base;
        static sqlite3_pcache_methods2 shim{};
        shim.iVersion = 1;
        shim.pArg = nullptr;
        shim.xInit = shimInit;
        shim.xShutdown = shimShutdown;
        shim.xCreate = shimCreate;
        shim.xCachesize = shimCachesize;
        shim.xPagecount = shimPagecount;
        shim.xFetch = shimFetch;
        shim.xUnpin = shimUnpin;
        shim.xRekey = shimRekey;
        shim.xTruncate = shimTruncate;
        shim.xDestroy = shimDestroy;
        shim.xShrink = shimShrink;
        installed = sqlite3_config(SQLITE_CONFIG_PCACHE2, &shim) == SQLITE_OK;
    });
    return installed;
}

PageCacheShimCounts pageCacheShimCounts()
{
    return {g_skipped.load(std::memory_order_relaxed), g_passed.load(std::memory_order_relaxed)};
}

} // namespace Gatehouse::Tables::Store
