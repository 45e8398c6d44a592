// Thread affinity: publish(), requestsPerSecond(), droppedCount() and addSink() are any thread;
// recordsPublished is emitted on the hub's own thread.
#pragma once

#include <observe/requestrecord.h>

#include <QList>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <array>
#include <atomic>
#include <deque>
#include <vector>

namespace Gatehouse::Observe {

// The fan-out point for finished request records. Listeners publish from their own threads
// (a mutex-protected append, never a wait on a consumer); a timer on the hub's thread hands the
// pending records over in batches, as one signal for queued UI connections and as calls to the
// additional sinks. When consumers fall behind, the oldest pending records are dropped (and
// counted) rather than letting memory grow without bound. While there is no consumer at all
// (no sink, nothing connected to recordsPublished) records are counted and not kept.
class RecordHub : public QObject, public RecordSink
{
    Q_OBJECT
public:
    static constexpr int DefaultMaxPending = 100000;
    static constexpr int DefaultFlushIntervalMs = 50;

    explicit RecordHub(QObject *parent = nullptr);
    ~RecordHub() override;

    void publish(const RecordPtr &record) override;

    // Records published per second over the last couple of seconds.
    double requestsPerSecond() const;
    // Records dropped because more than maxPending() were waiting.
    quint64 droppedCount() const { return m_dropped.load(std::memory_order_relaxed); }
    quint64 publishedCount() const { return m_published.load(std::memory_order_relaxed); }

    void setMaxPending(int maxPending);
    int maxPending() const;
    void setFlushInterval(int ms);

    // Further sinks called with each record on the hub's thread at flush time. `sink` must
    // outlive the hub or be removed first.
    void addSink(RecordSink *sink);
    void removeSink(RecordSink *sink);

    // Hands over everything pending now (also runs on the timer).
    Q_SLOT void flush();

Q_SIGNALS:
    void recordsPublished(const QList<Gatehouse::Observe::RecordPtr> &batch);

protected:
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    // Receivers of recordsPublished plus sinks. With none (the headless binary), publish()
    // only counts: queueing records for nobody, to free them later on the hub's thread, was
    // ~6% of a GetItem's CPU.
    std::atomic<int> m_consumers{0};

    static constexpr int BucketMs = 100;
    static constexpr int BucketCount = 20; // a 2 s sliding window

    mutable QMutex m_mutex;
    std::deque<RecordPtr> m_pending;
    int m_maxPending = DefaultMaxPending;
    std::vector<RecordSink *> m_sinks;
    // Rate buckets: m_bucketSlot[i] is the 100 ms slot number m_bucketCount[i] belongs to.
    mutable std::array<qint64, BucketCount> m_bucketSlot{};
    mutable std::array<quint32, BucketCount> m_bucketCount{};
    qint64 m_startMs = 0;
    std::atomic<quint64> m_dropped{0};
    std::atomic<quint64> m_published{0};
    QTimer m_timer;
};

} // namespace Gatehouse::Observe

Q_DECLARE_METATYPE(Gatehouse::Observe::RecordPtr)
