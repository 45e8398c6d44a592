#include "jsprivate.h"

#include "jstokens.h"

#include <QList>

namespace Gatehouse::Functions {

namespace {

class PrivateNames : private TokenQueries
{
public:
    PrivateNames(const QString &source, const QHash<QString, QString> &visible)
        : TokenQueries(lexJavaScript(source)), m_s(source), m_outer(visible)
    {}

    QString run()
    {
        findClasses();
        QString out;
        int cursor = 0;
        for (int i = 0; i < m_t.size(); ++i) {
            const Token &t = m_t[i];
            if (t.kind == Token::Template && t.text.contains(u'#') && t.text.contains(QLatin1String("${"))) {
                out += QStringView(m_s).mid(cursor, t.start - cursor);
                out += templateParts(t.text.toString(), visibleAt(i));
                cursor = t.end;
                continue;
            }
            if (!isPrivateName(i))
                continue;
            const QString name = m_t[i + 1].text.toString();
            const QString renamed = QStringLiteral("__gh_priv_") + tagOf(i, name) + u'_' + name;
            const bool member = is(i - 1, ".") || is(i - 1, "?.");
            out += QStringView(m_s).mid(cursor, t.start - cursor);
            out += !member && is(i + 2, "in") ? u'"' + renamed + u'"' : renamed;
            cursor = m_t[i + 1].end;
            ++i;
        }
        return out + QStringView(m_s).mid(cursor);
    }

private:
    struct ClassBody
    {
        QString tag;
        QHash<QString, bool> declared;
    };

    bool isPrivateName(int i) const
    {
        return is(i, "#") && isIdent(i + 1) && m_t[i + 1].start == m_t[i].end;
    }

    // Each class body's tag (its name and a number), and the private names declared at its top
    // level (element names; a reference there has a `.` before it).
    void findClasses()
    {
        int count = 0;
        for (int i = 0; i < m_t.size(); ++i) {
            if (!is(i, "class") || is(i - 1, ".") || is(i - 1, "?.") || is(i + 1, ":") || is(i + 1, "("))
                continue;
            int j = i + 1;
            const QString name = isIdent(j) && !is(j, "extends") ? m_t[j].text.toString() : QStringLiteral("C");
            while (j < m_t.size() && !is(j, "{"))
                j = m_t[j].match > j ? m_t[j].match + 1 : j + 1;
            if (j >= m_t.size() || m_t[j].match <= j)
                continue;
            ClassBody body;
            body.tag = name + QString::number(++count);
            for (int k = j + 1; k < m_t[j].match; ++k) {
                if (m_t[k].parent == j && isPrivateName(k) && !is(k - 1, ".") && !is(k - 1, "?."))
                    body.declared.insert(m_t[k + 1].text.toString(), true);
            }
            m_bodies.insert(j, body);
        }
    }

    // The names visible at token `i`: the outer ones, then each enclosing class's, inner last.
    QHash<QString, QString> visibleAt(int i) const
    {
        QList<int> bodies;
        for (int p = m_t[i].parent; p >= 0; p = m_t[p].parent) {
            if (m_bodies.contains(p))
                bodies.prepend(p);
        }
        QHash<QString, QString> visible = m_outer;
        for (int b : bodies) {
            const ClassBody &body = m_bodies[b];
            for (auto it = body.declared.cbegin(); it != body.declared.cend(); ++it)
                visible.insert(it.key(), body.tag);
        }
        return visible;
    }

    QString tagOf(int i, const QString &name) const
    {
        for (int p = m_t[i].parent; p >= 0; p = m_t[p].parent) {
            const auto body = m_bodies.constFind(p);
            if (body != m_bodies.cend() && body->declared.contains(name))
                return body->tag;
        }
        return m_outer.value(name, QStringLiteral("C0")); // undeclared: the engine reports it
    }

    // A template literal with its ${} parts renamed in the names visible where it stands.
    static QString templateParts(const QString &text, const QHash<QString, QString> &visible)
    {
        QString out;
        int cursor = 0;
        for (const auto &[start, end] : Functions::templateParts(text)) {
            out += QStringView(text).mid(cursor, start - cursor);
            out += renamePrivateNames(text.mid(start, end - start), visible);
            cursor = end;
        }
        return out + QStringView(text).mid(cursor);
    }

    const QString &m_s;
    const QHash<QString, QString> &m_outer;
    QHash<int, ClassBody> m_bodies; // by the body's `{`
};

} // namespace

QString renamePrivateNames(const QString &source, const QHash<QString, QString> &visible)
{
    // Most sources have no `#name` at all (a `#` in a comment or a colour is no reason to lex).
    bool candidate = false;
    for (qsizetype i = source.indexOf(u'#'); i >= 0 && i + 1 < source.size() && !candidate;
         i = source.indexOf(u'#', i + 1)) {
        const QChar next = source[i + 1];
        candidate = next.isLetter() || next == u'_' || next == u'$';
    }
    return candidate ? PrivateNames(source, visible).run() : source;
}

} // namespace Gatehouse::Functions
