#include <ui/inspector/recorddetailspane.h>
#include <ui/inspector/replayer.h>
#include <ui/inspector/requestfilterproxy.h>
#include <ui/inspector/resenddialog.h>
#include <ui/requestinspectorview.h>
#include <ui/requestlistmodel.h>
#include <ui/theme.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputMethodEvent>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTextCharFormat>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Gatehouse::Ui {

namespace {

QColor blend(const QColor &base, const QColor &tint, double amount)
{
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + tint.redF() * amount),
                            float(base.greenF() * (1 - amount) + tint.greenF() * amount),
                            float(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

QToolButton *toolButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setAutoRaise(true);
    return button;
}

} // namespace

RequestInspectorView::RequestInspectorView(QWidget *parent)
    : QWidget(parent)
    , m_model(new RequestListModel(this))
    , m_proxy(new RequestFilterProxy(this))
    , m_table(new QTableView(this))
    , m_detailsPane(new RecordDetailsPane(this))
    , m_filterEdit(new QLineEdit(this))
    , m_filterStatus(new QLabel(this))
    , m_count(new QLabel(this))
    , m_pause(new QToolButton(this))
    , m_filterTimer(new QTimer(this))
    , m_replayer(new Replayer(this))
{
    setObjectName(QStringLiteral("requestInspector"));
    m_proxy->setSourceModel(m_model);

    m_pause->setText(tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setAutoRaise(true);
    m_pause->setToolTip(tr("Hold new requests back (they are kept and shown on resume)"));
    connect(m_pause, &QToolButton::toggled, this, &RequestInspectorView::setPaused);
    auto *clearButton = new QToolButton(this);
    clearButton->setText(tr("Clear"));
    clearButton->setAutoRaise(true);
    connect(clearButton, &QToolButton::clicked, this, &RequestInspectorView::clear);

    m_filterEdit->setObjectName(QStringLiteral("inspectorFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter: status >= 400 and path ~ \"/pets\"  (hover for the fields)"));
    m_filterEdit->setToolTip(RequestFilter::helpText());
    m_filterEdit->setClearButtonEnabled(true);
    m_filterStatus->setObjectName(QStringLiteral("inspectorFilterStatus"));
    m_filterStatus->setTextFormat(Qt::PlainText);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(200);   // re-filtering 100k rows per keystroke would lag typing
    connect(m_filterTimer, &QTimer::timeout, this, &RequestInspectorView::applyFilter);
    connect(m_filterEdit, &QLineEdit::textChanged, this, &RequestInspectorView::filterEdited);
    connect(m_filterEdit, &QLineEdit::returnPressed, this, &RequestInspectorView::applyFilter);

    buildActions();
    auto *more = new QToolButton(this);
    more->setText(tr("Export"));
    more->setAutoRaise(true);
    more->setPopupMode(QToolButton::InstantPopup);
    auto *moreMenu = new QMenu(more);
    moreMenu->addAction(m_harSelectedAction);
    moreMenu->addAction(m_harAllAction);
    moreMenu->addSeparator();
    moreMenu->addAction(m_mockAction);
    more->setMenu(moreMenu);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->setSpacing(2);
    bar->addWidget(m_pause);
    bar->addWidget(clearButton);
    bar->addSpacing(6);
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_filterStatus);
    bar->addSpacing(6);
    bar->addWidget(toolButton(m_replayAction, this));
    bar->addWidget(toolButton(m_resendAction, this));
    bar->addWidget(toolButton(m_curlAction, this));
    bar->addWidget(more);
    bar->addSpacing(6);
    bar->addWidget(m_count);

    m_table->setModel(m_proxy);
    m_table->setObjectName(QStringLiteral("requestTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
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
    header->setHighlightSections(false);
    const int charWidth = m_table->fontMetrics().horizontalAdvance(u'0');
    header->resizeSection(RequestListModel::TimeColumn, charWidth * 13);
    header->resizeSection(RequestListModel::ListenerColumn, charWidth * 15);
    header->resizeSection(RequestListModel::MethodColumn, charWidth * 8);
    header->setSectionResizeMode(RequestListModel::TargetColumn, QHeaderView::Stretch);
    header->resizeSection(RequestListModel::StatusColumn, charWidth * 7);
    header->resizeSection(RequestListModel::LatencyColumn, charWidth * 10);
    header->resizeSection(RequestListModel::SizeColumn, charWidth * 9);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions({m_replayAction, m_resendAction, m_curlAction, m_harSelectedAction, m_mockAction});

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detailsPane);
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
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_stickToBottom)
            m_table->scrollToBottom();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RequestInspectorView::showDetails);
    // The current row changes before the selection does: follow both.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RequestInspectorView::showDetails);
    connect(m_replayer, &Replayer::finished, this, [this](int status, const QString &error) {
        Q_EMIT message(error.isEmpty() ? tr("Replayed: HTTP %1").arg(status) : tr("Replay failed: %1").arg(error));
    });
    connect(this, &RequestInspectorView::message, m_count, &QLabel::setToolTip);
    updateCount();
    updateActions();
}

