// PutItem, GetItem, UpdateItem, DeleteItem on an in-memory engine: key validation, conditions,
// ReturnValues, exact arithmetic, the item size limit, and atomic conditional writes.
#include "enginefixture.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

class TestItemOps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void requests_data();
    void requests();
    void atomicCounterIsExact();
    void conditionalPutRace();
    void itemSizeLimit();
    void keySizeLimits();
    void returnValuesOnConditionCheckFailure();

private:
    std::shared_ptr<TableEngine> m_engine;
};

void TestItemOps::init()
{
    m_engine = makeEngine();
    QVERIFY(m_engine);
    ok(*m_engine, QStringLiteral("CreateTable"),
       R"J({"TableName":"items","BillingMode":"PAY_PER_REQUEST",
           "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
           "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})J");
    ok(*m_engine, QStringLiteral("CreateTable"),
       R"J({"TableName":"pairs","BillingMode":"PAY_PER_REQUEST",
           "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],
           "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]})J");
    ok(*m_engine, QStringLiteral("PutItem"),
       R"J({"TableName":"items","Item":{"id":{"S":"a"},"n":{"N":"1"},"s":{"S":"x"},
           "m":{"M":{"l":{"L":[{"N":"1"},{"N":"2"}]}}}}})J");
}

void TestItemOps::cleanup()
{
    m_engine.reset();
}

