// TransactWriteItems and TransactGetItems.
//
// A TransactWriteItems is one Mutation: every condition is checked against the items as they
// were before the transaction, and only if all pass are the writes applied, inside the same
// savepoint, so the transaction commits whole or not at all, across tables. A TransactGetItems
// reads all its items inside one read transaction of the store (one snapshot).
#include "tableengine.h"

#include "capacity.h"
#include "enginesupport.h"
#include "requestvalidation.h"
#include "writesupport.h"

#include <tables/store/indexentries.h>

#include <items/dynamoerror.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSet>

namespace Gatehouse::Tables {

using namespace Support;

// The ClientRequestTokens of successful transactions, kept ten minutes by the engine's clock.
struct TableEngine::TransactTokens
{
    struct Entry
    {
        QByteArray request;  // the canonical request, to tell a retry from another request
        qint64 atMs = 0;
        QJsonObject response;
    };
    QMutex mutex;
    QHash<QString, Entry> entries;

    void purge(qint64 nowMs)
    {
        for (auto it = entries.begin(); it != entries.end();) {
            if (nowMs - it->atMs >= kWindowMs)
                it = entries.erase(it);
            else
                ++it;
        }
    }

    static constexpr qint64 kWindowMs = 10 * 60 * 1000;
};

std::shared_ptr<TableEngine::TransactTokens> TableEngine::newTransactTokens()
{
    return std::make_shared<TransactTokens>();
}

namespace {

const QString kMultipleOperations =
    QStringLiteral("Transaction request cannot include multiple operations on one item");

// One action of a TransactWriteItems, ready for the writer.
struct Action
{
    PreparedWrite write;
    bool returnOldOnFailure = false;
    QString tableName;
    Capacity::WriteCapacity capacity;  // transactional units of this action's table
};

// Consumed capacity summed per table, in the order the tables first appear.
void addConsumed(QList<Capacity::Consumed> &perTable, const Capacity::Consumed &units)
{
    for (Capacity::Consumed &c : perTable) {
        if (c.tableName() == units.tableName()) {
            c.merge(units);
            return;
        }
    }
    perTable.append(units);
}

QString itemIdentity(qint64 tableId, const EncodedKey &key)
{
    return QString::number(tableId) + u':' + QString::fromLatin1(key.hash.toBase64()) + u':' +
           QString::fromLatin1(key.range.toBase64());
}

// A request of an action, as the expression helpers expect it.
Validation::CheckedRequest actionRequest(const QJsonObject &action)
{
    Validation::CheckedRequest r;
    r.data = action;
    if (action.contains(u"ExpressionAttributeValues"))
        r.maps.insert(QStringLiteral("ExpressionAttributeValues"),
                      Validation::parseAttrMap(action.value(u"ExpressionAttributeValues").toObject()));
    return r;
}

// "Transaction cancelled, please refer cancellation reasons for specific reasons [A, B]".
Status cancelled(const QJsonArray &reasons)
{
    QStringList codes;
    for (const QJsonValue &r : reasons)
        codes.append(r.toObject().value(u"Code").toString());
    return Status::error(Items::ErrorCode::TransactionCanceled,
                         u"Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                             codes.join(u", ") + u']');
}

// A key whose shape the table's schema refuses (a wrong type, a missing or extra attribute) is
// reported by the service through the cancellation channel, as a ValidationError of its action,
// with None for the others; the transaction does not run. An empty or oversized key value is a
// plain ValidationException of the request.
// The key checks of a transaction's actions, in request order.
class ActionKeyChecks
{
public:
    // Records one action's key check. Returns the error to answer at once (a plain one), or
    // nothing; `usable` tells whether the action's key can be used.
    std::optional<Status> record(const Status &check, KeyProblem problem, bool &usable)
    {
        usable = check.isOk();
        if (!check.isOk() && problem != KeyProblem::Shape)
            return check;
        m_errors.append(check.isOk() ? std::nullopt : std::optional<Status>(check));
        m_any = m_any || !check.isOk();
        return std::nullopt;
    }
    bool anyCancels() const { return m_any; }
    ApiReply cancellation() const
    {
        QJsonArray reasons;
        for (const std::optional<Status> &e : m_errors) {
            if (e)
                reasons.append(
                    QJsonObject{{QStringLiteral("Code"), QStringLiteral("ValidationError")},
                                {QStringLiteral("Message"), e->message()}});
            else
                reasons.append(QJsonObject{{QStringLiteral("Code"), QStringLiteral("None")}});
        }
        return ApiReply::error(cancelled(reasons),
                               QJsonObject{{QStringLiteral("CancellationReasons"), reasons}});
    }

private:
    QList<std::optional<Status>> m_errors;
    bool m_any = false;
};

} // namespace

void TableEngine::transactWriteItems(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonArray items = req.data.value(u"TransactItems").toArray();
    static const QStringList kinds = {QStringLiteral("ConditionCheck"), QStringLiteral("Put"),
                                      QStringLiteral("Delete"), QStringLiteral("Update")};
    QList<Action> actions;
    QSet<QString> seen;
    ActionKeyChecks keyChecks;
    // First every action's own request (its members, values and expressions) ...
    struct CheckedAction
    {
        QString kind;
        QJsonObject request;
        Items::AttributeMap values;
        Expressions::ParsedExpressions exprs;
    };
    QList<CheckedAction> checked;
    for (const QJsonValue &v : items) {
        const QJsonObject entry = v.toObject();
        QString kind;
        int present = 0;
        for (const QString &k : kinds) {
            if (entry.contains(k)) {
                kind = k;
                ++present;
            }
        }
        if (present == 0)
            return done(invalid(QStringLiteral("Invalid Request: TransactWriteRequest should contain "
                                               "Delete or Put or Update request")));
        if (present > 1)
            return done(invalid(QStringLiteral("TransactItems can only contain one of Check, Put, "
                                               "Update or Delete")));
        const QJsonObject a = entry.value(kind).toObject();
        const bool isPut = kind == u"Put";
        const bool isUpdate = kind == u"Update";
        QStringList expressionParams;
        if (isUpdate)
            expressionParams.append(QStringLiteral("UpdateExpression"));
        expressionParams.append(QStringLiteral("ConditionExpression"));
        if (auto m = Validation::checkExpressionParams(a, expressionParams, {}))
            return done(invalid(*m));
        const Validation::ParsedMap values =
            Validation::parseAttrMap(a.value(isPut ? u"Item" : u"Key").toObject());
        if (values.error)
            return done(ApiReply::error(*values.error));
        if (isPut) {
            if (Status s = checkNesting(values.values); !s.isOk())
                return done(ApiReply::error(s));
        }
        if (isPut && sizeOf(values.values) > m_options.maxItemSize)
            return done(invalid(QStringLiteral("Item size has exceeded the maximum allowed size")));
        Result<Expressions::ParsedExpressions> exprs = parseExpressions(actionRequest(a));
        if (!exprs)
            return done(ApiReply::error(exprs.status()));
        checked.append({kind, a, values.values, std::move(exprs).value()});
    }

    // Then the tables, in request order: the service checks every action's request before it
    // looks any table up (a malformed later action wins over a missing table earlier).
    for (const CheckedAction &c : checked) {
        const QString &kind = c.kind;
        const QJsonObject &a = c.request;
        const bool isPut = kind == u"Put";
        const bool isUpdate = kind == u"Update";
        Result<TableMeta> table = findTable(a.value(u"TableName").toString(), true);
        if (!table)
            return done(ApiReply::error(table.status()));
        const KeySchema schema = KeySchema::of(*table);
        bool usable = false;
        KeyProblem problem = KeyProblem::Value;
        const Status keyCheck =
            isPut ? checkItemKey(c.values, schema, &problem) : checkKey(c.values, schema, &problem);
        if (auto e = keyChecks.record(keyCheck, problem, usable))
            return done(ApiReply::error(*e));
        if (!usable)
            continue;
        if (isPut) {
            if (Status s = Store::checkIndexKeys(c.values, table->indexes); !s.isOk())
                return done(ApiReply::error(s));
        }
        if (isUpdate && c.exprs.update) {
            const QStringList touched = Expressions::updatedTopLevelNames(*c.exprs.update);
            for (const QString &keyName : {schema.hashName, schema.rangeName}) {
                if (!keyName.isEmpty() && touched.contains(keyName))
                    return done(invalid(u"One or more parameter values were invalid: Cannot update attribute " +
                                        keyName + u". This attribute is part of the key"));
            }
        }

        Action action;
        PreparedWrite &w = action.write;
        w.kind = isPut ? PreparedWrite::Kind::Put
                       : isUpdate ? PreparedWrite::Kind::Update
                                  : kind == u"Delete" ? PreparedWrite::Kind::Delete
                                                      : PreparedWrite::Kind::ConditionCheck;
        w.tableId = table->id;
        w.key = encodeKey(c.values, schema);
        w.item = isPut ? c.values : keyOf(c.values, schema);
        w.condition = c.exprs.condition;
        w.update = c.exprs.update;
        w.maxItemSize = m_options.maxItemSize;
        w.indexes = table->indexes;
        action.returnOldOnFailure = a.value(u"ReturnValuesOnConditionCheckFailure").toString() == u"ALL_OLD";
        action.tableName = table->name;
        action.capacity = Capacity::WriteCapacity(req.data, *table, Capacity::Consumed::Kind::TransactWrite);
        const QString id = itemIdentity(w.tableId, w.key);
        if (seen.contains(id))
            return done(invalid(kMultipleOperations));
        seen.insert(id);
        actions.append(std::move(action));
    }

    if (keyChecks.anyCancels())
        return done(keyChecks.cancellation());

    // Idempotency: a retry of a successful transaction within ten minutes answers as it did,
    // without writing again; the same token on another request is refused.
    const QString token = req.data.value(u"ClientRequestToken").toString();
    const QByteArray canonical = QJsonDocument(req.data).toJson(QJsonDocument::Compact);
    const qint64 nowMs = now().toMSecsSinceEpoch();
    if (!token.isEmpty()) {
        QMutexLocker lock(&m_tokens->mutex);
        m_tokens->purge(nowMs);
        auto it = m_tokens->entries.constFind(token);
        if (it != m_tokens->entries.constEnd()) {
            if (it->request != canonical)
                return done(ApiReply::error(Status::error(
                    Items::ErrorCode::IdempotentParameterMismatch,
                    QStringLiteral("Request parameters for the transaction do not match the "
                                   "original request's parameters"))));
            return done(ApiReply::ok(it->response));
        }
    }

    auto errorFields = std::make_shared<QJsonObject>();
    const Capacity::Mode capacityMode = Capacity::requested(req.data);
    Mutation mutation = [actions, errorFields, capacityMode](WriteTxn &txn) -> Result<QJsonObject> {
        // Every condition against the items as they were, then every write.
        QJsonArray reasons;
        bool failed = false;
        QList<std::optional<StoredItem>> olds;
        for (const Action &a : actions) {
            std::optional<Items::Item> failedItem;
            Result<std::optional<StoredItem>> old = readAndCheck(txn, a.write, &failedItem);
            if (!old && old.status().code() != Items::ErrorCode::ConditionalCheckFailed)
                return old.status();
            if (!old) {
                failed = true;
                QJsonObject reason{{QStringLiteral("Code"), QStringLiteral("ConditionalCheckFailed")},
                                   {QStringLiteral("Message"), conditionFailedMessage()}};
                if (a.returnOldOnFailure && failedItem)
                    reason.insert(u"Item", Items::itemToJson(*failedItem));
                reasons.append(reason);
                olds.append(std::nullopt);
                continue;
            }
            reasons.append(QJsonObject{{QStringLiteral("Code"), QStringLiteral("None")}});
            olds.append(*old);
        }
        if (!failed) {
            for (qsizetype i = 0; i < actions.size(); ++i) {
                Result<std::optional<Items::Item>> written = applyWrite(txn, actions.at(i).write, olds.at(i));
                if (written)
                    continue;
                // A write the service refuses only when applying it (an update of the wrong
                // type, an item grown too large) cancels the transaction as a ValidationError.
                if (written.status().code() != Items::ErrorCode::Validation)
                    return written.status();
                reasons.replace(i, QJsonObject{{QStringLiteral("Code"), QStringLiteral("ValidationError")},
                                               {QStringLiteral("Message"), written.status().message()}});
                failed = true;
                break;
            }
        }
        if (failed) {
            errorFields->insert(u"CancellationReasons", reasons);
            return cancelled(reasons);  // rolls back this mutation's writes
        }
        QJsonObject response;
        if (capacityMode != Capacity::Mode::None) {
            // Each action costs two write units a KB of its item (a ConditionCheck: of the item
            // it checked), indexes included.
            QList<Capacity::Consumed> perTable;
            for (qsizetype i = 0; i < actions.size(); ++i) {
                const Action &a = actions.at(i);
                const std::optional<StoredItem> &old = olds.at(i);
                const bool writesItem = a.write.kind == PreparedWrite::Kind::Put ||
                                        a.write.kind == PreparedWrite::Kind::Update;
                std::optional<Items::Item> after;
                if (writesItem) {
                    Result<std::optional<StoredItem>> now = txn.get(a.write.tableId, a.write.key.hash,
                                                                    a.write.key.range);
                    if (now && *now)
                        after = (*now)->item;
                }
                if (a.write.kind == PreparedWrite::Kind::ConditionCheck) {
                    Capacity::Consumed units(a.tableName, Capacity::Consumed::Kind::TransactWrite);
                    units.addTable(Capacity::transactionalWriteUnits(old ? Items::itemByteSize(old->item) : 0));
                    addConsumed(perTable, units);
                } else {
                    addConsumed(perTable, a.capacity.units(old ? &old->item : nullptr, after ? &*after : nullptr));
                }
            }
            QJsonArray consumed;
            for (const Capacity::Consumed &c : perTable)
                consumed.append(c.toJson(capacityMode));
            response.insert(u"ConsumedCapacity", consumed);
        }
        return response;
    };
    auto tokens = m_tokens;
    ReplyFn answer = done;
    if (!token.isEmpty()) {
        answer = [done, tokens, token, canonical, nowMs](ApiReply reply) {
            if (reply.result) {
                QMutexLocker lock(&tokens->mutex);
                tokens->entries.insert(token, {canonical, nowMs, reply.result.value()});
            }
            done(std::move(reply));
        };
    }
    runWrite(*m_store, std::move(mutation), errorFields, answer);
}

void TableEngine::transactGetItems(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    struct Get
    {
        qint64 tableId;
        EncodedKey key;
        std::shared_ptr<const Expressions::ProjectionPlan> projection;
        QString tableName;
    };
    QList<Get> gets;
    QSet<QString> seen;
    ActionKeyChecks keyChecks;
    for (const QJsonValue &v : req.data.value(u"TransactItems").toArray()) {
        const QJsonObject g = v.toObject().value(u"Get").toObject();
        if (auto m = Validation::checkExpressionParams(g, {QStringLiteral("ProjectionExpression")}, {}))
            return done(invalid(*m));
        const Validation::ParsedMap key = Validation::parseAttrMap(g.value(u"Key").toObject());
        if (key.error)
            return done(ApiReply::error(*key.error));
        Result<Expressions::ParsedExpressions> exprs = parseExpressions(actionRequest(g));
        if (!exprs)
            return done(ApiReply::error(exprs.status()));
        Result<TableMeta> table = findTable(g.value(u"TableName").toString(), true);
        if (!table)
            return done(ApiReply::error(table.status()));
        const KeySchema schema = KeySchema::of(*table);
        bool usable = false;
        KeyProblem problem = KeyProblem::Value;
        const Status keyCheck = checkKey(key.values, schema, &problem);
        if (auto e = keyChecks.record(keyCheck, problem, usable))
            return done(ApiReply::error(*e));
        if (!usable)
            continue;
        if (Status s = checkKeyPaths(g, schema); !s.isOk())
            return done(ApiReply::error(s));
        Get get{table->id, encodeKey(key.values, schema), exprs->projection, table->name};
        const QString id = itemIdentity(get.tableId, get.key);
        if (seen.contains(id))
            return done(invalid(kMultipleOperations));
        seen.insert(id);
        gets.append(std::move(get));
    }
    if (keyChecks.anyCancels())
        return done(keyChecks.cancellation());

    QJsonArray responses;
    // Two read units per 4 KB of each item, a missing one at the minimum.
    QList<Capacity::Consumed> perTable;
    const Status s = m_store->readSnapshot([&]() -> Status {
        for (const Get &g : gets) {
            Result<std::optional<StoredItem>> found = m_store->get(g.tableId, g.key.hash, g.key.range);
            if (!found)
                return found.status();
            Capacity::Consumed units(g.tableName, Capacity::Consumed::Kind::TransactRead);
            units.addTable(Capacity::transactionalReadUnits(*found ? Items::itemByteSize((*found)->item) : 0));
            addConsumed(perTable, units);
            QJsonObject response;
            if (*found)
                response.insert(u"Item", Items::itemToJson(g.projection ? Expressions::project(*g.projection,
                                                                                              (*found)->item)
                                                                        : (*found)->item));
            responses.append(response);
        }
        return Status::ok();
    });
    if (!s.isOk())
        return done(ApiReply::error(s));
    QJsonObject response{{QStringLiteral("Responses"), responses}};
    if (const Capacity::Mode mode = Capacity::requested(req.data); mode != Capacity::Mode::None) {
        QJsonArray consumed;
        for (const Capacity::Consumed &c : perTable)
            consumed.append(c.toJson(mode));
        response.insert(u"ConsumedCapacity", consumed);
    }
    done(ApiReply::ok(response));
}

} // namespace Gatehouse::Tables
