#include "walwritevfs.h"

#include "pagecache.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

namespace Gatehouse::Tables::Store {

namespace {

constexpr int kFrameHeaderBytes = 24;
constexpr size_t kMaxBuffered = size_t(1) << 20;
// The unix VFS writes at most 128 KiB - 1 bytes a call (it masks longer lengths).
constexpr size_t kMaxWrite = 124 * 1024;

struct ShimFile
{
    sqlite3_file base;   // base.pMethods: ours; first, as SQLite requires
    sqlite3_file *real;  // the default VFS's file, in the bytes right after this struct
    std::vector<char> *pending; // WAL files only: frames not yet handed to the kernel
    sqlite3_int64 pendingStart;
    bool commitFrame;    // the last header seen was a commit frame's: its page ends the commit
    bool pageNext;       // the last write was a frame header: its page comes next
    int pageSize;        // learnt from the first page written; 0 until then
};

constexpr int realOffset()
{
    return int((sizeof(ShimFile) + 7) & ~size_t(7));
}

sqlite3_vfs *g_real = nullptr;
sqlite3_vfs g_vfs;

ShimFile *shimOf(sqlite3_file *file)
{
    return reinterpret_cast<ShimFile *>(file);
}

const sqlite3_io_methods *realMethods(sqlite3_file *file)
{
    return shimOf(file)->real->pMethods;
}

int flush(ShimFile *s)
{
    if (!s->pending || s->pending->empty())
        return SQLITE_OK;
    int rc = SQLITE_OK;
    for (size_t done = 0; done < s->pending->size() && rc == SQLITE_OK; done += kMaxWrite) {
        const size_t n = std::min(kMaxWrite, s->pending->size() - done);
        rc = s->real->pMethods->xWrite(s->real, s->pending->data() + done, int(n),
                                       s->pendingStart + sqlite3_int64(done));
    }
    s->pending->clear();
    s->commitFrame = false;
    return rc;
}

int shimClose(sqlite3_file *file)
{
    ShimFile *s = shimOf(file);
    const int flushed = flush(s);
    const int closed = s->real->pMethods ? s->real->pMethods->xClose(s->real) : SQLITE_OK;
    delete s->pending;
    s->pending = nullptr;
    return flushed != SQLITE_OK ? flushed : closed;
}

int shimRead(sqlite3_file *file, void *out, int amount, sqlite3_int64 offset)
{
    if (int rc = flush(shimOf(file)); rc != SQLITE_OK)
        return rc;
    return realMethods(file)->xRead(shimOf(file)->real, out, amount, offset);
}

// SQLite writes the WAL as its 32-byte header at offset 0, then each frame as two calls: the
// 24-byte frame header and the page. Any other shape (another SQLite version writing a frame in
// one call, say) turns the gathering off for the file: we could no longer tell where a commit
// ends, so from then on every write goes straight through.
bool expectedShape(ShimFile *s, int amount, sqlite3_int64 offset)
{
    if (s->pageNext) {
        s->pageNext = false;
        if (s->pageSize == 0 && amount >= 512)
            s->pageSize = amount;
        return amount == s->pageSize;
    }
    if (amount == kFrameHeaderBytes) {
        s->pageNext = true;
        return true;
    }
    return offset == 0 && amount == 32;
}

int shimWrite(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset)
{
    ShimFile *s = shimOf(file);
    if (s->pending && !expectedShape(s, amount, offset)) {
        const int rc = flush(s);
        delete s->pending;
        s->pending = nullptr;
        if (rc != SQLITE_OK)
            return rc;
    }
    if (!s->pending)
        return realMethods(file)->xWrite(s->real, data, amount, offset);
    if (!s->pending->empty() && offset != s->pendingStart + sqlite3_int64(s->pending->size())) {
        if (int rc = flush(s); rc != SQLITE_OK)
            return rc;
    }
    if (s->pending->empty())
        s->pendingStart = offset;
    const char *bytes = static_cast<const char *>(data);
    s->pending->insert(s->pending->end(), bytes, bytes + amount);
    if (amount == kFrameHeaderBytes) {
        // A frame header: bytes 4..7 hold the database size after the commit, non-zero only
        // in the last frame of a transaction.
        const auto *h = reinterpret_cast<const unsigned char *>(data);
        s->commitFrame = (h[4] | h[5] | h[6] | h[7]) != 0;
        return SQLITE_OK;
    }
    if (s->commitFrame || s->pending->size() >= kMaxBuffered)
        return flush(s);
    return SQLITE_OK;
}

int shimTruncate(sqlite3_file *file, sqlite3_int64 size)
{
    if (int rc = flush(shimOf(file)); rc != SQLITE_OK)
        return rc;
    return realMethods(file)->xTruncate(shimOf(file)->real, size);
}

int shimSync(sqlite3_file *file, int flags)
{
    if (int rc = flush(shimOf(file)); rc != SQLITE_OK)
        return rc;
    return realMethods(file)->xSync(shimOf(file)->real, flags);
}

int shimFileSize(sqlite3_file *file, sqlite3_int64 *size)
{
    if (int rc = flush(shimOf(file)); rc != SQLITE_OK)
        return rc;
    return realMethods(file)->xFileSize(shimOf(file)->real, size);
}

int shimLock(sqlite3_file *file, int level)
{
    return realMethods(file)->xLock(shimOf(file)->real, level);
}

int shimUnlock(sqlite3_file *file, int level)
{
    return realMethods(file)->xUnlock(shimOf(file)->real, level);
}

int shimCheckReservedLock(sqlite3_file *file, int *out)
{
    return realMethods(file)->xCheckReservedLock(shimOf(file)->real, out);
}

int shimFileControl(sqlite3_file *file, int op, void *arg)
{
    if (int rc = flush(shimOf(file)); rc != SQLITE_OK)
        return rc;
    return realMethods(file)->xFileControl(shimOf(file)->real, op, arg);
}

int shimSectorSize(sqlite3_file *file)
{
    return realMethods(file)->xSectorSize(shimOf(file)->real);
}

int shimDeviceCharacteristics(sqlite3_file *file)
{
    return realMethods(file)->xDeviceCharacteristics(shimOf(file)->real);
}

int shimShmMap(sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
    return realMethods(file)->xShmMap(shimOf(file)->real, region, size, extend, out);
}

int shimShmLock(sqlite3_file *file, int offset, int n, int flags)
{
    return realMethods(file)->xShmLock(shimOf(file)->real, offset, n, flags);
}

void shimShmBarrier(sqlite3_file *file)
{
    realMethods(file)->xShmBarrier(shimOf(file)->real);
}

int shimShmUnmap(sqlite3_file *file, int deleteFlag)
{
    return realMethods(file)->xShmUnmap(shimOf(file)->real, deleteFlag);
}

int shimFetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
    return realMethods(file)->xFetch(shimOf(file)->real, offset, amount, out);
}

int shimUnfetch(sqlite3_file *file, sqlite3_int64 offset, void *page)
{
    return realMethods(file)->xUnfetch(shimOf(file)->real, offset, page);
}

const sqlite3_io_methods kMethods = {
    3,
    shimClose,
    shimRead,
    shimWrite,
    shimTruncate,
    shimSync,
    shimFileSize,
    shimLock,
    shimUnlock,
    shimCheckReservedLock,
    shimFileControl,
    shimSectorSize,
    shimDeviceCharacteristics,
    shimShmMap,
    shimShmLock,
    shimShmBarrier,
    shimShmUnmap,
    shimFetch,
    shimUnfetch,
};

int shimOpen(sqlite3_vfs *, const char *name, sqlite3_file *file, int flags, int *outFlags)
{
    ShimFile *s = shimOf(file);
    std::memset(s, 0, sizeof(ShimFile));
    s->real = reinterpret_cast<sqlite3_file *>(reinterpret_cast<char *>(file) + realOffset());
    const int rc = g_real->xOpen(g_real, name, s->real, flags, outFlags);
    if (rc != SQLITE_OK || !s->real->pMethods || s->real->pMethods->iVersion < 3) {
        if (rc == SQLITE_OK && s->real->pMethods)
            s->real->pMethods->xClose(s->real);
        s->base.pMethods = nullptr;
        return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
    }
    if (flags & SQLITE_OPEN_WAL)
        s->pending = new std::vector<char>();
    s->base.pMethods = &kMethods;
    return SQLITE_OK;
}

int shimDelete(sqlite3_vfs *, const char *name, int syncDir)
{
    return g_real->xDelete(g_real, name, syncDir);
}

int shimAccess(sqlite3_vfs *, const char *name, int flags, int *out)
{
    return g_real->xAccess(g_real, name, flags, out);
}

int shimFullPathname(sqlite3_vfs *, const char *name, int size, char *out)
{
    return g_real->xFullPathname(g_real, name, size, out);
}

void *shimDlOpen(sqlite3_vfs *, const char *name)
{
    return g_real->xDlOpen(g_real, name);
}

void shimDlError(sqlite3_vfs *, int size, char *out)
{
    g_real->xDlError(g_real, size, out);
}

void (*shimDlSym(sqlite3_vfs *, void *handle, const char *symbol))(void)
{
    return g_real->xDlSym(g_real, handle, symbol);
}

void shimDlClose(sqlite3_vfs *, void *handle)
{
    g_real->xDlClose(g_real, handle);
}

int shimRandomness(sqlite3_vfs *, int size, char *out)
{
    return g_real->xRandomness(g_real, size, out);
}

int shimSleep(sqlite3_vfs *, int micros)
{
    return g_real->xSleep(g_real, micros);
}

int shimCurrentTime(sqlite3_vfs *, double *out)
{
    return g_real->xCurrentTime(g_real, out);
}

int shimGetLastError(sqlite3_vfs *, int size, char *out)
{
    return g_real->xGetLastError ? g_real->xGetLastError(g_real, size, out) : 0;
}

int shimCurrentTimeInt64(sqlite3_vfs *, sqlite3_int64 *out)
{
    return g_real->xCurrentTimeInt64(g_real, out);
}

} // namespace

