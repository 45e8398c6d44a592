// The gateway endpoint over real loopback sockets (port 0): the three invoke URL forms, the
// order APIs are tried in, AWS's headers, HEAD, the request record, and live republishing.
#include "../http/rawclient.h"

#include <gateway/apiregistry.h>
#include <gateway/gatewayendpoint.h>
#include <gateway/openapi.h>
#include <http/httpserver.h>

#include <QFile>
#include <QMutex>
#include <QRegularExpression>
#include <QtTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

namespace {

constexpr int Wait = 5000;

class CollectingSink : public Observe::RecordSink
{
public:
    void publish(const Observe::RecordPtr &record) override
    {
        QMutexLocker lock(&m_mutex);
        m_records.append(record);
    }
    QList<Observe::RecordPtr> records()
    {
        QMutexLocker lock(&m_mutex);
        return m_records;
    }

private:
    QMutex m_mutex;
    QList<Observe::RecordPtr> m_records;
};

// A MOCK API: GET /pets/{id} answers {"api": NAME, "id": ID}; 404 for id 0.
std::shared_ptr<RestApi> petsApi(const QString &id, const QString &name, const QString &stage,
                                 const QString &extraPath = QString())
{
    // The document lives in a file: moc misreads raw strings holding escaped quotes.
    QFile file(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/unit/gateway/data/endpoint-pets.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read endpoint-pets.json");
    QByteArray doc = file.readAll();
    const QByteArray extra = extraPath.isEmpty()
                                 ? QByteArray()
                                 : ", \"/" + extraPath.toUtf8() + "\": " + doc.mid(doc.indexOf("EXTRA:") + 6).trimmed();
    doc = doc.left(doc.indexOf("EXTRA:"));
    doc.replace("EXTRA", extra);
    doc.replace("NAME", name.toUtf8());
    auto imported = importOpenApi(doc, {IdGenerator::seeded(11)});
    if (!imported)
        qFatal("%s", qPrintable(imported.status().toString()));
    auto api = std::make_shared<RestApi>(imported->api);
    api->id = id;
    Stage s;
    s.name = stage;
    api->stages.insert(stage, s);
    return api;
}

QByteArray get(const QByteArray &path, const QByteArray &host = "localhost",
               const QByteArray &method = "GET")
{
    return method + ' ' + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
}

} // namespace

class TestGatewayEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void invokeUrlForms_data();
    void invokeUrlForms();
    void awsHeaders();
    void headHasNoBody();
    void recordCarriesStagesAndNotes();
    void liveRepublish();
    void parseInvokeTarget_data();
    void parseInvokeTarget();

private:
    RawClient::Response roundTrip(const QByteArray &request, bool noBody = false);

    std::shared_ptr<ApiRegistry> m_registry;
    std::unique_ptr<GatewayEndpoint> m_endpoint;
    std::unique_ptr<CollectingSink> m_sink;
    std::unique_ptr<Http::HttpServer> m_server;
};

void TestGatewayEndpoint::init()
{
    m_registry = std::make_shared<ApiRegistry>();
    // Two APIs share the stage "dev"; the second also serves /toys, which the first lacks.
    m_registry->publish(petsApi(QStringLiteral("aaaaaaaaaa"), QStringLiteral("First"), QStringLiteral("dev")));
    m_registry->publish(petsApi(QStringLiteral("bbbbbbbbbb"), QStringLiteral("Second"), QStringLiteral("dev"),
                                QStringLiteral("toys")));
    m_registry->publish(petsApi(QStringLiteral("cccccccccc"), QStringLiteral("Third"), QStringLiteral("prod")));
    m_endpoint = std::make_unique<GatewayEndpoint>(m_registry);
    m_sink = std::make_unique<CollectingSink>();
    Http::HttpServerConfig config;
    config.name = QStringLiteral("gateway");
    m_server = std::make_unique<Http::HttpServer>(config, m_endpoint.get(), m_sink.get());
    QVERIFY(m_server->start().isOk());
}

void TestGatewayEndpoint::cleanup()
{
    m_server->stop(100);
    m_server.reset();
    m_endpoint.reset();
    m_sink.reset();
    m_registry.reset();
}

RawClient::Response TestGatewayEndpoint::roundTrip(const QByteArray &request, bool noBody)
{
    RawClient client(m_server->port());
    client.send(request);
    if (!QTest::qWaitFor([&] { return client.hasResponse(noBody); }, Wait))
        return {};
    return *client.take(noBody);
}

