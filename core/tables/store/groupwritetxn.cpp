#include "groupwritetxn.h"

#include "indexentries.h"
#include "itemcodec.h"
#include "keyrange.h"

#include <items/dynamoerror.h>

#include <sqlite3.h>

namespace Gatehouse::Tables::Store {

Result<Statement> itemLookup(Db &db, qint64 tableId, const QByteArray &hashKey,
                             const QByteArray &rangeKey)
{
    auto stmt = db.prepare("SELECT item, size FROM items "
                           "WHERE table_id = ?1 AND seg = ?2 AND hash_key = ?3 AND range_key = ?4");
    if (!stmt)
        return stmt.status();
    stmt->bindInt64(1, tableId);
    stmt->bindInt64(2, segmentOf(hashKey));
    stmt->bindBlob(3, hashKey);
    stmt->bindBlob(4, rangeKey);
    return stmt;
}

Result<std::optional<StoredItem>> readItem(Db &db, qint64 tableId, const QByteArray &hashKey,
                                           const QByteArray &rangeKey)
{
    auto stmt = itemLookup(db, tableId, hashKey, rangeKey);
    if (!stmt)
        return stmt.status();
    const int rc = stmt->step();
    if (rc == SQLITE_DONE)
        return std::optional<StoredItem>();
    if (rc != SQLITE_ROW)
        return db.error(rc, "item read");
    qsizetype size = 0;
    const char *data = stmt->columnData(0, &size);
    auto item = decodeItem(data, size);
    if (!item)
        return item.status();
    StoredItem stored;
    stored.hashKey = hashKey;
    stored.rangeKey = rangeKey;
    stored.item = std::move(item).value();
    stored.size = stmt->columnInt64(1);
    return std::optional<StoredItem>(std::move(stored));
}

Result<std::optional<StoredItem>> GroupWriteTxn::get(qint64 tableId, const QByteArray &hashKey,
                                                     const QByteArray &rangeKey)
{
    auto result = readItem(m_db, tableId, hashKey, rangeKey);
    if (result.isOk()) {
        const std::optional<StoredItem> &item = result.value();
        m_known = KnownKey{tableId, hashKey, rangeKey,
                           item ? std::optional<qint64>(item->size) : std::nullopt,
                           item ? std::optional<Items::Item>(item->item) : std::nullopt};
    }
    return result;
}

bool GroupWriteTxn::isKnown(qint64 tableId, const QByteArray &hashKey,
                            const QByteArray &rangeKey) const
{
    return m_known && m_known->tableId == tableId && m_known->hashKey == hashKey &&
           m_known->rangeKey == rangeKey;
}

Status GroupWriteTxn::put(qint64 tableId, const StoredItem &item)
{
    Result<TableShape> shape = checkKey(tableId, item.hashKey, item.rangeKey);
    if (!shape)
        return shape.status();
    if (shape->indexes) {
        if (Status s = checkIndexKeys(item.item, *shape->indexes); !s)
            return s;
    }
    return write(tableId, *shape, item.hashKey, item.rangeKey, &item);
}

Status GroupWriteTxn::remove(qint64 tableId, const QByteArray &hashKey, const QByteArray &rangeKey)
{
    Result<TableShape> shape = checkKey(tableId, hashKey, rangeKey);
    if (!shape)
        return shape.status();
    return write(tableId, *shape, hashKey, rangeKey, nullptr);
}

Result<TableShape> GroupWriteTxn::checkKey(qint64 tableId, const QByteArray &hashKey,
                                           const QByteArray &rangeKey) const
{
    // The table may have been deleted between the request's lookup and this write.
    std::optional<TableShape> shape = m_catalog.shapeOf(tableId);
    if (!shape)
        return Status::error(Items::ErrorCode::ResourceNotFound,
                             QStringLiteral("Requested resource not found"));
    if (hashKey.isEmpty() || shape->hasRange() == rangeKey.isEmpty())
        return internalError(
            QStringLiteral("Store write with a key that does not fit table %1").arg(tableId));
    return std::move(*shape);
}

namespace {

// The entries of one item in every index of its table (nullopt where the item is not indexed).
std::vector<std::optional<IndexEntry>> entriesOf(const TableShape &shape, const Items::Item *item)
{
    std::vector<std::optional<IndexEntry>> entries;
    entries.reserve(size_t(shape.indexes->size()));
    for (const IndexMeta &index : *shape.indexes)
        entries.push_back(item ? indexEntryOf(index, shape.keys, *item) : std::nullopt);
    return entries;
}

// The bytes an item and its LSI entries add to its item collection.
qint64 collectionBytes(const TableShape &shape, const std::vector<std::optional<IndexEntry>> &entries,
                       qint64 itemSize)
{
    qint64 bytes = itemSize;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (entries[i] && !shape.indexes->at(qsizetype(i)).global)
            bytes += entries[i]->size;
    }
    return bytes;
}

bool hasLocalIndex(const TableShape &shape)
{
    for (const IndexMeta &index : *shape.indexes)
        if (!index.global)
            return true;
    return false;
}

} // namespace

