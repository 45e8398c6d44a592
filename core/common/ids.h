// Thread affinity: any thread.
#pragma once

#include <QByteArray>

namespace Gatehouse {

// A request id in the shape AWS uses for x-amzn-RequestId (a UUID v4, lower case, with dashes).
QByteArray newRequestId();

// Microseconds from a monotonic clock; only differences are meaningful.
qint64 monotonicMicros();

} // namespace Gatehouse
