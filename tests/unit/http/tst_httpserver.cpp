#include "rawclient.h"
#include "testhandler.h"

#include <http/httpserver.h>

#include <QMutex>
#include <QRegularExpression>
#include <QtTest>

#include <memory>

using namespace Gatehouse;
using namespace Gatehouse::Http;

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
    int size()
    {
        QMutexLocker lock(&m_mutex);
        return int(m_records.size());
    }

private:
    QMutex m_mutex;
    QList<Observe::RecordPtr> m_records;
};

QByteArray get(const QByteArray &path, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
}

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &extra = {})
{
    return "POST " + path + " HTTP/1.1\r\nHost: t\r\nContent-Length: "
           + QByteArray::number(body.size()) + "\r\n" + extra + "\r\n" + body;
}

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<HttpServer> startServer(HttpServerConfig config = {});
    TestHandler *m_handler = nullptr;
    CollectingSink *m_sink = nullptr;

private Q_SLOTS:
    void init();
    void cleanup();

    void echoAndStandardHeaders();
    void refusals_data();
    void refusals();
    void bodyOverLimitRefusedBeforeBody();
    void chunkedBody();
    void chunkedOverLimit();
    void expectContinue();
    void expectContinueOverLimit();
    void connectionHandling_data();
    void connectionHandling();
    void idleTimeout();
    void requestTimeout();
    void connectionCap();
    void pipelinedInOrder();
    void manyPipelined();
    void answerFromThread();
    void headHasNoBody();
    void noContentHasNoLength();
    void clientThatStopsReading();
    void records();
    void refusalRecorded();
    void stopFinishesInFlight();
    void answerAfterClientLeft();
    void threadsAnswerWhileClientsLeave();
};

void TestHttpServer::init()
{
    m_handler = new TestHandler;
    m_sink = new CollectingSink;
}

void TestHttpServer::cleanup()
{
    delete m_handler; // joins its threads
    m_handler = nullptr;
    delete m_sink;
    m_sink = nullptr;
}

std::unique_ptr<HttpServer> TestHttpServer::startServer(HttpServerConfig config)
{
    config.name = QStringLiteral("test");
    auto server = std::make_unique<HttpServer>(config, m_handler, m_sink);
    const Status status = server->start();
    if (!status.isOk())
        qFatal("start failed: %s", qPrintable(status.toString()));
    return server;
}

void TestHttpServer::echoAndStandardHeaders()
{
    auto server = startServer();
    QVERIFY(server->port() != 0);
    QCOMPARE(server->url(), QStringLiteral("http://127.0.0.1:%1").arg(server->port()));
    RawClient client(server->port());
    client.send(post("/echo?q=1", "hello"));
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto r = *client.take();
    QCOMPARE(r.statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(r.body, QByteArray("hello"));
    QCOMPARE(r.header("X-Echo-Path"), QByteArray("/echo"));
    QCOMPARE(r.header("X-Echo-Query"), QByteArray("q=1"));
    QCOMPARE(r.header("Content-Length"), QByteArray("5"));
    QCOMPARE(r.header("Connection"), QByteArray("keep-alive"));
    QVERIFY(QRegularExpression(QStringLiteral(
                                   "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|"
                                   "Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d\\d:\\d\\d:\\d\\d GMT$"))
                .match(QString::fromLatin1(r.header("Date")))
                .hasMatch());
    const QByteArray id = r.header("x-amzn-RequestId");
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-"
                                              "[0-9a-f]{12}$"))
                .match(QString::fromLatin1(id))
                .hasMatch());
    QCOMPARE(r.header("X-Echo-Request-Id"), id); // the id the engine saw is the one sent
    QCOMPARE(r.count("Date"), 1);
    QCOMPARE(r.count("Content-Length"), 1);

    // Keep-alive: the same connection serves the next request, with a new id.
    client.send(get("/missing"));
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto r2 = *client.take();
    QCOMPARE(r2.status, 404);
    QVERIFY(r2.header("x-amzn-RequestId") != id);
    QVERIFY(client.isConnected());
}

