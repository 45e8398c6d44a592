// Secondary indexes in the table store: entries written in the transaction of their item (and
// rolled back with it), sparse and projected, read in (index key, table key) order, segments of
// an index scan, indexes added and dropped by updateTable, and the migration of a store written
// before indexes were maintained. No sockets.
#include "tablestorefixture.h"

#include <tables/store/sqlitedb.h>

#include <QJsonArray>
#include <QTemporaryDir>

using namespace TableStoreFixture;

namespace {

IndexMeta gsi(const QString &name, const QString &hash, const QString &range = {},
              IndexMeta::Projection projection = IndexMeta::Projection::All)
{
    IndexMeta index;
    index.name = name;
    index.global = true;
    index.hashKeyName = hash;
    index.hashKeyType = AttributeType::S;
    index.rangeKeyName = range;
    index.rangeKeyType = AttributeType::N;
    index.projection = projection;
    return index;
}

TableMeta makeIndexedTable(TableStore &store, const QString &name, QList<IndexMeta> indexes)
{
    TableMeta meta;
    meta.name = name;
    meta.hashKeyName = QStringLiteral("pk");
    meta.rangeKeyName = QStringLiteral("sk");
    meta.rangeKeyType = AttributeType::S;
    meta.indexes = std::move(indexes);
    auto created = store.createTable(meta);
    if (!created.isOk())
        qFatal("createTable: %s", qPrintable(created.status().toString()));
    return created.value();
}

struct Entry
{
    QString pk;
    QString sk;
    Item item;
};

QList<Entry> readIndex(const TableStore &store, qint64 indexId, const QByteArray &hashKey,
                       const RangeBounds &bounds = {})
{
    QList<Entry> out;
    const Status s = store.queryIndex(indexId, hashKey, bounds, [&](const StoredItem &e) {
        out.append({e.item.value(QStringLiteral("pk")).string(),
                    e.item.value(QStringLiteral("sk")).string(), e.item});
        return true;
    });
    if (!s)
        qWarning() << "index query failed:" << s.toString();
    return out;
}

QStringList sks(const QList<Entry> &entries)
{
    QStringList out;
    for (const Entry &e : entries)
        out.append(e.sk);
    return out;
}

Status putAll(TableStore &store, qint64 tableId, const QList<StoredItem> &items)
{
    return store
        .mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
            for (const StoredItem &item : items)
                if (Status s = txn.put(tableId, item); !s)
                    return s;
            return QJsonObject();
        })
        .status();
}

StoredItem order(const QString &pk, const QString &sk, const QString &status, int created,
                 Item extra = {})
{
    extra.insert(QStringLiteral("status"), S(status));
    if (created >= 0)
        extra.insert(QStringLiteral("created"), N(QString::number(created)));
    return stored(S(pk), S(sk), extra);
}

} // namespace

class TestIndexesStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void maintainedOnWrites();
    void rolledBackWithTheItem();
    void keyTypeRefusedByPut_data();
    void keyTypeRefusedByPut();
    void projection_data();
    void projection();
    void equalIndexKeysInTableKeyOrder();
    void resumeAfterEntry();
    void scanSegmentsCoverTheIndex();
    void addAndDropIndex();
    void deleteTableDropsEntries();
    void persistsAcrossReopen();
    void migrationFillsDeclaredIndexes();
    void itemCollectionLimit();
    void noIndexTablesUnchanged();
};

void TestIndexesStore::maintainedOnWrites()
{
    auto store = openStore();
    const TableMeta t = makeIndexedTable(*store, QStringLiteral("t"),
                                         {gsi(QStringLiteral("byStatus"), QStringLiteral("status"),
                                              QStringLiteral("created"))});
    const qint64 idx = t.indexes.at(0).id;
    QVERIFY(idx > 0);
    QVERIFY(putAll(*store, t.id, {order("a", "1", "open", 3), order("a", "2", "open", 1),
                                  order("b", "1", "open", -1), order("b", "2", "done", 2)}));
    const QByteArray open = encodeKeyValue(S(QStringLiteral("open")));
    QCOMPARE(sks(readIndex(*store, idx, open)), (QStringList{"2", "1"}));

    // Moving an item to another index key, out of the index, and removing it.
    QVERIFY(putAll(*store, t.id, {order("a", "2", "done", 1)}));
    QVERIFY(putAll(*store, t.id, {order("a", "1", "open", -1)}));
    QCOMPARE(readIndex(*store, idx, open).size(), 0);
    const QByteArray done = encodeKeyValue(S(QStringLiteral("done")));
    QCOMPARE(sks(readIndex(*store, idx, done)), (QStringList{"2", "2"}));
    QVERIFY(store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        if (Status s = txn.remove(t.id, encodeKeyValue(S("b")), encodeKeyValue(S("2"))); !s)
            return s;
        return QJsonObject();
    }));
    const QList<Entry> left = readIndex(*store, idx, done);
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.at(0).pk, QStringLiteral("a"));

    const TableMeta after = *store->table(QStringLiteral("t"));
    QCOMPARE(after.indexes.at(0).itemCount, 1);
    QCOMPARE(after.indexes.at(0).sizeBytes, itemByteSize(order("a", "2", "done", 1).item));
    QCOMPARE(after.itemCount, 3);
}

