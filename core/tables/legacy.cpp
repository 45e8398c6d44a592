#include "legacy.h"

#include <expressions/ast.h>
#include <items/dynamoerror.h>

namespace Gatehouse::Tables::Legacy {

using Expressions::ConditionNode;
using Expressions::Operand;
using Items::AttributeType;
using Items::AttributeValue;

namespace {

const QString kInvalid = QStringLiteral("One or more parameter values were invalid: ");

Status validation(const QString &message)
{
    return Status::error(Items::ErrorCode::Validation, message);
}

// The number of AttributeValueList entries each operator takes: {min, max}, max < 0 for any.
std::pair<int, int> argumentCount(const QString &op)
{
    if (op == u"NULL" || op == u"NOT_NULL")
        return {0, 0};
    if (op == u"IN")
        return {1, -1};
    if (op == u"BETWEEN")
        return {2, 2};
    return {1, 1};
}

// The types an operator's arguments may have (the service's documented lists).
bool typeAllowed(const QString &op, AttributeType type)
{
    const bool scalar = type == AttributeType::S || type == AttributeType::N || type == AttributeType::B;
    const bool set = type == AttributeType::SS || type == AttributeType::NS || type == AttributeType::BS;
    if (op == u"EQ" || op == u"NE")
        return scalar || set;
    if (op == u"BEGINS_WITH")
        return type == AttributeType::S || type == AttributeType::B;
    return scalar;
}

// The arguments of one condition: parsed values, or the first value's error message.
Result<QList<AttributeValue>> parseArguments(const QJsonArray &list)
{
    QList<AttributeValue> values;
    for (const QJsonValue &v : list) {
        Result<AttributeValue> parsed = AttributeValue::fromJson(v);
        if (!parsed)
            return parsed.status();
        values.append(*parsed);
    }
    return values;
}

// Count, same-type, per-operator type and BETWEEN order rules shared by Expected and the filters.
std::optional<QString> checkArguments(const QString &op, const QList<AttributeValue> &args)
{
    const auto [min, max] = argumentCount(op);
    if (args.size() < min || (max >= 0 && args.size() > max))
        return kInvalid + u"Invalid number of argument(s) for the " + op + u" ComparisonOperator";
    if (args.isEmpty())
        return std::nullopt;
    for (const AttributeValue &v : args) {
        if (v.type() != args.first().type())
            return kInvalid + u"AttributeValues inside AttributeValueList must be of same type";
    }
    for (const AttributeValue &v : args) {
        if (!typeAllowed(op, v.type()))
            return kInvalid + u"ComparisonOperator " + op + u" is not valid for " +
                   Items::typeName(v.type()) + u" AttributeValue type";
    }
    if (op == u"BETWEEN" && Items::encodeKeyValue(args.at(0)) > Items::encodeKeyValue(args.at(1)))
        return QStringLiteral("The BETWEEN condition was provided a range where the lower bound is "
                              "greater than the upper bound");
    return std::nullopt;
}

Operand pathOperand(const QString &name)
{
    Operand op;
    op.kind = Operand::Kind::Path;
    op.path = {Expressions::PathElement{name, -1}};
    return op;
}

Operand valueOperand(const AttributeValue &value)
{
    Operand op;
    op.kind = Operand::Kind::Value;
    op.value = value;
    op.valueDefined = true;
    return op;
}

std::shared_ptr<ConditionNode> node(ConditionNode::Kind kind)
{
    auto n = std::make_shared<ConditionNode>();
    n->kind = kind;
    return n;
}

// The expression the service documents for one legacy condition on one attribute.
std::shared_ptr<const ConditionNode> conditionFor(const QString &name, const QString &op,
                                                  const QList<AttributeValue> &args)
{
    auto compare = [&](ConditionNode::Cmp cmp) {
        auto n = node(ConditionNode::Kind::Compare);
        n->cmp = cmp;
        n->operands = {pathOperand(name), valueOperand(args.value(0))};
        return n;
    };
    auto function = [&](Operand::Fn fn, bool withValue) {
        auto n = node(ConditionNode::Kind::Function);
        n->function = fn;
        n->operands.push_back(pathOperand(name));
        if (withValue)
            n->operands.push_back(valueOperand(args.value(0)));
        return n;
    };
    if (op == u"EQ")
        return compare(ConditionNode::Cmp::Eq);
    if (op == u"NE")
        return compare(ConditionNode::Cmp::Ne);
    if (op == u"LT")
        return compare(ConditionNode::Cmp::Lt);
    if (op == u"LE")
        return compare(ConditionNode::Cmp::Le);
    if (op == u"GT")
        return compare(ConditionNode::Cmp::Gt);
    if (op == u"GE")
        return compare(ConditionNode::Cmp::Ge);
    if (op == u"NOT_NULL")
        return function(Operand::Fn::AttributeExists, false);
    if (op == u"NULL")
        return function(Operand::Fn::AttributeNotExists, false);
    if (op == u"CONTAINS")
        return function(Operand::Fn::Contains, true);
    if (op == u"NOT_CONTAINS") {
        auto n = node(ConditionNode::Kind::Not);
        n->children.push_back(function(Operand::Fn::Contains, true));
        return n;
    }
    if (op == u"BEGINS_WITH")
        return function(Operand::Fn::BeginsWith, true);
    if (op == u"IN" || op == u"BETWEEN") {
        auto n = node(op == u"IN" ? ConditionNode::Kind::In : ConditionNode::Kind::Between);
        n->operands.push_back(pathOperand(name));
        for (const AttributeValue &v : args)
            n->operands.push_back(valueOperand(v));
        return n;
    }
    return nullptr;
}

std::shared_ptr<const ConditionNode> combine(const QList<std::shared_ptr<const ConditionNode>> &parts,
                                             bool useOr)
{
    std::shared_ptr<const ConditionNode> tree;
    for (const auto &part : parts) {
        if (!part)
            continue;
        if (!tree) {
            tree = part;
            continue;
        }
        auto n = node(useOr ? ConditionNode::Kind::Or : ConditionNode::Kind::And);
        n->children = {tree, part};
        tree = n;
    }
    return tree;
}

// The arguments of an Expected entry with a ComparisonOperator: the list, or Value alone.
QJsonArray expectedArguments(const QJsonObject &c)
{
    if (c.contains(u"AttributeValueList"))
        return c.value(u"AttributeValueList").toArray();
    if (c.contains(u"Value"))
        return QJsonArray{c.value(u"Value")};
    return {};
}

bool isSetType(AttributeType t)
{
    return t == AttributeType::SS || t == AttributeType::NS || t == AttributeType::BS;
}

// Members of `a` not in `b` (remove) or `a` followed by the members of `b` it lacks (union).
template<typename T>
QList<T> setDifference(const QList<T> &a, const QList<T> &b)
{
    QList<T> out;
    for (const T &x : a)
        if (!b.contains(x))
            out.append(x);
    return out;
}

template<typename T>
QList<T> setUnion(const QList<T> &a, const QList<T> &b)
{
    QList<T> out = a;
    for (const T &x : b)
        if (!out.contains(x))
            out.append(x);
    return out;
}

// The set `a` with `b`'s members added or removed; an empty optional for an emptied set.
std::optional<AttributeValue> combineSets(const AttributeValue &a, const AttributeValue &b, bool add)
{
    switch (a.type()) {
    case AttributeType::SS: {
        QList<QString> r = add ? setUnion(a.stringSet(), b.stringSet()) : setDifference(a.stringSet(), b.stringSet());
        return r.isEmpty() ? std::nullopt : std::optional(AttributeValue::fromStringSet(r));
    }
    case AttributeType::NS: {
        QList<Items::Decimal> r = add ? setUnion(a.numberSet(), b.numberSet()) : setDifference(a.numberSet(), b.numberSet());
        return r.isEmpty() ? std::nullopt : std::optional(AttributeValue::fromNumberSet(r));
    }
    default: {
        QList<QByteArray> r = add ? setUnion(a.binarySet(), b.binarySet()) : setDifference(a.binarySet(), b.binarySet());
        return r.isEmpty() ? std::nullopt : std::optional(AttributeValue::fromBinarySet(r));
    }
    }
}

} // namespace

std::optional<QString> checkConditionalOperator(const QJsonObject &request, const QString &conditionsMember)
{
    if (!request.contains(u"ConditionalOperator"))
        return std::nullopt;
    const qsizetype n = request.value(conditionsMember).toObject().size();
    if (n == 0)
        return QStringLiteral("ConditionalOperator cannot be used without Filter or Expected");
    if (n == 1)
        return QStringLiteral("ConditionalOperator can only be used when Filter or Expected has two or more "
                              "elements");
    return std::nullopt;
}

std::optional<QString> checkExpected(const QJsonObject &expected)
{
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const QString &key = it.key();
        const QJsonObject c = it.value().toObject();
        if (c.contains(u"AttributeValueList") && c.contains(u"Value"))
            return kInvalid + u"Value and AttributeValueList cannot be used together for Attribute: " + key;
        if (c.contains(u"ComparisonOperator")) {
            const QString op = c.value(u"ComparisonOperator").toString();
            if (c.contains(u"Exists"))
                return kInvalid + u"Exists and ComparisonOperator cannot be used together for Attribute: " + key;
            if (op != u"NULL" && op != u"NOT_NULL" && !c.contains(u"AttributeValueList") && !c.contains(u"Value"))
                return kInvalid + u"Value or AttributeValueList must be used with ComparisonOperator: " + op +
                       u" for Attribute: " + key;
            const QJsonArray list = expectedArguments(c);
            const auto [min, max] = argumentCount(op);
            if (list.size() < min || (max >= 0 && list.size() > max))
                return kInvalid + u"Invalid number of argument(s) for the " + op + u" ComparisonOperator";
            Result<QList<AttributeValue>> args = parseArguments(list);
            if (!args)
                return args.status().message();
            if (auto m = checkArguments(op, *args))
                return m;
        } else if (c.contains(u"AttributeValueList")) {
            return kInvalid + u"AttributeValueList can only be used with a ComparisonOperator for Attribute: " + key;
        } else {
            const bool existsGiven = c.contains(u"Exists");
            const bool exists = !existsGiven || c.value(u"Exists").toBool();
            if (exists && !c.contains(u"Value"))
                return kInvalid + u"Value must be provided when Exists is " +
                       (existsGiven ? QStringLiteral("true") : QStringLiteral("null")) + u" for Attribute: " + key;
            if (!exists && c.contains(u"Value"))
                return kInvalid + u"Value cannot be used when Exists is false for Attribute: " + key;
            if (c.contains(u"Value")) {
                Result<AttributeValue> v = AttributeValue::fromJson(c.value(u"Value"));
                if (!v)
                    return v.status().message();
            }
        }
    }
    return std::nullopt;
}

