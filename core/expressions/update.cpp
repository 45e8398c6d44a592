// Applying update plans and projecting items.
#include "evaluate.h"

#include <items/dynamoerror.h>

#include <algorithm>
#include <functional>

namespace Gatehouse::Expressions {

using Items::AttributeType;
using Items::AttributeValue;

namespace {

Status validation(const QString &message)
{
    return Status::error(Items::ErrorCode::Validation, message);
}

Status invalidPath()
{
    return validation(
        QStringLiteral("The document path provided in the update expression is invalid for update"));
}

Status incorrectType()
{
    return validation(
        QStringLiteral("An operand in the update expression has an incorrect data type"));
}

Result<AttributeValue> evaluateValue(const Operand &op, const Items::Item &item)
{
    switch (op.kind) {
    case Operand::Kind::Value:
        return op.value;
    case Operand::Kind::Path: {
        const AttributeValue *v = lookupPath(op.path, item);
        if (!v)
            return validation(QStringLiteral(
                "The provided expression refers to an attribute that does not exist in the item"));
        return *v;
    }
    case Operand::Kind::Plus:
    case Operand::Kind::Minus: {
        Result<AttributeValue> a = evaluateValue(op.args[0], item);
        if (!a)
            return a.status();
        if (a->type() != AttributeType::N)
            return incorrectType();
        Result<AttributeValue> b = evaluateValue(op.args[1], item);
        if (!b)
            return b.status();
        if (b->type() != AttributeType::N)
            return incorrectType();
        Result<Items::Decimal> r = op.kind == Operand::Kind::Plus ? a->number().add(b->number())
                                                                 : a->number().subtract(b->number());
        if (!r)
            return r.status();
        return AttributeValue::fromNumber(*r);
    }
    case Operand::Kind::Function:
        if (op.function == Operand::Fn::IfNotExists) {
            if (const AttributeValue *v = lookupPath(op.args[0].path, item))
                return *v;
            return evaluateValue(op.args[1], item);
        }
        if (op.function == Operand::Fn::ListAppend) {
            Result<AttributeValue> a = evaluateValue(op.args[0], item);
            if (!a)
                return a.status();
            if (a->type() != AttributeType::L)
                return incorrectType();
            Result<AttributeValue> b = evaluateValue(op.args[1], item);
            if (!b)
                return b.status();
            if (b->type() != AttributeType::L)
                return incorrectType();
            return AttributeValue::fromList(a->list() + b->list());
        }
        break;
    }
    return incorrectType();
}

// How a single action changes the value found at its path (null when absent): the new value,
// or nullopt to remove it.
using Mutator = std::function<Result<std::optional<AttributeValue>>(const AttributeValue *)>;

Result<std::optional<AttributeValue>> mutateChild(const AttributeValue &container,
                                                  const DocumentPath &path, qsizetype at,
                                                  const Mutator &mutate);

// Applies `mutate` at path[at..] below a map (the item itself at the top).
Status mutateMap(Items::AttributeMap &map, const DocumentPath &path, qsizetype at,
                 const Mutator &mutate)
{
    const PathElement &e = path.at(at);
    if (e.isIndex())
        return invalidPath();
    auto it = map.find(e.name);
    if (at + 1 == path.size()) {
        Result<std::optional<AttributeValue>> r = mutate(it == map.end() ? nullptr : &*it);
        if (!r)
            return r.status();
        if (r->has_value())
            map.insert(e.name, std::move(**r));
        else if (it != map.end())
            map.erase(it);
        return Status::ok();
    }
    if (it == map.end())
        return invalidPath();
    Result<std::optional<AttributeValue>> r = mutateChild(*it, path, at + 1, mutate);
    if (!r)
        return r.status();
    *it = std::move(**r);
    return Status::ok();
}

// Returns the container rebuilt with the change below it.
Result<std::optional<AttributeValue>> mutateChild(const AttributeValue &container,
                                                  const DocumentPath &path, qsizetype at,
                                                  const Mutator &mutate)
{
    const PathElement &e = path.at(at);
    if (!e.isIndex()) {
        if (container.type() != AttributeType::M)
            return invalidPath();
        Items::AttributeMap map = container.map();
        Status s = mutateMap(map, path, at, mutate);
        if (!s)
            return s;
        return std::optional<AttributeValue>(AttributeValue::fromMap(std::move(map)));
    }
    if (container.type() != AttributeType::L)
        return invalidPath();
    Items::AttributeList list = container.list();
    const bool exists = e.index < list.size();
    if (at + 1 == path.size()) {
        Result<std::optional<AttributeValue>> r = mutate(exists ? &list.at(e.index) : nullptr);
        if (!r)
            return r;
        if (r->has_value()) {
            if (exists)
                list[e.index] = std::move(**r);
            else
                list.append(std::move(**r));  // past the end appends, as the service does
        } else if (exists) {
            list.removeAt(e.index);
        }
    } else {
        if (!exists)
            return invalidPath();
        Result<std::optional<AttributeValue>> r = mutateChild(list.at(e.index), path, at + 1, mutate);
        if (!r)
            return r;
        list[e.index] = std::move(**r);
    }
    return std::optional<AttributeValue>(AttributeValue::fromList(std::move(list)));
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

template<typename T>
QList<T> setMinus(const QList<T> &a, const QList<T> &b)
{
    QList<T> out;
    for (const T &x : a)
        if (!b.contains(x))
            out.append(x);
    return out;
}

Result<std::optional<AttributeValue>> addTo(const AttributeValue *existing, const AttributeValue &v)
{
    if (!existing)
        return std::optional<AttributeValue>(v);
    if (existing->type() != v.type())
        return incorrectType();
    switch (v.type()) {
    case AttributeType::N: {
        Result<Items::Decimal> sum = existing->number().add(v.number());
        if (!sum)
            return sum.status();
        return std::optional<AttributeValue>(AttributeValue::fromNumber(*sum));
    }
    case AttributeType::SS:
        return std::optional<AttributeValue>(
            AttributeValue::fromStringSet(setUnion(existing->stringSet(), v.stringSet())));
    case AttributeType::NS:
        return std::optional<AttributeValue>(
            AttributeValue::fromNumberSet(setUnion(existing->numberSet(), v.numberSet())));
    case AttributeType::BS:
        return std::optional<AttributeValue>(
            AttributeValue::fromBinarySet(setUnion(existing->binarySet(), v.binarySet())));
    default:
        return incorrectType();
    }
}

Result<std::optional<AttributeValue>> deleteFrom(const AttributeValue *existing,
                                                 const AttributeValue &v)
{
    if (!existing)
        return std::optional<AttributeValue>();
    if (existing->type() != v.type())
        return incorrectType();
    switch (v.type()) {
    case AttributeType::SS: {
        auto rest = setMinus(existing->stringSet(), v.stringSet());
        if (rest.isEmpty())
            return std::optional<AttributeValue>();
        return std::optional<AttributeValue>(AttributeValue::fromStringSet(rest));
    }
    case AttributeType::NS: {
        auto rest = setMinus(existing->numberSet(), v.numberSet());
        if (rest.isEmpty())
            return std::optional<AttributeValue>();
        return std::optional<AttributeValue>(AttributeValue::fromNumberSet(rest));
    }
    case AttributeType::BS: {
        auto rest = setMinus(existing->binarySet(), v.binarySet());
        if (rest.isEmpty())
            return std::optional<AttributeValue>();
        return std::optional<AttributeValue>(AttributeValue::fromBinarySet(rest));
    }
    default:
        return incorrectType();
    }
}

// Removals of list elements name indexes of the original list: the greater index goes first.
bool removeOrder(const DocumentPath &a, const DocumentPath &b)
{
    for (qsizetype i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i] == b[i])
            continue;
        if (a[i].isIndex() && b[i].isIndex())
            return a[i].index > b[i].index;
        return false;
    }
    return a.size() > b.size();
}

// A total order on paths in which the elements of one list sort by index.
bool pathLess(const DocumentPath &a, const DocumentPath &b)
{
    for (qsizetype i = 0; i < a.size() && i < b.size(); ++i) {
        const PathElement &x = a[i];
        const PathElement &y = b[i];
        if (x.isIndex() != y.isIndex())
            return x.isIndex();
        if (x.isIndex() ? x.index != y.index : x.name != y.name)
            return x.isIndex() ? x.index < y.index : x.name < y.name;
    }
    return a.size() < b.size();
}

// A projection under construction: list elements stay keyed by index until they are compacted.
struct ProjectionNode
{
    std::optional<AttributeValue> leaf;
    QMap<QString, ProjectionNode> members;
    QMap<int, ProjectionNode> elements;
    bool isList = false;

