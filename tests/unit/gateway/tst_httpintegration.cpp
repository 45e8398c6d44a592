// HTTP and HTTP_PROXY integrations over real loopback sockets (port 0): the gateway, the
// HttpIntegration executor and a backend (our own HTTP server with a recording handler), all on
// the test's thread, which never blocks. Substitution of path, query, headers and stage
// variables; proxy pass-through both ways; selection patterns on the backend's status; the
// timeout and refused-connection answers; connection reuse.
#include "../http/rawclient.h"

#include <gateway/apiregistry.h>
#include <gateway/gatewayendpoint.h>
#include <gateway/httpintegration.h>
#include <gateway/openapi.h>
#include <http/httpserver.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <QTcpServer>
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

// The backend: records every request and the client port it came from (one port per TCP
// connection), and answers by path:
//   /status/N   status N, {"code": N}
//   /binary     the 256 byte values, application/octet-stream
//   /slow       never (held until the test ends)
//   otherwise   200, a JSON echo of the request, with x-backend, Server and Set-Cookie headers
class Backend final : public Http::HttpHandler
{
public:
    void handle(const Http::ExchangePtr &exchange) override
    {
        const Http::HttpRequest &r = exchange->request();
        requests.append(r);
        ports.insert(r.peerPort);
        if (r.path == "/slow") {
            held.append(exchange);
            return;
        }
        if (r.path.startsWith("/status/")) {
            const int code = r.path.mid(8).toInt();
            exchange->respond(Http::HttpResponse::json(code, "{\"code\": " + QByteArray::number(code) + '}'));
            return;
        }
        if (r.path == "/binary") {
            QByteArray bytes;
            for (int i = 0; i < 256; ++i)
                bytes.append(char(i));
            exchange->respond(Http::HttpResponse::json(200, bytes, "application/octet-stream"));
            return;
        }
        QJsonObject headers;
        for (const auto &h : r.headers)
            headers.insert(QString::fromLatin1(h.first.toLower()), QString::fromUtf8(h.second));
        const QJsonObject echo{{QStringLiteral("method"), QString::fromLatin1(r.method)},
                               {QStringLiteral("target"), QString::fromUtf8(r.target)},
                               {QStringLiteral("headers"), headers},
                               {QStringLiteral("body"), QString::fromUtf8(r.body)}};
        Http::HttpResponse response =
            Http::HttpResponse::json(200, QJsonDocument(echo).toJson(QJsonDocument::Compact));
        response.setHeader("x-backend", "yes");
        response.setHeader("Server", "backend/1");
        response.setHeader("Set-Cookie", "a=1");
        exchange->respond(std::move(response));
    }
    Http::HttpResponse refusal(Http::RefusalReason, int status, const QString &) override
    {
        return Http::HttpResponse::json(status, "{}");
    }
    void releaseHeld()
    {
        for (const Http::ExchangePtr &e : std::as_const(held))
            e->respond(Http::HttpResponse::json(200, "{}"));
        held.clear();
    }

    QList<Http::HttpRequest> requests;
    QSet<quint16> ports;
    QList<Http::ExchangePtr> held;
};

QByteArray request(const QByteArray &method, const QByteArray &path,
                   const QByteArray &headers = QByteArray(), const QByteArray &body = QByteArray())
{
    QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: localhost:3000\r\n" + headers;
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return r + "\r\n" + body;
}

QJsonObject json(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

} // namespace

class TestHttpIntegration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void nonProxySubstitutesAndMaps();
    void nonProxySelectsOnStatus_data();
    void nonProxySelectsOnStatus();
    void proxyPassesRequestThrough_data();
    void proxyPassesRequestThrough();
    void proxyReturnsResponseAsIs_data();
    void proxyReturnsResponseAsIs();
    void proxyBinaryBodies();
    void timeoutAnswers504();
    void refusedConnection();
    void connectionReuse();
    void recordNotes();
    void buildRequestUnit_data();
    void buildRequestUnit();

