#include <items/attributevalue.h>

#include <items/itemslog.h>

#include <QSet>

#include <algorithm>
#include <variant>

namespace Gatehouse::Items {

// One allocation per non-trivial value; BOOL shares two static instances and NULL has none.
struct AttributeValue::Data
{
    using Storage = std::variant<QString, Decimal, QByteArray, QList<QString>, QList<Decimal>,
                                 QList<QByteArray>, AttributeMap, AttributeList, bool>;
    explicit Data(Storage s) : value(std::move(s)) {}
    Storage value;
};

QString typeName(AttributeType type)
{
    switch (type) {
    case AttributeType::S: return QStringLiteral("S");
    case AttributeType::N: return QStringLiteral("N");
    case AttributeType::B: return QStringLiteral("B");
    case AttributeType::SS: return QStringLiteral("SS");
    case AttributeType::NS: return QStringLiteral("NS");
    case AttributeType::BS: return QStringLiteral("BS");
    case AttributeType::M: return QStringLiteral("M");
    case AttributeType::L: return QStringLiteral("L");
    case AttributeType::BOOL: return QStringLiteral("BOOL");
    case AttributeType::NUL: return QStringLiteral("NULL");
    }
    return QString();
}

namespace {

// Small sets (the common case) are deduplicated by a linear scan: cheaper than hashing.
constexpr qsizetype kLinearLimit = 16;

template<typename T>
QList<T> uniqueByHash(QList<T> in)
{
    if (in.size() < 2)
        return in;
    if (in.size() <= kLinearLimit) {
        QList<T> out;
        out.reserve(in.size());
        for (const T &v : std::as_const(in)) {
            if (!out.contains(v))
                out.append(v);
        }
        if (out.size() == in.size())
            return in;
        return out;
    }
    QSet<T> seen;
    seen.reserve(in.size());
    QList<T> out;
    out.reserve(in.size());
    for (const T &v : std::as_const(in)) {
        if (!seen.contains(v)) {
            seen.insert(v);
            out.append(v);
        }
    }
    return out;
}

template<typename T>
bool sameMembers(const QList<T> &a, const QList<T> &b)
{
    if (a.size() != b.size())
        return false;
    if (a == b)
        return true;
    if (a.size() <= kLinearLimit) {
        for (const T &v : a) {
            if (!b.contains(v))
                return false;
        }
        return true;
    }
    const QSet<T> sb(b.cbegin(), b.cend());
    for (const T &v : a) {
        if (!sb.contains(v))
            return false;
    }
    return true;
}

// UTF-8 length of UTF-16 text without converting it. A lone surrogate counts as U+FFFD
// (3 bytes), which is what QString::toUtf8() writes for it.
qint64 utf8Length(const QString &s)
{
    qint64 bytes = 0;
    const char16_t *p = reinterpret_cast<const char16_t *>(s.constData());
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = p[i];
        if (c < 0x80) {
            bytes += 1;
        } else if (c < 0x800) {
            bytes += 2;
        } else if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(p[i + 1])) {
            bytes += 4;
            ++i;
        } else {
            bytes += 3;
        }
    }
    return bytes;
}

} // namespace

AttributeValue::AttributeValue() = default;

AttributeValue AttributeValue::fromString(QString s)
{
    AttributeValue v;
    v.m_type = AttributeType::S;
    v.m_data = std::make_shared<const Data>(Data::Storage(std::in_place_index<0>, std::move(s)));
    return v;
}

AttributeValue AttributeValue::fromNumber(Decimal n)
{
    AttributeValue v;
    v.m_type = AttributeType::N;
    v.m_data = std::make_shared<const Data>(Data::Storage(std::in_place_index<1>, std::move(n)));
    return v;
}

AttributeValue AttributeValue::fromBinary(QByteArray b)
{
    AttributeValue v;
    v.m_type = AttributeType::B;
    v.m_data = std::make_shared<const Data>(Data::Storage(std::in_place_index<2>, std::move(b)));
    return v;
}

AttributeValue AttributeValue::fromStringSet(QList<QString> ss)
{
    AttributeValue v;
    v.m_type = AttributeType::SS;
    v.m_data = std::make_shared<const Data>(
        Data::Storage(std::in_place_index<3>, uniqueByHash(std::move(ss))));
    return v;
}

AttributeValue AttributeValue::fromNumberSet(QList<Decimal> ns)
{
    AttributeValue v;
    v.m_type = AttributeType::NS;
    v.m_data = std::make_shared<const Data>(
        Data::Storage(std::in_place_index<4>, uniqueByHash(std::move(ns))));
    return v;
}

AttributeValue AttributeValue::fromBinarySet(QList<QByteArray> bs)
{
    AttributeValue v;
    v.m_type = AttributeType::BS;
    v.m_data = std::make_shared<const Data>(
        Data::Storage(std::in_place_index<5>, uniqueByHash(std::move(bs))));
    return v;
}

AttributeValue AttributeValue::fromMap(AttributeMap m)
{
    AttributeValue v;
    v.m_type = AttributeType::M;
    v.m_data = std::make_shared<const Data>(Data::Storage(std::in_place_index<6>, std::move(m)));
    return v;
}

AttributeValue AttributeValue::fromList(AttributeList l)
{
    AttributeValue v;
    v.m_type = AttributeType::L;
    v.m_data = std::make_shared<const Data>(Data::Storage(std::in_place_index<7>, std::move(l)));
    return v;
}

