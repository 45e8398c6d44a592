#include "renderer.h"
#include "parser.h"

#include <array>
#include <charconv>
#include <limits>

namespace Gatehouse::Vtl {

using namespace Ast;

// $foreach inside a loop: index, count, hasNext, first, last, parent.
class ForeachScope : public HostObject
{
public:
    qint64 index = 0;
    qint64 size = 0;
    std::shared_ptr<ForeachScope> parent;

    bool property(const QString &name, Value *result) const override
    {
        if (nameIs(name, u"index"))
            *result = Value(index);
        else if (nameIs(name, u"count"))
            *result = Value(index + 1);
        else if (nameIs(name, u"hasNext"))
            *result = Value(index + 1 < size);
        else if (nameIs(name, u"first"))
            *result = Value(index == 0);
        else if (nameIs(name, u"last"))
            *result = Value(index + 1 == size);
        else if (nameIs(name, u"parent") && parent)
            *result = Value(HostPtr(parent));
        else
            return false;
        return true;
    }
    bool call(const QString &name, const ArgList &args, Value *result, QString *) const override
    {
        // $foreach.getIndex(), $foreach.isFirst(), ...
        if (!args.isEmpty())
            return false;
        if (name.startsWith(u"get") && name.size() > 3)
            return property(name.mid(3, 1).toLower() + name.mid(4), result);
        if (name.startsWith(u"is") && name.size() > 2)
            return property(name.mid(2, 1).toLower() + name.mid(3), result);
        if (nameIs(name, u"hasNext"))
            return property(name, result);
        return false;
    }
};

// A macro argument whose reference was null: Velocity passes arguments by name, so "$arg"
// inside the macro renders the caller's text ("$undefined").
class UndefinedArgument : public HostObject
{
public:
    explicit UndefinedArgument(QString l) : literal(std::move(l)) {}
    bool isPlaceholder() const override { return true; }
    QString literal;
};

namespace {
const Value kNull;
}

// A #define block, rendered each time its reference is.
class DefinedBlock : public HostObject
{
public:
    explicit DefinedBlock(const Block *b) : block(b) {}
    const Block *block;
};

Renderer::Renderer(const TemplateData &data, const Context &context, const RenderLimits &limits)
    : m_data(data), m_context(context), m_slots(size_t(data.slotNames.size())),
      m_pending(size_t(data.slotNames.size()), 0), m_limits(limits)
{
    for (qsizetype i = 0; i < data.slotNames.size(); ++i) {
        bool lazy = false;
        if (const Value *v = context.peek(data.slotNames.at(i), &lazy)) {
            if (lazy)
                m_pending[size_t(i)] = 1;
            else
                m_slots[size_t(i)] = *v;
        }
    }
}

void Renderer::fetch(int slot) const
{
    m_pending[size_t(slot)] = 0;
    if (const Value *v = m_context.find(m_data.slotNames.at(slot)))
        m_slots[size_t(slot)] = *v;
}

bool Renderer::run(QString *out)
{
    // The last render's size is a good guess for this one's: one allocation instead of many.
    const qsizetype hint = m_data.outputSizeHint.load(std::memory_order_relaxed);
    OutBuffer buffer(std::max(hint + hint / 8, m_data.source.size() * 2));
    const Flow flow = renderBlock(m_data.root, buffer);
    m_data.outputSizeHint.store(buffer.size(), std::memory_order_relaxed);
    *out = buffer.take();
    return flow != Flow::Error;
}

bool Renderer::failAt(const Position &pos, const QString &message)
{
    if (!error.isValid()) {
        error.line = pos.line;
        error.column = pos.column;
        error.message = message + u" at line " + QString::number(pos.line) + u", column " +
                        QString::number(pos.column);
    }
    return false;
}

const Value *Renderer::lookup(const Reference &ref, Value *holder) const
{
    const Value &v = slotValue(ref.slot);
    if (v.isNull()) {
        if (!m_loops.empty() &&
            (ref.slot == VelocityCountSlot || ref.slot == VelocityHasNextSlot)) {
            const ForeachScope &loop = *m_loops.back();
            *holder = ref.slot == VelocityCountSlot ? Value(loop.index + 1)
                                                    : Value(loop.index + 1 < loop.size);
            return holder;
        }
        return &v;
    }
    if (v.isHost() && v.host()->isPlaceholder())
        return &kNull;
    return &v;
}

Renderer::Flow Renderer::renderBlock(const Block &block, OutBuffer &out)
{
    for (const NodePtr &node : block.nodes) {
        const Flow flow = renderNode(*node, out);
        if (flow != Flow::Normal)
            return flow;
    }
    return Flow::Normal;
}

bool Renderer::stringify(const Value &v, OutBuffer &out)
{
    switch (v.type()) {
    case Value::Type::String:
        out.append(v.string());
        return true;
    case Value::Type::Int: {
        char buf[24];
        const auto res = std::to_chars(buf, buf + sizeof buf, v.toInt());
        out.appendLatin1(buf, res.ptr - buf);
        return true;
    }
    case Value::Type::Double: {
        char buf[48];
        out.appendLatin1(buf, formatJavaDouble(v.toDouble(), buf));
        return true;
    }
    case Value::Type::Bool:
        out.append(v.toBool() ? QStringView(u"true") : QStringView(u"false"));
        return true;
    case Value::Type::List: {
        // Java's AbstractCollection.toString(), written straight into the output.
        out.append(u'[');
        bool first = true;
        for (const Value &item : *v.list()) {
            if (!first)
                out.append(QStringView(u", "));
            first = false;
            if (item.isNull())
                out.append(QStringView(u"null"));
            else if (!stringify(item, out))
                return false;
        }
        out.append(u']');
        return true;
    }
    case Value::Type::Map: {
        out.append(u'{');
        bool first = true;
        for (const auto &[key, item] : v.map()->entries()) {
            if (!first)
                out.append(QStringView(u", "));
            first = false;
            out.append(key);
            out.append(u'=');
            if (item.isNull())
                out.append(QStringView(u"null"));
            else if (!stringify(item, out))
                return false;
        }
        out.append(u'}');
        return true;
    }
    default:
        break;
    }
    if (v.isHost()) {
        if (auto *defined = dynamic_cast<const DefinedBlock *>(v.host().get())) {
            if (m_defineDepth >= m_limits.maxMacroDepth) {
                error.message = QStringLiteral("A #define block refers to itself");
                return false;
            }
            ++m_defineDepth;
            const Flow flow = renderBlock(*defined->block, out);
            --m_defineDepth;
            return flow != Flow::Error;
        }
    }
    out.append(v.toString());
    return true;
}

Renderer::Flow Renderer::renderNode(const Node &node, OutBuffer &out)
{
    switch (node.kind) {
    case Node::Kind::Text:
        out.append(node.text);
        return Flow::Normal;
    case Node::Kind::Ref: {
        const Reference &ref = *node.ref;
        Value holder;
        const Value *resolved = resolveRef(ref, ref.accessors.size(), &holder);
        if (!resolved)
            return Flow::Error;
        const Value &v = *resolved;
        const int bs = ref.backslashes;
        if (bs % 2) {
            // \$x renders "$x" when x is defined, "\$x" when it is not
            out.append(QString(bs / 2, u'\\'));
            if (v.isNull())
                out.append(u'\\');
            out.append(ref.literal);
        } else if (v.isNull()) {
            if (bs)
                out.append(QString(bs, u'\\'));
            if (!ref.quiet) {
                const Value &raw = ref.accessors.empty() ? slotValue(ref.slot) : kNull;
                const auto *arg = raw.isHost() && raw.host()->isPlaceholder()
                                      ? static_cast<const UndefinedArgument *>(raw.host().get())
                                      : nullptr;
                out.append(arg ? arg->literal : ref.literal);
            }
        } else {
            if (bs)
                out.append(QString(bs / 2, u'\\'));
            if (!stringify(v, out))
                return Flow::Error;
        }
        return Flow::Normal;
    }
    case Node::Kind::Set:
        return renderSet(node);
    case Node::Kind::If:
        for (const IfBranch &branch : node.branches) {
            bool take = true;
            if (branch.condition && !condition(*branch.condition, &take))
                return Flow::Error;
            if (take)
                return renderBlock(branch.body, out);
        }
        return Flow::Normal;
    case Node::Kind::Foreach:
        return renderForeach(node, out);
    case Node::Kind::Break:
        return Flow::Break;
    case Node::Kind::Stop:
        return Flow::Stop;
    case Node::Kind::Define:
        setSlot(node.slot, Value(HostPtr(std::make_shared<DefinedBlock>(node.body.get()))));
        return Flow::Normal;
    case Node::Kind::MacroCall:
        return renderMacroCall(node, out);
    }
    return Flow::Normal;
}

Renderer::Flow Renderer::renderSet(const Node &node)
{
    Value v;
    if (!value(*node.expr, &v))
        return Flow::Error;
    // Velocity 1.7 leaves the target untouched when the value is null.
    if (v.isNull())
        return Flow::Normal;
    const Reference &ref = *node.ref;
    if (ref.accessors.empty()) {
        setSlot(ref.slot, std::move(v));
        return Flow::Normal;
    }
    Value target;
    if (!evalRef(ref, &target, ref.accessors.size() - 1))
        return Flow::Error;
    const Accessor &last = ref.accessors.back();
    if (last.kind == Accessor::Kind::Property) {
        if (target.isMap())
            target.map()->insert(last.name, std::move(v));
        else if (target.isHost())
            target.host()->setProperty(last.name, v);
        return Flow::Normal;
    }
    if (last.kind == Accessor::Kind::Index) {
        Value index;
        if (!value(*last.args[0], &index))
            return Flow::Error;
        if (target.isMap()) {
            target.map()->insert(index.toString(), std::move(v));
        } else if (target.isList() && index.isInt()) {
            ValueList &list = *target.list();
            qint64 i = index.toInt();
            if (i < 0)
                i += list.size();
            if (i < 0 || i >= list.size()) {
                failAt(last.pos, u"Index " + index.toString() + u" out of bounds for length " +
                                     QString::number(list.size()));
                return Flow::Error;
            }
            list[i] = std::move(v);
        }
    }
    return Flow::Normal;
}

Renderer::Flow Renderer::renderForeach(const Node &node, OutBuffer &out)
{
    Value coll;
    if (!value(*node.expr, &coll))
        return Flow::Error;
    ValueList items;
    if (coll.isList())
        items = *coll.list();
    else if (coll.isMap())
        items = coll.map()->values();
    else
        return Flow::Normal; // null, strings and numbers are not iterable in 1.7
    auto scope = std::make_shared<ForeachScope>();
    scope->size = items.size();
    if (!m_loops.empty())
        scope->parent = m_loops.back();
    const Value savedVar = slotValue(node.slot);
    const Value savedScope = slotValue(ForeachSlot);
    setSlot(ForeachSlot, Value(HostPtr(scope)));
    m_loops.push_back(scope);
    Flow result = Flow::Normal;
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (++m_iterations > m_limits.maxLoopIterations) {
            failAt(node.pos, QStringLiteral("Too many loop iterations"));
            result = Flow::Error;
            break;
        }
        scope->index = i;
        setSlot(node.slot, items.at(i));
        const Flow flow = renderBlock(*node.body, out);
        if (flow == Flow::Break)
            break;
        if (flow != Flow::Normal) {
            result = flow;
            break;
        }
    }
    m_loops.pop_back();
    setSlot(node.slot, savedVar);
    setSlot(ForeachSlot, savedScope);
    return result;
}

