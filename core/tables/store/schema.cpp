#include "schema.h"

#include "indexentries.h"

#include <QJsonDocument>
#include <QLoggingCategory>

#include <sqlite3.h>

#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace Gatehouse::Tables::Store {

namespace {

// 'GHTS': marks the file as a Gatehouse table store (PRAGMA application_id).
constexpr qint64 kApplicationId = 0x47485453;

// Design notes for the layout.
//
// One items table holds the items of every table, instead of one SQLite table per DynamoDB table:
// a migration touches one table whatever the number of user tables, statements are prepared
// once per connection (not per table), and secondary indexes (issue 4) follow the same pattern
// with one index_entries table.
//
// The primary key starts with (table_id, seg) where seg is a 32-bit hash of the encoded hash key
// (keyrange.h). Since seg is a function of hash_key, uniqueness is the same as for
// (table_id, hash_key, range_key), and every read knows the seg of its key: GetItem and Query
// compute it and stay logarithmic, while Scan walks the b-tree in its natural order, so a Scan
// segment is a contiguous key range and no second index (and no second b-tree write per put)
// is needed. range_key is an empty blob for hash-only tables. Keys are order-preserving
// encodings (Items::encodeKeyValue) compared as blobs (memcmp), which is DynamoDB's key order.
//
// Secondary indexes (schema version 2): `indexes` lists them (the definition as JSON in spec,
// with their item count and size), and index_entries holds one row per item in an index, keyed
// (index_id, seg, hash_key, range_key, table_hash_key, table_range_key): the same seg scheme as
// items, so an index Query is a range read of one partition in (index sort key, table key)
// order and an index Scan segment is a contiguous key range. Entries are written by the writer
// in the same transaction (and savepoint) as their item (GroupWriteTxn::write).
//
// purge_queue lists deleted tables whose items are still being removed in small batches, so
// DeleteTable of a large table never stalls the writer in one huge transaction. Table ids come
// from AUTOINCREMENT and are never reused, so leftover items cannot reappear in a new table.
// A migration step: SQL, then optionally code for what SQL alone cannot do (decoding items).
struct Step
{
    const char *sql;
    Status (*code)(Db &db);
};

// Version 2: tables created before indexes were maintained get their declared indexes, filled
// from their items.
Status createDeclaredIndexes(Db &db)
{
    struct Table
    {
        qint64 id;
        TableKeyNames keys;
        QJsonObject definition;
    };
    std::vector<Table> tables;
    {
        auto stmt = db.prepare("SELECT id, hash_key_name, range_key_name, definition FROM catalog");
        if (!stmt)
            return stmt.status();
        int rc;
        while ((rc = stmt->step()) == SQLITE_ROW)
            tables.push_back({stmt->columnInt64(0), {stmt->columnText(1), stmt->columnText(2)},
                              QJsonDocument::fromJson(stmt->columnText(3).toUtf8()).object()});
        if (rc != SQLITE_DONE)
            return db.error(rc, "catalog read");
    }
    for (const Table &table : tables) {
        for (IndexMeta index : indexesFromDefinition(table.definition)) {
            if (Status s = createIndexRow(db, table.id, table.keys, index); !s)
                return s;
        }
    }
    return Status::ok();
}

const std::vector<Step> &migrations()
{
    static const std::vector<Step> steps = {
        // 1: catalog and items.
        {R"sql(
CREATE TABLE catalog(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  hash_key_name TEXT NOT NULL,
  hash_key_type TEXT NOT NULL,
  range_key_name TEXT NOT NULL DEFAULT '',
  range_key_type TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  definition TEXT NOT NULL DEFAULT '{}',
  item_count INTEGER NOT NULL DEFAULT 0,
  size_bytes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE items(
  table_id INTEGER NOT NULL,
  seg INTEGER NOT NULL,
  hash_key BLOB NOT NULL,
  range_key BLOB NOT NULL,
  item BLOB NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (table_id, seg, hash_key, range_key)
) WITHOUT ROWID;
CREATE TABLE purge_queue(table_id INTEGER PRIMARY KEY);
)sql", nullptr},
        // 2: secondary indexes.
        {R"sql(
CREATE TABLE indexes(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  table_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  spec TEXT NOT NULL,
  item_count INTEGER NOT NULL DEFAULT 0,
  size_bytes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX indexes_by_table ON indexes(table_id);
CREATE TABLE index_entries(
  index_id INTEGER NOT NULL,
  seg INTEGER NOT NULL,
  hash_key BLOB NOT NULL,
  range_key BLOB NOT NULL,
  table_hash_key BLOB NOT NULL,
  table_range_key BLOB NOT NULL,
  item BLOB NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (index_id, seg, hash_key, range_key, table_hash_key, table_range_key)
) WITHOUT ROWID;
CREATE TABLE index_purge_queue(index_id INTEGER PRIMARY KEY);
)sql", createDeclaredIndexes},
    };
    return steps;
}

} // namespace

int currentSchemaVersion()
{
    return int(migrations().size());
}

Status migrate(Db &db)
{
    auto version = db.queryInt64("PRAGMA user_version");
    if (!version)
        return version.status();
    auto appId = db.queryInt64("PRAGMA application_id");
    if (!appId)
        return appId.status();
    auto objects = db.queryInt64("SELECT count(*) FROM sqlite_schema");
    if (!objects)
        return objects.status();

    if (*appId != 0 && *appId != kApplicationId)
        return internalError(QStringLiteral("The file is not a Gatehouse table store "
                                            "(application_id %1)")
                                 .arg(*appId));
    if (*appId == 0 && *objects > 0)
        return internalError(QStringLiteral("The file is not a Gatehouse table store: it holds "
                                            "other SQLite tables"));
    const int target = currentSchemaVersion();
    if (*version > target)
        return internalError(QStringLiteral("The table store was written by a newer Gatehouse "
                                            "(schema version %1; this build supports up to %2)")
                                 .arg(*version)
                                 .arg(target));

    for (int v = int(*version) + 1; v <= target; ++v) {
        if (Status s = db.exec("BEGIN IMMEDIATE"); !s)
            return s;
        const Step &step = migrations()[size_t(v - 1)];
        Status s = db.exec(step.sql);
        if (s && step.code)
            s = step.code(db);
        if (s) {
            const QByteArray pragmas =
                "PRAGMA application_id = " + QByteArray::number(kApplicationId) +
                "; PRAGMA user_version = " + QByteArray::number(v);
            s = db.exec(pragmas.constData());
        }
        if (s)
            s = db.exec("COMMIT");
        if (!s) {
            if (db.inTransaction())
                db.exec("ROLLBACK");
            return internalError(QStringLiteral("Migration of the table store to schema version "
                                                "%1 failed: %2")
                                     .arg(v)
                                     .arg(s.message()));
        }
        qCInfo(lcStore) << "table store migrated to schema version" << v;
    }
    return Status::ok();
}

} // namespace Gatehouse::Tables::Store
