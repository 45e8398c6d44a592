// Thread affinity: any thread (plain value types).
#pragma once

#include <common/status.h>

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <functional>
#include <utility>
#include <vector>

namespace Gatehouse::Gateway {

// A JSON value whose objects keep their keys in insertion order, so an export reads in the order
// AWS writes it (openapi, info, servers, paths, components, ...) and diffs stay stable.
class OrderedJson
{
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    OrderedJson() = default;
    static OrderedJson object() { return OrderedJson(Kind::Object); }
    static OrderedJson array() { return OrderedJson(Kind::Array); }
    static OrderedJson string(const QString &s);
    static OrderedJson boolean(bool b);
    static OrderedJson number(double d);
    // Objects of `value` come out with sorted keys (QJsonObject's order).
    static OrderedJson fromJson(const QJsonValue &value);

    Kind kind() const { return m_kind; }
    bool isEmpty() const { return m_members.empty() && m_items.empty(); }
    // REQUIRES: kind() == Object. Replaces an existing key in place.
    OrderedJson &insert(const QString &key, OrderedJson value);
    // REQUIRES: kind() == Array.
    void append(OrderedJson value);

    // Removes, at every depth, the object members whose key `drop` selects.
    void removeKeys(const std::function<bool(const QString &)> &drop);

    // Pretty JSON, two-space indent, "\n" at the end.
    QByteArray toJson() const;
    // Block YAML in the style of AWS exports: strings double-quoted, keys plain when safe.
    QByteArray toYaml() const;

private:
    explicit OrderedJson(Kind kind) : m_kind(kind) {}
    void writeJson(QByteArray &out, int indent) const;
    void writeYamlValue(QByteArray &out, int indent) const;
    void writeYamlMembers(QByteArray &out, int indent, bool firstInline) const;
    void writeYamlItems(QByteArray &out, int indent) const;
    QByteArray scalarText() const;

    Kind m_kind = Kind::Null;
    bool m_bool = false;
    double m_number = 0;
    QString m_string;
    std::vector<std::pair<QString, OrderedJson>> m_members;
    std::vector<OrderedJson> m_items;
};

// Parses YAML 1.2 or JSON (JSON is YAML) into a QJsonValue. Quoted scalars stay strings; plain
// scalars become numbers, booleans and null by YAML 1.2's core schema. A syntax error gives a
// Status with "line L, column C: ...".
Result<QJsonValue> parseYamlOrJson(const QByteArray &text);

} // namespace Gatehouse::Gateway
