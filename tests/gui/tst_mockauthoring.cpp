// Mock response authoring: the rules round trip (generate, read back), the view driven as a
// user would (add a 404 chosen by a path parameter, edit bodies and headers), the try-it panel
// answering in process as the user types, template errors underlined, sample data, and the
// authored method answering over real HTTP once published to a GatewayEndpoint.
#include "../unit/http/rawclient.h"

#include <ui/mocks/mockauthoringview.h>
#include <ui/mocks/mockdesign.h>
#include <ui/mocks/sampledata.h>
#include <ui/mocks/templateeditor.h>
#include <ui/mocks/tryitpanel.h>
#include <ui/qsci.h>
#include <ui/requestinspectorview.h>

#include <gateway/apiregistry.h>
#include <gateway/gatewayendpoint.h>
#include <gateway/openapi.h>
#include <http/httpserver.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QRandomGenerator>
#include <QTableWidget>
#include <QtTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;
using namespace Gatehouse::Ui;

namespace {

constexpr int Wait = 5000;

class NullSink : public Observe::RecordSink
{
public:
    void publish(const Observe::RecordPtr &) override {}
};

// GET /pets/{id}: a MOCK answering 200 {"id": ...}, and GET /health.
std::shared_ptr<RestApi> petsApi()
{
    auto api = std::make_shared<RestApi>();
    api->id = QStringLiteral("petsapi001");
    api->name = QStringLiteral("Pets");
    const auto ids = IdGenerator::seeded(3);
    api->ensureRoot(ids);
    Resource *pets = *api->ensurePath(QStringLiteral("/pets/{id}"), ids);
    Method get;
    get.httpMethod = QStringLiteral("GET");
    Integration integration;
    integration.type = IntegrationType::Mock;
    integration.requestTemplates.insert(QStringLiteral("application/json"), QStringLiteral("{\"statusCode\": 200}"));
    IntegrationResponse ok;
    ok.statusCode = QStringLiteral("200");
    ok.responseTemplates.insert(QStringLiteral("application/json"),
                                QStringLiteral("{\"id\": \"$input.params('id')\", \"name\": \"Rex\"}"));
    integration.responses << ok;
    get.integration = integration;
    get.methodResponses.insert(QStringLiteral("200"), MethodResponse{QStringLiteral("200 response"), {}, {}});
    pets->methods.insert(get.httpMethod, get);
    Stage dev;
    dev.name = QStringLiteral("dev");
    api->stages.insert(dev.name, dev);
    return api;
}

std::shared_ptr<RestApi> withMethod(const RestApi &api, const QString &path, const Method &method)
{
    auto edited = std::make_shared<RestApi>(api);
    edited->resourceByPath(path)->methods.insert(method.httpMethod, method);
    return edited;
}

MockCondition condition(MockCondition::Source source, const QString &name, MockCondition::Op op,
                        const QString &value = QString())
{
    MockCondition c;
    c.source = source;
    c.name = name;
    c.op = op;
    c.value = value;
    return c;
}

} // namespace

Q_DECLARE_METATYPE(Gatehouse::Ui::MockCondition)

class TestMockAuthoring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rulesRoundTrip_data();
    void rulesRoundTrip();
    void rulesAnswerAsWritten_data();
    void rulesAnswerAsWritten();
    void demoStoresReadsAsRules();
    void handWrittenFallsBackToRaw();
    void twoResponsesOverHttp();
    void tryItUpdatesAsYouType();
    void templateErrorUnderlined();
    void runtimeErrorUnderlined();
    void republishKeepsTheView();
    void anotherDefaultTakesOver();
    void handWrittenAndBack();
    void capturedRequestFillsTryIt();
    void sampleData();

private:
    void addNotFoundRule(MockAuthoringView &view);
};

void TestMockAuthoring::initTestCase()
{
    qRegisterMetaType<Gateway::Method>();
}

