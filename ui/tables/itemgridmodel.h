// Thread affinity: GUI thread.
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace Gatehouse::Tables {
class DynamoApi;
}

namespace Gatehouse::Ui {

// The items of a Scan or Query, fetched page by page (ExclusiveStartKey) as the view scrolls
// (canFetchMore/fetchMore): a table of a million items opens with its first page and never
// loads whole. Answers arrive late (on the GUI thread, through callApi); a reload bumps a
// generation so a page of an older source is dropped. Columns are the attributes seen so far,
// the key attributes first.
class ItemGridModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role { ItemRole = Qt::UserRole + 1, TypeRole, AttributeRole };

    explicit ItemGridModel(QObject *parent = nullptr);

    void setApi(Tables::DynamoApi *api) { m_api = api; }
    // The table's key attributes (hash, then range if any): shown first, and they identify rows.
    void setKeyNames(const QStringList &keyNames);
    QStringList keyNames() const { return m_keyNames; }
    // Scan or Query with `request` (TableName, expressions, ...; no ExclusiveStartKey). With
    // `singlePage` the request's own Limit is kept and paging stops after one page, as the AWS
    // CLI does when given --limit; otherwise pages of pageSize() items are fetched on demand.
    void setSource(const QString &operation, const QJsonObject &request, bool singlePage = false);
    void clear();
    void reload();
    QString operation() const { return m_operation; }
    QJsonObject request() const { return m_request; }

    void setPageSize(int items) { m_pageSize = items; }
    int pageSize() const { return m_pageSize; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    QStringList attributeNames() const { return m_columns; }
    QJsonObject item(int row) const { return m_items.value(row); }
    QList<QJsonObject> items() const { return m_items; }
    int rowOfKey(const QString &keyId) const;
    // Local changes after a write went through the API: the grid follows without a reload.
    void putItem(const QJsonObject &item);          // replaces the row of the same key, or appends
    void removeItem(const QString &keyId);

    bool isFetching() const { return m_fetching; }
    bool hasMore() const { return m_hasMore; }
    int pagesFetched() const { return m_pages; }
    qint64 scannedCount() const { return m_scanned; }
    QString lastError() const { return m_error; }

Q_SIGNALS:
    void pageFetched(int rows);
    void errorOccurred(const QString &message);
    void fetchingChanged(bool fetching);

private:
    void requestPage();
    void onPage(const QJsonObject &response);
    void addColumns(const QJsonObject &item, QStringList *fresh) const;
    void reindex();

    Tables::DynamoApi *m_api = nullptr;
    QStringList m_keyNames;
    QString m_operation;
    QJsonObject m_request;
    bool m_singlePage = false;
    int m_pageSize = 200;

    QList<QJsonObject> m_items;
    QHash<QString, int> m_rowOfKey;
    QStringList m_columns;
    QJsonObject m_lastKey;
    bool m_hasMore = false;
    bool m_fetching = false;
    bool m_inRequest = false;
    int m_generation = 0;
    int m_pages = 0;
    qint64 m_scanned = 0;
    QString m_error;
};

} // namespace Gatehouse::Ui
