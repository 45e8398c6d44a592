// The AWS integration for DynamoDB: real actions against an in-memory table engine through the
// gateway pipeline, with VTL on both sides; DynamoDB's error statuses reach the selection
// patterns; other services and malformed uris answer as API Gateway does.
#include <gatewayaws/awsintegrationuri.h>
#include <gatewayaws/dynamointegration.h>

#include <gateway/compiledapi.h>
#include <gateway/openapi.h>
#include <gateway/pipeline.h>
#include <tables/tableengine.h>

#include <QFile>
#include <QJsonDocument>
#include <QMutex>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

namespace {

class RecordingTrace final : public PipelineTrace
{
public:
    qint64 nowUs() const override { return ++m_clock; }
    void addStage(const QString &, qint64, qint64) override {}
    void setNote(const QString &key, const QVariant &value) override
    {
        QMutexLocker lock(&m_mutex);
        notes.insert(key, value);
    }
    QVariant note(const QString &key)
    {
        QMutexLocker lock(&m_mutex);
        return notes.value(key);
    }

    QVariantMap notes;

private:
    mutable std::atomic<qint64> m_clock{0};
    QMutex m_mutex;
};

struct Answer
{
    QMutex mutex;
    bool answered = false;
    Http::HttpResponse response;
    QThread *thread = nullptr; // where the pipeline answered
    std::shared_ptr<RecordingTrace> trace = std::make_shared<RecordingTrace>();
    bool isAnswered()
    {
        QMutexLocker lock(&mutex);
        return answered;
    }
};

} // namespace

class TestDynamoIntegration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void parseUri_data();
    void parseUri();
    void exchanges_data();
    void exchanges();
    void writeIsVisibleToTheEngine();
    void dynamoHeadersReachResponseParameters();
    void notesForTheInspector();

private:
    std::shared_ptr<Answer> send(const QByteArray &method, const QByteArray &path,
                                 const QByteArray &body = QByteArray());

    std::shared_ptr<Tables::TableEngine> m_engine;
    std::shared_ptr<GatewayAws::DynamoIntegration> m_aws;
    CompiledStage m_stage;
};

void TestDynamoIntegration::initTestCase()
{
    Tables::EngineOptions options;
    options.store.inMemory = true;
    auto engine = Tables::TableEngine::open(options);
    QVERIFY2(engine, qPrintable(engine.status().toString()));
    m_engine = *engine;
    const Tables::ApiReply created = m_engine->callAndWait(
        QStringLiteral("CreateTable"),
        QJsonDocument::fromJson(R"({"TableName": "Items",
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"})").object());
    QVERIFY(created.result);
    for (const char *id : {"a", "b"}) {
        const Tables::ApiReply put = m_engine->callAndWait(
            QStringLiteral("PutItem"),
            QJsonDocument::fromJson(QByteArray(R"({"TableName": "Items", "Item": {"id": {"S": ")") + id +
                                    R"("}, "n": {"N": "1.50"}}})").object());
        QVERIFY(put.result);
    }
    m_aws = std::make_shared<GatewayAws::DynamoIntegration>(m_engine);

    QFile file(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/unit/gatewayaws/data/dynamo-items.yaml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    auto imported = importOpenApi(file.readAll(), {IdGenerator::seeded(7)});
    QVERIFY2(imported, qPrintable(imported.status().toString()));
    m_stage.name = QStringLiteral("dev");
    m_stage.api = CompiledApi::compile(std::make_shared<const RestApi>(imported->api));
    QVERIFY2(m_stage.api->problems().isEmpty(), qPrintable(m_stage.api->problems().join(u'\n')));
}

void TestDynamoIntegration::cleanupTestCase()
{
    m_aws.reset();
    if (m_engine)
        m_engine->store().close();
}

