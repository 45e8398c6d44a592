// The MOCK pipeline end to end on value types: an OpenAPI document in, requests through
// Pipeline::invoke, exact responses, stages and record notes out. No socket.
#include <gateway/compiledapi.h>
#include <gateway/openapi.h>
#include <gateway/pipeline.h>

#include <QFile>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

namespace {

class RecordingTrace final : public PipelineTrace
{
public:
    qint64 nowUs() const override { return ++m_clock; }
    void addStage(const QString &name, qint64 startUs, qint64 durationUs) override
    {
        QVERIFY(durationUs >= 0);
        QVERIFY(startUs > 0);
        stages << name;
    }
    void setNote(const QString &key, const QVariant &value) override { notes.insert(key, value); }

    QStringList stages;
    QVariantMap notes;

private:
    mutable qint64 m_clock = 0;
};

std::shared_ptr<const RestApi> loadApi(const char *file)
{
    QFile f(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/unit/gateway/data/") + QLatin1String(file));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", file);
    auto imported = importOpenApi(f.readAll(), {IdGenerator::seeded(3)});
    if (!imported)
        qFatal("%s", qPrintable(imported.status().toString()));
    return std::make_shared<const RestApi>(imported->api);
}

CompiledStage makeStage(const char *file)
{
    CompiledStage stage;
    stage.name = QStringLiteral("test");
    stage.variables = {{QStringLiteral("color"), QStringLiteral("blue")}};
    stage.api = CompiledApi::compile(loadApi(file));
    return stage;
}

using Headers = QList<QPair<QByteArray, QByteArray>>;

Http::HttpResponse call(const CompiledStage &stage, const QByteArray &method, const QByteArray &target,
                        const Headers &headers, const QByteArray &body, RecordingTrace *trace)
{
    InvocationRequest request;
    request.method = method;
    const qsizetype q = target.indexOf('?');
    request.resourcePath = q < 0 ? target : target.left(q);
    request.query = q < 0 ? QByteArray() : target.mid(q + 1);
    request.headers = headers;
    request.body = body;
    request.path = u"/test" + QString::fromUtf8(request.resourcePath);
    request.requestId = QStringLiteral("c0ffee00-0000-4000-8000-000000000001");
    request.requestTimeEpochMs = 1764064800000;
    request.sourceIp = QStringLiteral("127.0.0.1");
    return Pipeline::invoke(stage, request, trace);
}

} // namespace

class TestMock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void responses_data();
    void responses();
    void stagesAndNotes();
    void templateErrorsNameLineAndColumn();
    void unavailableIntegrationTypes();
    void customGatewayResponses_data();
    void customGatewayResponses();
    void compileProblemsReported();

private:
    CompiledStage m_mock;
    CompiledStage m_custom;
};

void TestMock::initTestCase()
{
    m_mock = makeStage("mock-api.yaml");
    m_custom = makeStage("custom-responses-api.yaml");
}