private:
    RawClient::Response roundTrip(const QByteArray &bytes);

    Backend m_backend;
    std::unique_ptr<Http::HttpServer> m_backendServer;
    quint16 m_deadPort = 0;
    std::shared_ptr<ApiRegistry> m_registry;
    std::unique_ptr<GatewayEndpoint> m_endpoint;
    std::unique_ptr<CollectingSink> m_sink;
    std::unique_ptr<Http::HttpServer> m_server;
};

void TestHttpIntegration::init()
{
    m_backend.requests.clear();
    m_backend.ports.clear();
    Http::HttpServerConfig backendConfig;
    backendConfig.name = QStringLiteral("backend");
    m_backendServer = std::make_unique<Http::HttpServer>(backendConfig, &m_backend, nullptr);
    QVERIFY(m_backendServer->start().isOk());
    {
        // A port nothing listens on: bound, then released.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        m_deadPort = probe.serverPort();
    }

    QFile file(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/unit/gateway/data/http-integration.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    auto imported = importOpenApi(file.readAll(), {IdGenerator::seeded(7)});
    QVERIFY2(imported, qPrintable(imported.status().toString()));
    auto api = std::make_shared<RestApi>(imported->api);
    api->id = QStringLiteral("httpapi001");
    Stage stage;
    stage.name = QStringLiteral("dev");
    stage.variables = {{QStringLiteral("backend"),
                        QStringLiteral("127.0.0.1:%1").arg(m_backendServer->port())},
                       {QStringLiteral("color"), QStringLiteral("blue")},
                       {QStringLiteral("deadPort"), QString::number(m_deadPort)}};
    api->stages.insert(stage.name, stage);
    m_registry = std::make_shared<ApiRegistry>();
    const QStringList problems = m_registry->publish(api);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

    Integrations integrations;
    integrations.http = std::make_shared<HttpIntegration>();
    m_endpoint = std::make_unique<GatewayEndpoint>(m_registry, integrations);
    m_sink = std::make_unique<CollectingSink>();
    Http::HttpServerConfig config;
    config.name = QStringLiteral("gateway");
    m_server = std::make_unique<Http::HttpServer>(config, m_endpoint.get(), m_sink.get());
    QVERIFY(m_server->start().isOk());
}

void TestHttpIntegration::cleanup()
{
    m_backend.releaseHeld();
    m_server->stop(100);
    m_server.reset();
    m_endpoint.reset();
    m_backendServer->stop(100);
    m_backendServer.reset();
    m_sink.reset();
    m_registry.reset();
}

RawClient::Response TestHttpIntegration::roundTrip(const QByteArray &bytes)
{
    RawClient client(m_server->port());
    client.send(bytes);
    if (!QTest::qWaitFor([&] { return client.hasResponse(); }, Wait))
        return {};
    return *client.take();
}

void TestHttpIntegration::nonProxySubstitutesAndMaps()
{
    const RawClient::Response r =
        roundTrip(request("GET", "/dev/items/a%20b?q=x%26y&ignored=1", "Content-Type: application/json\r\n"));
    QCOMPARE(r.status, 200);
    const QJsonObject body = json(r.body);
    QVERIFY2(!body.isEmpty(), r.body.constData());
    // The integration's method, the uri's own query, then the mapped one; the client's other
    // query parameters are not sent (HTTP, not HTTP_PROXY).
    QCOMPARE(body.value(u"method").toString(), QStringLiteral("POST"));
    QCOMPARE(body.value(u"target").toString(), QStringLiteral("/echo/items/a%20b?fixed=1&q=x%26y"));
    QCOMPARE(body.value(u"body").toString(), QStringLiteral("{\"id\": \"a b\"}"));
    QCOMPARE(body.value(u"color").toString(), QStringLiteral("blue"));
    QCOMPARE(body.value(u"static").toString(), QStringLiteral("static value"));
    QCOMPARE(r.header("x-from-backend"), QByteArray("yes"));
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));

    QCOMPARE(m_backend.requests.size(), 1);
    const Http::HttpRequest &sent = m_backend.requests.first();
    QCOMPARE(sent.header("content-type"), QByteArray("application/json"));
    QCOMPARE(sent.header("user-agent"), QByteArray("AmazonAPIGateway_httpapi001"));
    QCOMPARE(sent.header("x-amzn-apigateway-api-id"), QByteArray("httpapi001"));
    QCOMPARE(sent.header("host"), "127.0.0.1:" + QByteArray::number(m_backendServer->port()));
    // A non-proxy integration sends only mapped headers, never the client's Host or forwarding.
    QVERIFY(!sent.header("x-forwarded-for").size());
}

