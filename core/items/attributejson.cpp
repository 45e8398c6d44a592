// DynamoDB JSON for attribute values: the validating reader and the writer.
//
// The service checks a request in two phases, and so does this reader: JSON types first (a wrong
// type anywhere is a SerializationException, reported at once with the text of the service's
// Java deserializer), then the values (ValidationException, the first one found in document
// order). Messages are those dynalite (validations/index.js) recorded from the live service.
#include <items/attributevalue.h>
#include <items/dynamoerror.h>
#include <items/valuewording.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace Gatehouse::Items {

namespace {

Status serialization(const QString &message)
{
    return Status::error(ErrorCode::Serialization, message);
}

Status validation(const QString &message)
{
    return Status::error(ErrorCode::Validation, message);
}

QString numberToken(const QJsonValue &v)
{
    // The service's parser tells integer tokens from decimal ones; QJsonValue keeps only the
    // double, so an integral value stands for an integer token (as dynalite decides it too).
    const double d = v.toDouble();
    return std::trunc(d) == d ? QStringLiteral("NUMBER_VALUE") : QStringLiteral("DECIMAL_VALUE");
}

const QString &structureNotExpected()
{
    static const QString s = QStringLiteral("Start of structure or map found where not expected");
    return s;
}

// Strict base64 as the service decodes B values: length a multiple of 4, the standard alphabet,
// padding only at the end, and no stray bits in the last character.
int base64Digit(char16_t c)
{
    if (c >= u'A' && c <= u'Z')
        return c - u'A';
    if (c >= u'a' && c <= u'z')
        return c - u'a' + 26;
    if (c >= u'0' && c <= u'9')
        return c - u'0' + 52;
    if (c == u'+')
        return 62;
    if (c == u'/')
        return 63;
    return -1;
}

Status decodeBase64(const QString &text, QByteArray &out)
{
    const qsizetype n = text.size();
    if (n % 4 != 0)
        return serialization(
            QStringLiteral("Base64 encoded length is expected a multiple of 4 bytes but found: ")
            + QString::number(n));
    // The service's own spelling ("dectected") is kept: clients may match on it.
    static const QString invalid = QStringLiteral("Invalid last non-pad Base64 character dectected");
    out.resize(n / 4 * 3);
    char *o = out.data();
    const char16_t *p = reinterpret_cast<const char16_t *>(text.constData());
    for (qsizetype i = 0; i < n; i += 4) {
        const bool last = i + 4 == n;
        int d[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char16_t c = p[i + k];
            if (c == u'=' && last && k >= 2) {
                d[k] = 0;
                ++pad;
                continue;
            }
            if (pad > 0)
                return serialization(invalid);  // data after padding
            d[k] = base64Digit(c);
            if (d[k] < 0)
                return serialization(invalid);
        }
        if (pad == 1 && (d[2] & 0x3) != 0)
            return serialization(invalid);
        if (pad == 2 && (d[1] & 0xF) != 0)
            return serialization(invalid);
        const quint32 triple = quint32(d[0]) << 18 | quint32(d[1]) << 12 | quint32(d[2]) << 6
                               | quint32(d[3]);
        *o++ = char(triple >> 16);
        if (pad < 2)
            *o++ = char(triple >> 8);
        if (pad < 1)
            *o++ = char(triple);
    }
    out.resize(o - out.constData());
    return Status::ok();
}

} // namespace

Status emptyAttributeName()
{
    return validation(QStringLiteral("Empty attribute name"));
}

