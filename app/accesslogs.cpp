#include "accesslogs.h"

#include <gateway/accesslogformat.h>
#include <observe/accesslog.h>
#include <observe/recordhub.h>

#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QThread>

namespace Gatehouse::App {

namespace {

struct Route
{
    QString apiId;
    QString stage;
    std::shared_ptr<const Gateway::AccessLogFormat> format;
};

// The formatter of one file: the line of the stage that served the record, nothing for records
// of other stages or of the tables listener.
Observe::AccessLog::Formatter formatterFor(QList<Route> routes)
{
    return [routes = std::move(routes)](const Observe::RequestRecord &r) -> QByteArray {
        if (r.listener != QLatin1String("gateway"))
            return QByteArray();
        const QString apiId = r.notes.value(QStringLiteral("apiId")).toString();
        const QString stage = r.notes.value(QStringLiteral("stage")).toString();
        for (const Route &route : routes) {
            if (route.apiId == apiId && route.stage == stage)
                return route.format->render(r);
        }
        return QByteArray();
    };
}

} // namespace

AccessLogs::~AccessLogs()
{
    stop();
}

Status AccessLogs::start(const QList<Target> &targets, Observe::RecordHub *hub)
{
    stop();
    QMap<QString, QList<Route>> byFile;
    for (const Target &t : targets) {
        if (!t.settings.isEnabled())
            continue;
        const QString file = QFileInfo(t.settings.destinationArn).absoluteFilePath();
        const QString text = Gateway::AccessLogFormat::preset(
            t.settings.format.isEmpty() ? QStringLiteral("clf") : t.settings.format);
        auto format = std::make_shared<const Gateway::AccessLogFormat>(text);
        const QString where = QStringLiteral("access log of %1/%2").arg(t.apiId, t.stage);
        for (const QString &name : format->unknownVariables())
            m_problems << QStringLiteral("%1: unknown variable $context.%2 (logged as -)").arg(where, name);
        if (!format->hasRequestId()) {
            m_problems << QStringLiteral("%1: the format should contain $context.requestId or "
                                         "$context.extendedRequestId, as API Gateway requires").arg(where);
        }
        byFile[file].append({t.apiId, t.stage, std::move(format)});
    }
    if (byFile.isEmpty())
        return Status::ok();

    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("access-log"));
    for (auto it = byFile.cbegin(); it != byFile.cend(); ++it) {
        QDir().mkpath(QFileInfo(it.key()).absolutePath());
        auto *log = new Observe::AccessLog(it.key(), formatterFor(it.value()));
        // Opened here, before the move: the flush timer starts with the thread.
        if (Status s = log->open(); !s) {
            delete log;
            stop();
            return s;
        }
        log->moveToThread(m_thread);
        m_logs.append(log);
        m_files.append(it.key());
    }
    m_thread->start();
    m_hub = hub;
    for (Observe::AccessLog *log : std::as_const(m_logs))
        m_hub->addSink(log);
    return Status::ok();
}

void AccessLogs::stop()
{
    if (m_hub) {
        for (Observe::AccessLog *log : std::as_const(m_logs))
            m_hub->removeSink(log);
        m_hub = nullptr;
    }
    if (m_thread) {
        for (Observe::AccessLog *log : std::as_const(m_logs))
            QMetaObject::invokeMethod(log, [log] { log->close(); }, Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    qDeleteAll(m_logs); // closed, and their thread has finished
    m_logs.clear();
    m_files.clear();
}

} // namespace Gatehouse::App
