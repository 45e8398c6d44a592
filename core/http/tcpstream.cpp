#include "tcpstream.h"

#include <QMetaObject>
#include <QSocketNotifier>

#include <cerrno>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Gatehouse::Http {

namespace {
// Once sent, kept output is compacted when this much of its front is dead.
constexpr qsizetype CompactBytes = 64 * 1024;
} // namespace

TcpStream::TcpStream(qintptr descriptor, QObject *parent)
    : QObject(parent), m_fd(descriptor)
{
    const int flags = ::fcntl(int(m_fd), F_GETFL);
    if (flags >= 0 && !(flags & O_NONBLOCK))
        ::fcntl(int(m_fd), F_SETFL, flags | O_NONBLOCK);
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &TcpStream::onReadable);
    m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &TcpStream::onWritable);
}

TcpStream::~TcpStream()
{
    closeNow();
}

void TcpStream::onReadable()
{
    m_readSinceNotified = false;
    Q_EMIT readyRead();
    // A consumer that did not read is not notified again until it does (see the class
    // comment). The notifier stays on otherwise: switching it costs the glib dispatcher a
    // removal and an insertion of the descriptor in its poll set.
    if (!m_readSinceNotified && m_fd >= 0)
        m_readNotifier->setEnabled(false);
}

qint64 TcpStream::read(char *data, qint64 max)
{
    if (m_fd < 0)
        return -1;
    m_readSinceNotified = true;
    for (;;) {
        const ssize_t n = ::recv(int(m_fd), data, size_t(max), 0);
        if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))) {
            if (!m_readNotifier->isEnabled())
                m_readNotifier->setEnabled(true);
            return n > 0 ? qint64(n) : 0;
        }
        if (n < 0 && errno == EINTR)
            continue;
        fail(); // 0: the peer closed; otherwise a reset or another error
        return -1;
    }
}

void TcpStream::discardInput()
{
    char scratch[16 * 1024];
    while (read(scratch, sizeof scratch) > 0) {
    }
}

bool TcpStream::hasInput() const
{
    int available = 0;
    return m_fd >= 0 && ::ioctl(int(m_fd), FIONREAD, &available) == 0 && available > 0;
}

void TcpStream::write(const char *data, qint64 size)
{
    if (m_fd < 0 || size <= 0)
        return;
    qint64 done = 0;
    if (bytesToWrite() == 0) {
        done = sendNow(data, size);
        if (done < 0 || done == size)
            return;
    }
    m_out.append(data + done, qsizetype(size - done));
    m_writeNotifier->setEnabled(true);
}

qint64 TcpStream::sendNow(const char *data, qint64 size)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::send(int(m_fd), data + done, size_t(size - done), MSG_NOSIGNAL);
        if (n > 0) {
            done += n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            fail();
            return -1;
        }
    }
    return done;
}

void TcpStream::flush()
{
    if (m_fd >= 0 && bytesToWrite() > 0)
        sendKept();
}

void TcpStream::onWritable()
{
    sendKept();
}

void TcpStream::sendKept()
{
    const qint64 sent = bytesToWrite() > 0 ? sendNow(m_out.constData() + m_outPos, bytesToWrite()) : 0;
    if (sent < 0)
        return;
    m_outPos += qsizetype(sent);
    const bool progress = sent > 0;
    if (bytesToWrite() == 0) {
        m_out.clear();
        m_outPos = 0;
        m_writeNotifier->setEnabled(false);
        if (m_closeWhenWritten) {
            fail(); // closes and announces it
            return;
        }
    } else if (m_outPos >= CompactBytes) {
        m_out.remove(0, m_outPos);
        m_outPos = 0;
    }
    if (progress)
        Q_EMIT bytesWritten();
}

void TcpStream::shutdownWrite()
{
    if (m_fd >= 0)
        ::shutdown(int(m_fd), SHUT_WR);
}

void TcpStream::disconnectFromHost()
{
    if (m_fd < 0)
        return;
    if (bytesToWrite() > 0) {
        m_closeWhenWritten = true;
        return;
    }
    fail();
}

void TcpStream::abort()
{
    m_disconnectPosted = true; // nothing is announced
    closeNow();
}

void TcpStream::closeNow()
{
    if (m_fd < 0)
        return;
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    ::close(int(m_fd));
    m_fd = -1;
    m_out.clear();
    m_outPos = 0;
}

void TcpStream::fail()
{
    closeNow();
    if (m_disconnectPosted)
        return;
    m_disconnectPosted = true;
    QMetaObject::invokeMethod(this, &TcpStream::disconnected, Qt::QueuedConnection);
}

} // namespace Gatehouse::Http
