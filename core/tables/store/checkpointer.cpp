#include "checkpointer.h"

#include <common/threads.h>

#include <QFileInfo>
#include <QLoggingCategory>

#include <sqlite3.h>

#include <chrono>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace Gatehouse::Tables::Store {

namespace {
// After a writer copy that did not let the WAL start over (a reader still on an old snapshot),
// the writer tries again once this many more frames are in.
constexpr int kRetryPages = 256;
} // namespace

Checkpointer::Checkpointer(std::unique_ptr<Db> db, const StoreOptions::WalPolicy &policy)
    : m_db(std::move(db))
    , m_policy(policy)
{}

Checkpointer::~Checkpointer()
{
    stop();
}

void Checkpointer::attach(Db &writer, std::shared_ptr<std::atomic<quint64>> commits)
{
    m_commits = std::move(commits);
    // Replaces SQLite's automatic checkpoint, which would run inside the writer's commits.
    sqlite3_wal_hook(writer.handle(), &Checkpointer::walHook, this);
}

void Checkpointer::start()
{
    // synchronous=OFF asks for no syncs at all; NORMAL and FULL get the database file synced.
    auto level = m_db->queryInt64("PRAGMA synchronous");
    m_syncDatabase = !level || *level > 0;
    m_thread = std::thread([this] { run(); });
}

void Checkpointer::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    m_db.reset();
}

int Checkpointer::walHook(void *self, sqlite3 *db, const char *name, int pages)
{
    static_cast<Checkpointer *>(self)->afterCommit(db, name, pages);
    return SQLITE_OK;
}

void Checkpointer::afterCommit(sqlite3 *db, const char *name, int pages)
{
    // SQLite calls the hook once the commit is in the WAL and the write lock released: readers
    // starting now see it, and the write is answered only after this.
    if (m_commits)
        m_commits->fetch_add(1, std::memory_order_release);
    if (pages < m_walPages) {
        // The WAL started over: the last pass's figures describe frames that are gone.
        m_generation.fetch_add(1, std::memory_order_release);
        m_pagesAtLastRequest = 0;
        m_pagesAtLastCatchUp = -1;
    }
    m_walPages = pages;
    if (pages >= m_policy.writerPages &&
        (m_pagesAtLastCatchUp < 0 || pages - m_pagesAtLastCatchUp >= kRetryPages)) {
        // Far behind (a reader held an old snapshot for long, or the disk is slow): the
        // writer copies what it can now rather than let the WAL grow without bound.
        int log = 0, done = 0;
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
        m_pagesAtLastCatchUp = pages;
    }
    // Past restartPages the passes run back to back (one asked for after every commit, while
    // none is pending): each copies what came in during the last, so the tail left for the
    // writer's catch-up (catchUp) shrinks to a few hundred pages within a few passes.
    if (pages - m_pagesAtLastRequest >= m_policy.backgroundPages || pages >= m_policy.restartPages) {
        m_pagesAtLastRequest = pages;
        requestPass();
    }
}

void Checkpointer::requestPass()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_pending)
            return;
        m_pending = true;
    }
    m_wake.notify_one();
}

void Checkpointer::catchUp(Db &writer)
{
    if (m_walPages < m_policy.restartPages)
        return;
    if (m_pagesAtLastCatchUp >= 0 && m_walPages - m_pagesAtLastCatchUp < kRetryPages)
        return;
    // A short tail is quick to copy; only figures of a pass over this generation of the WAL
    // count. Past twice the restart length the WAL starts over whatever the tail, so a disk or
    // a checkpointer thread slower than the writer cannot make it grow for ever.
    const bool overdue = m_walPages >= 2 * m_policy.restartPages;
    if (!overdue) {
        if (m_passGeneration.load(std::memory_order_acquire) !=
            m_generation.load(std::memory_order_relaxed))
            return;
        if (m_walPages - m_passCopied.load(std::memory_order_relaxed) > m_policy.catchUpPages)
            return;
    }
    // SQLite answers BUSY at once to a second checkpointer, so the two take turns on a lock of
    // ours: overdue, the writer waits for a running background pass to end.
    std::unique_lock turn(m_turn, std::defer_lock);
    if (overdue)
        turn.lock();
    else if (!turn.try_lock())
        return; // a background pass is running: after the next group, then
    m_pagesAtLastCatchUp = m_walPages;
    int log = 0, done = 0;
    const int rc = sqlite3_wal_checkpoint_v2(writer.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                             &log, &done);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        qCWarning(lcStore) << "checkpoint failed:" << writer.error(rc, "checkpoint").message();
}

