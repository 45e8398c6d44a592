// Thread affinity: GUI thread.
#pragma once

#include <observe/metricsaggregator.h>

#include <QAbstractTableModel>
#include <QHash>

namespace Gatehouse::Ui {

// One row per route with its totals over the dashboard's window. Rows keep their identity
// across refreshes (a route that appears is inserted, one that leaves the window is removed,
// the rest change in place), so a selection survives the once-a-second updates. SortRole gives
// raw numbers for sorting; missing percentiles sort first.
class MetricsRouteModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ApiColumn, StageColumn, RouteColumn, CountColumn, ClientErrorColumn, ServerErrorColumn,
                  P50Column, P90Column, P99Column, IntegrationP50Column, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit MetricsRouteModel(QObject *parent = nullptr);

    void setRows(const QList<QPair<Observe::MetricsKey, Observe::MetricsStats>> &rows);
    Observe::MetricsKey key(int row) const;
    Observe::MetricsStats stats(int row) const;
    int rowOf(const Observe::MetricsKey &key) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "850 µs", "12 ms", "1.2 s"; "—" for no samples.
    static QString formatLatency(qint64 micros);

private:
    struct Row
    {
        Observe::MetricsKey key;
        Observe::MetricsStats stats;
    };
    void reindex();

    QList<Row> m_rows;
    QHash<Observe::MetricsKey, int> m_index;
};

} // namespace Gatehouse::Ui
