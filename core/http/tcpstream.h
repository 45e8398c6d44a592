// Thread affinity: the thread that created it (its socket notifiers live there).
#pragma once

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

namespace Gatehouse::Http {

// One accepted TCP socket driven straight from its descriptor (POSIX sockets): reads go from the
// kernel into the caller's buffer with one recv(), answers go out with one send(), and only
// what the kernel does not take is buffered here until the socket drains. This replaces
// QTcpSocket on the listeners: an unbuffered QTcpSocket still costs, per request, an ioctl and
// several layers of QIODevice and QAbstractSocket bookkeeping between the read notifier and
// the data (about 9% of a GetItem's CPU).
//
// Like an unbuffered QTcpSocket, a consumer that does not read when notified is not notified
// again until its next read() or discardInput(): it stops reading, and TCP pushes back.
class TcpStream : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of a connected socket descriptor.
    TcpStream(qintptr descriptor, QObject *parent = nullptr);
    ~TcpStream() override;

    bool isOpen() const { return m_fd >= 0; }

    // Reads up to `max` bytes: the count read, 0 if nothing is available now, -1 once the peer
    // has closed or the socket failed (the stream is then closed and disconnected() follows
    // from the event loop).
    qint64 read(char *data, qint64 max);
    // Reads and drops whatever input is available.
    void discardInput();
    // Whether unread input is waiting in the kernel (one ioctl; for close decisions only).
    bool hasInput() const;

    // Sends what the kernel takes now; the rest is kept and sent as the socket drains
    // (bytesWritten() on progress). Ignored once closed.
    void write(const char *data, qint64 size);
    void write(const QByteArray &data) { write(data.constData(), data.size()); }
    qint64 bytesToWrite() const { return m_out.size() - m_outPos; }
    // Tries to send what is kept now.
    void flush();

    // Half-close: no more output; input can still be read.
    void shutdownWrite();
    // Closes once what is kept has been sent, then emits disconnected().
    void disconnectFromHost();
    // Closes at once, dropping what is kept; emits nothing.
    void abort();

Q_SIGNALS:
    void readyRead();
    void bytesWritten();
    // The peer closed, the socket failed or disconnectFromHost() finished: emitted once, from
    // the event loop, never from inside a call on the stream.
    void disconnected();

private:
    void onReadable();
    void onWritable();
    void sendKept();
    // Sends what the kernel takes now: the count sent, or -1 after a failure (then closed).
    qint64 sendNow(const char *data, qint64 size);
    void closeNow();
    void fail();

    qintptr m_fd = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QByteArray m_out;       // kept output, from m_outPos on
    qsizetype m_outPos = 0;
    bool m_readSinceNotified = false;
    bool m_closeWhenWritten = false;
    bool m_disconnectPosted = false;
};

} // namespace Gatehouse::Http
