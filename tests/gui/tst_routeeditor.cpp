// The visual route editor driven as a user would, checked through the running gateway over
// real HTTP: each edit is served on the next request, and undo serves the previous route again.
#include <apiloader.h>
#include <console.h>
#include <runtime.h>

#include <ui/mainwindow.h>
#include <ui/mocks/mockauthoringview.h>
#include <ui/mocks/templateeditor.h>
#include <ui/navigatorview.h>
#include <ui/routes/apipublisher.h>
#include <ui/routes/apiworkspace.h>
#include <ui/routes/formwidgets.h>
#include <ui/routes/invokeurlbar.h>
#include <ui/routes/methodexecutionview.h>
#include <ui/routes/methodforms.h>
#include <ui/routes/resourcedialogs.h>
#include <ui/routes/resourcetreemodel.h>
#include <ui/routes/routeeditorview.h>
#include <ui/routes/routeedits.h>
#include <ui/routes/stagespanel.h>
#include <ui/routes/templatefield.h>

#include <gateway/apiregistry.h>
#include <gateway/openapi.h>
#include <project/project.h>

#include <ui/qsci.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>

using namespace Gatehouse;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray errorType;   // x-amzn-ErrorType
    QByteArray allowOrigin; // Access-Control-Allow-Origin
    QByteArray allowMethods; // Access-Control-Allow-Methods
    // What the gateway answers when no resource and method match (403 on AWS; the local
    // gateway may answer 404 with the same error type).
    bool unrouted() const { return errorType == "MissingAuthenticationTokenException"; }
};

} // namespace

class TestRouteEditor : public QObject
{
    Q_OBJECT

