// Thread affinity: GUI thread.
#pragma once

#include <QList>
#include <QMap>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QGroupBox;
class QLayout;
class QPushButton;
class QTableWidget;

namespace Gatehouse::Ui {

class TemplateField;

// A small editable table of rows (parameters, mappings, headers, stage variables). The first
// column is the row's key: rows without one are being typed and are left out of rows().
class RowTable : public QWidget
{
    Q_OBJECT
public:
    struct Column
    {
        enum Kind { Text, Check, Choice };
        Column(const QString &title, Kind kind = Text, const QStringList &choices = {})
            : title(title), kind(kind), choices(choices) {}
        QString title;
        Kind kind = Text;
        QStringList choices;   // Choice: offered in an editable combo box
    };

    explicit RowTable(const QList<Column> &columns, QWidget *parent = nullptr);

    // Replaces the rows unless they equal rows() already (so an edit echoed back by the
    // model does not disturb the cell being edited). Check columns hold "true" / "false".
    void setRows(const QList<QStringList> &rows);
    QList<QStringList> rows() const;
    QTableWidget *table() const { return m_table; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    // A row added by the user's "Add" starts with this key (empty: the key cell opens).
    void setNewRowKey(const std::function<QString()> &key) { m_newKey = key; }
    void addRow(const QStringList &values);
    // The values a Choice column offers (models of the API, ...).
    void setChoices(int column, const QStringList &choices);

Q_SIGNALS:
    void rowsEdited();

private:
    QList<Column> m_columns;
    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    std::function<QString()> m_newKey;
    bool m_setting = false;
};

// Mapping templates by content type: the content type chosen above, its template below.
class TemplateMapEditor : public QWidget
{
    Q_OBJECT
public:
    explicit TemplateMapEditor(QWidget *parent = nullptr);

    void setTemplates(const QMap<QString, QString> &templates);
    QMap<QString, QString> templates() const { return m_templates; }
    QComboBox *contentTypes() const { return m_types; }
    TemplateField *editor() const { return m_editor; }
    void selectContentType(const QString &contentType);

Q_SIGNALS:
    // `contentType`: the template being typed into (edits of one merge into one undo step).
    void templatesEdited(const QString &contentType);

private:
    void showSelected();

    QMap<QString, QString> m_templates;
    QComboBox *m_types;
    TemplateField *m_editor;
    QPushButton *m_add;
    QPushButton *m_remove;
};

// Combo boxes of `form` size to a short minimum instead of their longest entry, so that a form
// never forces the window wider.
void compactCombos(QWidget *form);

// A titled box around `content` (and `below` under it), with the forms' margins.
QGroupBox *formGroup(const QString &title, QWidget *content, QLayout *below = nullptr);

// `content` with a row of `buttons` under it (left-aligned), as one widget.
QWidget *withButtons(QWidget *content, const QList<QWidget *> &buttons);

// Map <-> rows helpers for the forms.
QList<QStringList> rowsOf(const QMap<QString, QString> &map);
QList<QStringList> rowsOf(const QMap<QString, bool> &map);
QMap<QString, QString> stringMapOf(const QList<QStringList> &rows);
QMap<QString, bool> boolMapOf(const QList<QStringList> &rows);

} // namespace Gatehouse::Ui