AttributeValue AttributeValue::fromBool(bool b)
{
    AttributeValue v;
    v.m_type = AttributeType::BOOL;
    static const std::shared_ptr<const Data> t =
        std::make_shared<const Data>(Data::Storage(std::in_place_index<8>, true));
    static const std::shared_ptr<const Data> f =
        std::make_shared<const Data>(Data::Storage(std::in_place_index<8>, false));
    v.m_data = b ? t : f;
    return v;
}

AttributeValue AttributeValue::null()
{
    return AttributeValue();
}

bool AttributeValue::isSet() const
{
    return m_type == AttributeType::SS || m_type == AttributeType::NS
           || m_type == AttributeType::BS;
}

namespace {
// The data pointer's type is deduced: the private Data cannot be named here.
template<std::size_t I, typename T, typename Ptr>
const T &get(const Ptr &d)
{
    if (d) {
        if (const T *p = std::get_if<I>(&d->value))
            return *p;
    }
    // A caller bug; release builds answer an empty value rather than crash a request thread.
    Q_ASSERT_X(false, "AttributeValue", "accessor does not match the value's type");
    qCWarning(lcItems, "AttributeValue accessor does not match the value's type");
    static const T empty{};
    return empty;
}
} // namespace

const QString &AttributeValue::string() const { return get<0, QString>(m_data); }
const Decimal &AttributeValue::number() const { return get<1, Decimal>(m_data); }
const QByteArray &AttributeValue::binary() const { return get<2, QByteArray>(m_data); }
const QList<QString> &AttributeValue::stringSet() const { return get<3, QList<QString>>(m_data); }
const QList<Decimal> &AttributeValue::numberSet() const { return get<4, QList<Decimal>>(m_data); }
const QList<QByteArray> &AttributeValue::binarySet() const
{
    return get<5, QList<QByteArray>>(m_data);
}
const AttributeMap &AttributeValue::map() const { return get<6, AttributeMap>(m_data); }
const AttributeList &AttributeValue::list() const { return get<7, AttributeList>(m_data); }
bool AttributeValue::boolean() const { return get<8, bool>(m_data); }

bool AttributeValue::operator==(const AttributeValue &other) const
{
    if (m_type != other.m_type)
        return false;
    if (m_data == other.m_data)
        return true;
    switch (m_type) {
    case AttributeType::S: return string() == other.string();
    case AttributeType::N: return number() == other.number();
    case AttributeType::B: return binary() == other.binary();
    case AttributeType::SS: return sameMembers(stringSet(), other.stringSet());
    case AttributeType::NS: return sameMembers(numberSet(), other.numberSet());
    case AttributeType::BS: return sameMembers(binarySet(), other.binarySet());
    case AttributeType::M: return map() == other.map();
    case AttributeType::L: return list() == other.list();
    case AttributeType::BOOL: return boolean() == other.boolean();
    case AttributeType::NUL: return true;
    }
    return false;
}

// Sizes as the service counts them for the 400 KB item limit (AWS Developer Guide, "Item sizes
// and formats"; dynalite db/index.js valSize for the details):
//   S: UTF-8 bytes.  B: raw bytes.  N: Decimal::byteSize().  BOOL, NULL: 1.
//   SS/NS/BS: the sum of the members' sizes.
//   L: 3 + sum over elements of (1 + element size).
//   M: 3 + sum over entries of (1 + UTF-8 name length + value size).
// Attribute names are counted in UTF-8 bytes as AWS documents (dynalite counts UTF-16 units,
// which differs only for non-ASCII names; the documentation wins).
qint64 AttributeValue::byteSize() const
{
    switch (m_type) {
    case AttributeType::S: return utf8Length(string());
    case AttributeType::N: return number().byteSize();
    case AttributeType::B: return binary().size();
    case AttributeType::SS: {
        qint64 sum = 0;
        for (const QString &s : stringSet())
            sum += utf8Length(s);
        return sum;
    }
    case AttributeType::NS: {
        qint64 sum = 0;
        for (const Decimal &n : numberSet())
            sum += n.byteSize();
        return sum;
    }
    case AttributeType::BS: {
        qint64 sum = 0;
        for (const QByteArray &b : binarySet())
            sum += b.size();
        return sum;
    }
    case AttributeType::L: {
        qint64 sum = 3;
        for (const AttributeValue &v : list())
            sum += 1 + v.byteSize();
        return sum;
    }
    case AttributeType::M: {
        const AttributeMap &m = map();
        return 3 + m.size() + itemByteSize(m);
    }
    case AttributeType::BOOL:
    case AttributeType::NUL: return 1;
    }
    return 0;
}

qint64 itemByteSize(const Item &item)
{
    qint64 sum = 0;
    for (auto it = item.cbegin(); it != item.cend(); ++it)
        sum += utf8Length(it.key()) + it.value().byteSize();
    return sum;
}

// S and B stay raw so that begins_with on a key is a byte-prefix range; UTF-8 byte order is
// the service's string order (code point order, unlike QString's UTF-16 order).
QByteArray encodeKeyValue(const AttributeValue &value)
{
    switch (value.type()) {
    case AttributeType::S: return value.string().toUtf8();
    case AttributeType::B: return value.binary();
    case AttributeType::N: return value.number().orderedKey();
    default: break;
    }
    Q_ASSERT_X(false, "encodeKeyValue", "key attributes are S, N or B");
    qCWarning(lcItems, "encodeKeyValue called with a %s value", qPrintable(typeName(value.type())));
    return QByteArray();
}

} // namespace Gatehouse::Items