void TestItemOps::requests_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("expected");
    // An optional follow-up GetItem on items/a (empty: none).
    QTest::addColumn<QString>("after");

    const QString put = QStringLiteral("PutItem");
    const QString get = QStringLiteral("GetItem");
    const QString update = QStringLiteral("UpdateItem");
    const QString del = QStringLiteral("DeleteItem");
    const QString original = normalised(R"J({"Item":{"id":{"S":"a"},"n":{"N":"1"},"s":{"S":"x"},
                                            "m":{"M":{"l":{"L":[{"N":"1"},{"N":"2"}]}}}}})J");

    // GetItem
    QTest::newRow("get") << get << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}}})J")
                         << original << QString();
    QTest::newRow("get missing") << get << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"zz"}}})J")
                                 << "{}" << QString();
    QTest::newRow("get projection")
        << get << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},"ProjectionExpression":"s, m.l[1]"})J")
        << normalised(R"J({"Item":{"s":{"S":"x"},"m":{"M":{"l":{"L":[{"N":"2"}]}}}}})J") << QString();
    QTest::newRow("get no table") << get << QByteArray(R"J({"TableName":"nothere","Key":{"id":{"S":"a"}}})J")
                                  << "ResourceNotFoundException: Requested resource not found" << QString();
    QTest::newRow("get wrong key type")
        << get << QByteArray(R"J({"TableName":"items","Key":{"id":{"N":"1"}}})J")
        << "ValidationException: The provided key element does not match the schema" << QString();
    QTest::newRow("get extra key attribute")
        << get << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"},"x":{"S":"b"}}})J")
        << "ValidationException: The provided key element does not match the schema" << QString();
    QTest::newRow("get empty key")
        << get << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":""}}})J")
        << "ValidationException: One or more parameter values are not valid. The AttributeValue for a key "
           "attribute cannot contain an empty string value. Key: id" << QString();
    QTest::newRow("get missing range key")
        << get << QByteArray(R"J({"TableName":"pairs","Key":{"pk":{"S":"a"}}})J")
        << "ValidationException: The provided key element does not match the schema" << QString();
    QTest::newRow("get key null")
        << get << QByteArray(R"J({"TableName":"items"})J")
        << "ValidationException: 1 validation error detected: Value null at 'key' failed to satisfy "
           "constraint: Member must not be null" << QString();
    QTest::newRow("get names without expression")
        << get << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},"ExpressionAttributeNames":{"#a":"a"}})J")
        << "ValidationException: ExpressionAttributeNames can only be specified when using expressions"
        << QString();

    // PutItem
    QTest::newRow("put missing key")
        << put << QByteArray(R"J({"TableName":"items","Item":{"x":{"S":"a"}}})J")
        << "ValidationException: One or more parameter values were invalid: Missing the key id in the item"
        << QString();
    QTest::newRow("put key type mismatch")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"N":"1"}}})J")
        << "ValidationException: One or more parameter values were invalid: Type mismatch for key id "
           "expected: S actual: N" << QString();
    QTest::newRow("put empty key")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"S":""}}})J")
        << "ValidationException: One or more parameter values are not valid. The AttributeValue for a key "
           "attribute cannot contain an empty string value. Key: id" << QString();
    QTest::newRow("put empty range binary")
        << put << QByteArray(R"J({"TableName":"pairs","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"b":{"B":""}}})J")
        << "{}" << QString();
    QTest::newRow("put return values")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"S":"a"}},"ReturnValues":"ALL_NEW"})J")
        << "ValidationException: 1 validation error detected: ReturnValues can only be ALL_OLD or NONE"
        << original;
    QTest::newRow("put all old")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"S":"a"},"v":{"BOOL":true}},"ReturnValues":"ALL_OLD"})J")
        << normalised(R"J({"Attributes":{"id":{"S":"a"},"n":{"N":"1"},"s":{"S":"x"},"m":{"M":{"l":{"L":[{"N":"1"},{"N":"2"}]}}}}})J")
        << normalised(R"J({"Item":{"id":{"S":"a"},"v":{"BOOL":true}}})J");
    QTest::newRow("put all old of new item")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"S":"new"}},"ReturnValues":"ALL_OLD"})J")
        << "{}" << original;
    QTest::newRow("put condition fails")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"S":"a"}},"ConditionExpression":"attribute_not_exists(id)"})J")
        << "ConditionalCheckFailedException: The conditional request failed" << original;
    QTest::newRow("put condition holds")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"S":"a"}},"ConditionExpression":"n = :one",
                                 "ExpressionAttributeValues":{":one":{"N":"1.0"}}})J")
        << "{}" << normalised(R"J({"Item":{"id":{"S":"a"}}})J");
    QTest::newRow("put unused value")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"S":"a"}},"ConditionExpression":"n = :one",
                                 "ExpressionAttributeValues":{":one":{"N":"1"},":two":{"N":"2"}}})J")
        << "ValidationException: 1 validation error detected: Value provided in ExpressionAttributeValues "
           "unused in expressions: keys: {:two}"
        << original;
    QTest::newRow("put values without expression")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"S":"a"}},"ExpressionAttributeValues":{":a":{"S":"b"}}})J")
        << "ValidationException: 1 validation error detected: ExpressionAttributeValues can only be specified when using expressions"
        << original;
    QTest::newRow("put bad value in item")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"S":"a"},"n":{"N":"abc"}}})J")
        << "ValidationException: 1 validation error detected: The parameter cannot be converted to a numeric value: abc" << original;
    QTest::newRow("put bad expression value")
        << put << QByteArray(R"J({"TableName":"items","Item":{"id":{"S":"a"}},"ConditionExpression":"n = :v",
                                 "ExpressionAttributeValues":{":v":{"N":"x"}}})J")
        << "ValidationException: 1 validation error detected: The parameter cannot be converted to a numeric value: x" << original;

    // UpdateItem
    QTest::newRow("update set and add")
        << update << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},
                                    "UpdateExpression":"SET s = :s ADD n :one","ReturnValues":"UPDATED_NEW",
                                    "ExpressionAttributeValues":{":s":{"S":"y"},":one":{"N":"1"}}})J")
        << normalised(R"J({"Attributes":{"s":{"S":"y"},"n":{"N":"2"}}})J")
        << normalised(R"J({"Item":{"id":{"S":"a"},"n":{"N":"2"},"s":{"S":"y"},"m":{"M":{"l":{"L":[{"N":"1"},{"N":"2"}]}}}}})J");
    QTest::newRow("update updated old")
        << update << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},
                                    "UpdateExpression":"REMOVE s","ReturnValues":"UPDATED_OLD"})J")
        << normalised(R"J({"Attributes":{"s":{"S":"x"}}})J")
        << normalised(R"J({"Item":{"id":{"S":"a"},"n":{"N":"1"},"m":{"M":{"l":{"L":[{"N":"1"},{"N":"2"}]}}}}})J");
    QTest::newRow("update all old")
        << update << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},
                                    "UpdateExpression":"REMOVE m","ReturnValues":"ALL_OLD"})J")
        << normalised(R"J({"Attributes":{"id":{"S":"a"},"n":{"N":"1"},"s":{"S":"x"},"m":{"M":{"l":{"L":[{"N":"1"},{"N":"2"}]}}}}})J")
        << normalised(R"J({"Item":{"id":{"S":"a"},"n":{"N":"1"},"s":{"S":"x"}}})J");
    QTest::newRow("update all new creates")
        << update << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"b"}},
                                    "UpdateExpression":"SET c = if_not_exists(c, :z) + :one","ReturnValues":"ALL_NEW",
                                    "ExpressionAttributeValues":{":z":{"N":"10"},":one":{"N":"1"}}})J")
        << normalised(R"J({"Attributes":{"id":{"S":"b"},"c":{"N":"11"}}})J") << original;
    QTest::newRow("update nested list")
        << update << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},
                                    "UpdateExpression":"SET m.l[0] = :v, m.k = list_append(:e, :e)","ReturnValues":"UPDATED_NEW",
                                    "ExpressionAttributeValues":{":v":{"S":"first"},":e":{"L":[{"BOOL":false}]}}})J")
        << normalised(R"J({"Attributes":{"m":{"M":{"l":{"L":[{"S":"first"}]},"k":{"L":[{"BOOL":false},{"BOOL":false}]}}}}})J")
        << normalised(R"J({"Item":{"id":{"S":"a"},"n":{"N":"1"},"s":{"S":"x"},
                          "m":{"M":{"l":{"L":[{"S":"first"},{"N":"2"}]},"k":{"L":[{"BOOL":false},{"BOOL":false}]}}}}})J");
    QTest::newRow("update key attribute")
        << update << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},"UpdateExpression":"SET id = :v",
                                    "ExpressionAttributeValues":{":v":{"S":"b"}}})J")
        << "ValidationException: One or more parameter values were invalid: Cannot update attribute id. "
           "This attribute is part of the key" << original;
    QTest::newRow("update condition fails")
        << update << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},"UpdateExpression":"SET s = :v",
                                    "ConditionExpression":"s = :v","ExpressionAttributeValues":{":v":{"S":"b"}}})J")
        << "ConditionalCheckFailedException: The conditional request failed" << original;
    QTest::newRow("update wrong operand")
        << update << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},"UpdateExpression":"SET s = s + :v",
                                    "ExpressionAttributeValues":{":v":{"N":"1"}}})J")
        << "ValidationException: An operand in the update expression has an incorrect data type" << original;
    QTest::newRow("update without expression creates key item")
        << update << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"c"}},"ReturnValues":"ALL_NEW"})J")
        << normalised(R"J({"Attributes":{"id":{"S":"c"}}})J") << original;
    QTest::newRow("update mixed legacy")
        << update << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},"UpdateExpression":"REMOVE s",
                                    "AttributeUpdates":{"s":{"Action":"DELETE"}}})J")
        << "ValidationException: 1 validation error detected: Can not use both expression and non-expression parameters in the same "
           "request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}"
        << original;

    // DeleteItem
    QTest::newRow("delete all old")
        << del << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},"ReturnValues":"ALL_OLD"})J")
        << normalised(R"J({"Attributes":{"id":{"S":"a"},"n":{"N":"1"},"s":{"S":"x"},"m":{"M":{"l":{"L":[{"N":"1"},{"N":"2"}]}}}}})J")
        << "{}";
    QTest::newRow("delete missing item")
        << del << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"zz"}},"ReturnValues":"ALL_OLD"})J")
        << "{}" << original;
    QTest::newRow("delete condition fails")
        << del << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},"ConditionExpression":"attribute_exists(q)"})J")
        << "ConditionalCheckFailedException: The conditional request failed" << original;
    QTest::newRow("delete return values")
        << del << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}},"ReturnValues":"UPDATED_NEW"})J")
        << "ValidationException: 1 validation error detected: ReturnValues can only be ALL_OLD or NONE"
        << original;
}