Renderer::Flow Renderer::renderMacroCall(const Node &node, OutBuffer &out)
{
    const auto macro = m_data.macros.value(node.text);
    if (!macro) {
        out.append(node.literal);
        if (node.body) {
            const Flow flow = renderBlock(*node.body, out);
            if (flow != Flow::Normal)
                return flow;
            out.append(QStringLiteral("#end"));
        }
        return Flow::Normal;
    }
    if (m_macroDepth >= m_limits.maxMacroDepth) {
        failAt(node.pos, u"Max calling depth of " + QString::number(m_limits.maxMacroDepth) +
                             u" was exceeded in macro '" + node.text + u'\'');
        return Flow::Error;
    }
    ValueList args;
    for (const ExprPtr &arg : node.args) {
        Value v;
        if (!value(*arg, &v))
            return Flow::Error;
        if (v.isNull() && arg->kind == Expr::Kind::Ref)
            v = Value(HostPtr(std::make_shared<UndefinedArgument>(arg->ref->literal)));
        args.append(std::move(v));
    }
    std::vector<std::pair<int, Value>> saved;
    auto bind = [&](int slot, const Value &v) {
        saved.emplace_back(slot, slotValue(slot));
        setSlot(slot, v);
    };
    for (qsizetype i = 0; i < macro->paramSlots.size(); ++i)
        bind(macro->paramSlots.at(i), i < args.size() ? args.at(i) : Value());
    if (node.body)
        bind(BodyContentSlot, Value(HostPtr(std::make_shared<DefinedBlock>(node.body.get()))));
    ++m_macroDepth;
    Flow flow = renderBlock(macro->body, out);
    --m_macroDepth;
    for (auto it = saved.rbegin(); it != saved.rend(); ++it)
        setSlot(it->first, std::move(it->second));
    if (flow == Flow::Break)
        flow = Flow::Normal;
    return flow;
}

