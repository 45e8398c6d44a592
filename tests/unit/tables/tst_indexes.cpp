// Secondary indexes through the engine: GSI creation and deletion following the engine's clock
// (CREATING with Backfilling, then ACTIVE; DELETING, then gone), 1 MB pages of an index sized
// by its entries, parallel scans of an index, and an LSI table's description.
#include "enginefixture.h"

#include <QSet>
#include <QTest>

#include <atomic>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

namespace {

const QByteArray kTable = R"({"TableName":"things","BillingMode":"PAY_PER_REQUEST",
    "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},
      {"AttributeName":"g","AttributeType":"S"}],
    "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
    "GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"},
      {"AttributeName":"sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["small"]}}],
    "LocalSecondaryIndexes":[{"IndexName":"byG2","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
      {"AttributeName":"g","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]})";

QJsonObject indexOf(const QJsonObject &table, const char *kind, const QString &name)
{
    for (const QJsonValue &v : table.value(QLatin1String(kind)).toArray())
        if (v.toObject().value(u"IndexName").toString() == name)
            return v.toObject();
    return {};
}

QByteArray putRequest(const QString &pk, int sk, const QString &g, int bigBytes)
{
    QJsonObject item{{QStringLiteral("pk"), QJsonObject{{QStringLiteral("S"), pk}}},
                     {QStringLiteral("sk"), QJsonObject{{QStringLiteral("N"), QString::number(sk)}}},
                     {QStringLiteral("small"), QJsonObject{{QStringLiteral("S"), QStringLiteral("s")}}},
                     {QStringLiteral("big"), QJsonObject{{QStringLiteral("S"), QString(bigBytes, u'b')}}}};
    if (!g.isEmpty())
        item.insert(u"g", QJsonObject{{QStringLiteral("S"), g}});
    return QJsonDocument(QJsonObject{{QStringLiteral("TableName"), QStringLiteral("things")},
                                     {QStringLiteral("Item"), item}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestIndexes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gsiLifecycleFollowsTheClock();
    void indexPagesSizedByEntries();
    void parallelScanOfIndex();
    void describesCountsAndSizes();
};

void TestIndexes::gsiLifecycleFollowsTheClock()
{
    auto nowMs = std::make_shared<std::atomic<qint64>>(fixedNow().toMSecsSinceEpoch());
    EngineOptions options;
    options.createDelayMs = 1000;
    options.deleteDelayMs = 500;
    options.clock = [nowMs] { return QDateTime::fromMSecsSinceEpoch(nowMs->load()).toUTC(); };
    auto engine = makeEngine(options);
    QVERIFY(engine);
    ok(*engine, QStringLiteral("CreateTable"), R"({"TableName":"life","BillingMode":"PAY_PER_REQUEST",
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]})");
    nowMs->fetch_add(1000);
    for (int i = 0; i < 5; ++i)
        ok(*engine, QStringLiteral("PutItem"),
           QStringLiteral(R"({"TableName":"life","Item":{"pk":{"S":"p%1"},"v":{"S":"v%2"}}})")
               .arg(i)
               .arg(i % 2)
               .toUtf8());

    const QJsonObject created = ok(*engine, QStringLiteral("UpdateTable"), R"({"TableName":"life",
        "AttributeDefinitions":[{"AttributeName":"v","AttributeType":"S"}],
        "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byV","KeySchema":[{"AttributeName":"v","KeyType":"HASH"}],
          "Projection":{"ProjectionType":"ALL"}}}]})");
    QJsonObject index = indexOf(created.value(u"TableDescription").toObject(), "GlobalSecondaryIndexes",
                                QStringLiteral("byV"));
    QCOMPARE(index.value(u"IndexStatus").toString(), QStringLiteral("CREATING"));
    QCOMPARE(index.value(u"Backfilling").toBool(), true);

    const QByteArray query = R"({"TableName":"life","IndexName":"byV","KeyConditionExpression":"v = :v",
        "ExpressionAttributeValues":{":v":{"S":"v0"}},"Select":"COUNT"})";
    QCOMPARE(run(*engine, QStringLiteral("Query"), query),
             QStringLiteral("ValidationException: Cannot read from backfilling global secondary index: byV"));
    // Another index change waits for this one.
    QCOMPARE(run(*engine, QStringLiteral("UpdateTable"),
                 R"({"TableName":"life","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"byV"}}]})"),
             QStringLiteral("LimitExceededException: Subscriber limit exceeded: Only 1 online index "
                            "can be created or deleted simultaneously per table"));

    nowMs->fetch_add(999);
    QJsonObject table = ok(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"life"})")
                            .value(u"Table")
                            .toObject();
    QCOMPARE(indexOf(table, "GlobalSecondaryIndexes", QStringLiteral("byV")).value(u"IndexStatus").toString(),
             QStringLiteral("CREATING"));
    nowMs->fetch_add(1);
    table = ok(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"life"})").value(u"Table").toObject();
    index = indexOf(table, "GlobalSecondaryIndexes", QStringLiteral("byV"));
    QCOMPARE(index.value(u"IndexStatus").toString(), QStringLiteral("ACTIVE"));
    QVERIFY(!index.contains(u"Backfilling"));
    QCOMPARE(index.value(u"ItemCount").toInteger(), 5);
    QCOMPARE(run(*engine, QStringLiteral("Query"), query), QStringLiteral(R"({"Count":3,"ScannedCount":3})"));

    // Deletion: DELETING for deleteDelayMs, then gone; the store drops its entries.
    const QJsonObject deleted = ok(*engine, QStringLiteral("UpdateTable"),
        R"({"TableName":"life","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"byV"}}]})");
    QCOMPARE(indexOf(deleted.value(u"TableDescription").toObject(), "GlobalSecondaryIndexes",
                     QStringLiteral("byV")).value(u"IndexStatus").toString(),
             QStringLiteral("DELETING"));
    nowMs->fetch_add(499);
    table = ok(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"life"})").value(u"Table").toObject();
    QCOMPARE(indexOf(table, "GlobalSecondaryIndexes", QStringLiteral("byV")).value(u"IndexStatus").toString(),
             QStringLiteral("DELETING"));
    nowMs->fetch_add(1);
    table = ok(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"life"})").value(u"Table").toObject();
    QVERIFY(!table.contains(u"GlobalSecondaryIndexes"));
    QVERIFY(engine->store().table(QStringLiteral("life"))->indexes.isEmpty());
    QCOMPARE(run(*engine, QStringLiteral("Query"), query),
             QStringLiteral("ValidationException: The table does not have the specified index: byV"));
}

