// Thread affinity: GUI thread.
#pragma once

#include <ui/tables/tableinfo.h>

#include <QHash>
#include <QJsonObject>
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

class ItemEditor;
class ItemExport;
class ItemGridModel;
class ItemImport;
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
    QAction *action(const QString &name) const;

    // The item actions, for the toolbar and for tests. Each returns the editor it opened.
    ItemEditor *addItem();
    ItemEditor *editItem(int row);
    ItemEditor *duplicateItem(int row);
    // Deletes items (one undoable step); `confirm` asks first.
    void deleteItems(const QList<QJsonObject> &items, bool confirm = true);

    // Import/export without the file dialogs: the job runs with a progress dialog (cancel) and
    // reports in the status line. Returned for tests; it deletes itself when done.
    ItemImport *importFile(const QString &path, int format = -1);
    ItemExport *exportFile(const QString &path, int format);

    // Used by the undo commands: writes `after` where `before` was (conditionally), updates the
    // grid, reports a failure in the status line.
    void applyWrite(const QJsonObject &before, const QJsonObject &after, const QString &what);
    int pendingWrites() const { return m_pendingWrites; }

public Q_SLOTS:
    void runQuery();
    void refresh();
    void editCurrent();
    void duplicateCurrent();
    void deleteSelected();
    void importDialog();
    void exportDialog();

Q_SIGNALS:
    void tableOpened(const QString &name);
    // An item write went through (the tables list refreshes counts).
    void itemsChanged();

private:
    void updateStatus();
    void updateActions();
    void createActions();
    void fitColumns();
    ItemEditor *openEditor(const QJsonObject &original, const QJsonObject &initial);
    void showMessage(const QString &text);

    Tables::DynamoApi *m_api = nullptr;
    TableInfo m_table;
    int m_openGeneration = 0;
    QString m_error;
    QString m_note;            // the outcome of the last write, import or export
    int m_pendingWrites = 0;
    QHash<QString, QAction *> m_actions;

    ItemGridModel *m_model;
    QTableView *m_grid;
    QueryPanel *m_query;
    QToolBar *m_toolbar;
    QLabel *m_title;
    QLabel *m_status;
    QUndoStack *m_undo;
};

} // namespace Gatehouse::Ui
