// Capacity units and the ConsumedCapacity shapes (core/tables/capacity.h).
#include <tables/capacity.h>

#include <QJsonDocument>
#include <QTest>

using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Capacity;

namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

class TestCapacity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void units_data();
    void units();
    void shapes_data();
    void shapes();
    void requestedMode_data();
    void requestedMode();
    void estimateRange_data();
    void estimateRange();
};

void TestCapacity::units_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<double>("expected");
    QTest::newRow("read nothing, eventual") << "read" << qint64(0) << 0.5;
    QTest::newRow("read nothing, consistent") << "strong" << qint64(0) << 1.0;
    QTest::newRow("read 1 byte") << "read" << qint64(1) << 0.5;
    QTest::newRow("read 4096") << "read" << qint64(4096) << 0.5;
    QTest::newRow("read 4097") << "read" << qint64(4097) << 1.0;
    QTest::newRow("read 4097 strong") << "strong" << qint64(4097) << 2.0;
    QTest::newRow("read 1 MB strong") << "strong" << qint64(1024 * 1024) << 256.0;
    QTest::newRow("transact read 1") << "txread" << qint64(1) << 2.0;
    QTest::newRow("transact read 8193") << "txread" << qint64(8193) << 6.0;
    QTest::newRow("write nothing") << "write" << qint64(0) << 1.0;
    QTest::newRow("write 1024") << "write" << qint64(1024) << 1.0;
    QTest::newRow("write 1025") << "write" << qint64(1025) << 2.0;
    QTest::newRow("write 400 KB") << "write" << qint64(400 * 1024) << 400.0;
    QTest::newRow("transact write 1025") << "txwrite" << qint64(1025) << 4.0;
}

void TestCapacity::units()
{
    QFETCH(QString, kind);
    QFETCH(qint64, bytes);
    QFETCH(double, expected);
    double actual = 0;
    if (kind == u"read")
        actual = readUnits(bytes, false);
    else if (kind == u"strong")
        actual = readUnits(bytes, true);
    else if (kind == u"txread")
        actual = transactionalReadUnits(bytes);
    else if (kind == u"write")
        actual = writeUnits(bytes);
    else
        actual = transactionalWriteUnits(bytes);
    QCOMPARE(actual, expected);
}

void TestCapacity::shapes_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("withIndexes");
    QTest::addColumn<QString>("expected");
    const int read = int(Consumed::Kind::Read);
    const int txWrite = int(Consumed::Kind::TransactWrite);
    const int txRead = int(Consumed::Kind::TransactRead);
    const int total = int(Mode::Total);
    const int indexes = int(Mode::Indexes);
    QTest::newRow("read total") << read << total << false
                                << R"({"CapacityUnits":1.5,"TableName":"t"})";
    QTest::newRow("read indexes") << read << indexes << false
                                  << R"({"CapacityUnits":1.5,"Table":{"CapacityUnits":1.5},"TableName":"t"})";
    QTest::newRow("indexes, with index units")
        << int(Consumed::Kind::Write) << indexes << true
        << R"({"CapacityUnits":4.5,"GlobalSecondaryIndexes":{"g1":{"CapacityUnits":2}},)"
           R"("LocalSecondaryIndexes":{"l1":{"CapacityUnits":1}},"Table":{"CapacityUnits":1.5},"TableName":"t"})";
    QTest::newRow("total sums the indexes") << read << total << true
                                           << R"({"CapacityUnits":4.5,"TableName":"t"})";
    QTest::newRow("transact write names the units")
        << txWrite << total << false << R"({"CapacityUnits":1.5,"TableName":"t","WriteCapacityUnits":1.5})";
    QTest::newRow("transact read, breakdown too")
        << txRead << indexes << false
        << R"({"CapacityUnits":1.5,"ReadCapacityUnits":1.5,"Table":{"CapacityUnits":1.5,"ReadCapacityUnits":1.5},"TableName":"t"})";
}

void TestCapacity::shapes()
{
    QFETCH(int, kind);
    QFETCH(int, mode);
    QFETCH(bool, withIndexes);
    QFETCH(QString, expected);
    Consumed c(QStringLiteral("t"), Consumed::Kind(kind));
    c.addTable(1.0);
    c.addTable(0.5);
    if (withIndexes) {
        c.addGlobalIndex(QStringLiteral("g1"), 2.0);
        c.addLocalIndex(QStringLiteral("l1"), 1.0);
    }
    QCOMPARE(compact(c.toJson(Mode(mode))), expected);
    Consumed doubled = c;
    doubled.merge(c);
    QCOMPARE(doubled.total(), 2 * c.total());
}

void TestCapacity::requestedMode_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("mode");
    QTest::newRow("absent") << QString() << int(Mode::None);
    QTest::newRow("NONE") << "NONE" << int(Mode::None);
    QTest::newRow("TOTAL") << "TOTAL" << int(Mode::Total);
    QTest::newRow("INDEXES") << "INDEXES" << int(Mode::Indexes);
}

void TestCapacity::requestedMode()
{
    QFETCH(QString, value);
    QFETCH(int, mode);
    QJsonObject request;
    if (!value.isNull())
        request.insert(u"ReturnConsumedCapacity", value);
    QCOMPARE(int(requested(request)), mode);
}

void TestCapacity::estimateRange_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << qint64(0) << "[0,1]";
    QTest::newRow("small") << qint64(5000) << "[0,1]";
    QTest::newRow("1.5 GB") << qint64(1536) * 1024 * 1024 << "[1,2]";
}

void TestCapacity::estimateRange()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromUtf8(QJsonDocument(sizeEstimateRangeGB(bytes)).toJson(QJsonDocument::Compact)),
             expected);
}

QTEST_GUILESS_MAIN(TestCapacity)
#include "tst_capacity.moc"