namespace {

// "[a, b, c]": how the service echoes a set in its duplicate messages.
QString listText(const QJsonArray &array)
{
    QString s = QStringLiteral("[");
    bool first = true;
    for (const QJsonValue &v : array) {
        if (!first)
            s += QStringLiteral(", ");
        first = false;
        s += v.isNull() ? QStringLiteral("null") : v.toString();
    }
    s += u']';
    return s;
}

// The current layer's echo of a set with a repeated member: the members before the first repeat
// in byte order, then the repeat, then the rest as sent, each quoted ("[\"a\", \"b\", \"b\"]";
// binary sets without spaces). `order` holds what is compared (UTF-8 or the decoded bytes),
// `shown` what is echoed (the text sent).
QString currentDuplicatesText(const QList<QByteArray> &order, const QStringList &shown,
                              bool compact)
{
    qsizetype repeat = 0;
    QSet<QByteArray> seen;
    while (repeat < order.size() && !seen.contains(order[repeat]))
        seen.insert(order[repeat++]);
    QList<qsizetype> before(repeat);
    std::iota(before.begin(), before.end(), 0);
    std::stable_sort(before.begin(), before.end(),
                     [&order](qsizetype a, qsizetype b) { return order[a] < order[b]; });
    for (qsizetype i = repeat; i < order.size(); ++i)
        before.append(i);
    QStringList quoted;
    for (qsizetype i : before)
        quoted.append(u'"' + shown[i] + u'"');
    return u'[' + quoted.join(compact ? QStringLiteral(",") : QStringLiteral(", ")) + u']';
}

class Reader
{
public:
    // A serialization error ends the read (returned); a validation error is remembered (the
    // first one) and reading goes on, so that a later type error still wins.
    Status readValue(const QJsonValue &json, AttributeValue &out);
    Status readItem(const QJsonValue &json, Item &out);
    Status firstInvalid;

private:
    void invalid(Status s)
    {
        if (firstInvalid.isOk())
            firstInvalid = std::move(s);
    }
    const ValueWording m_wording = valueWording();
    Status readString(const QJsonValue &v, QString &out);
    Status readBlob(const QJsonValue &v, QByteArray &out);
    Status readBoolean(const QJsonValue &v, bool &out);
    Status checkList(const QJsonValue &v);
    Status readNumber(const QJsonValue &v, Decimal &out);
};

Status Reader::readString(const QJsonValue &v, QString &out)
{
    switch (v.type()) {
    case QJsonValue::String: out = v.toString(); return Status::ok();
    case QJsonValue::Bool:
        return serialization(v.toBool() ? QStringLiteral("TRUE_VALUE cannot be converted to String")
                                        : QStringLiteral("FALSE_VALUE cannot be converted to String"));
    case QJsonValue::Double:
        return serialization(numberToken(v) + QStringLiteral(" cannot be converted to String"));
    case QJsonValue::Array:
        return serialization(QStringLiteral("Unrecognized collection type class java.lang.String"));
    case QJsonValue::Object: return serialization(structureNotExpected());
    default: out = QString(); return Status::ok();
    }
}

Status Reader::readBlob(const QJsonValue &v, QByteArray &out)
{
    switch (v.type()) {
    case QJsonValue::String: return decodeBase64(v.toString(), out);
    case QJsonValue::Bool:
    case QJsonValue::Double:
        return serialization(QStringLiteral("only base-64-encoded strings are convertible to bytes"));
    case QJsonValue::Array:
        return serialization(QStringLiteral("Unrecognized collection type class java.nio.ByteBuffer"));
    case QJsonValue::Object: return serialization(structureNotExpected());
    default: out = QByteArray(); return Status::ok();
    }
}

Status Reader::readBoolean(const QJsonValue &v, bool &out)
{
    switch (v.type()) {
    case QJsonValue::Bool: out = v.toBool(); return Status::ok();
    case QJsonValue::Double:
        return serialization(numberToken(v) + QStringLiteral(" cannot be converted to Boolean"));
    case QJsonValue::String: {
        // The service's deserializer coerces these spellings (any case) to booleans.
        const QString s = v.toString();
        if (s.compare(u"true", Qt::CaseInsensitive) == 0 || s == u"1"
            || s.compare(u"yes", Qt::CaseInsensitive) == 0) {
            out = true;
            return Status::ok();
        }
        if (s.compare(u"false", Qt::CaseInsensitive) == 0 || s == u"0"
            || s.compare(u"no", Qt::CaseInsensitive) == 0) {
            out = false;
            return Status::ok();
        }
        return serialization(QStringLiteral("Unexpected token received from parser"));
    }
    case QJsonValue::Array:
        return serialization(QStringLiteral("Unrecognized collection type class java.lang.Boolean"));
    case QJsonValue::Object: return serialization(structureNotExpected());
    default: out = false; return Status::ok();
    }
}

Status Reader::checkList(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Array: return Status::ok();
    case QJsonValue::Object: return serialization(structureNotExpected());
    default: return serialization(QStringLiteral("Unexpected field type"));
    }
}

