// Thread affinity: any thread; each thread reads through a connection of its own.
#pragma once

#include "sqlitedb.h"

#include <atomic>
#include <functional>
#include <memory>

namespace Gatehouse::Tables::Store {

// Read-only connections, one per thread that reads, opened on its first read and closed when
// the thread ends or the pool closes. In WAL mode they read committed data concurrently with
// the writer and with each other.
//
// Each outermost read runs in a read transaction (one snapshot for all its statements). On a
// thread with an event loop that transaction is kept open for the thread's next reads as long
// as nothing was committed since it began, and ended before the thread's event loop waits:
// starting a WAL read transaction takes locks on the shared-memory index (fcntl system calls)
// and was about a tenth of a GetItem's time. Freshness comes from the commit counter, which the
// writer's WAL hook bumps after each commit and before any write is answered, so a read that
// follows an answered write always sees it.
class ReaderPool
{
public:
    explicit ReaderPool(QString path);
    ~ReaderPool();

    // Runs fn with this thread's connection, inside a read transaction. Nested calls from fn
    // (a visitor reading again) get the same connection and the same snapshot.
    Status withReader(const std::function<Status(Db &)> &fn) const;

    // Bumped (by the writer connection's WAL hook) after every commit; shared so the hook
    // may outlive the pool.
    std::shared_ptr<std::atomic<quint64>> commitCounter() const;

    // Waits for running reads, closes every connection; later reads fail.
    void close();

    struct Registry;

private:
    std::shared_ptr<Registry> m_registry;
};

} // namespace Gatehouse::Tables::Store
