#include "sqlitetablestore.h"

#include "groupwritetxn.h"
#include "indexentries.h"
#include "itemcodec.h"
#include "keyrange.h"
#include "schema.h"
#include "walwritevfs.h"

#include <items/dynamoerror.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>

#include <sqlite3.h>

#include <future>
#include <mutex>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <sys/types.h>
#endif

Q_LOGGING_CATEGORY(lcStore, "gatehouse.core.tables.store")

namespace Gatehouse::Tables {

Result<std::shared_ptr<TableStore>> TableStore::open(const StoreOptions &options)
{
    auto store = Store::SqliteTableStore::open(options);
    if (!store)
        return store.status();
    return std::shared_ptr<TableStore>(std::move(store).value());
}

} // namespace Gatehouse::Tables

namespace Gatehouse::Tables::Store {

namespace {

Status notFound()
{
    return Status::error(Items::ErrorCode::ResourceNotFound,
                         QStringLiteral("Requested resource not found"));
}

Status closedError()
{
    return internalError(QStringLiteral("The table store is closed"));
}

// Files of in-memory stores whose process died without closing them (a crash) are removed by
// the next process that opens an in-memory store: their names carry the owner's pid.
void removeOrphanedTemporaryFiles(const QString &dir)
{
#ifdef Q_OS_UNIX
    static std::once_flag once;
    std::call_once(once, [&dir] {
        const QStringList names =
            QDir(dir).entryList({QStringLiteral("gatehouse-mem-*")}, QDir::Files);
        for (const QString &name : names) {
            bool ok = false;
            const qint64 pid = name.section(QLatin1Char('-'), 2, 2).toLongLong(&ok);
            if (ok && pid > 0 && ::kill(pid_t(pid), 0) == -1 && errno == ESRCH) {
                qCInfo(lcStore) << "removing the file of a crashed in-memory store:" << name;
                QFile::remove(dir + u'/' + name);
            }
        }
    });
#else
    Q_UNUSED(dir);
#endif
}

QString temporaryDatabasePath()
{
    static std::atomic<int> counter{0};
    const QFileInfo shm(QStringLiteral("/dev/shm"));
    const QString dir = shm.isDir() && shm.isWritable() ? shm.absoluteFilePath() : QDir::tempPath();
    removeOrphanedTemporaryFiles(dir);
    return QStringLiteral("%1/gatehouse-mem-%2-%3-%4.sqlite")
        .arg(dir)
        .arg(QCoreApplication::applicationPid())
        .arg(counter.fetch_add(1))
        .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

void removeDatabaseFiles(const QString &path)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
}

// NORMAL: a commit survives a crash of the process (the WAL is written before the answer) but
// not a power loss; FULL also fsyncs the WAL on every commit.
const char *syncPragma(StoreOptions::Sync sync)
{
    switch (sync) {
    case StoreOptions::Sync::Off:
        return "PRAGMA synchronous = OFF";
    case StoreOptions::Sync::Full:
        return "PRAGMA synchronous = FULL";
    case StoreOptions::Sync::Normal:
        break;
    }
    return "PRAGMA synchronous = NORMAL";
}

Status configureWriter(Db &db, StoreOptions::Sync sync)
{
    sqlite3_busy_timeout(db.handle(), 5000);
    auto mode = db.queryText("PRAGMA journal_mode = WAL");
    if (!mode)
        return mode.status();
    if (mode->compare(u"wal", Qt::CaseInsensitive) != 0)
        return internalError(
            QStringLiteral("SQLite refused WAL mode (journal mode %1)").arg(*mode));
    if (Status s = db.exec(syncPragma(sync)); !s)
        return s;
    // 8 MB of private cache for the writer: the b-tree's inner pages and the leaves it touched
    // last; other reads of the file go through mmap, shared with the readers. (A larger cache
    // used to cost every commit a walk of its hash table; pagecache.h removed that, and 32 or
    // 128 MB measured no faster under random inserts, so the writer stays small.) SQLite never
    // truncates the WAL: the checkpointer does, once writes pause (see checkpointer.h). No
    // foreign keys: the only relation (items of a table) is maintained by the writer and the
    // purge queue.
    return db.exec("PRAGMA cache_size = -8192; PRAGMA mmap_size = 1073741824; "
                   "PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = -1");
}

// Runs fn in a transaction of its own on the writer connection.
Status inTransaction(Db &db, const std::function<Status()> &fn)
{
    if (Status s = db.exec("BEGIN IMMEDIATE"); !s)
        return s;
    Status s = fn();
    if (s)
        s = db.exec("COMMIT");
    if (!s && db.inTransaction())
        db.exec("ROLLBACK");
    return s;
}

// Streams the rows (hash_key, range_key, item, size) of a statement to the visitor.
// *stopped is set when the visitor asked to stop.
Status visitRows(Db &db, Statement &stmt, const ItemVisitor &visit, bool *stopped)
{
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        qsizetype size = 0;
        const char *data = stmt.columnData(2, &size);
        auto item = decodeItem(data, size);
        if (!item)
            return item.status();
        StoredItem stored;
        stored.hashKey = stmt.columnBlob(0);
        stored.rangeKey = stmt.columnBlob(1);
        stored.item = std::move(item).value();
        stored.size = stmt.columnInt64(3);
        if (!visit(stored)) {
            *stopped = true;
            return Status::ok();
        }
    }
    if (rc != SQLITE_DONE)
        return db.error(rc, "range read");
    return Status::ok();
}

// The SQL of a partition read for each combination of bound kinds and direction; built once
// so that each text is a stable key of the statement cache.
enum class BoundKind { None, Inclusive, Exclusive };

const char *partitionSql(BoundKind lower, BoundKind upper, bool forward)
{
    static const std::vector<QByteArray> texts = [] {
        std::vector<QByteArray> all;
        for (int l = 0; l < 3; ++l) {
            for (int u = 0; u < 3; ++u) {
                for (int f = 0; f < 2; ++f) {
                    QByteArray sql = "SELECT hash_key, range_key, item, size FROM items "
                                     "WHERE table_id = ?1 AND seg = ?2 AND hash_key = ?3";
                    if (l)
                        sql += l == 1 ? " AND range_key >= ?4" : " AND range_key > ?4";
                    if (u)
                        sql += u == 1 ? " AND range_key <= ?5" : " AND range_key < ?5";
                    sql += f ? " ORDER BY range_key ASC" : " ORDER BY range_key DESC";
                    all.push_back(sql);
                }
            }
        }
        return all;
    }();
    return texts[size_t((int(lower) * 3 + int(upper)) * 2 + (forward ? 1 : 0))].constData();
}

BoundKind kindOf(const std::optional<Bound> &bound)
{
    if (!bound)
        return BoundKind::None;
    return bound->inclusive ? BoundKind::Inclusive : BoundKind::Exclusive;
}

} // namespace