void TestItemOps::requests()
{
    QFETCH(QString, operation);
    QFETCH(QByteArray, request);
    QFETCH(QString, expected);
    QFETCH(QString, after);
    QCOMPARE(run(*m_engine, operation, request), expected);
    if (!after.isEmpty())
        QCOMPARE(run(*m_engine, QStringLiteral("GetItem"), R"J({"TableName":"items","Key":{"id":{"S":"a"}}})J"),
                 after);
}

void TestItemOps::atomicCounterIsExact()
{
    ok(*m_engine, QStringLiteral("PutItem"), R"J({"TableName":"items","Item":{"id":{"S":"c"},"v":{"N":"0.1"}}})J");
    QCOMPARE(run(*m_engine, QStringLiteral("UpdateItem"),
                 R"J({"TableName":"items","Key":{"id":{"S":"c"}},"UpdateExpression":"SET v = v + :d",
                     "ExpressionAttributeValues":{":d":{"N":"0.2"}},"ReturnValues":"UPDATED_NEW"})J"),
             normalised(R"J({"Attributes":{"v":{"N":"0.3"}}})J"));
    QCOMPARE(run(*m_engine, QStringLiteral("UpdateItem"),
                 R"J({"TableName":"items","Key":{"id":{"S":"c"}},"UpdateExpression":"ADD v :d",
                     "ExpressionAttributeValues":{":d":{"N":"-0.30"}},"ReturnValues":"UPDATED_NEW"})J"),
             normalised(R"J({"Attributes":{"v":{"N":"0"}}})J"));
    // 100 increments from two threads: every one is applied exactly once.
    auto increment = [this] {
        for (int i = 0; i < 50; ++i)
            ok(*m_engine, QStringLiteral("UpdateItem"),
               R"J({"TableName":"items","Key":{"id":{"S":"c"}},"UpdateExpression":"ADD v :d",
                   "ExpressionAttributeValues":{":d":{"N":"0.01"}}})J");
    };
    std::unique_ptr<QThread> other(QThread::create(increment));
    other->start();
    increment();
    QVERIFY(other->wait(60000));
    QCOMPARE(run(*m_engine, QStringLiteral("GetItem"), R"J({"TableName":"items","Key":{"id":{"S":"c"}}})J"),
             normalised(R"J({"Item":{"id":{"S":"c"},"v":{"N":"1"}}})J"));
}