Status Reader::readNumber(const QJsonValue &v, Decimal &out)
{
    QString text;
    if (Status s = readString(v, text); !s.isOk())
        return s;
    Result<Decimal> d = Decimal::parse(text, m_wording);
    if (d)
        out = std::move(d).value();
    else
        invalid(d.status());
    return Status::ok();
}

Status Reader::readItem(const QJsonValue &json, Item &out)
{
    switch (json.type()) {
    case QJsonValue::Object: break;
    case QJsonValue::Array:
        return serialization(QStringLiteral(
            "Unrecognized collection type java.util.Map<java.lang.String, "
            "com.amazonaws.dynamodb.v20120810.AttributeValue>"));
    case QJsonValue::Null:
    case QJsonValue::Undefined: out.clear(); return Status::ok();
    default: return serialization(QStringLiteral("Unexpected field type"));
    }
    const QJsonObject object = json.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key().isEmpty())
            invalid(emptyAttributeName());
        AttributeValue value;
        if (Status s = readValue(it.value(), value); !s.isOk())
            return s;
        out.insert(it.key(), std::move(value));
    }
    return Status::ok();
}

Status Reader::readValue(const QJsonValue &json, AttributeValue &out)
{
    switch (json.type()) {
    case QJsonValue::Object: break;
    case QJsonValue::Array:
        return serialization(QStringLiteral(
            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        invalid(validation(QStringLiteral("Supplied AttributeValue is empty, must contain exactly "
                                          "one of the supported datatypes")));
        return Status::ok();
    default: return serialization(QStringLiteral("Unexpected value type in payload"));
    }

    const QJsonObject object = json.toObject();
    int types = 0;
    // Keys the service does not know, and members set to null, are ignored as it ignores them.
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString &key = it.key();
        const QJsonValue v = it.value();
        if (v.isNull())
            continue;
        Status s;
        if (key == u"S") {
            QString str;
            s = readString(v, str);
            out = AttributeValue::fromString(std::move(str));
        } else if (key == u"N") {
            Decimal d;
            s = readNumber(v, d);
            out = AttributeValue::fromNumber(std::move(d));
        } else if (key == u"B") {
            QByteArray b;
            s = readBlob(v, b);
            out = AttributeValue::fromBinary(std::move(b));
        } else if (key == u"BOOL") {
            bool b = false;
            s = readBoolean(v, b);
            out = AttributeValue::fromBool(b);
        } else if (key == u"NULL") {
            bool b = false;
            s = readBoolean(v, b);
            if (s.isOk() && !b)
                invalid(validation(QStringLiteral("One or more parameter values were invalid: "
                                                  "Null attribute value types must have the "
                                                  "value of true")));
            out = AttributeValue::null();
        } else if (key == u"SS" || key == u"NS" || key == u"BS") {
            s = checkList(v);
            if (!s.isOk())
                return s;
            const QJsonArray array = v.toArray();
            if (key == u"SS") {
                QList<QString> members;
                members.reserve(array.size());
                for (const QJsonValue &m : array) {
                    QString str;
                    if (m.isNull())
                        continue;
                    if (Status ms = readString(m, str); !ms.isOk())
                        return ms;
                    members.append(std::move(str));
                }
                if (members.isEmpty())
                    invalid(validation(QStringLiteral("One or more parameter values were invalid: "
                                                      "An string set  may not be empty")));
                out = AttributeValue::fromStringSet(members);
                if (out.stringSet().size() != members.size()) {
                    QString shown = listText(array);
                    if (m_wording != ValueWording::Older) {
                        QList<QByteArray> order;
                        for (const QString &m : members)
                            order.append(m.toUtf8());
                        shown = currentDuplicatesText(order, members, false);
                    }
                    invalid(validation(QStringLiteral("One or more parameter values were invalid: "
                                                      "Input collection ") +
                                       shown + QStringLiteral(" contains duplicates.")));
                }
            } else if (key == u"NS") {
                if (array.isEmpty())
                    invalid(validation(QStringLiteral("One or more parameter values were invalid: "
                                                      "An number set  may not be empty")));
                QList<Decimal> members;
                members.reserve(array.size());
                bool allValid = true;
                for (const QJsonValue &m : array) {
                    Decimal d;
                    const bool before = firstInvalid.isOk();
                    if (m.isNull()) {
                        invalid(validation(QStringLiteral(
                            "The parameter cannot be converted to a numeric value")));
                    } else if (Status ms = readNumber(m, d); !ms.isOk()) {
                        return ms;
                    }
                    if (before && !firstInvalid.isOk())
                        allValid = false;
                    members.append(std::move(d));
                }
                out = AttributeValue::fromNumberSet(members);
                // Duplicates compare as numbers ("1" and "1.0" are the same member).
                if (allValid && out.numberSet().size() != members.size())
                    invalid(validation(
                        m_wording == ValueWording::Older
                            ? QStringLiteral("Input collection contains duplicates")
                            : QStringLiteral("One or more parameter values were invalid: "
                                             "Input collection contains duplicates.")));
            } else {
                QList<QByteArray> members;
                QStringList sent;
                members.reserve(array.size());
                for (const QJsonValue &m : array) {
                    QByteArray b;
                    if (m.isNull())
                        continue;
                    if (Status ms = readBlob(m, b); !ms.isOk())
                        return ms;
                    members.append(std::move(b));
                    sent.append(m.toString());
                }
                if (members.isEmpty())
                    invalid(validation(QStringLiteral("One or more parameter values were invalid: "
                                                      "Binary sets should not be empty")));
                out = AttributeValue::fromBinarySet(members);
                // Sic: no space before "of type BS" in the service's text.
                if (out.binarySet().size() != members.size())
                    invalid(validation(QStringLiteral("One or more parameter values were invalid: "
                                                      "Input collection ") +
                                       (m_wording == ValueWording::Older
                                            ? listText(array)
                                            : currentDuplicatesText(members, sent, true)) +
                                       QStringLiteral("of type BS contains duplicates.")));
            }
        } else if (key == u"L") {
            s = checkList(v);
            if (!s.isOk())
                return s;
            const QJsonArray array = v.toArray();
            AttributeList list;
            list.reserve(array.size());
            for (const QJsonValue &m : array) {
                AttributeValue element;
                if (Status ms = readValue(m, element); !ms.isOk())
                    return ms;
                list.append(std::move(element));
            }
            out = AttributeValue::fromList(std::move(list));
        } else if (key == u"M") {
            if (v.isArray())
                return serialization(QStringLiteral(
                    "Unrecognized collection type java.util.Map<java.lang.String, "
                    "com.amazonaws.dynamodb.v20120810.AttributeValue>"));
            if (!v.isObject())
                return serialization(QStringLiteral("Unexpected field type"));
            Item map;
            if (Status ms = readItem(v, map); !ms.isOk())
                return ms;
            out = AttributeValue::fromMap(std::move(map));
        } else {
            continue;
        }
        if (!s.isOk())
            return s;
        ++types;
    }
    if (types == 0)
        invalid(validation(QStringLiteral("Supplied AttributeValue is empty, must contain exactly "
                                          "one of the supported datatypes")));
    else if (types > 1)
        invalid(validation(QStringLiteral("Supplied AttributeValue has more than one datatypes "
                                          "set, must contain exactly one of the supported "
                                          "datatypes")));
    return Status::ok();
}

} // namespace

