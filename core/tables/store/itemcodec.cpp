#include "itemcodec.h"

#include "sqlitedb.h"

#include <QByteArrayView>

namespace Gatehouse::Tables::Store {

using Items::AttributeType;
using Items::AttributeValue;

namespace {

// Changing any tag or layout needs a new format byte (and a migration or a dual decoder).
constexpr char kFormatV1 = 1;
// DynamoDB allows 32 levels of nesting; anything deeper in a stored blob is corruption.
constexpr int kMaxDepth = 64;

enum Tag : char {
    TagS = 1,
    TagN = 2,
    TagB = 3,
    TagSS = 4,
    TagNS = 5,
    TagBS = 6,
    TagM = 7,
    TagL = 8,
    TagFalse = 9,
    TagTrue = 10,
    TagNull = 11,
};

void putVarint(QByteArray &out, quint64 v)
{
    char buf[10];
    int n = 0;
    while (v >= 0x80) {
        buf[n++] = char((v & 0x7f) | 0x80);
        v >>= 7;
    }
    buf[n++] = char(v);
    out.append(buf, n);
}

void putBytes(QByteArray &out, const char *data, qsizetype size)
{
    putVarint(out, quint64(size));
    out.append(data, size);
}

void putBytes(QByteArray &out, const QByteArray &bytes)
{
    putBytes(out, bytes.constData(), bytes.size());
}

void putString(QByteArray &out, const QString &s)
{
    putBytes(out, s.toUtf8());
}

void putNumber(QByteArray &out, const Items::Decimal &d)
{
    putBytes(out, d.toString().toLatin1());
}

void putValue(QByteArray &out, const AttributeValue &v);

void putMap(QByteArray &out, const Items::AttributeMap &map)
{
    putVarint(out, quint64(map.size()));
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        putString(out, it.key());
        putValue(out, it.value());
    }
}

void putValue(QByteArray &out, const AttributeValue &v)
{
    switch (v.type()) {
    case AttributeType::S:
        out.append(TagS);
        putString(out, v.string());
        return;
    case AttributeType::N:
        out.append(TagN);
        putNumber(out, v.number());
        return;
    case AttributeType::B:
        out.append(TagB);
        putBytes(out, v.binary());
        return;
    case AttributeType::SS:
        out.append(TagSS);
        putVarint(out, quint64(v.stringSet().size()));
        for (const QString &s : v.stringSet())
            putString(out, s);
        return;
    case AttributeType::NS:
        out.append(TagNS);
        putVarint(out, quint64(v.numberSet().size()));
        for (const Items::Decimal &d : v.numberSet())
            putNumber(out, d);
        return;
    case AttributeType::BS:
        out.append(TagBS);
        putVarint(out, quint64(v.binarySet().size()));
        for (const QByteArray &b : v.binarySet())
            putBytes(out, b);
        return;
    case AttributeType::M:
        out.append(TagM);
        putMap(out, v.map());
        return;
    case AttributeType::L:
        out.append(TagL);
        putVarint(out, quint64(v.list().size()));
        for (const AttributeValue &e : v.list())
            putValue(out, e);
        return;
    case AttributeType::BOOL:
        out.append(v.boolean() ? TagTrue : TagFalse);
        return;
    case AttributeType::NUL:
        out.append(TagNull);
        return;
    }
}

class Reader
{
public:
    Reader(const char *data, qsizetype size) : m_p(data), m_end(data + size) {}

    bool failed() const { return m_failed; }
    bool atEnd() const { return m_p == m_end; }
    QString error() const { return m_error; }

    bool fail(const char *why)
    {
        if (!m_failed) {
            m_failed = true;
            m_error = QLatin1String(why);
        }
        return false;
    }

    bool byte(char *out)
    {
        if (m_p == m_end)
            return fail("truncated");
        *out = *m_p++;
        return true;
    }

