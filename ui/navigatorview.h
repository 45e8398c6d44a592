// Thread affinity: GUI thread.
#pragma once

#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace Gatehouse::Tables {
class DynamoApi;
}
namespace Gatehouse::Project {
class Project;
}

namespace Gatehouse::Ui {

// The project tree: APIs with their operations (method badges, integration type), tables read
// through the DynamoDB API, and function files. Activating an entry asks for its view.
class NavigatorView : public QWidget
{
    Q_OBJECT
public:
    enum ItemKind { ProjectItem = 1, ApisGroup, ApiItem, OperationItem, TablesGroup, TableItem,
                    FunctionsGroup, FunctionItem, MetricsItem };
    enum Role { KindRole = Qt::UserRole + 1, PathRole, MethodRole };

    explicit NavigatorView(QWidget *parent = nullptr);

    void setProject(const Project::Project *project);
    void setTableApi(Tables::DynamoApi *api);
    QTreeWidget *tree() const { return m_tree; }
    QTreeWidgetItem *group(ItemKind kind) const;

public Q_SLOTS:
    void refreshTables();

Q_SIGNALS:
    void projectActivated();
    void fileActivated(const QString &path);
    // An operation: the route editor opens on it (`documentPath` names its API).
    void routeActivated(const QString &documentPath, const QString &path, const QString &httpMethod);
    void tableActivated(const QString &tableName);
    void metricsActivated();

private:
    void rebuild();
    void activate(QTreeWidgetItem *item);

    QTreeWidget *m_tree;
    const Project::Project *m_project = nullptr;
    Tables::DynamoApi *m_api = nullptr;
};

} // namespace Gatehouse::Ui
