// DynamoEndpoint through a fake HttpExchange (no socket): protocol checks in the service's
// order, authentication rules, response headers and the x-amz-crc32 checksum.
#include "enginefixture.h"

#include <tables/dynamoendpoint.h>

#include <QMutex>
#include <QTest>
#include <QWaitCondition>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

namespace {

class FakeExchange : public Http::HttpExchange
{
public:
    explicit FakeExchange(Http::HttpRequest request) : m_request(std::move(request)) {}

    const Http::HttpRequest &request() const override { return m_request; }
    qint64 elapsedUs() const override { return 0; }
    void addStage(const QString &name, qint64, qint64) override
    {
        QMutexLocker lock(&m_mutex);
        m_stages.append(name);
    }
    void setNote(const QString &key, const QVariant &value) override
    {
        QMutexLocker lock(&m_mutex);
        m_notes.insert(key, value);
    }
    void respond(Http::HttpResponse response) override
    {
        QMutexLocker lock(&m_mutex);
        if (m_response)
            return;
        m_response = std::move(response);
        m_answered.wakeAll();
    }

    Http::HttpResponse wait()
    {
        QMutexLocker lock(&m_mutex);
        while (!m_response)
            m_answered.wait(&m_mutex);
        return *m_response;
    }
    QVariantMap notes() const
    {
        QMutexLocker lock(&m_mutex);
        return m_notes;
    }
    QStringList stages() const
    {
        QMutexLocker lock(&m_mutex);
        return m_stages;
    }

private:
    Http::HttpRequest m_request;
    mutable QMutex m_mutex;
    QWaitCondition m_answered;
    std::optional<Http::HttpResponse> m_response;
    QVariantMap m_notes;
    QStringList m_stages;
};

const QByteArray kSigned =
    "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abcdef";

Http::HttpRequest post(const QByteArray &target, const QByteArray &body,
                       const QByteArray &authorization = kSigned,
                       const QByteArray &contentType = "application/x-amz-json-1.0")
{
    Http::HttpRequest r;
    r.method = "POST";
    r.target = "/";
    r.path = "/";
    r.requestId = "req-1";
    if (!target.isEmpty())
        r.headers.append({QByteArray("X-Amz-Target"), target});
    if (!contentType.isEmpty())
        r.headers.append({QByteArray("Content-Type"), contentType});
    if (!authorization.isEmpty())
        r.headers.append({QByteArray("Authorization"), authorization});
    r.headers.append({QByteArray("X-Amz-Date"), QByteArray("20240101T000000Z")});
    r.body = body;
    return r;
}

} // namespace

class TestEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void crc32();
    void protocol_data();
    void protocol();
    void successHeaders();
    void conditionFailureCarriesItem();
    void notesAndStages();
    void refusal();

private:
    Http::HttpResponse send(const Http::HttpRequest &request,
                            std::shared_ptr<FakeExchange> *exchangeOut = nullptr);
    std::shared_ptr<TableEngine> m_engine;
    std::unique_ptr<DynamoEndpoint> m_endpoint;
};

void TestEndpoint::initTestCase()
{
    m_engine = makeEngine();
    QVERIFY(m_engine);
    m_endpoint = std::make_unique<DynamoEndpoint>(m_engine);
    ok(*m_engine, QStringLiteral("CreateTable"),
       R"J({"TableName":"items","BillingMode":"PAY_PER_REQUEST",
           "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
           "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})J");
    ok(*m_engine, QStringLiteral("PutItem"), R"J({"TableName":"items","Item":{"id":{"S":"a"},"v":{"N":"1"}}})J");
}

Http::HttpResponse TestEndpoint::send(const Http::HttpRequest &request,
                                      std::shared_ptr<FakeExchange> *exchangeOut)
{
    auto exchange = std::make_shared<FakeExchange>(request);
    m_endpoint->handle(exchange);
    if (exchangeOut)
        *exchangeOut = exchange;
    return exchange->wait();
}

