// Shared by the table browser tests: an in-memory engine and an API wrapper that counts calls.
#pragma once

#include <tables/tableengine.h>

#include <QHash>
#include <QJsonDocument>
#include <QMutex>
#include <QSet>

namespace Gatehouse::TestSupport {

// Forwards to the engine and counts calls per operation (any thread). `failNext` makes the next
// call of an operation answer with an error instead, as an engine without it would.
class CountingApi : public Tables::DynamoApi
{
public:
    explicit CountingApi(Tables::DynamoApi *inner) : m_inner(inner) {}

    void call(const QString &operation, const QJsonObject &request, Tables::ReplyFn done) override
    {
        {
            QMutexLocker lock(&m_mutex);
            ++m_counts[operation];
            m_requests.append({operation, request});
            if (m_unknown.contains(operation)) {
                lock.unlock();
                done(Tables::ApiReply::error(Status::error(
                    QStringLiteral("UnknownOperationException"), QString())));
                return;
            }
        }
        m_inner->call(operation, request, std::move(done));
    }

    int count(const QString &operation) const
    {
        QMutexLocker lock(&m_mutex);
        return m_counts.value(operation);
    }
    QList<QPair<QString, QJsonObject>> requests() const
    {
        QMutexLocker lock(&m_mutex);
        return m_requests;
    }
    void reset()
    {
        QMutexLocker lock(&m_mutex);
        m_counts.clear();
        m_requests.clear();
    }
    // Answer `operation` as an engine that does not have it.
    void setUnknown(const QString &operation, bool unknown = true)
    {
        QMutexLocker lock(&m_mutex);
        if (unknown)
            m_unknown.insert(operation);
        else
            m_unknown.remove(operation);
    }

private:
    Tables::DynamoApi *m_inner;
    mutable QMutex m_mutex;
    QHash<QString, int> m_counts;
    QList<QPair<QString, QJsonObject>> m_requests;
    QSet<QString> m_unknown;
};

inline QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

inline std::shared_ptr<Tables::TableEngine> memoryEngine()
{
    Tables::EngineOptions options;
    options.store.inMemory = true;
    auto engine = Tables::TableEngine::open(options);
    return engine.isOk() ? std::move(engine).value() : nullptr;
}

} // namespace Gatehouse::TestSupport
