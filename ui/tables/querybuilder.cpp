#include <ui/tables/querybuilder.h>

#include <common/status.h>

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace Gatehouse::Ui::QueryBuilder {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Gatehouse::Ui::QueryBuilder", text);
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Hands out placeholders: readable ones (#price, :price) when the name allows, unique always.
class Placeholders
{
public:
    QString name(const QString &attribute)
    {
        const auto found = m_nameOf.constFind(attribute);
        if (found != m_nameOf.constEnd())
            return *found;
        const QString p = unique(u'#' + stem(attribute, QStringLiteral("n")), m_usedNames);
        m_nameOf.insert(attribute, p);
        m_names.insert(p, attribute);
        return p;
    }
    QString value(const QString &attribute, const QJsonObject &value, const QString &suffix = {})
    {
        const QString p = unique(u':' + stem(attribute, QStringLiteral("v")) + suffix, m_usedValues);
        m_values.insert(p, value);
        return p;
    }
    void apply(QJsonObject *request) const
    {
        if (!m_names.isEmpty())
            request->insert(QStringLiteral("ExpressionAttributeNames"), m_names);
        if (!m_values.isEmpty())
            request->insert(QStringLiteral("ExpressionAttributeValues"), m_values);
    }

private:
    static QString stem(const QString &attribute, const QString &fallback)
    {
        static const QRegularExpression simple(QStringLiteral("^[A-Za-z][A-Za-z0-9_]{0,30}$"));
        return simple.match(attribute).hasMatch() ? attribute : fallback;
    }
    static QString unique(const QString &wanted, QSet<QString> &used)
    {
        QString p = wanted;
        for (int i = 2; used.contains(p); ++i)
            p = wanted + QString::number(i);
        used.insert(p);
        return p;
    }

    QHash<QString, QString> m_nameOf;
    QSet<QString> m_usedNames, m_usedValues;
    QJsonObject m_names, m_values;
};

Result<QJsonObject> typedValue(const QString &type, const QString &text, const QString &what)
{
    if (type == QLatin1String("BOOL")) {
        const QString t = text.trimmed().toLower();
        if (t != QLatin1String("true") && t != QLatin1String("false"))
            return Status::error(QStringLiteral("Input"), tr("%1: a BOOL value is true or false").arg(what));
        return QJsonObject{{type, t == QLatin1String("true")}};
    }
    if (type == QLatin1String("NULL"))
        return QJsonObject{{type, true}};
    if (text.isEmpty())
        return Status::error(QStringLiteral("Input"), tr("%1: enter a value").arg(what));
    if (type == QLatin1String("N"))
        return QJsonObject{{type, text.trimmed()}};
    return QJsonObject{{type, text}};
}

// One comparison in expression syntax, its placeholders registered in `ph`.
Result<QString> comparison(const Condition &c, Placeholders &ph)
{
    const QString what = c.attribute;
    if (c.attribute.isEmpty())
        return Status::error(QStringLiteral("Input"), tr("A condition names no attribute"));
    const QString n = ph.name(c.attribute);
    switch (c.op) {
    case Op::None:
        return QString();
    case Op::Exists:
        return QStringLiteral("attribute_exists(%1)").arg(n);
    case Op::NotExists:
        return QStringLiteral("attribute_not_exists(%1)").arg(n);
    default:
        break;
    }
    auto v = typedValue(c.type, c.value, what);
    if (!v)
        return v.status();
    if (c.op == Op::Between) {
        auto v2 = typedValue(c.type, c.value2, what);
        if (!v2)
            return v2.status();
        const QString lo = ph.value(c.attribute, *v, QStringLiteral("_from"));
        const QString hi = ph.value(c.attribute, *v2, QStringLiteral("_to"));
        return QStringLiteral("%1 BETWEEN %2 AND %3").arg(n, lo, hi);
    }
    const QString p = ph.value(c.attribute, *v);
    switch (c.op) {
    case Op::BeginsWith: return QStringLiteral("begins_with(%1, %2)").arg(n, p);
    case Op::Contains: return QStringLiteral("contains(%1, %2)").arg(n, p);
    case Op::NotContains: return QStringLiteral("NOT contains(%1, %2)").arg(n, p);
    default: return QStringLiteral("%1 %2 %3").arg(n, opLabel(c.op), p);
    }
}

} // namespace

QList<Op> sortKeyOps()
{
    return {Op::None, Op::Eq, Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Between, Op::BeginsWith};
}

QList<Op> filterOps()
{
    return {Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Between, Op::BeginsWith,
            Op::Contains, Op::NotContains, Op::Exists, Op::NotExists};
}

QString opLabel(Op op)
{
    switch (op) {
    case Op::None: return tr("(any)");
    case Op::Eq: return QStringLiteral("=");
    case Op::Ne: return QStringLiteral("<>");
    case Op::Lt: return QStringLiteral("<");
    case Op::Le: return QStringLiteral("<=");
    case Op::Gt: return QStringLiteral(">");
    case Op::Ge: return QStringLiteral(">=");
    case Op::Between: return QStringLiteral("BETWEEN");
    case Op::BeginsWith: return QStringLiteral("begins_with");
    case Op::Contains: return QStringLiteral("contains");
    case Op::NotContains: return QStringLiteral("not contains");
    case Op::Exists: return QStringLiteral("exists");
    case Op::NotExists: return QStringLiteral("not exists");
    }
    return {};
}

int operandCount(Op op)
{
    switch (op) {
    case Op::None:
    case Op::Exists:
    case Op::NotExists:
        return 0;
    case Op::Between:
        return 2;
    default:
        return 1;
    }
}

Built build(const Spec &spec)
{
    Built built;
    built.operation = spec.query ? QStringLiteral("Query") : QStringLiteral("Scan");
    QJsonObject &r = built.request;
    r.insert(QStringLiteral("TableName"), spec.table);
    if (!spec.index.isEmpty())
        r.insert(QStringLiteral("IndexName"), spec.index);
    Placeholders ph;
    if (spec.query) {
        if (spec.partitionKey.isEmpty()) {
            built.error = tr("The table has no partition key to query");
            return built;
        }
        Condition pk{spec.partitionKey, Op::Eq, spec.partitionType, spec.partitionValue, {}};
        auto key = comparison(pk, ph);
        if (!key) {
            built.error = key.status().message();
            return built;
        }
        QString keyCondition = *key;
        if (spec.sortKey.op != Op::None) {
            auto sk = comparison(spec.sortKey, ph);
            if (!sk) {
                built.error = sk.status().message();
                return built;
            }
            keyCondition += QStringLiteral(" AND ") + *sk;
        }
        r.insert(QStringLiteral("KeyConditionExpression"), keyCondition);
    }
    QStringList filters;
    for (const Condition &c : spec.filters) {
        if (c.attribute.isEmpty())
            continue;
        auto f = comparison(c, ph);
        if (!f) {
            built.error = f.status().message();
            return built;
        }
        filters << *f;
    }
    if (!filters.isEmpty())
        r.insert(QStringLiteral("FilterExpression"), filters.join(QStringLiteral(" AND ")));
    QStringList projection;
    for (const QString &a : spec.projection) {
        if (!a.trimmed().isEmpty())
            projection << ph.name(a.trimmed());
    }
    if (!projection.isEmpty())
        r.insert(QStringLiteral("ProjectionExpression"), projection.join(QStringLiteral(", ")));
    ph.apply(&r);
    if (spec.limit > 0)
        r.insert(QStringLiteral("Limit"), spec.limit);
    if (spec.query && !spec.forward)
        r.insert(QStringLiteral("ScanIndexForward"), false);
    return built;
}

QString expressionText(const QJsonObject &request)
{
    QStringList lines;
    for (const char *member : {"KeyConditionExpression", "FilterExpression", "ProjectionExpression"}) {
        const QString text = request.value(QLatin1String(member)).toString();
        if (!text.isEmpty())
            lines << QLatin1String(member) + QStringLiteral(": ") + text;
    }
    for (const char *member : {"ExpressionAttributeNames", "ExpressionAttributeValues"}) {
        const QJsonObject o = request.value(QLatin1String(member)).toObject();
        if (!o.isEmpty())
            lines << QLatin1String(member) + QStringLiteral(": ") + compact(o);
    }
    if (request.contains(QLatin1String("Limit")))
        lines << QStringLiteral("Limit: %1").arg(request.value(QLatin1String("Limit")).toInt());
    if (request.contains(QLatin1String("ScanIndexForward")))
        lines << QStringLiteral("ScanIndexForward: false");
    if (lines.isEmpty())
        lines << tr("(no expression: every item of the %1)")
                     .arg(request.contains(QLatin1String("IndexName")) ? tr("index") : tr("table"));
    return lines.join(u'\n');
}

QString shellQuote(const QString &text)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (safe.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

QString cliCommand(const QString &operation, const QJsonObject &request, const QString &endpointUrl)
{
    QStringList parts;
    parts << QStringLiteral("aws dynamodb ") + operation.toLower();
    if (!endpointUrl.isEmpty())
        parts << QStringLiteral("--endpoint-url ") + shellQuote(endpointUrl);
    auto option = [&](const char *member, const char *flag) {
        const QJsonValue v = request.value(QLatin1String(member));
        if (v.isUndefined())
            return;
        QString text;
        if (v.isObject())
            text = compact(v.toObject());
        else if (v.isDouble())
            text = QString::number(v.toInteger());
        else
            text = v.toString();
        parts << QLatin1String(flag) + u' ' + shellQuote(text);
    };
    option("TableName", "--table-name");
    option("IndexName", "--index-name");
    option("KeyConditionExpression", "--key-condition-expression");
    option("FilterExpression", "--filter-expression");
    option("ProjectionExpression", "--projection-expression");
    option("ExpressionAttributeNames", "--expression-attribute-names");
    option("ExpressionAttributeValues", "--expression-attribute-values");
    option("Limit", "--limit");
    if (request.value(QLatin1String("ScanIndexForward")) == QJsonValue(false))
        parts << QStringLiteral("--no-scan-index-forward");
    return parts.join(QStringLiteral(" \\\n    "));
}

} // namespace Gatehouse::Ui::QueryBuilder
