// The plain-request reader (requestvalidation.h, readPlainRequest): the common item requests
// read straight from their bytes, without a QJsonDocument and the schema walk.
//
// It accepts only what it can prove the general path would accept and turn into the same
// CheckedRequest: anything else (an escape or a non-ASCII byte in a string, a member or a type
// it does not read, a value the general path would reject, a duplicate name) returns nothing
// and the request goes the general way, which then gives every answer and error as before.
#include "requestvalidation.h"

#include <items/decimal.h>

namespace Gatehouse::Tables::Validation {

namespace {

class PlainReader
{
public:
    explicit PlainReader(const QByteArray &body)
        : m_p(body.constData())
        , m_end(body.constData() + body.size())
    {
    }

    // The whole body: one object whose members are all taken by `member`, then nothing.
    template<typename MemberFn>
    bool object(MemberFn &&member)
    {
        if (!take('{'))
            return false;
        if (take('}'))
            return false; // {}: the general path reports what is missing
        do {
            QByteArrayView name;
            if (!rawString(name) || !take(':') || !member(name))
                return false;
        } while (take(','));
        return take('}');
    }

    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }

    // A string of printable ASCII without escapes, as a view into the body.
    bool rawString(QByteArrayView &out)
    {
        if (!take('"'))
            return false;
        const char *start = m_p;
        while (m_p < m_end) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                out = QByteArrayView(start, m_p - start);
                ++m_p;
                return true;
            }
            if (c == '\\' || c < 0x20 || c >= 0x80)
                return false;
            ++m_p;
        }
        return false;
    }

    bool boolean(bool &out)
    {
        skipSpace();
        if (word("true")) {
            out = true;
            return true;
        }
        if (word("false")) {
            out = false;
            return true;
        }
        return false;
    }

    // An AttrMap member: a non-empty object of names to single-type values (S, N, BOOL, NULL).
    bool attributeMap(Items::AttributeMap &out)
    {
        return object([this, &out](QByteArrayView name) {
            if (name.isEmpty())
                return false;
            const QString key = QString::fromLatin1(name);
            if (out.contains(key))
                return false;
            Items::AttributeValue value;
            if (!attributeValue(value))
                return false;
            out.insert(key, std::move(value));
            return true;
        });
    }

private:
    bool attributeValue(Items::AttributeValue &out)
    {
        int members = 0;
        const bool ok = object([this, &out, &members](QByteArrayView type) {
            if (++members > 1)
                return false;
            if (type == "S") {
                QByteArrayView text;
                if (!rawString(text))
                    return false;
                out = Items::AttributeValue::fromString(QString::fromLatin1(text));
                return true;
            }
            if (type == "N") {
                QByteArrayView text;
                if (!rawString(text))
                    return false;
                Result<Items::Decimal> number = Items::Decimal::parse(QString::fromLatin1(text));
                if (!number)
                    return false;
                out = Items::AttributeValue::fromNumber(std::move(number).value());
                return true;
            }
            bool flag = false;
            if (type == "BOOL" && boolean(flag)) {
                out = Items::AttributeValue::fromBool(flag);
                return true;
            }
            if (type == "NULL" && boolean(flag) && flag) {
                out = Items::AttributeValue::null();
                return true;
            }
            return false;
        });
        return ok && members == 1;
    }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    bool take(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    bool word(QByteArrayView w)
    {
        if (m_end - m_p < w.size() || QByteArrayView(m_p, w.size()) != w)
            return false;
        m_p += w.size();
        return true;
    }

    const char *m_p;
    const char *m_end;
};

// The TableName constraints of the item operations' schemas: 3 to 255 of [a-zA-Z0-9_.-].
bool plainTableName(QByteArrayView name)
{
    if (name.size() < 3 || name.size() > 255)
        return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

std::optional<CheckedRequest> readPlainRequest(QStringView operation, const QByteArray &body)
{
    // The one AttrMap member each reads, and whether ConsistentRead may come with it.
    QByteArrayView mapMember;
    bool consistentRead = false;
    if (operation == u"PutItem") {
        mapMember = "Item";
    } else if (operation == u"GetItem") {
        mapMember = "Key";
        consistentRead = true;
    } else if (operation == u"DeleteItem") {
        mapMember = "Key";
    } else {
        return std::nullopt;
    }

    PlainReader reader(body);
    CheckedRequest request;
    ParsedMap parsed;
    bool haveTable = false;
    bool haveMap = false;
    bool haveConsistent = false;
    const bool ok = reader.object([&](QByteArrayView name) {
        if (name == "TableName" && !haveTable) {
            QByteArrayView table;
            if (!reader.rawString(table) || !plainTableName(table))
                return false;
            request.data.insert(QLatin1String("TableName"), QString::fromLatin1(table));
            haveTable = true;
            return true;
        }
        if (name == mapMember && !haveMap) {
            haveMap = true;
            return reader.attributeMap(parsed.values);
        }
        if (consistentRead && name == "ConsistentRead" && !haveConsistent) {
            bool flag = false;
            if (!reader.boolean(flag))
                return false;
            request.data.insert(QLatin1String("ConsistentRead"), flag);
            haveConsistent = true;
            return true;
        }
        return false;
    });
    if (!ok || !reader.atEnd() || !haveTable || !haveMap)
        return std::nullopt;
    request.maps.insert(QString::fromLatin1(mapMember), std::move(parsed));
    return request;
}

} // namespace Gatehouse::Tables::Validation
