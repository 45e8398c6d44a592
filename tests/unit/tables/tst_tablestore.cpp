// The SQLite table store: catalog, item round trips, key order, bounds, scan segments, group
// commit, durability, statistics, migrations and concurrent readers. No sockets.
#include <items/dynamoerror.h>
#include <tables/store/keyrange.h>
#include <tables/store/sqlitetablestore.h>
#include <tables/tablestore.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

using namespace Gatehouse;
using namespace Gatehouse::Items;
using namespace Gatehouse::Tables;

Q_DECLARE_METATYPE(Gatehouse::Items::AttributeValue)
Q_DECLARE_METATYPE(Gatehouse::Tables::RangeBounds)

namespace {

AttributeValue S(const QString &s)
{
    return AttributeValue::fromString(s);
}

AttributeValue N(const QString &text)
{
    auto d = Decimal::parse(text);
    Q_ASSERT(d.isOk());
    return AttributeValue::fromNumber(d.value());
}

AttributeValue B(const QByteArray &b)
{
    return AttributeValue::fromBinary(b);
}

QByteArray json(const Item &item)
{
    return QJsonDocument(itemToJson(item)).toJson(QJsonDocument::Compact);
}

std::shared_ptr<TableStore> openStore(StoreOptions options = {})
{
    if (options.path.isEmpty())
        options.inMemory = true;
    auto store = TableStore::open(options);
    if (!store.isOk())
        qFatal("cannot open store: %s", qPrintable(store.status().toString()));
    return store.value();
}

TableMeta makeTable(TableStore &store, const QString &name, AttributeType rangeType,
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

StoredItem stored(const AttributeValue &pk, const std::optional<AttributeValue> &sk,
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

Status put(TableStore &store, qint64 tableId, const StoredItem &item)
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
QList<QByteArray> queryKeys(const TableStore &store, qint64 tableId, const QByteArray &hashKey,
                            const RangeBounds &bounds)
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

QList<Key> scanKeys(const TableStore &store, qint64 tableId, int segment, int total,
                    std::optional<Key> after = {}, int limit = -1)
{
    QList<Key> keys;
    std::optional<QByteArray> afterHash, afterRange;
    if (after) {
        afterHash = after->first;
        afterRange = after->second;
    }
    const Status s = store.scan(tableId, segment, total, afterHash, afterRange,
                                [&](const StoredItem &item) {
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

QByteArray hex(const char *h)
{
    return QByteArray::fromHex(h);
}

} // namespace

class TestTableStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void catalog();
    void putGetRemove_data();
    void putGetRemove();
    void keyOrder_data();
    void keyOrder();
    void bounds_data();
    void bounds();
    void hashOnlyTable();
    void scanSegments();
    void scanResume();
    void groupCommitFromThreads();
    void failingMutationRollsBackAlone();
    void writeTxnSeesEarlierWritesOfGroup();
    void statistics();
    void durability();
    void deleteTablePurgesItems();
    void newerSchemaRefused();
    void foreignFileRefused();
    void concurrentReaders();
    void nestedReadsAndThrowingVisitor();
    void walCheckpointedInBackground();
    void closedStore();
    void temporaryFileRemoved();
    void throughput();
};

void TestTableStore::catalog()
{
    auto store = openStore();
    QVERIFY(store->tables().isEmpty());
    TableMeta b = makeTable(*store, QStringLiteral("beta"), AttributeType::N);
    TableMeta a = makeTable(*store, QStringLiteral("alpha"), AttributeType::S, false);
    QVERIFY(a.id > 0 && b.id > 0 && a.id != b.id);
    QVERIFY(a.createdAt.isValid());

    const auto list = store->tables();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0].name, QStringLiteral("alpha"));
    QCOMPARE(list[1].name, QStringLiteral("beta"));
    QCOMPARE(list[1].rangeKeyType, AttributeType::N);
    QVERIFY(list[0].rangeKeyName.isEmpty());

    TableMeta dup;
    dup.name = QStringLiteral("alpha");
    dup.hashKeyName = QStringLiteral("x");
    auto again = store->createTable(dup);
    QVERIFY(!again.isOk());
    QCOMPARE(again.status().code(), QStringLiteral("ResourceInUseException"));
    QCOMPARE(again.status().message(), QStringLiteral("Table already exists: alpha"));

    TableMeta update = *store->table(QStringLiteral("beta"));
    update.status = QStringLiteral("UPDATING");
    update.definition = QJsonObject{{QStringLiteral("BillingMode"), QStringLiteral("PAY_PER_REQUEST")}};
    QVERIFY(store->updateTable(update));
    QCOMPARE(store->table(QStringLiteral("beta"))->status, QStringLiteral("UPDATING"));
    QCOMPARE(store->table(QStringLiteral("beta"))->definition, update.definition);

    QVERIFY(store->deleteTable(QStringLiteral("alpha")));
    QVERIFY(!store->table(QStringLiteral("alpha")));
    const Status missing = store->deleteTable(QStringLiteral("alpha"));
    QCOMPARE(missing.code(), QStringLiteral("ResourceNotFoundException"));
    QCOMPARE(missing.message(), QStringLiteral("Requested resource not found"));
    TableMeta ghost = update;
    ghost.id = 0;
    ghost.name = QStringLiteral("ghost");
    QCOMPARE(store->updateTable(ghost).code(), QStringLiteral("ResourceNotFoundException"));
    QCOMPARE(store->tables().size(), 1);
}

void TestTableStore::putGetRemove_data()
{
    QTest::addColumn<AttributeValue>("value");
    QTest::newRow("S") << S(QStringLiteral("h\u00e9llo"));
    QTest::newRow("empty S") << S(QString());
    QTest::newRow("N") << N(QStringLiteral("-3.14"));
    QTest::newRow("B") << B(QByteArray("\x00\xff", 2));
    QTest::newRow("SS") << AttributeValue::fromStringSet({QStringLiteral("b"), QStringLiteral("a")});
    QTest::newRow("NS") << AttributeValue::fromNumberSet({Decimal::parse(u"1").value(), Decimal::parse(u"1E+100").value()});
    QTest::newRow("BS") << AttributeValue::fromBinarySet({QByteArray("x"), QByteArray("\x01", 1)});
    QTest::newRow("M") << AttributeValue::fromMap({{QStringLiteral("a"), AttributeValue::fromList({N(QStringLiteral("1"))})}});
    QTest::newRow("L") << AttributeValue::fromList({S(QStringLiteral("x")), AttributeValue::fromMap({})});
    QTest::newRow("BOOL") << AttributeValue::fromBool(true);
    QTest::newRow("NULL") << AttributeValue::null();
}

void TestTableStore::putGetRemove()
{
    QFETCH(AttributeValue, value);
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::S);
    const StoredItem item = stored(S(QStringLiteral("p")), S(QStringLiteral("r")),
                                   Item{{QStringLiteral("v"), value}});
    QVERIFY(put(*store, t.id, item));

    auto got = store->get(t.id, item.hashKey, item.rangeKey);
    QVERIFY2(got.isOk(), qPrintable(got.status().toString()));
    QVERIFY(got->has_value());
    QCOMPARE(json((*got)->item), json(item.item));
    QVERIFY((*got)->item == item.item);
    QCOMPARE((*got)->size, item.size);
    QCOMPARE((*got)->hashKey, item.hashKey);
    QCOMPARE((*got)->rangeKey, item.rangeKey);

    // Another range key of the same partition is a different item.
    auto other = store->get(t.id, item.hashKey, encodeKeyValue(S(QStringLiteral("r2"))));
    QVERIFY(other.isOk() && !other->has_value());

    auto removed = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        if (Status s = txn.remove(t.id, item.hashKey, item.rangeKey); !s)
            return s;
        return QJsonObject();
    });
    QVERIFY(removed.isOk());
    got = store->get(t.id, item.hashKey, item.rangeKey);
    QVERIFY(got.isOk() && !got->has_value());
}

