// Query and Scan.
//
// Both read on the caller's thread through the store's reader connection. A Query is a range
// read inside one partition on the order-preserving key encoding; Limit counts items read
// (before the filter), and a page ends after the item that brings the bytes read to 1 MB, as
// the service cuts its pages.
#include "tableengine.h"

#include "capacity.h"
#include "enginesupport.h"
#include "indexsupport.h"
#include "legacy.h"
#include "requestvalidation.h"

#include <tables/store/indexentries.h>
#include <tables/store/keyrange.h>

#include <QJsonArray>
#include <QJsonDocument>

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
        message = u"Cannot specify the " +
                  (d.contains(u"AttributesToGet") ? QStringLiteral("AttributesToGet") : QStringLiteral("ProjectionExpression")) +
                  u" when choosing to get " +
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

// Pages through items handed by the store: counts, sizes, Limit, filter, projection.
class PageCollector
{
public:
    // keyNames: the members of LastEvaluatedKey (the table key, then an index's key).
    PageCollector(const QJsonObject &d, const Expressions::ParsedExpressions &exprs,
                  QStringList keyNames, bool json)
        : m_exprs(exprs), m_keyNames(std::move(keyNames)), m_json(json)
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
                const Items::Item &item =
                    m_exprs.projection ? Expressions::project(*m_exprs.projection, stored.item)
                    : m_indexShape     ? Store::projectForIndex(*m_indexShape, m_tableKeys, stored.item)
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

    qint64 bytesRead() const { return m_bytes; }
    // A ConsumedCapacity member for the answer (empty: none).
    void setConsumedCapacity(QJsonObject consumed) { m_consumed = std::move(consumed); }

    QJsonObject response() const
    {
        QJsonObject r;
        if (!m_consumed.isEmpty())
            r.insert(u"ConsumedCapacity", m_consumed);
        r.insert(u"Count", m_count);
        r.insert(u"ScannedCount", m_scanned);
        if (!m_countOnly)
            r.insert(u"Items", m_items);
        if (m_cut)
            r.insert(u"LastEvaluatedKey", Items::itemToJson(lastKey()));
        return r;
    }

    // An LSI item read from the table only for the filter is answered as the index projects it.
    void projectAsIndex(const IndexMeta &index, const TableMeta &table)
    {
        m_indexShape = &index;
        m_tableKeys = {table.hashKeyName, table.rangeKeyName};
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
            Items::appendItemJson(text, lastKey());
        }
        text.append(",\"ScannedCount\":");
        text.append(QByteArray::number(m_scanned));
        if (!m_consumed.isEmpty()) {
            text.append(",\"ConsumedCapacity\":");
            text.append(QJsonDocument(m_consumed).toJson(QJsonDocument::Compact));
        }
        text.append('}');
        return ApiReply::okJson(std::move(text));
    }

private:
    Items::Item lastKey() const
    {
        Items::Item key;
        for (const QString &name : m_keyNames)
            key.insert(name, m_last.value(name));
        return key;
    }

    const Expressions::ParsedExpressions &m_exprs;
    const QStringList m_keyNames;
    const IndexMeta *m_indexShape = nullptr;
    Store::TableKeyNames m_tableKeys;
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
    QJsonObject m_consumed;
};

// Query and Scan consume read units for the bytes they read (before the filter), rounded once:
// on the index when the request names one, else on the table. An LSI read that fetches
// unprojected attributes also reads each fetched item from the table, rounded per item.
QJsonObject readCapacity(const QJsonObject &d, const TableMeta &table, qint64 bytes,
                         qint64 fetchedSteps = 0)
{
    const Capacity::Mode mode = Capacity::requested(d);
    if (mode == Capacity::Mode::None)
        return {};
    const bool consistent = d.value(u"ConsistentRead").toBool();
    Capacity::Consumed consumed(table.name, Capacity::Consumed::Kind::Read);
    const double units = Capacity::readUnits(bytes, consistent);
    const IndexMeta *index = table.index(d.value(u"IndexName").toString());
    if (!index) {
        consumed.addTable(units);
        return consumed.toJson(mode);
    }
    consumed.addTable(double(fetchedSteps) * (consistent ? 1.0 : 0.5));
    if (index->global)
        consumed.addGlobalIndex(index->name, units);
    else
        consumed.addLocalIndex(index->name, units);
    return consumed.toJson(mode);
}

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

QStringList tableKeyNames(const KeySchema &schema)
{
    return schema.hasRange() ? QStringList{schema.hashName, schema.rangeName}
                             : QStringList{schema.hashName};
}

