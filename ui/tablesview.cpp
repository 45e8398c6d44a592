#include <ui/apicall.h>
#include <ui/requestlistmodel.h>
#include <ui/tablesview.h>
#include <ui/theme.h>

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
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

    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    connect(refreshButton, &QPushButton::clicked, this, &TablesView::refresh);
    m_message->setTextFormat(Qt::PlainText);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(8, 6, 8, 2);
    bar->addWidget(m_message, 1);
    bar->addWidget(refreshButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_list, 1);
    refresh();
}

void TablesView::setTableApi(Tables::DynamoApi *api)
{
    m_api = api;
    refresh();
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
    m_list->clear();
    if (!m_api) {
        m_message->setText(tr("The table engine is not running."));
        Q_EMIT refreshed();
        return;
    }
    m_message->setText(tr("Reading tables…"));
    listPage({}, m_generation);
}

void TablesView::listPage(const QString &startAfter, int generation)
{
    QJsonObject request{{QStringLiteral("Limit"), 100}};
    if (!startAfter.isEmpty())
        request.insert(QStringLiteral("ExclusiveStartTableName"), startAfter);
    ++m_pending;
    callApi(m_api, this, QStringLiteral("ListTables"), request,
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
                if (--self->m_pending == 0) {
                    self->m_message->setText(self->summary());
                    Q_EMIT self->refreshed();
                }
            });
}

void TablesView::describe(const QString &name, int generation)
{
    ++m_pending;
    callApi(m_api, this, QStringLiteral("DescribeTable"), QJsonObject{{QStringLiteral("TableName"), name}},
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
                if (--self->m_pending == 0) {
                    self->m_message->setText(self->summary());
                    Q_EMIT self->refreshed();
                }
            });
}

} // namespace Gatehouse::Ui