void TestTableStore::keyOrder_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QList<AttributeValue>>("ordered");
    // UTF-8 byte order: U+FF5E sorts before U+1F600 (unlike UTF-16 code units).
    QTest::newRow("S") << int(AttributeType::S)
                       << QList<AttributeValue>{S(QStringLiteral("A")), S(QStringLiteral("Z")),
                                                S(QStringLiteral("a")), S(QStringLiteral("aa")),
                                                S(QStringLiteral("b")), S(QStringLiteral("\u00e9")),
                                                S(QStringLiteral("\u4e2d")), S(QStringLiteral("\uff5e")),
                                                S(QStringLiteral("\U0001F600"))};
    QList<AttributeValue> numbers;
    for (const char *n : {"-9.9999999999999999999999999999999999999E+125", "-100", "-10", "-1.5",
                          "-1", "-0.5", "-1E-130", "0", "1E-130", "0.001", "0.5", "1", "1.5", "2",
                          "10", "100.25", "99999999999999999999999999999999999999", "1E+125"})
        numbers.append(N(QString::fromLatin1(n)));
    QTest::newRow("N") << int(AttributeType::N) << numbers;
    QList<AttributeValue> binaries;
    for (const char *h : {"00", "0000", "01", "7f", "80", "fe", "ff", "ff00", "ffff", "ffff01"})
        binaries.append(B(hex(h)));
    QTest::newRow("B") << int(AttributeType::B) << binaries;
}

void TestTableStore::keyOrder()
{
    QFETCH(int, type);
    QFETCH(QList<AttributeValue>, ordered);
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType(type));
    const AttributeValue pk = S(QStringLiteral("partition"));

    QList<AttributeValue> shuffled = ordered;
    std::shuffle(shuffled.begin(), shuffled.end(), *QRandomGenerator::global());
    auto r = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        for (const AttributeValue &sk : shuffled) {
            if (Status s = txn.put(t.id, stored(pk, sk)); !s)
                return s;
        }
        return QJsonObject();
    });
    QVERIFY(r.isOk());
    // A neighbouring partition must not leak into the query.
    QVERIFY(put(*store, t.id, stored(S(QStringLiteral("partition2")), ordered.first())));

    QList<QByteArray> expected;
    for (const AttributeValue &v : ordered)
        expected.append(encodeKeyValue(v));
    RangeBounds forward;
    QCOMPARE(queryKeys(*store, t.id, encodeKeyValue(pk), forward), expected);
    RangeBounds backward;
    backward.forward = false;
    std::reverse(expected.begin(), expected.end());
    QCOMPARE(queryKeys(*store, t.id, encodeKeyValue(pk), backward), expected);
}