Status GroupWriteTxn::checkItemCollection(qint64 tableId, const TableShape &shape,
                                          const QByteArray &hashKey, qint64 growth)
{
    // Computed when the collection grows: the partition's items and their LSI entries.
    qint64 total = 0;
    {
        auto items = m_db.prepare("SELECT coalesce(sum(size), 0) FROM items "
                                  "WHERE table_id = ?1 AND seg = ?2 AND hash_key = ?3");
        if (!items)
            return items.status();
        items->bindInt64(1, tableId);
        items->bindInt64(2, segmentOf(hashKey));
        items->bindBlob(3, hashKey);
        if (items->step() != SQLITE_ROW)
            return m_db.error(sqlite3_errcode(m_db.handle()), "item collection size");
        total = items->columnInt64(0);
    }
    for (const IndexMeta &index : *shape.indexes) {
        if (index.global)
            continue;
        auto entries = m_db.prepare("SELECT coalesce(sum(size), 0) FROM index_entries "
                                    "WHERE index_id = ?1 AND seg = ?2 AND hash_key = ?3");
        if (!entries)
            return entries.status();
        entries->bindInt64(1, index.id);
        entries->bindInt64(2, segmentOf(hashKey));
        entries->bindBlob(3, hashKey);
        if (entries->step() != SQLITE_ROW)
            return m_db.error(sqlite3_errcode(m_db.handle()), "item collection size");
        total += entries->columnInt64(0);
    }
    if (total + growth > m_itemCollectionLimit)
        return Status::error(Items::ErrorCode::ItemCollectionSizeLimitExceeded,
                             QStringLiteral("Collection size exceeded."));
    return Status::ok();
}

