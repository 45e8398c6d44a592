#include "ids.h"

#include <QRandomGenerator>
#include <QUuid>

#include <chrono>

namespace Gatehouse {

QByteArray newRequestId()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

qint64 monotonicMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace Gatehouse