void TestMock::responses_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("responseBody");
    // Headers the response must carry (exact values); "-" as value: must be absent.
    QTest::addColumn<Headers>("expectHeaders");

    const QByteArray json = "application/json";
    const Headers none;
    const Headers jsonType{{"Content-Type", json}};
    const QByteArray missingToken = R"({"message":"Missing Authentication Token"})";
    const QByteArray internal = R"({"message": "Internal server error"})";
    const QByteArray unsupported = R"({"message": "Unsupported Media Type"})";

    QTest::newRow("template chooses 200")
        << QByteArray("GET") << QByteArray("/pets/7?q=x") << none << QByteArray() << 200
        << QByteArray(R"({"id": "7", "stage": "test", "color": "blue", "q": "x"})")
        << Headers{{"Content-Type", json}, {"X-Pet", "7"}, {"X-Static", "yes"}, {"X-Color", "blue"}};
    QTest::newRow("template chooses 404, pattern selects")
        << QByteArray("GET") << QByteArray("/pets/0") << none << QByteArray() << 404
        << QByteArray(R"({"message": "no pet 0"})") << Headers{{"X-Pet", "-"}};
    QTest::newRow("Accept chooses the response template")
        << QByteArray("GET") << QByteArray("/pets/7") << Headers{{"Accept", "application/xml"}}
        << QByteArray() << 200 << QByteArray(R"(<pet id="7"/>)")
        << Headers{{"Content-Type", "application/xml"}};
    QTest::newRow("Accept list, first known type")
        << QByteArray("GET") << QByteArray("/pets/7")
        << Headers{{"Accept", "text/html, application/xml;q=0.9, */*;q=0.1"}} << QByteArray() << 200
        << QByteArray(R"(<pet id="7"/>)") << Headers{{"Content-Type", "application/xml"}};
    QTest::newRow("unknown Accept falls back to application/json")
        << QByteArray("GET") << QByteArray("/pets/7") << Headers{{"Accept", "text/html"}}
        << QByteArray() << 200
        << QByteArray(R"({"id": "7", "stage": "test", "color": "blue", "q": ""})")
        << Headers{{"Content-Type", json}};
    QTest::newRow("pattern 4\\d{2}") << QByteArray("GET") << QByteArray("/status/404") << none
                                     << QByteArray() << 400 << QByteArray(R"({"family": "4xx"})")
                                     << none;
    QTest::newRow("pattern 5\\d{2}") << QByteArray("GET") << QByteArray("/status/502") << none
                                     << QByteArray() << 503 << QByteArray(R"({"family": "5xx"})")
                                     << none;
    QTest::newRow("no pattern matches: default") << QByteArray("GET") << QByteArray("/status/201")
                                                 << none << QByteArray() << 200
                                                 << QByteArray(R"({"family": "default"})") << none;
    QTest::newRow("patterns match the whole status")
        << QByteArray("GET") << QByteArray("/status/4041") << none << QByteArray() << 200
        << QByteArray(R"({"family": "default"})") << none;
    QTest::newRow("statusCode not an integer")
        << QByteArray("GET") << QByteArray("/status/abc") << none << QByteArray() << 500 << internal
        << Headers{{"x-amzn-ErrorType", "InternalServerErrorException"}};
    QTest::newRow("negative statusCode is an integer")
        << QByteArray("GET") << QByteArray("/status/-1") << none << QByteArray() << 200
        << QByteArray(R"({"family": "default"})") << none;
    QTest::newRow("no integration responses") << QByteArray("GET") << QByteArray("/noresponses")
                                              << none << QByteArray() << 500 << internal << none;
    QTest::newRow("no match and no default") << QByteArray("GET") << QByteArray("/nopattern")
                                             << none << QByteArray() << 500 << internal << none;
    QTest::newRow("no template, no body: 200") << QByteArray("GET") << QByteArray("/notemplate")
                                               << none << QByteArray() << 200 << QByteArray()
                                               << Headers{{"Content-Type", json}};
    QTest::newRow("passthrough body names the status")
        << QByteArray("POST") << QByteArray("/notemplate") << jsonType
        << QByteArray(R"({"statusCode": 404})") << 404 << QByteArray() << none;
    QTest::newRow("passthrough body without statusCode")
        << QByteArray("PUT") << QByteArray("/notemplate") << jsonType << QByteArray("hello") << 500
        << internal << none;
    QTest::newRow("NEVER: template matches") << QByteArray("POST") << QByteArray("/never") << jsonType
                                             << QByteArray("{}") << 200 << QByteArray() << none;
    QTest::newRow("NEVER: no Content-Type is application/json")
        << QByteArray("POST") << QByteArray("/never") << none << QByteArray("{}") << 200
        << QByteArray() << none;
    QTest::newRow("NEVER: charset parameter ignored")
        << QByteArray("POST") << QByteArray("/never")
        << Headers{{"content-type", "Application/JSON; charset=UTF-8"}} << QByteArray("{}") << 200
        << QByteArray() << none;
    QTest::newRow("NEVER: unmapped type is 415")
        << QByteArray("POST") << QByteArray("/never") << Headers{{"Content-Type", "text/plain"}}
        << QByteArray("x") << 415 << unsupported
        << Headers{{"x-amzn-ErrorType", "UnsupportedMediaTypeException"}};
    QTest::newRow("NEVER without templates is 415")
        << QByteArray("POST") << QByteArray("/never-none") << jsonType << QByteArray() << 415
        << unsupported << none;
    QTest::newRow("WHEN_NO_TEMPLATES: unmapped type with templates is 415")
        << QByteArray("POST") << QByteArray("/whennotemplates") << Headers{{"Content-Type", "text/plain"}}
        << QByteArray("x") << 415 << unsupported << none;
    QTest::newRow("WHEN_NO_TEMPLATES: no templates passes through")
        << QByteArray("POST") << QByteArray("/whennotemplates-none")
        << Headers{{"Content-Type", "text/plain"}} << QByteArray(R"({"statusCode": 200})") << 200
        << QByteArray() << none;
    QTest::newRow("WHEN_NO_MATCH: unmapped type passes through")
        << QByteArray("POST") << QByteArray("/whennomatch") << Headers{{"Content-Type", "text/csv"}}
        << QByteArray(R"({"statusCode": 202})") << 202 << QByteArray()
        << Headers{{"Content-Type", json}};
    QTest::newRow("only template is text/plain, used for any Accept")
        << QByteArray("POST") << QByteArray("/whennomatch") << jsonType << QByteArray() << 200
        << QByteArray("plain") << Headers{{"Content-Type", "text/plain"}};
    QTest::newRow("required parameters missing")
        << QByteArray("GET") << QByteArray("/search") << none << QByteArray() << 400
        << QByteArray(R"({"message": "Missing required request parameters: [x-key, q]"})")
        << Headers{{"x-amzn-ErrorType", "BadRequestException"}};
    QTest::newRow("required header missing")
        << QByteArray("GET") << QByteArray("/search?q=a") << none << QByteArray() << 400
        << QByteArray(R"({"message": "Missing required request parameters: [x-key]"})") << none;
    QTest::newRow("required parameters present")
        << QByteArray("GET") << QByteArray("/search?q=a%20b+c") << Headers{{"X-Key", "k"}}
        << QByteArray() << 200 << QByteArray(R"({"q": "a b c"})") << none;
    QTest::newRow("required but no validator")
        << QByteArray("GET") << QByteArray("/search-unvalidated") << none << QByteArray() << 200
        << QByteArray() << none;
    QTest::newRow("responseOverride status and headers")
        << QByteArray("GET") << QByteArray("/override") << none << QByteArray() << 418
        << QByteArray("teapot") << Headers{{"X-Over", "yes"}, {"Content-Type", "text/teapot"}};
    QTest::newRow("unknown path") << QByteArray("GET") << QByteArray("/nowhere") << none
                                  << QByteArray() << 403 << missingToken
                                  << Headers{{"x-amzn-ErrorType", "MissingAuthenticationTokenException"}};
    QTest::newRow("unknown method") << QByteArray("DELETE") << QByteArray("/pets/1") << none
                                    << QByteArray() << 403 << missingToken << none;
    QTest::newRow("context variables")
        << QByteArray("GET") << QByteArray("/context?a=1&b=2") << none << QByteArray() << 200
        << QByteArray("GET /context /test/context c0ffee00-0000-4000-8000-000000000001 127.0.0.1 {a=1, b=2}")
        << Headers{{"X-Request-Id", "c0ffee00-0000-4000-8000-000000000001"}};
}

