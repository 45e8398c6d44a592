#include "httpdate.h"

#include <cstdio>

namespace Gatehouse::Http {

const QByteArray &HttpDate::now()
{
    const std::time_t t = std::time(nullptr);
    if (t != m_second) {
        m_second = t;
        m_text = format(t);
    }
    return m_text;
}

QByteArray HttpDate::format(std::time_t t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
#if defined(_WIN32)
    gmtime_s(&tm, &t);
#else
    gmtime_r(&t, &tm);
#endif
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
                                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return QByteArray(buf, n);
}

} // namespace Gatehouse::Http