void TestMockAuthoring::rulesRoundTrip_data()
{
    QTest::addColumn<MockCondition>("condition");
    using S = MockCondition::Source;
    using O = MockCondition::Op;
    QTest::newRow("path equals") << condition(S::Path, "id", O::Equals, "0");
    QTest::newRow("query not equals") << condition(S::Query, "city", O::NotEquals, "Lisbon");
    QTest::newRow("header one of") << condition(S::Header, "X-Plan", O::OneOf, "free, trial");
    QTest::newRow("any starts with") << condition(S::Any, "token", O::StartsWith, "test-");
    QTest::newRow("body contains") << condition(S::Body, "user.email", O::Contains, "@example");
    QTest::newRow("query missing") << condition(S::Query, "page", O::Missing);
    QTest::newRow("header present") << condition(S::Header, "Authorization", O::Present);
}

void TestMockAuthoring::rulesRoundTrip()
{
    QFETCH(MockCondition, condition);
    MockDesign design;
    MockResponse rule;
    rule.statusCode = QStringLiteral("404");
    rule.condition = condition;
    rule.body = QStringLiteral("{\"message\": \"not found\"}");
    // (Headers come back in name order: the model keeps them in a map, as AWS does.)
    rule.headers = {{QStringLiteral("X-Echo"), QStringLiteral("method.request.header.X-Trace")},
                    {QStringLiteral("X-Reason"), QStringLiteral("rule")}};
    MockResponse second;
    second.statusCode = QStringLiteral("401");
    second.condition = MockCondition{MockCondition::Source::Header, QStringLiteral("Authorization"),
                                     MockCondition::Op::Missing, QString()};
    second.contentType = QStringLiteral("text/plain");
    second.body = QStringLiteral("Unauthorized");
    MockResponse fallback;
    fallback.isDefault = true;
    fallback.body = QStringLiteral("{\"ok\": true}");
    design.responses = {rule, second, fallback};
    QVERIFY(design.problems().isEmpty());

    Method method = petsApi()->resourceByPath(QStringLiteral("/pets/{id}"))->methods.value(QStringLiteral("GET"));
    design.applyTo(&method);
    // What AWS needs: selection patterns equal to the status, the default without one.
    const Integration &integration = *method.integration;
    QCOMPARE(integration.responses.size(), 3);
    QCOMPARE(integration.responses[0].selectionPattern, QStringLiteral("404"));
    QCOMPARE(integration.responses[1].selectionPattern, QStringLiteral("401"));
    QVERIFY(integration.responses[2].selectionPattern.isEmpty());
    QCOMPARE(integration.responses[0].responseParameters.value(QStringLiteral("method.response.header.X-Reason")),
             QStringLiteral("'rule'"));
    QCOMPARE(integration.responses[0].responseParameters.value(QStringLiteral("method.response.header.X-Echo")),
             QStringLiteral("method.request.header.X-Trace"));
    QVERIFY(method.methodResponses.value(QStringLiteral("404"))
                .responseParameters.contains(QStringLiteral("method.response.header.X-Reason")));
    QCOMPARE(method.methodResponses.keys(), (QStringList{"200", "401", "404"}));
    QVERIFY(integration.requestTemplates.value(QStringLiteral("application/json")).contains(u"#if("));

    // Read back: the same rules, in the same order.
    const MockDesign back = MockDesign::fromMethod(method);
    QCOMPARE(int(back.mode), int(MockDesign::Mode::Rules));
    QCOMPARE(back.responses.size(), 3);
    for (int i = 0; i < 3; ++i)
        QVERIFY2(back.responses[i] == design.responses[i], qPrintable(QString::number(i)));
    QCOMPARE(back.responses[0].condition.describe(), condition.describe());

    // And through OpenAPI export and import, as the project saves it.
    auto api = withMethod(*petsApi(), QStringLiteral("/pets/{id}"), method);
    const QByteArray exported = exportOpenApi(*api, ExportFormat::OpenApi3Yaml);
    auto imported = importOpenApi(exported, {IdGenerator::seeded(5)});
    QVERIFY(imported.isOk());
    const MockDesign again = MockDesign::fromMethod(
        imported->api.resourceByPath(QStringLiteral("/pets/{id}"))->methods.value(QStringLiteral("GET")));
    QCOMPARE(int(again.mode), int(MockDesign::Mode::Rules));
    QVERIFY(again.responses[0] == design.responses[0]);
}