void TestHttpServer::refusals_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    QTest::newRow("oversized header")
        << QByteArray("GET /echo HTTP/1.1\r\nHost: t\r\nX-Big: " + QByteArray(2000, 'b')
                      + "\r\n\r\n")
        << 431;
    QByteArray many = "GET /echo HTTP/1.1\r\nHost: t\r\n";
    for (int i = 0; i < 20; ++i)
        many += "X-H" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("too many headers") << QByteArray(many + "\r\n") << 431;
    QTest::newRow("malformed request line") << QByteArray("GARBAGE / NONSENSE\r\n\r\n") << 400;
    QTest::newRow("missing version") << QByteArray("GET /echo\r\n\r\n") << 400;
    QTest::newRow("malformed header") << QByteArray("GET /echo HTTP/1.1\r\nNo colon\r\n\r\n")
                                      << 400;
    QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
    QTest::newRow("http/3.0") << QByteArray("GET /echo HTTP/3.0\r\n\r\n") << 505;
    QTest::newRow("gzip transfer-encoding")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n") << 501;
    QTest::newRow("bad chunk")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n")
        << 400;
}

void TestHttpServer::refusals()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    HttpServerConfig config;
    config.maxHeaderBytes = 1024;
    config.maxHeaderCount = 10;
    auto server = startServer(config);
    RawClient client(server->port());
    client.send(request);
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto r = *client.take();
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("Connection"), QByteArray("close"));
    QVERIFY(r.body.startsWith("{\"refused\":")); // formatted by the handler's refusal()
    QVERIFY(!r.header("x-amzn-RequestId").isEmpty());
    QVERIFY(!r.header("Date").isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), Wait);
    QCOMPARE(m_handler->handledCount(), 0);
    QCOMPARE(m_handler->refusals().size(), 1);
}

void TestHttpServer::bodyOverLimitRefusedBeforeBody()
{
    HttpServerConfig config;
    config.maxBodyBytes = 1000;
    auto server = startServer(config);
    RawClient client(server->port());
    // Only the head is sent: the answer must not wait for the body.
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto r = *client.take();
    QCOMPARE(r.status, 413);
    QCOMPARE(r.header("Connection"), QByteArray("close"));
    QCOMPARE(m_handler->refusals(), QList<RefusalReason>{RefusalReason::BodyTooLarge});
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), Wait);
    QCOMPARE(m_handler->handledCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(server->openConnections(), 0, Wait);

    // At the limit exactly, the body is accepted.
    RawClient ok(server->port());
    ok.send(post("/echo", QByteArray(1000, 'x')));
    QTRY_VERIFY_WITH_TIMEOUT(ok.hasResponse(), Wait);
    QCOMPARE(ok.take()->body.size(), 1000);
}

void TestHttpServer::chunkedBody()
{
    auto server = startServer();
    RawClient client(server->port());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
    QTRY_VERIFY_WITH_TIMEOUT(client.buffer().isEmpty() && server->openConnections() == 1, Wait);
    client.send("lo\r\n6;x=y\r\n world\r\n0\r\nTrailer: ignored\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto r = *client.take();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("hello world"));
    QCOMPARE(r.header("Content-Length"), QByteArray("11"));
    QVERIFY(r.header("Transfer-Encoding").isEmpty());
}

void TestHttpServer::chunkedOverLimit()
{
    HttpServerConfig config;
    config.maxBodyBytes = 1000;
    auto server = startServer(config);
    RawClient client(server->port());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                "200\r\n" + QByteArray(512, 'a') + "\r\n");
    // The running total passes the limit with this chunk's size line.
    client.send("200\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    QCOMPARE(client.take()->status, 413);
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), Wait);
    QCOMPARE(m_handler->handledCount(), 0);
}

void TestHttpServer::expectContinue()
{
    auto server = startServer();
    RawClient client(server->port());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(client.buffer(), QByteArray("HTTP/1.1 100 Continue\r\n\r\n"), Wait);
    client.buffer().clear();
    client.send("ping");
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto r = *client.take();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("ping"));
    QVERIFY(client.buffer().isEmpty());
}

void TestHttpServer::expectContinueOverLimit()
{
    HttpServerConfig config;
    config.maxBodyBytes = 100;
    auto server = startServer(config);
    RawClient client(server->port());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    QVERIFY(client.buffer().startsWith("HTTP/1.1 413 "));
    const auto r = *client.take();
    QCOMPARE(r.status, 413);
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), Wait);
    QVERIFY(!client.buffer().contains("100 Continue"));
}

void TestHttpServer::connectionHandling_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("connectionHeader");
    QTest::addColumn<bool>("staysOpen");

    QTest::newRow("1.1 default") << get("/echo") << QByteArray("keep-alive") << true;
    QTest::newRow("1.1 close") << get("/echo", "Connection: close\r\n") << QByteArray("close")
                               << false;
    QTest::newRow("1.0 default") << QByteArray("GET /echo HTTP/1.0\r\n\r\n") << QByteArray("close")
                                 << false;
    QTest::newRow("1.0 keep-alive")
        << QByteArray("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        << QByteArray("keep-alive") << true;
}

