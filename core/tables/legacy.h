// Thread affinity: any thread (pure functions over value types).
#pragma once

#include <tables/tableengine.h>

#include <expressions/expressions.h>
#include <items/attributevalue.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

// The legacy (pre-expression) parameters: Expected, AttributeUpdates, KeyConditions, QueryFilter,
// ScanFilter, AttributesToGet and ConditionalOperator. Older SDK mappers still send them.
//
// Conditions are translated into the expression trees the expression module evaluates: the
// service documents each legacy operator as an expression (EQ is `a = :v`, NULL is
// `attribute_not_exists(a)`, NOT_CONTAINS is `NOT contains(a, :v)` ...), so one evaluator gives
// both the same semantics, including a missing attribute (NE and NOT_CONTAINS are then true).
// AttributeUpdates are applied directly: ADD on lists and the "Type mismatch" wording have no
// expression equivalent.
//
// The check functions run in the service's custom validation phase, on the type-checked request
// members, and return the service's message (a ValidationException) or nullopt.
namespace Gatehouse::Tables::Legacy {

// "ConditionalOperator cannot be used without Filter or Expected" and "... can only be used when
// Filter or Expected has two or more elements". `conditionsMember`: Expected, QueryFilter or
// ScanFilter.
std::optional<QString> checkConditionalOperator(const QJsonObject &request,
                                                const QString &conditionsMember);
// Expected: Exists/Value/ComparisonOperator/AttributeValueList combinations, argument counts and
// types.
std::optional<QString> checkExpected(const QJsonObject &expected);
// QueryFilter, ScanFilter, KeyConditions: argument counts and types per ComparisonOperator.
std::optional<QString> checkConditions(const QJsonObject &conditions);
// "Duplicate value in attribute name".
std::optional<QString> checkAttributesToGet(const QJsonArray &names);
// Action and Value combinations of AttributeUpdates.
std::optional<QString> checkAttributeUpdates(const QJsonObject &updates);

// The checks above that an operation (PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan)
// makes on its legacy parameters, in the service's order; KeyConditions are checked apart
// (checkKeyConditions), after the expressions, as the service does.
std::optional<QString> checkRequest(const QString &operation, const QJsonObject &request);
// KeyConditions' arguments, then "Conditions can be of length 1 or 2 only".
std::optional<QString> checkKeyConditions(const QJsonObject &keyConditions);

// Fills `exprs` from the request's legacy parameters: Expected becomes the condition,
// QueryFilter or ScanFilter the filter, AttributesToGet the projection (with
// ConditionalOperator). REQUIRES: checkRequest passed.
void translate(const QJsonObject &request, Expressions::ParsedExpressions &exprs);

// REQUIRES for the translations: the matching check passed.
std::shared_ptr<const Expressions::ConditionNode> expectedCondition(const QJsonObject &expected,
                                                                    bool useOr);
std::shared_ptr<const Expressions::ConditionNode> filterCondition(const QJsonObject &conditions,
                                                                  bool useOr);
std::shared_ptr<const Expressions::ProjectionPlan> projection(const QJsonArray &names);

// KeyConditions resolved against a key schema (the table's or an index's), with the service's
// messages: "Query condition missed key schema element: id", "Query key condition not
// supported", "Attempted conditional constraint is not an indexable operation", and the type
// mismatch with the schema.
Result<Expressions::KeyCondition> keyCondition(const QJsonObject &keyConditions,
                                               const KeySchema &schema);

// AttributeUpdates applied to an item (the key alone when new). Errors as the service words
// them ("Type mismatch for attribute to update", number range errors).
Result<Items::Item> applyAttributeUpdates(const QJsonObject &updates, Items::Item item);
// The attributes named in AttributeUpdates, as UPDATED_OLD / UPDATED_NEW return them.
Items::Item updatedAttributes(const QJsonObject &updates, const Items::Item &item);

} // namespace Gatehouse::Tables::Legacy
