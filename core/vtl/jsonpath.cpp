#include "jsonpath.h"

#include "json.h"
#include "parser.h"

namespace Gatehouse::Vtl {

namespace {

// A filter expression inside [?( ... )].
struct FilterExpr
{
    enum class Kind { Literal, Path, Not, And, Or, Eq, Ne, Lt, Le, Gt, Ge, Match };
    Kind kind = Kind::Literal;
    Value literal;
    bool absolute = false; // $ instead of @
    std::vector<std::unique_ptr<JsonPathStep>> path;
    std::vector<std::unique_ptr<FilterExpr>> operands;
    QRegularExpression regex;
};

} // namespace

struct JsonPathStep
{
    enum class Kind { Names, Wildcard, Indexes, Slice, Filter };
    Kind kind = Kind::Names;
    bool recursive = false; // reached through '..'
    QStringList names;
    QList<qint64> indexes;
    qint64 sliceStart = 0, sliceEnd = 0;
    bool hasSliceStart = false, hasSliceEnd = false;
    std::unique_ptr<FilterExpr> filter;
};

namespace {

class PathParser
{
public:
    PathParser(const QString &text) : m_text(text) {}

    QString error;

    bool parseSteps(std::vector<std::unique_ptr<JsonPathStep>> *steps, bool *definite, bool *length,
                    bool inFilter)
    {
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (inFilter && (c == u' ' || c == u')' || c == u'=' || c == u'!' || c == u'<' ||
                             c == u'>' || c == u'&' || c == u'|'))
                return true;
            bool recursive = false;
            if (c == u'.') {
                ++m_pos;
                if (peek() == u'.') {
                    recursive = true;
                    ++m_pos;
                    if (definite)
                        *definite = false;
                }
                if (peek() == u'[') {
                    auto step = std::make_unique<JsonPathStep>();
                    step->recursive = recursive;
                    if (!parseBracket(step.get(), definite))
                        return false;
                    steps->push_back(std::move(step));
                    continue;
                }
                if (peek() == u'*') {
                    ++m_pos;
                    auto step = std::make_unique<JsonPathStep>();
                    step->kind = JsonPathStep::Kind::Wildcard;
                    step->recursive = recursive;
                    if (definite)
                        *definite = false;
                    steps->push_back(std::move(step));
                    continue;
                }
                const qsizetype start = m_pos;
                while (m_pos < m_text.size()) {
                    const QChar n = m_text[m_pos];
                    if (n == u'.' || n == u'[' || n == u'(' || n == u' ' ||
                        (inFilter && (n == u')' || n == u'=' || n == u'!' || n == u'<' ||
                                      n == u'>' || n == u'&' || n == u'|')))
                        break;
                    ++m_pos;
                }
                const QString name = m_text.mid(start, m_pos - start);
                if (name.isEmpty())
                    return fail(QStringLiteral("Path must not end with a '.' or '..'"));
                if (peek() == u'(') {
                    // a function: only length()/size() at the end
                    if ((name == u"length" || name == u"size") && m_text.mid(m_pos, 2) == u"()") {
                        m_pos += 2;
                        if (length)
                            *length = true;
                        if (m_pos != m_text.size() && !inFilter)
                            return fail(u"Function " + name + u"() must be the last step");
                        continue;
                    }
                    return fail(u"Function with name: " + name + u" does not exist.");
                }
                auto step = std::make_unique<JsonPathStep>();
                step->recursive = recursive;
                step->names.append(name);
                steps->push_back(std::move(step));
                continue;
            }
            if (c == u'[') {
                auto step = std::make_unique<JsonPathStep>();
                if (!parseBracket(step.get(), definite))
                    return false;
                steps->push_back(std::move(step));
                continue;
            }
            return fail(u"Could not parse token starting at position " + QString::number(m_pos) +
                        u". Expected ?, ', 0-9, * ");
        }
        return true;
    }