QJsonValue AttributeValue::toJson() const
{
    QJsonObject o;
    switch (m_type) {
    case AttributeType::S: o.insert(QLatin1String("S"), string()); break;
    case AttributeType::N: o.insert(QLatin1String("N"), number().toString()); break;
    case AttributeType::B:
        o.insert(QLatin1String("B"), QString::fromLatin1(binary().toBase64()));
        break;
    case AttributeType::SS: {
        QJsonArray a;
        for (const QString &s : stringSet())
            a.append(s);
        o.insert(QLatin1String("SS"), a);
        break;
    }
    case AttributeType::NS: {
        QJsonArray a;
        for (const Decimal &n : numberSet())
            a.append(n.toString());
        o.insert(QLatin1String("NS"), a);
        break;
    }
    case AttributeType::BS: {
        QJsonArray a;
        for (const QByteArray &b : binarySet())
            a.append(QString::fromLatin1(b.toBase64()));
        o.insert(QLatin1String("BS"), a);
        break;
    }
    case AttributeType::M: o.insert(QLatin1String("M"), itemToJson(map())); break;
    case AttributeType::L: {
        QJsonArray a;
        for (const AttributeValue &v : list())
            a.append(v.toJson());
        o.insert(QLatin1String("L"), a);
        break;
    }
    case AttributeType::BOOL: o.insert(QLatin1String("BOOL"), boolean()); break;
    case AttributeType::NUL: o.insert(QLatin1String("NULL"), true); break;
    }
    return o;
}

