// Thread affinity: installPageCacheShim() from any thread; the caches it creates follow SQLite's
// rules for their connection (one thread at a time).
#pragma once

#include <QtGlobal>

namespace Gatehouse::Tables::Store {

// Wraps SQLite's own page cache (pcache1) so that the truncation SQLite asks for at the end of
// every write transaction costs nothing when there is nothing to drop.
//
// SQLite 3.40 shrinks the cache to the file's size at every commit. pcache1 remembers the
// largest page number it ever held and, when that is far above the limit, walks its whole hash
// table. A b-tree split that renumbers pages passes them through a temporary number past the
// 1 GiB lock page (page 262145 with 4 KiB pages) and back, so after most groups of random
// inserts pcache1 believed such a page might exist and scanned every cached page: 7% of the
// writer thread's time with an 8 MB cache, more with a larger one. The shim tracks which page
// numbers the cache can hold (the largest fetched, plus renumbering targets above it until
// they are renumbered away) and passes a truncation on only when some page may be at or past
// the limit. Everything else goes straight to pcache1.
//
// Must run before SQLite initialises (the first open, VFS lookup or registration in the
// process). Returns false when it could not be installed (SQLite was already initialised by
// someone else): SQLite then keeps its own cache unwrapped, which is correct, only slower.
bool installPageCacheShim();

// Truncations the shim answered itself and those it passed on to pcache1, since start-up (for
// tests and diagnostics).
struct PageCacheShimCounts
{
    quint64 skipped = 0;
    quint64 passed = 0;
};
PageCacheShimCounts pageCacheShimCounts();

} // namespace Gatehouse::Tables::Store
