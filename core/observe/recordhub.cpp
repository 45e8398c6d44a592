#include "recordhub.h"

#include "observelogging.h"

#include <common/ids.h>

#include <QMetaMethod>
#include <QMetaType>
#include <QMutexLocker>

#include <algorithm>

namespace Gatehouse::Observe {

namespace {
qint64 nowMs()
{
    return monotonicMicros() / 1000;
}
} // namespace

RecordHub::RecordHub(QObject *parent) : QObject(parent), m_startMs(nowMs()),
      m_timer(this) // a child, so that moveToThread() takes it along
{
    // Queued connections copy the batch through the meta-type system.
    qRegisterMetaType<RecordPtr>("Gatehouse::Observe::RecordPtr");
    qRegisterMetaType<QList<RecordPtr>>("QList<Gatehouse::Observe::RecordPtr>");
    m_bucketSlot.fill(-1);
    m_timer.setInterval(DefaultFlushIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &RecordHub::flush);
    m_timer.start();
}

RecordHub::~RecordHub() = default;

void RecordHub::publish(const RecordPtr &record)
{
    if (!record)
        return;
    const qint64 slot = nowMs() / BucketMs;
    const bool kept = m_consumers.load(std::memory_order_acquire) > 0;
    QMutexLocker lock(&m_mutex);
    if (kept) {
        m_pending.push_back(record);
        if (m_pending.size() > size_t(m_maxPending)) {
            m_pending.pop_front();
            m_dropped.fetch_add(1, std::memory_order_relaxed);
        }
    }
    const int i = int(slot % BucketCount);
    if (m_bucketSlot[i] != slot) {
        m_bucketSlot[i] = slot;
        m_bucketCount[i] = 0;
    }
    ++m_bucketCount[i];
    m_published.fetch_add(1, std::memory_order_relaxed);
}

double RecordHub::requestsPerSecond() const
{
    const qint64 now = nowMs();
    const qint64 current = now / BucketMs;
    quint64 total = 0;
    {
        QMutexLocker lock(&m_mutex);
        // The current, partial slot counts too: the window is the last BucketCount-1 whole
        // slots plus the running one.
        for (int i = 0; i < BucketCount; ++i) {
            if (m_bucketSlot[i] > current - BucketCount && m_bucketSlot[i] <= current)
                total += m_bucketCount[i];
        }
    }
    const qint64 windowMs = std::min<qint64>((BucketCount - 1) * BucketMs + now % BucketMs,
                                             std::max<qint64>(now - m_startMs, 1));
    return double(total) * 1000.0 / double(std::max<qint64>(windowMs, 1));
}

void RecordHub::setMaxPending(int maxPending)
{
    QMutexLocker lock(&m_mutex);
    m_maxPending = std::max(1, maxPending);
    while (m_pending.size() > size_t(m_maxPending)) {
        m_pending.pop_front();
        m_dropped.fetch_add(1, std::memory_order_relaxed);
    }
}

int RecordHub::maxPending() const
{
    QMutexLocker lock(&m_mutex);
    return m_maxPending;
}

void RecordHub::setFlushInterval(int ms)
{
    m_timer.setInterval(std::max(1, ms));
}

void RecordHub::addSink(RecordSink *sink)
{
    if (!sink || sink == this)
        return;
    QMutexLocker lock(&m_mutex);
    if (std::find(m_sinks.begin(), m_sinks.end(), sink) == m_sinks.end()) {
        m_sinks.push_back(sink);
        m_consumers.fetch_add(1, std::memory_order_release);
    }
}

void RecordHub::removeSink(RecordSink *sink)
{
    QMutexLocker lock(&m_mutex);
    const auto it = std::remove(m_sinks.begin(), m_sinks.end(), sink);
    m_consumers.fetch_sub(int(m_sinks.end() - it), std::memory_order_release);
    m_sinks.erase(it, m_sinks.end());
}

void RecordHub::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&RecordHub::recordsPublished))
        m_consumers.fetch_add(1, std::memory_order_release);
}

void RecordHub::disconnectNotify(const QMetaMethod &signal)
{
    // A disconnect of everything comes as an invalid method and is not counted down: counting
    // too many consumers only keeps records as before, too few would lose them.
    if (signal == QMetaMethod::fromSignal(&RecordHub::recordsPublished))
        m_consumers.fetch_sub(1, std::memory_order_release);
}

void RecordHub::flush()
{
    std::deque<RecordPtr> pending;
    std::vector<RecordSink *> sinks;
    {
        QMutexLocker lock(&m_mutex);
        if (m_pending.empty())
            return;
        pending.swap(m_pending);
        sinks = m_sinks;
    }
    QList<RecordPtr> batch;
    batch.reserve(qsizetype(pending.size()));
    for (auto &record : pending)
        batch.append(std::move(record));
    for (RecordSink *sink : sinks) {
        for (const RecordPtr &record : std::as_const(batch))
            sink->publish(record);
    }
    Q_EMIT recordsPublished(batch);
}

} // namespace Gatehouse::Observe
