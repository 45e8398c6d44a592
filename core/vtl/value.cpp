#include "value.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace Gatehouse::Vtl {

namespace {
// Past this many entries a map adds a hash index; below it a scan with a length check wins.
constexpr qsizetype kIndexThreshold = 32;
}

ValueMap::ValueMap(QList<Entry> entries) : m_entries(std::move(entries))
{
    if (m_entries.size() > kIndexThreshold) {
        m_index = std::make_unique<QHash<QString, qsizetype>>();
        for (qsizetype k = 0; k < m_entries.size(); ++k)
            m_index->insert(m_entries.at(k).first, k);
    }
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
    const qsizetype size = key.size();
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const QString &k = m_entries.at(i).first;
        if (k.size() == size &&
            std::char_traits<char16_t>::compare(reinterpret_cast<const char16_t *>(k.constData()),
                                                reinterpret_cast<const char16_t *>(key.data()),
                                                size_t(size)) == 0)
            return i;
    }
    return -1;
}

const Value *ValueMap::find(QStringView key) const
{
    const qsizetype i = indexOf(key);
    return i < 0 ? nullptr : &m_entries.at(i).second;
}

const Value *ValueMap::find(QStringView key, int *hint) const
{
    const qsizetype h = *hint;
    if (h >= 0 && h < m_entries.size()) {
        const QString &k = m_entries.at(h).first;
        if (k.size() == key.size() &&
            std::char_traits<char16_t>::compare(reinterpret_cast<const char16_t *>(k.constData()),
                                                reinterpret_cast<const char16_t *>(key.data()),
                                                size_t(key.size())) == 0)
            return &m_entries.at(h).second;
    }
    const qsizetype i = indexOf(key);
    if (i < 0)
        return nullptr;
    *hint = int(i);
    return &m_entries.at(i).second;
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

void ValueMap::reserve(qsizetype n)
{
    m_entries.reserve(n);
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
    case Type::Int:
        return std::get<qint64>(m_data);
    case Type::Double:
        return qint64(std::get<double>(m_data));
    default:
        return 0;
    }
}

double Value::toDouble() const
{
    switch (type()) {
    case Type::Int:
        return double(std::get<qint64>(m_data));
    case Type::Double:
        return std::get<double>(m_data);
    default:
        return 0;
    }
}

const QString &Value::string() const
{
    return std::get<QString>(m_data);
}

int formatJavaDouble(double d, char *buf)
{
    auto put = [&](const char *text) {
        const int n = int(std::strlen(text));
        std::memcpy(buf, text, size_t(n));
        return n;
    };
    if (std::isnan(d))
        return put("NaN");
    if (std::isinf(d))
        return put(d > 0 ? "Infinity" : "-Infinity");
    if (d == 0)
        return put(std::signbit(d) ? "-0.0" : "0.0");
    const double magnitude = std::fabs(d);
    if (magnitude >= 1e-3 && magnitude < 1e7) {
        // Fast path for values with at most six decimals (prices, ratings, ...): when r/1e6
        // reads back as d, that decimal is the shortest representation (two such decimals are
        // 1e-6 apart, far more than the spacing of doubles below 1e7).
        const double scaled = d * 1e6;
        const long long r = std::llround(scaled);
        if (double(r) / 1e6 == d) {
            char digits[24];
            const auto res = std::to_chars(digits, digits + sizeof digits, r < 0 ? -r : r);
            int count = int(res.ptr - digits);
            int n = 0;
            if (r < 0)
                buf[n++] = '-';
            if (count <= 6) {
                buf[n++] = '0';
            } else {
                std::memcpy(buf + n, digits, size_t(count - 6));
                n += count - 6;
            }
            buf[n++] = '.';
            char frac[6];
            for (int i = 0; i < 6; ++i) {
                const int k = count - 6 + i;
                frac[i] = k >= 0 ? digits[k] : '0';
            }
            int fracLen = 6;
            while (fracLen > 1 && frac[fracLen - 1] == '0')
                --fracLen;
            std::memcpy(buf + n, frac, size_t(fracLen));
            return n + fracLen;
        }
    }
    // The shortest digits that read back as the same double, then Java's layout rules.
    char sci[40];
    const auto res = std::to_chars(sci, sci + sizeof sci - 1, d, std::chars_format::scientific);
    *res.ptr = '\0'; // std::atoi below reads the exponent up to here
    const char *p = sci;
    int n = 0;
    if (*p == '-') {
        buf[n++] = '-';
        ++p;
    }
    char digits[24];
    int count = 0;
    for (; p < res.ptr && *p != 'e'; ++p) {
        if (*p != '.')
            digits[count++] = *p;
    }
    const int exponent = std::atoi(p + 1);
    while (count > 1 && digits[count - 1] == '0')
        --count;
    if (magnitude >= 1e-3 && magnitude < 1e7) {
        if (exponent >= 0) {
            const int intLen = exponent + 1;
            for (int i = 0; i < intLen; ++i)
                buf[n++] = i < count ? digits[i] : '0';
            buf[n++] = '.';
            if (count > intLen) {
                for (int i = intLen; i < count; ++i)
                    buf[n++] = digits[i];
            } else {
                buf[n++] = '0';
            }
        } else {
            buf[n++] = '0';
            buf[n++] = '.';
            for (int i = 0; i < -exponent - 1; ++i)
                buf[n++] = '0';
            for (int i = 0; i < count; ++i)
                buf[n++] = digits[i];
        }
    } else {
        buf[n++] = digits[0];
        buf[n++] = '.';
        if (count > 1) {
            for (int i = 1; i < count; ++i)
                buf[n++] = digits[i];
        } else {
            buf[n++] = '0';
        }
        buf[n++] = 'E';
        n += std::snprintf(buf + n, 8, "%d", exponent);
    }
    return n;
}

QString javaDoubleString(double d)
{
    char buf[48];
    return QString::fromLatin1(buf, formatJavaDouble(d, buf));
}

QString Value::toString() const
{
    switch (type()) {
    case Type::Null:
        return QString();
    case Type::Bool:
        return std::get<bool>(m_data) ? QStringLiteral("true") : QStringLiteral("false");
    case Type::Int:
        return QString::number(std::get<qint64>(m_data));
    case Type::Double:
        return javaDoubleString(std::get<double>(m_data));
    case Type::String:
        return std::get<QString>(m_data);
    case Type::List: {
        QString out = QStringLiteral("[");
        const ValueList &l = *list();
        out.reserve(2 + l.size() * 8);
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
    case Type::Host:
        return host()->toString();
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
    case Type::Null:
        return true;
    case Type::Bool:
        return toBool() == other.toBool();
    case Type::String:
        return string() == other.string();
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
    case Type::Host:
        return host() == other.host();
    default:
        return false;
    }
}

bool HostObject::property(const QString &, Value *) const
{
    return false;
}

bool HostObject::call(const QString &, const ArgList &, Value *, QString *) const
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
