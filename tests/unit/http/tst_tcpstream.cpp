#include <http/tcpstream.h>

#include <QSignalSpy>
#include <QTest>

#include <cerrno>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using Gatehouse::Http::TcpStream;

namespace {

// A connected pair: the stream drives one end, the test the other (blocking, for simplicity).
struct Pair
{
    int mine = -1;
    int theirs = -1;
    Pair()
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0) {
            mine = fds[0];
            theirs = fds[1];
        }
    }
    ~Pair()
    {
        if (theirs >= 0)
            ::close(theirs);
    }
    void send(const QByteArray &data) const { QCOMPARE(::write(theirs, data.constData(), size_t(data.size())), ssize_t(data.size())); }
    // Everything the other end has sent until it closes.
    QByteArray readToEnd() const
    {
        QByteArray all;
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::read(theirs, buffer, sizeof buffer);
            if (n <= 0)
                return all;
            all.append(buffer, qsizetype(n));
        }
    }
};

QByteArray readAvailable(TcpStream &stream)
{
    QByteArray all;
    char buffer[4096];
    for (;;) {
        const qint64 n = stream.read(buffer, sizeof buffer);
        if (n <= 0)
            return all;
        all.append(buffer, qsizetype(n));
    }
}

} // namespace

class TestTcpStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Input raises readyRead; read() returns it, then 0 when nothing is left.
    void readsWhatArrives()
    {
        Pair pair;
        TcpStream stream(pair.mine);
        QSignalSpy ready(&stream, &TcpStream::readyRead);
        pair.send("hello");
        QVERIFY(ready.wait(5000));
        QCOMPARE(readAvailable(stream), QByteArray("hello"));
        char c;
        QCOMPARE(stream.read(&c, 1), qint64(0));
        QVERIFY(stream.isOpen());
    }

    // A consumer that does not read when told is not told again until it reads (back-pressure
    // without a busy loop); reading turns the notifications back on.
    void notReadingStopsNotifications()
    {
        Pair pair;
        TcpStream stream(pair.mine);
        QSignalSpy ready(&stream, &TcpStream::readyRead);
        pair.send("first");
        QVERIFY(ready.wait(5000));
        // Not read: the data stays, and several turns of the event loop raise nothing more.
        for (int i = 0; i < 20; ++i)
            QCoreApplication::processEvents();
        QCOMPARE(ready.count(), 1);
        QCOMPARE(readAvailable(stream), QByteArray("first"));
        pair.send("second");
        QVERIFY(ready.wait(5000));
        QCOMPARE(ready.count(), 2);
        QCOMPARE(readAvailable(stream), QByteArray("second"));
    }

    // What the kernel does not take is kept and sent as the peer reads; disconnectFromHost()
    // closes only after all of it went out, then says so once.
    void keptOutputDrainsBeforeClose()
    {
        Pair pair;
        const int small = 4096;
        ::setsockopt(pair.mine, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
        TcpStream stream(pair.mine);
        QSignalSpy written(&stream, &TcpStream::bytesWritten);
        QSignalSpy gone(&stream, &TcpStream::disconnected);
        QByteArray big(4 * 1024 * 1024, 'x');
        for (int i = 0; i < big.size(); i += 4096)
            big[i] = char('a' + (i / 4096) % 26);
        stream.write(big);
        QVERIFY(stream.bytesToWrite() > 0); // the socket buffer cannot hold 4 MiB
        stream.disconnectFromHost();
        QVERIFY(stream.isOpen());             // not before the kept bytes are out
        QByteArray received;
        // The peer reads on this thread between turns of the event loop.
        const int flags = ::fcntl(pair.theirs, F_GETFL);
        ::fcntl(pair.theirs, F_SETFL, flags | O_NONBLOCK);
        QElapsedTimer timer;
        timer.start();
        while (gone.isEmpty() && timer.elapsed() < 10000) {
            char buffer[65536];
            const ssize_t n = ::read(pair.theirs, buffer, sizeof buffer);
            if (n > 0)
                received.append(buffer, qsizetype(n));
            QCoreApplication::processEvents();
        }
        ::fcntl(pair.theirs, F_SETFL, flags);
        received += pair.readToEnd();
        QCOMPARE(gone.count(), 1);
        QVERIFY(!written.isEmpty());
        QCOMPARE(received.size(), big.size());
        QVERIFY(received == big);
        QVERIFY(!stream.isOpen());
    }

    // The peer closing: read() gives -1, the stream closes, disconnected() comes once.
    void peerCloseIsReportedOnce()
    {
        Pair pair;
        TcpStream stream(pair.mine);
        QSignalSpy ready(&stream, &TcpStream::readyRead);
        QSignalSpy gone(&stream, &TcpStream::disconnected);
        pair.send("last words");
        ::close(pair.theirs);
        pair.theirs = -1;
        QVERIFY(ready.wait(5000));
        char buffer[64];
        QCOMPARE(stream.read(buffer, sizeof buffer), qint64(10));
        QCOMPARE(stream.read(buffer, sizeof buffer), qint64(-1));
        QVERIFY(!stream.isOpen());
        QVERIFY(gone.isEmpty()); // from the event loop, never inside read()
        QVERIFY(gone.wait(5000));
        stream.write("ignored");  // closed: dropped, nothing announced again
        QCoreApplication::processEvents();
        QCOMPARE(gone.count(), 1);
    }

    // abort() closes at once and announces nothing (the owner knows).
    void abortIsSilent()
    {
        Pair pair;
        TcpStream stream(pair.mine);
        QSignalSpy gone(&stream, &TcpStream::disconnected);
        stream.abort();
        QVERIFY(!stream.isOpen());
        for (int i = 0; i < 10; ++i)
            QCoreApplication::processEvents();
        QVERIFY(gone.isEmpty());
        QCOMPARE(pair.readToEnd(), QByteArray()); // the peer sees the close
    }
};

QTEST_GUILESS_MAIN(TestTcpStream)
#include "tst_tcpstream.moc"