std::optional<QString> checkConditions(const QJsonObject &conditions)
{
    for (auto it = conditions.begin(); it != conditions.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        Result<QList<AttributeValue>> args = parseArguments(c.value(u"AttributeValueList").toArray());
        if (!args)
            return args.status().message();
        if (auto m = checkArguments(c.value(u"ComparisonOperator").toString(), *args))
            return m;
    }
    return std::nullopt;
}

std::optional<QString> checkAttributesToGet(const QJsonArray &names)
{
    QSet<QString> seen;
    for (const QJsonValue &v : names) {
        const QString name = v.toString();
        if (seen.contains(name))
            return kInvalid + u"Duplicate value in attribute name: " + name;
        seen.insert(name);
    }
    return std::nullopt;
}

std::optional<QString> checkAttributeUpdates(const QJsonObject &updates)
{
    for (auto it = updates.begin(); it != updates.end(); ++it) {
        if (it.key().isEmpty())
            return Items::emptyAttributeName().message();
        const QJsonObject u = it.value().toObject();
        const QString action = u.value(u"Action").toString(QStringLiteral("PUT"));
        std::optional<AttributeValue> value;
        if (u.contains(u"Value")) {
            Result<AttributeValue> v = AttributeValue::fromJson(u.value(u"Value"));
            if (!v)
                return v.status().message();
            value = *v;
        }
        if (!value && action != u"DELETE")
            return kInvalid + u"Only DELETE action is allowed when no attribute value is specified";
        if (value && action == u"DELETE" && !isSetType(value->type()))
            return kInvalid + u"DELETE action with value is not supported for the type " + Items::typeName(value->type());
        if (value && action == u"ADD" && !isSetType(value->type()) && value->type() != AttributeType::N &&
            value->type() != AttributeType::L)
            return kInvalid + u"ADD action is not supported for the type " + Items::typeName(value->type());
    }
    return std::nullopt;
}

