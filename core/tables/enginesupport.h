// Thread affinity: any thread. Helpers shared by the operation files of TableEngine (private).
#pragma once

#include <tables/requestvalidation.h>
#include <tables/tableengine.h>

#include <expressions/expressions.h>
#include <items/attributevalue.h>
#include <items/dynamoerror.h>

#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <functional>
#include <optional>

namespace Gatehouse::Tables::Support {

inline Status validation(const QString &message)
{
    return Status::error(Items::ErrorCode::Validation, message);
}

inline ApiReply invalid(const QString &message)
{
    return ApiReply::error(validation(message));
}

// A Long member of a request as the service echoes it in a message. JSON numbers arrive here as
// doubles: a value past a 64-bit integer shows as the largest one rather than wrapping.
QString longShown(double v);

// PutItem, UpdateItem and DeleteItem report the errors of their request checks (attribute values,
// expressions and their names and values, legacy parameters, ReturnValues) inside the service's
// "1 validation error detected: " envelope, as captured in 2026; checks against the table's
// schema (keys) stay bare. Other statuses pass unchanged.
Status enveloped(Status status);

// "Requested resource not found" as item operations and DescribeTable word it.
Status tableNotFound(const QString &name, bool withName);

// What a failed key check found: a key of the wrong shape (an attribute missing, extra or of
// another type) or a bad value (empty, too long). The transactions report them differently.
enum class KeyProblem { Shape, Value };

// The key attributes of an item being put: present, of the schema's type, not empty, not too
// long. Messages as PutItem gives them. `problem`, when given, is set on failure.
Status checkItemKey(const Items::Item &item, const KeySchema &schema,
                    KeyProblem *problem = nullptr);
// A Key parameter (GetItem, UpdateItem, DeleteItem, ExclusiveStartKey): exactly the key
// attributes with the schema's types.
Status checkKey(const Items::AttributeMap &key, const KeySchema &schema,
                KeyProblem *problem = nullptr);
// One key attribute of a Key parameter (used by Query's ExclusiveStartKey checks).
Status checkKeyPiece(const Items::AttributeMap &key, const QString &name, Items::AttributeType type,
                     bool isHash, KeyProblem *problem = nullptr);
// The service's limit of 32 levels of nesting in a document (an attribute is level 1, each map
// or list around a value one more), on the items written and on UpdateItem's values:
// ValidationException with the service's message.
Status checkNesting(const Items::AttributeMap &values);

// A value of a Query's key condition (either key, either form): not an empty string or binary,
// with the message the service gives for one.
Status checkKeyConditionValue(const Items::AttributeValue &value, const QString &name);

struct EncodedKey
{
    QByteArray hash;
    QByteArray range;  // empty for hash-only tables
};
// REQUIRES: checkKey or checkItemKey succeeded.
EncodedKey encodeKey(const Items::AttributeMap &item, const KeySchema &schema);
// The key attributes of an item (LastEvaluatedKey, the base of an UpdateItem on a new item).
Items::Item keyOf(const Items::Item &item, const KeySchema &schema);

// Builds the expression input of a request from its (type-checked) members and parses it.
// Applies the service's checks on the ExpressionAttributeNames/Values maps themselves first.
Result<Expressions::ParsedExpressions> parseExpressions(const Validation::CheckedRequest &req);

// The message of a bad value inside ExclusiveStartKey: the service prefixes most of them.
QString startKeyValueMessage(const QString &message);

// The top-level attribute names a (valid) condition expression refers to, with #placeholders
// resolved: for the service's ban on key attributes in a Query's FilterExpression.
// `nested` receives the heads used with a '.' or '[' after them.
QSet<QString> pathHeads(const QString &expression, const QMap<QString, QString> &names,
                        QSet<QString> *nested = nullptr);

// Calls `check` with the attribute names that ProjectionExpression, then FilterExpression, use
// with a '.' or '[' after them (placeholders resolved); the first error stops the walk. The
// shared part of the rule that key attributes are scalars there (table keys and index keys).
Status checkNestedPathHeads(const QJsonObject &request,
                            const std::function<Status(const QSet<QString> &nested)> &check);

// The service's rule that key attributes are scalars in projections and filters ("Key
// attributes must be scalars; ..."): checks the request's ProjectionExpression and
// FilterExpression (in that order) against the key schema.
Status checkKeyPaths(const QJsonObject &request, const KeySchema &schema);

// The item size DynamoDB's limits are measured with.
inline qint64 sizeOf(const Items::Item &item)
{
    return Items::itemByteSize(item);
}

} // namespace Gatehouse::Tables::Support
