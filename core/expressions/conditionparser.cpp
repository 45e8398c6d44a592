// The condition grammar (ConditionExpression, FilterExpression, KeyConditionExpression).
#include "parsercore.h"

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

using namespace Detail;

class ConditionParser : public ParserBase
{
public:
    using ParserBase::ParserBase;

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
        snapshotConditionErrors();
        return node;
    }

    // The service settles on one of these errors when the first elementary condition holding
    // any of them is complete, so a later condition cannot displace it with a higher-ranked kind.
    void snapshotConditionErrors()
    {
        if (m_errors.has("condition"))
            return;
        if (auto e = m_errors.first(
                std::array<const char *, 4>{"attrNameVal", "operand", "distinct", "function"}))
            m_errors.set("condition", *e);
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
            NestingGuard guard(*this);
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
            if (*cmp != ConditionNode::Cmp::Eq && *cmp != ConditionNode::Cmp::Ne)
                checkOrderedOperands(opText, node->operands);
            snapshotConditionErrors();
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
            checkOrderedOperands(QStringLiteral("BETWEEN"), node->operands);
            checkBetweenArgs(node->operands[1], node->operands[2]);
            snapshotConditionErrors();
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
            // Up to 100 listed values; the count in the message is of the listed values only
            // (probes of the service: 100 pass, 101 give "number of operands: 101").
            const qsizetype listed = qsizetype(node->operands.size()) - 1;
            if (listed > 100)
                m_errors.set("function", u"The IN operator is provided with too many operands; "
                                         u"number of operands: " +
                                             QString::number(listed));
            snapshotConditionErrors();
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

    // Ordering needs scalars: a literal list, map, set, boolean or null is refused up front,
    // while such values found in the item merely make the comparison false.
    void checkOrderedOperands(const QString &op, const std::vector<Operand> &operands)
    {
        if (m_errors.has("function"))
            return;
        for (const Operand &o : operands) {
            const QString type = staticType(o);
            if (!type.isEmpty() && type != QLatin1String("S") && type != QLatin1String("N")
                && type != QLatin1String("B")) {
                m_errors.set("function", u"Incorrect operand type for operator or function; "
                                         u"operator or function: " + op + u", operand type: "
                                             + type);
                return;
            }
        }
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
            NestingGuard guard(*this);
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
        NestingGuard guard(*this);
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
        if (auto e = m_errors.first(std::array<const char *, 5>{
                "parens", "unknownFunction", "misusedFunction", "reserved", "condition"}))
            return e;
        return m_errors.first(
            std::array<const char *, 4>{"attrNameVal", "operand", "distinct", "function"});
    }
};

} // namespace

Result<std::shared_ptr<const ConditionNode>> parseConditionExpression(QStringView expression,
                                                                      ParseContext &context)
{
    ConditionParser p(expression, context);
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

} // namespace Gatehouse::Expressions
