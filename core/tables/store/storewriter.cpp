#include "storewriter.h"

#include "groupwritetxn.h"

#include <common/handoff.h>
#include <common/threads.h>

#include <QLoggingCategory>

#include <sqlite3.h>

#include <exception>
#include <future>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace Gatehouse::Tables::Store {

namespace {
// Rows of a deleted table removed per purge transaction: small enough to keep writes flowing.
constexpr int kPurgeBatch = 2000;

Status stoppedError()
{
    return internalError(QStringLiteral("The table store is closed"));
}
} // namespace

StoreWriter::StoreWriter(std::unique_ptr<Db> db, Catalog &catalog, int groupCommitMaxWrites,
                         qint64 itemCollectionLimit)
    : m_db(std::move(db))
    , m_catalog(catalog)
    , m_maxGroup(qMax(1, groupCommitMaxWrites))
    , m_itemCollectionLimit(itemCollectionLimit)
{}

StoreWriter::~StoreWriter()
{
    stop();
}

void StoreWriter::start()
{
    m_thread = std::thread([this] { run(); });
    m_threadId = m_thread.get_id();
}

void StoreWriter::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping && !m_thread.joinable())
            return;
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    m_db.reset();
    qCDebug(lcStore) << "writer stopped:" << m_stats.mutationsCommitted << "mutations in"
                     << m_stats.groupsCommitted << "groups, largest" << m_stats.largestGroup;
}

void StoreWriter::notePurgePending()
{
    {
        std::lock_guard lock(m_mutex);
        m_purgePending = true;
    }
    m_wake.notify_all();
}

bool StoreWriter::enqueue(Mutation mutation, MutationDone done)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return false;
        m_queue.push_back(Job{std::move(mutation), std::move(done), {}});
    }
    m_wake.notify_one();
    return true;
}

Status StoreWriter::runExclusive(std::function<Status(Db &)> fn)
{
    if (onWriterThread())
        return internalError(QStringLiteral("Catalog change requested from inside a mutation"));
    std::promise<Status> promise;
    auto future = promise.get_future();
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return stoppedError();
        m_queue.push_back(Job{{}, {}, [&fn, &promise](Db &db) { promise.set_value(fn(db)); }});
    }
    m_wake.notify_one();
    return future.get();
}

StoreStats StoreWriter::stats() const
{
    std::lock_guard lock(m_mutex);
    StoreStats stats = m_stats;
    stats.queuedWrites = qint64(m_queue.size());
    return stats;
}

void StoreWriter::run()
{
    nameCurrentThread("tables-writer");
    for (;;) {
        std::vector<Job> jobs;
        bool purge = false;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return !m_queue.empty() || m_stopping || m_purgePending; });
            if (m_queue.empty()) {
                if (m_stopping)
                    break;
                purge = true; // idle: remove a batch of a deleted table's items
            } else if (m_queue.front().exclusive) {
                jobs.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            } else {
                const size_t take = qMin(m_queue.size(), size_t(m_maxGroup));
                jobs.reserve(take);
                while (jobs.size() < take && !m_queue.front().exclusive) {
                    jobs.push_back(std::move(m_queue.front()));
                    m_queue.pop_front();
                }
            }
        }
        if (purge) {
            const bool more = purgeStep();
            std::lock_guard lock(m_mutex);
            m_purgePending = more;
            continue;
        }
        if (jobs.size() == 1 && jobs.front().exclusive)
            jobs.front().exclusive(*m_db);
        else
            runGroup(jobs);
        if (m_checkpointer && !m_db->inTransaction())
            m_checkpointer->catchUp(*m_db);
    }
    std::lock_guard lock(m_mutex);
    m_stopped = true;
}

