// Thread affinity: GUI thread.
#pragma once

#include <QAbstractItemModel>
#include <QList>
#include <QString>

namespace Gatehouse::Ui {

class ApiWorkspace;

// The resource tree of every API in the workspace: an API, its resources as API Gateway nests
// them (the root "/" first), and under each resource its methods before its child resources.
// Resources can be dragged onto another resource of the same API; the model only asks for the
// move (moveRequested) and is rebuilt when the edit lands, like after any other edit.
class ResourceTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Kind { ApiNode = 1, ResourceNode, MethodNode };
    enum Role {
        KindRole = Qt::UserRole + 1,
        ApiIdRole,
        PathRole,          // the resource's path ("/books/{isbn}")
        MethodRole,        // GET, POST, ... on method nodes
        IntegrationRole,   // MOCK, HTTP, ... on method nodes
        KeyRole,           // "apiId path method", stable across rebuilds
    };
    static QString mimeType() { return QStringLiteral("application/x-gatehouse-resource"); }

    explicit ResourceTreeModel(ApiWorkspace *workspace, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    Qt::DropActions supportedDragActions() const override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    // The node of an API, a resource (empty method) or a method; invalid if absent.
    QModelIndex find(const QString &apiId, const QString &path = {}, const QString &method = {}) const;
    QModelIndex findKey(const QString &key) const;

Q_SIGNALS:
    void moveRequested(const QString &apiId, const QString &path, const QString &newParentPath);

private:
    struct Node
    {
        Kind kind;
        QString apiId;
        QString path;
        QString method;
        QString text;
        QString integration;
        QString tooltip;
        int parent = -1;
        int row = 0;
        QList<int> children;
    };
    void rebuild();
    int addNode(Node node);
    bool decodeDrag(const QMimeData *data, QString *apiId, QString *path) const;

    ApiWorkspace *m_workspace;
    QList<Node> m_nodes;
    QList<int> m_roots;
};

} // namespace Gatehouse::Ui
