#include <ui/mainwindow.h>
#include <ui/navigatorview.h>
#include <ui/recorddetails.h>
#include <ui/requestinspectorview.h>
#include <ui/requestlistmodel.h>
#include <ui/sourceview.h>
#include <ui/tablesview.h>
#include <ui/theme.h>
#include <ui/urllabel.h>
#include <ui/welcomeview.h>

#include <observe/recordhub.h>
#include <project/project.h>
#include <project/recentprojects.h>
#include <project/seedfile.h>
#include <tables/tableengine.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Gatehouse;

namespace {

Observe::RecordPtr makeRecord(int i, const QString &listener = QStringLiteral("tables"), int status = 200)
{
    auto r = std::make_shared<Observe::RequestRecord>();
    r->requestId = QByteArray::number(i);
    r->listener = listener;
    r->startedAt = QDateTime::currentDateTimeUtc();
    r->method = "POST";
    r->target = "/";
    r->requestHeaders = {{"X-Amz-Target", "DynamoDB_20120810.Scan"}};
    r->requestBody = R"({"TableName":"Books"})";
    r->requestBodySize = r->requestBody.size();
    r->status = status;
    r->responseBody = R"({"Count":0,"Items":[]})";
    r->responseBodySize = r->responseBody.size();
    r->totalUs = 1500 + i;
    r->stages = {{QStringLiteral("parse"), 0, 20}, {QStringLiteral("engine"), 20, 1400}};
    r->notes.insert(QStringLiteral("operation"), QStringLiteral("Scan"));
    r->notes.insert(QStringLiteral("table"), QStringLiteral("Books"));
    return r;
}

QList<Observe::RecordPtr> makeBatch(int first, int count)
{
    QList<Observe::RecordPtr> batch;
    for (int i = 0; i < count; ++i)
        batch << makeRecord(first + i);
    return batch;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        auto project = Project::Project::open(QStringLiteral(GATEHOUSE_SOURCE_DIR "/resources/demo"));
        QVERIFY2(project.isOk(), qPrintable(project.status().toString()));
        m_project = std::move(project).value();

        Tables::EngineOptions options;
        options.store.inMemory = true;
        auto engine = Tables::TableEngine::open(options);
        QVERIFY2(engine.isOk(), qPrintable(engine.status().toString()));
        m_engine = std::move(engine).value();
        auto seed = Project::readSeedFile(m_project.seedFile());
        QVERIFY(seed.isOk());
        for (const Project::SeedTable &table : *seed) {
            QVERIFY(m_engine->callAndWait(QStringLiteral("CreateTable"), table.createTable).result.isOk());
            for (const QJsonObject &item : table.items) {
                QVERIFY(m_engine->callAndWait(QStringLiteral("PutItem"),
                                              {{QStringLiteral("TableName"), table.tableName()},
                                               {QStringLiteral("Item"), item}})
                            .result.isOk());
            }
        }
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        m_recent = std::make_unique<Project::RecentProjects>(m_settings.get());

        m_window = std::make_unique<Ui::MainWindow>();
        m_window->setRecentProjects(m_recent.get());
        m_window->setProject(&m_project);
        m_window->setTableApi(m_engine.get());
        m_window->setListenerUrls(QStringLiteral("http://127.0.0.1:3000"), QStringLiteral("http://127.0.0.1:8000"));
        m_window->setRequestRateProvider([this] { return m_hub.requestsPerSecond(); });
        connect(&m_hub, &Observe::RecordHub::recordsPublished, m_window.get(), &Ui::MainWindow::appendRecords);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        if (m_engine)
            m_engine->store().close();
    }