void TestMock::responses()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(Headers, headers);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, responseBody);
    QFETCH(Headers, expectHeaders);
    RecordingTrace trace;
    const Http::HttpResponse response = call(m_mock, method, target, headers, body, &trace);
    QVERIFY2(response.status == status,
             qPrintable(QStringLiteral("status %1, body %2, error %3")
                            .arg(response.status)
                            .arg(QString::fromUtf8(response.body),
                                 trace.notes.value(QStringLiteral("error")).toString())));
    QCOMPARE(response.body, responseBody);
    for (const auto &[name, value] : expectHeaders) {
        if (value == "-")
            QVERIFY2(!Http::hasHeader(response.headers, name), name.constData());
        else
            QCOMPARE(response.header(name), value);
    }
}

void TestMock::stagesAndNotes()
{
    RecordingTrace trace;
    const Http::HttpResponse response =
        call(m_mock, "GET", "/pets/0", {}, QByteArray(), &trace);
    QCOMPARE(response.status, 404);
    QCOMPARE(trace.stages, (QStringList{QStringLiteral("route"), QStringLiteral("methodRequest"),
                                        QStringLiteral("integrationRequest"),
                                        QStringLiteral("integration"),
                                        QStringLiteral("integrationResponse"),
                                        QStringLiteral("methodResponse")}));
    QCOMPARE(trace.notes.value(QStringLiteral("api")).toString(), QStringLiteral("Mock pipeline"));
    QCOMPARE(trace.notes.value(QStringLiteral("stage")).toString(), QStringLiteral("test"));
    QCOMPARE(trace.notes.value(QStringLiteral("resourcePath")).toString(), QStringLiteral("/pets/{id}"));
    QCOMPARE(trace.notes.value(QStringLiteral("integration")).toString(), QStringLiteral("MOCK"));
    QCOMPARE(trace.notes.value(QStringLiteral("integrationStatus")).toInt(), 404);
    QVERIFY(!trace.notes.contains(QStringLiteral("templateIn"))); // an empty body is not noted
    QCOMPARE(trace.notes.value(QStringLiteral("templateOut")).toString(),
             QStringLiteral("{\"statusCode\": 404}"));
    QVERIFY(!trace.notes.contains(QStringLiteral("responseTemplateIn")));
    QCOMPARE(trace.notes.value(QStringLiteral("responseTemplateOut")).toString(),
             QStringLiteral("{\"message\": \"no pet 0\"}"));
    QVERIFY(!trace.notes.contains(QStringLiteral("error")));

    // A request body is the request template's input.
    RecordingTrace posted;
    QCOMPARE(call(m_mock, "POST", "/never", {{"Content-Type", "application/json"}}, "{\"a\": 1}", &posted)
                 .status,
             200);
    QCOMPARE(posted.notes.value(QStringLiteral("templateIn")).toString(), QStringLiteral("{\"a\": 1}"));
    QCOMPARE(posted.notes.value(QStringLiteral("templateOut")).toString(),
             QStringLiteral("{\"statusCode\": 200}"));

    // A request refused at the method request stops there.
    RecordingTrace refused;
    QCOMPARE(call(m_mock, "GET", "/search", {}, QByteArray(), &refused).status, 400);
    QCOMPARE(refused.stages, (QStringList{QStringLiteral("route"), QStringLiteral("methodRequest")}));
    QCOMPARE(refused.notes.value(QStringLiteral("gatewayResponse")).toString(),
             QStringLiteral("BAD_REQUEST_PARAMETERS"));
}

