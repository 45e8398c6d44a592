#include <ui/routes/apiworkspace.h>
#include <ui/routes/resourcetreemodel.h>
#include <ui/routes/routeedits.h>

#include <gateway/model.h>

#include <QMimeData>
#include <QTimer>

#include <algorithm>

namespace Gatehouse::Ui {

ResourceTreeModel::ResourceTreeModel(ApiWorkspace *workspace, QObject *parent)
    : QAbstractItemModel(parent)
    , m_workspace(workspace)
{
    connect(workspace, &ApiWorkspace::apiChanged, this, &ResourceTreeModel::rebuild);
    connect(workspace, &ApiWorkspace::apisReset, this, &ResourceTreeModel::rebuild);
    rebuild();
}

int ResourceTreeModel::addNode(Node node)
{
    const int id = int(m_nodes.size());
    if (node.parent >= 0) {
        node.row = int(m_nodes[node.parent].children.size());
        m_nodes[node.parent].children.append(id);
    } else {
        node.row = int(m_roots.size());
        m_roots.append(id);
    }
    m_nodes.append(std::move(node));
    return id;
}

void ResourceTreeModel::rebuild()
{
    beginResetModel();
    m_nodes.clear();
    m_roots.clear();
    for (const QString &apiId : m_workspace->apiIds()) {
        const auto api = m_workspace->api(apiId);
        Node apiNode{ApiNode, apiId, {}, {}, api->name.isEmpty() ? apiId : api->name, {}, {}, -1, 0, {}};
        apiNode.tooltip = tr("%1 (id %2)").arg(apiNode.text, apiId);
        const int apiIndex = addNode(apiNode);
        std::function<void(const Gateway::Resource &, int)> addResource = [&](const Gateway::Resource &r, int parent) {
            Node node{ResourceNode, apiId, r.path, {}, r.isRoot() ? QStringLiteral("/") : r.pathPart, {}, r.path, parent, 0, {}};
            const int id = addNode(node);
            for (const Gateway::Method &m : r.methods) {
                Node method{MethodNode, apiId, r.path, m.httpMethod, m.httpMethod, {}, {}, id, 0, {}};
                method.integration = m.integration ? Gateway::integrationTypeName(m.integration->type) : tr("none");
                method.tooltip = m.summary.isEmpty() ? m.httpMethod + u' ' + r.path : m.summary;
                addNode(method);
            }
            QList<const Gateway::Resource *> children = api->children(r.id);
            std::sort(children.begin(), children.end(), [](const Gateway::Resource *a, const Gateway::Resource *b) {
                return a->pathPart < b->pathPart;
            });
            for (const Gateway::Resource *child : children)
                addResource(*child, id);
        };
        if (const Gateway::Resource *root = api->root())
            addResource(*root, apiIndex);
    }
    endResetModel();
}

QModelIndex ResourceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const QList<int> &siblings = parent.isValid() ? m_nodes.at(int(parent.internalId())).children : m_roots;
    if (row >= siblings.size())
        return {};
    return createIndex(row, column, quintptr(siblings.at(row)));
}

QModelIndex ResourceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parent = m_nodes.at(int(child.internalId())).parent;
    if (parent < 0)
        return {};
    return createIndex(m_nodes.at(parent).row, 0, quintptr(parent));
}

int ResourceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(parent.isValid() ? m_nodes.at(int(parent.internalId())).children.size() : m_roots.size());
}

int ResourceTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant ResourceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node &node = m_nodes.at(int(index.internalId()));
    switch (role) {
    case Qt::DisplayRole:
        return node.text;
    case Qt::ToolTipRole:
        return node.tooltip;
    case KindRole:
        return int(node.kind);
    case ApiIdRole:
        return node.apiId;
    case PathRole:
        return node.path;
    case MethodRole:
        return node.method;
    case IntegrationRole:
        return node.integration;
    case KeyRole:
        return QString(node.apiId + u' ' + node.path + u' ' + node.method);
    default:
        return {};
    }
}

Qt::ItemFlags ResourceTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Node &node = m_nodes.at(int(index.internalId()));
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (node.kind == ResourceNode) {
        f |= Qt::ItemIsDropEnabled;
        if (node.path != QLatin1String("/"))
            f |= Qt::ItemIsDragEnabled;
    }
    return f;
}

Qt::DropActions ResourceTreeModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions ResourceTreeModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList ResourceTreeModel::mimeTypes() const
{
    return {mimeType()};
}

QMimeData *ResourceTreeModel::mimeData(const QModelIndexList &indexes) const
{
    for (const QModelIndex &index : indexes) {
        if (index.data(KindRole).toInt() != ResourceNode)
            continue;
        auto *data = new QMimeData;
        data->setData(mimeType(), (index.data(ApiIdRole).toString() + u'\n' + index.data(PathRole).toString()).toUtf8());
        return data;
    }
    return nullptr;
}

bool ResourceTreeModel::decodeDrag(const QMimeData *data, QString *apiId, QString *path) const
{
    if (!data || !data->hasFormat(mimeType()))
        return false;
    const QStringList parts = QString::fromUtf8(data->data(mimeType())).split(u'\n');
    if (parts.size() != 2)
        return false;
    *apiId = parts.at(0);
    *path = parts.at(1);
    return true;
}

bool ResourceTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                        const QModelIndex &parent) const
{
    QString apiId, path;
    if (action != Qt::MoveAction || !decodeDrag(data, &apiId, &path) || !parent.isValid())
        return false;
    if (parent.data(KindRole).toInt() != ResourceNode || parent.data(ApiIdRole).toString() != apiId)
        return false;
    const QString target = parent.data(PathRole).toString();
    if (target == path || target.startsWith(path + u'/') || RouteEdits::parentPath(path) == target)
        return false;
    return true;
}

bool ResourceTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                     const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    QString apiId, path;
    decodeDrag(data, &apiId, &path);
    const QString target = parent.data(PathRole).toString();
    // The edit resets this model: not while the view is still inside its drop handling.
    QTimer::singleShot(0, this, [this, apiId, path, target] { Q_EMIT moveRequested(apiId, path, target); });
    // false: the view must not remove the dragged rows itself.
    return false;
}

QModelIndex ResourceTreeModel::find(const QString &apiId, const QString &path, const QString &method) const
{
    return findKey(apiId + u' ' + path + u' ' + method);
}

QModelIndex ResourceTreeModel::findKey(const QString &key) const
{
    for (int i = 0; i < m_nodes.size(); ++i) {
        const Node &n = m_nodes.at(i);
        if (n.apiId + u' ' + n.path + u' ' + n.method == key)
            return createIndex(n.row, 0, quintptr(i));
    }
    return {};
}

} // namespace Gatehouse::Ui
