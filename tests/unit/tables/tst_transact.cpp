// TransactWriteItems and TransactGetItems on an in-memory engine: the 100-action limit, the
// ClientRequestToken window on the engine's clock, atomic transfers under concurrent writers,
// and TransactGetItems reading one snapshot while transfers commit.
#include "enginefixture.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

namespace {

constexpr qint64 kStart = 1700000000;

QByteArray deletes(int count)
{
    QByteArray list;
    for (int i = 0; i < count; ++i) {
        if (!list.isEmpty())
            list += ',';
        list += R"({"Delete":{"TableName":"accounts","Key":{"id":{"S":"k)" + QByteArray::number(i) + "\"}}}}";
    }
    return R"({"TransactItems":[)" + list + "]}";
}

QByteArray transfer(const char *from, const char *to, int amount)
{
    const QByteArray amt = QByteArray::number(amount);
    return R"({"TransactItems":[
        {"Update":{"TableName":"accounts","Key":{"id":{"S":")" + QByteArray(from) + R"("}},
                   "UpdateExpression":"SET balance = balance - :amt","ConditionExpression":"balance >= :amt",
                   "ExpressionAttributeValues":{":amt":{"N":")" + amt + R"("}}}},
        {"Update":{"TableName":"accounts","Key":{"id":{"S":")" + QByteArray(to) + R"("}},
                   "UpdateExpression":"SET balance = balance + :amt",
                   "ExpressionAttributeValues":{":amt":{"N":")" + amt + R"("}}}}]})";
}

const QByteArray kBothBalances = R"({"TransactItems":[
    {"Get":{"TableName":"accounts","Key":{"id":{"S":"a"}}}},
    {"Get":{"TableName":"accounts","Key":{"id":{"S":"b"}}}}]})";

} // namespace

class TestTransact : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void actionLimit_data();
    void actionLimit();
    void clientRequestToken();
    void concurrentTransfersKeepTheTotal();

private:
    qint64 total();

    std::shared_ptr<std::atomic<qint64>> m_now;
    std::shared_ptr<TableEngine> m_engine;
};

void TestTransact::init()
{
    m_now = std::make_shared<std::atomic<qint64>>(kStart);
    EngineOptions options;
    auto now = m_now;
    options.clock = [now] { return QDateTime::fromSecsSinceEpoch(now->load()).toUTC(); };
    m_engine = makeEngine(options);
    QVERIFY(m_engine);
    ok(*m_engine, QStringLiteral("CreateTable"),
       R"({"TableName":"accounts","BillingMode":"PAY_PER_REQUEST",
           "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
           "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})");
    ok(*m_engine, QStringLiteral("PutItem"), R"({"TableName":"accounts","Item":{"id":{"S":"a"},"balance":{"N":"1000"}}})");
    ok(*m_engine, QStringLiteral("PutItem"), R"({"TableName":"accounts","Item":{"id":{"S":"b"},"balance":{"N":"1000"}}})");
}

void TestTransact::cleanup()
{
    m_engine.reset();
}

qint64 TestTransact::total()
{
    const QJsonObject r = ok(*m_engine, QStringLiteral("TransactGetItems"), kBothBalances);
    qint64 sum = 0;
    for (const QJsonValue &v : r.value(u"Responses").toArray())
        sum += v.toObject().value(u"Item").toObject().value(u"balance").toObject().value(u"N").toString().toLongLong();
    return sum;
}

void TestTransact::actionLimit_data()
{
    QTest::addColumn<int>("actions");
    QTest::addColumn<QString>("expectedStart");
    QTest::newRow("1") << 1 << "{}";
    QTest::newRow("100") << 100 << "{}";
    QTest::newRow("101") << 101
                         << "ValidationException: 1 validation error detected: Value '[{\"Delete\":";
}

void TestTransact::actionLimit()
{
    QFETCH(int, actions);
    QFETCH(QString, expectedStart);
    const QString r = run(*m_engine, QStringLiteral("TransactWriteItems"), deletes(actions));
    QVERIFY2(r.startsWith(expectedStart), qPrintable(r.left(200)));
    if (actions > 100)
        QVERIFY(r.endsWith(u"' at 'transactItems' failed to satisfy constraint: Member must have length "
                           u"less than or equal to 100"));
}

