// Access-log formats: the API Gateway console's presets and custom $context formats rendered
// for a known finished request, value by value.
#include <gateway/accesslogformat.h>
#include <observe/recordhub.h>

#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

namespace {

Observe::RecordPtr bookRecord()
{
    auto r = std::make_shared<Observe::RequestRecord>();
    r->requestId = "0b5c6f3e-1111-4222-8333-444455556666";
    r->listener = QStringLiteral("gateway");
    r->startedAt = QDateTime(QDate(2026, 11, 5), QTime(15, 42, 3, 123), Qt::UTC);
    r->peerAddress = QStringLiteral("127.0.0.1");
    r->method = "GET";
    r->target = "/dev/books/9780132350884?x=1";
    r->requestHeaders = {{"Host", "localhost:3000"}, {"User-Agent", "curl/7.88 \"quoted\""}};
    r->status = 200;
    r->responseHeaders = {{"Content-Type", "application/json"}, {"x-amz-apigw-id", "62y7zO4bQ2SPPQs="}};
    r->responseBody = R"({"isbn": "9780132350884"})";
    r->responseBodySize = 121;
    r->totalUs = 3789;
    r->stages = {{QStringLiteral("route"), 10, 20}, {QStringLiteral("integration"), 500, 2600}};
    r->notes = {{QStringLiteral("api"), QStringLiteral("Bookstore")},
                {QStringLiteral("apiId"), QStringLiteral("bk7q2m1x4d")},
                {QStringLiteral("stage"), QStringLiteral("dev")},
                {QStringLiteral("resourcePath"), QStringLiteral("/books/{isbn}")},
                {QStringLiteral("integration"), QStringLiteral("AWS")},
                {QStringLiteral("integrationStatus"), 200},
                {QStringLiteral("awsRequestId"), QStringLiteral("ddb-request-1")}};
    return r;
}

Observe::RecordPtr missingTokenRecord()
{
    auto r = std::make_shared<Observe::RequestRecord>(*bookRecord());
    r->method = "DELETE";
    r->target = "/dev/nothing";
    r->status = 403;
    r->responseBody = R"({"message":"Missing Authentication Token"})";
    r->responseBodySize = r->responseBody.size();
    r->stages = {{QStringLiteral("route"), 10, 20}};
    r->notes.remove(QStringLiteral("resourcePath"));
    r->notes.remove(QStringLiteral("integration"));
    r->notes.remove(QStringLiteral("integrationStatus"));
    r->notes.remove(QStringLiteral("awsRequestId"));
    r->notes.insert(QStringLiteral("gatewayResponse"), QStringLiteral("MISSING_AUTHENTICATION_TOKEN"));
    return r;
}

} // namespace

class TestAccessLogFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void render_data();
    void render();
    void unknownVariables();
    void requestIdRequired();
};

