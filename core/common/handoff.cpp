#include "handoff.h"

#include <utility>
#include <vector>

namespace Gatehouse {

namespace {
struct Pending
{
    const void *receiver;
    std::function<void()> wake;
};
struct State
{
    int depth = 0;
    std::vector<Pending> pending;
};
thread_local State t_state;
} // namespace

HandOffScope::HandOffScope()
{
    ++t_state.depth;
}

HandOffScope::~HandOffScope()
{
    if (--t_state.depth > 0)
        return;
    // A wake-up may open a scope of its own; it then runs its gathered ones itself.
    std::vector<Pending> pending;
    pending.swap(t_state.pending);
    for (Pending &p : pending)
        p.wake();
}

bool HandOffScope::defer(const void *receiver, std::function<void()> wake)
{
    if (t_state.depth == 0)
        return false;
    for (const Pending &p : t_state.pending) {
        if (p.receiver == receiver)
            return true;
    }
    t_state.pending.push_back({receiver, std::move(wake)});
    return true;
}

} // namespace Gatehouse
