#include <ui/mainwindow.h>
#include <ui/metrics/metricsview.h>
#include <ui/navigatorview.h>
#include <ui/presentationmode.h>
#include <ui/projecthost.h>
#include <ui/requestinspectorview.h>
#include <ui/routes/apiworkspace.h>
#include <ui/routes/routeeditorview.h>
#include <ui/sourceview.h>
#include <ui/tablesview.h>
#include <ui/urllabel.h>
#include <ui/welcomeview.h>

#include <project/project.h>
#include <project/recentprojects.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QUndoStack>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>

namespace Gatehouse::Ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_navigator(new NavigatorView)
    , m_inspector(new RequestInspectorView)
    , m_welcome(new WelcomeView)
    , m_tables(new TablesView)
    , m_routes(new RouteEditorView)
    , m_metrics(new MetricsView)
    , m_tabs(new QTabWidget(this))
    , m_navigatorDock(new QDockWidget(tr("Navigator"), this))
    , m_inspectorDock(new QDockWidget(tr("Requests"), this))
    , m_gatewayUrl(new UrlLabel(tr("Gateway")))
    , m_tablesUrl(new UrlLabel(tr("Tables")))
    , m_rate(new QLabel)
    , m_rateTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_tabs->setObjectName(QStringLiteral("editorTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->addTab(m_welcome, tr("Welcome"));
    m_tabs->addTab(m_routes, tr("Routes"));
    m_tabs->addTab(m_tables, tr("Tables"));
    m_tabs->addTab(m_metrics, tr("Metrics"));
    // The fixed views stay; project files opened from the navigator can be closed.
    for (int i = 0; i < m_tabs->count(); ++i)
        m_tabs->tabBar()->setTabButton(i, QTabBar::RightSide, nullptr);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget *page = m_tabs->widget(index);
        if (page == m_welcome || page == m_tables || page == m_routes || page == m_metrics)
            return;
        m_tabs->removeTab(index);
        page->deleteLater();
    });
    setCentralWidget(m_tabs);

    m_navigatorDock->setObjectName(QStringLiteral("navigatorDock"));
    m_navigatorDock->setWidget(m_navigator);
    m_navigatorDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, m_navigatorDock);

    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::BottomDockWidgetArea, m_inspectorDock);
    resizeDocks({m_navigatorDock}, {360}, Qt::Horizontal);
    resizeDocks({m_inspectorDock}, {330}, Qt::Vertical);

    connect(m_navigator, &NavigatorView::projectActivated, this, &MainWindow::showWelcome);
    connect(m_navigator, &NavigatorView::fileActivated, this, &MainWindow::openFile);
    connect(m_navigator, &NavigatorView::tableActivated, this, &MainWindow::showTables);
    connect(m_navigator, &NavigatorView::metricsActivated, this, &MainWindow::showMetrics);
    connect(m_welcome, &WelcomeView::projectEdited, this, [this] {
        m_navigator->setProject(m_project);
        updateTitle();
    });
    connect(m_tables, &TablesView::refreshed, m_navigator, &NavigatorView::refreshTables);
    connect(m_navigator, &NavigatorView::routeActivated, this, &MainWindow::showRoutes);
    connect(m_routes, &RouteEditorView::message, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    // Documents dropped anywhere on the window are imported (the editor's tree takes its own
    // drags of resources).
    setAcceptDrops(true);

    m_gatewayUrl->setObjectName(QStringLiteral("gatewayUrl"));
    m_tablesUrl->setObjectName(QStringLiteral("tablesUrl"));
    m_rate->setObjectName(QStringLiteral("requestRate"));
    m_rate->setContentsMargins(6, 0, 6, 0);
    connect(m_gatewayUrl, &UrlLabel::clicked, this, &MainWindow::copyUrl);
    connect(m_tablesUrl, &UrlLabel::clicked, this, &MainWindow::copyUrl);
    statusBar()->addPermanentWidget(m_gatewayUrl);
    statusBar()->addPermanentWidget(m_tablesUrl);
    statusBar()->addPermanentWidget(m_rate);
    m_rateTimer->setInterval(500);
    connect(m_rateTimer, &QTimer::timeout, this, &MainWindow::updateRate);
    m_rateTimer->start();
    updateRate();

    m_presentation = new PresentationMode(this);
    m_presentation->keepVisible(m_inspectorDock);
    createMenus();
    setProject(nullptr);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_openAction = file->addAction(tr("&Open Project…"), this, &MainWindow::openProjectDialog);
    m_openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::populateRecentMenu);
    file->addSeparator();
    m_saveAction = file->addAction(tr("&Save"), this, &MainWindow::save);
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAsAction = file->addAction(tr("Save &As…"), this, &MainWindow::saveAs);
    m_saveAsAction->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction *importAction = file->addAction(tr("&Import OpenAPI…"), this, [this] {
        showRoutes();
        m_routes->importDialog();
    });
    importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    file->addAction(tr("&Export OpenAPI…"), this, [this] { m_routes->exportDialog(); });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_undoAction = undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAction->setShortcut(QKeySequence::Redo);
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *welcome = view->addAction(tr("&Welcome"), this, &MainWindow::showWelcome);
    welcome->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction *tables = view->addAction(tr("&Tables"), this, [this] { showTables(); });
    tables->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    QAction *routes = view->addAction(tr("&Routes"), this, [this] { showRoutes(); });
    routes->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    QAction *metrics = view->addAction(tr("&Metrics"), this, &MainWindow::showMetrics);
    metrics->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));
    view->addSeparator();
    QAction *nav = m_navigatorDock->toggleViewAction();
    nav->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    view->addAction(nav);
    QAction *insp = m_inspectorDock->toggleViewAction();
    insp->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    view->addAction(insp);
    view->addSeparator();
    QAction *refresh = view->addAction(tr("Re&fresh"), this, [this] {
        m_tables->refresh();
        m_navigator->refreshTables();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    view->addSeparator();
    view->addAction(m_presentation->action());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *aboutAction = help->addAction(tr("&About Gatehouse"), this, &MainWindow::about);
    aboutAction->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

Project::RecentProjects *MainWindow::recent()
{
    if (m_recent)
        return m_recent;
    if (!m_ownRecent)
        m_ownRecent = std::make_unique<Project::RecentProjects>();
    return m_ownRecent.get();
}

void MainWindow::setProject(Project::Project *project)
{
    m_project = project;
    // Tabs of the previous project's files would show stale content.
    for (int i = m_tabs->count() - 1; i >= 0; --i) {
        QWidget *page = m_tabs->widget(i);
        if (qobject_cast<SourceView *>(page)) {
            m_tabs->removeTab(i);
            page->deleteLater();
        }
    }
    m_navigator->setProject(project);
    m_welcome->setProject(project);
    m_saveAction->setEnabled(project != nullptr);
    m_saveAsAction->setEnabled(project != nullptr && m_host != nullptr);
    updateTitle();
}

void MainWindow::setProjectHost(ProjectHost *host)
{
    m_host = host;
    m_openAction->setEnabled(host != nullptr);
    m_recentMenu->setEnabled(host != nullptr);
    m_saveAsAction->setEnabled(m_project != nullptr && host != nullptr);
}

void MainWindow::setRecentProjects(Project::RecentProjects *recent)
{
    m_recent = recent;
}

void MainWindow::setListenerUrls(const QString &gatewayUrl, const QString &tablesUrl)
{
    m_gatewayUrl->setUrl(gatewayUrl);
    m_tablesUrl->setUrl(tablesUrl);
    m_welcome->setListenerUrls(gatewayUrl, tablesUrl);
    m_inspector->setListenerUrls({{QStringLiteral("gateway"), gatewayUrl}, {QStringLiteral("tables"), tablesUrl}});
    m_tables->setEndpointUrl(tablesUrl);
    m_routes->setGatewayUrl(gatewayUrl);
}

void MainWindow::setStage(const QString &stage)
{
    m_welcome->setStage(stage);
}

void MainWindow::setTableApi(Tables::DynamoApi *api)
{
    m_tables->setTableApi(api);
    m_navigator->setTableApi(api);
}

void MainWindow::setApis(const QList<std::shared_ptr<const Gateway::RestApi>> &apis, const QStringList &files,
                         Gateway::ApiRegistry *registry, const QString &stage)
{
    ApiWorkspace *workspace = m_routes->workspace();
    QList<ApiWorkspace::Entry> entries;
    for (int i = 0; i < apis.size(); ++i)
        entries.append({apis.at(i), files.value(i)});
    workspace->setRegistry(registry);
    workspace->setServingStage(stage);
    workspace->setApisDirectory(m_project && m_project->isValid() ? m_project->directory() + QStringLiteral("/apis") : QString());
    workspace->reset(entries);
    if (!entries.isEmpty())
        m_routes->select(entries.first().api->id, QStringLiteral("/"));
    updateTitle();
}

QUndoStack *MainWindow::undoStack() const
{
    return m_routes->workspace()->undoStack();
}

bool MainWindow::isModified() const
{
    return (m_project && m_project->isModified()) || m_routes->workspace()->isModified();
}

void MainWindow::showRoutes(const QString &documentPath, const QString &path, const QString &httpMethod)
{
    m_tabs->setCurrentWidget(m_routes);
    if (documentPath.isEmpty())
        return;
    ApiWorkspace *workspace = m_routes->workspace();
    for (const QString &id : workspace->apiIds()) {
        if (QFileInfo(workspace->filePath(id)) == QFileInfo(documentPath)) {
            m_routes->select(id, path.isEmpty() ? QStringLiteral("/") : path, httpMethod);
            return;
        }
    }
}

void MainWindow::importOpenApi(const QString &filePath)
{
    showRoutes();
    auto warnings = m_routes->importFile(filePath);
    if (!warnings) {
        QMessageBox::warning(this, tr("Import failed"), warnings.status().message());
        return;
    }
    if (!warnings->isEmpty()) {
        QMessageBox::information(this, tr("Imported with warnings"),
                                 tr("%1 is served now. Gatehouse keeps these parts but does not act on them (yet):\n\n%2")
                                     .arg(QFileInfo(filePath).fileName(), warnings->join(u'\n')));
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (url.isLocalFile() && (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml") || suffix == QLatin1String("json"))) {
            event->acceptProposedAction();
            return;
        }
    }
    QMainWindow::dragEnterEvent(event);
}

void MainWindow::dropEvent(QDropEvent *event)
{
    bool any = false;
    for (const QUrl &url : event->mimeData()->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (url.isLocalFile() && (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml") || suffix == QLatin1String("json"))) {
            importOpenApi(url.toLocalFile());
            any = true;
        }
    }
    if (any)
        event->acceptProposedAction();
    else
        QMainWindow::dropEvent(event);
}

void MainWindow::setRequestRateProvider(std::function<double()> provider)
{
    m_rateProvider = std::move(provider);
    updateRate();
}

void MainWindow::appendRecords(const QList<Observe::RecordPtr> &batch)
{
    m_inspector->appendRecords(batch);
    m_metrics->appendRecords(batch);
}

void MainWindow::updateTitle()
{
    const QString name = m_project ? m_project->name() : tr("No project");
    setWindowTitle(name + QStringLiteral("[*] — Gatehouse"));
    setWindowModified(isModified());
}

void MainWindow::updateRate()
{
    const double rate = m_rateProvider ? m_rateProvider() : 0.0;
    m_rate->setText(tr("%1 req/s").arg(rate, 0, 'f', rate < 10 ? 1 : 0));
}

void MainWindow::showWelcome()
{
    m_tabs->setCurrentWidget(m_welcome);
}

void MainWindow::showTables(const QString &tableName)
{
    m_tabs->setCurrentWidget(m_tables);
    if (!tableName.isEmpty())
        m_tables->selectTable(tableName);
}

void MainWindow::showMetrics()
{
    m_tabs->setCurrentWidget(m_metrics);
}

void MainWindow::openFile(const QString &path)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *source = qobject_cast<SourceView *>(m_tabs->widget(i)); source && source->filePath() == path) {
            m_tabs->setCurrentIndex(i);
            return;
        }
    }
    auto *source = new SourceView(path);
    const int index = m_tabs->addTab(source, QFileInfo(path).fileName());
    m_tabs->setTabToolTip(index, path);
    m_tabs->setCurrentIndex(index);
}

void MainWindow::copyUrl(const QString &url)
{
    QGuiApplication::clipboard()->setText(url);
    statusBar()->showMessage(tr("Copied %1 to the clipboard").arg(url), 3000);
}

bool MainWindow::maybeSave()
{
    if (!isModified())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"), tr("Save the changes to “%1”?").arg(m_project ? m_project->name() : tr("the APIs")),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save) {
        save();
        return !isModified();
    }
    return true;
}

