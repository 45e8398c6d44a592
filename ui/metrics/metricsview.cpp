#include <ui/metrics/kpitile.h>
#include <ui/metrics/metricschart.h>
#include <ui/metrics/metricsroutemodel.h>
#include <ui/metrics/metricsview.h>
#include <ui/theme.h>

#include <QButtonGroup>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

using Observe::MetricsAggregator;
using Observe::MetricsKey;
using Observe::MetricsSeries;
using Observe::MetricsStats;
using Observe::MetricsWindow;

namespace {

const QColor RequestsColor(0x2e, 0x86, 0xde);
const QColor P50Color(0x17, 0xa2, 0xb8);
const QColor P99Color(0x8e, 0x6c, 0xc9);

QStringList encode(const MetricsKey &key)
{
    return {key.api, key.stage, key.route};
}

MetricsKey decode(const QVariant &data)
{
    const QStringList parts = data.toStringList();
    if (parts.size() != 3)
        return {};
    return {parts.at(0), parts.at(1), parts.at(2)};
}

QString rateText(double perSecond)
{
    return QString::number(perSecond, 'f', perSecond < 10 && perSecond != std::floor(perSecond) ? 1 : 0);
}

QString percentOf(quint64 part, quint64 whole)
{
    if (whole == 0)
        return MetricsView::tr("no requests");
    return MetricsView::tr("%1 % of requests").arg(100.0 * double(part) / double(whole), 0, 'f', part * 1000 < whole ? 2 : 1);
}

QString windowName(MetricsWindow window)
{
    switch (window) {
    case MetricsWindow::FiveMinutes:
        return MetricsView::tr("last 5 minutes");
    case MetricsWindow::FifteenMinutes:
        return MetricsView::tr("last 15 minutes");
    case MetricsWindow::SixtyMinutes:
        break;
    }
    return MetricsView::tr("last 60 minutes");
}

} // namespace

