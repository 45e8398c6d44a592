// The pipeline's integration seam: which executor a type goes to, what the call carries, how
// a result becomes the response (selection patterns for non-proxy, as-is for proxy, gateway
// responses for failures), and answers that arrive later from another thread.
#include <gateway/compiledapi.h>
#include <gateway/integration.h>
#include <gateway/openapi.h>
#include <gateway/pipeline.h>

#include <QFile>
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
    void addStage(const QString &name, qint64, qint64) override
    {
        QMutexLocker lock(&m_mutex);
        stages << name;
    }
    void setNote(const QString &key, const QVariant &value) override
    {
        QMutexLocker lock(&m_mutex);
        notes.insert(key, value);
    }

    QStringList stages;
    QVariantMap notes;

private:
    mutable std::atomic<qint64> m_clock{0};
    QMutex m_mutex;
};

// Answers with a fixed result, at once or from a thread of its own, and keeps what it was given.
class FakeExecutor final : public IntegrationExecutor
{
public:
    void execute(const IntegrationCall &call, IntegrationDone done) override
    {
        ++calls;
        lastBody = call.body;
        lastResourcePath = call.resourcePath;
        lastPath = call.pathParameters;
        lastParameters.clear();
        for (const IntegrationCall::Parameter &p : call.parameters)
            lastParameters << p.location + u'.' + p.name + u'=' + p.value;
        call.trace->setNote(QStringLiteral("backend"), QStringLiteral("fake"));
        if (!fromThread) {
            done(result);
            return;
        }
        QThread *thread = QThread::create([done = std::move(done), r = result]() { done(r); });
        QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        thread->start();
    }

    IntegrationResult result;
    bool fromThread = false;
    int calls = 0;
    QByteArray lastBody;
    QString lastResourcePath;
    Vtl::NameValueList lastPath;
    QStringList lastParameters;
};

} // namespace

class TestIntegrationDispatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void nonProxyResultGoesThroughSelection_data();
    void nonProxyResultGoesThroughSelection();
    void proxyResultIsTheResponse();
    void failureAnswersItsGatewayResponse();
    void answerFromAnotherThread();
    void executorByType();

private:
    struct Answer
    {
        Http::HttpResponse response;
        bool answered = false;
        std::shared_ptr<RecordingTrace> trace; // kept for the checks after the answer
    };
    // Starts a request; the answer lands in the returned object whenever it comes.
    std::shared_ptr<Answer> start(const QByteArray &method, const QByteArray &path,
                                  const QByteArray &body, RecordingTrace **traceOut = nullptr);

    CompiledStage m_stage;
    std::shared_ptr<FakeExecutor> m_http = std::make_shared<FakeExecutor>();
    std::shared_ptr<FakeExecutor> m_aws = std::make_shared<FakeExecutor>();
    std::shared_ptr<FakeExecutor> m_proxy = std::make_shared<FakeExecutor>();
    QMutex m_answerMutex;
};

