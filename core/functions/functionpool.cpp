#include "functionpool.h"

#include "functionworker.h"
#include "functionslog.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QThread>

#include <chrono>
#include <mutex>

namespace Gatehouse::Functions {

qint64 monotonicMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

namespace {

class WorkerThread final : public QThread
{
public:
    explicit WorkerThread(FunctionPool *pool) : m_pool(pool) {}

protected:
    void run() override
    {
        // Created here so that the engine and everything it parents belong to this thread.
        FunctionWorker worker(m_pool);
        if (!worker.init())
            return;
        m_pool->workerStarted(&worker);
        exec();
        m_pool->workerStopped(&worker);
    }

private:
    FunctionPool *m_pool;
};

} // namespace

namespace {

QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

// Qt's JavaScript compiler warns about code it compiles that is valid but unusual, such as a
// function referring to a `const` declared below it: the style of the AWS SDK's bundles, one
// warning per use, each time a worker loads the package. Those are the packages' business, so
// they stay quiet unless QT_LOGGING_RULES names the category.
void quietJsCompiler(QLoggingCategory *category)
{
    if (g_previousFilter)
        g_previousFilter(category);
    if (qstrcmp(category->categoryName(), "qt.qml.compiler") == 0)
        category->setEnabled(QtWarningMsg, false);
}

} // namespace

FunctionPool::FunctionPool(PoolOptions options) : m_options(std::move(options))
{
    static std::once_flag quiet;
    std::call_once(quiet, [] {
        if (!qEnvironmentVariable("QT_LOGGING_RULES").contains(QLatin1String("qt.qml.compiler")))
            g_previousFilter = QLoggingCategory::installFilter(quietJsCompiler);
    });
    int n = m_options.workers;
    if (n <= 0)
        n = qEnvironmentVariableIntValue("GATEHOUSE_FUNCTION_WORKERS");
    if (n <= 0)
        n = qMax(2, QThread::idealThreadCount());
    for (int i = 0; i < n; ++i) {
        auto *thread = new WorkerThread(this);
        thread->setObjectName(QStringLiteral("function-%1").arg(i));
        m_threads.append(thread);
        thread->start();
    }
    m_watchdog = QThread::create([this] { watch(); });
    m_watchdog->setObjectName(QStringLiteral("function-watchdog"));
    m_watchdog->start();
}

FunctionPool::~FunctionPool()
{
    std::deque<std::unique_ptr<FunctionJob>> left;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        left.swap(m_queue);
        for (FunctionWorker *w : std::as_const(m_workers))
            w->stop();
    }
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
    {
        QMutexLocker lock(&m_watchMutex);
        m_watchStop = true;
        m_watchWake.wakeAll();
    }
    m_watchdog->wait();
    delete m_watchdog;
    for (auto &job : left) {
        Gateway::IntegrationResult r;
        r.failure = Gateway::GatewayFailure{Gateway::ResponseType::ApiConfigurationError,
                                            Gateway::GatewayMessage::internalServerError(),
                                            QStringLiteral("the function runtime stopped")};
        job->done(std::move(r));
    }
}

void FunctionPool::submit(std::unique_ptr<FunctionJob> job)
{
    FunctionWorker *wake = nullptr;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_stopping) {
            m_queue.push_back(std::move(job));
            if (!m_idle.isEmpty())
                wake = m_idle.takeLast();
        }
    }
    if (job) { // stopping
        Gateway::IntegrationResult r;
        r.failure = Gateway::GatewayFailure{Gateway::ResponseType::ApiConfigurationError,
                                            Gateway::GatewayMessage::internalServerError(),
                                            QStringLiteral("the function runtime is stopping")};
        job->done(std::move(r));
        return;
    }
    if (wake)
        wake->wake();
}

std::unique_ptr<FunctionJob> FunctionPool::take(FunctionWorker *worker)
{
    QMutexLocker lock(&m_mutex);
    if (m_stopping)
        return nullptr;
    if (m_queue.empty()) {
        if (!m_idle.contains(worker))
            m_idle.append(worker);
        return nullptr;
    }
    std::unique_ptr<FunctionJob> job = std::move(m_queue.front());
    m_queue.pop_front();
    return job;
}

void FunctionPool::workerStarted(FunctionWorker *worker)
{
    {
        QMutexLocker lock(&m_mutex);
        m_workers.append(worker);
        if (m_stopping)
            worker->stop();
    }
    worker->wake();
}

void FunctionPool::workerStopped(FunctionWorker *worker)
{
    QMutexLocker lock(&m_mutex);
    m_workers.removeAll(worker);
    m_idle.removeAll(worker);
}

// Deadlines are checked every 20 ms: a timeout is late by at most that much, and a worker
// starting a job never has to wake anyone.
void FunctionPool::watch()
{
    for (;;) {
        {
            QMutexLocker lock(&m_watchMutex);
            if (m_watchStop)
                return;
            m_watchWake.wait(&m_watchMutex, 20);
            if (m_watchStop)
                return;
        }
        const qint64 now = monotonicMs();
        QMutexLocker lock(&m_mutex);
        for (FunctionWorker *w : std::as_const(m_workers))
            w->checkDeadline(now);
    }
}

} // namespace Gatehouse::Functions
