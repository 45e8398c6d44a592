#include "readerpool.h"

#include <QAbstractEventDispatcher>
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
    bool keep = false; // the outermost read ended well: its transaction may serve the next one
    quint64 snapshotCommits = 0; // the commit counter when the open transaction began
};

Status runCached(Db &db, const char *sql)
{
    auto stmt = db.prepare(sql);
    return stmt ? stmt->run(sql) : stmt.status();
}

// Ends the open read transaction; COMMIT of a read-only transaction only releases its locks.
void endRead(ReaderConn &conn)
{
    conn.keep = false;
    if (conn.db && conn.db->inTransaction() && !runCached(*conn.db, "COMMIT"))
        conn.db->exec("ROLLBACK");
}

// Ends a read transaction left open by an outermost read that did not finish normally (a
// visitor that threw, an error), so the connection never stays pinned to an old snapshot.
class ReadScope
{
public:
    explicit ReadScope(ReaderConn &conn) : m_conn(conn) { ++m_conn.depth; }
    ~ReadScope()
    {
        if (--m_conn.depth == 0 && !m_conn.keep)
            endRead(m_conn);
    }

private:
    ReaderConn &m_conn;
};

// Set when this thread's readers are destroyed (trivially destructible, so still readable by a
// late event-loop signal during the thread's exit).
thread_local bool t_readersGone = false;

} // namespace

struct ReaderPool::Registry
{
    QString path;
    std::mutex mutex;
    bool closed = false;
    std::vector<std::shared_ptr<ReaderConn>> conns;
    std::shared_ptr<std::atomic<quint64>> commits = std::make_shared<std::atomic<quint64>>(0);

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
    // Whether this thread's event loop ends kept transactions before it waits; without one a
    // read's transaction ends with the read.
    bool hooked = false;
    bool hookTried = false;

    ~ThreadReaders()
    {
        t_readersGone = true;
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

    // The thread is about to wait for events: no read of it is running, so the transactions
    // kept for its next reads end (an idle reader must not pin the WAL against checkpoints).
    void endKept()
    {
        for (Entry &e : entries) {
            std::unique_lock lock(e.conn->mutex, std::try_to_lock);
            if (lock.owns_lock() && e.conn->depth == 0)
                endRead(*e.conn);
        }
    }

    void hookEventLoop()
    {
        if (hookTried)
            return;
        hookTried = true;
        QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
        if (!dispatcher)
            return;
        // Direct: the dispatcher emits on its own thread, which is this one.
        QObject::connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, dispatcher,
                         &ThreadReaders::onAboutToBlock, Qt::DirectConnection);
        hooked = true;
    }

    static void onAboutToBlock();
};

thread_local ThreadReaders t_readers;

void ThreadReaders::onAboutToBlock()
{
    if (!t_readersGone)
        t_readers.endKept();
}

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
        t_readers.hookEventLoop();
    }
    std::lock_guard lock(conn->mutex);
    if (!conn->db)
        return internalError(QStringLiteral("The table store is closed"));
    Db &db = *conn->db;
    const bool outermost = conn->depth == 0;
    quint64 commits = 0;
    if (outermost) {
        // Read before the snapshot forms (at the first step), so a commit in between only
        // makes the next read start afresh.
        commits = m_registry->commits->load(std::memory_order_acquire);
        if (db.inTransaction() && (!conn->keep || conn->snapshotCommits != commits))
            endRead(*conn);
        conn->keep = false;
        if (!db.inTransaction()) {
            if (Status s = runCached(db, "BEGIN"); !s)
                return s;
            conn->snapshotCommits = commits;
        }
    }
    ReadScope scope(*conn);
    Status s = fn(db);
    if (outermost) {
        conn->keep = s.isOk() && t_readers.hooked && db.inTransaction() &&
                     m_registry->commits->load(std::memory_order_acquire) == conn->snapshotCommits;
    }
    return s;
}

std::shared_ptr<std::atomic<quint64>> ReaderPool::commitCounter() const
{
    return m_registry->commits;
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
