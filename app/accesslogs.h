// Thread affinity: main thread. The logs format and write on a thread of their own.
#pragma once

#include <common/status.h>
#include <gateway/model.h>

#include <QList>
#include <QStringList>

#include <memory>

class QThread;

namespace Gatehouse::Observe {
class AccessLog;
class RecordHub;
}

namespace Gatehouse::App {

// The served stages' access logs (Stage.accessLogSettings): one file per destination, fed by the
// record hub with finished gateway records, each written in its stage's $context format. The
// records are queued by the hub and formatted and written on the logs' own thread, so neither a
// listener nor the console's thread waits for the disk.
class AccessLogs
{
public:
    struct Target
    {
        QString apiId;
        QString stage;
        Gateway::AccessLogSettings settings;
    };

    AccessLogs() = default;
    ~AccessLogs();
    AccessLogs(const AccessLogs &) = delete;
    AccessLogs &operator=(const AccessLogs &) = delete;

    // Opens (appending) every destination and starts feeding it from `hub`. On error nothing is
    // left running.
    Status start(const QList<Target> &targets, Observe::RecordHub *hub);
    // Stops feeding, then writes what is queued and closes the files. REQUIRES: the hub was
    // flushed after the last request, so the last records are in the queues.
    void stop();

    QStringList files() const { return m_files; }
    // What the formats cannot log as written (unknown $context variables, no request id).
    QStringList problems() const { return m_problems; }

private:
    QThread *m_thread = nullptr;
    QList<Observe::AccessLog *> m_logs;
    Observe::RecordHub *m_hub = nullptr;
    QStringList m_files;
    QStringList m_problems;
};

} // namespace Gatehouse::App
