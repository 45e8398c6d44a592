#include "indexentries.h"

#include "itemcodec.h"
#include "keyrange.h"

#include <items/dynamoerror.h>

#include <QJsonArray>
#include <QJsonDocument>

#include <sqlite3.h>

#include <algorithm>

namespace Gatehouse::Tables::Store {

using Items::AttributeType;

namespace {

std::optional<AttributeType> keyTypeFromName(const QString &name)
{
    if (name == u"S")
        return AttributeType::S;
    if (name == u"N")
        return AttributeType::N;
    if (name == u"B")
        return AttributeType::B;
    return std::nullopt;
}

// Whether an item can be keyed by this attribute in an index: present, of the declared type,
// not empty and within the key size limits (2048 bytes for a hash key, 1024 for a sort key).
// Writes refuse the wrong types and empty values; items written before the index existed are
// skipped, as the service's backfill skips them.
bool hasKeyOfType(const Items::Item &item, const QString &name, AttributeType type, bool isHash)
{
    auto it = item.constFind(name);
    if (it == item.constEnd() || it->type() != type)
        return false;
    qsizetype size = -1;
    if (type == AttributeType::S)
        size = it->string().toUtf8().size();
    else if (type == AttributeType::B)
        size = it->binary().size();
    if (size < 0)
        return true;
    return size > 0 && size <= (isHash ? 2048 : 1024);
}

Status validation(const QString &message)
{
    return Status::error(Items::ErrorCode::Validation, message);
}

} // namespace

Items::Item projectForIndex(const IndexMeta &index, const TableKeyNames &table,
                            const Items::Item &item)
{
    if (index.projection == IndexMeta::Projection::All)
        return item;
    Items::Item out;
    auto keep = [&](const QString &name) {
        if (name.isEmpty())
            return;
        auto it = item.constFind(name);
        if (it != item.constEnd())
            out.insert(name, *it);
    };
    keep(table.hashKeyName);
    keep(table.rangeKeyName);
    keep(index.hashKeyName);
    keep(index.rangeKeyName);
    if (index.projection == IndexMeta::Projection::Include) {
        for (const QString &name : index.nonKeyAttributes)
            keep(name);
    }
    return out;
}

std::optional<IndexEntry> indexEntryOf(const IndexMeta &index, const TableKeyNames &table,
                                       const Items::Item &item)
{
    if (!hasKeyOfType(item, index.hashKeyName, index.hashKeyType, true))
        return std::nullopt;
    const bool hasRange = !index.rangeKeyName.isEmpty();
    if (hasRange && !hasKeyOfType(item, index.rangeKeyName, index.rangeKeyType, false))
        return std::nullopt;
    IndexEntry entry;
    entry.hashKey = Items::encodeKeyValue(item.value(index.hashKeyName));
    if (hasRange)
        entry.rangeKey = Items::encodeKeyValue(item.value(index.rangeKeyName));
    entry.item = projectForIndex(index, table, item);
    entry.size = Items::itemByteSize(entry.item);
    return entry;
}

Status checkIndexKeys(const Items::Item &item, const QList<IndexMeta> &indexes,
                      IndexKeySource source)
{
    if (indexes.isEmpty())
        return Status::ok();
    // When one attribute keys several indexes the service names the first by name.
    QList<const IndexMeta *> sorted;
    for (const IndexMeta &index : indexes)
        sorted.append(&index);
    std::sort(sorted.begin(), sorted.end(),
              [](const IndexMeta *a, const IndexMeta *b) { return a->name < b->name; });
    for (const IndexMeta *index : sorted) {
        for (int k = 0; k < 2; ++k) {
            const QString &name = k == 0 ? index->hashKeyName : index->rangeKeyName;
            const AttributeType type = k == 0 ? index->hashKeyType : index->rangeKeyType;
            if (name.isEmpty())
                continue;
            auto it = item.constFind(name);
            if (it == item.constEnd())
                continue;
            if (it->type() != type)
                return validation(u"One or more parameter values were invalid: Type mismatch for "
                                  u"Index Key " + name + u" Expected: " + Items::typeName(type) +
                                  u" Actual: " + Items::typeName(it->type()) + u" IndexName: " +
                                  index->name);
            const bool empty = (type == AttributeType::S && it->string().isEmpty()) ||
                               (type == AttributeType::B && it->binary().isEmpty());
            if (!empty)
                continue;
            const QString what = type == AttributeType::S ? QStringLiteral("string")
                                                          : QStringLiteral("binary");
            const QString lead =
                source == IndexKeySource::Item
                    ? QStringLiteral("A value specified for a secondary index key is not supported.")
                    : QStringLiteral("The update expression attempted to update a secondary index "
                                     "key to a value that is not supported.");
            return validation(u"One or more parameter values are not valid. " + lead +
                              u" The AttributeValue for a key attribute cannot contain an empty " +
                              what + u" value. IndexName: " + index->name + u", IndexKey: " + name);
        }
    }
    return Status::ok();
}

QList<IndexMeta> indexesFromDefinition(const QJsonObject &definition)
{
    QHash<QString, AttributeType> types;
    for (const QJsonValue &v : definition.value(u"AttributeDefinitions").toArray()) {
        const QJsonObject o = v.toObject();
        types.insert(o.value(u"AttributeName").toString(),
                     keyTypeFromName(o.value(u"AttributeType").toString()).value_or(AttributeType::S));
    }
    QList<IndexMeta> out;
    for (const char *kind : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
        const bool global = kind[0] == 'G';
        for (const QJsonValue &v : definition.value(QLatin1String(kind)).toArray()) {
            const QJsonObject o = v.toObject();
            IndexMeta index;
            index.name = o.value(u"IndexName").toString();
            index.global = global;
            const QJsonArray keys = o.value(u"KeySchema").toArray();
            for (const QJsonValue &k : keys) {
                const QJsonObject key = k.toObject();
                const QString name = key.value(u"AttributeName").toString();
                if (key.value(u"KeyType").toString() == u"RANGE") {
                    index.rangeKeyName = name;
                    index.rangeKeyType = types.value(name, AttributeType::S);
                } else {
                    index.hashKeyName = name;
                    index.hashKeyType = types.value(name, AttributeType::S);
                }
            }
            const QJsonObject projection = o.value(u"Projection").toObject();
            const QString type = projection.value(u"ProjectionType").toString();
            index.projection = type == u"KEYS_ONLY" ? IndexMeta::Projection::KeysOnly
                               : type == u"INCLUDE" ? IndexMeta::Projection::Include
                                                    : IndexMeta::Projection::All;
            for (const QJsonValue &n : projection.value(u"NonKeyAttributes").toArray())
                index.nonKeyAttributes.append(n.toString());
            out.append(index);
        }
    }
    return out;
}

QByteArray indexSpecText(const IndexMeta &index)
{
    QJsonObject o;
    o.insert(u"name", index.name);
    o.insert(u"global", index.global);
    o.insert(u"hashKeyName", index.hashKeyName);
    o.insert(u"hashKeyType", Items::typeName(index.hashKeyType));
    o.insert(u"rangeKeyName", index.rangeKeyName);
    o.insert(u"rangeKeyType", Items::typeName(index.rangeKeyType));
    o.insert(u"projection", index.projection == IndexMeta::Projection::KeysOnly ? QStringLiteral("KEYS_ONLY")
                            : index.projection == IndexMeta::Projection::Include ? QStringLiteral("INCLUDE")
                                                                                  : QStringLiteral("ALL"));
    o.insert(u"nonKeyAttributes", QJsonArray::fromStringList(index.nonKeyAttributes));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<IndexMeta> indexFromSpec(const QByteArray &text)
{
    const QJsonObject o = QJsonDocument::fromJson(text).object();
    const auto hashType = keyTypeFromName(o.value(u"hashKeyType").toString());
    const auto rangeType = keyTypeFromName(o.value(u"rangeKeyType").toString());
    if (o.isEmpty() || !hashType || !rangeType)
        return std::nullopt;
    IndexMeta index;
    index.name = o.value(u"name").toString();
    index.global = o.value(u"global").toBool();
    index.hashKeyName = o.value(u"hashKeyName").toString();
    index.hashKeyType = *hashType;
    index.rangeKeyName = o.value(u"rangeKeyName").toString();
    index.rangeKeyType = *rangeType;
    const QString projection = o.value(u"projection").toString();
    index.projection = projection == u"KEYS_ONLY" ? IndexMeta::Projection::KeysOnly
                       : projection == u"INCLUDE" ? IndexMeta::Projection::Include
                                                  : IndexMeta::Projection::All;
    for (const QJsonValue &v : o.value(u"nonKeyAttributes").toArray())
        index.nonKeyAttributes.append(v.toString());
    return index;
}

Status writeIndexEntry(Db &db, qint64 indexId, const IndexEntry &entry,
                       const QByteArray &tableHashKey, const QByteArray &tableRangeKey)
{
    auto stmt = db.prepare("INSERT OR REPLACE INTO index_entries(index_id, seg, hash_key, "
                           "range_key, table_hash_key, table_range_key, item, size) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!stmt)
        return stmt.status();
    stmt->bindInt64(1, indexId);
    stmt->bindInt64(2, segmentOf(entry.hashKey));
    stmt->bindBlob(3, entry.hashKey);
    stmt->bindBlob(4, entry.rangeKey);
    stmt->bindBlob(5, tableHashKey);
    stmt->bindBlob(6, tableRangeKey);
    stmt->bindBlob(7, encodeItem(entry.item));
    stmt->bindInt64(8, entry.size);
    return stmt->run("index entry write");
}

Status removeIndexEntry(Db &db, qint64 indexId, const IndexEntry &entry,
                        const QByteArray &tableHashKey, const QByteArray &tableRangeKey)
{
    auto stmt = db.prepare("DELETE FROM index_entries WHERE index_id = ?1 AND seg = ?2 AND "
                           "hash_key = ?3 AND range_key = ?4 AND table_hash_key = ?5 AND "
                           "table_range_key = ?6");
    if (!stmt)
        return stmt.status();
    stmt->bindInt64(1, indexId);
    stmt->bindInt64(2, segmentOf(entry.hashKey));
    stmt->bindBlob(3, entry.hashKey);
    stmt->bindBlob(4, entry.rangeKey);
    stmt->bindBlob(5, tableHashKey);
    stmt->bindBlob(6, tableRangeKey);
    return stmt->run("index entry delete");
}

Status backfillIndex(Db &db, qint64 tableId, const TableKeyNames &table, const IndexMeta &index,
                     qint64 *count, qint64 *bytes)
{
    *count = 0;
    *bytes = 0;
    // A private statement: the entry writes below use the cached ones on the same connection.
    auto stmt = db.prepare("SELECT hash_key, range_key, item FROM items WHERE table_id = ?1");
    if (!stmt)
        return stmt.status();
    stmt->bindInt64(1, tableId);
    int rc;
    while ((rc = stmt->step()) == SQLITE_ROW) {
        qsizetype size = 0;
        const char *data = stmt->columnData(2, &size);
        auto item = decodeItem(data, size);
        if (!item)
            return item.status();
        const std::optional<IndexEntry> entry = indexEntryOf(index, table, *item);
        if (!entry)
            continue;
        if (Status s = writeIndexEntry(db, index.id, *entry, stmt->columnBlob(0), stmt->columnBlob(1));
            !s)
            return s;
        ++*count;
        *bytes += entry->size;
    }
    if (rc != SQLITE_DONE)
        return db.error(rc, "index backfill");
    return Status::ok();
}

Status createIndexRow(Db &db, qint64 tableId, const TableKeyNames &table, IndexMeta &index)
{
    auto stmt = db.prepare("INSERT INTO indexes(table_id, name, spec, item_count, size_bytes) "
                           "VALUES (?1, ?2, ?3, 0, 0)");
    if (!stmt)
        return stmt.status();
    stmt->bindInt64(1, tableId);
    stmt->bindText(2, index.name);
    stmt->bindBlob(3, indexSpecText(index));
    if (Status s = stmt->run("index insert"); !s)
        return s;
    index.id = sqlite3_last_insert_rowid(db.handle());
    qint64 count = 0;
    qint64 bytes = 0;
    if (Status s = backfillIndex(db, tableId, table, index, &count, &bytes); !s)
        return s;
    index.itemCount = count;
    index.sizeBytes = bytes;
    auto stats = db.prepare("UPDATE indexes SET item_count = ?2, size_bytes = ?3 WHERE id = ?1");
    if (!stats)
        return stats.status();
    stats->bindInt64(1, index.id);
    stats->bindInt64(2, count);
    stats->bindInt64(3, bytes);
    return stats->run("index statistics");
}

Status dropIndexRow(Db &db, qint64 indexId)
{
    auto stmt = db.prepare("DELETE FROM indexes WHERE id = ?1");
    if (!stmt)
        return stmt.status();
    stmt->bindInt64(1, indexId);
    if (Status s = stmt->run("index delete"); !s)
        return s;
    auto purge = db.prepare("INSERT OR IGNORE INTO index_purge_queue(index_id) VALUES (?1)");
    if (!purge)
        return purge.status();
    purge->bindInt64(1, indexId);
    return purge->run("index purge queue insert");
}

} // namespace Gatehouse::Tables::Store