void TestIndexes::indexPagesSizedByEntries()
{
    auto engine = makeEngine();
    QVERIFY(engine);
    ok(*engine, QStringLiteral("CreateTable"), kTable);
    // 60 items of ~100 KB each: the table holds ~6 MB, the KEYS/INCLUDE index only small
    // entries, so one index page holds all of them while a table query needs several pages.
    for (int i = 0; i < 60; ++i)
        QCOMPARE(run(*engine, QStringLiteral("PutItem"), putRequest(QStringLiteral("p"), i, QStringLiteral("x"), 100000)),
                 QStringLiteral("{}"));
    const QJsonObject onIndex = ok(*engine, QStringLiteral("Query"), R"({"TableName":"things","IndexName":"byG",
        "KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"x"}},"Select":"COUNT"})");
    QCOMPARE(onIndex.value(u"Count").toInt(), 60);
    QVERIFY(!onIndex.contains(u"LastEvaluatedKey"));

    int pages = 0;
    int items = 0;
    QJsonObject start;
    do {
        QJsonObject request = parseObject(R"({"TableName":"things","KeyConditionExpression":"pk = :p",
            "ExpressionAttributeValues":{":p":{"S":"p"}},"Select":"COUNT"})");
        if (!start.isEmpty())
            request.insert(u"ExclusiveStartKey", start);
        ApiReply reply = engine->callAndWait(QStringLiteral("Query"), request);
        QVERIFY(reply.result);
        items += reply.result->value(u"Count").toInt();
        start = reply.result->value(u"LastEvaluatedKey").toObject();
        ++pages;
    } while (!start.isEmpty() && pages < 100);
    QCOMPARE(items, 60);
    QVERIFY2(pages >= 6, qPrintable(QString::number(pages)));

    // An LSI read fetching the items from the table still pages by its entries.
    const QJsonObject fetched = ok(*engine, QStringLiteral("Query"), R"({"TableName":"things","IndexName":"byG2",
        "KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}},"Select":"ALL_ATTRIBUTES","Limit":2})");
    QCOMPARE(fetched.value(u"Count").toInt(), 2);
    QCOMPARE(fetched.value(u"Items").toArray().at(0).toObject().value(u"big").toObject().value(u"S").toString().size(),
             100000);
    QCOMPARE(fetched.value(u"LastEvaluatedKey").toObject().keys(), (QStringList{"g", "pk", "sk"}));
}

