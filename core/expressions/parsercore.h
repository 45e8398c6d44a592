// Thread affinity: any thread; one parser object per expression.
// Internal to the expressions module: the state and checks the three grammars share.
#pragma once

#include "lexer.h"
#include "parser.h"
#include "reservedwords.h"

#include <items/dynamoerror.h>

#include <QHash>

#include <array>
#include <limits>
#include <optional>

namespace Gatehouse::Expressions::Detail {

using Items::AttributeType;
using Items::AttributeValue;

// Raised inside the parser only, caught at its entry points.
struct SyntaxFailure
{
    qsizetype tokenIndex;
};

// Slots for semantic errors: the first error of each kind is kept, and the service reports the
// kinds in a fixed order once parsing succeeded.
class ErrorSlots
{
public:
    void set(const char *slot, const QString &message)
    {
        if (!m_slots.contains(QLatin1String(slot)))
            m_slots.insert(QLatin1String(slot), message);
    }
    bool has(const char *slot) const { return m_slots.contains(QLatin1String(slot)); }
    template<size_t N>
    std::optional<QString> first(const std::array<const char *, N> &order) const
    {
        for (const char *slot : order) {
            auto it = m_slots.constFind(QLatin1String(slot));
            if (it != m_slots.constEnd())
                return *it;
        }
        return std::nullopt;
    }

private:
    QHash<QString, QString> m_slots;
};

inline QString typeText(const AttributeValue &v)
{
    return Items::typeName(v.type());
}

// The rendering of a literal in BETWEEN messages ("{N:5}").
inline QString valueText(const AttributeValue &v)
{
    switch (v.type()) {
    case AttributeType::S: return v.string();
    case AttributeType::N: return v.number().toString();
    case AttributeType::B: return QString::fromLatin1(v.binary().toBase64());
    case AttributeType::BOOL: return v.boolean() ? QStringLiteral("true") : QStringLiteral("false");
    case AttributeType::NUL: return QStringLiteral("true");
    case AttributeType::SS: return v.stringSet().join(u',');
    case AttributeType::NS: {
        QStringList parts;
        for (const auto &n : v.numberSet())
            parts << n.toString();
        return parts.join(u',');
    }
    default: return QStringLiteral("[object Object]");
    }
}

inline Status validationError(const QString &message)
{
    return Status::error(Items::ErrorCode::Validation, message);
}

// Tokens, placeholders, paths and the checks shared by the condition, update and projection
// grammars. Syntax errors throw SyntaxFailure (caught by the entry points); semantic errors go
// to slots so they can be reported in the service's order after a successful parse.
class ParserBase
{
public:
public:
    ParserBase(QStringView expression, ParseContext &context)
        : m_expr(expression), m_tokens(tokenize(expression)), m_ctx(context)
    {
    }

    QStringView m_expr;
    QList<Token> m_tokens;
    ParseContext &m_ctx;
    qsizetype m_pos = 0;
    int m_depth = 0;
    int m_nesting = 0;

    // The grammar recurses on parentheses, NOT and function calls; a 4 KB expression of "(((("
    // would exhaust a worker thread's stack, so nesting beyond what any real expression needs
    // (left-nested AND chains of the service's 300-operator limit included) is a syntax error.
    static constexpr int kMaxNesting = 400;
    struct NestingGuard
    {
        explicit NestingGuard(ParserBase &parser) : m_parser(parser)
        {
            if (++m_parser.m_nesting > kMaxNesting)
                m_parser.fail();
        }
        ~NestingGuard() { --m_parser.m_nesting; }
        NestingGuard(const NestingGuard &) = delete;
        NestingGuard &operator=(const NestingGuard &) = delete;
        ParserBase &m_parser;
    };
    ErrorSlots m_errors;
    bool m_updateGrammar = false;

    const Token &peek(qsizetype ahead = 0) const
    {
        return m_tokens.at(qMin(m_pos + ahead, m_tokens.size() - 1));
    }
    bool at(Token::Kind kind) const { return peek().kind == kind; }
    [[noreturn]] void fail() const { throw SyntaxFailure{m_pos}; }
    void expect(Token::Kind kind)
    {
        if (!at(kind))
            fail();
        ++m_pos;
    }

    bool isGrammarKeyword(const Token &t) const
    {
        if (m_updateGrammar)
            return t.isKeyword(QLatin1StringView("SET")) || t.isKeyword(QLatin1StringView("REMOVE"))
                   || t.isKeyword(QLatin1StringView("ADD"))
                   || t.isKeyword(QLatin1StringView("DELETE"));
        return t.isKeyword(QLatin1StringView("AND")) || t.isKeyword(QLatin1StringView("OR"))
               || t.isKeyword(QLatin1StringView("NOT")) || t.isKeyword(QLatin1StringView("BETWEEN"))
               || t.isKeyword(QLatin1StringView("IN"));
    }

    // ---- names, values, paths

    QString resolveName(const Token &t, const char *slot)
    {
        const QString key = t.text.toString();
        if (m_errors.has(slot))
            return key;
        auto it = m_ctx.names ? m_ctx.names->constFind(key) : QMap<QString, QString>::const_iterator();
        if (!m_ctx.names || it == m_ctx.names->constEnd()) {
            m_errors.set(slot, u"An expression attribute name used in the document path is not "
                               u"defined; attribute name: " + key);
            return key;
        }
        m_ctx.unusedNames.remove(key);
        return *it;
    }

