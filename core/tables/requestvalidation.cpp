#include "requestvalidation.h"

#include <expressions/expressions.h>
#include <items/dynamoerror.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QVarLengthArray>

#include <cmath>

namespace Gatehouse::Tables::Validation {

using Items::ErrorCode::Serialization;
using Items::ErrorCode::Validation;

namespace {

const QString kDynamoPackage = QStringLiteral("com.amazonaws.dynamodb.v20120810.");

Status typeError(const QString &message)
{
    return Status::error(Serialization, message);
}

QString lowerFirst(const QString &s)
{
    return s.isEmpty() ? s : s.left(1).toLower() + s.mid(1);
}

QString numberString(double d)
{
    if (std::floor(d) == d && std::fabs(d) < 1e18)
        return QString::number(qint64(d));
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

QString numberKind(double d)
{
    return std::floor(d) == d ? QStringLiteral("NUMBER_VALUE") : QStringLiteral("DECIMAL_VALUE");
}

QString boolKind(const QJsonValue &v)
{
    return v.toBool() ? QStringLiteral("TRUE_VALUE") : QStringLiteral("FALSE_VALUE");
}

const char *javaLangName(Kind kind)
{
    switch (kind) {
    case Kind::Integer: return "Integer";
    case Kind::Long: return "Long";
    case Kind::Boolean: return "Boolean";
    default: return "String";
    }
}

// Messages are the ones the service's JSON binder gives (Jackson behind Coral).
// *changed is set when the checked value differs from the given one (a conversion, a dropped
// null or member), so that an unchanged request is used as it is instead of being copied.
Result<QJsonValue> checkType(const QJsonValue &value, const Field &field, bool asElement,
                             ParsedMap *topLevelMap, bool *changed);

Result<QJsonValue> checkScalar(const QJsonValue &value, const Field &field, bool *changed)
{
    const QString java = QString::fromLatin1(javaLangName(field.kind));
    if (value.isArray())
        return typeError(u"Unrecognized collection type class java.lang." + java);
    if (value.isObject())
        return typeError(QStringLiteral("Start of structure or map found where not expected"));
    switch (field.kind) {
    case Kind::Boolean:
        if (value.isDouble())
            return typeError(numberKind(value.toDouble()) + u" cannot be converted to Boolean");
        if (value.isString()) {
            const QString s = value.toString().toUpper();
            if (s == u"TRUE" || s == u"1" || s == u"YES") {
                *changed = true;
                return QJsonValue(true);
            }
            if (s == u"FALSE" || s == u"0" || s == u"NO") {
                *changed = true;
                return QJsonValue(false);
            }
            return typeError(QStringLiteral("Unexpected token received from parser"));
        }
        return value;
    case Kind::Integer:
    case Kind::Long:
        if (value.isBool())
            return typeError(boolKind(value) + u" cannot be converted to " + java);
        if (value.isString())
            return typeError(u"STRING_VALUE cannot be converted to " + java);
        if (const double d = value.toDouble(); std::floor(d) != d) {
            *changed = true;
            return QJsonValue(std::floor(d));
        }
        return value;
    default:  // String
        if (value.isBool())
            return typeError(boolKind(value) + u" cannot be converted to String");
        if (value.isDouble())
            return typeError(numberKind(value.toDouble()) + u" cannot be converted to String");
        return value;
    }
}

Result<QJsonValue> checkAttrMap(const QJsonValue &value, ParsedMap *parsed)
{
    if (value.isBool() || value.isDouble() || value.isString())
        return typeError(QStringLiteral("Unexpected field type"));
    if (value.isArray())
        return typeError(u"Unrecognized collection type java.util.Map<java.lang.String, " +
                         kDynamoPackage + u"AttributeValue>");
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isNull())
            continue;
        if (it.key().isEmpty() && parsed && !parsed->error)
            parsed->error = Items::emptyAttributeName();
        Result<Items::AttributeValue> av = Items::AttributeValue::fromJson(it.value());
        if (!av) {
            if (av.status().code() == Serialization)
                return av.status();
            if (parsed && !parsed->error) {
                parsed->error = av.status();
                parsed->errorKey = it.key();
            }
            continue;
        }
        if (parsed)
            parsed->values.insert(it.key(), *av);
    }
    return value;
}

Result<QJsonObject> checkStruct(const QJsonObject &object, const QList<Field> &members,
                                ParsedMaps *maps, bool *changed)
{
    // The checked members first; the copy is built only when one of them changed or a member
    // is dropped (unknown to the schema, or null).
    QVarLengthArray<std::pair<const Field *, QJsonValue>, 16> checkedMembers;
    bool same = true;
    for (const Field &member : members) {
        const QJsonValue v = object.value(member.name);
        if (v.isUndefined())
            continue;
        if (v.isNull()) {
            same = false;
            continue;
        }
        ParsedMap *parsed = nullptr;
        if (maps && member.kind == Kind::AttrMap)
            parsed = &(*maps)[member.name];
        bool memberChanged = false;
        Result<QJsonValue> checked = checkType(v, member, false, parsed, &memberChanged);
        if (!checked)
            return checked.status();
        same = same && !memberChanged;
        checkedMembers.append({&member, std::move(checked).value()});
    }
    if (same && checkedMembers.size() == object.size())
        return object;
    *changed = true;
    QJsonObject out;
    for (const auto &[member, value] : checkedMembers)
        out.insert(member->name, value);
    return out;
}

Result<QJsonValue> checkType(const QJsonValue &value, const Field &field, bool asElement,
                             ParsedMap *topLevelMap, bool *changed)
{
    switch (field.kind) {
    case Kind::String:
    case Kind::Integer:
    case Kind::Long:
    case Kind::Boolean:
        return checkScalar(value, field, changed);
    case Kind::AttrMap:
        return checkAttrMap(value, topLevelMap);
    case Kind::AttrValue: {
        if (value.isBool() || value.isDouble() || value.isString())
            return typeError(asElement ? QStringLiteral("Unexpected value type in payload")
                                       : QStringLiteral("Unexpected field type"));
        if (value.isArray())
            return typeError(u"Unrecognized collection type class " + kDynamoPackage + u"AttributeValue");
        Result<Items::AttributeValue> av = Items::AttributeValue::fromJson(value);
        if (!av && av.status().code() == Serialization)
            return av.status();
        return value;
    }
    case Kind::List: {
        if (value.isBool() || value.isDouble() || value.isString())
            return typeError(QStringLiteral("Unexpected field type"));
        if (value.isObject())
            return typeError(QStringLiteral("Start of structure or map found where not expected"));
        QJsonArray out;
        bool childChanged = false;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &child : array) {
            if (child.isNull()) {
                out.append(QJsonValue());
                continue;
            }
            Result<QJsonValue> c =
                checkType(child, field.members.value(0), true, nullptr, &childChanged);
            if (!c)
                return c.status();
            out.append(*c);
        }
        if (!childChanged)
            return value;
        *changed = true;
        return QJsonValue(out);
    }
    case Kind::Map: {
        if (value.isBool() || value.isDouble() || value.isString())
            return typeError(QStringLiteral("Unexpected field type"));
        if (value.isArray()) {
            const QString t = field.typeName.contains(u'.') ? field.typeName
                                                             : kDynamoPackage + field.typeName;
            return typeError(u"Unrecognized collection type java.util.Map<java.lang.String, " + t + u">");
        }
        QJsonObject out;
        bool childChanged = false;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.value().isNull()) {
                childChanged = true;
                continue;
            }
            Result<QJsonValue> c =
                checkType(it.value(), field.members.value(0), true, nullptr, &childChanged);
            if (!c)
                return c.status();
            out.insert(it.key(), *c);
        }
        if (!childChanged)
            return value;
        *changed = true;
        return QJsonValue(out);
    }
    case Kind::Struct: {
        if (value.isBool() || value.isDouble() || value.isString())
            return typeError(asElement ? QStringLiteral("Unexpected value type in payload")
                                       : QStringLiteral("Unexpected field type"));
        if (value.isArray())
            return typeError(u"Unrecognized collection type class " + kDynamoPackage + field.typeName);
        bool memberChanged = false;
        Result<QJsonObject> s = checkStruct(value.toObject(), field.members, nullptr, &memberChanged);
        if (!s)
            return s.status();
        if (!memberChanged)
            return value;
        *changed = true;
        return QJsonValue(*s);
    }
    }
    return value;
}