std::shared_ptr<Answer> TestDynamoIntegration::send(const QByteArray &method, const QByteArray &path,
                                                    const QByteArray &body)
{
    auto invocation = std::make_shared<Invocation>();
    invocation->stage = &m_stage;
    invocation->request.method = method;
    invocation->request.resourcePath = path;
    invocation->request.body = body;
    invocation->request.headers = {{"Content-Type", "application/json"}};
    invocation->request.path = u"/dev" + QString::fromUtf8(path);
    invocation->request.requestId = QStringLiteral("req-1");
    RouteMatch match;
    if (Pipeline::route(m_stage, invocation->request, &match))
        invocation->match = match;
    auto answer = std::make_shared<Answer>();
    invocation->trace = answer->trace;
    Integrations integrations;
    integrations.aws = m_aws;
    Pipeline::start(std::move(invocation), integrations, [answer](Http::HttpResponse response) {
        QMutexLocker lock(&answer->mutex);
        answer->response = std::move(response);
        answer->thread = QThread::currentThread();
        answer->answered = true;
    });
    return answer;
}

void TestDynamoIntegration::parseUri_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("expected"); // region|service|action or path|target, or the error

    QTest::newRow("action") << "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem"
                            << "us-east-1|dynamodb|action|PutItem";
    QTest::newRow("any region") << "arn:aws:apigateway:ap-southeast-2:dynamodb:action/Query"
                                << "ap-southeast-2|dynamodb|action|Query";
    QTest::newRow("path") << "arn:aws:apigateway:us-east-1:dynamodb:path//"
                          << "us-east-1|dynamodb|path|/";
    QTest::newRow("subdomain.service")
        << "arn:aws:apigateway:us-west-2:bucket.s3:path/key" << "us-west-2|s3|path|key";
    QTest::newRow("lambda path keeps its colons")
        << "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations"
        << "us-east-1|lambda|path|2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations";
    QTest::newRow("neither path nor action")
        << "arn:aws:apigateway:us-east-1:dynamodb:GetItem"
        << "AWS ARN for integration must contain path or action";
    QTest::newRow("not an apigateway arn")
        << "arn:aws:dynamodb:us-east-1:123:table/Items" << "Invalid ARN specified in the request";
    QTest::newRow("empty action") << "arn:aws:apigateway:us-east-1:dynamodb:action/"
                                  << "AWS ARN for integration contains invalid action";
}

void TestDynamoIntegration::parseUri()
{
    QFETCH(QString, uri);
    const auto parsed = GatewayAws::AwsIntegrationUri::parse(uri);
    const QString got = parsed ? QStringList{parsed->region, parsed->service,
                                             parsed->action ? QStringLiteral("action") : QStringLiteral("path"),
                                             parsed->target}.join(u'|')
                               : parsed.status().message();
    QTEST(got, "expected");
}