void RequestInspectorView::buildActions()
{
    m_replayAction = new QAction(tr("Replay"), this);
    m_replayAction->setToolTip(tr("Send the selected request again to the same listener"));
    m_replayAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_replayAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_replayAction, &QAction::triggered, this, [this] {
        const QString error = replayCurrent();
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Replay"), error);
    });
    m_resendAction = new QAction(tr("Edit && Resend…"), this);
    m_resendAction->setToolTip(tr("Change the method, URL, headers or body, then send"));
    connect(m_resendAction, &QAction::triggered, this, &RequestInspectorView::editAndResend);
    m_curlAction = new QAction(tr("Copy as curl"), this);
    m_curlAction->setToolTip(tr("Copy a curl command repeating the selected request"));
    connect(m_curlAction, &QAction::triggered, this, &RequestInspectorView::copyAsCurl);
    m_harSelectedAction = new QAction(tr("Export Selected as HAR…"), this);
    connect(m_harSelectedAction, &QAction::triggered, this, [this] { exportHarInteractive(true); });
    m_harAllAction = new QAction(tr("Export All as HAR…"), this);
    connect(m_harAllAction, &QAction::triggered, this, [this] { exportHarInteractive(false); });
    m_mockAction = new QAction(tr("Save Response as Mock…"), this);
    m_mockAction->setToolTip(tr("The captured response as an OpenAPI MOCK method to paste into an API"));
    connect(m_mockAction, &QAction::triggered, this, &RequestInspectorView::saveAsMock);
}

QPlainTextEdit *RequestInspectorView::details() const
{
    return m_detailsPane->text(RecordDetailsPane::RawTab);
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
    m_detailsPane->setRecord({});
    updateCount();
    updateActions();
}

void RequestInspectorView::selectRow(int row)
{
    m_table->selectRow(row);
    m_table->scrollTo(m_proxy->index(row, 0));
}

void RequestInspectorView::updateCount()
{
    const int rows = m_model->rowCount();
    QString text = rows == 1 ? tr("1 request") : tr("%1 requests").arg(rows);
    if (!m_proxy->filter().isEmpty())
        text += tr(" · %1 shown").arg(m_proxy->rowCount());
    if (m_model->totalReceived() > m_model->rowCount())
        text += tr(" (latest of %1)").arg(m_model->totalReceived());
    if (m_paused)
        text += tr(" · paused, %1 waiting").arg(m_held.size());
    m_count->setText(text);
}

void RequestInspectorView::updateActions()
{
    const bool one = currentRecord() != nullptr;
    const bool any = m_table->selectionModel()->hasSelection();
    m_replayAction->setEnabled(one);
    m_resendAction->setEnabled(one);
    m_curlAction->setEnabled(one);
    m_mockAction->setEnabled(one);
    m_harSelectedAction->setEnabled(any);
}