    qsizetype pos() const { return m_pos; }
    void setPos(qsizetype p) { m_pos = p; }

private:
    QChar peek() const { return m_pos < m_text.size() ? m_text[m_pos] : QChar(); }
    bool fail(const QString &message)
    {
        if (error.isEmpty())
            error = message;
        return false;
    }
    void skipSpace()
    {
        while (peek() == u' ')
            ++m_pos;
    }

    bool parseQuoted(QString *out)
    {
        const QChar quote = m_text[m_pos++];
        while (m_pos < m_text.size() && m_text[m_pos] != quote) {
            if (m_text[m_pos] == u'\\' && m_pos + 1 < m_text.size())
                ++m_pos;
            out->append(m_text[m_pos++]);
        }
        if (m_pos >= m_text.size())
            return fail(QStringLiteral("Property has not been closed - missing closing quote"));
        ++m_pos;
        return true;
    }

    bool parseInt(qint64 *out)
    {
        const qsizetype start = m_pos;
        if (peek() == u'-')
            ++m_pos;
        while (peek().isDigit())
            ++m_pos;
        bool ok = false;
        *out = m_text.mid(start, m_pos - start).toLongLong(&ok);
        return ok;
    }

    bool parseBracket(JsonPathStep *step, bool *definite)
    {
        ++m_pos; // '['
        skipSpace();
        const QChar c = peek();
        if (c == u'*') {
            ++m_pos;
            skipSpace();
            step->kind = JsonPathStep::Kind::Wildcard;
            if (definite)
                *definite = false;
        } else if (c == u'\'' || c == u'"') {
            step->kind = JsonPathStep::Kind::Names;
            for (;;) {
                QString name;
                if (!parseQuoted(&name))
                    return false;
                step->names.append(name);
                skipSpace();
                if (peek() != u',')
                    break;
                ++m_pos;
                skipSpace();
            }
            if (step->names.size() > 1 && definite)
                *definite = false;
        } else if (c == u'?') {
            ++m_pos;
            skipSpace();
            if (peek() != u'(')
                return fail(QStringLiteral("Filter must start with '?('"));
            ++m_pos;
            step->kind = JsonPathStep::Kind::Filter;
            if (!parseFilterOr(&step->filter))
                return false;
            skipSpace();
            if (peek() != u')')
                return fail(QStringLiteral("Filter must end with ')'"));
            ++m_pos;
            skipSpace();
            if (definite)
                *definite = false;
        } else if (c.isDigit() || c == u'-' || c == u':') {
            qint64 first = 0;
            bool hasFirst = false;
            if (c != u':') {
                if (!parseInt(&first))
                    return fail(QStringLiteral("Invalid array index"));
                hasFirst = true;
            }
            skipSpace();
            if (peek() == u':') {
                ++m_pos;
                skipSpace();
                step->kind = JsonPathStep::Kind::Slice;
                step->hasSliceStart = hasFirst;
                step->sliceStart = first;
                if (peek().isDigit() || peek() == u'-') {
                    if (!parseInt(&step->sliceEnd))
                        return fail(QStringLiteral("Invalid array slice"));
                    step->hasSliceEnd = true;
                }
                if (definite)
                    *definite = false;
            } else {
                step->kind = JsonPathStep::Kind::Indexes;
                step->indexes.append(first);
                while (peek() == u',') {
                    ++m_pos;
                    skipSpace();
                    qint64 next = 0;
                    if (!parseInt(&next))
                        return fail(QStringLiteral("Invalid array index"));
                    step->indexes.append(next);
                    skipSpace();
                }
                if (step->indexes.size() > 1 && definite)
                    *definite = false;
            }
        } else {
            return fail(u"Could not parse token starting at position " + QString::number(m_pos) +
                        u". Expected ?, ', 0-9, * ");
        }
        skipSpace();
        if (peek() != u']')
            return fail(u"Expected ']' at position " + QString::number(m_pos));
        ++m_pos;
        return true;
    }

