#include "json.h"

#include <QVarLengthArray>

#include <charconv>
#include <cmath>

namespace Gatehouse::Vtl {
namespace {

class JsonReader
{
public:
    explicit JsonReader(QStringView text) : m_text(text) {}

    Value parseDocument(QString *error)
    {
        skipSpace();
        Value v = parseValue();
        skipSpace();
        if (m_error.isEmpty() && m_pos != m_text.size())
            fail(QStringLiteral("unexpected character"));
        if (!m_error.isEmpty()) {
            if (error)
                *error = m_error;
            return {};
        }
        return v;
    }

private:
    void fail(const QString &what)
    {
        if (m_error.isEmpty())
            m_error = what + u" at offset " + QString::number(m_pos);
    }
    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c != u' ' && c != u'\t' && c != u'\n' && c != u'\r')
                break;
            ++m_pos;
        }
    }
    bool consumeWord(QLatin1StringView w)
    {
        if (m_text.mid(m_pos).startsWith(w)) {
            m_pos += w.size();
            return true;
        }
        return false;
    }
    Value parseValue()
    {
        if (++m_depth > 512) {
            fail(QStringLiteral("nesting too deep"));
            return {};
        }
        Value v = parseValueInner();
        --m_depth;
        return v;
    }
    Value parseValueInner()
    {
        if (m_pos >= m_text.size()) {
            fail(QStringLiteral("unexpected end of input"));
            return {};
        }
        const QChar c = m_text[m_pos];
        if (c == u'{')
            return parseObject();
        if (c == u'[')
            return parseArray();
        if (c == u'"') {
            QString s;
            parseString(&s);
            return Value(s);
        }
        if (c == u'-' || (c >= u'0' && c <= u'9'))
            return parseNumber();
        if (c == u't' && consumeWord(QLatin1StringView("true")))
            return Value(true);
        if (c == u'f' && consumeWord(QLatin1StringView("false")))
            return Value(false);
        if (c == u'n' && consumeWord(QLatin1StringView("null")))
            return {};
        fail(QStringLiteral("unexpected character"));
        return {};
    }
    Value parseObject()
    {
        ++m_pos;
        auto map = std::make_shared<ValueMap>();
        map->reserve(8);
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == u'}') {
            ++m_pos;
            return Value(map);
        }
        while (m_error.isEmpty()) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != u'"') {
                fail(QStringLiteral("expected a member name"));
                break;
            }
            QString key;
            parseKey(&key);
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != u':') {
                fail(QStringLiteral("expected ':'"));
                break;
            }
            ++m_pos;
            skipSpace();
            map->insert(key, parseValue());
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == u',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == u'}') {
                ++m_pos;
                break;
            }
            fail(QStringLiteral("expected ',' or '}'"));
        }
        return Value(map);
    }
    Value parseArray()
    {
        ++m_pos;
        auto list = std::make_shared<ValueList>();
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == u']') {
            ++m_pos;
            return Value(list);
        }
        while (m_error.isEmpty()) {
            skipSpace();
            list->append(parseValue());
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == u',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == u']') {
                ++m_pos;
                break;
            }
            fail(QStringLiteral("expected ',' or ']'"));
        }
        return Value(list);
    }
    // Member names repeat, across the objects of an array and across documents of the same
    // shape (an integration's answers): share one string per name, per thread. The views
    // point into the strings the table holds; it is cleared, not grown, past a bound.
    static QString internedKey(QStringView name)
    {
        constexpr qsizetype MaxKeyLength = 64;
        constexpr qsizetype MaxKeys = 4096;
        if (name.size() > MaxKeyLength)
            return name.toString();
        thread_local QHash<QStringView, QString> keys;
        const auto it = keys.constFind(name);
        if (it != keys.constEnd())
            return it.value();
        if (keys.size() >= MaxKeys)
            keys.clear();
        QString owned = name.toString();
        keys.insert(QStringView(owned), owned);
        return owned;
    }

    void parseKey(QString *out)
    {
        const qsizetype start = m_pos + 1;
        qsizetype end = start;
        while (end < m_text.size() && m_text[end] != u'"' && m_text[end] != u'\\')
            ++end;
        if (end >= m_text.size() || m_text[end] != u'"') {
            parseString(out);
            return;
        }
        *out = internedKey(m_text.mid(start, end - start));
        m_pos = end + 1;
    }

    void parseString(QString *out)
    {
        // Fast path: no escapes, one copy of the characters.
        qsizetype end = m_pos + 1;
        while (end < m_text.size() && m_text[end] != u'"' && m_text[end] != u'\\')
            ++end;
        if (end < m_text.size() && m_text[end] == u'"') {
            *out = m_text.mid(m_pos + 1, end - m_pos - 1).toString();
            m_pos = end + 1;
            return;
        }
        ++m_pos;
        QVarLengthArray<QChar, 256> buf;
        auto done = [&]() { *out = QString(buf.constData(), buf.size()); };
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos++];
            if (c == u'"') {
                done();
                return;
            }
            if (c != u'\\') {
                buf.append(c);
                continue;
            }
            if (m_pos >= m_text.size())
                break;
            const QChar e = m_text[m_pos++];
            switch (e.unicode()) {
            case '"':
                buf.append(u'"');
                break;
            case '\\':
                buf.append(u'\\');
                break;
            case '/':
                buf.append(u'/');
                break;
            case 'b':
                buf.append(u'\b');
                break;
            case 'f':
                buf.append(u'\f');
                break;
            case 'n':
                buf.append(u'\n');
                break;
            case 'r':
                buf.append(u'\r');
                break;
            case 't':
                buf.append(u'\t');
                break;
            case 'u': {
                bool ok = false;
                const uint code = m_text.mid(m_pos, 4).toString().toUInt(&ok, 16);
                if (!ok || m_pos + 4 > m_text.size()) {
                    fail(QStringLiteral("bad unicode escape"));
                    return;
                }
                m_pos += 4;
                buf.append(QChar(char16_t(code)));
                break;
            }
            default:
                fail(QStringLiteral("bad escape"));
                return;
            }
        }
        fail(QStringLiteral("unterminated string"));
    }
    Value parseNumber()
    {
        const qsizetype start = m_pos;
        bool isDecimal = false;
        if (m_text[m_pos] == u'-')
            ++m_pos;
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c.isDigit()) {
                ++m_pos;
            } else if (c == u'.' || c == u'e' || c == u'E' || c == u'+' ||
                       (c == u'-' && m_pos > start)) {
                isDecimal = true;
                ++m_pos;
            } else {
                break;
            }
        }
        // ASCII digits into a small buffer: std::from_chars needs no allocation or locale.
        char buf[64];
        const qsizetype len = m_pos - start;
        if (len >= qsizetype(sizeof buf)) {
            fail(QStringLiteral("bad number"));
            return {};
        }
        for (qsizetype i = 0; i < len; ++i)
            buf[i] = char(m_text[start + i].unicode());
        if (!isDecimal) {
            qint64 i = 0;
            const auto res = std::from_chars(buf, buf + len, i);
            if (res.ec == std::errc() && res.ptr == buf + len)
                return Value(i);
        }
        double d = 0;
        const auto res = std::from_chars(buf, buf + len, d);
        if (res.ec != std::errc() || res.ptr != buf + len)
            fail(QStringLiteral("bad number"));
        return Value(d);
    }

    QStringView m_text;
    qsizetype m_pos = 0;
    int m_depth = 0;
    QString m_error;
};