bool matchesPattern(const QString &pattern, const QString &s)
{
    if (pattern == u"[a-zA-Z0-9_.-]+") {
        if (s.isEmpty())
            return false;
        for (QChar c : s) {
            const ushort u = c.unicode();
            const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                            (u >= '0' && u <= '9') || u == '_' || u == '.' || u == '-';
            if (!ok)
                return false;
        }
        return true;
    }
    // A local object: QRegularExpression's lazy compilation is not shared across threads.
    const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
    return re.match(s).hasMatch();
}

qint64 lengthOf(const QJsonValue &v)
{
    if (v.isArray())
        return v.toArray().size();
    if (v.isObject())
        return v.toObject().size();
    return v.toString().size();
}

// The inner rules of MapKeys / MapValues (lengths and patterns only).
bool satisfies(const Rule &rule, const QJsonValue &v)
{
    switch (rule.type) {
    case Rule::LenGe: return lengthOf(v) >= rule.number;
    case Rule::LenLe: return lengthOf(v) <= rule.number;
    case Rule::Regex: return matchesPattern(rule.text, v.toString());
    default: return true;
    }
}

QString ruleText(const Rule &rule)
{
    switch (rule.type) {
    case Rule::LenGe: return u"Member must have length greater than or equal to " + QString::number(rule.number);
    case Rule::LenLe: return u"Member must have length less than or equal to " + QString::number(rule.number);
    case Rule::Regex: return u"Member must satisfy regular expression pattern: " + rule.text;
    default: return QString();
    }
}

