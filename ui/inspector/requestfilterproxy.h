// Thread affinity: GUI thread.
#pragma once

#include <ui/inspector/requestfilter.h>

#include <QAbstractProxyModel>

#include <vector>

namespace Gatehouse::Ui {

class RequestListModel;

// The inspector list seen through the display filter: the sorted source rows that pass, kept
// in one vector. A batch of new records costs one filter call per record and one
// beginInsertRows; the oldest records falling off cost one beginRemoveRows; a new filter is one
// pass and a reset. (QSortFilterProxyModel re-filters in as many removals as there are gaps,
// which on 100k interleaved rows takes seconds.)
class RequestFilterProxy : public QAbstractProxyModel
{
    Q_OBJECT
public:
    explicit RequestFilterProxy(QObject *parent = nullptr);

    // REQUIRES: a flat list model; RequestListModel is read directly, others via RecordRole.
    void setSourceModel(QAbstractItemModel *source) override;

    // An invalid filter is ignored: the list keeps showing what the last valid one selected.
    void setFilter(const RequestFilter &filter);
    const RequestFilter &filter() const { return m_filter; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    bool accepts(int sourceRow) const;
    void rebuild();
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void sourceRowsRemoved(const QModelIndex &parent, int first, int last);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);

    RequestFilter m_filter;
    const RequestListModel *m_list = nullptr;
    std::vector<int> m_rows;   // accepted source rows, ascending
    bool m_removing = false;
};

} // namespace Gatehouse::Ui