    using FilterPtr = std::unique_ptr<FilterExpr>;
    FilterPtr combine(FilterExpr::Kind kind, FilterPtr a, FilterPtr b)
    {
        auto e = std::make_unique<FilterExpr>();
        e->kind = kind;
        e->operands.push_back(std::move(a));
        e->operands.push_back(std::move(b));
        return e;
    }

    bool parseFilterOr(FilterPtr *out)
    {
        if (!parseFilterAnd(out))
            return false;
        for (;;) {
            skipSpace();
            if (m_text.mid(m_pos, 2) != u"||")
                return true;
            m_pos += 2;
            FilterPtr rhs;
            if (!parseFilterAnd(&rhs))
                return false;
            *out = combine(FilterExpr::Kind::Or, std::move(*out), std::move(rhs));
        }
    }

    bool parseFilterAnd(FilterPtr *out)
    {
        if (!parseFilterComparison(out))
            return false;
        for (;;) {
            skipSpace();
            if (m_text.mid(m_pos, 2) != u"&&")
                return true;
            m_pos += 2;
            FilterPtr rhs;
            if (!parseFilterComparison(&rhs))
                return false;
            *out = combine(FilterExpr::Kind::And, std::move(*out), std::move(rhs));
        }
    }

    bool parseFilterComparison(FilterPtr *out)
    {
        skipSpace();
        if (peek() == u'!') {
            ++m_pos;
            FilterPtr inner;
            if (!parseFilterComparison(&inner))
                return false;
            auto e = std::make_unique<FilterExpr>();
            e->kind = FilterExpr::Kind::Not;
            e->operands.push_back(std::move(inner));
            *out = std::move(e);
            return true;
        }
        if (peek() == u'(') {
            ++m_pos;
            if (!parseFilterOr(out))
                return false;
            skipSpace();
            if (peek() != u')')
                return fail(QStringLiteral("Expected ')' in filter"));
            ++m_pos;
            return true;
        }
        if (!parseOperand(out))
            return false;
        skipSpace();
        static const std::pair<const char16_t *, FilterExpr::Kind> ops[] = {
            {u"==", FilterExpr::Kind::Eq},    {u"!=", FilterExpr::Kind::Ne},
            {u"<=", FilterExpr::Kind::Le},    {u">=", FilterExpr::Kind::Ge},
            {u"=~", FilterExpr::Kind::Match}, {u"<", FilterExpr::Kind::Lt},
            {u">", FilterExpr::Kind::Gt},
        };
        for (const auto &op : ops) {
            const QString sym = QString::fromUtf16(op.first);
            if (m_text.mid(m_pos, sym.size()) != sym)
                continue;
            m_pos += sym.size();
            skipSpace();
            if (op.second == FilterExpr::Kind::Match) {
                if (peek() != u'/')
                    return fail(QStringLiteral("Expected a /regex/ after =~"));
                const qsizetype close = m_text.indexOf(u'/', m_pos + 1);
                if (close < 0)
                    return fail(QStringLiteral("Unterminated regex"));
                QString pattern = m_text.mid(m_pos + 1, close - m_pos - 1);
                m_pos = close + 1;
                QRegularExpression::PatternOptions options;
                while (peek().isLetter()) {
                    if (peek() == u'i')
                        options |= QRegularExpression::CaseInsensitiveOption;
                    ++m_pos;
                }
                auto e = std::make_unique<FilterExpr>();
                e->kind = FilterExpr::Kind::Match;
                e->regex = compileJavaRegex(pattern, true);
                e->regex.setPatternOptions(e->regex.patternOptions() | options);
                e->operands.push_back(std::move(*out));
                *out = std::move(e);
                return true;
            }
            FilterPtr rhs;
            if (!parseOperand(&rhs))
                return false;
            *out = combine(op.second, std::move(*out), std::move(rhs));
            return true;
        }
        return true;
    }