class ConstraintCollector
{
public:
    QStringList errors;

    void field(const Field &field, const QJsonValue &data, const QString &parent)
    {
        visit(field.name, field, data, parent, parent);
    }

private:
    void fail(const QString &message, const QJsonValue &data, const QString &parent,
              const QString &key)
    {
        QString value = valueString(data);
        if (value != u"null")
            value = u'\'' + value + u'\'';
        const QString path = parent.isEmpty() ? lowerFirst(key) : parent + u'.' + lowerFirst(key);
        errors.append(u"Value " + value + u" at '" + path + u"' failed to satisfy constraint: " + message);
    }

    // "[KeySchemaElement(attributeName=pk, keyType=HASH), ...]": how the service echoes a list of
    // structures it has already read into its Java model (captured for KeySchema).
    static QString javaEcho(const Field &list, const QJsonValue &data)
    {
        const Field &element = list.members.first();
        QStringList elements;
        for (const QJsonValue &v : data.toArray()) {
            const QJsonObject object = v.toObject();
            QStringList members;
            for (const Field &m : element.members) {
                const QJsonValue mv = object.value(m.name);
                members.append(lowerFirst(m.name) + u'=' + valueString(mv));
            }
            elements.append(element.typeName + u'(' + members.join(u", ") + u')');
        }
        return u'[' + elements.join(u", ") + u']';
    }

    void failByPath(const QString &message, const QString &rawPath)
    {
        errors.append(u"Value at '" + rawPath + u"' failed to satisfy constraint: " + message);
    }

