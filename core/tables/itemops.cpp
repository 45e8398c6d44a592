// PutItem, GetItem, UpdateItem, DeleteItem.
//
// Writes run as one Mutation on the store's writer thread: read the current item, check the
// condition, compute and write the new item, build the response. Condition and write are thus
// atomic, and the answer leaves only after the group's commit. The store maintains the
// table's secondary indexes inside the same mutation.
#include "tableengine.h"

#include "capacity.h"
#include "enginesupport.h"
#include "legacy.h"
#include "requestvalidation.h"
#include "writesupport.h"

#include <tables/store/indexentries.h>

#include <QJsonObject>

#include <memory>

namespace Gatehouse::Tables {

using namespace Support;
using Capacity::CollectionMetrics;
using Capacity::WriteCapacity;

namespace {

// The service accepts only NONE and ALL_OLD for PutItem and DeleteItem.
// An error of the request checks that run before the table is looked up, in the envelope the
// service puts round them for these three operations (see enveloped()).
ApiReply early(const Status &s)
{
    return ApiReply::error(enveloped(s));
}

ApiReply early(const QString &message)
{
    return early(validation(message));
}

bool onlyNoneOrAllOld(const QJsonObject &d)
{
    const QString rv = d.value(u"ReturnValues").toString(QStringLiteral("NONE"));
    return rv == u"NONE" || rv == u"ALL_OLD";
}

// The old item of a failed condition goes into the error when the request asks for it.
struct FailureItem
{
    explicit FailureItem(const QJsonObject &request)
        : returnOld(request.value(u"ReturnValuesOnConditionCheckFailure").toString() == u"ALL_OLD")
    {
    }

    // The first step of a write: readAndCheck, recording the item that failed the condition.
    Result<std::optional<StoredItem>> read(WriteTxn &txn, const PreparedWrite &write) const
    {
        std::optional<Items::Item> failed;
        Result<std::optional<StoredItem>> old = readAndCheck(txn, write, &failed);
        if (returnOld && failed)
            fields->insert(u"Item", Items::itemToJson(*failed));
        return old;
    }

    bool returnOld = false;
    std::shared_ptr<QJsonObject> fields = std::make_shared<QJsonObject>();
};

// The write's ConsumedCapacity, from the items the mutation saw (null: absent).
void addWriteCapacity(QJsonObject &response, const Capacity::WriteCapacity &capacity,
                      const std::optional<StoredItem> &old, const Items::Item *newItem)
{
    capacity.addTo(response, old ? &old->item : nullptr, newItem);
}

// Adds ItemCollectionMetrics to a successful answer, read once the write committed.
ReplyFn withMetrics(const ReplyFn &done, const Capacity::CollectionMetrics &metrics)
{
    if (!metrics.wanted())
        return done;
    return [done, metrics](ApiReply reply) {
        if (reply.result)
            reply.result.value().insert(u"ItemCollectionMetrics", metrics.read());
        done(std::move(reply));
    };
}

} // namespace

void TableEngine::putItem(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = Validation::checkExpressionParams(d, {QStringLiteral("ConditionExpression")},
                                                   {QStringLiteral("Expected"), QStringLiteral("ConditionalOperator")}))
        return done(early(*m));
    const Validation::ParsedMap item = req.maps.value(QStringLiteral("Item"));
    if (item.error)
        return done(early(*item.error));
    if (!onlyNoneOrAllOld(d))
        return done(early(QStringLiteral("ReturnValues can only be ALL_OLD or NONE")));
    if (Status s = checkNesting(item.values); !s.isOk())
        return done(ApiReply::error(s));
    if (sizeOf(item.values) > m_options.maxItemSize)
        return done(invalid(QStringLiteral("Item size has exceeded the maximum allowed size")));
    if (auto m = Legacy::checkRequest(QStringLiteral("PutItem"), d))
        return done(early(*m));
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(early(exprs.status()));
    Legacy::translate(d, *exprs);

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    const KeySchema schema = KeySchema::of(*table);
    if (Status s = checkItemKey(item.values, schema); !s.isOk())
        return done(ApiReply::error(s));
    if (Status s = Store::checkIndexKeys(item.values, table->indexes); !s.isOk())
        return done(ApiReply::error(s));

    PreparedWrite write;
    write.kind = PreparedWrite::Kind::Put;
    write.tableId = table->id;
    write.key = encodeKey(item.values, schema);
    write.item = item.values;
    write.condition = exprs->condition;
    const bool returnOld = d.value(u"ReturnValues").toString() == u"ALL_OLD";
    const FailureItem failure(d);
    const WriteCapacity capacity(d, *table);
    const CollectionMetrics metrics(d, *table, schema.hashName, item.values, m_store);

