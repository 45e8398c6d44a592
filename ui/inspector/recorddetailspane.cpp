#include <ui/inspector/recorddetailspane.h>
#include <ui/inspector/timelinewidget.h>
#include <ui/recorddetails.h>
#include <ui/requestlistmodel.h>
#include <ui/theme.h>

#include <http/httpmessage.h>

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

RecordDetailsPane::RecordDetailsPane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_timeline(new TimelineWidget(this))
    , m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("requestDetailsPane"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(6, 4, 6, 0);
    m_summary->setText(tr("Select a request to see its headers, bodies and timings."));

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QString titles[TabCount] = {tr("Request"), tr("Response"), tr("Mapping"), tr("Console"), tr("Table"), tr("Raw")};
    static const char *const names[TabCount] = {"requestText", "responseText", "mappingText", "consoleText",
                                                "tableText", "requestDetails"};
    for (int i = 0; i < TabCount; ++i) {
        auto *edit = new QPlainTextEdit(m_tabs);
        edit->setObjectName(QLatin1String(names[i]));
        edit->setReadOnly(true);
        edit->setFont(mono);
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
        edit->setFrameShape(QFrame::NoFrame);
        m_texts[i] = edit;
        m_tabs->addTab(edit, titles[i]);
    }
    m_tabs->setDocumentMode(true);
    connect(m_tabs->tabBar(), &QTabBar::tabBarClicked, this, [this](int index) {
        if (index >= 0 && m_tabs->isTabEnabled(index))
            m_preferredTab = index;
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_summary);
    layout->addWidget(m_timeline);
    layout->addWidget(m_tabs, 1);
    setRecord({});
}

void RecordDetailsPane::setRecord(const Observe::RecordPtr &record)
{
    m_record = record;
    m_timeline->setRecord(record);
    m_timeline->setVisible(record != nullptr);
    if (!record) {
        m_summary->setText(tr("Select a request to see its headers, bodies and timings."));
        for (QPlainTextEdit *edit : m_texts)
            edit->clear();
        for (int i = 0; i < TabCount; ++i)
            m_tabs->setTabEnabled(i, i == RawTab);
        return;
    }
    const Observe::RequestRecord &r = *record;
    const QString texts[TabCount] = {requestText(r), responseText(r), mappingText(r), consoleText(r),
                                     tableFactsText(r), recordDetailsText(r)};
    for (int i = 0; i < TabCount; ++i) {
        m_texts[i]->setPlainText(texts[i]);
        m_tabs->setTabEnabled(i, !texts[i].isEmpty());
    }
    // Stay on the user's tab while the next exchange has it (Mapping from one gateway request to
    // the next), else the request.
    m_tabs->setCurrentIndex(m_tabs->isTabEnabled(m_preferredTab) ? m_preferredTab : int(RequestTab));

    QString summary = QStringLiteral("<b>%1</b> %2 &rarr; <b style=\"color:%3\">%4 %5</b> &middot; %6 &middot; %7")
                          .arg(QString::fromLatin1(r.method).toHtmlEscaped(),
                               RequestListModel::targetText(r).toHtmlEscaped(),
                               statusColor(r.status).name())
                          .arg(r.status)
                          .arg(QString::fromLatin1(Http::reasonPhrase(r.status)).toHtmlEscaped(),
                               RequestListModel::latencyText(r.totalUs),
                               RequestListModel::listenerText(r).toHtmlEscaped());
    const QString resource = r.notes.value(QStringLiteral("resourcePath")).toString();
    if (!resource.isEmpty())
        summary += tr(" &middot; resource %1").arg(resource.toHtmlEscaped());
    const QString error = r.notes.value(QStringLiteral("error")).toString();
    if (!error.isEmpty())
        summary += QStringLiteral(" &middot; <span style=\"color:%1\">%2</span>")
                       .arg(statusColor(500).name(), error.toHtmlEscaped());
    m_summary->setText(summary);
}

} // namespace Gatehouse::Ui
