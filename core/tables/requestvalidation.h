// Thread affinity: any thread (pure functions over value types; the schemas are immutable).
#pragma once

#include <common/status.h>
#include <items/attributevalue.h>

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

namespace Gatehouse::Tables::Validation {

// The service checks a request in fixed phases, and which error a client sees depends on that
// order: first the JSON types of every member (SerializationException), then required members
// and table-name length, then the declarative constraints (collected, at most ten, into one
// "N validation errors detected: ..." message), then the operation's own rules. The schemas
// below describe the first three phases as data so the order matches the service's member order.

enum class Kind {
    String,
    Integer,
    Long,
    Boolean,
    List,
    Map,        // string keys to `element`
    Struct,     // named members
    AttrValue,  // one DynamoDB AttributeValue, parsed by Items::AttributeValue::fromJson
    AttrMap,    // map of names to AttributeValues (Item, Key, ExpressionAttributeValues ...)
};

struct Rule
{
    // MapKeys / MapValues: `inner` rules on each key / value of a Map, reported once for the
    // map as "Map keys must satisfy constraint: [...]" (BatchWriteItem's RequestItems).
    enum Type { NotNull, Ge, Le, LenGe, LenLe, Regex, Enum, MapKeys, MapValues };
    Rule(Type type, qint64 number = 0, QString text = {}, QStringList values = {})
        : type(type), number(number), text(std::move(text)), values(std::move(values))
    {
    }
    Type type;
    qint64 number = 0;
    QString text;
    QStringList values;
    QList<Rule> inner;
    // Reported in the service's newer form, by the member's path without its value ("Value at
    // 'RequestItems.T.member.Keys' failed to satisfy constraint: ..."). On MapValues (a batch's
    // lists of requests): a list too long by its path, an empty one echoed as {T=[]}.
    bool byPath = false;
    // Regex: an empty string is not checked (its length rule reports it alone).
    bool unlessEmpty = false;
};

struct Field
{
    Field() = default;
    Field(QString name, Kind kind) : name(std::move(name)), kind(kind) {}

    QString name;
    Kind kind = Kind::String;
    QString typeName;          // Struct: "AttributeDefinition"; Map: value type for messages
    bool required = false;     // "The parameter 'X' is required but was not present in the request"
    bool tableName = false;    // its constraints reported before, and without, the others'
    bool afterOthers = false;  // its constraints reported only when the other members' pass
    bool javaEcho = false;     // a list of structures echoed as the service's Java objects
    QList<Rule> rules;         // in the service's order
    QList<Field> members;      // Struct members; List/Map: one element field

    Field &notNull() { rules.append(Rule(Rule::NotNull)); return *this; }
    Field &ge(qint64 n) { rules.append(Rule(Rule::Ge, n)); return *this; }
    Field &le(qint64 n) { rules.append(Rule(Rule::Le, n)); return *this; }
    Field &lenGe(qint64 n) { rules.append(Rule(Rule::LenGe, n)); return *this; }
    Field &lenLe(qint64 n) { rules.append(Rule(Rule::LenLe, n)); return *this; }
    Field &regex(QString pattern) { rules.append(Rule(Rule::Regex, 0, std::move(pattern))); return *this; }
    // A pattern an empty string is not checked against (its length rule reports it alone).
    Field &regexUnlessEmpty(QString pattern)
    {
        rules.append(Rule(Rule::Regex, 0, std::move(pattern)));
        rules.last().unlessEmpty = true;
        return *this;
    }
    Field &oneOf(QStringList values)
    {
        rules.append(Rule(Rule::Enum, 0, {}, std::move(values)));
        return *this;
    }
    Field &mapKeys(QList<Rule> inner)
    {
        Rule r(Rule::MapKeys);
        r.inner = std::move(inner);
        rules.append(std::move(r));
        return *this;
    }
    Field &mapValues(QList<Rule> inner)
    {
        Rule r(Rule::MapValues);
        r.inner = std::move(inner);
        rules.append(std::move(r));
        return *this;
    }
    Field &isRequired() { required = true; return *this; }
    Field &isTableName() { tableName = true; return *this; }
    Field &lastRuleByPath()
    {
        rules.last().byPath = true;
        return *this;
    }
    Field &checkedAfterOthers()
    {
        afterOthers = true;
        return *this;
    }
    Field &echoedAsJava()
    {
        javaEcho = true;
        return *this;
    }
    Field &type(QString name) { typeName = std::move(name); return *this; }
    Field &of(Field element) { members = {std::move(element)}; return *this; }
    Field &with(QList<Field> fields) { members = std::move(fields); return *this; }
};

using Schema = QList<Field>;

// A parsed AttributeValue member: the value, or the first validation error of its values and
// the key it was found at (messages of the custom phase need both).
struct ParsedMap
{
    Items::AttributeMap values;
    std::optional<Status> error;
    QString errorKey;
};

// The parsed top-level AttrMap members of a request, by member name. A request has at most a
// few, so a small vector: a QHash allocated ~5 KB of buckets per request (4% of a GetItem).
class ParsedMaps
{
public:
    // A copy, or an empty map when absent (as QHash::value).
    ParsedMap value(const QString &name) const
    {
        for (const auto &entry : m_maps) {
            if (entry.first == name)
                return entry.second;
        }
        return ParsedMap();
    }
    bool contains(const QString &name) const
    {
        for (const auto &entry : m_maps) {
            if (entry.first == name)
                return true;
        }
        return false;
    }
    ParsedMap &operator[](const QString &name)
    {
        for (auto &entry : m_maps) {
            if (entry.first == name)
                return entry.second;
        }
        return m_maps.emplace_back(name, ParsedMap()).second;
    }
    void insert(const QString &name, ParsedMap map) { (*this)[name] = std::move(map); }

private:
    std::vector<std::pair<QString, ParsedMap>> m_maps;
};

// The request after the type phase: members the schema does not know and JSON nulls dropped,
// numbers truncated as the service truncates them, "true"/"yes"/"1" strings turned into booleans.
// When nothing needs dropping or converting, `data` shares the request object (no copy).
struct CheckedRequest
{
    QJsonObject data;
    ParsedMaps maps;  // top-level AttrMap members, by member name
    bool jsonReply = false;          // the caller takes ApiReply::json (DynamoApi::callJson)
};

// Phases one to three. On success the caller runs the operation's own rules.
Result<CheckedRequest> check(const QJsonObject &request, const Schema &schema);

// The common item requests read straight from the body's bytes: PutItem with TableName and
// Item, GetItem with TableName, Key and perhaps ConsistentRead, DeleteItem with TableName and
// Key, where every attribute value is an S or N string without escapes or non-ASCII bytes, a
// BOOL or a NULL. Gives what check() would give for the same body, or nothing for any other
// operation or body (then parse the body and call check(), which answers as it always did).
std::optional<CheckedRequest> readPlainRequest(QStringView operation, const QByteArray &body);

// The schema of each operation (empty optional for an unknown one).
const Schema *schemaFor(const QString &operation);

// "ExpressionAttributeNames can only be specified when using expressions" and the rules on
// mixing the expression and the legacy parameters, for one operation's parameter sets.
std::optional<QString> checkExpressionParams(const QJsonObject &data,
                                             const QStringList &expressionParams,
                                             const QStringList &legacyParams);

// Parses a nested map of AttributeValues (an Item or Key inside a batch or transaction
// request, already type-checked): the values, or the first invalid value's error.
ParsedMap parseAttrMap(const QJsonObject &object);

// The service's rendering of a value inside a constraint message.
QString valueString(const QJsonValue &value);

} // namespace Gatehouse::Tables::Validation
