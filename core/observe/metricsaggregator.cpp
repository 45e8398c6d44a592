#include "metricsaggregator.h"

#include <QDateTime>
#include <QMutexLocker>

#include <algorithm>

namespace Gatehouse::Observe {

namespace {

const QString AllRequests = QStringLiteral("All requests");
const QString Separator = QStringLiteral(" · ");

// "(unmatched)" and "(other)" sort after the names people gave.
bool nameLess(const QString &a, const QString &b)
{
    const bool pa = a.startsWith(u'(');
    const bool pb = b.startsWith(u'(');
    if (pa != pb)
        return pb;
    return a < b;
}

bool keyLess(const MetricsKey &a, const MetricsKey &b)
{
    if (a.api != b.api)
        return nameLess(a.api, b.api);
    if (a.stage != b.stage)
        return a.stage < b.stage;
    return nameLess(a.route, b.route);
}

LatencySummary summarise(const DenseHistogram &h)
{
    return {h.percentile(500), h.percentile(900), h.percentile(990)};
}

} // namespace

QString MetricsKey::displayName() const
{
    if (isAll())
        return AllRequests;
    QString name = api;
    if (!stage.isEmpty())
        name += Separator + stage;
    if (!route.isEmpty())
        name += Separator + route;
    return name;
}

size_t qHash(const MetricsKey &key, size_t seed)
{
    return qHashMulti(seed, key.api, key.stage, key.route);
}

struct MetricsAggregator::Accumulator
{
    qint64 epoch = -1;
    quint32 count = 0;
    quint32 clientErrors = 0;
    quint32 serverErrors = 0;
    DenseHistogram latency;
    DenseHistogram integration;
};

struct MetricsAggregator::Slot
{
    qint64 epoch = -1;
    quint32 count = 0;
    quint32 clientErrors = 0;
    quint32 serverErrors = 0;
    SparseHistogram latency;
    SparseHistogram integration;
};

// One resolution: sealed slots in a ring indexed by epoch (slot number since the Unix epoch),
// and the slot in progress as dense histograms so that adding a sample is an increment.
struct MetricsAggregator::Ring
{
    Ring(int slotSeconds, int slots) : slotSeconds(slotSeconds), slots(size_t(slots)) {}

    void seal(qint64 epochNow)
    {
        if (current.epoch < 0 || current.epoch >= epochNow)
            return;
        Slot &slot = slots[size_t(current.epoch % qint64(slots.size()))];
        slot.epoch = current.epoch;
        slot.count = current.count;
        slot.clientErrors = current.clientErrors;
        slot.serverErrors = current.serverErrors;
        slot.latency = SparseHistogram::from(current.latency);
        slot.integration = SparseHistogram::from(current.integration);
        current.epoch = -1;
        current.count = current.clientErrors = current.serverErrors = 0;
        current.latency.clear();
        current.integration.clear();
    }

    const Slot *slot(qint64 epoch) const
    {
        if (epoch < 0)
            return nullptr;
        const Slot &s = slots[size_t(epoch % qint64(slots.size()))];
        return s.epoch == epoch ? &s : nullptr;
    }

    int slotSeconds;
    std::vector<Slot> slots;
    Accumulator current;
};

struct MetricsAggregator::Series
{
    explicit Series(const MetricsKey &key)
        : key(key), fine(1, FineSlots), coarse(CoarseSlotSeconds, CoarseSlots)
    {
    }

    MetricsKey key;
    Ring fine;
    Ring coarse;
    qint64 lastSecond = -1;
};

MetricsAggregator::MetricsAggregator(Clock clock) : m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
}

MetricsAggregator::~MetricsAggregator() = default;

int MetricsAggregator::windowSeconds(MetricsWindow window)
{
    switch (window) {
    case MetricsWindow::FiveMinutes:
        return 5 * 60;
    case MetricsWindow::FifteenMinutes:
        return 15 * 60;
    case MetricsWindow::SixtyMinutes:
        break;
    }
    return 60 * 60;
}

int MetricsAggregator::slotSeconds(MetricsWindow window)
{
    return window == MetricsWindow::FiveMinutes ? 1 : CoarseSlotSeconds;
}