    Operand resolveValue(const Token &t, const char *slot)
    {
        Operand op;
        op.kind = Operand::Kind::Value;
        const QString key = t.text.toString();
        if (m_errors.has(slot))
            return op;
        auto it = m_ctx.values ? m_ctx.values->constFind(key)
                               : QMap<QString, AttributeValue>::const_iterator();
        if (!m_ctx.values || it == m_ctx.values->constEnd()) {
            m_errors.set(slot, u"An expression attribute value used in expression is not defined; "
                               u"attribute value: " + key);
            return op;
        }
        m_ctx.unusedValues.remove(key);
        op.value = *it;
        op.valueDefined = true;
        return op;
    }

    PathElement pathName(const char *nameSlot)
    {
        const Token &t = peek();
        PathElement e;
        if (t.kind == Token::Kind::Name) {
            e.name = resolveName(t, nameSlot);
        } else if (t.kind == Token::Kind::Identifier && !isGrammarKeyword(t)) {
            e.name = t.text.toString();
            if (isReservedWord(t.text))
                m_errors.set("reserved", u"Attribute name is a reserved keyword; reserved keyword: "
                                             + e.name);
        } else {
            fail();
        }
        ++m_pos;
        return e;
    }

    DocumentPath parsePath(const char *nameSlot)
    {
        DocumentPath path;
        path.append(pathName(nameSlot));
        for (;;) {
            if (at(Token::Kind::LBracket)) {
                ++m_pos;
                if (!at(Token::Kind::Number))
                    fail();
                PathElement e;
                bool ok = false;
                e.index = peek().text.toInt(&ok);
                if (!ok)
                    e.index = std::numeric_limits<int>::max();
                ++m_pos;
                expect(Token::Kind::RBracket);
                path.append(e);
            } else if (at(Token::Kind::Dot)) {
                ++m_pos;
                path.append(pathName(nameSlot));
            } else {
                return path;
            }
        }
    }

    // ---- shared checks

    static QString staticType(const Operand &op)
    {
        switch (op.kind) {
        case Operand::Kind::Value:
            return op.valueDefined ? typeText(op.value) : QString();
        case Operand::Kind::Plus:
        case Operand::Kind::Minus:
            return QStringLiteral("N");
        case Operand::Kind::Path:
            return {};
        case Operand::Kind::Function:
            switch (op.function) {
            case Operand::Fn::Size: return QStringLiteral("N");
            case Operand::Fn::ListAppend: return QStringLiteral("L");
            case Operand::Fn::BeginsWith:
            case Operand::Fn::AttributeType:
            case Operand::Fn::Contains: return QStringLiteral("BOOL");
            case Operand::Fn::IfNotExists:
                return op.args.size() > 1 ? staticType(op.args[1]) : QString();
            default: return {};
            }
        }
        return {};
    }
    static QString immediateType(const Operand &op)
    {
        return op.kind == Operand::Kind::Value && op.valueDefined ? typeText(op.value) : QString();
    }

    void checkDistinct(const QString &name, const std::vector<Operand> &args)
    {
        if (m_errors.has("distinct") || args.size() != 2 || args[0].kind != Operand::Kind::Path
            || args[1].kind != Operand::Kind::Path || args[0].path != args[1].path)
            return;
        m_errors.set("distinct", u"The first operand must be distinct from the remaining operands "
                                 u"for this operator or function; operator: " + name
                                     + u", first operand: " + pathToString(args[0].path));
    }

    void checkMisusedFunction(const std::vector<Operand> &args)
    {
        if (m_errors.has("misusedFunction"))
            return;
        for (const Operand &a : args) {
            if (a.kind == Operand::Kind::Function && a.function != Operand::Fn::Size) {
                m_errors.set("misusedFunction", u"The function is not allowed to be used this way "
                                                u"in an expression; function: " + a.functionName);
                return;
            }
        }
    }
    std::vector<DocumentPath> m_targets;

    void checkTargetPath(const DocumentPath &path)
    {
        if (m_errors.has("pathOverlap"))
            return;
        for (const DocumentPath &other : m_targets) {
            bool diverged = false;
            bool conflict = false;
            for (qsizetype i = 0; i < other.size() && i < path.size(); ++i) {
                if (other[i].isIndex() != path[i].isIndex()) {
                    m_errors.set("pathConflict", u"Two document paths conflict with each other; "
                                                 u"must remove or rewrite one of these paths; path "
                                                 u"one: " + pathToString(other) + u", path two: "
                                                     + pathToString(path));
                    conflict = true;
                    break;
                }
                if (!(other[i] == path[i])) {
                    diverged = true;
                    break;
                }
            }
            if (conflict || diverged)
                continue;
            m_errors.set("pathOverlap", u"Two document paths overlap with each other; must remove "
                                        u"or rewrite one of these paths; path one: "
                                            + pathToString(other) + u", path two: "
                                            + pathToString(path));
            return;
        }
        m_targets.push_back(path);
    }

};

} // namespace Gatehouse::Expressions::Detail
