// Thread affinity: the cache is any thread (one mutex); the row functions run on the thread
// owning the writer connection.
#pragma once

#include "indexentries.h"
#include "sqlitedb.h"

#include <tables/tablestore.h>

#include <QHash>
#include <QMap>

#include <mutex>

namespace Gatehouse::Tables::Store {

// What the writer needs of a table on every write, cheap to copy.
struct TableShape
{
    TableKeyNames keys;
    // Null when the table has no secondary index: such writes take no index path at all.
    std::shared_ptr<const QList<IndexMeta>> indexes;
    bool hasRange() const { return !keys.rangeKeyName.isEmpty(); }
};

// The tables of the store, cached in memory: every request looks its table up by name, so
// lookups never touch SQLite. Only the writer thread changes it, after its transaction committed.
class Catalog
{
public:
    Status load(Db &db);

    std::optional<TableMeta> byName(const QString &name) const;
    std::optional<TableMeta> byId(qint64 id) const;
    // nullopt for an unknown table, else whether the table has a sort key.
    std::optional<bool> hasRangeKey(qint64 id) const;
    std::optional<TableShape> shapeOf(qint64 id) const;
    // The table owning an index (0 when unknown).
    qint64 tableOfIndex(qint64 indexId) const;
    QList<TableMeta> all() const; // sorted by name

    void put(const TableMeta &meta);
    void erase(qint64 id);
    void addStats(qint64 id, qint64 itemCount, qint64 sizeBytes);
    void addIndexStats(qint64 tableId, qint64 indexId, qint64 itemCount, qint64 sizeBytes);

    // SQL on the writer connection, inside the caller's transaction.
    static Status insertRow(Db &db, TableMeta &meta); // assigns meta.id
    static Status updateRow(Db &db, const TableMeta &meta);
    static Status deleteRow(Db &db, qint64 id);
    static Status addStatsRow(Db &db, qint64 id, qint64 itemCount, qint64 sizeBytes);
    static Status addIndexStatsRow(Db &db, qint64 indexId, qint64 itemCount, qint64 sizeBytes);

private:
    void rebuildShape(const TableMeta &meta); // REQUIRES: m_mutex held

    mutable std::mutex m_mutex;
    QMap<QString, TableMeta> m_byName;
    QHash<qint64, QString> m_names;
    QHash<qint64, TableShape> m_shapes;
    QHash<qint64, qint64> m_indexTables; // index id -> table id
};

} // namespace Gatehouse::Tables::Store