void TestItemOps::conditionalPutRace()
{
    // Two threads put the same new key under attribute_not_exists, many times over: each round
    // exactly one wins.
    for (int round = 0; round < 20; ++round) {
        const QByteArray request = R"J({"TableName":"items","Item":{"id":{"S":"race)J" +
                                   QByteArray::number(round) +
                                   R"J("}},"ConditionExpression":"attribute_not_exists(id)"})J";
        std::atomic<int> wins{0};
        std::atomic<int> losses{0};
        auto attempt = [&] {
            const ApiReply reply = m_engine->callAndWait(QStringLiteral("PutItem"), parseObject(request));
            if (reply.result)
                ++wins;
            else if (reply.result.status().code() == u"ConditionalCheckFailedException")
                ++losses;
        };
        std::unique_ptr<QThread> other(QThread::create(attempt));
        other->start();
        attempt();
        QVERIFY(other->wait(60000));
        QCOMPARE(wins.load(), 1);
        QCOMPARE(losses.load(), 1);
    }
}

void TestItemOps::itemSizeLimit()
{
    // Size = name bytes + value bytes: "id" + "k" + "d" + payload = 4 + payload.
    const auto itemWith = [](int payload) -> QByteArray {
        return R"J({"TableName":"items","Item":{"id":{"S":"k"},"d":{"S":")J" + QByteArray(payload, 'x') +
               R"J("}}})J";
    };
    QCOMPARE(run(*m_engine, QStringLiteral("PutItem"), itemWith(409600 - 4)), QStringLiteral("{}"));
    QCOMPARE(run(*m_engine, QStringLiteral("PutItem"), itemWith(409600 - 3)),
             QStringLiteral("ValidationException: Item size has exceeded the maximum allowed size"));
    // An update that grows the item past the limit is refused and changes nothing.
    QCOMPARE(run(*m_engine, QStringLiteral("UpdateItem"),
                 R"J({"TableName":"items","Key":{"id":{"S":"k"}},"UpdateExpression":"SET e = :e",
                     "ExpressionAttributeValues":{":e":{"S":"yy"}}})J"),
             QStringLiteral("ValidationException: Item size to update has exceeded the maximum allowed size"));
    const QJsonObject item = ok(*m_engine, QStringLiteral("GetItem"),
                                R"J({"TableName":"items","Key":{"id":{"S":"k"}},"ProjectionExpression":"e"})J");
    QCOMPARE(item.value(u"Item").toObject().size(), 0);
}