bool Renderer::evalRef(const Reference &ref, Value *out, size_t accessorCount)
{
    Value holder;
    const Value *v = resolveRef(ref, accessorCount, &holder);
    if (!v)
        return false;
    *out = v == &holder ? std::move(holder) : *v;
    return true;
}

const Value *Renderer::resolveRef(const Reference &ref, size_t accessorCount, Value *holder)
{
    const Value *current = lookup(ref, holder);
    for (size_t i = 0; i < accessorCount; ++i) {
        if (current->isNull())
            return &kNull;
        const Accessor &acc = ref.accessors[i];
        switch (acc.kind) {
        case Accessor::Kind::Property:
            if (current->isMap()) {
                // Points into the map, which the previous value keeps alive.
                int hint = acc.memberHint.load(std::memory_order_relaxed);
                const Value *member = current->map()->find(acc.name, &hint);
                acc.memberHint.store(hint, std::memory_order_relaxed);
                current = member ? member : &kNull;
            } else {
                Value next;
                if (current->isHost())
                    current->host()->property(acc.name, &next);
                else
                    builtinProperty(*current, acc.name, &next);
                *holder = std::move(next);
                current = holder;
            }
            break;
        case Accessor::Kind::Method: {
            // Arguments may change what current points into: hold the target first.
            const Value target = *current;
            // Up to four arguments live on the stack (calls rarely take more).
            std::array<Value, 4> small;
            std::vector<Value> large;
            Value *argv = small.data();
            const size_t argc = acc.args.size();
            if (argc > small.size()) {
                large.resize(argc);
                argv = large.data();
            }
            for (size_t k = 0; k < argc; ++k) {
                if (!value(*acc.args[k], &argv[k]))
                    return nullptr;
            }
            const ArgList args(argv, qsizetype(argc));
            QString err;
            Value next;
            bool found = false;
            if (target.isHost())
                found = target.host()->call(acc.name, args, &next, &err);
            else
                found = callBuiltinMethod(target, acc, args, &next, &err);
            if (!err.isEmpty()) {
                failAt(acc.pos,
                       u"Invocation of method '" + acc.name + u"' threw an exception: " + err);
                return nullptr;
            }
            *holder = found ? std::move(next) : Value();
            current = holder;
            break;
        }
        case Accessor::Kind::Index: {
            const Value target = *current;
            Value index;
            if (!value(*acc.args[0], &index))
                return nullptr;
            Value next;
            if (target.isList() && index.isNumber()) {
                const ValueList &list = *target.list();
                qint64 k = index.toInt();
                if (k < 0)
                    k += list.size();
                if (k < 0 || k >= list.size()) {
                    failAt(acc.pos, u"Index " + index.toString() + u" out of bounds for length " +
                                        QString::number(list.size()));
                    return nullptr;
                }
                next = list.at(k);
            } else if (target.isMap()) {
                next = target.map()->value(index.toString());
            } else if (target.isHost()) {
                QString err;
                target.host()->call(QStringLiteral("get"), ArgList(&index, 1), &next, &err);
            }
            *holder = std::move(next);
            current = holder;
            break;
        }
        }
    }
    return current;
}