SqliteTableStore::SqliteTableStore(QString path, bool temporary)
    : m_path(std::move(path)), m_temporary(temporary)
{}

SqliteTableStore::~SqliteTableStore()
{
    close();
}

Result<std::shared_ptr<SqliteTableStore>> SqliteTableStore::open(const StoreOptions &options)
{
    const bool temporary = options.inMemory;
    QString path = temporary ? temporaryDatabasePath() : options.path;
    if (path.isEmpty())
        return internalError(QStringLiteral("No path given for the table store"));
    if (!temporary)
        QDir().mkpath(QFileInfo(path).absolutePath());

    std::shared_ptr<SqliteTableStore> store(new SqliteTableStore(path, temporary));
    auto fail = [&](const Status &status) -> Result<std::shared_ptr<SqliteTableStore>> {
        qCWarning(lcStore) << "cannot open table store" << path << ":" << status.message();
        if (temporary)
            removeDatabaseFiles(path);
        return status;
    };

    // The writer's commits reach the WAL in one write each (see walwritevfs.h).
    auto db = Db::open(path, Db::Mode::ReadWrite, walWriteVfsName());
    if (!db)
        return fail(db.status());
    const auto sync = temporary ? StoreOptions::Sync::Off : options.synchronous;
    if (Status s = configureWriter(**db, sync); !s)
        return fail(s);
    if (Status s = migrate(**db); !s)
        return fail(s);
    if (Status s = store->m_catalog.load(**db); !s)
        return fail(s);
    auto pendingPurges = (*db)->queryInt64(
        "SELECT (SELECT count(*) FROM purge_queue) + (SELECT count(*) FROM index_purge_queue)");
    if (!pendingPurges)
        return fail(pendingPurges.status());

    auto checkpointDb = Db::open(path, Db::Mode::ReadWrite);
    if (!checkpointDb)
        return fail(checkpointDb.status());
    // The checkpointer's fsyncs are what synchronous=NORMAL/FULL promise for the database file.
    sqlite3_busy_timeout((*checkpointDb)->handle(), 5000);
    if (Status s = (*checkpointDb)->exec(syncPragma(sync)); !s)
        return fail(s);
    store->m_readers = std::make_unique<ReaderPool>(path);
    store->m_checkpointer = std::make_unique<Checkpointer>(std::move(checkpointDb).value(),
                                                            options.wal);
    store->m_checkpointer->attach(**db, store->m_readers->commitCounter());

    store->m_writer = std::make_unique<StoreWriter>(std::move(db).value(), store->m_catalog,
                                                    options.groupCommitMaxWrites,
                                                    options.itemCollectionLimitBytes);
    store->m_writer->setCheckpointer(store->m_checkpointer.get());
    store->m_checkpointer->start();
    store->m_writer->start();
    if (*pendingPurges > 0)
        store->m_writer->notePurgePending();
    qCDebug(lcStore) << "table store open:" << path << "tables:" << store->m_catalog.all().size();
    return store;
}

