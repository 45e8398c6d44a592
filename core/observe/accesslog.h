// Thread affinity: publish() is any thread; open(), flush() and close() run on the log's thread.
#pragma once

#include <common/status.h>
#include <observe/requestrecord.h>

#include <QByteArray>
#include <QFile>
#include <QMutex>
#include <QObject>
#include <QTimer>

namespace Gatehouse::Observe {

// Writes one line per record in Common Log Format followed by the request id:
//   127.0.0.1 - - [25/Nov/2026:15:42:03 +0000] "GET /x HTTP/1.1" 200 17 "0b5c...-..."
// publish() only formats the line and appends it to a memory buffer under a mutex; the file is
// written by a timer on the log's thread (or when the buffer grows past a threshold there), so a
// slow disk never stalls a listener.
class AccessLog : public QObject, public RecordSink
{
    Q_OBJECT
public:
    explicit AccessLog(QString path, QObject *parent = nullptr);
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
    QMutex m_mutex;
    QByteArray m_buffer;
    QTimer m_timer;
};

} // namespace Gatehouse::Observe
