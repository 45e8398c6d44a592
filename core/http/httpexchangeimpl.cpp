#include "httpexchangeimpl.h"

#include "httpconnection.h"
#include "threadmailbox.h"

#include <common/ids.h>

#include <QMutexLocker>
#include <QThread>

namespace Gatehouse::Http {

HttpExchangeImpl::HttpExchangeImpl(HttpRequest request, qint64 startUs,
                                   std::shared_ptr<ConnectionLink> link)
    : startUs(startUs), m_request(std::move(request)), m_link(std::move(link))
{
}

qint64 HttpExchangeImpl::elapsedUs() const
{
    return monotonicMicros() - startUs;
}

void HttpExchangeImpl::addStage(const QString &name, qint64 stageStartUs, qint64 durationUs)
{
    QMutexLocker lock(&m_mutex);
    m_stages.append({name, stageStartUs, durationUs});
}

void HttpExchangeImpl::setNote(const QString &key, const QVariant &value)
{
    QMutexLocker lock(&m_mutex);
    m_notes.insert(key, value);
}

void HttpExchangeImpl::respond(HttpResponse response)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_responded.load(std::memory_order_relaxed))
            return;
        m_response = std::move(response);
        m_responded.store(true, std::memory_order_release);
    }
    if (!m_link)
        return;
    // In place on the connection's thread, through its mailbox from any other; dropped if the
    // client went away (the answer has nowhere to go).
    runOnOwnThread([link = m_link.get()] { link->connection->flushResponses(); });
}

void HttpExchangeImpl::runOnOwnThread(std::function<void()> fn)
{
    if (!m_link)
        return fn();
    QMutexLocker lock(&m_link->mutex);
    HttpConnection *connection = m_link->connection;
    if (!connection)
        return;
    const bool here = connection->thread() == QThread::currentThread();
    lock.unlock();
    if (here)
        return fn();
    m_link->mailbox->post(m_link, std::move(fn));
}

void HttpExchangeImpl::setResponseDirect(HttpResponse response)
{
    QMutexLocker lock(&m_mutex);
    if (m_responded.load(std::memory_order_relaxed))
        return;
    m_response = std::move(response);
    m_responded.store(true, std::memory_order_release);
}

QList<Observe::StageTiming> HttpExchangeImpl::takeStages()
{
    QMutexLocker lock(&m_mutex);
    return std::move(m_stages);
}

QVariantMap HttpExchangeImpl::takeNotes()
{
    QMutexLocker lock(&m_mutex);
    return std::move(m_notes);
}

} // namespace Gatehouse::Http
