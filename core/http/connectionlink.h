// Thread affinity: any thread (guarded by its mutex).
#pragma once

#include <QMutex>

#include <memory>

namespace Gatehouse::Http {

class HttpConnection;
class ThreadMailbox;

// What an exchange holds of its connection: a pointer cleared, under the mutex, by the
// connection's destructor. An engine answering from another thread locks the mutex, and while it
// holds it the connection cannot be destroyed, so posting to it is safe; once cleared, the answer
// is dropped. (A QPointer cannot be read safely from a thread other than the object's.)
struct ConnectionLink
{
    QMutex mutex;
    HttpConnection *connection = nullptr;
    // The connection's thread's mailbox: how another thread hands it the answer. Set at
    // construction, never changed.
    std::shared_ptr<ThreadMailbox> mailbox;
};

} // namespace Gatehouse::Http
