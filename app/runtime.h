// Thread affinity: main thread. The listeners run on their own threads; the engine is shared.
#pragma once

#include <common/status.h>
#include <gateway/model.h>
#include <http/httpserver.h>
#include <tables/tablestore.h>

#include <QHash>
#include <QObject>
#include <QStringList>

#include <memory>

namespace Gatehouse::Gateway {
class ApiRegistry;
class GatewayEndpoint;
}
namespace Gatehouse::Observe {
class RecordHub;
}
namespace Gatehouse::Tables {
class DynamoApi;
class DynamoEndpoint;
class TableEngine;
class TtlSweeper;
}

namespace Gatehouse::App {

class AccessLogs;
class ListenerThread;

struct RuntimeConfig
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 gatewayPort = 3000;
    quint16 tablesPort = 8000;
    QString stage = QStringLiteral("dev");
    Tables::StoreOptions store;     // path, inMemory, synchronous
    int tableStatusDelayMs = 0;     // CREATING/DELETING duration (0: ACTIVE at once)
    QString seedFile;               // loaded when the engine holds no table yet; may be empty
    // The REST APIs the gateway serves from the start, each under the stages it declares.
    QList<std::shared_ptr<const Gateway::RestApi>> apis;
    // AWS_PROXY functions: the project's functions/ folder, each API's own folder where it has
    // one (API id -> folder), and the default timeout (the project's "functionTimeout" setting,
    // in seconds; functions/NAME.json {"timeout": s} wins).
    QString functionsDirectory;
    QHash<QString, QString> apiFunctionDirectories;
    int functionTimeoutMs = 3000;
    // The OpenAPI document each of `apis` was read from (same order; empty: none), so the
    // console's route editor can save its edits there.
    QStringList apiFiles;
};

// One served API stage and the URL that invokes it.
struct InvokeUrl
{
    QString apiId;
    QString apiName;
    QString stage;
    QString url; // http://127.0.0.1:3000/dev
};

// Starts and stops what serves requests: the table engine (shared by its HTTP endpoint and the
// console), the gateway and tables listeners on their own threads, and the record hub that
// fans finished exchanges out to the console.
class Runtime : public QObject
{
    Q_OBJECT
public:
    // Status codes of start().
    static inline const QString ListenError = QStringLiteral("ListenError");
    static inline const QString EngineError = QStringLiteral("EngineError");
    static constexpr int StopGraceMs = 1500;

    explicit Runtime(QObject *parent = nullptr);
    ~Runtime() override;

    // Opens the engine (seeding an empty one), then starts both listeners. On error nothing is
    // left running; a port in use gives ListenError.
    Status start(const RuntimeConfig &config);
    // Stops both listeners at once (stop accepting, finish in-flight requests), then closes
    // the engine's SQLite connections. Idempotent.
    void stop();
    bool isRunning() const { return m_running; }

    const RuntimeConfig &config() const { return m_config; }
    QString gatewayUrl() const;
    QString tablesUrl() const;
    quint16 gatewayPort() const;
    quint16 tablesPort() const;

    Observe::RecordHub *hub() const { return m_hub; }
    // The engine's API for the console; null while stopped.
    Tables::DynamoApi *tableApi() const;
    // What the gateway serves. Publishing an API here (from any thread) serves it on the next
    // request; the registry outlives restarts.
    Gateway::ApiRegistry &apiRegistry() const { return *m_registry; }
    // The plain invoke URL of every served API stage, in the order the gateway tries them.
    QList<InvokeUrl> invokeUrls() const;
    // What the served APIs cannot serve as written (template errors, bad patterns).
    QStringList apiProblems() const { return m_apiProblems; }
    // The access log files being written (absolute paths).
    QStringList accessLogFiles() const;
    // What seeding did on the last start ("seeded Books with 8 items"), or its errors.
    QStringList seedReport() const { return m_seedReport; }

private:
    void seed(const QString &seedFile);

    RuntimeConfig m_config;
    Observe::RecordHub *m_hub;
    std::shared_ptr<Tables::TableEngine> m_engine;
    std::unique_ptr<Tables::DynamoEndpoint> m_endpoint;
    std::unique_ptr<Tables::TtlSweeper> m_ttlSweeper;  // deletes expired items (TTL)
    std::shared_ptr<Gateway::ApiRegistry> m_registry;
    std::unique_ptr<Gateway::GatewayEndpoint> m_gatewayEndpoint;
    QStringList m_apiProblems;
    std::unique_ptr<ListenerThread> m_gateway;
    // A second gateway listener on the same port, as for the tables (below).
    std::unique_ptr<ListenerThread> m_gatewaySecond;
    std::unique_ptr<ListenerThread> m_tables;
    // A second tables listener on the same port (SO_REUSEPORT) on machines with several cores:
    // one listener thread saturates first under many connections.
    std::unique_ptr<ListenerThread> m_tablesSecond;
    std::unique_ptr<AccessLogs> m_accessLogs;
    QStringList m_seedReport;
    bool m_running = false;
};

} // namespace Gatehouse::App