// Index entries as the page sees them: the projected attributes, or the table's item when an
// LSI read needs attributes the index does not hold (the entry's size still measures the page).
class EntryReader
{
public:
    EntryReader(const TableStore &store, const TableMeta &table, bool fetch)
        : m_store(store), m_tableId(table.id), m_schema(KeySchema::of(table)), m_fetch(fetch)
    {
    }

    bool visit(const StoredItem &entry, PageCollector &page)
    {
        if (!m_fetch)
            return page.visit(entry);
        const EncodedKey key = encodeKey(entry.item, m_schema);
        Result<std::optional<StoredItem>> item = m_store.get(m_tableId, key.hash, key.range);
        if (!item) {
            m_error = item.status();
            return false;
        }
        if (!*item)
            return true; // deleted since the entry was read: not in this snapshot
        StoredItem full = std::move(**item);
        m_fetchedSteps += (sizeOf(full.item) + 4095) / 4096;
        full.size = entry.size;
        return page.visit(full);
    }

    const Status &error() const { return m_error; }
    // 4 KB steps of the items fetched from the table, each rounded alone (consumed capacity).
    qint64 fetchedSteps() const { return m_fetchedSteps; }

private:
    const TableStore &m_store;
    const qint64 m_tableId;
    const KeySchema m_schema;
    const bool m_fetch;
    Status m_error;
    qint64 m_fetchedSteps = 0;
};

// An ExclusiveStartKey read against the key schema being read (a table's or an index's): the
// expected number of members, each key attribute present and of its type.
Status checkStartKeyPieces(const Items::AttributeMap &start, qsizetype expectedMembers,
                           const KeySchema &schema)
{
    if (start.size() != expectedMembers)
        return validation(QStringLiteral("The provided starting key is invalid"));
    for (int i = 0; i < (schema.hasRange() ? 2 : 1); ++i) {
        const QString &name = i == 0 ? schema.hashName : schema.rangeName;
        if (!start.contains(name))
            return validation(QStringLiteral("The provided starting key is invalid"));
        if (Status s = checkKeyPiece(start, name, i == 0 ? schema.hashType : schema.rangeType, i == 0);
            !s.isOk())
            return s;
    }
    return Status::ok();
}

// The table's key inside an index read's ExclusiveStartKey (it carries both keys).
Status checkStartTableKey(const Items::AttributeMap &start, const KeySchema &tableSchema)
{
    Items::AttributeMap tableKey;
    for (const QString &name : tableKeyNames(tableSchema))
        if (start.contains(name))
            tableKey.insert(name, start.value(name));
    if (Status s = checkKey(tableKey, tableSchema); !s.isOk())
        return validation(u"The provided starting key is invalid: " + s.message());
    return Status::ok();
}

