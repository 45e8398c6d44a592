// Thread affinity: any thread (pure functions on value types).
#pragma once

#include <common/status.h>

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Gatehouse::Ui::TableJson {

// A JSON value that keeps each number as its literal text. QJsonDocument reads numbers as double,
// which would turn 12345678901234567890.5 into 12345678901234567000: DynamoDB numbers have 38
// digits, so the table browser reads and writes plain JSON through this type instead.
struct Node
{
    enum Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Null;
    bool boolean = false;
    QString text;                           // Number: the literal; String: the value
    QList<Node> items;                      // Array
    QList<QPair<QString, Node>> members;    // Object, in document order

    static Node string(const QString &s);
    static Node number(const QString &literal);
    const Node *member(const QString &name) const;
};

// Where a parse failed (1-based), so an editor can underline it.
struct ParseError
{
    QString message;
    int line = 0;
    int column = 0;
    int offset = 0;
};

// Strict RFC 8259 JSON. Duplicate object members are refused (a DynamoDB item cannot hold two
// attributes of one name, and silently keeping one would lose an edit).
bool parse(QStringView text, Node *out, ParseError *error);
// Several values one after another, separated by whitespace (JSON lines, or pretty-printed items
// written one after another as `aws dynamodb scan | jq` does).
bool parseSequence(QStringView text, QList<Node> *out, ParseError *error);

// indent < 0: compact. Numbers are written as their literal.
QString write(const Node &node, int indent = 2);

// QJsonValue bridges, for DynamoDB JSON (its numbers are strings, so nothing is lost).
Node fromQJson(const QJsonValue &value);
QJsonValue toQJson(const Node &node);

// Conversion between DynamoDB JSON items ({"price":{"N":"9.5"}}) and plain JSON ({"price":9.5}).
// Plain JSON has no sets and no binary: sets become arrays, binary becomes base64 text. Going
// back, `hints` (the item as it was loaded, in DynamoDB JSON) restores them: an array where the
// hint holds SS/NS/BS becomes that set again, a string where it holds B becomes binary. Without
// a hint, an array is a list (L) and a string is S.
Node plainFromItem(const QJsonObject &item, const QStringList &keysFirst = {});
Node plainFromValue(const QJsonObject &attributeValue);
Result<QJsonObject> itemFromPlain(const Node &plain, const QJsonObject &hints = {});
Result<QJsonObject> valueFromPlain(const Node &plain, const QJsonObject &hint = {});

// DynamoDB JSON item text, with the key attributes first.
Node dynamoNode(const QJsonObject &item, const QStringList &keysFirst = {});

// The type name of one AttributeValue ("S", "N", ..., "NULL"), empty if malformed.
QString typeOf(const QJsonObject &attributeValue);
// A one-line rendering for a grid cell: scalars as they are, sets as {a, b}, maps and lists as
// compact plain JSON, all cut at `maxChars`.
QString cellText(const QJsonObject &attributeValue, int maxChars = 120);
// "Number", "String set (3)", ... for tooltips.
QString typeDescription(const QJsonObject &attributeValue);

// "1 item", "30 items": English text, whether or not a translation is installed.
QString count(qint64 n, const QString &singular, const QString &plural);
inline QString itemCount(qint64 n) { return count(n, QStringLiteral("item"), QStringLiteral("items")); }

// The key part of an item, as canonical text: identifies a row across reloads and undo.
QString keyId(const QJsonObject &item, const QStringList &keyNames);
QJsonObject keyOf(const QJsonObject &item, const QStringList &keyNames);

} // namespace Gatehouse::Ui::TableJson