void TestIndexes::parallelScanOfIndex()
{
    auto engine = makeEngine();
    QVERIFY(engine);
    ok(*engine, QStringLiteral("CreateTable"), kTable);
    for (int i = 0; i < 120; ++i)
        ok(*engine, QStringLiteral("PutItem"),
           putRequest(QStringLiteral("p%1").arg(i % 13), i, i % 4 ? QStringLiteral("g%1").arg(i % 9) : QString(), 10));
    QSet<int> seen;
    int total = 0;
    for (int segment = 0; segment < 3; ++segment) {
        QJsonObject start;
        do {
            QJsonObject request{{QStringLiteral("TableName"), QStringLiteral("things")},
                                {QStringLiteral("IndexName"), QStringLiteral("byG")},
                                {QStringLiteral("Segment"), segment},
                                {QStringLiteral("TotalSegments"), 3},
                                {QStringLiteral("Limit"), 7}};
            if (!start.isEmpty())
                request.insert(u"ExclusiveStartKey", start);
            ApiReply reply = engine->callAndWait(QStringLiteral("Scan"), request);
            QVERIFY2(reply.result, qPrintable(outcome(reply)));
            for (const QJsonValue &v : reply.result->value(u"Items").toArray()) {
                const QJsonObject item = v.toObject();
                QVERIFY(!item.contains(u"big")); // INCLUDE projection
                QVERIFY(item.contains(u"small"));
                seen.insert(item.value(u"sk").toObject().value(u"N").toString().toInt());
                ++total;
            }
            start = reply.result->value(u"LastEvaluatedKey").toObject();
        } while (!start.isEmpty());
    }
    QCOMPARE(total, 90);
    QCOMPARE(seen.size(), 90);
}

void TestIndexes::describesCountsAndSizes()
{
    auto engine = makeEngine();
    QVERIFY(engine);
    const QJsonObject created = ok(*engine, QStringLiteral("CreateTable"), kTable);
    const QJsonObject lsi = indexOf(created.value(u"TableDescription").toObject(), "LocalSecondaryIndexes",
                                    QStringLiteral("byG2"));
    QCOMPARE(lsi.value(u"IndexArn").toString(),
             QStringLiteral("arn:aws:dynamodb:ddblocal:000000000000:table/things/index/byG2"));
    QVERIFY(!lsi.contains(u"IndexStatus")); // LSIs have none
    QVERIFY(!lsi.contains(u"ProvisionedThroughput"));
    ok(*engine, QStringLiteral("PutItem"), putRequest(QStringLiteral("a"), 1, QStringLiteral("x"), 10));
    ok(*engine, QStringLiteral("PutItem"), putRequest(QStringLiteral("a"), 2, QString(), 10));
    const QJsonObject table = ok(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"things"})")
                                  .value(u"Table")
                                  .toObject();
    const QJsonObject gsi = indexOf(table, "GlobalSecondaryIndexes", QStringLiteral("byG"));
    QCOMPARE(gsi.value(u"ItemCount").toInteger(), 1);
    // pk "a" (3) + sk 1 (2 + 2) + g "x" (2) + small "s" (6): the projected entry.
    QCOMPARE(gsi.value(u"IndexSizeBytes").toInteger(), 15);
    QCOMPARE(gsi.value(u"ProvisionedThroughput").toObject().value(u"ReadCapacityUnits").toInteger(), 0);
    QCOMPARE(indexOf(table, "LocalSecondaryIndexes", QStringLiteral("byG2")).value(u"ItemCount").toInteger(), 1);
    QCOMPARE(table.value(u"ItemCount").toInteger(), 2);
}

QTEST_GUILESS_MAIN(TestIndexes)
#include "tst_indexes.moc"