void TestMockAuthoring::rulesAnswerAsWritten_data()
{
    QTest::addColumn<MockCondition>("condition");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    using S = MockCondition::Source;
    using O = MockCondition::Op;
    QTest::newRow("equals hit") << condition(S::Query, "city", O::Equals, "atlantis") << "city=atlantis" << QByteArray() << QByteArray() << 404;
    QTest::newRow("equals miss") << condition(S::Query, "city", O::Equals, "atlantis") << "city=Oslo" << QByteArray() << QByteArray() << 200;
    QTest::newRow("one of") << condition(S::Query, "city", O::OneOf, "atlantis, eldorado") << "city=eldorado" << QByteArray() << QByteArray() << 404;
    QTest::newRow("missing hit") << condition(S::Query, "page", O::Missing) << "" << QByteArray() << QByteArray() << 404;
    QTest::newRow("missing miss") << condition(S::Query, "page", O::Missing) << "page=2" << QByteArray() << QByteArray() << 200;
    QTest::newRow("header present") << condition(S::Header, "X-Fail", O::Present) << "" << QByteArray("X-Fail: yes") << QByteArray() << 404;
    QTest::newRow("header absent") << condition(S::Header, "X-Fail", O::Present) << "" << QByteArray() << QByteArray() << 200;
    QTest::newRow("starts with") << condition(S::Any, "token", O::StartsWith, "bad-") << "token=bad-1" << QByteArray() << QByteArray() << 404;
    QTest::newRow("body field") << condition(S::Body, "user.id", O::Equals, "0") << "" << QByteArray() << QByteArray("{\"user\": {\"id\": 0}}") << 404;
    QTest::newRow("body contains miss") << condition(S::Body, "email", O::Contains, "@test") << "" << QByteArray() << QByteArray("{\"email\": \"a@b.c\"}") << 200;
}

void TestMockAuthoring::rulesAnswerAsWritten()
{
    QFETCH(MockCondition, condition);
    QFETCH(QString, query);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    MockDesign design;
    MockResponse rule;
    rule.statusCode = QStringLiteral("404");
    rule.condition = condition;
    rule.body = QStringLiteral("{\"found\": false}");
    MockResponse fallback;
    fallback.isDefault = true;
    fallback.body = QStringLiteral("{\"found\": true}");
    design.responses = {rule, fallback};
    Method method = petsApi()->resourceByPath(QStringLiteral("/pets/{id}"))->methods.value(QStringLiteral("GET"));
    design.applyTo(&method);
    auto api = withMethod(*petsApi(), QStringLiteral("/pets/{id}"), method);
    InvocationRequest request;
    request.method = "GET";
    request.resourcePath = "/pets/7";
    request.query = query.toUtf8();
    if (!header.isEmpty())
        request.headers.append({header.split(':').first(), header.split(':').last().trimmed()});
    request.body = body;
    const TryItResult result = TryItPanel::run(api, request);
    QVERIFY2(result.status == status, qPrintable(result.notes.value(QStringLiteral("error")).toString()));
    QCOMPARE(result.body, status == 404 ? QByteArray("{\"found\": false}") : QByteArray("{\"found\": true}"));
}

