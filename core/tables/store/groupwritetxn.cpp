#include "groupwritetxn.h"

#include "itemcodec.h"
#include "keyrange.h"

#include <items/dynamoerror.h>

#include <sqlite3.h>

namespace Gatehouse::Tables::Store {

Result<std::optional<StoredItem>> readItem(Db &db, qint64 tableId, const QByteArray &hashKey,
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
                           item ? std::optional<qint64>(item->size) : std::nullopt};
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
    if (Status s = checkKey(tableId, item.hashKey, item.rangeKey); !s)
        return s;
    return write(tableId, item.hashKey, item.rangeKey, &item);
}

Status GroupWriteTxn::remove(qint64 tableId, const QByteArray &hashKey, const QByteArray &rangeKey)
{
    if (Status s = checkKey(tableId, hashKey, rangeKey); !s)
        return s;
    return write(tableId, hashKey, rangeKey, nullptr);
}

Status GroupWriteTxn::checkKey(qint64 tableId, const QByteArray &hashKey,
                               const QByteArray &rangeKey) const
{
    // The table may have been deleted between the request's lookup and this write.
    const std::optional<bool> hasRange = m_catalog.hasRangeKey(tableId);
    if (!hasRange)
        return Status::error(Items::ErrorCode::ResourceNotFound,
                             QStringLiteral("Requested resource not found"));
    if (hashKey.isEmpty() || *hasRange == rangeKey.isEmpty())
        return internalError(
            QStringLiteral("Store write with a key that does not fit table %1").arg(tableId));
    return Status::ok();
}

Status GroupWriteTxn::write(qint64 tableId, const QByteArray &hashKey, const QByteArray &rangeKey,
                            const StoredItem *newItem)
{
    const qint64 seg = segmentOf(hashKey);

    // The old image. Only its size is needed today; once a table has secondary indexes the
    // whole old item is read here to find the index entries to replace.
    std::optional<qint64> oldSize;
    if (isKnown(tableId, hashKey, rangeKey)) {
        oldSize = m_known->size;
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

    qint64 newSize = 0;
    if (newItem) {
        newSize = newItem->size > 0 ? newItem->size : Items::itemByteSize(newItem->item);
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
    } else if (oldSize) {
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
    } else {
        return Status::ok(); // removing an absent item changes nothing
    }

    // Index maintenance hook (issue 4): remove the entries of the old image and add those of
    // the new one, for each index of tableId, here, before the statistics.

    m_known = KnownKey{tableId, hashKey, rangeKey,
                       newItem ? std::optional<qint64>(newSize) : std::nullopt};
    StatsDelta &delta = m_deltas[tableId];
    delta.itemCount += (newItem ? 1 : 0) - (oldSize ? 1 : 0);
    delta.sizeBytes += newSize - oldSize.value_or(0);
    return Status::ok();
}

} // namespace Gatehouse::Tables::Store
