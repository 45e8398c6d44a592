// Thread affinity: GUI thread.
#pragma once

#include <observe/metricsaggregator.h>

#include <QWidget>

#include <memory>

class QButtonGroup;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace Gatehouse::Ui {

class KpiTile;
class MetricsChart;
class MetricsRouteModel;

// The metrics dashboard: requests/s, p50 and p99 latency, 4XX and 5XX per second over the last
// 5, 15 or 60 minutes, for all requests, one API stage or one route, above a table of every
// route's totals. It owns the aggregator the record batches feed (cheap per record); the
// charts and the table are rebuilt from it once a second while the view is shown.
class MetricsView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int RefreshIntervalMs = 1000;
    enum Kpi { RequestsKpi, RateKpi, ClientErrorsKpi, ServerErrorsKpi, P50Kpi, P99Kpi, IntegrationKpi, KpiCount };
    enum Chart { RequestsChart, LatencyChart, ErrorsChart, ChartCount };

    // A null clock reads the system clock (tests pass their own).
    explicit MetricsView(Observe::MetricsAggregator::Clock clock = {}, QWidget *parent = nullptr);
    ~MetricsView() override;

    Observe::MetricsAggregator *aggregator() const { return m_aggregator.get(); }

    Observe::MetricsKey scope() const { return m_scope; }
    void setScope(const Observe::MetricsKey &scope);
    Observe::MetricsWindow window() const { return m_window; }
    void setWindow(Observe::MetricsWindow window);

    MetricsRouteModel *routeModel() const { return m_model; }
    QTableView *routeTable() const { return m_table; }
    QComboBox *scopeCombo() const { return m_scopeCombo; }
    MetricsChart *chart(Chart chart) const { return m_charts[chart]; }
    QString kpiText(Kpi kpi) const;

public Q_SLOTS:
    void appendRecords(const QList<Gatehouse::Observe::RecordPtr> &batch);
    // Rebuilds the selector, the tiles, the charts and the table now.
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuildScopes();
    void updateTiles(const Observe::MetricsStats &stats, const Observe::MetricsSeries &series);
    void updateCharts(const Observe::MetricsSeries &series);
    void activateRow(const QModelIndex &index);

    std::unique_ptr<Observe::MetricsAggregator> m_aggregator;
    Observe::MetricsKey m_scope;
    Observe::MetricsWindow m_window = Observe::MetricsWindow::FiveMinutes;
    QList<Observe::MetricsKey> m_knownKeys;

    QComboBox *m_scopeCombo;
    QButtonGroup *m_windowButtons;
    QLabel *m_updated;
    KpiTile *m_tiles[KpiCount];
    MetricsChart *m_charts[ChartCount];
    MetricsRouteModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLabel *m_empty;
    QTimer *m_timer;
};

} // namespace Gatehouse::Ui
