// Query and Scan on an in-memory engine: key order for N, S and B sort keys, range conditions,
// descending reads, Limit before the filter, 1 MB pages chained through LastEvaluatedKey,
// segments, and the validation messages.
#include "enginefixture.h"

#include <QSet>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

namespace {

QByteArray table(const char *name, const char *rangeType)
{
    return QByteArray(R"J({"TableName":")J") + name +
           R"J(","BillingMode":"PAY_PER_REQUEST",
               "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":")J" +
           rangeType + R"J("}],
               "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]})J";
}

QStringList sortKeys(const QJsonObject &response, const char *type)
{
    QStringList keys;
    for (const QJsonValue &v : response.value(u"Items").toArray())
        keys.append(v.toObject().value(u"sk").toObject().value(QLatin1String(type)).toString());
    return keys;
}

} // namespace

class TestQueryScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void numberOrder_data();
    void numberOrder();
    void stringAndBinaryOrder();
    void limitBeforeFilter();
    void selectCount();
    void validation_data();
    void validation();
    void paginationThroughLargePartition();
    void scanSegmentsCoverTable();

private:
    std::shared_ptr<TableEngine> m_engine;
};

void TestQueryScan::initTestCase()
{
    m_engine = makeEngine();
    QVERIFY(m_engine);
    ok(*m_engine, QStringLiteral("CreateTable"), table("nums", "N"));
    ok(*m_engine, QStringLiteral("CreateTable"), table("strs", "S"));
    ok(*m_engine, QStringLiteral("CreateTable"), table("bins", "B"));
    for (const char *n : {"100", "-1.5", "0", "10", "0.25", "-10", "2"}) {
        ok(*m_engine, QStringLiteral("PutItem"),
           R"J({"TableName":"nums","Item":{"pk":{"S":"p"},"sk":{"N":")J" + QByteArray(n) +
               R"J("},"odd":{"BOOL":)J" + (QByteArray(n) == "-1.5" || QByteArray(n) == "0.25" ? "true" : "false") +
               "}}}");
    }
    ok(*m_engine, QStringLiteral("PutItem"), R"J({"TableName":"nums","Item":{"pk":{"S":"other"},"sk":{"N":"1"}}})J");
    for (const char *s : {"b", "ab", "a", "Z", "abc", "\u00e9", "aa"})
        ok(*m_engine, QStringLiteral("PutItem"),
           R"J({"TableName":"strs","Item":{"pk":{"S":"p"},"sk":{"S":")J" + QByteArray(s) + R"J("}}})J");
    // 0x80, 0x00, 0xff 0x00, 0x7f, 0x01 0x02
    for (const char *b : {"gA==", "AA==", "/wA=", "fw==", "AQI="})
        ok(*m_engine, QStringLiteral("PutItem"),
           R"J({"TableName":"bins","Item":{"pk":{"S":"p"},"sk":{"B":")J" + QByteArray(b) + R"J("}}})J");
}

void TestQueryScan::numberOrder_data()
{
    QTest::addColumn<QByteArray>("extra");  // members added to the query
    QTest::addColumn<QStringList>("expected");
    const QByteArray values = R"J("ExpressionAttributeValues":{":p":{"S":"p"})J";
    QTest::newRow("all") << QByteArray(R"J("KeyConditionExpression":"pk = :p",)J" + values + "}")
                         << QStringList{"-10", "-1.5", "0", "0.25", "2", "10", "100"};
    QTest::newRow("descending")
        << QByteArray(R"J("KeyConditionExpression":"pk = :p","ScanIndexForward":false,)J" + values + "}")
        << QStringList{"100", "10", "2", "0.25", "0", "-1.5", "-10"};
    QTest::newRow("less than")
        << QByteArray(R"J("KeyConditionExpression":"pk = :p AND sk < :v",)J" + values + R"J(,":v":{"N":"0.25"}})J")
        << QStringList{"-10", "-1.5", "0"};
    QTest::newRow("less or equal")
        << QByteArray(R"J("KeyConditionExpression":"pk = :p AND sk <= :v",)J" + values + R"J(,":v":{"N":"0.250"}})J")
        << QStringList{"-10", "-1.5", "0", "0.25"};
    QTest::newRow("greater than")
        << QByteArray(R"J("KeyConditionExpression":"pk = :p AND sk > :v",)J" + values + R"J(,":v":{"N":"2"}})J")
        << QStringList{"10", "100"};
    QTest::newRow("greater or equal descending")
        << QByteArray(R"J("KeyConditionExpression":"pk = :p AND sk >= :v","ScanIndexForward":false,)J" + values +
                      R"J(,":v":{"N":"2"}})J")
        << QStringList{"100", "10", "2"};
    QTest::newRow("between")
        << QByteArray(R"J("KeyConditionExpression":"pk = :p AND sk BETWEEN :a AND :b",)J" + values +
                      R"J(,":a":{"N":"-1.5"},":b":{"N":"10"}})J")
        << QStringList{"-1.5", "0", "0.25", "2", "10"};
    QTest::newRow("equal")
        << QByteArray(R"J("KeyConditionExpression":"sk = :v AND pk = :p",)J" + values + R"J(,":v":{"N":"-10"}})J")
        << QStringList{"-10"};
}