Status GroupWriteTxn::write(qint64 tableId, const TableShape &shape, const QByteArray &hashKey,
                            const QByteArray &rangeKey, const StoredItem *newItem)
{
    const qint64 seg = segmentOf(hashKey);
    const bool indexed = shape.indexes != nullptr;

    // The old image: its size for the statistics and, when the table has indexes, the whole
    // item to find the index entries to replace.
    std::optional<qint64> oldSize;
    std::optional<Items::Item> oldItem;
    if (isKnown(tableId, hashKey, rangeKey)) {
        oldSize = m_known->size;
        oldItem = m_known->item;
    } else if (indexed) {
        auto old = readItem(m_db, tableId, hashKey, rangeKey);
        if (!old)
            return old.status();
        if (*old) {
            oldSize = (*old)->size;
            oldItem = std::move((*old)->item);
        }
    } else {
        auto stmt = m_db.prepare("SELECT size FROM items WHERE table_id = ?1 AND seg = ?2 "
                                 "AND hash_key = ?3 AND range_key = ?4");
        if (!stmt)
            return stmt.status();
        stmt->bindInt64(1, tableId);
        stmt->bindInt64(2, seg);
        stmt->bindBlob(3, hashKey);
        stmt->bindBlob(4, rangeKey);
        const int rc = stmt->step();
        if (rc == SQLITE_ROW)
            oldSize = stmt->columnInt64(0);
        else if (rc != SQLITE_DONE)
            return m_db.error(rc, "item lookup");
    }
    if (!newItem && !oldSize)
        return Status::ok(); // removing an absent item changes nothing

    const qint64 newSize =
        newItem ? (newItem->size > 0 ? newItem->size : Items::itemByteSize(newItem->item)) : 0;
    std::vector<std::optional<IndexEntry>> oldEntries;
    std::vector<std::optional<IndexEntry>> newEntries;
    if (indexed) {
        oldEntries = entriesOf(shape, oldItem ? &*oldItem : nullptr);
        newEntries = entriesOf(shape, newItem ? &newItem->item : nullptr);
        if (newItem && hasLocalIndex(shape)) {
            const qint64 growth = collectionBytes(shape, newEntries, newSize) -
                                  collectionBytes(shape, oldEntries, oldSize.value_or(0));
            if (growth > 0) {
                if (Status s = checkItemCollection(tableId, shape, hashKey, growth); !s)
                    return s;
            }
        }
    }

    if (newItem) {
        const QByteArray blob = encodeItem(newItem->item);
        auto stmt = m_db.prepare("INSERT OR REPLACE INTO items"
                                 "(table_id, seg, hash_key, range_key, item, size) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!stmt)
            return stmt.status();
        stmt->bindInt64(1, tableId);
        stmt->bindInt64(2, seg);
        stmt->bindBlob(3, hashKey);
        stmt->bindBlob(4, rangeKey);
        stmt->bindBlob(5, blob);
        stmt->bindInt64(6, newSize);
        if (Status s = stmt->run("item write"); !s)
            return s;
    } else {
        auto stmt = m_db.prepare("DELETE FROM items WHERE table_id = ?1 AND seg = ?2 "
                                 "AND hash_key = ?3 AND range_key = ?4");
        if (!stmt)
            return stmt.status();
        stmt->bindInt64(1, tableId);
        stmt->bindInt64(2, seg);
        stmt->bindBlob(3, hashKey);
        stmt->bindBlob(4, rangeKey);
        if (Status s = stmt->run("item delete"); !s)
            return s;
    }

    // Index entries: the old image's entry goes unless the new one has the same key (then it
    // is replaced in place, or kept when its projection did not change).
    for (size_t i = 0; i < newEntries.size(); ++i) {
        const IndexMeta &index = shape.indexes->at(qsizetype(i));
        const std::optional<IndexEntry> &before = oldEntries[i];
        const std::optional<IndexEntry> &after = newEntries[i];
        const bool sameKey = before && after && before->hashKey == after->hashKey &&
                             before->rangeKey == after->rangeKey;
        if (sameKey && before->item == after->item)
            continue;
        if (before && !sameKey) {
            if (Status s = removeIndexEntry(m_db, index.id, *before, hashKey, rangeKey); !s)
                return s;
        }
        if (after) {
            if (Status s = writeIndexEntry(m_db, index.id, *after, hashKey, rangeKey); !s)
                return s;
        }
        StatsDelta &delta = m_indexDeltas[qMakePair(tableId, index.id)];
        delta.itemCount += (after ? 1 : 0) - (before ? 1 : 0);
        delta.sizeBytes += (after ? after->size : 0) - (before ? before->size : 0);
    }

    m_known = KnownKey{tableId, hashKey, rangeKey,
                       newItem ? std::optional<qint64>(newSize) : std::nullopt,
                       newItem ? std::optional<Items::Item>(newItem->item) : std::nullopt};
    StatsDelta &delta = m_deltas[tableId];
    delta.itemCount += (newItem ? 1 : 0) - (oldSize ? 1 : 0);
    delta.sizeBytes += newSize - oldSize.value_or(0);
    return Status::ok();
}

} // namespace Gatehouse::Tables::Store