void TestDynamoIntegration::exchanges_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("responseBody");

    QTest::newRow("GetItem found, response template")
        << QByteArray("GET") << QByteArray("/items/a") << QByteArray() << 200
        << QByteArray(R"({"id": "a", "n": 1.5})");
    QTest::newRow("GetItem missing, 404 by responseOverride")
        << QByteArray("GET") << QByteArray("/items/zzz") << QByteArray() << 404
        << QByteArray(R"({"message": "not found"})");
    QTest::newRow("ConditionalCheckFailed selected by the 400 pattern, 409 by override")
        << QByteArray("POST") << QByteArray("/items") << QByteArray(R"({"id": "a", "n": 2})") << 409
        << QByteArray(R"({"conflict": "The conditional request failed"})");
    QTest::newRow("ValidationException selected by the 400 pattern")
        << QByteArray("POST") << QByteArray("/items") << QByteArray(R"({"id": "", "n": 2})") << 400
        << QByteArray(R"({"bad": "com.amazon.coral.validate#ValidationException"})");
    QTest::newRow("path form, action from the mapped X-Amz-Target header")
        << QByteArray("POST") << QByteArray("/raw")
        << QByteArray(R"({"TableName": "Items", "Key": {"id": {"S": "b"}}})") << 200
        << QByteArray(R"({"Item":{"id":{"S":"b"},"n":{"N":"1.5"}}})");
    QTest::newRow("path form, DynamoDB's error passes through the default response")
        << QByteArray("POST") << QByteArray("/raw")
        << QByteArray(R"({"TableName": "Nope", "Key": {"id": {"S": "b"}}})") << 200
        << QByteArray(R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
                      R"("message":"Requested resource not found"})");
    QTest::newRow("path form, not JSON: SerializationException")
        << QByteArray("POST") << QByteArray("/raw") << QByteArray("{nope") << 200
        << QByteArray(R"({"__type":"com.amazon.coral.service#SerializationException"})");
    QTest::newRow("unknown action")
        << QByteArray("POST") << QByteArray("/bad") << QByteArray("{}") << 200
        << QByteArray(R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
    QTest::newRow("another service: 500 as API Gateway's internal error")
        << QByteArray("GET") << QByteArray("/s3") << QByteArray() << 500
        << QByteArray(R"({"message": "Internal server error"})");
    QTest::newRow("uri without path or action: 500")
        << QByteArray("GET") << QByteArray("/noaction") << QByteArray() << 500
        << QByteArray(R"({"message": "Internal server error"})");
}

void TestDynamoIntegration::exchanges()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    auto answer = send(method, path, body);
    // Writes answer after their commit, on the calling thread's event loop.
    QTRY_VERIFY(answer->isAnswered());
    QTEST(answer->response.status, "status");
    QTEST(answer->response.body, "responseBody");
}

void TestDynamoIntegration::writeIsVisibleToTheEngine()
{
    auto answer = send("POST", "/items", R"({"id": "new-1", "n": 42})");
    QTRY_VERIFY(answer->isAnswered());
    QCOMPARE(answer->response.status, 201);
    QCOMPARE(answer->response.body, QByteArray(R"({"created": true})"));
    // The commit answered on the store's writer thread; the response stages ran back here.
    QCOMPARE(answer->thread, QThread::currentThread());
    const Tables::ApiReply got = m_engine->callAndWait(
        QStringLiteral("GetItem"),
        QJsonDocument::fromJson(R"({"TableName": "Items", "Key": {"id": {"S": "new-1"}}})").object());
    QVERIFY(got.result);
    QCOMPARE(QJsonDocument(got.result->value(u"Item").toObject()).toJson(QJsonDocument::Compact),
             QByteArray(R"({"id":{"S":"new-1"},"n":{"N":"42"}})"));

    auto list = send("GET", "/items");
    QTRY_VERIFY(list->isAnswered());
    QCOMPARE(list->response.status, 200);
    const QByteArray ids = list->response.body;
    QVERIFY2(ids.startsWith('[') && ids.contains("\"new-1\"") && ids.contains("\"a\""), ids.constData());
}

void TestDynamoIntegration::dynamoHeadersReachResponseParameters()
{
    auto answer = send("GET", "/items");
    QTRY_VERIFY(answer->isAnswered());
    QCOMPARE(answer->response.header("X-Backend-Type"), QByteArray("application/x-amz-json-1.0"));
}

void TestDynamoIntegration::notesForTheInspector()
{
    auto answer = send("GET", "/items/a");
    QTRY_VERIFY(answer->isAnswered());
    RecordingTrace &trace = *answer->trace;
    QCOMPARE(trace.note(QStringLiteral("awsService")).toString(), QStringLiteral("dynamodb"));
    QCOMPARE(trace.note(QStringLiteral("awsAction")).toString(), QStringLiteral("GetItem"));
    QCOMPARE(trace.note(QStringLiteral("table")).toString(), QStringLiteral("Items"));
    QCOMPARE(trace.note(QStringLiteral("awsRequest")).toString(),
             QStringLiteral(R"({"TableName": "Items", "Key": {"id": {"S": "a"}}})"));
    QCOMPARE(trace.note(QStringLiteral("awsResponse")).toString(),
             QStringLiteral(R"({"Item":{"id":{"S":"a"},"n":{"N":"1.5"}}})"));
    QCOMPARE(trace.note(QStringLiteral("itemsTouched")).toInt(), 1);
    QCOMPARE(trace.note(QStringLiteral("integrationStatus")).toInt(), 200);
    QCOMPARE(trace.note(QStringLiteral("awsRequestId")).toString().size(), 36);

    auto s3 = send("GET", "/s3");
    QTRY_VERIFY(s3->isAnswered());
    QVERIFY2(s3->trace->note(QStringLiteral("error")).toString().contains(
                 QLatin1String("AWS service 's3' is not available in Gatehouse")),
             qPrintable(s3->trace->note(QStringLiteral("error")).toString()));
}

QTEST_GUILESS_MAIN(TestDynamoIntegration)
#include "tst_dynamointegration.moc"
