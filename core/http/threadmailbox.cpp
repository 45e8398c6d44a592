#include "threadmailbox.h"

#include "connectionlink.h"

#include <common/handoff.h>

#include <QMetaObject>

namespace Gatehouse::Http {

void ThreadMailbox::post(std::shared_ptr<ConnectionLink> link, std::function<void()> fn)
{
    QMutexLocker lock(&m_mutex);
    if (!m_receiver)
        return;
    m_tasks.push_back({std::move(link), std::move(fn)});
    if (m_drainPosted || m_wakeDeferred)
        return;
    if (HandOffScope::defer(this, [self = shared_from_this()] { self->wake(); })) {
        m_wakeDeferred = true;
        return;
    }
    postDrainLocked();
}

void ThreadMailbox::wake()
{
    QMutexLocker lock(&m_mutex);
    m_wakeDeferred = false;
    if (m_receiver && !m_drainPosted && !m_tasks.empty())
        postDrainLocked();
}

void ThreadMailbox::postDrainLocked()
{
    m_drainPosted = true;
    // Posted under the mutex: close() cannot run in between, so the receiver is alive here.
    QMetaObject::invokeMethod(m_receiver, [self = shared_from_this()] { self->drain(); },
                              Qt::QueuedConnection);
}

void ThreadMailbox::close()
{
    QMutexLocker lock(&m_mutex);
    m_receiver = nullptr;
    m_tasks.clear();
}

void ThreadMailbox::drain()
{
    std::vector<Task> tasks;
    {
        QMutexLocker lock(&m_mutex);
        tasks.swap(m_tasks);
        m_drainPosted = false;
    }
    for (Task &task : tasks) {
        // The connection lives on this thread, so it cannot be destroyed while its task runs;
        // the lock only orders this read after the destructor's write.
        bool open;
        {
            QMutexLocker lock(&task.link->mutex);
            open = task.link->connection != nullptr;
        }
        if (open)
            task.fn();
    }
}

} // namespace Gatehouse::Http