    bool varint(quint64 *out)
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p == m_end)
                return fail("truncated varint");
            const auto b = quint8(*m_p++);
            v |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80)) {
                *out = v;
                return true;
            }
        }
        return fail("overlong varint");
    }

    // A count of elements that each take at least one byte: bounds allocations on corrupt input.
    bool count(qsizetype *out)
    {
        quint64 n = 0;
        if (!varint(&n))
            return false;
        if (n > quint64(m_end - m_p))
            return fail("count beyond the data");
        *out = qsizetype(n);
        return true;
    }

    bool bytes(const char **data, qsizetype *size)
    {
        quint64 n = 0;
        if (!varint(&n))
            return false;
        if (n > quint64(m_end - m_p))
            return fail("length beyond the data");
        *data = m_p;
        *size = qsizetype(n);
        m_p += n;
        return true;
    }

    bool string(QString *out)
    {
        const char *d = nullptr;
        qsizetype n = 0;
        if (!bytes(&d, &n))
            return false;
        *out = QString::fromUtf8(d, n);
        return true;
    }

    bool binary(QByteArray *out)
    {
        const char *d = nullptr;
        qsizetype n = 0;
        if (!bytes(&d, &n))
            return false;
        *out = QByteArray(d, n);
        return true;
    }

    bool number(Items::Decimal *out)
    {
        const char *d = nullptr;
        qsizetype n = 0;
        if (!bytes(&d, &n))
            return false;
        auto parsed = Items::Decimal::parse(QString::fromLatin1(d, n));
        if (!parsed)
            return fail("invalid number");
        *out = std::move(parsed).value();
        return true;
    }

    bool map(Items::AttributeMap *out, int depth)
    {
        qsizetype n = 0;
        if (!count(&n))
            return false;
        for (qsizetype i = 0; i < n; ++i) {
            QString name;
            AttributeValue value;
            if (!string(&name) || !this->value(&value, depth))
                return false;
            // Names were written in map order: appending at the end keeps insertion O(1).
            out->insert(out->cend(), name, value);
        }
        return true;
    }

    bool value(AttributeValue *out, int depth)
    {
        if (depth > kMaxDepth)
            return fail("nesting too deep");
        char tag = 0;
        if (!byte(&tag))
            return false;
        switch (tag) {
        case TagS: {
            QString s;
            if (!string(&s))
                return false;
            *out = AttributeValue::fromString(std::move(s));
            return true;
        }
        case TagN: {
            Items::Decimal d;
            if (!number(&d))
                return false;
            *out = AttributeValue::fromNumber(std::move(d));
            return true;
        }
        case TagB: {
            QByteArray b;
            if (!binary(&b))
                return false;
            *out = AttributeValue::fromBinary(std::move(b));
            return true;
        }
        case TagSS: {
            qsizetype n = 0;
            if (!count(&n))
                return false;
            QList<QString> set;
            set.reserve(n);
            for (qsizetype i = 0; i < n; ++i) {
                QString s;
                if (!string(&s))
                    return false;
                set.append(std::move(s));
            }
            *out = AttributeValue::fromStringSet(std::move(set));
            return true;
        }
        case TagNS: {
            qsizetype n = 0;
            if (!count(&n))
                return false;
            QList<Items::Decimal> set;
            set.reserve(n);
            for (qsizetype i = 0; i < n; ++i) {
                Items::Decimal d;
                if (!number(&d))
                    return false;
                set.append(std::move(d));
            }
            *out = AttributeValue::fromNumberSet(std::move(set));
            return true;
        }
        case TagBS: {
            qsizetype n = 0;
            if (!count(&n))
                return false;
            QList<QByteArray> set;
            set.reserve(n);
            for (qsizetype i = 0; i < n; ++i) {
                QByteArray b;
                if (!binary(&b))
                    return false;
                set.append(std::move(b));
            }
            *out = AttributeValue::fromBinarySet(std::move(set));
            return true;
        }
        case TagM: {
            Items::AttributeMap m;
            if (!map(&m, depth + 1))
                return false;
            *out = AttributeValue::fromMap(std::move(m));
            return true;
        }
        case TagL: {
            qsizetype n = 0;
            if (!count(&n))
                return false;
            Items::AttributeList list;
            list.reserve(n);
            for (qsizetype i = 0; i < n; ++i) {
                AttributeValue e;
                if (!value(&e, depth + 1))
                    return false;
                list.append(std::move(e));
            }
            *out = AttributeValue::fromList(std::move(list));
            return true;
        }
        case TagFalse:
            *out = AttributeValue::fromBool(false);
            return true;
        case TagTrue:
            *out = AttributeValue::fromBool(true);
            return true;
        case TagNull:
            *out = AttributeValue::null();
            return true;
        default:
            return fail("unknown type tag");
        }
    }