MetricsView::MetricsView(MetricsAggregator::Clock clock, QWidget *parent)
    : QWidget(parent)
    , m_aggregator(std::make_unique<MetricsAggregator>(std::move(clock)))
    , m_scopeCombo(new QComboBox(this))
    , m_windowButtons(new QButtonGroup(this))
    , m_updated(new QLabel(this))
    , m_model(new MetricsRouteModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_empty(new QLabel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("metrics"));

    // Selector row: what to show, and over which window.
    m_scopeCombo->setObjectName(QStringLiteral("metricsScope"));
    m_scopeCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_scopeCombo->setMinimumContentsLength(28);
    m_scopeCombo->addItem(MetricsKey::all().displayName(), encode(MetricsKey::all()));
    connect(m_scopeCombo, &QComboBox::activated, this,
            [this](int index) { setScope(decode(m_scopeCombo->itemData(index))); });
    auto *top = new QHBoxLayout;
    top->setSpacing(6);
    auto *showLabel = new QLabel(tr("Show"), this);
    top->addWidget(showLabel);
    top->addWidget(m_scopeCombo);
    top->addSpacing(12);
    const struct
    {
        MetricsWindow window;
        QString text;
    } windows[] = {{MetricsWindow::FiveMinutes, tr("5 min")},
                   {MetricsWindow::FifteenMinutes, tr("15 min")},
                   {MetricsWindow::SixtyMinutes, tr("60 min")}};
    for (const auto &w : windows) {
        auto *button = new QToolButton(this);
        button->setText(w.text);
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setObjectName(QStringLiteral("window%1").arg(MetricsAggregator::windowSeconds(w.window) / 60));
        button->setToolTip(tr("Show the %1").arg(windowName(w.window)));
        m_windowButtons->addButton(button, int(w.window));
        top->addWidget(button);
    }
    m_windowButtons->button(int(m_window))->setChecked(true);
    connect(m_windowButtons, &QButtonGroup::idClicked, this, [this](int id) { setWindow(MetricsWindow(id)); });
    top->addStretch(1);
    m_updated->setObjectName(QStringLiteral("metricsUpdated"));
    m_updated->setForegroundRole(QPalette::PlaceholderText);
    top->addWidget(m_updated);

    // Headline numbers for the selection over the window.
    const QString captions[KpiCount] = {tr("Requests"), tr("Requests/s"), tr("4XX errors"), tr("5XX errors"),
                                        tr("Latency p50"), tr("Latency p99"), tr("Integration p50")};
    auto *tiles = new QHBoxLayout;
    tiles->setSpacing(8);
    for (int i = 0; i < KpiCount; ++i) {
        m_tiles[i] = new KpiTile(captions[i], this);
        m_tiles[i]->setObjectName(QStringLiteral("kpi%1").arg(i));
        tiles->addWidget(m_tiles[i]);
    }

    m_charts[RequestsChart] = new MetricsChart(tr("Requests per second"), this);
    m_charts[RequestsChart]->addSeries(tr("Requests/s"), RequestsColor, true);
    m_charts[LatencyChart] = new MetricsChart(tr("Latency (ms)"), this);
    m_charts[LatencyChart]->addSeries(tr("p50"), P50Color);
    m_charts[LatencyChart]->addSeries(tr("p99"), P99Color);
    m_charts[ErrorsChart] = new MetricsChart(tr("Errors per second"), this);
    m_charts[ErrorsChart]->addSeries(tr("4XX"), statusColor(400));
    m_charts[ErrorsChart]->addSeries(tr("5XX"), statusColor(500));
    auto *chartsBox = new QWidget(this);
    auto *charts = new QHBoxLayout(chartsBox);
    charts->setContentsMargins(0, 0, 0, 0);
    charts->setSpacing(8);
    for (MetricsChart *chart : m_charts) {
        chart->setObjectName(QStringLiteral("metricsChart"));
        charts->addWidget(chart, 1);
    }

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(MetricsRouteModel::SortRole);
    m_table->setObjectName(QStringLiteral("metricsRoutes"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(MetricsRouteModel::ApiColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setHighlightSections(false);
    // Numbers fit their text (which grows in presentation mode); the route takes the rest.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(MetricsRouteModel::RouteColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(64);
    m_table->setToolTip(tr("Double-click a route to chart it"));
    connect(m_table, &QTableView::activated, this, &MetricsView::activateRow);
    m_empty->setObjectName(QStringLiteral("metricsEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    auto *tableBox = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(4);
    auto *routesTitle = new QLabel(tr("<b>Routes</b>"), tableBox);
    tableLayout->addWidget(routesTitle);
    tableLayout->addWidget(m_table, 1);
    tableLayout->addWidget(m_empty);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(chartsBox);
    splitter->addWidget(tableBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(10);
    layout->addLayout(top);
    layout->addLayout(tiles);
    layout->addWidget(splitter, 1);

    m_timer->setInterval(RefreshIntervalMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    m_timer->start();
    refresh();
}

MetricsView::~MetricsView() = default;

void MetricsView::appendRecords(const QList<Observe::RecordPtr> &batch)
{
    m_aggregator->add(batch);
}

void MetricsView::setScope(const MetricsKey &scope)
{
    m_scope = scope;
    if (!scope.isRoute())
        m_table->clearSelection();
    refresh();
}

void MetricsView::setWindow(MetricsWindow window)
{
    m_window = window;
    if (QAbstractButton *button = m_windowButtons->button(int(window)))
        button->setChecked(true);
    refresh();
}

QString MetricsView::kpiText(Kpi kpi) const
{
    return m_tiles[kpi]->value();
}

void MetricsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Compact rows that still follow the font (presentation mode makes it larger).
    if (event->type() == QEvent::FontChange)
        m_table->verticalHeader()->setDefaultSectionSize(QFontMetrics(font()).height() + 8);
}

void MetricsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void MetricsView::refresh()
{
    rebuildScopes();
    const MetricsStats stats = m_aggregator->stats(m_scope, m_window);
    const MetricsSeries series = m_aggregator->series(m_scope, m_window);
    updateTiles(stats, series);
    updateCharts(series);
    // The table lists the routes of the API in view (all routes when showing everything).
    const MetricsKey tableScope = m_scope.isAll() ? MetricsKey::all() : m_scope.apiKey();
    m_model->setRows(m_aggregator->routeStats(m_window, tableScope));
    m_empty->setText(tr("No requests in the %1. Requests to the gateway and the tables appear here as they "
                        "arrive.")
                         .arg(windowName(m_window)));
    m_empty->setVisible(m_model->rowCount() == 0);
    if (m_scope.isRoute()) {
        const int row = m_model->rowOf(m_scope);
        const QModelIndex current = m_table->selectionModel()->currentIndex();
        if (row >= 0 && (!current.isValid() || m_proxy->mapToSource(current).row() != row))
            m_table->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
    }
    m_updated->setText(tr("Live · %1 · updated %2")
                           .arg(windowName(m_window),
                                QDateTime::fromMSecsSinceEpoch(m_aggregator->nowMs()).toString(QStringLiteral("HH:mm:ss"))));
}

void MetricsView::rebuildScopes()
{
    QList<MetricsKey> keys = m_aggregator->keys();
    if (!m_scope.isAll() && !keys.contains(m_scope))
        keys.append(m_scope);   // still selectable after its traffic aged out
    if (keys != m_knownKeys) {
        m_knownKeys = keys;
        m_scopeCombo->clear();
        m_scopeCombo->addItem(MetricsKey::all().displayName(), encode(MetricsKey::all()));
        for (const MetricsKey &key : std::as_const(keys)) {
            if (key.isApi()) {
                m_scopeCombo->addItem(key.displayName(), encode(key));
                QFont bold;   // only the weight: the size follows the combo's font
                bold.setBold(true);
                m_scopeCombo->setItemData(m_scopeCombo->count() - 1, bold, Qt::FontRole);
            } else {
                m_scopeCombo->addItem(key.displayName(), encode(key));
            }
        }
    }
    const int index = m_scopeCombo->findData(encode(m_scope));
    if (index >= 0 && index != m_scopeCombo->currentIndex())
        m_scopeCombo->setCurrentIndex(index);
}

void MetricsView::updateTiles(const MetricsStats &stats, const MetricsSeries &series)
{
    const QString window = windowName(m_window);
    const QLocale locale;
    m_tiles[RequestsKpi]->setValue(locale.toString(stats.count), window);
    double rate = 0;
    if (!series.points.isEmpty())
        rate = double(series.points.constLast().count) / series.slotSeconds;
    m_tiles[RateKpi]->setValue(rateText(rate), series.slotSeconds == 1 ? tr("last second") : tr("last 10 seconds"));
    m_tiles[ClientErrorsKpi]->setValue(locale.toString(stats.clientErrors), percentOf(stats.clientErrors, stats.count),
                                       stats.clientErrors ? statusColor(400) : QColor());
    m_tiles[ServerErrorsKpi]->setValue(locale.toString(stats.serverErrors), percentOf(stats.serverErrors, stats.count),
                                       stats.serverErrors ? statusColor(500) : QColor());
    m_tiles[P50Kpi]->setValue(MetricsRouteModel::formatLatency(stats.latency.p50Us),
                              stats.count ? tr("p90 %1").arg(MetricsRouteModel::formatLatency(stats.latency.p90Us))
                                          : QString());
    m_tiles[P99Kpi]->setValue(MetricsRouteModel::formatLatency(stats.latency.p99Us),
                              stats.count ? tr("99 % are faster") : QString());
    m_tiles[IntegrationKpi]->setValue(MetricsRouteModel::formatLatency(stats.integration.p50Us),
                                      stats.integrationCount
                                          ? tr("%1 calls").arg(locale.toString(stats.integrationCount))
                                          : tr("no integration calls"));
}

void MetricsView::updateCharts(const MetricsSeries &series)
{
    const double slot = series.slotSeconds;
    QList<QPointF> requests, p50, p99, clientErrors, serverErrors;
    requests.reserve(series.points.size());
    clientErrors.reserve(series.points.size());
    serverErrors.reserve(series.points.size());
    for (const Observe::MetricsPoint &point : series.points) {
        const double x = double(point.startMs);
        requests.append({x, point.count / slot});
        clientErrors.append({x, point.clientErrors / slot});
        serverErrors.append({x, point.serverErrors / slot});
        // A slot without requests has no latency: the line skips it rather than dropping to 0.
        if (point.p50Us >= 0) {
            p50.append({x, point.p50Us / 1000.0});
            p99.append({x, point.p99Us / 1000.0});
        }
    }
    const qint64 slotMs = qint64(series.slotSeconds) * 1000;
    const qint64 start = series.points.isEmpty() ? m_aggregator->nowMs() : series.points.constFirst().startMs;
    const qint64 end = series.points.isEmpty() ? start : series.points.constLast().startMs + slotMs;
    const QString format = m_window == MetricsWindow::FiveMinutes ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
    m_charts[RequestsChart]->setData({requests}, start, end, format, 1.0);
    m_charts[LatencyChart]->setData({p50, p99}, start, end, format, 1.0);
    m_charts[ErrorsChart]->setData({clientErrors, serverErrors}, start, end, format, 1.0);
}

void MetricsView::activateRow(const QModelIndex &index)
{
    const MetricsKey key = m_model->key(m_proxy->mapToSource(index).row());
    if (key.isRoute())
        setScope(key);
}

} // namespace Gatehouse::Ui
