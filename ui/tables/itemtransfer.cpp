#include <ui/apicall.h>
#include <ui/tables/itemtransfer.h>
#include <ui/tables/tablejson.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTemporaryFile>

namespace Gatehouse::Ui {

namespace {
constexpr int kExportPage = 500;
constexpr int kBatchSize = 25;     // BatchWriteItem's limit
constexpr int kPutsInFlight = 8;
}

// ---- export ----

ItemExport::ItemExport(Tables::DynamoApi *api, const TableInfo &table, const QString &operation,
                       const QJsonObject &request, ItemFormats::Format format, const QString &path, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_table(table)
    , m_operation(operation)
    , m_request(request)
    , m_format(format)
    , m_path(path)
{
    // Every item of the query, not the one page a Limit asks for.
    m_request.remove(QStringLiteral("Limit"));
    m_request.remove(QStringLiteral("ExclusiveStartKey"));
}

ItemExport::~ItemExport() = default;

void ItemExport::start()
{
    m_file = std::make_unique<QSaveFile>(m_path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        finish(false, tr("Cannot write %1: %2").arg(m_path, m_file->errorString()));
        return;
    }
    if (m_format == ItemFormats::Format::Csv) {
        m_spool = std::make_unique<QTemporaryFile>();
        if (!m_spool->open()) {
            finish(false, tr("Cannot create a temporary file: %1").arg(m_spool->errorString()));
            return;
        }
        m_columns = std::make_unique<ItemFormats::CsvColumns>(m_table.keys.names());
    } else if (m_format == ItemFormats::Format::PlainJson) {
        m_file->write("[\n");
    }
    m_running = true;
    Q_EMIT progress(0, m_table.itemCount);
    nextPage();
}

void ItemExport::cancel()
{
    m_cancelled = true;
}

void ItemExport::nextPage()
{
    if (m_cancelled) {
        finish(false, tr("Export cancelled after %1; no file was written.").arg(TableJson::itemCount(m_written)));
        return;
    }
    QJsonObject request = m_request;
    request.insert(QStringLiteral("Limit"), kExportPage);
    if (!m_lastKey.isEmpty())
        request.insert(QStringLiteral("ExclusiveStartKey"), m_lastKey);
    callApi(m_api, this, m_operation, request, [](ItemExport *self, const Tables::ApiReply &reply) {
        if (!reply.result.isOk()) {
            self->finish(false, reply.result.status().code() + u": " + reply.result.status().message());
            return;
        }
        for (const QJsonValue &v : reply.result->value(QStringLiteral("Items")).toArray()) {
            const QJsonObject item = v.toObject();
            switch (self->m_format) {
            case ItemFormats::Format::DynamoJsonLines:
                self->m_file->write(ItemFormats::jsonLine(item));
                break;
            case ItemFormats::Format::PlainJson:
                self->m_file->write(ItemFormats::plainJsonElement(item, self->m_written == 0));
                break;
            case ItemFormats::Format::Csv:
                self->m_columns->add(item);
                self->m_spool->write(QJsonDocument(item).toJson(QJsonDocument::Compact) + '\n');
                break;
            }
            ++self->m_written;
        }
        Q_EMIT self->progress(self->m_written, qMax(self->m_written, self->m_table.itemCount));
        self->m_lastKey = reply.result->value(QStringLiteral("LastEvaluatedKey")).toObject();
        if (self->m_lastKey.isEmpty()) {
            if (self->m_format == ItemFormats::Format::PlainJson)
                self->m_file->write("\n]\n");
            if (self->m_format == ItemFormats::Format::Csv && !self->writeCsv())
                return;
            if (!self->m_file->commit()) {
                self->finish(false, tr("Cannot write %1: %2").arg(self->m_path, self->m_file->errorString()));
                return;
            }
            self->finish(true, tr("Exported %1 to %2.").arg(TableJson::itemCount(self->m_written), self->m_path));
            return;
        }
        // From the event loop: a synchronous API would otherwise recurse page after page.
        QMetaObject::invokeMethod(self, &ItemExport::nextPage, Qt::QueuedConnection);
    });
}

bool ItemExport::writeCsv()
{
    m_file->write(m_columns->header());
    m_spool->seek(0);
    while (!m_spool->atEnd()) {
        const QByteArray line = m_spool->readLine();
        if (line.trimmed().isEmpty())
            continue;
        m_file->write(m_columns->row(QJsonDocument::fromJson(line).object()));
    }
    return true;
}

void ItemExport::finish(bool ok, const QString &message)
{
    if (!ok && m_file)
        m_file->cancelWriting();
    m_running = false;
    Q_EMIT finished(ok, message);
}

// ---- import ----

ItemImport::ItemImport(Tables::DynamoApi *api, const TableInfo &table, ItemFormats::Format format,
                       const QString &path, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_table(table)
    , m_format(format)
    , m_path(path)
{
}

void ItemImport::start()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        Q_EMIT finished(false, tr("Cannot read %1: %2").arg(m_path, file.errorString()));
        return;
    }
    const ItemFormats::Parsed parsed = ItemFormats::parse(m_format, file.readAll(), m_table);
    if (!parsed.error.isEmpty()) {
        Q_EMIT finished(false, tr("%1 is not %2: %3").arg(m_path, ItemFormats::formatName(m_format), parsed.error));
        return;
    }
    m_items = parsed.items;
    m_lines = parsed.lines;
    for (int i = 0; i < m_items.size(); ++i) {
        const QString problem = m_table.keyProblem(m_items[i]);
        if (problem.isEmpty())
            m_queue << i;
        else
            fail(i, problem);
    }
    m_running = true;
    Q_EMIT progress(0, m_items.size());
    pump();
}

void ItemImport::cancel()
{
    m_cancelled = true;
}

void ItemImport::fail(int index, const QString &message)
{
    ++m_failed;
    if (m_errors.size() < 5)
        m_errors << tr("line %1: %2").arg(m_lines.value(index)).arg(message);
}

void ItemImport::pump()
{
    if (m_cancelled)
        m_queue.clear();
    if (m_batch == Batch::Unknown) {
        // One probe: its answer decides between BatchWriteItem and PutItem.
        if (m_inFlight == 0 && !m_queue.isEmpty())
            sendBatch();
    } else if (m_batch == Batch::Yes) {
        while (m_inFlight < 2 && !m_queue.isEmpty())
            sendBatch();
    } else {
        while (m_inFlight < kPutsInFlight && !m_queue.isEmpty())
            sendPut();
    }
    maybeFinish();
}

void ItemImport::sendBatch()
{
    QList<int> chunk;
    QJsonArray requests;
    while (!m_queue.isEmpty() && chunk.size() < kBatchSize) {
        const int i = m_queue.takeFirst();
        chunk << i;
        requests.append(QJsonObject{{QStringLiteral("PutRequest"), QJsonObject{{QStringLiteral("Item"), m_items[i]}}}});
    }
    ++m_inFlight;
    const QJsonObject request{{QStringLiteral("RequestItems"), QJsonObject{{m_table.name, requests}}}};
    callApi(m_api, this, QStringLiteral("BatchWriteItem"), request,
            [chunk](ItemImport *self, const Tables::ApiReply &reply) {
                --self->m_inFlight;
                if (!reply.result.isOk()) {
                    const QString code = reply.result.status().code();
                    if (self->m_batch == Batch::Unknown
                        && (code == QLatin1String("UnknownOperationException")
                            || reply.result.status().message().contains(QLatin1String("not supported")))) {
                        // An endpoint without BatchWriteItem: the same items go through PutItem.
                        self->m_batch = Batch::No;
                        self->m_queue = chunk + self->m_queue;
                        self->pump();
                        return;
                    }
                    // One bad item fails the whole batch: send its items one by one to find it.
                    self->m_batch = Batch::No;
                    self->m_queue = chunk + self->m_queue;
                    self->pump();
                    return;
                }
                self->m_batch = Batch::Yes;
                // Items the endpoint did not process go round again.
                const QJsonArray unprocessed =
                    reply.result->value(QStringLiteral("UnprocessedItems")).toObject().value(self->m_table.name).toArray();
                QList<int> again;
                for (const QJsonValue &u : unprocessed) {
                    const QJsonObject item = u[QLatin1String("PutRequest")][QLatin1String("Item")].toObject();
                    for (int i : chunk) {
                        if (self->m_items[i] == item) {
                            again << i;
                            break;
                        }
                    }
                }
                self->m_done += chunk.size() - again.size();
                self->m_queue = again + self->m_queue;
                Q_EMIT self->progress(self->m_done, self->m_items.size());
                QMetaObject::invokeMethod(self, &ItemImport::pump, Qt::QueuedConnection);
            });
}

void ItemImport::sendPut()
{
    const int i = m_queue.takeFirst();
    ++m_inFlight;
    callApi(m_api, this, QStringLiteral("PutItem"),
            QJsonObject{{QStringLiteral("TableName"), m_table.name}, {QStringLiteral("Item"), m_items[i]}},
            [i](ItemImport *self, const Tables::ApiReply &reply) {
                --self->m_inFlight;
                if (reply.result.isOk())
                    ++self->m_done;
                else
                    self->fail(i, reply.result.status().code() + u": " + reply.result.status().message());
                Q_EMIT self->progress(self->m_done + self->m_failed, self->m_items.size());
                QMetaObject::invokeMethod(self, &ItemImport::pump, Qt::QueuedConnection);
            });
}

void ItemImport::maybeFinish()
{
    if (!m_running || m_inFlight > 0 || !m_queue.isEmpty())
        return;
    m_running = false;
    QString message = m_cancelled ? tr("Import cancelled: %1 written before the cancel.").arg(TableJson::itemCount(m_done))
                                  : tr("Imported %1").arg(TableJson::itemCount(m_done));
    if (!m_cancelled) {
        message += m_batch == Batch::Yes ? tr(" with BatchWriteItem.") : tr(" with PutItem.");
    }
    if (m_failed > 0)
        message += u' ' + tr("%1 failed:").arg(TableJson::itemCount(m_failed)) + u'\n' + m_errors.join(u'\n');
    Q_EMIT finished(!m_cancelled && m_failed == 0, message);
}

} // namespace Gatehouse::Ui
