// Query and Scan.
//
// Both read on the caller's thread through the store's reader connection. A Query is a range
// read inside one partition on the order-preserving key encoding; Limit counts items read
// (before the filter), and a page ends after the item that brings the bytes read to 1 MB, as
// the service cuts its pages.
#include "tableengine.h"

#include "enginesupport.h"
#include "requestvalidation.h"

#include <QJsonArray>

namespace Gatehouse::Tables {

using namespace Support;
using Expressions::KeyCondition;
using Items::AttributeType;

namespace {

constexpr qint64 kPageBytes = 1024 * 1024;

std::optional<QString> checkSelect(const QJsonObject &d, bool isQuery)
{
    const QString select = d.value(u"Select").toString();
    const bool projected = d.contains(u"ProjectionExpression") || d.contains(u"AttributesToGet");
    QString message;
    if (projected && !select.isEmpty() && select != u"SPECIFIC_ATTRIBUTES")
        message = u"Cannot specify the ProjectionExpression when choosing to get " +
                  (select == u"COUNT" ? QStringLiteral("only the Count") : select);
    else if (select == u"ALL_PROJECTED_ATTRIBUTES" && !d.contains(u"IndexName"))
        message = QStringLiteral("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    else if (select == u"SPECIFIC_ATTRIBUTES" && !projected)
        message = QStringLiteral("Must specify the AttributesToGet or ProjectionExpression when choosing "
                                 "to get SPECIFIC_ATTRIBUTES");
    if (message.isEmpty())
        return std::nullopt;
    // Observed on the service: Query wraps these in the constraint envelope, Scan does not.
    return isQuery ? u"1 validation error detected: " + message : message;
}

// Secondary indexes are declared and described in part 1 but only maintained in part 2.
std::optional<QString> checkIndexName(const QJsonObject &d, const TableMeta &meta)
{
    if (!d.contains(u"IndexName"))
        return std::nullopt;
    const QString name = d.value(u"IndexName").toString();
    for (const char *kind : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
        for (const QJsonValue &v : meta.definition.value(QLatin1String(kind)).toArray()) {
            if (v.toObject().value(u"IndexName").toString() == name)
                return u"Reading the secondary index " + name +
                       u" is not supported by this version of Gatehouse";
        }
    }
    return u"The table does not have the specified index: " + name;
}

// Pages through items handed by the store: counts, sizes, Limit, filter, projection.
class PageCollector
{
public:
    PageCollector(const QJsonObject &d, const Expressions::ParsedExpressions &exprs,
                  const KeySchema &schema, bool json)
        : m_exprs(exprs), m_schema(schema), m_json(json)
    {
        m_limit = d.contains(u"Limit") ? d.value(u"Limit").toInteger() : 0;
        m_countOnly = d.value(u"Select").toString() == u"COUNT";
    }

    bool visit(const StoredItem &stored)
    {
        ++m_scanned;
        m_bytes += stored.size > 0 ? stored.size : sizeOf(stored.item);
        m_last = stored.item;
        if (!m_exprs.filter || Expressions::evaluate(*m_exprs.filter, stored.item)) {
            ++m_count;
            if (!m_countOnly) {
                const Items::Item &item = m_exprs.projection
                                              ? Expressions::project(*m_exprs.projection, stored.item)
                                              : stored.item;
                if (m_json) {
                    if (m_count > 1)
                        m_itemsText.append(',');
                    Items::appendItemJson(m_itemsText, item);
                } else {
                    m_items.append(Items::itemToJson(item));
                }
            }
        }
        if ((m_limit > 0 && m_scanned >= m_limit) || m_bytes >= kPageBytes) {
            m_cut = true;
            return false;
        }
        return true;
    }

    QJsonObject response() const
    {
        QJsonObject r;
        r.insert(u"Count", m_count);
        r.insert(u"ScannedCount", m_scanned);
        if (!m_countOnly)
            r.insert(u"Items", m_items);
        if (m_cut)
            r.insert(u"LastEvaluatedKey", Items::itemToJson(keyOf(m_last, m_schema)));
        return r;
    }

    // The same members as response(), as compact text.
    ApiReply reply() const
    {
        if (!m_json)
            return ApiReply::ok(response());
        QByteArray text;
        text.reserve(m_itemsText.size() + 64);
        text.append("{\"Count\":");
        text.append(QByteArray::number(m_count));
        if (!m_countOnly) {
            text.append(",\"Items\":[");
            text.append(m_itemsText);
            text.append(']');
        }
        if (m_cut) {
            text.append(",\"LastEvaluatedKey\":");
            Items::appendItemJson(text, keyOf(m_last, m_schema));
        }
        text.append(",\"ScannedCount\":");
        text.append(QByteArray::number(m_scanned));
        text.append('}');
        return ApiReply::okJson(std::move(text));
    }

private:
    const Expressions::ParsedExpressions &m_exprs;
    const KeySchema &m_schema;
    qint64 m_limit = 0;
    bool m_countOnly = false;
    qint64 m_scanned = 0;
    qint64 m_count = 0;
    qint64 m_bytes = 0;
    bool m_cut = false;
    Items::Item m_last;
    bool m_json = false;
    QJsonArray m_items;
    QByteArray m_itemsText;  // the items, comma-separated, when m_json
};

// Whether an encoded sort key satisfies the resolved condition (ExclusiveStartKey check).
bool sortKeyMatches(const QByteArray &key, const KeyCondition &c)
{
    const QByteArray a = Items::encodeKeyValue(c.sortValue1);
    switch (c.sortOp) {
    case KeyCondition::SortOp::None: return true;
    case KeyCondition::SortOp::Eq: return key == a;
    case KeyCondition::SortOp::Lt: return key < a;
    case KeyCondition::SortOp::Le: return key <= a;
    case KeyCondition::SortOp::Gt: return key > a;
    case KeyCondition::SortOp::Ge: return key >= a;
    case KeyCondition::SortOp::Between:
        return key >= a && key <= Items::encodeKeyValue(c.sortValue2);
    case KeyCondition::SortOp::BeginsWith: return key.startsWith(a);
    }
    return true;
}

} // namespace

void TableEngine::query(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = Validation::checkExpressionParams(
            d,
            {QStringLiteral("ProjectionExpression"), QStringLiteral("FilterExpression"),
             QStringLiteral("KeyConditionExpression")},
            {QStringLiteral("AttributesToGet"), QStringLiteral("QueryFilter"),
             QStringLiteral("ConditionalOperator"), QStringLiteral("KeyConditions")}))
        return done(invalid(*m));
    if (auto m = unsupportedLegacy(d, {QStringLiteral("QueryFilter"), QStringLiteral("AttributesToGet"),
                                       QStringLiteral("KeyConditions"), QStringLiteral("ConditionalOperator")}))
        return done(invalid(*m));
    const Validation::ParsedMap startKey = req.maps.value(QStringLiteral("ExclusiveStartKey"));
    if (startKey.error)
        return done(invalid(startKeyValueMessage(startKey.error->message())));
    if (!d.contains(u"KeyConditionExpression"))
        return done(invalid(QStringLiteral("Either the KeyConditions or KeyConditionExpression parameter "
                                           "must be specified in the request.")));
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(ApiReply::error(exprs.status()));
    if (auto m = checkSelect(d, true))
        return done(invalid(*m));

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    if (auto m = checkIndexName(d, *table))
        return done(invalid(*m));
    const KeySchema schema = KeySchema::of(*table);

