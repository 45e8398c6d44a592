// The live request inspector as a user drives it: the history bound under a flood of
// records, the filter bar, the detail pane, copy as curl, HAR export, the mock snippet, and
// replay against a real listener on 127.0.0.1:0.
#include "inspectortestdata.h"

#include <ui/inspector/recorddetailspane.h>
#include <ui/inspector/recordexport.h>
#include <ui/inspector/replayer.h>
#include <ui/inspector/requestfilterproxy.h>
#include <ui/inspector/resenddialog.h>
#include <ui/inspector/timelinewidget.h>
#include <ui/recorddetails.h>
#include <ui/requestinspectorview.h>
#include <ui/requestlistmodel.h>

#include <gateway/openapi.h>
#include <http/httpserver.h>
#include <observe/recordhub.h>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace Gatehouse;
using namespace InspectorTestData;

namespace {

// Answers every request with a small JSON body and notes a stage, as an engine would.
class EchoHandler : public Http::HttpHandler
{
public:
    void handle(const Http::ExchangePtr &exchange) override
    {
        ++requests;
        const Http::HttpRequest &request = exchange->request();
        exchange->addStage(QStringLiteral("echo"), exchange->elapsedUs(), 1);
        exchange->respond(Http::HttpResponse::json(
            201, "{\"method\":\"" + request.method + "\",\"bytes\":" + QByteArray::number(request.body.size()) + "}"));
    }
    Http::HttpResponse refusal(Http::RefusalReason, int status, const QString &detail) override
    {
        return Http::HttpResponse::json(status, detail.toUtf8());
    }
    std::atomic<int> requests{0};
};

QList<Observe::RecordPtr> floodBatch(int first, int count)
{
    QList<Observe::RecordPtr> batch;
    batch.reserve(count);
    for (int i = first; i < first + count; ++i)
        batch << (i % 3 == 0 ? gatewayRecord(i, QStringLiteral("bookstore"), "GET", "/dev/pets/1", i % 9 == 0 ? 500 : 200)
                             : tableRecord(i, QStringLiteral("GetItem"), 200));
    return batch;
}

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<QList<Observe::RecordPtr>>("QList<Gatehouse::Observe::RecordPtr>");
    }

    // 150,000 records in batches of 1,000 through the view with a filter on: the history
    // stays at 100,000, the records that fell off are freed, the proxy follows.
    void historyIsBounded()
    {
        Ui::RequestInspectorView view;
        view.resize(1000, 400);
        view.show();
        // (The model testers run in boundUnderModelTester: they re-check whole models and
        // would take minutes over 100k rows.)
        QVERIFY(view.setFilterText(QStringLiteral("status >= 500")));
        QCOMPARE(view.model()->capacity(), 100000);

        std::weak_ptr<const Observe::RequestRecord> firstRecord;
        std::weak_ptr<const Observe::RequestRecord> lastDropped;
        for (int first = 0; first < 150000; first += 1000) {
            const QList<Observe::RecordPtr> batch = floodBatch(first, 1000);
            if (first == 0)
                firstRecord = batch.first();
            if (first == 49000)
                lastDropped = batch.last();
            view.appendRecords(batch);
        }
        QCOMPARE(view.model()->rowCount(), 100000);
        QCOMPARE(view.model()->totalReceived(), 150000);
        QCOMPARE(view.model()->record(0)->requestId, QByteArray("t-50000"));
        QCOMPARE(view.model()->record(99999)->requestId, QByteArray("t-149999"));
        // Nothing else holds the dropped records: memory is bounded by the history.
        QVERIFY(firstRecord.expired());
        QVERIFY(lastDropped.expired());
        int errors = 0;
        for (int i = 50000; i < 150000; ++i)
            errors += (i % 9 == 0) ? 1 : 0;
        QCOMPARE(view.proxy()->rowCount(), errors);

        // While paused the held records are bounded too.
        view.setPaused(true);
        std::weak_ptr<const Observe::RequestRecord> heldFirst;
        for (int first = 150000; first < 260000; first += 1000) {
            const QList<Observe::RecordPtr> batch = floodBatch(first, 1000);
            if (first == 150000)
                heldFirst = batch.first();
            view.appendRecords(batch);
        }
        QCOMPARE(view.model()->rowCount(), 100000);
        QCOMPARE(view.model()->record(0)->requestId, QByteArray("t-50000"));
        QVERIFY(heldFirst.expired());
        view.setPaused(false);
        QCOMPARE(view.model()->rowCount(), 100000);
        QCOMPARE(view.model()->record(0)->requestId, QByteArray("t-160000"));
        view.clear();
        QCOMPARE(view.model()->rowCount(), 0);
        QCOMPARE(view.proxy()->rowCount(), 0);
    }

    // The same trimming and filtering at a small bound, with both models under the tester.
    void boundUnderModelTester()
    {
        Ui::RequestInspectorView view;
        view.show();
        QAbstractItemModelTester modelTester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.model()->setCapacity(2000);
        QVERIFY(view.setFilterText(QStringLiteral("listener == gateway")));
        for (int first = 0; first < 10000; first += 500)
            view.appendRecords(floodBatch(first, 500));
        QCOMPARE(view.model()->rowCount(), 2000);
        QCOMPARE(view.model()->record(0)->requestId, QByteArray("t-8000"));
        int gateway = 0;
        for (int i = 8000; i < 10000; ++i)
            gateway += i % 3 == 0 ? 1 : 0;
        QCOMPARE(view.proxy()->rowCount(), gateway);
        for (int row = 0; !view.currentRecord() || view.currentRecord()->status >= 500; ++row)
            view.selectRow(row);
        QVERIFY(view.currentRecord());
        QVERIFY(view.setFilterText(QStringLiteral("status == 5xx")));
        QVERIFY(!view.currentRecord());                 // filtered out: not shown any more
        QVERIFY(!view.detailsPane()->record());
        int errors = 0;
        for (int i = 8000; i < 10000; ++i)
            errors += i % 9 == 0 ? 1 : 0;
        QCOMPARE(view.proxy()->rowCount(), errors);
    }

    void filterBarShowsValidity()
    {
        Ui::RequestInspectorView view;
        view.show();
        view.appendRecords(floodBatch(0, 90));
        QLineEdit *edit = view.filterEdit();
        QTest::keyClicks(edit, QStringLiteral("stauts"));
        QCOMPARE(view.filterStatus()->text(), QStringLiteral("✗ col 1: unknown field 'stauts'"));
        const QColor invalidBase = edit->palette().color(QPalette::Base);
        QVERIFY(invalidBase.red() > invalidBase.green());
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("status == 5xx"));
        QCOMPARE(view.filterStatus()->text(), QStringLiteral("✓"));
        const QColor validBase = edit->palette().color(QPalette::Base);
        QVERIFY(validBase.green() > validBase.red());
        QTRY_COMPARE(view.proxy()->rowCount(), 10);   // applied after the typing pause
        // An error keeps the last valid filter in force.
        QTest::keyClicks(edit, QStringLiteral(" and"));
        QVERIFY(view.filterStatus()->text().startsWith(QStringLiteral("✗ col 18: ")));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(view.proxy()->rowCount(), 10);
    }

    void detailsPaneShowsEveryPart()
    {
        auto gateway = gatewayRecord(40, QStringLiteral("bookstore"), "POST", "/dev/pets?limit=2", 201);
        gateway->requestBody = R"({"name":"Rex"})";
        gateway->requestBodySize = gateway->requestBody.size();
        gateway->notes.insert(QStringLiteral("templateIn"), QStringLiteral(R"({"body":{"name":"Rex"}})"));
        gateway->notes.insert(QStringLiteral("templateOut"), QStringLiteral(R"({"TableName":"Pets"})"));
        gateway->notes.insert(QStringLiteral("console"), QStringList{QStringLiteral("hello"), QStringLiteral("world")});
        auto binary = gatewayRecord(41, QStringLiteral("bookstore"), "GET", "/dev/logo.png", 200);
        binary->responseBody = QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
        binary->responseBodySize = binary->responseBody.size();
        auto table = tableRecord(42, QStringLiteral("GetItem"), 200,
                                 R"({"TableName":"Books","Key":{"isbn":{"S":"978"}},"ProjectionExpression":"title"})");

        Ui::RequestInspectorView view;
        view.resize(1200, 500);
        view.show();
        view.appendRecords({gateway, binary, table});
        Ui::RecordDetailsPane *pane = view.detailsPane();
        using Tab = Ui::RecordDetailsPane;

        view.selectRow(0);
        QCOMPARE(pane->record(), Observe::RecordPtr(gateway));
        QVERIFY(pane->text(Tab::RequestTab)->toPlainText().startsWith(QStringLiteral("POST /dev/pets?limit=2 HTTP/1.1\n")));
        QVERIFY(pane->text(Tab::RequestTab)->toPlainText().contains(QStringLiteral("\"name\": \"Rex\"")));
        QVERIFY(pane->text(Tab::ResponseTab)->toPlainText().startsWith(QStringLiteral("HTTP/1.1 201\nContent-Type: application/json\n")));
        const QString mapping = pane->text(Tab::MappingTab)->toPlainText();
        QVERIFY2(mapping.contains(QStringLiteral("── request template input ──\n{\n    \"body\": {")), qPrintable(mapping));
        QVERIFY(mapping.contains(QStringLiteral("── request template output ──\n{\n    \"TableName\": \"Pets\"")));
        QCOMPARE(pane->text(Tab::ConsoleTab)->toPlainText(), QStringLiteral("hello\nworld\n"));
        // The gateway's form: one template per phase, input then output.
        auto phased = gatewayRecord(43, QStringLiteral("bookstore"), "POST", "/dev/pets", 200);
        phased->notes.insert(QStringLiteral("templateIn"), QVariantMap{{QStringLiteral("request"), QStringLiteral(R"({"a":1})")}});
        phased->notes.insert(QStringLiteral("templateOut"), QVariantMap{{QStringLiteral("request"), QStringLiteral("{\"statusCode\": 200}")},
                                                                         {QStringLiteral("response"), QStringLiteral("done")}});
        auto flat = gatewayRecord(44, QStringLiteral("bookstore"), "GET", "/dev/pets", 200);
        flat->notes.insert(QStringLiteral("templateIn"), QString());
        flat->notes.insert(QStringLiteral("templateOut"), QStringLiteral("{\"statusCode\": 200}"));
        flat->notes.insert(QStringLiteral("responseTemplateOut"), QStringLiteral("[]"));
        flat->notes.insert(QStringLiteral("integration"), QStringLiteral("MOCK"));
        QCOMPARE(Ui::mappingText(*flat),
                 QStringLiteral("── request template output ──\n{\n    \"statusCode\": 200\n}\n\n"
                                "── response template output ──\n[\n]\n\n── integration ──\nMOCK\n"));
        QCOMPARE(Ui::mappingText(*phased),
                 QStringLiteral("── request template input ──\n{\n    \"a\": 1\n}\n\n"
                                "── request template output ──\n{\n    \"statusCode\": 200\n}\n\n"
                                "── response template output ──\ndone\n"));
        // The AWS integration's DynamoDB call, after the templates.
        auto dynamo = gatewayRecord(45, QStringLiteral("bookstore"), "GET", "/dev/books/1", 200);
        dynamo->notes.insert(QStringLiteral("responseTemplateOut"), QStringLiteral("done"));
        dynamo->notes.insert(QStringLiteral("awsAction"), QStringLiteral("GetItem"));
        dynamo->notes.insert(QStringLiteral("awsRequest"), QStringLiteral(R"({"TableName":"Books"})"));
        dynamo->notes.insert(QStringLiteral("awsResponse"), QStringLiteral("{}"));
        dynamo->notes.insert(QStringLiteral("itemsTouched"), 0);
        QCOMPARE(Ui::mappingText(*dynamo),
                 QStringLiteral("── response template output ──\ndone\n\n"
                                "── DynamoDB GetItem request ──\n{\n    \"TableName\": \"Books\"\n}\n\n"
                                "── DynamoDB GetItem response ──\n{\n}\n\n"
                                "── items touched ──\n0\n"));
        QVERIFY(pane->tabs()->isTabEnabled(Tab::MappingTab));
        QVERIFY(pane->tabs()->isTabEnabled(Tab::ConsoleTab));
        QVERIFY(!pane->tabs()->isTabEnabled(Tab::TableTab));
        QVERIFY(pane->summary()->text().contains(QStringLiteral("resource /pets/{id}")));
        QVERIFY(pane->timeline()->isVisible());
        QCOMPARE(pane->timeline()->record(), Observe::RecordPtr(gateway));
        const int gatewayHeight = pane->timeline()->sizeHint().height();

        view.selectRow(1);
        const QString hex = pane->text(Tab::ResponseTab)->toPlainText();
        QVERIFY2(hex.contains(QStringLiteral("00000000  89 50 4e 47 0d 0a 1a 0a 00 00 00 0d 49 48 44 52  .PNG........IHDR")),
                 qPrintable(hex));

        view.selectRow(2);
        const QString facts = pane->text(Tab::TableTab)->toPlainText();
        QVERIFY2(facts.contains(QStringLiteral("Operation:")) && facts.contains(QStringLiteral("GetItem")), qPrintable(facts));
        auto fact = [](const char *name, const char *value) {
            return QStringLiteral("%1 %2\n").arg(QLatin1String(name), -28).arg(QLatin1String(value));
        };
        QVERIFY(facts.contains(fact("Key:", R"({"isbn":{"S":"978"}})")));
        QVERIFY(facts.contains(fact("ProjectionExpression:", "title")));
        QVERIFY(facts.contains(fact("Item:", "(none with this key)")));
        QVERIFY(!pane->tabs()->isTabEnabled(Tab::MappingTab));
        QVERIFY(pane->timeline()->sizeHint().height() < gatewayHeight);   // 2 stages, not 6
        QVERIFY(!pane->timeline()->grab().isNull());
    }

    void timelineScale()
    {
        QCOMPARE(Ui::TimelineWidget::stageLabel(QStringLiteral("integrationResponse")), QStringLiteral("integration response"));
        QCOMPARE(Ui::TimelineWidget::stageLabel(QStringLiteral("commit")), QStringLiteral("commit"));
        auto r = tableRecord(10, QStringLiteral("PutItem"), 200);
        r->totalUs = 80;
        r->stages = {{QStringLiteral("parse"), 0, 20}, {QStringLiteral("commit"), 60, 40}};
        QCOMPARE(Ui::TimelineWidget::spanUs(*r), 100);   // a stage past the total widens the axis
        r->stages.clear();
        r->totalUs = 0;
        QCOMPARE(Ui::TimelineWidget::spanUs(*r), 1);
    }

    void copyAsCurl()
    {
        auto r = gatewayRecord(1, QStringLiteral("bookstore"), "PUT", "/dev/pets/1?tag=a%20b&x=it's", 200);
        r->requestHeaders = {{"Host", "127.0.0.1:3000"}, {"Content-Type", "application/json"},
                             {"Content-Length", "31"}, {"X-Note", "it's \"quoted\" $HOME `x`"}};
        r->requestBody = "{\"name\":\"O'Brien\",\n\"n\":1}";
        r->requestBodySize = r->requestBody.size();
        const Ui::ReplayRequest request = Ui::replayRequestFor(*r, {});
        const QString curl = Ui::curlCommand(request);
        QCOMPARE(curl, QStringLiteral("curl \\\n  -X 'PUT' \\\n  'http://127.0.0.1:3000/dev/pets/1?tag=a%20b&x=it'\\''s' \\\n"
                                      "  -H 'Content-Type: application/json' \\\n"
                                      "  -H 'X-Note: it'\\''s \"quoted\" $HOME `x`' \\\n"
                                      "  --data-raw '{\"name\":\"O'\\''Brien\",\n\"n\":1}'"));
        // The shell reads back exactly the words curl would get.
        QProcess sh;
        sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("printf '[%s]\\n'") + curl.mid(4)});
        QVERIFY(sh.waitForFinished(5000));
        QCOMPARE(QString::fromUtf8(sh.readAllStandardOutput()),
                 QStringLiteral("[-X]\n[PUT]\n[http://127.0.0.1:3000/dev/pets/1?tag=a%20b&x=it's]\n"
                                "[-H]\n[Content-Type: application/json]\n[-H]\n[X-Note: it's \"quoted\" $HOME `x`]\n"
                                "[--data-raw]\n[{\"name\":\"O'Brien\",\n\"n\":1}]\n"));

        // GET without a body needs no -X; a listener URL wins over the Host header.
        auto get = gatewayRecord(2, QStringLiteral("bookstore"), "GET", "/dev/pets", 200);
        QCOMPARE(Ui::curlCommand(Ui::replayRequestFor(*get, {{QStringLiteral("gateway"), QStringLiteral("http://localhost:9/")}})),
                 QStringLiteral("curl \\\n  'http://localhost:9/dev/pets' \\\n  -H 'Accept: application/json'"));
        // A body cut at the record limit is not passed off as the request's body.
        get->requestBody = "abc";
        get->requestBodySize = 100000;
        QVERIFY(Ui::curlCommand(Ui::replayRequestFor(*get, {})).endsWith(QStringLiteral("--data-binary @body.bin   # the cut body is not inlined")));
    }

    void harExport()
    {
        auto put = tableRecord(5, QStringLiteral("PutItem"), 200, R"({"TableName":"Books","Item":{"isbn":{"S":"1"}}})");
        auto get = gatewayRecord(6, QStringLiteral("bookstore"), "GET", "/dev/pets?limit=2&tag=a%20b", 404);
        auto binary = gatewayRecord(7, QStringLiteral("bookstore"), "GET", "/dev/logo.png", 200);
        binary->responseBody = QByteArray("\x89PNG\0\x01", 6);
        binary->responseBodySize = 6;
        Ui::RequestInspectorView view;
        view.show();
        view.appendRecords({put, get, binary});
        view.table()->selectionModel()->select(view.proxy()->index(0, 0),
                                               QItemSelectionModel::Select | QItemSelectionModel::Rows);
        view.table()->selectionModel()->select(view.proxy()->index(2, 0),
                                               QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(view.selectedRecords().size(), 2);

        QTemporaryDir dir;
        const QString selectedPath = dir.filePath(QStringLiteral("selected.har"));
        QCOMPARE(view.exportHar(selectedPath, true), QString());
        const QString allPath = dir.filePath(QStringLiteral("all.har"));
        QCOMPARE(view.exportHar(allPath, false), QString());

        auto load = [](const QString &path) {
            QFile file(path);
            file.open(QIODevice::ReadOnly);
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
            return error.error == QJsonParseError::NoError ? doc.object() : QJsonObject();
        };
        const QJsonObject selected = load(selectedPath).value(u"log").toObject();
        QCOMPARE(selected.value(u"version").toString(), QStringLiteral("1.2"));
        QCOMPARE(selected.value(u"creator").toObject().value(u"name").toString(), QStringLiteral("Gatehouse"));
        QCOMPARE(selected.value(u"entries").toArray().size(), 2);
        const QJsonArray entries = load(allPath).value(u"log").toObject().value(u"entries").toArray();
        QCOMPARE(entries.size(), 3);
        for (const QJsonValue &value : entries) {
            const QJsonObject e = value.toObject();
            for (const char *key : {"startedDateTime", "time", "request", "response", "cache", "timings"})
                QVERIFY2(e.contains(QLatin1String(key)), key);
            QVERIFY(QDateTime::fromString(e.value(u"startedDateTime").toString(), Qt::ISODateWithMs).isValid());
            const QJsonObject request = e.value(u"request").toObject();
            for (const char *key : {"method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"})
                QVERIFY2(request.contains(QLatin1String(key)), key);
            const QJsonObject response = e.value(u"response").toObject();
            for (const char *key : {"status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL",
                                    "headersSize", "bodySize"})
                QVERIFY2(response.contains(QLatin1String(key)), key);
            const QJsonObject content = response.value(u"content").toObject();
            QVERIFY(content.contains(u"size") && content.contains(u"mimeType"));
            const QJsonObject timings = e.value(u"timings").toObject();
            QVERIFY(timings.contains(u"send") && timings.contains(u"wait") && timings.contains(u"receive"));
        }
        const QJsonObject first = entries.at(0).toObject();
        QCOMPARE(first.value(u"time").toDouble(), 0.05);
        QCOMPARE(first.value(u"_requestId").toString(), QStringLiteral("t-5"));
        QCOMPARE(first.value(u"request").toObject().value(u"url").toString(), QStringLiteral("http://127.0.0.1:8000/"));
        QCOMPARE(first.value(u"request").toObject().value(u"postData").toObject().value(u"text").toString(),
                 QString::fromUtf8(put->requestBody));
        QCOMPARE(first.value(u"_stages").toArray().size(), 2);
        const QJsonObject second = entries.at(1).toObject();
        QCOMPARE(second.value(u"response").toObject().value(u"status").toInt(), 404);
        QCOMPARE(second.value(u"response").toObject().value(u"statusText").toString(), QStringLiteral("Not Found"));
        const QJsonArray query = second.value(u"request").toObject().value(u"queryString").toArray();
        QCOMPARE(query.size(), 2);
        QCOMPARE(query.at(1).toObject().value(u"value").toString(), QStringLiteral("a b"));
        QCOMPARE(second.value(u"_notes").toObject().value(u"api").toString(), QStringLiteral("bookstore"));
        const QJsonObject binaryContent = entries.at(2).toObject().value(u"response").toObject().value(u"content").toObject();
        QCOMPARE(binaryContent.value(u"encoding").toString(), QStringLiteral("base64"));
        QCOMPARE(QByteArray::fromBase64(binaryContent.value(u"text").toString().toLatin1()), binary->responseBody);
    }

    void mockSnippetImports()
    {
        auto r = gatewayRecord(3, QStringLiteral("bookstore"), "GET", "/dev/pets/7", 200);
        QString error;
        const QString snippet = Ui::mockResponseSnippet(*r, &error);
        QVERIFY2(!snippet.isEmpty(), qPrintable(error));
        QString indented;
        for (const QString &line : snippet.split(u'\n'))
            indented += (line.isEmpty() ? QString() : QStringLiteral("  ") + line) + u'\n';
        const QByteArray document = "openapi: 3.0.1\ninfo:\n  title: pasted\n  version: '1'\npaths:\n" + indented.toUtf8();
        auto imported = Gateway::importOpenApi(document);
        QVERIFY2(imported.isOk(), qPrintable(imported.status().toString() + u'\n' + snippet));
        const Gateway::Resource *resource = imported->api.resourceByPath(QStringLiteral("/pets/{id}"));
        QVERIFY(resource);
        QVERIFY(resource->methods.contains(QStringLiteral("GET")));
        const Gateway::Method &method = resource->methods.value(QStringLiteral("GET"));
        QVERIFY(method.integration.has_value());
        QCOMPARE(method.integration->type, Gateway::IntegrationType::Mock);
        QCOMPARE(method.integration->requestTemplates.value(QStringLiteral("application/json")),
                 QStringLiteral("{\"statusCode\": 200}"));
        const Gateway::IntegrationResponse *response = method.integration->defaultResponse();
        QVERIFY(response);
        QCOMPARE(response->statusCode, QStringLiteral("200"));
        QCOMPARE(response->responseParameters.value(QStringLiteral("method.response.header.X-Cache")), QStringLiteral("'miss'"));
        QCOMPARE(QJsonDocument::fromJson(response->responseTemplates.value(QStringLiteral("application/json")).toUtf8()),
                 QJsonDocument::fromJson(r->responseBody));
        QVERIFY(method.methodResponses.value(QStringLiteral("200")).responseParameters.contains(
            QStringLiteral("method.response.header.X-Cache")));

        auto binary = gatewayRecord(4, QStringLiteral("bookstore"), "GET", "/dev/logo.png", 200);
        binary->responseBody = QByteArray("\x89PNG\0", 5);
        QVERIFY(Ui::mockResponseSnippet(*binary, &error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("binary")));
    }

    // A real listener on port 0: the first request, its replay and an edited resend all show
    // up as records in the list.
    void replayAgainstRealListener()
    {
        EchoHandler handler;
        Observe::RecordHub hub;
        hub.setFlushInterval(10);
        Http::HttpServerConfig config;
        config.name = QStringLiteral("echo");
        Http::HttpServer server(config, &handler, &hub);
        QVERIFY(server.start().isOk());

        Ui::RequestInspectorView view;
        view.show();
        connect(&hub, &Observe::RecordHub::recordsPublished, &view, &Ui::RequestInspectorView::appendRecords);

        QNetworkAccessManager network;
        QNetworkRequest first(QUrl(server.url() + QStringLiteral("/orders?id=7")));
        first.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        first.setRawHeader("X-Trace", "abc");
        QNetworkReply *reply = network.post(first, QByteArray(R"({"qty":2})"));
        QTRY_VERIFY(reply->isFinished());
        reply->deleteLater();
        QTRY_COMPARE(view.model()->rowCount(), 1);

        view.selectRow(0);
        QCOMPARE(view.replayCurrent(), QString());   // to the Host the request was sent to
        QTRY_COMPARE(view.model()->rowCount(), 2);
        const Observe::RecordPtr original = view.model()->record(0);
        const Observe::RecordPtr replayed = view.model()->record(1);
        QCOMPARE(replayed->method, QByteArray("POST"));
        QCOMPARE(replayed->target, QByteArray("/orders?id=7"));
        QCOMPARE(replayed->requestBody, QByteArray(R"({"qty":2})"));
        QCOMPARE(replayed->status, 201);
        QVERIFY(replayed->requestId != original->requestId);
        bool traced = false;
        for (const auto &h : replayed->requestHeaders)
            traced |= h.first.compare("x-trace", Qt::CaseInsensitive) == 0 && h.second == "abc";
        QVERIFY(traced);

        // Edit and resend, through the dialog's fields, to the listener's URL.
        view.setListenerUrls({{QStringLiteral("echo"), server.url()}});
        Ui::ResendDialog dialog(Ui::replayRequestFor(*original, view.listenerUrls()));
        dialog.methodBox()->setCurrentText(QStringLiteral("put"));
        dialog.urlEdit()->setText(server.url() + QStringLiteral("/orders/7"));
        dialog.bodyEdit()->setPlainText(QStringLiteral(R"({"qty":3,"note":"rush"})"));
        QString error;
        const Ui::ReplayRequest edited = dialog.request(&error);
        QCOMPARE(error, QString());
        QVERIFY(view.replayer()->send(edited, &error));
        QTRY_COMPARE(view.model()->rowCount(), 3);
        QCOMPARE(view.model()->record(2)->method, QByteArray("PUT"));
        QCOMPARE(view.model()->record(2)->target, QByteArray("/orders/7"));
        QCOMPARE(view.model()->record(2)->requestBody, QByteArray(R"({"qty":3,"note":"rush"})"));
        QCOMPARE(handler.requests.load(), 3);

        dialog.headersEdit()->setPlainText(QStringLiteral("no colon here"));
        dialog.request(&error);
        QCOMPARE(error, QStringLiteral("Header line 1 is not \"Name: value\"."));

        // A record whose body was cut is not replayed as if it were whole.
        auto cut = std::make_shared<Observe::RequestRecord>(*original);
        cut->requestBodySize = 1 << 20;
        view.appendRecords({cut});
        view.selectRow(view.proxy()->rowCount() - 1);
        QVERIFY(view.replayCurrent().startsWith(QStringLiteral("Only the first 9 bytes")));
        QTRY_COMPARE(view.replayer()->inFlight(), 0);
        QCOMPARE(handler.requests.load(), 3);
        server.stop();
    }
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
