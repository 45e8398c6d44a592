// Thread affinity: GUI thread.
#pragma once

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace Gatehouse::Tables {
class DynamoApi;
}

namespace Gatehouse::Ui {

// The tables of the running engine, read through the DynamoDB API (ListTables, then
// DescribeTable for each): key schema, item count, size, status. The table browser of the
// console issue (item grid, query builder, item editor) grows from here.
class TablesView : public QWidget
{
    Q_OBJECT
public:
    enum Column { NameColumn, PartitionKeyColumn, SortKeyColumn, ItemsColumn, SizeColumn,
                  BillingColumn, StatusColumn, CreatedColumn, ColumnCount };

    explicit TablesView(QWidget *parent = nullptr);

    void setTableApi(Tables::DynamoApi *api);
    QTreeWidget *list() const { return m_list; }
    QString message() const;
    void selectTable(const QString &name);

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void refreshed();

private:
    void listPage(const QString &startAfter, int generation);
    void describe(const QString &name, int generation);
    QString summary() const;

    Tables::DynamoApi *m_api = nullptr;
    QTreeWidget *m_list;
    QLabel *m_message;
    int m_generation = 0;   // drops answers of an older refresh
    int m_pending = 0;
};

} // namespace Gatehouse::Ui