void TestItemOps::keySizeLimits()
{
    // Partition keys up to 2048 bytes, sort keys up to 1024 bytes, counted in UTF-8.
    const auto pair = [](const QByteArray &pk, const QByteArray &skNumber) -> QByteArray {
        return R"J({"TableName":"pairs","Item":{"pk":{"S":")J" + pk + R"J("},"sk":{"N":")J" + skNumber + R"J("}}})J";
    };
    QCOMPARE(run(*m_engine, QStringLiteral("PutItem"), pair(QByteArray(2048, 'k'), "1")), QStringLiteral("{}"));
    QCOMPARE(run(*m_engine, QStringLiteral("PutItem"), pair(QByteArray(2047, 'k') + "\u00e9", "1")),
             QStringLiteral("ValidationException: One or more parameter values were invalid: Size of hashkey has "
                            "exceeded the maximum size limit of2048 bytes"));
    ok(*m_engine, QStringLiteral("CreateTable"),
       R"J({"TableName":"strpairs","BillingMode":"PAY_PER_REQUEST",
           "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"B"}],
           "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]})J");
    const auto binary = [](int bytes) -> QByteArray {
        return R"J({"TableName":"strpairs","Key":{"pk":{"S":"p"},"sk":{"B":")J" + QByteArray(bytes, 'z').toBase64() +
               R"J("}}})J";
    };
    QCOMPARE(run(*m_engine, QStringLiteral("GetItem"), binary(1024)), QStringLiteral("{}"));
    QCOMPARE(run(*m_engine, QStringLiteral("GetItem"), binary(1025)),
             QStringLiteral("ValidationException: One or more parameter values were invalid: Aggregated size of "
                            "all range keys has exceeded the size limit of 1024 bytes"));
}

void TestItemOps::returnValuesOnConditionCheckFailure()
{
    QCOMPARE(run(*m_engine, QStringLiteral("PutItem"),
                 R"J({"TableName":"items","Item":{"id":{"S":"a"}},"ConditionExpression":"attribute_not_exists(id)",
                     "ReturnValuesOnConditionCheckFailure":"ALL_OLD"})J"),
             QStringLiteral("ConditionalCheckFailedException: The conditional request failed ") +
                 normalised(R"J({"Item":{"id":{"S":"a"},"n":{"N":"1"},"s":{"S":"x"},"m":{"M":{"l":{"L":[{"N":"1"},{"N":"2"}]}}}}})J"));
    QCOMPARE(run(*m_engine, QStringLiteral("DeleteItem"),
                 R"J({"TableName":"items","Key":{"id":{"S":"none"}},"ConditionExpression":"attribute_exists(id)",
                     "ReturnValuesOnConditionCheckFailure":"ALL_OLD"})J"),
             QStringLiteral("ConditionalCheckFailedException: The conditional request failed"));
    QCOMPARE(run(*m_engine, QStringLiteral("UpdateItem"),
                 R"J({"TableName":"items","Key":{"id":{"S":"a"}},"UpdateExpression":"SET s = :v",
                     "ConditionExpression":"s = :v","ExpressionAttributeValues":{":v":{"S":"q"}},
                     "ReturnValuesOnConditionCheckFailure":"ALL_OLD"})J"),
             QStringLiteral("ConditionalCheckFailedException: The conditional request failed ") +
                 normalised(R"J({"Item":{"id":{"S":"a"},"n":{"N":"1"},"s":{"S":"x"},"m":{"M":{"l":{"L":[{"N":"1"},{"N":"2"}]}}}}})J"));
}

QTEST_GUILESS_MAIN(TestItemOps)
#include "tst_itemops.moc"
