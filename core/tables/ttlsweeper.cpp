#include "ttlsweeper.h"

#include "tableengine.h"

namespace Gatehouse::Tables {

TtlSweeper::TtlSweeper(std::shared_ptr<TableEngine> engine, int intervalMs, QObject *parent)
    : QObject(parent), m_engine(std::move(engine))
{
    m_pool.setMaxThreadCount(1);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { sweepNow(); });
    m_timer.start();
}

TtlSweeper::~TtlSweeper()
{
    m_timer.stop();
    m_pool.waitForDone();
}

bool TtlSweeper::sweepNow()
{
    bool expected = false;
    if (!m_running.compare_exchange_strong(expected, true))
        return false;
    m_pool.start([this] {
        const qint64 deleted = m_engine->sweepExpired();
        m_running = false;
        if (deleted > 0)
            Q_EMIT swept(deleted);
    });
    return true;
}

} // namespace Gatehouse::Tables
