#include "keyrange.h"

#include <cstring>

namespace Gatehouse::Tables::Store {

namespace {
inline quint32 rotl32(quint32 x, int r)
{
    return (x << r) | (x >> (32 - r));
}
} // namespace

quint32 segmentOf(const QByteArray &key)
{
    const auto *data = reinterpret_cast<const quint8 *>(key.constData());
    const qsizetype len = key.size();
    const qsizetype blocks = len / 4;
    constexpr quint32 c1 = 0xcc9e2d51;
    constexpr quint32 c2 = 0x1b873593;
    quint32 h = 0;
    for (qsizetype i = 0; i < blocks; ++i) {
        // Little-endian reads whatever the host is, so the value on disk is portable.
        const quint8 *p = data + i * 4;
        quint32 k = quint32(p[0]) | quint32(p[1]) << 8 | quint32(p[2]) << 16 | quint32(p[3]) << 24;
        k *= c1;
        k = rotl32(k, 15);
        k *= c2;
        h ^= k;
        h = rotl32(h, 13);
        h = h * 5 + 0xe6546b64;
    }
    const quint8 *tail = data + blocks * 4;
    quint32 k = 0;
    switch (len & 3) {
    case 3:
        k ^= quint32(tail[2]) << 16;
        Q_FALLTHROUGH();
    case 2:
        k ^= quint32(tail[1]) << 8;
        Q_FALLTHROUGH();
    case 1:
        k ^= tail[0];
        k *= c1;
        k = rotl32(k, 15);
        k *= c2;
        h ^= k;
    }
    h ^= quint32(len);
    h ^= h >> 16;
    h *= 0x85ebca6b;
    h ^= h >> 13;
    h *= 0xc2b2ae35;
    h ^= h >> 16;
    return h;
}

SegmentRange segmentRange(int segment, int total)
{
    constexpr qint64 space = qint64(1) << 32;
    return {space * segment / total, space * (segment + 1) / total};
}

std::optional<QByteArray> prefixSuccessor(const QByteArray &prefix)
{
    QByteArray next = prefix;
    while (!next.isEmpty() && quint8(next.back()) == 0xff)
        next.chop(1);
    if (next.isEmpty())
        return std::nullopt;
    next.back() = char(quint8(next.back()) + 1);
    return next;
}

namespace {
int compareBytes(const QByteArray &a, const QByteArray &b)
{
    const qsizetype n = qMin(a.size(), b.size());
    const int c = n ? std::memcmp(a.constData(), b.constData(), size_t(n)) : 0;
    if (c != 0)
        return c;
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}
} // namespace

void tightenLower(std::optional<Bound> &current, const Bound &candidate)
{
    if (!current) {
        current = candidate;
        return;
    }
    const int c = compareBytes(candidate.key, current->key);
    if (c > 0 || (c == 0 && !candidate.inclusive))
        current = candidate;
}

void tightenUpper(std::optional<Bound> &current, const Bound &candidate)
{
    if (!current) {
        current = candidate;
        return;
    }
    const int c = compareBytes(candidate.key, current->key);
    if (c < 0 || (c == 0 && !candidate.inclusive))
        current = candidate;
}

KeyBounds keyBounds(const std::optional<QByteArray> &lowerKey, bool lowerInclusive,
                    const std::optional<QByteArray> &upperKey, bool upperInclusive,
                    const std::optional<QByteArray> &prefix)
{
    KeyBounds b;
    if (lowerKey)
        tightenLower(b.lower, {*lowerKey, lowerInclusive});
    if (upperKey)
        tightenUpper(b.upper, {*upperKey, upperInclusive});
    if (prefix) {
        tightenLower(b.lower, {*prefix, true});
        if (auto next = prefixSuccessor(*prefix))
            tightenUpper(b.upper, {*next, false});
    }
    return b;
}

} // namespace Gatehouse::Tables::Store