void TestAccessLogFormat::render_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<Observe::RecordPtr>("record");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("CLF preset")
        << "clf" << bookRecord()
        << QByteArray("127.0.0.1 - - [05/Nov/2026:15:42:03 +0000]\"GET /books/{isbn} HTTP/1.1\" 200 121 "
                      "0b5c6f3e-1111-4222-8333-444455556666 62y7zO4bQ2SPPQs=");
    QTest::newRow("JSON preset")
        << "JSON" << bookRecord()
        << QByteArray(R"({ "requestId":"0b5c6f3e-1111-4222-8333-444455556666", )"
                      R"("extendedRequestId":"62y7zO4bQ2SPPQs=","ip": "127.0.0.1", "caller":"-", )"
                      R"("user":"-", "requestTime":"05/Nov/2026:15:42:03 +0000", "httpMethod":"GET", )"
                      R"("resourcePath":"/books/{isbn}", "status":"200", "protocol":"HTTP/1.1", )"
                      R"("responseLength":"121" })");
    QTest::newRow("XML preset")
        << "xml" << bookRecord()
        << QByteArray(R"(<request id="0b5c6f3e-1111-4222-8333-444455556666"> )"
                      R"(<extendedRequestId>62y7zO4bQ2SPPQs=</extendedRequestId> <ip>127.0.0.1</ip> )"
                      R"(<caller>-</caller> <user>-</user> )"
                      R"(<requestTime>05/Nov/2026:15:42:03 +0000</requestTime> )"
                      R"(<httpMethod>GET</httpMethod> <resourcePath>/books/{isbn}</resourcePath> )"
                      R"(<status>200</status> <protocol>HTTP/1.1</protocol> )"
                      R"(<responseLength>121</responseLength> </request>)");
    QTest::newRow("CSV preset")
        << "csv" << bookRecord()
        << QByteArray("127.0.0.1,-,-,05/Nov/2026:15:42:03 +0000,GET,/books/{isbn},HTTP/1.1,200,121,"
                      "0b5c6f3e-1111-4222-8333-444455556666,62y7zO4bQ2SPPQs=");
    QTest::newRow("latencies, integration, path, ids")
        << "$context.requestId $context.responseLatency $context.integrationLatency "
           "$context.integration.latency $context.integrationStatus $context.integration.requestId "
           "$context.path $context.stage $context.apiId $context.requestTimeEpoch "
           "$context.domainName $context.error.message."
        << bookRecord()
        << QByteArray("0b5c6f3e-1111-4222-8333-444455556666 3 2 2 200 ddb-request-1 "
                      "/dev/books/9780132350884 dev bk7q2m1x4d 1793893323123 localhost -.");
    QTest::newRow("a gateway response: error variables")
        << "$context.requestId $context.status $context.error.responseType $context.error.message "
           "$context.error.messageString $context.integrationStatus $context.integrationLatency "
           "$context.resourcePath"
        << missingTokenRecord()
        << QByteArray("0b5c6f3e-1111-4222-8333-444455556666 403 MISSING_AUTHENTICATION_TOKEN "
                      "Missing Authentication Token \"Missing Authentication Token\" - - -");
    QTest::newRow("custom JSON: values escaped")
        << R"({"requestId":"$context.requestId","ua":"$context.identity.userAgent"})" << bookRecord()
        << QByteArray(R"({"requestId":"0b5c6f3e-1111-4222-8333-444455556666","ua":"curl/7.88 \"quoted\""})");
    QTest::newRow("custom text: values as they are")
        << "$context.requestId $context.identity.userAgent" << bookRecord()
        << QByteArray(R"(0b5c6f3e-1111-4222-8333-444455556666 curl/7.88 "quoted")");
}

void TestAccessLogFormat::render()
{
    QFETCH(QString, format);
    QFETCH(Observe::RecordPtr, record);
    const AccessLogFormat compiled(AccessLogFormat::preset(format));
    QVERIFY(compiled.unknownVariables().isEmpty());
    QTEST(compiled.render(*record), "line");
}

void TestAccessLogFormat::unknownVariables()
{
    const AccessLogFormat format(QStringLiteral("$context.requestId $context.nope.deeper $context.status"));
    QCOMPARE(format.unknownVariables(), QStringList{QStringLiteral("nope.deeper")});
    QCOMPARE(format.render(*bookRecord()), QByteArray("0b5c6f3e-1111-4222-8333-444455556666 - 200"));
}

void TestAccessLogFormat::requestIdRequired()
{
    QVERIFY(AccessLogFormat(AccessLogFormat::preset(QStringLiteral("clf"))).hasRequestId());
    QVERIFY(AccessLogFormat(QStringLiteral("$context.extendedRequestId")).hasRequestId());
    QVERIFY(!AccessLogFormat(QStringLiteral("$context.status $context.path")).hasRequestId());
}

QTEST_GUILESS_MAIN(TestAccessLogFormat)
#include "tst_accesslogformat.moc"