namespace {

// JSON string escaping as QJsonDocument does it (quote, backslash, control characters), with
// the text written as UTF-8; a lone surrogate becomes U+FFFD as in QString::toUtf8(). Written
// through a pointer into room reserved for the worst case (6 bytes a UTF-16 unit), then cut to
// size: appending byte by byte was most of a Query answer's serialisation time.
void appendJsonString(QByteArray &out, const QString &s)
{
    static const char hex[] = "0123456789abcdef";
    const char16_t *p = reinterpret_cast<const char16_t *>(s.constData());
    const qsizetype n = s.size();
    const qsizetype start = out.size();
    out.resize(start + 2 + n * 6);
    char *w = out.data() + start;
    *w++ = '"';
    for (qsizetype i = 0; i < n; ++i) {
        char32_t c = p[i];
        if (c < 0x80) {
            if (c >= 0x20 && c != u'"' && c != u'\\') {
                *w++ = char(c);
                continue;
            }
            *w++ = '\\';
            switch (c) {
            case u'"': *w++ = '"'; continue;
            case u'\\': *w++ = '\\'; continue;
            case u'\b': *w++ = 'b'; continue;
            case u'\f': *w++ = 'f'; continue;
            case u'\n': *w++ = 'n'; continue;
            case u'\r': *w++ = 'r'; continue;
            case u'\t': *w++ = 't'; continue;
            default: break;
            }
            *w++ = 'u';
            *w++ = '0';
            *w++ = '0';
            *w++ = hex[c >> 4];
            *w++ = hex[c & 0xF];
            continue;
        }
        if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(p[i + 1])) {
            c = QChar::surrogateToUcs4(char16_t(c), p[i + 1]);
            ++i;
        } else if (QChar::isSurrogate(c)) {
            c = 0xFFFD;
        }
        if (c < 0x800) {
            *w++ = char(0xC0 | (c >> 6));
            *w++ = char(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *w++ = char(0xE0 | (c >> 12));
            *w++ = char(0x80 | ((c >> 6) & 0x3F));
            *w++ = char(0x80 | (c & 0x3F));
        } else {
            *w++ = char(0xF0 | (c >> 18));
            *w++ = char(0x80 | ((c >> 12) & 0x3F));
            *w++ = char(0x80 | ((c >> 6) & 0x3F));
            *w++ = char(0x80 | (c & 0x3F));
        }
    }
    *w++ = '"';
    out.resize(w - out.constData());
}

void appendBase64(QByteArray &out, const QByteArray &b)
{
    out.append('"');
    out.append(b.toBase64());
    out.append('"');
}

void appendNumber(QByteArray &out, const Decimal &d)
{
    out.append('"');
    d.appendText(out);
    out.append('"');
}

} // namespace

