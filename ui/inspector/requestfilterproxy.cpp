#include <ui/inspector/requestfilterproxy.h>
#include <ui/requestlistmodel.h>

#include <algorithm>

namespace Gatehouse::Ui {

RequestFilterProxy::RequestFilterProxy(QObject *parent)
    : QAbstractProxyModel(parent)
{
}

void RequestFilterProxy::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    if (QAbstractItemModel *old = sourceModel())
        disconnect(old, nullptr, this, nullptr);
    QAbstractProxyModel::setSourceModel(source);
    m_list = qobject_cast<const RequestListModel *>(source);
    if (source) {
        connect(source, &QAbstractItemModel::rowsInserted, this, &RequestFilterProxy::sourceRowsInserted);
        connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                &RequestFilterProxy::sourceRowsAboutToBeRemoved);
        connect(source, &QAbstractItemModel::rowsRemoved, this, &RequestFilterProxy::sourceRowsRemoved);
        connect(source, &QAbstractItemModel::dataChanged, this, &RequestFilterProxy::sourceDataChanged);
        connect(source, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
        connect(source, &QAbstractItemModel::modelReset, this, [this] {
            rebuild();
            endResetModel();
        });
        // Neither moves nor layout changes happen in a live list; treat them as a reset.
        connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] { beginResetModel(); });
        connect(source, &QAbstractItemModel::layoutChanged, this, [this] {
            rebuild();
            endResetModel();
        });
        connect(source, &QAbstractItemModel::headerDataChanged, this, &QAbstractItemModel::headerDataChanged);
    }
    rebuild();
    endResetModel();
}

void RequestFilterProxy::setFilter(const RequestFilter &filter)
{
    if (!filter.isValid())
        return;
    beginResetModel();
    m_filter = filter;
    rebuild();
    endResetModel();
}

bool RequestFilterProxy::accepts(int sourceRow) const
{
    if (m_filter.isEmpty())
        return true;
    if (m_list)
        return m_filter.matches(m_list->recordAt(sourceRow));
    const auto record = sourceModel()->index(sourceRow, 0).data(RequestListModel::RecordRole).value<Observe::RecordPtr>();
    return record && m_filter.matches(*record);
}

void RequestFilterProxy::rebuild()
{
    m_rows.clear();
    if (!sourceModel())
        return;
    const int count = sourceModel()->rowCount();
    m_rows.reserve(size_t(count));
    for (int row = 0; row < count; ++row) {
        if (accepts(row))
            m_rows.push_back(row);
    }
}

void RequestFilterProxy::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    const auto at = std::lower_bound(m_rows.begin(), m_rows.end(), first);
    for (auto it = at; it != m_rows.end(); ++it)
        *it += count;
    std::vector<int> accepted;
    for (int row = first; row <= last; ++row) {
        if (accepts(row))
            accepted.push_back(row);
    }
    if (accepted.empty())
        return;
    const int proxyFirst = int(at - m_rows.begin());
    beginInsertRows({}, proxyFirst, proxyFirst + int(accepted.size()) - 1);
    m_rows.insert(m_rows.begin() + proxyFirst, accepted.begin(), accepted.end());
    endInsertRows();
}

void RequestFilterProxy::sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const auto from = std::lower_bound(m_rows.begin(), m_rows.end(), first);
    const auto to = std::upper_bound(from, m_rows.end(), last);
    m_removing = from != to;
    if (m_removing)
        beginRemoveRows({}, int(from - m_rows.begin()), int(to - m_rows.begin()) - 1);
}

void RequestFilterProxy::sourceRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    const auto from = std::lower_bound(m_rows.begin(), m_rows.end(), first);
    const auto to = std::upper_bound(from, m_rows.end(), last);
    const auto rest = m_rows.erase(from, to);
    for (auto it = rest; it != m_rows.end(); ++it)
        *it -= count;
    if (m_removing)
        endRemoveRows();
    m_removing = false;
}

void RequestFilterProxy::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                           const QList<int> &roles)
{
    // Records are immutable, so the filter's verdict holds; forward what is visible.
    const auto from = std::lower_bound(m_rows.begin(), m_rows.end(), topLeft.row());
    const auto to = std::upper_bound(from, m_rows.end(), bottomRight.row());
    if (from == to)
        return;
    Q_EMIT dataChanged(index(int(from - m_rows.begin()), topLeft.column()),
                       index(int(to - m_rows.begin()) - 1, bottomRight.column()), roles);
}

int RequestFilterProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestFilterProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

QModelIndex RequestFilterProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= int(m_rows.size()) || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex RequestFilterProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex RequestFilterProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel() || proxyIndex.row() >= int(m_rows.size()))
        return {};
    return sourceModel()->index(m_rows[size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex RequestFilterProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel())
        return {};
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), sourceIndex.row());
    if (it == m_rows.end() || *it != sourceIndex.row())
        return {};
    return createIndex(int(it - m_rows.begin()), sourceIndex.column());
}

QVariant RequestFilterProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && sourceModel())
        return sourceModel()->headerData(section, orientation, role);
    return QAbstractProxyModel::headerData(section, orientation, role);
}

} // namespace Gatehouse::Ui
