#include "functionworker.h"

#include "functionslog.h"
#include "runtimescript.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QJSEngine>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QThread>
#include <QTimerEvent>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <random>
#include <utility>

Q_LOGGING_CATEGORY(lcFunctions, "gatehouse.core.functions", QtInfoMsg)

namespace Gatehouse::Functions {

// What JavaScript calls: native.done, native.log, native.tables, native.fetch ...
class NativeBridge final : public QObject
{
    Q_OBJECT
public:
    explicit NativeBridge(FunctionWorker *worker) : m_worker(worker) {}
    Q_INVOKABLE void done(int seq, const QJSValue &error, const QJSValue &result)
    {
        m_worker->jsDone(seq, error, result);
    }
    Q_INVOKABLE void log(const QString &level, const QString &text) { m_worker->jsLog(level, text); }
    Q_INVOKABLE void tables(const QString &operation, const QString &json, int id)
    {
        m_worker->jsTables(operation, json, id);
    }
    Q_INVOKABLE void fetch(int id, const QString &method, const QString &url, const QString &headersJson,
                           bool hasBody, const QString &bodyBase64)
    {
        m_worker->jsFetch(id, method, url, headersJson, hasBody, bodyBase64);
    }
    Q_INVOKABLE void fetchAbort(int id) { m_worker->jsFetchAbort(id); }
    Q_INVOKABLE void setTimer(int id, int delayMs) { m_worker->jsSetTimer(id, delayMs); }
    Q_INVOKABLE void clearTimer(int id) { m_worker->jsClearTimer(id); }
    Q_INVOKABLE QJSValue resolveModule(const QString &fromDirectory, const QString &request)
    {
        return m_worker->jsResolveModule(fromDirectory, request);
    }
    Q_INVOKABLE QJSValue resolvePackage(const QString &fromDirectory, const QString &request)
    {
        return m_worker->jsResolvePackage(fromDirectory, request);
    }
    Q_INVOKABLE QJSValue compileModule(const QString &path) { return m_worker->jsCompileModule(path); }
    Q_INVOKABLE QJSValue fs(const QString &op, const QString &path, const QString &arg)
    {
        return m_worker->jsFs(op, path, arg);
    }
    Q_INVOKABLE QString digest(const QString &algorithm, const QString &keyBase64,
                               const QString &dataBase64, bool hmac)
    {
        return FunctionWorker::jsDigest(algorithm, keyBase64, dataBase64, hmac);
    }
    Q_INVOKABLE QString randomHex(int bytes) { return FunctionWorker::jsRandomHex(bytes); }

private:
    FunctionWorker *m_worker;
};

namespace {

const QEvent::Type DrainEvent = QEvent::Type(QEvent::registerEventType());
const QEvent::Type FinishEvent = QEvent::Type(QEvent::registerEventType());
const QEvent::Type TimeoutEvent = QEvent::Type(QEvent::registerEventType());
const QEvent::Type TablesEvent = QEvent::Type(QEvent::registerEventType());

struct SeqEvent : QEvent
{
    SeqEvent(QEvent::Type type, int s) : QEvent(type), seq(s) {}
    int seq;
};

struct TablesReplyEvent : QEvent
{
    TablesReplyEvent(int s, int i, Tables::ApiReply r)
        : QEvent(TablesEvent), seq(s), id(i), reply(std::move(r))
    {}
    int seq;
    int id;
    Tables::ApiReply reply;
};

QString hex(quint64 v, int digits)
{
    return QString::number(v, 16).rightJustified(digits, u'0').right(digits);
}

// Lambda's request ids are UUIDs (version 4).
QString newRequestId()
{
    thread_local std::mt19937_64 random(QRandomGenerator::system()->generate64());
    const quint64 a = random();
    const quint64 b = random();
    return hex(a >> 32, 8) + u'-' + hex((a >> 16) & 0xffff, 4) + u'-' +
           hex(0x4000 | (a & 0x0fff), 4) + u'-' + hex(0x8000 | ((b >> 48) & 0x3fff), 4) + u'-' +
           hex(b & 0xffffffffffffULL, 12);
}

qint64 mtimeNs(const struct stat &st)
{
    return qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

QVariantMap errorFromValue(const QJSValue &e)
{
    QVariantMap m;
    if (e.isError() || (e.isObject() && e.hasProperty(QStringLiteral("message")))) {
        const QString name = e.property(QStringLiteral("name")).toString();
        m.insert(QStringLiteral("errorType"), name.isEmpty() ? QStringLiteral("Error") : name);
        m.insert(QStringLiteral("errorMessage"), e.property(QStringLiteral("message")).toString());
        QStringList trace;
        const QString stack = e.property(QStringLiteral("stack")).toString();
        if (!stack.isEmpty() && !e.property(QStringLiteral("stack")).isUndefined())
            trace = stack.split(u'\n', Qt::SkipEmptyParts);
        m.insert(QStringLiteral("trace"), trace);
    } else {
        m.insert(QStringLiteral("errorType"), QStringLiteral("Error"));
        m.insert(QStringLiteral("errorMessage"), e.toString());
        m.insert(QStringLiteral("trace"), QStringList());
    }
    return m;
}

QVariantMap errorMap(const QString &type, const QString &message)
{
    return {{QStringLiteral("errorType"), type},
            {QStringLiteral("errorMessage"), message},
            {QStringLiteral("trace"), QStringList()}};
}

Gateway::GatewayFailure failure(Gateway::ResponseType type, const QString &message,
                                const QString &detail, std::optional<int> status = std::nullopt)
{
    Gateway::GatewayFailure f{type, message, detail};
    f.status = status;
    return f;
}

} // namespace

FunctionWorker::FunctionWorker(FunctionPool *pool) : m_pool(pool) {}

FunctionWorker::~FunctionWorker()
{
    if (m_handle) {
        QMutexLocker lock(&m_handle->mutex);
        m_handle->worker = nullptr;
    }
    if (m_job) {
        Outcome o;
        o.kind = Outcome::Failure;
        o.failure = failure(Gateway::ResponseType::ApiConfigurationError,
                            Gateway::GatewayMessage::internalServerError(),
                            QStringLiteral("the function runtime stopped"));
        m_outcome = o;
        finish();
    }
    m_functions.clear();
    m_events.reset();
    for (const int fd : std::as_const(m_directories)) {
        if (fd >= 0)
            ::close(fd);
    }
    m_invoke = m_load = m_reply = m_fetchReply = m_reset = m_pending = m_fire = m_leftBehind = QJSValue();
    delete m_engine;
    m_engine = nullptr;
}

bool FunctionWorker::init()
{
    m_handle = std::make_shared<Handle>();
    m_handle->worker = this;
    m_engine = new QJSEngine;
    m_bridge = new NativeBridge(this);
    m_bridge->setParent(m_engine);
    QJSEngine::setObjectOwnership(m_bridge, QJSEngine::CppOwnership);
    const QJSValue native = m_engine->newQObject(m_bridge);
    const QJSValue nodeFactory =
        m_engine->evaluate(nodeGlobalsScript(), QStringLiteral("gatehouse:node"), 1);
    QJSValue node =
        nodeFactory.isError() ? nodeFactory : nodeFactory.call({m_engine->globalObject(), native});
    if (node.isError() || !node.isObject()) {
        qCCritical(lcFunctions).noquote() << "node globals script:" << node.toString();
        return false;
    }
    const QJSValue webFactory = m_engine->evaluate(webApisScript(), QStringLiteral("gatehouse:web"), 1);
    const QJSValue web = webFactory.isError() ? webFactory : webFactory.call({m_engine->globalObject()});
    if (web.isError()) {
        qCCritical(lcFunctions).noquote() << "web APIs script:" << web.toString();
        return false;
    }
    const QJSValue modulesFactory =
        m_engine->evaluate(nodeModulesScript(), QStringLiteral("gatehouse:node-modules"), 1);
    const QJSValue modules = modulesFactory.isError()
                                 ? modulesFactory
                                 : modulesFactory.call({m_engine->globalObject(), node, native});
    if (modules.isError() || !modules.isObject()) {
        qCCritical(lcFunctions).noquote() << "node modules script:" << modules.toString();
        return false;
    }
    node.setProperty(QStringLiteral("modules"), modules);
    const QJSValue factory =
        m_engine->evaluate(runtimeScript(), QStringLiteral("gatehouse:runtime"), 1);
    if (factory.isError()) {
        qCCritical(lcFunctions).noquote() << "runtime script:" << factory.toString();
        return false;
    }
    // QJSEngine::evaluate compiles code as strict when the JavaScript frame calling it is
    // strict, and the runtime script is: a module required from it came out strict, unlike a
    // CommonJS module in Node (and strict code meets Qt 6.4's tail-call bug: in
    // `return o.p = f()` the store is lost). Compiling through a function of a non-strict
    // script, evaluated here outside any frame, keeps modules as they are written.
    const QJSValue compileModule = m_engine->evaluate(
        QStringLiteral("(function (native, path) { return native.compileModule(path); })"),
        QStringLiteral("gatehouse:compile"), 1);
    const QJSValue runtime = factory.call({m_engine->globalObject(), native, node, compileModule});
    if (runtime.isError() || !runtime.isObject()) {
        qCCritical(lcFunctions).noquote() << "runtime script:" << runtime.toString();
        return false;
    }
    m_invoke = runtime.property(QStringLiteral("invoke"));
    m_load = runtime.property(QStringLiteral("load"));
    m_reply = runtime.property(QStringLiteral("reply"));
    m_fetchReply = runtime.property(QStringLiteral("fetchReply"));
    m_reset = runtime.property(QStringLiteral("reset"));
    m_pending = runtime.property(QStringLiteral("PENDING"));
    m_fire = runtime.property(QStringLiteral("fire"));
    m_leftBehind = runtime.property(QStringLiteral("leftBehind"));
    m_events = std::make_unique<ProxyEventBuilder>(*m_engine);
    return true;
}

void FunctionWorker::wake()
{
    QCoreApplication::postEvent(this, new QEvent(DrainEvent));
}

void FunctionWorker::stop()
{
    {
        QMutexLocker lock(&m_watchMutex);
        m_stopping = true;
        if (m_engine)
            m_engine->setInterrupted(true);
    }
    wake();
}

void FunctionWorker::checkDeadline(qint64 nowMs)
{
    QMutexLocker lock(&m_watchMutex);
    if (m_deadlineMs == 0 || nowMs < m_deadlineMs || m_timedOut)
        return;
    m_timedOut = true;
    m_engine->setInterrupted(true);
    QCoreApplication::postEvent(this, new SeqEvent(TimeoutEvent, m_seq));
}

bool FunctionWorker::event(QEvent *e)
{
    const QEvent::Type type = e->type();
    bool stopping;
    {
        QMutexLocker lock(&m_watchMutex);
        stopping = m_stopping;
    }
    if (stopping && (type == DrainEvent || type == FinishEvent || type == TimeoutEvent ||
                     type == TablesEvent)) {
        QThread::currentThread()->quit();
        return true;
    }
    // Inside start() (m_inCall), events only settle the job: start() finishes it and the
    // drain loop that called start() takes the next one.
    if (type == DrainEvent) {
        if (!m_inCall)
            drain();
        return true;
    }
    if (type == FinishEvent) {
        m_finishPosted = false;
        if (!m_inCall && m_job && m_outcome) {
            finish();
            drain();
        }
        return true;
    }
    if (type == TimeoutEvent) {
        if (m_job && static_cast<SeqEvent *>(e)->seq == m_seq && !m_outcome) {
            settle({Outcome::Timeout, {}, {}, {}});
            if (!m_inCall) {
                finish();
                drain();
            }
        }
        return true;
    }
    if (type == TablesEvent) {
        auto *r = static_cast<TablesReplyEvent *>(e);
        if (!m_job || r->seq != m_seq)
            return true;
        --m_tablesOutstanding;
        QJSValueList args{r->id};
        if (r->reply.result) {
            const QByteArray json = r->reply.json.isEmpty()
                                        ? QJsonDocument(*r->reply.result).toJson(QJsonDocument::Compact)
                                        : r->reply.json;
            args << QJSValue() << QJSValue() << QString::fromUtf8(json);
        } else {
            args << r->reply.result.status().code() << r->reply.result.status().message()
                 << QJSValue();
        }
        answerJs(m_reply, args);
        return true;
    }
    return QObject::event(e);
}

void FunctionWorker::answerJs(QJSValue &callback, const QJSValueList &args)
{
    const bool nested = m_inCall;
    m_inCall = true;
    callback.call(args);
    if (m_engine->hasError())
        m_engine->catchError();
    m_inCall = nested;
    if (!nested && m_outcome) {
        finish();
        drain();
    }
}

void FunctionWorker::drain()
{
    while (!m_job) {
        std::unique_ptr<FunctionJob> job = m_pool->take(this);
        if (!job)
            return;
        start(std::move(job));
    }
}

void FunctionWorker::settle(Outcome outcome)
{
    if (!m_outcome)
        m_outcome = std::move(outcome);
}

FunctionWorker::Loaded *FunctionWorker::load(const FunctionJob &job, QString *missing)
{
    // Both files are looked at on every request, so an edit serves the next one. The handler is
    // NAME.js, else NAME.mjs (an ES module, as Lambda's Node.js runtimes take) or NAME.cjs.
    auto dir = m_directories.find(job.directory);
    if (dir == m_directories.end())
        dir = m_directories.insert(job.directory, ::open(QFile::encodeName(job.directory).constData(),
                                                         O_PATH | O_DIRECTORY | O_CLOEXEC));
    const QByteArray name = job.name.toUtf8();
    struct stat st;
    const char *suffix = nullptr;
    for (const char *candidate : {".js", ".mjs", ".cjs"}) {
        if (*dir >= 0 && ::fstatat(*dir, QByteArray(name + candidate).constData(), &st, 0) == 0 &&
            S_ISREG(st.st_mode)) {
            suffix = candidate;
            break;
        }
    }
    const QString path = job.directory + u'/' + job.name + QLatin1String(suffix ? suffix : ".js");
    if (!suffix) {
        // The folder may have been created or replaced since: open it again next time.
        if (*dir >= 0)
            ::close(*dir);
        m_directories.erase(dir);
        *missing = path;
        return nullptr;
    }
    const QString configPath = job.directory + u'/' + job.name + QLatin1String(".json");
    struct stat cst;
    const qint64 configMtime =
        ::fstatat(*dir, QByteArray(name + ".json").constData(), &cst, 0) == 0 ? mtimeNs(cst) : -1;
    Loaded &l = m_functions[path];
    m_functionPath = path;
    if (l.mtimeNs == mtimeNs(st) && l.size == qint64(st.st_size) && l.configMtimeNs == configMtime) {
        bool modulesUnchanged = true;
        for (auto m = l.modules.cbegin(); m != l.modules.cend() && modulesUnchanged; ++m) {
            struct stat mst;
            modulesUnchanged = ::stat(QFile::encodeName(m.key()).constData(), &mst) == 0 &&
                               std::pair(mtimeNs(mst), qint64(mst.st_size)) == m.value();
        }
        if (modulesUnchanged)
            return &l;
    }

    l = Loaded();
    l.mtimeNs = mtimeNs(st);
    l.size = qint64(st.st_size);
    l.configMtimeNs = configMtime;
    l.timeoutMs = m_pool->options().defaultTimeoutMs;
    QString handlerName = QStringLiteral("handler");
    // The variables Lambda sets, then the function's own (functions/NAME.json "environment",
    // as {"Variables": {...}} like Lambda's API, or a plain object).
    const QString region = m_job->functionArn.section(u':', 3, 3);
    QList<std::pair<QString, QString>> variables{
        {QStringLiteral("AWS_REGION"), region},
        {QStringLiteral("AWS_DEFAULT_REGION"), region},
        {QStringLiteral("AWS_LAMBDA_FUNCTION_NAME"), m_job->name},
        {QStringLiteral("AWS_LAMBDA_FUNCTION_VERSION"), QStringLiteral("$LATEST")},
        {QStringLiteral("AWS_LAMBDA_LOG_GROUP_NAME"), u"/aws/lambda/" + m_job->name},
        {QStringLiteral("AWS_EXECUTION_ENV"), QStringLiteral("AWS_Lambda_nodejs18.x")},
        {QStringLiteral("LAMBDA_TASK_ROOT"), m_job->directory},
        {QStringLiteral("TZ"), QStringLiteral(":UTC")}};
    if (configMtime >= 0) {
        QFile f(configPath);
        QJsonParseError error;
        const QJsonDocument doc =
            f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll(), &error) : QJsonDocument();
        if (!doc.isObject()) {
            l.initError = errorMap(QStringLiteral("Runtime.InvalidConfiguration"),
                                   QStringLiteral("%1: not a JSON object").arg(configPath));
            return &l;
        }
        const QJsonObject config = doc.object();
        QJsonObject environment = config.value(QLatin1String("environment")).toObject();
        if (environment.value(QLatin1String("Variables")).isObject())
            environment = environment.value(QLatin1String("Variables")).toObject();
        for (auto v = environment.constBegin(); v != environment.constEnd(); ++v)
            variables.append({v.key(), v->isString() ? v->toString() : v->toVariant().toString()});
        const double timeout = config.value(QLatin1String("timeout")).toDouble(0);
        if (timeout > 0)
            l.timeoutMs = int(qMin(timeout, 900.0) * 1000);
        const int memory = config.value(QLatin1String("memorySize")).toInt(0);
        if (memory > 0)
            l.memoryMb = memory;
        const QString handler = config.value(QLatin1String("handler")).toString();
        if (!handler.isEmpty())
            handlerName = handler.mid(handler.lastIndexOf(u'.') + 1); // "index.handler"
    }
    l.env = m_engine->newObject();
    for (const auto &[key, value] : std::as_const(variables))
        l.env.setProperty(key, value);
    l.env.setProperty(QStringLiteral("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), QString::number(l.memoryMb));
    QString problem;
    const QJSValue wrapper = compile(path, &problem);
    if (!problem.isEmpty()) {
        l.initError = errorMap(wrapper.isUndefined() ? QStringLiteral("Runtime.ImportModuleError")
                                                     : QStringLiteral("Runtime.UserCodeSyntaxError"),
                               problem);
        return &l;
    }
    l.wrapper = wrapper;
    l.handlerName = handlerName;
    return &l;
}

void FunctionWorker::start(std::unique_ptr<FunctionJob> job)
{
    m_job = std::move(job);
    ++m_seq;
    m_outcome.reset();
    m_console.clear();
    m_requestId = newRequestId();
    m_startMs = monotonicMs();
    {
        // A previous job's timeout left the engine interrupted: compiling must not see it.
        QMutexLocker lock(&m_watchMutex);
        m_engine->setInterrupted(m_stopping);
        m_timedOut = false;
        m_deadlineMs = 0;
    }
    QString missing;
    Loaded *fn = load(*m_job, &missing);
    if (!fn) {
        settle({Outcome::Failure, {}, {},
                failure(Gateway::ResponseType::ApiConfigurationError,
                        Gateway::GatewayMessage::internalServerError(),
                        QStringLiteral("Execution failed due to configuration error: Invalid "
                                       "function: %1 (no %2)")
                            .arg(m_job->functionArn, missing))});
        return finish();
    }
    const qint64 integrationDeadline = m_job->submittedMs + m_job->integrationTimeoutMs;
    const qint64 functionDeadline = m_startMs + fn->timeoutMs;
    {
        QMutexLocker lock(&m_watchMutex);
        m_timedOut = integrationDeadline <= m_startMs;
        m_deadlineKind = functionDeadline < integrationDeadline ? TimeoutKind::Function
                                                                : TimeoutKind::Integration;
        m_deadlineMs = qMin(functionDeadline, integrationDeadline);
    }
    m_functionTimeoutMs = fn->timeoutMs;
    if (m_timedOut) { // it waited in the queue past the integration's timeout
        settle({Outcome::Timeout, {}, {}, {}});
        return finish();
    }

    if (!fn->initError && fn->handler.isUndefined()) {
        // The module's top level runs once per engine and file version, under the deadline.
        m_inCall = true;
        const QJSValue exports = m_load.call(
            {fn->wrapper, QJSValue(m_functionPath),
             QJSValue(m_job->directory), fn->env});
        m_inCall = false;
        fn->wrapper = QJSValue();
        if (m_engine->hasError() || exports.isError()) {
            const QJSValue e = m_engine->hasError() ? m_engine->catchError() : exports;
            fn->initError = errorFromValue(e);
            // As Lambda's runtime reports a syntax error in a module the handler requires.
            if (fn->initError->value(QStringLiteral("errorType")) == QLatin1String("SyntaxError")) {
                fn->initError->insert(QStringLiteral("errorType"), QStringLiteral("Runtime.UserCodeSyntaxError"));
                fn->initError->insert(QStringLiteral("errorMessage"),
                                      QString(u"SyntaxError: " + fn->initError->value(QStringLiteral("errorMessage")).toString()));
            }
            QMutexLocker lock(&m_watchMutex);
            if (m_timedOut)
                fn->mtimeNs = -1; // a timed-out init is tried again, as Lambda does
        } else {
            const QJSValue handler = exports.property(fn->handlerName);
            if (handler.isCallable())
                fn->handler = handler;
            else
                fn->initError = errorMap(QStringLiteral("Runtime.HandlerNotFound"),
                                         QStringLiteral("%1.%2 is undefined or not exported")
                                             .arg(m_job->name, fn->handlerName));
        }
    }
    if (fn->initError) {
        settle({Outcome::Error, {}, *fn->initError, {}});
        return finish();
    }
    if (fn->infoArn != m_job->functionArn || fn->info.isUndefined()) {
        QJSValue info = m_engine->newObject();
        info.setProperty(QStringLiteral("functionName"), m_job->name);
        info.setProperty(QStringLiteral("functionVersion"), QStringLiteral("$LATEST"));
        info.setProperty(QStringLiteral("invokedFunctionArn"), m_job->functionArn);
        info.setProperty(QStringLiteral("memoryLimitInMB"), QString::number(fn->memoryMb));
        info.setProperty(QStringLiteral("logGroupName"), QString(u"/aws/lambda/" + m_job->name));
        const QDate today = QDate::currentDate();
        info.setProperty(QStringLiteral("logStreamName"),
                         QString(today.toString(QStringLiteral("yyyy/MM/dd")) +
                                 QStringLiteral("/[$LATEST]") + hex(quintptr(this), 16) +
                                 hex(quint64(m_seq), 16)));
        fn->info = info;
        fn->infoArn = m_job->functionArn;
    }
    const QJSValue event = m_events->build(*m_job->call, m_pool->options().event);
    const double deadlineEpoch =
        double(QDateTime::currentMSecsSinceEpoch() + (qMin(functionDeadline, integrationDeadline) - m_startMs));
    m_inCall = true;
    const QJSValue r = m_invoke.call(
        {fn->handler, event, m_seq, fn->info, m_requestId, deadlineEpoch, fn->env});
    m_inCall = false;
    if (m_engine->hasError()) {
        const QJSValue e = m_engine->catchError();
        settle({Outcome::Error, {}, errorFromValue(e), {}});
    } else if (r.isError()) {
        settle({Outcome::Error, {}, errorFromValue(r), {}});
    } else if (!m_outcome && !r.strictlyEquals(m_pending)) {
        settle({Outcome::Result, r, {}, {}});
    }
    // A Promise that settles without waiting for anything (an async handler that awaits
    // nothing outside) is answered here: its reactions are events already posted to this
    // thread, and running them now saves two trips through the event loop.
    for (int round = 0; round < 4 && !m_outcome; ++round) {
        m_inCall = true;
        QCoreApplication::sendPostedEvents(nullptr, 0);
        m_inCall = false;
    }
    if (m_outcome)
        finish();
}

void FunctionWorker::jsDone(int seq, const QJSValue &error, const QJSValue &result)
{
    if (!m_job || seq != m_seq || m_outcome)
        return;
    if (!error.isNull() && !error.isUndefined())
        settle({Outcome::Error, {}, error.toVariant().toMap(), {}});
    else
        settle({Outcome::Result, result, {}, {}});
    if (!m_inCall && !m_finishPosted) {
        m_finishPosted = true;
        QCoreApplication::postEvent(this, new QEvent(FinishEvent));
    }
}

void FunctionWorker::jsLog(const QString &level, const QString &text)
{
    if (!m_job)
        return;
    m_console.append(QVariantMap{{QStringLiteral("level"), level},
                                 {QStringLiteral("message"), text},
                                 {QStringLiteral("ms"), monotonicMs() - m_startMs}});
}

// One due JavaScript timer per event, so Promise reactions it queues run before the next one.
void FunctionWorker::timerEvent(QTimerEvent *e)
{
    if (e->timerId() != m_timer.timerId())
        return QObject::timerEvent(e);
    m_timer.stop();
    m_timerArmedFor = -1;
    if (!m_job || m_outcome || m_inCall) {
        if (!m_job)
            dropTimers();
        return;
    }
    const auto first = m_timerQueue.begin();
    if (first == m_timerQueue.end())
        return;
    if (first->first.first > monotonicMs())
        return armTimer();
    const int id = first->second;
    m_timerKeys.remove(id);
    m_timerQueue.erase(first);
    m_inCall = true;
    const QJSValue r = m_fire.call({id});
    m_inCall = false;
    // An exception no one caught ends the invocation, as in Node.
    if (m_engine->hasError())
        settle({Outcome::Error, {}, errorFromValue(m_engine->catchError()), {}});
    else if (r.isError())
        settle({Outcome::Error, {}, errorFromValue(r), {}});
    if (m_outcome) {
        finish();
        drain();
        return;
    }
    armTimer();
}

void FunctionWorker::jsTables(const QString &operation, const QString &json, int id)
{
    const int seq = m_seq;
    ++m_tablesOutstanding;
    auto post = [handle = m_handle, seq, id](Tables::ApiReply reply) {
        QMutexLocker lock(&handle->mutex);
        if (handle->worker)
            QCoreApplication::postEvent(handle->worker, new TablesReplyEvent(seq, id, std::move(reply)));
    };
    Tables::DynamoApi *tables = m_pool->options().tables.get();
    if (!tables) {
        post(Tables::ApiReply::error(Status::error(
            QStringLiteral("ResourceNotFoundException"),
            QStringLiteral("The tables are not available to functions in this process"))));
        return;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
    tables->call(operation, doc.object(), std::move(post));
}

void FunctionWorker::finish()
{
    TimeoutKind kind;
    bool timedOut;
    {
        QMutexLocker lock(&m_watchMutex);
        timedOut = m_timedOut;
        kind = m_deadlineKind;
        m_deadlineMs = 0;
        // The watchdog has let go: the engine may run the clean-up below.
        if (timedOut)
            m_engine->setInterrupted(m_stopping);
    }
    Outcome o = m_outcome ? std::move(*m_outcome) : Outcome{Outcome::Timeout, {}, {}, {}};
    m_outcome.reset();
    if (timedOut || o.kind == Outcome::Timeout) {
        if (kind == TimeoutKind::Integration) {
            o = {Outcome::Failure, {}, {},
                 failure(Gateway::ResponseType::IntegrationTimeout,
                         Gateway::GatewayMessage::endpointTimedOut(),
                         QStringLiteral("Execution failed due to a timeout error"))};
        } else {
            o = {Outcome::Error, {}, errorMap(QStringLiteral("Sandbox.Timedout"),
                                              QStringLiteral("%1 Task timed out after %2 seconds")
                                                  .arg(m_requestId)
                                                  .arg(m_functionTimeoutMs / 1000.0, 0, 'f', 2)),
                 {}};
        }
    }
    // Nothing an invocation started outlives it: timers, tables calls, a callback waiting.
    if (timedOut || o.kind == Outcome::Timeout || !m_timerKeys.isEmpty() || m_tablesOutstanding > 0 ||
        !m_fetches.isEmpty()) {
        dropTimers();
        m_tablesOutstanding = 0;
        for (QNetworkReply *reply : std::exchange(m_fetches, {})) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
        // A module whose top-level await was waiting on what was just dropped never finishes
        // its init: it is loaded again next time.
        if (m_reset.call().toBool()) {
            if (auto loaded = m_functions.find(m_functionPath); loaded != m_functions.end())
                loaded->mtimeNs = -1;
        }
        if (m_engine->hasError())
            m_engine->catchError();
    }

    std::unique_ptr<FunctionJob> job = std::move(m_job);
    Gateway::PipelineTrace *trace = job->call->trace;
    trace->setNote(QStringLiteral("functionRequestId"), m_requestId);
    if (!m_console.isEmpty())
        trace->setNote(QStringLiteral("console"), m_console);
    m_console.clear();

    Gateway::IntegrationResult result;
    switch (o.kind) {
    case Outcome::Result: {
        const Gateway::InvocationRequest &request = *job->call->request;
        ProxyResultMapping mapped =
            mapProxyResult(o.result, job->call->stage->api->api().binaryMediaTypes,
                           Http::headerValue(request.headers, "accept"));
        if (mapped.result) {
            result = std::move(*mapped.result);
        } else {
            trace->setNote(QStringLiteral("functionResult"), mapped.problem);
            result.failure = failure(Gateway::ResponseType::ApiConfigurationError,
                                     Gateway::GatewayMessage::internalServerError(),
                                     QStringLiteral("Execution failed due to configuration error: "
                                                    "Malformed Lambda proxy response (%1)")
                                         .arg(mapped.problem),
                                     502);
        }
        break;
    }
    case Outcome::Error:
        trace->setNote(QStringLiteral("functionError"), o.error);
        result.failure = failure(
            Gateway::ResponseType::Default5xx, Gateway::GatewayMessage::internalServerError(),
            QStringLiteral("Lambda execution failed with status 200 due to customer function "
                           "error: %1. Lambda request id: %2")
                .arg(o.error.value(QStringLiteral("errorMessage")).toString(), m_requestId),
            502);
        break;
    case Outcome::Timeout:
    case Outcome::Failure:
        result.failure = o.failure;
        break;
    }
    job->done(std::move(result));
}

} // namespace Gatehouse::Functions

#include "functionworker.moc"