Result<TableMeta> SqliteTableStore::createTable(TableMeta meta)
{
    if (m_closed)
        return closedError();
    if (meta.name.isEmpty() || meta.hashKeyName.isEmpty())
        return internalError(QStringLiteral("A table needs a name and a hash key"));
    Status s = m_writer->runExclusive([&](Db &db) -> Status {
        if (m_catalog.byName(meta.name))
            return Status::error(Items::ErrorCode::ResourceInUse,
                                 QStringLiteral("Table already exists: %1").arg(meta.name));
        if (!meta.createdAt.isValid())
            meta.createdAt = QDateTime::currentDateTimeUtc();
        Status inserted = inTransaction(db, [&]() -> Status {
            if (Status s = Catalog::insertRow(db, meta); !s)
                return s;
            const TableKeyNames keys{meta.hashKeyName, meta.rangeKeyName};
            for (IndexMeta &index : meta.indexes) {
                index.id = 0;
                if (Status s = createIndexRow(db, meta.id, keys, index); !s)
                    return s;
            }
            return Status::ok();
        });
        if (inserted)
            m_catalog.put(meta);
        return inserted;
    });
    if (!s)
        return s;
    return meta;
}

Status SqliteTableStore::updateTable(const TableMeta &meta)
{
    if (m_closed)
        return closedError();
    return m_writer->runExclusive([&](Db &db) -> Status {
        std::optional<TableMeta> current =
            meta.id ? m_catalog.byId(meta.id) : m_catalog.byName(meta.name);
        if (!current)
            return notFound();
        TableMeta next = *current;
        next.status = meta.status;
        next.definition = meta.definition;
        next.indexes.clear();
        const TableKeyNames keys{current->hashKeyName, current->rangeKeyName};
        Status updated = inTransaction(db, [&]() -> Status {
            if (Status s = Catalog::updateRow(db, next); !s)
                return s;
            // Indexes kept (by id, with the store's statistics), created (id 0), dropped.
            for (const IndexMeta &wanted : meta.indexes) {
                IndexMeta index = wanted;
                if (index.id == 0) {
                    if (Status s = createIndexRow(db, current->id, keys, index); !s)
                        return s;
                } else {
                    const IndexMeta *kept = nullptr;
                    for (const IndexMeta &have : current->indexes)
                        if (have.id == index.id)
                            kept = &have;
                    if (!kept)
                        return internalError(
                            QStringLiteral("Unknown index %1 in a table update").arg(index.id));
                    index = *kept;
                }
                next.indexes.append(index);
            }
            for (const IndexMeta &have : current->indexes) {
                if (!next.index(have.name) || next.index(have.name)->id != have.id) {
                    if (Status s = dropIndexRow(db, have.id); !s)
                        return s;
                }
            }
            return Status::ok();
        });
        if (updated) {
            m_catalog.put(next);
            m_writer->notePurgePending();
        }
        return updated;
    });
}

