#include "enginesupport.h"

#include <items/valuewording.h>

namespace Gatehouse::Tables::Support {

using Items::AttributeType;
using Items::AttributeValue;

Status tableNotFound(const QString &name, bool withName)
{
    return Status::error(Items::ErrorCode::ResourceNotFound,
                         withName ? u"Requested resource not found: Table: " + name + u" not found"
                                  : QStringLiteral("Requested resource not found"));
}

Status enveloped(Status status)
{
    if (status.isOk() || status.code() != Items::ErrorCode::Validation)
        return status;
    // The member constraints ("N validation errors detected") are reported before a handler
    // runs, so nothing here carries the envelope yet.
    QString message = status.message();
    // Inside the envelope this message loses its tail naming the missing expressions.
    const QLatin1String noExpressions(
        "ExpressionAttributeValues can only be specified when using expressions");
    if (message.startsWith(noExpressions))
        message = noExpressions;
    return validation(u"1 validation error detected: " + message);
}

QString longShown(double v)
{
    if (v >= 9223372036854775807.0)
        return QStringLiteral("9223372036854775807");
    if (v <= -9223372036854775807.0)
        return QStringLiteral("-9223372036854775808");
    return QString::number(qint64(v));
}

namespace {

bool isEmptyKeyValue(const AttributeValue &v)
{
    return (v.type() == AttributeType::S && v.string().isEmpty()) ||
           (v.type() == AttributeType::B && v.binary().isEmpty());
}

Status checkKeySize(const AttributeValue &v, bool isHash)
{
    qint64 size = 0;
    if (v.type() == AttributeType::S)
        size = v.string().toUtf8().size();
    else if (v.type() == AttributeType::B)
        size = v.binary().size();
    else
        return Status::ok();  // numbers are bounded by their 38 digits
    if (isHash && size > 2048)
        return validation(QStringLiteral("One or more parameter values were invalid: Size of hashkey "
                                         "has exceeded the maximum size limit of2048 bytes"));
    if (!isHash && size > 1024)
        return validation(QStringLiteral("One or more parameter values were invalid: Aggregated size "
                                         "of all range keys has exceeded the size limit of 1024 bytes"));
    return Status::ok();
}

// An empty string or binary key value, worded the same by every operation (2026 captures).
Status emptyKeyValue(AttributeType type, const QString &name)
{
    return validation(
        u"One or more parameter values are not valid. The AttributeValue for a key "
        u"attribute cannot contain an empty " +
        (type == AttributeType::S ? QStringLiteral("string") : QStringLiteral("binary")) +
        u" value. Key: " + name);
}

// A key problem of the wrong shape (missing, extra, of another type) or of a bad value (empty,
// too long): the transactions report the two differently.
Status keyProblem(Status status, KeyProblem kind, KeyProblem *problem)
{
    if (problem && !status.isOk())
        *problem = kind;
    return status;
}

Status checkItemKeyPiece(const Items::Item &item, const QString &name, AttributeType type,
                         bool isHash, KeyProblem *problem)
{
    auto it = item.constFind(name);
    if (it == item.constEnd())
        return keyProblem(
            validation(u"One or more parameter values were invalid: Missing the key " + name +
                       u" in the item"),
            KeyProblem::Shape, problem);
    if (it->type() != type)
        return keyProblem(
            validation(u"One or more parameter values were invalid: Type mismatch for key " + name +
                       u" expected: " + Items::typeName(type) + u" actual: " +
                       Items::typeName(it->type())),
            KeyProblem::Shape, problem);
    if (isEmptyKeyValue(*it))
        return keyProblem(emptyKeyValue(type, name), KeyProblem::Value, problem);
    return keyProblem(checkKeySize(*it, isHash), KeyProblem::Value, problem);
}

} // namespace

Status checkItemKey(const Items::Item &item, const KeySchema &schema, KeyProblem *problem)
{
    Status s = checkItemKeyPiece(item, schema.hashName, schema.hashType, true, problem);
    if (!s.isOk() || !schema.hasRange())
        return s;
    return checkItemKeyPiece(item, schema.rangeName, schema.rangeType, false, problem);
}

Status checkKeyConditionValue(const AttributeValue &value, const QString &name)
{
    return isEmptyKeyValue(value) ? emptyKeyValue(value.type(), name) : Status::ok();
}

Status checkKey(const Items::AttributeMap &key, const KeySchema &schema, KeyProblem *problem)
{
    if (key.size() != (schema.hasRange() ? 2 : 1))
        return keyProblem(
            validation(QStringLiteral("The provided key element does not match the schema")),
            KeyProblem::Shape, problem);
    Status s = checkKeyPiece(key, schema.hashName, schema.hashType, true, problem);
    if (!s.isOk() || !schema.hasRange())
        return s;
    return checkKeyPiece(key, schema.rangeName, schema.rangeType, false, problem);
}

Status checkKeyPiece(const Items::AttributeMap &key, const QString &name, AttributeType type,
                     bool isHash, KeyProblem *problem)
{
    auto it = key.constFind(name);
    if (it == key.constEnd() || it->type() != type)
        return keyProblem(
            validation(QStringLiteral("The provided key element does not match the schema")),
            KeyProblem::Shape, problem);
    if (isEmptyKeyValue(*it))
        return keyProblem(emptyKeyValue(type, name), KeyProblem::Value, problem);
    return keyProblem(checkKeySize(*it, isHash), KeyProblem::Value, problem);
}

namespace {

constexpr int kMaxNesting = 32;

// Whether a value nests deeper than `levels` levels (the value itself being the first).
bool nestsDeeper(const AttributeValue &v, int levels)
{
    if (levels <= 0)
        return true;
    if (v.type() == AttributeType::M) {
        for (const AttributeValue &child : v.map())
            if (nestsDeeper(child, levels - 1))
                return true;
    } else if (v.type() == AttributeType::L) {
        for (const AttributeValue &child : v.list())
            if (nestsDeeper(child, levels - 1))
                return true;
    }
    return false;
}

} // namespace

Status checkNesting(const Items::AttributeMap &values)
{
    for (const AttributeValue &v : values) {
        if (nestsDeeper(v, kMaxNesting))
            return validation(
                QStringLiteral("Nesting Levels have exceeded supported limits: Attributes "
                               "in the item have nested levels beyond supported limit"));
    }
    return Status::ok();
}

EncodedKey encodeKey(const Items::AttributeMap &item, const KeySchema &schema)
{
    EncodedKey key;
    key.hash = Items::encodeKeyValue(item.value(schema.hashName));
    if (schema.hasRange())
        key.range = Items::encodeKeyValue(item.value(schema.rangeName));
    return key;
}

Items::Item keyOf(const Items::Item &item, const KeySchema &schema)
{
    Items::Item key;
    key.insert(schema.hashName, item.value(schema.hashName));
    if (schema.hasRange())
        key.insert(schema.rangeName, item.value(schema.rangeName));
    return key;
}

Result<Expressions::ParsedExpressions> parseExpressions(const Validation::CheckedRequest &req)
{
    const QJsonObject &d = req.data;
    Expressions::ExpressionInput input;
    auto text = [&d](const char *name) -> std::optional<QString> {
        const QJsonValue v = d.value(QLatin1String(name));
        if (v.isUndefined())
            return std::nullopt;
        return v.toString();
    };
    input.conditionExpression = text("ConditionExpression");
    input.filterExpression = text("FilterExpression");
    input.keyConditionExpression = text("KeyConditionExpression");
    input.updateExpression = text("UpdateExpression");
    input.projectionExpression = text("ProjectionExpression");

    // The checks on the maps themselves come before any expression is parsed, names first.
    auto validKey = [](const QString &key, QChar sigil) {
        if (key.size() < 2 || key.at(0) != sigil)
            return false;
        for (qsizetype i = 1; i < key.size(); ++i) {
            const ushort u = key.at(i).unicode();
            if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_'))
                return false;
        }
        return true;
    };
    if (d.contains(u"ExpressionAttributeNames")) {
        const QJsonObject names = d.value(u"ExpressionAttributeNames").toObject();
        if (names.isEmpty())
            return validation(QStringLiteral("ExpressionAttributeNames must not be empty"));
        QMap<QString, QString> map;
        for (auto it = names.begin(); it != names.end(); ++it) {
            if (!validKey(it.key(), u'#'))
                return validation(u"ExpressionAttributeNames contains invalid key: Syntax error; key: \"" +
                                  it.key() + u'"');
            map.insert(it.key(), it.value().toString());
        }
        input.names = std::move(map);
    }
    if (d.contains(u"ExpressionAttributeValues")) {
        const QJsonObject values = d.value(u"ExpressionAttributeValues").toObject();
        if (values.isEmpty())
            return validation(QStringLiteral("ExpressionAttributeValues must not be empty"));
        for (auto it = values.begin(); it != values.end(); ++it) {
            if (!validKey(it.key(), u':'))
                return validation(u"ExpressionAttributeValues contains invalid key: Syntax error; key: \"" +
                                  it.key() + u'"');
        }
        const Validation::ParsedMap parsed = req.maps.value(QStringLiteral("ExpressionAttributeValues"));
        if (parsed.error) {
            // Only the older value layer wraps a bad value with its placeholder (valuewording.h).
            if (Items::valueWording() != Items::ValueWording::Older)
                return *parsed.error;
            return validation(u"ExpressionAttributeValues contains invalid value: " +
                              parsed.error->message() + u" for key " + parsed.errorKey);
        }
        input.values = parsed.values;
    }
    return Expressions::parse(input);
}

QString startKeyValueMessage(const QString &message)
{
    for (const char *kept : {"contains duplicates", "number set", "numeric value", "significant digits",
                             "number with magnitude"}) {
        if (message.contains(QLatin1String(kept)))
            return message;
    }
    return u"The provided starting key is invalid: " + message;
}

QSet<QString> pathHeads(const QString &expression, const QMap<QString, QString> &names,
                        QSet<QString> *nested)
{
    // The expression already passed the parser, so a plain scan of its tokens is enough: a name
    // starts a path unless it follows '.', and a bare word is a keyword or a function otherwise.
    static const QSet<QString> keywords = {QStringLiteral("AND"), QStringLiteral("OR"),
                                           QStringLiteral("NOT"), QStringLiteral("BETWEEN"),
                                           QStringLiteral("IN")};
    auto isWordChar = [](QChar c) { return c.isLetterOrNumber() || c == u'_'; };
    QSet<QString> heads;
    bool afterDot = false;
    const qsizetype n = expression.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = expression.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == u':' || c == u'#' || isWordChar(c)) {
            qsizetype j = i + 1;
            while (j < n && isWordChar(expression.at(j)))
                ++j;
            const QString word = expression.mid(i, j - i);
            qsizetype k = j;
            while (k < n && expression.at(k).isSpace())
                ++k;
            const bool call = k < n && expression.at(k) == u'(';
            const bool member = k < n && (expression.at(k) == u'.' || expression.at(k) == u'[');
            QString head;
            if (!afterDot && c == u'#')
                head = names.value(word, word);
            else if (!afterDot && c != u':' && !call && !keywords.contains(word.toUpper()))
                head = word;
            if (!head.isEmpty()) {
                heads.insert(head);
                if (member && nested)
                    nested->insert(head);
            }
            afterDot = false;
            i = j;
            continue;
        }
        afterDot = c == u'.';
        if (c == u'[') {
            while (i < n && expression.at(i) != u']')
                ++i;
        }
        ++i;
    }
    return heads;
}

Status checkNestedPathHeads(const QJsonObject &request,
                            const std::function<Status(const QSet<QString> &nested)> &check)
{
    QMap<QString, QString> names;
    const QJsonObject given = request.value(u"ExpressionAttributeNames").toObject();
    for (auto it = given.begin(); it != given.end(); ++it)
        names.insert(it.key(), it.value().toString());
    for (const char *member : {"ProjectionExpression", "FilterExpression"}) {
        if (!request.contains(QLatin1String(member)))
            continue;
        QSet<QString> nested;
        pathHeads(request.value(QLatin1String(member)).toString(), names, &nested);
        if (Status s = check(nested); !s.isOk())
            return s;
    }
    return Status::ok();
}

Status checkKeyPaths(const QJsonObject &request, const KeySchema &schema)
{
    return checkNestedPathHeads(request, [&](const QSet<QString> &nested) {
        for (const QString &keyName : {schema.hashName, schema.rangeName}) {
            if (!keyName.isEmpty() && nested.contains(keyName))
                return validation(u"Key attributes must be scalars; list random access '[]' and map "
                                  u"lookup '.' are not allowed: Key: " + keyName);
        }
        return Status::ok();
    });
}

} // namespace Gatehouse::Tables::Support