void TestMockAuthoring::demoStoresReadsAsRules()
{
    QFile file(QStringLiteral(GATEHOUSE_SOURCE_DIR "/resources/demo/apis/bookstore.yaml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    auto imported = importOpenApi(file.readAll(), {IdGenerator::seeded(1)});
    QVERIFY(imported.isOk());
    const Method stores = imported->api.resourceByPath(QStringLiteral("/stores"))->methods.value(QStringLiteral("GET"));
    const MockDesign design = MockDesign::fromMethod(stores);
    QCOMPARE(int(design.mode), int(MockDesign::Mode::Rules));
    QCOMPARE(design.responses.size(), 2);
    QCOMPARE(design.responses[0].statusCode, QStringLiteral("404"));
    QCOMPARE(design.responses[0].condition.describe(), QStringLiteral("parameter city equals atlantis"));
    QVERIFY(design.responses[1].isDefault);
    // /health's plain {"statusCode": 200} is a single default response.
    const MockDesign health = MockDesign::fromMethod(
        imported->api.resourceByPath(QStringLiteral("/health"))->methods.value(QStringLiteral("GET")));
    QCOMPARE(int(health.mode), int(MockDesign::Mode::Rules));
    QCOMPARE(health.responses.size(), 1);
    QVERIFY(health.responses[0].isDefault);
}

void TestMockAuthoring::handWrittenFallsBackToRaw()
{
    // The endpoint test's inline #if inside the JSON is not a shape the rules write.
    Method method = petsApi()->resourceByPath(QStringLiteral("/pets/{id}"))->methods.value(QStringLiteral("GET"));
    const QString handWritten = QStringLiteral(
        "{\"statusCode\": #if($input.params('id') == '0')404#{else}200#end}");
    method.integration->requestTemplates.insert(QStringLiteral("application/json"), handWritten);
    IntegrationResponse missing;
    missing.statusCode = QStringLiteral("404");
    missing.selectionPattern = QStringLiteral("4\\d{2}");
    missing.responseTemplates.insert(QStringLiteral("application/json"), QStringLiteral("{}"));
    method.integration->responses.prepend(missing);
    method.methodResponses.insert(QStringLiteral("404"), MethodResponse{QStringLiteral("404 response"), {}, {}});
    const MockDesign design = MockDesign::fromMethod(method);
    QCOMPARE(int(design.mode), int(MockDesign::Mode::HandWritten));
    QCOMPARE(design.requestTemplate, handWritten);
    QCOMPARE(design.responses[0].selectionPattern, QStringLiteral("4\\d{2}"));

    // The view shows the raw template, editable, and the pattern as written.
    MockAuthoringView view;
    view.setMethod(withMethod(*petsApi(), QStringLiteral("/pets/{id}"), method),
                   QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    QCOMPARE(view.requestTemplateEditor()->text(), handWritten);
    QVERIFY(!view.requestTemplateEditor()->isReadOnly());
    QCOMPARE(view.patternEdit()->text(), QStringLiteral("4\\d{2}"));
    // Unchanged, the edited method is the method (nothing lost in the round trip).
    QVERIFY(view.editedMethod() == method);
}

void TestMockAuthoring::addNotFoundRule(MockAuthoringView &view)
{
    // As a user: "+ Add", then the condition "path parameter id equals 0" and a body.
    view.addResponse(QStringLiteral("404"), MockCondition{MockCondition::Source::Path, QStringLiteral("id"),
                                                          MockCondition::Op::Equals, QStringLiteral("0")});
    QCOMPARE(view.responseCount(), 2);
    QCOMPARE(view.currentResponse(), 0);
    view.valueEdit()->setText(QStringLiteral("0"));
    view.bodyEditor()->setText(QString());
    view.bodyEditor()->insertAtCursor(QStringLiteral("{\"message\": \"No pet $input.params('id')\"}"));
    view.headersTable()->insertRow(0);
    view.headersTable()->setItem(0, 0, new QTableWidgetItem(QStringLiteral("X-Mock")));
    view.headersTable()->setItem(0, 1, new QTableWidgetItem(QStringLiteral("missing")));
}

void TestMockAuthoring::twoResponsesOverHttp()
{
    auto api = petsApi();
    MockAuthoringView view;
    view.setMethod(api, QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    QCOMPARE(int(view.design().mode), int(MockDesign::Mode::Rules));
    QSignalSpy edited(&view, &MockAuthoringView::methodEdited);
    addNotFoundRule(view);
    QTRY_VERIFY_WITH_TIMEOUT(!edited.isEmpty(), Wait);
    QTRY_COMPARE_WITH_TIMEOUT(view.responseList()->item(0)->data(Qt::UserRole + 2).toString(),
                              QStringLiteral("when path parameter id equals 0"), Wait);
    const Method method = edited.last().at(0).value<Method>();
    QVERIFY(!edited.last().at(1).toString().isEmpty());

    // The owner's part: apply the edited method and publish it; then real HTTP.
    auto registry = std::make_shared<ApiRegistry>();
    const QStringList problems = registry->publish(withMethod(*api, QStringLiteral("/pets/{id}"), method));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    GatewayEndpoint endpoint(registry);
    NullSink sink;
    Http::HttpServerConfig config;
    config.name = QStringLiteral("gateway");
    Http::HttpServer server(config, &endpoint, &sink);
    QVERIFY(server.start().isOk());
    auto get = [&](const QByteArray &path) {
        RawClient client(server.port());
        client.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        if (!QTest::qWaitFor([&] { return client.hasResponse(); }, Wait))
            return RawClient::Response();
        return *client.take();
    };
    const RawClient::Response missing = get("/dev/pets/0");
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.body, QByteArray("{\"message\": \"No pet 0\"}"));
    QCOMPARE(missing.header("X-Mock"), QByteArray("missing"));
    QCOMPARE(missing.header("Content-Type"), QByteArray("application/json"));
    const RawClient::Response found = get("/dev/pets/7");
    QCOMPARE(found.status, 200);
    QCOMPARE(found.body, QByteArray("{\"id\": \"7\", \"name\": \"Rex\"}"));
    QVERIFY(found.header("X-Mock").isEmpty());

    // Opening the published method again shows the same rules.
    MockAuthoringView reopened;
    const RestApi &served = registry->snapshot()->apis.first().stages.first().api->api();
    reopened.setMethod(std::make_shared<RestApi>(served), QStringLiteral("/pets/{id}"),
                       QStringLiteral("GET"));
    QCOMPARE(int(reopened.design().mode), int(MockDesign::Mode::Rules));
    QCOMPARE(reopened.responseCount(), 2);
    QCOMPARE(reopened.design().responses[0].condition.describe(), QStringLiteral("path parameter id equals 0"));
    QCOMPARE(reopened.sourceEdit()->currentText(), QStringLiteral("path parameter"));
    QCOMPARE(reopened.nameEdit()->currentText(), QStringLiteral("id"));
    QCOMPARE(reopened.valueEdit()->text(), QStringLiteral("0"));
    QCOMPARE(reopened.headersTable()->item(0, 0)->text(), QStringLiteral("X-Mock"));
    server.stop(100);
}

void TestMockAuthoring::tryItUpdatesAsYouType()
{
    MockAuthoringView view;
    view.resize(1300, 800);
    view.show();
    view.setMethod(petsApi(), QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    TryItPanel *tryIt = view.tryIt();
    QTRY_COMPARE_WITH_TIMEOUT(tryIt->lastResult().status, 200, Wait);
    QCOMPARE(tryIt->lastResult().body, QByteArray("{\"id\": \"1\", \"name\": \"Rex\"}"));
    QVERIFY(tryIt->responseBodyText().contains(u"\"name\": \"Rex\""));

    addNotFoundRule(view);
    tryIt->setPathParameter(QStringLiteral("id"), QStringLiteral("0"));
    QTRY_COMPARE_WITH_TIMEOUT(tryIt->lastResult().status, 404, Wait);
    QCOMPARE(tryIt->lastResult().body, QByteArray("{\"message\": \"No pet 0\"}"));

    // Typing in the body re-renders after the pause.
    view.bodyEditor()->editor()->setCursorPosition(0, int(QStringLiteral("{\"message\": \"No pet").size()));
    QTest::keyClicks(view.bodyEditor()->editor(), QStringLiteral(" named"));
    QTRY_COMPARE_WITH_TIMEOUT(tryIt->lastResult().body, QByteArray("{\"message\": \"No pet named 0\"}"), Wait);
    // The condition changes too: id 5 is now the missing one.
    view.valueEdit()->setText(QStringLiteral("5"));
    QTRY_COMPARE_WITH_TIMEOUT(tryIt->lastResult().status, 200, Wait);
    tryIt->setPathParameter(QStringLiteral("id"), QStringLiteral("5"));
    QTRY_COMPARE_WITH_TIMEOUT(tryIt->lastResult().status, 404, Wait);
    QCOMPARE(tryIt->lastResult().body, QByteArray("{\"message\": \"No pet named 5\"}"));
    QCOMPARE(Http::headerValue(tryIt->lastResult().headers, "X-Mock"), QByteArray("missing"));
}

void TestMockAuthoring::templateErrorUnderlined()
{
    MockAuthoringView view;
    view.setMethod(petsApi(), QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    TemplateEditor *body = view.bodyEditor();
    body->setText(QString());
    body->insertAtCursor(QStringLiteral("{\n  \"id\": \"$input.params('id')\",\n  #foreach($x in )\n}"));
    QTRY_VERIFY_WITH_TIMEOUT(body->hasError(), Wait);
    QCOMPARE(body->errorLine(), 3);
    QVERIFY(body->isUnderlined(body->errorLine(), body->errorColumn()));
    QVERIFY(!body->errorMessage().isEmpty());
    // The try-it run reports it as the gateway would: a 500.
    QTRY_COMPARE_WITH_TIMEOUT(view.tryIt()->lastResult().status, 500, Wait);
    QCOMPARE(view.tryIt()->lastResult().errorLine, 3);
    // Fixed, the mark goes.
    body->setText(QString());
    body->insertAtCursor(QStringLiteral("{\"ok\": true}"));
    QTRY_VERIFY_WITH_TIMEOUT(!body->hasError(), Wait);
    QTRY_COMPARE_WITH_TIMEOUT(view.tryIt()->lastResult().status, 200, Wait);
}

void TestMockAuthoring::runtimeErrorUnderlined()
{
    MockAuthoringView view;
    view.setMethod(petsApi(), QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    TemplateEditor *body = view.bodyEditor();
    body->setText(QString());
    // Parses, fails when rendered: the bad JSON is only known at run time.
    body->insertAtCursor(QStringLiteral("{\n\"a\": $util.parseJson('{not json')\n}"));
    QTRY_VERIFY_WITH_TIMEOUT(body->hasError(), Wait);
    QCOMPARE(body->errorLine(), 2);
    QVERIFY(body->errorMessage().contains(u"JSON", Qt::CaseInsensitive));
    QCOMPARE(view.tryIt()->lastResult().status, 500);
}

void TestMockAuthoring::republishKeepsTheView()
{
    auto api = petsApi();
    MockAuthoringView view;
    view.setMethod(api, QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    QSignalSpy edited(&view, &MockAuthoringView::methodEdited);
    addNotFoundRule(view);
    view.flushEdits();
    QCOMPARE(edited.count(), 1);
    view.bodyEditor()->editor()->setCursorPosition(0, 3);
    // The owner republishes what the view emitted: nothing moves.
    view.setMethod(withMethod(*api, QStringLiteral("/pets/{id}"), edited.last().at(0).value<Method>()),
                   QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    QCOMPARE(view.currentResponse(), 0);
    int line = -1, index = -1;
    view.bodyEditor()->editor()->getCursorPosition(&line, &index);
    QCOMPARE(index, 3);
    // An undo (the previous method) reloads it.
    view.setMethod(api, QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    QCOMPARE(view.responseCount(), 1);
    QCOMPARE(edited.count(), 1);
}

void TestMockAuthoring::anotherDefaultTakesOver()
{
    MockAuthoringView view;
    view.setMethod(petsApi(), QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    addNotFoundRule(view);
    QCOMPARE(view.currentResponse(), 0);
    // The old default's checkbox cannot be unticked: the view keeps one default.
    view.selectResponse(1);
    QVERIFY(view.defaultCheck()->isChecked());
    QVERIFY(!view.defaultCheck()->isEnabled());
    // Making the 404 the default turns the 200 into a rule waiting for its condition, and the
    // new default moves last.
    view.selectResponse(0);
    view.defaultCheck()->setChecked(true);
    QCOMPARE(view.responseCount(), 2);
    QCOMPARE(view.design().responses.last().statusCode, QStringLiteral("404"));
    QVERIFY(view.design().responses.last().isDefault);
    QVERIFY(!view.design().responses.first().isDefault);
    QVERIFY(view.problemsLabel()->text().contains(u"200"));
    view.selectResponse(0);
    view.sourceEdit()->setCurrentIndex(view.sourceEdit()->findText(QStringLiteral("path parameter")));
    view.nameEdit()->setEditText(QStringLiteral("id"));
    view.valueEdit()->setText(QStringLiteral("1"));
    QVERIFY(view.problemsLabel()->text().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(view.tryIt()->lastResult().status, 200, Wait);   // id 1 in the sample
    view.tryIt()->setPathParameter(QStringLiteral("id"), QStringLiteral("2"));
    QTRY_COMPARE_WITH_TIMEOUT(view.tryIt()->lastResult().status, 404, Wait);
}

void TestMockAuthoring::handWrittenAndBack()
{
    MockAuthoringView view;
    view.setMethod(petsApi(), QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    addNotFoundRule(view);
    const QList<MockResponse> rules = view.design().responses;
    QVERIFY(view.requestTemplateEditor()->isReadOnly());
    const QString generated = view.requestTemplateEditor()->text();
    QVERIFY(generated.contains(u"#if("));

    // By hand: the generated template becomes editable, patterns show as written.
    view.setHandWritten(true);
    QCOMPARE(int(view.design().mode), int(MockDesign::Mode::HandWritten));
    QVERIFY(!view.requestTemplateEditor()->isReadOnly());
    QCOMPARE(view.requestTemplateEditor()->text(), generated);
    view.selectResponse(0);
    QCOMPARE(view.patternEdit()->text(), QStringLiteral("404"));
    QVERIFY(view.patternEdit()->isVisibleTo(&view));

    // Untouched, it reads as rules again: the same responses and conditions.
    view.setHandWritten(false);
    QCOMPARE(int(view.design().mode), int(MockDesign::Mode::Rules));
    QCOMPARE(view.design().responses.size(), rules.size());
    for (int i = 0; i < rules.size(); ++i)
        QVERIFY(view.design().responses[i] == rules[i]);

    // A template the rules cannot express stays hand-written, with a message.
    view.setHandWritten(true);
    view.requestTemplateEditor()->setText(QString());
    view.requestTemplateEditor()->insertAtCursor(
        QStringLiteral("{\"statusCode\": $input.params('code')}"));
    view.setHandWritten(false);
    QCOMPARE(int(view.design().mode), int(MockDesign::Mode::HandWritten));
    QVERIFY(!view.problemsLabel()->text().isEmpty());
    // And it serves as written: the status comes from the query.
    view.tryIt()->setQuery(QStringLiteral("code=404"));
    QTRY_COMPARE_WITH_TIMEOUT(view.tryIt()->lastResult().status, 404, Wait);
}

void TestMockAuthoring::capturedRequestFillsTryIt()
{
    MockAuthoringView view;
    view.setMethod(petsApi(), QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    RequestInspectorView inspector;
    connect(&inspector, &RequestInspectorView::currentRecordChanged, &view,
            &MockAuthoringView::setCapturedRecord);
    auto record = std::make_shared<Observe::RequestRecord>();
    record->listener = QStringLiteral("gateway");
    record->method = "GET";
    record->target = "/dev/pets/42?verbose=1";
    record->requestHeaders = {{"Host", "localhost:3000"}, {"X-Trace", "abc"}};
    record->status = 200;
    record->startedAt = QDateTime::currentDateTimeUtc();
    inspector.appendRecords({record});
    inspector.selectRow(0);
    QVERIFY(view.tryIt()->useCapturedRecord());
    QCOMPARE(view.tryIt()->pathParameter(QStringLiteral("id")), QStringLiteral("42"));
    QCOMPARE(view.tryIt()->query(), QStringLiteral("verbose=1"));
    const InvocationRequest request = view.tryIt()->sampleRequest();
    QCOMPARE(request.resourcePath, QByteArray("/pets/42"));
    QCOMPARE(Http::headerValue(request.headers, "x-trace"), QByteArray("abc"));
    QTRY_COMPARE_WITH_TIMEOUT(view.tryIt()->lastResult().body, QByteArray("{\"id\": \"42\", \"name\": \"Rex\"}"), Wait);
}

void TestMockAuthoring::sampleData()
{
    QRandomGenerator random(7);
    const QString name = SampleData::generate(SampleData::Kind::Name, random);
    QVERIFY(QRegularExpression(QStringLiteral("^\"[A-Z][a-z]+ [A-Z][A-Za-z-]+\"$")).match(name).hasMatch());
    const QString email = SampleData::generate(SampleData::Kind::Email, random, 0, 0, true);
    QVERIFY(QRegularExpression(QStringLiteral("^[a-z]+\\.[a-z]+@example\\.com$")).match(email).hasMatch());
    const QString date = SampleData::generate(SampleData::Kind::IsoDate, random);
    QVERIFY(QDateTime::fromString(date.mid(1, date.size() - 2), Qt::ISODate).isValid());
    const QString uuid = SampleData::generate(SampleData::Kind::Uuid, random, 0, 0, true);
    QVERIFY(!QUuid::fromString(uuid).isNull());
    QCOMPARE(QUuid::fromString(uuid).version(), QUuid::Random);
    bool ok = false;
    SampleData::generate(SampleData::Kind::Price, random).toDouble(&ok);
    QVERIFY(ok);
    const QString array = SampleData::generate(SampleData::Kind::JsonArray, random, 4, 2);
    const QJsonDocument doc = QJsonDocument::fromJson(array.toUtf8());
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), 4);
    QVERIFY(doc.array().at(0).toObject().contains(QStringLiteral("email")));

    // Through the view: inside quotes without quotes, elsewhere as a JSON value.
    MockAuthoringView view;
    view.setMethod(petsApi(), QStringLiteral("/pets/{id}"), QStringLiteral("GET"));
    view.bodyEditor()->setText(QStringLiteral("{\"owner\": \"\", \"pets\": }"));
    view.bodyEditor()->editor()->setCursorPosition(0, 11);
    view.insertSample(int(SampleData::Kind::Name));
    const QString afterName = view.bodyEditor()->text();
    view.bodyEditor()->editor()->setCursorPosition(0, int(afterName.indexOf(QStringLiteral("}"))) - 0);
    view.insertSample(int(SampleData::Kind::JsonArray), 2);
    const QJsonDocument body = QJsonDocument::fromJson(view.bodyEditor()->text().toUtf8());
    QVERIFY2(body.isObject(), qPrintable(view.bodyEditor()->text()));
    QVERIFY(!body.object().value(QStringLiteral("owner")).toString().isEmpty());
    QCOMPARE(body.object().value(QStringLiteral("pets")).toArray().size(), 2);
}

QTEST_MAIN(TestMockAuthoring)
#include "tst_mockauthoring.moc"
