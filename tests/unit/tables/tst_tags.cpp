// Tags: the 50-tag limit counted after replacements, tags kept with the table's definition
// (they survive reopening the store and go with the table when it is deleted).
#include "enginefixture.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

namespace {

const QByteArray kArn = "arn:aws:dynamodb:ddblocal:000000000000:table/tagged";

QByteArray tagRequest(int from, int count)
{
    QByteArray tags;
    for (int i = from; i < from + count; ++i) {
        if (!tags.isEmpty())
            tags += ',';
        tags += R"({"Key":"k)" + QByteArray::number(i) + R"(","Value":"v)" + QByteArray::number(i) + "\"}";
    }
    return R"({"ResourceArn":")" + kArn + R"(","Tags":[)" + tags + "]}";
}

QByteArray createRequest()
{
    return R"({"TableName":"tagged","BillingMode":"PAY_PER_REQUEST",
               "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
               "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})";
}

int tagCount(TableEngine &engine)
{
    const QJsonObject r = ok(engine, QStringLiteral("ListTagsOfResource"), R"({"ResourceArn":")" + kArn + "\"}");
    return int(r.value(u"Tags").toArray().size());
}

} // namespace

class TestTags : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void limit_data();
    void limit();
    void keptWithTheTable();
};

void TestTags::limit_data()
{
    QTest::addColumn<int>("first");      // tags k0.. given first
    QTest::addColumn<int>("secondFrom"); // then tags k<secondFrom>..
    QTest::addColumn<int>("second");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("count");      // tags afterwards

    const QString tooMany = QStringLiteral(
        "LimitExceededException: The number of tags exceeds the limit of 50 tags per resource");
    QTest::newRow("50 at once") << 0 << 0 << 50 << "{}" << 50;
    QTest::newRow("51 at once") << 0 << 0 << 51 << tooMany << 0;
    QTest::newRow("40 then 10 more") << 40 << 40 << 10 << "{}" << 50;
    QTest::newRow("40 then 11 more") << 40 << 40 << 11 << tooMany << 40;
    QTest::newRow("replacements do not count") << 50 << 0 << 50 << "{}" << 50;
    QTest::newRow("replacements and one more") << 50 << 1 << 50 << tooMany << 50;
}

void TestTags::limit()
{
    QFETCH(int, first);
    QFETCH(int, secondFrom);
    QFETCH(int, second);
    QFETCH(QString, expected);
    QFETCH(int, count);
    auto engine = makeEngine();
    QVERIFY(engine);
    ok(*engine, QStringLiteral("CreateTable"), createRequest());
    if (first > 0)
        QCOMPARE(run(*engine, QStringLiteral("TagResource"), tagRequest(0, first)), QStringLiteral("{}"));
    QCOMPARE(run(*engine, QStringLiteral("TagResource"), tagRequest(secondFrom, second)), expected);
    QCOMPARE(tagCount(*engine), count);
}

void TestTags::keptWithTheTable()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineOptions options;
    options.store.path = dir.filePath(QStringLiteral("tables.sqlite"));
    options.clock = fixedNow;
    {
        auto engine = TableEngine::open(options);
        QVERIFY(engine);
        ok(**engine, QStringLiteral("CreateTable"), createRequest());
        QCOMPARE(run(**engine, QStringLiteral("TagResource"), tagRequest(0, 3)), QStringLiteral("{}"));
        (*engine)->store().close();
    }
    auto engine = TableEngine::open(options);
    QVERIFY(engine);
    QCOMPARE(tagCount(**engine), 3);
    ok(**engine, QStringLiteral("DeleteTable"), R"({"TableName":"tagged"})");
    ok(**engine, QStringLiteral("CreateTable"), createRequest());
    QCOMPARE(tagCount(**engine), 0);
    (*engine)->store().close();
}

QTEST_GUILESS_MAIN(TestTags)
#include "tst_tags.moc"
