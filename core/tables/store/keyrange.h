// Thread affinity: any thread (pure functions).
#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <optional>

namespace Gatehouse::Tables::Store {

// The storage position of a partition: MurmurHash3 (x86, 32-bit, seed 0) of the encoded hash
// key. It is written to disk, so it must never change (a different hash needs a migration).
quint32 segmentOf(const QByteArray &encodedHashKey);

// Scan segment `segment` of `total` covers seg values [first, last) of the 32-bit space,
// split into equal ranges. last is 2^32 for the final segment.
struct SegmentRange
{
    qint64 first = 0;
    qint64 last = 0;
};
SegmentRange segmentRange(int segment, int total);

// The smallest byte string greater than every string starting with prefix, or nothing when no
// such string exists (the prefix is empty or all 0xFF): trailing 0xFF bytes are dropped and
// the last remaining byte incremented.
std::optional<QByteArray> prefixSuccessor(const QByteArray &prefix);

// One side of a range read.
struct Bound
{
    QByteArray key;
    bool inclusive = true;
};

// Keeps the tighter of two bounds: the higher lower bound / the lower upper bound; at equal keys
// an exclusive bound is tighter.
void tightenLower(std::optional<Bound> &current, const Bound &candidate);
void tightenUpper(std::optional<Bound> &current, const Bound &candidate);

// The lower and upper bounds of a range read from its sort-key conditions (lower, upper and a
// begins_with prefix); resuming after a start key is the caller's, as tables and indexes differ.
struct KeyBounds
{
    std::optional<Bound> lower;
    std::optional<Bound> upper;
};
KeyBounds keyBounds(const std::optional<QByteArray> &lowerKey, bool lowerInclusive,
                    const std::optional<QByteArray> &upperKey, bool upperInclusive,
                    const std::optional<QByteArray> &prefix);

} // namespace Gatehouse::Tables::Store
