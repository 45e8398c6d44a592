// BatchGetItem and BatchWriteItem on an in-memory engine: the request limits counted across
// tables, the 16 MB answer limit with UnprocessedKeys, one commit for a whole batch, and the
// same validation of items as PutItem.
#include "enginefixture.h"

#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

namespace {

QByteArray puts(const char *table, int from, int count, const QByteArray &extra = {})
{
    QByteArray list;
    for (int i = from; i < from + count; ++i) {
        if (!list.isEmpty())
            list += ',';
        list += R"({"PutRequest":{"Item":{"id":{"S":"k)" + QByteArray::number(i) + R"("})" + extra + "}}}";
    }
    return '"' + QByteArray(table) + "\":[" + list + ']';
}

// `separator`: ", " renders the list as the service's constraint messages do.
QByteArray keys(int from, int count, const char *separator = ",")
{
    QByteArray list;
    for (int i = from; i < from + count; ++i) {
        if (!list.isEmpty())
            list += separator;
        list += R"({"id":{"S":"k)" + QByteArray::number(i) + R"("}})";
    }
    return '[' + list + ']';
}

} // namespace

class TestBatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void limits_data();
    void limits();
    void writeIsOneCommit();
    void refusedBatchWritesNothing();
    void largeAnswerLeavesUnprocessedKeys();

private:
    qint64 count(const char *table);
    std::shared_ptr<TableEngine> m_engine;
};

void TestBatch::init()
{
    m_engine = makeEngine();
    QVERIFY(m_engine);
    for (const char *name : {"one", "two"})
        ok(*m_engine, QStringLiteral("CreateTable"),
           R"({"TableName":")" + QByteArray(name) + R"(","BillingMode":"PAY_PER_REQUEST",
               "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
               "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})");
}

void TestBatch::cleanup()
{
    m_engine.reset();
}

qint64 TestBatch::count(const char *table)
{
    const QJsonObject r = ok(*m_engine, QStringLiteral("Scan"),
                             R"({"TableName":")" + QByteArray(table) + R"(","Select":"COUNT"})");
    return r.value(u"Count").toInteger(-1);
}

void TestBatch::limits_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("expected");

    const QString write = QStringLiteral("BatchWriteItem");
    const QString get = QStringLiteral("BatchGetItem");
    QTest::newRow("25 writes in one table") << write << "{\"RequestItems\":{" + puts("one", 0, 25) + "}}"
                                            << R"({"UnprocessedItems":{}})";
    QTest::newRow("25 writes across tables")
        << write << "{\"RequestItems\":{" + puts("one", 0, 13) + ',' + puts("two", 0, 12) + "}}"
        << R"({"UnprocessedItems":{}})";
    QTest::newRow("26 writes across tables")
        << write << "{\"RequestItems\":{" + puts("one", 0, 13) + ',' + puts("two", 0, 13) + "}}"
        << "ValidationException: Too many items requested for the BatchWriteItem call";
    QTest::newRow("26 writes in one table")
        << write << "{\"RequestItems\":{" + puts("one", 0, 26) + "}}"
        // The service's newer form names the member instead of echoing the request.
        << QStringLiteral("ValidationException: 1 validation error detected: Value at 'RequestItems.one.member' "
                          "failed to satisfy constraint: Member must have length less than or equal to 25");
    QTest::newRow("100 keys across tables")
        << get << R"({"RequestItems":{"one":{"Keys":)" + keys(0, 50) + R"(},"two":{"Keys":)" + keys(0, 50) + "}}}"
        << R"({"Responses":{"one":[],"two":[]},"UnprocessedKeys":{}})";
    QTest::newRow("101 keys across tables")
        << get << R"({"RequestItems":{"one":{"Keys":)" + keys(0, 51) + R"(},"two":{"Keys":)" + keys(0, 50) + "}}}"
        << "ValidationException: Too many items requested for the BatchGetItem call";
    QTest::newRow("101 keys in one table")
        << get << R"({"RequestItems":{"one":{"Keys":)" + keys(0, 101) + "}}}"
        << QStringLiteral("ValidationException: 1 validation error detected: Value at "
                          "'RequestItems.one.member.Keys' failed to satisfy constraint: Member must have length "
                          "less than or equal to 100");
    QTest::newRow("item too large")
        << write
        << R"({"RequestItems":{"one":[{"PutRequest":{"Item":{"id":{"S":"big"},"p":{"S":")" +
               QByteArray(400 * 1024 - 5, 'x') + R"("}}}}]}})"
        << "ValidationException: Item size has exceeded the maximum allowed size";
    // 2 + 3 + 1 + 409,594 bytes: exactly 400 KB.
    QTest::newRow("item at the limit")
        << write
        << R"({"RequestItems":{"one":[{"PutRequest":{"Item":{"id":{"S":"big"},"p":{"S":")" +
               QByteArray(400 * 1024 - 6, 'x') + R"("}}}}]}})"
        << R"({"UnprocessedItems":{}})";
}