Observe::RecordPtr RequestInspectorView::currentRecord() const
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), current.parent()))
        return {};
    return m_model->record(m_proxy->mapToSource(current).row());
}

QList<Observe::RecordPtr> RequestInspectorView::selectedRecords() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(m_proxy->mapToSource(index).row());
    std::sort(rows.begin(), rows.end());
    QList<Observe::RecordPtr> out;
    out.reserve(rows.size());
    for (int row : std::as_const(rows))
        out.append(m_model->record(row));
    return out;
}

QList<Observe::RecordPtr> RequestInspectorView::allRecords() const
{
    QList<Observe::RecordPtr> out;
    out.reserve(m_model->rowCount());
    for (int row = 0; row < m_model->rowCount(); ++row)
        out.append(m_model->record(row));
    return out;
}

void RequestInspectorView::showDetails()
{
    const Observe::RecordPtr record = currentRecord();
    if (record != m_detailsPane->record()) {
        m_detailsPane->setRecord(record);
        Q_EMIT currentRecordChanged(record);
    }
    updateActions();
}

// ---- filter bar --------------------------------------------------------------------------

bool RequestInspectorView::setFilterText(const QString &text)
{
    const QSignalBlocker block(m_filterEdit);
    m_filterEdit->setText(text);
    const RequestFilter filter = RequestFilter::parse(text);
    showFilterState(filter);
    applyFilter();
    return filter.isValid();
}

void RequestInspectorView::filterEdited()
{
    showFilterState(RequestFilter::parse(m_filterEdit->text()));
    m_filterTimer->start();
}

void RequestInspectorView::applyFilter()
{
    m_filterTimer->stop();
    const RequestFilter filter = RequestFilter::parse(m_filterEdit->text());
    if (!filter.isValid())
        return;   // the list keeps the last valid filter; the bar says what is wrong
    const QModelIndex keep = currentRecord() ? m_proxy->mapToSource(m_table->currentIndex()) : QModelIndex();
    const int keepRow = keep.row();
    m_proxy->setFilter(filter);
    // Keep the selected exchange in view when it passes the new filter.
    if (keepRow >= 0) {
        const QModelIndex row = m_proxy->mapFromSource(m_model->index(keepRow, 0));
        if (row.isValid())
            selectRow(row.row());
    }
    if (m_stickToBottom)
        m_table->scrollToBottom();
    showDetails();   // a reset drops the selection silently: the pane must not keep a hidden row
    updateCount();
}

void RequestInspectorView::showFilterState(const RequestFilter &filter)
{
    QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const bool dark = isDarkTheme();
    QList<QInputMethodEvent::Attribute> marks;
    if (filter.isEmpty()) {
        m_filterStatus->clear();
        m_filterEdit->setToolTip(RequestFilter::helpText());
    } else if (filter.isValid()) {
        pal.setColor(QPalette::Base, blend(base, statusColor(200), dark ? 0.25 : 0.15));
        m_filterStatus->setText(tr("✓"));
        m_filterStatus->setToolTip(tr("Valid filter"));
        m_filterEdit->setToolTip(RequestFilter::helpText());
    } else {
        const FilterError &e = filter.error();
        pal.setColor(QPalette::Base, blend(base, statusColor(500), dark ? 0.3 : 0.15));
        m_filterStatus->setText(tr("✗ col %1: %2").arg(e.position + 1).arg(e.message));
        m_filterEdit->setToolTip(m_filterStatus->text() + QStringLiteral("<hr>") + RequestFilter::helpText());
        // A wavy underline under the offending characters: QLineEdit draws text formats of an
        // input-method event (the attribute start is relative to the cursor).
        QTextCharFormat wave;
        wave.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        wave.setUnderlineColor(statusColor(500));
        const int start = std::min(e.position, int(m_filterEdit->text().size()) - 1);
        marks.append(QInputMethodEvent::Attribute(QInputMethodEvent::TextFormat,
                                                  std::max(0, start) - m_filterEdit->cursorPosition(),
                                                  std::max(1, e.length), wave));
    }
    QPalette statusPal = m_filterStatus->palette();
    statusPal.setColor(QPalette::WindowText, statusColor(filter.isValid() ? 200 : 500));
    m_filterStatus->setPalette(statusPal);
    m_filterEdit->setPalette(pal);
    QInputMethodEvent event(QString(), marks);
    QCoreApplication::sendEvent(m_filterEdit, &event);
}