std::optional<QString> checkRequest(const QString &operation, const QJsonObject &request)
{
    const bool isQuery = operation == u"Query";
    const bool isScan = operation == u"Scan";
    if (operation != u"GetItem") {
        const QString member = isQuery ? QStringLiteral("QueryFilter")
                               : isScan ? QStringLiteral("ScanFilter")
                                        : QStringLiteral("Expected");
        if (auto m = checkConditionalOperator(request, member))
            return m;
    }
    const QJsonArray names = request.value(u"AttributesToGet").toArray();
    if (isQuery) {
        if (auto m = checkConditions(request.value(u"QueryFilter").toObject()))
            return m;
        return checkAttributesToGet(names);
    }
    if (isScan) {
        if (auto m = checkAttributesToGet(names))
            return m;
        return checkConditions(request.value(u"ScanFilter").toObject());
    }
    if (operation == u"GetItem")
        return checkAttributesToGet(names);
    if (operation == u"UpdateItem") {
        if (auto m = checkAttributeUpdates(request.value(u"AttributeUpdates").toObject()))
            return m;
    }
    return checkExpected(request.value(u"Expected").toObject());
}

std::optional<QString> checkKeyConditions(const QJsonObject &keyConditions)
{
    if (auto m = checkConditions(keyConditions))
        return m;
    if (keyConditions.size() != 1 && keyConditions.size() != 2)
        return QStringLiteral("Conditions can be of length 1 or 2 only");
    return std::nullopt;
}