MetricsKey MetricsAggregator::routeKeyOf(const RequestRecord &record)
{
    if (record.listener == TablesApi) {
        const QString operation = record.notes.value(QStringLiteral("operation")).toString();
        return {TablesApi, {}, operation.isEmpty() ? Unmatched : operation};
    }
    const QString api = record.notes.value(QStringLiteral("api")).toString();
    if (api.isEmpty())
        return {Unmatched, {}, Unmatched};
    const QString stage = record.notes.value(QStringLiteral("stage")).toString();
    const QString resource = record.notes.value(QStringLiteral("resourcePath")).toString();
    if (resource.isEmpty())
        return {api, stage, Unmatched};
    return {api, stage, QString::fromLatin1(record.method) + u' ' + resource};
}

qint64 MetricsAggregator::integrationUs(const RequestRecord &record)
{
    static const QString integration = QStringLiteral("integration");
    for (const StageTiming &stage : record.stages) {
        if (stage.name == integration)
            return stage.durationUs;
    }
    return -1;
}

qint64 MetricsAggregator::nowMs() const
{
    return m_clock();
}

qint64 MetricsAggregator::currentSecond()
{
    const qint64 ms = m_clock();
    const qint64 second = ms >= 0 ? ms / 1000 : 0;
    advance(second);
    return m_second;
}

void MetricsAggregator::advance(qint64 second)
{
    // A clock stepping back keeps counting into the second in progress.
    if (second <= m_second)
        return;
    m_second = second;
    // Past this age every slot of a key is stale: the key goes, which bounds the keys kept by
    // the routes that were busy in the last hour.
    const qint64 expired = second - qint64(CoarseSlots + 1) * CoarseSlotSeconds;
    for (auto it = m_series.begin(); it != m_series.end();) {
        Series &series = **it;
        if (series.lastSecond < expired) {
            it = m_series.erase(it);
            continue;
        }
        series.fine.seal(second);
        series.coarse.seal(second / CoarseSlotSeconds);
        ++it;
    }
}

MetricsAggregator::Series *MetricsAggregator::seriesFor(const MetricsKey &key, qint64 second)
{
    auto it = m_series.find(key);
    if (it == m_series.end())
        it = m_series.insert(key, std::make_shared<Series>(key));
    Series *series = it->get();
    series->lastSecond = second;
    return series;
}

void MetricsAggregator::publish(const RecordPtr &record)
{
    if (!record)
        return;
    QMutexLocker lock(&m_mutex);
    addLocked(*record, currentSecond());
}

void MetricsAggregator::add(const QList<RecordPtr> &batch)
{
    QMutexLocker lock(&m_mutex);
    const qint64 second = currentSecond();
    for (const RecordPtr &record : batch) {
        if (record)
            addLocked(*record, second);
    }
}

void MetricsAggregator::addAt(const QList<RecordPtr> &batch, qint64 ms)
{
    QMutexLocker lock(&m_mutex);
    advance(ms >= 0 ? ms / 1000 : 0);
    for (const RecordPtr &record : batch) {
        if (record)
            addLocked(*record, m_second);
    }
}

void MetricsAggregator::addLocked(const RequestRecord &record, qint64 second)
{
    MetricsKey key = routeKeyOf(record);
    // Past MaxKeys a new API counts as "(other)", and a new route as its API's "(other)" route:
    // bounded by MaxKeys and one overflow route per API.
    if (m_series.size() >= MaxKeys) {
        if (!m_series.contains(key.apiKey()))
            key = {Other, {}, Other};
        else if (!m_series.contains(key))
            key.route = Other;
    }
    Series *targets[] = {seriesFor(key, second), seriesFor(key.apiKey(), second),
                         seriesFor(MetricsKey::all(), second)};
    const int latencyBucket = LatencyBuckets::bucketOf(record.totalUs);
    const qint64 integration = integrationUs(record);
    const int integrationBucket = integration >= 0 ? LatencyBuckets::bucketOf(integration) : -1;
    const bool clientError = record.status >= 400 && record.status < 500;
    const bool serverError = record.status >= 500;
    const qint64 coarseEpoch = second / CoarseSlotSeconds;
    for (Series *series : targets) {
        for (Ring *ring : {&series->fine, &series->coarse}) {
            Accumulator &acc = ring->current;
            acc.epoch = ring == &series->fine ? second : coarseEpoch;
            ++acc.count;
            acc.clientErrors += clientError;
            acc.serverErrors += serverError;
            acc.latency.add(latencyBucket);
            if (integrationBucket >= 0)
                acc.integration.add(integrationBucket);
        }
    }
}

void MetricsAggregator::clear()
{
    QMutexLocker lock(&m_mutex);
    m_series.clear();
    m_second = -1;
}