void TestIntegrationDispatch::initTestCase()
{
    QFile file(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/unit/gateway/data/integration-seam.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    auto imported = importOpenApi(file.readAll(), {IdGenerator::seeded(5)});
    QVERIFY2(imported, qPrintable(imported.status().toString()));
    m_stage.name = QStringLiteral("dev");
    m_stage.variables = {{QStringLiteral("color"), QStringLiteral("blue")}};
    m_stage.api = CompiledApi::compile(std::make_shared<const RestApi>(imported->api));
    QVERIFY2(m_stage.api->problems().isEmpty(), qPrintable(m_stage.api->problems().join(u'\n')));
}

std::shared_ptr<TestIntegrationDispatch::Answer>
TestIntegrationDispatch::start(const QByteArray &method, const QByteArray &path,
                               const QByteArray &body, RecordingTrace **traceOut)
{
    auto invocation = std::make_shared<Invocation>();
    invocation->stage = &m_stage;
    invocation->request.method = method;
    invocation->request.resourcePath = path;
    invocation->request.body = body;
    invocation->request.headers = {{"Content-Type", "application/json"}};
    invocation->request.path = u"/dev" + QString::fromUtf8(path);
    RouteMatch match;
    if (Pipeline::route(m_stage, invocation->request, &match))
        invocation->match = match;
    auto trace = std::make_shared<RecordingTrace>();
    if (traceOut)
        *traceOut = trace.get();
    invocation->trace = trace;
    auto answer = std::make_shared<Answer>();
    answer->trace = trace;
    Integrations integrations{m_http, m_aws, m_proxy};
    Pipeline::start(std::move(invocation), integrations,
                    [this, answer](Http::HttpResponse response) {
                        QMutexLocker lock(&m_answerMutex);
                        answer->response = std::move(response);
                        answer->answered = true;
                    });
    return answer;
}

void TestIntegrationDispatch::nonProxyResultGoesThroughSelection_data()
{
    QTest::addColumn<int>("backendStatus");
    QTest::addColumn<QByteArray>("backendBody");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("200 through the default template")
        << 200 << QByteArray(R"({"name": "Ada"})") << 200 << QByteArray(R"({"got": "Ada"})");
    QTest::newRow("404 selected by pattern, body passed through")
        << 404 << QByteArray(R"({"nope": true})") << 404 << QByteArray(R"({"nope": true})");
    QTest::newRow("500 falls to the default response")
        << 500 << QByteArray(R"({"name": 1})") << 200 << QByteArray(R"({"got": 1})");
}

void TestIntegrationDispatch::nonProxyResultGoesThroughSelection()
{
    QFETCH(int, backendStatus);
    QFETCH(QByteArray, backendBody);
    m_http->fromThread = false;
    m_http->result = {};
    m_http->result.status = backendStatus;
    m_http->result.body = backendBody;
    RecordingTrace *trace = nullptr;
    auto answer = start("GET", "/items/42", QByteArray(), &trace);
    QVERIFY(answer->answered);
    QTEST(answer->response.status, "status");
    QTEST(answer->response.body, "body");
    // What the executor was handed: the rendered request template and the mapped parameters.
    QCOMPARE(m_http->lastBody, QByteArray(R"({"id": "42"})"));
    QCOMPARE(m_http->lastResourcePath, QStringLiteral("/items/{id}"));
    QCOMPARE(m_http->lastParameters,
             QStringList({QStringLiteral("header.x-color=blue"), QStringLiteral("path.id=42")}));
    QCOMPARE(trace->notes.value(QStringLiteral("integrationStatus")).toInt(), backendStatus);
    QCOMPARE(trace->notes.value(QStringLiteral("backend")).toString(), QStringLiteral("fake"));
    QCOMPARE(trace->stages, QStringList({QStringLiteral("methodRequest"),
                                         QStringLiteral("integrationRequest"),
                                         QStringLiteral("integration"),
                                         QStringLiteral("integrationResponse"),
                                         QStringLiteral("methodResponse")}));
}

void TestIntegrationDispatch::proxyResultIsTheResponse()
{
    m_http->fromThread = false;
    m_http->result = {};
    m_http->result.proxy = true;
    m_http->result.status = 418;
    m_http->result.headers = {{"Content-Type", "text/plain"}, {"X-Backend", "yes"}};
    m_http->result.body = "short and stout";
    RecordingTrace *trace = nullptr;
    auto answer = start("DELETE", "/proxy/a/b", QByteArray("raw body"), &trace);
    QVERIFY(answer->answered);
    QCOMPARE(answer->response.status, 418);
    QCOMPARE(answer->response.body, QByteArray("short and stout"));
    QCOMPARE(answer->response.header("x-backend"), QByteArray("yes"));
    QCOMPARE(answer->response.header("content-type"), QByteArray("text/plain"));
    // A proxy gets the request body as sent, never a template's output.
    QCOMPARE(m_http->lastBody, QByteArray("raw body"));
    QCOMPARE(m_http->lastPath.value(0).second, QStringLiteral("a/b"));
    QVERIFY(!trace->stages.contains(QStringLiteral("integrationResponse")));
}

void TestIntegrationDispatch::failureAnswersItsGatewayResponse()
{
    m_proxy->fromThread = false;
    m_proxy->result = {};
    m_proxy->result.failure = GatewayFailure{ResponseType::IntegrationTimeout,
                                             QStringLiteral("Endpoint request timed out"),
                                             QStringLiteral("function hello timed out")};
    RecordingTrace *trace = nullptr;
    auto answer = start("POST", "/fn", QByteArray("{}"), &trace);
    QVERIFY(answer->answered);
    QCOMPARE(answer->response.status, 504);
    QCOMPARE(answer->response.body, QByteArray(R"({"message": "Endpoint request timed out"})"));
    QCOMPARE(trace->notes.value(QStringLiteral("gatewayResponse")).toString(),
             QStringLiteral("INTEGRATION_TIMEOUT"));
    QCOMPARE(trace->notes.value(QStringLiteral("error")).toString(),
             QStringLiteral("function hello timed out"));
}

void TestIntegrationDispatch::answerFromAnotherThread()
{
    m_http->fromThread = true;
    m_http->result = {};
    m_http->result.status = 200;
    m_http->result.body = R"({"name": "later"})";
    auto answer = start("GET", "/items/7", QByteArray());
    QTRY_VERIFY_WITH_TIMEOUT(([&] { QMutexLocker l(&m_answerMutex); return answer->answered; }()),
                             10000);
    QMutexLocker lock(&m_answerMutex);
    QCOMPARE(answer->response.status, 200);
    QCOMPARE(answer->response.body, QByteArray(R"({"got": "later"})"));
}

void TestIntegrationDispatch::executorByType()
{
    m_http->fromThread = m_proxy->fromThread = false;
    m_proxy->result = {};
    m_proxy->result.proxy = true;
    const int httpCalls = m_http->calls;
    const int proxyCalls = m_proxy->calls;
    const int awsCalls = m_aws->calls;
    QVERIFY(start("POST", "/fn", QByteArray("{}"))->answered);
    QCOMPARE(m_proxy->calls, proxyCalls + 1);
    QVERIFY(start("GET", "/proxy/x", QByteArray())->answered);
    QCOMPARE(m_http->calls, httpCalls + 1);
    QCOMPARE(m_aws->calls, awsCalls);
}

QTEST_GUILESS_MAIN(TestIntegrationDispatch)
#include "tst_integrationdispatch.moc"
