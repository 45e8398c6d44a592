// Thread affinity: the WAL hook and catchUp() run on the writer thread; background checkpoints
// on the thread this class owns.
#pragma once

#include "sqlitedb.h"

#include <tables/tablestore.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace Gatehouse::Tables::Store {

// Keeps the WAL short without making the writer wait for the disk.
//
// A background thread copies the WAL back into the database file (PASSIVE checkpoints, which
// never wait for readers or the writer), so no commit pays for a checkpoint and its fsyncs.
// That alone is not enough under a steady write load: SQLite starts the WAL over from its
// beginning only when every frame in it has been copied, and a background pass never catches
// a writer that keeps appending. The WAL would grow until some commit had to copy all of it.
// So once the WAL is past `restartPages` and a background pass has left only a short tail,
// the writer copies that tail itself between two groups (catchUp); its next commit then
// writes the WAL from the start again. The WAL file is never truncated while writes flow
// (truncating frees blocks, and this filesystem may discard them synchronously); after a
// quiet second the background thread truncates it, so a burst does not leave a large file.
// Past `restartPages` the background passes run back to back, and from three quarters of it
// on each pass syncs the database file, so the writer's catch-up has only a few hundred pages
// to copy and sync.
class Checkpointer
{
public:
    Checkpointer(std::unique_ptr<Db> db, const StoreOptions::WalPolicy &policy);
    ~Checkpointer();

    // Installs the WAL hook on the writer connection, which also bumps `commits` after each
    // commit (the readers' freshness check). REQUIRES: before the writer thread runs.
    void attach(Db &writer, std::shared_ptr<std::atomic<quint64>> commits);
    void start();
    void stop();

    // Writer thread, between groups: copies the WAL's short uncopied tail when the WAL is
    // long enough to be worth starting over. Cheap when nothing is due.
    void catchUp(Db &writer);

private:
    static int walHook(void *self, struct sqlite3 *db, const char *name, int pages);
    void afterCommit(struct sqlite3 *db, const char *name, int pages);
    void requestPass();
    void run();
    void truncateIfIdle();
    void syncDatabaseFile();

    std::unique_ptr<Db> m_db;
    const StoreOptions::WalPolicy m_policy;
    std::mutex m_turn; // held around every checkpoint, by this thread or the writer
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stopping = false;
    std::shared_ptr<std::atomic<quint64>> m_commits;
    bool m_syncDatabase = true; // false with synchronous=OFF
    std::thread m_thread;

    // Bumped by the writer when the WAL starts over. A background pass records how many frames
    // it had copied, and of which generation; it runs while the writer appends, so its count
    // trails the WAL's length by what came in meanwhile.
    std::atomic<quint64> m_generation{0};
    std::atomic<quint64> m_passGeneration{~quint64(0)};
    std::atomic<int> m_passCopied{0};

    // Writer thread only.
    int m_walPages = 0;             // frames in the WAL after the last commit
    int m_pagesAtLastRequest = 0;   // WAL length when a background pass was last asked for
    int m_pagesAtLastCatchUp = -1;  // WAL length at the writer's last copy (-1: none yet)
};

} // namespace Gatehouse::Tables::Store
