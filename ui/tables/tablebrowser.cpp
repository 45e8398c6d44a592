#include <ui/apicall.h>
#include <ui/tables/itemgridmodel.h>
#include <ui/tables/querypanel.h>
#include <ui/tables/tablebrowser.h>
#include <ui/tables/tablejson.h>

#include <QHeaderView>
#include <QLabel>
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
    });
    connect(m_model, &ItemGridModel::errorOccurred, this, &TableBrowser::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TableBrowser::updateStatus);
    connect(m_grid->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TableBrowser::updateActions);
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
        text = tr("%1 of about %2 items shown, %3 page(s) of %4")
                   .arg(rows)
                   .arg(qMax<qint64>(m_table.itemCount, rows))
                   .arg(m_model->pagesFetched())
                   .arg(m_model->operation());
        if (m_model->isFetching())
            text += tr(" — loading…");
        else if (m_model->hasMore())
            text += tr(" — more as you scroll");
    }
    m_status->setText(text);
}

void TableBrowser::updateActions()
{
}

} // namespace Gatehouse::Ui
