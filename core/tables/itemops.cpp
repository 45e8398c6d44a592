// PutItem, GetItem, UpdateItem, DeleteItem.
//
// Writes run as one Mutation on the store's writer thread: read the current item, check the
// condition, compute and write the new item, build the response. Condition and write are thus
// atomic, and the answer leaves only after the group's commit. The store maintains the
// table's secondary indexes inside the same mutation.
#include "tableengine.h"

#include "enginesupport.h"
#include "requestvalidation.h"

#include <tables/store/indexentries.h>

#include <common/ids.h>

#include <QJsonObject>

#include <memory>

namespace Gatehouse::Tables {

using namespace Support;
using Items::ErrorCode::ConditionalCheckFailed;

namespace {

const QString kConditionFailed = QStringLiteral("The conditional request failed");

// The service accepts only NONE and ALL_OLD for PutItem and DeleteItem.
bool onlyNoneOrAllOld(const QJsonObject &d)
{
    const QString rv = d.value(u"ReturnValues").toString(QStringLiteral("NONE"));
    return rv == u"NONE" || rv == u"ALL_OLD";
}

// Runs `mutation` and answers with its result; a failed condition can carry the old item.
void runWrite(TableStore &store, Mutation mutation, std::shared_ptr<QJsonObject> errorFields,
              const ReplyFn &done)
{
    struct Times
    {
        qint64 start = 0;
        qint64 end = 0;
    };
    auto times = std::make_shared<Times>();
    Mutation timed = [mutation = std::move(mutation), times](WriteTxn &txn) {
        times->start = monotonicMicros();
        Result<QJsonObject> r = mutation(txn);
        times->end = monotonicMicros();
        return r;
    };
    store.mutate(std::move(timed), [done, errorFields, times](Result<QJsonObject> result) {
        ApiReply reply = result ? ApiReply::ok(std::move(result).value())
                                : ApiReply::error(result.status(), errorFields ? *errorFields : QJsonObject());
        reply.writeStartUs = times->start;
        reply.writeEndUs = times->end;
        done(std::move(reply));
    });
}

// The first step of every conditional write, run inside its mutation: read the current item
// through the transaction and check the ConditionExpression against it (a missing item is an
// empty one). On failure the answer is ConditionalCheckFailedException, carrying the old item
// when ReturnValuesOnConditionCheckFailure is ALL_OLD.
struct ConditionalRead
{
    ConditionalRead(const QJsonObject &request, std::shared_ptr<const Expressions::ConditionNode> c)
        : condition(std::move(c))
        , returnOldOnFailure(request.value(u"ReturnValuesOnConditionCheckFailure").toString() == u"ALL_OLD")
    {
    }

    Result<std::optional<StoredItem>> operator()(WriteTxn &txn, qint64 tableId, const EncodedKey &key) const
    {
        Result<std::optional<StoredItem>> old = txn.get(tableId, key.hash, key.range);
        if (!old || !condition)
            return old;
        if (!Expressions::evaluate(*condition, *old ? (*old)->item : Items::Item())) {
            if (returnOldOnFailure && *old)
                errorFields->insert(u"Item", Items::itemToJson((*old)->item));
            return Status::error(ConditionalCheckFailed, kConditionFailed);
        }
        return old;
    }

    std::shared_ptr<const Expressions::ConditionNode> condition;
    bool returnOldOnFailure = false;
    std::shared_ptr<QJsonObject> errorFields = std::make_shared<QJsonObject>();
};

} // namespace

void TableEngine::putItem(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = Validation::checkExpressionParams(d, {QStringLiteral("ConditionExpression")},
                                                   {QStringLiteral("Expected")}))
        return done(invalid(*m));
    const Validation::ParsedMap item = req.maps.value(QStringLiteral("Item"));
    if (item.error)
        return done(ApiReply::error(*item.error));
    if (!onlyNoneOrAllOld(d))
        return done(invalid(QStringLiteral("Return values set to invalid value")));
    if (sizeOf(item.values) > m_options.maxItemSize)
        return done(invalid(QStringLiteral("Item size has exceeded the maximum allowed size")));
    if (auto m = unsupportedLegacy(d, {QStringLiteral("Expected"), QStringLiteral("ConditionalOperator")}))
        return done(invalid(*m));
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(ApiReply::error(exprs.status()));

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    const KeySchema schema = KeySchema::of(*table);
    if (Status s = checkItemKey(item.values, schema); !s.isOk())
        return done(ApiReply::error(s));
    if (Status s = Store::checkIndexKeys(item.values, table->indexes); !s.isOk())
        return done(ApiReply::error(s));

    StoredItem stored;
    const EncodedKey key = encodeKey(item.values, schema);
    stored.hashKey = key.hash;
    stored.rangeKey = key.range;
    stored.item = item.values;
    stored.size = sizeOf(item.values);

    const qint64 tableId = table->id;
    const bool returnOld = d.value(u"ReturnValues").toString() == u"ALL_OLD";
    const ConditionalRead read(d, exprs->condition);

    runWrite(*m_store, [=](WriteTxn &txn) -> Result<QJsonObject> {
        Result<std::optional<StoredItem>> old = read(txn, tableId, key);
        if (!old)
            return old.status();
        if (Status s = txn.put(tableId, stored); !s.isOk())
            return s;
        QJsonObject response;
        if (returnOld && *old)
            response.insert(u"Attributes", Items::itemToJson((*old)->item));
        return response;
    }, read.errorFields, done);
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
    if (auto m = unsupportedLegacy(d, {QStringLiteral("AttributesToGet")}))
        return done(invalid(*m));
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(ApiReply::error(exprs.status()));

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    const KeySchema schema = KeySchema::of(*table);
    if (Status s = checkKey(key.values, schema); !s.isOk())
        return done(ApiReply::error(s));
    if (Status s = checkKeyPaths(d, schema); !s.isOk())
        return done(ApiReply::error(s));

