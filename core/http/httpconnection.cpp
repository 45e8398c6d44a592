#include "httpconnection.h"

#include "httpexchangeimpl.h"
#include "httplogging.h"
#include "httpserverprivate.h"

#include <common/ids.h>

#include <QDateTime>
#include <QTimeZone>

#include <cstring>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace Gatehouse::Http {

namespace {

// Beyond this many requests waiting for their answers, a pipelining client is no longer read
// (what it sends then stays in the kernel's buffers, and TCP pushes back).
constexpr size_t MaxPipelined = 32;
constexpr qint64 ReadBufferBytes = 256 * 1024;
constexpr qsizetype ReadChunk = 16 * 1024;
// After refusing a request whose body may still be arriving, the write side is shut and input
// is drained for this long before closing, so that closing with unread data (which makes the
// kernel send a reset) does not destroy the answer before the client reads it (nginx's
// lingering close).
constexpr qint64 LingerUs = 2'000'000;

void appendNumber(QByteArray &out, qint64 value)
{
    char digits[24];
    int n = 0;
    bool negative = value < 0;
    quint64 v = negative ? quint64(-value) : quint64(value);
    do {
        digits[n++] = char('0' + v % 10);
        v /= 10;
    } while (v > 0);
    if (negative)
        out.append('-');
    while (n > 0)
        out.append(digits[--n]);
}

quint16 portOf(const sockaddr_storage &address)
{
    if (address.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in &>(address).sin_port);
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6 &>(address).sin6_port);
    return 0;
}

inline char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
}

bool nameIs(const QByteArray &name, const char *lowerLiteral, qsizetype len)
{
    if (name.size() != len)
        return false;
    for (qsizetype i = 0; i < len; ++i) {
        if (lower(name.at(i)) != lowerLiteral[i])
            return false;
    }
    return true;
}

template<size_t N>
bool nameIs(const QByteArray &name, const char (&lowerLiteral)[N])
{
    return nameIs(name, lowerLiteral, qsizetype(N - 1));
}

QByteArray cut(const QByteArray &body, int limit)
{
    if (limit < 0 || body.size() <= limit)
        return body;
    return body.left(limit);
}

} // namespace

HttpConnection::HttpConnection(HttpServerPrivate *server, qintptr descriptor, QObject *parent)
    : QObject(parent),
      m_server(server),
      m_socket(new TcpStream(descriptor, this)),
      m_link(std::make_shared<ConnectionLink>()),
      m_parser(HttpParser::Limits{server->config.maxBodyBytes, server->config.maxHeaderBytes,
                                  server->config.maxHeaderCount})
{
    m_link->connection = this;
    m_link->mailbox = server->mailbox;
    const int fd = int(descriptor);
    const int noDelay = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay);
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0) {
        m_peerAddress = QHostAddress(reinterpret_cast<const sockaddr *>(&address));
        m_peerPort = portOf(address);
    }
    length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        m_localPort = portOf(address);
    m_peerString = m_peerAddress.toString();
    m_idleSinceUs = monotonicMicros();
    connect(m_socket, &TcpStream::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &TcpStream::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &TcpStream::bytesWritten, this, [this] {
        m_writeStalledSinceUs = m_socket->bytesToWrite() > 0 ? monotonicMicros() : 0;
        finishCloseIfWritten();
    });
}

HttpConnection::~HttpConnection()
{
    {
        QMutexLocker lock(&m_link->mutex);
        m_link->connection = nullptr;
    }
    m_socket->disconnect(this);
}

std::shared_ptr<HttpExchangeImpl> HttpConnection::newExchange(HttpRequest request)
{
    request.peerAddress = m_peerAddress;
    request.peerPort = m_peerPort;
    request.localPort = m_localPort;
    request.requestId = newRequestId();
    auto exchange = std::make_shared<HttpExchangeImpl>(std::move(request), m_requestStartUs,
                                                       m_link);
    exchange->startedAtMs = m_requestStartMs;
    exchange->readDoneUs = monotonicMicros() - m_requestStartUs;
    return exchange;
}

bool HttpConnection::isIdle() const
{
    return m_slots.empty() && !m_parser.started() && !m_closing;
}

void HttpConnection::onReadyRead()
{
    if (m_closed)
        return;
    if (m_lingering || m_readClosed) {
        // Nothing more will be answered on this connection: drop input without keeping it.
        m_socket->discardInput();
        return;
    }
    if (m_pausedForBacklog)
        return;
    processInput();
}