Status SqliteTableStore::deleteTable(const QString &name)
{
    if (m_closed)
        return closedError();
    return m_writer->runExclusive([&](Db &db) -> Status {
        const std::optional<TableMeta> current = m_catalog.byName(name);
        if (!current)
            return notFound();
        // The items go in small batches afterwards (purge_queue), never in one huge transaction.
        Status deleted = inTransaction(db, [&]() -> Status {
            if (Status s = Catalog::deleteRow(db, current->id); !s)
                return s;
            for (const IndexMeta &index : current->indexes) {
                if (Status s = dropIndexRow(db, index.id); !s)
                    return s;
            }
            auto stmt = db.prepare("INSERT OR IGNORE INTO purge_queue(table_id) VALUES (?1)");
            if (!stmt)
                return stmt.status();
            stmt->bindInt64(1, current->id);
            return stmt->run("purge queue insert");
        });
        if (deleted) {
            m_catalog.erase(current->id);
            m_writer->notePurgePending();
        }
        return deleted;
    });
}

std::optional<TableMeta> SqliteTableStore::table(const QString &name) const
{
    return m_catalog.byName(name);
}

QList<TableMeta> SqliteTableStore::tables() const
{
    return m_catalog.all();
}

Result<std::optional<StoredItem>> SqliteTableStore::get(qint64 tableId, const QByteArray &hashKey,
                                                        const QByteArray &rangeKey) const
{
    std::optional<Result<std::optional<StoredItem>>> result;
    Status s = m_readers->withReader([&](Db &db) {
        result.emplace(readItem(db, tableId, hashKey, rangeKey));
        return Status::ok();
    });
    if (!s)
        return s;
    return std::move(*result);
}

Result<std::optional<qint64>> SqliteTableStore::appendItemJson(qint64 tableId,
                                                               const QByteArray &hashKey,
                                                               const QByteArray &rangeKey,
                                                               QByteArray *json) const
{
    std::optional<Result<std::optional<qint64>>> result;
    Status s = m_readers->withReader([&](Db &db) -> Status {
        auto stmt = itemLookup(db, tableId, hashKey, rangeKey);
        if (!stmt)
            return stmt.status();
        const int rc = stmt->step();
        if (rc == SQLITE_DONE) {
            result.emplace(std::optional<qint64>());
            return Status::ok();
        }
        if (rc != SQLITE_ROW)
            return db.error(rc, "item read");
        qsizetype size = 0;
        const char *data = stmt->columnData(0, &size);
        if (Status written = appendStoredItemJson(*json, data, size); !written)
            return written;
        result.emplace(std::optional<qint64>(stmt->columnInt64(1)));
        return Status::ok();
    });
    if (!s)
        return s;
    return std::move(*result);
}

Status SqliteTableStore::readSnapshot(const std::function<Status()> &reads) const
{
    // The reads inside run on this thread's connection too (withReader nests), inside the
    // outermost read's transaction: one snapshot for all.
    return m_readers->withReader([&](Db &) -> Status { return reads(); });
}

Status SqliteTableStore::query(qint64 tableId, const QByteArray &hashKey, const RangeBounds &bounds,
                               const ItemVisitor &visit) const
{
    KeyBounds range = keyBounds(bounds.lower, bounds.lowerInclusive, bounds.upper,
                                bounds.upperInclusive, bounds.prefix);
    std::optional<Bound> &lower = range.lower;
    std::optional<Bound> &upper = range.upper;
    if (bounds.afterHashKey || bounds.afterRangeKey) {
        // A hash-only table resumes after its single (empty) range key.
        const Bound after{bounds.afterRangeKey.value_or(QByteArray()), false};
        if (bounds.forward)
            tightenLower(lower, after);
        else
            tightenUpper(upper, after);
    }

    return m_readers->withReader([&](Db &db) -> Status {
        auto stmt = db.prepare(partitionSql(kindOf(lower), kindOf(upper), bounds.forward));
        if (!stmt)
            return stmt.status();
        stmt->bindInt64(1, tableId);
        stmt->bindInt64(2, segmentOf(hashKey));
        stmt->bindBlob(3, hashKey);
        if (lower)
            stmt->bindBlob(4, lower->key);
        if (upper)
            stmt->bindBlob(5, upper->key);
        bool stopped = false;
        return visitRows(db, *stmt, visit, &stopped);
    });
}

