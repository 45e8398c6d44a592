#include "jsclasses.h"

#include "jstokens.h"

namespace Gatehouse::Functions {

namespace {

class ClassReader : private TokenQueries
{
public:
    explicit ClassReader(const QList<Token> &tokens) : TokenQueries(tokens) {}

    std::optional<ClassShape> read(int i, int limit)
    {
        ClassShape c;
        int j = i + 1;
        if (isIdent(j) && m_t[j].text != u"extends")
            c.name = j++;
        // The heritage expression ends at the body's brace: the first `{` outside its brackets.
        if (is(j, "extends")) {
            c.derived = true;
            ++j;
            while (j < limit && !is(j, "{"))
                j = m_t[j].match > j ? m_t[j].match + 1 : j + 1;
        }
        if (!is(j, "{") || m_t[j].match <= j || m_t[j].match >= limit)
            return std::nullopt;
        c.open = j;
        c.close = m_t[j].match;

        bool fields = false;
        for (int k = c.open + 1; k < c.close;) {
            std::optional<ClassElement> e = element(k, c.close);
            if (!e)
                return std::nullopt;
            fields = fields || e->kind == ClassElement::Field || e->kind == ClassElement::StaticBlock;
            if (e->kind == ClassElement::Method && !e->isStatic && isConstructorKey(e->key, e->keyEnd))
                c.constructor = int(c.elements.size());
            c.elements.append(*e);
            k = e->end;
        }
        if (!fields)
            return std::nullopt;
        if (c.derived && c.constructor >= 0) {
            const ClassElement &ctor = c.elements[c.constructor];
            for (int k = ctor.bodyOpen + 1; k < m_t[ctor.bodyOpen].match && c.superCall < 0; ++k) {
                if (is(k, "super") && is(k + 1, "(") && m_t[k + 1].match > k + 1 && !is(k - 1, ".") &&
                    !is(k - 1, "?."))
                    c.superCall = k;
            }
            if (c.superCall < 0)
                return std::nullopt; // nowhere to initialise the fields
        }
        return c;
    }

private:
    // Whether the word at `i` (static, async, get, set) modifies the element rather than naming
    // it: `static() {}`, `get = 1`, `async;` are an element called so.
    bool modifier(int i, int close) const
    {
        const int n = i + 1;
        return n < close && !is(n, "(") && !is(n, "=") && !is(n, ";") && !is(n, "}");
    }

    bool isConstructorKey(int key, int keyEnd) const
    {
        if (keyEnd != key + 1)
            return false;
        const QStringView text = m_t[key].text;
        return text == u"constructor" || text == u"'constructor'" || text == u"\"constructor\"";
    }

    std::optional<ClassElement> element(int j, int close) const
    {
        ClassElement e;
        e.start = j;
        if (is(j, ";")) {
            e.end = j + 1;
            return e;
        }
        int k = j;
        if (is(k, "static") && modifier(k, close)) {
            e.isStatic = true;
            ++k;
            if (is(k, "{")) {
                if (m_t[k].match <= k || m_t[k].match >= close)
                    return std::nullopt;
                e.kind = ClassElement::StaticBlock;
                e.key = k;
                e.end = m_t[k].match + 1;
                return e;
            }
        }
        bool methodOnly = false; // async, generator, getter or setter
        if (is(k, "async") && modifier(k, close) && !m_t[k + 1].newlineBefore) {
            methodOnly = true;
            ++k;
        }
        if (is(k, "*")) {
            methodOnly = true;
            ++k;
        }
        if ((is(k, "get") || is(k, "set")) && modifier(k, close)) {
            methodOnly = true;
            ++k;
        }
        e.key = k;
        if (is(k, "[") && m_t[k].match > k)
            k = m_t[k].match + 1;
        else if (k < close && m_t[k].kind != Token::Punct && m_t[k].kind != Token::Regex &&
                 m_t[k].kind != Token::Template)
            ++k;
        else
            return std::nullopt;
        e.keyEnd = k;
        if (is(k, "(")) {
            const int body = m_t[k].match + 1;
            if (m_t[k].match <= k || !is(body, "{") || m_t[body].match <= body || m_t[body].match >= close)
                return std::nullopt;
            e.kind = ClassElement::Method;
            e.bodyOpen = body;
            e.end = m_t[body].match + 1;
            return e;
        }
        if (methodOnly)
            return std::nullopt;
        e.kind = ClassElement::Field;
        if (is(k, "=")) {
            e.init = k + 1;
            e.initEnd = statementEnd(k + 1, close);
            if (e.initEnd <= e.init)
                return std::nullopt;
            k = e.initEnd;
        }
        // A field ends at its semicolon, a line break or the class's end.
        if (is(k, ";"))
            ++k;
        else if (k < close && !m_t[k].newlineBefore)
            return std::nullopt;
        e.end = k;
        return e;
    }
};

} // namespace

std::optional<ClassShape> classWithFields(const QList<Token> &tokens, int i, int limit)
{
    return ClassReader(tokens).read(i, limit);
}

} // namespace Gatehouse::Functions