bool Renderer::condition(const Expr &expr, bool *out)
{
    switch (expr.kind) {
    case Expr::Kind::Ref: {
        Value holder;
        const Value *v = resolveRef(*expr.ref, expr.ref->accessors.size(), &holder);
        if (!v)
            return false;
        *out = v->isBool() ? v->toBool() : !v->isNull();
        return true;
    }
    case Expr::Kind::Not: {
        bool inner = false;
        if (!condition(*expr.items[0], &inner))
            return false;
        *out = !inner;
        return true;
    }
    case Expr::Kind::And:
    case Expr::Kind::Or: {
        bool left = false;
        if (!condition(*expr.items[0], &left))
            return false;
        if (expr.kind == Expr::Kind::And ? !left : left) {
            *out = left;
            return true;
        }
        return condition(*expr.items[1], out);
    }
    case Expr::Kind::Eq:
    case Expr::Kind::Ne:
    case Expr::Kind::Lt:
    case Expr::Kind::Le:
    case Expr::Kind::Gt:
    case Expr::Kind::Ge:
        return compare(expr, out);
    case Expr::Kind::Literal:
        // Velocity 1.7 evaluates only true and false literals as conditions; any other
        // literal, a list, a map or an arithmetic expression counts as false.
        *out = expr.literal.isBool() && expr.literal.toBool();
        return true;
    default: {
        Value ignored;
        if (!value(expr, &ignored))
            return false;
        *out = false;
        return true;
    }
    }
}

