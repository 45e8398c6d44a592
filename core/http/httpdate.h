// Thread affinity: one instance per thread (it caches the current second's text).
#pragma once

#include <QByteArray>

#include <ctime>

namespace Gatehouse::Http {

// The IMF-fixdate for the Date header ("Sun, 06 Nov 1994 08:49:37 GMT"), formatted at most once
// per second: a response only pays for a time() call and a shared copy.
class HttpDate
{
public:
    const QByteArray &now();
    static QByteArray format(std::time_t t);

private:
    std::time_t m_second = -1;
    QByteArray m_text;
};

} // namespace Gatehouse::Http