    AttributeValue build() const
    {
        if (leaf)
            return *leaf;
        if (isList) {
            Items::AttributeList l;
            for (const ProjectionNode &n : elements)
                l.append(n.build());
            return AttributeValue::fromList(std::move(l));
        }
        Items::AttributeMap m;
        for (auto it = members.begin(); it != members.end(); ++it)
            m.insert(it.key(), it->build());
        return AttributeValue::fromMap(std::move(m));
    }
};

Items::Item projectPaths(const std::vector<DocumentPath> &paths, const Items::Item &item)
{
    // Top-level names (the common case) are copied directly; paths never overlap, so a nested
    // path cannot share its head with one of them.
    Items::Item out;
    ProjectionNode root;
    for (const DocumentPath &path : paths) {
        if (path.size() == 1) {
            auto it = item.constFind(path.first().name);
            if (it != item.constEnd())
                out.insert(it.key(), *it);
            continue;
        }
        const AttributeValue *v = lookupPath(path, item);
        if (!v)
            continue;
        ProjectionNode *node = &root;
        for (const PathElement &e : path) {
            if (e.isIndex()) {
                node->isList = true;
                node = &node->elements[e.index];
            } else {
                node = &node->members[e.name];
            }
        }
        node->leaf = *v;
    }
    for (auto it = root.members.begin(); it != root.members.end(); ++it)
        out.insert(it.key(), it->build());
    return out;
}

} // namespace