// A parallel scan's ExclusiveStartKey must come from the segment being read: the service refuses
// one of another segment (resuming there would repeat or skip items without a word).
Status checkStartSegment(const QByteArray &encodedHashKey, const QJsonObject &request)
{
    if (!request.contains(u"TotalSegments"))
        return Status::ok();
    const int segment = request.value(u"Segment").toInt();
    const int total = request.value(u"TotalSegments").toInt();
    const Store::SegmentRange range = Store::segmentRange(segment, total);
    const qint64 seg = Store::segmentOf(encodedHashKey);
    if (seg >= range.first && seg < range.last)
        return Status::ok();
    return validation(
        u"The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
        u"ExclusiveStartKey with correct Segment. TotalSegments: " +
        QString::number(total) + u" Segment: " + QString::number(segment));
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
    if (auto m = Legacy::checkRequest(QStringLiteral("Query"), d))
        return done(invalid(*m));
    const Validation::ParsedMap startKey = req.maps.value(QStringLiteral("ExclusiveStartKey"));
    if (startKey.error)
        return done(invalid(startKeyValueMessage(startKey.error->message())));
    const bool legacyKeys = !d.contains(u"KeyConditionExpression");
    if (legacyKeys && !d.contains(u"KeyConditions"))
        return done(invalid(QStringLiteral("Either the KeyConditions or KeyConditionExpression parameter "
                                           "must be specified in the request.")));
    Result<Expressions::ParsedExpressions> exprs = parseExpressions(req);
    if (!exprs)
        return done(ApiReply::error(exprs.status()));
    if (legacyKeys) {
        if (auto m = Legacy::checkKeyConditions(d.value(u"KeyConditions").toObject()))
            return done(invalid(*m));
    }
    Legacy::translate(d, *exprs);
    if (auto m = checkSelect(d, true))
        return done(invalid(*m));

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    const KeySchema tableSchema = KeySchema::of(*table);
    std::optional<IndexRead> indexRead;
    if (d.contains(u"IndexName")) {
        Result<IndexRead> r = resolveIndexRead(d, *table);
        if (!r)
            return done(ApiReply::error(r.status()));
        indexRead = std::move(r).value();
    }
    const KeySchema schema = indexRead ? indexRead->schema : tableSchema;
    const QStringList keyNames = indexRead ? indexRead->startKeyNames : tableKeyNames(tableSchema);

    const bool hasStart = d.contains(u"ExclusiveStartKey");
    const Items::AttributeMap &start = startKey.values;
    if (hasStart) {
        if (Status s = checkStartKeyPieces(start, keyNames.size(), schema); !s.isOk())
            return done(ApiReply::error(s));
        if (indexRead) {
            if (Status s = checkStartTableKey(start, tableSchema); !s.isOk())
                return done(ApiReply::error(s));
        }
    }

    Result<KeyCondition> resolved =
        legacyKeys ? Legacy::keyCondition(d.value(u"KeyConditions").toObject(), schema)
                   : Expressions::resolveKeyCondition(*exprs->keyCondition, schema.hashName, schema.rangeName);
    if (!resolved)
        return done(ApiReply::error(resolved.status()));
    const KeyCondition &kc = *resolved;
    if (Status st = Expressions::checkKeyConditionTypes(kc, schema.hashType, schema.rangeType); !st.isOk())
        return done(ApiReply::error(st));
    if (Status st = checkKeyConditionValue(kc.partitionValue, schema.hashName); !st.isOk())
        return done(ApiReply::error(st));
    if (kc.sortOp != KeyCondition::SortOp::None) {
        for (const Items::AttributeValue *v : {&kc.sortValue1, &kc.sortValue2}) {
            if (Status st = checkKeyConditionValue(*v, schema.rangeName); !st.isOk())
                return done(ApiReply::error(st));
            if (kc.sortOp != KeyCondition::SortOp::Between)
                break;
        }
    }
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
        if (indexRead) {
            const EncodedKey tk = encodeKey(start, tableSchema);
            bounds.afterTableHashKey = tk.hash;
            bounds.afterTableRangeKey = tk.range;
        }
    }
    if (d.contains(u"ProjectionExpression")) {
        QJsonObject projectionOnly = d;
        projectionOnly.remove(u"FilterExpression");
        if (Status st = checkKeyPaths(projectionOnly, tableSchema); !st.isOk())
            return done(ApiReply::error(st));
        if (Status st = checkIndexKeyPaths(projectionOnly, *table); !st.isOk())
            return done(ApiReply::error(st));
    }
    for (const QString &keyName : {schema.hashName, schema.rangeName}) {
        if (!keyName.isEmpty() && d.value(u"QueryFilter").toObject().contains(keyName))
            return done(invalid(u"QueryFilter can only contain non-primary key attributes: "
                                u"Primary key attribute: " + keyName));
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
    if (indexRead) {
        if (Status st = checkIndexSelect(d, *indexRead, *table, exprs->projection.get());
            !st.isOk())
            return done(ApiReply::error(st));
    }
    if (d.contains(u"FilterExpression")) {
        QJsonObject filterOnly = d;
        filterOnly.remove(u"ProjectionExpression");
        if (Status st = checkKeyPaths(filterOnly, tableSchema); !st.isOk())
            return done(ApiReply::error(st));
        if (Status st = checkIndexKeyPaths(filterOnly, *table); !st.isOk())
            return done(ApiReply::error(st));
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

    PageCollector page(d, *exprs, keyNames, req.jsonReply);
    if (indexRead && indexRead->fetchFromTable && d.value(u"Select").toString() != u"ALL_ATTRIBUTES")
        page.projectAsIndex(*indexRead->index, *table);
    if (indexRead) {
        EntryReader reader(*m_store, *table, indexRead->fetchFromTable);
        Status s = m_store->queryIndex(indexRead->index->id, hashKey, bounds,
                                       [&](const StoredItem &entry) { return reader.visit(entry, page); });
        if (s.isOk())
            s = reader.error();
        if (!s.isOk())
            return done(ApiReply::error(s));
        page.setConsumedCapacity(readCapacity(d, *table, page.bytesRead(), reader.fetchedSteps()));
        return done(page.reply());
    }
    const Status s = m_store->query(table->id, hashKey, bounds,
                                    [&page](const StoredItem &item) { return page.visit(item); });
    if (!s.isOk())
        return done(ApiReply::error(s));
    page.setConsumedCapacity(readCapacity(d, *table, page.bytesRead()));
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
    if (auto m = Legacy::checkRequest(QStringLiteral("Scan"), d))
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
    Legacy::translate(d, *exprs);
    if (auto m = checkSelect(d, false))
        return done(invalid(*m));

    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), true);
    if (!table)
        return done(ApiReply::error(table.status()));
    const KeySchema schema = KeySchema::of(*table);
    if (d.contains(u"IndexName"))
        return scanIndex(req, *table, *exprs, done);

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
        if (Status s = checkStartSegment(sk.hash, d); !s.isOk())
            return done(ApiReply::error(s));
        afterHash = sk.hash;
        if (schema.hasRange())
            afterRange = sk.range;
    }

    if (Status st = checkKeyPaths(d, schema); !st.isOk())
        return done(ApiReply::error(st));
    if (Status st = checkIndexKeyPaths(d, *table); !st.isOk())
        return done(ApiReply::error(st));

    PageCollector page(d, *exprs, tableKeyNames(schema), req.jsonReply);
    const Status s = m_store->scan(table->id, hasTotal ? segment : 0, hasTotal ? total : 1, afterHash,
                                   afterRange, [&page](const StoredItem &item) { return page.visit(item); });
    if (!s.isOk())
        return done(ApiReply::error(s));
    page.setConsumedCapacity(readCapacity(d, *table, page.bytesRead()));
    done(page.reply());
}

