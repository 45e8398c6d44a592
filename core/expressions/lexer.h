// Thread affinity: any thread (pure function).
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace Gatehouse::Expressions {

struct Token
{
    enum class Kind {
        Identifier,   // a name, a keyword or a function name: [A-Za-z][A-Za-z0-9_]*
        Name,         // #placeholder
        Value,        // :placeholder
        Number,       // [0-9]+ (list indexes)
        LParen, RParen, LBracket, RBracket, Comma, Dot,
        Eq, Ne, Lt, Le, Gt, Ge, Plus, Minus,
        Unknown,      // any other character: always a syntax error where it stands
        End,
    };
    Kind kind = Kind::End;
    qsizetype start = 0;   // offset in the expression (UTF-16 units)
    qsizetype length = 0;
    QStringView text;      // view into the expression, which outlives the tokens

    // Case-insensitive keyword test (AND, OR, SET, ...); keywords are ASCII.
    bool isKeyword(QLatin1StringView keyword) const
    {
        return kind == Kind::Identifier && text.compare(keyword, Qt::CaseInsensitive) == 0;
    }
};

// Splits an expression into tokens; the last one is always End. Whitespace is space, tab, CR, LF.
QList<Token> tokenize(QStringView expression);

// The service's syntax error text for the token at `index`: the token ("<EOF>" at the end) and
// the source from the previous token through the next one.
QString syntaxError(QStringView expression, const QList<Token> &tokens, qsizetype index);

} // namespace Gatehouse::Expressions
