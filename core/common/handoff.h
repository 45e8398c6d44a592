// Thread affinity: a scope and what it gathers belong to the thread that opened it.
#pragma once

#include <functional>

namespace Gatehouse {

// While a HandOffScope is open on a thread, the wake-ups that thread owes other threads (after
// queueing work for them) are gathered and delivered when the scope closes, once per receiver.
// The store writer answers a group of writes inside one: each listener thread is woken once,
// after all the group's answers are queued, not once per answer with the first wake-up
// preempting the writer before it has queued the rest.
class HandOffScope
{
public:
    HandOffScope();
    ~HandOffScope();
    HandOffScope(const HandOffScope &) = delete;
    HandOffScope &operator=(const HandOffScope &) = delete;

    // If a scope is open on the calling thread: keeps `wake` to run when the outermost scope
    // closes (only the first one given for `receiver`) and returns true. Otherwise returns
    // false and the caller wakes the receiver itself.
    static bool defer(const void *receiver, std::function<void()> wake);
};

} // namespace Gatehouse
