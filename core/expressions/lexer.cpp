#include "lexer.h"

namespace Gatehouse::Expressions {

namespace {
// A bare name starts with a letter (the service answers "_x" with: token: "_"); after the
// first letter, and anywhere in a #name or :value placeholder, digits and '_' are allowed.
bool isNameStart(char16_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isNamePart(char16_t c)
{
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '_';
}
bool isSpace(char16_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
} // namespace

QList<Token> tokenize(QStringView s)
{
    QList<Token> tokens;
    tokens.reserve(s.size() / 2 + 2);
    const qsizetype n = s.size();
    qsizetype i = 0;
    auto push = [&](Token::Kind kind, qsizetype start, qsizetype end) {
        Token t;
        t.kind = kind;
        t.start = start;
        t.length = end - start;
        t.text = s.mid(start, end - start);
        tokens.append(t);
    };
    while (i < n) {
        const char16_t c = s.at(i).unicode();
        if (isSpace(c)) {
            ++i;
            continue;
        }
        const qsizetype start = i;
        if (isNameStart(c)) {
            while (i < n && isNamePart(s.at(i).unicode()))
                ++i;
            push(Token::Kind::Identifier, start, i);
        } else if (c >= '0' && c <= '9') {
            while (i < n && s.at(i).unicode() >= '0' && s.at(i).unicode() <= '9')
                ++i;
            push(Token::Kind::Number, start, i);
        } else if ((c == '#' || c == ':') && i + 1 < n && isNamePart(s.at(i + 1).unicode())) {
            ++i;
            while (i < n && isNamePart(s.at(i).unicode()))
                ++i;
            push(c == '#' ? Token::Kind::Name : Token::Kind::Value, start, i);
        } else {
            Token::Kind kind = Token::Kind::Unknown;
            qsizetype len = 1;
            const char16_t next = i + 1 < n ? s.at(i + 1).unicode() : 0;
            switch (c) {
            case '(': kind = Token::Kind::LParen; break;
            case ')': kind = Token::Kind::RParen; break;
            case '[': kind = Token::Kind::LBracket; break;
            case ']': kind = Token::Kind::RBracket; break;
            case ',': kind = Token::Kind::Comma; break;
            case '.': kind = Token::Kind::Dot; break;
            case '=': kind = Token::Kind::Eq; break;
            case '+': kind = Token::Kind::Plus; break;
            case '-': kind = Token::Kind::Minus; break;
            case '<':
                if (next == '>') {
                    kind = Token::Kind::Ne;
                    len = 2;
                } else if (next == '=') {
                    kind = Token::Kind::Le;
                    len = 2;
                } else {
                    kind = Token::Kind::Lt;
                }
                break;
            case '>':
                if (next == '=') {
                    kind = Token::Kind::Ge;
                    len = 2;
                } else {
                    kind = Token::Kind::Gt;
                }
                break;
            default:
                if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(next))
                    len = 2;
                break;
            }
            i += len;
            push(kind, start, i);
        }
    }
    push(Token::Kind::End, n, n);
    return tokens;
}

QString syntaxError(QStringView expression, const QList<Token> &tokens, qsizetype index)
{
    const Token &tok = tokens.at(index);
    const QString tokenText = tok.kind == Token::Kind::End ? QStringLiteral("<EOF>")
                                                          : tok.text.toString();
    qsizetype from = index > 0 ? tokens.at(index - 1).start : tok.start;
    qsizetype to = tok.start + tok.length;
    if (tok.kind != Token::Kind::End && index + 1 < tokens.size()
        && tokens.at(index + 1).kind != Token::Kind::End) {
        const Token &next = tokens.at(index + 1);
        to = next.start + next.length;
    }
    return u"Syntax error; token: \"" + tokenText + u"\", near: \""
           + expression.mid(from, to - from).toString() + u'"';
}

} // namespace Gatehouse::Expressions