// ---- actions ----------------------------------------------------------------------------

QString RequestInspectorView::replayCurrent()
{
    const Observe::RecordPtr record = currentRecord();
    if (!record)
        return tr("Select a request first.");
    QString error;
    if (!m_replayer->send(replayRequestFor(*record, m_urls), &error))
        return error;
    return {};
}

void RequestInspectorView::editAndResend()
{
    const Observe::RecordPtr record = currentRecord();
    if (!record)
        return;
    ResendDialog dialog(replayRequestFor(*record, m_urls), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    const ReplayRequest request = dialog.request(&error);
    if (error.isEmpty())
        m_replayer->send(request, &error);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Resend"), error);
}

QString RequestInspectorView::curlForCurrent() const
{
    const Observe::RecordPtr record = currentRecord();
    return record ? curlCommand(replayRequestFor(*record, m_urls)) : QString();
}

void RequestInspectorView::copyAsCurl()
{
    const QString curl = curlForCurrent();
    if (curl.isEmpty())
        return;
    QApplication::clipboard()->setText(curl);
    Q_EMIT message(tr("curl command copied"));
}

QString RequestInspectorView::exportHar(const QString &path, bool selectedOnly) const
{
    const QList<Observe::RecordPtr> records = selectedOnly ? selectedRecords() : allRecords();
    if (records.isEmpty())
        return tr("No requests to export.");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.write(QJsonDocument(harDocument(records, m_urls)).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return file.errorString();
    return {};
}

void RequestInspectorView::exportHarInteractive(bool selectedOnly)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export HAR"), QStringLiteral("requests.har"),
                                                      tr("HTTP Archive (*.har);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString error = exportHar(path, selectedOnly);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export HAR"), error);
    else
        Q_EMIT message(tr("Exported to %1").arg(path));
}

QString RequestInspectorView::mockSnippetForCurrent(QString *error) const
{
    const Observe::RecordPtr record = currentRecord();
    if (!record) {
        *error = tr("Select a request first.");
        return {};
    }
    return mockResponseSnippet(*record, error);
}

void RequestInspectorView::saveAsMock()
{
    QString error;
    const QString snippet = mockSnippetForCurrent(&error);
    if (snippet.isEmpty()) {
        QMessageBox::warning(this, tr("Save Response as Mock"), error);
        return;
    }
    // No model API to write into yet: the user pastes the method where it belongs.
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Response as a MOCK method"));
    auto *text = new QPlainTextEdit(&dialog);
    text->setPlainText(snippet);
    text->setReadOnly(true);
    text->setFont(details()->font());
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QPushButton *copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    QPushButton *save = buttons->addButton(tr("Save…"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(copy, &QPushButton::clicked, &dialog, [snippet] { QApplication::clipboard()->setText(snippet); });
    connect(save, &QPushButton::clicked, &dialog, [&dialog, snippet] {
        const QString path = QFileDialog::getSaveFileName(&dialog, tr("Save Mock Method"), QStringLiteral("mock.yaml"),
                                                          tr("YAML (*.yaml *.yml);;All files (*)"));
        if (path.isEmpty())
            return;
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(snippet.toUtf8()) < 0 || !file.commit())
            QMessageBox::warning(&dialog, tr("Save Mock Method"), file.errorString());
    });
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("Paste this under <code>paths:</code> in the API's OpenAPI document."), &dialog));
    layout->addWidget(text, 1);
    layout->addWidget(buttons);
    dialog.resize(640, 480);
    dialog.exec();
}

} // namespace Gatehouse::Ui