const char *walWriteVfsName()
{
    static std::once_flag once;
    static const char *name = nullptr;
    std::call_once(once, [] {
        installPageCacheShim(); // before the lookup below initialises SQLite
        g_real = sqlite3_vfs_find(nullptr);
        if (!g_real || g_real->iVersion < 2)
            return; // an unusual build: the default VFS serves the writer as well
        std::memset(&g_vfs, 0, sizeof(g_vfs));
        g_vfs.iVersion = 2;
        g_vfs.szOsFile = realOffset() + g_real->szOsFile;
        g_vfs.mxPathname = g_real->mxPathname;
        g_vfs.zName = "gatehouse-walwrite";
        g_vfs.xOpen = shimOpen;
        g_vfs.xDelete = shimDelete;
        g_vfs.xAccess = shimAccess;
        g_vfs.xFullPathname = shimFullPathname;
        g_vfs.xDlOpen = shimDlOpen;
        g_vfs.xDlError = shimDlError;
        g_vfs.xDlSym = shimDlSym;
        g_vfs.xDlClose = shimDlClose;
        g_vfs.xRandomness = shimRandomness;
        g_vfs.xSleep = shimSleep;
        g_vfs.xCurrentTime = shimCurrentTime;
        g_vfs.xGetLastError = shimGetLastError;
        g_vfs.xCurrentTimeInt64 = shimCurrentTimeInt64;
        if (sqlite3_vfs_register(&g_vfs, 0) == SQLITE_OK)
            name = g_vfs.zName;
    });
    return name;
}

} // namespace Gatehouse::Tables::Store