void HttpConnection::processInput()
{
    if (m_processing || m_closed)
        return;
    m_processing = true;
    // Read everything the kernel holds, in large steps, straight into the buffer.
    if (m_pos >= m_in.size()) {
        m_in.resize(0);
        m_pos = 0;
    }
    for (;;) {
        const qsizetype old = m_in.size();
        m_in.resize(old + ReadChunk);
        const qint64 got = m_socket->read(m_in.data() + old, ReadChunk);
        m_in.resize(old + qsizetype(std::max<qint64>(got, 0)));
        if (got < ReadChunk || m_in.size() >= ReadBufferBytes)
            break;
    }

    while (!m_readClosed && !m_closed) {
        if (m_slots.size() >= MaxPipelined && !m_readingBody) {
            m_pausedForBacklog = true;
            break;
        }
        const qsizetype size = m_in.size();
        if (!m_parser.started()) {
            if (m_pos >= size)
                break;
            if (m_shutdown) {
                m_readClosed = true;
                break;
            }
            m_requestStartUs = monotonicMicros();
            m_requestStartMs = QDateTime::currentMSecsSinceEpoch();
        }
        const HttpParser::Event event = m_parser.parse(m_in.constData(), size, &m_pos);
        if (event == HttpParser::Event::NeedMore)
            break;
        if (event == HttpParser::Event::Error) {
            refuse(m_parser.errorReason(), m_parser.errorStatus(), m_parser.errorDetail());
            break;
        }
        if (event == HttpParser::Event::HeadComplete) {
            // WebSocket seam: a later issue hands `Upgrade: websocket` requests to
            // QWebSocketServer::handleConnection. It will check m_parser.webSocketUpgrade() here,
            // before any of the request is consumed from the socket (peeking the head instead of
            // reading it), and give the socket away. Until then the request is answered as a
            // normal one.
            Slot slot;
            // A client that already sent body bytes is not waiting for the 100.
            slot.continuePending = m_parser.expectContinue() && m_parser.expectsBody()
                                   && m_pos >= size;
            m_slots.push_back(std::move(slot));
            m_readingBody = true;
            if (m_slots.back().continuePending)
                flushResponses();
            continue;
        }
        completeRequest();
    }

    if (m_pos >= m_in.size()) {
        m_in.resize(0);
        m_pos = 0;
    } else if (m_pos > 0) {
        m_in.remove(0, m_pos);
        m_pos = 0;
    }
    m_processing = false;
}

void HttpConnection::completeRequest()
{
    auto exchange = newExchange(m_parser.takeRequest());
    exchange->keepAlive = m_parser.keepAlive() && !m_shutdown;
    exchange->isHead = exchange->request().method == "HEAD";
    if (!m_readingBody)
        m_slots.emplace_back();
    Slot &slot = m_slots.back();
    slot.exchange = exchange;
    slot.continuePending = false; // the body is complete: too late for a 100
    slot.closeAfter = !exchange->keepAlive;
    m_readingBody = false;
    if (!exchange->keepAlive)
        m_readClosed = true;
    m_parser.reset();
    m_server->inFlight.fetch_add(1, std::memory_order_relaxed);
    m_server->handler->handle(exchange);
}

void HttpConnection::refuse(RefusalReason reason, int status, const QString &detail)
{
    qCDebug(lcHttp).nospace() << m_server->config.name << ": refusing request from "
                              << m_peerString << " with " << status << ": " << detail;
    auto exchange = newExchange(m_parser.takeRequest());
    exchange->keepAlive = false;
    exchange->refused = true;
    exchange->setNote(QStringLiteral("error"), detail);
    HttpResponse response = m_server->handler->refusal(reason, status, detail);
    exchange->setResponseDirect(std::move(response));
    if (!m_readingBody)
        m_slots.emplace_back();
    Slot &slot = m_slots.back();
    slot.exchange = std::move(exchange);
    slot.continuePending = false; // the refusal replaces the 100: the body must not be sent
    slot.closeAfter = true;
    m_readingBody = false;
    m_readClosed = true;
    m_lingerWanted = true;
    m_in.resize(0);
    m_pos = 0;
    m_parser.reset();
    m_server->inFlight.fetch_add(1, std::memory_order_relaxed);
    flushResponses();
}

