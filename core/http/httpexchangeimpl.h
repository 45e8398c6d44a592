// Thread affinity: the HttpExchange interface is any thread; the rest is the connection's thread.
#pragma once

#include <http/connectionlink.h>
#include <http/httphandler.h>
#include <observe/requestrecord.h>

#include <QMutex>
#include <QVariantMap>

#include <atomic>
#include <memory>

namespace Gatehouse::Http {

// One request as handed to an engine, and the answer it gives back.
class HttpExchangeImpl final : public HttpExchange
{
public:
    HttpExchangeImpl(HttpRequest request, qint64 startUs, std::shared_ptr<ConnectionLink> link);

    const HttpRequest &request() const override { return m_request; }
    qint64 elapsedUs() const override;
    void addStage(const QString &name, qint64 startUs, qint64 durationUs) override;
    void setNote(const QString &key, const QVariant &value) override;
    void respond(HttpResponse response) override;
    void runOnOwnThread(std::function<void()> fn) override;

    // Connection side.
    // Stores the answer without notifying the connection (refusals, timeouts).
    void setResponseDirect(HttpResponse response);
    bool isResponded() const { return m_responded.load(std::memory_order_acquire); }
    // REQUIRES: isResponded()
    HttpResponse &response() { return m_response; }
    QList<Observe::StageTiming> takeStages();
    QVariantMap takeNotes();
    HttpRequest &mutableRequest() { return m_request; }

    qint64 startUs = 0;       // monotonic time of the request's first byte
    qint64 startedAtMs = 0;   // wall clock (UTC ms) of the same moment
    qint64 readDoneUs = 0;    // offset at which the body was complete
    bool keepAlive = true;
    bool isHead = false;
    bool refused = false;

private:
    HttpRequest m_request;
    std::shared_ptr<ConnectionLink> m_link;
    QMutex m_mutex;
    std::atomic<bool> m_responded{false};
    HttpResponse m_response;
    QList<Observe::StageTiming> m_stages;
    QVariantMap m_notes;
};

} // namespace Gatehouse::Http
