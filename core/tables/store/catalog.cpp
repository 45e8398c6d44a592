#include "catalog.h"

#include <QJsonDocument>
#include <QTimeZone>

#include <sqlite3.h>

namespace Gatehouse::Tables::Store {

namespace {

std::optional<Items::AttributeType> keyTypeFromName(const QString &name)
{
    if (name == u"S")
        return Items::AttributeType::S;
    if (name == u"N")
        return Items::AttributeType::N;
    if (name == u"B")
        return Items::AttributeType::B;
    return std::nullopt;
}

QString definitionText(const QJsonObject &definition)
{
    return QString::fromUtf8(QJsonDocument(definition).toJson(QJsonDocument::Compact));
}

} // namespace

Status Catalog::load(Db &db)
{
    auto stmt =
        db.prepare("SELECT id, name, hash_key_name, hash_key_type, range_key_name, range_key_type, "
                   "created_at, status, definition, item_count, size_bytes FROM catalog");
    if (!stmt)
        return stmt.status();
    QMap<QString, TableMeta> byName;
    QHash<qint64, QString> names;
    int rc;
    while ((rc = stmt->step()) == SQLITE_ROW) {
        TableMeta meta;
        meta.id = stmt->columnInt64(0);
        meta.name = stmt->columnText(1);
        meta.hashKeyName = stmt->columnText(2);
        const auto hashType = keyTypeFromName(stmt->columnText(3));
        meta.rangeKeyName = stmt->columnText(4);
        const auto rangeType = keyTypeFromName(stmt->columnText(5));
        if (!hashType || (!meta.rangeKeyName.isEmpty() && !rangeType))
            return internalError(
                QStringLiteral("Catalog row of table %1 has an invalid key type").arg(meta.name));
        meta.hashKeyType = *hashType;
        meta.rangeKeyType = rangeType.value_or(Items::AttributeType::S);
        meta.createdAt = QDateTime::fromMSecsSinceEpoch(stmt->columnInt64(6), QTimeZone::utc());
        meta.status = stmt->columnText(7);
        meta.definition = QJsonDocument::fromJson(stmt->columnText(8).toUtf8()).object();
        meta.itemCount = stmt->columnInt64(9);
        meta.sizeBytes = stmt->columnInt64(10);
        names.insert(meta.id, meta.name);
        byName.insert(meta.name, meta);
    }
    if (rc != SQLITE_DONE)
        return db.error(rc, "catalog load");

    auto indexes = db.prepare("SELECT id, table_id, spec, item_count, size_bytes FROM indexes "
                              "ORDER BY id");
    if (!indexes)
        return indexes.status();
    while ((rc = indexes->step()) == SQLITE_ROW) {
        std::optional<IndexMeta> index = indexFromSpec(indexes->columnBlob(2));
        const QString table = names.value(indexes->columnInt64(1));
        if (!index)
            return internalError(QStringLiteral("Index %1 has an invalid definition")
                                     .arg(indexes->columnInt64(0)));
        if (table.isEmpty())
            continue; // its table is being purged
        index->id = indexes->columnInt64(0);
        index->itemCount = indexes->columnInt64(3);
        index->sizeBytes = indexes->columnInt64(4);
        byName[table].indexes.append(*index);
    }
    if (rc != SQLITE_DONE)
        return db.error(rc, "index catalog load");

    std::lock_guard lock(m_mutex);
    m_byName = std::move(byName);
    m_names = std::move(names);
    m_shapes.clear();
    m_indexTables.clear();
    for (const TableMeta &meta : std::as_const(m_byName))
        rebuildShape(meta);
    return Status::ok();
}

std::optional<TableMeta> Catalog::byName(const QString &name) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_byName.constFind(name);
    if (it == m_byName.cend())
        return std::nullopt;
    return *it;
}

std::optional<TableMeta> Catalog::byId(qint64 id) const
{
    std::lock_guard lock(m_mutex);
    auto name = m_names.constFind(id);
    if (name == m_names.cend())
        return std::nullopt;
    return m_byName.value(*name);
}

std::optional<bool> Catalog::hasRangeKey(qint64 id) const
{
    std::lock_guard lock(m_mutex);
    auto name = m_names.constFind(id);
    if (name == m_names.cend())
        return std::nullopt;
    auto it = m_byName.constFind(*name);
    if (it == m_byName.cend())
        return std::nullopt;
    return !it->rangeKeyName.isEmpty();
}

std::optional<TableShape> Catalog::shapeOf(qint64 id) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_shapes.constFind(id);
    if (it == m_shapes.cend())
        return std::nullopt;
    return *it;
}

qint64 Catalog::tableOfIndex(qint64 indexId) const
{
    std::lock_guard lock(m_mutex);
    return m_indexTables.value(indexId);
}

void Catalog::rebuildShape(const TableMeta &meta)
{
    TableShape shape;
    shape.keys = {meta.hashKeyName, meta.rangeKeyName};
    if (!meta.indexes.isEmpty())
        shape.indexes = std::make_shared<const QList<IndexMeta>>(meta.indexes);
    for (auto it = m_indexTables.begin(); it != m_indexTables.end();) {
        if (*it == meta.id)
            it = m_indexTables.erase(it);
        else
            ++it;
    }
    for (const IndexMeta &index : meta.indexes)
        m_indexTables.insert(index.id, meta.id);
    m_shapes.insert(meta.id, std::move(shape));
}