void HttpConnection::flushResponses()
{
    if (m_closed || m_closing)
        return;
    bool wrote = false;
    while (!m_slots.empty()) {
        Slot &slot = m_slots.front();
        if (slot.continuePending) {
            static const QByteArray continueLine =
                QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n");
            sendBytes(continueLine);
            slot.continuePending = false;
            wrote = true;
        }
        if (!slot.exchange || !slot.exchange->isResponded())
            break;
        if (m_shutdown && m_slots.size() == 1 && !m_parser.started())
            slot.closeAfter = true;
        writeResponse(slot);
        wrote = true;
        const bool close = slot.closeAfter;
        m_slots.pop_front();
        m_server->inFlight.fetch_sub(1, std::memory_order_relaxed);
        if (close) {
            m_server->inFlight.fetch_sub(int(m_slots.size()), std::memory_order_relaxed);
            m_slots.clear();
            if (m_socket->hasInput() || m_pos < m_in.size())
                m_lingerWanted = true;
            startClose();
            break;
        }
    }
    if (wrote && !m_closed) {
        m_socket->flush();
        if (m_socket->bytesToWrite() > 0 && m_writeStalledSinceUs == 0)
            m_writeStalledSinceUs = monotonicMicros();
    }
    if (m_slots.empty())
        m_idleSinceUs = monotonicMicros();
    if (m_pausedForBacklog && m_slots.size() < MaxPipelined && !m_closing && !m_closed) {
        m_pausedForBacklog = false;
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
    }
}

void HttpConnection::writeResponse(Slot &slot)
{
    HttpExchangeImpl &exchange = *slot.exchange;
    HttpResponse &response = exchange.response();
    const qint64 writeStartUs = monotonicMicros();
    const int status = response.status;
    const bool bodyAllowed = !(status < 200 || status == 204 || status == 304);
    const bool sendBody = bodyAllowed && !exchange.isHead;
    const bool recording = m_server->sink != nullptr;

    qsizetype estimate = 160 + (sendBody ? response.body.size() : 0);
    for (const auto &h : std::as_const(response.headers))
        estimate += h.first.size() + h.second.size() + 4;
    QByteArray out;
    out.reserve(estimate);
    HeaderList recorded;
    if (recording)
        recorded.reserve(response.headers.size() + 4);

    out.append("HTTP/1.1 ");
    appendNumber(out, status);
    out.append(' ');
    out.append(reasonPhrase(status));
    out.append("\r\n");
    auto emitHeader = [&](const QByteArray &name, const QByteArray &value) {
        out.append(name);
        out.append(": ");
        out.append(value);
        out.append("\r\n");
        if (recording)
            recorded.append({name, value});
    };

    bool haveDate = false, haveId = false, haveLength = false;
    for (const auto &h : std::as_const(response.headers)) {
        const QByteArray &name = h.first;
        switch (lower(name.isEmpty() ? '\0' : name.at(0))) {
        case 'c':
            if (nameIs(name, "content-length")) {
                // Framing is ours: an engine's length only stands where no body is sent
                // (HEAD, 304), where it describes the representation.
                if (sendBody || !bodyAllowed)
                    continue;
                haveLength = true;
            } else if (nameIs(name, "connection")) {
                continue;
            }
            break;
        case 't':
            if (nameIs(name, "transfer-encoding"))
                continue;
            break;
        case 'd':
            if (nameIs(name, "date"))
                haveDate = true;
            break;
        case 'x':
            if (nameIs(name, "x-amzn-requestid"))
                haveId = true;
            break;
        default:
            break;
        }
        emitHeader(name, h.second);
    }
    if (!haveDate)
        emitHeader(QByteArrayLiteral("Date"), m_server->date.now());
    if (bodyAllowed && !haveLength) {
        out.append("Content-Length: ");
        appendNumber(out, response.body.size());
        out.append("\r\n");
        if (recording)
            recorded.append({QByteArrayLiteral("Content-Length"),
                             QByteArray::number(response.body.size())});
    }
    if (!haveId)
        emitHeader(QByteArrayLiteral("x-amzn-RequestId"), exchange.request().requestId);
    emitHeader(QByteArrayLiteral("Connection"), slot.closeAfter ? QByteArrayLiteral("close")
                                                                : QByteArrayLiteral("keep-alive"));
    out.append("\r\n");
    if (sendBody)
        out.append(response.body);
    sendBytes(out);
    const qint64 writeEndUs = monotonicMicros();
    if (recording)
        publishRecord(exchange, response, recorded, writeStartUs, writeEndUs);
}