Result<Items::Item> applyUpdate(const UpdatePlan &update, const Items::Item &original)
{
    // Every SET value is computed against the item as it was before the update.
    std::vector<AttributeValue> setValues(update.actions.size());
    for (size_t i = 0; i < update.actions.size(); ++i) {
        const UpdateAction &a = update.actions[i];
        if (a.kind != UpdateAction::Kind::Set)
            continue;
        Result<AttributeValue> v = evaluateValue(a.value, original);
        if (!v)
            return v.status();
        setValues[i] = std::move(*v);
    }

    // Paths never overlap, so actions commute except through list indexes: SETs past the end of
    // a list append in index order, and removals name indexes of the original list.
    std::vector<size_t> order(update.actions.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
        return pathLess(update.actions[x].path, update.actions[y].path);
    });

    Items::Item item = original;
    std::vector<const UpdateAction *> removals;
    for (size_t i : order) {
        const UpdateAction &a = update.actions[i];
        Mutator mutate;
        switch (a.kind) {
        case UpdateAction::Kind::Remove:
            removals.push_back(&a);
            continue;
        case UpdateAction::Kind::Set: {
            const AttributeValue &v = setValues[i];
            mutate = [&v](const AttributeValue *) -> Result<std::optional<AttributeValue>> {
                return std::optional<AttributeValue>(v);
            };
            break;
        }
        case UpdateAction::Kind::Add:
            mutate = [&a](const AttributeValue *existing) { return addTo(existing, a.value.value); };
            break;
        case UpdateAction::Kind::Delete:
            mutate = [&a](const AttributeValue *existing) {
                return deleteFrom(existing, a.value.value);
            };
            break;
        }
        Status s = mutateMap(item, a.path, 0, mutate);
        if (!s)
            return s;
    }
    std::stable_sort(removals.begin(), removals.end(),
                     [](const UpdateAction *x, const UpdateAction *y) {
                         return removeOrder(x->path, y->path);
                     });
    const Mutator remove = [](const AttributeValue *) -> Result<std::optional<AttributeValue>> {
        return std::optional<AttributeValue>();
    };
    for (const UpdateAction *a : removals) {
        Status s = mutateMap(item, a->path, 0, remove);
        // The service ignores REMOVE paths through missing parents when the item itself does
        // not exist yet (an existing item always holds its key attributes, so is never empty).
        if (!s && !original.isEmpty())
            return s;
    }
    return item;
}

QStringList updatedTopLevelNames(const UpdatePlan &update)
{
    QStringList names;
    for (const UpdateAction &a : update.actions)
        if (!a.path.isEmpty() && !names.contains(a.path.first().name))
            names.append(a.path.first().name);
    return names;
}

Items::Item updatedAttributes(const UpdatePlan &update, const Items::Item &item)
{
    std::vector<DocumentPath> paths;
    paths.reserve(update.actions.size());
    for (const UpdateAction &a : update.actions)
        paths.push_back(a.path);
    return projectPaths(paths, item);
}

QStringList projectedTopLevelNames(const ProjectionPlan &projection)
{
    QStringList names;
    for (const DocumentPath &path : projection.paths)
        if (!path.isEmpty() && !names.contains(path.first().name))
            names.append(path.first().name);
    return names;
}

Items::Item project(const ProjectionPlan &projection, const Items::Item &item)
{
    return projectPaths(projection.paths, item);
}

} // namespace Gatehouse::Expressions
