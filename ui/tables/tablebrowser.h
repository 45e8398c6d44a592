// Thread affinity: GUI thread.
#pragma once

#include <ui/tables/tableinfo.h>

#include <QWidget>

class QLabel;
class QTableView;
class QToolBar;
class QUndoStack;
class QAction;

namespace Gatehouse::Tables {
class DynamoApi;
}

namespace Gatehouse::Ui {

class ItemGridModel;
class QueryPanel;

// One table's items: the query builder, the lazy item grid and the item actions (add, edit,
// duplicate, delete, import, export, undo), all through the DynamoDB API.
class TableBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit TableBrowser(QWidget *parent = nullptr);
    ~TableBrowser() override;

    void setApi(Tables::DynamoApi *api);
    void setEndpointUrl(const QString &url);
    // Reads the table's description, then its first page of items (a Scan).
    void openTable(const QString &name);
    void closeTable();

    const TableInfo &table() const { return m_table; }
    ItemGridModel *model() const { return m_model; }
    QTableView *grid() const { return m_grid; }
    QueryPanel *queryPanel() const { return m_query; }
    QUndoStack *undoStack() const { return m_undo; }
    QString statusText() const;

    QList<QJsonObject> selectedItems() const;

public Q_SLOTS:
    void runQuery();
    void refresh();

Q_SIGNALS:
    void tableOpened(const QString &name);
    // An item write went through (the tables list refreshes counts).
    void itemsChanged();

private:
    void updateStatus();
    void updateActions();

    Tables::DynamoApi *m_api = nullptr;
    TableInfo m_table;
    int m_openGeneration = 0;
    QString m_error;

    ItemGridModel *m_model;
    QTableView *m_grid;
    QueryPanel *m_query;
    QToolBar *m_toolbar;
    QLabel *m_title;
    QLabel *m_status;
    QUndoStack *m_undo;
};

} // namespace Gatehouse::Ui
