// Thread affinity: GUI thread.
#pragma once

#include <ui/tables/tableinfo.h>

#include <common/status.h>

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QLabel;
class QPushButton;
class QWidget;

namespace Gatehouse::Tables {
class DynamoApi;
}

namespace Gatehouse::Ui {

class JsonEditor;

// Edits one item as DynamoDB JSON or plain JSON (switching converts, numbers kept exact), checks
// it against the key schema, and saves it with PutItem conditional on the item being as it was
// loaded (or absent, for a new item). When the check fails, a bar says what changed and offers
// Reload (take the current item) or Overwrite (save anyway). Saved writes are reported through
// `saved`, which the browser turns into an undoable command.
class ItemEditor : public QDialog
{
    Q_OBJECT
public:
    enum Format { DynamoJson, PlainJson };

    // `original` empty: a new item, starting from `initial` (a duplicate, or the key skeleton).
    ItemEditor(Tables::DynamoApi *api, const TableInfo &table, const QJsonObject &original,
               const QJsonObject &initial, QWidget *parent = nullptr);

    JsonEditor *editor() const { return m_editor; }
    Format format() const { return m_formatValue; }
    void setFormat(Format format);
    QJsonObject original() const { return m_original; }
    bool isNew() const { return m_original.isEmpty(); }

    // The editor's text as a DynamoDB JSON item, or the reason it is not one (with its position
    // marked in the editor).
    Result<QJsonObject> currentItem();
    QString message() const;
    bool hasConflict() const { return m_conflict; }
    bool isSaving() const { return m_saving; }

public Q_SLOTS:
    void save();
    // After a conflict: the item as it is now replaces the text (edits are dropped).
    void reload();
    // After a conflict: write the edited item regardless of what changed.
    void overwrite();

Q_SIGNALS:
    // The write went through: `before` is what was stored (empty: nothing), `after` the new item.
    void saved(const QJsonObject &before, const QJsonObject &after);

private:
    void setText(const QJsonObject &item);
    void showMessage(const QString &text, bool error);
    void send(const QJsonObject &item, bool conditional);

    Tables::DynamoApi *m_api;
    TableInfo m_table;
    QJsonObject m_original;
    QJsonObject m_current;     // what the engine holds now, as the last conflict told us
    QJsonObject m_hints;       // the item last shown: its types guide plain JSON back
    Format m_formatValue = DynamoJson;
    bool m_conflict = false;
    bool m_saving = false;

    QComboBox *m_format;
    JsonEditor *m_editor;
    QLabel *m_message;
    QPushButton *m_reload;
    QPushButton *m_overwrite;
    QPushButton *m_save;
};

} // namespace Gatehouse::Ui
