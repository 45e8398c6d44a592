// Thread affinity: GUI thread.
#pragma once

#include <common/status.h>
#include <ui/routes/apiworkspace.h>
#include <ui/routes/methodexecutionview.h>

#include <QSet>
#include <QWidget>

class QLabel;
class QStackedWidget;
class QTabWidget;
class QToolButton;
class QTreeView;

namespace Gatehouse::Ui {

class InvokeUrlBar;
class IntegrationRequestForm;
class IntegrationResponseForm;
class MethodForm;
class MethodRequestForm;
class MethodResponseForm;
class MockAuthoringView;
class MockPageHost;
class ResourceTreeModel;
class StagesPanel;

// The visual route editor: every API's resource tree (methods as coloured badges; add,
// rename, drag to move, delete), the selected method's execution picture with a form behind
// each box, its invoke URL, and the API's stages. Every edit goes through the workspace: one
// undo step, served by the running gateway on the next request.
class RouteEditorView : public QWidget
{
    Q_OBJECT
public:
    enum Page { MethodRequestPage, IntegrationRequestPage, IntegrationResponsePage, MethodResponsePage,
                ResourcePage, EmptyPage };

    explicit RouteEditorView(QWidget *parent = nullptr);
    ~RouteEditorView() override;

    ApiWorkspace *workspace() const { return m_workspace; }
    void setGatewayUrl(const QString &url);

    QTreeView *tree() const { return m_tree; }
    ResourceTreeModel *model() const { return m_model; }
    MethodExecutionView *diagram() const { return m_diagram; }
    MethodRequestForm *methodRequestForm() const { return m_methodRequest; }
    IntegrationRequestForm *integrationRequestForm() const { return m_integrationRequest; }
    IntegrationResponseForm *integrationResponseForm() const { return m_integrationResponse; }
    MethodResponseForm *methodResponseForm() const { return m_methodResponse; }
    StagesPanel *stagesPanel() const { return m_stages; }
    InvokeUrlBar *invokeBar() const { return m_invoke; }
    QTabWidget *tabs() const { return m_tabs; }
    QStackedWidget *pages() const { return m_pages; }
    QLabel *problemsLabel() const { return m_problems; }
    // The mock authoring view shown for MOCK methods (ui/mocks).
    MockAuthoringView *mockAuthoring() const;

    // Selects an API, a resource or a method in the tree (and shows it); false if absent.
    bool select(const QString &apiId, const QString &path = {}, const QString &httpMethod = {});
    RouteSelection selection() const;
    void showBox(MethodExecutionView::Box box);

    // The editing actions, on the current selection, as the toolbar and the dialogs run them.
    // Each returns why it did nothing (also shown in the view and sent as message()).
    Status addResource(const QString &pathPart);
    Status addMethod(const QString &httpMethod, const QString &integrationType = QStringLiteral("MOCK"));
    Status renameResource(const QString &pathPart);
    Status moveResource(const QString &apiId, const QString &path, const QString &newParentPath);
    Status deleteSelected();
    // What the API Gateway console's "Enable CORS" does to the selected resource (an OPTIONS
    // MOCK answering preflights; Access-Control-Allow-Origin on its other methods), as one
    // undoable edit.
    Status enableCorsOnSelected();
    // Imports an OpenAPI file as a new API (undoable) and selects it; the result lists the
    // importer's warnings.
    Result<QStringList> importFile(const QString &filePath);
    Status exportApi(const QString &apiId, const QString &filePath);

public Q_SLOTS:
    void addResourceDialog();
    void addMethodDialog();
    void renameDialog();
    void importDialog();
    void exportDialog();

Q_SIGNALS:
    // Status-bar text: what was done, or why not.
    void message(const QString &text);

private:
    void showSelection();
    void showMethod(const Gateway::RestApi &api, const Gateway::Resource &resource, const Gateway::Method &method);
    void showResource(const Gateway::RestApi &api, const Gateway::Resource &resource);
    void updateProblems();
    void updateActions();
    void applyMethodEdit(const Gateway::Method &edited, const QString &undoText, const QString &mergeKey);
    void applyMethodEditAt(const RouteSelection &at, const Gateway::Method &edited, const QString &undoText,
                           const QString &mergeKey);
    Status fail(const Status &status);
    void rememberTree();
    void restoreTree();
    QString servingStage(const Gateway::RestApi &api) const;
    QWidget *buildResourcePage();

    ApiWorkspace *m_workspace;
    ResourceTreeModel *m_model;
    QTreeView *m_tree;
    QToolButton *m_addResource;
    QToolButton *m_addMethod;
    QToolButton *m_rename;
    QToolButton *m_delete;
    QTabWidget *m_tabs;
    QLabel *m_heading;
    InvokeUrlBar *m_invoke;
    MethodExecutionView *m_diagram;
    QLabel *m_problems;
    QStackedWidget *m_pages;
    MethodRequestForm *m_methodRequest;
    IntegrationRequestForm *m_integrationRequest;
    IntegrationResponseForm *m_integrationResponse;
    MethodResponseForm *m_methodResponse;
    QLabel *m_resourceSummary;
    StagesPanel *m_stages;
    MockPageHost *m_mockHost;
    QString m_gatewayUrl;
    QString m_currentKey;
    QSet<QString> m_collapsed;
    bool m_restoring = false;
};

} // namespace Gatehouse::Ui