    const bool hasStart = d.contains(u"ExclusiveStartKey");
    const Items::AttributeMap &start = startKey.values;
    if (hasStart) {
        if (start.size() != (schema.hasRange() ? 2 : 1))
            return done(invalid(QStringLiteral("The provided starting key is invalid")));
        for (int i = 0; i < (schema.hasRange() ? 2 : 1); ++i) {
            const QString &name = i == 0 ? schema.hashName : schema.rangeName;
            if (!start.contains(name))
                return done(invalid(QStringLiteral("The provided starting key is invalid")));
            if (Status s = checkKeyPiece(start, name, i == 0 ? schema.hashType : schema.rangeType, i == 0);
                !s.isOk())
                return done(ApiReply::error(s));
        }
    }

    Result<KeyCondition> resolved =
        Expressions::resolveKeyCondition(*exprs->keyCondition, schema.hashName, schema.rangeName);
    if (!resolved)
        return done(ApiReply::error(resolved.status()));
    const KeyCondition &kc = *resolved;
    if (Status st = Expressions::checkKeyConditionTypes(kc, schema.hashType, schema.rangeType); !st.isOk())
        return done(ApiReply::error(st));
    if (kc.sortOp != KeyCondition::SortOp::None) {
        if (kc.sortOp == KeyCondition::SortOp::BeginsWith && schema.rangeType == AttributeType::N)
            return done(invalid(QStringLiteral("One or more parameter values were invalid: ComparisonOperator "
                                               "BEGINS_WITH is not valid for N AttributeValue type")));
    }

