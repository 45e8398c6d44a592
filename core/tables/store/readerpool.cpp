#include "readerpool.h"

#include <QLoggingCategory>

#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace Gatehouse::Tables::Store {

namespace {

struct ReaderConn
{
    // Held for the duration of a read; close() takes it to wait for running reads. Recursive
    // because a visitor may read again on the same thread.
    std::recursive_mutex mutex;
    std::unique_ptr<Db> db;
    int depth = 0; // nested withReader calls on this thread
};

// Ends a read transaction left open by an outermost read that did not finish normally (a
// visitor that threw), so the connection never stays pinned to an old snapshot.
class ReadScope
{
public:
    explicit ReadScope(ReaderConn &conn) : m_conn(conn) { ++m_conn.depth; }
    ~ReadScope()
    {
        if (--m_conn.depth == 0 && m_conn.db && m_conn.db->inTransaction())
            m_conn.db->exec("ROLLBACK");
    }

private:
    ReaderConn &m_conn;
};

} // namespace

struct ReaderPool::Registry
{
    QString path;
    std::mutex mutex;
    bool closed = false;
    std::vector<std::shared_ptr<ReaderConn>> conns;

    void forget(const std::shared_ptr<ReaderConn> &conn)
    {
        std::lock_guard lock(mutex);
        conns.erase(std::remove(conns.begin(), conns.end(), conn), conns.end());
    }
};

namespace {

// The connections of the current thread, one per live pool. When the thread ends its
// connections are closed and dropped from their pools.
struct ThreadReaders
{
    struct Entry
    {
        const ReaderPool::Registry *key;
        std::weak_ptr<ReaderPool::Registry> registry;
        std::shared_ptr<ReaderConn> conn;
    };
    std::vector<Entry> entries;

    ~ThreadReaders()
    {
        for (Entry &e : entries) {
            if (auto registry = e.registry.lock())
                registry->forget(e.conn);
            std::lock_guard lock(e.conn->mutex);
            e.conn->db.reset();
        }
    }

    std::shared_ptr<ReaderConn> find(const std::shared_ptr<ReaderPool::Registry> &registry)
    {
        // Pools that are gone leave entries whose key address may be reused: drop them first.
        entries.erase(std::remove_if(entries.begin(), entries.end(),
                                     [](const Entry &e) { return e.registry.expired(); }),
                      entries.end());
        for (const Entry &e : entries) {
            if (e.key == registry.get())
                return e.conn;
        }
        return nullptr;
    }
};

thread_local ThreadReaders t_readers;

Status configureReader(Db &db)
{
    sqlite3_busy_timeout(db.handle(), 5000);
    // Readers share the OS page cache through mmap; a small private cache each keeps memory
    // bounded with many reading threads.
    return db.exec("PRAGMA query_only = 1; PRAGMA cache_size = -8192; "
                   "PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY");
}

} // namespace

ReaderPool::ReaderPool(QString path) : m_registry(std::make_shared<Registry>())
{
    m_registry->path = std::move(path);
}

ReaderPool::~ReaderPool()
{
    close();
}

Status ReaderPool::withReader(const std::function<Status(Db &)> &fn) const
{
    std::shared_ptr<ReaderConn> conn = t_readers.find(m_registry);
    if (!conn) {
        auto db = Db::open(m_registry->path, Db::Mode::ReadOnly);
        if (!db)
            return db.status();
        if (Status s = configureReader(**db); !s)
            return s;
        conn = std::make_shared<ReaderConn>();
        conn->db = std::move(db).value();
        {
            std::lock_guard lock(m_registry->mutex);
            if (m_registry->closed)
                return internalError(QStringLiteral("The table store is closed"));
            m_registry->conns.push_back(conn);
        }
        t_readers.entries.push_back({m_registry.get(), m_registry, conn});
    }
    std::lock_guard lock(conn->mutex);
    if (!conn->db)
        return internalError(QStringLiteral("The table store is closed"));
    ReadScope scope(*conn);
    return fn(*conn->db);
}

void ReaderPool::close()
{
    std::vector<std::shared_ptr<ReaderConn>> conns;
    {
        std::lock_guard lock(m_registry->mutex);
        m_registry->closed = true;
        conns.swap(m_registry->conns);
    }
    for (auto &conn : conns) {
        std::lock_guard lock(conn->mutex);
        conn->db.reset();
    }
}

} // namespace Gatehouse::Tables::Store