    bool parseOperand(FilterPtr *out)
    {
        skipSpace();
        auto e = std::make_unique<FilterExpr>();
        const QChar c = peek();
        if (c == u'@' || c == u'$') {
            e->kind = FilterExpr::Kind::Path;
            e->absolute = c == u'$';
            ++m_pos;
            bool length = false;
            if (!parseSteps(&e->path, nullptr, &length, true))
                return false;
        } else if (c == u'\'' || c == u'"') {
            QString s;
            if (!parseQuoted(&s))
                return false;
            e->literal = Value(s);
        } else if (c.isDigit() || c == u'-') {
            const qsizetype start = m_pos;
            ++m_pos;
            while (peek().isDigit() || peek() == u'.' || peek() == u'e' || peek() == u'E')
                ++m_pos;
            e->literal = parseJson(QStringView(m_text).mid(start, m_pos - start));
        } else if (m_text.mid(m_pos, 4) == u"true" || m_text.mid(m_pos, 4) == u"null") {
            e->literal = m_text[m_pos] == u't' ? Value(true) : Value();
            m_pos += 4;
        } else if (m_text.mid(m_pos, 5) == u"false") {
            e->literal = Value(false);
            m_pos += 5;
        } else {
            return fail(u"Unexpected character in filter at position " + QString::number(m_pos));
        }
        *out = std::move(e);
        return true;
    }

    QString m_text;
    qsizetype m_pos = 0;
};

void collectDescendants(const Value &node, ValueList *out)
{
    out->append(node);
    if (node.isMap()) {
        for (const auto &entry : node.map()->entries())
            collectDescendants(entry.second, out);
    } else if (node.isList()) {
        for (const Value &v : *node.list())
            collectDescendants(v, out);
    }
}

bool applyFilter(const FilterExpr &f, const Value &current, const Value &root);

// Follows a filter's @ or $ path: true and the value when it exists.
bool resolve(const std::vector<std::unique_ptr<JsonPathStep>> &steps, const Value &start,
             Value *out);

void applyStep(const JsonPathStep &step, const Value &node, const Value &root, bool definite,
               ValueList *out)
{
    switch (step.kind) {
    case JsonPathStep::Kind::Names:
        if (node.isMap()) {
            for (const QString &name : step.names) {
                const Value *v = node.map()->find(name);
                if (v)
                    out->append(*v);
                else if (definite)
                    out->append(Value());
            }
        }
        break;
    case JsonPathStep::Kind::Wildcard:
        if (node.isMap())
            out->append(node.map()->values());
        else if (node.isList())
            out->append(*node.list());
        break;
    case JsonPathStep::Kind::Indexes:
        if (node.isList()) {
            const ValueList &l = *node.list();
            for (qint64 i : step.indexes) {
                const qint64 k = i < 0 ? i + l.size() : i;
                if (k >= 0 && k < l.size())
                    out->append(l.at(k));
            }
        }
        break;
    case JsonPathStep::Kind::Slice:
        if (node.isList()) {
            const ValueList &l = *node.list();
            const qint64 n = l.size();
            qint64 a = step.hasSliceStart ? step.sliceStart : 0;
            qint64 b = step.hasSliceEnd ? step.sliceEnd : n;
            if (a < 0)
                a = std::max<qint64>(0, a + n);
            if (b < 0)
                b = std::max<qint64>(0, b + n);
            for (qint64 i = a; i < std::min(b, n); ++i)
                out->append(l.at(i));
        }
        break;
    case JsonPathStep::Kind::Filter:
        if (node.isList()) {
            for (const Value &v : *node.list()) {
                if (applyFilter(*step.filter, v, root))
                    out->append(v);
            }
        } else if (node.isMap() && applyFilter(*step.filter, node, root)) {
            out->append(node);
        }
        break;
    }
}

bool resolve(const std::vector<std::unique_ptr<JsonPathStep>> &steps, const Value &start,
             Value *out)
{
    Value current = start;
    for (const auto &step : steps) {
        ValueList next;
        applyStep(*step, current, current, false, &next);
        if (next.isEmpty())
            return false;
        current = next.first();
    }
    *out = current;
    return true;
}

bool filterValue(const FilterExpr &f, const Value &current, const Value &root, Value *out)
{
    if (f.kind == FilterExpr::Kind::Literal) {
        *out = f.literal;
        return true;
    }
    return resolve(f.path, f.absolute ? root : current, out);
}

bool applyFilter(const FilterExpr &f, const Value &current, const Value &root)
{
    switch (f.kind) {
    case FilterExpr::Kind::Literal:
        return f.literal.isBool() ? f.literal.toBool() : !f.literal.isNull();
    case FilterExpr::Kind::Path: {
        Value v;
        return resolve(f.path, f.absolute ? root : current, &v);
    }
    case FilterExpr::Kind::Not:
        return !applyFilter(*f.operands[0], current, root);
    case FilterExpr::Kind::And:
        return applyFilter(*f.operands[0], current, root) &&
               applyFilter(*f.operands[1], current, root);
    case FilterExpr::Kind::Or:
        return applyFilter(*f.operands[0], current, root) ||
               applyFilter(*f.operands[1], current, root);
    case FilterExpr::Kind::Match: {
        Value v;
        if (!filterValue(*f.operands[0], current, root, &v) || !v.isString())
            return false;
        return f.regex.match(v.string()).hasMatch();
    }
    default: {
        Value a, b;
        if (!filterValue(*f.operands[0], current, root, &a) ||
            !filterValue(*f.operands[1], current, root, &b))
            return false;
        if (f.kind == FilterExpr::Kind::Eq)
            return a.equals(b);
        if (f.kind == FilterExpr::Kind::Ne)
            return !a.equals(b);
        int cmp = 0;
        if (a.isNumber() && b.isNumber())
            cmp = a.toDouble() < b.toDouble() ? -1 : (a.toDouble() > b.toDouble() ? 1 : 0);
        else if (a.isString() && b.isString())
            cmp = a.string().compare(b.string());
        else
            return false;
        switch (f.kind) {
        case FilterExpr::Kind::Lt:
            return cmp < 0;
        case FilterExpr::Kind::Le:
            return cmp <= 0;
        case FilterExpr::Kind::Gt:
            return cmp > 0;
        default:
            return cmp >= 0;
        }
    }
    }
}

} // namespace