void TestQueryScan::numberOrder()
{
    QFETCH(QByteArray, extra);
    QFETCH(QStringList, expected);
    const QJsonObject r = ok(*m_engine, QStringLiteral("Query"), R"J({"TableName":"nums",)J" + extra + "}");
    QCOMPARE(sortKeys(r, "N"), expected);
    QCOMPARE(r.value(u"Count").toInt(), int(expected.size()));
    QCOMPARE(r.value(u"ScannedCount").toInt(), int(expected.size()));
    QVERIFY(!r.contains(u"LastEvaluatedKey"));
}

void TestQueryScan::stringAndBinaryOrder()
{
    QJsonObject r = ok(*m_engine, QStringLiteral("Query"),
                       R"J({"TableName":"strs","KeyConditionExpression":"pk = :p",
                           "ExpressionAttributeValues":{":p":{"S":"p"}}})J");
    // UTF-8 byte order: upper case before lower case, "é" (C3 A9) last.
    QCOMPARE(sortKeys(r, "S"), (QStringList{"Z", "a", "aa", "ab", "abc", "b", QStringLiteral("\u00e9")}));
    r = ok(*m_engine, QStringLiteral("Query"),
           R"J({"TableName":"strs","KeyConditionExpression":"pk = :p AND begins_with(sk, :a)",
               "ExpressionAttributeValues":{":p":{"S":"p"},":a":{"S":"ab"}}})J");
    QCOMPARE(sortKeys(r, "S"), (QStringList{"ab", "abc"}));
    r = ok(*m_engine, QStringLiteral("Query"),
           R"J({"TableName":"strs","KeyConditionExpression":"pk = :p AND begins_with(sk, :a)","ScanIndexForward":false,
               "ExpressionAttributeValues":{":p":{"S":"p"},":a":{"S":"a"}}})J");
    QCOMPARE(sortKeys(r, "S"), (QStringList{"abc", "ab", "aa", "a"}));
    r = ok(*m_engine, QStringLiteral("Query"),
           R"J({"TableName":"bins","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}}})J");
    // Unsigned byte order.
    QCOMPARE(sortKeys(r, "B"), (QStringList{"AA==", "AQI=", "fw==", "gA==", "/wA="}));
}

void TestQueryScan::limitBeforeFilter()
{
    const QJsonObject r = ok(*m_engine, QStringLiteral("Query"),
                             R"J({"TableName":"nums","KeyConditionExpression":"pk = :p","FilterExpression":"odd = :t",
                                 "Limit":3,"ExpressionAttributeValues":{":p":{"S":"p"},":t":{"BOOL":true}}})J");
    // The first three items read are -10, -1.5, 0: one of them passes the filter.
    QCOMPARE(sortKeys(r, "N"), QStringList{"-1.5"});
    QCOMPARE(r.value(u"Count").toInt(), 1);
    QCOMPARE(r.value(u"ScannedCount").toInt(), 3);
    QCOMPARE(compact(r.value(u"LastEvaluatedKey").toObject()),
             normalised(R"J({"pk":{"S":"p"},"sk":{"N":"0"}})J"));
    const QJsonObject next = ok(*m_engine, QStringLiteral("Query"),
                                R"J({"TableName":"nums","KeyConditionExpression":"pk = :p","FilterExpression":"odd = :t",
                                    "Limit":3,"ExpressionAttributeValues":{":p":{"S":"p"},":t":{"BOOL":true}},
                                    "ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"0"}}})J");
    QCOMPARE(sortKeys(next, "N"), QStringList{"0.25"});
    QCOMPARE(next.value(u"ScannedCount").toInt(), 3);
}