void TestTableStore::bounds_data()
{
    QTest::addColumn<RangeBounds>("bounds");
    QTest::addColumn<QList<QByteArray>>("expected");
    // Keys of the partition: 01, 01ff, 01ff00, 01ffff, 02, 7f, 80, ff, ffff, ffff01.
    auto keys = [](std::initializer_list<const char *> list) {
        QList<QByteArray> out;
        for (const char *h : list)
            out.append(hex(h));
        return out;
    };
    RangeBounds b;
    QTest::newRow("all") << b << keys({"01", "01ff", "01ff00", "01ffff", "02", "7f", "80", "ff", "ffff", "ffff01"});
    b = {};
    b.lower = hex("02");
    QTest::newRow(">= 02") << b << keys({"02", "7f", "80", "ff", "ffff", "ffff01"});
    b.lowerInclusive = false;
    QTest::newRow("> 02") << b << keys({"7f", "80", "ff", "ffff", "ffff01"});
    b = {};
    b.upper = hex("02");
    QTest::newRow("<= 02") << b << keys({"01", "01ff", "01ff00", "01ffff", "02"});
    b.upperInclusive = false;
    QTest::newRow("< 02") << b << keys({"01", "01ff", "01ff00", "01ffff"});
    b = {};
    b.lower = hex("01ff");
    b.upper = hex("7f");
    QTest::newRow("between") << b << keys({"01ff", "01ff00", "01ffff", "02", "7f"});
    b.forward = false;
    QTest::newRow("between reverse") << b << keys({"7f", "02", "01ffff", "01ff00", "01ff"});
    b = {};
    b.lower = hex("80");
    b.upper = hex("02");
    QTest::newRow("empty range") << b << keys({});
    b = {};
    b.prefix = hex("01ff");
    QTest::newRow("prefix 01ff") << b << keys({"01ff", "01ff00", "01ffff"});
    b.forward = false;
    QTest::newRow("prefix 01ff reverse") << b << keys({"01ffff", "01ff00", "01ff"});
    b = {};
    b.prefix = hex("ff");
    QTest::newRow("prefix ff") << b << keys({"ff", "ffff", "ffff01"});
    b.prefix = hex("ffff");
    QTest::newRow("prefix ffff") << b << keys({"ffff", "ffff01"});
    b.prefix = hex("03");
    QTest::newRow("prefix none") << b << keys({});
    b = {};
    b.prefix = hex("01");
    b.upper = hex("01ff00");
    b.upperInclusive = false;
    QTest::newRow("prefix and upper") << b << keys({"01", "01ff"});
    b = {};
    b.afterHashKey = QByteArray("p");
    b.afterRangeKey = hex("02");
    QTest::newRow("after 02") << b << keys({"7f", "80", "ff", "ffff", "ffff01"});
    b.forward = false;
    QTest::newRow("after 02 reverse") << b << keys({"01ffff", "01ff00", "01ff", "01"});
    b = {};
    b.lower = hex("01ff00");
    b.afterHashKey = QByteArray("p");
    b.afterRangeKey = hex("01");
    QTest::newRow("lower tighter than after") << b << keys({"01ff00", "01ffff", "02", "7f", "80", "ff", "ffff", "ffff01"});
    b.afterRangeKey = hex("ff");
    QTest::newRow("after tighter than lower") << b << keys({"ffff", "ffff01"});
    b = {};
    b.prefix = hex("ff");
    b.afterHashKey = QByteArray("p");
    b.afterRangeKey = hex("ffff");
    b.forward = false;
    QTest::newRow("prefix ff reverse after ffff") << b << keys({"ff"});
}

void TestTableStore::bounds()
{
    QFETCH(RangeBounds, bounds);
    QFETCH(QList<QByteArray>, expected);
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::B);
    const AttributeValue pk = S(QStringLiteral("p"));
    auto r = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        for (const char *h : {"01", "01ff", "01ff00", "01ffff", "02", "7f", "80", "ff", "ffff", "ffff01"}) {
            if (Status s = txn.put(t.id, stored(pk, B(hex(h)))); !s)
                return s;
        }
        return QJsonObject();
    });
    QVERIFY(r.isOk());
    QCOMPARE(queryKeys(*store, t.id, encodeKeyValue(pk), bounds), expected);
}

