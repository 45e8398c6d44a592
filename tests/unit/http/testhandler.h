// Thread affinity: handle() on the server's thread; release() and the deferred threads any.
#pragma once

#include <http/httphandler.h>

#include <QHash>
#include <QMutex>

#include <atomic>
#include <thread>
#include <vector>

// The engine used by the listener tests. Routes by path:
//   /echo         answers at once with the request body and X-Echo-* headers
//   /hold/<name>  keeps the exchange until the test calls release(name) (out-of-order answers)
//   /thread       answers from a std::thread
//   /stages       answers with an engine stage and notes
//   /big          answers with 32 MiB
//   anything else 404
class TestHandler : public Gatehouse::Http::HttpHandler
{
public:
    ~TestHandler() override;
    void handle(const Gatehouse::Http::ExchangePtr &exchange) override;
    Gatehouse::Http::HttpResponse refusal(Gatehouse::Http::RefusalReason reason, int status,
                                          const QString &detail) override;

    // Answers a held exchange from a std::thread; false if nothing is held under `name`.
    bool release(const QByteArray &name, const QByteArray &body = "released");
    int heldCount();
    int handledCount();
    // Exchanges whose respond() has returned.
    int answeredCount() const { return m_answered.load(); }
    QList<Gatehouse::Http::RefusalReason> refusals();

    static Gatehouse::Http::HttpResponse echo(const Gatehouse::Http::HttpRequest &request);

private:
    QMutex m_mutex;
    QHash<QByteArray, Gatehouse::Http::ExchangePtr> m_held;
    QList<Gatehouse::Http::RefusalReason> m_refusals;
    int m_handled = 0;
    std::atomic<int> m_answered{0};
    std::vector<std::thread> m_threads;
};