void TestIndexesStore::rolledBackWithTheItem()
{
    auto store = openStore();
    const TableMeta t = makeIndexedTable(*store, QStringLiteral("t"),
                                         {gsi(QStringLiteral("byStatus"), QStringLiteral("status"),
                                              QStringLiteral("created"))});
    const qint64 idx = t.indexes.at(0).id;
    // The mutation writes an item (and its entry), then fails: both are rolled back.
    auto failed = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        if (Status s = txn.put(t.id, order("a", "1", "open", 1)); !s)
            return s;
        return Status::error(ErrorCode::ConditionalCheckFailed, QStringLiteral("no"));
    });
    QVERIFY(!failed.isOk());
    // A second put of the same mutation refused by the index key check rolls back the first.
    auto refused = store->mutateAndWait([&](WriteTxn &txn) -> Result<QJsonObject> {
        if (Status s = txn.put(t.id, order("a", "2", "open", 2)); !s)
            return s;
        Item bad;
        bad.insert(QStringLiteral("status"), N(QStringLiteral("1")));
        if (Status s = txn.put(t.id, stored(S("a"), S("3"), bad)); !s)
            return s;
        return QJsonObject();
    });
    QCOMPARE(refused.status().code(), ErrorCode::Validation);
    const QByteArray open = encodeKeyValue(S(QStringLiteral("open")));
    QCOMPARE(readIndex(*store, idx, open).size(), 0);
    QVERIFY(!store->get(t.id, encodeKeyValue(S("a")), encodeKeyValue(S("2"))).value());
    const TableMeta after = *store->table(QStringLiteral("t"));
    QCOMPARE(after.indexes.at(0).itemCount, 0);
    QCOMPARE(after.indexes.at(0).sizeBytes, 0);
    QCOMPARE(after.itemCount, 0);
}

void TestIndexesStore::keyTypeRefusedByPut_data()
{
    QTest::addColumn<Item>("extra");
    QTest::addColumn<QString>("message");
    Item wrongType;
    wrongType.insert(QStringLiteral("created"), S(QStringLiteral("x")));
    QTest::newRow("wrong type") << wrongType
                                << QStringLiteral("One or more parameter values were invalid: Type "
                                                  "mismatch for Index Key created Expected: N "
                                                  "Actual: S IndexName: byStatus");
    Item empty;
    empty.insert(QStringLiteral("status"), S(QString()));
    QTest::newRow("empty string")
        << empty
        << QStringLiteral("One or more parameter values are not valid. A value specified for a "
                          "secondary index key is not supported. The AttributeValue for a key "
                          "attribute cannot contain an empty string value. IndexName: byStatus, "
                          "IndexKey: status");
    Item list;
    list.insert(QStringLiteral("status"), AttributeValue::fromList({}));
    QTest::newRow("a list") << list
                            << QStringLiteral("One or more parameter values were invalid: Type "
                                              "mismatch for Index Key status Expected: S Actual: "
                                              "L IndexName: byStatus");
}

void TestIndexesStore::keyTypeRefusedByPut()
{
    QFETCH(Item, extra);
    QFETCH(QString, message);
    auto store = openStore();
    const TableMeta t = makeIndexedTable(*store, QStringLiteral("t"),
                                         {gsi(QStringLiteral("byStatus"), QStringLiteral("status"),
                                              QStringLiteral("created"))});
    const Status s = put(*store, t.id, stored(S("a"), S("1"), extra));
    QCOMPARE(s.code(), ErrorCode::Validation);
    QCOMPARE(s.message(), message);
    QVERIFY(!store->get(t.id, encodeKeyValue(S("a")), encodeKeyValue(S("1"))).value());
}

