// We do not subclass QAbstractHttpServer: Qt 6.4's server parses request heads itself (byte by
// byte) and buffers the entire body before any subclass code runs, so limits enforced before the
// body is buffered, and 100-continue, are impossible on top of it: we own QTcpServer/QTcpSocket.
#include "httpserver.h"

#include "httpconnection.h"
#include "httplogging.h"
#include "httpserverprivate.h"

#include <common/ids.h>

#include <QEventLoop>

#include <algorithm>

namespace Gatehouse::Http {

namespace {
// The kernel queue of connections not yet accepted; while the connection cap pauses accepting,
// new clients wait here (nginx's default backlog).
constexpr int ListenBacklog = 511;
} // namespace

HttpServerPrivate::HttpServerPrivate(HttpServer *q, HttpServerConfig config, HttpHandler *handler,
                                     Observe::RecordSink *sink)
    : q(q), config(std::move(config)), handler(handler), sink(sink)
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
           && tcp.hasPendingConnections()) {
        QTcpSocket *socket = tcp.nextPendingConnection();
        if (!socket)
            break;
        m_connections.push_back(new HttpConnection(this, socket, q));
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
    if (!d->tcp.listen(d->config.address, d->config.port)) {
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