Status SqliteTableStore::scan(qint64 tableId, int segment, int totalSegments,
                              const std::optional<QByteArray> &afterHashKey,
                              const std::optional<QByteArray> &afterRangeKey,
                              const ItemVisitor &visit) const
{
    if (totalSegments < 1 || segment < 0 || segment >= totalSegments)
        return internalError(
            QStringLiteral("Invalid scan segment %1 of %2").arg(segment).arg(totalSegments));
    const SegmentRange range = segmentRange(segment, totalSegments);

    return m_readers->withReader([&](Db &db) -> Status {
        // Several statements: one read transaction gives them one snapshot.
        const bool ownTransaction = !db.inTransaction();
        if (ownTransaction) {
            if (Status s = db.exec("BEGIN"); !s)
                return s;
        }
        auto body = [&]() -> Status {
            bool stopped = false;
            qint64 firstSeg = range.first;
            if (afterHashKey) {
                const qint64 afterSeg = segmentOf(*afterHashKey);
                if (afterSeg >= range.last)
                    return Status::ok();
                if (afterSeg >= range.first) {
                    // The rest of the partition, then the rest of the seg value, then onwards.
                    auto rest = db.prepare(
                        "SELECT hash_key, range_key, item, size FROM items WHERE table_id = ?1 "
                        "AND seg = ?2 AND hash_key = ?3 AND range_key > ?4 ORDER BY range_key");
                    if (!rest)
                        return rest.status();
                    rest->bindInt64(1, tableId);
                    rest->bindInt64(2, afterSeg);
                    rest->bindBlob(3, *afterHashKey);
                    rest->bindBlob(4, afterRangeKey.value_or(QByteArray()));
                    if (Status s = visitRows(db, *rest, visit, &stopped); !s || stopped)
                        return s;
                    auto sameSeg = db.prepare(
                        "SELECT hash_key, range_key, item, size FROM items WHERE table_id = ?1 "
                        "AND seg = ?2 AND hash_key > ?3 ORDER BY hash_key, range_key");
                    if (!sameSeg)
                        return sameSeg.status();
                    sameSeg->bindInt64(1, tableId);
                    sameSeg->bindInt64(2, afterSeg);
                    sameSeg->bindBlob(3, *afterHashKey);
                    if (Status s = visitRows(db, *sameSeg, visit, &stopped); !s || stopped)
                        return s;
                    firstSeg = afterSeg + 1;
                }
            }
            auto stmt = db.prepare("SELECT hash_key, range_key, item, size FROM items "
                                   "WHERE table_id = ?1 AND seg >= ?2 AND seg < ?3 "
                                   "ORDER BY seg, hash_key, range_key");
            if (!stmt)
                return stmt.status();
            stmt->bindInt64(1, tableId);
            stmt->bindInt64(2, firstSeg);
            stmt->bindInt64(3, range.last);
            return visitRows(db, *stmt, visit, &stopped);
        };
        Status s = body();
        if (ownTransaction && db.inTransaction())
            db.exec("COMMIT");
        return s;
    });
}

Status SqliteTableStore::queryIndex(qint64 indexId, const QByteArray &hashKey,
                                    const RangeBounds &bounds, const ItemVisitor &visit) const
{
    KeyBounds range = keyBounds(bounds.lower, bounds.lowerInclusive, bounds.upper,
                                bounds.upperInclusive, bounds.prefix);
    std::optional<Bound> &lower = range.lower;
    std::optional<Bound> &upper = range.upper;
    const bool resume = bounds.afterTableHashKey.has_value();
    // Few distinct texts (bound kinds x direction x resume): each is a stable cache key.
    QByteArray sql = "SELECT hash_key, range_key, item, size FROM index_entries "
                     "WHERE index_id = ?1 AND seg = ?2 AND hash_key = ?3";
    if (lower)
        sql += lower->inclusive ? " AND range_key >= ?4" : " AND range_key > ?4";
    if (upper)
        sql += upper->inclusive ? " AND range_key <= ?5" : " AND range_key < ?5";
    if (resume)
        sql += bounds.forward ? " AND (range_key, table_hash_key, table_range_key) > (?6, ?7, ?8)"
                              : " AND (range_key, table_hash_key, table_range_key) < (?6, ?7, ?8)";
    sql += bounds.forward ? " ORDER BY range_key, table_hash_key, table_range_key"
                          : " ORDER BY range_key DESC, table_hash_key DESC, table_range_key DESC";

    return m_readers->withReader([&](Db &db) -> Status {
        auto stmt = db.prepare(sql.constData());
        if (!stmt)
            return stmt.status();
        stmt->bindInt64(1, indexId);
        stmt->bindInt64(2, segmentOf(hashKey));
        stmt->bindBlob(3, hashKey);
        if (lower)
            stmt->bindBlob(4, lower->key);
        if (upper)
            stmt->bindBlob(5, upper->key);
        if (resume) {
            stmt->bindBlob(6, bounds.afterRangeKey.value_or(QByteArray()));
            stmt->bindBlob(7, *bounds.afterTableHashKey);
            stmt->bindBlob(8, bounds.afterTableRangeKey.value_or(QByteArray()));
        }
        bool stopped = false;
        return visitRows(db, *stmt, visit, &stopped);
    });
}

