#include "jsmodules.h"

#include "jstokens.h"

namespace Gatehouse::Functions {

namespace {

class ModuleReader : private TokenQueries
{
public:
    explicit ModuleReader(const QList<Token> &tokens) : TokenQueries(tokens) {}

    std::optional<ModuleStatement> read(int i, int limit)
    {
        ModuleStatement s;
        int j = i + 1;
        if (is(i, "import")) {
            if (is(j, "(") || is(j, ".") || j >= limit)
                return std::nullopt;
            s.kind = ModuleStatement::Import;
            if (m_t[j].kind == Token::String) {
                s.source = m_t[j].text.toString(); // import 'm': for its effects
                return finish(s, j + 1, limit);
            }
            if (isIdent(j) && !is(j, "from")) {
                s.defaultName = m_t[j++].text.toString();
                if (is(j, ","))
                    ++j;
            }
            if (is(j, "*")) {
                if (!is(j + 1, "as") || !isIdent(j + 2))
                    return std::nullopt;
                s.namespaceName = m_t[j + 2].text.toString();
                j += 3;
            } else if (is(j, "{")) {
                if (!readNames(j, s))
                    return std::nullopt;
                j = m_t[j].match + 1;
            }
        } else {
            if (is(j, "*")) {
                s.kind = ModuleStatement::ExportAll;
                ++j;
                if (is(j, "as")) {
                    if (!isIdent(j + 1) && !(j + 1 < limit && m_t[j + 1].kind == Token::String))
                        return std::nullopt;
                    s.namespaceName = m_t[j + 1].text.toString();
                    j += 2;
                }
            } else if (is(j, "{")) {
                s.kind = ModuleStatement::ExportList;
                if (!readNames(j, s))
                    return std::nullopt;
                j = m_t[j].match + 1;
                if (!is(j, "from"))
                    return finish(s, j, limit);
            } else {
                return std::nullopt;
            }
        }
        if (!is(j, "from") || j + 1 >= limit || m_t[j + 1].kind != Token::String)
            return std::nullopt;
        s.source = m_t[j + 1].text.toString();
        return finish(s, j + 2, limit);
    }

private:
    // { a, b as c, default as d, 'x-y' as e }
    bool readNames(int open, ModuleStatement &s) const
    {
        const int close = m_t[open].match;
        if (close <= open)
            return false;
        int k = open + 1;
        while (k < close) {
            const Token &name = m_t[k];
            if (name.kind != Token::Ident && name.kind != Token::String)
                return false;
            QString bound = name.text.toString();
            ++k;
            if (is(k, "as")) {
                if (k + 1 >= close || (m_t[k + 1].kind != Token::Ident && m_t[k + 1].kind != Token::String))
                    return false;
                bound = m_t[k + 1].text.toString();
                k += 2;
            }
            s.names.append({name.text.toString(), bound});
            if (is(k, ","))
                ++k;
            else if (k != close)
                return false;
        }
        return true;
    }

    // Import attributes (with { type: 'json' }) are read past; then the optional `;`.
    std::optional<ModuleStatement> finish(ModuleStatement s, int j, int limit) const
    {
        if ((is(j, "with") || is(j, "assert")) && !m_t[j].newlineBefore && is(j + 1, "{") && m_t[j + 1].match > j + 1)
            j = m_t[j + 1].match + 1;
        if (is(j, ";"))
            ++j;
        s.end = qMin(j, limit);
        return s;
    }
};

} // namespace

std::optional<ModuleStatement> readModuleStatement(const QList<Token> &tokens, int i, int limit)
{
    return ModuleReader(tokens).read(i, limit);
}

} // namespace Gatehouse::Functions