    // A plain put needs nothing of the item it replaces: the store looks up only its size (and,
    // on an indexed table, its index entries) without reading it in first.
    const bool readsOld = write.condition || returnOld || capacity.mode() != Capacity::Mode::None;

    runWrite(*m_store, [=](WriteTxn &txn) -> Result<QJsonObject> {
        Result<std::optional<StoredItem>> old =
            readsOld ? failure.read(txn, write) : Result<std::optional<StoredItem>>(std::nullopt);
        if (!old)
            return old.status();
        if (auto written = applyWrite(txn, write, *old); !written)
            return written.status();
        QJsonObject response;
        if (returnOld && *old)
            response.insert(u"Attributes", Items::itemToJson((*old)->item));
        addWriteCapacity(response, capacity, *old, &write.item);
        return response;
    }, failure.fields, withMetrics(done, metrics));
}

void TableEngine::getItem(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = Validation::checkExpressionParams(d, {QStringLiteral("ProjectionExpression")},
                                                   {QStringLiteral("AttributesToGet")}))
        return done(invalid(*m));
    const Validation::ParsedMap key = req.maps.value(QStringLiteral("Key"));
    if (key.error)
        return done(ApiReply::error(*key.error));
    if (auto m = Legacy::checkRequest(QStringLiteral("GetItem"), d))
        return done(invalid(*m));
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(ApiReply::error(exprs.status()));
    Legacy::translate(d, *exprs);

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    const KeySchema schema = KeySchema::of(*table);
    if (Status s = checkKey(key.values, schema); !s.isOk())
        return done(ApiReply::error(s));
    if (Status s = checkKeyPaths(d, schema); !s.isOk())
        return done(ApiReply::error(s));

    const EncodedKey k = encodeKey(key.values, schema);
    const Capacity::Mode capacityMode = Capacity::requested(d);
    if (req.jsonReply && capacityMode == Capacity::Mode::None && !exprs->projection) {
        // The common answer, written straight from the stored bytes.
        QByteArray text;
        text.reserve(256);
        text.append("{\"Item\":");
        Result<std::optional<qint64>> found = m_store->appendItemJson(table->id, k.hash, k.range, &text);
        if (!found)
            return done(ApiReply::error(found.status()));
        if (!*found)
            return done(ApiReply::okJson(QByteArrayLiteral("{}")));
        text.append('}');
        return done(ApiReply::okJson(std::move(text)));
    }
    Result<std::optional<StoredItem>> found = m_store->get(table->id, k.hash, k.range);
    if (!found)
        return done(ApiReply::error(found.status()));
    QJsonObject consumed;
    if (capacityMode != Capacity::Mode::None) {
        Capacity::Consumed units(table->name, Capacity::Consumed::Kind::Read);
        units.addTable(Capacity::readUnits(*found ? (*found)->size : 0, d.value(u"ConsistentRead").toBool()));
        consumed = units.toJson(capacityMode);
    }
    if (req.jsonReply && capacityMode == Capacity::Mode::None) {
        if (!*found)
            return done(ApiReply::okJson(QByteArrayLiteral("{}")));
        const Items::Item &item = (*found)->item;
        QByteArray text;
        text.reserve(256);
        text.append("{\"Item\":");
        Items::appendItemJson(text, exprs->projection ? Expressions::project(*exprs->projection, item)
                                                      : item);
        text.append('}');
        return done(ApiReply::okJson(std::move(text)));
    }
    QJsonObject response;
    if (*found) {
        const Items::Item &item = (*found)->item;
        response.insert(u"Item", Items::itemToJson(exprs->projection
                                                       ? Expressions::project(*exprs->projection, item)
                                                       : item));
    }
    if (!consumed.isEmpty())
        response.insert(u"ConsumedCapacity", consumed);
    done(ApiReply::ok(response));
}

void TableEngine::deleteItem(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = Validation::checkExpressionParams(d, {QStringLiteral("ConditionExpression")},
                                                   {QStringLiteral("Expected"), QStringLiteral("ConditionalOperator")}))
        return done(early(*m));
    const Validation::ParsedMap key = req.maps.value(QStringLiteral("Key"));
    if (key.error)
        return done(early(*key.error));
    if (!onlyNoneOrAllOld(d))
        return done(early(QStringLiteral("ReturnValues can only be ALL_OLD or NONE")));
    if (auto m = Legacy::checkRequest(QStringLiteral("DeleteItem"), d))
        return done(early(*m));
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(early(exprs.status()));
    Legacy::translate(d, *exprs);

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    const KeySchema schema = KeySchema::of(*table);
    if (Status s = checkKey(key.values, schema); !s.isOk())
        return done(ApiReply::error(s));

    PreparedWrite write;
    write.kind = PreparedWrite::Kind::Delete;
    write.tableId = table->id;
    write.key = encodeKey(key.values, schema);
    write.condition = exprs->condition;
    const bool returnOld = d.value(u"ReturnValues").toString() == u"ALL_OLD";
    const FailureItem failure(d);
    const WriteCapacity capacity(d, *table);
    const CollectionMetrics metrics(d, *table, schema.hashName, key.values, m_store);

    runWrite(*m_store, [=](WriteTxn &txn) -> Result<QJsonObject> {
        Result<std::optional<StoredItem>> old = failure.read(txn, write);
        if (!old)
            return old.status();
        if (auto removed = applyWrite(txn, write, *old); !removed)
            return removed.status();
        QJsonObject response;
        if (returnOld && *old)
            response.insert(u"Attributes", Items::itemToJson((*old)->item));
        addWriteCapacity(response, capacity, *old, nullptr);
        return response;
    }, failure.fields, withMetrics(done, metrics));
}