    // One HTTP exchange with the running gateway; waits for the editor's publications first,
    // so "the next request" is the one after the edit reached the registry.
    Answer request(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        Ui::ApiPublisher *publisher = routes()->workspace()->publisher();
        if (!QTest::qWaitFor([&] { return !publisher->isBusy(); }, 5000))
            return {-1, "publisher busy", {}, {}, {}};
        QNetworkRequest request(QUrl(m_runtime->gatewayUrl() + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 5000))
            return {-1, "timeout", {}, {}, {}};
        Answer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                      reply->rawHeader("x-amzn-ErrorType"), reply->rawHeader("Access-Control-Allow-Origin"),
                      reply->rawHeader("Access-Control-Allow-Methods")};
        reply->deleteLater();
        return answer;
    }

    Ui::RouteEditorView *routes() const { return m_console->window()->routeEditor(); }
    QString apiId() const { return routes()->workspace()->apiIds().value(0); }
    std::shared_ptr<const Gateway::RestApi> api() const { return routes()->workspace()->api(apiId()); }

    // Types into a template field as a user does: select all, then the keys.
    static void typeTemplate(Ui::TemplateField *field, const QString &text)
    {
        auto *edit = qobject_cast<QsciScintilla *>(field->typingTarget());
        QVERIFY(edit);
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Delete);
        // A typed '$' opens QScintilla's completion list, which crashes on the offscreen
        // platform when the editor lies outside the virtual screen (QScreen null): references
        // go in as one insertion, which is still the user's edit (textEdited).
        if (text.contains(u'$'))
            field->editor()->insertAtCursor(text);
        else
            QTest::keyClicks(edit, text);
        QCOMPARE(field->text(), text);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        const QString dir = m_dir->filePath(QStringLiteral("project"));
        QVERIFY(Project::copyDirectory(QStringLiteral(GATEHOUSE_SOURCE_DIR "/resources/demo"), dir).isOk());
        auto project = Project::Project::open(dir);
        QVERIFY(project.isOk());
        App::Options options;
        options.gatewayPort = 0;
        options.tablesPort = 0;
        options.inMemory = true;
        App::RuntimeConfig config = App::runtimeConfigFor(options, *project);
        auto apis = App::loadApis({}, &*project, QStringLiteral("dev"));
        QVERIFY(apis.isOk());
        config.apis = apis->apis;
        config.apiFiles = apis->files;
        m_runtime = std::make_unique<App::Runtime>();
        QVERIFY(m_runtime->start(config).isOk());
        m_console = std::make_unique<App::Console>(options, *m_runtime, std::move(project).value());
        m_console->window()->resize(1400, 900);
        m_console->window()->show();
        m_console->window()->showRoutes();
        QCOMPARE(routes()->workspace()->apiIds().size(), 1);
    }

    void cleanup()
    {
        m_console.reset();
        m_runtime.reset();
        m_dir.reset();
    }

    void treeShowsResourcesAndMethods()
    {
        Ui::ResourceTreeModel *model = routes()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 1);
        const QModelIndex apiNode = model->index(0, 0);
        QCOMPARE(apiNode.data().toString(), QStringLiteral("Bookstore"));
        const QModelIndex root = model->index(0, 0, apiNode);
        QCOMPARE(root.data(Ui::ResourceTreeModel::PathRole).toString(), QStringLiteral("/"));
        const QModelIndex stores = model->find(apiId(), QStringLiteral("/stores"));
        QVERIFY(stores.isValid());
        QCOMPARE(model->rowCount(stores), 1);
        const QModelIndex get = model->index(0, 0, stores);
        QCOMPARE(get.data(Ui::ResourceTreeModel::MethodRole).toString(), QStringLiteral("GET"));
        QCOMPARE(get.data(Ui::ResourceTreeModel::IntegrationRole).toString(), QStringLiteral("MOCK"));
        // Methods come before child resources: /books lists GET, POST, then /{isbn}.
        const QModelIndex books = model->find(apiId(), QStringLiteral("/books"));
        QCOMPARE(model->rowCount(books), 3);
        QCOMPARE(model->index(2, 0, books).data().toString(), QStringLiteral("{isbn}"));
        // Only non-root resources drag; resources take drops.
        QVERIFY(!(model->flags(root) & Qt::ItemIsDragEnabled));
        QVERIFY(model->flags(stores) & Qt::ItemIsDragEnabled);
        QVERIFY(model->flags(stores) & Qt::ItemIsDropEnabled);
        QVERIFY(!(model->flags(get) & Qt::ItemIsDropEnabled));

        // The tester watches the model through edits, undo and redo.
        QVERIFY(routes()->select(apiId(), QStringLiteral("/stores")));
        QVERIFY(routes()->addResource(QStringLiteral("{storeId}")).isOk());
        QVERIFY(routes()->addMethod(QStringLiteral("DELETE")).isOk());
        QVERIFY(model->find(apiId(), QStringLiteral("/stores/{storeId}"), QStringLiteral("DELETE")).isValid());
        m_console->window()->undoStack()->undo();
        m_console->window()->undoStack()->undo();
        QVERIFY(!model->find(apiId(), QStringLiteral("/stores/{storeId}")).isValid());
        m_console->window()->undoStack()->redo();
        QVERIFY(model->find(apiId(), QStringLiteral("/stores/{storeId}")).isValid());
    }

    void editMockTemplateIsServedAndUndoRestoresIt()
    {
        Ui::MainWindow *window = m_console->window();
        QCOMPARE(request("GET", QStringLiteral("/dev/health")).status, 200);
        QVERIFY(request("GET", QStringLiteral("/dev/health")).body.contains("\"status\": \"ok\""));
        QVERIFY(!window->isWindowModified());

        QVERIFY(routes()->select(apiId(), QStringLiteral("/health"), QStringLiteral("GET")));
        QTest::mouseClick(routes()->diagram(), Qt::LeftButton, {},
                          routes()->diagram()->boxRect(Ui::MethodExecutionView::IntegrationResponse).center());
        QCOMPARE(routes()->pages()->currentIndex(), int(Ui::RouteEditorView::IntegrationResponsePage));
        Ui::TemplateMapEditor *templates = routes()->integrationResponseForm()->templates();
        QCOMPARE(templates->contentTypes()->currentText(), QStringLiteral("application/json"));
        typeTemplate(templates->editor(), QStringLiteral("{\"status\": \"edited in the console\"}"));

        // One undo step for the whole typing, served on the next request.
        QCOMPARE(window->undoStack()->count(), 1);
        QVERIFY(window->isWindowModified());
        QVERIFY(window->windowTitle().contains(QStringLiteral("[*]")));
        Answer edited = request("GET", QStringLiteral("/dev/health"));
        QCOMPARE(edited.status, 200);
        QCOMPARE(edited.body, QByteArray("{\"status\": \"edited in the console\"}"));

        window->undoAction()->trigger();
        QVERIFY(!window->isWindowModified());
        QVERIFY(request("GET", QStringLiteral("/dev/health")).body.contains("\"status\": \"ok\""));
        // The form shows the template undo restored.
        QVERIFY(templates->editor()->text().contains(QStringLiteral("$context.requestId")));

        window->redoAction()->trigger();
        QCOMPARE(request("GET", QStringLiteral("/dev/health")).body, QByteArray("{\"status\": \"edited in the console\"}"));
    }

    void mockAuthoringEditsAreUndoable()
    {
        QVERIFY(routes()->select(apiId(), QStringLiteral("/health"), QStringLiteral("GET")));
        routes()->showBox(Ui::MethodExecutionView::IntegrationResponse);
        Ui::IntegrationResponseForm *form = routes()->integrationResponseForm();
        Ui::MockAuthoringView *mock = routes()->mockAuthoring();
        QVERIFY(mock);
        QCOMPARE(form->tabs()->count(), 2);
        QCOMPARE(form->tabs()->currentWidget(), mock);
        // The mock view's body edit becomes one undo step of the route editor, served at once.
        mock->selectResponse(0);
        mock->bodyEditor()->editor()->selectAll();
        mock->bodyEditor()->insertAtCursor(QStringLiteral("{\"from\": \"mock authoring\"}"));
        mock->flushEdits();
        QCOMPARE(m_console->window()->undoStack()->count(), 1);
        QCOMPARE(request("GET", QStringLiteral("/dev/health")).body, QByteArray("{\"from\": \"mock authoring\"}"));
        m_console->window()->undoAction()->trigger();
        QVERIFY(request("GET", QStringLiteral("/dev/health")).body.contains("\"status\": \"ok\""));
        // Not a MOCK: no mock page.
        QVERIFY(routes()->select(apiId(), QStringLiteral("/books"), QStringLiteral("GET")));
        QCOMPARE(form->tabs()->count(), 1);
    }

    void enableCorsAnswersPreflightAndUndoes()
    {
        QVERIFY(request("OPTIONS", QStringLiteral("/dev/stores")).unrouted());
        QVERIFY(routes()->select(apiId(), QStringLiteral("/stores")));
        auto *button = routes()->findChild<QToolButton *>(QStringLiteral("enableCors"));
        QVERIFY(button);
        button->click();
        QVERIFY(api()->resourceByPath(QStringLiteral("/stores"))->methods.contains(QStringLiteral("OPTIONS")));
        const Answer preflight = request("OPTIONS", QStringLiteral("/dev/stores"));
        QCOMPARE(preflight.status, 200);
        QCOMPARE(preflight.allowMethods, QByteArray("GET,OPTIONS"));
        QCOMPARE(preflight.allowOrigin, QByteArray("*"));
        QCOMPARE(request("GET", QStringLiteral("/dev/stores")).allowOrigin, QByteArray("*"));
        m_console->window()->undoStack()->undo();
        QVERIFY(request("OPTIONS", QStringLiteral("/dev/stores")).unrouted());
        QVERIFY(request("GET", QStringLiteral("/dev/stores")).allowOrigin.isEmpty());
    }

    void addedMethodIsServed()
    {
        QVERIFY(request("POST", QStringLiteral("/dev/stores"), "{}").unrouted());
        QVERIFY(routes()->select(apiId(), QStringLiteral("/stores")));
        QVERIFY(routes()->addMethod(QStringLiteral("POST")).isOk());
        QCOMPARE(routes()->selection().httpMethod, QStringLiteral("POST"));
        QCOMPARE(routes()->pages()->currentIndex(), int(Ui::RouteEditorView::IntegrationRequestPage));
        QCOMPARE(request("POST", QStringLiteral("/dev/stores"), "{}").status, 200);

        // The new method's response template, then its status through the request template.
        routes()->showBox(Ui::MethodExecutionView::IntegrationResponse);
        typeTemplate(routes()->integrationResponseForm()->templates()->editor(), QStringLiteral("{\"created\": true}"));
        QCOMPARE(request("POST", QStringLiteral("/dev/stores"), "{}").body, QByteArray("{\"created\": true}"));

        m_console->window()->undoStack()->undo();
        m_console->window()->undoStack()->undo();
        QVERIFY(request("POST", QStringLiteral("/dev/stores"), "{}").unrouted());
        QCOMPARE(request("GET", QStringLiteral("/dev/stores")).status, 200);
    }

    void integrationRequestFormEditsTheModel()
    {
        QVERIFY(routes()->select(apiId(), QStringLiteral("/stores"), QStringLiteral("GET")));
        routes()->showBox(Ui::MethodExecutionView::IntegrationRequest);
        Ui::IntegrationRequestForm *form = routes()->integrationRequestForm();
        QVERIFY(!form->uri()->isEnabled());   // MOCK has no endpoint

        // The request template picks the integration response: always 404 now.
        typeTemplate(form->templates()->editor(), QStringLiteral("{\"statusCode\": 404}"));
        Answer answer = request("GET", QStringLiteral("/dev/stores?city=Lisbon"));
        QCOMPARE(answer.status, 404);
        QVERIFY(answer.body.contains("No store in Lisbon"));

        // Switching to HTTP with an endpoint edits the model's fields.
        const int http = form->type()->findData(QStringLiteral("HTTP"));
        form->type()->setCurrentIndex(http);
        Q_EMIT form->type()->activated(http);
        QVERIFY(form->uri()->isEnabled());
        form->uri()->setText(QStringLiteral("http://127.0.0.1:9/stores"));
        Q_EMIT form->uri()->editingFinished();
        form->timeout()->setValue(1500);
        Q_EMIT form->timeout()->editingFinished();
        const Gateway::Method method = api()->resourceByPath(QStringLiteral("/stores"))->methods.value(QStringLiteral("GET"));
        QCOMPARE(method.integration->type, Gateway::IntegrationType::Http);
        QCOMPARE(method.integration->uri, QStringLiteral("http://127.0.0.1:9/stores"));
        QCOMPARE(method.integration->httpMethod, QStringLiteral("GET"));
        QCOMPARE(method.integration->timeoutInMillis, std::optional<int>(1500));
        QCOMPARE(routes()->diagram()->title(Ui::MethodExecutionView::Backend), QStringLiteral("HTTP"));

        // A parameter mapping row.
        form->mappings()->addRow({QStringLiteral("integration.request.querystring.city"), QStringLiteral("method.request.querystring.city")});
        Q_EMIT form->mappings()->rowsEdited();
        QCOMPARE(api()->resourceByPath(QStringLiteral("/stores"))->methods.value(QStringLiteral("GET")).integration->requestParameters,
                 (QMap<QString, QString>{{QStringLiteral("integration.request.querystring.city"), QStringLiteral("method.request.querystring.city")}}));

        // Undo all of it: the MOCK answers 200 again.
        QUndoStack *undo = m_console->window()->undoStack();
        while (undo->canUndo())
            undo->undo();
        QCOMPARE(request("GET", QStringLiteral("/dev/stores?city=Lisbon")).status, 200);
        QCOMPARE(form->type()->currentData().toString(), QStringLiteral("MOCK"));
    }

    void methodRequestAndResponseForms()
    {
        QVERIFY(routes()->select(apiId(), QStringLiteral("/stores"), QStringLiteral("GET")));
        routes()->showBox(Ui::MethodExecutionView::MethodRequest);
        Ui::MethodRequestForm *request = routes()->methodRequestForm();
        // city becomes required, and a validator checks parameters.
        QCOMPARE(request->parameters()->rows(), (QList<QStringList>{{QStringLiteral("city"), QStringLiteral("querystring"), QStringLiteral("false")}}));
        request->parameters()->table()->item(0, 2)->setCheckState(Qt::Checked);
        QVERIFY(api()->resourceByPath(QStringLiteral("/stores"))->methods.value(QStringLiteral("GET"))
                    .requestParameters.value(QStringLiteral("method.request.querystring.city")));
        Gateway::RestApi withValidator = *api();
        withValidator.requestValidators.insert(QStringLiteral("params-only"), {false, true});
        routes()->workspace()->edit(apiId(), withValidator, QStringLiteral("Add a validator"));
        const int params = request->validator()->findData(QStringLiteral("params-only"));
        QVERIFY(params > 0);
        request->validator()->setCurrentIndex(params);
        Q_EMIT request->validator()->activated(params);
        Answer missing = this->request("GET", QStringLiteral("/dev/stores"));
        QCOMPARE(missing.status, 400);
        QVERIFY2(missing.body.contains("Missing required request parameters: [city]"), missing.body.constData());
        QCOMPARE(this->request("GET", QStringLiteral("/dev/stores?city=Oslo")).status, 200);

        // Method Response: a header declared on 200.
        routes()->showBox(Ui::MethodExecutionView::MethodResponse);
        Ui::MethodResponseForm *response = routes()->methodResponseForm();
        QCOMPARE(response->statuses()->rowCount(), 2);
        response->statuses()->setCurrentCell(0, 0);
        response->headers()->addRow({QStringLiteral("X-Store-Count"), QStringLiteral("false")});
        Q_EMIT response->headers()->rowsEdited();
        QVERIFY(api()->resourceByPath(QStringLiteral("/stores"))->methods.value(QStringLiteral("GET"))
                    .methodResponses.value(QStringLiteral("200")).responseParameters.contains(QStringLiteral("method.response.header.X-Store-Count")));
        QVERIFY(routes()->diagram()->summary(Ui::MethodExecutionView::MethodResponse).first().contains(QStringLiteral("1 header")));
    }

    void renameAndMoveChangeTheServedPath()
    {
        QVERIFY(routes()->select(apiId(), QStringLiteral("/stores")));
        QVERIFY(routes()->renameResource(QStringLiteral("shops")).isOk());
        QCOMPARE(request("GET", QStringLiteral("/dev/shops?city=Oslo")).status, 200);
        QVERIFY(request("GET", QStringLiteral("/dev/stores")).unrouted());
        QCOMPARE(routes()->selection().path, QStringLiteral("/shops"));

        // Drag /shops onto /books, as the tree's drop does.
        Ui::ResourceTreeModel *model = routes()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex shops = model->find(apiId(), QStringLiteral("/shops"));
        std::unique_ptr<QMimeData> data(model->mimeData({shops}));
        const QModelIndex books = model->find(apiId(), QStringLiteral("/books"));
        QVERIFY(model->canDropMimeData(data.get(), Qt::MoveAction, -1, 0, books));
        // Not onto itself, not onto its own parent, not into another API.
        QVERIFY(!model->canDropMimeData(data.get(), Qt::MoveAction, -1, 0, shops));
        QVERIFY(!model->canDropMimeData(data.get(), Qt::MoveAction, -1, 0, model->find(apiId(), QStringLiteral("/"))));
        model->dropMimeData(data.get(), Qt::MoveAction, -1, 0, books);
        QTRY_VERIFY(model->find(apiId(), QStringLiteral("/books/shops")).isValid());
        QCOMPARE(request("GET", QStringLiteral("/dev/books/shops?city=Oslo")).status, 200);
        QVERIFY(request("GET", QStringLiteral("/dev/shops")).unrouted());
        QCOMPARE(routes()->selection().path, QStringLiteral("/books/shops"));

        // A move API Gateway would refuse: nothing goes under a greedy path variable.
        QVERIFY(routes()->select(apiId(), QStringLiteral("/books/shops")));
        QVERIFY(routes()->addResource(QStringLiteral("{proxy+}")).isOk());
        const Status refused = routes()->moveResource(apiId(), QStringLiteral("/health"), QStringLiteral("/books/shops/{proxy+}"));
        QCOMPARE(refused.message(), QStringLiteral("Cannot create a child of a resource with a greedy path variable: {proxy+}"));

        QUndoStack *undo = m_console->window()->undoStack();
        while (undo->canUndo())
            undo->undo();
        QCOMPARE(request("GET", QStringLiteral("/dev/stores?city=Oslo")).status, 200);
        QVERIFY(!model->find(apiId(), QStringLiteral("/books/shops")).isValid());
    }

    void deleteAndUndo()
    {
        QVERIFY(routes()->select(apiId(), QStringLiteral("/health"), QStringLiteral("GET")));
        QVERIFY(routes()->deleteSelected().isOk());
        QCOMPARE(routes()->selection().path, QStringLiteral("/health"));
        QVERIFY(request("GET", QStringLiteral("/dev/health")).unrouted());
        QVERIFY(routes()->deleteSelected().isOk());   // now the resource itself
        QVERIFY(!routes()->model()->find(apiId(), QStringLiteral("/health")).isValid());
        m_console->window()->undoStack()->undo();
        m_console->window()->undoStack()->undo();
        QCOMPARE(request("GET", QStringLiteral("/dev/health")).status, 200);
        QVERIFY(routes()->select(apiId(), QStringLiteral("/")));
        QVERIFY(!routes()->deleteSelected().isOk());   // the root stays
    }

    void pathPartValidation_data()
    {
        QTest::addColumn<QString>("parent");
        QTest::addColumn<QString>("part");
        QTest::addColumn<QString>("error");
        const QString chars = QStringLiteral("Resource's path part only allow a-zA-Z0-9._- and curly braces at the "
                                             "beginning and the end and an optional plus sign before the closing brace.");
        QTest::newRow("plain") << "/books" << "authors" << "";
        QTest::newRow("variable") << "/stores" << "{storeId}" << "";
        QTest::newRow("greedy") << "/" << "{proxy+}" << "";
        QTest::newRow("dots and dashes") << "/" << "v1.0_beta-2" << "";
        QTest::newRow("space") << "/" << "two words" << chars;
        QTest::newRow("slash") << "/" << "a/b" << chars;
        QTest::newRow("unclosed") << "/" << "{id" << chars;
        QTest::newRow("empty variable") << "/" << "{}" << chars;
        QTest::newRow("plus outside") << "/" << "a+" << chars;
        QTest::newRow("second variable") << "/books" << "{id}"
                                         << "A sibling ({isbn}) of this resource already has a variable path part -- only one is allowed";
        QTest::newRow("taken") << "/" << "books" << "Another resource with the same parent already has this name: books";
    }

    void pathPartValidation()
    {
        QFETCH(QString, parent);
        QFETCH(QString, part);
        QFETCH(QString, error);
        QCOMPARE(Ui::RouteEdits::checkChildPart(*api(), parent, part).message(), error);
        // The dialog checks as the user types: the message, and OK only when acceptable.
        Ui::PathPartDialog dialog(*api(), parent, QString());
        QTest::keyClicks(dialog.edit(), part);
        QCOMPARE(dialog.isAcceptable(), error.isEmpty());
        QCOMPARE(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled(), error.isEmpty());
        if (error.isEmpty())
            QVERIFY(dialog.message()->text().contains(Ui::RouteEdits::childPath(parent, part).toHtmlEscaped()));
        else
            QCOMPARE(dialog.message()->text(), error.toHtmlEscaped());
    }

    void greedyPartMustBeLast()
    {
        // Renaming a resource that has children to {proxy+} is refused; a leaf may become one.
        auto refused = Ui::RouteEdits::renameResource(*api(), QStringLiteral("/books/{isbn}"), QStringLiteral("{proxy+}"));
        QVERIFY(!refused.isOk());
        QVERIFY(refused.status().message().contains(QStringLiteral("must be the last part")));
        auto renamed = Ui::RouteEdits::renameResource(*api(), QStringLiteral("/books/{isbn}/recommendations"), QStringLiteral("{rest+}"));
        QVERIFY(renamed.isOk());
        QVERIFY(renamed->resourceByPath(QStringLiteral("/books/{isbn}/{rest+}")));
        // Descendants follow a renamed parent.
        auto parent = Ui::RouteEdits::renameResource(*api(), QStringLiteral("/books"), QStringLiteral("titles"));
        QVERIFY(parent.isOk());
        QVERIFY(parent->resourceByPath(QStringLiteral("/titles/{isbn}/recommendations")));
        QVERIFY(!parent->resourceByPath(QStringLiteral("/books")));
    }

    void stagesDeployAndVariables()
    {
        Ui::StagesPanel *stages = routes()->stagesPanel();
        QVERIFY(routes()->select(apiId(), QStringLiteral("/health"), QStringLiteral("GET")));
        QCOMPARE(stages->stages()->rowCount(), 1);
        stages->selectStage(QStringLiteral("dev"));
        stages->deploy(QStringLiteral("first"));
        QCOMPARE(api()->deployments.size(), 1);
        QVERIFY(!api()->stages.value(QStringLiteral("dev")).deploymentId.isEmpty());
        QVERIFY(stages->stages()->item(0, 1)->text().startsWith(QStringLiteral("deployment")));

        // The deployed stage keeps serving the snapshot while the API is edited...
        routes()->showBox(Ui::MethodExecutionView::IntegrationResponse);
        typeTemplate(routes()->integrationResponseForm()->templates()->editor(), QStringLiteral("{\"v\": \"$!stageVariables.version\"}"));
        QVERIFY(request("GET", QStringLiteral("/dev/health")).body.contains("\"status\": \"ok\""));
        // ...until it serves live again.
        stages->serveLive();
        QCOMPARE(request("GET", QStringLiteral("/dev/health")).body, QByteArray("{\"v\": \"\"}"));
        stages->variables()->addRow({QStringLiteral("version"), QStringLiteral("2.1")});
        Q_EMIT stages->variables()->rowsEdited();
        QCOMPARE(request("GET", QStringLiteral("/dev/health")).body, QByteArray("{\"v\": \"2.1\"}"));

        // A new stage serves at its own URL.
        stages->addStage(QStringLiteral("prod"));
        QCOMPARE(request("GET", QStringLiteral("/prod/health")).body, QByteArray("{\"v\": \"\"}"));
        routes()->select(apiId(), QStringLiteral("/health"), QStringLiteral("GET"));
        QVERIFY(routes()->invokeBar()->url().endsWith(QStringLiteral("/prod/health")));
        m_console->window()->undoStack()->undo();
        QVERIFY(request("GET", QStringLiteral("/prod/health")).unrouted());
    }

    void invokeUrlAndCurl()
    {
        QVERIFY(routes()->select(apiId(), QStringLiteral("/books"), QStringLiteral("POST")));
        Ui::InvokeUrlBar *bar = routes()->invokeBar();
        QCOMPARE(bar->url(), m_runtime->gatewayUrl() + QStringLiteral("/dev/books"));
        QCOMPARE(bar->curlCommand(), QStringLiteral("curl -i -X POST '%1/dev/books' -H 'Content-Type: application/json' -d '{}'")
                                         .arg(m_runtime->gatewayUrl()));
        QVERIFY(!bar->openButton()->isEnabled());   // a browser only sends GET
        QTest::mouseClick(bar->copyCurlButton(), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), bar->curlCommand());
        QVERIFY(routes()->select(apiId(), QStringLiteral("/books/{isbn}"), QStringLiteral("GET")));
        QCOMPARE(bar->curlCommand(), QStringLiteral("curl -i --globoff '%1/dev/books/{isbn}'").arg(m_runtime->gatewayUrl()));
        QVERIFY(bar->openButton()->isEnabled());
    }

    void saveWritesTheDocument()
    {
        Ui::MainWindow *window = m_console->window();
        QVERIFY(routes()->select(apiId(), QStringLiteral("/stores")));
        QVERIFY(routes()->addResource(QStringLiteral("{storeId}")).isOk());
        QVERIFY(routes()->addMethod(QStringLiteral("GET")).isOk());
        QVERIFY(window->isWindowModified());
        const QString file = routes()->workspace()->filePath(apiId());
        QVERIFY(file.endsWith(QStringLiteral("apis/bookstore.yaml")));
        window->save();
        QVERIFY(!window->isWindowModified());
        QFile saved(file);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        auto reread = Gateway::importOpenApi(saved.readAll());
        QVERIFY2(reread.isOk(), qPrintable(reread.status().toString()));
        QVERIFY(reread->api.resourceByPath(QStringLiteral("/stores/{storeId}")));
        Gateway::RestApi withoutStages = *api();
        withoutStages.stages.clear();
        QString difference;
        QVERIFY2(Gateway::equivalent(reread->api, withoutStages, &difference), qPrintable(difference));
        // The navigator lists the saved document's new operation.
        QTreeWidgetItem *apis = window->navigator()->group(Ui::NavigatorView::ApisGroup);
        QCOMPARE(apis->child(0)->childCount(), 7);
    }

    // Stages and deployments are saved beside the document and come back with the project,
    // the deployed stage serving its snapshot.
    void savedStagesComeBack()
    {
        Ui::MainWindow *window = m_console->window();
        Ui::StagesPanel *stages = routes()->stagesPanel();
        stages->addStage(QStringLiteral("prod"));
        stages->selectStage(QStringLiteral("prod"));
        stages->deploy(QStringLiteral("release 1"));
        stages->variables()->addRow({QStringLiteral("version"), QStringLiteral("1.0")});
        Q_EMIT stages->variables()->rowsEdited();
        const Gateway::Stage prod = api()->stages.value(QStringLiteral("prod"));
        QVERIFY(!prod.deploymentId.isEmpty());
        QCOMPARE(prod.variables.value(QStringLiteral("version")), QStringLiteral("1.0"));
        // The live API moves on after the deployment.
        QVERIFY(routes()->select(apiId(), QStringLiteral("/stores")));
        QVERIFY(routes()->addResource(QStringLiteral("{storeId}")).isOk());
        window->save();
        QVERIFY(!window->isWindowModified());

        const QString document = routes()->workspace()->filePath(apiId());
        const QString stagesFile = QFileInfo(document).absolutePath() + QStringLiteral("/../stages/bookstore.yaml.json");
        QVERIFY2(QFile::exists(stagesFile), qPrintable(stagesFile));

        auto reopened = Project::Project::open(m_dir->filePath(QStringLiteral("project")));
        QVERIFY(reopened.isOk());
        // A stage from the file logs as the project's settings say for it.
        reopened->setSetting(QStringLiteral("stages"),
                             QJsonObject{{QStringLiteral("prod"),
                                          QJsonObject{{QStringLiteral("accessLogSettings"),
                                                       QJsonObject{{QStringLiteral("destinationArn"), QStringLiteral("logs/prod.log")},
                                                                   {QStringLiteral("format"), QStringLiteral("json")}}}}}});
        auto loaded = App::loadApis({}, &*reopened, QStringLiteral("dev"));
        QVERIFY(loaded.isOk());
        QVERIFY2(loaded->warnings.isEmpty(), qPrintable(loaded->warnings.join(u'\n')));
        QCOMPARE(loaded->apis.size(), 1);
        const Gateway::RestApi &back = *loaded->apis.first();
        QCOMPARE(back.stages.keys(), (QStringList{QStringLiteral("dev"), QStringLiteral("prod")}));
        QCOMPARE(back.stages.value(QStringLiteral("prod")).deploymentId, prod.deploymentId);
        QCOMPARE(back.stages.value(QStringLiteral("prod")).variables, prod.variables);
        QVERIFY(back.stages.value(QStringLiteral("prod")).accessLogSettings.destinationArn.endsWith(QLatin1String("/logs/prod.log")));
        QVERIFY(!back.stages.value(QStringLiteral("dev")).accessLogSettings.isEnabled());
        QVERIFY(back.deployments.contains(prod.deploymentId));
        const Gateway::Deployment &snapshot = back.deployments[prod.deploymentId];
        QCOMPARE(snapshot.description, QStringLiteral("release 1"));
        QVERIFY(snapshot.api);
        QVERIFY(!snapshot.api->resourceByPath(QStringLiteral("/stores/{storeId}")));   // deployed before
        QVERIFY(back.resourceByPath(QStringLiteral("/stores/{storeId}")));             // live
        QString difference;
        QVERIFY2(Gateway::equivalent(*snapshot.api, *api()->deployments.value(prod.deploymentId).api, &difference),
                 qPrintable(difference));

        // Back to the one live stage: the file goes on the next save.
        m_console->window()->undoStack()->setIndex(0);
        window->save();
        QVERIFY(!QFile::exists(stagesFile));
    }

    void importByDropAndExport()
    {
        const QString document = m_dir->filePath(QStringLiteral("petstore.yaml"));
        QFile file(document);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"(openapi: "3.0.1"
info: {title: "Pets", version: "1"}
paths:
  /pets:
    get:
      responses:
        "200": {description: "200 response"}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default:
            statusCode: "200"
            responseTemplates: {application/json: '[{"id": 1, "type": "dog"}]'}
)");
        file.close();
        QVERIFY(request("GET", QStringLiteral("/dev/pets")).unrouted());

        Ui::MainWindow *window = m_console->window();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(document)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window, &drop);
        QCOMPARE(routes()->workspace()->apiIds().size(), 2);
        QCOMPARE(request("GET", QStringLiteral("/dev/pets")).body, QByteArray(R"([{"id": 1, "type": "dog"}])"));
        QCOMPARE(routes()->selection().apiId, routes()->workspace()->apiIds().at(1));
        QVERIFY(routes()->workspace()->filePath(routes()->selection().apiId).endsWith(QStringLiteral("apis/petstore.yaml")));

        // Export, then import the export: the same API.
        const QString exported = m_dir->filePath(QStringLiteral("export.json"));
        QVERIFY(routes()->exportApi(routes()->selection().apiId, exported).isOk());
        QFile out(exported);
        QVERIFY(out.open(QIODevice::ReadOnly));
        const QByteArray json = out.readAll();
        QVERIFY(json.trimmed().startsWith('{'));
        auto again = Gateway::importOpenApi(json);
        QVERIFY(again.isOk());
        QVERIFY(again->api.resourceByPath(QStringLiteral("/pets")));

        // A document that is not an API says why; undo removes the imported API.
        QFile bad(m_dir->filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"hello\": 1}");
        bad.close();
        QVERIFY(!routes()->importFile(bad.fileName()).isOk());
        window->undoStack()->undo();
        QCOMPARE(routes()->workspace()->apiIds().size(), 1);
        QVERIFY(request("GET", QStringLiteral("/dev/pets")).unrouted());
    }

    void publishingStaysOffTheGuiThread()
    {
        // A large API (600 methods with templates) compiles on the publisher's thread: the
        // edit returns at once and the gateway serves it when compiled.
        Gateway::RestApi big = *api();
        auto newId = Gateway::IdGenerator::seeded(7);
        for (int i = 0; i < 150; ++i) {
            const QString path = QStringLiteral("/generated/r%1").arg(i);
            auto resource = big.ensurePath(path, newId);
            QVERIFY(resource.isOk());
            for (const QString &method : {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("DELETE")}) {
                Gateway::Method m = Ui::RouteEdits::newMockMethod(method);
                m.integration->responses.first().responseTemplates.insert(
                    QStringLiteral("application/json"), QStringLiteral("#set($n = %1){\"n\": $n, \"id\": \"$context.requestId\"}").arg(i));
                (*resource)->methods.insert(method, m);
            }
        }
        QElapsedTimer onThread;
        onThread.start();
        Gateway::ApiRegistry scratch;
        auto bigPtr = std::make_shared<const Gateway::RestApi>(big);
        QVERIFY(scratch.publish(bigPtr).isEmpty());
        const qint64 compileMs = onThread.elapsed();

        QElapsedTimer edit;
        edit.start();
        routes()->workspace()->edit(apiId(), big, QStringLiteral("Generate routes"));
        const qint64 editMs = edit.elapsed();
        qInfo("publish of 600 methods: %lld ms when compiled inline; the edit itself took %lld ms on the GUI thread",
              compileMs, editMs);
        Answer answer = request("GET", QStringLiteral("/dev/generated/r149"));
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.body.startsWith("{\"n\": 149"));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<App::Runtime> m_runtime;
    std::unique_ptr<App::Console> m_console;
    QNetworkAccessManager m_network;
};

QTEST_MAIN(TestRouteEditor)
#include "tst_routeeditor.moc"
