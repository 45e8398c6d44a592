#include "latencyhistogram.h"

#include <algorithm>

namespace Gatehouse::Observe {

namespace {
constexpr qint64 Powers[] = {1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
                             100000000LL, 1000000000LL, 10000000000LL, 100000000000LL};
constexpr qint64 Ceiling = Powers[LatencyBuckets::Decades + 2];   // 10^11
} // namespace

int LatencyBuckets::bucketOf(qint64 micros)
{
    if (micros < ExactBelow)
        return micros < 0 ? 0 : int(micros);
    if (micros >= Ceiling)
        return Count - 1;
    int e = 2;
    while (micros >= Powers[e + 1])
        ++e;
    const int mantissa = int(micros / Powers[e - 1]);   // 10 .. 99
    return ExactBelow + (e - 2) * PerDecade + (mantissa - 10);
}

qint64 LatencyBuckets::lowerBound(int bucket)
{
    if (bucket < ExactBelow)
        return std::max(bucket, 0);
    const int k = std::min(bucket, Count - 1) - ExactBelow;
    const int e = 2 + k / PerDecade;
    return qint64(10 + k % PerDecade) * Powers[e - 1];
}

quint64 percentileRank(quint64 total, int perMille)
{
    const quint64 rank = (total * quint64(std::clamp(perMille, 0, 1000)) + 999) / 1000;
    return std::max<quint64>(rank, 1);
}

void DenseHistogram::clear()
{
    m_counts.fill(0);
    m_total = 0;
}

qint64 DenseHistogram::percentile(int perMille) const
{
    if (m_total == 0)
        return -1;
    const quint64 rank = percentileRank(m_total, perMille);
    quint64 seen = 0;
    for (int i = 0; i < LatencyBuckets::Count; ++i) {
        seen += m_counts[size_t(i)];
        if (seen >= rank)
            return LatencyBuckets::lowerBound(i);
    }
    return LatencyBuckets::lowerBound(LatencyBuckets::Count - 1);
}

SparseHistogram SparseHistogram::from(const DenseHistogram &dense)
{
    SparseHistogram sparse;
    if (dense.isEmpty())
        return sparse;
    const auto &counts = dense.counts();
    size_t used = 0;
    for (quint32 c : counts)
        used += c != 0;
    sparse.m_entries.reserve(used);
    for (size_t i = 0; i < counts.size(); ++i) {
        if (counts[i])
            sparse.m_entries.push_back({quint16(i), counts[i]});
    }
    return sparse;
}

void SparseHistogram::addTo(DenseHistogram *dense) const
{
    for (const Entry &e : m_entries)
        dense->add(e.bucket, e.count);
}

quint64 SparseHistogram::total() const
{
    quint64 total = 0;
    for (const Entry &e : m_entries)
        total += e.count;
    return total;
}

qint64 SparseHistogram::percentile(int perMille) const
{
    const quint64 n = total();
    if (n == 0)
        return -1;
    const quint64 rank = percentileRank(n, perMille);
    quint64 seen = 0;
    for (const Entry &e : m_entries) {
        seen += e.count;
        if (seen >= rank)
            return LatencyBuckets::lowerBound(e.bucket);
    }
    return LatencyBuckets::lowerBound(m_entries.back().bucket);
}

} // namespace Gatehouse::Observe
