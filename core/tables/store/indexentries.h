// Thread affinity: any thread (pure functions), except the Db functions, which run on the thread
// owning that connection.
#pragma once

#include "sqlitedb.h"

#include <tables/tablestore.h>

#include <QJsonObject>

#include <optional>

namespace Gatehouse::Tables::Store {

// What a secondary index entry is made of, for one item.
struct IndexEntry
{
    QByteArray hashKey;      // encoded index hash key
    QByteArray rangeKey;     // encoded index sort key; empty when the index has none
    Items::Item item;        // the projected attributes (always with the table and index keys)
    qint64 size = 0;         // Items::itemByteSize of the projected attributes
};

// The key names a projection always keeps.
struct TableKeyNames
{
    QString hashKeyName;
    QString rangeKeyName;
};

// The entry of `item` in `index`, or nothing when the item lacks an index key attribute or has
// it with another type (a sparse index skips such items; writes check types beforehand).
std::optional<IndexEntry> indexEntryOf(const IndexMeta &index, const TableKeyNames &table,
                                       const Items::Item &item);

// The projected attributes of an item as `index` stores them.
Items::Item projectForIndex(const IndexMeta &index, const TableKeyNames &table,
                            const Items::Item &item);

// The service's checks of index key attributes on a write: an attribute that keys an index must
// have the declared type and must not be an empty string or binary. The wording of the empty
// value message depends on where the value came from.
enum class IndexKeySource { Item, UpdateExpression };
Status checkIndexKeys(const Items::Item &item, const QList<IndexMeta> &indexes,
                      IndexKeySource source = IndexKeySource::Item);

// The indexes a CreateTable definition declares (LocalSecondaryIndexes, GlobalSecondaryIndexes,
// with the types of AttributeDefinitions), LSIs first, each in declared order. Unknown key
// names resolve to S (the engine validated the definition before).
QList<IndexMeta> indexesFromDefinition(const QJsonObject &definition);

// The stored form of an index's definition (indexes.spec), and back.
QByteArray indexSpecText(const IndexMeta &index);
std::optional<IndexMeta> indexFromSpec(const QByteArray &text);

// Writes and removes one entry (writer connection, inside the caller's transaction).
Status writeIndexEntry(Db &db, qint64 indexId, const IndexEntry &entry,
                       const QByteArray &tableHashKey, const QByteArray &tableRangeKey);
Status removeIndexEntry(Db &db, qint64 indexId, const IndexEntry &entry,
                        const QByteArray &tableHashKey, const QByteArray &tableRangeKey);

// Fills an index from the items of its table; *count and *bytes receive what was added.
Status backfillIndex(Db &db, qint64 tableId, const TableKeyNames &table, const IndexMeta &index,
                     qint64 *count, qint64 *bytes);

// Inserts the catalog row of an index (assigns index.id) and fills it from the table's items.
Status createIndexRow(Db &db, qint64 tableId, const TableKeyNames &table, IndexMeta &index);
// Drops the catalog row of an index; its entries are purged afterwards in small batches.
Status dropIndexRow(Db &db, qint64 indexId);

} // namespace Gatehouse::Tables::Store