void TestTableStore::hashOnlyTable()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("h"), AttributeType::S, false);
    const StoredItem item = stored(S(QStringLiteral("only")), std::nullopt,
                                   Item{{QStringLiteral("a"), N(QStringLiteral("1"))}});
    QVERIFY(put(*store, t.id, item));
    auto got = store->get(t.id, item.hashKey, QByteArray());
    QVERIFY(got.isOk() && got->has_value());
    QCOMPARE(queryKeys(*store, t.id, item.hashKey, {}), QList<QByteArray>{QByteArray()});
    RangeBounds after;
    after.afterHashKey = item.hashKey;
    QVERIFY(queryKeys(*store, t.id, item.hashKey, after).isEmpty());
    QCOMPARE(scanKeys(*store, t.id, 0, 1).size(), 1);
    QCOMPARE(scanKeys(*store, t.id, 0, 1, Key{item.hashKey, QByteArray()}).size(), 0);

    // A key that does not fit the table's schema is refused.
    StoredItem wrong = item;
    wrong.rangeKey = "x";
    QCOMPARE(put(*store, t.id, wrong).code(), QStringLiteral("InternalServerError"));
    // So is a write to a table that does not exist (any more).
    QCOMPARE(put(*store, t.id + 100, item).code(), QStringLiteral("ResourceNotFoundException"));
}

namespace {
// 600 items: 200 partitions of 1 to 5 range keys, in a table of its own.
std::set<Key> fillForScan(TableStore &store, qint64 tableId)
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
} // namespace

void TestTableStore::scanSegments()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    const TableMeta other = makeTable(*store, QStringLiteral("other"), AttributeType::N);
    const std::set<Key> all = fillForScan(*store, t.id);
    QVERIFY(put(*store, other.id, stored(S(QStringLiteral("x")), N(QStringLiteral("1")))));

    for (int total = 1; total <= 7; ++total) {
        std::set<Key> seen;
        int visited = 0;
        for (int segment = 0; segment < total; ++segment) {
            const QList<Key> keys = scanKeys(*store, t.id, segment, total);
            const Gatehouse::Tables::Store::SegmentRange range =
                Gatehouse::Tables::Store::segmentRange(segment, total);
            for (int i = 0; i < keys.size(); ++i) {
                const qint64 seg = Gatehouse::Tables::Store::segmentOf(keys[i].first);
                QVERIFY(seg >= range.first && seg < range.last);
                if (i > 0) {  // storage order: (seg, hash key, range key)
                    const qint64 prev = Gatehouse::Tables::Store::segmentOf(keys[i - 1].first);
                    QVERIFY(prev < seg || (prev == seg && keys[i - 1] < keys[i]));
                }
                seen.insert(keys[i]);
            }
            visited += keys.size();
        }
        QCOMPARE(visited, int(all.size()));  // disjoint: nothing visited twice
        QVERIFY(seen == all);                 // and together everything
    }
    QVERIFY(scanKeys(*store, t.id, 0, 1, {}, 10).size() == 10);  // the visitor stops the scan
}

void TestTableStore::scanResume()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    fillForScan(*store, t.id);
    for (int total : {1, 3}) {
        for (int segment = 0; segment < total; ++segment) {
            const QList<Key> whole = scanKeys(*store, t.id, segment, total);
            QList<Key> paged;
            std::optional<Key> after;
            for (;;) {
                const QList<Key> page = scanKeys(*store, t.id, segment, total, after, 7);
                paged += page;
                if (page.size() < 7)
                    break;
                after = page.last();
            }
            QCOMPARE(paged, whole);
        }
    }
    // Resuming after a key of an earlier segment starts at this segment's beginning; after a
    // key of a later segment gives nothing.
    const QList<Key> seg0 = scanKeys(*store, t.id, 0, 2);
    const QList<Key> seg1 = scanKeys(*store, t.id, 1, 2);
    QVERIFY(!seg0.isEmpty() && !seg1.isEmpty());
    QCOMPARE(scanKeys(*store, t.id, 1, 2, seg0.last()), seg1);
    QVERIFY(scanKeys(*store, t.id, 0, 2, seg1.first()).isEmpty());
}

void TestTableStore::groupCommitFromThreads()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    Counter counter;
    std::vector<std::thread> threads;
    for (int th = 0; th < 4; ++th) {
        threads.emplace_back([&, th] {
            for (int i = 0; i < 250; ++i) {
                const StoredItem item = stored(S(QStringLiteral("t%1").arg(th)), N(QString::number(i)));
                store->mutate(
                    [item, id = t.id](WriteTxn &txn) -> Result<QJsonObject> {
                        if (Status s = txn.put(id, item); !s)
                            return s;
                        return QJsonObject{{QStringLiteral("ok"), true}};
                    },
                    [&counter](Result<QJsonObject> r) {
                        counter.add(r.isOk() && r->value(QStringLiteral("ok")).toBool());
                    });
            }
        });
    }
    for (auto &th : threads)
        th.join();
    QVERIFY(counter.waitFor(1000));
    QCOMPARE(counter.failed(), 0);
    QCOMPARE(store->stats().mutationsCommitted, qint64(1000));
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(1000));
    QCOMPARE(scanKeys(*store, t.id, 0, 1).size(), 1000);
    for (int th = 0; th < 4; ++th)
        QCOMPARE(queryKeys(*store, t.id, encodeKeyValue(S(QStringLiteral("t%1").arg(th))), {}).size(), 250);
}

