#include <gateway/orderedjson.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace Gatehouse::Gateway {

namespace {

// A double-quoted string valid as JSON and as YAML: YAML also refuses raw DEL, C1 controls,
// and lone surrogates, so those are written as \u escapes too.
QByteArray quoted(const QString &s)
{
    QByteArray out;
    out.reserve(s.size() + 2);
    out += '"';
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar qc = s.at(i);
        const char16_t c = qc.unicode();
        switch (c) {
        case u'"':
            out += "\\\"";
            break;
        case u'\\':
            out += "\\\\";
            break;
        case u'\n':
            out += "\\n";
            break;
        case u'\r':
            out += "\\r";
            break;
        case u'\t':
            out += "\\t";
            break;
        case u'\b':
            out += "\\b";
            break;
        case u'\f':
            out += "\\f";
            break;
        default:
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xfeff || c == 0xfffe || c == 0xffff) {
                out += "\\u" + QByteArray::number(c, 16).rightJustified(4, '0');
            } else if (qc.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
                out += s.mid(i, 2).toUtf8();
                ++i;
            } else if (qc.isSurrogate()) {
                out += "\\u" + QByteArray::number(c, 16).rightJustified(4, '0');
            } else {
                out += QString(qc).toUtf8();
            }
        }
    }
    out += '"';
    return out;
}

bool isYamlWord(const QString &s)
{
    static const char *const words[] = {"true", "false", "null", "yes", "no",
                                        "on",   "off",   "y",    "n"};
    for (const char *w : words) {
        if (s.compare(QLatin1String(w), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// A key written without quotes must read back as the same string in YAML 1.1 and 1.2.
bool isPlainYamlKey(const QString &key)
{
    if (key.isEmpty() || isYamlWord(key))
        return false;
    const QChar first = key.at(0);
    if (!(first.isLetter() || first == u'/' || first == u'$' || first == u'_'))
        return false;
    for (QChar c : key) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                        (c >= u'0' && c <= u'9') || c == u'_' || c == u'.' || c == u'-' ||
                        c == u'/' || c == u'{' || c == u'}' || c == u'+' || c == u'$';
        if (!ok)
            return false;
    }
    return true;
}

QByteArray yamlKey(const QString &key)
{
    return isPlainYamlKey(key) ? key.toUtf8() : quoted(key);
}

} // namespace

OrderedJson OrderedJson::string(const QString &s)
{
    OrderedJson v(Kind::String);
    v.m_string = s;
    return v;
}

OrderedJson OrderedJson::boolean(bool b)
{
    OrderedJson v(Kind::Bool);
    v.m_bool = b;
    return v;
}

OrderedJson OrderedJson::number(double d)
{
    OrderedJson v(Kind::Number);
    v.m_number = d;
    return v;
}

OrderedJson OrderedJson::fromJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return boolean(value.toBool());
    case QJsonValue::Double:
        return number(value.toDouble());
    case QJsonValue::String:
        return string(value.toString());
    case QJsonValue::Array: {
        OrderedJson a = array();
        for (const QJsonValue &item : value.toArray())
            a.append(fromJson(item));
        return a;
    }
    case QJsonValue::Object: {
        OrderedJson o = object();
        const QJsonObject obj = value.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it)
            o.insert(it.key(), fromJson(it.value()));
        return o;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

OrderedJson &OrderedJson::insert(const QString &key, OrderedJson value)
{
    Q_ASSERT(m_kind == Kind::Object);
    for (auto &member : m_members) {
        if (member.first == key) {
            member.second = std::move(value);
            return member.second;
        }
    }
    m_members.emplace_back(key, std::move(value));
    return m_members.back().second;
}

void OrderedJson::append(OrderedJson value)
{
    Q_ASSERT(m_kind == Kind::Array);
    m_items.push_back(std::move(value));
}

void OrderedJson::removeKeys(const std::function<bool(const QString &)> &drop)
{
    m_members.erase(std::remove_if(m_members.begin(), m_members.end(),
                                   [&](const auto &member) { return drop(member.first); }),
                    m_members.end());
    for (auto &member : m_members)
        member.second.removeKeys(drop);
    for (OrderedJson &item : m_items)
        item.removeKeys(drop);
}

QByteArray OrderedJson::scalarText() const
{
    switch (m_kind) {
    case Kind::Null:
        return "null";
    case Kind::Bool:
        return m_bool ? "true" : "false";
    case Kind::Number:
        if (std::floor(m_number) == m_number && std::fabs(m_number) < 9007199254740992.0)
            return QByteArray::number(qint64(m_number));
        return QByteArray::number(m_number, 'g', QLocale::FloatingPointShortest);
    case Kind::String:
        return quoted(m_string);
    case Kind::Array:
        return "[]";
    case Kind::Object:
        return "{}";
    }
    return {};
}

QByteArray OrderedJson::toJson() const
{
    QByteArray out;
    writeJson(out, 0);
    out += '\n';
    return out;
}

void OrderedJson::writeJson(QByteArray &out, int indent) const
{
    if (m_kind == Kind::Object && !m_members.empty()) {
        out += "{\n";
        for (size_t i = 0; i < m_members.size(); ++i) {
            out += QByteArray(indent + 2, ' ') + quoted(m_members[i].first) + ": ";
            m_members[i].second.writeJson(out, indent + 2);
            out += i + 1 < m_members.size() ? ",\n" : "\n";
        }
        out += QByteArray(indent, ' ') + '}';
    } else if (m_kind == Kind::Array && !m_items.empty()) {
        out += "[\n";
        for (size_t i = 0; i < m_items.size(); ++i) {
            out += QByteArray(indent + 2, ' ');
            m_items[i].writeJson(out, indent + 2);
            out += i + 1 < m_items.size() ? ",\n" : "\n";
        }
        out += QByteArray(indent, ' ') + ']';
    } else {
        out += scalarText();
    }
}

QByteArray OrderedJson::toYaml() const
{
    QByteArray out;
    if (m_kind == Kind::Object && !m_members.empty())
        writeYamlMembers(out, 0, false);
    else if (m_kind == Kind::Array && !m_items.empty())
        writeYamlItems(out, 0);
    else
        out += scalarText() + '\n';
    return out;
}

// Writes what follows "key:" — a scalar on the same line, a block on the next lines.
void OrderedJson::writeYamlValue(QByteArray &out, int indent) const
{
    if (m_kind == Kind::Object && !m_members.empty()) {
        out += '\n';
        writeYamlMembers(out, indent + 2, false);
    } else if (m_kind == Kind::Array && !m_items.empty()) {
        out += '\n';
        writeYamlItems(out, indent); // AWS style: "- " at the key's indentation
    } else {
        out += ' ' + scalarText() + '\n';
    }
}

void OrderedJson::writeYamlMembers(QByteArray &out, int indent, bool firstInline) const
{
    bool first = true;
    for (const auto &member : m_members) {
        if (!(first && firstInline))
            out += QByteArray(indent, ' ');
        first = false;
        out += yamlKey(member.first) + ':';
        member.second.writeYamlValue(out, indent);
    }
}

void OrderedJson::writeYamlItems(QByteArray &out, int indent) const
{
    for (const OrderedJson &item : m_items) {
        out += QByteArray(indent, ' ') + "- ";
        if (item.m_kind == Kind::Object && !item.m_members.empty()) {
            item.writeYamlMembers(out, indent + 2, true);
        } else if (item.m_kind == Kind::Array && !item.m_items.empty()) {
            out += '\n';
            item.writeYamlItems(out, indent + 2);
        } else {
            out += item.scalarText() + '\n';
        }
    }
}

} // namespace Gatehouse::Gateway
