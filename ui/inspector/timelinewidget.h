// Thread affinity: GUI thread.
#pragma once

#include <observe/requestrecord.h>

#include <QWidget>

namespace Gatehouse::Ui {

// The pipeline of one exchange drawn to scale: an axis in microseconds over the whole
// exchange, then one row per stage with its bar at its start offset and its duration beside it.
class TimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineWidget(QWidget *parent = nullptr);

    void setRecord(const Observe::RecordPtr &record);
    Observe::RecordPtr record() const { return m_record; }

    // "methodRequest" -> "method request": stage names as people read them.
    static QString stageLabel(const QString &name);
    // The axis end: the exchange's total, or the last stage's end if that is later.
    static qint64 spanUs(const Observe::RequestRecord &record);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int rowHeight() const;

    Observe::RecordPtr m_record;
};

} // namespace Gatehouse::Ui
