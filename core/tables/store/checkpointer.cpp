#include "checkpointer.h"

#include <QLoggingCategory>

#include <sqlite3.h>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace Gatehouse::Tables::Store {

Checkpointer::Checkpointer(std::unique_ptr<Db> db) : m_db(std::move(db)) {}

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
    auto *checkpointer = static_cast<Checkpointer *>(self);
    // SQLite calls the hook once the commit is in the WAL and the write lock released: readers
    // starting now see it, and the write is answered only after this.
    if (checkpointer->m_commits)
        checkpointer->m_commits->fetch_add(1, std::memory_order_release);
    if (pages >= kWriterPages) {
        // Far behind (long readers pin old frames, or the disk is slow): the writer helps.
        int log = 0, done = 0;
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    }
    int &last = checkpointer->m_pagesAtLastRequest;
    if (pages < last)
        last = 0;   // the WAL restarted
    if (pages >= kBackgroundPages && pages - last >= kBackgroundPages) {
        last = pages;
        checkpointer->walGrew(pages);
    }
    return SQLITE_OK;
}

void Checkpointer::walGrew(int)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_pending)
            return;
        m_pending = true;
    }
    m_wake.notify_one();
}

void Checkpointer::run()
{
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_pending || m_stopping; });
            if (m_stopping)
                return;
            m_pending = false;
        }
        int log = 0, done = 0;
        const int rc = sqlite3_wal_checkpoint_v2(m_db->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                                 &log, &done);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            qCWarning(lcStore) << "checkpoint failed:" << m_db->error(rc, "checkpoint").message();
    }
}

} // namespace Gatehouse::Tables::Store
