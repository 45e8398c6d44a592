#include "metricsscreenshots.h"
#include "runtime.h"
#include "screenshots.h"

#include <ui/mainwindow.h>
#include <ui/mocks/mockauthoringview.h>
#include <ui/mocks/templateeditor.h>
#include <ui/mocks/tryitpanel.h>
#include <ui/qsci.h>
#include <ui/theme.h>
#include <ui/navigatorview.h>
#include <ui/requestinspectorview.h>
#include <ui/requestlistmodel.h>
#include <ui/tables/createtabledialog.h>
#include <ui/tables/itemeditor.h>
#include <ui/tables/itemgridmodel.h>
#include <ui/tables/querypanel.h>
#include <ui/tables/tablebrowser.h>
#include <ui/tablesview.h>
#include <ui/welcomeview.h>
#include <ui/routes/apiworkspace.h>
#include <ui/routes/methodforms.h>
#include <ui/routes/resourcedialogs.h>
#include <ui/routes/routeeditorview.h>
#include <ui/routes/stagespanel.h>

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>

#include <cstdio>
#include <functional>

namespace Gatehouse::App {

namespace {

// Spins the event loop until `done` holds or the deadline passes.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &loop, &QEventLoop::quit);
    tick.start(10);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        loop.exec();
    }
    return true;
}

struct TableCall
{
    const char *operation;
    const char *body;
};

