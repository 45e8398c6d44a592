#include "jstokens.h"

#include <algorithm>
#include <iterator>

namespace Gatehouse::Functions {

int TokenQueries::expressionEnd(int i, int limit) const
{
    int j = i;
    int ternary = 0;
    while (j < limit) {
        const Token &t = m_t[j];
        if (t.kind == Token::Punct) {
            if (t.match > j) {
                j = t.match + 1;
                continue;
            }
            if (t.text == u"," || t.text == u";" || t.text == u")" || t.text == u"]" || t.text == u"}")
                break;
            if (t.text == u"?")
                ++ternary;
            if (t.text == u":") {
                if (ternary == 0)
                    break;
                --ternary;
            }
        }
        ++j;
    }
    return j;
}

int TokenQueries::statementEnd(int i, int limit) const
{
    const int end = expressionEnd(i, limit);
    for (int j = i + 1; j < end; ++j) {
        const Token &t = m_t[j];
        if (!t.newlineBefore || t.parent != m_t[i].parent)
            continue;
        const Token &p = m_t[j - 1];
        const bool prevEnds = p.kind != Token::Punct || p.text == u")" || p.text == u"]" || p.text == u"}";
        const bool nextStarts = t.kind == Token::Ident || t.kind == Token::Number ||
                                t.kind == Token::String || t.kind == Token::Template || t.text == u"#";
        if (prevEnds && nextStarts && !(t.kind == Token::Ident && (t.text == u"instanceof" || t.text == u"in")))
            return j;
    }
    return end;
}

bool TokenQueries::logicalAssignment(int i) const
{
    if (i + 2 >= m_t.size() || !(is(i, "?") || is(i, "|") || is(i, "&")))
        return false;
    return m_t[i + 1].text == m_t[i].text && m_t[i + 1].start == m_t[i].end && is(i + 2, "=") &&
           m_t[i + 2].start == m_t[i + 1].end && !is(i + 3, "=");
}

int TokenQueries::assignmentTarget(int i) const
{
    int j = i - 1;
    int first = -1;
    while (j >= 0) {
        if (isIdent(j)) {
            first = j;
            if (is(j - 1, ".")) {
                j -= 2;
                continue;
            }
            return first;
        }
        if (is(j, "]") && m_t[j].match >= 0 && m_t[j].match < j) {
            for (int k = m_t[j].match; k < j; ++k) {
                if (is(k, "("))
                    return -1;
            }
            first = m_t[j].match;
            j = first - 1;
            continue;
        }
        return -1;
    }
    return first;
}

bool TokenQueries::hasTopLevelAssignment(int from, int to) const
{
    for (int j = from; j < to; ++j) {
        const Token &t = m_t[j];
        if (t.text == u"{" && t.match > j) {
            j = t.match;
            continue;
        }
        if (t.kind != Token::Punct || t.text != u"=")
            continue;
        const bool nextEq = j + 1 < to && is(j + 1, "=") && m_t[j + 1].start == t.end;
        const bool prevJoined = j > 0 && m_t[j - 1].end == t.start && m_t[j - 1].kind == Token::Punct;
        const QStringView prev = prevJoined ? m_t[j - 1].text : QStringView();
        const bool shift = prevJoined && (prev == u"<" || prev == u">") && j > 1 &&
                           m_t[j - 2].end == m_t[j - 1].start && m_t[j - 2].text == prev;
        if (!nextEq && (!prevJoined || shift || !(prev == u"=" || prev == u"!" || prev == u"<" || prev == u">")))
            return true;
    }
    return false;
}

int TokenQueries::forAwaitBodyEnd(int i, int limit) const
{
    if (i >= limit)
        return 0;
    if (is(i, "{"))
        return m_t[i].match > i && m_t[i].match < limit ? m_t[i].match + 1 : 0;
    if (is(i, "return") || is(i, "throw") || is(i, "break") || is(i, "continue")) {
        int end = i + 1;
        if (is(i, "break") || is(i, "continue")) {
            if (isIdent(end) && !m_t[end].newlineBefore)
                ++end; // a label
        } else if (end < limit && !is(end, ";") && !is(end, "}") && !m_t[end].newlineBefore) {
            end = statementEnd(end, limit);
        }
        return is(end, ";") ? end + 1 : end;
    }
    static const char *const statements[] = {"if", "for", "while", "do", "switch", "try",
                                             "const", "let", "var", "function", "class", "with"};
    for (const char *keyword : statements) {
        if (is(i, keyword))
            return 0;
    }
    const int end = statementEnd(i, limit);
    if (end <= i)
        return 0;
    return is(end, ";") ? end + 1 : end;
}

int TokenQueries::unaryEnd(int i, int limit) const
{
    int j = i;
    while (j < limit) {
        const Token &t = m_t[j];
        if ((t.kind == Token::Punct && (t.text == u"!" || t.text == u"-" || t.text == u"+" ||
                                        t.text == u"~")) ||
            (t.kind == Token::Ident &&
             (t.text == u"typeof" || t.text == u"void" || t.text == u"delete" ||
              t.text == u"await" || t.text == u"new")))
            ++j;
        else
            break;
    }
    if (j >= limit)
        return j;
    if (m_t[j].match > j)
        j = m_t[j].match + 1;
    else
        ++j;
    while (j < limit) {
        const Token &t = m_t[j];
        if (t.kind == Token::Template) {
            ++j;
        } else if ((t.text == u"." || t.text == u"?.") && j + 1 < limit) {
            j += m_t[j + 1].text == u"#" ? 3 : 2; // .name, .#name
            if (m_t[j - 1].match > j - 1) // ?.( or ?.[
                j = m_t[j - 1].match + 1;
        } else if ((t.text == u"(" || t.text == u"[") && t.match > j) {
            j = t.match + 1;
        } else {
            break;
        }
    }
    return qMin(j, limit);
}

QList<std::pair<int, int>> TokenQueries::entries(int open) const
{
    QList<std::pair<int, int>> list;
    const int close = m_t[open].match;
    int s = open + 1;
    for (;;) {
        int c = s;
        while (c < close && !is(c, ","))
            c = m_t[c].match > c ? m_t[c].match + 1 : c + 1;
        list.append({s, qMin(c, close)});
        if (c >= close)
            break;
        s = c + 1;
    }
    return list;
}

bool TokenQueries::hasOwnSpread(int open) const
{
    const int close = m_t[open].match;
    for (int j = open + 1; j < close; j = m_t[j].match > j ? m_t[j].match + 1 : j + 1) {
        if (is(j, "..."))
            return true;
    }
    return false;
}

bool TokenQueries::isPattern(int open) const
{
    const int close = m_t[open].match;
    if (close < 0)
        return false;
    if (is(close + 1, "=") && !is(close + 2, "="))
        return true;
    const int prev = open - 1;
    if (is(prev, "const") || is(prev, "let") || is(prev, "var"))
        return true;
    const int parent = m_t[open].parent;
    if (parent < 0)
        return false;
    if (is(parent, "(")) {
        if (!is(prev, "(") && !is(prev, ","))
            return false;
        const int after = m_t[parent].match + 1;
        if (is(after, "=>"))
            return true;
        if (!is(after, "{"))
            return false;
        const int head = parent - 1; // function name, method name, `function` or `catch`
        return (isIdent(head) && !is(head, "if") && !is(head, "while") && !is(head, "for") &&
                !is(head, "switch") && !is(head, "with") && !is(head, "return")) ||
               is(head, "]");
    }
    if (!isPattern(parent))
        return false;
    if (is(parent, "{"))
        return is(prev, ":");
    return is(parent, "[") && (is(prev, "[") || is(prev, ",") || is(prev, "..."));
}

bool TokenQueries::startsStatementAfterExpression(int i) const
{
    if (i == 0 || !m_t[i].newlineBefore)
        return false;
    const Token &p = m_t[i - 1];
    if (p.kind == Token::Ident) {
        static const char *const takers[] = {"else", "do", "return", "typeof", "void", "delete", "in",
                                             "of", "instanceof", "new", "yield", "await", "case", "throw"};
        return std::none_of(std::begin(takers), std::end(takers),
                            [&](const char *k) { return p.text == QLatin1String(k); });
    }
    if (p.text == u")") {
        const int head = p.match - 1;
        return !(is(head, "if") || is(head, "while") || is(head, "for") || is(head, "with"));
    }
    return p.kind != Token::Punct || p.text == u"]" || p.text == u"}";
}

bool TokenQueries::isBigIntLiteral(QStringView number)
{
    if (!number.endsWith(u'n'))
        return false;
    const bool radix = number.size() > 2 && number[0] == u'0' && number[1].isLetter();
    return radix || !(number.contains(u'.') || number.contains(u'e') || number.contains(u'E'));
}

int TokenQueries::innermostFunctionBody(int i) const
{
    for (int p = m_t[i].parent; p >= 0; p = m_t[p].parent) {
        if (!is(p, "{"))
            continue;
        if (is(p - 1, "=>"))
            return p;
        if (is(p - 1, ")") && m_t[p - 1].match >= 0) {
            const int head = m_t[p - 1].match - 1; // before the parameters' `(`
            if (!(is(head, "if") || is(head, "for") || is(head, "while") || is(head, "switch") ||
                  is(head, "catch") || is(head, "with")))
                return p;
        }
    }
    return -1;
}

QStringList TokenQueries::declaredNames(int k, int to) const
{
    QStringList names;
    for (;;) {
        k = bindingNames(k, to, names);
        if (k < 0)
            break;
        if (is(k, "="))
            k = expressionEnd(k + 1, to);
        if (!is(k, ","))
            break;
        ++k;
    }
    return names;
}

int TokenQueries::bindingNames(int k, int to, QStringList &names) const
{
    if (isIdent(k)) {
        names << m_t[k].text.toString();
        return k + 1;
    }
    if (!(is(k, "{") || is(k, "[")) || m_t[k].match <= k || m_t[k].match >= to)
        return -1;
    const bool object = is(k, "{");
    for (const auto &[first, end] : entries(k)) {
        int b = first;
        if (is(b, "..."))
            ++b;
        else if (object) {
            // key: binding, or a shorthand name; a computed key's binding follows its ':'.
            int colon = -1;
            for (int j = first; j < end; j = m_t[j].match > j ? m_t[j].match + 1 : j + 1) {
                if (is(j, ":")) {
                    colon = j;
                    break;
                }
            }
            if (colon >= 0)
                b = colon + 1;
        }
        if (b < end)
            bindingNames(b, end, names);
    }
    return m_t[k].match + 1;
}

} // namespace Gatehouse::Functions
