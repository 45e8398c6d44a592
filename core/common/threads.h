// Thread affinity: each function acts on the calling thread.
#pragma once

namespace Gatehouse {

// Names the calling thread as ps, top and perf show it (at most 15 characters are kept).
// Threads Qt starts take their QObject name; this is for the store's std::threads.
void nameCurrentThread(const char *name);

} // namespace Gatehouse