void TestTableStore::failingMutationRollsBackAlone()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::S);
    auto item = [](const char *sk) { return stored(S(QStringLiteral("p")), S(QString::fromLatin1(sk))); };

    WriterGate gate;
    gate.block(*store);
    std::vector<std::future<Result<QJsonObject>>> results;
    auto enqueue = [&](Mutation m) {
        auto promise = std::make_shared<std::promise<Result<QJsonObject>>>();
        results.push_back(promise->get_future());
        store->mutate(std::move(m), [promise](Result<QJsonObject> r) { promise->set_value(std::move(r)); });
    };
    enqueue([&](WriteTxn &txn) -> Result<QJsonObject> {
        if (Status s = txn.put(t.id, item("a")); !s)
            return s;
        return QJsonObject();
    });
    enqueue([&](WriteTxn &txn) -> Result<QJsonObject> {
        if (Status s = txn.put(t.id, item("b")); !s)
            return s;
        if (Status s = txn.remove(t.id, item("a").hashKey, item("a").rangeKey); !s)
            return s;
        return Status::error(ErrorCode::ConditionalCheckFailed, QStringLiteral("The conditional request failed"));
    });
    enqueue([&](WriteTxn &txn) -> Result<QJsonObject> {
        // Sees a (committed by the first mutation), not b (rolled back).
        auto a = txn.get(t.id, item("a").hashKey, item("a").rangeKey);
        auto b = txn.get(t.id, item("b").hashKey, item("b").rangeKey);
        if (!a.isOk() || !b.isOk())
            return Status::error(QStringLiteral("X"), QStringLiteral("read failed"));
        if (Status s = txn.put(t.id, item("c")); !s)
            return s;
        return QJsonObject{{QStringLiteral("a"), a->has_value()}, {QStringLiteral("b"), b->has_value()}};
    });
    enqueue([](WriteTxn &) -> Result<QJsonObject> { throw std::runtime_error("boom"); });
    gate.release();

    auto r0 = results[0].get();
    auto r1 = results[1].get();
    auto r2 = results[2].get();
    auto r3 = results[3].get();
    QVERIFY(r0.isOk());
    QCOMPARE(r1.status().code(), QStringLiteral("ConditionalCheckFailedException"));
    QVERIFY(r2.isOk());
    QCOMPARE(r2->value(QStringLiteral("a")).toBool(), true);
    QCOMPARE(r2->value(QStringLiteral("b")).toBool(), false);
    QCOMPARE(r3.status().code(), QStringLiteral("InternalServerError"));
    QVERIFY(r3.status().message().contains(QStringLiteral("boom")));

    const auto keys = queryKeys(*store, t.id, encodeKeyValue(S(QStringLiteral("p"))), {});
    QCOMPARE(keys, (QList<QByteArray>{"a", "c"}));
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(2));
    // The four were folded into one transaction (the gate's mutation was alone in the first).
    const StoreStats stats = store->stats();
    QCOMPARE(stats.mutationsFailed, qint64(2));
    QCOMPARE(stats.mutationsCommitted, qint64(3));  // the gate, a and c
    QCOMPARE(stats.largestGroup, qint64(4));
    QCOMPARE(stats.groupsCommitted, qint64(2));
    QCOMPARE(stats.queuedWrites, qint64(0));
}

void TestTableStore::writeTxnSeesEarlierWritesOfGroup()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::S);
    const StoredItem item = stored(S(QStringLiteral("p")), S(QStringLiteral("r")),
                                   Item{{QStringLiteral("n"), N(QStringLiteral("1"))}});
    WriterGate gate;
    gate.block(*store);
    std::promise<Result<QJsonObject>> first, second;
    store->mutate(
        [&](WriteTxn &txn) -> Result<QJsonObject> {
            if (Status s = txn.put(t.id, item); !s)
                return s;
            // Within a mutation too.
            auto got = txn.get(t.id, item.hashKey, item.rangeKey);
            return QJsonObject{{QStringLiteral("seen"), got.isOk() && got->has_value()}};
        },
        [&](Result<QJsonObject> r) { first.set_value(std::move(r)); });
    store->mutate(
        [&](WriteTxn &txn) -> Result<QJsonObject> {
            auto got = txn.get(t.id, item.hashKey, item.rangeKey);
            if (!got.isOk() || !got->has_value())
                return QJsonObject{{QStringLiteral("seen"), false}};
            return QJsonObject{{QStringLiteral("seen"), json((*got)->item) == json(item.item)}};
        },
        [&](Result<QJsonObject> r) { second.set_value(std::move(r)); });
    gate.release();
    auto r1 = first.get_future().get();
    auto r2 = second.get_future().get();
    QVERIFY(r1.isOk() && r2.isOk());
    QCOMPARE(r1->value(QStringLiteral("seen")).toBool(), true);
    QCOMPARE(r2->value(QStringLiteral("seen")).toBool(), true);
}

