// The SQLite table store: catalog, item round trips, key order, bounds, scan segments,
// statistics, durability and migrations. No sockets.
#include "tablestorefixture.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <algorithm>

using namespace TableStoreFixture;

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
    void statistics();
    void durability();
    void newerSchemaRefused();
    void foreignFileRefused();
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
    update.definition =
        QJsonObject{{QStringLiteral("BillingMode"), QStringLiteral("PAY_PER_REQUEST")}};
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
    QTest::newRow("SS") << AttributeValue::fromStringSet(
        {QStringLiteral("b"), QStringLiteral("a")});
    QTest::newRow("NS") << AttributeValue::fromNumberSet(
        {Decimal::parse(u"1").value(), Decimal::parse(u"1E+100").value()});
    QTest::newRow("BS") << AttributeValue::fromBinarySet({QByteArray("x"), QByteArray("\x01", 1)});
    QTest::newRow("M") << AttributeValue::fromMap(
        {{QStringLiteral("a"), AttributeValue::fromList({N(QStringLiteral("1"))})}});
    QTest::newRow("L") << AttributeValue::fromList(
        {S(QStringLiteral("x")), AttributeValue::fromMap({})});
    QTest::newRow("BOOL") << AttributeValue::fromBool(true);
    QTest::newRow("NULL") << AttributeValue::null();
}

void TestTableStore::putGetRemove()
{
    QFETCH(AttributeValue, value);
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("t"), AttributeType::S);
    const StoredItem item =
        stored(S(QStringLiteral("p")), S(QStringLiteral("r")), Item{{QStringLiteral("v"), value}});
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
                       << QList<AttributeValue>{
                              S(QStringLiteral("A")),         S(QStringLiteral("Z")),
                              S(QStringLiteral("a")),         S(QStringLiteral("aa")),
                              S(QStringLiteral("b")),         S(QStringLiteral("\u00e9")),
                              S(QStringLiteral("\u4e2d")),    S(QStringLiteral("\uff5e")),
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
    QTest::newRow("all") << b
                         << keys({"01", "01ff", "01ff00", "01ffff", "02", "7f", "80", "ff", "ffff",
                                  "ffff01"});
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
    QTest::newRow("lower tighter than after")
        << b << keys({"01ff00", "01ffff", "02", "7f", "80", "ff", "ffff", "ffff01"});
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
        for (const char *h :
             {"01", "01ff", "01ff00", "01ffff", "02", "7f", "80", "ff", "ffff", "ffff01"}) {
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
                if (i > 0) { // storage order: (seg, hash key, range key)
                    const qint64 prev = Gatehouse::Tables::Store::segmentOf(keys[i - 1].first);
                    QVERIFY(prev < seg || (prev == seg && keys[i - 1] < keys[i]));
                }
                seen.insert(keys[i]);
            }
            visited += keys.size();
        }
        QCOMPARE(visited, int(all.size())); // disjoint: nothing visited twice
        QVERIFY(seen == all);               // and together everything
    }
    QVERIFY(scanKeys(*store, t.id, 0, 1, {}, 10).size() == 10); // the visitor stops the scan
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
    const StoredItem b =
        stored(pk, S(QStringLiteral("b")), Item{{QStringLiteral("x"), S(QStringLiteral("12345"))}});
    const StoredItem b2 = stored(pk, S(QStringLiteral("b")),
                                 Item{{QStringLiteral("x"), S(QString(100, QLatin1Char('y')))}});
    const StoredItem c = stored(pk, S(QStringLiteral("c")));
    StoredItem unsized =
        stored(pk, S(QStringLiteral("d")), Item{{QStringLiteral("q"), N(QStringLiteral("12"))}});
    const qint64 dSize = unsized.size;
    unsized.size = 0; // the store computes it

    QVERIFY(put(*store, t.id, a));
    QVERIFY(put(*store, t.id, b));
    QVERIFY(put(*store, t.id, c));
    QVERIFY(put(*store, u.id, c));
    QVERIFY(put(*store, t.id, b2)); // overwrite: count unchanged, size grows
    QVERIFY(put(*store, t.id, unsized));
    auto r = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        if (Status s = txn.remove(t.id, c.hashKey, c.rangeKey); !s)
            return s;
        if (Status s = txn.remove(t.id, c.hashKey, QByteArray("zz")); !s) // absent: no change
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

    // Reads and writes of the same keys inside one mutation (the store reuses what the read
    // found as the old image): a conditional update, then an insert and removal of one item.
    const StoredItem a2 = stored(pk, S(QStringLiteral("a")),
                                 Item{{QStringLiteral("x"), S(QString(50, QLatin1Char('z')))}});
    auto r2 = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        auto old = txn.get(t.id, a.hashKey, a.rangeKey);
        if (!old.isOk() || !old->has_value())
            return Status::error(QStringLiteral("X"), QStringLiteral("a missing"));
        if (Status s = txn.put(t.id, a2); !s)
            return s;
        if (Status s = txn.put(t.id, a2); !s) // the same again: no change
            return s;
        auto absent = txn.get(t.id, c.hashKey, c.rangeKey);
        if (!absent.isOk() || absent->has_value())
            return Status::error(QStringLiteral("X"), QStringLiteral("c present"));
        if (Status s = txn.put(t.id, c); !s)
            return s;
        if (Status s = txn.remove(t.id, c.hashKey, c.rangeKey); !s)
            return s;
        if (Status s = txn.remove(t.id, c.hashKey, c.rangeKey); !s)
            return s;
        return QJsonObject();
    });
    QVERIFY2(r2.isOk(), qPrintable(r2.status().toString()));
    const qint64 finalSize = a2.size + b2.size + dSize;
    QVERIFY(finalSize != expectedSize);
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(3));
    QCOMPARE(store->table(QStringLiteral("t"))->sizeBytes, finalSize);

    store->close();
    store = openStore(options); // the figures were written to the catalog, not only cached
    QCOMPARE(store->table(QStringLiteral("t"))->itemCount, qint64(3));
    QCOMPARE(store->table(QStringLiteral("t"))->sizeBytes, finalSize);
    // And they agree with the items themselves.
    qint64 count = 0, bytes = 0;
    QVERIFY(store->scan(t.id, 0, 1, std::nullopt, std::nullopt, [&](const StoredItem &item) {
        ++count;
        bytes += itemByteSize(item.item);
        return true;
    }));
    QCOMPARE(count, qint64(3));
    QCOMPARE(bytes, finalSize);
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
        store->close(); // idempotent
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

QTEST_GUILESS_MAIN(TestTableStore)
#include "tst_tablestore.moc"