void TestHttpServer::connectionHandling()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, connectionHeader);
    QFETCH(bool, staysOpen);
    auto server = startServer();
    RawClient client(server->port());
    client.send(request);
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto r = *client.take();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Connection"), connectionHeader);
    if (staysOpen) {
        client.send(request);
        QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
        QCOMPARE(client.take()->status, 200);
        QVERIFY(client.isConnected());
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), Wait);
        QVERIFY(client.buffer().isEmpty());
    }
}

void TestHttpServer::idleTimeout()
{
    HttpServerConfig config;
    config.idleTimeoutMs = 200;
    auto server = startServer(config);
    RawClient client(server->port());
    client.send(get("/echo"));
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    QCOMPARE(client.take()->status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), Wait);
    QVERIFY(client.buffer().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(server->openConnections(), 0, Wait);
}

void TestHttpServer::requestTimeout()
{
    HttpServerConfig config;
    config.requestTimeoutMs = 200;
    auto server = startServer(config);
    RawClient client(server->port());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto r = *client.take();
    QCOMPARE(r.status, 408);
    QCOMPARE(r.header("Connection"), QByteArray("close"));
    QCOMPARE(m_handler->refusals(), QList<RefusalReason>{RefusalReason::RequestTimeout});
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), Wait);
    QCOMPARE(m_handler->handledCount(), 0);
}

void TestHttpServer::connectionCap()
{
    HttpServerConfig config;
    config.maxConnections = 2;
    auto server = startServer(config);
    RawClient first(server->port());
    RawClient second(server->port());
    first.send(get("/echo"));
    second.send(get("/echo"));
    QTRY_VERIFY_WITH_TIMEOUT(first.hasResponse() && second.hasResponse(), Wait);
    first.take();
    second.take();
    QCOMPARE(server->openConnections(), 2);

    RawClient third(server->port());
    third.send(get("/echo"));
    // A full round trip on the first connection after the third sent its request: the server
    // has had every chance to serve the third, and did not.
    first.send(get("/echo"));
    QTRY_VERIFY_WITH_TIMEOUT(first.hasResponse(), Wait);
    first.take();
    QVERIFY(third.buffer().isEmpty());
    QCOMPARE(server->openConnections(), 2);
    QCOMPARE(m_handler->handledCount(), 3);

    first.close();
    QTRY_VERIFY_WITH_TIMEOUT(third.hasResponse(), Wait);
    QCOMPARE(third.take()->status, 200);
    QCOMPARE(server->openConnections(), 2);
}

void TestHttpServer::pipelinedInOrder()
{
    auto server = startServer();
    RawClient client(server->port());
    client.send(get("/hold/a") + post("/echo", "second") + get("/hold/c") + post("/echo", "4th"));
    QTRY_COMPARE_WITH_TIMEOUT(m_handler->heldCount(), 2, Wait);
    QCOMPARE(m_handler->handledCount(), 4);
    // The third is answered before the first; nothing may go out before the first.
    QVERIFY(m_handler->release("c", "third"));
    QTRY_COMPARE_WITH_TIMEOUT(m_handler->answeredCount(), 3, Wait);
    // A round trip on another connection lets the server run the posted answer first.
    RawClient other(server->port());
    other.send(get("/echo"));
    QTRY_VERIFY_WITH_TIMEOUT(other.hasResponse(), Wait);
    QCOMPARE(server->inFlight(), 4); // answered, but waiting for the first
    QVERIFY(client.buffer().isEmpty());
    QVERIFY(m_handler->release("a", "first"));
    QTRY_COMPARE_WITH_TIMEOUT(server->inFlight(), 0, Wait);
    QByteArrayList bodies;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            while (client.hasResponse())
                bodies << client.take()->body;
            return bodies.size() == 4;
        }(),
        Wait);
    QCOMPARE(bodies, (QByteArrayList{"first", "second", "third", "4th"}));
}

void TestHttpServer::manyPipelined()
{
    auto server = startServer();
    RawClient client(server->port());
    QByteArray batch;
    constexpr int Count = 100; // more than a connection queues before it stops reading
    for (int i = 0; i < Count; ++i)
        batch += post("/echo", QByteArray::number(i));
    client.send(batch);
    QByteArrayList bodies;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            while (client.hasResponse())
                bodies << client.take()->body;
            return bodies.size() == Count;
        }(),
        Wait);
    for (int i = 0; i < Count; ++i)
        QCOMPARE(bodies.at(i), QByteArray::number(i));
}