void TestQueryScan::selectCount()
{
    QCOMPARE(run(*m_engine, QStringLiteral("Query"),
                 R"J({"TableName":"nums","KeyConditionExpression":"pk = :p","Select":"COUNT",
                     "ExpressionAttributeValues":{":p":{"S":"p"}}})J"),
             normalised(R"J({"Count":7,"ScannedCount":7})J"));
    QCOMPARE(run(*m_engine, QStringLiteral("Scan"), R"J({"TableName":"nums","Select":"COUNT"})J"),
             normalised(R"J({"Count":8,"ScannedCount":8})J"));
    QCOMPARE(run(*m_engine, QStringLiteral("Query"),
                 R"J({"TableName":"nums","KeyConditionExpression":"pk = :p","ProjectionExpression":"sk",
                     "Select":"SPECIFIC_ATTRIBUTES","Limit":1,"ExpressionAttributeValues":{":p":{"S":"p"}}})J"),
             normalised(R"J({"Count":1,"ScannedCount":1,"Items":[{"sk":{"N":"-10"}}],
                             "LastEvaluatedKey":{"pk":{"S":"p"},"sk":{"N":"-10"}}})J"));
}

void TestQueryScan::validation_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("expected");
    const QString query = QStringLiteral("Query");
    const QString scan = QStringLiteral("Scan");

    QTest::newRow("no key condition")
        << query << QByteArray(R"J({"TableName":"nums"})J")
        << "ValidationException: Either the KeyConditions or KeyConditionExpression parameter must be "
           "specified in the request.";
    QTest::newRow("missing partition key")
        << query << QByteArray(R"J({"TableName":"nums","KeyConditionExpression":"sk = :v",
                                   "ExpressionAttributeValues":{":v":{"N":"1"}}})J")
        << "ValidationException: Query condition missed key schema element: pk";
    QTest::newRow("partition type mismatch")
        << query << QByteArray(R"J({"TableName":"nums","KeyConditionExpression":"pk = :v",
                                   "ExpressionAttributeValues":{":v":{"N":"1"}}})J")
        << "ValidationException: One or more parameter values were invalid: Condition parameter type does "
           "not match schema type";
    QTest::newRow("no table")
        << query << QByteArray(R"J({"TableName":"nope","KeyConditionExpression":"pk = :v",
                                   "ExpressionAttributeValues":{":v":{"S":"1"}}})J")
        << "ResourceNotFoundException: Requested resource not found";
    QTest::newRow("projection with all attributes")
        << query << QByteArray(R"J({"TableName":"nums","KeyConditionExpression":"pk = :v","Select":"ALL_ATTRIBUTES",
                                   "ProjectionExpression":"sk","ExpressionAttributeValues":{":v":{"S":"p"}}})J")
        << "ValidationException: 1 validation error detected: Cannot specify the ProjectionExpression when "
           "choosing to get ALL_ATTRIBUTES";
    QTest::newRow("specific attributes without projection")
        << scan << QByteArray(R"J({"TableName":"nums","Select":"SPECIFIC_ATTRIBUTES"})J")
        << "ValidationException: Must specify the AttributesToGet or ProjectionExpression when choosing to "
           "get SPECIFIC_ATTRIBUTES";
    QTest::newRow("projected attributes without index")
        << scan << QByteArray(R"J({"TableName":"nums","Select":"ALL_PROJECTED_ATTRIBUTES"})J")
        << "ValidationException: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName";
    QTest::newRow("start key outside partition")
        << query << QByteArray(R"J({"TableName":"nums","KeyConditionExpression":"pk = :v",
                                   "ExclusiveStartKey":{"pk":{"S":"q"},"sk":{"N":"1"}},
                                   "ExpressionAttributeValues":{":v":{"S":"p"}}})J")
        << "ValidationException: The provided starting key is outside query boundaries based on provided "
           "conditions";
    QTest::newRow("start key outside range")
        << query << QByteArray(R"J({"TableName":"nums","KeyConditionExpression":"pk = :v AND sk > :z",
                                   "ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"-1"}},
                                   "ExpressionAttributeValues":{":v":{"S":"p"},":z":{"N":"0"}}})J")
        << "ValidationException: The provided starting key does not match the range key predicate";
    QTest::newRow("start key incomplete")
        << query << QByteArray(R"J({"TableName":"nums","KeyConditionExpression":"pk = :v",
                                   "ExclusiveStartKey":{"pk":{"S":"p"}},"ExpressionAttributeValues":{":v":{"S":"p"}}})J")
        << "ValidationException: The provided starting key is invalid";
    QTest::newRow("scan start key type")
        << scan << QByteArray(R"J({"TableName":"nums","ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"S":"1"}}})J")
        << "ValidationException: The provided starting key is invalid: The provided key element does not "
           "match the schema";
    QTest::newRow("scan start key size")
        << scan << QByteArray(R"J({"TableName":"nums","ExclusiveStartKey":{"pk":{"S":"p"}}})J")
        << "ValidationException: The provided starting key is invalid: The provided key element does not "
           "match the schema";
    QTest::newRow("segment without total")
        << scan << QByteArray(R"J({"TableName":"nums","Segment":1})J")
        << "ValidationException: The TotalSegments parameter is required but was not present in the request "
           "when Segment parameter is present";
    QTest::newRow("total without segment")
        << scan << QByteArray(R"J({"TableName":"nums","TotalSegments":2})J")
        << "ValidationException: The Segment parameter is required but was not present in the request when "
           "parameter TotalSegments is present";
    QTest::newRow("segment too large")
        << scan << QByteArray(R"J({"TableName":"nums","Segment":2,"TotalSegments":2})J")
        << "ValidationException: The Segment parameter is zero-based and must be less than parameter "
           "TotalSegments: Segment: 2 is not less than TotalSegments: 2";
    QTest::newRow("limit zero and total segments zero")
        << scan << QByteArray(R"J({"TableName":"nums","Limit":0,"TotalSegments":0})J")
        << "ValidationException: 2 validation errors detected: Value '0' at 'totalSegments' failed to satisfy "
           "constraint: Member must have value greater than or equal to 1; Value '0' at 'limit' failed to "
           "satisfy constraint: Member must have value greater than or equal to 1";
    QTest::newRow("unknown index")
        << scan << QByteArray(R"J({"TableName":"nums","IndexName":"nope"})J")
        << "ValidationException: The table does not have the specified index: nope";
    QTest::newRow("filter values unused")
        << scan << QByteArray(R"J({"TableName":"nums","ExpressionAttributeValues":{":a":{"S":"x"}}})J")
        << "ValidationException: ExpressionAttributeValues can only be specified when using expressions: "
           "FilterExpression is null";
}

