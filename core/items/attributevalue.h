// Thread affinity: any thread (immutable, implicitly shared value type).
#pragma once

#include <common/status.h>
#include <items/decimal.h>

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>

#include <memory>

namespace Gatehouse::Items {

enum class AttributeType { S, N, B, SS, NS, BS, M, L, BOOL, NUL };

// "S", "N", ..., "NULL"
QString typeName(AttributeType type);

class AttributeValue;
using AttributeMap = QMap<QString, AttributeValue>;
using AttributeList = QList<AttributeValue>;
using Item = AttributeMap;  // an item is a map of top-level attribute names to values

// One DynamoDB AttributeValue. Sets keep their members unique, in insertion order.
class AttributeValue
{
public:
    AttributeValue();  // NULL
    static AttributeValue fromString(QString s);
    static AttributeValue fromNumber(Decimal n);
    static AttributeValue fromBinary(QByteArray b);
    static AttributeValue fromStringSet(QList<QString> ss);
    static AttributeValue fromNumberSet(QList<Decimal> ns);
    static AttributeValue fromBinarySet(QList<QByteArray> bs);
    static AttributeValue fromMap(AttributeMap m);
    static AttributeValue fromList(AttributeList l);
    static AttributeValue fromBool(bool b);
    static AttributeValue null();

    AttributeType type() const { return m_type; }
    bool isSet() const;

    // REQUIRES: the matching type().
    const QString &string() const;
    const Decimal &number() const;
    const QByteArray &binary() const;
    const QList<QString> &stringSet() const;
    const QList<Decimal> &numberSet() const;
    const QList<QByteArray> &binarySet() const;
    const AttributeMap &map() const;
    const AttributeList &list() const;
    bool boolean() const;

    // Equality as DynamoDB compares: same type, same value; sets compare as sets.
    bool operator==(const AttributeValue &other) const;
    bool operator!=(const AttributeValue &other) const { return !(*this == other); }

    // DynamoDB JSON ({"S":"x"}, {"N":"1"}, {"B":"<base64>"}, ...).
    QJsonValue toJson() const;
    // The same DynamoDB JSON, written as compact UTF-8 text straight onto out: the fast path
    // for responses (no QJsonValue tree is built).
    void appendJson(QByteArray &out) const;
    // Validating parse of one DynamoDB JSON AttributeValue. Errors carry the exact
    // ValidationException / SerializationException messages of the service.
    static Result<AttributeValue> fromJson(const QJsonValue &json);
    // Two-phase form for requests holding several values: the service reports a JSON type error
    // (SerializationException) anywhere in a request before any invalid value. A type error is
    // returned; the first invalid value's ValidationException goes to *firstInvalid (if it is
    // still ok) and a best-effort value is returned, so the caller can finish type-checking the
    // rest of the request first.
    static Result<AttributeValue> fromJson(const QJsonValue &json, Status *firstInvalid);

    // Size in bytes as DynamoDB counts it for the 400 KB item limit (excluding the name).
    qint64 byteSize() const;

private:
    struct Data;
    AttributeType m_type = AttributeType::NUL;
    std::shared_ptr<const Data> m_data;
};

// Item helpers.
// The service's answer to an attribute (or map key) with an empty name.
Status emptyAttributeName();

QJsonObject itemToJson(const Item &item);
void appendItemJson(QByteArray &out, const Item &item);  // compact text, as appendJson
Result<Item> itemFromJson(const QJsonValue &json);
Result<Item> itemFromJson(const QJsonValue &json, Status *firstInvalid);  // as fromJson above
qint64 itemByteSize(const Item &item);  // names (UTF-8 bytes) + values, as the service counts

// Order-preserving encoding of a key attribute (S by UTF-8 bytes, N numerically, B by unsigned
// bytes): memcmp order of the results is DynamoDB's key order. REQUIRES: type S, N or B.
QByteArray encodeKeyValue(const AttributeValue &value);

} // namespace Gatehouse::Items