void TestHttpServer::answerFromThread()
{
    auto server = startServer();
    RawClient client(server->port());
    client.send(get("/thread") + get("/echo"));
    QByteArrayList bodies;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            while (client.hasResponse())
                bodies << client.take()->body;
            return bodies.size() == 2;
        }(),
        Wait);
    QCOMPARE(bodies.at(0), QByteArray("{\"from\":\"thread\"}"));
    QCOMPARE(bodies.at(1), QByteArray(""));
}

void TestHttpServer::headHasNoBody()
{
    auto server = startServer();
    RawClient client(server->port());
    // /stages answers with a 100-byte body; HEAD must announce its length and send none of it.
    client.send("HEAD /stages HTTP/1.1\r\nHost: t\r\n\r\n" + post("/echo", "after"));
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(true), Wait);
    const auto head = *client.take(true);
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("Content-Length"), QByteArray("100"));
    QVERIFY(!head.header("Date").isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto next = *client.take();
    QCOMPARE(next.statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(next.body, QByteArray("after"));
}

void TestHttpServer::noContentHasNoLength()
{
    class NoContent : public TestHandler
    {
    public:
        void handle(const ExchangePtr &exchange) override
        {
            HttpResponse r;
            r.status = 204;
            r.body = "ignored";
            exchange->respond(r);
        }
    } handler;
    auto server = std::make_unique<HttpServer>(HttpServerConfig{}, &handler, nullptr);
    QVERIFY(server->start().isOk());
    RawClient client(server->port());
    client.send(get("/") + get("/echo"));
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto r = *client.take();
    QCOMPARE(r.status, 204);
    QVERIFY(r.header("Content-Length").isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    QVERIFY(client.take()->statusLine.startsWith("HTTP/1.1 204"));
}

void TestHttpServer::clientThatStopsReading()
{
    HttpServerConfig config;
    config.requestTimeoutMs = 300;
    auto server = startServer(config);
    RawClient client(server->port());
    client.socket().setReadBufferSize(1024); // stop taking bytes from the kernel
    client.send(get("/big"));
    QTRY_COMPARE_WITH_TIMEOUT(m_handler->answeredCount(), 1, Wait);
    // The 32 MiB answer cannot all reach the client: the server gives up on it.
    QTRY_COMPARE_WITH_TIMEOUT(server->openConnections(), 0, Wait);
}

void TestHttpServer::records()
{
    HttpServerConfig config;
    config.recordBodyLimit = 8;
    auto server = startServer(config);
    RawClient client(server->port());
    client.send(post("/stages?x=1", "0123456789abcdef", "X-Custom: yes\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    const auto response = *client.take();
    QTRY_COMPARE_WITH_TIMEOUT(m_sink->size(), 1, Wait);
    const Observe::RecordPtr record = m_sink->records().at(0);
    QCOMPARE(record->listener, QStringLiteral("test"));
    QCOMPARE(record->requestId, response.header("x-amzn-RequestId"));
    QCOMPARE(record->method, QByteArray("POST"));
    QCOMPARE(record->target, QByteArray("/stages?x=1"));
    QCOMPARE(record->peerAddress, QStringLiteral("127.0.0.1"));
    QCOMPARE(record->status, 200);
    QCOMPARE(record->requestBody, QByteArray("01234567"));
    QCOMPARE(record->requestBodySize, 16);
    QCOMPARE(record->responseBody, QByteArray(8, 'r'));
    QCOMPARE(record->responseBodySize, 100);
    QVERIFY(record->startedAt.isValid());
    QCOMPARE(record->startedAt.offsetFromUtc(), 0);
    QVERIFY(qAbs(record->startedAt.msecsTo(QDateTime::currentDateTimeUtc())) < 60000);
    bool custom = false;
    for (const auto &h : record->requestHeaders)
        custom = custom || (h.first == "X-Custom" && h.second == "yes");
    QVERIFY(custom);
    QByteArrayList responseHeaderNames;
    for (const auto &h : record->responseHeaders)
        responseHeaderNames << h.first;
    for (const char *name : {"Date", "Content-Length", "x-amzn-RequestId", "Connection"})
        QVERIFY2(responseHeaderNames.contains(name), name);
    QStringList stageNames;
    for (const auto &s : record->stages) {
        stageNames << s.name;
        QVERIFY(s.startUs >= 0);
        QVERIFY(s.durationUs >= 0);
    }
    QCOMPARE(stageNames, (QStringList{"read", "route", "write"}));
    QCOMPARE(record->stages.at(1).durationUs, 5);
    QVERIFY(record->totalUs >= record->stages.last().startUs);
    QCOMPARE(record->notes.value(QStringLiteral("operation")).toString(), QStringLiteral("Echo"));
}

void TestHttpServer::refusalRecorded()
{
    HttpServerConfig config;
    config.maxBodyBytes = 10;
    auto server = startServer(config);
    RawClient client(server->port());
    client.send("PUT /too/big HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    QTRY_COMPARE_WITH_TIMEOUT(m_sink->size(), 1, Wait);
    const Observe::RecordPtr record = m_sink->records().at(0);
    QCOMPARE(record->status, 413);
    QCOMPARE(record->method, QByteArray("PUT"));
    QCOMPARE(record->target, QByteArray("/too/big"));
    QCOMPARE(record->requestBodySize, 0);
    QVERIFY(record->notes.value(QStringLiteral("refused")).toBool());
    QVERIFY(record->notes.value(QStringLiteral("error")).toString().contains(u"too large"));
}

void TestHttpServer::stopFinishesInFlight()
{
    auto server = startServer();
    RawClient busy(server->port());
    RawClient idle(server->port());
    busy.send(get("/hold/x"));
    idle.send(get("/echo"));
    QTRY_VERIFY_WITH_TIMEOUT(idle.hasResponse(), Wait);
    idle.take();
    QTRY_COMPARE_WITH_TIMEOUT(m_handler->heldCount(), 1, Wait);
    // The answer arrives while stop() waits in its own event loop.
    QTimer::singleShot(0, [this] { m_handler->release("x", "late"); });
    server->stop(Wait);
    QCOMPARE(server->openConnections(), 0);
    QCOMPARE(server->inFlight(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(busy.hasResponse(), Wait);
    const auto r = *busy.take();
    QCOMPARE(r.body, QByteArray("late"));
    QCOMPARE(r.header("Connection"), QByteArray("close"));
    QTRY_VERIFY_WITH_TIMEOUT(busy.isClosed() && idle.isClosed(), Wait);

    RawClient refused(server->port());
    QTRY_VERIFY_WITH_TIMEOUT(refused.isClosed(), Wait);
}

void TestHttpServer::answerAfterClientLeft()
{
    auto server = startServer();
    {
        RawClient client(server->port());
        client.send(get("/hold/gone"));
        QTRY_COMPARE_WITH_TIMEOUT(m_handler->heldCount(), 1, Wait);
        client.close();
        QTRY_COMPARE_WITH_TIMEOUT(server->openConnections(), 0, Wait);
    }
    // The connection is gone (and deleted): answering must be a harmless no-op.
    QVERIFY(m_handler->release("gone"));
    QTest::qWait(0);
    RawClient client(server->port());
    client.send(get("/echo"));
    QTRY_VERIFY_WITH_TIMEOUT(client.hasResponse(), Wait);
    QCOMPARE(client.take()->status, 200);
}

void TestHttpServer::threadsAnswerWhileClientsLeave()
{
    auto server = startServer();
    constexpr int Clients = 8;
    constexpr int PerClient = 10;
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int c = 0; c < Clients; ++c) {
        clients.push_back(std::make_unique<RawClient>(server->port()));
        QByteArray batch;
        for (int i = 0; i < PerClient; ++i)
            batch += get("/hold/" + QByteArray::number(c * PerClient + i));
        clients.back()->send(batch);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_handler->heldCount(), Clients * PerClient, Wait);
    // Answers race from many threads with half of the clients going away.
    for (int i = 0; i < Clients * PerClient; ++i)
        QVERIFY(m_handler->release(QByteArray::number(i), QByteArray::number(i)));
    for (int c = 0; c < Clients; c += 2)
        clients[c]->close();
    QTRY_COMPARE_WITH_TIMEOUT(m_handler->answeredCount(), Clients * PerClient, Wait);
    for (int c = 1; c < Clients; c += 2) {
        QByteArrayList bodies;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                while (clients[c]->hasResponse())
                    bodies << clients[c]->take()->body;
                return bodies.size() == PerClient;
            }(),
            Wait);
        for (int i = 0; i < PerClient; ++i)
            QCOMPARE(bodies.at(i), QByteArray::number(c * PerClient + i));
    }
    QTRY_COMPARE_WITH_TIMEOUT(server->openConnections(), Clients / 2, Wait);
    QTRY_COMPARE_WITH_TIMEOUT(server->inFlight(), 0, Wait);
}

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
