// Thread affinity: GUI thread.
#pragma once

#include <ui/inspector/recordexport.h>
#include <ui/inspector/requestfilter.h>

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;
class QTimer;
class QToolButton;

namespace Gatehouse::Ui {

class RecordDetailsPane;
class Replayer;
class RequestFilterProxy;
class RequestListModel;

// The live request inspector: the list of finished exchanges (Wireshark style: auto-scroll
// only while the user sits at the bottom, pause and clear), a display filter bar validated as
// the user types, a detail pane for the selected exchange, and the actions on captured
// requests: replay, edit and resend, copy as curl, export HAR, save the response as a mock.
class RequestInspectorView : public QWidget
{
    Q_OBJECT
public:
    explicit RequestInspectorView(QWidget *parent = nullptr);

    RequestListModel *model() const { return m_model; }
    RequestFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    RecordDetailsPane *detailsPane() const { return m_detailsPane; }
    QPlainTextEdit *details() const;   // the raw text of the selected exchange
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QLabel *filterStatus() const { return m_filterStatus; }
    Replayer *replayer() const { return m_replayer; }
    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    // Selects a row of the view (after filtering).
    void selectRow(int row);

    // Where replays go: the base URL of each listener ("gateway", "tables").
    void setListenerUrls(const ListenerUrls &urls) { m_urls = urls; }
    const ListenerUrls &listenerUrls() const { return m_urls; }

    // Sets the filter text and applies it now (typing applies it after a short pause).
    // Returns whether it parsed.
    bool setFilterText(const QString &text);

    Observe::RecordPtr currentRecord() const;
    QList<Observe::RecordPtr> selectedRecords() const;   // in list order
    QList<Observe::RecordPtr> allRecords() const;        // the whole history, unfiltered

    // The actions, callable without dialogs (tests, scripts). Each returns an error message,
    // empty on success.
    QString replayCurrent();
    QString curlForCurrent() const;
    QString exportHar(const QString &path, bool selectedOnly) const;
    QString mockSnippetForCurrent(QString *error) const;

public Q_SLOTS:
    // Batches arrive from RecordHub::recordsPublished; held back while paused.
    void appendRecords(const QList<Gatehouse::Observe::RecordPtr> &batch);
    void clear();

Q_SIGNALS:
    // A short line for the status bar (replay results, export results).
    void message(const QString &text);
    // The exchange the detail pane shows changed (null: none); mock authoring's try-it panel
    // offers it as a sample request.
    void currentRecordChanged(const Gatehouse::Observe::RecordPtr &record);

private:
    void buildActions();
    void updateCount();
    void updateActions();
    void showDetails();
    void filterEdited();
    void applyFilter();
    void showFilterState(const RequestFilter &filter);
    void editAndResend();
    void copyAsCurl();
    void exportHarInteractive(bool selectedOnly);
    void saveAsMock();

    RequestListModel *m_model;
    RequestFilterProxy *m_proxy;
    QTableView *m_table;
    RecordDetailsPane *m_detailsPane;
    QLineEdit *m_filterEdit;
    QLabel *m_filterStatus;
    QLabel *m_count;
    QToolButton *m_pause;
    QTimer *m_filterTimer;
    Replayer *m_replayer;
    QAction *m_replayAction = nullptr;
    QAction *m_resendAction = nullptr;
    QAction *m_curlAction = nullptr;
    QAction *m_harSelectedAction = nullptr;
    QAction *m_harAllAction = nullptr;
    QAction *m_mockAction = nullptr;
    ListenerUrls m_urls;
    QList<Observe::RecordPtr> m_held;
    bool m_paused = false;
    bool m_stickToBottom = true;
};

} // namespace Gatehouse::Ui