void appendJson(QString &out, const Value &v)
{
    switch (v.type()) {
    case Value::Type::Null:
        out += u"null";
        break;
    case Value::Type::Bool:
    case Value::Type::Int:
        out += v.toString();
        break;
    case Value::Type::Double:
        if (std::isfinite(v.toDouble()))
            out += v.toString();
        else
            out += u"null";
        break;
    case Value::Type::String:
        appendJsonString(out, v.string());
        break;
    case Value::Type::List: {
        out += u'[';
        bool first = true;
        for (const Value &item : *v.list()) {
            if (!first)
                out += u',';
            first = false;
            appendJson(out, item);
        }
        out += u']';
        break;
    }
    case Value::Type::Map: {
        out += u'{';
        bool first = true;
        for (const auto &[k, item] : v.map()->entries()) {
            if (!first)
                out += u',';
            first = false;
            appendJsonString(out, k);
            out += u':';
            appendJson(out, item);
        }
        out += u'}';
        break;
    }
    case Value::Type::Host:
        appendJsonString(out, v.toString());
        break;
    }
}

} // namespace

Value parseJson(QStringView text, QString *error)
{
    return JsonReader(text).parseDocument(error);
}

void appendJsonString(QString &out, QStringView s)
{
    out += u'"';
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '"':
            out += u"\\\"";
            break;
        case '\\':
            out += u"\\\\";
            break;
        case '\n':
            out += u"\\n";
            break;
        case '\r':
            out += u"\\r";
            break;
        case '\t':
            out += u"\\t";
            break;
        case '\b':
            out += u"\\b";
            break;
        case '\f':
            out += u"\\f";
            break;
        default:
            if (c.unicode() < 0x20)
                out += u"\\u" + QString::number(c.unicode(), 16).rightJustified(4, u'0');
            else
                out += c;
        }
    }
    out += u'"';
}

QString toJson(const Value &value)
{
    QString out;
    appendJson(out, value);
    return out;
}

} // namespace Gatehouse::Vtl
