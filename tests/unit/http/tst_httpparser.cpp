#include <http/httpparser.h>

#include <QtTest>

using namespace Gatehouse::Http;

Q_DECLARE_METATYPE(Gatehouse::Http::RefusalReason)

namespace {

struct Outcome
{
    bool complete = false;
    bool error = false;
    int status = 0;
    RefusalReason reason = RefusalReason::BadRequest;
    HttpRequest request;
    qsizetype consumed = 0;
    int heads = 0;
    bool keepAlive = false;
    bool expectContinue = false;
    bool upgrade = false;
};

// Feeds `input` in pieces of `step` bytes (0: all at once), as a connection would, keeping
// unconsumed bytes for the next round.
Outcome run(const QByteArray &input, int step, HttpParser::Limits limits = {})
{
    HttpParser parser(limits);
    Outcome o;
    QByteArray buffer;
    qsizetype offered = 0;
    qsizetype pos = 0;
    while (true) {
        if (offered < input.size()) {
            const qsizetype n = step > 0 ? std::min<qsizetype>(step, input.size() - offered)
                                         : input.size() - offered;
            buffer.append(input.mid(offered, n));
            offered += n;
        }
        bool progressed = true;
        while (progressed) {
            progressed = false;
            const qsizetype before = pos;
            const auto e = parser.parse(buffer.constData(), buffer.size(), &pos);
            o.consumed += pos - before;
            if (e == HttpParser::Event::HeadComplete) {
                ++o.heads;
                o.expectContinue = parser.expectContinue();
                o.upgrade = parser.webSocketUpgrade();
                progressed = true;
            } else if (e == HttpParser::Event::MessageComplete) {
                o.complete = true;
                o.keepAlive = parser.keepAlive();
                o.request = parser.takeRequest();
                return o;
            } else if (e == HttpParser::Event::Error) {
                o.error = true;
                o.status = parser.errorStatus();
                o.reason = parser.errorReason();
                return o;
            }
        }
        buffer.remove(0, pos);
        pos = 0;
        if (offered >= input.size())
            return o;
    }
}

} // namespace

class TestHttpParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requests_data();
    void requests();
    void refusals_data();
    void refusals();
    void keepAlive_data();
    void keepAlive();
    void expectAndUpgrade();
    void pipelinedStopsAtMessageEnd();
    void bodyLimitBeforeBody();
};

void TestHttpParser::requests_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<int>("minor");
    QTest::addColumn<int>("headerCount");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("get") << QByteArray("GET /a%20b/c?x=1&y HTTP/1.1\r\nHost: h\r\n\r\n")
                         << QByteArray("GET") << QByteArray("/a%20b/c") << QByteArray("x=1&y")
                         << 1 << 1 << QByteArray();
    QTest::newRow("http/1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArray("GET")
                              << QByteArray("/") << QByteArray() << 0 << 0 << QByteArray();
    QTest::newRow("bare LF lines") << QByteArray("GET /x HTTP/1.1\nHost: h\nA: b\n\n")
                                   << QByteArray("GET") << QByteArray("/x") << QByteArray() << 1
                                   << 2 << QByteArray();
    QTest::newRow("leading empty lines") << QByteArray("\r\n\r\nGET /x HTTP/1.1\r\n\r\n")
                                         << QByteArray("GET") << QByteArray("/x") << QByteArray()
                                         << 1 << 0 << QByteArray();
    QTest::newRow("absolute form")
        << QByteArray("GET http://example.com/p/q?z=2 HTTP/1.1\r\nHost: example.com\r\n\r\n")
        << QByteArray("GET") << QByteArray("/p/q") << QByteArray("z=2") << 1 << 1 << QByteArray();
    QTest::newRow("content-length")
        << QByteArray("POST /p HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world")
        << QByteArray("POST") << QByteArray("/p") << QByteArray() << 1 << 1
        << QByteArray("hello world");
    QTest::newRow("chunked with extension and trailer")
        << QByteArray("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
        << QByteArray("POST") << QByteArray("/c") << QByteArray() << 1 << 1
        << QByteArray("hello world");
    QTest::newRow("chunked upper-case hex")
        << QByteArray("PUT /c HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
                      "A\r\n0123456789\r\n0\r\n\r\n")
        << QByteArray("PUT") << QByteArray("/c") << QByteArray() << 1 << 1
        << QByteArray("0123456789");
    QTest::newRow("header value trimmed, empty value")
        << QByteArray("GET / HTTP/1.1\r\nA:   x y  \r\nB:\r\n\r\n") << QByteArray("GET")
        << QByteArray("/") << QByteArray() << 1 << 2 << QByteArray();
}

void TestHttpParser::requests()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);
    QFETCH(int, minor);
    QFETCH(int, headerCount);
    QFETCH(QByteArray, body);
    // All at once, byte by byte, and in uneven pieces: the same message every time.
    for (int step : {0, 1, 3, 7}) {
        const Outcome o = run(input, step);
        QVERIFY2(o.complete, qPrintable(QStringLiteral("step %1").arg(step)));
        QCOMPARE(o.heads, 1);
        QCOMPARE(o.request.method, method);
        QCOMPARE(o.request.path, path);
        QCOMPARE(o.request.query, query);
        QCOMPARE(o.request.httpMinor, minor);
        QCOMPARE(o.request.headers.size(), headerCount);
        QCOMPARE(o.request.body, body);
        QCOMPARE(o.consumed, input.size());
    }
}