void TestQueryScan::validation()
{
    QFETCH(QString, operation);
    QFETCH(QByteArray, request);
    QFETCH(QString, expected);
    QCOMPARE(run(*m_engine, operation, request), expected);
}

void TestQueryScan::paginationThroughLargePartition()
{
    ok(*m_engine, QStringLiteral("CreateTable"), table("big", "S"));
    const QByteArray filler(1000, 'f');
    const int total = 3000;
    for (int i = 0; i < total; ++i)
        ok(*m_engine, QStringLiteral("PutItem"),
           R"J({"TableName":"big","Item":{"pk":{"S":"p"},"sk":{"S":")J" +
               QByteArray::number(i).rightJustified(5, '0') + R"J("},"d":{"S":")J" + filler + R"J("}}})J");
    // Size of one item as DynamoDB counts it: names + values.
    const qint64 itemSize = 2 + 1 + 2 + 5 + 1 + 1000;

    QSet<QString> seen;
    QStringList order;
    QJsonObject startKey;
    int pages = 0;
    for (;;) {
        QJsonObject request{{QStringLiteral("TableName"), QStringLiteral("big")},
                            {QStringLiteral("KeyConditionExpression"), QStringLiteral("pk = :p")},
                            {QStringLiteral("ExpressionAttributeValues"),
                             QJsonObject{{QStringLiteral(":p"), QJsonObject{{QStringLiteral("S"), QStringLiteral("p")}}}}}};
        if (!startKey.isEmpty())
            request.insert(u"ExclusiveStartKey", startKey);
        const ApiReply reply = m_engine->callAndWait(QStringLiteral("Query"), request);
        QVERIFY2(reply.result, qPrintable(outcome(reply)));
        const QJsonObject page = reply.result.value();
        ++pages;
        const QStringList keys = sortKeys(page, "S");
        for (const QString &k : keys) {
            QVERIFY2(!seen.contains(k), qPrintable(k));
            seen.insert(k);
            order.append(k);
        }
        if (!page.contains(u"LastEvaluatedKey"))
            break;
        // A page stops at the item that brings the bytes read to 1 MB.
        QCOMPARE(qint64(keys.size()), (1024 * 1024 + itemSize - 1) / itemSize);
        startKey = page.value(u"LastEvaluatedKey").toObject();
        QCOMPARE(startKey.keys(), (QStringList{"pk", "sk"}));
        QCOMPARE(startKey.value(u"sk").toObject().value(u"S").toString(), keys.last());
        QVERIFY(pages < 10);
    }
    QCOMPARE(seen.size(), total);
    QCOMPARE(pages, 3);
    QStringList sorted = order;
    sorted.sort();
    QCOMPARE(order, sorted);
}

