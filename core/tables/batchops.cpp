// BatchGetItem and BatchWriteItem.
//
// The checks run in the service's phases: the request's own rules over every table first (the
// expression parameters, the attribute values, duplicates and the request count), then each
// table and its key schema; only then is anything read or written. A BatchWriteItem is one
// Mutation, so its writes commit together in one group and are answered after that commit;
// nothing is ever left unprocessed by it.
#include "tableengine.h"

#include "capacity.h"
#include "enginesupport.h"
#include "legacy.h"
#include "requestvalidation.h"
#include "writesupport.h"

#include <tables/store/indexentries.h>

#include <QJsonArray>
#include <QSet>

namespace Gatehouse::Tables {

using namespace Support;

namespace {

const QString kDuplicateKeys = QStringLiteral("Provided list of item keys contains duplicates");

// The service answers at most 16 MB of items per BatchGetItem; the rest is UnprocessedKeys.
// Decimal megabytes: the API reference's example has 100 items of 300 KB answered as 52,
// which only 16,000,000 bytes gives (16 MiB would answer 54).
constexpr qint64 kBatchGetResponseLimit = 16000000;

// A value that identifies a key whatever the table's schema: numbers compare numerically
// ("1" and "1.0" are one key), as the service's duplicate check does.
QByteArray keyIdentity(const Items::AttributeMap &key)
{
    QByteArray id;
    for (auto it = key.constBegin(); it != key.constEnd(); ++it) {
        id += it.key().toUtf8();
        id += '\0';
        const Items::AttributeType t = it->type();
        if (t == Items::AttributeType::S || t == Items::AttributeType::N || t == Items::AttributeType::B) {
            id += Items::typeName(t).toLatin1();
            id += Items::encodeKeyValue(*it);
        } else {
            it->appendJson(id);
        }
        id += '\0';
    }
    return id;
}

// BatchWriteItem words a put's key that misses or mistypes an attribute as a Key parameter.
Status checkPutKey(const Items::Item &item, const KeySchema &schema)
{
    Status s = checkItemKey(item, schema);
    if (!s.isOk() && (s.message().contains(u"Missing the key") || s.message().contains(u"Type mismatch for key")))
        return validation(QStringLiteral("The provided key element does not match the schema"));
    return s;
}

struct TableKeys
{
    QString table;
    QJsonObject request;  // the KeysAndAttributes, for UnprocessedKeys
    QList<Items::AttributeMap> keys;
    QList<QJsonValue> keyJson;
    std::shared_ptr<const Expressions::ProjectionPlan> projection;
};

} // namespace

void TableEngine::batchGetItem(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject requestItems = req.data.value(u"RequestItems").toObject();
    // The whole request uses expressions or the legacy form: the service refuses a projection
    // expression for one table beside AttributesToGet for another.
    bool anyProjection = false;
    bool anyAttributesToGet = false;
    for (const QJsonValue &t : requestItems) {
        anyProjection = anyProjection || t.toObject().contains(u"ProjectionExpression");
        anyAttributesToGet = anyAttributesToGet || t.toObject().contains(u"AttributesToGet");
    }
    if (anyProjection && anyAttributesToGet)
        return done(invalid(
            QStringLiteral("Can not use both expression and non-expression parameters in the "
                           "same request: Non-expression parameters: {AttributesToGet} "
                           "Expression parameters: {ProjectionExpression}")));
    QList<TableKeys> tables;
    int count = 0;
    for (auto it = requestItems.begin(); it != requestItems.end(); ++it) {
        const QJsonObject tableData = it.value().toObject();
        if (auto m = Validation::checkExpressionParams(tableData, {QStringLiteral("ProjectionExpression")},
                                                       {QStringLiteral("AttributesToGet")}))
            return done(invalid(*m));
        if (auto m = Legacy::checkAttributesToGet(tableData.value(u"AttributesToGet").toArray()))
            return done(invalid(*m));
        Validation::CheckedRequest tableReq;
        tableReq.data = tableData;
        Result<Expressions::ParsedExpressions> exprs = parseExpressions(tableReq);
        if (!exprs)
            return done(ApiReply::error(exprs.status()));
        Legacy::translate(tableData, *exprs);
        TableKeys t;
        t.table = it.key();
        t.request = tableData;
        t.projection = exprs->projection;
        QSet<QByteArray> seen;
        for (const QJsonValue &k : tableData.value(u"Keys").toArray()) {
            const Validation::ParsedMap key = Validation::parseAttrMap(k.toObject());
            if (key.error)
                return done(ApiReply::error(*key.error));
            const QByteArray id = keyIdentity(key.values);
            if (seen.contains(id))
                return done(invalid(kDuplicateKeys));
            seen.insert(id);
            if (++count > 100)
                return done(invalid(QStringLiteral("Too many items requested for the BatchGetItem call")));
            t.keys.append(key.values);
            t.keyJson.append(k);
        }
        tables.append(std::move(t));
    }

    struct Resolved
    {
        qint64 tableId;
        QList<EncodedKey> keys;
    };
    QList<Resolved> resolved;
    for (const TableKeys &t : tables) {
        Result<TableMeta> table = findTable(t.table, true);
        if (!table)
            return done(ApiReply::error(table.status()));
        const KeySchema schema = KeySchema::of(*table);
        Resolved r{table->id, {}};
        for (const Items::AttributeMap &key : t.keys) {
            if (Status s = checkKey(key, schema); !s.isOk())
                return done(ApiReply::error(s));
            r.keys.append(encodeKey(key, schema));
        }
        if (Status s = checkKeyPaths(t.request, schema); !s.isOk())
            return done(ApiReply::error(s));
        resolved.append(std::move(r));
    }

    QJsonObject responses;
    QJsonObject unprocessed;
    qint64 total = 0;
    // Each item read is its own GetItem for the capacity: rounded alone, a missing one at the
    // minimum; keys left unprocessed cost nothing.
    const Capacity::Mode capacityMode = Capacity::requested(req.data);
    QJsonArray consumed;
    for (qsizetype i = 0; i < tables.size(); ++i) {
        const TableKeys &t = tables.at(i);
        QJsonArray items;
        QJsonArray left;
        Capacity::Consumed units(t.table, Capacity::Consumed::Kind::Read);
        const bool consistent = t.request.value(u"ConsistentRead").toBool();
        for (qsizetype k = 0; k < t.keys.size(); ++k) {
            if (total > kBatchGetResponseLimit) {
                left.append(t.keyJson.at(k));
                continue;
            }
            const EncodedKey &key = resolved.at(i).keys.at(k);
            Result<std::optional<StoredItem>> found = m_store->get(resolved.at(i).tableId, key.hash, key.range);
            if (!found)
                return done(ApiReply::error(found.status()));
            if (!*found) {
                units.addTable(Capacity::readUnits(0, consistent));
                continue;
            }
            const qint64 size = (*found)->size > 0 ? (*found)->size : sizeOf((*found)->item);
            if (total + size > kBatchGetResponseLimit) {
                // This key and every later one are left for the client to ask again.
                total = kBatchGetResponseLimit + 1;
                left.append(t.keyJson.at(k));
                continue;
            }
            total += size;
            units.addTable(Capacity::readUnits(size, consistent));
            items.append(Items::itemToJson(t.projection ? Expressions::project(*t.projection, (*found)->item)
                                                        : (*found)->item));
        }
        responses.insert(t.table, items);
        if (capacityMode != Capacity::Mode::None)
            consumed.append(units.toJson(capacityMode));
        if (!left.isEmpty()) {
            QJsonObject again = t.request;
            again.insert(u"Keys", left);
            unprocessed.insert(t.table, again);
        }
    }
    QJsonObject response{{QStringLiteral("Responses"), responses},
                         {QStringLiteral("UnprocessedKeys"), unprocessed}};
    if (capacityMode != Capacity::Mode::None)
        response.insert(u"ConsumedCapacity", consumed);
    done(ApiReply::ok(response));
}

void TableEngine::batchWriteItem(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject requestItems = req.data.value(u"RequestItems").toObject();
    struct Request
    {
        QString table;
        bool put = false;
        Items::AttributeMap values;  // the item, or the key
    };
    QList<Request> requests;
    for (auto it = requestItems.begin(); it != requestItems.end(); ++it) {
        const QJsonArray list = it.value().toArray();
        for (const QJsonValue &v : list) {
            const QJsonObject w = v.toObject();
            // The service's words for a WriteRequest that is neither exactly a put nor a delete.
            if (w.contains(u"PutRequest") == w.contains(u"DeleteRequest"))
                return done(invalid(QStringLiteral("Supplied AttributeValue has more than one datatypes "
                                                   "set, must contain exactly one of the supported datatypes")));
        }
        for (const QJsonValue &v : list) {
            const QJsonObject w = v.toObject();
            Request r;
            r.table = it.key();
            r.put = w.contains(u"PutRequest");
            const QJsonObject values = r.put ? w.value(u"PutRequest").toObject().value(u"Item").toObject()
                                             : w.value(u"DeleteRequest").toObject().value(u"Key").toObject();
            const Validation::ParsedMap parsed = Validation::parseAttrMap(values);
            if (parsed.error)
                return done(ApiReply::error(*parsed.error));
            if (r.put) {
                if (Status s = checkNesting(parsed.values); !s.isOk())
                    return done(ApiReply::error(s));
            }
            if (r.put && sizeOf(parsed.values) > m_options.maxItemSize)
                return done(invalid(QStringLiteral("Item size has exceeded the maximum allowed size")));
            r.values = parsed.values;
            requests.append(std::move(r));
        }
    }
    if (requests.size() > 25)
        return done(invalid(QStringLiteral("Too many items requested for the BatchWriteItem call")));

    QList<PreparedWrite> writes;
    QList<Capacity::WriteCapacity> capacities;  // one per write: its table's
    const Capacity::Mode capacityMode = Capacity::requested(req.data);
    Capacity::WriteCapacity capacity;
    QString currentTable;
    KeySchema schema;
    qint64 tableId = 0;
    QList<IndexMeta> indexes;
    QSet<QByteArray> seen;
    QStringList tableNames;  // one per write
    for (const Request &r : requests) {
        if (r.table != currentTable) {
            Result<TableMeta> table = findTable(r.table, true);
            if (!table)
                return done(ApiReply::error(table.status()));
            currentTable = r.table;
            schema = KeySchema::of(*table);
            tableId = table->id;
            indexes = table->indexes;
            capacity = Capacity::WriteCapacity(req.data, *table);
            seen.clear();
        }
        Status s = r.put ? checkPutKey(r.values, schema) : checkKey(r.values, schema);
        if (s.isOk() && r.put)
            s = Store::checkIndexKeys(r.values, indexes);
        if (!s.isOk())
            return done(ApiReply::error(s));
        PreparedWrite w;
        w.kind = r.put ? PreparedWrite::Kind::Put : PreparedWrite::Kind::Delete;
        w.tableId = tableId;
        w.key = encodeKey(r.values, schema);
        if (r.put)
            w.item = r.values;
        // A put and a delete of one item count as duplicates too.
        const QByteArray id = QByteArray::number(w.key.hash.size()) + ':' + w.key.hash + w.key.range;
        if (seen.contains(id))
            return done(invalid(kDuplicateKeys));
        seen.insert(id);
        writes.append(std::move(w));
        capacities.append(capacity);
        tableNames.append(r.table);
    }

    runWrite(*m_store, [writes, capacities, tableNames, capacityMode](WriteTxn &txn) -> Result<QJsonObject> {
        // Each write costs what a PutItem or DeleteItem of it would (the larger of the old and
        // the new item, and its index entries), summed per table in the order tables appear.
        QList<Capacity::Consumed> perTable;
        for (qsizetype i = 0; i < writes.size(); ++i) {
            const PreparedWrite &w = writes.at(i);
            // No conditions: the old item is read only when its size is asked for.
            std::optional<StoredItem> old;
            if (capacityMode != Capacity::Mode::None) {
                Result<std::optional<StoredItem>> read = txn.get(w.tableId, w.key.hash, w.key.range);
                if (!read)
                    return read.status();
                old = std::move(read).value();
            }
            if (auto applied = applyWrite(txn, w, std::nullopt); !applied)
                return applied.status();
            if (capacityMode == Capacity::Mode::None)
                continue;
            const Capacity::Consumed units =
                capacities.at(i).units(old ? &old->item : nullptr,
                                       w.kind == PreparedWrite::Kind::Put ? &w.item : nullptr);
            if (perTable.isEmpty() || perTable.last().tableName() != tableNames.at(i))
                perTable.append(units);
            else
                perTable.last().merge(units);
        }
        QJsonObject response{{QStringLiteral("UnprocessedItems"), QJsonObject()}};
        if (capacityMode != Capacity::Mode::None) {
            QJsonArray consumed;
            for (const Capacity::Consumed &c : perTable)
                consumed.append(c.toJson(capacityMode));
            response.insert(u"ConsumedCapacity", consumed);
        }
        return response;
    }, nullptr, done);
}

} // namespace Gatehouse::Tables