void MainWindow::save()
{
    if (!m_project)
        return;
    // The APIs first: they are written into the project's documents, then the manifest.
    const bool apisEdited = m_routes->workspace()->isModified();
    Status status = m_routes->workspace()->save();
    if (status)
        status = m_project->save();
    if (!status) {
        QMessageBox::warning(this, tr("Save failed"), status.message());
    } else {
        statusBar()->showMessage(tr("Saved %1").arg(m_project->directory()), 3000);
        if (apisEdited) {
            m_project->rescan();
            m_navigator->setProject(m_project);
        }
    }
    updateTitle();
}

void MainWindow::saveAs()
{
    if (!m_project || !m_host)
        return;
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Save project as (choose or create an empty folder)"),
        QFileInfo(m_project->directory()).absolutePath());
    if (dir.isEmpty())
        return;
    const Status status = m_host->saveProjectAs(dir);
    if (!status) {
        QMessageBox::warning(this, tr("Save As failed"), status.message());
        return;
    }
    recent()->add(dir);
    statusBar()->showMessage(tr("Saved the project to %1").arg(dir), 3000);
}

void MainWindow::openProjectDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open project folder"),
        m_project ? QFileInfo(m_project->directory()).absolutePath() : QDir::homePath());
    if (!dir.isEmpty())
        openProjectAt(dir);
}

void MainWindow::openProjectAt(const QString &directory)
{
    if (!m_host || !maybeSave())
        return;
    const Status status = m_host->openProject(directory);
    if (!status) {
        QMessageBox::warning(this, tr("Cannot open the project"), status.message());
        return;
    }
    recent()->add(directory);
    statusBar()->showMessage(tr("Opened %1").arg(directory), 3000);
}

void MainWindow::populateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList entries = recent()->list();
    for (const QString &dir : entries) {
        QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(dir),
                                                  this, [this, dir] { openProjectAt(dir); });
        action->setEnabled(QFileInfo::exists(dir + u'/' + Project::Project::manifestFileName()));
    }
    if (entries.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear the list"), this, [this] { recent()->clear(); });
}

void MainWindow::about()
{
    QMessageBox::about(
        this, tr("About Gatehouse"),
        tr("<h3>Gatehouse %1</h3><p>A desktop console hosting, in one process, an API gateway that "
           "behaves like Amazon API Gateway and a table engine that speaks the DynamoDB API on "
           "SQLite.</p><p>Built with Qt %2.</p>")
            .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (maybeSave())
        event->accept();
    else
        event->ignore();
}

} // namespace Gatehouse::Ui