void Checkpointer::run()
{
    nameCurrentThread("tables-ckpt");
    quint64 commitsAtLastTick = m_commits ? m_commits->load() : 0;
    for (;;) {
        bool pass = false;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, std::chrono::milliseconds(m_policy.idleTruncateMs),
                            [this] { return m_pending || m_stopping; });
            if (m_stopping)
                return;
            pass = m_pending;
            m_pending = false;
        }
        if (!pass) {
            const quint64 commits = m_commits ? m_commits->load() : 0;
            if (commits == commitsAtLastTick)
                truncateIfIdle();
            commitsAtLastTick = commits;
            continue;
        }
        int log = 0, done = 0;
        int rc = SQLITE_OK;
        quint64 generation = 0;
        {
            std::lock_guard turn(m_turn);
            // Read once the turn is ours (not while waiting for it): if the WAL starts over
            // during the copy, the figures are recognised as those of the old generation.
            generation = m_generation.load(std::memory_order_acquire);
            rc = sqlite3_wal_checkpoint_v2(m_db->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                           &log, &done);
        }
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
            qCWarning(lcStore) << "checkpoint failed:" << m_db->error(rc, "checkpoint").message();
            continue;
        }
        if (rc == SQLITE_OK) {
            m_passCopied.store(done, std::memory_order_relaxed);
            m_passGeneration.store(generation, std::memory_order_release);
            if (m_syncDatabase && done > 0 && log >= qint64(m_policy.restartPages) * 3 / 4)
                syncDatabaseFile();
        }
    }
}

void Checkpointer::syncDatabaseFile()
{
    // SQLite syncs the database file only at the end of a checkpoint that reaches the WAL's
    // end, the writer's catch-up: that one sync then flushed every page the background passes
    // had copied since the WAL last started over (up to hundreds of MB), with the writer, and
    // so every write, waiting 40-70 ms each time (over 20 s runs of PutItem: p99 18-28 ms).
    // Synced here after each pass of the last quarter before a restart, off the writer, the
    // catch-up's sync finds only its own short tail to flush (p99 4-5 ms). Not earlier in the
    // cycle: pages copied again by a later pass would be written out twice.
    sqlite3_file *file = nullptr;
    if (sqlite3_file_control(m_db->handle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
        !file || !file->pMethods)
        return;
    if (const int rc = file->pMethods->xSync(file, SQLITE_SYNC_NORMAL); rc != SQLITE_OK)
        qCWarning(lcStore) << "database file sync failed:" << m_db->error(rc, "sync").message();
}

void Checkpointer::truncateIfIdle()
{
    const char *file = sqlite3_db_filename(m_db->handle(), "main");
    if (!file || !*file)
        return;
    const qint64 size = QFileInfo(QString::fromUtf8(file) + QStringLiteral("-wal")).size();
    if (size <= m_policy.idleTruncateBytes)
        return;
    // No waiting: if the writer or a reader is busy after all, the next quiet second tries.
    std::lock_guard turn(m_turn);
    sqlite3_busy_timeout(m_db->handle(), 0);
    int log = 0, done = 0;
    const int rc = sqlite3_wal_checkpoint_v2(m_db->handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                             &log, &done);
    sqlite3_busy_timeout(m_db->handle(), 5000);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        qCWarning(lcStore) << "WAL truncation failed:" << m_db->error(rc, "checkpoint").message();
}

} // namespace Gatehouse::Tables::Store