bool Renderer::compare(const Expr &expr, bool *out)
{
    Value a, b;
    if (!value(*expr.items[0], &a) || !value(*expr.items[1], &b))
        return false;
    if (expr.kind == Expr::Kind::Eq || expr.kind == Expr::Kind::Ne) {
        bool equal;
        if (a.isNull() || b.isNull())
            equal = a.isNull() && b.isNull();
        else if (a.isNumber() && b.isNumber())
            equal = a.equals(b);
        else if (a.type() == b.type())
            equal = a.equals(b);
        else
            equal = a.toString() == b.toString(); // 1.7 compares toString() across classes
        *out = expr.kind == Expr::Kind::Eq ? equal : !equal;
        return true;
    }
    if (!a.isNumber() || !b.isNumber()) {
        *out = false;
        return true;
    }
    int cmp;
    if (a.isInt() && b.isInt())
        cmp = a.toInt() < b.toInt() ? -1 : (a.toInt() > b.toInt() ? 1 : 0);
    else
        cmp = a.toDouble() < b.toDouble() ? -1 : (a.toDouble() > b.toDouble() ? 1 : 0);
    switch (expr.kind) {
    case Expr::Kind::Lt:
        *out = cmp < 0;
        break;
    case Expr::Kind::Le:
        *out = cmp <= 0;
        break;
    case Expr::Kind::Gt:
        *out = cmp > 0;
        break;
    default:
        *out = cmp >= 0;
        break;
    }
    return true;
}

