// Thread affinity: post() from any thread; the tasks run on the thread of the receiver.
#pragma once

#include <QMutex>
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace Gatehouse::Http {

struct ConnectionLink;

// The way other threads hand work to a listener thread: a queue of tasks and one posted event
// that drains it. An engine answering a group of requests from its own thread (the store writer
// answers up to a group of writes at once) wakes the listener once for the group, instead of
// allocating an event and writing the dispatcher's wake-up file once per answer. Inside a
// HandOffScope the wake-up itself waits for the scope's end. Always held by a shared_ptr.
class ThreadMailbox : public std::enable_shared_from_this<ThreadMailbox>
{
public:
    explicit ThreadMailbox(QObject *receiver) : m_receiver(receiver) {}

    // Runs fn on the receiver's thread if the connection behind `link` is still open then;
    // drops it otherwise (the client went away, the answer has nowhere to go).
    void post(std::shared_ptr<ConnectionLink> link, std::function<void()> fn);
    // The receiver is going away (its thread): later posts are dropped, queued tasks too.
    void close();

private:
    void wake();
    void postDrainLocked(); // REQUIRES: m_mutex held, m_receiver set
    void drain();

    struct Task
    {
        std::shared_ptr<ConnectionLink> link;
        std::function<void()> fn;
    };
    QMutex m_mutex;
    QObject *m_receiver; // cleared by close()
    std::vector<Task> m_tasks;
    bool m_drainPosted = false;  // a drain event is on its way
    bool m_wakeDeferred = false; // a HandOffScope will post one
};

} // namespace Gatehouse::Http
