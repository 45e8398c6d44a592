// Thread affinity: lives on its own worker thread (FunctionPool creates it there); wake(),
// stop() and checkDeadline() may be called from any thread.
#pragma once

#include <functions/functionpool.h>

#include <tables/dynamoapi.h>

#include <QBasicTimer>
#include <QList>
#include <QHash>
#include <QJSValue>
#include <QMutex>
#include <QObject>
#include <QVariantList>
#include <QVariantMap>

#include <map>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

class QJSEngine;

namespace Gatehouse::Functions {

class NativeBridge;
class ProxyEventBuilder;

// One engine running one invocation at a time. A job that waits (a Promise, a tables call)
// keeps the worker until it settles; the worker's event loop meanwhile runs the Promise
// reactions and the table engine's answers.
class FunctionWorker final : public QObject
{
public:
    explicit FunctionWorker(FunctionPool *pool);
    ~FunctionWorker() override;

    bool init();
    void wake();                      // any thread: take jobs from the pool
    void stop();                      // any thread: interrupt and leave the event loop
    void checkDeadline(qint64 nowMs); // the watchdog

    // From JavaScript (NativeBridge), on this worker's thread.
    void jsDone(int seq, const QJSValue &error, const QJSValue &result);
    void jsLog(const QString &level, const QString &text);
    void jsTables(const QString &operation, const QString &json, int id);
    // fetch(): the request goes out on this thread's network manager; the answer comes back
    // through the runtime's fetchReply.
    void jsFetch(int id, const QString &method, const QString &url, const QString &headersJson,
                 bool hasBody, const QString &bodyBase64);
    void jsFetchAbort(int id);
    void jsSetTimer(int id, int delayMs);
    void jsClearTimer(int id);
    QJSValue jsResolveModule(const QString &fromDirectory, const QString &request);
    QJSValue jsResolvePackage(const QString &fromDirectory, const QString &request);
    QJSValue jsCompileModule(const QString &path);
    QJSValue jsFs(const QString &op, const QString &path, const QString &arg); // functionworkerfs.cpp
    static QString jsDigest(const QString &algorithm, const QString &keyBase64,
                            const QString &dataBase64, bool hmac);
    static QString jsRandomHex(int bytes);

protected:
    bool event(QEvent *event) override;
    void timerEvent(QTimerEvent *event) override;

private:
    // Node's FILE, FILE.js, FILE.json, FILE/index.js, FILE/index.json: sets out.path and
    // out.dirname and records the file for the reload check; false when none is a file.
    bool resolveFile(const QString &base, QJSValue &out);
    // Hands an answer that came from outside (a tables reply, a fetch response) to the runtime's
    // `callback`, then finishes the job if that settled it.
    void answerJs(QJSValue &callback, const QJSValueList &args);
    // A compiled function, or why it cannot run, for one file version.
    struct Loaded
    {
        qint64 mtimeNs = -1;
        qint64 size = -1;
        qint64 configMtimeNs = -1;
        QJSValue wrapper; // compiled, its top level not run yet
        QString handlerName;
        QJSValue handler;
        std::optional<QVariantMap> initError; // errorType, errorMessage, trace
        int timeoutMs = 0;
        int memoryMb = 128;
        QString infoArn;
        QJSValue info; // the context's per-function fields
        QJSValue env;  // process.env: Lambda's variables and the function's own
        // Files it required (by path: mtime, size): an edit of any reloads the function.
        QHash<QString, std::pair<qint64, qint64>> modules;
    };
    enum class TimeoutKind { None, Function, Integration };
    struct Outcome
    {
        enum Kind { Result, Error, Timeout, Failure } kind = Result;
        QJSValue result;
        QVariantMap error;
        Gateway::GatewayFailure failure;
    };

    void drain();
    void start(std::unique_ptr<FunctionJob> job);
    Loaded *load(const FunctionJob &job, QString *missing);
    QJSValue compile(const QString &path, QString *problem); // the module's wrapper function
    void settle(Outcome outcome);
    void finish();
    void armTimer();
    void dropTimers();

    FunctionPool *m_pool;
    QJSEngine *m_engine = nullptr;
    NativeBridge *m_bridge = nullptr;
    QJSValue m_invoke;
    QJSValue m_load;
    QJSValue m_reply;
    QJSValue m_fetchReply;
    QJSValue m_reset;
    QJSValue m_pending;
    QJSValue m_fire;
    QJSValue m_leftBehind;
    QHash<QString, Loaded> m_functions; // by file path
    std::unique_ptr<ProxyEventBuilder> m_events;
    QHash<QString, int> m_directories; // O_PATH descriptors: stat relative to them walks one name

    std::unique_ptr<FunctionJob> m_job;
    int m_seq = 0;
    bool m_inCall = false;
    bool m_finishPosted = false;
    std::optional<Outcome> m_outcome;
    QVariantList m_console;
    QString m_requestId;
    QString m_functionPath; // the running function's file: whose modules are being required
    qint64 m_startMs = 0;
    int m_functionTimeoutMs = 0;
    int m_tablesOutstanding = 0;
    QNetworkAccessManager *m_network = nullptr; // made on first use, on this thread
    QList<QNetworkReply *> m_fetches;           // the invocation's requests still under way

    // The invocation's JavaScript timers, by due time (monotonic ms) then creation order.
    using TimerKey = std::pair<qint64, quint64>;
    std::map<TimerKey, int> m_timerQueue;
    QHash<int, TimerKey> m_timerKeys;
    quint64 m_timerOrder = 0;
    QBasicTimer m_timer;
    qint64 m_timerArmedFor = -1;

    // Shared with the watchdog.
    QMutex m_watchMutex;
    qint64 m_deadlineMs = 0; // 0: nothing running
    TimeoutKind m_deadlineKind = TimeoutKind::None;
    bool m_timedOut = false;
    bool m_stopping = false;

    // Lets answers of the table engine, which may come from its writer thread, reach this
    // worker only while it exists.
    struct Handle
    {
        QMutex mutex;
        FunctionWorker *worker = nullptr;
    };
    std::shared_ptr<Handle> m_handle;
};

} // namespace Gatehouse::Functions