void TestIndexesStore::projection_data()
{
    QTest::addColumn<int>("projection");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("KEYS_ONLY") << int(IndexMeta::Projection::KeysOnly)
                               << QStringList{"created", "pk", "sk", "status"};
    QTest::newRow("INCLUDE") << int(IndexMeta::Projection::Include)
                             << QStringList{"created", "note", "pk", "sk", "status"};
    QTest::newRow("ALL") << int(IndexMeta::Projection::All)
                         << QStringList{"created", "extra", "note", "pk", "sk", "status"};
}

void TestIndexesStore::projection()
{
    QFETCH(int, projection);
    QFETCH(QStringList, names);
    auto store = openStore();
    IndexMeta index = gsi(QStringLiteral("byStatus"), QStringLiteral("status"),
                          QStringLiteral("created"), IndexMeta::Projection(projection));
    index.nonKeyAttributes = {QStringLiteral("note"), QStringLiteral("absent")};
    const TableMeta t = makeIndexedTable(*store, QStringLiteral("t"), {index});
    Item extra;
    extra.insert(QStringLiteral("note"), S("n"));
    extra.insert(QStringLiteral("extra"), S("e"));
    QVERIFY(putAll(*store, t.id, {order("a", "1", "open", 1, extra)}));
    const QList<Entry> entries = readIndex(*store, t.indexes.at(0).id, encodeKeyValue(S("open")));
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.at(0).item.keys(), names);
    QCOMPARE(store->table(QStringLiteral("t"))->indexes.at(0).sizeBytes,
             itemByteSize(entries.at(0).item));
}

void TestIndexesStore::equalIndexKeysInTableKeyOrder()
{
    auto store = openStore();
    const TableMeta t = makeIndexedTable(*store, QStringLiteral("t"),
                                         {gsi(QStringLiteral("byStatus"), QStringLiteral("status"))});
    QVERIFY(putAll(*store, t.id, {order("b", "2", "open", 1), order("a", "9", "open", 1),
                                  order("b", "1", "open", 1), order("c", "0", "open", 1)}));
    const qint64 idx = t.indexes.at(0).id;
    const QList<Entry> forward = readIndex(*store, idx, encodeKeyValue(S("open")));
    QStringList keys;
    for (const Entry &e : forward)
        keys.append(e.pk + e.sk);
    QCOMPARE(keys, (QStringList{"a9", "b1", "b2", "c0"}));
    RangeBounds back;
    back.forward = false;
    keys.clear();
    for (const Entry &e : readIndex(*store, idx, encodeKeyValue(S("open")), back))
        keys.append(e.pk + e.sk);
    QCOMPARE(keys, (QStringList{"c0", "b2", "b1", "a9"}));
}

void TestIndexesStore::resumeAfterEntry()
{
    auto store = openStore();
    const TableMeta t = makeIndexedTable(*store, QStringLiteral("t"),
                                         {gsi(QStringLiteral("byStatus"), QStringLiteral("status"),
                                              QStringLiteral("created"))});
    QVERIFY(putAll(*store, t.id, {order("a", "1", "open", 1), order("b", "1", "open", 1),
                                  order("c", "1", "open", 2), order("d", "1", "open", 0)}));
    const qint64 idx = t.indexes.at(0).id;
    RangeBounds after;
    after.afterRangeKey = encodeKeyValue(N("1"));
    after.afterTableHashKey = encodeKeyValue(S("a"));
    after.afterTableRangeKey = encodeKeyValue(S("1"));
    QStringList keys;
    for (const Entry &e : readIndex(*store, idx, encodeKeyValue(S("open")), after))
        keys.append(e.pk);
    QCOMPARE(keys, (QStringList{"b", "c"}));
    after.forward = false;
    after.afterTableHashKey = encodeKeyValue(S("b"));
    keys.clear();
    for (const Entry &e : readIndex(*store, idx, encodeKeyValue(S("open")), after))
        keys.append(e.pk);
    QCOMPARE(keys, (QStringList{"a", "d"}));
}

