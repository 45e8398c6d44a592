#include <ui/recorddetails.h>
#include <ui/requestinspectorview.h>
#include <ui/requestlistmodel.h>

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

RequestInspectorView::RequestInspectorView(QWidget *parent)
    : QWidget(parent)
    , m_model(new RequestListModel(this))
    , m_table(new QTableView(this))
    , m_details(new QPlainTextEdit(this))
    , m_count(new QLabel(this))
    , m_pause(new QToolButton(this))
{
    setObjectName(QStringLiteral("requestInspector"));

    m_pause->setText(tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Hold new requests back (they are kept and shown on resume)"));
    connect(m_pause, &QToolButton::toggled, this, &RequestInspectorView::setPaused);
    auto *clearButton = new QToolButton(this);
    clearButton->setText(tr("Clear"));
    connect(clearButton, &QToolButton::clicked, this, &RequestInspectorView::clear);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(m_pause);
    bar->addWidget(clearButton);
    bar->addStretch(1);
    bar->addWidget(m_count);

    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("requestTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Uniform rows: the view never measures 100k rows.
    const int rowHeight = m_table->fontMetrics().height() + 6;
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const int charWidth = m_table->fontMetrics().horizontalAdvance(u'0');
    header->resizeSection(RequestListModel::TimeColumn, charWidth * 14);
    header->resizeSection(RequestListModel::ListenerColumn, charWidth * 14);
    header->resizeSection(RequestListModel::MethodColumn, charWidth * 9);
    header->setSectionResizeMode(RequestListModel::TargetColumn, QHeaderView::Stretch);
    header->resizeSection(RequestListModel::StatusColumn, charWidth * 8);
    header->resizeSection(RequestListModel::LatencyColumn, charWidth * 11);
    header->resizeSection(RequestListModel::SizeColumn, charWidth * 10);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_details->setObjectName(QStringLiteral("requestDetails"));
    m_details->setReadOnly(true);
    m_details->setFont(mono);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setPlaceholderText(tr("Select a request to see its headers, bodies and timings."));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    // Follow new rows only while the user is at the bottom, as Wireshark does.
    QScrollBar *vbar = m_table->verticalScrollBar();
    connect(vbar, &QScrollBar::valueChanged, this,
            [this, vbar](int value) { m_stickToBottom = value >= vbar->maximum() - 1; });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_stickToBottom)
            m_table->scrollToBottom();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RequestInspectorView::showDetails);
    updateCount();
}

void RequestInspectorView::appendRecords(const QList<Observe::RecordPtr> &batch)
{
    if (m_paused) {
        m_held.append(batch);
        // Bounded as the list is: a long pause keeps only what could be shown.
        if (m_held.size() > m_model->capacity())
            m_held.remove(0, m_held.size() - m_model->capacity());
    } else {
        QScrollBar *vbar = m_table->verticalScrollBar();
        m_stickToBottom = vbar->value() >= vbar->maximum() - 1;
        m_model->appendRecords(batch);
    }
    updateCount();
}

void RequestInspectorView::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    if (!paused && !m_held.isEmpty()) {
        const QList<Observe::RecordPtr> held = std::exchange(m_held, {});
        appendRecords(held);
    }
    updateCount();
}

void RequestInspectorView::clear()
{
    m_held.clear();
    m_model->clear();
    m_details->clear();
    updateCount();
}

void RequestInspectorView::selectRow(int row)
{
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
}

void RequestInspectorView::updateCount()
{
    const int rows = m_model->rowCount();
    QString text = rows == 1 ? tr("1 request") : tr("%1 requests").arg(rows);
    if (m_model->totalReceived() > m_model->rowCount())
        text += tr(" (latest of %1)").arg(m_model->totalReceived());
    if (m_paused)
        text += tr(" · paused, %1 waiting").arg(m_held.size());
    m_count->setText(text);
}

void RequestInspectorView::showDetails()
{
    const Observe::RecordPtr record = m_model->record(m_table->currentIndex().row());
    m_details->setPlainText(record ? recordDetailsText(*record) : QString());
}

} // namespace Gatehouse::Ui
