#include <ui/apicall.h>
#include <ui/requestlistmodel.h>
#include <ui/tables/backgroundapi.h>
#include <ui/tables/createtabledialog.h>
#include <ui/tables/tablebrowser.h>
#include <ui/tablesview.h>
#include <ui/theme.h>

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Gatehouse::Ui {

namespace {

const QString kTableNames = QStringLiteral("TableNames");

QString keyText(const QJsonObject &table, const QString &keyType)
{
    QHash<QString, QString> types;
    for (const QJsonValue &d : table.value(QStringLiteral("AttributeDefinitions")).toArray())
        types.insert(d[QStringLiteral("AttributeName")].toString(), d[QStringLiteral("AttributeType")].toString());
    for (const QJsonValue &k : table.value(QStringLiteral("KeySchema")).toArray()) {
        if (k[QStringLiteral("KeyType")].toString() == keyType) {
            const QString name = k[QStringLiteral("AttributeName")].toString();
            return QStringLiteral("%1 (%2)").arg(name, types.value(name, QStringLiteral("?")));
        }
    }
    return {};
}

} // namespace

TablesView::TablesView(QWidget *parent)
    : QWidget(parent)
    , m_list(new QTreeWidget(this))
    , m_message(new QLabel(this))
    , m_deleteButton(new QPushButton(tr("Delete table…"), this))
    , m_browser(new TableBrowser(this))
{
    setObjectName(QStringLiteral("tables"));
    m_list->setObjectName(QStringLiteral("tablesList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSortingEnabled(true);
    m_list->setHeaderLabels({tr("Table"), tr("Partition key"), tr("Sort key"), tr("Items"), tr("Size"),
                             tr("Billing"), tr("Status"), tr("Created")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_list->sortByColumn(NameColumn, Qt::AscendingOrder);

    m_list->setSelectionMode(QAbstractItemView::SingleSelection);

    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("refreshTables"));
    connect(refreshButton, &QPushButton::clicked, this, &TablesView::refresh);
    auto *createButton = new QPushButton(tr("Create table…"), this);
    createButton->setObjectName(QStringLiteral("createTable"));
    connect(createButton, &QPushButton::clicked, this, &TablesView::createTable);
    m_deleteButton->setObjectName(QStringLiteral("deleteTable"));
    m_deleteButton->setEnabled(false);
    connect(m_deleteButton, &QPushButton::clicked, this, &TablesView::deleteTable);
    m_message->setTextFormat(Qt::PlainText);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(8, 6, 8, 2);
    bar->addWidget(m_message, 1);
    bar->addWidget(createButton);
    bar->addWidget(m_deleteButton);
    bar->addWidget(refreshButton);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(bar);
    topLayout->addWidget(m_list, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(top);
    splitter->addWidget(m_browser);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 4);
    m_list->setMinimumHeight(m_list->fontMetrics().height() * 5);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_list, &QTreeWidget::currentItemChanged, this, &TablesView::openSelected);
    connect(m_browser, &TableBrowser::itemsChanged, this, [this] {
        // Counts and sizes follow writes; the browser keeps its rows.
        m_wanted = m_browser->table().name;
        refresh();
    });
    refresh();
}

TablesView::~TablesView()
{
    // The browser's calls must not outlive the API wrapper they go through.
    m_browser->setApi(nullptr);
}

void TablesView::setTableApi(Tables::DynamoApi *api)
{
    m_browser->setApi(nullptr);
    m_api.reset(api ? new BackgroundApi(api) : nullptr);
    m_browser->setApi(m_api.get());
    refresh();
}

Tables::DynamoApi *TablesView::api() const
{
    return m_api.get();
}

void TablesView::setEndpointUrl(const QString &url)
{
    m_browser->setEndpointUrl(url);
}

void TablesView::openSelected()
{
    QTreeWidgetItem *current = m_list->currentItem();
    m_deleteButton->setEnabled(current != nullptr);
    if (!current)
        return;   // the list is being refilled
    const QString name = current->text(NameColumn);
    if (name != m_browser->table().name)
        m_browser->openTable(name);
}

QString TablesView::message() const
{
    return m_message->text();
}

void TablesView::selectTable(const QString &name)
{
    const auto found = m_list->findItems(name, Qt::MatchExactly, NameColumn);
    if (!found.isEmpty())
        m_list->setCurrentItem(found.first());
    else
        m_wanted = name;   // selected once the list has been read
}

QString TablesView::summary() const
{
    const int n = m_list->topLevelItemCount();
    return (n == 1 ? tr("1 table") : tr("%1 tables").arg(n))
           + tr(", read through the DynamoDB API (ListTables, DescribeTable).");
}

void TablesView::refresh()
{
    ++m_generation;
    m_pending = 0;
    if (m_wanted.isEmpty() && m_list->currentItem())
        m_wanted = m_list->currentItem()->text(NameColumn);
    m_list->clear();
    if (!m_api) {
        m_message->setText(tr("The table engine is not running."));
        Q_EMIT refreshed();
        return;
    }
    m_message->setText(tr("Reading tables…"));
    listPage({}, m_generation);
}

void TablesView::createTable()
{
    if (!m_api)
        return;
    auto *dialog = new CreateTableDialog(m_api.get(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateTableDialog::created, this, [this](const QString &name) {
        m_wanted = name;
        refresh();
    });
    dialog->show();
}

void TablesView::deleteTable()
{
    QTreeWidgetItem *current = m_list->currentItem();
    if (!current || !m_api)
        return;
    const QString name = current->text(NameColumn);
    bool ok = false;
    const QString typed = QInputDialog::getText(
        this, tr("Delete table"),
        tr("Delete the table %1 and its %2 items? This cannot be undone.\n\nType the table's name to confirm:")
            .arg(name, current->text(ItemsColumn)),
        QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    if (typed != name) {
        QMessageBox::information(this, tr("Delete table"), tr("The name did not match; %1 was kept.").arg(name));
        return;
    }
    dropTable(name);
}

void TablesView::dropTable(const QString &name)
{
    if (!m_api)
        return;
    callApi(m_api.get(), this, QStringLiteral("DeleteTable"), QJsonObject{{QStringLiteral("TableName"), name}},
            [name](TablesView *self, const Tables::ApiReply &reply) {
                if (!reply.result.isOk()) {
                    self->m_message->setText(tr("DeleteTable %1 failed: %2").arg(name, reply.result.status().toString()));
                    return;
                }
                if (self->m_browser->table().name == name)
                    self->m_browser->closeTable();
                self->refresh();
            });
}

void TablesView::finishRefresh()
{
    m_message->setText(summary());
    const QString wanted = std::exchange(m_wanted, QString());
    const auto found = m_list->findItems(wanted, Qt::MatchExactly, NameColumn);
    if (!found.isEmpty()) {
        m_list->setCurrentItem(found.first());
    } else if (m_browser->table().isValid()) {
        m_browser->closeTable();   // deleted meanwhile
    }
    Q_EMIT refreshed();
}

void TablesView::listPage(const QString &startAfter, int generation)
{
    QJsonObject request{{QStringLiteral("Limit"), 100}};
    if (!startAfter.isEmpty())
        request.insert(QStringLiteral("ExclusiveStartTableName"), startAfter);
    ++m_pending;
    callApi(m_api.get(), this, QStringLiteral("ListTables"), request,
            [generation](TablesView *self, const Tables::ApiReply &reply) {
                if (generation != self->m_generation)
                    return;
                if (!reply.result.isOk()) {
                    self->m_message->setText(tr("ListTables failed: %1").arg(reply.result.status().toString()));
                    self->m_pending = 0;
                    Q_EMIT self->refreshed();
                    return;
                }
                for (const QJsonValue &name : reply.result->value(kTableNames).toArray())
                    self->describe(name.toString(), generation);
                const QString last = reply.result->value(QStringLiteral("LastEvaluatedTableName")).toString();
                if (!last.isEmpty())
                    self->listPage(last, generation);
                if (--self->m_pending == 0)
                    self->finishRefresh();
            });
}

void TablesView::describe(const QString &name, int generation)
{
    ++m_pending;
    callApi(m_api.get(), this, QStringLiteral("DescribeTable"), QJsonObject{{QStringLiteral("TableName"), name}},
            [generation, name](TablesView *self, const Tables::ApiReply &reply) {
                if (generation != self->m_generation)
                    return;
                auto *item = new QTreeWidgetItem(self->m_list);
                item->setText(NameColumn, name);
                if (!reply.result.isOk()) {
                    item->setText(StatusColumn, reply.result.status().code());
                    item->setToolTip(StatusColumn, reply.result.status().message());
                    item->setForeground(StatusColumn, statusColor(400));
                } else {
                    const QJsonObject t = reply.result->value(QStringLiteral("Table")).toObject();
                    item->setText(PartitionKeyColumn, keyText(t, QStringLiteral("HASH")));
                    item->setText(SortKeyColumn, keyText(t, QStringLiteral("RANGE")));
                    const qint64 count = qint64(t.value(QStringLiteral("ItemCount")).toDouble());
                    item->setText(ItemsColumn, QString::number(count));
                    item->setData(ItemsColumn, Qt::UserRole, count);
                    item->setTextAlignment(ItemsColumn, Qt::AlignRight | Qt::AlignVCenter);
                    item->setText(SizeColumn, RequestListModel::sizeText(
                                                  qint64(t.value(QStringLiteral("TableSizeBytes")).toDouble())));
                    item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
                    const QString billing = t.value(QStringLiteral("BillingModeSummary"))
                                                .toObject()
                                                .value(QStringLiteral("BillingMode"))
                                                .toString(QStringLiteral("PROVISIONED"));
                    item->setText(BillingColumn, billing);
                    item->setText(StatusColumn, t.value(QStringLiteral("TableStatus")).toString());
                    const double created = t.value(QStringLiteral("CreationDateTime")).toDouble();
                    if (created > 0) {
                        item->setText(CreatedColumn, QDateTime::fromMSecsSinceEpoch(qint64(created * 1000))
                                                         .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
                    }
                }
                if (--self->m_pending == 0)
                    self->finishRefresh();
            });
}

} // namespace Gatehouse::Ui
