#include "jslexer.h"

namespace Gatehouse::Functions {

namespace {

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == u'_' || c == u'$' || c.unicode() > 127;
}
bool isIdentPart(QChar c)
{
    return isIdentStart(c) || c.isDigit();
}

// Keywords after which a '/' starts a regular expression, not a division.
bool regexAllowedAfterWord(QStringView w)
{
    static const char *words[] = {"return", "typeof", "instanceof", "in", "of", "new", "delete",
                                  "void", "throw", "case", "do", "else", "yield", "await"};
    for (const char *k : words) {
        if (w == QLatin1String(k))
            return true;
    }
    return false;
}

class Lexer
{
public:
    explicit Lexer(const QString &s) : m_s(s) {}

    QList<Token> run()
    {
        QList<Token> tokens;
        bool newline = false;
        int i = 0;
        const int n = int(m_s.size());
        while (i < n) {
            const QChar c = m_s[i];
            if (c == u'\n') {
                newline = true;
                ++i;
                continue;
            }
            if (c.isSpace()) {
                ++i;
                continue;
            }
            if (c == u'/' && i + 1 < n && m_s[i + 1] == u'/') {
                while (i < n && m_s[i] != u'\n')
                    ++i;
                continue;
            }
            if (c == u'/' && i + 1 < n && m_s[i + 1] == u'*') {
                const int close = int(m_s.indexOf(QLatin1String("*/"), i + 2));
                const int end = close < 0 ? n : close + 2;
                if (m_s.mid(i, end - i).contains(u'\n'))
                    newline = true;
                i = end;
                continue;
            }
            Token t{Token::Punct, i, i + 1, {}, -1, newline};
            newline = false;
            if (isIdentStart(c)) {
                int j = i + 1;
                while (j < n && isIdentPart(m_s[j]))
                    ++j;
                t.kind = Token::Ident;
                t.end = j;
            } else if (c.isDigit() || (c == u'.' && i + 1 < n && m_s[i + 1].isDigit())) {
                int j = i + 1;
                while (j < n && (m_s[j].isLetterOrNumber() || m_s[j] == u'.' || m_s[j] == u'_'))
                    ++j;
                t.kind = Token::Number;
                t.end = j;
            } else if (c == u'"' || c == u'\'') {
                t.kind = Token::String;
                t.end = skipString(i);
            } else if (c == u'`') {
                t.kind = Token::Template;
                t.end = skipTemplate(i);
            } else if (c == u'/' && regexAllowed(tokens)) {
                t.kind = Token::Regex;
                t.end = skipRegex(i);
            } else if (m_s.mid(i, 3) == QLatin1String("...")) {
                t.end = i + 3;
            } else if (c == u'=' && i + 1 < n && m_s[i + 1] == u'>') {
                t.end = i + 2;
            } else if (c == u'?' && i + 1 < n && m_s[i + 1] == u'.' &&
                       !(i + 2 < n && m_s[i + 2].isDigit())) {
                t.end = i + 2;
            }
            t.text = QStringView(m_s).mid(t.start, t.end - t.start);
            tokens.append(t);
            i = t.end;
        }
        matchBrackets(tokens);
        return tokens;
    }

private:
    bool regexAllowed(const QList<Token> &tokens) const
    {
        if (tokens.isEmpty())
            return true;
        const Token &p = tokens.last();
        switch (p.kind) {
        case Token::Ident:
            return regexAllowedAfterWord(p.text);
        case Token::Punct:
            return p.text != u")" && p.text != u"]";
        default:
            return false;
        }
    }
    int skipString(int i) const
    {
        const QChar q = m_s[i];
        const int n = int(m_s.size());
        ++i;
        while (i < n && m_s[i] != q && m_s[i] != u'\n') {
            if (m_s[i] == u'\\')
                ++i;
            ++i;
        }
        return qMin(n, i + 1);
    }
    int skipRegex(int i) const
    {
        const int n = int(m_s.size());
        bool inClass = false;
        ++i;
        while (i < n && m_s[i] != u'\n') {
            const QChar c = m_s[i];
            if (c == u'\\') {
                i += 2;
                continue;
            }
            if (c == u'[')
                inClass = true;
            else if (c == u']')
                inClass = false;
            else if (c == u'/' && !inClass)
                break;
            ++i;
        }
        ++i;
        while (i < n && isIdentPart(m_s[i]))
            ++i;
        return qMin(n, i);
    }
    // A template literal with its ${} parts, which may hold strings, templates and braces.
    int skipTemplate(int i) const
    {
        const int n = int(m_s.size());
        ++i;
        while (i < n) {
            const QChar c = m_s[i];
            if (c == u'\\') {
                i += 2;
                continue;
            }
            if (c == u'`')
                return i + 1;
            if (c == u'$' && i + 1 < n && m_s[i + 1] == u'{') {
                i += 2;
                int depth = 1;
                while (i < n && depth > 0) {
                    const QChar d = m_s[i];
                    if (d == u'"' || d == u'\'') {
                        i = skipString(i);
                        continue;
                    }
                    if (d == u'`') {
                        i = skipTemplate(i);
                        continue;
                    }
                    if (d == u'{')
                        ++depth;
                    else if (d == u'}')
                        --depth;
                    ++i;
                }
                continue;
            }
            ++i;
        }
        return n;
    }
    static void matchBrackets(QList<Token> &tokens)
    {
        QList<int> stack;
        for (int i = 0; i < tokens.size(); ++i) {
            Token &t = tokens[i];
            t.parent = stack.isEmpty() ? -1 : stack.last();
            if (t.kind != Token::Punct)
                continue;
            if (t.text == u"(" || t.text == u"[" || t.text == u"{") {
                stack.append(i);
            } else if ((t.text == u")" || t.text == u"]" || t.text == u"}") && !stack.isEmpty()) {
                const int open = stack.takeLast();
                tokens[open].match = i;
                tokens[i].match = open;
            }
        }
    }

    const QString &m_s;
};

} // namespace

QList<Token> lexJavaScript(const QString &source)
{
    return Lexer(source).run();
}

QList<std::pair<int, int>> templateParts(const QString &text)
{
    QList<std::pair<int, int>> parts;
    for (int k = 1; k + 1 < text.size(); ++k) {
        if (text[k] == u'\\') {
            ++k;
            continue;
        }
        if (text[k] != u'$' || text[k + 1] != u'{')
            continue;
        // The part's end: its closing brace, found as the lexer found it.
        const QString rest = text.mid(k + 2);
        int depth = 0;
        int end = -1;
        for (const Token &x : lexJavaScript(rest)) {
            if (x.text == u"{")
                ++depth;
            else if (x.text == u"}" && depth-- == 0) {
                end = x.start;
                break;
            }
        }
        if (end < 0)
            break;
        parts.append({k + 2, k + 2 + end});
        k = k + 2 + end;
    }
    return parts;
}
} // namespace Gatehouse::Functions