void TableEngine::updateItem(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = Validation::checkExpressionParams(
            d, {QStringLiteral("UpdateExpression"), QStringLiteral("ConditionExpression")},
            {QStringLiteral("AttributeUpdates"), QStringLiteral("Expected"),
             QStringLiteral("ConditionalOperator")}))
        return done(early(*m));
    const Validation::ParsedMap key = req.maps.value(QStringLiteral("Key"));
    if (key.error)
        return done(early(*key.error));
    if (auto m = Legacy::checkRequest(QStringLiteral("UpdateItem"), d))
        return done(early(*m));
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(early(exprs.status()));
    // UpdateItem checks its values' nesting before it runs (captures of the service; a
    // transaction's actions do not).
    if (Status s = checkNesting(req.maps.value(QStringLiteral("ExpressionAttributeValues")).values);
        !s.isOk())
        return done(early(s));
    Legacy::translate(d, *exprs);

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    const KeySchema schema = KeySchema::of(*table);
    if (Status s = checkKey(key.values, schema); !s.isOk())
        return done(ApiReply::error(s));
    const auto update = exprs->update;
    // AttributeUpdates (legacy) are applied directly; see legacy.h.
    const std::optional<QJsonObject> legacyUpdates =
        d.contains(u"AttributeUpdates") ? std::optional(d.value(u"AttributeUpdates").toObject()) : std::nullopt;
    if (update || legacyUpdates) {
        const QStringList touched = update ? Expressions::updatedTopLevelNames(*update) : legacyUpdates->keys();
        for (const QString &keyName : {schema.hashName, schema.rangeName}) {
            if (!keyName.isEmpty() && touched.contains(keyName))
                return done(invalid(u"One or more parameter values were invalid: Cannot update attribute " +
                                    keyName + u". This attribute is part of the key"));
        }
    }

    PreparedWrite write;
    write.kind = PreparedWrite::Kind::Update;
    write.tableId = table->id;
    write.key = encodeKey(key.values, schema);
    write.item = keyOf(key.values, schema);
    write.condition = exprs->condition;
    write.update = update;
    if (legacyUpdates)
        write.legacyUpdates = std::make_shared<const QJsonObject>(*legacyUpdates);
    write.maxItemSize = m_options.maxItemSize;
    const QString returnValues = d.value(u"ReturnValues").toString(QStringLiteral("NONE"));
    write.indexes = table->indexes;
    const FailureItem failure(d);
    const WriteCapacity capacity(d, *table);
    const CollectionMetrics metrics(d, *table, schema.hashName, key.values, m_store);

    runWrite(*m_store, [=](WriteTxn &txn) -> Result<QJsonObject> {
        Result<std::optional<StoredItem>> old = failure.read(txn, write);
        if (!old)
            return old.status();
        Result<std::optional<Items::Item>> written = applyWrite(txn, write, *old);
        if (!written)
            return written.status();
        const Items::Item &newItem = **written;
        Items::Item attributes;
        if (returnValues == u"ALL_OLD")
            attributes = *old ? (*old)->item : Items::Item();
        else if (returnValues == u"ALL_NEW")
            attributes = newItem;
        else if (returnValues == u"UPDATED_OLD" && *old && (update || legacyUpdates))
            attributes = update ? Expressions::updatedAttributes(*update, (*old)->item)
                                : Legacy::updatedAttributes(*legacyUpdates, (*old)->item);
        else if (returnValues == u"UPDATED_NEW" && (update || legacyUpdates))
            attributes = update ? Expressions::updatedAttributes(*update, newItem)
                                : Legacy::updatedAttributes(*legacyUpdates, newItem);
        QJsonObject response;
        if (!attributes.isEmpty())
            response.insert(u"Attributes", Items::itemToJson(attributes));
        addWriteCapacity(response, capacity, *old, &newItem);
        return response;
    }, failure.fields, withMetrics(done, metrics));
}

} // namespace Gatehouse::Tables
