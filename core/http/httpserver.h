// Thread affinity: construct, start and stop on the thread the server lives on (its own
// QThread in the application; the test's thread in tests). url()/port() are any thread.
#pragma once

#include <common/status.h>
#include <http/httphandler.h>
#include <observe/requestrecord.h>

#include <QHostAddress>
#include <QObject>

#include <atomic>
#include <memory>

namespace Gatehouse::Http {

struct HttpServerConfig
{
    QString name = QStringLiteral("http");   // "gateway" or "tables": names records and logs
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;                          // 0 picks a free port
    qint64 maxBodyBytes = 10 * 1024 * 1024;    // 10 MB as API Gateway; 16 MB for tables
    int maxHeaderBytes = 16 * 1024;            // request line + headers
    int maxHeaderCount = 100;
    int idleTimeoutMs = 75000;                 // keep-alive idle timeout (nginx's default)
    int requestTimeoutMs = 60000;              // a request head or body that trickles in
    int maxConnections = 1024;                 // at the cap, accepting pauses (kernel backlog)
    int recordBodyLimit = 64 * 1024;           // bodies are cut at this size in records
    // Several servers (one per thread) listening on one port, the kernel spreading new
    // connections over them (Unix SO_REUSEPORT; elsewhere Open and Join listen as None does).
    // Open: the port must be free (as with None), then is bound shareable; Join: bind the port an
    // Open server of this process holds (config.port = its port()).
    enum class PortSharing { None, Open, Join };
    PortSharing portSharing = PortSharing::None;
};

class HttpServerPrivate;

// A hardened HTTP/1.1 listener: keep-alive and pipelining (answers in order), HTTP/1.0,
// Connection: close, Expect: 100-continue, chunked request bodies, an idle timeout, limits on
// header size, header count and body size enforced before the body is read, a connection cap,
// and Date/Content-Length/request id on every response. Every finished exchange is published as
// a RequestRecord to the sink, without blocking.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    // `handler` and `sink` must outlive the server; `sink` may be null.
    HttpServer(HttpServerConfig config, HttpHandler *handler, Observe::RecordSink *sink,
               QObject *parent = nullptr);
    ~HttpServer() override;

    // Binds and listens. A port in use or a bad address gives an error Status.
    Status start();
    // Stops accepting, lets in-flight exchanges finish for up to `graceMs`, then closes every
    // connection. Returns once all are closed (spins the event loop meanwhile).
    void stop(int graceMs = 1500);

    quint16 port() const;                 // the bound port (after start)
    QString url() const;                  // "http://127.0.0.1:8000"
    const HttpServerConfig &config() const;
    int openConnections() const;
    int inFlight() const;

private:
    std::unique_ptr<HttpServerPrivate> d;
};

} // namespace Gatehouse::Http
