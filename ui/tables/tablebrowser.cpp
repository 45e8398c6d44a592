#include <ui/apicall.h>
#include <ui/tables/itemeditor.h>
#include <ui/tables/itemgridmodel.h>
#include <ui/tables/itemtransfer.h>
#include <ui/tables/itemwrites.h>
#include <ui/tables/querypanel.h>
#include <ui/tables/tablebrowser.h>
#include <ui/tables/tablejson.h>

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressDialog>
#include <QTableView>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

TableBrowser::TableBrowser(QWidget *parent)
    : QWidget(parent)
    , m_model(new ItemGridModel(this))
    , m_grid(new QTableView(this))
    , m_query(new QueryPanel(this))
    , m_toolbar(new QToolBar(this))
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_undo(new QUndoStack(this))
{
    setObjectName(QStringLiteral("tableBrowser"));
    m_grid->setObjectName(QStringLiteral("itemGrid"));
    m_grid->setModel(m_model);
    m_grid->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_grid->setWordWrap(false);
    m_grid->setAlternatingRowColors(true);
    m_grid->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Uniform rows: a million rows are never measured.
    m_grid->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_grid->verticalHeader()->setDefaultSectionSize(m_grid->fontMetrics().height() + 6);
    m_grid->horizontalHeader()->setDefaultSectionSize(m_grid->fontMetrics().horizontalAdvance(u'0') * 18);
    m_grid->horizontalHeader()->setHighlightSections(false);

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_status->setObjectName(QStringLiteral("browserStatus"));
    m_status->setTextFormat(Qt::PlainText);

    m_toolbar->setObjectName(QStringLiteral("itemActions"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolbar->setIconSize(QSize(16, 16));

    auto *head = new QHBoxLayout;
    head->setContentsMargins(8, 4, 8, 0);
    head->addWidget(m_title);
    head->addWidget(m_toolbar, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(head);
    layout->addWidget(m_query);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_status);
    m_status->setContentsMargins(8, 2, 8, 4);

    connect(m_query, &QueryPanel::runRequested, this, &TableBrowser::runQuery);
    connect(m_model, &ItemGridModel::fetchingChanged, this, &TableBrowser::updateStatus);
    connect(m_model, &ItemGridModel::pageFetched, this, [this] {
        m_query->setKnownAttributes(m_model->attributeNames());
        if (m_model->pagesFetched() == 1)
            fitColumns();
    });
    connect(m_model, &ItemGridModel::errorOccurred, this, &TableBrowser::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TableBrowser::updateStatus);
    connect(m_grid->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TableBrowser::updateActions);
    connect(m_grid, &QTableView::doubleClicked, this, [this](const QModelIndex &index) { editItem(index.row()); });
    createActions();
    closeTable();
}

TableBrowser::~TableBrowser() = default;

void TableBrowser::setApi(Tables::DynamoApi *api)
{
    m_api = api;
    m_model->setApi(api);
    if (!api)
        closeTable();
}

void TableBrowser::setEndpointUrl(const QString &url)
{
    m_query->setEndpointUrl(url);
}

void TableBrowser::openTable(const QString &name)
{
    const int generation = ++m_openGeneration;
    m_error.clear();
    if (!m_api || name.isEmpty()) {
        closeTable();
        return;
    }
    callApi(m_api, this, QStringLiteral("DescribeTable"), QJsonObject{{QStringLiteral("TableName"), name}},
            [generation, name](TableBrowser *self, const Tables::ApiReply &reply) {
                if (generation != self->m_openGeneration)
                    return;
                if (!reply.result.isOk()) {
                    self->closeTable();
                    self->m_error = reply.result.status().code() + u": " + reply.result.status().message();
                    self->updateStatus();
                    return;
                }
                const TableInfo info = TableInfo::fromDescription(reply.result->value(QStringLiteral("Table")).toObject());
                const bool same = info.name == self->m_table.name;
                self->m_table = info;
                self->m_title->setText(info.name);
                if (!same) {
                    self->m_undo->clear();
                    self->m_query->setTable(info);
                }
                self->m_model->setKeyNames(info.keys.names());
                self->setEnabled(true);
                self->runQuery();
                Q_EMIT self->tableOpened(info.name);
            });
}

void TableBrowser::closeTable()
{
    ++m_openGeneration;
    m_table = TableInfo();
    m_title->setText(tr("No table"));
    m_model->setKeyNames({});
    m_model->setSource(QString(), {});
    m_query->setTable(m_table);
    m_undo->clear();
    updateStatus();
    updateActions();
}

void TableBrowser::runQuery()
{
    if (!m_table.isValid())
        return;
    const QueryBuilder::Built built = m_query->built();
    if (!built.error.isEmpty()) {
        m_error = built.error;
        updateStatus();
        return;
    }
    m_error.clear();
    m_note.clear();
    m_model->setSource(built.operation, built.request, built.request.contains(QStringLiteral("Limit")));
    updateStatus();
    updateActions();
}

void TableBrowser::refresh()
{
    if (m_table.isValid())
        openTable(m_table.name);
}

QString TableBrowser::statusText() const
{
    return m_status->text();
}

QList<QJsonObject> TableBrowser::selectedItems() const
{
    QList<QJsonObject> items;
    for (const QModelIndex &row : m_grid->selectionModel()->selectedRows())
        items << m_model->item(row.row());
    return items;
}

void TableBrowser::updateStatus()
{
    QString text;
    if (!m_table.isValid()) {
        text = m_error.isEmpty() ? tr("Select a table to browse its items.") : m_error;
    } else if (!m_model->lastError().isEmpty()) {
        text = m_model->lastError();
    } else if (!m_error.isEmpty()) {
        text = m_error;
    } else {
        const int rows = m_model->rowCount();
        text = tr("%1 of about %2 shown, %3 of %4")
                   .arg(rows)
                   .arg(TableJson::itemCount(qMax<qint64>(m_table.itemCount, rows)),
                        TableJson::count(m_model->pagesFetched(), tr("page"), tr("pages")), m_model->operation());
        if (m_model->isFetching())
            text += tr(" — loading…");
        else if (m_model->hasMore())
            text += tr(" — more as you scroll");
        if (!m_note.isEmpty())
            text = m_note + u'\n' + text;
    }
    m_status->setText(text);
}

void TableBrowser::fitColumns()
{
    // Widths from the first page, within reason: a long text must not push the rest away.
    QHeaderView *header = m_grid->horizontalHeader();
    const int charWidth = m_grid->fontMetrics().horizontalAdvance(u'0');
    for (int c = 0; c < m_model->columnCount(); ++c) {
        m_grid->resizeColumnToContents(c);
        header->resizeSection(c, qBound(charWidth * 8, header->sectionSize(c) + charWidth, charWidth * 36));
    }
}

void TableBrowser::createActions()
{
    auto add = [this](const QString &name, const QString &text, const QString &tip, auto slot,
                      const QKeySequence &shortcut = {}) {
        QAction *a = m_toolbar->addAction(text);
        a->setObjectName(name);
        a->setToolTip(tip);
        if (!shortcut.isEmpty()) {
            a->setShortcut(shortcut);
            // Return and Delete belong to the grid: in the query fields they run the query or
            // delete text.
            a->setShortcutContext(Qt::WidgetShortcut);
            m_grid->addAction(a);
        }
        connect(a, &QAction::triggered, this, slot);
        m_actions.insert(name, a);
        return a;
    };
    add(QStringLiteral("addItem"), tr("Add item"), tr("Create an item (PutItem, only if its key is new)"),
        [this] { addItem(); }, QKeySequence(Qt::CTRL | Qt::Key_N));
    add(QStringLiteral("editItem"), tr("Edit"), tr("Edit the selected item as DynamoDB JSON or plain JSON"),
        &TableBrowser::editCurrent, QKeySequence(Qt::Key_Return));
    add(QStringLiteral("duplicateItem"), tr("Duplicate"), tr("Copy the selected item under a new key"),
        &TableBrowser::duplicateCurrent, QKeySequence(Qt::CTRL | Qt::Key_D));
    add(QStringLiteral("deleteItems"), tr("Delete"), tr("Delete the selected items (DeleteItem, after confirmation)"),
        &TableBrowser::deleteSelected, QKeySequence::Delete);
    m_toolbar->addSeparator();
    QAction *undo = m_undo->createUndoAction(this, tr("Undo"));
    undo->setObjectName(QStringLiteral("undoItem"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QAction *redo = m_undo->createRedoAction(this, tr("Redo"));
    redo->setObjectName(QStringLiteral("redoItem"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_toolbar->addAction(undo);
    m_toolbar->addAction(redo);
    m_actions.insert(undo->objectName(), undo);
    m_actions.insert(redo->objectName(), redo);
    m_toolbar->addSeparator();
    add(QStringLiteral("importItems"), tr("Import…"), tr("Write items from DynamoDB JSON lines, plain JSON or CSV"),
        &TableBrowser::importDialog);
    add(QStringLiteral("exportItems"), tr("Export…"),
        tr("Save every item of the current Scan/Query as DynamoDB JSON lines, plain JSON or CSV"),
        &TableBrowser::exportDialog);
    m_toolbar->addSeparator();
    add(QStringLiteral("refreshItems"), tr("Refresh"), tr("Read the table again"), &TableBrowser::refresh,
        QKeySequence::Refresh);
}

QAction *TableBrowser::action(const QString &name) const
{
    return m_actions.value(name);
}

void TableBrowser::updateActions()
{
    const bool open = m_table.isValid() && m_api;
    const int selected = int(m_grid->selectionModel()->selectedRows().size());
    const QModelIndex current = m_grid->currentIndex();
    m_actions.value(QStringLiteral("addItem"))->setEnabled(open);
    m_actions.value(QStringLiteral("editItem"))->setEnabled(open && current.isValid());
    m_actions.value(QStringLiteral("duplicateItem"))->setEnabled(open && current.isValid());
    m_actions.value(QStringLiteral("deleteItems"))->setEnabled(open && selected > 0);
    m_actions.value(QStringLiteral("importItems"))->setEnabled(open);
    m_actions.value(QStringLiteral("exportItems"))->setEnabled(open);
    m_actions.value(QStringLiteral("refreshItems"))->setEnabled(open);
}

void TableBrowser::showMessage(const QString &text)
{
    m_note = text;
    updateStatus();
}

ItemEditor *TableBrowser::openEditor(const QJsonObject &original, const QJsonObject &initial)
{
    if (!m_table.isValid() || !m_api)
        return nullptr;
    auto *editor = new ItemEditor(m_api, m_table, original, initial, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &ItemEditor::saved, this, [this](const QJsonObject &before, const QJsonObject &after) {
        const QString key = TableJson::write(TableJson::plainFromItem(TableJson::keyOf(after, m_table.keys.names()),
                                                                      m_table.keys.names()), -1);
        const QString what = before.isEmpty() ? tr("Add item %1").arg(key) : tr("Edit item %1").arg(key);
        m_undo->push(new ItemWriteCommand(this, before, after, what, true));
        m_model->putItem(after);
        showMessage(tr("Saved %1.").arg(key));
        Q_EMIT itemsChanged();
    });
    editor->show();
    return editor;
}

ItemEditor *TableBrowser::addItem()
{
    QJsonObject skeleton;
    for (const auto &[name, type] : {qMakePair(m_table.keys.hashName, m_table.keys.hashType),
                                     qMakePair(m_table.keys.rangeName, m_table.keys.rangeType)}) {
        if (!name.isEmpty())
            skeleton.insert(name, QJsonObject{{type.isEmpty() ? QStringLiteral("S") : type, QString()}});
    }
    return openEditor({}, skeleton);
}

ItemEditor *TableBrowser::editItem(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return nullptr;
    const QJsonObject item = m_model->item(row);
    return openEditor(item, item);
}

ItemEditor *TableBrowser::duplicateItem(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return nullptr;
    return openEditor({}, m_model->item(row));
}

void TableBrowser::editCurrent()
{
    editItem(m_grid->currentIndex().row());
}

void TableBrowser::duplicateCurrent()
{
    duplicateItem(m_grid->currentIndex().row());
}

void TableBrowser::deleteSelected()
{
    deleteItems(selectedItems(), true);
}

void TableBrowser::deleteItems(const QList<QJsonObject> &items, bool confirm)
{
    if (items.isEmpty() || !m_table.isValid())
        return;
    const QStringList keys = m_table.keys.names();
    if (confirm) {
        QStringList shown;
        for (int i = 0; i < items.size() && i < 5; ++i)
            shown << TableJson::write(TableJson::plainFromItem(TableJson::keyOf(items[i], keys), keys), -1);
        if (items.size() > 5)
            shown << tr("… and %1 more").arg(items.size() - 5);
        const auto answer = QMessageBox::question(
            this, tr("Delete items"),
            tr("Delete %1 from %2?\n\n%3\n\nUndo can bring them back.")
                .arg(TableJson::itemCount(items.size()), m_table.name, shown.join(u'\n')),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    const QString what = tr("Delete %1").arg(TableJson::itemCount(items.size()));
    auto *command = new QUndoCommand(what);
    for (const QJsonObject &item : items)
        new ItemWriteCommand(this, item, {}, what, false, command);
    m_undo->push(command);
}

void TableBrowser::applyWrite(const QJsonObject &before, const QJsonObject &after, const QString &what)
{
    if (!m_api || !m_table.isValid())
        return;
    const QStringList keys = m_table.keys.names();
    const ItemWrites::Write w = ItemWrites::write(m_table.name, keys, before, after, true);
    ++m_pendingWrites;
    callApi(m_api, this, w.operation, w.request,
            [before, after, what, keys](TableBrowser *self, const Tables::ApiReply &reply) {
                --self->m_pendingWrites;
                if (!reply.result.isOk()) {
                    const Status status = reply.result.status();
                    QString text;
                    if (status.code() == QLatin1String("ConditionalCheckFailedException")) {
                        const QJsonObject now = reply.errorFields.value(QStringLiteral("Item")).toObject();
                        text = before.isEmpty()
                                   ? tr("%1 not done: an item with this key exists now.").arg(what)
                                   : tr("%1 not done: the item changed meanwhile (%2). Refresh to see it.")
                                         .arg(what, ItemWrites::differences(before, now));
                    } else {
                        text = tr("%1 failed: %2: %3").arg(what, status.code(), status.message());
                    }
                    self->showMessage(text);
                    return;
                }
                if (after.isEmpty())
                    self->m_model->removeItem(TableJson::keyId(before, keys));
                else
                    self->m_model->putItem(after);
                if (self->m_pendingWrites == 0) {
                    self->showMessage(tr("%1: done.").arg(what));
                    Q_EMIT self->itemsChanged();
                }
            });
}

ItemImport *TableBrowser::importFile(const QString &path, int format)
{
    if (!m_table.isValid() || !m_api)
        return nullptr;
    QFile head(path);
    QByteArray start;
    if (head.open(QIODevice::ReadOnly))
        start = head.read(64);
    const auto f = format >= 0 ? ItemFormats::Format(format) : ItemFormats::guessFormat(path, start);
    auto *job = new ItemImport(m_api, m_table, f, path, this);
    auto *progress = new QProgressDialog(tr("Importing %1…").arg(QFileInfo(path).fileName()), tr("Cancel"), 0, 0, this);
    progress->setObjectName(QStringLiteral("importProgress"));
    progress->setWindowTitle(tr("Import"));
    progress->setMinimumDuration(300);
    progress->setAutoReset(false);
    progress->setAutoClose(false);
    connect(progress, &QProgressDialog::canceled, job, &ItemImport::cancel);
    connect(job, &ItemImport::progress, progress, [progress](qint64 done, qint64 total) {
        progress->setMaximum(int(qMin<qint64>(total, INT_MAX)));
        progress->setValue(int(qMin<qint64>(done, INT_MAX)));
    });
    connect(job, &ItemImport::finished, this, [this, job, progress](bool, const QString &message) {
        progress->deleteLater();
        job->deleteLater();
        showMessage(message);
        runQuery();
        Q_EMIT itemsChanged();
    });
    QMetaObject::invokeMethod(job, &ItemImport::start, Qt::QueuedConnection);
    return job;
}

ItemExport *TableBrowser::exportFile(const QString &path, int format)
{
    if (!m_table.isValid() || !m_api || m_model->operation().isEmpty())
        return nullptr;
    auto *job = new ItemExport(m_api, m_table, m_model->operation(), m_model->request(), ItemFormats::Format(format),
                               path, this);
    auto *progress = new QProgressDialog(tr("Exporting %1…").arg(QFileInfo(path).fileName()), tr("Cancel"), 0, 0, this);
    progress->setObjectName(QStringLiteral("exportProgress"));
    progress->setWindowTitle(tr("Export"));
    progress->setMinimumDuration(300);
    progress->setAutoReset(false);
    progress->setAutoClose(false);
    connect(progress, &QProgressDialog::canceled, job, &ItemExport::cancel);
    connect(job, &ItemExport::progress, progress, [progress](qint64 done, qint64 total) {
        progress->setMaximum(int(qMin<qint64>(total, INT_MAX)));
        progress->setValue(int(qMin<qint64>(done, INT_MAX)));
    });
    connect(job, &ItemExport::finished, this, [this, job, progress](bool, const QString &message) {
        progress->deleteLater();
        job->deleteLater();
        showMessage(message);
    });
    QMetaObject::invokeMethod(job, &ItemExport::start, Qt::QueuedConnection);
    return job;
}

void TableBrowser::importDialog()
{
    const QString filters = QStringList{ItemFormats::fileFilter(ItemFormats::Format::DynamoJsonLines),
                                        ItemFormats::fileFilter(ItemFormats::Format::PlainJson),
                                        ItemFormats::fileFilter(ItemFormats::Format::Csv)}
                                .join(QStringLiteral(";;"));
    QString selected;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import items into %1").arg(m_table.name), {}, filters,
                                                      &selected);
    if (path.isEmpty())
        return;
    // A .json file tells by its first character whether it is an array or JSON lines.
    int format = -1;
    if (selected == ItemFormats::fileFilter(ItemFormats::Format::Csv))
        format = int(ItemFormats::Format::Csv);
    importFile(path, format);
}

void TableBrowser::exportDialog()
{
    const QList<ItemFormats::Format> formats{ItemFormats::Format::DynamoJsonLines, ItemFormats::Format::PlainJson,
                                             ItemFormats::Format::Csv};
    QStringList filters;
    for (auto f : formats)
        filters << ItemFormats::fileFilter(f);
    QString selected = filters.first();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(m_table.name), m_table.name + QStringLiteral(".jsonl"),
                                                      filters.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty())
        return;
    ItemFormats::Format format = formats[qMax(0, int(filters.indexOf(selected)))];
    if (path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        format = ItemFormats::Format::Csv;
    exportFile(path, int(format));
}

} // namespace Gatehouse::Ui