JsonPath::~JsonPath() = default;

std::shared_ptr<const JsonPath> JsonPath::compile(const QString &pathText, QString *error)
{
    QString text = pathText.trimmed();
    if (!text.startsWith(u'$'))
        text = (text.startsWith(u'[') ? QStringLiteral("$") : QStringLiteral("$.")) + text;
    std::shared_ptr<JsonPath> path(new JsonPath);
    PathParser parser(text);
    parser.setPos(1);
    if (!parser.parseSteps(&path->m_steps, &path->m_definite, &path->m_lengthFunction, false)) {
        if (error)
            *error = parser.error;
        return nullptr;
    }
    return path;
}

Value JsonPath::evaluate(const Value &root) const
{
    ValueList current{root};
    for (const auto &step : m_steps) {
        ValueList next;
        for (const Value &node : current) {
            if (step->recursive) {
                ValueList all;
                collectDescendants(node, &all);
                for (const Value &d : all)
                    applyStep(*step, d, root, false, &next);
            } else {
                applyStep(*step, node, root, m_definite, &next);
            }
        }
        current = std::move(next);
    }
    Value result;
    if (m_definite)
        result = current.isEmpty() ? Value() : current.first();
    else
        result = Value::newList(current);
    if (m_lengthFunction) {
        if (result.isList())
            return Value(qint64(result.list()->size()));
        if (result.isMap())
            return Value(qint64(result.map()->size()));
        if (result.isString())
            return Value(qint64(result.string().size()));
        return Value();
    }
    return result;
}

} // namespace Gatehouse::Vtl