    // A batch's map of request lists (MapValues by path): the first list too long by its path,
    // else the empty ones echoed as the service's Java form ({T=[]}).
    bool mapValuesByPath(const Rule &rule, const QJsonObject &object, const QString &rawHere)
    {
        QStringList empty;
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QJsonValue inner = it.value();
            bool ok = true;
            for (const Rule &r : rule.inner)
                ok = ok && satisfies(r, inner);
            if (ok)
                continue;
            if (lengthOf(inner) > 0) {
                for (const Rule &r : rule.inner) {
                    if (!satisfies(r, inner)) {
                        failByPath(ruleText(r), rawHere + u'.' + it.key() + u".member");
                        return true;
                    }
                }
            }
            empty.append(it.key() + u"=[]");
        }
        if (empty.isEmpty())
            return false;
        QStringList texts;
        for (const Rule &r : rule.inner)
            texts.append(ruleText(r));
        errors.append(u"Value '{" + empty.join(u", ") + u"}' at '" + lowerFirst(rawHere) +
                      u"' failed to satisfy constraint: Map value must satisfy constraint: [" +
                      texts.join(u", ") + u']');
        return true;
    }

    void visit(const QString &key, const Field &field, const QJsonValue &data,
               const QString &parent, const QString &rawParent)
    {
        // The member's path as the request spells it, for the newer messages (built only when
        // one is reported or a member below is visited: most fields are leaves that pass).
        const auto rawPath = [&] { return rawParent.isEmpty() ? key : rawParent + u'.' + key; };
        const bool absent = data.isUndefined() || data.isNull();
        for (const Rule &rule : field.rules) {
            if (errors.size() >= 10)
                return;
            if (rule.type != Rule::NotNull && absent)
                continue;
            switch (rule.type) {
            case Rule::NotNull:
                if (absent)
                    fail(QStringLiteral("Member must not be null"), data, parent, key);
                break;
            case Rule::Ge:
                if (!(data.toDouble() >= double(rule.number)))
                    fail(u"Member must have value greater than or equal to " + QString::number(rule.number), data, parent, key);
                break;
            case Rule::Le:
                if (!(data.toDouble() <= double(rule.number)))
                    fail(u"Member must have value less than or equal to " + QString::number(rule.number), data, parent, key);
                break;
            case Rule::LenGe:
            case Rule::LenLe:
                if (!satisfies(rule, data)) {
                    if (rule.byPath)
                        failByPath(ruleText(rule), rawPath());
                    else if (field.javaEcho && !field.members.isEmpty())
                        errors.append(
                            u"Value '" + javaEcho(field, data) + u"' at '" +
                            (parent.isEmpty() ? lowerFirst(key) : parent + u'.' + lowerFirst(key)) +
                            u"' failed to satisfy constraint: " + ruleText(rule));
                    else
                        fail(ruleText(rule), data, parent, key);
                }
                break;
            case Rule::Regex:
                if (rule.unlessEmpty && data.toString().isEmpty())
                    break;
                if (!matchesPattern(rule.text, data.toString()))
                    fail(u"Member must satisfy regular expression pattern: " + rule.text, data, parent, key);
                break;
            case Rule::Enum:
                if (!rule.values.contains(data.toString()))
                    fail(u"Member must satisfy enum value set: [" + rule.values.join(u", ") + u']', data, parent, key);
                break;
            case Rule::MapKeys:
            case Rule::MapValues: {
                const QJsonObject object = data.toObject();
                if (rule.type == Rule::MapValues && rule.byPath) {
                    mapValuesByPath(rule, object, rawPath());
                    break;
                }
                bool ok = true;
                for (auto it = object.begin(); ok && it != object.end(); ++it) {
                    const QJsonValue inner = rule.type == Rule::MapKeys ? QJsonValue(it.key()) : it.value();
                    for (const Rule &r : rule.inner)
                        ok = ok && satisfies(r, inner);
                }
                if (!ok) {
                    QStringList texts;
                    for (const Rule &r : rule.inner)
                        texts.append(ruleText(r));
                    fail((rule.type == Rule::MapKeys ? u"Map keys must satisfy constraint: ["
                                                     : u"Map value must satisfy constraint: [") +
                             texts.join(u", ") + u']',
                         data, parent, key);
                }
                break;
            }
            }
        }
        if (absent || field.members.isEmpty() || errors.size() >= 10)
            return;
        const QString here = parent.isEmpty() ? lowerFirst(key) : parent + u'.' + lowerFirst(key);
        const QString rawHere = rawPath();
        if (field.kind == Kind::List) {
            const QJsonArray array = data.toArray();
            for (int i = 0; i < array.size(); ++i)
                visit(QStringLiteral("member"), field.members.first(), array.at(i),
                      here + u'.' + QString::number(i + 1),
                      rawHere + u'.' + QString::number(i + 1));
        } else if (field.kind == Kind::Map) {
            const QJsonObject object = data.toObject();
            for (auto it = object.begin(); it != object.end(); ++it)
                visit(QStringLiteral("member"), field.members.first(), it.value(),
                      here + u'.' + it.key(), rawHere + u'.' + it.key());
        } else if (field.kind == Kind::Struct) {
            const QJsonObject object = data.toObject();
            for (const Field &member : field.members)
                visit(member.name, member, object.value(member.name), here, rawHere);
        }
    }
};

} // namespace