void TestTableStore::statistics()
{
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("stats.sqlite"));
    auto store = openStore(options);
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::S);
    const TableMeta u = makeTable(*store, QStringLiteral("u"), AttributeType::S);
    const AttributeValue pk = S(QStringLiteral("p"));
    const StoredItem a = stored(pk, S(QStringLiteral("a")));
    const StoredItem b = stored(pk, S(QStringLiteral("b")), Item{{QStringLiteral("x"), S(QStringLiteral("12345"))}});
    const StoredItem b2 = stored(pk, S(QStringLiteral("b")), Item{{QStringLiteral("x"), S(QString(100, QLatin1Char('y')))}});
    const StoredItem c = stored(pk, S(QStringLiteral("c")));
    StoredItem unsized = stored(pk, S(QStringLiteral("d")), Item{{QStringLiteral("q"), N(QStringLiteral("12"))}});
    const qint64 dSize = unsized.size;
    unsized.size = 0;  // the store computes it

    QVERIFY(put(*store, t.id, a));
    QVERIFY(put(*store, t.id, b));
    QVERIFY(put(*store, t.id, c));
    QVERIFY(put(*store, u.id, c));
    QVERIFY(put(*store, t.id, b2));  // overwrite: count unchanged, size grows
    QVERIFY(put(*store, t.id, unsized));
    auto r = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        if (Status s = txn.remove(t.id, c.hashKey, c.rangeKey); !s)
            return s;
        if (Status s = txn.remove(t.id, c.hashKey, QByteArray("zz")); !s)  // absent: no change
            return s;
        return QJsonObject();
    });
    QVERIFY(r.isOk());
    QCOMPARE(store->get(t.id, unsized.hashKey, unsized.rangeKey).value()->size, dSize);

    const qint64 expectedSize = a.size + b2.size + dSize;
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(3));
    QCOMPARE(store->table(QStringLiteral("t"))->sizeBytes, expectedSize);
    QCOMPARE(store->table(QStringLiteral("u"))->itemCount, qint64(1));
    QCOMPARE(store->table(QStringLiteral("u"))->sizeBytes, c.size);

    store->close();
    store = openStore(options);  // the figures were written to the catalog, not only cached
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(3));
    QCOMPARE(store->table(QStringLiteral("t"))->sizeBytes, expectedSize);
}

void TestTableStore::durability()
{
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("sub/dir/durable.sqlite"));
    options.synchronous = StoreOptions::Sync::Full;
    const StoredItem item = stored(S(QStringLiteral("k")), S(QStringLiteral("r")),
                                   Item{{QStringLiteral("v"), N(QStringLiteral("42.5"))}});
    qint64 tableId = 0;
    QDateTime created;
    {
        auto store = openStore(options);
        TableMeta meta = makeTable(*store, QStringLiteral("durable"), AttributeType::S);
        tableId = meta.id;
        created = meta.createdAt;
        meta.definition = QJsonObject{{QStringLiteral("Tags"), QJsonArray{}}};
        QVERIFY(store->updateTable(meta));
        QVERIFY(put(*store, tableId, item));
        store->close();
        store->close();  // idempotent
    }
    auto store = openStore(options);
    const auto meta = store->table(QStringLiteral("durable"));
    QVERIFY(meta);
    QCOMPARE(meta->id, tableId);
    QCOMPARE(meta->createdAt, created);
    QCOMPARE(meta->rangeKeyName, QStringLiteral("sk"));
    QVERIFY(meta->definition.contains(QStringLiteral("Tags")));
    auto got = store->get(tableId, item.hashKey, item.rangeKey);
    QVERIFY(got.isOk() && got->has_value());
    QCOMPARE(json((*got)->item), json(item.item));
}

void TestTableStore::deleteTablePurgesItems()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("big"), AttributeType::N);
    const TableMeta keep = makeTable(*store, QStringLiteral("keep"), AttributeType::N);
    QVERIFY(put(*store, keep.id, stored(S(QStringLiteral("x")), N(QStringLiteral("1")))));
    for (int batch = 0; batch < 5; ++batch) {
        auto r = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
            for (int i = 0; i < 1000; ++i) {
                const StoredItem item = stored(S(QStringLiteral("p%1").arg(i % 37)),
                                               N(QString::number(batch * 1000 + i)));
                if (Status s = txn.put(t.id, item); !s)
                    return s;
            }
            return QJsonObject();
        });
        QVERIFY(r.isOk());
    }
    QCOMPARE(store->table(QStringLiteral("big"))->itemCount, qint64(5000));
    QVERIFY(store->deleteTable(QStringLiteral("big")));
    // Items disappear in batches on the writer thread.
    QTRY_VERIFY_WITH_TIMEOUT(scanKeys(*store, t.id, 0, 1).isEmpty(), 30000);
    const TableMeta again = makeTable(*store, QStringLiteral("big"), AttributeType::N);
    QVERIFY(again.id != t.id);  // ids are never reused
    QCOMPARE(again.itemCount, qint64(0));
    QVERIFY(scanKeys(*store, again.id, 0, 1).isEmpty());
    QCOMPARE(scanKeys(*store, keep.id, 0, 1).size(), 1);
}

