// Thread affinity: GUI thread.
#pragma once

#include <ui/tables/itemformats.h>
#include <ui/tables/tableinfo.h>

#include <QJsonObject>
#include <QObject>

#include <memory>

class QSaveFile;
class QTemporaryFile;

namespace Gatehouse::Tables {
class DynamoApi;
}

namespace Gatehouse::Ui {

// Writes every item of a Scan or Query (all pages, not only those the grid loaded) to a file,
// one page at a time from the event loop, so the window stays live; cancel leaves no file.
class ItemExport : public QObject
{
    Q_OBJECT
public:
    ItemExport(Tables::DynamoApi *api, const TableInfo &table, const QString &operation,
               const QJsonObject &request, ItemFormats::Format format, const QString &path,
               QObject *parent = nullptr);
    ~ItemExport() override;

    void start();
    void cancel();
    qint64 written() const { return m_written; }
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(qint64 done, qint64 expected);
    void finished(bool ok, const QString &message);

private:
    void nextPage();
    void finish(bool ok, const QString &message);
    bool writeCsv();

    Tables::DynamoApi *m_api;
    TableInfo m_table;
    QString m_operation;
    QJsonObject m_request;
    ItemFormats::Format m_format;
    QString m_path;
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<QTemporaryFile> m_spool;   // CSV: items kept until every column is known
    std::unique_ptr<ItemFormats::CsvColumns> m_columns;
    QJsonObject m_lastKey;
    qint64 m_written = 0;
    bool m_running = false;
    bool m_cancelled = false;
};

// Reads a file of items and writes them through the API: BatchWriteItem in groups of 25 when the
// endpoint has it (the first call tells; UnprocessedItems are sent again), otherwise PutItem with
// a few calls in flight. Items without the table's key are counted and reported, not sent.
class ItemImport : public QObject
{
    Q_OBJECT
public:
    ItemImport(Tables::DynamoApi *api, const TableInfo &table, ItemFormats::Format format,
               const QString &path, QObject *parent = nullptr);

    void start();
    void cancel();
    qint64 imported() const { return m_done; }
    int failed() const { return m_failed; }
    bool usedBatchWrite() const { return m_batch == Batch::Yes; }
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void finished(bool ok, const QString &message);

private:
    enum class Batch { Unknown, Yes, No };
    void pump();
    void sendBatch();
    void sendPut();
    void fail(int index, const QString &message);
    void maybeFinish();

    Tables::DynamoApi *m_api;
    TableInfo m_table;
    ItemFormats::Format m_format;
    QString m_path;
    QList<QJsonObject> m_items;
    QList<int> m_lines;
    QList<int> m_queue;        // indexes still to send
    int m_inFlight = 0;
    qint64 m_done = 0;
    int m_failed = 0;
    QStringList m_errors;
    Batch m_batch = Batch::Unknown;
    bool m_running = false;
    bool m_cancelled = false;
};

} // namespace Gatehouse::Ui
