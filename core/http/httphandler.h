// Thread affinity: handle() is called on the listener's thread; HttpExchange is any thread.
#pragma once

#include <http/httpmessage.h>

#include <QString>
#include <QVariant>

#include <functional>
#include <memory>

namespace Gatehouse::Http {

// The engine's side of one in-flight request. Thread-safe: an engine may answer from another
// thread (for example after a group commit). respond() must be called exactly once; later calls
// are ignored. Stage timings and notes end up in the exchange's RequestRecord.
class HttpExchange
{
public:
    virtual ~HttpExchange() = default;
    virtual const HttpRequest &request() const = 0;
    // Microseconds since the listener started reading this request.
    virtual qint64 elapsedUs() const = 0;
    virtual void addStage(const QString &name, qint64 startUs, qint64 durationUs) = 0;
    virtual void setNote(const QString &key, const QVariant &value) = 0;
    virtual void respond(HttpResponse response) = 0;
    // Runs fn on the thread that serves this exchange's connection (at once when called
    // there), so an engine answering from its own thread can leave the building of the
    // response to the listener. Dropped if the client has gone. The default runs fn here.
    virtual void runOnOwnThread(std::function<void()> fn) { fn(); }
};
using ExchangePtr = std::shared_ptr<HttpExchange>;

// The reason the listener itself refused a request, before any engine saw it.
enum class RefusalReason {
    HeaderTooLarge,     // 431
    TooManyHeaders,     // 431
    BodyTooLarge,       // 413
    BadRequest,         // 400: malformed request line, header or chunk
    UnsupportedVersion, // 505
    NotImplemented,     // 501: unknown Transfer-Encoding
    RequestTimeout,     // 408: the head or body took longer than requestTimeoutMs
};

// An engine served by a listener: the gateway or the table endpoint.
class HttpHandler
{
public:
    virtual ~HttpHandler() = default;
    virtual void handle(const ExchangePtr &exchange) = 0;
    // The response for a request the listener refused, in the protocol's own error format.
    virtual HttpResponse refusal(RefusalReason reason, int status, const QString &detail) = 0;
};

} // namespace Gatehouse::Http