void HttpConnection::publishRecord(HttpExchangeImpl &exchange, const HttpResponse &response,
                                   const HeaderList &responseHeaders, qint64 writeStartUs,
                                   qint64 writeEndUs)
{
    const HttpRequest &request = exchange.request();
    const int limit = m_server->config.recordBodyLimit;
    auto record = std::make_shared<Observe::RequestRecord>();
    const QByteArray engineId = response.header("x-amzn-RequestId");
    record->requestId = engineId.isEmpty() ? request.requestId : engineId;
    record->listener = m_server->config.name;
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    record->startedAt = QDateTime::fromMSecsSinceEpoch(exchange.startedAtMs,
                                                       QTimeZone(QTimeZone::UTC));
#else
    record->startedAt = QDateTime::fromMSecsSinceEpoch(exchange.startedAtMs, Qt::UTC);
#endif
    record->peerAddress = m_peerString;
    record->method = request.method;
    record->target = request.target;
    record->requestHeaders = request.headers;
    record->requestBody = cut(request.body, limit);
    record->requestBodySize = request.body.size();
    record->status = response.status;
    record->responseHeaders = responseHeaders;
    record->responseBody = cut(response.body, limit);
    record->responseBodySize = response.body.size();
    record->totalUs = writeEndUs - exchange.startUs;
    QList<Observe::StageTiming> engineStages = exchange.takeStages();
    record->stages.reserve(engineStages.size() + 2);
    record->stages.append({QStringLiteral("read"), 0, exchange.readDoneUs});
    record->stages.append(engineStages);
    record->stages.append({QStringLiteral("write"), writeStartUs - exchange.startUs,
                           writeEndUs - writeStartUs});
    record->notes = exchange.takeNotes();
    if (request.httpMinor == 0)
        record->notes.insert(QStringLiteral("httpVersion"), QByteArrayLiteral("HTTP/1.0"));
    if (exchange.refused)
        record->notes.insert(QStringLiteral("refused"), true);
    m_server->sink->publish(record);
}

// What the kernel does not take now waits in the stream (see TcpStream::write).
void HttpConnection::sendBytes(const QByteArray &data)
{
    m_socket->write(data);
}

void HttpConnection::startClose()
{
    if (m_closing || m_closed)
        return;
    m_closing = true;
    m_readClosed = true;
    finishCloseIfWritten();
}

void HttpConnection::finishCloseIfWritten()
{
    if (!m_closing || m_closed || m_lingering)
        return;
    if (m_socket->bytesToWrite() > 0)
        return; // bytesWritten brings us back
    if (m_lingerWanted) {
        m_socket->shutdownWrite();
        m_lingering = true;
        m_lingerDeadlineUs = monotonicMicros() + LingerUs;
        m_socket->discardInput();
        return;
    }
    m_socket->disconnectFromHost();
}

void HttpConnection::checkDeadlines(qint64 nowUs)
{
    if (m_closed)
        return;
    if (m_lingering) {
        if (nowUs > m_lingerDeadlineUs)
            abort();
        return;
    }
    const HttpServerConfig &config = m_server->config;
    // A client that stops reading its answers holds memory; give it as long as a request.
    if (m_writeStalledSinceUs > 0
        && nowUs - m_writeStalledSinceUs > qint64(config.requestTimeoutMs) * 1000) {
        qCDebug(lcHttp) << config.name << ": closing connection from" << m_peerString
                        << "that stopped reading";
        abort();
        return;
    }
    if (m_closing)
        return;
    if (m_parser.started() && !m_readClosed) {
        if (nowUs - m_requestStartUs > qint64(config.requestTimeoutMs) * 1000)
            refuse(RefusalReason::RequestTimeout, 408, QStringLiteral("client timed out"));
        return;
    }
    if (isIdle() && nowUs - m_idleSinceUs > qint64(config.idleTimeoutMs) * 1000) {
        qCDebug(lcHttp) << config.name << ": closing idle connection from" << m_peerString;
        startClose();
    }
}

void HttpConnection::beginShutdown()
{
    m_shutdown = true;
    if (isIdle())
        startClose();
}

void HttpConnection::abort()
{
    if (m_closed)
        return;
    m_socket->abort();
    onDisconnected();
}

void HttpConnection::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    {
        QMutexLocker lock(&m_link->mutex);
        m_link->connection = nullptr;
    }
    m_server->inFlight.fetch_sub(int(m_slots.size()), std::memory_order_relaxed);
    m_slots.clear();
    m_server->connectionClosed(this);
    deleteLater();
}

} // namespace Gatehouse::Http
