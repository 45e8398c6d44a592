#include <ui/metrics/metricsroutemodel.h>
#include <ui/theme.h>

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>
#include <QSet>

namespace Gatehouse::Ui {

using Observe::MetricsKey;
using Observe::MetricsStats;

MetricsRouteModel::MetricsRouteModel(QObject *parent) : QAbstractTableModel(parent) {}

QString MetricsRouteModel::formatLatency(qint64 micros)
{
    if (micros < 0)
        return QStringLiteral("—");
    if (micros < 1000)
        return QStringLiteral("%1 µs").arg(micros);
    if (micros < 1000000) {
        const double ms = double(micros) / 1000.0;
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', ms < 10 ? 2 : (ms < 100 ? 1 : 0));
    }
    const double s = double(micros) / 1e6;
    return QStringLiteral("%1 s").arg(s, 0, 'f', s < 10 ? 2 : 1);
}

void MetricsRouteModel::setRows(const QList<QPair<MetricsKey, MetricsStats>> &rows)
{
    QSet<MetricsKey> incoming;
    for (const auto &row : rows)
        incoming.insert(row.first);
    // Removals first, from the end so the rows before keep their numbers; contiguous runs go
    // in one call.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (incoming.contains(m_rows.at(row).key)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !incoming.contains(m_rows.at(first - 1).key))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    reindex();
    QList<Row> added;
    for (const auto &row : rows) {
        const auto it = m_index.constFind(row.first);
        if (it == m_index.constEnd())
            added.append({row.first, row.second});
        else
            m_rows[*it].stats = row.second;
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
        reindex();
    }
}

void MetricsRouteModel::reindex()
{
    m_index.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_index.insert(m_rows.at(i).key, i);
}

MetricsKey MetricsRouteModel::key(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).key : MetricsKey();
}

MetricsStats MetricsRouteModel::stats(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).stats : MetricsStats();
}

int MetricsRouteModel::rowOf(const MetricsKey &key) const
{
    return m_index.value(key, -1);
}

int MetricsRouteModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MetricsRouteModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricsRouteModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const MetricsStats &s = row.stats;
    const int column = index.column();
    if (role == Qt::DisplayRole) {
        switch (column) {
        case ApiColumn:
            return row.key.api;
        case StageColumn:
            return row.key.stage.isEmpty() ? QStringLiteral("—") : row.key.stage;
        case RouteColumn:
            return row.key.route;
        case CountColumn:
            return QLocale().toString(s.count);
        case ClientErrorColumn:
            return QLocale().toString(s.clientErrors);
        case ServerErrorColumn:
            return QLocale().toString(s.serverErrors);
        case P50Column:
            return formatLatency(s.latency.p50Us);
        case P90Column:
            return formatLatency(s.latency.p90Us);
        case P99Column:
            return formatLatency(s.latency.p99Us);
        case IntegrationP50Column:
            return formatLatency(s.integration.p50Us);
        }
        return {};
    }
    if (role == SortRole) {
        switch (column) {
        case ApiColumn:
        case StageColumn:
        case RouteColumn:
            // Routes stay grouped under their API whichever of the three columns sorts.
            return QString(row.key.api + u'\x1f' + row.key.stage + u'\x1f' + row.key.route);
        case CountColumn:
            return s.count;
        case ClientErrorColumn:
            return s.clientErrors;
        case ServerErrorColumn:
            return s.serverErrors;
        case P50Column:
            return s.latency.p50Us;
        case P90Column:
            return s.latency.p90Us;
        case P99Column:
            return s.latency.p99Us;
        case IntegrationP50Column:
            return s.integration.p50Us;
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return column >= CountColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                     : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole) {
        if (column == ClientErrorColumn && s.clientErrors > 0)
            return statusColor(400);
        if (column == ServerErrorColumn && s.serverErrors > 0)
            return statusColor(500);
        if ((column == StageColumn && row.key.stage.isEmpty())
            || (column == IntegrationP50Column && s.integration.p50Us < 0))
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (column == IntegrationP50Column)
            return tr("Median time in the integration (%1 of %2 requests had one)")
                .arg(s.integrationCount).arg(s.count);
        return row.key.displayName();
    }
    return {};
}

QVariant MetricsRouteModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section >= CountColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case P50Column:
        case P90Column:
        case P99Column:
            return tr("Latency percentile from the first byte read to the last byte written, "
                      "to two significant digits");
        case IntegrationP50Column:
            return tr("Median duration of the integration stage (the backend call)");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ApiColumn:
        return tr("API");
    case StageColumn:
        return tr("Stage");
    case RouteColumn:
        return tr("Route");
    case CountColumn:
        return tr("Requests");
    case ClientErrorColumn:
        return tr("4XX");
    case ServerErrorColumn:
        return tr("5XX");
    case P50Column:
        return tr("p50");
    case P90Column:
        return tr("p90");
    case P99Column:
        return tr("p99");
    case IntegrationP50Column:
        return tr("Integration p50");
    }
    return {};
}

} // namespace Gatehouse::Ui
