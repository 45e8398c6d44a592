#include "capacity.h"

#include <tables/store/indexentries.h>

#include <algorithm>

namespace Gatehouse::Tables::Capacity {

namespace {

qint64 steps(qint64 bytes, qint64 step)
{
    return bytes <= 0 ? 1 : (bytes + step - 1) / step;
}

} // namespace

Mode requested(const QJsonObject &request)
{
    const QString mode = request.value(u"ReturnConsumedCapacity").toString();
    if (mode == u"TOTAL")
        return Mode::Total;
    if (mode == u"INDEXES")
        return Mode::Indexes;
    return Mode::None;
}

double readUnits(qint64 bytes, bool consistent)
{
    return double(steps(bytes, 4096)) * (consistent ? 1.0 : 0.5);
}

double transactionalReadUnits(qint64 bytes)
{
    return double(steps(bytes, 4096)) * 2.0;
}

double writeUnits(qint64 bytes)
{
    return double(steps(bytes, 1024));
}

double transactionalWriteUnits(qint64 bytes)
{
    return double(steps(bytes, 1024)) * 2.0;
}

void Consumed::merge(const Consumed &other)
{
    m_table += other.m_table;
    for (auto it = other.m_global.begin(); it != other.m_global.end(); ++it)
        m_global[it.key()] += it.value();
    for (auto it = other.m_local.begin(); it != other.m_local.end(); ++it)
        m_local[it.key()] += it.value();
}

double Consumed::total() const
{
    double sum = m_table;
    for (double v : m_global)
        sum += v;
    for (double v : m_local)
        sum += v;
    return sum;
}

QJsonObject Consumed::toJson(Mode mode) const
{
    // Only transactions name the kind of units next to CapacityUnits.
    const char *kindMember = m_kind == Kind::TransactRead    ? "ReadCapacityUnits"
                             : m_kind == Kind::TransactWrite ? "WriteCapacityUnits"
                                                             : nullptr;
    auto capacity = [kindMember](double units) {
        QJsonObject c{{QStringLiteral("CapacityUnits"), units}};
        if (kindMember)
            c.insert(QLatin1String(kindMember), units);
        return c;
    };
    QJsonObject out = capacity(total());
    out.insert(u"TableName", m_tableName);
    if (mode != Mode::Indexes)
        return out;
    out.insert(u"Table", capacity(m_table));
    auto indexes = [&capacity](const QMap<QString, double> &units) {
        QJsonObject o;
        for (auto it = units.begin(); it != units.end(); ++it)
            o.insert(it.key(), capacity(it.value()));
        return o;
    };
    if (!m_global.isEmpty())
        out.insert(u"GlobalSecondaryIndexes", indexes(m_global));
    if (!m_local.isEmpty())
        out.insert(u"LocalSecondaryIndexes", indexes(m_local));
    return out;
}

WriteCapacity::WriteCapacity(const QJsonObject &request, const TableMeta &table, Consumed::Kind kind)
    : m_mode(requested(request))
    , m_tableName(table.name)
    , m_kind(kind)
    , m_hashKeyName(table.hashKeyName)
    , m_rangeKeyName(table.rangeKeyName)
    , m_indexes(table.indexes)
{
}

Consumed WriteCapacity::units(const Items::Item *oldItem, const Items::Item *newItem) const
{
    const qint64 oldSize = oldItem ? Items::itemByteSize(*oldItem) : 0;
    const qint64 newSize = newItem ? Items::itemByteSize(*newItem) : 0;
    const qint64 bytes = std::max(oldSize, newSize);
    const bool transactional = m_kind == Consumed::Kind::TransactWrite;
    auto unitsOf = [transactional](qint64 size) {
        return transactional ? transactionalWriteUnits(size) : writeUnits(size);
    };
    Consumed consumed(m_tableName, m_kind);
    consumed.addTable(unitsOf(bytes));
    const Store::TableKeyNames keys{m_hashKeyName, m_rangeKeyName};
    for (const IndexMeta &index : m_indexes) {
        std::optional<Store::IndexEntry> before, after;
        if (oldItem)
            before = Store::indexEntryOf(index, keys, *oldItem);
        if (newItem)
            after = Store::indexEntryOf(index, keys, *newItem);
        double units = 0;
        if (before && after) {
            if (before->hashKey != after->hashKey || before->rangeKey != after->rangeKey)
                units = unitsOf(before->size) + unitsOf(after->size);
            else if (before->item != after->item)
                units = unitsOf(std::max(before->size, after->size));
        } else if (before || after) {
            units = unitsOf(before ? before->size : after->size);
        }
        if (units == 0)
            continue;
        if (index.global)
            consumed.addGlobalIndex(index.name, units);
        else
            consumed.addLocalIndex(index.name, units);
    }
    return consumed;
}

void WriteCapacity::addTo(QJsonObject &response, const Items::Item *oldItem,
                          const Items::Item *newItem) const
{
    if (m_mode != Mode::None)
        response.insert(u"ConsumedCapacity", units(oldItem, newItem).toJson(m_mode));
}

CollectionMetrics::CollectionMetrics(const QJsonObject &request, const TableMeta &table,
                                     const QString &hashKeyName, const Items::AttributeMap &keyOrItem,
                                     std::shared_ptr<TableStore> store)
{
    if (request.value(u"ReturnItemCollectionMetrics").toString() != u"SIZE")
        return;
    if (table.definition.value(u"LocalSecondaryIndexes").toArray().isEmpty())
        return;
    m_store = std::move(store);
    m_tableId = table.id;
    m_hashKeyName = hashKeyName;
    m_hashKey = keyOrItem.value(hashKeyName);
}

QJsonObject CollectionMetrics::read() const
{
    qint64 bytes = 0;
    if (m_store) {
        m_store->query(m_tableId, Items::encodeKeyValue(m_hashKey), RangeBounds(),
                       [&bytes](const StoredItem &item) {
                           bytes += item.size > 0 ? item.size : Items::itemByteSize(item.item);
                           return true;
                       });
    }
    QJsonObject key{{m_hashKeyName, m_hashKey.toJson()}};
    return QJsonObject{{QStringLiteral("ItemCollectionKey"), key},
                       {QStringLiteral("SizeEstimateRangeGB"), sizeEstimateRangeGB(bytes)}};
}

QJsonArray sizeEstimateRangeGB(qint64 bytes)
{
    const double gb = double(bytes) / (1024.0 * 1024.0 * 1024.0);
    const double lower = double(qint64(gb));
    return QJsonArray{lower, lower + 1.0};
}

} // namespace Gatehouse::Tables::Capacity