    const QByteArray hashKey = Items::encodeKeyValue(kc.partitionValue);
    RangeBounds bounds;
    bounds.forward = !d.contains(u"ScanIndexForward") || d.value(u"ScanIndexForward").toBool();
    if (hasStart) {
        const EncodedKey sk = encodeKey(start, schema);
        if (kc.sortOp == KeyCondition::SortOp::None) {
            if (sk.hash != hashKey)
                return done(invalid(QStringLiteral("The provided starting key is outside query "
                                                   "boundaries based on provided conditions")));
        } else {
            if (!sortKeyMatches(sk.range, kc))
                return done(invalid(QStringLiteral("The provided starting key does not match the range "
                                                   "key predicate")));
            if (sk.hash != hashKey)
                return done(invalid(QStringLiteral("The query can return at most one row and cannot be "
                                                   "restarted")));
        }
        bounds.afterHashKey = sk.hash;
        if (schema.hasRange())
            bounds.afterRangeKey = sk.range;
    }
    if (d.contains(u"ProjectionExpression")) {
        QJsonObject projectionOnly = d;
        projectionOnly.remove(u"FilterExpression");
        if (Status st = checkKeyPaths(projectionOnly, schema); !st.isOk())
            return done(ApiReply::error(st));
    }
    if (d.contains(u"FilterExpression")) {
        QMap<QString, QString> names;
        const QJsonObject given = d.value(u"ExpressionAttributeNames").toObject();
        for (auto it = given.begin(); it != given.end(); ++it)
            names.insert(it.key(), it.value().toString());
        const QSet<QString> heads = pathHeads(d.value(u"FilterExpression").toString(), names);
        for (const QString &keyName : {schema.hashName, schema.rangeName}) {
            if (!keyName.isEmpty() && heads.contains(keyName))
                return done(invalid(u"Filter Expression can only contain non-primary key attributes: "
                                    u"Primary key attribute: " + keyName));
        }
    }

    const QByteArray v1 = kc.sortOp == KeyCondition::SortOp::None ? QByteArray()
                                                                 : Items::encodeKeyValue(kc.sortValue1);
    switch (kc.sortOp) {
    case KeyCondition::SortOp::None:
        break;
    case KeyCondition::SortOp::Eq:
        bounds.lower = v1;
        bounds.upper = v1;
        break;
    case KeyCondition::SortOp::Lt:
        bounds.upper = v1;
        bounds.upperInclusive = false;
        break;
    case KeyCondition::SortOp::Le:
        bounds.upper = v1;
        break;
    case KeyCondition::SortOp::Gt:
        bounds.lower = v1;
        bounds.lowerInclusive = false;
        break;
    case KeyCondition::SortOp::Ge:
        bounds.lower = v1;
        break;
    case KeyCondition::SortOp::Between:
        bounds.lower = v1;
        bounds.upper = Items::encodeKeyValue(kc.sortValue2);
        break;
    case KeyCondition::SortOp::BeginsWith:
        bounds.prefix = v1;
        break;
    }

