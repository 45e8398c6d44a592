// Thread affinity: GUI thread.
#pragma once

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace Gatehouse::Tables {
class DynamoApi;
}

namespace Gatehouse::Ui {

// CreateTable through the API: keys and their types, local and global secondary indexes with
// their projections, billing mode with throughput, and a TTL attribute (UpdateTimeToLive after
// the table exists). What the dialog would send is shown as JSON; errors are the engine's own
// words.
class CreateTableDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CreateTableDialog(Tables::DynamoApi *api, QWidget *parent = nullptr);

    // The CreateTable request the fields describe.
    QJsonObject createTableRequest() const;
    // UpdateTimeToLive's request, or an empty object without a TTL attribute.
    QJsonObject timeToLiveRequest() const;

    // Fields, for tests and scripted use.
    void setTableName(const QString &name);
    void setPartitionKey(const QString &name, const QString &type);
    void setSortKey(const QString &name, const QString &type);
    void setProvisioned(bool provisioned, int readUnits = 5, int writeUnits = 5);
    void setTimeToLiveAttribute(const QString &name);
    // kind: "GSI" or "LSI"; projection: ALL, KEYS_ONLY or INCLUDE (with comma-separated names).
    void addIndex(const QString &kind, const QString &name, const QString &hashName, const QString &hashType,
                  const QString &rangeName, const QString &rangeType, const QString &projection,
                  const QString &nonKeyAttributes = {});

    QString message() const;
    bool isBusy() const { return m_busy; }

public Q_SLOTS:
    void create();

Q_SIGNALS:
    // The table exists (the TTL step may still have failed: see message()).
    void created(const QString &name);

private:
    void updatePreview();
    void showMessage(const QString &text, bool error);
    void setTimeToLive(const QString &table);

    Tables::DynamoApi *m_api;
    bool m_busy = false;
    QLineEdit *m_name;
    QLineEdit *m_hashName;
    QComboBox *m_hashType;
    QLineEdit *m_rangeName;
    QComboBox *m_rangeType;
    QComboBox *m_billing;
    QSpinBox *m_read;
    QSpinBox *m_write;
    QLineEdit *m_ttl;
    QTableWidget *m_indexes;
    QPlainTextEdit *m_preview;
    QLabel *m_message;
    QPushButton *m_create;
};

} // namespace Gatehouse::Ui
