// Thread affinity: submit() from any thread (the gateway's listener threads); construction and
// destruction on one thread (the runtime's). Workers run on threads of their own.
#pragma once

#include <functions/lambdaproxy.h>

#include <gateway/integration.h>

#include <QList>
#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <deque>
#include <memory>

class QThread;

namespace Gatehouse::Tables {
class DynamoApi;
}

namespace Gatehouse::Functions {

class FunctionWorker;

// One invocation waiting for a worker.
struct FunctionJob
{
    const Gateway::IntegrationCall *call = nullptr; // valid until `done` is called
    Gateway::IntegrationDone done;
    QString name;       // the function: functions/NAME.js
    QString qualifier;  // the ARN's alias or version, if any
    QString functionArn; // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
    QString directory;  // where NAME.js is
    qint64 submittedMs = 0;        // monotonicMs() at submit
    int integrationTimeoutMs = 29000; // the integration's timeoutInMillis
};

// Milliseconds of a monotonic clock, shared by the pool, its workers and the watchdog.
qint64 monotonicMs();

struct PoolOptions
{
    int workers = 0;               // 0: max(2, the number of cores)
    int defaultTimeoutMs = 3000;   // Lambda's default; functions/NAME.json {"timeout": s} wins
    std::shared_ptr<Tables::DynamoApi> tables; // what the tables client calls; may be null
    EventSettings event;
};

// Worker threads, each with its own QJSEngine (the engine is thread-affine) that compiles a
// function once and reuses it until its file changes. Jobs wait in one queue and go to the
// first free worker; submit() only takes a short lock, so a listener thread never waits for a
// function. A watchdog interrupts the engine of a job past its deadline.
class FunctionPool
{
public:
    explicit FunctionPool(PoolOptions options);
    // Interrupts what runs, answers what waits (500) and joins the threads.
    ~FunctionPool();
    FunctionPool(const FunctionPool &) = delete;
    FunctionPool &operator=(const FunctionPool &) = delete;

    void submit(std::unique_ptr<FunctionJob> job);

    const PoolOptions &options() const { return m_options; }
    int workerCount() const { return int(m_threads.size()); }

    // For workers: the next job, or null after putting `worker` on the idle list.
    std::unique_ptr<FunctionJob> take(FunctionWorker *worker);
    // A worker (on its own thread) ready to take jobs, or gone.
    void workerStarted(FunctionWorker *worker);
    void workerStopped(FunctionWorker *worker);

private:
    void watch();

    PoolOptions m_options;
    QMutex m_mutex;
    std::deque<std::unique_ptr<FunctionJob>> m_queue;
    QList<FunctionWorker *> m_idle;
    QList<FunctionWorker *> m_workers;
    bool m_stopping = false;
    QList<QThread *> m_threads;

    QThread *m_watchdog = nullptr;
    QMutex m_watchMutex;
    QWaitCondition m_watchWake;
    bool m_watchStop = false;
};

} // namespace Gatehouse::Functions