void TestBatch::limits()
{
    QFETCH(QString, operation);
    QFETCH(QByteArray, request);
    QFETCH(QString, expected);
    QCOMPARE(run(*m_engine, operation, request), normalised(expected.toUtf8()));
}

void TestBatch::writeIsOneCommit()
{
    const qint64 before = m_engine->store().stats().mutationsCommitted;
    const QString r = run(*m_engine, QStringLiteral("BatchWriteItem"),
                          "{\"RequestItems\":{" + puts("one", 0, 20) + ',' + puts("two", 0, 5) + "}}");
    QCOMPARE(r, QStringLiteral("{\"UnprocessedItems\":{}}"));
    QCOMPARE(m_engine->store().stats().mutationsCommitted - before, 1);
    QCOMPARE(count("one"), 20);
    QCOMPARE(count("two"), 5);
}

void TestBatch::refusedBatchWritesNothing()
{
    // The last request's key does not match: the earlier ones, in both tables, stay unwritten.
    const QString r = run(*m_engine, QStringLiteral("BatchWriteItem"),
                          "{\"RequestItems\":{" + puts("one", 0, 5) + ',' + puts("two", 0, 5) +
                              R"(,"zzz":[{"PutRequest":{"Item":{"id":{"S":"x"}}}}]}})");
    QCOMPARE(r, QStringLiteral("ResourceNotFoundException: Requested resource not found"));
    QCOMPARE(count("one"), 0);
    QCOMPARE(count("two"), 0);
}

void TestBatch::largeAnswerLeavesUnprocessedKeys()
{
    // 45 items of ~390 KB: about 17 MB, more than one answer may hold.
    const QByteArray payload(390 * 1000, 'p');
    const QByteArray extra = ",\"p\":{\"S\":\"" + payload + "\"}";
    const QString written = QStringLiteral("{\"UnprocessedItems\":{}}");
    for (int from = 0; from < 45; from += 5) {
        const QByteArray batch = "{\"RequestItems\":{" + puts("one", from, 5, extra) + "}}";
        QCOMPARE(run(*m_engine, QStringLiteral("BatchWriteItem"), batch), written);
    }
    const QByteArray request = R"({"RequestItems":{"one":{"Keys":)" + keys(0, 45) +
                               R"(,"ProjectionExpression":"id","ConsistentRead":true}}})";
    const QJsonObject first = ok(*m_engine, QStringLiteral("BatchGetItem"), request);
    const int got = first.value(u"Responses").toObject().value(u"one").toArray().size();
    const QJsonObject left = first.value(u"UnprocessedKeys").toObject().value(u"one").toObject();
    const int unprocessed = left.value(u"Keys").toArray().size();
    // 16 MB (16,000,000 bytes, as the service counts them) / ~390 KB: 41 items fit.
    QCOMPARE(got, 41);
    QCOMPARE(got + unprocessed, 45);
    // The unprocessed keys come back with the table's other parameters, ready to be sent again.
    QCOMPARE(left.value(u"ProjectionExpression").toString(), QStringLiteral("id"));
    QCOMPARE(left.value(u"ConsistentRead").toBool(), true);
    const QJsonObject again = ok(*m_engine, QStringLiteral("BatchGetItem"),
                                 QJsonDocument(QJsonObject{{QStringLiteral("RequestItems"),
                                                            first.value(u"UnprocessedKeys")}})
                                     .toJson());
    QCOMPARE(again.value(u"Responses").toObject().value(u"one").toArray().size(), unprocessed);
    QCOMPARE(again.value(u"UnprocessedKeys").toObject(), QJsonObject());
}

QTEST_GUILESS_MAIN(TestBatch)
#include "tst_batch.moc"