// Requests a visitor would send: the gateway routes of the demo (403 until the gateway serves
// APIs) and DynamoDB operations on the seeded Books table, some of them failing on purpose.
int sendTraffic(QNetworkAccessManager &network, const QString &gatewayUrl, const QString &tablesUrl,
                const QString &stage)
{
    int sent = 0;
    auto count = [&sent](QNetworkReply *reply) {
        ++sent;
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    };
    for (const char *path : {"/health", "/books", "/books/9780132350884", "/stores?city=Lisbon"}) {
        QNetworkRequest request(QUrl(gatewayUrl + u'/' + stage + QString::fromLatin1(path)));
        count(network.get(request));
    }
    {
        QNetworkRequest request(QUrl(gatewayUrl + u'/' + stage + QStringLiteral("/books")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        count(network.post(request, R"({"isbn":"9781098119065","title":"Fundamentals of Software Architecture","author":"Mark Richards","price":49.99})"));
    }
    const TableCall calls[] = {
        {"ListTables", "{}"},
        {"DescribeTable", R"({"TableName":"Books"})"},
        {"Scan", R"({"TableName":"Books","Limit":5})"},
        {"GetItem", R"({"TableName":"Books","Key":{"isbn":{"S":"9780132350884"}}})"},
        {"PutItem", R"({"TableName":"Books","Item":{"isbn":{"S":"9781098119065"},"title":{"S":"Fundamentals of Software Architecture"},"author":{"S":"Mark Richards"},"year":{"N":"2020"},"price":{"N":"49.99"}}})"},
        {"UpdateItem", R"({"TableName":"Books","Key":{"isbn":{"S":"9780201633610"}},"UpdateExpression":"SET price = price - :d","ExpressionAttributeValues":{":d":{"N":"5"}},"ReturnValues":"UPDATED_NEW"})"},
        {"Query", R"({"TableName":"Books","KeyConditionExpression":"isbn = :i","ExpressionAttributeValues":{":i":{"S":"9781449373320"}}})"},
        {"GetItem", R"({"TableName":"Authors","Key":{"id":{"S":"1"}}})"},
        {"PutItem", R"({"TableName":"Books","Item":{"title":{"S":"No key"}}})"},
        {"Scan", R"({"TableName":"Books","FilterExpression":"price < :p","ExpressionAttributeValues":{":p":{"N":"50"}}})"},
    };
    for (const TableCall &call : calls) {
        QNetworkRequest request{QUrl(tablesUrl + u'/')};
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-amz-json-1.0"));
        request.setRawHeader("X-Amz-Target", QByteArray("DynamoDB_20120810.") + call.operation);
        // DynamoDB Local's rule: any well-formed SigV4 header; the signature is not checked.
        request.setRawHeader("Authorization",
                             "AWS4-HMAC-SHA256 Credential=local/20261125/us-east-1/dynamodb/aws4_request, "
                             "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000");
        request.setRawHeader("X-Amz-Date", "20261125T090000Z");
        count(network.post(request, QByteArray(call.body)));
    }
    return sent;
}


// The table browser on the demo's Books table: the grid, a Query with its CLI command, the item
// editor in both JSON views, and the create-table dialog.
bool renderTables(Ui::MainWindow &window, const QDir &dir)
{
    Ui::TablesView *view = window.tablesView();
    Ui::TableBrowser *browser = view->browser();
    // The whole height for the browser while it is shown; the inspector comes back afterwards.
    const bool inspectorShown = window.inspectorDock()->isVisible();
    window.inspectorDock()->hide();
    view->selectTable(QStringLiteral("Books"));
    waitFor([&] { return browser->model()->rowCount() > 0 && !browser->model()->isFetching(); }, 3000);
    waitFor([] { return false; }, 100);
    browser->grid()->selectRow(1);
    bool ok = saveScreenshot(view, dir.filePath(QStringLiteral("tables.png")));

    Ui::QueryPanel *query = browser->queryPanel();
    query->setQueryMode(false);
    query->addFilter({QStringLiteral("price"), Ui::QueryBuilder::Op::Lt, QStringLiteral("N"), QStringLiteral("50"), {}});
    query->setProjection(QStringLiteral("isbn, title, price"));
    if (auto *tabs = query->findChild<QTabWidget *>())
        tabs->setCurrentIndex(1);
    browser->runQuery();
    waitFor([&] { return browser->model()->rowCount() > 0 && !browser->model()->isFetching(); }, 3000);
    waitFor([] { return false; }, 100);
    ok &= saveScreenshot(view, dir.filePath(QStringLiteral("tables-query.png")));
    query->clearFilters();
    query->setProjection(QString());
    if (auto *tabs = query->findChild<QTabWidget *>())
        tabs->setCurrentIndex(0);
    browser->runQuery();
    waitFor([&] { return browser->model()->rowCount() > 0 && !browser->model()->isFetching(); }, 3000);

    if (Ui::ItemEditor *editor = browser->editItem(0)) {
        editor->resize(760, 560);
        waitFor([] { return false; }, 100);
        ok &= saveScreenshot(editor, dir.filePath(QStringLiteral("tables-item-dynamodb.png")));
        editor->setFormat(Ui::ItemEditor::PlainJson);
        waitFor([] { return false; }, 50);
        ok &= saveScreenshot(editor, dir.filePath(QStringLiteral("tables-item-plain.png")));
        editor->close();
    }

    auto *create = new Ui::CreateTableDialog(view->api(), view);
    create->setAttribute(Qt::WA_DeleteOnClose);
    create->setTableName(QStringLiteral("Orders"));
    create->setPartitionKey(QStringLiteral("customerId"), QStringLiteral("S"));
    create->setSortKey(QStringLiteral("orderedAt"), QStringLiteral("N"));
    create->addIndex(QStringLiteral("GSI"), QStringLiteral("byStatus"), QStringLiteral("status"), QStringLiteral("S"),
                     QStringLiteral("orderedAt"), QStringLiteral("N"), QStringLiteral("INCLUDE"), QStringLiteral("total"));
    create->addIndex(QStringLiteral("LSI"), QStringLiteral("byTotal"), QStringLiteral("customerId"), QStringLiteral("S"),
                     QStringLiteral("total"), QStringLiteral("N"), QStringLiteral("KEYS_ONLY"));
    create->setTimeToLiveAttribute(QStringLiteral("expiresAt"));
    create->show();
    waitFor([] { return false; }, 100);
    ok &= saveScreenshot(create, dir.filePath(QStringLiteral("tables-create.png")));
    create->close();
    window.inspectorDock()->setVisible(inspectorShown);
    waitFor([] { return false; }, 50);
    return ok;
}

// Mock authoring on the demo's MOCK route with two responses (GET /stores: 404 for
// ?city=atlantis, else 200), the try-it panel answering the 404; in the light and dark
// palettes. A standalone view: the route editor hosts it in the window.
bool renderMocks(Runtime &runtime, const QDir &dir)
{
    std::shared_ptr<const Gateway::RestApi> api;
    for (const auto &candidate : runtime.config().apis) {
        if (candidate->resourceByPath(QStringLiteral("/stores")))
            api = candidate;
    }
    if (!api) {
        std::fprintf(stderr, "gatehouse: no API with /stores to show in mock authoring\n");
        return true;
    }
    auto &app = static_cast<QApplication &>(*QCoreApplication::instance());
    const QPalette before = QApplication::palette();
    bool ok = true;
    for (const Ui::ThemeChoice theme : {Ui::ThemeChoice::Light, Ui::ThemeChoice::Dark}) {
        Ui::applyTheme(app, theme);
        Ui::MockAuthoringView view;
        view.resize(1440, 800);
        view.setMethod(api, QStringLiteral("/stores"), QStringLiteral("GET"));
        view.selectResponse(0);
        // What an author adds first: a header on the 404.
        QTableWidget *headers = view.headersTable();
        headers->insertRow(0);
        headers->setItem(0, 0, new QTableWidgetItem(QStringLiteral("Cache-Control")));
        headers->setItem(0, 1, new QTableWidgetItem(QStringLiteral("no-store")));
        view.bodyEditor()->editor()->setCursorPosition(0, 0);
        view.tryIt()->setQuery(QStringLiteral("city=atlantis"));
        view.tryIt()->runNow();
        view.show();
        waitFor([] { return false; }, 150);
        ok &= saveScreenshot(&view, dir.filePath(theme == Ui::ThemeChoice::Dark ? QStringLiteral("mocks-dark.png")
                                                                      : QStringLiteral("mocks.png")));
        if (theme == Ui::ThemeChoice::Light) {
            // The request template the rules generate (what AWS is given).
            if (auto *tabs = view.findChild<QTabWidget *>()) {
                tabs->setCurrentIndex(1);
                waitFor([] { return false; }, 100);
                ok &= saveScreenshot(&view, dir.filePath(QStringLiteral("mocks-request.png")));
                tabs->setCurrentIndex(0);
            }
            // A template mistake underlined where the parser stopped, with its message.
            view.selectResponse(1);
            Ui::TemplateEditor *body = view.bodyEditor();
            body->editor()->setCursorPosition(1, 0);
            body->insertAtCursor(QStringLiteral("  #foreach($store in $stores\n"));
            view.tryIt()->setQuery(QStringLiteral("city=Lisbon"));
            view.tryIt()->runNow();
            waitFor([] { return false; }, 250);
            ok &= saveScreenshot(&view, dir.filePath(QStringLiteral("mocks-error.png")));
        }
        view.close();
    }
    app.setPalette(before);
    return ok;
}

// The route editor on the demo: a MOCK method with two responses (its integration response
// and request forms), the stages, and the path-part check refusing a second variable.
bool renderRoutes(Ui::MainWindow &window, const QDir &dir)
{
    Ui::RouteEditorView *routes = window.routeEditor();
    const QStringList ids = routes->workspace()->apiIds();
    if (ids.isEmpty())
        return true;
    // The whole window for the editor while it is shown (the docks come back afterwards).
    const bool inspectorShown = window.inspectorDock()->isVisible();
    const bool navigatorShown = window.navigatorDock()->isVisible();
    window.inspectorDock()->hide();
    window.navigatorDock()->hide();
    // Wider than the other pictures: the mock authoring view hosted for MOCK methods needs
    // about 1,250 px beside the tree.
    const QSize size = window.size();
    window.resize(1600, 900);
    window.showRoutes();
    routes->select(ids.first(), QStringLiteral("/stores"), QStringLiteral("GET"));
    routes->showBox(Ui::MethodExecutionView::IntegrationResponse);
    routes->integrationResponseForm()->selectResponse(0);
    waitFor([] { return false; }, 100);
    bool ok = saveScreenshot(&window, dir.filePath(QStringLiteral("routes.png")));
    routes->showBox(Ui::MethodExecutionView::IntegrationRequest);
    waitFor([] { return false; }, 50);
    ok &= saveScreenshot(routes, dir.filePath(QStringLiteral("routes-integration.png")));
    routes->select(ids.first(), QStringLiteral("/books"), QStringLiteral("POST"));
    routes->showBox(Ui::MethodExecutionView::MethodRequest);
    waitFor([] { return false; }, 50);
    ok &= saveScreenshot(routes, dir.filePath(QStringLiteral("routes-method-request.png")));
    // A second stage serving a deployment, with variables, beside the live one.
    routes->stagesPanel()->addStage(QStringLiteral("prod"));
    if (auto current = routes->workspace()->api(ids.first()); current && current->stages.contains(QStringLiteral("prod"))) {
        Gateway::RestApi edited = *current;
        edited.stages[QStringLiteral("prod")].variables = {{QStringLiteral("table"), QStringLiteral("Books")},
                                                           {QStringLiteral("region"), QStringLiteral("eu-west-1")}};
        routes->workspace()->edit(ids.first(), edited, QStringLiteral("Set variables"));
        routes->stagesPanel()->selectStage(QStringLiteral("prod"));
        routes->stagesPanel()->deploy(QStringLiteral("First release to prod"));
    }
    routes->tabs()->setCurrentWidget(routes->stagesPanel());
    waitFor([] { return false; }, 50);
    ok &= saveScreenshot(routes, dir.filePath(QStringLiteral("routes-stages.png")));
    routes->tabs()->setCurrentIndex(0);

    const auto api = routes->workspace()->api(ids.first());
    auto *dialog = new Ui::PathPartDialog(*api, QStringLiteral("/books"), QString(), routes);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->edit()->setText(QStringLiteral("{id}"));
    dialog->show();
    waitFor([] { return false; }, 50);
    ok &= saveScreenshot(dialog, dir.filePath(QStringLiteral("routes-path-part.png")));
    dialog->close();
    window.inspectorDock()->setVisible(inspectorShown);
    window.navigatorDock()->setVisible(navigatorShown);
    window.resize(size);
    waitFor([] { return false; }, 50);
    return ok;
}

} // namespace

int renderScreenshots(Ui::MainWindow &window, Runtime &runtime, const QString &directory)
{
    if (!QDir().mkpath(directory)) {
        std::fprintf(stderr, "gatehouse: cannot create %s\n", qPrintable(directory));
        return 1;
    }
    const QDir dir(directory);
    window.resize(1400, 900);
    window.show();

    QNetworkAccessManager network;
    const int sent = sendTraffic(network, runtime.gatewayUrl(), runtime.tablesUrl(), runtime.config().stage);
    Ui::RequestListModel *model = window.inspector()->model();
    if (!waitFor([&] { return model->rowCount() >= sent; }, 10000))
        std::fprintf(stderr, "gatehouse: only %d of %d requests reached the inspector\n", model->rowCount(), sent);

    // Show the richest exchange: a gateway request through the whole pipeline if there is
    // one, else a table write (parse, engine, write, commit), with its timeline.
    int detailRow = model->rowCount() - 1;
    int bestStages = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        const Observe::RecordPtr r = model->record(row);
        const int score = int(r->stages.size()) * 2 + (r->listener == QLatin1String("gateway") ? 1 : 0);
        if (r->status < 400 && score > bestStages) {
            bestStages = score;
            detailRow = row;
        }
    }
    window.inspector()->selectRow(detailRow);

    bool ok = true;
    window.tablesView()->refresh();
    window.navigator()->refreshTables();
    window.showTables();
    waitFor([&] { return window.tablesView()->list()->topLevelItemCount() > 0; }, 3000);
    ok &= renderTables(window, dir);
    ok &= renderRoutes(window, dir);

    ok &= renderMocks(runtime, dir);

    window.showWelcome();
    waitFor([] { return false; }, 100);   // let layouts settle after the tab switch
    window.updateRate();
    ok &= saveScreenshot(&window, dir.filePath(QStringLiteral("main.png")));
    ok &= saveScreenshot(window.navigatorDock(), dir.filePath(QStringLiteral("navigator.png")));
    ok &= saveScreenshot(window.welcome(), dir.filePath(QStringLiteral("welcome.png")));
    // Taller for its own picture, so the selected exchange's timeline and body both show.
    window.resizeDocks({window.inspectorDock()}, {440}, Qt::Vertical);
    waitFor([] { return false; }, 100);
    ok &= saveScreenshot(window.inspectorDock(), dir.filePath(QStringLiteral("inspector.png")));
    // The filter bar pointing at a mistake while the list keeps its last valid filter.
    window.inspector()->setFilterText(QStringLiteral("status >= 400"));
    window.inspector()->selectRow(0);
    window.inspector()->filterEdit()->setText(QStringLiteral("status >= 400 and pth ~ \"/books\""));
    waitFor([] { return false; }, 50);
    ok &= saveScreenshot(window.inspectorDock(), dir.filePath(QStringLiteral("inspector-filter.png")));
    window.inspector()->setFilterText(QString());
    window.resizeDocks({window.inspectorDock()}, {330}, Qt::Vertical);

    ok &= renderMetricsScreenshots(window, dir);

    if (auto *project = window.navigator()->group(Ui::NavigatorView::ApisGroup); project && project->childCount() > 0) {
        window.openFile(project->child(0)->data(0, Ui::NavigatorView::PathRole).toString());
        waitFor([] { return false; }, 100);
        ok &= saveScreenshot(window.editorTabs(), dir.filePath(QStringLiteral("editor.png")));
    }
    return ok ? 0 : 1;
}

bool saveScreenshot(QWidget *widget, const QString &path)
{
    const QPixmap pixmap = widget->grab();
    if (pixmap.isNull() || !pixmap.save(path)) {
        std::fprintf(stderr, "gatehouse: cannot write %s\n", qPrintable(path));
        return false;
    }
    std::fprintf(stderr, "gatehouse: wrote %s (%dx%d)\n", qPrintable(path), pixmap.width(), pixmap.height());
    return true;
}

} // namespace Gatehouse::App
