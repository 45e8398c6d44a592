// Thread affinity: any thread signals; checkpoints run on the thread this class owns.
#pragma once

#include "sqlitedb.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace Gatehouse::Tables::Store {

// Copies the WAL back into the database file on a thread of its own, so that no commit of the
// writer pays for a checkpoint (and, with synchronous=NORMAL, for its fsync): the writer's
// commits stay short and their latency flat. PASSIVE checkpoints never wait for readers or the
// writer. The writer's WAL hook calls walGrew() after each commit; past a hard limit the writer
// checkpoints itself so the WAL cannot grow without bound if this thread falls behind.
class Checkpointer
{
public:
    // Pages in the WAL that start a background checkpoint, and the limit for the writer.
    static constexpr int kBackgroundPages = 1000;
    static constexpr int kWriterPages = 20000;

    explicit Checkpointer(std::unique_ptr<Db> db);
    ~Checkpointer();

    // Installs the WAL hook on the writer connection, which also bumps `commits` after each
    // commit (the readers' freshness check). REQUIRES: before the writer thread runs.
    void attach(Db &writer, std::shared_ptr<std::atomic<quint64>> commits);
    void start();
    void stop();

private:
    static int walHook(void *self, struct sqlite3 *db, const char *name, int pages);
    void walGrew(int pages);
    void run();

    std::unique_ptr<Db> m_db;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    // WAL size (pages) when the writer last asked for a checkpoint; writer thread only. Under a
    // steady write load the WAL never restarts (a checkpoint rarely catches the writer up), so
    // its size alone would ask for a checkpoint, and an fsync, after every commit.
    int m_pagesAtLastRequest = 0;
    bool m_stopping = false;
    std::shared_ptr<std::atomic<quint64>> m_commits;
    std::thread m_thread;
};

} // namespace Gatehouse::Tables::Store