void TestTableStore::newerSchemaRefused()
{
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("future.sqlite"));
    openStore(options)->close();
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(options.path.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);

    auto store = TableStore::open(options);
    QVERIFY(!store.isOk());
    QCOMPARE(store.status().code(), QStringLiteral("InternalServerError"));
    QVERIFY2(store.status().message().contains(QStringLiteral("newer Gatehouse")),
             qPrintable(store.status().message()));
    QVERIFY(store.status().message().contains(QStringLiteral("999")));
}

void TestTableStore::foreignFileRefused()
{
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("other.sqlite"));
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(options.path.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    auto store = TableStore::open(options);
    QVERIFY(!store.isOk());
    QVERIFY(store.status().message().contains(QStringLiteral("not a Gatehouse table store")));

    QFile garbage(dir.filePath(QStringLiteral("garbage.sqlite")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(8192, 'z'));
    garbage.close();
    options.path = garbage.fileName();
    store = TableStore::open(options);
    QVERIFY(!store.isOk());
    QCOMPARE(store.status().code(), QStringLiteral("InternalServerError"));
}

void TestTableStore::concurrentReaders()
{
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("concurrent.sqlite"));
    auto store = openStore(options);
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    fillForScan(*store, t.id);

    std::atomic<bool> writing{true};
    std::atomic<int> readErrors{0};
    std::atomic<int> reads{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 4; ++r) {
        readers.emplace_back([&, r] {
            int i = 0;
            while (writing.load() || i < 20) {
                const QByteArray pk = encodeKeyValue(S(QStringLiteral("user#%1").arg(i % 200)));
                Status s;
                switch ((i + r) % 3) {
                case 0:
                    s = store->get(t.id, pk, encodeKeyValue(N(QStringLiteral("0")))).status();
                    break;
                case 1:
                    s = store->query(t.id, pk, {}, [](const StoredItem &) { return true; });
                    break;
                default:
                    s = store->scan(t.id, i % 4, 4, std::nullopt, std::nullopt,
                                    [](const StoredItem &) { return true; });
                }
                if (!s) {
                    qWarning() << "read failed:" << s.toString();
                    ++readErrors;
                }
                ++reads;
                ++i;
            }
        });
    }
    Counter counter;
    for (int i = 0; i < 2000; ++i) {
        const StoredItem item = stored(S(QStringLiteral("user#%1").arg(i % 200)), N(QString::number(100 + i)));
        store->mutate(
            [item, id = t.id](WriteTxn &txn) -> Result<QJsonObject> {
                if (Status s = txn.put(id, item); !s)
                    return s;
                return QJsonObject();
            },
            [&counter](Result<QJsonObject> r) { counter.add(r.isOk()); });
    }
    QVERIFY(counter.waitFor(2000));
    writing = false;
    for (auto &th : readers)
        th.join();
    QCOMPARE(counter.failed(), 0);
    QCOMPARE(readErrors.load(), 0);
    QVERIFY(reads.load() >= 80);
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(600 + 2000));
}

void TestTableStore::nestedReadsAndThrowingVisitor()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    fillForScan(*store, t.id);
    // A visitor reading again on the same thread (same connection, same statements).
    int nestedFound = 0;
    int visited = 0;
    const Status s = store->scan(t.id, 0, 1, std::nullopt, std::nullopt, [&](const StoredItem &item) {
        ++visited;
        auto again = store->get(t.id, item.hashKey, item.rangeKey);
        const Status q = store->query(t.id, item.hashKey, {}, [](const StoredItem &) { return true; });
        const QList<Key> inner = scanKeys(*store, t.id, 0, 1, {}, 2);
        if (again.isOk() && again->has_value() && q.isOk() && inner.size() == 2)
            ++nestedFound;
        return visited < 50;
    });
    QVERIFY(s.isOk());
    QCOMPARE(nestedFound, 50);

    // A visitor that throws must not leave the thread's connection inside an old snapshot.
    bool thrown = false;
    try {
        store->scan(t.id, 0, 1, std::nullopt, std::nullopt,
                    [](const StoredItem &) -> bool { throw std::runtime_error("visitor"); });
    } catch (const std::runtime_error &) {
        thrown = true;
    }
    QVERIFY(thrown);
    const StoredItem fresh = stored(S(QStringLiteral("fresh")), N(QStringLiteral("1")));
    QVERIFY(put(*store, t.id, fresh));
    auto got = store->get(t.id, fresh.hashKey, fresh.rangeKey);
    QVERIFY(got.isOk() && got->has_value());
    QCOMPARE(scanKeys(*store, t.id, 0, 1).size(), 601);
}

