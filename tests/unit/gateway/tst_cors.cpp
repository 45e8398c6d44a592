// enableCors(): what the API Gateway console's "Enable CORS" adds, served (the preflight answer
// with its exact headers, the origin header on the resource's methods and on gateway
// responses) and carried through OpenAPI export and import.
#include <gateway/compiledapi.h>
#include <gateway/cors.h>
#include <gateway/openapi.h>
#include <gateway/pipeline.h>

#include <QFile>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

namespace {

class NullTrace final : public PipelineTrace
{
public:
    qint64 nowUs() const override { return ++m_clock; }
    void addStage(const QString &, qint64, qint64) override {}
    void setNote(const QString &, const QVariant &) override {}

private:
    mutable qint64 m_clock = 0;
};

RestApi loadApi()
{
    QFile f(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/unit/gateway/data/validation.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read validation.json");
    auto imported = importOpenApi(f.readAll(), {IdGenerator::seeded(3)});
    if (!imported)
        qFatal("%s", qPrintable(imported.status().toString()));
    return imported->api;
}

Http::HttpResponse call(const RestApi &api, const QByteArray &method, const QByteArray &path,
                        const QByteArray &body = QByteArray())
{
    CompiledStage stage;
    stage.name = QStringLiteral("test");
    stage.api = CompiledApi::compile(std::make_shared<const RestApi>(api));
    InvocationRequest request;
    request.method = method;
    request.resourcePath = path;
    request.headers = {{"Origin", "http://app.example"},
                       {"Access-Control-Request-Method", "POST"},
                       {"Content-Type", "application/json"}};
    request.body = body;
    NullTrace trace;
    return Pipeline::invoke(stage, request, &trace);
}

} // namespace

class TestCors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void preflight_data();
    void preflight();
    void originOnMethodResponses();
    void gatewayResponses();
    void unknownResource();
    void roundTripsThroughOpenApi_data();
    void roundTripsThroughOpenApi();
};

void TestCors::preflight_data()
{
    QTest::addColumn<QString>("origin");
    QTest::addColumn<QByteArray>("allowOrigin");
    QTest::newRow("any origin") << QString() << QByteArray("*");
    QTest::newRow("one origin") << QStringLiteral("https://app.example") << QByteArray("https://app.example");
}

void TestCors::preflight()
{
    QFETCH(QString, origin);
    QFETCH(QByteArray, allowOrigin);
    RestApi api = loadApi();
    CorsOptions options;
    if (!origin.isEmpty())
        options.allowOrigin = origin;
    QVERIFY(enableCors(api, QStringLiteral("/pets"), options));
    const Http::HttpResponse r = call(api, "OPTIONS", "/pets");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Access-Control-Allow-Headers"),
             QByteArray("Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token"));
    QCOMPARE(r.header("Access-Control-Allow-Methods"), QByteArray("OPTIONS,POST"));
    QCOMPARE(r.header("Access-Control-Allow-Origin"), allowOrigin);
    QCOMPARE(r.body, QByteArray());

    const Method &options_ = api.resourceByPath(QStringLiteral("/pets"))->methods.value(QStringLiteral("OPTIONS"));
    QCOMPARE(options_.integration->requestTemplates.value(QStringLiteral("application/json")),
             QStringLiteral("{\"statusCode\": 200}"));
    QCOMPARE(options_.methodResponses.value(QStringLiteral("200")).responseModels.value(QStringLiteral("application/json")),
             QStringLiteral("Empty"));
    QVERIFY(api.models.contains(QStringLiteral("Empty")));
}

void TestCors::originOnMethodResponses()
{
    RestApi api = loadApi();
    QVERIFY(enableCors(api, QStringLiteral("/pets")));
    const Http::HttpResponse r =
        call(api, "POST", "/pets", R"({"name": "Rex", "owner": {"email": "a@b"}})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("*"));
    // Other resources are untouched.
    QVERIFY(call(api, "POST", "/free", "{}").header("Access-Control-Allow-Origin").isEmpty());
}

void TestCors::gatewayResponses()
{
    RestApi api = loadApi();
    CorsOptions options;
    options.gatewayResponses = true;
    QVERIFY(enableCors(api, QStringLiteral("/pets"), options));
    // A body failing validation: the gateway's own 400 carries the CORS headers too.
    const Http::HttpResponse r = call(api, "POST", "/pets", "{}");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"message":"Invalid request body"})"));
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("*"));
    QCOMPARE(r.header("Access-Control-Allow-Headers"),
             QByteArray("Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token"));
}

void TestCors::unknownResource()
{
    RestApi api = loadApi();
    const Status s = enableCors(api, QStringLiteral("/nope"));
    QVERIFY(!s);
    QCOMPARE(s.code(), GatewayError::BadRequest);
}

void TestCors::roundTripsThroughOpenApi_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("OpenAPI 3 JSON") << int(ExportFormat::OpenApi3Json);
    QTest::newRow("OpenAPI 3 YAML") << int(ExportFormat::OpenApi3Yaml);
    QTest::newRow("Swagger 2 JSON") << int(ExportFormat::Swagger2Json);
}

void TestCors::roundTripsThroughOpenApi()
{
    QFETCH(int, format);
    RestApi api = loadApi();
    CorsOptions options;
    options.gatewayResponses = true;
    QVERIFY(enableCors(api, QStringLiteral("/pets"), options));
    QVERIFY(enableCors(api, QStringLiteral("/search")));
    const QByteArray exported = exportOpenApi(api, ExportFormat(format));
    auto again = importOpenApi(exported, {IdGenerator::seeded(9)});
    QVERIFY2(again, qPrintable(again.status().toString()));
    if (format == int(ExportFormat::Swagger2Json))
        again->api.servers = api.servers; // Swagger 2 has no servers (not what is tested here)
    QString difference;
    QVERIFY2(equivalent(api, again->api, &difference), qPrintable(difference));
    const Http::HttpResponse r = call(again->api, "OPTIONS", "/search");
    QCOMPARE(r.header("Access-Control-Allow-Methods"), QByteArray("GET,OPTIONS"));
}

QTEST_GUILESS_MAIN(TestCors)
#include "tst_cors.moc"