private:
    const char *m_p;
    const char *m_end;
    bool m_failed = false;
    QString m_error;
};

// Writes JSON from the stored bytes. Strings are stored as valid UTF-8 (QString::toUtf8 has
// already replaced lone surrogates): escaping them byte by byte gives what appendJsonString
// writes for the decoded QString. Numbers are stored as their canonical text.
class JsonWriter
{
public:
    JsonWriter(Reader &reader, QByteArray &out) : m_in(reader), m_out(out) {}

    // Set when the stored names are not in an order the text can keep (see nameAfter).
    bool unordered = false;

    bool map(int depth)
    {
        qsizetype n = 0;
        if (!m_in.count(&n))
            return false;
        m_out.append('{');
        QByteArrayView previous;
        for (qsizetype i = 0; i < n; ++i) {
            if (i > 0)
                m_out.append(',');
            QByteArrayView name;
            if (!string(&name))
                return false;
            if (i > 0 && !nameAfter(previous, name)) {
                unordered = true;
                return m_in.fail("names out of order");
            }
            previous = name;
            m_out.append(':');
            if (!value(depth))
                return false;
        }
        m_out.append('}');
        return true;
    }

private:
    // A decoded item lists its names in QString (UTF-16) order. The stored names were written
    // in that order of the names as given, which are the decoded ones unless toUtf8 replaced a
    // lone surrogate. UTF-8 byte order is UTF-16 order except between U+E000..U+FFFF and the
    // supplementary planes (lead bytes EE..F4): names that are strictly increasing bytewise,
    // first differing below 0xEE, are in the decoded order; anything else is left to decoding.
    static bool nameAfter(QByteArrayView previous, QByteArrayView name)
    {
        const qsizetype n = qMin(previous.size(), name.size());
        for (qsizetype i = 0; i < n; ++i) {
            const auto a = quint8(previous[i]);
            const auto b = quint8(name[i]);
            if (a != b)
                return a < b && a < 0xEE && b < 0xEE;
        }
        return previous.size() < name.size();
    }

    bool string(QByteArrayView *raw = nullptr)
    {
        static const char hex[] = "0123456789abcdef";
        const char *d = nullptr;
        qsizetype n = 0;
        if (!m_in.bytes(&d, &n))
            return false;
        if (raw)
            *raw = QByteArrayView(d, n);
        const qsizetype start = m_out.size();
        m_out.resize(start + 2 + n * 6);
        char *w = m_out.data() + start;
        *w++ = '"';
        for (qsizetype i = 0; i < n; ++i) {
            const auto c = quint8(d[i]);
            if (c >= 0x80 || (c >= 0x20 && c != '"' && c != '\\')) {
                *w++ = char(c);
                continue;
            }
            *w++ = '\\';
            switch (c) {
            case '"': *w++ = '"'; continue;
            case '\\': *w++ = '\\'; continue;
            case '\b': *w++ = 'b'; continue;
            case '\f': *w++ = 'f'; continue;
            case '\n': *w++ = 'n'; continue;
            case '\r': *w++ = 'r'; continue;
            case '\t': *w++ = 't'; continue;
            default: break;
            }
            *w++ = 'u';
            *w++ = '0';
            *w++ = '0';
            *w++ = hex[c >> 4];
            *w++ = hex[c & 0xF];
        }
        *w++ = '"';
        m_out.resize(w - m_out.constData());
        return true;
    }

    bool number()
    {
        const char *d = nullptr;
        qsizetype n = 0;
        if (!m_in.bytes(&d, &n))
            return false;
        m_out.append('"');
        m_out.append(d, n);
        m_out.append('"');
        return true;
    }

