// Thread affinity: GUI thread.
#pragma once

#include <observe/requestrecord.h>

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableView;
class QToolButton;

namespace Gatehouse::Ui {

class RequestListModel;

// The live request inspector: the list of finished exchanges (Wireshark style: auto-scroll
// only while the user sits at the bottom, pause and clear) and a detail pane for the selected
// exchange. The filter bar, timeline and replay of the console issue grow here.
class RequestInspectorView : public QWidget
{
    Q_OBJECT
public:
    explicit RequestInspectorView(QWidget *parent = nullptr);

    RequestListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QPlainTextEdit *details() const { return m_details; }
    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    void selectRow(int row);

public Q_SLOTS:
    // Batches arrive from RecordHub::recordsPublished; held back while paused.
    void appendRecords(const QList<Gatehouse::Observe::RecordPtr> &batch);
    void clear();

private:
    void updateCount();
    void showDetails();

    RequestListModel *m_model;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    QLabel *m_count;
    QToolButton *m_pause;
    QList<Observe::RecordPtr> m_held;
    bool m_paused = false;
    bool m_stickToBottom = true;
};

} // namespace Gatehouse::Ui