bool Renderer::arithmetic(const Expr &expr, Value *out)
{
    Value a, b;
    if (!value(*expr.items[0], &a) || !value(*expr.items[1], &b))
        return false;
    *out = Value();
    if (a.isNull() || b.isNull())
        return true;
    if (!a.isNumber() || !b.isNumber()) {
        if (expr.kind == Expr::Kind::Add && (a.isString() || b.isString())) {
            OutBuffer s(64);
            if (!stringify(a, s) || !stringify(b, s))
                return false;
            *out = Value(s.take());
        }
        return true;
    }
    if (a.isInt() && b.isInt()) {
        const qint64 x = a.toInt();
        const qint64 y = b.toInt();
        qint64 r = 0;
        bool overflow = false;
        switch (expr.kind) {
        case Expr::Kind::Add:
            overflow = __builtin_add_overflow(x, y, &r);
            break;
        case Expr::Kind::Sub:
            overflow = __builtin_sub_overflow(x, y, &r);
            break;
        case Expr::Kind::Mul:
            overflow = __builtin_mul_overflow(x, y, &r);
            break;
        case Expr::Kind::Div:
        case Expr::Kind::Mod:
            if (y == 0)
                return true; // Velocity logs and yields null
            if (x == std::numeric_limits<qint64>::min() && y == -1) {
                overflow = true;
                break;
            }
            r = expr.kind == Expr::Kind::Div ? x / y : x % y;
            break;
        default:
            break;
        }
        if (!overflow) {
            *out = Value(r);
            return true;
        }
        // Java would move on to BigInteger; a double keeps the magnitude.
    }
    const double x = a.toDouble();
    const double y = b.toDouble();
    switch (expr.kind) {
    case Expr::Kind::Add:
        *out = Value(x + y);
        break;
    case Expr::Kind::Sub:
        *out = Value(x - y);
        break;
    case Expr::Kind::Mul:
        *out = Value(x * y);
        break;
    case Expr::Kind::Div:
        if (y != 0)
            *out = Value(x / y);
        break;
    case Expr::Kind::Mod:
        if (y != 0)
            *out = Value(std::fmod(x, y));
        break;
    default:
        break;
    }
    return true;
}

bool Renderer::value(const Expr &expr, Value *out)
{
    switch (expr.kind) {
    case Expr::Kind::Literal:
        *out = expr.literal;
        return true;
    case Expr::Kind::Interpolated: {
        OutBuffer s(64);
        const Flow flow = renderBlock(*expr.interpolated, s);
        if (flow == Flow::Error)
            return false;
        *out = Value(s.take());
        return true;
    }
    case Expr::Kind::List: {
        auto list = std::make_shared<ValueList>();
        list->reserve(qsizetype(expr.items.size()));
        for (const ExprPtr &item : expr.items) {
            Value v;
            if (!value(*item, &v))
                return false;
            list->append(std::move(v));
        }
        *out = Value(list);
        return true;
    }
    case Expr::Kind::Map: {
        auto map = std::make_shared<ValueMap>();
        for (size_t i = 0; i + 1 < expr.items.size(); i += 2) {
            Value k, v;
            if (!value(*expr.items[i], &k) || !value(*expr.items[i + 1], &v))
                return false;
            map->insert(k.toString(), std::move(v));
        }
        *out = Value(map);
        return true;
    }
    case Expr::Kind::Range: {
        Value from, to;
        if (!value(*expr.items[0], &from) || !value(*expr.items[1], &to))
            return false;
        *out = Value();
        if (!from.isNumber() || !to.isNumber())
            return true;
        const qint64 a = from.toInt();
        const qint64 b = to.toInt();
        const qint64 count = (a <= b ? b - a : a - b) + 1;
        if (count > m_limits.maxLoopIterations)
            return failAt(expr.pos, QStringLiteral("Range too large"));
        auto list = std::make_shared<ValueList>();
        list->reserve(qsizetype(count));
        for (qint64 i = 0; i < count; ++i)
            list->append(Value(a <= b ? a + i : a - i));
        *out = Value(list);
        return true;
    }
    case Expr::Kind::Ref:
        return evalRef(*expr.ref, out, expr.ref->accessors.size());
    case Expr::Kind::Not:
    case Expr::Kind::And:
    case Expr::Kind::Or:
    case Expr::Kind::Eq:
    case Expr::Kind::Ne:
    case Expr::Kind::Lt:
    case Expr::Kind::Le:
    case Expr::Kind::Gt:
    case Expr::Kind::Ge: {
        bool b = false;
        if (!condition(expr, &b))
            return false;
        *out = Value(b);
        return true;
    }
    case Expr::Kind::Add:
    case Expr::Kind::Sub:
    case Expr::Kind::Mul:
    case Expr::Kind::Div:
    case Expr::Kind::Mod:
        return arithmetic(expr, out);
    }
    return true;
}

} // namespace Gatehouse::Vtl