void TestGatewayEndpoint::invokeUrlForms_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");

    const QByteArray token = R"({"message":"Missing Authentication Token"})";
    QTest::newRow("stage form, first API") << get("/dev/pets/1") << 200
                                           << QByteArray(R"({"api": "First", "id": "1", "path": "/dev/pets/1"})");
    QTest::newRow("stage form, 404 from the first API")
        << get("/dev/pets/0") << 404 << QByteArray(R"({"missing": "0"})");
    QTest::newRow("stage form, second API serves what the first lacks")
        << get("/dev/toys") << 200 << QByteArray(R"({"api": "Second"})");
    QTest::newRow("stage form, other stage") << get("/prod/pets/2") << 200
                                             << QByteArray(R"({"api": "Third", "id": "2", "path": "/prod/pets/2"})");
    QTest::newRow("stage form, unknown stage") << get("/test/pets/1") << 403 << token;
    QTest::newRow("stage form, no stage") << get("/") << 403 << token;
    QTest::newRow("stage form, unknown path") << get("/dev/nothing") << 403 << token;
    QTest::newRow("restapis form names the API")
        << get("/restapis/bbbbbbbbbb/dev/_user_request_/pets/3") << 200
        << QByteArray(R"({"api": "Second", "id": "3", "path": "/dev/pets/3"})");
    QTest::newRow("restapis form, query string")
        << get("/restapis/aaaaaaaaaa/dev/_user_request_/pets/4?x=1") << 200
        << QByteArray(R"({"api": "First", "id": "4", "path": "/dev/pets/4"})");
    QTest::newRow("restapis form, API lacks the route")
        << get("/restapis/aaaaaaaaaa/dev/_user_request_/toys") << 403 << token;
    QTest::newRow("restapis form, unknown API")
        << get("/restapis/zzzzzzzzzz/dev/_user_request_/pets/1") << 403 << token;
    QTest::newRow("restapis form, wrong stage")
        << get("/restapis/cccccccccc/dev/_user_request_/pets/1") << 403 << token;
    QTest::newRow("host form") << get("/dev/pets/5", "bbbbbbbbbb.execute-api.localhost:3000") << 200
                               << QByteArray(R"({"api": "Second", "id": "5", "path": "/dev/pets/5"})");
    QTest::newRow("host form without port")
        << get("/prod/pets/6", "cccccccccc.execute-api.localhost") << 200
        << QByteArray(R"({"api": "Third", "id": "6", "path": "/prod/pets/6"})");
    QTest::newRow("host form, unknown API") << get("/dev/pets/5", "zzzzzzzzzz.execute-api.localhost")
                                            << 403 << token;
    QTest::newRow("host form, API lacks the route")
        << get("/dev/toys", "aaaaaaaaaa.execute-api.localhost") << 403 << token;
}

void TestGatewayEndpoint::invokeUrlForms()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    const RawClient::Response r = roundTrip(request);
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, body);
    if (status == 403)
        QCOMPARE(r.header("x-amzn-ErrorType"), QByteArray("MissingAuthenticationTokenException"));
}

void TestGatewayEndpoint::awsHeaders()
{
    const RawClient::Response ok = roundTrip(get("/dev/pets/1"));
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.header("Content-Type"), QByteArray("application/json"));
    const QByteArray requestId = ok.header("x-amzn-RequestId");
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$"))
                .match(QString::fromLatin1(requestId))
                .hasMatch());
    QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9+/]{15}=$"))
                .match(QString::fromLatin1(ok.header("x-amz-apigw-id")))
                .hasMatch());
    QVERIFY2(QRegularExpression(QStringLiteral("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$"))
                 .match(QString::fromLatin1(ok.header("X-Amzn-Trace-Id")))
                 .hasMatch(),
             ok.header("X-Amzn-Trace-Id").constData());
    QCOMPARE(ok.count("x-amzn-RequestId"), 1);

    const RawClient::Response refused = roundTrip(get("/dev/nothing"));
    QCOMPARE(refused.status, 403);
    QCOMPARE(refused.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(refused.count("x-amz-apigw-id"), 1);
    QCOMPARE(refused.count("X-Amzn-Trace-Id"), 0);
    QVERIFY(!refused.header("x-amzn-RequestId").isEmpty());
}

void TestGatewayEndpoint::headHasNoBody()
{
    // HEAD is its own method in API Gateway: the GET route does not serve it.
    const RawClient::Response head = roundTrip(get("/dev/pets/1", "localhost", "HEAD"), true);
    QCOMPARE(head.status, 403);
    QVERIFY(head.body.isEmpty());
}

