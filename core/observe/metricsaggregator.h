// Thread affinity: any thread. Every member function takes the aggregator's lock; feed it where
// RecordHub delivers (its sinks run on the hub's thread), never from a listener thread.
#pragma once

#include <observe/latencyhistogram.h>
#include <observe/requestrecord.h>

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace Gatehouse::Observe {

// What metrics are kept for: every request (all empty), one API stage (route empty) or one
// route of it. Table requests count under the API "tables" with the DynamoDB operation as
// their route; gateway routes read "GET /books/{isbn}".
struct MetricsKey
{
    QString api;
    QString stage;
    QString route;

    static MetricsKey all() { return {}; }
    static MetricsKey apiStage(const QString &api, const QString &stage) { return {api, stage, {}}; }
    bool isAll() const { return api.isEmpty(); }
    bool isApi() const { return !api.isEmpty() && route.isEmpty(); }
    bool isRoute() const { return !route.isEmpty(); }
    MetricsKey apiKey() const { return {api, stage, {}}; }
    // "bookstore · dev", "bookstore · dev · GET /books", "tables · GetItem", "All requests".
    QString displayName() const;

    friend bool operator==(const MetricsKey &a, const MetricsKey &b)
    {
        return a.api == b.api && a.stage == b.stage && a.route == b.route;
    }
    friend bool operator!=(const MetricsKey &a, const MetricsKey &b) { return !(a == b); }
};
size_t qHash(const MetricsKey &key, size_t seed = 0);

enum class MetricsWindow { FiveMinutes, FifteenMinutes, SixtyMinutes };

struct LatencySummary
{
    qint64 p50Us = -1;   // -1: no samples
    qint64 p90Us = -1;
    qint64 p99Us = -1;
};

// Totals over a window.
struct MetricsStats
{
    quint64 count = 0;
    quint64 clientErrors = 0;   // 4XX
    quint64 serverErrors = 0;   // 5XX
    LatencySummary latency;
    quint64 integrationCount = 0;   // requests with an "integration" pipeline stage
    LatencySummary integration;
};

// One slot of a chart: a second (5-minute window) or ten seconds (15 and 60 minutes).
struct MetricsPoint
{
    qint64 startMs = 0;   // ms since the epoch
    quint32 count = 0;
    quint32 clientErrors = 0;
    quint32 serverErrors = 0;
    qint64 p50Us = -1;
    qint64 p99Us = -1;
};

struct MetricsSeries
{
    int slotSeconds = 1;
    // Every complete slot of the window, oldest first, empty ones included (count 0, no
    // percentiles); the slot in progress is left out so that a rate never reads low.
    QList<MetricsPoint> points;
};

// Aggregates finished request records into count, 4XX, 5XX, latency and integration latency per
// API stage and route (and for all of them), over sliding windows of 5 minutes at one-second
// resolution and of 15 and 60 minutes at ten-second resolution. Each slot holds counters and
// log-linear histograms (sparse once the slot is over), so memory is bounded by the number of
// keys (MaxKeys; beyond it new routes count under "(other)") and never by the traffic; keys
// idle for longer than the longest window are dropped.
//
// A record counts in the second it reaches the aggregator (at most a hub flush interval after it
// finished), read from the injected clock, so tests control time completely.
class MetricsAggregator : public RecordSink
{
public:
    using Clock = std::function<qint64()>;   // ms since the epoch
    static constexpr int MaxKeys = 256;
    static constexpr int FineSlots = 300;     // 5 minutes of seconds
    static constexpr int CoarseSlotSeconds = 10;
    static constexpr int CoarseSlots = 360;   // 60 minutes of ten seconds
    static inline const QString TablesApi = QStringLiteral("tables");
    static inline const QString Unmatched = QStringLiteral("(unmatched)");
    static inline const QString Other = QStringLiteral("(other)");

    // A null clock reads the system clock.
    explicit MetricsAggregator(Clock clock = {});
    ~MetricsAggregator() override;

    void publish(const RecordPtr &record) override;
    void add(const QList<RecordPtr> &batch);
    // Counts `batch` at `ms` instead of the clock's time, for backfills and replays. Time only
    // moves forward: a time before the second in progress counts in it.
    void addAt(const QList<RecordPtr> &batch, qint64 ms);
    // Forgets every count and the second in progress (so a backfill may start in the past).
    void clear();

    // The route key a record counts under (before the MaxKeys bound).
    static MetricsKey routeKeyOf(const RequestRecord &record);
    // The duration of the record's "integration" stage, or -1.
    static qint64 integrationUs(const RequestRecord &record);

    static int windowSeconds(MetricsWindow window);
    static int slotSeconds(MetricsWindow window);

    // Keys with requests in the last 60 minutes: the API stages and their routes (not "all"),
    // sorted by API, stage and route.
    QList<MetricsKey> keys();
    MetricsStats stats(const MetricsKey &key, MetricsWindow window);
    // Every route key under `scope` (all, or one API stage) with requests in the window, with
    // its totals, sorted as keys().
    QList<QPair<MetricsKey, MetricsStats>> routeStats(MetricsWindow window,
                                                      const MetricsKey &scope = MetricsKey::all());
    MetricsSeries series(const MetricsKey &key, MetricsWindow window);

    qint64 nowMs() const;
    // Bytes held by slots and histograms (for the memory-bound test).
    size_t memoryBytes() const;

private:
    struct Series;
    struct Slot;
    struct Ring;
    struct Accumulator;

    qint64 currentSecond();   // reads the clock and seals the slots that are over
    void advance(qint64 second);
    Series *seriesFor(const MetricsKey &key, qint64 second);
    void addLocked(const RequestRecord &record, qint64 second);
    MetricsStats statsLocked(const Series &series, MetricsWindow window) const;

    Clock m_clock;
    mutable QMutex m_mutex;
    qint64 m_second = -1;   // the second in progress
    QHash<MetricsKey, std::shared_ptr<Series>> m_series;
};

} // namespace Gatehouse::Observe