QList<TableMeta> Catalog::all() const
{
    std::lock_guard lock(m_mutex);
    return m_byName.values();
}

void Catalog::put(const TableMeta &meta)
{
    std::lock_guard lock(m_mutex);
    auto old = m_names.constFind(meta.id);
    if (old != m_names.cend() && *old != meta.name)
        m_byName.remove(*old);
    m_names.insert(meta.id, meta.name);
    m_byName.insert(meta.name, meta);
    rebuildShape(meta);
}

void Catalog::erase(qint64 id)
{
    std::lock_guard lock(m_mutex);
    auto name = m_names.find(id);
    if (name == m_names.end())
        return;
    m_byName.remove(*name);
    m_names.erase(name);
    m_shapes.remove(id);
    for (auto it = m_indexTables.begin(); it != m_indexTables.end();) {
        if (*it == id)
            it = m_indexTables.erase(it);
        else
            ++it;
    }
}

void Catalog::addStats(qint64 id, qint64 itemCount, qint64 sizeBytes)
{
    std::lock_guard lock(m_mutex);
    auto name = m_names.constFind(id);
    if (name == m_names.cend())
        return;
    auto it = m_byName.find(*name);
    if (it == m_byName.end())
        return;
    it->itemCount += itemCount;
    it->sizeBytes += sizeBytes;
}

void Catalog::addIndexStats(qint64 tableId, qint64 indexId, qint64 itemCount, qint64 sizeBytes)
{
    std::lock_guard lock(m_mutex);
    auto name = m_names.constFind(tableId);
    if (name == m_names.cend())
        return;
    auto it = m_byName.find(*name);
    if (it == m_byName.end())
        return;
    for (IndexMeta &index : it->indexes) {
        if (index.id == indexId) {
            index.itemCount += itemCount;
            index.sizeBytes += sizeBytes;
        }
    }
}

Status Catalog::insertRow(Db &db, TableMeta &meta)
{
    auto stmt = db.prepare(
        "INSERT INTO catalog(name, hash_key_name, hash_key_type, range_key_name, range_key_type, "
        "created_at, status, definition, item_count, size_bytes) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, 0)");
    if (!stmt)
        return stmt.status();
    stmt->bindText(1, meta.name);
    stmt->bindText(2, meta.hashKeyName);
    stmt->bindText(3, Items::typeName(meta.hashKeyType));
    stmt->bindText(4, meta.rangeKeyName);
    stmt->bindText(5, meta.rangeKeyName.isEmpty() ? QString() : Items::typeName(meta.rangeKeyType));
    stmt->bindInt64(6, meta.createdAt.toMSecsSinceEpoch());
    stmt->bindText(7, meta.status);
    stmt->bindText(8, definitionText(meta.definition));
    if (Status s = stmt->run("catalog insert"); !s)
        return s;
    meta.id = sqlite3_last_insert_rowid(db.handle());
    meta.itemCount = 0;
    meta.sizeBytes = 0;
    return Status::ok();
}

Status Catalog::updateRow(Db &db, const TableMeta &meta)
{
    auto stmt = db.prepare("UPDATE catalog SET status = ?2, definition = ?3 WHERE id = ?1");
    if (!stmt)
        return stmt.status();
    stmt->bindInt64(1, meta.id);
    stmt->bindText(2, meta.status);
    stmt->bindText(3, definitionText(meta.definition));
    return stmt->run("catalog update");
}

Status Catalog::deleteRow(Db &db, qint64 id)
{
    auto stmt = db.prepare("DELETE FROM catalog WHERE id = ?1");
    if (!stmt)
        return stmt.status();
    stmt->bindInt64(1, id);
    return stmt->run("catalog delete");
}

Status Catalog::addStatsRow(Db &db, qint64 id, qint64 itemCount, qint64 sizeBytes)
{
    auto stmt = db.prepare("UPDATE catalog SET item_count = item_count + ?2, "
                           "size_bytes = size_bytes + ?3 WHERE id = ?1");
    if (!stmt)
        return stmt.status();
    stmt->bindInt64(1, id);
    stmt->bindInt64(2, itemCount);
    stmt->bindInt64(3, sizeBytes);
    return stmt->run("catalog statistics update");
}

} // namespace Gatehouse::Tables::Store

namespace Gatehouse::Tables::Store {

Status Catalog::addIndexStatsRow(Db &db, qint64 indexId, qint64 itemCount, qint64 sizeBytes)
{
    auto stmt = db.prepare("UPDATE indexes SET item_count = item_count + ?2, "
                           "size_bytes = size_bytes + ?3 WHERE id = ?1");
    if (!stmt)
        return stmt.status();
    stmt->bindInt64(1, indexId);
    stmt->bindInt64(2, itemCount);
    stmt->bindInt64(3, sizeBytes);
    return stmt->run("index statistics update");
}

} // namespace Gatehouse::Tables::Store
