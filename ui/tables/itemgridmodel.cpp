#include <ui/apicall.h>
#include <ui/tables/itemgridmodel.h>
#include <ui/tables/tablejson.h>

#include <QApplication>
#include <QFont>
#include <QJsonArray>
#include <QPalette>
#include <QPointer>

namespace Gatehouse::Ui {

namespace {
const QString kItems = QStringLiteral("Items");
const QString kLastKey = QStringLiteral("LastEvaluatedKey");
const QString kStartKey = QStringLiteral("ExclusiveStartKey");
const QString kLimit = QStringLiteral("Limit");
}

ItemGridModel::ItemGridModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ItemGridModel::setKeyNames(const QStringList &keyNames)
{
    m_keyNames = keyNames;
    m_keyNames.removeAll(QString());
}

void ItemGridModel::setSource(const QString &operation, const QJsonObject &request, bool singlePage)
{
    m_operation = operation;
    m_request = request;
    m_request.remove(kStartKey);
    m_singlePage = singlePage;
    reload();
}

void ItemGridModel::clear()
{
    ++m_generation;
    beginResetModel();
    m_items.clear();
    m_rowOfKey.clear();
    m_columns.clear();
    m_lastKey = {};
    m_hasMore = false;
    m_pages = 0;
    m_scanned = 0;
    m_error.clear();
    endResetModel();
    if (m_fetching) {
        m_fetching = false;
        Q_EMIT fetchingChanged(false);
    }
}

void ItemGridModel::reload()
{
    clear();
    if (!m_api || m_operation.isEmpty())
        return;
    beginResetModel();
    m_columns = m_keyNames;
    m_hasMore = true;
    endResetModel();
    // The first page is asked for at once: a view asks only once it has laid out, and the
    // status line wants "loading" from the first moment. (A view may have asked already, on the
    // reset.)
    if (canFetchMore({}))
        requestPage();
}

int ItemGridModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ItemGridModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ItemGridModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &item = m_items.at(index.row());
    const QString &name = m_columns.at(index.column());
    if (role == ItemRole)
        return item;
    if (role == AttributeRole)
        return name;
    const auto it = item.constFind(name);
    if (it == item.constEnd())
        return {};
    const QJsonObject value = it.value().toObject();
    switch (role) {
    case Qt::DisplayRole:
        return TableJson::cellText(value);
    case TypeRole:
        return TableJson::typeOf(value);
    case Qt::ToolTipRole: {
        const QString tip = TableJson::typeDescription(value) + u'\n' + TableJson::cellText(value, 600);
        return tip;
    }
    case Qt::TextAlignmentRole: {
        const QString type = TableJson::typeOf(value);
        if (type == QLatin1String("N"))
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    }
    case Qt::ForegroundRole: {
        const QString type = TableJson::typeOf(value);
        if (type == QLatin1String("NULL") || type == QLatin1String("M") || type == QLatin1String("L")
            || (type.size() == 2 && type.endsWith(u'S'))) {
            return QApplication::palette().color(QPalette::Disabled, QPalette::Text).darker(120);
        }
        return {};
    }
    default:
        return {};
    }
}

QVariant ItemGridModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return section + 1;
        return {};
    }
    if (section < 0 || section >= m_columns.size())
        return {};
    const QString &name = m_columns.at(section);
    const int keyIndex = int(m_keyNames.indexOf(name));
    switch (role) {
    case Qt::DisplayRole:
        return name;
    case Qt::FontRole:
        if (keyIndex >= 0) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (keyIndex == 0)
            return tr("%1: partition key").arg(name);
        if (keyIndex == 1)
            return tr("%1: sort key").arg(name);
        return name;
    default:
        return {};
    }
}

bool ItemGridModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasMore && !m_fetching && m_api;
}

void ItemGridModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage();
}

