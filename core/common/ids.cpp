#include "ids.h"

#include <QRandomGenerator>

#include <chrono>
#include <cstring>

namespace Gatehouse {

// A random UUID v4 from a per-thread generator seeded once from the system: QUuid::createUuid
// asks the system generator (the CPU's random instruction) for every id, a measurable share of a
// small request's time on virtual machines.
QByteArray newRequestId()
{
    thread_local QRandomGenerator64 generator(QRandomGenerator::system()->generate64());
    const quint64 words[2] = {generator.generate64(), generator.generate64()};
    uchar bytes[16];
    std::memcpy(bytes, words, sizeof(bytes));
    bytes[6] = uchar((bytes[6] & 0x0f) | 0x40);  // version 4
    bytes[8] = uchar((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
    static const char hex[] = "0123456789abcdef";
    QByteArray id(36, Qt::Uninitialized);
    char *out = id.data();
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *out++ = '-';
        *out++ = hex[bytes[i] >> 4];
        *out++ = hex[bytes[i] & 0x0f];
    }
    return id;
}

qint64 monotonicMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace Gatehouse
