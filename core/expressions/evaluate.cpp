// Condition evaluation: walks the parsed tree; paths are looked up directly, nothing is re-parsed.
#include "evaluate.h"

#include "parser.h"

namespace Gatehouse::Expressions {

using Items::AttributeType;
using Items::AttributeValue;

const AttributeValue *lookupPath(const DocumentPath &path, const Items::Item &item)
{
    if (path.isEmpty())
        return nullptr;
    auto top = item.constFind(path.first().name);
    if (path.first().isIndex() || top == item.constEnd())
        return nullptr;
    const AttributeValue *current = &*top;
    for (qsizetype i = 1; i < path.size(); ++i) {
        const PathElement &e = path.at(i);
        if (e.isIndex()) {
            if (current->type() != AttributeType::L || e.index >= current->list().size())
                return nullptr;
            current = &current->list().at(e.index);
        } else {
            if (current->type() != AttributeType::M)
                return nullptr;
            const Items::AttributeMap &m = current->map();
            auto it = m.constFind(e.name);
            if (it == m.constEnd())
                return nullptr;
            current = &*it;
        }
    }
    return current;
}

std::optional<qint64> sizeOf(const AttributeValue &v)
{
    switch (v.type()) {
    case AttributeType::S: return v.string().size();
    case AttributeType::B: return v.binary().size();
    case AttributeType::SS: return v.stringSet().size();
    case AttributeType::NS: return v.numberSet().size();
    case AttributeType::BS: return v.binarySet().size();
    case AttributeType::L: return v.list().size();
    case AttributeType::M: return v.map().size();
    default: return std::nullopt;
    }
}

namespace {

// An operand's value for one item: a pointer into the item or the operand, or into `storage`
// for computed values (size). Null when the path is missing.
const AttributeValue *resolve(const Operand &op, const Items::Item &item, AttributeValue &storage)
{
    switch (op.kind) {
    case Operand::Kind::Value:
        return &op.value;
    case Operand::Kind::Path:
        return lookupPath(op.path, item);
    case Operand::Kind::Function:
        if (op.function == Operand::Fn::Size && !op.args.empty()) {
            AttributeValue inner;
            const AttributeValue *v = resolve(op.args[0], item, inner);
            if (!v)
                return nullptr;
            const std::optional<qint64> size = sizeOf(*v);
            if (!size)
                return nullptr;
            auto n = Items::Decimal::parse(QString::number(*size));
            if (!n)
                return nullptr;
            storage = AttributeValue::fromNumber(*n);
            return &storage;
        }
        return nullptr;
    default:
        return nullptr;
    }
}

bool isScalar(AttributeType t)
{
    return t == AttributeType::S || t == AttributeType::N || t == AttributeType::B;
}

bool compareOp(ConditionNode::Cmp cmp, const AttributeValue *a, const AttributeValue *b)
{
    if (cmp == ConditionNode::Cmp::Eq)
        return a && b && *a == *b;
    if (cmp == ConditionNode::Cmp::Ne)
        return !(a && b && *a == *b);
    if (!a || !b || a->type() != b->type() || !isScalar(a->type()))
        return false;
    const int c = compareScalars(*a, *b);
    switch (cmp) {
    case ConditionNode::Cmp::Lt: return c < 0;
    case ConditionNode::Cmp::Le: return c <= 0;
    case ConditionNode::Cmp::Gt: return c > 0;
    case ConditionNode::Cmp::Ge: return c >= 0;
    default: return false;
    }
}

bool beginsWith(const AttributeValue *a, const AttributeValue *b)
{
    if (!a || !b || a->type() != b->type())
        return false;
    if (a->type() == AttributeType::S)
        return a->string().startsWith(b->string());
    if (a->type() == AttributeType::B)
        return a->binary().startsWith(b->binary());
    return false;
}

bool contains(const AttributeValue *a, const AttributeValue *b)
{
    if (!a || !b)
        return false;
    switch (a->type()) {
    case AttributeType::S:
        return b->type() == AttributeType::S && a->string().contains(b->string());
    case AttributeType::B:
        return b->type() == AttributeType::B && a->binary().contains(b->binary());
    case AttributeType::SS:
        return b->type() == AttributeType::S && a->stringSet().contains(b->string());
    case AttributeType::NS:
        return b->type() == AttributeType::N && a->numberSet().contains(b->number());
    case AttributeType::BS:
        return b->type() == AttributeType::B && a->binarySet().contains(b->binary());
    case AttributeType::L:
        for (const AttributeValue &e : a->list())
            if (e == *b)
                return true;
        return false;
    default:
        return false;
    }
}

} // namespace

bool evaluate(const ConditionNode &node, const Items::Item &item)
{
    switch (node.kind) {
    case ConditionNode::Kind::And:
        return evaluate(*node.children[0], item) && evaluate(*node.children[1], item);
    case ConditionNode::Kind::Or:
        return evaluate(*node.children[0], item) || evaluate(*node.children[1], item);
    case ConditionNode::Kind::Not:
        return !evaluate(*node.children[0], item);
    case ConditionNode::Kind::Compare: {
        AttributeValue s1, s2;
        return compareOp(node.cmp, resolve(node.operands[0], item, s1),
                         resolve(node.operands[1], item, s2));
    }
    case ConditionNode::Kind::Between: {
        AttributeValue s1, s2, s3;
        const AttributeValue *x = resolve(node.operands[0], item, s1);
        const AttributeValue *lo = resolve(node.operands[1], item, s2);
        const AttributeValue *hi = resolve(node.operands[2], item, s3);
        if (!x || !lo || !hi || !isScalar(x->type()) || x->type() != lo->type()
            || x->type() != hi->type())
            return false;
        return compareScalars(*x, *lo) >= 0 && compareScalars(*x, *hi) <= 0;
    }
    case ConditionNode::Kind::In: {
        AttributeValue s1;
        const AttributeValue *x = resolve(node.operands[0], item, s1);
        if (!x)
            return false;
        for (size_t i = 1; i < node.operands.size(); ++i) {
            AttributeValue s2;
            const AttributeValue *c = resolve(node.operands[i], item, s2);
            if (c && *c == *x)
                return true;
        }
        return false;
    }
    case ConditionNode::Kind::Function: {
        AttributeValue s1, s2;
        const AttributeValue *a =
            node.operands.empty() ? nullptr : resolve(node.operands[0], item, s1);
        const AttributeValue *b =
            node.operands.size() < 2 ? nullptr : resolve(node.operands[1], item, s2);
        switch (node.function) {
        case Operand::Fn::AttributeExists: return a != nullptr;
        case Operand::Fn::AttributeNotExists: return a == nullptr;
        case Operand::Fn::AttributeType:
            return a && b && b->type() == AttributeType::S
                   && Items::typeName(a->type()) == b->string();
        case Operand::Fn::BeginsWith: return beginsWith(a, b);
        case Operand::Fn::Contains: return contains(a, b);
        default: return false;
        }
    }
    }
    return false;
}

} // namespace Gatehouse::Expressions