void TestHttpIntegration::nonProxySelectsOnStatus_data()
{
    QTest::addColumn<int>("backendStatus");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("2xx: default") << 201 << 200 << QByteArray("{\"code\": 201}");
    QTest::newRow("404: 4\\d{2} with its template") << 404 << 400 << QByteArray("{\"client\": 404}");
    QTest::newRow("503: 5\\d{2} passes the body") << 503 << 502 << QByteArray("{\"code\": 503}");
}

void TestHttpIntegration::nonProxySelectsOnStatus()
{
    QFETCH(int, backendStatus);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    const RawClient::Response r =
        roundTrip(request("GET", "/dev/status/" + QByteArray::number(backendStatus)));
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, body);
}

void TestHttpIntegration::proxyPassesRequestThrough_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("target");

    QTest::newRow("GET, greedy path and query as sent")
        << QByteArray("GET") << QByteArray("/dev/proxy/a/b%20c?x=1&y=%2F&x=2")
        << QByteArray("X-Custom: one\r\nAccept: text/plain\r\n") << QByteArray()
        << QByteArray("/a/b%20c?x=1&y=%2F&x=2");
    QTest::newRow("POST with body")
        << QByteArray("POST") << QByteArray("/dev/proxy/things")
        << QByteArray("Content-Type: application/json\r\nX-Forwarded-For: 10.0.0.1\r\n")
        << QByteArray("{\"a\": 1}") << QByteArray("/things");
    QTest::newRow("DELETE") << QByteArray("DELETE") << QByteArray("/dev/proxy/things/7")
                            << QByteArray() << QByteArray() << QByteArray("/things/7");
    QTest::newRow("PATCH with body") << QByteArray("PATCH") << QByteArray("/dev/proxy/p")
                                     << QByteArray("Content-Type: text/plain\r\n")
                                     << QByteArray("patch me") << QByteArray("/p");
}

void TestHttpIntegration::proxyPassesRequestThrough()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, target);
    const RawClient::Response r = roundTrip(request(method, path, headers, body));
    QCOMPARE(r.status, 200);
    QCOMPARE(m_backend.requests.size(), 1);
    const Http::HttpRequest &sent = m_backend.requests.first();
    QCOMPARE(sent.method, method);
    QCOMPARE(sent.target, target);
    QCOMPARE(sent.body, body);
    // Client headers pass, Host is the backend's, the client's address is appended.
    if (headers.contains("X-Custom"))
        QCOMPARE(sent.header("x-custom"), QByteArray("one"));
    if (headers.contains("Accept:"))
        QCOMPARE(sent.header("accept"), QByteArray("text/plain"));
    if (const qsizetype ct = headers.indexOf("Content-Type: "); ct >= 0)
        QCOMPARE(sent.header("content-type"), headers.mid(ct + 14, headers.indexOf('\r', ct) - ct - 14));
    QCOMPARE(sent.header("host"), "127.0.0.1:" + QByteArray::number(m_backendServer->port()));
    QCOMPARE(sent.header("x-forwarded-for"),
             headers.contains("X-Forwarded-For") ? QByteArray("10.0.0.1, 127.0.0.1")
                                                 : QByteArray("127.0.0.1"));
    QCOMPARE(sent.header("x-forwarded-proto"), QByteArray("http"));
    QCOMPARE(sent.header("x-forwarded-port"), QByteArray("3000"));
    QCOMPARE(sent.header("x-amzn-apigateway-api-id"), QByteArray("httpapi001"));
}