QString valueString(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return numberString(value.toDouble());
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue &v : value.toArray())
            parts.append(valueString(v));
        return u'[' + parts.join(u", ") + u']';
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return QString();
}

ParsedMap parseAttrMap(const QJsonObject &object)
{
    ParsedMap parsed;
    // The type phase already ran, so only value errors remain; the first one is kept.
    checkAttrMap(object, &parsed);
    return parsed;
}

// "N validation error(s) detected: ...", the service's report of failed member constraints.
Status constraintErrors(const QStringList &errors)
{
    const qsizetype n = errors.size();
    return Status::error(Validation, QString::number(n) + u" validation error" +
                                         (n > 1 ? u"s" : u"") + u" detected: " +
                                         errors.join(u"; "));
}

Result<CheckedRequest> check(const QJsonObject &request, const Schema &schema)
{
    CheckedRequest checked;
    bool changed = false;
    Result<QJsonObject> typed = checkStruct(request, schema, &checked.maps, &changed);
    if (!typed)
        return typed.status();
    checked.data = std::move(typed).value();

    for (const Field &field : schema) {
        const QJsonValue v = checked.data.value(field.name);
        if (field.required && v.isUndefined())
            return Status::error(Validation, u"The parameter '" + field.name +
                                                 u"' is required but was not present in the request");
        if (field.tableName && !v.isUndefined()) {
            // A table's own name (CreateTable and the table operations): its constraints are
            // reported before, and without, any other member's.
            ConstraintCollector names;
            names.field(field, v, QString());
            if (!names.errors.isEmpty())
                return constraintErrors(names.errors);
        }
    }

    ConstraintCollector collector;
    for (const Field &field : schema) {
        if (!field.afterOthers)
            collector.field(field, checked.data.value(field.name), QString());
    }
    if (collector.errors.isEmpty()) {
        for (const Field &field : schema) {
            if (field.afterOthers)
                collector.field(field, checked.data.value(field.name), QString());
        }
    }
    if (!collector.errors.isEmpty())
        return constraintErrors(collector.errors);
    return checked;
}

std::optional<QString> checkExpressionParams(const QJsonObject &data,
                                             const QStringList &expressionParams,
                                             const QStringList &legacyParams)
{
    // Most requests carry none of these: one pass over their few members settles it.
    bool any = false;
    for (auto it = data.begin(); it != data.end() && !any; ++it) {
        const QString key = it.key();
        any = key.endsWith(u"Expression") || key.startsWith(u"ExpressionAttribute") ||
              legacyParams.contains(key);
    }
    if (!any)
        return std::nullopt;
    // The messages live with the expression module; only presence matters here.
    Expressions::ExpressionInput presence;
    auto given = [&data](const char *name) -> std::optional<QString> {
        return data.contains(QLatin1String(name)) ? std::optional<QString>(QString()) : std::nullopt;
    };
    presence.conditionExpression = given("ConditionExpression");
    presence.filterExpression = given("FilterExpression");
    presence.keyConditionExpression = given("KeyConditionExpression");
    presence.updateExpression = given("UpdateExpression");
    presence.projectionExpression = given("ProjectionExpression");
    if (data.contains(u"ExpressionAttributeNames"))
        presence.names.emplace();
    if (data.contains(u"ExpressionAttributeValues"))
        presence.values.emplace();
    QStringList legacyPresent;
    for (const QString &p : legacyParams) {
        // KeyConditions may accompany expressions as long as KeyConditionExpression is absent.
        if (p == u"KeyConditions" && !data.contains(u"KeyConditionExpression"))
            continue;
        if (data.contains(p))
            legacyPresent.append(p);
    }
    const Status s = Expressions::checkExpressionParameters(presence, expressionParams, legacyPresent);
    if (s.isOk())
        return std::nullopt;
    return s.message();
}

} // namespace Gatehouse::Tables::Validation
