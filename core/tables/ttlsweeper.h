// Thread affinity: lives on the thread that creates it (it needs an event loop there); the
// sweeps themselves run on a worker of its own.
#pragma once

#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>

namespace Gatehouse::Tables {

class TableEngine;

// Runs TableEngine::sweepExpired() every `intervalMs` in the running app, off the creating
// thread, one sweep at a time. Destroying it waits for a running sweep, so destroy it before
// closing the engine's store.
class TtlSweeper : public QObject
{
    Q_OBJECT
public:
    explicit TtlSweeper(std::shared_ptr<TableEngine> engine, int intervalMs = 10000,
                        QObject *parent = nullptr);
    ~TtlSweeper() override;

    // Starts a sweep now unless one is running; returns false if one was.
    bool sweepNow();

Q_SIGNALS:
    // Emitted from the worker after each sweep that deleted something.
    void swept(qint64 deleted);

private:
    std::shared_ptr<TableEngine> m_engine;
    QTimer m_timer;
    QThreadPool m_pool;
    std::atomic<bool> m_running{false};
};

} // namespace Gatehouse::Tables