void TestHttpIntegration::proxyReturnsResponseAsIs_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("200") << QByteArray("/dev/proxy/status/200") << 200 << QByteArray("{\"code\": 200}");
    QTest::newRow("404") << QByteArray("/dev/proxy/status/404") << 404 << QByteArray("{\"code\": 404}");
    QTest::newRow("418") << QByteArray("/dev/proxy/status/418") << 418 << QByteArray("{\"code\": 418}");
    QTest::newRow("500") << QByteArray("/dev/proxy/status/500") << 500 << QByteArray("{\"code\": 500}");
    QTest::newRow("503") << QByteArray("/dev/proxy/status/503") << 503 << QByteArray("{\"code\": 503}");
}

void TestHttpIntegration::proxyReturnsResponseAsIs()
{
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    const RawClient::Response r = roundTrip(request("GET", path));
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, body);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    // The backend's error is the method response, not a gateway response.
    QVERIFY(r.header("x-amzn-ErrorType").isEmpty());
}

void TestHttpIntegration::proxyBinaryBodies()
{
    QByteArray bytes;
    for (int i = 255; i >= 0; --i)
        bytes.append(char(i));
    RawClient::Response r = roundTrip(request("POST", "/dev/proxy/upload",
                                              "Content-Type: application/octet-stream\r\n", bytes));
    QCOMPARE(r.status, 200);
    QCOMPARE(m_backend.requests.last().body, bytes);

    r = roundTrip(request("GET", "/dev/proxy/binary"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.size(), 256);
    for (int i = 0; i < 256; ++i)
        QCOMPARE(uchar(r.body.at(i)), uchar(i));
    QCOMPARE(r.header("Content-Type"), QByteArray("application/octet-stream"));

    // Headers the backend set come back; those API Gateway owns are remapped.
    r = roundTrip(request("GET", "/dev/proxy/echo"));
    QCOMPARE(r.header("x-backend"), QByteArray("yes"));
    QCOMPARE(r.header("Set-Cookie"), QByteArray("a=1"));
    QCOMPARE(r.header("x-amzn-Remapped-Server"), QByteArray("backend/1"));
    QVERIFY(!r.header("x-amzn-Remapped-Date").isEmpty());
    QCOMPARE(r.count("Date"), 1);
    QCOMPARE(r.count("Content-Length"), 1);
}

void TestHttpIntegration::timeoutAnswers504()
{
    const RawClient::Response r = roundTrip(request("GET", "/dev/slow"));
    QCOMPARE(r.status, 504);
    QCOMPARE(r.body, QByteArray("{\"message\": \"Endpoint request timed out\"}"));
    QCOMPARE(r.header("x-amzn-ErrorType"), QByteArray("InternalServerErrorException"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_sink->records().isEmpty(), Wait);
    const QVariantMap notes = m_sink->records().last()->notes;
    QCOMPARE(notes.value(QStringLiteral("gatewayResponse")).toString(),
             QStringLiteral("INTEGRATION_TIMEOUT"));
}

void TestHttpIntegration::refusedConnection()
{
    const RawClient::Response r = roundTrip(request("GET", "/dev/refused"));
    QCOMPARE(r.status, 500);
    QCOMPARE(r.body, QByteArray("{\"message\": \"Internal server error\"}"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_sink->records().isEmpty(), Wait);
    const QVariantMap notes = m_sink->records().last()->notes;
    QCOMPARE(notes.value(QStringLiteral("gatewayResponse")).toString(),
             QStringLiteral("API_CONFIGURATION_ERROR"));
    QVERIFY2(notes.value(QStringLiteral("error")).toString().startsWith(
                 QStringLiteral("Execution failed due to configuration error: Invalid endpoint address")),
             qPrintable(notes.value(QStringLiteral("error")).toString()));
}

void TestHttpIntegration::connectionReuse()
{
    RawClient client(m_server->port());
    for (int i = 0; i < 20; ++i) {
        client.send(request("GET", "/dev/proxy/n/" + QByteArray::number(i)));
        QVERIFY(QTest::qWaitFor([&] { return client.hasResponse(); }, Wait));
        QCOMPARE(client.take()->status, 200);
    }
    QCOMPARE(m_backend.requests.size(), 20);
    // Keep-alive reuse: one connection, or two when a request overtakes QNAM's HTTP thread
    // marking the previous connection idle (a race inside Qt, seen under load).
    QVERIFY2(m_backend.ports.size() <= 2, qPrintable(QString::number(m_backend.ports.size())));
}

void TestHttpIntegration::recordNotes()
{
    const RawClient::Response r = roundTrip(request("GET", "/dev/proxy/status/201"));
    QCOMPARE(r.status, 201);
    QTRY_VERIFY_WITH_TIMEOUT(!m_sink->records().isEmpty(), Wait);
    const QVariantMap notes = m_sink->records().last()->notes;
    QCOMPARE(notes.value(QStringLiteral("integration")).toString(), QStringLiteral("HTTP_PROXY"));
    QCOMPARE(notes.value(QStringLiteral("backendUrl")).toString(),
             QStringLiteral("http://127.0.0.1:%1/status/201").arg(m_backendServer->port()));
    QCOMPARE(notes.value(QStringLiteral("backendMethod")).toString(), QStringLiteral("GET"));
    QCOMPARE(notes.value(QStringLiteral("backendStatus")).toInt(), 201);
    QVERIFY(notes.contains(QStringLiteral("backendLatencyUs")));
}

void TestHttpIntegration::buildRequestUnit_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("url");
    QTest::newRow("stage variable host and path") << QStringLiteral("http://${stageVariables.host}/v1/{id}")
                                                  << QStringLiteral("http://h.example:81/v1/x%2Fy");
    QTest::newRow("undefined stage variable is empty")
        << QStringLiteral("http://h.example/${stageVariables.none}a") << QStringLiteral("http://h.example/a");
    QTest::newRow("greedy keeps slashes") << QStringLiteral("https://h.example/{proxy}")
                                          << QStringLiteral("https://h.example/p/q%20r");
    QTest::newRow("not http") << QStringLiteral("ftp://h.example/") << QString();
    QTest::newRow("no host") << QStringLiteral("http:///x") << QString();
}

void TestHttpIntegration::buildRequestUnit()
{
    QFETCH(QString, uri);
    QFETCH(QString, url);
    Integration integration;
    integration.type = IntegrationType::Http;
    integration.uri = uri;
    integration.httpMethod = QStringLiteral("ANY");
    integration.timeoutInMillis = 10;
    CompiledStage stage;
    stage.variables = {{QStringLiteral("host"), QStringLiteral("h.example:81")}};
    InvocationRequest request;
    request.method = "PUT";
    IntegrationCall call;
    call.stage = &stage;
    call.integration = &integration;
    call.request = &request;
    call.pathParameters = {{QStringLiteral("id"), QStringLiteral("x/y")},
                           {QStringLiteral("proxy"), QStringLiteral("p/q r")}};
    const Result<BackendRequest> built = buildBackendRequest(call);
    if (url.isEmpty()) {
        QVERIFY(!built);
        return;
    }
    QVERIFY2(built, qPrintable(built.status().toString()));
    QCOMPARE(built->url.toString(QUrl::FullyEncoded), url);
    QCOMPARE(built->method, QByteArray("PUT"));
    QCOMPARE(built->timeoutMs, 50); // clamped to API Gateway's minimum
}

QTEST_GUILESS_MAIN(TestHttpIntegration)
#include "tst_httpintegration.moc"
