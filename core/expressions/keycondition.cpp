#include "keycondition.h"

#include <items/dynamoerror.h>

namespace Gatehouse::Expressions {

using Items::AttributeType;
using SortOp = KeyCondition::SortOp;

namespace {

Status validation(const QString &message)
{
    return Status::error(Items::ErrorCode::Validation, message);
}

const char *functionName(Operand::Fn fn)
{
    switch (fn) {
    case Operand::Fn::AttributeExists: return "attribute_exists";
    case Operand::Fn::AttributeNotExists: return "attribute_not_exists";
    case Operand::Fn::AttributeType: return "attribute_type";
    case Operand::Fn::Contains: return "contains";
    case Operand::Fn::BeginsWith: return "begins_with";
    default: return "size";
    }
}

SortOp sortOpFor(ConditionNode::Cmp cmp, bool flipped)
{
    switch (cmp) {
    case ConditionNode::Cmp::Lt: return flipped ? SortOp::Gt : SortOp::Lt;
    case ConditionNode::Cmp::Le: return flipped ? SortOp::Ge : SortOp::Le;
    case ConditionNode::Cmp::Gt: return flipped ? SortOp::Lt : SortOp::Gt;
    case ConditionNode::Cmp::Ge: return flipped ? SortOp::Le : SortOp::Ge;
    default: return SortOp::Eq;
    }
}

QString opName(SortOp op)
{
    switch (op) {
    case SortOp::Eq: return QStringLiteral("EQ");
    case SortOp::Lt: return QStringLiteral("LT");
    case SortOp::Le: return QStringLiteral("LE");
    case SortOp::Gt: return QStringLiteral("GT");
    case SortOp::Ge: return QStringLiteral("GE");
    case SortOp::Between: return QStringLiteral("BETWEEN");
    case SortOp::BeginsWith: return QStringLiteral("BEGINS_WITH");
    default: return QString();
    }
}

Status collect(const ConditionNode &node, QList<KeyPart> &parts)
{
    const QString invalidOp = QStringLiteral("Invalid operator used in KeyConditionExpression: ");
    switch (node.kind) {
    case ConditionNode::Kind::Or: return validation(invalidOp + u"OR");
    case ConditionNode::Kind::Not: return validation(invalidOp + u"NOT");
    case ConditionNode::Kind::In: return validation(invalidOp + u"IN");
    case ConditionNode::Kind::And:
        for (const auto &child : node.children) {
            Status s = collect(*child, parts);
            if (!s)
                return s;
        }
        return Status::ok();
    default:
        break;
    }
    if (node.kind == ConditionNode::Kind::Compare && node.cmp == ConditionNode::Cmp::Ne)
        return validation(invalidOp + u"<>");
    if (node.kind == ConditionNode::Kind::Function && node.function != Operand::Fn::BeginsWith)
        return validation(invalidOp + QLatin1String(functionName(node.function)));
    const bool firstIsPath = !node.operands.empty()
                             && node.operands[0].kind == Operand::Kind::Path;
    if (node.kind == ConditionNode::Kind::Between && !firstIsPath)
        return validation(QStringLiteral("Invalid condition in KeyConditionExpression: BETWEEN "
                                         "operator must have the key attribute as its first operand"));
    if (node.kind == ConditionNode::Kind::Function && !firstIsPath)
        return validation(QStringLiteral("Invalid condition in KeyConditionExpression: begins_with "
                                         "operator must have the key attribute as its first operand"));
    QString name;
    size_t nameAt = 0;
    QList<Items::AttributeValue> values;
    for (size_t i = 0; i < node.operands.size(); ++i) {
        const Operand &op = node.operands[i];
        if (op.kind == Operand::Kind::Path) {
            if (!name.isNull())
                return validation(QStringLiteral("Invalid condition in KeyConditionExpression: "
                                                 "Multiple attribute names used in one condition"));
            if (op.path.size() > 1)
                return validation(QStringLiteral(
                    "KeyConditionExpressions cannot have conditions on nested attributes"));
            name = op.path.first().name;
            nameAt = i;
        } else if (op.kind == Operand::Kind::Function) {
            return validation(
                QStringLiteral("KeyConditionExpressions cannot contain nested operations"));
        } else {
            values.append(op.value);
        }
    }
    if (name.isNull())
        return validation(QStringLiteral(
            "Invalid condition in KeyConditionExpression: No key attribute specified"));
    for (const KeyPart &p : parts)
        if (p.name == name)
            return validation(
                QStringLiteral("Invalid KeyConditionExpression: KeyConditionExpressions "
                               "must only contain one condition per key"));
    KeyPart part;
    part.name = name;
    part.values = values;
    if (node.kind == ConditionNode::Kind::Between)
        part.op = SortOp::Between;
    else if (node.kind == ConditionNode::Kind::Function)
        part.op = SortOp::BeginsWith;
    else
        part.op = sortOpFor(node.cmp, nameAt != 0);
    parts.append(part);
    return Status::ok();
}

} // namespace

Result<QList<KeyPart>> extractKeyParts(const ConditionNode &keyCondition)
{
    QList<KeyPart> parts;
    Status s = collect(keyCondition, parts);
    if (!s)
        return s;
    for (const KeyPart &p : parts) {
        for (const Items::AttributeValue &v : p.values) {
            const AttributeType t = v.type();
            const bool scalar = t == AttributeType::S || t == AttributeType::N
                                || t == AttributeType::B;
            // Equality takes any type here: one that is not the key's fails the schema check
            // ("Condition parameter type does not match schema type"), as the service answers.
            const bool allowed = p.op == SortOp::Eq ? true
                                 : p.op == SortOp::BeginsWith
                                     ? (t == AttributeType::S || t == AttributeType::B)
                                     : scalar;
            if (!allowed)
                return validation(u"One or more parameter values were invalid: ComparisonOperator "
                                  + opName(p.op) + u" is not valid for " + Items::typeName(t)
                                  + u" AttributeValue type");
        }
    }
    return parts;
}

Result<KeyCondition> resolveKeyCondition(const ConditionNode &keyCondition,
                                         const QString &partitionKeyName,
                                         const QString &sortKeyName)
{
    Result<QList<KeyPart>> parts = extractKeyParts(keyCondition);
    if (!parts)
        return parts.status();
    auto find = [&](const QString &name) -> const KeyPart * {
        for (const KeyPart &p : *parts)
            if (p.name == name)
                return &p;
        return nullptr;
    };
    const qsizetype keyAttributes = sortKeyName.isEmpty() ? 1 : 2;
    if (parts->size() > 2)
        return validation(u"The number of query conditions (" + QString::number(parts->size()) +
                          u") exceeds the number of key attributes defined in the schema (" +
                          QString::number(keyAttributes) + u')');
    if (sortKeyName.isEmpty() && parts->size() > 1)
        return validation(QStringLiteral("Query key condition not supported"));
    const KeyPart *hash = find(partitionKeyName);
    if (!hash)
        return validation(u"Query condition missed key schema element: " + partitionKeyName);
    if (hash->op != SortOp::Eq)
        return validation(QStringLiteral("Query key condition not supported"));
    KeyCondition out;
    out.partitionName = partitionKeyName;
    out.partitionValue = hash->values.value(0);
    if (!sortKeyName.isEmpty()) {
        const KeyPart *range = find(sortKeyName);
        if (!range && parts->size() > 1)
            return validation(u"Query condition missed key schema element: " + sortKeyName);
        if (range) {
            out.sortName = sortKeyName;
            out.sortOp = range->op;
            out.sortValue1 = range->values.value(0);
            out.sortValue2 = range->values.value(1);
        }
    }
    return out;
}

Status checkKeyConditionTypes(const KeyCondition &condition, AttributeType partitionKeyType,
                              AttributeType sortKeyType)
{
    const Status mismatch = validation(QStringLiteral(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type"));
    if (condition.partitionValue.type() != partitionKeyType)
        return mismatch;
    if (condition.sortOp == SortOp::None)
        return Status::ok();
    if (condition.sortValue1.type() != sortKeyType)
        return mismatch;
    if (condition.sortOp == SortOp::Between && condition.sortValue2.type() != sortKeyType)
        return mismatch;
    return Status::ok();
}

} // namespace Gatehouse::Expressions
