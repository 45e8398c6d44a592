#include "accesslogs.h"
#include "listenerthread.h"
#include "runtime.h"

#include <functions/functionexecutor.h>
#include <gateway/apiregistry.h>
#include <gateway/gatewayendpoint.h>
#include <gateway/httpintegration.h>
#include <gatewayaws/dynamointegration.h>
#include <observe/recordhub.h>
#include <project/seedfile.h>
#include <tables/dynamoendpoint.h>
#include <tables/tableengine.h>
#include <tables/ttlsweeper.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QThread>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcApp, "gatehouse.app", QtInfoMsg)

namespace Gatehouse::App {

Runtime::Runtime(QObject *parent)
    : QObject(parent)
    , m_hub(new Observe::RecordHub(this))
    , m_registry(std::make_shared<Gateway::ApiRegistry>())
{
}

Runtime::~Runtime()
{
    stop();
}

Status Runtime::start(const RuntimeConfig &config)
{
    stop();
    m_config = config;
    m_seedReport.clear();

    if (!config.store.inMemory) {
        const QString dir = QFileInfo(config.store.path).absolutePath();
        if (!QDir().mkpath(dir))
            return Status::error(EngineError, QStringLiteral("cannot create %1").arg(dir));
    }
    Tables::EngineOptions engineOptions;
    engineOptions.store = config.store;
    engineOptions.createDelayMs = config.tableStatusDelayMs;
    auto engine = Tables::TableEngine::open(engineOptions);
    if (!engine) {
        return Status::error(EngineError, QStringLiteral("cannot open the table data %1: %2")
                                              .arg(config.store.inMemory ? QStringLiteral("(in memory)")
                                                                         : config.store.path,
                                                   engine.status().message()));
    }
    m_engine = std::move(engine).value();
    m_ttlSweeper = std::make_unique<Tables::TtlSweeper>(m_engine);
    if (!config.seedFile.isEmpty())
        seed(config.seedFile);

    m_endpoint = std::make_unique<Tables::DynamoEndpoint>(
        m_engine, std::make_shared<Tables::PermissiveAuthenticator>());
    m_registry->clear();
    m_apiProblems.clear();
    for (const auto &api : config.apis) {
        for (const QString &problem : m_registry->publish(api)) {
            m_apiProblems << QStringLiteral("%1: %2").arg(api->name, problem);
            qCWarning(lcApp).noquote() << api->name + u": " + problem;
        }
    }
    // Access logs of the served stages that have them, fed by the hub off the listener threads.
    QList<AccessLogs::Target> logTargets;
    for (const auto &api : config.apis) {
        for (const Gateway::Stage &stage : api->stages)
            logTargets.append({api->id, stage.name, stage.accessLogSettings});
    }
    m_accessLogs = std::make_unique<AccessLogs>();
    if (Status s = m_accessLogs->start(logTargets, m_hub); !s) {
        m_running = true; // lets stop() close what did open
        stop();
        return Status::error(EngineError, s.message());
    }
    for (const QString &problem : m_accessLogs->problems()) {
        m_apiProblems << problem;
        qCWarning(lcApp).noquote() << problem;
    }

    // The executors of non-MOCK integrations, one per family of types; each may stay null (its
    // routes then answer 500 saying the type is not available).
    Gateway::Integrations integrations;
    integrations.http = std::make_shared<Gateway::HttpIntegration>(); // HTTP, HTTP_PROXY
    integrations.aws = std::make_shared<GatewayAws::DynamoIntegration>(m_engine); // AWS: DynamoDB
    {
        Functions::PoolOptions pool;
        pool.defaultTimeoutMs = config.functionTimeoutMs;
        pool.tables = m_engine;
        integrations.awsProxy = std::make_shared<Functions::FunctionExecutor>(
            std::make_shared<Functions::FunctionPool>(std::move(pool)),
            Functions::FunctionDirectories{config.functionsDirectory, config.apiFunctionDirectories});
    }
    m_gatewayEndpoint = std::make_unique<Gateway::GatewayEndpoint>(m_registry, integrations);

    Http::HttpServerConfig gateway;
    gateway.name = QStringLiteral("gateway");
    gateway.address = config.address;
    gateway.port = config.gatewayPort;
    gateway.maxBodyBytes = 10 * 1024 * 1024;   // API Gateway's payload limit
    Http::HttpServerConfig tables;
    tables.name = QStringLiteral("tables");
    tables.address = config.address;
    tables.port = config.tablesPort;
    tables.maxBodyBytes = 16 * 1024 * 1024;

    const bool secondTables = QThread::idealThreadCount() > 1;
    if (secondTables) {
        tables.portSharing = Http::HttpServerConfig::PortSharing::Open;
        gateway.portSharing = Http::HttpServerConfig::PortSharing::Open;
    }

    m_gateway = std::make_unique<ListenerThread>(gateway, m_gatewayEndpoint.get(), m_hub);
    m_tables = std::make_unique<ListenerThread>(tables, m_endpoint.get(), m_hub);
    for (ListenerThread *listener : {m_gateway.get(), m_tables.get(), m_tablesSecond.get()}) {
        if (!listener)
            continue;
        Status s = listener->start();
        if (s && listener == m_gateway.get() && secondTables) {
            Http::HttpServerConfig second = gateway;
            second.port = m_gateway->port();
            second.portSharing = Http::HttpServerConfig::PortSharing::Join;
            m_gatewaySecond = std::make_unique<ListenerThread>(second, m_gatewayEndpoint.get(), m_hub);
            s = m_gatewaySecond->start();
        }
        if (s && listener == m_tables.get() && secondTables) {
            Http::HttpServerConfig second = tables;
            second.port = m_tables->port();
            second.portSharing = Http::HttpServerConfig::PortSharing::Join;
            m_tablesSecond = std::make_unique<ListenerThread>(second, m_endpoint.get(), m_hub);
            s = m_tablesSecond->start();
        }
        if (!s) {
            const Status error = Status::error(
                ListenError, QStringLiteral("%1 listener: %2").arg(listener->config().name, s.message()));
            m_running = true;   // lets stop() tear down what did start
            stop();
            return error;
        }
    }
    m_running = true;
    return Status::ok();
}

void Runtime::seed(const QString &seedFile)
{
    const Tables::ApiReply existing = m_engine->callAndWait(QStringLiteral("ListTables"), {});
    if (!existing.result || !existing.result->value(QStringLiteral("TableNames")).toArray().isEmpty())
        return;   // only a fresh engine is seeded: the user's data is never overwritten
    auto tables = Project::readSeedFile(seedFile);
    if (!tables) {
        m_seedReport << tables.status().message();
        qCWarning(lcApp).noquote() << "seed:" << tables.status().message();
        return;
    }
    for (const Project::SeedTable &table : *tables) {
        const Tables::ApiReply created = m_engine->callAndWait(QStringLiteral("CreateTable"), table.createTable);
        if (!created.result) {
            m_seedReport << QStringLiteral("%1: %2").arg(table.tableName(), created.result.status().toString());
            continue;
        }
        int written = 0;
        for (const QJsonObject &item : table.items) {
            const Tables::ApiReply put = m_engine->callAndWait(
                QStringLiteral("PutItem"),
                QJsonObject{{QStringLiteral("TableName"), table.tableName()}, {QStringLiteral("Item"), item}});
            if (put.result)
                ++written;
            else
                m_seedReport << QStringLiteral("%1: %2").arg(table.tableName(), put.result.status().toString());
        }
        m_seedReport << QStringLiteral("seeded %1 with %2 items").arg(table.tableName()).arg(written);
    }
    for (const QString &line : std::as_const(m_seedReport))
        qCInfo(lcApp).noquote() << line;
}

void Runtime::stop()
{
    if (!m_running)
        return;
    m_running = false;
    // Both listeners drain in parallel, so a shutdown takes one grace period, not two.
    const auto listeners = {m_gateway.get(), m_gatewaySecond.get(), m_tables.get(), m_tablesSecond.get()};
    for (ListenerThread *listener : listeners) {
        if (listener)
            listener->requestStop(StopGraceMs);
    }
    for (ListenerThread *listener : listeners) {
        if (listener)
            listener->wait();
    }
    m_gateway.reset();
    m_gatewaySecond.reset();
    m_tables.reset();
    m_tablesSecond.reset();
    m_endpoint.reset();
    m_gatewayEndpoint.reset();
    m_ttlSweeper.reset();   // waits for a running sweep: before the store closes
    if (m_engine) {
        m_engine->store().close();
        m_engine.reset();
    }
    m_hub->flush();
    m_accessLogs.reset(); // after the hub handed over the last records
}

QString Runtime::gatewayUrl() const { return m_gateway ? m_gateway->url() : QString(); }
QString Runtime::tablesUrl() const { return m_tables ? m_tables->url() : QString(); }
quint16 Runtime::gatewayPort() const { return m_gateway ? m_gateway->port() : 0; }
quint16 Runtime::tablesPort() const { return m_tables ? m_tables->port() : 0; }

QList<InvokeUrl> Runtime::invokeUrls() const
{
    QList<InvokeUrl> urls;
    const QString base = gatewayUrl();
    if (base.isEmpty())
        return urls;
    for (const Gateway::ServedApi &api : m_registry->snapshot()->apis) {
        for (const Gateway::CompiledStage &stage : api.stages)
            urls.append({api.id, api.name, stage.name, base + u'/' + stage.name});
    }
    return urls;
}

QStringList Runtime::accessLogFiles() const
{
    return m_accessLogs ? m_accessLogs->files() : QStringList();
}

Tables::DynamoApi *Runtime::tableApi() const
{
    return m_engine.get();
}

} // namespace Gatehouse::App
