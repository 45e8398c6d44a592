// Thread affinity: the cache is any thread (one mutex); the row functions run on the thread
// owning the writer connection.
#pragma once

#include "sqlitedb.h"

#include <tables/tablestore.h>

#include <QHash>
#include <QMap>

#include <mutex>

namespace Gatehouse::Tables::Store {

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
    QList<TableMeta> all() const; // sorted by name

    void put(const TableMeta &meta);
    void erase(qint64 id);
    void addStats(qint64 id, qint64 itemCount, qint64 sizeBytes);

    // SQL on the writer connection, inside the caller's transaction.
    static Status insertRow(Db &db, TableMeta &meta); // assigns meta.id
    static Status updateRow(Db &db, const TableMeta &meta);
    static Status deleteRow(Db &db, qint64 id);
    static Status addStatsRow(Db &db, qint64 id, qint64 itemCount, qint64 sizeBytes);

private:
    mutable std::mutex m_mutex;
    QMap<QString, TableMeta> m_byName;
    QHash<qint64, QString> m_names;
};

} // namespace Gatehouse::Tables::Store
