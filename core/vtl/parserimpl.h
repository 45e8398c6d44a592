// Thread affinity: any thread. The parser's class, shared by parser.cpp (text and directives)
// and expressionparser.cpp (expressions, references, literals); internal to core/vtl.
#pragma once

#include "ast.h"
#include "template.h"

#include <QSet>

namespace Gatehouse::Vtl::Detail {

using namespace Ast;

inline bool isIdentStart(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_';
}

// Velocity 1.7 identifiers allow '-' after the first character: "$a-b" is one reference.
inline bool isIdentPart(QChar c)
{
    const char16_t u = c.unicode();
    return isIdentStart(c) || (u >= '0' && u <= '9') || u == '-';
}

inline bool isWordPart(QChar c)
{
    const char16_t u = c.unicode();
    return isIdentStart(c) || (u >= '0' && u <= '9');
}

inline bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

inline const QSet<QString> &directiveNames()
{
    static const QSet<QString> names = {
        QStringLiteral("set"),      QStringLiteral("if"),      QStringLiteral("elseif"),
        QStringLiteral("else"),     QStringLiteral("end"),     QStringLiteral("foreach"),
        QStringLiteral("break"),    QStringLiteral("stop"),    QStringLiteral("define"),
        QStringLiteral("macro"),    QStringLiteral("include"), QStringLiteral("parse"),
        QStringLiteral("evaluate"),
    };
    return names;
}

enum class Terminator { Eof, End, Else, ElseIf };

class Parser
{
public:
    Parser(QString source, TemplateData *data, int baseLine, int baseColumn)
        : m_src(std::move(source)), m_n(m_src.size()), m_data(data), m_baseLine(baseLine),
          m_baseColumn(baseColumn)
    {
        m_lineStarts.push_back(0);
        for (qsizetype i = 0; i < m_n; ++i) {
            if (m_src[i] == u'\n' || (m_src[i] == u'\r' && (i + 1 >= m_n || m_src[i + 1] != u'\n')))
                m_lineStarts.push_back(i + 1);
        }
    }

    bool parseAll(Block *out)
    {
        Terminator term;
        ExprPtr cond;
        if (!parseBlock(out, 0, &term, &cond))
            return false;
        return true;
    }

    VtlError error;

private:
    Position positionAt(qsizetype offset) const;

    // The token Velocity would name in "Encountered ...": a word, or one character.
    QString tokenAt(qsizetype offset) const;

    bool fail(qsizetype offset, const QString &message = QString());

    QChar at(qsizetype i) const { return i < m_n ? m_src[i] : QChar(); }

    void skipSpace()
    {
        while (m_pos < m_n && isSpace(m_src[m_pos]))
            ++m_pos;
    }

    // Velocity 1.7 eats the rest of a line after a directive's closing parenthesis, #else
    // and #end when only spaces or tabs remain on it.
    void gobbleLineEnd();

    qsizetype identEnd(qsizetype p) const
    {
        if (p >= m_n || !isIdentStart(m_src[p]))
            return p;
        ++p;
        while (p < m_n && isIdentPart(m_src[p]))
            ++p;
        return p;
    }

    // "#name" or "#{name}" at p: the name and the offset after the token.
    bool directiveAt(qsizetype p, QString *name, qsizetype *after) const;

    bool isSetDirectiveAt(qsizetype p) const;

    bool isEscapable(const QString &name) const
    {
        return directiveNames().contains(name) || m_data->macros.contains(name);
    }

    bool parseBlock(Block *out, int depth, Terminator *term, ExprPtr *elseifCond);

    template <typename Flush>
    bool parseDirective(Block *out, int depth, bool *handled, Terminator *term, ExprPtr *elseifCond,
                        Flush flush);

    bool parseBodyToEnd(Block *body, int depth);

    // Arguments of a macro call: expressions separated by spaces or commas, up to ')'.
    bool parseArgs(std::vector<ExprPtr> *args);

    // An expression followed by ')' (the opening parenthesis is consumed).
    bool parseClosedExpr(ExprPtr *out);

    bool parseSet(Node *node);

    bool parseIf(Node *node, int depth);

    bool parseBoundVariable(Node *node);
    bool parseForeach(Node *node, int depth);

    bool parseDefine(Node *node, int depth);

    bool parseMacroDefinition(int depth);

    // A reference at m_pos ('$'). *out stays null (and m_pos unchanged) when the '$' does not
    // start one; returns false on a syntax error inside it.
    bool parseReference(std::unique_ptr<Reference> *out);

    void precompileRegex(Accessor *acc);

    // ---- expressions ----

    bool matchWord(const char *word);

    bool matchOp(const char *op);

    ExprPtr binary(Expr::Kind kind, ExprPtr a, ExprPtr b, Position pos);

    bool parseExpr(ExprPtr *out) { return parseOr(out); }

    bool parseOr(ExprPtr *out);

    bool parseAnd(ExprPtr *out);

    bool parseEquality(ExprPtr *out);

    bool parseRelational(ExprPtr *out);

    bool parseAdditive(ExprPtr *out);

    bool parseMultiplicative(ExprPtr *out);

    bool parseUnary(ExprPtr *out);

    bool parseNumber(ExprPtr *out);

    static QString unescapeUnicode(const QString &s);

    bool parseString(ExprPtr *out);

    // Velocity 1.7 takes no operators in list and map literals, ranges, method and macro
    // arguments and indexes: only a literal, a reference, a list, a map or a range.
    bool parseParameter(ExprPtr *out) { return parsePrimary(out, false); }

    bool parsePrimary(ExprPtr *out, bool allowParentheses = true);

    QString m_src;
    qsizetype m_n = 0;
    qsizetype m_pos = 0;
    qsizetype m_lastTerminatorStart = 0;
    TemplateData *m_data;
    int m_baseLine = 1;
    int m_baseColumn = 1;
    std::vector<qsizetype> m_lineStarts;
};

} // namespace Gatehouse::Vtl::Detail
