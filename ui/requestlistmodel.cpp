#include <ui/inspector/requestfilter.h>
#include <ui/requestlistmodel.h>
#include <ui/theme.h>

#include <observe/recordhub.h>  // the RecordPtr metatype

#include <QGuiApplication>
#include <QPalette>

namespace Gatehouse::Ui {

RequestListModel::RequestListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int RequestListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int RequestListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RequestListModel::listenerText(const Observe::RequestRecord &r)
{
    const QString api = r.notes.value(QStringLiteral("api")).toString();
    const QString stage = r.notes.value(QStringLiteral("stage")).toString();
    if (!api.isEmpty())
        return stage.isEmpty() ? api : api + u'/' + stage;
    return r.listener;
}

QString RequestListModel::targetText(const Observe::RequestRecord &r)
{
    const QString operation = recordOperation(r);
    if (operation.isEmpty())
        return QString::fromUtf8(r.target);
    const QString table = r.notes.value(QStringLiteral("table")).toString();
    return table.isEmpty() ? operation : operation + u' ' + table;
}

QString RequestListModel::latencyText(qint64 us)
{
    if (us < 1000)
        return QStringLiteral("%1 µs").arg(us);
    if (us < 1000000)
        return QStringLiteral("%1 ms").arg(double(us) / 1000.0, 0, 'f', 2);
    return QStringLiteral("%1 s").arg(double(us) / 1e6, 0, 'f', 2);
}

QString RequestListModel::sizeText(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

QVariant RequestListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size())
        return {};
    const Observe::RequestRecord &r = *m_records.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return r.startedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case ListenerColumn:
            return listenerText(r);
        case MethodColumn:
            return QString::fromLatin1(r.method);
        case TargetColumn:
            return targetText(r);
        case StatusColumn:
            return r.status;
        case LatencyColumn:
            return latencyText(r.totalUs);
        case SizeColumn:
            return sizeText(r.responseBodySize);
        }
        break;
    case SortValueRole:
        switch (index.column()) {
        case TimeColumn:
            return r.startedAt;
        case LatencyColumn:
            return r.totalUs;
        case SizeColumn:
            return r.responseBodySize;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn || r.status >= 400)
            return statusColor(r.status);
        if (index.column() == MethodColumn)
            return methodColor(QString::fromLatin1(r.method));
        break;
    case Qt::BackgroundRole:
        // Wireshark's colouring rules, reduced to what matters here: failures stand out.
        if (r.status >= 400)
            return statusTint(r.status);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() >= StatusColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (index.column() == TargetColumn)
            return QString::fromUtf8(r.target);
        break;
    case RecordRole:
        return QVariant::fromValue(m_records.at(index.row()));
    }
    return {};
}

QColor RequestListModel::statusTint(int status)
{
    // The status colour blended lightly into the base, so text stays readable in both themes.
    const QColor base = QGuiApplication::palette().color(QPalette::Base);
    const QColor tint = statusColor(status);
    const double a = isDarkTheme() ? 0.16 : 0.13;
    return QColor::fromRgbF(float(base.redF() * (1 - a) + tint.redF() * a),
                            float(base.greenF() * (1 - a) + tint.greenF() * a),
                            float(base.blueF() * (1 - a) + tint.blueF() * a));
}

QVariant RequestListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case ListenerColumn: return tr("API / stage");
    case MethodColumn: return tr("Method");
    case TargetColumn: return tr("Path / operation");
    case StatusColumn: return tr("Status");
    case LatencyColumn: return tr("Latency");
    case SizeColumn: return tr("Size");
    }
    return {};
}

Observe::RecordPtr RequestListModel::record(int row) const
{
    return row >= 0 && row < m_records.size() ? m_records.at(row) : Observe::RecordPtr();
}

void RequestListModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    if (m_records.size() > m_capacity)
        trimFront(int(m_records.size()) - m_capacity);
}

void RequestListModel::appendRecords(const QList<Observe::RecordPtr> &batch)
{
    if (batch.isEmpty())
        return;
    m_totalReceived += batch.size();
    // Only the newest `capacity` records of an oversized batch can ever be shown.
    const qsizetype skip = qMax<qsizetype>(0, batch.size() - m_capacity);
    const qsizetype incoming = batch.size() - skip;
    const qsizetype overflow = m_records.size() + incoming - m_capacity;
    if (overflow > 0)
        trimFront(int(overflow));
    const int first = int(m_records.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    m_records.append(batch.mid(skip));
    endInsertRows();
}

void RequestListModel::trimFront(int count)
{
    count = qMin(count, int(m_records.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_records.remove(0, count);
    endRemoveRows();
}

void RequestListModel::clear()
{
    beginResetModel();
    m_records.clear();
    m_totalReceived = 0;
    endResetModel();
}

} // namespace Gatehouse::Ui
