// UpdateTimeToLive, DescribeTimeToLive and the sweep that deletes expired items.
//
// The setting lives in the table's definition ("TimeToLive": {AttributeName, Enabled}). It takes
// effect at once, as DynamoDB Local does: DescribeTimeToLive shows ENABLED / DISABLED, never the
// service's ENABLING / DISABLING hour. Expired items are deleted by sweepExpired(), which the app
// runs periodically (TtlSweeper) and tests call after moving the injectable clock.
#include "tableengine.h"

#include "enginesupport.h"
#include "requestvalidation.h"

#include <items/decimal.h>

#include <QJsonArray>

namespace Gatehouse::Tables {

using namespace Support;

namespace {

// The service leaves alone items whose expiry lies more than five years in the past (a value
// that old is taken for a mistake, such as milliseconds mistaken for seconds the other way).
constexpr qint64 kIgnoredAfterSeconds = 5LL * 365 * 24 * 3600;

// True when the item's TTL attribute is a number of epoch seconds before `nowSeconds` (and not
// more than five years before). Any other type, or no attribute, never expires.
bool isExpired(const Items::Item &item, const QString &attribute, qint64 nowSeconds)
{
    auto it = item.constFind(attribute);
    if (it == item.constEnd() || it->type() != Items::AttributeType::N)
        return false;
    const Items::Decimal &expiry = it->number();
    return expiry.compare(Items::Decimal::fromInteger(nowSeconds)) < 0 &&
           expiry.compare(Items::Decimal::fromInteger(nowSeconds - kIgnoredAfterSeconds)) >= 0;
}

// Keys deleted per mutation: big sweeps do not hold the writer for long.
constexpr int kSweepChunk = 256;

} // namespace

void TableEngine::updateTimeToLive(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    const QJsonObject spec = d.value(u"TimeToLiveSpecification").toObject();
    const QString attribute = spec.value(u"AttributeName").toString();
    const bool enable = spec.value(u"Enabled").toBool();

    QMutexLocker lock(&m_definitionMutex);
    Result<TableMeta> table = findTable(d.value(u"TableName").toString(), false);
    if (!table)
        return done(ApiReply::error(table.status()));
    TableMeta meta = *table;
    const QJsonObject current = meta.definition.value(u"TimeToLive").toObject();
    const bool enabled = current.value(u"Enabled").toBool();
    const QString currentAttribute = current.value(u"AttributeName").toString();
    if (enabled && currentAttribute != attribute)
        return done(invalid(u"TimeToLive is active on a different AttributeName: current AttributeName is " +
                            currentAttribute));
    if (enable && enabled)
        return done(invalid(QStringLiteral("TimeToLive is already enabled")));
    if (!enable && !enabled)
        return done(invalid(QStringLiteral("TimeToLive is already disabled")));

    const QJsonObject setting{{QStringLiteral("AttributeName"), attribute},
                              {QStringLiteral("Enabled"), enable}};
    meta.definition.insert(u"TimeToLive", setting);
    if (Status s = m_store->updateTable(meta); !s.isOk())
        return done(ApiReply::error(s));
    done(ApiReply::ok(QJsonObject{{QStringLiteral("TimeToLiveSpecification"), setting}}));
}

void TableEngine::describeTimeToLive(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    Result<TableMeta> table = findTable(req.data.value(u"TableName").toString(), false);
    if (!table)
        return done(ApiReply::error(table.status()));
    const QJsonObject current = table->definition.value(u"TimeToLive").toObject();
    QJsonObject description{{QStringLiteral("TimeToLiveStatus"), QStringLiteral("DISABLED")}};
    if (current.value(u"Enabled").toBool()) {
        description.insert(u"TimeToLiveStatus", QStringLiteral("ENABLED"));
        description.insert(u"AttributeName", current.value(u"AttributeName"));
    }
    done(ApiReply::ok(QJsonObject{{QStringLiteral("TimeToLiveDescription"), description}}));
}

qint64 TableEngine::sweepExpired()
{
    const qint64 nowSeconds = now().toSecsSinceEpoch();
    qint64 deleted = 0;
    for (const TableMeta &meta : m_store->tables()) {
        const QJsonObject ttl = meta.definition.value(u"TimeToLive").toObject();
        if (meta.status != u"ACTIVE" || !ttl.value(u"Enabled").toBool())
            continue;
        const QString attribute = ttl.value(u"AttributeName").toString();
        QList<EncodedKey> expired;
        const Status scanned = m_store->scan(meta.id, 0, 1, std::nullopt, std::nullopt,
                                             [&](const StoredItem &stored) {
                                                 if (isExpired(stored.item, attribute, nowSeconds))
                                                     expired.append({stored.hashKey, stored.rangeKey});
                                                 return true;
                                             });
        if (!scanned.isOk()) {
            qCWarning(lcTables) << "TTL sweep cannot scan" << meta.name << scanned.toString();
            continue;
        }
        for (qsizetype from = 0; from < expired.size(); from += kSweepChunk) {
            const QList<EncodedKey> chunk = expired.mid(from, kSweepChunk);
            const qint64 tableId = meta.id;
            // Checked again inside the write: the item may have been updated since the scan.
            Result<QJsonObject> r = m_store->mutateAndWait([=](WriteTxn &txn) -> Result<QJsonObject> {
                qint64 n = 0;
                for (const EncodedKey &key : chunk) {
                    Result<std::optional<StoredItem>> old = txn.get(tableId, key.hash, key.range);
                    if (!old)
                        return old.status();
                    if (!*old || !isExpired((*old)->item, attribute, nowSeconds))
                        continue;
                    if (Status s = txn.remove(tableId, key.hash, key.range); !s.isOk())
                        return s;
                    ++n;
                }
                return QJsonObject{{QStringLiteral("deleted"), n}};
            });
            if (!r) {
                qCWarning(lcTables) << "TTL sweep cannot delete from" << meta.name << r.status().toString();
                break;
            }
            deleted += r->value(u"deleted").toInteger();
        }
    }
    if (deleted > 0)
        qCDebug(lcTables) << "TTL sweep deleted" << deleted << "expired items";
    return deleted;
}

} // namespace Gatehouse::Tables