void StoreWriter::runGroup(std::vector<Job> &jobs)
{
    std::vector<std::optional<Result<QJsonObject>>> results(jobs.size());
    Status groupError;
    StatsDeltas groupDeltas;
    IndexStatsDeltas groupIndexDeltas;

    auto savepoint = [this](const char *sql) -> Status {
        auto stmt = m_db->prepare(sql);
        return stmt ? stmt->run(sql) : stmt.status();
    };

    groupError = savepoint("BEGIN IMMEDIATE");
    for (size_t i = 0; i < jobs.size() && groupError.isOk(); ++i) {
        if (Status s = savepoint("SAVEPOINT m"); !s) {
            groupError = s;
            break;
        }
        GroupWriteTxn txn(*m_db, m_catalog, m_itemCollectionLimit);
        std::optional<Result<QJsonObject>> result;
        try {
            result.emplace(jobs[i].mutation(txn));
        } catch (const std::exception &e) {
            result.emplace(internalError(
                QStringLiteral("Mutation failed: %1").arg(QString::fromUtf8(e.what()))));
        } catch (...) {
            result.emplace(internalError(QStringLiteral("Mutation failed")));
        }
        if (!m_db->inTransaction()) {
            // SQLite rolled the whole transaction back (disk full, I/O error ...): the earlier
            // mutations of the group are gone too.
            groupError = internalError(QStringLiteral("The write transaction was aborted: %1")
                                           .arg(result->isOk() ? QStringLiteral("by SQLite")
                                                               : result->status().message()));
            break;
        }
        if (result->isOk()) {
            groupError = savepoint("RELEASE m");
            for (auto it = txn.deltas().cbegin(); it != txn.deltas().cend(); ++it) {
                StatsDelta &d = groupDeltas[it.key()];
                d.itemCount += it->itemCount;
                d.sizeBytes += it->sizeBytes;
            }
            for (auto it = txn.indexDeltas().cbegin(); it != txn.indexDeltas().cend(); ++it) {
                StatsDelta &d = groupIndexDeltas[it.key()];
                d.itemCount += it->itemCount;
                d.sizeBytes += it->sizeBytes;
            }
        } else {
            groupError = savepoint("ROLLBACK TO m");
            if (groupError)
                groupError = savepoint("RELEASE m");
        }
        results[i] = std::move(result);
    }

    if (groupError) {
        for (auto it = groupDeltas.cbegin(); it != groupDeltas.cend() && groupError; ++it) {
            if (it->itemCount || it->sizeBytes)
                groupError = Catalog::addStatsRow(*m_db, it.key(), it->itemCount, it->sizeBytes);
        }
        for (auto it = groupIndexDeltas.cbegin(); it != groupIndexDeltas.cend() && groupError; ++it) {
            if (it->itemCount || it->sizeBytes)
                groupError = Catalog::addIndexStatsRow(*m_db, it.key().second, it->itemCount,
                                                       it->sizeBytes);
        }
    }
    if (groupError)
        groupError = savepoint("COMMIT");
    if (!groupError) {
        qCWarning(lcStore) << "write group of" << jobs.size() << "failed:" << groupError.message();
        if (m_db->inTransaction())
            m_db->exec("ROLLBACK");
    } else {
        for (auto it = groupDeltas.cbegin(); it != groupDeltas.cend(); ++it)
            m_catalog.addStats(it.key(), it->itemCount, it->sizeBytes);
        for (auto it = groupIndexDeltas.cbegin(); it != groupIndexDeltas.cend(); ++it)
            m_catalog.addIndexStats(it.key().first, it.key().second, it->itemCount, it->sizeBytes);
    }
    {
        qint64 committed = 0;
        if (groupError) {
            for (const auto &result : results)
                committed += result->isOk() ? 1 : 0;
        }
        std::lock_guard lock(m_mutex);
        m_stats.groupsCommitted += groupError ? 1 : 0;
        m_stats.mutationsCommitted += committed;
        m_stats.mutationsFailed += qint64(jobs.size()) - committed;
        m_stats.largestGroup = qMax(m_stats.largestGroup, qint64(jobs.size()));
    }

    // Answers hand their responses to the listener threads: each is woken once, at the end.
    HandOffScope handOff;
    for (size_t i = 0; i < jobs.size(); ++i) {
        if (!jobs[i].done)
            continue;
        Result<QJsonObject> outcome =
            groupError ? std::move(*results[i]) : Result<QJsonObject>(groupError);
        try {
            jobs[i].done(std::move(outcome));
        } catch (...) {
            qCWarning(lcStore) << "a mutation's completion callback threw";
        }
    }
}

bool StoreWriter::purgeStep()
{
    auto next = m_db->queryInt64("SELECT coalesce(min(table_id), 0) FROM purge_queue");
    if (!next) {
        qCWarning(lcStore) << "purge lookup failed:" << next.status().message();
        return false;
    }
    if (*next == 0)
        return purgeIndexStep();
    auto stmt =
        m_db->prepare("DELETE FROM items WHERE table_id = ?1 AND (seg, hash_key, range_key) IN "
                      "(SELECT seg, hash_key, range_key FROM items WHERE table_id = ?1 LIMIT ?2)");
    if (!stmt) {
        qCWarning(lcStore) << "purge failed:" << stmt.status().message();
        return false;
    }
    stmt->bindInt64(1, *next);
    stmt->bindInt64(2, kPurgeBatch);
    if (Status s = stmt->run("purge of a deleted table"); !s) {
        qCWarning(lcStore) << s.message();
        return false;
    }
    if (sqlite3_changes(m_db->handle()) < kPurgeBatch) {
        auto done = m_db->prepare("DELETE FROM purge_queue WHERE table_id = ?1");
        if (!done)
            return false;
        done->bindInt64(1, *next);
        if (Status s = done->run("purge queue update"); !s) {
            qCWarning(lcStore) << s.message();
            return false;
        }
    }
    return true;
}

bool StoreWriter::purgeIndexStep()
{
    auto next = m_db->queryInt64("SELECT coalesce(min(index_id), 0) FROM index_purge_queue");
    if (!next) {
        qCWarning(lcStore) << "index purge lookup failed:" << next.status().message();
        return false;
    }
    if (*next == 0)
        return false;
    auto stmt = m_db->prepare(
        "DELETE FROM index_entries WHERE index_id = ?1 AND "
        "(seg, hash_key, range_key, table_hash_key, table_range_key) IN "
        "(SELECT seg, hash_key, range_key, table_hash_key, table_range_key FROM index_entries "
        "WHERE index_id = ?1 LIMIT ?2)");
    if (!stmt) {
        qCWarning(lcStore) << "index purge failed:" << stmt.status().message();
        return false;
    }
    stmt->bindInt64(1, *next);
    stmt->bindInt64(2, kPurgeBatch);
    if (Status s = stmt->run("purge of a dropped index"); !s) {
        qCWarning(lcStore) << s.message();
        return false;
    }
    if (sqlite3_changes(m_db->handle()) < kPurgeBatch) {
        auto done = m_db->prepare("DELETE FROM index_purge_queue WHERE index_id = ?1");
        if (!done)
            return false;
        done->bindInt64(1, *next);
        if (Status s = done->run("index purge queue update"); !s) {
            qCWarning(lcStore) << s.message();
            return false;
        }
    }
    return true;
}

} // namespace Gatehouse::Tables::Store
