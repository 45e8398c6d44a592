// Thread affinity: GUI thread.
#pragma once

#include <observe/requestrecord.h>

#include <QAbstractTableModel>
#include <QColor>
#include <QList>

namespace Gatehouse::Ui {

// The inspector's live list of finished exchanges. Records arrive in batches (one
// beginInsertRows per batch), the oldest fall off past capacity(), and the text of a cell is
// built only when a view asks for it, so 20k records/s cost a pointer copy each.
class RequestListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, ListenerColumn, MethodColumn, TargetColumn, StatusColumn,
                  LatencyColumn, SizeColumn, ColumnCount };
    enum Role { RecordRole = Qt::UserRole + 1, SortValueRole };
    static constexpr int DefaultCapacity = 100000;

    explicit RequestListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    Observe::RecordPtr record(int row) const;
    // REQUIRES: 0 <= row < rowCount(). No reference count traffic: for filtering passes.
    const Observe::RequestRecord &recordAt(int row) const { return *m_records.at(row); }
    int capacity() const { return m_capacity; }
    void setCapacity(int capacity);
    // Records received since the last clear(), including those that fell off.
    qint64 totalReceived() const { return m_totalReceived; }

    // Text helpers shared with the detail pane.
    static QString listenerText(const Observe::RequestRecord &record);
    static QString targetText(const Observe::RequestRecord &record);
    static QString latencyText(qint64 micros);
    static QString sizeText(qint64 bytes);
    // The row background of a failed exchange, tuned for the current theme.
    static QColor statusTint(int status);

public Q_SLOTS:
    void appendRecords(const QList<Gatehouse::Observe::RecordPtr> &batch);
    void clear();

private:
    void trimFront(int count);

    QList<Observe::RecordPtr> m_records;
    int m_capacity = DefaultCapacity;
    qint64 m_totalReceived = 0;
};

} // namespace Gatehouse::Ui