void TestTableStore::walCheckpointedInBackground()
{
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("wal.sqlite"));
    auto store = openStore(options);
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    const qint64 initialSize = QFileInfo(options.path).size();
    // ~8 MB of items: well past the 1000 WAL pages that start a checkpoint.
    for (int batch = 0; batch < 8; ++batch) {
        auto r = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
            for (int i = 0; i < 500; ++i) {
                const StoredItem item = stored(S(QStringLiteral("p%1").arg(i)), N(QString::number(batch)),
                                               Item{{QStringLiteral("blob"), B(QByteArray(2000, 'x'))}});
                if (Status s = txn.put(t.id, item); !s)
                    return s;
            }
            return QJsonObject();
        });
        QVERIFY(r.isOk());
    }
    // Without checkpoints the pages would stay in the WAL until close; the checkpointer thread
    // copies them into the database file while the store is open.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(options.path).size() > initialSize + 4 * 1024 * 1024, 20000);
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(4000));
}

void TestTableStore::closedStore()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::S);
    // Queued writes are committed by close().
    Counter counter;
    for (int i = 0; i < 50; ++i) {
        const StoredItem item = stored(S(QStringLiteral("p")), S(QString::number(i)));
        store->mutate([item, id = t.id](WriteTxn &txn) -> Result<QJsonObject> {
            if (Status s = txn.put(id, item); !s)
                return s;
            return QJsonObject();
        }, [&counter](Result<QJsonObject> r) { counter.add(r.isOk()); });
    }
    store->close();
    QVERIFY(counter.waitFor(50, 0));
    QCOMPARE(counter.failed(), 0);

    auto r = store->mutateAndWait([](WriteTxn &) -> Result<QJsonObject> { return QJsonObject(); });
    QCOMPARE(r.status().code(), QStringLiteral("InternalServerError"));
    QVERIFY(!store->get(t.id, "p", "1").isOk());
    QVERIFY(!store->createTable(t).isOk());
}

void TestTableStore::temporaryFileRemoved()
{
    auto opened = Gatehouse::Tables::Store::SqliteTableStore::open(StoreOptions{QString(), true});
    QVERIFY(opened.isOk());
    const QString path = opened.value()->databasePath();
    QVERIFY(QFile::exists(path));
    opened.value()->close();
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

void TestTableStore::throughput()
{
    // Printed, not asserted: a rough figure for the report, on whatever machine runs the test.
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("throughput.sqlite"));
    options.synchronous = StoreOptions::Sync::Normal;
    auto store = openStore(options);
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::N);
    constexpr int kThreads = 16;
    constexpr int kPerThread = 1250;
    Counter counter;
    QElapsedTimer timer;
    timer.start();
    std::vector<std::thread> threads;
    for (int th = 0; th < kThreads; ++th) {
        threads.emplace_back([&, th] {
            for (int i = 0; i < kPerThread; ++i) {
                Item extra{{QStringLiteral("payload"), S(QString(150, QLatin1Char('x')))},
                           {QStringLiteral("n"), N(QString::number(i))}};
                const StoredItem item = stored(S(QStringLiteral("p%1-%2").arg(th).arg(i / 10)),
                                               N(QString::number(i % 10)), extra);
                // Each writer waits for its acknowledgement, like a client of PutItem would.
                std::promise<void> acked;
                store->mutate(
                    [item, id = t.id](WriteTxn &txn) -> Result<QJsonObject> {
                        if (Status s = txn.put(id, item); !s)
                            return s;
                        return QJsonObject();
                    },
                    [&](Result<QJsonObject> r) {
                        counter.add(r.isOk());
                        acked.set_value();
                    });
                acked.get_future().wait();
            }
        });
    }
    for (auto &th : threads)
        th.join();
    QVERIFY(counter.waitFor(kThreads * kPerThread));
    const qint64 writeMs = qMax<qint64>(1, timer.elapsed());
    QCOMPARE(counter.failed(), 0);

    constexpr int kGets = 100000;
    std::vector<Key> keys;
    keys.reserve(kThreads * kPerThread);
    for (int th = 0; th < kThreads; ++th) {
        for (int n = 0; n < kPerThread; ++n)
            keys.push_back({encodeKeyValue(S(QStringLiteral("p%1-%2").arg(th).arg(n / 10))),
                            encodeKeyValue(N(QString::number(n % 10)))});
    }
    timer.restart();
    int found = 0;
    for (int i = 0; i < kGets; ++i) {
        const Key &key = keys[size_t(i * 7919) % keys.size()];
        auto got = store->get(t.id, key.first, key.second);
        if (got.isOk() && got->has_value())
            ++found;
    }
    const qint64 readMs = qMax<qint64>(1, timer.elapsed());
    QCOMPARE(found, kGets);
    const StoreStats stats = store->stats();
    qInfo("throughput: %lld write transactions, %.1f mutations per transaction on average",
          stats.groupsCommitted, double(stats.mutationsCommitted) / qMax<qint64>(1, stats.groupsCommitted));
    qInfo("throughput: %d acknowledged single-item mutations from %d threads (sync NORMAL) in %lld ms "
          "= %lld/s; %d gets on one thread in %lld ms = %lld/s",
          kThreads * kPerThread, kThreads, writeMs, kThreads * kPerThread * 1000LL / writeMs, kGets,
          readMs, kGets * 1000LL / readMs);
}

QTEST_GUILESS_MAIN(TestTableStore)
#include "tst_tablestore.moc"
