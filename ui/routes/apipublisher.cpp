#include <ui/routes/apipublisher.h>

#include <gateway/apiregistry.h>

#include <QMutexLocker>
#include <QPointer>

namespace Gatehouse::Ui {

ApiPublisher::ApiPublisher(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("gatehouse-publisher"));
}

ApiPublisher::~ApiPublisher()
{
    m_pool.waitForDone();
}

void ApiPublisher::setRegistry(Gateway::ApiRegistry *registry)
{
    waitForDone();
    m_registry = registry;
}

void ApiPublisher::publish(std::shared_ptr<const Gateway::RestApi> api)
{
    if (!m_registry || !api)
        return;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_pending.contains(api->id))
            m_order.append(api->id);
        m_pending.insert(api->id, api);
        ++m_queued;
    }
    m_pool.start([this] { drain(); });
}

void ApiPublisher::remove(const QString &apiId)
{
    if (!m_registry)
        return;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_pending.contains(apiId))
            m_order.append(apiId);
        m_pending.insert(apiId, nullptr);
        ++m_queued;
    }
    m_pool.start([this] { drain(); });
}

bool ApiPublisher::isBusy() const
{
    QMutexLocker lock(&m_mutex);
    return m_queued > 0;
}

void ApiPublisher::waitForDone()
{
    m_pool.waitForDone();
}

void ApiPublisher::drain()
{
    // Runs on the pool's one thread. Every job takes whatever is pending; later jobs of the
    // same burst find nothing left and only count themselves done.
    QList<std::pair<QString, std::shared_ptr<const Gateway::RestApi>>> work;
    {
        QMutexLocker lock(&m_mutex);
        for (const QString &id : std::as_const(m_order))
            work.append({id, m_pending.value(id)});
        m_pending.clear();
        m_order.clear();
    }
    QPointer<ApiPublisher> self(this);
    for (const auto &[id, api] : work) {
        QStringList problems;
        if (api)
            problems = m_registry->publish(api);
        else
            m_registry->remove(id);
        QMetaObject::invokeMethod(this, [self, id = id, problems] {
            if (self)
                Q_EMIT self->published(id, problems);
        }, Qt::QueuedConnection);
    }
    QMutexLocker lock(&m_mutex);
    --m_queued;
}

} // namespace Gatehouse::Ui
