// Thread affinity: any thread; each thread reads through a connection of its own.
#pragma once

#include "sqlitedb.h"

#include <functional>
#include <memory>

namespace Gatehouse::Tables::Store {

// Read-only connections, one per thread that reads, opened on its first read and closed when
// the thread ends or the pool closes. In WAL mode they read committed data concurrently with
// the writer and with each other.
class ReaderPool
{
public:
    explicit ReaderPool(QString path);
    ~ReaderPool();

    // Runs fn with this thread's connection. Nested calls from fn (a visitor reading again)
    // get the same connection.
    Status withReader(const std::function<Status(Db &)> &fn) const;

    // Waits for running reads, closes every connection; later reads fail.
    void close();

    struct Registry;

private:
    std::shared_ptr<Registry> m_registry;
};

} // namespace Gatehouse::Tables::Store