void ItemGridModel::requestPage()
{
    QJsonObject request = m_request;
    if (!m_singlePage)
        request.insert(kLimit, m_pageSize);
    if (!m_lastKey.isEmpty())
        request.insert(kStartKey, m_lastKey);
    m_fetching = true;
    Q_EMIT fetchingChanged(true);
    const int generation = m_generation;
    auto handle = [generation](ItemGridModel *self, const Tables::ApiReply &reply) {
                if (generation != self->m_generation)
                    return;
                self->m_fetching = false;
                if (!reply.result.isOk()) {
                    self->m_hasMore = false;
                    self->m_error = reply.result.status().code() + u": " + reply.result.status().message();
                    Q_EMIT self->fetchingChanged(false);
                    Q_EMIT self->errorOccurred(self->m_error);
                    return;
                }
                self->onPage(*reply.result);
            };
    // A synchronous answer is handled from the event loop: rows never change inside fetchMore,
    // where a view (or QAbstractItemModelTester) may be in the middle of its own bookkeeping.
    m_inRequest = true;
    callApi(m_api, this, m_operation, request,
            [handle](ItemGridModel *self, const Tables::ApiReply &reply) {
                if (!self->m_inRequest) {
                    handle(self, reply);
                    return;
                }
                QPointer<ItemGridModel> guard(self);
                QMetaObject::invokeMethod(
                    self, [guard, handle, reply] {
                        if (guard)
                            handle(guard.data(), reply);
                    },
                    Qt::QueuedConnection);
            });
    m_inRequest = false;
}

void ItemGridModel::addColumns(const QJsonObject &item, QStringList *fresh) const
{
    for (auto it = item.begin(); it != item.end(); ++it) {
        if (!m_columns.contains(it.key()) && !fresh->contains(it.key()))
            fresh->append(it.key());
    }
}

void ItemGridModel::onPage(const QJsonObject &response)
{
    ++m_pages;
    m_scanned += response.value(QStringLiteral("ScannedCount")).toInteger();
    const QJsonArray items = response.value(kItems).toArray();
    m_lastKey = response.value(kLastKey).toObject();
    m_hasMore = !m_singlePage && !m_lastKey.isEmpty();

    QStringList fresh;
    for (const QJsonValue &v : items)
        addColumns(v.toObject(), &fresh);
    if (!fresh.isEmpty()) {
        beginInsertColumns({}, int(m_columns.size()), int(m_columns.size() + fresh.size() - 1));
        m_columns += fresh;
        endInsertColumns();
    }
    if (!items.isEmpty()) {
        const int first = int(m_items.size());
        beginInsertRows({}, first, first + int(items.size()) - 1);
        for (const QJsonValue &v : items) {
            const QJsonObject item = v.toObject();
            m_rowOfKey.insert(TableJson::keyId(item, m_keyNames), int(m_items.size()));
            m_items.append(item);
        }
        endInsertRows();
    }
    Q_EMIT fetchingChanged(false);
    Q_EMIT pageFetched(int(items.size()));
    // A page the filter emptied changes nothing a view would notice, so no view would ask for
    // the next one: keep going (each page still bounded by Limit), from the event loop so a
    // synchronous API does not recurse.
    if (items.isEmpty() && m_hasMore) {
        const int generation = m_generation;
        QMetaObject::invokeMethod(
            this,
            [this, generation] {
                if (generation == m_generation && canFetchMore({}))
                    requestPage();
            },
            Qt::QueuedConnection);
    }
}

int ItemGridModel::rowOfKey(const QString &keyId) const
{
    return m_rowOfKey.value(keyId, -1);
}

void ItemGridModel::putItem(const QJsonObject &item)
{
    const QString id = TableJson::keyId(item, m_keyNames);
    QStringList fresh;
    addColumns(item, &fresh);
    if (!fresh.isEmpty()) {
        beginInsertColumns({}, int(m_columns.size()), int(m_columns.size() + fresh.size() - 1));
        m_columns += fresh;
        endInsertColumns();
    }
    const int row = rowOfKey(id);
    if (row >= 0) {
        m_items[row] = item;
        Q_EMIT dataChanged(index(row, 0), index(row, int(m_columns.size()) - 1));
        return;
    }
    const int at = int(m_items.size());
    beginInsertRows({}, at, at);
    m_items.append(item);
    m_rowOfKey.insert(id, at);
    endInsertRows();
}

void ItemGridModel::removeItem(const QString &keyId)
{
    const int row = rowOfKey(keyId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    endRemoveRows();
    reindex();
}

void ItemGridModel::reindex()
{
    m_rowOfKey.clear();
    for (int i = 0; i < m_items.size(); ++i)
        m_rowOfKey.insert(TableJson::keyId(m_items[i], m_keyNames), i);
}

} // namespace Gatehouse::Ui
