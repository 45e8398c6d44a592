// Thread affinity: the store's writer thread only.
#pragma once

#include "catalog.h"
#include "sqlitedb.h"

#include <tables/tablestore.h>

#include <QHash>
#include <QPair>

namespace Gatehouse::Tables::Store {

// Changes of a table's item_count and size_bytes, summed over a mutation and then a group, and
// written once per table per group.
struct StatsDelta
{
    qint64 itemCount = 0;
    qint64 sizeBytes = 0;
};
using StatsDeltas = QHash<qint64, StatsDelta>;
// The same per index: (table id, index id) -> delta.
using IndexStatsDeltas = QHash<QPair<qint64, qint64>, StatsDelta>;

// The WriteTxn handed to one mutation: the writer connection inside the group's transaction
// (and the mutation's savepoint). Its deltas are merged into the group's only if the mutation
// succeeds.
class GroupWriteTxn final : public WriteTxn
{
public:
    GroupWriteTxn(Db &db, const Catalog &catalog, qint64 itemCollectionLimit)
        : m_db(db), m_catalog(catalog), m_itemCollectionLimit(itemCollectionLimit)
    {
    }

    Result<std::optional<StoredItem>> get(qint64 tableId, const QByteArray &hashKey,
                                          const QByteArray &rangeKey) override;
    // item.size is the DynamoDB size of the item; 0 means "compute it here".
    Status put(qint64 tableId, const StoredItem &item) override;
    Status remove(qint64 tableId, const QByteArray &hashKey, const QByteArray &rangeKey) override;

    const StatsDeltas &deltas() const { return m_deltas; }
    const IndexStatsDeltas &indexDeltas() const { return m_indexDeltas; }

private:
    // The single write path of the store: every put and remove goes through here, with the old
    // and the new image of the item known, which is where secondary index entries (issue 4) are
    // maintained in the same transaction.
    Status write(qint64 tableId, const TableShape &shape, const QByteArray &hashKey,
                 const QByteArray &rangeKey, const StoredItem *newItem);
    Result<TableShape> checkKey(qint64 tableId, const QByteArray &hashKey,
                                const QByteArray &rangeKey) const;
    Status writeIndexes(qint64 tableId, const TableShape &shape, const QByteArray &hashKey,
                        const QByteArray &rangeKey, const Items::Item *oldItem,
                        const Items::Item *newItem);
    Status checkItemCollection(qint64 tableId, const TableShape &shape,
                               const QByteArray &hashKey, qint64 growth);

    struct KnownKey
    {
        qint64 tableId = 0;
        QByteArray hashKey;
        QByteArray rangeKey;
        std::optional<qint64> size; // nullopt: absent
        // The whole old item, kept when the table has indexes (their old entries come from it).
        std::optional<Items::Item> item;
    };
    bool isKnown(qint64 tableId, const QByteArray &hashKey, const QByteArray &rangeKey) const;

    Db &m_db;
    const Catalog &m_catalog;
    const qint64 m_itemCollectionLimit;
    StatsDeltas m_deltas;
    IndexStatsDeltas m_indexDeltas;
    // The key this mutation last read or wrote: the usual conditional write (get, then put of
    // the same key) needs no second lookup of the old size.
    std::optional<KnownKey> m_known;
};

// The item row of one key, prepared and bound (columns: item, size); one step() reads it.
Result<Statement> itemLookup(Db &db, qint64 tableId, const QByteArray &hashKey,
                             const QByteArray &rangeKey);

// Reads one item through any connection; used by the writer (GroupWriteTxn::get) and readers.
Result<std::optional<StoredItem>> readItem(Db &db, qint64 tableId, const QByteArray &hashKey,
                                           const QByteArray &rangeKey);

} // namespace Gatehouse::Tables::Store
