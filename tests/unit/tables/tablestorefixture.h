// Helpers shared by the table store tests.
#pragma once

#include <items/dynamoerror.h>
#include <tables/store/keyrange.h>
#include <tables/store/sqlitetablestore.h>
#include <tables/tablestore.h>

#include <QJsonDocument>
#include <QTest>

#include <condition_variable>
#include <future>
#include <mutex>
#include <set>

Q_DECLARE_METATYPE(Gatehouse::Items::AttributeValue)
Q_DECLARE_METATYPE(Gatehouse::Tables::RangeBounds)

namespace TableStoreFixture {

using namespace Gatehouse;
using namespace Gatehouse::Items;
using namespace Gatehouse::Tables;

inline AttributeValue S(const QString &s)
{
    return AttributeValue::fromString(s);
}

inline AttributeValue N(const QString &text)
{
    auto d = Decimal::parse(text);
    Q_ASSERT(d.isOk());
    return AttributeValue::fromNumber(d.value());
}

inline AttributeValue B(const QByteArray &b)
{
    return AttributeValue::fromBinary(b);
}

inline QByteArray json(const Item &item)
{
    return QJsonDocument(itemToJson(item)).toJson(QJsonDocument::Compact);
}

inline std::shared_ptr<TableStore> openStore(StoreOptions options = {})
{
    if (options.path.isEmpty())
        options.inMemory = true;
    auto store = TableStore::open(options);
    if (!store.isOk())
        qFatal("cannot open store: %s", qPrintable(store.status().toString()));
    return store.value();
}

inline TableMeta makeTable(TableStore &store, const QString &name, AttributeType rangeType,
                           bool hasRange = true)
{
    TableMeta meta;
    meta.name = name;
    meta.hashKeyName = QStringLiteral("pk");
    meta.hashKeyType = AttributeType::S;
    if (hasRange) {
        meta.rangeKeyName = QStringLiteral("sk");
        meta.rangeKeyType = rangeType;
    }
    auto created = store.createTable(meta);
    if (!created.isOk())
        qFatal("createTable: %s", qPrintable(created.status().toString()));
    return created.value();
}

inline StoredItem stored(const AttributeValue &pk, const std::optional<AttributeValue> &sk,
                         Item extra = {})
{
    StoredItem s;
    extra.insert(QStringLiteral("pk"), pk);
    s.hashKey = encodeKeyValue(pk);
    if (sk) {
        extra.insert(QStringLiteral("sk"), *sk);
        s.rangeKey = encodeKeyValue(*sk);
    }
    s.item = extra;
    s.size = itemByteSize(extra);
    return s;
}

inline Status put(TableStore &store, qint64 tableId, const StoredItem &item)
{
    return store
        .mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
            if (Status s = txn.put(tableId, item); !s)
                return s;
            return QJsonObject();
        })
        .status();
}

// Range keys of a query, in the order visited.
inline QList<QByteArray> queryKeys(const TableStore &store, qint64 tableId,
                                   const QByteArray &hashKey, const RangeBounds &bounds)
{
    QList<QByteArray> keys;
    const Status s = store.query(tableId, hashKey, bounds, [&](const StoredItem &item) {
        keys.append(item.rangeKey);
        return true;
    });
    if (!s)
        qWarning() << "query failed:" << s.toString();
    return keys;
}

using Key = std::pair<QByteArray, QByteArray>;

inline QList<Key> scanKeys(const TableStore &store, qint64 tableId, int segment, int total,
                           std::optional<Key> after = {}, int limit = -1)
{
    QList<Key> keys;
    std::optional<QByteArray> afterHash, afterRange;
    if (after) {
        afterHash = after->first;
        afterRange = after->second;
    }
    const Status s =
        store.scan(tableId, segment, total, afterHash, afterRange, [&](const StoredItem &item) {
            keys.append({item.hashKey, item.rangeKey});
            return limit < 0 || keys.size() < limit;
        });
    if (!s)
        qWarning() << "scan failed:" << s.toString();
    return keys;
}

// Holds the writer thread inside a mutation until released, so that the mutations queued
// meanwhile are folded into the next group together.
class WriterGate
{
public:
    void block(TableStore &store)
    {
        auto entered = std::make_shared<std::promise<void>>();
        auto enteredFuture = entered->get_future();
        auto release = m_release.get_future().share();
        store.mutate(
            [entered, release](WriteTxn &) -> Result<QJsonObject> {
                entered->set_value();
                release.wait();
                return QJsonObject();
            },
            [](Result<QJsonObject>) {});
        enteredFuture.wait();
    }
    void release() { m_release.set_value(); }

private:
    std::promise<void> m_release;
};

class Counter
{
public:
    void add(bool ok)
    {
        std::lock_guard lock(m_mutex);
        ++m_done;
        if (!ok)
            ++m_failed;
        m_changed.notify_all();
    }
    bool waitFor(int n, int ms = 60000)
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::milliseconds(ms), [&] { return m_done >= n; });
    }
    int failed()
    {
        std::lock_guard lock(m_mutex);
        return m_failed;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_done = 0;
    int m_failed = 0;
};

inline QByteArray hex(const char *h)
{
    return QByteArray::fromHex(h);
}

// 600 items: 200 partitions of 1 to 5 range keys, in a table of its own.
inline std::set<Key> fillForScan(TableStore &store, qint64 tableId)
{
    std::set<Key> all;
    auto r = store.mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        for (int p = 0; p < 200; ++p) {
            const AttributeValue pk = S(QStringLiteral("user#%1").arg(p));
            for (int s = 0; s < 1 + p % 5; ++s) {
                const StoredItem item = stored(pk, N(QString::number(s)));
                if (Status st = txn.put(tableId, item); !st)
                    return st;
                all.insert({item.hashKey, item.rangeKey});
            }
        }
        return QJsonObject();
    });
    Q_ASSERT(r.isOk());
    return all;
}

} // namespace TableStoreFixture
