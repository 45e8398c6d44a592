// Thread affinity: publish() is any thread; open(), flush() and close() run on the log's thread.
#pragma once

#include <common/status.h>
#include <observe/requestrecord.h>

#include <QByteArray>
#include <QFile>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>

namespace Gatehouse::Observe {

// Writes one line per record, by default in Common Log Format followed by the request id:
//   127.0.0.1 - - [25/Nov/2026:15:42:03 +0000] "GET /x HTTP/1.1" 200 17 "0b5c...-..."
// or as a Formatter makes it (the gateway's $context access-log formats).
// publish() only queues the record under a mutex; a timer on the log's thread (or a queued call
// when many are pending) formats the lines and writes them, so neither a slow disk nor the
// formatting ever stalls a listener or the thread that publishes.
class AccessLog : public QObject, public RecordSink
{
    Q_OBJECT
public:
    // One line for a record, without the newline; an empty result writes nothing (a record
    // this log does not keep).
    using Formatter = std::function<QByteArray(const RequestRecord &)>;

    explicit AccessLog(QString path, QObject *parent = nullptr);
    AccessLog(QString path, Formatter formatter, QObject *parent = nullptr);
    ~AccessLog() override;

    // Opens (appending to) the file and starts the flush timer.
    Status open();
    void publish(const RecordPtr &record) override;
    // Writes buffered lines to the file.
    Q_SLOT void flush();
    void close();

    QString path() const { return m_path; }
    // One line, without the trailing newline.
    static QByteArray formatLine(const RequestRecord &record);

private:
    QString m_path;
    QFile m_file;
    Formatter m_formatter;
    QMutex m_mutex;
    std::deque<RecordPtr> m_pending;
    QTimer m_timer;
};

} // namespace Gatehouse::Observe