    bool binary()
    {
        const char *d = nullptr;
        qsizetype n = 0;
        if (!m_in.bytes(&d, &n))
            return false;
        m_out.append('"');
        m_out.append(QByteArray::fromRawData(d, n).toBase64());
        m_out.append('"');
        return true;
    }

    // A set or list: a count, then that many elements written by `element`.
    template<typename Element>
    bool sequence(Element element)
    {
        qsizetype n = 0;
        if (!m_in.count(&n))
            return false;
        m_out.append('[');
        for (qsizetype i = 0; i < n; ++i) {
            if (i > 0)
                m_out.append(',');
            if (!element())
                return false;
        }
        m_out.append(']');
        return true;
    }

    bool value(int depth)
    {
        if (depth > kMaxDepth)
            return m_in.fail("nesting too deep");
        char tag = 0;
        if (!m_in.byte(&tag))
            return false;
        bool ok = true;
        switch (tag) {
        case TagS:
            m_out.append("{\"S\":");
            ok = string();
            break;
        case TagN:
            m_out.append("{\"N\":");
            ok = number();
            break;
        case TagB:
            m_out.append("{\"B\":");
            ok = binary();
            break;
        case TagSS:
            m_out.append("{\"SS\":");
            ok = sequence([this] { return string(); });
            break;
        case TagNS:
            m_out.append("{\"NS\":");
            ok = sequence([this] { return number(); });
            break;
        case TagBS:
            m_out.append("{\"BS\":");
            ok = sequence([this] { return binary(); });
            break;
        case TagM:
            m_out.append("{\"M\":");
            ok = map(depth + 1);
            break;
        case TagL:
            m_out.append("{\"L\":");
            ok = sequence([this, depth] { return value(depth + 1); });
            break;
        case TagFalse: m_out.append("{\"BOOL\":false"); break;
        case TagTrue: m_out.append("{\"BOOL\":true"); break;
        case TagNull: m_out.append("{\"NULL\":true"); break;
        default: return m_in.fail("unknown type tag");
        }
        if (ok)
            m_out.append('}');
        return ok;
    }

    Reader &m_in;
    QByteArray &m_out;
};

} // namespace

Status appendStoredItemJson(QByteArray &out, const char *data, qsizetype size)
{
    const qsizetype start = out.size();
    Reader reader(data, size);
    char format = 0;
    if (!reader.byte(&format) || format != kFormatV1)
        return internalError(QStringLiteral("Stored item is corrupt: unknown format"));
    JsonWriter writer(reader, out);
    if (!writer.map(1)) {
        if (writer.unordered) {
            // Rare names (see nameAfter): the decoded item gives the order.
            out.truncate(start);
            Result<Items::Item> item = decodeItem(data, size);
            if (!item)
                return item.status();
            Items::appendItemJson(out, *item);
            return Status::ok();
        }
        return internalError(QStringLiteral("Stored item is corrupt: %1").arg(reader.error()));
    }
    if (!reader.atEnd())
        return internalError(QStringLiteral("Stored item is corrupt: trailing bytes"));
    return Status::ok();
}

void appendItem(QByteArray &out, const Items::Item &item)
{
    out.append(kFormatV1);
    putMap(out, item);
}

QByteArray encodeItem(const Items::Item &item)
{
    QByteArray out;
    out.reserve(64);
    appendItem(out, item);
    return out;
}

Result<Items::Item> decodeItem(const char *data, qsizetype size)
{
    Reader reader(data, size);
    char format = 0;
    if (!reader.byte(&format) || format != kFormatV1)
        return internalError(QStringLiteral("Stored item is corrupt: unknown format"));
    Items::Item item;
    if (!reader.map(&item, 1))
        return internalError(QStringLiteral("Stored item is corrupt: %1").arg(reader.error()));
    if (!reader.atEnd())
        return internalError(QStringLiteral("Stored item is corrupt: trailing bytes"));
    return item;
}

} // namespace Gatehouse::Tables::Store