void TestIndexesStore::scanSegmentsCoverTheIndex()
{
    auto store = openStore();
    const TableMeta t = makeIndexedTable(*store, QStringLiteral("t"),
                                         {gsi(QStringLiteral("byStatus"), QStringLiteral("status"),
                                              QStringLiteral("created"))});
    QList<StoredItem> items;
    for (int i = 0; i < 300; ++i)
        items.append(order(QStringLiteral("p%1").arg(i % 37), QString::number(i),
                           QStringLiteral("s%1").arg(i % 11), i % 3 == 0 ? -1 : i % 7));
    QVERIFY(putAll(*store, t.id, items));
    const qint64 idx = t.indexes.at(0).id;
    std::set<QString> seen;
    int visited = 0;
    for (int segment = 0; segment < 4; ++segment) {
        // Read each segment in pages of 7 entries, resuming after the last one.
        RangeBounds after;
        for (;;) {
            int page = 0;
            StoredItem last;
            QVERIFY(store->scanIndex(idx, segment, 4, after, [&](const StoredItem &e) {
                seen.insert(e.item.value(QStringLiteral("sk")).string());
                ++visited;
                last = e;
                return ++page < 7;
            }));
            if (page < 7)
                break;
            after.afterHashKey = last.hashKey;
            after.afterRangeKey = last.rangeKey;
            after.afterTableHashKey = encodeKeyValue(last.item.value(QStringLiteral("pk")));
            after.afterTableRangeKey = encodeKeyValue(last.item.value(QStringLiteral("sk")));
        }
    }
    QCOMPARE(visited, 200);
    QCOMPARE(int(seen.size()), 200);
}

void TestIndexesStore::addAndDropIndex()
{
    auto store = openStore();
    TableMeta t = makeIndexedTable(*store, QStringLiteral("t"), {});
    // Items the index cannot key (an empty or an oversized hash key) are skipped by the backfill.
    QVERIFY(putAll(*store, t.id, {order("a", "1", "open", 1), order("b", "1", "open", -1),
                                  order("c", "1", "done", 2), order("e", "1", QString(), 3),
                                  order("f", "1", QString(2049, u'x'), 4)}));
    t.indexes.append(gsi(QStringLiteral("byStatus"), QStringLiteral("status"),
                         QStringLiteral("created")));
    QVERIFY(store->updateTable(t));
    t = *store->table(QStringLiteral("t"));
    QCOMPARE(t.indexes.size(), 1);
    const qint64 idx = t.indexes.at(0).id;
    QCOMPARE(t.indexes.at(0).itemCount, 2); // backfilled, sparse
    QCOMPARE(readIndex(*store, idx, encodeKeyValue(S("open"))).size(), 1);
    // Later writes maintain it.
    QVERIFY(putAll(*store, t.id, {order("d", "1", "open", 5)}));
    QCOMPARE(readIndex(*store, idx, encodeKeyValue(S("open"))).size(), 2);

    t.indexes.clear();
    QVERIFY(store->updateTable(t));
    QVERIFY(store->table(QStringLiteral("t"))->indexes.isEmpty());
    QVERIFY(putAll(*store, t.id, {order("e", "1", "open", 5)}));
    // The dropped index's entries are purged in the background.
    QTRY_COMPARE_WITH_TIMEOUT(readIndex(*store, idx, encodeKeyValue(S("open"))).size(), 0, 10000);
}

void TestIndexesStore::deleteTableDropsEntries()
{
    auto store = openStore();
    const TableMeta t = makeIndexedTable(*store, QStringLiteral("t"),
                                         {gsi(QStringLiteral("byStatus"), QStringLiteral("status"))});
    QVERIFY(putAll(*store, t.id, {order("a", "1", "open", 1), order("b", "1", "open", 1)}));
    const qint64 idx = t.indexes.at(0).id;
    QCOMPARE(readIndex(*store, idx, encodeKeyValue(S("open"))).size(), 2);
    QVERIFY(store->deleteTable(QStringLiteral("t")));
    QTRY_COMPARE_WITH_TIMEOUT(readIndex(*store, idx, encodeKeyValue(S("open"))).size(), 0, 10000);
}

void TestIndexesStore::persistsAcrossReopen()
{
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("t.sqlite"));
    qint64 idx = 0;
    {
        auto store = openStore(options);
        const TableMeta t = makeIndexedTable(
            *store, QStringLiteral("t"),
            {gsi(QStringLiteral("byStatus"), QStringLiteral("status"), QStringLiteral("created"))});
        idx = t.indexes.at(0).id;
        QVERIFY(putAll(*store, t.id, {order("a", "1", "open", 1), order("b", "1", "open", 2)}));
        store->close();
    }
    auto store = openStore(options);
    const TableMeta t = *store->table(QStringLiteral("t"));
    QCOMPARE(t.indexes.size(), 1);
    QCOMPARE(t.indexes.at(0).id, idx);
    QCOMPARE(t.indexes.at(0).name, QStringLiteral("byStatus"));
    QCOMPARE(t.indexes.at(0).rangeKeyType, AttributeType::N);
    QCOMPARE(t.indexes.at(0).itemCount, 2);
    QCOMPARE(readIndex(*store, idx, encodeKeyValue(S("open"))).size(), 2);
    QVERIFY(putAll(*store, t.id, {order("c", "1", "open", 3)}));
    QCOMPARE(readIndex(*store, idx, encodeKeyValue(S("open"))).size(), 3);
}