void TestHttpParser::refusals_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");
    QTest::addColumn<RefusalReason>("reason");
    const QByteArray big(300, 'a');

    QTest::newRow("garbage") << QByteArray("GARBAGE\r\n\r\n") << 400 << RefusalReason::BadRequest;
    QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << 400 << RefusalReason::BadRequest;
    QTest::newRow("bad version") << QByteArray("GET / HTTQ/1.1\r\n\r\n") << 400
                                 << RefusalReason::BadRequest;
    QTest::newRow("junk after version") << QByteArray("GET / HTTP/1.1 x\r\n\r\n") << 400
                                        << RefusalReason::BadRequest;
    QTest::newRow("control in target") << QByteArray("GET /\x01 HTTP/1.1\r\n\r\n") << 400
                                       << RefusalReason::BadRequest;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << 400
                                        << RefusalReason::BadRequest;
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost\r\n\r\n") << 400
                              << RefusalReason::BadRequest;
    QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << 400
                              << RefusalReason::BadRequest;
    QTest::newRow("bad content-length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n") << 400
        << RefusalReason::BadRequest;
    QTest::newRow("conflicting content-length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400
        << RefusalReason::BadRequest;
    QTest::newRow("length and chunked")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
        << 400 << RefusalReason::BadRequest;
    QTest::newRow("bad chunk size")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400
        << RefusalReason::BadRequest;
    QTest::newRow("missing chunk CRLF")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n") << 400
        << RefusalReason::BadRequest;
    QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505
                                    << RefusalReason::UnsupportedVersion;
    QTest::newRow("http/1.2") << QByteArray("GET / HTTP/1.2\r\n\r\n") << 505
                              << RefusalReason::UnsupportedVersion;
    QTest::newRow("http/0.9 as 0.9") << QByteArray("GET / HTTP/0.9\r\n\r\n") << 505
                                     << RefusalReason::UnsupportedVersion;
    QTest::newRow("gzip encoding")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") << 501
        << RefusalReason::NotImplemented;
    QTest::newRow("header too large")
        << QByteArray("GET / HTTP/1.1\r\nX: " + big + big + "\r\n\r\n") << 431
        << RefusalReason::HeaderTooLarge;
    QTest::newRow("unterminated header too large")
        << QByteArray("GET / HTTP/1.1\r\nX: " + big + big) << 431 << RefusalReason::HeaderTooLarge;
    QTest::newRow("too many headers")
        << QByteArray("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n") << 431
        << RefusalReason::TooManyHeaders;
    QTest::newRow("body too large")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n") << 413
        << RefusalReason::BodyTooLarge;
    QTest::newRow("huge content-length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") << 413
        << RefusalReason::BodyTooLarge;
    QTest::newRow("chunked too large")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n200\r\n"
                      + QByteArray(512, 'x') + "\r\n300\r\n")
        << 413 << RefusalReason::BodyTooLarge;
}

void TestHttpParser::refusals()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    QFETCH(RefusalReason, reason);
    const HttpParser::Limits limits{1000, 512, 4};
    for (int step : {0, 1, 5}) {
        const Outcome o = run(input, step, limits);
        QVERIFY2(o.error, qPrintable(QStringLiteral("step %1").arg(step)));
        QCOMPARE(o.status, status);
        QCOMPARE(o.reason, reason);
    }
}

void TestHttpParser::keepAlive_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
                               << false;
    QTest::newRow("1.1 token list")
        << QByteArray("GET / HTTP/1.1\r\nConnection: Upgrade, CLOSE\r\n\r\n") << false;
    QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << true;
}

void TestHttpParser::keepAlive()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, keepAlive);
    const Outcome o = run(input, 0);
    QVERIFY(o.complete);
    QCOMPARE(o.keepAlive, keepAlive);
}

void TestHttpParser::expectAndUpgrade()
{
    Outcome o = run("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nab", 0);
    QVERIFY(o.complete);
    QVERIFY(o.expectContinue);
    QVERIFY(!o.upgrade);
    // HTTP/1.0 clients do not understand 100 Continue.
    o = run("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nab", 0);
    QVERIFY(!o.expectContinue);
    o = run("GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", 0);
    QVERIFY(o.complete);
    QVERIFY(o.upgrade);
}

void TestHttpParser::pipelinedStopsAtMessageEnd()
{
    const QByteArray first = "POST /1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
    const QByteArray second = "GET /2 HTTP/1.1\r\n\r\n";
    const QByteArray both = first + second;
    HttpParser parser;
    qsizetype pos = 0;
    QCOMPARE(parser.parse(both.constData(), both.size(), &pos), HttpParser::Event::HeadComplete);
    QCOMPARE(parser.parse(both.constData(), both.size(), &pos),
             HttpParser::Event::MessageComplete);
    QCOMPARE(pos, first.size());
    QCOMPARE(parser.takeRequest().body, QByteArray("abc"));
    parser.reset();
    QCOMPARE(parser.parse(both.constData(), both.size(), &pos), HttpParser::Event::HeadComplete);
    QCOMPARE(parser.parse(both.constData(), both.size(), &pos),
             HttpParser::Event::MessageComplete);
    QCOMPARE(parser.request().path, QByteArray("/2"));
    QCOMPARE(pos, both.size());
}

void TestHttpParser::bodyLimitBeforeBody()
{
    // The refusal comes from the head alone: no body byte needs to be offered.
    const QByteArray head = "POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n";
    HttpParser parser(HttpParser::Limits{1000, 4096, 10});
    qsizetype pos = 0;
    QCOMPARE(parser.parse(head.constData(), head.size(), &pos), HttpParser::Event::Error);
    QCOMPARE(parser.errorStatus(), 413);
    QCOMPARE(parser.request().body.size(), 0);
}

QTEST_GUILESS_MAIN(TestHttpParser)
#include "tst_httpparser.moc"
