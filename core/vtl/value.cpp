#include "value.h"

#include <charconv>
#include <cmath>

namespace Gatehouse::Vtl {

namespace {
constexpr qsizetype kIndexThreshold = 12;
}

ValueMap::ValueMap(const ValueMap &other) : m_entries(other.m_entries) {}

ValueMap::~ValueMap() = default;

ValueMap &ValueMap::operator=(const ValueMap &other)
{
    m_entries = other.m_entries;
    m_index.reset();
    return *this;
}

qsizetype ValueMap::indexOf(QStringView key) const
{
    if (m_index) {
        const auto it = m_index->constFind(key.toString());
        return it == m_index->constEnd() ? -1 : it.value();
    }
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).first == key)
            return i;
    }
    return -1;
}

const Value *ValueMap::find(QStringView key) const
{
    const qsizetype i = indexOf(key);
    return i < 0 ? nullptr : &m_entries.at(i).second;
}

Value ValueMap::value(const QString &key) const
{
    const Value *v = find(key);
    return v ? *v : Value();
}

Value ValueMap::insert(const QString &key, Value value)
{
    const qsizetype i = indexOf(key);
    if (i >= 0) {
        Value previous = std::move(m_entries[i].second);
        m_entries[i].second = std::move(value);
        return previous;
    }
    m_entries.append({key, std::move(value)});
    if (m_index) {
        m_index->insert(key, m_entries.size() - 1);
    } else if (m_entries.size() > kIndexThreshold) {
        m_index = std::make_unique<QHash<QString, qsizetype>>();
        for (qsizetype k = 0; k < m_entries.size(); ++k)
            m_index->insert(m_entries.at(k).first, k);
    }
    return {};
}

Value ValueMap::remove(const QString &key)
{
    const qsizetype i = indexOf(key);
    if (i < 0)
        return {};
    Value previous = std::move(m_entries[i].second);
    m_entries.removeAt(i);
    if (m_index) {
        m_index->clear();
        for (qsizetype k = 0; k < m_entries.size(); ++k)
            m_index->insert(m_entries.at(k).first, k);
    }
    return previous;
}

QStringList ValueMap::keys() const
{
    QStringList out;
    out.reserve(m_entries.size());
    for (const Entry &e : m_entries)
        out.append(e.first);
    return out;
}

ValueList ValueMap::values() const
{
    ValueList out;
    out.reserve(m_entries.size());
    for (const Entry &e : m_entries)
        out.append(e.second);
    return out;
}

Value Value::newList(ValueList items)
{
    return Value(std::make_shared<ValueList>(std::move(items)));
}

Value Value::newMap()
{
    return Value(std::make_shared<ValueMap>());
}

qint64 Value::toInt() const
{
    switch (type()) {
    case Type::Int: return std::get<qint64>(m_data);
    case Type::Double: return qint64(std::get<double>(m_data));
    default: return 0;
    }
}

double Value::toDouble() const
{
    switch (type()) {
    case Type::Int: return double(std::get<qint64>(m_data));
    case Type::Double: return std::get<double>(m_data);
    default: return 0;
    }
}

const QString &Value::string() const
{
    return std::get<QString>(m_data);
}

QString javaDoubleString(double d)
{
    if (std::isnan(d))
        return QStringLiteral("NaN");
    if (std::isinf(d))
        return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    if (d == 0)
        return std::signbit(d) ? QStringLiteral("-0.0") : QStringLiteral("0.0");
    // The shortest digits that read back as the same double, then Java's layout rules.
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    const std::string sci(buf, res.ptr);
    const bool negative = sci[0] == '-';
    const size_t start = negative ? 1 : 0;
    const size_t ePos = sci.find('e');
    std::string digits;
    for (size_t i = start; i < ePos; ++i) {
        if (sci[i] != '.')
            digits.push_back(sci[i]);
    }
    const int exponent = std::stoi(sci.substr(ePos + 1));
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    std::string out = negative ? "-" : "";
    const double magnitude = std::fabs(d);
    if (magnitude >= 1e-3 && magnitude < 1e7) {
        if (exponent >= 0) {
            const size_t intLen = size_t(exponent) + 1;
            std::string intPart = digits.substr(0, std::min(intLen, digits.size()));
            while (intPart.size() < intLen)
                intPart.push_back('0');
            std::string frac = digits.size() > intLen ? digits.substr(intLen) : "0";
            out += intPart + "." + frac;
        } else {
            out += "0.";
            out += std::string(size_t(-exponent - 1), '0');
            out += digits;
        }
    } else {
        out += digits.substr(0, 1);
        out += ".";
        out += digits.size() > 1 ? digits.substr(1) : "0";
        out += "E" + std::to_string(exponent);
    }
    return QString::fromLatin1(out.data(), qsizetype(out.size()));
}

QString Value::toString() const
{
    switch (type()) {
    case Type::Null: return QString();
    case Type::Bool: return std::get<bool>(m_data) ? QStringLiteral("true") : QStringLiteral("false");
    case Type::Int: return QString::number(std::get<qint64>(m_data));
    case Type::Double: return javaDoubleString(std::get<double>(m_data));
    case Type::String: return std::get<QString>(m_data);
    case Type::List: {
        QString out = QStringLiteral("[");
        const ValueList &l = *list();
        for (qsizetype i = 0; i < l.size(); ++i) {
            if (i)
                out += u", ";
            out += l.at(i).isNull() ? QStringLiteral("null") : l.at(i).toString();
        }
        return out + u']';
    }
    case Type::Map: {
        QString out = QStringLiteral("{");
        bool first = true;
        for (const auto &[k, v] : map()->entries()) {
            if (!first)
                out += u", ";
            first = false;
            out += k + u'=' + (v.isNull() ? QStringLiteral("null") : v.toString());
        }
        return out + u'}';
    }
    case Type::Host: return host()->toString();
    }
    return QString();
}

bool Value::equals(const Value &other) const
{
    if (isNumber() && other.isNumber()) {
        if (isInt() && other.isInt())
            return toInt() == other.toInt();
        return toDouble() == other.toDouble();
    }
    if (type() != other.type())
        return false;
    switch (type()) {
    case Type::Null: return true;
    case Type::Bool: return toBool() == other.toBool();
    case Type::String: return string() == other.string();
    case Type::List: {
        const ValueList &a = *list();
        const ValueList &b = *other.list();
        if (a.size() != b.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).equals(b.at(i)))
                return false;
        }
        return true;
    }
    case Type::Map: {
        const ValueMap &a = *map();
        const ValueMap &b = *other.map();
        if (a.size() != b.size())
            return false;
        for (const auto &[k, v] : a.entries()) {
            const Value *bv = b.find(k);
            if (!bv || !v.equals(*bv))
                return false;
        }
        return true;
    }
    case Type::Host: return host() == other.host();
    default: return false;
    }
}

bool HostObject::property(const QString &, Value *) const
{
    return false;
}

bool HostObject::call(const QString &, const ValueList &, Value *, QString *) const
{
    return false;
}

bool HostObject::setProperty(const QString &, const Value &)
{
    return false;
}

QString HostObject::toString() const
{
    return QString();
}

} // namespace Gatehouse::Vtl
