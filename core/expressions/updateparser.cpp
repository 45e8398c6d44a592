// The update and projection grammars.
#include "parsercore.h"

namespace Gatehouse::Expressions {

namespace {

using namespace Detail;

class UpdateParser : public ParserBase
{
public:
    using ParserBase::ParserBase;

    // ---- update grammar

    Operand parseUpdateOperand()
    {
        NestingGuard guard(*this);
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
            // The service accepts if_not_exists() inside a call but not list_append().
            for (const Operand &arg : op.args)
                if (arg.kind == Operand::Kind::Function && arg.function == Operand::Fn::ListAppend)
                    m_errors.set("misusedFunction", QStringLiteral(
                        "The function is not allowed to be used this way in an expression; "
                        "function: list_append"));
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

} // namespace

Result<std::shared_ptr<const UpdatePlan>> parseUpdateExpression(QStringView expression,
                                                                ParseContext &context)
{
    UpdateParser p(expression, context);
    std::shared_ptr<const UpdatePlan> plan;
    try {
        plan = p.update();
    } catch (const SyntaxFailure &f) {
        return validationError(syntaxError(expression, p.m_tokens, f.tokenIndex));
    }
    if (auto e = p.m_errors.first(std::array<const char *, 10>{
            "reserved", "unknownFunction", "misusedFunction", "section", "attrName", "attrVal",
            "pathOverlap", "pathConflict", "operand", "function"}))
        return validationError(*e);
    return plan;
}

Result<std::shared_ptr<const ProjectionPlan>> parseProjectionExpression(QStringView expression,
                                                                        ParseContext &context)
{
    UpdateParser p(expression, context);
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