// parse(): the request-level validation order of the service, around the three grammars.
#include <expressions/expressions.h>

#include "ast.h"
#include "keycondition.h"
#include "parser.h"

#include <items/dynamoerror.h>

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcExpressions, "gatehouse.core.expressions")

namespace Gatehouse::Expressions {

namespace {

// The service limits each expression string to 4 KB.
constexpr qsizetype kMaxExpressionBytes = 4096;

Status validation(const QString &message)
{
    return Status::error(Items::ErrorCode::Validation, message);
}

bool isPlaceholderKey(const QString &key, char16_t sigil)
{
    if (key.size() < 2 || key.at(0) != sigil)
        return false;
    for (qsizetype i = 1; i < key.size(); ++i) {
        const char16_t c = key.at(i).unicode();
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '_'))
            return false;
    }
    return true;
}

// Runs one grammar with the empty and size checks that precede it, prefixing its messages.
template<typename T, typename Fn>
Status parseOne(const std::optional<QString> &text, const char *label, ParseContext &context,
                Fn parser, std::shared_ptr<const T> &out)
{
    if (!text)
        return Status::ok();
    const QString prefix = u"Invalid " + QLatin1String(label) + u": ";
    if (text->isEmpty())
        return validation(prefix + u"The expression can not be empty;");
    const qsizetype bytes = text->toUtf8().size();
    // The service names the size for every expression but an UpdateExpression.
    if (bytes > kMaxExpressionBytes)
        return validation(prefix + u"Expression size has exceeded the maximum allowed size;" +
                          (qstrcmp(label, "UpdateExpression") == 0
                               ? QString()
                               : u" expression size: " + QString::number(bytes)));
    auto result = parser(QStringView(*text), context);
    if (!result)
        return validation(prefix + result.status().message());
    out = *result;
    return Status::ok();
}

QString joinKeys(const QSet<QString> &keys, const QStringList &order)
{
    QStringList listed;
    for (const QString &k : order)
        if (keys.contains(k))
            listed << k;
    return listed.join(QLatin1String(", "));
}

} // namespace

Result<QMap<QString, Items::AttributeValue>> readExpressionAttributeValues(const QJsonObject &json)
{
    QMap<QString, Items::AttributeValue> values;
    for (auto it = json.begin(); it != json.end(); ++it) {
        Result<Items::AttributeValue> v = Items::AttributeValue::fromJson(it.value());
        if (!v) {
            if (v.status().code() != Items::ErrorCode::Validation)
                return v.status();
            return validation(u"ExpressionAttributeValues contains invalid value: "
                              + v.status().message() + u" for key " + it.key());
        }
        values.insert(it.key(), *v);
    }
    return values;
}

Status checkExpressionParameters(const ExpressionInput &input,
                                 const QStringList &operationExpressions,
                                 const QStringList &legacyPresent)
{
    auto present = [&](const QString &name) {
        if (name == QLatin1String("ConditionExpression"))
            return input.conditionExpression.has_value();
        if (name == QLatin1String("FilterExpression"))
            return input.filterExpression.has_value();
        if (name == QLatin1String("KeyConditionExpression"))
            return input.keyConditionExpression.has_value();
        if (name == QLatin1String("UpdateExpression"))
            return input.updateExpression.has_value();
        if (name == QLatin1String("ProjectionExpression"))
            return input.projectionExpression.has_value();
        return false;
    };
    QStringList given;
    for (const QString &name : operationExpressions)
        if (present(name))
            given << name;
    if (!given.isEmpty() && !legacyPresent.isEmpty())
        return validation(u"Can not use both expression and non-expression parameters in the same "
                          u"request: Non-expression parameters: {" + legacyPresent.join(QLatin1String(", "))
                          + u"} Expression parameters: {" + given.join(QLatin1String(", ")) + u'}');
    if (input.names && given.isEmpty())
        return validation(QStringLiteral(
            "ExpressionAttributeNames can only be specified when using expressions"));
    QStringList valueExpressions = operationExpressions;
    valueExpressions.removeAll(QStringLiteral("ProjectionExpression"));
    bool anyValueExpression = false;
    for (const QString &name : valueExpressions)
        anyValueExpression = anyValueExpression || present(name);
    if (!valueExpressions.isEmpty() && input.values && !anyValueExpression)
        return validation(u"ExpressionAttributeValues can only be specified when using expressions: "
                          + valueExpressions.join(QLatin1String(" and "))
                          + (valueExpressions.size() > 1 ? u" are null" : u" is null"));
    return Status::ok();
}

Result<ParsedExpressions> parse(const ExpressionInput &input)
{
    const bool anyExpression = input.conditionExpression || input.filterExpression
                               || input.keyConditionExpression || input.updateExpression
                               || input.projectionExpression;
    if (input.names && !anyExpression)
        return validation(QStringLiteral(
            "ExpressionAttributeNames can only be specified when using expressions"));

    ParseContext context;
    QStringList nameOrder, valueOrder;
    if (input.names) {
        if (input.names->isEmpty())
            return validation(QStringLiteral("ExpressionAttributeNames must not be empty"));
        for (auto it = input.names->begin(); it != input.names->end(); ++it) {
            if (!isPlaceholderKey(it.key(), u'#'))
                return validation(u"ExpressionAttributeNames contains invalid key: Syntax error; "
                                  u"key: \"" + it.key() + u'"');
            if (it.value().isEmpty())
                return validation(u"ExpressionAttributeNames contains invalid value: Empty "
                                  u"attribute name for key " + it.key());
            context.unusedNames.insert(it.key());
            nameOrder << it.key();
        }
        context.names = &*input.names;
    }
    if (input.values) {
        if (input.values->isEmpty())
            return validation(QStringLiteral("ExpressionAttributeValues must not be empty"));
        for (auto it = input.values->begin(); it != input.values->end(); ++it) {
            if (!isPlaceholderKey(it.key(), u':'))
                return validation(u"ExpressionAttributeValues contains invalid key: Syntax error; "
                                  u"key: \"" + it.key() + u'"');
            context.unusedValues.insert(it.key());
            valueOrder << it.key();
        }
        context.values = &*input.values;
    }

    ParsedExpressions out;
    Status s = parseOne(input.updateExpression, "UpdateExpression", context,
                        parseUpdateExpression, out.update);
    if (s)
        s = parseOne(input.conditionExpression, "ConditionExpression", context,
                     parseConditionExpression, out.condition);
    if (s)
        s = parseOne(input.keyConditionExpression, "KeyConditionExpression", context,
                     parseConditionExpression, out.keyCondition);
    if (s)
        s = parseOne(input.filterExpression, "FilterExpression", context,
                     parseConditionExpression, out.filter);
    if (s)
        s = parseOne(input.projectionExpression, "ProjectionExpression", context,
                     parseProjectionExpression, out.projection);
    if (!s)
        return s;

    if (!context.unusedNames.isEmpty())
        return validation(u"Value provided in ExpressionAttributeNames unused in expressions: "
                          u"keys: {" + joinKeys(context.unusedNames, nameOrder) + u'}');
    if (!context.unusedValues.isEmpty())
        return validation(u"Value provided in ExpressionAttributeValues unused in expressions: "
                          u"keys: {" + joinKeys(context.unusedValues, valueOrder) + u'}');

    if (out.keyCondition) {
        Result<QList<KeyPart>> parts = extractKeyParts(*out.keyCondition);
        if (!parts)
            return parts.status();
    }
    return out;
}

} // namespace Gatehouse::Expressions