    void layout()
    {
        QVERIFY(m_window->navigatorDock()->isVisible());
        QVERIFY(m_window->inspectorDock()->isVisible());
        QCOMPARE(m_window->navigatorDock()->widget(), m_window->navigator());
        QCOMPARE(m_window->inspectorDock()->widget(), m_window->inspector());
        QTabWidget *tabs = m_window->editorTabs();
        QCOMPARE(tabs->count(), 4);
        QCOMPARE(tabs->tabText(0), QStringLiteral("Welcome"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("Routes"));
        QCOMPARE(tabs->tabText(2), QStringLiteral("Tables"));
        QCOMPARE(tabs->tabText(3), QStringLiteral("Metrics"));
        QCOMPARE(m_window->windowTitle(), QStringLiteral("Bookstore demo[*] — Gatehouse"));
        QVERIFY(!m_window->isWindowModified());
        QVERIFY(m_window->welcome()->html().contains(QStringLiteral("http://127.0.0.1:8000")));
    }

    void navigatorShowsProject()
    {
        Ui::NavigatorView *nav = m_window->navigator();
        QTreeWidgetItem *apis = nav->group(Ui::NavigatorView::ApisGroup);
        QVERIFY(apis);
        QCOMPARE(apis->childCount(), 1);
        QCOMPARE(apis->child(0)->text(0), QStringLiteral("Bookstore"));
        QCOMPARE(apis->child(0)->childCount(), 6);
        QCOMPARE(apis->child(0)->child(0)->data(0, Ui::NavigatorView::MethodRole).toString(), QStringLiteral("GET"));
        QCOMPARE(apis->child(0)->child(0)->text(0), QStringLiteral("/health"));
        QCOMPARE(apis->child(0)->child(0)->text(1), QStringLiteral("MOCK"));
        // Tables come from the engine through ListTables.
        QTreeWidgetItem *tables = nav->group(Ui::NavigatorView::TablesGroup);
        QTRY_COMPARE(tables->childCount(), 1);
        QCOMPARE(tables->child(0)->text(0), QStringLiteral("Books"));
        QTreeWidgetItem *functions = nav->group(Ui::NavigatorView::FunctionsGroup);
        QCOMPARE(functions->childCount(), 1);
        QCOMPARE(functions->child(0)->text(0), QStringLiteral("recommend.js"));
    }

    void tablesViewReadsEngine()
    {
        Ui::TablesView *view = m_window->tablesView();
        view->refresh();
        QTRY_COMPARE(view->list()->topLevelItemCount(), 1);
        QTreeWidgetItem *books = view->list()->topLevelItem(0);
        QCOMPARE(books->text(Ui::TablesView::NameColumn), QStringLiteral("Books"));
        QCOMPARE(books->text(Ui::TablesView::PartitionKeyColumn), QStringLiteral("isbn (S)"));
        QCOMPARE(books->text(Ui::TablesView::ItemsColumn), QStringLiteral("8"));
        QCOMPARE(books->text(Ui::TablesView::StatusColumn), QStringLiteral("ACTIVE"));
        QCOMPARE(books->text(Ui::TablesView::BillingColumn), QStringLiteral("PAY_PER_REQUEST"));

        // A table created through the API shows after a refresh.
        QVERIFY(m_engine->callAndWait(QStringLiteral("CreateTable"),
                    QJsonDocument::fromJson(R"({"TableName":"Authors","BillingMode":"PAY_PER_REQUEST",
                        "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"n","AttributeType":"N"}],
                        "KeySchema":[{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"n","KeyType":"RANGE"}]})").object())
                    .result.isOk());
        view->refresh();
        QTRY_COMPARE(view->list()->topLevelItemCount(), 2);
        const auto found = view->list()->findItems(QStringLiteral("Authors"), Qt::MatchExactly);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first()->text(Ui::TablesView::SortKeyColumn), QStringLiteral("n (N)"));
        QVERIFY(view->message().startsWith(QStringLiteral("2 tables")));
        QTRY_COMPARE(m_window->navigator()->group(Ui::NavigatorView::TablesGroup)->childCount(), 2);
        QVERIFY(m_engine->callAndWait(QStringLiteral("DeleteTable"), {{QStringLiteral("TableName"), QStringLiteral("Authors")}})
                    .result.isOk());
    }