void translate(const QJsonObject &request, Expressions::ParsedExpressions &exprs)
{
    const bool useOr = request.value(u"ConditionalOperator").toString() == u"OR";
    if (request.contains(u"Expected"))
        exprs.condition = expectedCondition(request.value(u"Expected").toObject(), useOr);
    for (const char *member : {"QueryFilter", "ScanFilter"}) {
        if (request.contains(QLatin1String(member)))
            exprs.filter = filterCondition(request.value(QLatin1String(member)).toObject(), useOr);
    }
    if (request.contains(u"AttributesToGet"))
        exprs.projection = projection(request.value(u"AttributesToGet").toArray());
}

std::shared_ptr<const ConditionNode> expectedCondition(const QJsonObject &expected, bool useOr)
{
    QList<std::shared_ptr<const ConditionNode>> parts;
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        if (c.contains(u"ComparisonOperator")) {
            Result<QList<AttributeValue>> args = parseArguments(expectedArguments(c));
            parts.append(conditionFor(it.key(), c.value(u"ComparisonOperator").toString(),
                                      args ? *args : QList<AttributeValue>()));
            continue;
        }
        // Exists true (or absent) with a Value is equality; Exists false is absence.
        if (c.contains(u"Value")) {
            Result<AttributeValue> v = AttributeValue::fromJson(c.value(u"Value"));
            parts.append(conditionFor(it.key(), QStringLiteral("EQ"), {v ? *v : AttributeValue()}));
        } else {
            parts.append(conditionFor(it.key(), QStringLiteral("NULL"), {}));
        }
    }
    return combine(parts, useOr);
}

std::shared_ptr<const ConditionNode> filterCondition(const QJsonObject &conditions, bool useOr)
{
    QList<std::shared_ptr<const ConditionNode>> parts;
    for (auto it = conditions.begin(); it != conditions.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        Result<QList<AttributeValue>> args = parseArguments(c.value(u"AttributeValueList").toArray());
        parts.append(conditionFor(it.key(), c.value(u"ComparisonOperator").toString(),
                                  args ? *args : QList<AttributeValue>()));
    }
    return combine(parts, useOr);
}

std::shared_ptr<const Expressions::ProjectionPlan> projection(const QJsonArray &names)
{
    auto plan = std::make_shared<Expressions::ProjectionPlan>();
    for (const QJsonValue &v : names)
        plan->paths.push_back({Expressions::PathElement{v.toString(), -1}});
    return plan;
}