void TestGatewayEndpoint::recordCarriesStagesAndNotes()
{
    QCOMPARE(roundTrip(get("/dev/pets/0")).status, 404);
    QTRY_VERIFY_WITH_TIMEOUT(!m_sink->records().isEmpty(), Wait);
    const Observe::RecordPtr record = m_sink->records().last();
    QStringList stages;
    for (const Observe::StageTiming &stage : record->stages)
        stages << stage.name;
    for (const char *name : {"route", "methodRequest", "integrationRequest", "integration",
                             "integrationResponse", "methodResponse"})
        QVERIFY2(stages.contains(QLatin1String(name)), name);
    QCOMPARE(record->notes.value(QStringLiteral("api")).toString(), QStringLiteral("First"));
    QCOMPARE(record->notes.value(QStringLiteral("stage")).toString(), QStringLiteral("dev"));
    QCOMPARE(record->notes.value(QStringLiteral("resourcePath")).toString(), QStringLiteral("/pets/{id}"));
    QCOMPARE(record->notes.value(QStringLiteral("responseTemplateOut")).toString(),
             QStringLiteral("{\"missing\": \"0\"}"));
    QCOMPARE(record->status, 404);
}

void TestGatewayEndpoint::liveRepublish()
{
    QCOMPARE(roundTrip(get("/prod/toys")).status, 403);
    // An edit published while the listener runs is served on the next request.
    m_registry->publish(petsApi(QStringLiteral("cccccccccc"), QStringLiteral("Third v2"), QStringLiteral("prod"),
                                QStringLiteral("toys")));
    const RawClient::Response r = roundTrip(get("/prod/toys"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray(R"({"api": "Third v2"})"));
    // It kept its place: the plain form still tries First, then Second, then it.
    QCOMPARE(m_registry->snapshot()->apis.size(), 3);
    QCOMPARE(m_registry->snapshot()->apis.last().id, QStringLiteral("cccccccccc"));
    QVERIFY(m_registry->remove(QStringLiteral("cccccccccc")));
    QCOMPARE(roundTrip(get("/prod/toys")).status, 403);
}

void TestGatewayEndpoint::parseInvokeTarget_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("apiId");
    QTest::addColumn<QString>("stage");
    QTest::addColumn<QByteArray>("resourcePath");
    QTest::addColumn<QString>("contextPath");
    QTest::newRow("plain") << QByteArray("localhost:3000") << QByteArray("/dev/a/b") << "" << "dev"
                           << QByteArray("/a/b") << "/dev/a/b";
    QTest::newRow("stage only") << QByteArray("h") << QByteArray("/dev") << "" << "dev" << QByteArray()
                                << "/dev";
    QTest::newRow("stage and slash") << QByteArray("h") << QByteArray("/dev/") << "" << "dev"
                                     << QByteArray("/") << "/dev/";
    QTest::newRow("restapis") << QByteArray("h") << QByteArray("/restapis/abc/v1/_user_request_/x%20y")
                              << "abc" << "v1" << QByteArray("/x%20y") << "/v1/x%20y";
    QTest::newRow("restapis root") << QByteArray("h") << QByteArray("/restapis/abc/v1/_user_request_")
                                   << "abc" << "v1" << QByteArray() << "/v1";
    QTest::newRow("restapis without marker is a stage") << QByteArray("h") << QByteArray("/restapis/abc/v1")
                                                        << "" << "restapis" << QByteArray("/abc/v1")
                                                        << "/restapis/abc/v1";
    QTest::newRow("host form") << QByteArray("abc123.execute-api.localhost:4566") << QByteArray("/v1/p")
                               << "abc123" << "v1" << QByteArray("/p") << "/v1/p";
}

void TestGatewayEndpoint::parseInvokeTarget()
{
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, path);
    QFETCH(QString, apiId);
    QFETCH(QString, stage);
    QFETCH(QByteArray, resourcePath);
    QFETCH(QString, contextPath);
    const InvokeTarget t = Gateway::parseInvokeTarget(host, path);
    QCOMPARE(t.apiId, apiId);
    QCOMPARE(t.stage, stage);
    QCOMPARE(t.resourcePath, resourcePath);
    QCOMPARE(t.path, contextPath);
}

QTEST_GUILESS_MAIN(TestGatewayEndpoint)
#include "tst_gatewayendpoint.moc"
