// Thread affinity: any thread (pure functions and value types).
#pragma once

#include <tables/tablestore.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <memory>

namespace Gatehouse::Tables::Capacity {

// ReturnConsumedCapacity of a request.
enum class Mode { None, Total, Indexes };
Mode requested(const QJsonObject &request);

// Capacity units as the service computes them from item sizes (Items::itemByteSize):
// reads in 4 KB steps (half a unit when eventually consistent, two for a transactional read),
// writes in 1 KB steps (two for a transactional write). Every read or write costs at least one
// step, so a missing item or an empty Query still costs 0.5 (or 1) unit. A Query or Scan rounds
// the sum of the bytes it read, not each item; single-item and batch operations round per item.
double readUnits(qint64 bytes, bool consistent);
double transactionalReadUnits(qint64 bytes);
double writeUnits(qint64 bytes);
double transactionalWriteUnits(qint64 bytes);

// What one operation consumed on one table and its indexes, and its ConsumedCapacity member.
// The shape follows the service: single-item, Query, Scan and batch operations give only
// CapacityUnits (with the Table / index breakdown for INDEXES); transactions also give
// ReadCapacityUnits or WriteCapacityUnits, at the top and in each breakdown.
class Consumed
{
public:
    enum class Kind { Read, Write, TransactRead, TransactWrite };

    Consumed() = default;
    Consumed(QString tableName, Kind kind) : m_tableName(std::move(tableName)), m_kind(kind) {}

    void addTable(double units) { m_table += units; }
    void addGlobalIndex(const QString &index, double units) { m_global[index] += units; }
    void addLocalIndex(const QString &index, double units) { m_local[index] += units; }
    // Adds another's units (same table, e.g. the items of one table in a batch).
    void merge(const Consumed &other);

    const QString &tableName() const { return m_tableName; }
    double table() const { return m_table; }
    double total() const;
    QJsonObject toJson(Mode mode) const;  // REQUIRES: mode != Mode::None

private:
    QString m_tableName;
    Kind m_kind = Kind::Read;
    double m_table = 0;
    QMap<QString, double> m_global;
    QMap<QString, double> m_local;
};

// The ConsumedCapacity of one item write (PutItem, UpdateItem, DeleteItem, and each write of a
// batch or transaction): the larger of the old and the new item in 1 KB steps; a delete counts
// the old item, and writing or deleting a missing item still costs one step. Each secondary
// index costs what its entry change costs, in 1 KB steps of the projected entry: nothing when
// the item is in the index neither before nor after (sparse) or its entry is unchanged, one
// write to add, remove or rewrite the entry, two (delete and put) when its index key changed.
class WriteCapacity
{
public:
    WriteCapacity() = default;
    WriteCapacity(const QJsonObject &request, const TableMeta &table,
                  Consumed::Kind kind = Consumed::Kind::Write);

    Mode mode() const { return m_mode; }
    // Null pointers for a missing old item or a deletion.
    Consumed units(const Items::Item *oldItem, const Items::Item *newItem) const;
    // Adds "ConsumedCapacity" to a response when the request asked for it.
    void addTo(QJsonObject &response, const Items::Item *oldItem, const Items::Item *newItem) const;

private:
    Mode m_mode = Mode::None;
    QString m_tableName;
    Consumed::Kind m_kind = Consumed::Kind::Write;
    QString m_hashKeyName;
    QString m_rangeKeyName;
    QList<IndexMeta> m_indexes;
};

// ReturnItemCollectionMetrics SIZE. The service answers it only for tables with local secondary
// indexes: the item collection's partition key and an estimate of its size in GB as a range
// [lower, upper], read here after the write committed.
class CollectionMetrics
{
public:
    CollectionMetrics() = default;
    // `keyOrItem` holds the table's partition key attribute.
    CollectionMetrics(const QJsonObject &request, const TableMeta &table, const QString &hashKeyName,
                      const Items::AttributeMap &keyOrItem, std::shared_ptr<TableStore> store);

    bool wanted() const { return m_store != nullptr; }
    // {"ItemCollectionKey": {...}, "SizeEstimateRangeGB": [lower, upper]}
    QJsonObject read() const;

private:
    std::shared_ptr<TableStore> m_store;
    qint64 m_tableId = 0;
    QString m_hashKeyName;
    Items::AttributeValue m_hashKey;
};

// Sizes the service's estimate range from the bytes of an item collection: whole GB around it.
QJsonArray sizeEstimateRangeGB(qint64 bytes);

} // namespace Gatehouse::Tables::Capacity