Status SqliteTableStore::scanIndex(qint64 indexId, int segment, int totalSegments,
                                   const RangeBounds &after, const ItemVisitor &visit) const
{
    if (totalSegments < 1 || segment < 0 || segment >= totalSegments)
        return internalError(
            QStringLiteral("Invalid scan segment %1 of %2").arg(segment).arg(totalSegments));
    const SegmentRange range = segmentRange(segment, totalSegments);
    const bool resume = after.afterHashKey.has_value() && after.afterTableHashKey.has_value();
    const char *sql =
        resume ? "SELECT hash_key, range_key, item, size FROM index_entries "
                 "WHERE index_id = ?1 AND seg >= ?2 AND seg < ?3 AND "
                 "(seg, hash_key, range_key, table_hash_key, table_range_key) > (?4, ?5, ?6, ?7, ?8) "
                 "ORDER BY seg, hash_key, range_key, table_hash_key, table_range_key"
               : "SELECT hash_key, range_key, item, size FROM index_entries "
                 "WHERE index_id = ?1 AND seg >= ?2 AND seg < ?3 "
                 "ORDER BY seg, hash_key, range_key, table_hash_key, table_range_key";
    return m_readers->withReader([&](Db &db) -> Status {
        auto stmt = db.prepare(sql);
        if (!stmt)
            return stmt.status();
        stmt->bindInt64(1, indexId);
        stmt->bindInt64(2, range.first);
        stmt->bindInt64(3, range.last);
        if (resume) {
            stmt->bindInt64(4, segmentOf(*after.afterHashKey));
            stmt->bindBlob(5, *after.afterHashKey);
            stmt->bindBlob(6, after.afterRangeKey.value_or(QByteArray()));
            stmt->bindBlob(7, *after.afterTableHashKey);
            stmt->bindBlob(8, after.afterTableRangeKey.value_or(QByteArray()));
        }
        bool stopped = false;
        return visitRows(db, *stmt, visit, &stopped);
    });
}

void SqliteTableStore::mutate(Mutation mutation, MutationDone done)
{
    if (m_closed || !m_writer->enqueue(std::move(mutation), done)) {
        if (done)
            done(closedError());
    }
}

Result<QJsonObject> SqliteTableStore::mutateAndWait(Mutation mutation)
{
    if (m_writer->onWriterThread())
        return internalError(QStringLiteral("mutateAndWait called on the writer thread"));
    auto promise = std::make_shared<std::promise<Result<QJsonObject>>>();
    auto future = promise->get_future();
    mutate(std::move(mutation),
           [promise](Result<QJsonObject> result) { promise->set_value(std::move(result)); });
    return future.get();
}

StoreStats SqliteTableStore::stats() const
{
    return m_writer ? m_writer->stats() : StoreStats();
}

void SqliteTableStore::close()
{
    if (m_closed.exchange(true) || !m_writer)
        return;
    // Readers first: the last connection to close checkpoints and removes the WAL file.
    if (m_readers)
        m_readers->close();
    if (m_writer)
        m_writer->stop();
    if (m_checkpointer)
        m_checkpointer->stop();
    if (m_temporary)
        removeDatabaseFiles(m_path);
    qCDebug(lcStore) << "table store closed:" << m_path;
}

} // namespace Gatehouse::Tables::Store