void AttributeValue::appendJson(QByteArray &out) const
{
    switch (m_type) {
    case AttributeType::S:
        out.append("{\"S\":");
        appendJsonString(out, string());
        break;
    case AttributeType::N:
        out.append("{\"N\":");
        appendNumber(out, number());
        break;
    case AttributeType::B:
        out.append("{\"B\":");
        appendBase64(out, binary());
        break;
    case AttributeType::SS: {
        out.append("{\"SS\":[");
        bool first = true;
        for (const QString &s : stringSet()) {
            if (!first)
                out.append(',');
            first = false;
            appendJsonString(out, s);
        }
        out.append(']');
        break;
    }
    case AttributeType::NS: {
        out.append("{\"NS\":[");
        bool first = true;
        for (const Decimal &n : numberSet()) {
            if (!first)
                out.append(',');
            first = false;
            appendNumber(out, n);
        }
        out.append(']');
        break;
    }
    case AttributeType::BS: {
        out.append("{\"BS\":[");
        bool first = true;
        for (const QByteArray &b : binarySet()) {
            if (!first)
                out.append(',');
            first = false;
            appendBase64(out, b);
        }
        out.append(']');
        break;
    }
    case AttributeType::M:
        out.append("{\"M\":");
        appendItemJson(out, map());
        break;
    case AttributeType::L: {
        out.append("{\"L\":[");
        bool first = true;
        for (const AttributeValue &v : list()) {
            if (!first)
                out.append(',');
            first = false;
            v.appendJson(out);
        }
        out.append(']');
        break;
    }
    case AttributeType::BOOL:
        out.append(boolean() ? "{\"BOOL\":true" : "{\"BOOL\":false");
        break;
    case AttributeType::NUL: out.append("{\"NULL\":true"); break;
    }
    out.append('}');
}

void appendItemJson(QByteArray &out, const Item &item)
{
    out.append('{');
    bool first = true;
    for (auto it = item.cbegin(); it != item.cend(); ++it) {
        if (!first)
            out.append(',');
        first = false;
        appendJsonString(out, it.key());
        out.append(':');
        it.value().appendJson(out);
    }
    out.append('}');
}

Result<AttributeValue> AttributeValue::fromJson(const QJsonValue &json)
{
    Reader reader;
    AttributeValue value;
    if (Status s = reader.readValue(json, value); !s.isOk())
        return s;
    if (!reader.firstInvalid.isOk())
        return reader.firstInvalid;
    return value;
}

Result<AttributeValue> AttributeValue::fromJson(const QJsonValue &json, Status *firstInvalid)
{
    Reader reader;
    AttributeValue value;
    if (Status s = reader.readValue(json, value); !s.isOk())
        return s;
    if (firstInvalid && firstInvalid->isOk())
        *firstInvalid = reader.firstInvalid;
    return value;
}

QJsonObject itemToJson(const Item &item)
{
    QJsonObject o;
    for (auto it = item.cbegin(); it != item.cend(); ++it)
        o.insert(it.key(), it.value().toJson());
    return o;
}

Result<Item> itemFromJson(const QJsonValue &json)
{
    Reader reader;
    Item item;
    if (Status s = reader.readItem(json, item); !s.isOk())
        return s;
    if (!reader.firstInvalid.isOk())
        return reader.firstInvalid;
    return item;
}

Result<Item> itemFromJson(const QJsonValue &json, Status *firstInvalid)
{
    Reader reader;
    Item item;
    if (Status s = reader.readItem(json, item); !s.isOk())
        return s;
    if (firstInvalid && firstInvalid->isOk())
        *firstInvalid = reader.firstInvalid;
    return item;
}

} // namespace Gatehouse::Items
