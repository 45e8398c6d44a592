// Thread affinity: any thread (value types, not synchronised).
#pragma once

#include <QtGlobal>

#include <array>
#include <vector>

namespace Gatehouse::Observe {

// Durations in microseconds kept as counts per log-linear bucket: exact below 100 µs, then two
// significant decimal digits (100, 110, …, 990, 1000, 1100, …), 90 buckets a decade up to
// 10^11 µs. A value is reported as its bucket's lower bound, so a percentile reads at most 10 %
// low (1234 µs counts as 1200 µs) and memory does not grow with the number of samples.
namespace LatencyBuckets {
constexpr int ExactBelow = 100;
constexpr int PerDecade = 90;
constexpr int Decades = 9;   // 10^2 .. 10^11
constexpr int Count = ExactBelow + PerDecade * Decades;

int bucketOf(qint64 micros);
qint64 lowerBound(int bucket);
} // namespace LatencyBuckets

// Percentiles are given in per mille (p50 = 500, p99 = 990) so that ranks are exact integers.
// The nearest-rank definition: the smallest bucket holding at least ceil(N * q) samples.
class DenseHistogram
{
public:
    void add(int bucket, quint32 n = 1)
    {
        m_counts[size_t(bucket)] += n;
        m_total += n;
    }
    quint64 total() const { return m_total; }
    bool isEmpty() const { return m_total == 0; }
    void clear();
    // -1 when empty.
    qint64 percentile(int perMille) const;
    const std::array<quint32, LatencyBuckets::Count> &counts() const { return m_counts; }

private:
    std::array<quint32, LatencyBuckets::Count> m_counts{};
    quint64 m_total = 0;
};

// The sealed form of a slot: only the buckets that hold samples, in bucket order.
class SparseHistogram
{
public:
    struct Entry
    {
        quint16 bucket;
        quint32 count;
    };

    static SparseHistogram from(const DenseHistogram &dense);
    void addTo(DenseHistogram *dense) const;
    quint64 total() const;
    bool isEmpty() const { return m_entries.empty(); }
    qint64 percentile(int perMille) const;
    const std::vector<Entry> &entries() const { return m_entries; }
    size_t memoryBytes() const { return m_entries.capacity() * sizeof(Entry); }

private:
    std::vector<Entry> m_entries;
};

// The rank of the nearest-rank percentile among `total` samples (1-based).
quint64 percentileRank(quint64 total, int perMille);

} // namespace Gatehouse::Observe
