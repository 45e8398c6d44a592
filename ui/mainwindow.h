// Thread affinity: GUI thread.
#pragma once

#include <observe/requestrecord.h>

#include <QMainWindow>

#include <functional>
#include <memory>

class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;
class QTimer;
class QUndoStack;

namespace Gatehouse::Project {
class Project;
class RecentProjects;
}
namespace Gatehouse::Tables {
class DynamoApi;
}
namespace Gatehouse::Gateway {
class ApiRegistry;
struct RestApi;
}

namespace Gatehouse::Ui {

class MetricsView;
class NavigatorView;
class PresentationMode;
class ProjectHost;
class RequestInspectorView;
class RouteEditorView;
class TablesView;
class UrlLabel;
class WelcomeView;

// The console's shell: lays out the views (navigator dock, tabbed editor area, inspector dock,
// status bar) and owns the menus and their actions. Behaviour lives in the views; what touches
// the running engines goes through ProjectHost.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Not owned; null shows an empty window.
    void setProject(Project::Project *project);
    void setProjectHost(ProjectHost *host);
    // Not owned; null: a RecentProjects on the application's QSettings.
    void setRecentProjects(Project::RecentProjects *recent);
    void setListenerUrls(const QString &gatewayUrl, const QString &tablesUrl);
    void setStage(const QString &stage);
    void setTableApi(Tables::DynamoApi *api);
    void setRequestRateProvider(std::function<double()> provider);
    // The APIs the gateway serves (each with the document it was read from) and the registry
    // serving them: the route editor edits these and republishes each edit there.
    void setApis(const QList<std::shared_ptr<const Gateway::RestApi>> &apis, const QStringList &files,
                 Gateway::ApiRegistry *registry, const QString &stage);

    NavigatorView *navigator() const { return m_navigator; }
    RequestInspectorView *inspector() const { return m_inspector; }
    WelcomeView *welcome() const { return m_welcome; }
    TablesView *tablesView() const { return m_tables; }
    RouteEditorView *routeEditor() const { return m_routes; }
    QUndoStack *undoStack() const;
    QAction *undoAction() const { return m_undoAction; }
    QAction *redoAction() const { return m_redoAction; }
    MetricsView *metricsView() const { return m_metrics; }
    PresentationMode *presentationMode() const { return m_presentation; }
    QTabWidget *editorTabs() const { return m_tabs; }
    QDockWidget *navigatorDock() const { return m_navigatorDock; }
    QDockWidget *inspectorDock() const { return m_inspectorDock; }
    UrlLabel *gatewayUrlLabel() const { return m_gatewayUrl; }
    UrlLabel *tablesUrlLabel() const { return m_tablesUrl; }
    QLabel *rateLabel() const { return m_rate; }

    void showWelcome();
    void showTables(const QString &tableName = {});
    // The route editor, on a method when given (the API found by its document's path).
    void showRoutes(const QString &documentPath = {}, const QString &path = {}, const QString &httpMethod = {});
    // Imports an OpenAPI document into the route editor, telling the user about warnings.
    void importOpenApi(const QString &filePath);
    bool isModified() const;
    void showMetrics();
    // Opens a project file in its own tab (or switches to it).
    void openFile(const QString &path);

public Q_SLOTS:
    // Writes the edited APIs into their documents, then the manifest.
    void save();
    void appendRecords(const QList<Gatehouse::Observe::RecordPtr> &batch);
    void updateTitle();
    void updateRate();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void populateRecentMenu();
    void copyUrl(const QString &url);
    bool maybeSave();
    void saveAs();
    void openProjectDialog();
    void openProjectAt(const QString &directory);
    void about();
    Project::RecentProjects *recent();

    Project::Project *m_project = nullptr;
    ProjectHost *m_host = nullptr;
    Project::RecentProjects *m_recent = nullptr;
    std::unique_ptr<Project::RecentProjects> m_ownRecent;
    std::function<double()> m_rateProvider;

    NavigatorView *m_navigator;
    RequestInspectorView *m_inspector;
    WelcomeView *m_welcome;
    TablesView *m_tables;
    RouteEditorView *m_routes;
    MetricsView *m_metrics;
    PresentationMode *m_presentation = nullptr;
    QTabWidget *m_tabs;
    QDockWidget *m_navigatorDock;
    QDockWidget *m_inspectorDock;
    UrlLabel *m_gatewayUrl;
    UrlLabel *m_tablesUrl;
    QLabel *m_rate;
    QTimer *m_rateTimer;
    QMenu *m_recentMenu = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
};

} // namespace Gatehouse::Ui