void TableEngine::scanIndex(const Validation::CheckedRequest &req, const TableMeta &table,
                            const Expressions::ParsedExpressions &exprs, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    const KeySchema tableSchema = KeySchema::of(table);
    Result<IndexRead> read = resolveIndexRead(d, table);
    if (!read)
        return done(ApiReply::error(read.status()));
    const KeySchema &schema = read->schema;

    RangeBounds after;
    const Items::AttributeMap &start = req.maps.value(QStringLiteral("ExclusiveStartKey")).values;
    const bool hasStart = d.contains(u"ExclusiveStartKey");
    if (hasStart) {
        if (Status s = checkStartKeyPieces(start, read->startKeyNames.size(), schema); !s.isOk())
            return done(ApiReply::error(s));
    }
    // The select check comes between the two key checks: that is the order the errors win in.
    if (Status st = checkIndexSelect(d, *read, table, exprs.projection.get()); !st.isOk())
        return done(ApiReply::error(st));
    if (hasStart) {
        if (Status s = checkStartTableKey(start, tableSchema); !s.isOk())
            return done(ApiReply::error(s));
        const EncodedKey ik = encodeKey(start, schema);
        const EncodedKey tk = encodeKey(start, tableSchema);
        if (Status s = checkStartSegment(ik.hash, d); !s.isOk())
            return done(ApiReply::error(s));
        after.afterHashKey = ik.hash;
        after.afterRangeKey = ik.range;
        after.afterTableHashKey = tk.hash;
        after.afterTableRangeKey = tk.range;
    }
    if (Status st = checkKeyPaths(d, tableSchema); !st.isOk())
        return done(ApiReply::error(st));
    if (Status st = checkIndexKeyPaths(d, table); !st.isOk())
        return done(ApiReply::error(st));

    const bool hasTotal = d.contains(u"TotalSegments");
    PageCollector page(d, exprs, read->startKeyNames, req.jsonReply);
    if (read->fetchFromTable && d.value(u"Select").toString() != u"ALL_ATTRIBUTES")
        page.projectAsIndex(*read->index, table);
    EntryReader reader(*m_store, table, read->fetchFromTable);
    Status s = m_store->scanIndex(read->index->id, hasTotal ? d.value(u"Segment").toInt() : 0,
                                  hasTotal ? d.value(u"TotalSegments").toInt() : 1, after,
                                  [&](const StoredItem &entry) { return reader.visit(entry, page); });
    if (s.isOk())
        s = reader.error();
    if (!s.isOk())
        return done(ApiReply::error(s));
    page.setConsumedCapacity(readCapacity(d, table, page.bytesRead(), reader.fetchedSteps()));
    done(page.reply());
}

} // namespace Gatehouse::Tables