void TestMock::templateErrorsNameLineAndColumn()
{
    RecordingTrace request;
    Http::HttpResponse response = call(m_mock, "GET", "/broken-request", {}, QByteArray(), &request);
    QCOMPARE(response.status, 500);
    QCOMPARE(response.body, QByteArray(R"({"message": "Internal server error"})"));
    const QString requestError = request.notes.value(QStringLiteral("error")).toString();
    QVERIFY2(requestError.startsWith(QStringLiteral(
                 "Execution failed due to configuration error: Unable to transform request: request "
                 "template (application/json): line 2, column ")),
             qPrintable(requestError));

    RecordingTrace responseTrace;
    response = call(m_mock, "GET", "/broken-response", {}, QByteArray(), &responseTrace);
    QCOMPARE(response.status, 500);
    QCOMPARE(response.body, QByteArray(R"({"message": "Internal server error"})"));
    const QString responseError = responseTrace.notes.value(QStringLiteral("error")).toString();
    QVERIFY2(responseError.contains(QStringLiteral("Unable to transform response: response template "
                                                   "(application/json): line 2, column 7: Invocation of method 'parseJson'")),
             qPrintable(responseError));
}

void TestMock::unavailableIntegrationTypes()
{
    RecordingTrace trace;
    const Http::HttpResponse response = call(m_mock, "GET", "/backend", {}, QByteArray(), &trace);
    QCOMPARE(response.status, 500);
    QCOMPARE(response.body, QByteArray(R"({"message": "Internal server error"})"));
    QCOMPARE(trace.notes.value(QStringLiteral("error")).toString(),
             QStringLiteral("integration type HTTP is not available in this process"));
    QCOMPARE(trace.notes.value(QStringLiteral("integration")).toString(), QStringLiteral("HTTP"));
}