    void recordsFlowThroughHub()
    {
        Ui::RequestListModel *model = m_window->inspector()->model();
        model->clear();
        for (const Observe::RecordPtr &r : makeBatch(0, 250))
            m_hub.publish(r);
        m_hub.flush();
        QCOMPARE(model->rowCount(), 250);
        QCOMPARE(model->index(0, Ui::RequestListModel::TargetColumn).data().toString(), QStringLiteral("Scan Books"));
        QCOMPARE(model->index(0, Ui::RequestListModel::ListenerColumn).data().toString(), QStringLiteral("tables"));
        QCOMPARE(model->index(0, Ui::RequestListModel::StatusColumn).data().toInt(), 200);
        QCOMPARE(model->index(0, Ui::RequestListModel::LatencyColumn).data().toString(), QStringLiteral("1.50 ms"));
        QCOMPARE(model->index(249, 0).data(Ui::RequestListModel::RecordRole).value<Observe::RecordPtr>()->requestId,
                 QByteArray("249"));
        // The rate label reads the hub.
        m_window->updateRate();
        QVERIFY(m_window->rateLabel()->text().endsWith(QStringLiteral("req/s")));
        QVERIFY(!m_window->rateLabel()->text().startsWith(QStringLiteral("0.0")));
    }

    void inspectorFollowsOnlyAtBottom()
    {
        Ui::RequestInspectorView *inspector = m_window->inspector();
        inspector->clear();
        inspector->appendRecords(makeBatch(0, 300));
        QScrollBar *bar = inspector->table()->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());   // followed while at the bottom

        bar->setValue(0);                              // the user scrolls up to read
        inspector->appendRecords(makeBatch(300, 50));
        QCOMPARE(inspector->model()->rowCount(), 350);
        QCOMPARE(bar->value(), 0);

        bar->setValue(bar->maximum());                 // back at the bottom: following again
        inspector->appendRecords(makeBatch(350, 50));
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void inspectorPauseAndDetails()
    {
        Ui::RequestInspectorView *inspector = m_window->inspector();
        inspector->clear();
        inspector->appendRecords(makeBatch(0, 5));
        inspector->setPaused(true);
        inspector->appendRecords(makeBatch(5, 7));
        QCOMPARE(inspector->model()->rowCount(), 5);
        inspector->setPaused(false);
        QCOMPARE(inspector->model()->rowCount(), 12);

        inspector->selectRow(3);
        const QString details = inspector->details()->toPlainText();
        QVERIFY2(details.startsWith(QStringLiteral("POST /\nX-Amz-Target: DynamoDB_20120810.Scan\n")), qPrintable(details));
        QVERIFY(details.contains(QStringLiteral("\"TableName\": \"Books\"")));   // pretty-printed JSON
        QVERIFY(details.contains(QStringLiteral("── response 200")));
        QVERIFY(details.contains(QStringLiteral("engine")));
    }