    const EncodedKey k = encodeKey(key.values, schema);
    Result<std::optional<StoredItem>> found = m_store->get(table->id, k.hash, k.range);
    if (!found)
        return done(ApiReply::error(found.status()));
    if (req.jsonReply) {
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
    done(ApiReply::ok(response));
}

void TableEngine::deleteItem(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = Validation::checkExpressionParams(d, {QStringLiteral("ConditionExpression")},
                                                   {QStringLiteral("Expected")}))
        return done(invalid(*m));
    const Validation::ParsedMap key = req.maps.value(QStringLiteral("Key"));
    if (key.error)
        return done(ApiReply::error(*key.error));
    if (!onlyNoneOrAllOld(d))
        return done(invalid(QStringLiteral("Return values set to invalid value")));
    if (auto m = unsupportedLegacy(d, {QStringLiteral("Expected"), QStringLiteral("ConditionalOperator")}))
        return done(invalid(*m));
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(ApiReply::error(exprs.status()));

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    const KeySchema schema = KeySchema::of(*table);
    if (Status s = checkKey(key.values, schema); !s.isOk())
        return done(ApiReply::error(s));

    const EncodedKey k = encodeKey(key.values, schema);
    const qint64 tableId = table->id;
    const bool returnOld = d.value(u"ReturnValues").toString() == u"ALL_OLD";
    const ConditionalRead read(d, exprs->condition);

    runWrite(*m_store, [=](WriteTxn &txn) -> Result<QJsonObject> {
        Result<std::optional<StoredItem>> old = read(txn, tableId, k);
        if (!old)
            return old.status();
        QJsonObject response;
        if (*old) {
            if (Status s = txn.remove(tableId, k.hash, k.range); !s.isOk())
                return s;
            if (returnOld)
                response.insert(u"Attributes", Items::itemToJson((*old)->item));
        }
        return response;
    }, read.errorFields, done);
}

void TableEngine::updateItem(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = Validation::checkExpressionParams(
            d, {QStringLiteral("UpdateExpression"), QStringLiteral("ConditionExpression")},
            {QStringLiteral("AttributeUpdates"), QStringLiteral("Expected")}))
        return done(invalid(*m));
    const Validation::ParsedMap key = req.maps.value(QStringLiteral("Key"));
    if (key.error)
        return done(ApiReply::error(*key.error));
    if (auto m = unsupportedLegacy(d, {QStringLiteral("AttributeUpdates"), QStringLiteral("Expected"),
                                       QStringLiteral("ConditionalOperator")}))
        return done(invalid(*m));
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(ApiReply::error(exprs.status()));

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    const KeySchema schema = KeySchema::of(*table);
    if (Status s = checkKey(key.values, schema); !s.isOk())
        return done(ApiReply::error(s));
    const auto update = exprs->update;
    if (update) {
        const QStringList touched = Expressions::updatedTopLevelNames(*update);
        for (const QString &keyName : {schema.hashName, schema.rangeName}) {
            if (!keyName.isEmpty() && touched.contains(keyName))
                return done(invalid(u"One or more parameter values were invalid: Cannot update attribute " +
                                    keyName + u". This attribute is part of the key"));
        }
    }

    const EncodedKey k = encodeKey(key.values, schema);
    const Items::Item keyItem = keyOf(key.values, schema);
    const qint64 tableId = table->id;
    const qint64 maxSize = m_options.maxItemSize;
    const QString returnValues = d.value(u"ReturnValues").toString(QStringLiteral("NONE"));
    const ConditionalRead read(d, exprs->condition);
    const QList<IndexMeta> indexes = table->indexes;

    runWrite(*m_store, [=](WriteTxn &txn) -> Result<QJsonObject> {
        Result<std::optional<StoredItem>> old = read(txn, tableId, k);
        if (!old)
            return old.status();
        const Items::Item oldItem = *old ? (*old)->item : Items::Item();
        Items::Item newItem = *old ? oldItem : keyItem;
        if (update) {
            Result<Items::Item> applied = Expressions::applyUpdate(*update, newItem);
            if (!applied)
                return applied.status();
            newItem = std::move(applied).value();
        }
        const qint64 size = sizeOf(newItem);
        if (size > maxSize)
            return validation(QStringLiteral("Item size to update has exceeded the maximum allowed size"));
        if (Status s = Store::checkIndexKeys(newItem, indexes, Store::IndexKeySource::UpdateExpression);
            !s.isOk())
            return s;
        StoredItem stored{k.hash, k.range, newItem, size};
        if (Status s = txn.put(tableId, stored); !s.isOk())
            return s;

        Items::Item attributes;
        if (returnValues == u"ALL_OLD")
            attributes = *old ? oldItem : Items::Item();
        else if (returnValues == u"ALL_NEW")
            attributes = newItem;
        else if (returnValues == u"UPDATED_OLD" && *old && update)
            attributes = Expressions::updatedAttributes(*update, oldItem);
        else if (returnValues == u"UPDATED_NEW" && update)
            attributes = Expressions::updatedAttributes(*update, newItem);
        QJsonObject response;
        if (!attributes.isEmpty())
            response.insert(u"Attributes", Items::itemToJson(attributes));
        return response;
    }, read.errorFields, done);
}

} // namespace Gatehouse::Tables
