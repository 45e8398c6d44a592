// Thread affinity: GUI thread.
#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace Gatehouse::Tables {
class DynamoApi;
}

namespace Gatehouse::Ui {

class BackgroundApi;
class TableBrowser;

// The tables of the running engine, read through the DynamoDB API (ListTables, then
// DescribeTable for each): key schema, item count, size, status; create and delete tables; and
// below, the browser of the selected table's items. Every call goes through a BackgroundApi, so
// nothing here waits for the engine on the GUI thread.
class TablesView : public QWidget
{
    Q_OBJECT
public:
    enum Column { NameColumn, PartitionKeyColumn, SortKeyColumn, ItemsColumn, SizeColumn,
                  BillingColumn, StatusColumn, CreatedColumn, ColumnCount };

    explicit TablesView(QWidget *parent = nullptr);

    ~TablesView() override;

    void setTableApi(Tables::DynamoApi *api);
    // The DynamoDB endpoint the AWS CLI commands shown in the query builder point at.
    void setEndpointUrl(const QString &url);
    QTreeWidget *list() const { return m_list; }
    TableBrowser *browser() const { return m_browser; }
    // The API the view calls (the background wrapper of the one set), for dialogs it opens.
    Tables::DynamoApi *api() const;
    QString message() const;
    void selectTable(const QString &name);

public Q_SLOTS:
    void refresh();
    void createTable();
    // Asks for confirmation (typing the table's name), then dropTable.
    void deleteTable();
    void dropTable(const QString &name);

Q_SIGNALS:
    void refreshed();

private:
    void listPage(const QString &startAfter, int generation);
    void describe(const QString &name, int generation);
    QString summary() const;
    void finishRefresh();
    void openSelected();

    std::unique_ptr<BackgroundApi> m_api;
    QString m_wanted;       // the table to select once the list is read again
    QTreeWidget *m_list;
    QLabel *m_message;
    QPushButton *m_deleteButton;
    TableBrowser *m_browser;
    int m_generation = 0;   // drops answers of an older refresh
    int m_pending = 0;
};

} // namespace Gatehouse::Ui
