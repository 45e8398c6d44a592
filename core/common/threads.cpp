#include "threads.h"

#include <QByteArray>

#if defined(Q_OS_LINUX)
#include <pthread.h>
#endif

namespace Gatehouse {

void nameCurrentThread(const char *name)
{
#if defined(Q_OS_LINUX)
    char buffer[16];
    qstrncpy(buffer, name, sizeof buffer);
    pthread_setname_np(pthread_self(), buffer);
#else
    Q_UNUSED(name);
#endif
}

} // namespace Gatehouse