    void modelUnderTester()
    {
        Ui::RequestListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapacity(100);
        model.appendRecords(makeBatch(0, 60));
        QCOMPARE(model.rowCount(), 60);
        model.appendRecords(makeBatch(60, 60));         // the oldest fall off
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.record(0)->requestId, QByteArray("20"));
        QCOMPARE(model.record(99)->requestId, QByteArray("119"));
        model.appendRecords(makeBatch(1000, 250));      // a batch larger than the capacity
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.record(0)->requestId, QByteArray("1150"));
        QCOMPARE(model.totalReceived(), 370);
        model.appendRecords({});
        model.setCapacity(10);
        QCOMPARE(model.rowCount(), 10);
        for (int row = 0; row < model.rowCount(); ++row) {
            for (int column = 0; column < model.columnCount(); ++column)
                QVERIFY(model.index(row, column).data().isValid());
        }
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalReceived(), 0);
    }

    void statusColours()
    {
        Ui::RequestListModel model;
        model.appendRecords({makeRecord(1, QStringLiteral("gateway"), 403), makeRecord(2, QStringLiteral("tables"), 500),
                             makeRecord(3)});
        const auto colour = [&](int row) {
            return model.index(row, Ui::RequestListModel::StatusColumn).data(Qt::ForegroundRole).value<QColor>();
        };
        QCOMPARE(colour(0), Ui::statusColor(403));
        QCOMPARE(colour(1), Ui::statusColor(500));
        QVERIFY(colour(0) != colour(1));
        QVERIFY(colour(2) != colour(0));
    }

    void urlClickCopies()
    {
        QGuiApplication::clipboard()->clear();
        Ui::UrlLabel *gateway = m_window->gatewayUrlLabel();
        QCOMPARE(gateway->text(), QStringLiteral("Gateway: http://127.0.0.1:3000"));
        QTest::mouseClick(gateway, Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("http://127.0.0.1:3000"));
        QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Copied http://127.0.0.1:3000 to the clipboard"));
        QTest::mouseClick(m_window->tablesUrlLabel(), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("http://127.0.0.1:8000"));
    }

    void openFileInTab()
    {
        const QString path = m_project.apis().first().filePath;
        QTabWidget *tabs = m_window->editorTabs();
        const int fixed = tabs->count();   // the views that cannot be closed
        m_window->openFile(path);
        QCOMPARE(tabs->count(), fixed + 1);
        auto *source = qobject_cast<Ui::SourceView *>(tabs->currentWidget());
        QVERIFY(source);
        QVERIFY(source->isLoaded());
        QCOMPARE(tabs->tabText(fixed), QStringLiteral("bookstore.yaml"));
        m_window->openFile(path);   // the same file again: the same tab
        QCOMPARE(tabs->count(), fixed + 1);
        Q_EMIT tabs->tabCloseRequested(fixed);
        QCOMPARE(tabs->count(), fixed);
        Q_EMIT tabs->tabCloseRequested(0);   // Welcome stays
        Q_EMIT tabs->tabCloseRequested(1);   // and Routes
        QCOMPARE(tabs->count(), fixed);
    }

    void editMarksUnsaved()
    {
        QLineEdit *name = m_window->welcome()->nameEdit();
        name->setText(QStringLiteral("Renamed bookstore"));
        Q_EMIT name->editingFinished();
        QCOMPARE(m_project.name(), QStringLiteral("Renamed bookstore"));
        QVERIFY(m_project.isModified());
        QVERIFY(m_window->isWindowModified());
        QCOMPARE(m_window->windowTitle(), QStringLiteral("Renamed bookstore[*] — Gatehouse"));
        QCOMPARE(m_window->navigator()->tree()->topLevelItem(0)->text(0), QStringLiteral("Renamed bookstore"));
        // Undo by hand so no save is asked for on close; the demo in the source tree is not written.
        m_project.setName(QStringLiteral("Bookstore demo"));
        m_window->updateTitle();
    }

    void darkTheme()
    {
        Ui::applyTheme(*qApp, Ui::ThemeChoice::Dark);
        QVERIFY(Ui::isDarkTheme());
        Ui::applyTheme(*qApp, Ui::ThemeChoice::Light);
        QVERIFY(!Ui::isDarkTheme());
        Ui::ThemeChoice choice;
        QVERIFY(Ui::parseThemeChoice(QStringLiteral("dark"), &choice));
        QCOMPARE(choice, Ui::ThemeChoice::Dark);
        QVERIFY(!Ui::parseThemeChoice(QStringLiteral("purple"), &choice));
    }

private:
    QTemporaryDir m_dir;
    Project::Project m_project;
    std::shared_ptr<Tables::TableEngine> m_engine;
    Observe::RecordHub m_hub;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<Project::RecentProjects> m_recent;
    std::unique_ptr<Ui::MainWindow> m_window;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
