// Expressions, references and string literals: the grammar inside directives and references.
#include "parser.h"
#include "parserimpl.h"
#include "renderer.h"

namespace Gatehouse::Vtl::Detail {

// A reference at m_pos ('$'). *out stays null (and m_pos unchanged) when the '$' does not
// start one; returns false on a syntax error inside it.
bool Parser::parseReference(std::unique_ptr<Reference> *out)
{
    const qsizetype start = m_pos;
    qsizetype p = start + 1;
    auto ref = std::make_unique<Reference>();
    ref->pos = positionAt(start);
    if (at(p) == u'!') {
        ref->quiet = true;
        ++p;
    }
    bool formal = false;
    if (at(p) == u'{') {
        formal = true;
        ++p;
    }
    const qsizetype e = identEnd(p);
    if (e == p)
        return true;
    ref->root = m_src.mid(p, e - p);
    ref->slot = m_data->slotOf(ref->root);
    p = e;
    for (;;) {
        if (at(p) == u'.' && isIdentStart(at(p + 1))) {
            const qsizetype ne = identEnd(p + 1);
            Accessor acc;
            acc.name = m_src.mid(p + 1, ne - p - 1);
            acc.pos = positionAt(p + 1);
            if (at(ne) == u'(') {
                acc.kind = Accessor::Kind::Method;
                m_pos = ne + 1;
                for (;;) {
                    skipSpace();
                    if (at(m_pos) == u')') {
                        ++m_pos;
                        break;
                    }
                    if (!acc.args.empty()) {
                        if (at(m_pos) != u',')
                            return fail(m_pos);
                        ++m_pos;
                        skipSpace();
                    }
                    ExprPtr arg;
                    if (!parseParameter(&arg))
                        return false;
                    acc.args.push_back(std::move(arg));
                }
                acc.builtin = builtinMethodId(acc.name);
                precompileRegex(&acc);
                p = m_pos;
            } else {
                acc.kind = Accessor::Kind::Property;
                p = ne;
            }
            ref->accessors.push_back(std::move(acc));
            continue;
        }
        if (at(p) == u'[') {
            Accessor acc;
            acc.kind = Accessor::Kind::Index;
            acc.pos = positionAt(p);
            m_pos = p + 1;
            skipSpace();
            ExprPtr index;
            if (!parseParameter(&index))
                return false;
            skipSpace();
            if (at(m_pos) != u']')
                return fail(m_pos);
            p = m_pos + 1;
            acc.args.push_back(std::move(index));
            ref->accessors.push_back(std::move(acc));
            continue;
        }
        break;
    }
    if (formal) {
        if (at(p) != u'}')
            return fail(p);
        ++p;
    }
    ref->literal = m_src.mid(start, p - start);
    m_pos = p;
    *out = std::move(ref);
    return true;
}

void Parser::precompileRegex(Accessor *acc)
{
    const QString &n = acc->name;
    if (acc->args.empty() || acc->args[0]->kind != Expr::Kind::Literal ||
        !acc->args[0]->literal.isString())
        return;
    if (n == u"replaceAll" || n == u"replaceFirst" || n == u"split" || n == u"matches") {
        acc->literalRegex = std::make_shared<const QRegularExpression>(
            compileJavaRegex(acc->args[0]->literal.string(), n == u"matches"));
    }
}

bool Parser::matchWord(const char *word)
{
    qsizetype len = qsizetype(qstrlen(word));
    for (qsizetype i = 0; i < len; ++i) {
        if (at(m_pos + i) != QLatin1Char(word[i]))
            return false;
    }
    if (isWordPart(at(m_pos + len)))
        return false;
    m_pos += len;
    return true;
}

bool Parser::matchOp(const char *op)
{
    qsizetype len = qsizetype(qstrlen(op));
    for (qsizetype i = 0; i < len; ++i) {
        if (at(m_pos + i) != QLatin1Char(op[i]))
            return false;
    }
    m_pos += len;
    return true;
}

ExprPtr Parser::binary(Expr::Kind kind, ExprPtr a, ExprPtr b, Position pos)
{
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    e->items.push_back(std::move(a));
    e->items.push_back(std::move(b));
    return e;
}

bool Parser::parseOr(ExprPtr *out)
{
    if (!parseAnd(out))
        return false;
    for (;;) {
        skipSpace();
        const Position pos = positionAt(m_pos);
        if (!(matchOp("||") || matchWord("or")))
            return true;
        skipSpace();
        ExprPtr rhs;
        if (!parseAnd(&rhs))
            return false;
        *out = binary(Expr::Kind::Or, std::move(*out), std::move(rhs), pos);
    }
}

bool Parser::parseAnd(ExprPtr *out)
{
    if (!parseEquality(out))
        return false;
    for (;;) {
        skipSpace();
        const Position pos = positionAt(m_pos);
        if (!(matchOp("&&") || matchWord("and")))
            return true;
        skipSpace();
        ExprPtr rhs;
        if (!parseEquality(&rhs))
            return false;
        *out = binary(Expr::Kind::And, std::move(*out), std::move(rhs), pos);
    }
}

bool Parser::parseEquality(ExprPtr *out)
{
    if (!parseRelational(out))
        return false;
    for (;;) {
        skipSpace();
        const Position pos = positionAt(m_pos);
        Expr::Kind kind;
        if (matchOp("==") || matchWord("eq"))
            kind = Expr::Kind::Eq;
        else if (matchOp("!=") || matchWord("ne"))
            kind = Expr::Kind::Ne;
        else
            return true;
        skipSpace();
        ExprPtr rhs;
        if (!parseRelational(&rhs))
            return false;
        *out = binary(kind, std::move(*out), std::move(rhs), pos);
    }
}

bool Parser::parseRelational(ExprPtr *out)
{
    if (!parseAdditive(out))
        return false;
    for (;;) {
        skipSpace();
        const Position pos = positionAt(m_pos);
        Expr::Kind kind;
        if (matchOp("<=") || matchWord("le"))
            kind = Expr::Kind::Le;
        else if (matchOp(">=") || matchWord("ge"))
            kind = Expr::Kind::Ge;
        else if (matchOp("<") || matchWord("lt"))
            kind = Expr::Kind::Lt;
        else if (matchOp(">") || matchWord("gt"))
            kind = Expr::Kind::Gt;
        else
            return true;
        skipSpace();
        ExprPtr rhs;
        if (!parseAdditive(&rhs))
            return false;
        *out = binary(kind, std::move(*out), std::move(rhs), pos);
    }
}

bool Parser::parseAdditive(ExprPtr *out)
{
    if (!parseMultiplicative(out))
        return false;
    for (;;) {
        skipSpace();
        const Position pos = positionAt(m_pos);
        Expr::Kind kind;
        if (matchOp("+"))
            kind = Expr::Kind::Add;
        else if (matchOp("-"))
            kind = Expr::Kind::Sub;
        else
            return true;
        skipSpace();
        ExprPtr rhs;
        if (!parseMultiplicative(&rhs))
            return false;
        *out = binary(kind, std::move(*out), std::move(rhs), pos);
    }
}

bool Parser::parseMultiplicative(ExprPtr *out)
{
    if (!parseUnary(out))
        return false;
    for (;;) {
        skipSpace();
        const Position pos = positionAt(m_pos);
        Expr::Kind kind;
        if (matchOp("*"))
            kind = Expr::Kind::Mul;
        else if (matchOp("/"))
            kind = Expr::Kind::Div;
        else if (matchOp("%"))
            kind = Expr::Kind::Mod;
        else
            return true;
        skipSpace();
        ExprPtr rhs;
        if (!parseUnary(&rhs))
            return false;
        *out = binary(kind, std::move(*out), std::move(rhs), pos);
    }
}

bool Parser::parseUnary(ExprPtr *out)
{
    const Position pos = positionAt(m_pos);
    if ((at(m_pos) == u'!' && at(m_pos + 1) != u'=') || matchWord("not")) {
        if (at(m_pos) == u'!')
            ++m_pos;
        skipSpace();
        ExprPtr operand;
        if (!parseUnary(&operand))
            return false;
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::Not;
        e->pos = pos;
        e->items.push_back(std::move(operand));
        *out = std::move(e);
        return true;
    }
    return parsePrimary(out);
}

bool Parser::parseNumber(ExprPtr *out)
{
    const qsizetype start = m_pos;
    qsizetype p = m_pos;
    if (at(p) == u'-')
        ++p;
    while (at(p).isDigit())
        ++p;
    bool isFloat = false;
    if (at(p) == u'.' && at(p + 1).isDigit()) {
        isFloat = true;
        ++p;
        while (at(p).isDigit())
            ++p;
    }
    if ((at(p) == u'e' || at(p) == u'E') &&
        (at(p + 1).isDigit() ||
         ((at(p + 1) == u'+' || at(p + 1) == u'-') && at(p + 2).isDigit()))) {
        isFloat = true;
        p += 2;
        while (at(p).isDigit())
            ++p;
    }
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::Literal;
    e->pos = positionAt(start);
    const QString text = m_src.mid(start, p - start);
    bool ok = false;
    if (!isFloat) {
        const qint64 v = text.toLongLong(&ok);
        e->literal = ok ? Value(v) : Value(text.toDouble());
    } else {
        e->literal = Value(text.toDouble(&ok));
    }
    m_pos = p;
    *out = std::move(e);
    return true;
}

QString Parser::unescapeUnicode(const QString &s)
{
    if (!s.contains(QLatin1String("\\u")))
        return s;
    QString out;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] == u'\\' && i + 5 < s.size() && s[i + 1] == u'u') {
            bool ok = false;
            const uint code = s.mid(i + 2, 4).toUInt(&ok, 16);
            if (ok) {
                out += QChar(char16_t(code));
                i += 5;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

bool Parser::parseString(ExprPtr *out)
{
    const QChar quote = m_src[m_pos];
    const qsizetype start = m_pos;
    const Position pos = positionAt(start);
    QString content;
    qsizetype p = m_pos + 1;
    for (;;) {
        if (p >= m_n) {
            // javacc reports a lexical error at the position just past the end
            const Position end = positionAt(m_n);
            error.line = end.line;
            error.column = end.column;
            error.message = u"Lexical error, encountered <EOF> in a string literal at line " +
                            QString::number(end.line) + u", column " + QString::number(end.column);
            return false;
        }
        if (m_src[p] == quote) {
            if (at(p + 1) == quote) { // a doubled quote stands for one
                content += quote;
                p += 2;
                continue;
            }
            break;
        }
        content += m_src[p];
        ++p;
    }
    m_pos = p + 1;
    content = unescapeUnicode(content);
    auto e = std::make_unique<Expr>();
    e->pos = pos;
    if (quote == u'"' && (content.contains(u'$') || content.contains(u'#'))) {
        e->kind = Expr::Kind::Interpolated;
        e->interpolated = std::make_unique<Block>();
        Parser sub(content, m_data, pos.line, pos.column + 1);
        if (!sub.parseAll(e->interpolated.get())) {
            error = sub.error;
            return false;
        }
    } else {
        e->kind = Expr::Kind::Literal;
        e->literal = Value(content);
    }
    *out = std::move(e);
    return true;
}

bool Parser::parsePrimary(ExprPtr *out, bool allowParentheses)
{
    skipSpace();
    const qsizetype start = m_pos;
    const Position pos = positionAt(start);
    const QChar c = at(m_pos);
    if (c == u'$') {
        std::unique_ptr<Reference> ref;
        if (!parseReference(&ref))
            return false;
        if (!ref)
            return fail(start);
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::Ref;
        e->pos = pos;
        e->ref = std::move(ref);
        *out = std::move(e);
        return true;
    }
    if (c == u'"' || c == u'\'')
        return parseString(out);
    if (c.isDigit() || (c == u'-' && at(m_pos + 1).isDigit()))
        return parseNumber(out);
    if (c == u'(' && allowParentheses) {
        ++m_pos;
        return parseClosedExpr(out);
    }
    if (c == u'[') {
        ++m_pos;
        skipSpace();
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::List;
        e->pos = pos;
        if (at(m_pos) == u']') {
            ++m_pos;
            *out = std::move(e);
            return true;
        }
        ExprPtr first;
        if (!parseParameter(&first))
            return false;
        skipSpace();
        if (at(m_pos) == u'.' && at(m_pos + 1) == u'.') {
            m_pos += 2;
            skipSpace();
            ExprPtr last;
            if (!parseParameter(&last))
                return false;
            skipSpace();
            if (at(m_pos) != u']')
                return fail(m_pos);
            ++m_pos;
            e->kind = Expr::Kind::Range;
            e->items.push_back(std::move(first));
            e->items.push_back(std::move(last));
            *out = std::move(e);
            return true;
        }
        e->items.push_back(std::move(first));
        for (;;) {
            skipSpace();
            if (at(m_pos) == u']') {
                ++m_pos;
                break;
            }
            if (at(m_pos) != u',')
                return fail(m_pos);
            ++m_pos;
            skipSpace();
            ExprPtr item;
            if (!parseParameter(&item))
                return false;
            e->items.push_back(std::move(item));
        }
        *out = std::move(e);
        return true;
    }
    if (c == u'{') {
        ++m_pos;
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::Map;
        e->pos = pos;
        skipSpace();
        if (at(m_pos) == u'}') {
            ++m_pos;
            *out = std::move(e);
            return true;
        }
        for (;;) {
            skipSpace();
            ExprPtr key;
            if (!parseParameter(&key))
                return false;
            skipSpace();
            if (at(m_pos) != u':')
                return fail(m_pos);
            ++m_pos;
            skipSpace();
            ExprPtr value;
            if (!parseParameter(&value))
                return false;
            e->items.push_back(std::move(key));
            e->items.push_back(std::move(value));
            skipSpace();
            if (at(m_pos) == u'}') {
                ++m_pos;
                break;
            }
            if (at(m_pos) != u',')
                return fail(m_pos);
            ++m_pos;
        }
        *out = std::move(e);
        return true;
    }
    if (matchWord("true") || matchWord("false")) {
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::Literal;
        e->pos = pos;
        e->literal = Value(m_src[start] == u't');
        *out = std::move(e);
        return true;
    }
    return fail(start);
}

} // namespace Gatehouse::Vtl::Detail
