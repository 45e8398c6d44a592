#include "parser.h"

#include "lexer.h"
#include "reservedwords.h"

#include <items/dynamoerror.h>

#include <array>
#include <optional>

namespace Gatehouse::Expressions {

using Items::AttributeType;
using Items::AttributeValue;

QString pathToString(const DocumentPath &path)
{
    QString out = QStringLiteral("[");
    for (qsizetype i = 0; i < path.size(); ++i) {
        if (i > 0)
            out += QLatin1String(", ");
        if (path.at(i).isIndex())
            out += u'[' + QString::number(path.at(i).index) + u']';
        else
            out += path.at(i).name;
    }
    return out + u']';
}

int compareScalars(const AttributeValue &a, const AttributeValue &b)
{
    switch (a.type()) {
    case AttributeType::N:
        return a.number().compare(b.number());
    case AttributeType::S: {
        // UTF-8 byte order is code point order. UTF-16 unit order agrees except that surrogates
        // (U+D800..DFFF, encoding code points above U+FFFF) must sort after U+E000..FFFF, so
        // units are remapped at the first difference instead of converting both strings.
        const QString &x = a.string();
        const QString &y = b.string();
        const qsizetype n = qMin(x.size(), y.size());
        for (qsizetype i = 0; i < n; ++i) {
            char16_t u = x.at(i).unicode();
            char16_t v = y.at(i).unicode();
            if (u == v)
                continue;
            auto rank = [](char16_t c) -> int {
                if (c >= 0xD800 && c < 0xE000)
                    return c + 0x2000;
                if (c >= 0xE000)
                    return c - 0x800;
                return c;
            };
            return rank(u) < rank(v) ? -1 : 1;
        }
        return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
    case AttributeType::B: {
        const QByteArray &x = a.binary();
        const QByteArray &y = b.binary();
        return x < y ? -1 : (y < x ? 1 : 0);  // QByteArray compares as unsigned bytes
    }
    default:
        return 0;
    }
}

namespace {

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

QString typeText(const AttributeValue &v)
{
    return Items::typeName(v.type());
}

// The rendering of a literal in BETWEEN messages ("{N:5}").
QString valueText(const AttributeValue &v)
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

class Parser
{
public:
    Parser(QStringView expression, ParseContext &context)
        : m_expr(expression), m_tokens(tokenize(expression)), m_ctx(context)
    {
    }

    QStringView m_expr;
    QList<Token> m_tokens;
    ParseContext &m_ctx;
    qsizetype m_pos = 0;
    int m_depth = 0;
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

    // ---- condition grammar

    struct Expr
    {
        std::shared_ptr<ConditionNode> cond;
        std::optional<Operand> operand;
        bool parens = false;
    };

    std::shared_ptr<ConditionNode> asCondition(Expr e)
    {
        if (e.cond)
            return e.cond;
        // Only function calls stand as conditions by themselves; the parser never returns other
        // bare operands except before a closing parenthesis.
        Operand op = std::move(*e.operand);
        if (op.function == Operand::Fn::Size && !m_errors.has("misusedFunction"))
            m_errors.set("misusedFunction", QStringLiteral("The function is not allowed to be used "
                                                           "this way in an expression; function: size"));
        auto node = std::make_shared<ConditionNode>();
        node->kind = ConditionNode::Kind::Function;
        node->function = op.function;
        node->operands = std::move(op.args);
        return node;
    }

    Expr parseOr()
    {
        Expr lhs = parseAnd();
        while (peek().isKeyword(QLatin1StringView("OR"))) {
            if (lhs.operand && lhs.operand->kind != Operand::Kind::Function)
                fail();
            ++m_pos;
            Expr rhs = parseAnd();
            if (rhs.operand && rhs.operand->kind != Operand::Kind::Function)
                fail();
            auto node = std::make_shared<ConditionNode>();
            node->kind = ConditionNode::Kind::Or;
            node->children.push_back(asCondition(std::move(lhs)));
            node->children.push_back(asCondition(std::move(rhs)));
            lhs = Expr{node, std::nullopt, false};
        }
        return lhs;
    }

    Expr parseAnd()
    {
        Expr lhs = parseNot();
        while (peek().isKeyword(QLatin1StringView("AND"))) {
            if (lhs.operand && lhs.operand->kind != Operand::Kind::Function)
                fail();
            ++m_pos;
            Expr rhs = parseNot();
            if (rhs.operand && rhs.operand->kind != Operand::Kind::Function)
                fail();
            auto node = std::make_shared<ConditionNode>();
            node->kind = ConditionNode::Kind::And;
            node->children.push_back(asCondition(std::move(lhs)));
            node->children.push_back(asCondition(std::move(rhs)));
            lhs = Expr{node, std::nullopt, false};
        }
        return lhs;
    }

    Expr parseNot()
    {
        if (peek().isKeyword(QLatin1StringView("NOT"))) {
            ++m_pos;
            Expr inner = parseNot();
            if (inner.operand && inner.operand->kind != Operand::Kind::Function)
                fail();
            auto node = std::make_shared<ConditionNode>();
            node->kind = ConditionNode::Kind::Not;
            node->children.push_back(asCondition(std::move(inner)));
            return Expr{node, std::nullopt, false};
        }
        return parseComparison();
    }

    static std::optional<ConditionNode::Cmp> comparator(const Token &t)
    {
        switch (t.kind) {
        case Token::Kind::Eq: return ConditionNode::Cmp::Eq;
        case Token::Kind::Ne: return ConditionNode::Cmp::Ne;
        case Token::Kind::Lt: return ConditionNode::Cmp::Lt;
        case Token::Kind::Le: return ConditionNode::Cmp::Le;
        case Token::Kind::Gt: return ConditionNode::Cmp::Gt;
        case Token::Kind::Ge: return ConditionNode::Cmp::Ge;
        default: return std::nullopt;
        }
    }

    Expr parseComparison()
    {
        Expr first = parsePrimary();
        if (first.cond)
            return first;
        Operand x = std::move(*first.operand);
        const Token &t = peek();
        if (auto cmp = comparator(t)) {
            const QString opText = t.text.toString();
            ++m_pos;
            Operand y = parseOperandParens();
            auto node = std::make_shared<ConditionNode>();
            node->kind = ConditionNode::Kind::Compare;
            node->cmp = *cmp;
            node->operands.push_back(std::move(x));
            node->operands.push_back(std::move(y));
            checkMisusedFunction(node->operands);
            checkDistinct(opText, node->operands);
            return Expr{node, std::nullopt, false};
        }
        if (t.isKeyword(QLatin1StringView("BETWEEN"))) {
            ++m_pos;
            Operand lo = parseOperandParens();
            if (!peek().isKeyword(QLatin1StringView("AND")))
                fail();
            ++m_pos;
            Operand hi = parseOperandParens();
            auto node = std::make_shared<ConditionNode>();
            node->kind = ConditionNode::Kind::Between;
            node->operands.push_back(std::move(x));
            node->operands.push_back(std::move(lo));
            node->operands.push_back(std::move(hi));
            checkMisusedFunction(node->operands);
            checkBetweenArgs(node->operands[1], node->operands[2]);
            return Expr{node, std::nullopt, false};
        }
        if (t.isKeyword(QLatin1StringView("IN"))) {
            ++m_pos;
            expect(Token::Kind::LParen);
            auto node = std::make_shared<ConditionNode>();
            node->kind = ConditionNode::Kind::In;
            node->operands.push_back(std::move(x));
            node->operands.push_back(parseOperandParens());
            while (at(Token::Kind::Comma)) {
                ++m_pos;
                node->operands.push_back(parseOperandParens());
            }
            expect(Token::Kind::RParen);
            checkMisusedFunction(node->operands);
            if (node->operands.size() > 101)
                m_errors.set("function", u"The IN operator is provided with too many operands; "
                                         u"number of operands: "
                                             + QString::number(node->operands.size() - 1));
            return Expr{node, std::nullopt, false};
        }
        if (x.kind == Operand::Kind::Function && x.function != Operand::Fn::Size)
            return Expr{asCondition(Expr{nullptr, std::move(x), false}), std::nullopt, false};
        if (m_depth > 0 && at(Token::Kind::RParen))
            return Expr{nullptr, std::move(x), first.parens};
        if (x.kind == Operand::Kind::Function)
            return Expr{asCondition(Expr{nullptr, std::move(x), false}), std::nullopt, false};
        fail();
    }

    void checkBetweenArgs(const Operand &x, const Operand &y)
    {
        if (m_errors.has("function"))
            return;
        const QString t1 = immediateType(x);
        const QString t2 = immediateType(y);
        if (t1.isEmpty() || t2.isEmpty())
            return;
        const QString bounds = u"lower bound operand: AttributeValue: {" + t1 + u':'
                               + valueText(x.value) + u"}, upper bound operand: AttributeValue: {"
                               + t2 + u':' + valueText(y.value) + u'}';
        if (t1 != t2) {
            m_errors.set("function", u"The BETWEEN operator requires same data type for lower and "
                                     u"upper bounds; " + bounds);
            return;
        }
        const AttributeType type = x.value.type();
        if ((type == AttributeType::S || type == AttributeType::N || type == AttributeType::B)
            && compareScalars(x.value, y.value) > 0)
            m_errors.set("function", u"The BETWEEN operator requires upper bound to be greater than "
                                     u"or equal to lower bound; " + bounds);
    }

    Expr parsePrimary()
    {
        if (at(Token::Kind::LParen)) {
            ++m_pos;
            ++m_depth;
            Expr inner = parseOr();
            expect(Token::Kind::RParen);
            --m_depth;
            if (inner.operand || inner.parens)
                m_errors.set("parens", QStringLiteral("The expression has redundant parentheses;"));
            inner.parens = true;
            return inner;
        }
        return Expr{nullptr, parseOperand(), false};
    }

    // An operand, possibly in (redundant) parentheses.
    Operand parseOperandParens()
    {
        if (at(Token::Kind::LParen)) {
            ++m_pos;
            Operand op = parseOperandParens();
            expect(Token::Kind::RParen);
            m_errors.set("parens", QStringLiteral("The expression has redundant parentheses;"));
            return op;
        }
        return parseOperand();
    }

    Operand parseOperand()
    {
        const Token &t = peek();
        if (t.kind == Token::Kind::Value) {
            ++m_pos;
            return resolveValue(t, "attrNameVal");
        }
        if (t.kind == Token::Kind::Identifier && peek(1).kind == Token::Kind::LParen)
            return parseConditionFunction();
        Operand op;
        op.kind = Operand::Kind::Path;
        op.path = parsePath("attrNameVal");
        return op;
    }

    Operand parseConditionFunction()
    {
        Operand op;
        op.kind = Operand::Kind::Function;
        op.functionName = peek().text.toString();
        m_pos += 2;
        op.args.push_back(parseOperandParens());
        while (at(Token::Kind::Comma)) {
            ++m_pos;
            op.args.push_back(parseOperandParens());
        }
        expect(Token::Kind::RParen);
        checkMisusedFunction(op.args);
        checkConditionFunction(op);
        return op;
    }

    void checkConditionFunction(Operand &op)
    {
        struct Known { const char *name; Operand::Fn fn; size_t operands; };
        static const Known known[] = {
            {"attribute_exists", Operand::Fn::AttributeExists, 1},
            {"attribute_not_exists", Operand::Fn::AttributeNotExists, 1},
            {"attribute_type", Operand::Fn::AttributeType, 2},
            {"begins_with", Operand::Fn::BeginsWith, 2},
            {"contains", Operand::Fn::Contains, 2},
            {"size", Operand::Fn::Size, 1},
        };
        const Known *k = nullptr;
        for (const Known &candidate : known)
            if (op.functionName == QLatin1String(candidate.name))
                k = &candidate;
        if (m_errors.has("unknownFunction"))
            return;
        if (!k) {
            if (op.functionName == QLatin1String("if_not_exists")
                || op.functionName == QLatin1String("list_append"))
                m_errors.set("unknownFunction", u"The function is not allowed in a condition "
                                                u"expression; function: " + op.functionName);
            else
                m_errors.set("unknownFunction", u"Invalid function name; function: "
                                                    + op.functionName);
            return;
        }
        op.function = k->fn;
        if (m_errors.has("operand"))
            return;
        if (op.args.size() != k->operands) {
            m_errors.set("operand", u"Incorrect number of operands for operator or function; "
                                    u"operator or function: " + op.functionName
                                        + u", number of operands: " + QString::number(op.args.size()));
            return;
        }
        checkDistinct(op.functionName, op.args);
        if (m_errors.has("function"))
            return;
        auto typeError = [&](const QString &type) {
            m_errors.set("function", u"Incorrect operand type for operator or function; operator or "
                                     u"function: " + op.functionName + u", operand type: " + type);
        };
        switch (op.function) {
        case Operand::Fn::AttributeExists:
        case Operand::Fn::AttributeNotExists:
            if (op.args[0].kind != Operand::Kind::Path)
                m_errors.set("function", u"Operator or function requires a document path; operator "
                                         u"or function: " + op.functionName);
            break;
        case Operand::Fn::BeginsWith:
            for (const Operand &a : op.args) {
                const QString type = staticType(a);
                if (!type.isEmpty() && type != QLatin1String("S") && type != QLatin1String("B")) {
                    typeError(type);
                    return;
                }
            }
            break;
        case Operand::Fn::AttributeType: {
            const QString type = staticType(op.args[1]);
            if (type != QLatin1String("S")) {
                typeError(type.isEmpty() ? QStringLiteral("{NS,SS,L,BS,N,M,B,BOOL,NULL,S}") : type);
                return;
            }
            static const QStringList valid = {QStringLiteral("S"),  QStringLiteral("N"),
                                              QStringLiteral("B"),  QStringLiteral("NULL"),
                                              QStringLiteral("SS"), QStringLiteral("BOOL"),
                                              QStringLiteral("L"),  QStringLiteral("BS"),
                                              QStringLiteral("NS"), QStringLiteral("M")};
            if (!valid.contains(op.args[1].value.string()))
                m_errors.set("function", u"Invalid attribute type name found; type: "
                                             + op.args[1].value.string()
                                             + u", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
            break;
        }
        case Operand::Fn::Size: {
            const QString type = staticType(op.args[0]);
            if (type == QLatin1String("N") || type == QLatin1String("BOOL")
                || type == QLatin1String("NULL"))
                typeError(type);
            break;
        }
        default:
            break;
        }
    }

    std::shared_ptr<const ConditionNode> condition()
    {
        Expr e = parseOr();
        if (!at(Token::Kind::End))
            fail();
        if (e.operand && e.operand->kind != Operand::Kind::Function)
            fail();
        return asCondition(std::move(e));
    }

    std::optional<QString> conditionError() const
    {
        std::optional<QString> cond = m_errors.first(
            std::array<const char *, 4>{"attrNameVal", "operand", "distinct", "function"});
        if (auto e = m_errors.first(std::array<const char *, 4>{"parens", "unknownFunction",
                                                               "misusedFunction", "reserved"}))
            return e;
        return cond;
    }

    // ---- update grammar

    Operand parseUpdateOperand()
    {
        const Token &t = peek();
        if (t.kind == Token::Kind::LParen) {
            ++m_pos;
            Operand op = parseSetValue();
            expect(Token::Kind::RParen);
            return op;
        }
        if (t.kind == Token::Kind::Value) {
            ++m_pos;
            return resolveValue(t, "attrVal");
        }
        if (t.kind == Token::Kind::Identifier && peek(1).kind == Token::Kind::LParen) {
            Operand op;
            op.kind = Operand::Kind::Function;
            op.functionName = t.text.toString();
            m_pos += 2;
            op.args.push_back(parseUpdateOperand());
            while (at(Token::Kind::Comma)) {
                ++m_pos;
                op.args.push_back(parseUpdateOperand());
            }
            expect(Token::Kind::RParen);
            checkUpdateFunction(op, op.functionName);
            return op;
        }
        Operand op;
        op.kind = Operand::Kind::Path;
        op.path = parsePath("attrName");
        return op;
    }

    Operand parseSetValue()
    {
        Operand lhs = parseUpdateOperand();
        if (at(Token::Kind::Plus) || at(Token::Kind::Minus)) {
            const bool plus = at(Token::Kind::Plus);
            ++m_pos;
            Operand op;
            op.kind = plus ? Operand::Kind::Plus : Operand::Kind::Minus;
            op.args.push_back(std::move(lhs));
            op.args.push_back(parseUpdateOperand());
            checkUpdateFunction(op, plus ? QStringLiteral("+") : QStringLiteral("-"));
            return op;
        }
        return lhs;
    }

    void checkUpdateFunction(Operand &op, const QString &name)
    {
        if (m_errors.has("unknownFunction"))
            return;
        if (op.kind == Operand::Kind::Function) {
            if (name == QLatin1String("if_not_exists"))
                op.function = Operand::Fn::IfNotExists;
            else if (name == QLatin1String("list_append"))
                op.function = Operand::Fn::ListAppend;
            else {
                m_errors.set("unknownFunction", u"Invalid function name; function: " + name);
                return;
            }
        }
        if (m_errors.has("function"))
            return;
        if (op.args.size() != 2) {
            m_errors.set("function", u"Incorrect number of operands for operator or function; "
                                     u"operator or function: " + name + u", number of operands: "
                                         + QString::number(op.args.size()));
            return;
        }
        QLatin1String wanted("N");
        if (op.function == Operand::Fn::IfNotExists) {
            if (op.args[0].kind != Operand::Kind::Path)
                m_errors.set("function", u"Operator or function requires a document path; operator "
                                         u"or function: " + name);
            return;
        }
        if (op.function == Operand::Fn::ListAppend)
            wanted = QLatin1String("L");
        for (const Operand &a : op.args) {
            const QString type = immediateType(a);
            if (!type.isEmpty() && type != wanted) {
                m_errors.set("function", u"Incorrect operand type for operator or function; "
                                         u"operator or function: " + name + u", operand type: "
                                             + type);
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

    void checkOperator(const QString &op, const Operand &value)
    {
        if (m_errors.has("operand") || !value.valueDefined)
            return;
        QString mapped;
        switch (value.value.type()) {
        case AttributeType::S: mapped = QStringLiteral("STRING"); break;
        case AttributeType::N:
            if (op != QLatin1String("ADD"))
                mapped = QStringLiteral("NUMBER");
            break;
        case AttributeType::B: mapped = QStringLiteral("BINARY"); break;
        case AttributeType::NUL: mapped = QStringLiteral("NULL"); break;
        case AttributeType::BOOL: mapped = QStringLiteral("BOOLEAN"); break;
        case AttributeType::L: mapped = QStringLiteral("LIST"); break;
        case AttributeType::M: mapped = QStringLiteral("MAP"); break;
        default: break;
        }
        if (!mapped.isEmpty())
            m_errors.set("operand", u"Incorrect operand type for operator or function; operator: "
                                        + op + u", operand type: " + mapped);
    }

    std::shared_ptr<const UpdatePlan> update()
    {
        m_updateGrammar = true;
        auto plan = std::make_shared<UpdatePlan>();
        bool seen[4] = {false, false, false, false};
        static const char *const clauseNames[4] = {"SET", "REMOVE", "ADD", "DELETE"};
        do {
            int clause = -1;
            for (int i = 0; i < 4; ++i)
                if (peek().isKeyword(QLatin1StringView(clauseNames[i])))
                    clause = i;
            if (clause < 0)
                fail();
            ++m_pos;
            if (seen[clause])
                m_errors.set("section", u"The \"" + QLatin1String(clauseNames[clause])
                                            + u"\" section can only be used once in an update "
                                              u"expression;");
            seen[clause] = true;
            for (;;) {
                UpdateAction action;
                action.kind = UpdateAction::Kind(clause);
                action.path = parsePath("attrName");
                if (action.kind == UpdateAction::Kind::Set) {
                    expect(Token::Kind::Eq);
                    checkTargetPath(action.path);
                    action.value = parseSetValue();
                } else if (action.kind == UpdateAction::Kind::Remove) {
                    checkTargetPath(action.path);
                } else {
                    if (!at(Token::Kind::Value))
                        fail();
                    action.value = resolveValue(peek(), "attrVal");
                    ++m_pos;
                    checkTargetPath(action.path);
                    checkOperator(QLatin1String(clauseNames[clause]), action.value);
                }
                plan->actions.push_back(std::move(action));
                if (!at(Token::Kind::Comma))
                    break;
                ++m_pos;
            }
        } while (!at(Token::Kind::End));
        return plan;
    }

    // ---- projection grammar

    std::shared_ptr<const ProjectionPlan> projection()
    {
        auto plan = std::make_shared<ProjectionPlan>();
        for (;;) {
            plan->paths.push_back(parsePath("attrNameVal"));
            if (!at(Token::Kind::Comma))
                break;
            ++m_pos;
        }
        if (!at(Token::Kind::End))
            fail();
        for (const DocumentPath &p : plan->paths)
            checkTargetPath(p);
        return plan;
    }
};

Status validationError(const QString &message)
{
    return Status::error(Items::ErrorCode::Validation, message);
}

} // namespace

Result<std::shared_ptr<const ConditionNode>> parseConditionExpression(QStringView expression,
                                                                      ParseContext &context)
{
    Parser p(expression, context);
    std::shared_ptr<const ConditionNode> node;
    try {
        node = p.condition();
    } catch (const SyntaxFailure &f) {
        return validationError(syntaxError(expression, p.m_tokens, f.tokenIndex));
    }
    if (auto e = p.conditionError())
        return validationError(*e);
    return node;
}

Result<std::shared_ptr<const UpdatePlan>> parseUpdateExpression(QStringView expression,
                                                                ParseContext &context)
{
    Parser p(expression, context);
    std::shared_ptr<const UpdatePlan> plan;
    try {
        plan = p.update();
    } catch (const SyntaxFailure &f) {
        return validationError(syntaxError(expression, p.m_tokens, f.tokenIndex));
    }
    if (auto e = p.m_errors.first(std::array<const char *, 9>{
            "reserved", "unknownFunction", "section", "attrName", "attrVal", "pathOverlap",
            "pathConflict", "operand", "function"}))
        return validationError(*e);
    return plan;
}

Result<std::shared_ptr<const ProjectionPlan>> parseProjectionExpression(QStringView expression,
                                                                        ParseContext &context)
{
    Parser p(expression, context);
    std::shared_ptr<const ProjectionPlan> plan;
    try {
        plan = p.projection();
    } catch (const SyntaxFailure &f) {
        return validationError(syntaxError(expression, p.m_tokens, f.tokenIndex));
    }
    if (auto e = p.m_errors.first(
            std::array<const char *, 4>{"reserved", "attrNameVal", "pathOverlap", "pathConflict"}))
        return validationError(*e);
    return plan;
}

} // namespace Gatehouse::Expressions
