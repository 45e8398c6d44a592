// TTL expiry: which items the sweep deletes (numbers of epoch seconds before now, at most five
// years old; nothing else), that the deletions reach every reader, and the app's TtlSweeper.
// The engine's clock is moved by the test instead of waiting.
#include "enginefixture.h"

#include <tables/ttlsweeper.h>

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

namespace {

constexpr qint64 kStart = 1700000000;

QByteArray item(const char *id, const QByteArray &expires)
{
    QByteArray fields = R"("id":{"S":")" + QByteArray(id) + "\"}";
    if (!expires.isEmpty())
        fields += R"(,"expires":)" + expires;
    return R"({"TableName":"sessions","Item":{)" + fields + "}}";
}

} // namespace

class TestTtl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void expiry_data();
    void expiry();
    void disabledTableKeepsItems();
    void deletionsReachEveryReader();
    void sweeperRunsInTheBackground();
    void sweeperRunsOnItsTimer();

private:
    bool exists(const char *id);
    void enable();

    std::shared_ptr<std::atomic<qint64>> m_now;
    std::shared_ptr<TableEngine> m_engine;
};

void TestTtl::init()
{
    m_now = std::make_shared<std::atomic<qint64>>(kStart);
    EngineOptions options;
    auto now = m_now;
    options.clock = [now] { return QDateTime::fromSecsSinceEpoch(now->load()).toUTC(); };
    m_engine = makeEngine(options);
    QVERIFY(m_engine);
    ok(*m_engine, QStringLiteral("CreateTable"),
       R"({"TableName":"sessions","BillingMode":"PAY_PER_REQUEST",
           "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
           "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})");
}

void TestTtl::cleanup()
{
    m_engine.reset();
}

void TestTtl::enable()
{
    ok(*m_engine, QStringLiteral("UpdateTimeToLive"),
       R"({"TableName":"sessions","TimeToLiveSpecification":{"AttributeName":"expires","Enabled":true}})");
}

bool TestTtl::exists(const char *id)
{
    const QJsonObject r = ok(*m_engine, QStringLiteral("GetItem"),
                             R"({"TableName":"sessions","Key":{"id":{"S":")" + QByteArray(id) + R"("}}})");
    return r.contains(u"Item");
}

void TestTtl::expiry_data()
{
    QTest::addColumn<QByteArray>("expires");  // the attribute's DynamoDB JSON (empty: none)
    QTest::addColumn<qint64>("advance");      // seconds the clock moves before the sweep
    QTest::addColumn<bool>("deleted");

    const QByteArray at = R"({"N":")" + QByteArray::number(kStart + 60) + "\"}";
    QTest::newRow("not yet") << at << qint64(59) << false;
    QTest::newRow("exactly now") << at << qint64(60) << false;
    QTest::newRow("one second after") << at << qint64(61) << true;
    QTest::newRow("fraction") << QByteArray(R"({"N":"1700000060.5"})") << qint64(61) << true;
    QTest::newRow("long past") << QByteArray(R"({"N":"1600000000"})") << qint64(0) << true;
    QTest::newRow("more than five years past") << QByteArray(R"({"N":"1500000000"})") << qint64(0) << false;
    QTest::newRow("milliseconds are far future") << QByteArray(R"({"N":"1700000000000"})") << qint64(3600) << false;
    QTest::newRow("a string") << QByteArray(R"({"S":"1600000000"})") << qint64(0) << false;
    QTest::newRow("a number set") << QByteArray(R"({"NS":["1600000000"]})") << qint64(0) << false;
    QTest::newRow("no attribute") << QByteArray() << qint64(3600) << false;
}

