// Request validation on value types: the body against the method's model (JSON Schema draft 4,
// $ref to other models) for the request's content type, and the required parameters, with
// API Gateway's answers and execution-log wording.
#include <gateway/compiledapi.h>
#include <gateway/openapi.h>
#include <gateway/pipeline.h>

#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

namespace {

class RecordingTrace final : public PipelineTrace
{
public:
    qint64 nowUs() const override { return ++m_clock; }
    void addStage(const QString &, qint64, qint64) override {}
    void setNote(const QString &key, const QVariant &value) override { notes.insert(key, value); }
    QVariantMap notes;

private:
    mutable qint64 m_clock = 0;
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

} // namespace

class TestRequestValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void body_data();
    void body();
    void parameters_data();
    void parameters();
    void modelUrlReferences();

private:
    CompiledStage m_stage;
};

void TestRequestValidation::initTestCase()
{
    QFile f(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/unit/gateway/data/validation.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto imported = importOpenApi(f.readAll(), {IdGenerator::seeded(3)});
    QVERIFY2(imported, qPrintable(imported.status().toString()));
    m_stage.name = QStringLiteral("test");
    m_stage.api = CompiledApi::compile(std::make_shared<const RestApi>(imported->api));
    QVERIFY2(m_stage.api->problems().isEmpty(), qPrintable(m_stage.api->problems().join(u'\n')));
}

void TestRequestValidation::body_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorContains"); // in the record's error note

    const QByteArray json = "application/json";
    QTest::newRow("valid") << QByteArray("/pets") << json
                           << QByteArray(R"({"name": "Rex", "age": 3, "owner": {"email": "a@b"}})")
                           << 200 << QString();
    QTest::newRow("valid, charset parameter")
        << QByteArray("/pets") << QByteArray("application/json; charset=utf-8")
        << QByteArray(R"({"name": "Rex", "owner": {"email": "a@b"}})") << 200 << QString();
    QTest::newRow("no content type means application/json")
        << QByteArray("/pets") << QByteArray() << QByteArray(R"({"name": "Rex"})") << 400
        << QStringLiteral("Request body does not match model schema for content type application/json: [");
    QTest::newRow("invalid type") << QByteArray("/pets") << json
                                  << QByteArray(R"({"name": "Rex", "age": "three", "owner": {"email": "a@b"}})")
                                  << 400 << QStringLiteral("/age");
    QTest::newRow("missing required property")
        << QByteArray("/pets") << json << QByteArray(R"({"owner": {"email": "a@b"}})") << 400
        << QStringLiteral("name");
    QTest::newRow("$ref model: missing required")
        << QByteArray("/pets") << json << QByteArray(R"({"name": "Rex", "owner": {}})") << 400
        << QStringLiteral("email");
    QTest::newRow("$ref model: pattern")
        << QByteArray("/pets") << json
        << QByteArray(R"({"name": "Rex", "owner": {"email": "nobody"}})") << 400
        << QStringLiteral("/owner/email");
    QTest::newRow("array items") << QByteArray("/pets") << json
                                 << QByteArray(R"({"name": "R", "tags": ["a", 2], "owner": {"email": "a@b"}})")
                                 << 400 << QStringLiteral("/tags");
    QTest::newRow("not JSON") << QByteArray("/pets") << json << QByteArray("{oops") << 400
                              << QStringLiteral("Invalid JSON");
    QTest::newRow("empty body is {}") << QByteArray("/pets") << json << QByteArray() << 400
                                      << QStringLiteral("name");
    QTest::newRow("wrong body type") << QByteArray("/pets") << json << QByteArray("[1]") << 400
                                     << QString();
    QTest::newRow("content type without a model is not validated")
        << QByteArray("/pets") << QByteArray("text/plain") << QByteArray(R"({"statusCode": 200})")
        << 200 << QString();
    QTest::newRow("method without a model") << QByteArray("/free") << json << QByteArray("[1, 2]")
                                            << 200 << QString();
}

void TestRequestValidation::body()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, errorContains);
    InvocationRequest request;
    request.method = "POST";
    request.resourcePath = path;
    if (!contentType.isEmpty())
        request.headers = {{"Content-Type", contentType}};
    request.body = body;
    RecordingTrace trace;
    const Http::HttpResponse r = Pipeline::invoke(m_stage, request, &trace);
    QCOMPARE(r.status, status);
    if (status == 400) {
        QCOMPARE(r.body, QByteArray(R"({"message": "Invalid request body"})"));
        QCOMPARE(r.header("x-amzn-ErrorType"), QByteArray("BadRequestException"));
        QCOMPARE(trace.notes.value(QStringLiteral("gatewayResponse")).toString(),
                 QStringLiteral("BAD_REQUEST_BODY"));
        const QString error = trace.notes.value(QStringLiteral("error")).toString();
        QVERIFY2(error.startsWith(QStringLiteral("Request body does not match model schema for "
                                                 "content type ")),
                 qPrintable(error));
        QVERIFY2(error.contains(errorContains), qPrintable(error));
    }
}

void TestRequestValidation::parameters_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("both present") << QByteArray("/search?q=1") << Headers{{"x-key", "k"}} << 200
                                  << QByteArray();
    QTest::newRow("both missing") << QByteArray("/search") << Headers{} << 400
                                  << QByteArray(R"({"message": "Missing required request parameters: [x-key, q]"})");
    QTest::newRow("query missing") << QByteArray("/search?other=1") << Headers{{"X-Key", "k"}} << 400
                                   << QByteArray(R"({"message": "Missing required request parameters: [q]"})");
}

void TestRequestValidation::parameters()
{
    QFETCH(QByteArray, target);
    QFETCH(Headers, headers);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    InvocationRequest request;
    request.method = "GET";
    const qsizetype q = target.indexOf('?');
    request.resourcePath = q < 0 ? target : target.left(q);
    request.query = q < 0 ? QByteArray() : target.mid(q + 1);
    request.headers = headers;
    RecordingTrace trace;
    const Http::HttpResponse r = Pipeline::invoke(m_stage, request, &trace);
    QCOMPARE(r.status, status);
    if (status == 400)
        QCOMPARE(r.body, body);
}

void TestRequestValidation::modelUrlReferences()
{
    // API Gateway's own model URLs resolve to the sibling model.
    RestApi api;
    Model owner;
    owner.name = QStringLiteral("Owner");
    owner.schema = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                               {QStringLiteral("required"), QJsonArray{QStringLiteral("email")}}};
    Model pet;
    pet.name = QStringLiteral("Pet");
    pet.schema = QJsonObject{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("owner"),
                      QJsonObject{{QStringLiteral("$ref"),
                                   QStringLiteral("https://apigateway.amazonaws.com/restapis/abc/models/Owner")}}}}}};
    api.models = {{owner.name, owner}, {pet.name, pet}};
    QStringList problems;
    auto schemas = ModelSchemas::compile(api, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(schemas->validate(QStringLiteral("Pet"), R"({"owner": {"email": "x"}})")->size(), 0);
    QVERIFY(!schemas->validate(QStringLiteral("Pet"), R"({"owner": {}})")->isEmpty());
    QVERIFY(!schemas->validate(QStringLiteral("Nope"), "{}"));
}

QTEST_GUILESS_MAIN(TestRequestValidation)
#include "tst_requestvalidation.moc"