void TestTransact::clientRequestToken()
{
    const QByteArray open = R"J({"ClientRequestToken":"tok-1","TransactItems":[
        {"Put":{"TableName":"accounts","Item":{"id":{"S":"c"},"balance":{"N":"5"}},"ConditionExpression":"attribute_not_exists(id)"}}]})J";
    QCOMPARE(run(*m_engine, QStringLiteral("TransactWriteItems"), open), QStringLiteral("{}"));
    ok(*m_engine, QStringLiteral("UpdateItem"),
       R"({"TableName":"accounts","Key":{"id":{"S":"c"}},"UpdateExpression":"SET balance = :v","ExpressionAttributeValues":{":v":{"N":"6"}}})");

    // A retry nine minutes later answers as the first call did and writes nothing again.
    m_now->fetch_add(9 * 60);
    QCOMPARE(run(*m_engine, QStringLiteral("TransactWriteItems"), open), QStringLiteral("{}"));
    const QByteArray getC = R"({"TableName":"accounts","Key":{"id":{"S":"c"}},"ProjectionExpression":"balance"})";
    QCOMPARE(run(*m_engine, QStringLiteral("GetItem"), getC), QStringLiteral(R"({"Item":{"balance":{"N":"6"}}})"));

    // The same token on another request.
    QByteArray other = open;
    other.replace(R"({"N":"5"})", R"({"N":"7"})");
    QCOMPARE(run(*m_engine, QStringLiteral("TransactWriteItems"), other),
             QStringLiteral("IdempotentParameterMismatchException: Request parameters for the transaction do "
                            "not match the original request's parameters"));

    // Ten minutes after the first call the token is forgotten: the request runs again.
    m_now->fetch_add(60);
    QCOMPARE(run(*m_engine, QStringLiteral("TransactWriteItems"), other),
             QStringLiteral("TransactionCanceledException: Transaction cancelled, please refer cancellation "
                            "reasons for specific reasons [ConditionalCheckFailed] "
                            R"({"CancellationReasons":[{"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}]})"));

    // A cancelled transaction does not take its token: a corrected retry runs.
    QByteArray retry = other;
    retry.replace(R"("S":"c")", R"("S":"d")");
    QCOMPARE(run(*m_engine, QStringLiteral("TransactWriteItems"), retry), QStringLiteral("{}"));
}

void TestTransact::concurrentTransfersKeepTheTotal()
{
    std::atomic<bool> stop{false};
    std::atomic<int> snapshotsRead{0};
    std::atomic<int> badSnapshots{0};
    QThread *reader = QThread::create([&] {
        while (!stop.load()) {
            if (total() != 2000)
                ++badSnapshots;
            ++snapshotsRead;
        }
    });
    reader->start();
    QList<QThread *> writers;
    std::atomic<int> committed{0};
    std::atomic<int> cancelledCount{0};
    for (int t = 0; t < 4; ++t) {
        writers.append(QThread::create([&, t] {
            for (int i = 0; i < 60; ++i) {
                const bool aToB = (i + t) % 2 == 0;
                const ApiReply r = m_engine->callAndWait(QStringLiteral("TransactWriteItems"),
                                                         parseObject(transfer(aToB ? "a" : "b", aToB ? "b" : "a",
                                                                              100 + t * 50 + i)));
                if (r.result)
                    ++committed;
                else if (r.result.status().code() == u"TransactionCanceledException")
                    ++cancelledCount;
            }
        }));
        writers.last()->start();
    }
    for (QThread *w : writers) {
        w->wait();
        delete w;
    }
    // The reader saw the transfers happen (at least a few snapshots taken meanwhile).
    QTRY_VERIFY_WITH_TIMEOUT(snapshotsRead.load() > 0, 10000);
    stop = true;
    reader->wait();
    delete reader;
    QCOMPARE(committed + cancelledCount, 240);
    QVERIFY(committed > 0);
    QCOMPARE(badSnapshots.load(), 0);
    QCOMPARE(total(), 2000);
}

QTEST_GUILESS_MAIN(TestTransact)
#include "tst_transact.moc"
