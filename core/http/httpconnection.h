// Thread affinity: the server's thread only (flushResponses is reached from other threads
// through a queued call; see HttpExchangeImpl::respond).
#pragma once

#include <http/connectionlink.h>
#include <http/httpparser.h>
#include <http/tcpstream.h>

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

#include <deque>
#include <memory>


namespace Gatehouse::Http {

class HttpExchangeImpl;
class HttpServerPrivate;

// One accepted TCP connection: reads whatever is available into one buffer, parses requests
// from it, hands each to the engine, and writes the answers strictly in request order, however
// and wherever the engine answers. Timeouts are checked by the server's sweep (no timer here).
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of the accepted socket descriptor.
    HttpConnection(HttpServerPrivate *server, qintptr descriptor, QObject *parent);
    ~HttpConnection() override;

    // Writes every answer that is next in line; called when an exchange was answered.
    void flushResponses();
    // Closes the connection if one of its deadlines passed.
    void checkDeadlines(qint64 nowUs);
    // The server is stopping: finish what is in flight, accept no new request.
    void beginShutdown();
    // Closes at once, whatever is in flight.
    void abort();
    bool isClosed() const { return m_closed; }

private:
    struct Slot
    {
        std::shared_ptr<HttpExchangeImpl> exchange; // null while the body is being read
        bool continuePending = false;               // "100 Continue" still to be written
        bool closeAfter = false;
    };

    void onReadyRead();
    void processInput();
    void completeRequest();
    void refuse(RefusalReason reason, int status, const QString &detail);
    void writeResponse(Slot &slot);
    void publishRecord(HttpExchangeImpl &exchange, const HttpResponse &response,
                       const HeaderList &responseHeaders, qint64 writeStartUs, qint64 writeEndUs);
    void sendBytes(const QByteArray &data);
    void startClose();
    void finishCloseIfWritten();
    void onDisconnected();
    bool isIdle() const;
    std::shared_ptr<HttpExchangeImpl> newExchange(HttpRequest request);

    HttpServerPrivate *m_server;
    TcpStream *m_socket;
    std::shared_ptr<ConnectionLink> m_link;
    HttpParser m_parser;
    QByteArray m_in;
    qsizetype m_pos = 0;
    std::deque<Slot> m_slots;
    bool m_readingBody = false;   // m_slots.back() is the request whose body is being read
    bool m_readClosed = false;    // no further request will be parsed
    bool m_processing = false;
    bool m_pausedForBacklog = false;
    bool m_closing = false;
    bool m_lingerWanted = false;
    bool m_lingering = false;
    bool m_closed = false;
    bool m_shutdown = false;
    QHostAddress m_peerAddress;
    QString m_peerString;
    quint16 m_peerPort = 0;
    quint16 m_localPort = 0;
    qint64 m_requestStartUs = 0;
    qint64 m_requestStartMs = 0;
    qint64 m_idleSinceUs = 0;
    qint64 m_lingerDeadlineUs = 0;
    qint64 m_writeStalledSinceUs = 0; // answers wait in the stream's buffer since then
};

} // namespace Gatehouse::Http