void TestTtl::expiry()
{
    QFETCH(QByteArray, expires);
    QFETCH(qint64, advance);
    QFETCH(bool, deleted);
    enable();
    ok(*m_engine, QStringLiteral("PutItem"), item("s1", expires));
    ok(*m_engine, QStringLiteral("PutItem"), item("keep", R"({"N":"9999999999"})"));
    m_now->fetch_add(advance);
    QCOMPARE(m_engine->sweepExpired(), deleted ? 1 : 0);
    QCOMPARE(exists("s1"), !deleted);
    QVERIFY(exists("keep"));
    const QJsonObject table = ok(*m_engine, QStringLiteral("DescribeTable"), R"({"TableName":"sessions"})");
    QCOMPARE(table.value(u"Table").toObject().value(u"ItemCount").toInteger(), deleted ? 1 : 2);
}

void TestTtl::disabledTableKeepsItems()
{
    ok(*m_engine, QStringLiteral("PutItem"), item("s1", R"({"N":"1600000000"})"));
    QCOMPARE(m_engine->sweepExpired(), 0);
    QVERIFY(exists("s1"));
    enable();
    ok(*m_engine, QStringLiteral("UpdateTimeToLive"),
       R"({"TableName":"sessions","TimeToLiveSpecification":{"AttributeName":"expires","Enabled":false}})");
    QCOMPARE(m_engine->sweepExpired(), 0);
    QVERIFY(exists("s1"));
    enable();
    QCOMPARE(m_engine->sweepExpired(), 1);
    QVERIFY(!exists("s1"));
}

void TestTtl::deletionsReachEveryReader()
{
    enable();
    for (int i = 0; i < 600; ++i) {
        const QByteArray id = "s" + QByteArray::number(i);
        ok(*m_engine, QStringLiteral("PutItem"),
           R"({"TableName":"sessions","Item":{"id":{"S":")" + id + R"("},"expires":{"N":")" +
               QByteArray::number(i % 2 ? kStart + 10 : kStart + 1000) + "\"}}}");
    }
    // Another thread reads first, so its connection exists before the deletions.
    auto countFromOtherThread = [this] {
        qint64 count = -1;
        QThread *reader = QThread::create([&] {
            const QJsonObject r = ok(*m_engine, QStringLiteral("Scan"),
                                     R"({"TableName":"sessions","Select":"COUNT"})");
            count = r.value(u"Count").toInteger(-1);
        });
        reader->start();
        reader->wait();
        delete reader;
        return count;
    };
    QCOMPARE(countFromOtherThread(), 600);
    m_now->fetch_add(11);
    QCOMPARE(m_engine->sweepExpired(), 300);  // more than one delete chunk
    QCOMPARE(countFromOtherThread(), 300);
    const QJsonObject here = ok(*m_engine, QStringLiteral("Scan"), R"({"TableName":"sessions","Select":"COUNT"})");
    QCOMPARE(here.value(u"Count").toInteger(), 300);
    QCOMPARE(m_engine->sweepExpired(), 0);
}

void TestTtl::sweeperRunsInTheBackground()
{
    enable();
    ok(*m_engine, QStringLiteral("PutItem"), item("s1", R"({"N":"1600000000"})"));
    // A long interval: the sweep the test asks for is the only one.
    TtlSweeper sweeper(m_engine, 3600 * 1000);
    QSignalSpy swept(&sweeper, &TtlSweeper::swept);
    QVERIFY(sweeper.sweepNow());
    QTRY_COMPARE_WITH_TIMEOUT(swept.count(), 1, 10000);
    QCOMPARE(swept.at(0).at(0).toLongLong(), 1);
    QVERIFY(!exists("s1"));
}

void TestTtl::sweeperRunsOnItsTimer()
{
    enable();
    ok(*m_engine, QStringLiteral("PutItem"), item("s1", R"({"N":"1700000100"})"));
    m_now->fetch_add(101);
    // No sweepNow(): the timer alone starts the sweep.
    TtlSweeper sweeper(m_engine, 20);
    QSignalSpy swept(&sweeper, &TtlSweeper::swept);
    QTRY_COMPARE_WITH_TIMEOUT(swept.count(), 1, 10000);
    QVERIFY(!exists("s1"));
}

QTEST_GUILESS_MAIN(TestTtl)
#include "tst_ttl.moc"
