// Thread affinity: any thread. Parsed expressions are immutable and may be shared across threads.
#pragma once

#include <common/status.h>
#include <items/attributevalue.h>

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Gatehouse::Expressions {

// The expression parameters of one DynamoDB request, as they arrived. std::nullopt means the
// parameter was absent (which matters for the service's validation messages).
struct ExpressionInput
{
    std::optional<QString> conditionExpression;
    std::optional<QString> filterExpression;
    std::optional<QString> keyConditionExpression;
    std::optional<QString> updateExpression;
    std::optional<QString> projectionExpression;
    std::optional<QMap<QString, QString>> names;                  // ExpressionAttributeNames
    std::optional<QMap<QString, Items::AttributeValue>> values;   // ExpressionAttributeValues
};

struct ConditionNode;   // opaque: condition, filter and key condition trees
struct UpdatePlan;      // opaque: the SET/REMOVE/ADD/DELETE actions
struct ProjectionPlan;  // opaque: the projected document paths

// The compiled expressions of one request. Null members were absent.
struct ParsedExpressions
{
    std::shared_ptr<const ConditionNode> condition;
    std::shared_ptr<const ConditionNode> filter;
    std::shared_ptr<const ConditionNode> keyCondition;
    std::shared_ptr<const UpdatePlan> update;
    std::shared_ptr<const ProjectionPlan> projection;
};

// The checks the service makes on a request's expression parameters before parsing them.
// `operationExpressions` are the expression parameters the operation accepts, in the service's
// order (UpdateItem: {"UpdateExpression", "ConditionExpression"}; Query: {"ProjectionExpression",
// "FilterExpression", "KeyConditionExpression"}); `legacyPresent` the legacy parameters present
// in the request, in the service's order (e.g. {"AttributeUpdates", "Expected"}; for Query leave
// KeyConditions out when KeyConditionExpression is absent). Reports mixing both kinds, and names
// or values given without an expression that could use them.
Status checkExpressionParameters(const ExpressionInput &input,
                                 const QStringList &operationExpressions,
                                 const QStringList &legacyPresent);

// Reads a request's ExpressionAttributeValues with Items::AttributeValue::fromJson, reporting a
// value the service refuses as it does ("ExpressionAttributeValues contains invalid value: <why>
// for key :v"); SerializationExceptions pass through unchanged. Keys are not checked here:
// parse() reports empty maps and malformed keys.
Result<QMap<QString, Items::AttributeValue>> readExpressionAttributeValues(const QJsonObject &json);

// Parses and validates every expression of a request with its names and values, as the service
// does: syntax errors naming the token, reserved words, undefined and unused names and values
// (across all expressions of the request), overlapping and conflicting paths, wrong function
// usage, IN with more than 100 operands, expression length limits. Errors are
// ValidationException with the service's exact message.
Result<ParsedExpressions> parse(const ExpressionInput &input);

// True when the item satisfies the condition (a missing item is an empty Item).
bool evaluate(const ConditionNode &condition, const Items::Item &item);

// Applies an update to the item (empty when new). Runtime errors as the service gives them:
// wrong operand types, list_append on a non-list, a path through a missing or non-map value
// ("The document path provided in the update expression is invalid for update"), numbers out
// of range. Key attributes are not checked here.
Result<Items::Item> applyUpdate(const UpdatePlan &update, const Items::Item &item);

// Top-level attribute names the update touches (to check it does not modify a key).
QStringList updatedTopLevelNames(const UpdatePlan &update);

// The attributes an update touched, as UPDATED_OLD / UPDATED_NEW return them (document paths
// projected from `item`, which is the old or the new item).
Items::Item updatedAttributes(const UpdatePlan &update, const Items::Item &item);

// The item projected on the given paths; nested paths keep their nesting, list elements are
// compacted as the service does.
Items::Item project(const ProjectionPlan &projection, const Items::Item &item);
// The top-level attribute names a projection reads, in expression order, without repeats.
QStringList projectedTopLevelNames(const ProjectionPlan &projection);

// A key condition resolved against a key schema, for a range scan.
struct KeyCondition
{
    enum class SortOp { None, Eq, Lt, Le, Gt, Ge, Between, BeginsWith };
    QString partitionName;
    Items::AttributeValue partitionValue;
    QString sortName;            // empty when the condition has no sort-key part
    SortOp sortOp = SortOp::None;
    Items::AttributeValue sortValue1;
    Items::AttributeValue sortValue2;  // BETWEEN's upper bound
};

// Resolves a parsed KeyConditionExpression against the table's (or index's) key names, with the
// service's messages ("Query condition missed key schema element: id", "Query key condition not
// supported", ...). `sortKeyName` is empty for a hash-only key schema.
Result<KeyCondition> resolveKeyCondition(const ConditionNode &keyCondition,
                                         const QString &partitionKeyName,
                                         const QString &sortKeyName);

// The service's check that the key condition's values have the key attributes' types ("One or
// more parameter values were invalid: Condition parameter type does not match schema type").
// `sortKeyType` is ignored when the condition has no sort-key part.
Status checkKeyConditionTypes(const KeyCondition &condition, Items::AttributeType partitionKeyType,
                              Items::AttributeType sortKeyType);

} // namespace Gatehouse::Expressions
