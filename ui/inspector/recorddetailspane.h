// Thread affinity: GUI thread.
#pragma once

#include <observe/requestrecord.h>

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;

namespace Gatehouse::Ui {

class TimelineWidget;

// The inspector's detail pane for one exchange: a summary line, the pipeline timeline, and
// tabs for the request, the response, the mapping templates, the function console, the table
// operation's facts and the raw text. Tabs with nothing to show are disabled.
class RecordDetailsPane : public QWidget
{
    Q_OBJECT
public:
    enum Tab { RequestTab, ResponseTab, MappingTab, ConsoleTab, TableTab, RawTab, TabCount };

    explicit RecordDetailsPane(QWidget *parent = nullptr);

    void setRecord(const Observe::RecordPtr &record);
    Observe::RecordPtr record() const { return m_record; }

    TimelineWidget *timeline() const { return m_timeline; }
    QTabWidget *tabs() const { return m_tabs; }
    QPlainTextEdit *text(Tab tab) const { return m_texts[tab]; }
    QLabel *summary() const { return m_summary; }

private:
    Observe::RecordPtr m_record;
    QLabel *m_summary;
    TimelineWidget *m_timeline;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_texts[TabCount];
    int m_preferredTab = RequestTab;   // the tab the user last picked
};

} // namespace Gatehouse::Ui
