// The metrics dashboard and presentation mode as a user meets them: requests through the real
// gateway (MOCK routes of a test API over HTTP on port 0) show up in the route table, the tiles
// and the charts with exact counts; the selector narrows them; the table's model holds up under
// QAbstractItemModelTester; presentation mode enlarges and hides, then restores exactly.
#include <apiloader.h>
#include <runtime.h>

#include <ui/mainwindow.h>
#include <ui/metrics/metricschart.h>
#include <ui/metrics/metricsroutemodel.h>
#include <ui/metrics/metricsview.h>
#include <ui/navigatorview.h>
#include <ui/presentationmode.h>
#include <ui/urllabel.h>
#include <ui/welcomeview.h>

#include <observe/recordhub.h>
#include <project/project.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QLineSeries>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolBar>
#include <QTreeWidget>

using namespace Gatehouse;
using Observe::MetricsKey;
using Observe::MetricsWindow;

namespace {

constexpr qint64 T0 = 1795599000000LL;   // on a ten-second boundary

const MetricsKey PetById{QStringLiteral("Gatehouse MOCK pets"), QStringLiteral("test"), QStringLiteral("GET /pets/{petId}")};
const MetricsKey Echo{QStringLiteral("Gatehouse MOCK pets"), QStringLiteral("test"), QStringLiteral("POST /echo/{word}")};
const MetricsKey Unmatched{QStringLiteral("Gatehouse MOCK pets"), QStringLiteral("test"), QStringLiteral("(unmatched)")};

double lastY(const QLineSeries *series)
{
    return series->count() ? series->at(series->count() - 1).y() : -1;
}

Observe::RecordPtr record(const QString &operation, int status, qint64 us)
{
    auto r = std::make_shared<Observe::RequestRecord>();
    r->listener = QStringLiteral("tables");
    r->status = status;
    r->totalUs = us;
    r->notes.insert(QStringLiteral("operation"), operation);
    return r;
}

} // namespace

class TestMetricsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // N requests through the gateway over HTTP: the dashboard counts every one, per route.
    void gatewayTrafficReachesTheDashboard()
    {
        App::Runtime runtime;
        App::RuntimeConfig config;
        config.gatewayPort = 0;
        config.tablesPort = 0;
        config.store.inMemory = true;
        config.stage = QStringLiteral("test");
        auto apis = App::loadApis({QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/integration/gateway/mock-pets.yaml")},
                                  nullptr, config.stage);
        QVERIFY2(apis.isOk(), qPrintable(apis.status().toString()));
        config.apis = apis->apis;
        QVERIFY(runtime.start(config).isOk());

        qint64 now = T0 + 3000;
        Ui::MetricsView view([&now] { return now; });
        QAbstractItemModelTester tester(view.routeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(runtime.hub(), &Observe::RecordHub::recordsPublished, &view, &Ui::MetricsView::appendRecords);
        view.resize(1100, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        const QString base = runtime.gatewayUrl() + QStringLiteral("/test");
        QNetworkAccessManager network;
        QList<QNetworkReply *> replies;
        const int pets = 30, missing = 5, boom = 3, unmatched = 4;
        for (int i = 1; i <= pets; ++i)
            replies << network.get(QNetworkRequest(QUrl(base + QStringLiteral("/pets/%1").arg(i))));
        for (int i = 0; i < missing; ++i)
            replies << network.get(QNetworkRequest(QUrl(base + QStringLiteral("/pets/0"))));
        for (int i = 0; i < boom; ++i) {
            QNetworkRequest request(QUrl(base + QStringLiteral("/echo/x")));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            replies << network.post(request, QByteArrayLiteral(R"({"kind":"boom"})"));
        }
        for (int i = 0; i < unmatched; ++i)
            replies << network.get(QNetworkRequest(QUrl(base + QStringLiteral("/nowhere/%1").arg(i))));
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }),
                                 10000);
        QCOMPARE(replies.first()->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(replies.last()->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 403);
        const int total = pets + missing + boom + unmatched;
        QTRY_COMPARE(view.aggregator()->stats(MetricsKey::all(), MetricsWindow::FiveMinutes).count, quint64(total));

        view.refresh();
        Ui::MetricsRouteModel *model = view.routeModel();
        QCOMPARE(model->rowCount(), 3);
        const int pet = model->rowOf(PetById);
        QVERIFY(pet >= 0);
        QCOMPARE(model->index(pet, Ui::MetricsRouteModel::CountColumn).data().toString(), QString::number(pets + missing));
        QCOMPARE(model->index(pet, Ui::MetricsRouteModel::ClientErrorColumn).data().toString(), QString::number(missing));
        QCOMPARE(model->index(pet, Ui::MetricsRouteModel::ServerErrorColumn).data().toString(), QStringLiteral("0"));
        QCOMPARE(model->stats(pet).integrationCount, quint64(pets + missing));   // MOCK integrations are timed
        QVERIFY(model->stats(pet).latency.p50Us > 0);
        QVERIFY(model->index(pet, Ui::MetricsRouteModel::P99Column).data().toString() != QStringLiteral("—"));
        const int echo = model->rowOf(Echo);
        QCOMPARE(model->stats(echo).count, quint64(boom));
        QCOMPARE(model->stats(echo).serverErrors, quint64(boom));
        const int nowhere = model->rowOf(Unmatched);
        QCOMPARE(model->stats(nowhere).count, quint64(unmatched));
        QCOMPARE(model->stats(nowhere).clientErrors, quint64(unmatched));
        QCOMPARE(model->index(nowhere, Ui::MetricsRouteModel::IntegrationP50Column).data().toString(), QStringLiteral("—"));

        QCOMPARE(view.kpiText(Ui::MetricsView::RequestsKpi), QString::number(total));
        QCOMPARE(view.kpiText(Ui::MetricsView::ClientErrorsKpi), QString::number(missing + unmatched));
        QCOMPARE(view.kpiText(Ui::MetricsView::ServerErrorsKpi), QString::number(boom));

        // Charts show complete seconds: once this one is over, its slot holds every request.
        QCOMPARE(lastY(view.chart(Ui::MetricsView::RequestsChart)->line(0)), 0.0);
        now += 1000;
        view.refresh();
        const QLineSeries *requests = view.chart(Ui::MetricsView::RequestsChart)->line(0);
        QCOMPARE(requests->count(), 300);
        QCOMPARE(lastY(requests), double(total));
        QCOMPARE(lastY(view.chart(Ui::MetricsView::ErrorsChart)->line(0)), double(missing + unmatched));
        QCOMPARE(lastY(view.chart(Ui::MetricsView::ErrorsChart)->line(1)), double(boom));
        QCOMPARE(view.chart(Ui::MetricsView::LatencyChart)->line(0)->count(), 1);   // one second had requests
        QVERIFY(view.chart(Ui::MetricsView::RequestsChart)->valueMax() >= total);
        QCOMPARE(view.kpiText(Ui::MetricsView::RateKpi), QString::number(total));

        // The selector: every API stage and route seen, and narrowing to one route.
        QComboBox *scope = view.scopeCombo();
        QCOMPARE(scope->count(), 5);   // all, the API, its three routes
        QCOMPARE(scope->itemText(0), QStringLiteral("All requests"));
        QCOMPARE(scope->itemText(1), QStringLiteral("Gatehouse MOCK pets · test"));
        const int echoItem = scope->findText(Echo.displayName());
        QVERIFY(echoItem > 1);
        scope->setCurrentIndex(echoItem);
        Q_EMIT scope->activated(echoItem);
        QCOMPARE(view.scope(), Echo);
        QCOMPARE(lastY(view.chart(Ui::MetricsView::RequestsChart)->line(0)), double(boom));
        QCOMPARE(view.kpiText(Ui::MetricsView::RequestsKpi), QString::number(boom));
        QCOMPARE(model->rowCount(), 3);   // the table keeps the API's routes, the route selected
        QCOMPARE(view.routeTable()->selectionModel()->selectedRows().size(), 1);
        // Double-clicking a route in the table charts it.
        const QModelIndex petRow = static_cast<QSortFilterProxyModel *>(view.routeTable()->model())
                                       ->mapFromSource(model->index(pet, Ui::MetricsRouteModel::RouteColumn));
        Q_EMIT view.routeTable()->activated(petRow);
        QCOMPARE(view.scope(), PetById);
        QCOMPARE(view.kpiText(Ui::MetricsView::RequestsKpi), QString::number(pets + missing));

        // The 15-minute window charts ten-second slots, complete ones only.
        view.setWindow(MetricsWindow::FifteenMinutes);
        QCOMPARE(view.chart(Ui::MetricsView::RequestsChart)->line(0)->count(), 90);
        QCOMPARE(lastY(view.chart(Ui::MetricsView::RequestsChart)->line(0)), 0.0);
        now = T0 + 10000;
        view.refresh();
        QCOMPARE(lastY(view.chart(Ui::MetricsView::RequestsChart)->line(0)), (pets + missing) / 10.0);
        QCOMPARE(view.kpiText(Ui::MetricsView::RequestsKpi), QString::number(pets + missing));

        // Five minutes later the 5-minute window is empty; the 15-minute one still counts.
        view.setScope(MetricsKey::all());
        now = T0 + 3000 + 300 * 1000;
        view.setWindow(MetricsWindow::FiveMinutes);
        QCOMPARE(model->rowCount(), 0);
        QCOMPARE(view.kpiText(Ui::MetricsView::RequestsKpi), QStringLiteral("0"));
        view.setWindow(MetricsWindow::FifteenMinutes);
        QCOMPARE(model->rowCount(), 3);
        runtime.stop();
    }

    // Rows keep their identity across refreshes: a persistent index follows its route while
    // others arrive and leave.
    void routeRowsUpdateInPlace()
    {
        qint64 now = T0;
        Ui::MetricsView view([&now] { return now; });
        QAbstractItemModelTester tester(view.routeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        Ui::MetricsRouteModel *model = view.routeModel();
        view.appendRecords({record(QStringLiteral("GetItem"), 200, 100), record(QStringLiteral("Query"), 200, 300)});
        view.refresh();
        QCOMPARE(model->rowCount(), 2);
        const QPersistentModelIndex query = model->index(model->rowOf({QStringLiteral("tables"), {}, QStringLiteral("Query")}), 0);
        now += 200 * 1000;
        view.appendRecords({record(QStringLiteral("PutItem"), 400, 900), record(QStringLiteral("Query"), 200, 500)});
        view.refresh();
        QCOMPARE(model->rowCount(), 3);
        QVERIFY(query.isValid());
        QCOMPARE(model->stats(query.row()).count, quint64(2));
        now += 150 * 1000;   // the first two records leave the 5-minute window
        view.refresh();
        QCOMPARE(model->rowCount(), 2);
        QVERIFY(query.isValid());
        QCOMPARE(model->stats(query.row()).count, quint64(1));
        QCOMPARE(model->rowOf({QStringLiteral("tables"), {}, QStringLiteral("GetItem")}), -1);
        now += 400 * 1000;
        view.refresh();
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(!query.isValid());
    }

    // The window wiring: a navigator entry and a menu action show the dashboard; records
    // reaching the window reach it.
    void mainWindowWiring()
    {
        Ui::MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.appendRecords({record(QStringLiteral("Scan"), 200, 700)});
        QCOMPARE(window.metricsView()->aggregator()->stats(MetricsKey::all(), MetricsWindow::FiveMinutes).count,
                 quint64(1));
        QCOMPARE(window.editorTabs()->currentWidget(), static_cast<QWidget *>(window.welcome()));
        window.showMetrics();
        QCOMPARE(window.editorTabs()->currentWidget(), static_cast<QWidget *>(window.metricsView()));
        QCOMPARE(window.metricsView()->routeModel()->rowCount(), 1);
        window.showWelcome();
        QAction *metrics = nullptr;
        QAction *presentation = nullptr;
        for (QAction *menu : window.menuBar()->actions()) {
            for (QAction *a : menu->menu()->actions()) {
                if (a->text() == QStringLiteral("&Metrics"))
                    metrics = a;
                if (a == window.presentationMode()->action())
                    presentation = a;
            }
        }
        QVERIFY(metrics && presentation);
        QCOMPARE(metrics->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_4));
        QCOMPARE(presentation->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_F11));
        metrics->trigger();
        QCOMPARE(window.editorTabs()->currentWidget(), static_cast<QWidget *>(window.metricsView()));
    }

    void navigatorEntry()
    {
        Ui::NavigatorView navigator;
        auto project = Project::Project::open(QStringLiteral(GATEHOUSE_SOURCE_DIR "/resources/demo"));
        QVERIFY(project.isOk());
        navigator.setProject(&*project);
        QTreeWidgetItem *root = navigator.tree()->topLevelItem(0);
        QTreeWidgetItem *metrics = nullptr;
        for (int i = 0; i < root->childCount(); ++i) {
            if (root->child(i)->data(0, Ui::NavigatorView::KindRole).toInt() == Ui::NavigatorView::MetricsItem)
                metrics = root->child(i);
        }
        QVERIFY(metrics);
        QCOMPARE(metrics->text(0), QStringLiteral("Metrics"));
        QSignalSpy activated(&navigator, &Ui::NavigatorView::metricsActivated);
        Q_EMIT navigator.tree()->itemActivated(metrics, 0);
        QCOMPARE(activated.count(), 1);
    }

    // On: fonts 1.4×, toolbars, docks (but the inspector's) and marked editing chrome hidden,
    // the inspector shown, the gateway URL kept. Off: everything exactly as before, twice over.
    void presentationModeRestores()
    {
        const QFont appFont = QApplication::font();
        Ui::MainWindow window;
        window.setListenerUrls(QStringLiteral("http://127.0.0.1:3000"), QStringLiteral("http://127.0.0.1:8000"));
        auto *toolbar = window.addToolBar(QStringLiteral("Editing"));
        toolbar->setObjectName(QStringLiteral("editingToolbar"));
        toolbar->addAction(QStringLiteral("Deploy"));
        auto *cursor = new QLabel(QStringLiteral("Ln 1, Col 1"));
        Ui::PresentationMode::markEditingChrome(cursor);
        window.statusBar()->addPermanentWidget(cursor);
        auto *mono = new QPlainTextEdit;
        QFont monoFont(QStringLiteral("DejaVu Sans Mono"));
        monoFont.setPointSizeF(9.5);
        mono->setFont(monoFont);
        window.editorTabs()->addTab(mono, QStringLiteral("notes"));
        window.resize(1300, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.inspectorDock()->hide();   // the user closed it; presenting brings it back
        QTest::qWait(0);

        const QSize size = window.size();
        const QRect navigatorGeometry = window.navigatorDock()->geometry();
        const QFont kpiFont = window.metricsView()->font();
        Ui::PresentationMode *mode = window.presentationMode();
        for (int round = 0; round < 2; ++round) {
            if (round == 0)
                mode->action()->trigger();
            else
                mode->setActive(true);
            QVERIFY(mode->isActive());
            QVERIFY(mode->action()->isChecked());
            QCOMPARE(QApplication::font().pointSizeF(), appFont.pointSizeF() * Ui::PresentationMode::FontScale);
            QCOMPARE(mono->font().pointSizeF(), 9.5 * Ui::PresentationMode::FontScale);
            QCOMPARE(mono->font().family(), monoFont.family());
            // Widgets take the application font from a posted event.
            QTRY_COMPARE(window.metricsView()->font().pointSizeF(), kpiFont.pointSizeF() * Ui::PresentationMode::FontScale);
            QVERIFY(!toolbar->isVisible());
            QVERIFY(!window.navigatorDock()->isVisible());
            QVERIFY(!cursor->isVisible());
            QVERIFY(window.inspectorDock()->isVisible());
            QVERIFY(window.gatewayUrlLabel()->isVisible());
            QVERIFY(window.editorTabs()->isVisible());

            if (round == 0)
                mode->action()->trigger();
            else
                mode->setActive(false);
            QVERIFY(!mode->isActive());
            QVERIFY(!mode->action()->isChecked());
            QCOMPARE(QApplication::font(), appFont);
            QCOMPARE(mono->font(), monoFont);
            QTRY_COMPARE(window.metricsView()->font(), kpiFont);
            QVERIFY(toolbar->isVisible());
            QVERIFY(window.navigatorDock()->isVisible());
            QVERIFY(cursor->isVisible());
            QVERIFY(!window.inspectorDock()->isVisible());
            QCOMPARE(window.size(), size);
            QTRY_COMPARE(window.navigatorDock()->geometry(), navigatorGeometry);
        }
    }

    // The shortcut toggles it from the keyboard.
    void presentationShortcut()
    {
        Ui::MainWindow window;
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        const qreal size = QApplication::font().pointSizeF();
        QTest::keyClick(&window, Qt::Key_F11, Qt::ShiftModifier);
        QVERIFY(window.presentationMode()->isActive());
        QCOMPARE(QApplication::font().pointSizeF(), size * Ui::PresentationMode::FontScale);
        QTest::keyClick(&window, Qt::Key_F11, Qt::ShiftModifier);
        QVERIFY(!window.presentationMode()->isActive());
        QCOMPARE(QApplication::font().pointSizeF(), size);
    }
};

QTEST_MAIN(TestMetricsView)
#include "tst_metricsview.moc"