void TestIndexesStore::migrationFillsDeclaredIndexes()
{
    // A store of schema version 1: tables whose definition declares indexes that were never
    // maintained. Made by writing with this build, then taking the file back to version 1.
    QTemporaryDir dir;
    StoreOptions options;
    options.path = dir.filePath(QStringLiteral("v1.sqlite"));
    {
        auto store = openStore(options);
        TableMeta meta;
        meta.name = QStringLiteral("t");
        meta.hashKeyName = QStringLiteral("pk");
        meta.rangeKeyName = QStringLiteral("sk");
        meta.definition = QJsonDocument::fromJson(R"({
            "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
              {"AttributeName":"sk","AttributeType":"S"},{"AttributeName":"status","AttributeType":"S"},
              {"AttributeName":"created","AttributeType":"N"}],
            "GlobalSecondaryIndexes":[{"IndexName":"byStatus","KeySchema":[
              {"AttributeName":"status","KeyType":"HASH"},{"AttributeName":"created","KeyType":"RANGE"}],
              "Projection":{"ProjectionType":"KEYS_ONLY"}}]})")
                              .object();
        auto created = store->createTable(meta);
        QVERIFY(created.isOk());
        QVERIFY(putAll(*store, created->id, {order("a", "1", "open", 1), order("b", "1", "open", -1),
                                             order("c", "1", "open", 0)}));
        store->close();
        auto db = Store::Db::open(options.path, Store::Db::Mode::ReadWrite);
        QVERIFY(db.isOk());
        QVERIFY((*db)->exec("DROP TABLE indexes; DROP TABLE index_entries; "
                            "DROP TABLE index_purge_queue; PRAGMA user_version = 1"));
    }
    auto store = openStore(options);
    const TableMeta t = *store->table(QStringLiteral("t"));
    QCOMPARE(t.indexes.size(), 1);
    QCOMPARE(t.indexes.at(0).projection, IndexMeta::Projection::KeysOnly);
    QCOMPARE(t.indexes.at(0).itemCount, 2);
    const QList<Entry> entries = readIndex(*store, t.indexes.at(0).id, encodeKeyValue(S("open")));
    QCOMPARE(sks(entries).size(), 2);
    QCOMPARE(entries.at(0).pk, QStringLiteral("c"));
    QCOMPARE(entries.at(0).item.keys(), (QStringList{"created", "pk", "sk", "status"}));
}

void TestIndexesStore::itemCollectionLimit()
{
    StoreOptions options;
    options.itemCollectionLimitBytes = 200;
    auto store = openStore(options);
    IndexMeta lsi = gsi(QStringLiteral("byCreated"), QStringLiteral("pk"), QStringLiteral("created"));
    lsi.global = false;
    const TableMeta t = makeIndexedTable(*store, QStringLiteral("t"), {lsi});
    Item note;
    note.insert(QStringLiteral("note"), S(QString(40, u'x')));
    QVERIFY(putAll(*store, t.id, {order("a", "1", "open", 1, note)}));
    // Another partition has its own collection.
    QVERIFY(putAll(*store, t.id, {order("b", "1", "open", 1, note)}));
    const Status s = putAll(*store, t.id, {order("a", "2", "open", 2, note)});
    QCOMPARE(s.code(), ErrorCode::ItemCollectionSizeLimitExceeded);
    QCOMPARE(s.message(), QStringLiteral("Collection size exceeded."));
    // Shrinking an item of a full collection is allowed.
    QVERIFY(putAll(*store, t.id, {order("a", "1", "open", 1)}));
}

void TestIndexesStore::noIndexTablesUnchanged()
{
    auto store = openStore();
    const TableMeta t = makeTable(*store, QStringLiteral("plain"), AttributeType::S);
    QVERIFY(t.indexes.isEmpty());
    // Any attribute, any type: no index checks.
    Item extra;
    extra.insert(QStringLiteral("status"), S(QString()));
    QVERIFY(put(*store, t.id, stored(S("a"), S("1"), extra)));
}

QTEST_GUILESS_MAIN(TestIndexesStore)
#include "tst_indexes_store.moc"
