// We do not subclass QAbstractHttpServer: Qt 6.4's server parses request heads itself (byte by
// byte) and buffers the entire body before any subclass code runs, so limits enforced before the
// body is buffered, and 100-continue, are impossible on top of it: we own the listening QTcpServer and
// drive each accepted descriptor ourselves (TcpStream).
#include "httpserver.h"

#include "httpconnection.h"
#include "httplogging.h"
#include "httpserverprivate.h"

#include <common/ids.h>

#include <QEventLoop>

#include <algorithm>
#include <cstring>

#ifdef Q_OS_UNIX
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace Gatehouse::Http {

namespace {
// The kernel queue of connections not yet accepted; while the connection cap pauses accepting,
// new clients wait here (nginx's default backlog).
constexpr int ListenBacklog = 511;

#ifdef Q_OS_UNIX
// A listening socket bound with SO_REUSEPORT (QTcpServer offers no such option); -1 on failure.
qintptr bindSocket(const QHostAddress &address, quint16 port, bool reusePort)
{
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(&storage);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        const Q_IPV6ADDR ip = address.toIPv6Address();
        memcpy(&a->sin6_addr, &ip, sizeof(ip));
        length = sizeof(sockaddr_in6);
    } else {
        bool ok = false;
        const quint32 ip = address.toIPv4Address(&ok);
        if (!ok)
            return -1;
        auto *a = reinterpret_cast<sockaddr_in *>(&storage);
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        a->sin_addr.s_addr = htonl(ip);
        length = sizeof(sockaddr_in);
    }
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    const int on = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
        (reusePort && ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) != 0) ||
        ::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

quint16 boundPort(qintptr fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof(storage);
    if (::getsockname(int(fd), reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return 0;
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
}

// A listening socket bound with SO_REUSEPORT (QTcpServer offers no such option); -1 on failure.
// `open`: first check with an ordinary bind that the port is free (a shareable bind would
// silently join another process's shareable socket), keeping the port that bind picked.
qintptr listenSharingPort(const QHostAddress &address, quint16 port, bool open, int backlog)
{
    if (open) {
        const qintptr probe = bindSocket(address, port, false);
        if (probe < 0)
            return -1;
        port = boundPort(probe);
        ::close(int(probe));
        if (port == 0)
            return -1;
    }
    const qintptr fd = bindSocket(address, port, true);
    if (fd >= 0 && ::listen(int(fd), backlog) != 0) {
        ::close(int(fd));
        return -1;
    }
    return fd;
}
#else
qintptr listenSharingPort(const QHostAddress &, quint16, bool, int)
{
    return -1;
}
#endif
} // namespace

HttpServerPrivate::HttpServerPrivate(HttpServer *q, HttpServerConfig config, HttpHandler *handler,
                                     Observe::RecordSink *sink)
    : q(q), config(std::move(config)), handler(handler), sink(sink),
      mailbox(std::make_shared<ThreadMailbox>(q))
{
    // One coarse timer per server sweeps every connection's deadlines: no timer per request.
    const int shortest = std::min(this->config.idleTimeoutMs, this->config.requestTimeoutMs);
    sweepTimer.setInterval(std::clamp(shortest / 4, 10, 250));
    QObject::connect(&sweepTimer, &QTimer::timeout, q, [this] { sweep(); });
    QObject::connect(&tcp, &QTcpServer::newConnection, q, [this] { acceptPending(); });
}

// The connection cap: at the cap, accepting pauses (QTcpServer::pauseAccepting stops watching the
// listening socket), so further clients wait in the kernel's backlog, neither accepted nor
// answered; accepting resumes as soon as a connection closes.
void HttpServerPrivate::acceptPending()
{
    while (!stopping && int(m_connections.size()) < config.maxConnections
           && tcp.hasPendingDescriptors()) {
        const qintptr fd = tcp.takePendingDescriptor();
        if (fd < 0)
            break;
        m_connections.push_back(new HttpConnection(this, fd, q));
        openConnections.store(int(m_connections.size()), std::memory_order_relaxed);
    }
    if (int(m_connections.size()) >= config.maxConnections && !acceptPaused && !stopping) {
        qCDebug(lcHttp) << config.name << ": connection cap" << config.maxConnections
                        << "reached, pausing accept";
        tcp.pauseAccepting();
        acceptPaused = true;
    }
}

void HttpServerPrivate::connectionClosed(HttpConnection *connection)
{
    m_connections.erase(std::remove(m_connections.begin(), m_connections.end(), connection),
                        m_connections.end());
    openConnections.store(int(m_connections.size()), std::memory_order_relaxed);
    if (acceptPaused && !stopping && int(m_connections.size()) < config.maxConnections) {
        acceptPaused = false;
        tcp.resumeAccepting();
        acceptPending(); // connections Qt accepted before the pause raise no new signal
    }
    if (stopping && m_connections.empty() && stopLoop)
        stopLoop->quit();
}

void HttpServerPrivate::sweep()
{
    const qint64 now = monotonicMicros();
    // Checking may close connections, which edits the list.
    const std::vector<HttpConnection *> snapshot = m_connections;
    for (HttpConnection *connection : snapshot)
        connection->checkDeadlines(now);
}

HttpServer::HttpServer(HttpServerConfig config, HttpHandler *handler, Observe::RecordSink *sink,
                       QObject *parent)
    : QObject(parent),
      d(std::make_unique<HttpServerPrivate>(this, std::move(config), handler, sink))
{
    Q_ASSERT(handler);
}

HttpServer::~HttpServer()
{
    stop(0);
    d->mailbox->close();
    // Closed connections wait for deleteLater; they must go before the state they point to.
    const auto children = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(children);
}

Status HttpServer::start()
{
    if (d->started)
        return Status::ok();
    d->stopping = false;
    d->tcp.setListenBacklogSize(ListenBacklog);
    bool listening = false;
    if (d->config.portSharing != HttpServerConfig::PortSharing::None) {
        const qintptr fd = listenSharingPort(d->config.address, d->config.port,
                                             d->config.portSharing == HttpServerConfig::PortSharing::Open,
                                             ListenBacklog);
        listening = fd >= 0 && d->tcp.setSocketDescriptor(fd);
#ifdef Q_OS_UNIX
        if (fd >= 0 && !listening)
            ::close(int(fd));
#endif
        if (fd < 0 && !listening)
            listening = d->tcp.listen(d->config.address, d->config.port);
    } else {
        listening = d->tcp.listen(d->config.address, d->config.port);
    }
    if (!listening) {
        return Status::error(QStringLiteral("ListenError"),
                             QStringLiteral("cannot listen on %1:%2: %3")
                                 .arg(d->config.address.toString())
                                 .arg(d->config.port)
                                 .arg(d->tcp.errorString()));
    }
    d->boundPort.store(d->tcp.serverPort());
    d->started = true;
    d->sweepTimer.start();
    qCInfo(lcHttp).noquote() << d->config.name << "listening on" << url();
    return Status::ok();
}

void HttpServer::stop(int graceMs)
{
    if (!d->started)
        return;
    d->stopping = true;
    d->tcp.close();
    d->acceptPaused = false;
    const std::vector<HttpConnection *> snapshot = d->m_connections;
    for (HttpConnection *connection : snapshot)
        connection->beginShutdown();
    if (!d->m_connections.empty() && graceMs > 0) {
        QEventLoop loop;
        QTimer deadline;
        deadline.setSingleShot(true);
        QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
        deadline.start(graceMs);
        d->stopLoop = &loop;
        loop.exec();
        d->stopLoop = nullptr;
    }
    const std::vector<HttpConnection *> remaining = d->m_connections;
    for (HttpConnection *connection : remaining)
        connection->abort();
    d->sweepTimer.stop();
    d->started = false;
    qCInfo(lcHttp).noquote() << d->config.name << "stopped";
}

quint16 HttpServer::port() const
{
    return d->boundPort.load();
}

QString HttpServer::url() const
{
    QHostAddress address = d->config.address;
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        address = QHostAddress::LocalHost;
    else if (address == QHostAddress::AnyIPv6)
        address = QHostAddress::LocalHostIPv6;
    QString host = address.toString();
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        host = u'[' + host + u']';
    return QStringLiteral("http://%1:%2").arg(host).arg(port());
}

const HttpServerConfig &HttpServer::config() const
{
    return d->config;
}

int HttpServer::openConnections() const
{
    return d->openConnections.load(std::memory_order_relaxed);
}

int HttpServer::inFlight() const
{
    return d->inFlight.load(std::memory_order_relaxed);
}

} // namespace Gatehouse::Http
