// Thread affinity: the server's thread, except the atomics.
#pragma once

#include <http/httpdate.h>
#include <http/httpserver.h>
#include <http/httptcpserver.h>
#include <http/threadmailbox.h>

#include <QEventLoop>
#include <QTimer>

#include <atomic>
#include <vector>

namespace Gatehouse::Http {

class HttpConnection;

// What connections share with their server: configuration, the engine, the record sink, the
// cached Date text, the accept loop with its connection cap and the timeout sweep.
class HttpServerPrivate
{
public:
    HttpServerPrivate(HttpServer *q, HttpServerConfig config, HttpHandler *handler,
                      Observe::RecordSink *sink);

    void acceptPending();
    void connectionClosed(HttpConnection *connection);
    void sweep();
    bool allClosed() const { return m_connections.empty(); }

    HttpServer *q;
    HttpServerConfig config;
    HttpHandler *handler;
    Observe::RecordSink *sink;
    HttpDate date;
    HttpTcpServer tcp;
    QTimer sweepTimer;
    // Answers other threads hand to this server's connections (closed by ~HttpServer).
    std::shared_ptr<ThreadMailbox> mailbox;
    std::vector<HttpConnection *> m_connections;
    bool acceptPaused = false;
    bool stopping = false;
    bool started = false;
    QEventLoop *stopLoop = nullptr; // the loop stop() waits in, quit when the last closes
    std::atomic<quint16> boundPort{0};
    std::atomic<int> openConnections{0};
    std::atomic<int> inFlight{0};
};

} // namespace Gatehouse::Http