    PageCollector page(d, *exprs, schema, req.jsonReply);
    const Status s = m_store->query(table->id, hashKey, bounds,
                                    [&page](const StoredItem &item) { return page.visit(item); });
    if (!s.isOk())
        return done(ApiReply::error(s));
    done(page.reply());
}

void TableEngine::scan(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = Validation::checkExpressionParams(
            d, {QStringLiteral("ProjectionExpression"), QStringLiteral("FilterExpression")},
            {QStringLiteral("AttributesToGet"), QStringLiteral("ScanFilter"),
             QStringLiteral("ConditionalOperator")}))
        return done(invalid(*m));
    if (auto m = unsupportedLegacy(d, {QStringLiteral("AttributesToGet"), QStringLiteral("ScanFilter"),
                                       QStringLiteral("ConditionalOperator")}))
        return done(invalid(*m));
    const Validation::ParsedMap startKey = req.maps.value(QStringLiteral("ExclusiveStartKey"));
    if (startKey.error)
        return done(invalid(startKeyValueMessage(startKey.error->message())));

    const bool hasSegment = d.contains(u"Segment");
    const bool hasTotal = d.contains(u"TotalSegments");
    const int segment = d.value(u"Segment").toInt();
    const int total = d.value(u"TotalSegments").toInt();
    // A Segment of 0 alone is accepted, as the service does.
    if (hasSegment && segment != 0 && !hasTotal)
        return done(invalid(QStringLiteral("The TotalSegments parameter is required but was not present in "
                                           "the request when Segment parameter is present")));
    if (hasTotal) {
        if (!hasSegment)
            return done(invalid(QStringLiteral("The Segment parameter is required but was not present in "
                                               "the request when parameter TotalSegments is present")));
        if (segment >= total)
            return done(invalid(u"The Segment parameter is zero-based and must be less than parameter "
                                u"TotalSegments: Segment: " + QString::number(segment) +
                                u" is not less than TotalSegments: " + QString::number(total)));
    }
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(ApiReply::error(exprs.status()));
    if (auto m = checkSelect(d, false))
        return done(invalid(*m));

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    if (auto m = checkIndexName(d, *table))
        return done(invalid(*m));
    const KeySchema schema = KeySchema::of(*table);

    std::optional<QByteArray> afterHash;
    std::optional<QByteArray> afterRange;
    if (d.contains(u"ExclusiveStartKey")) {
        const Items::AttributeMap &start = startKey.values;
        if (start.size() != (schema.hasRange() ? 2 : 1))
            return done(invalid(QStringLiteral("The provided starting key is invalid: The provided key "
                                               "element does not match the schema")));
        if (Status s = checkKey(start, schema); !s.isOk())
            return done(invalid(u"The provided starting key is invalid: " + s.message()));
        const EncodedKey sk = encodeKey(start, schema);
        afterHash = sk.hash;
        if (schema.hasRange())
            afterRange = sk.range;
    }

    if (Status st = checkKeyPaths(d, schema); !st.isOk())
        return done(ApiReply::error(st));

    PageCollector page(d, *exprs, schema, req.jsonReply);
    const Status s = m_store->scan(table->id, hasTotal ? segment : 0, hasTotal ? total : 1, afterHash,
                                   afterRange, [&page](const StoredItem &item) { return page.visit(item); });
    if (!s.isOk())
        return done(ApiReply::error(s));
    done(page.reply());
}

} // namespace Gatehouse::Tables