Result<Expressions::KeyCondition> keyCondition(const QJsonObject &keyConditions, const KeySchema &schema)
{
    using SortOp = Expressions::KeyCondition::SortOp;
    Expressions::KeyCondition out;
    const qsizetype n = keyConditions.size();
    for (int i = 0; i < (schema.hasRange() ? 2 : 1); ++i) {
        const bool isHash = i == 0;
        const QString &name = isHash ? schema.hashName : schema.rangeName;
        const AttributeType type = isHash ? schema.hashType : schema.rangeType;
        if (isHash && !schema.hasRange() && n > 1)
            return validation(QStringLiteral("Query key condition not supported"));
        if (!keyConditions.contains(name)) {
            if (isHash || n > 1)
                return validation(u"Query condition missed key schema element: " + name);
            continue;
        }
        const QJsonObject c = keyConditions.value(name).toObject();
        const QString op = c.value(u"ComparisonOperator").toString();
        static const QStringList notIndexable = {QStringLiteral("NULL"), QStringLiteral("NOT_NULL"),
                                                 QStringLiteral("NE"), QStringLiteral("CONTAINS"),
                                                 QStringLiteral("NOT_CONTAINS"), QStringLiteral("IN")};
        if (notIndexable.contains(op))
            return validation(QStringLiteral("Attempted conditional constraint is not an indexable operation"));
        Result<QList<AttributeValue>> args = parseArguments(c.value(u"AttributeValueList").toArray());
        if (!args)
            return args.status();
        for (const AttributeValue &v : *args) {
            if (v.type() != type)
                return validation(kInvalid + u"Condition parameter type does not match schema type");
        }
        if (isHash && op != u"EQ")
            return validation(QStringLiteral("Query key condition not supported"));
        if (isHash) {
            out.partitionName = name;
            out.partitionValue = args->value(0);
            continue;
        }
        out.sortName = name;
        out.sortValue1 = args->value(0);
        out.sortValue2 = args->value(1);
        out.sortOp = op == u"EQ"            ? SortOp::Eq
                     : op == u"LT"          ? SortOp::Lt
                     : op == u"LE"          ? SortOp::Le
                     : op == u"GT"          ? SortOp::Gt
                     : op == u"GE"          ? SortOp::Ge
                     : op == u"BETWEEN"     ? SortOp::Between
                                            : SortOp::BeginsWith;
    }
    return out;
}

Result<Items::Item> applyAttributeUpdates(const QJsonObject &updates, Items::Item item)
{
    const QString mismatch = QStringLiteral("Type mismatch for attribute to update");
    for (auto it = updates.begin(); it != updates.end(); ++it) {
        const QString &name = it.key();
        const QJsonObject u = it.value().toObject();
        const QString action = u.value(u"Action").toString(QStringLiteral("PUT"));
        std::optional<AttributeValue> value;
        if (u.contains(u"Value")) {
            Result<AttributeValue> v = AttributeValue::fromJson(u.value(u"Value"));
            if (!v)
                return v.status();
            value = *v;
        }
        auto existing = item.constFind(name);
        const bool present = existing != item.constEnd();
        if (action == u"PUT") {
            item.insert(name, *value);
        } else if (action == u"DELETE") {
            if (!value) {
                item.remove(name);
            } else if (present) {
                if (existing->type() != value->type())
                    return validation(mismatch);
                std::optional<AttributeValue> rest = combineSets(*existing, *value, false);
                if (rest)
                    item.insert(name, *rest);
                else
                    item.remove(name);
            }
        } else {  // ADD
            if (!present) {
                item.insert(name, *value);
                continue;
            }
            if (existing->type() != value->type())
                return validation(mismatch);
            if (value->type() == AttributeType::N) {
                Result<Items::Decimal> sum = existing->number().add(value->number());
                if (!sum)
                    return sum.status();
                item.insert(name, AttributeValue::fromNumber(*sum));
            } else if (value->type() == AttributeType::L) {
                item.insert(name, AttributeValue::fromList(existing->list() + value->list()));
            } else {
                item.insert(name, *combineSets(*existing, *value, true));
            }
        }
    }
    return item;
}

Items::Item updatedAttributes(const QJsonObject &updates, const Items::Item &item)
{
    Items::Item out;
    for (auto it = updates.begin(); it != updates.end(); ++it) {
        auto found = item.constFind(it.key());
        if (found != item.constEnd())
            out.insert(it.key(), *found);
    }
    return out;
}

} // namespace Gatehouse::Tables::Legacy