void TestQueryScan::scanSegmentsCoverTable()
{
    ok(*m_engine, QStringLiteral("CreateTable"),
       R"J({"TableName":"flat","BillingMode":"PAY_PER_REQUEST",
           "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"N"}],
           "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})J");
    const int total = 500;
    for (int i = 0; i < total; ++i)
        ok(*m_engine, QStringLiteral("PutItem"),
           R"J({"TableName":"flat","Item":{"id":{"N":")J" + QByteArray::number(i) + R"J("}}})J");
    QSet<QString> seen;
    const int segments = 4;
    int nonEmptySegments = 0;
    QList<QJsonObject> firstStartKeys(segments);
    for (int segment = 0; segment < segments; ++segment) {
        QJsonObject startKey;
        int inSegment = 0;
        for (;;) {
            QJsonObject request{{QStringLiteral("TableName"), QStringLiteral("flat")},
                                {QStringLiteral("Segment"), segment},
                                {QStringLiteral("TotalSegments"), segments},
                                {QStringLiteral("Limit"), 37}};
            if (!startKey.isEmpty())
                request.insert(u"ExclusiveStartKey", startKey);
            const ApiReply reply = m_engine->callAndWait(QStringLiteral("Scan"), request);
            QVERIFY2(reply.result, qPrintable(outcome(reply)));
            const QJsonObject page = reply.result.value();
            for (const QJsonValue &v : page.value(u"Items").toArray()) {
                const QString id = v.toObject().value(u"id").toObject().value(u"N").toString();
                QVERIFY2(!seen.contains(id), qPrintable(id));
                seen.insert(id);
                ++inSegment;
            }
            if (!page.contains(u"LastEvaluatedKey"))
                break;
            startKey = page.value(u"LastEvaluatedKey").toObject();
            if (firstStartKeys[segment].isEmpty())
                firstStartKeys[segment] = startKey;
        }
        if (inSegment > 0)
            ++nonEmptySegments;
    }
    QCOMPARE(seen.size(), total);
    QVERIFY(nonEmptySegments > 1);  // the segments really split the table

    // A start key of another segment is refused, as the service does (resuming from it would
    // repeat or skip items silently).
    for (int segment = 0; segment < segments; ++segment) {
        QVERIFY(!firstStartKeys[segment].isEmpty());
        const int other = (segment + 1) % segments;
        const QJsonObject request{{QStringLiteral("TableName"), QStringLiteral("flat")},
                                  {QStringLiteral("Segment"), other},
                                  {QStringLiteral("TotalSegments"), segments},
                                  {QStringLiteral("ExclusiveStartKey"), firstStartKeys[segment]}};
        QCOMPARE(outcome(m_engine->callAndWait(QStringLiteral("Scan"), request)),
                 QStringLiteral("ValidationException: The provided starting key is invalid: Invalid "
                                "ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. "
                                "TotalSegments: 4 Segment: ") + QString::number(other));
    }
}

QTEST_GUILESS_MAIN(TestQueryScan)
#include "tst_queryscan.moc"