QList<MetricsKey> MetricsAggregator::keys()
{
    QMutexLocker lock(&m_mutex);
    currentSecond();
    QList<MetricsKey> keys;
    keys.reserve(m_series.size());
    for (const auto &series : std::as_const(m_series)) {
        if (!series->key.isAll())
            keys << series->key;
    }
    std::sort(keys.begin(), keys.end(), keyLess);
    return keys;
}

MetricsStats MetricsAggregator::statsLocked(const Series &series, MetricsWindow window) const
{
    const bool fine = window == MetricsWindow::FiveMinutes;
    const Ring &ring = fine ? series.fine : series.coarse;
    const qint64 now = fine ? m_second : m_second / CoarseSlotSeconds;
    const qint64 slots = windowSeconds(window) / ring.slotSeconds;
    MetricsStats stats;
    DenseHistogram latency;
    DenseHistogram integration;
    for (qint64 epoch = now - slots + 1; epoch < now; ++epoch) {
        if (const Slot *slot = ring.slot(epoch)) {
            stats.count += slot->count;
            stats.clientErrors += slot->clientErrors;
            stats.serverErrors += slot->serverErrors;
            slot->latency.addTo(&latency);
            slot->integration.addTo(&integration);
        }
    }
    const Accumulator &acc = ring.current;
    if (acc.epoch == now) {
        stats.count += acc.count;
        stats.clientErrors += acc.clientErrors;
        stats.serverErrors += acc.serverErrors;
        for (int i = 0; i < LatencyBuckets::Count; ++i) {
            if (const quint32 n = acc.latency.counts()[size_t(i)])
                latency.add(i, n);
            if (const quint32 n = acc.integration.counts()[size_t(i)])
                integration.add(i, n);
        }
    }
    stats.latency = summarise(latency);
    stats.integrationCount = integration.total();
    stats.integration = summarise(integration);
    return stats;
}

MetricsStats MetricsAggregator::stats(const MetricsKey &key, MetricsWindow window)
{
    QMutexLocker lock(&m_mutex);
    currentSecond();
    const auto it = m_series.constFind(key);
    return it == m_series.constEnd() ? MetricsStats() : statsLocked(**it, window);
}

QList<QPair<MetricsKey, MetricsStats>> MetricsAggregator::routeStats(MetricsWindow window,
                                                                     const MetricsKey &scope)
{
    QMutexLocker lock(&m_mutex);
    currentSecond();
    QList<QPair<MetricsKey, MetricsStats>> rows;
    for (const auto &series : std::as_const(m_series)) {
        const MetricsKey &key = series->key;
        if (!key.isRoute())
            continue;
        if (!scope.isAll() && (key.api != scope.api || key.stage != scope.stage))
            continue;
        MetricsStats stats = statsLocked(*series, window);
        if (stats.count > 0)
            rows.append({key, stats});
    }
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return keyLess(a.first, b.first); });
    return rows;
}

MetricsSeries MetricsAggregator::series(const MetricsKey &key, MetricsWindow window)
{
    QMutexLocker lock(&m_mutex);
    currentSecond();
    const bool fine = window == MetricsWindow::FiveMinutes;
    MetricsSeries result;
    result.slotSeconds = slotSeconds(window);
    const qint64 now = fine ? m_second : m_second / CoarseSlotSeconds;
    const qint64 slots = windowSeconds(window) / result.slotSeconds;
    result.points.reserve(slots);
    const auto it = m_series.constFind(key);
    const Ring *ring = it == m_series.constEnd() ? nullptr : (fine ? &(*it)->fine : &(*it)->coarse);
    for (qint64 epoch = now - slots; epoch < now; ++epoch) {
        MetricsPoint point;
        point.startMs = epoch * result.slotSeconds * 1000;
        if (const Slot *slot = ring ? ring->slot(epoch) : nullptr) {
            point.count = slot->count;
            point.clientErrors = slot->clientErrors;
            point.serverErrors = slot->serverErrors;
            point.p50Us = slot->latency.percentile(500);
            point.p99Us = slot->latency.percentile(990);
        }
        result.points.append(point);
    }
    return result;
}

size_t MetricsAggregator::memoryBytes() const
{
    QMutexLocker lock(&m_mutex);
    size_t bytes = 0;
    for (const auto &series : std::as_const(m_series)) {
        bytes += sizeof(Series);
        for (const Ring *ring : {&series->fine, &series->coarse}) {
            for (const Slot &slot : ring->slots)
                bytes += sizeof(Slot) + slot.latency.memoryBytes() + slot.integration.memoryBytes();
        }
    }
    return bytes;
}

} // namespace Gatehouse::Observe