void TestEndpoint::crc32()
{
    QCOMPARE(DynamoEndpoint::crc32("123456789"), 0xCBF43926u);
    // The checksums the service sends with its fixed bodies.
    QCOMPARE(DynamoEndpoint::crc32("healthy: dynamodb.us-east-1.amazonaws.com "), 3128867991u);
    QCOMPARE(DynamoEndpoint::crc32("<UnknownOperationException/>\n"), 3552371480u);
}

void TestEndpoint::protocol_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("expectedBody");

    const QByteArray list = "DynamoDB_20120810.ListTables";
    const QByteArray json = "application/x-amz-json-1.0";
    QTest::newRow("health check") << QByteArray("GET") << QByteArray() << QByteArray() << QByteArray()
                                  << QByteArray() << 200
                                  << QByteArray("healthy: dynamodb.us-east-1.amazonaws.com ");
    QTest::newRow("put method") << QByteArray("PUT") << list << QByteArray("{}") << kSigned << json << 404
                                << QByteArray("<UnknownOperationException/>\n");
    QTest::newRow("wrong content type") << QByteArray("POST") << list << QByteArray("{}") << kSigned
                                        << QByteArray("text/plain") << 404
                                        << QByteArray("<UnknownOperationException/>\n");
    QTest::newRow("bad json") << QByteArray("POST") << list << QByteArray("{") << kSigned << json << 400
                              << QByteArray(R"J({"__type":"com.amazon.coral.service#SerializationException"})J");
    QTest::newRow("bad json before target")
        << QByteArray("POST") << QByteArray() << QByteArray("{") << QByteArray() << json << 400
        << QByteArray(R"J({"__type":"com.amazon.coral.service#SerializationException"})J");
    QTest::newRow("no target") << QByteArray("POST") << QByteArray() << QByteArray("{}") << kSigned << json
                               << 400
                               << QByteArray(R"J({"__type":"com.amazon.coral.service#UnknownOperationException"})J");
    QTest::newRow("unknown operation")
        << QByteArray("POST") << QByteArray("DynamoDB_20120810.DropEverything") << QByteArray("{}") << kSigned
        << json << 400 << QByteArray(R"J({"__type":"com.amazon.coral.service#UnknownOperationException"})J");
    QTest::newRow("wrong api version")
        << QByteArray("POST") << QByteArray("DynamoDB_20990101.ListTables") << QByteArray("{}") << kSigned << json
        << 400 << QByteArray(R"J({"__type":"com.amazon.coral.service#UnknownOperationException"})J");
    QTest::newRow("no authorization")
        << QByteArray("POST") << list << QByteArray("{}") << QByteArray() << json << 400
        << QByteArray(R"J({"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"})J");
    QTest::newRow("not sigv4")
        << QByteArray("POST") << list << QByteArray("{}") << QByteArray("Basic abc") << json << 400
        << QByteArray(R"J({"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"})J");
    QTest::newRow("incomplete signature")
        << QByteArray("POST") << list << QByteArray("{}") << QByteArray("AWS4-HMAC-SHA256 Signature=b") << json
        << 400
        << QByteArray(R"J({"__type":"com.amazon.coral.service#IncompleteSignatureException","message":"Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Signature=b"})J");
    QTest::newRow("empty body") << QByteArray("POST") << list << QByteArray() << kSigned << json << 400
                                << QByteArray(R"J({"__type":"com.amazon.coral.service#SerializationException"})J");
    QTest::newRow("list tables") << QByteArray("POST") << list << QByteArray("{}") << kSigned << json << 200
                                 << QByteArray(R"J({"TableNames":["items"]})J");
    QTest::newRow("application/json")
        << QByteArray("POST") << list << QByteArray("{}") << kSigned << QByteArray("application/json") << 200
        << QByteArray(R"J({"TableNames":["items"]})J");
    QTest::newRow("validation error")
        << QByteArray("POST") << QByteArray("DynamoDB_20120810.DescribeTable") << QByteArray("{}") << kSigned
        << json << 400
        << QByteArray(R"J({"__type":"com.amazon.coral.validate#ValidationException","message":"The parameter 'TableName' is required but was not present in the request"})J");
    QTest::newRow("not found")
        << QByteArray("POST") << QByteArray("DynamoDB_20120810.GetItem")
        << QByteArray(R"J({"TableName":"nope","Key":{"id":{"S":"a"}}})J") << kSigned << json << 400
        << QByteArray(R"J({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"})J");
    QTest::newRow("get item")
        << QByteArray("POST") << QByteArray("DynamoDB_20120810.GetItem")
        << QByteArray(R"J({"TableName":"items","Key":{"id":{"S":"a"}}})J") << kSigned << json << 200
        << QByteArray(R"J({"Item":{"id":{"S":"a"},"v":{"N":"1"}}})J");
}

void TestEndpoint::protocol()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QByteArray, expectedBody);
    Http::HttpRequest request = post(target, body, authorization, contentType);
    request.method = method;
    const Http::HttpResponse response = send(request);
    QCOMPARE(response.status, status);
    if (expectedBody.startsWith('{'))
        QCOMPARE(QString::fromUtf8(response.body), normalised(expectedBody));
    else
        QCOMPARE(response.body, expectedBody);
    QCOMPARE(response.header("x-amz-crc32"), QByteArray::number(DynamoEndpoint::crc32(response.body)));
    QCOMPARE(response.header("x-amzn-RequestId"), QByteArray("req-1"));
}

void TestEndpoint::successHeaders()
{
    Http::HttpResponse r = send(post("DynamoDB_20120810.ListTables", "{}"));
    QCOMPARE(r.header("Content-Type"), QByteArray("application/x-amz-json-1.0"));
    r = send(post("DynamoDB_20120810.ListTables", "{}", kSigned, "application/json; charset=utf-8"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
}

void TestEndpoint::conditionFailureCarriesItem()
{
    // Answered from the store's writer thread.
    const Http::HttpResponse r = send(post(
        "DynamoDB_20120810.PutItem",
        R"J({"TableName":"items","Item":{"id":{"S":"a"}},"ConditionExpression":"attribute_not_exists(id)",
            "ReturnValuesOnConditionCheckFailure":"ALL_OLD"})J"));
    QCOMPARE(r.status, 400);
    QCOMPARE(QString::fromUtf8(r.body),
             normalised(R"J({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                            "message":"The conditional request failed","Item":{"id":{"S":"a"},"v":{"N":"1"}}})J"));
    QCOMPARE(r.header("x-amz-crc32"), QByteArray::number(DynamoEndpoint::crc32(r.body)));
}

void TestEndpoint::notesAndStages()
{
    std::shared_ptr<FakeExchange> exchange;
    send(post("DynamoDB_20120810.UpdateItem",
              R"J({"TableName":"items","Key":{"id":{"S":"a"}},"UpdateExpression":"ADD v :one",
                  "ExpressionAttributeValues":{":one":{"N":"1"}}})J"),
         &exchange);
    QCOMPARE(exchange->notes().value(QStringLiteral("operation")).toString(), QStringLiteral("UpdateItem"));
    QCOMPARE(exchange->notes().value(QStringLiteral("table")).toString(), QStringLiteral("items"));
    QVERIFY(!exchange->notes().contains(QStringLiteral("error")));
    QCOMPARE(exchange->stages(), (QStringList{"parse", "engine", "write", "commit"}));
    send(post("DynamoDB_20120810.ListTables", "{}"), &exchange);
    QCOMPARE(exchange->stages(), (QStringList{"parse", "engine"}));

    send(post("DynamoDB_20120810.GetItem", R"J({"TableName":"nope","Key":{"id":{"S":"a"}}})J"), &exchange);
    QCOMPARE(exchange->notes().value(QStringLiteral("error")).toString(),
             QStringLiteral("ResourceNotFoundException"));
}

void TestEndpoint::refusal()
{
    const Http::HttpResponse r = m_endpoint->refusal(Http::RefusalReason::BodyTooLarge, 413,
                                                     QStringLiteral("Request entity too large"));
    QCOMPARE(r.status, 413);
    QVERIFY(r.body.contains("RequestEntityTooLarge"));
    QCOMPARE(r.header("x-amz-crc32"), QByteArray::number(DynamoEndpoint::crc32(r.body)));
}

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
