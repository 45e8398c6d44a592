// Thread affinity: any thread enqueues; the work runs on the writer thread this class owns.
#pragma once

#include "catalog.h"
#include "checkpointer.h"
#include "sqlitedb.h"

#include <tables/tablestore.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace Gatehouse::Tables::Store {

// The single writer of a store. It owns the writer connection and a std::thread (the store is
// a core engine component; app/ creates every other thread). Queued mutations are folded into
// one transaction (group commit): BEGIN IMMEDIATE, one SAVEPOINT per mutation (rolled back
// alone on its error), the statistics of the group, COMMIT, and only then the `done` calls.
class StoreWriter
{
public:
    StoreWriter(std::unique_ptr<Db> db, Catalog &catalog, int groupCommitMaxWrites,
                qint64 itemCollectionLimit);
    ~StoreWriter();

    // Given the chance to copy the WAL's tail between groups. REQUIRES: before start(), and
    // outliving stop().
    void setCheckpointer(Checkpointer *checkpointer) { m_checkpointer = checkpointer; }
    void start();
    // Commits what is queued, then stops the thread. Later writes fail at once.
    void stop();

    // false (and `done` not called) when the writer has stopped.
    bool enqueue(Mutation mutation, MutationDone done);
    // Runs fn on the writer thread outside any group (fn manages its own transaction) and
    // waits for its status. Used for catalog changes. REQUIRES: not on the writer thread.
    Status runExclusive(std::function<Status(Db &)> fn);

    StoreStats stats() const;

    bool onWriterThread() const { return std::this_thread::get_id() == m_threadId; }
    // Deleted tables whose items are still to be purged (read at startup, added by deleteTable).
    void notePurgePending();

private:
    struct Job
    {
        Mutation mutation;
        MutationDone done;
        std::function<void(Db &)> exclusive; // set for catalog work
    };

    void run();
    void runGroup(std::vector<Job> &jobs);
    bool purgeStep(); // false when nothing is left to purge
    bool purgeIndexStep();

    std::unique_ptr<Db> m_db;
    Catalog &m_catalog;
    Checkpointer *m_checkpointer = nullptr;
    const int m_maxGroup;
    const qint64 m_itemCollectionLimit;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    StoreStats m_stats; // guarded by m_mutex
    bool m_stopping = false;
    bool m_stopped = false;
    bool m_purgePending = false;
    std::thread m_thread;
    std::thread::id m_threadId;
};

} // namespace Gatehouse::Tables::Store