void TestMock::customGatewayResponses_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("responseBody");
    QTest::addColumn<Headers>("expectHeaders");

    QTest::newRow("DEFAULT_4XX customises MISSING_AUTHENTICATION_TOKEN")
        << QByteArray("/nowhere") << Headers{} << 403
        << QByteArray(R"({"custom": "Missing Authentication Token", "type": "MISSING_AUTHENTICATION_TOKEN"})")
        << Headers{{"Access-Control-Allow-Origin", "*"},
                   {"x-amzn-ErrorType", "MissingAuthenticationTokenException"},
                   {"Content-Type", "application/json"}};
    QTest::newRow("own customisation with status, parameters and template")
        << QByteArray("/items") << Headers{{"x-trace", "t-1"}} << 422
        << QByteArray(R"({"invalid": "Missing required request parameters: [id]"})")
        << Headers{{"X-Trace", "t-1"}, {"X-Why", "params"}, {"Access-Control-Allow-Origin", "-"}};
    QTest::newRow("DEFAULT_5XX customises a configuration error")
        << QByteArray("/proxy") << Headers{} << 500 << QByteArray(R"({"oops": "Internal server error"})")
        << Headers{{"x-amzn-ErrorType", "InternalServerErrorException"}};
    QTest::newRow("request served normally") << QByteArray("/items?id=1") << Headers{} << 200
                                             << QByteArray() << Headers{};
}

void TestMock::customGatewayResponses()
{
    QFETCH(QByteArray, target);
    QFETCH(Headers, headers);
    QFETCH(int, status);
    QFETCH(QByteArray, responseBody);
    QFETCH(Headers, expectHeaders);
    RecordingTrace trace;
    const Http::HttpResponse response = call(m_custom, "GET", target, headers, QByteArray(), &trace);
    QCOMPARE(response.status, status);
    QCOMPARE(response.body, responseBody);
    for (const auto &[name, value] : expectHeaders) {
        if (value == "-")
            QVERIFY2(!Http::hasHeader(response.headers, name), name.constData());
        else
            QCOMPARE(response.header(name), value);
    }
}

void TestMock::compileProblemsReported()
{
    const QStringList problems = m_mock.api->problems();
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().startsWith(QStringLiteral(
                 "GET /broken-request: request template application/json: line 2, column ")),
             qPrintable(problems.first()));
    QVERIFY(m_custom.api->problems().isEmpty());
}

QTEST_GUILESS_MAIN(TestMock)
#include "tst_mock.moc"
