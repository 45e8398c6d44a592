// Thread affinity: any thread. publish()/remove()/clear() may run on any thread while listener
// threads serve; snapshot() is lock-free on its fast path.
#pragma once

#include <gateway/compiledapi.h>

#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

namespace Gatehouse::Gateway {

// One API as served: its stages, each serving a compiled snapshot.
struct ServedApi
{
    QString id;
    QString name;
    QList<CompiledStage> stages;
    const CompiledStage *stage(const QString &name) const;
};

// Everything served at one moment. Immutable: a request keeps the snapshot it started with,
// so an edit published meanwhile never shows half done.
struct ServedSnapshot
{
    QList<ServedApi> apis; // in publication order (the order the plain invoke URL tries them)
    const ServedApi *api(const QString &id) const;
};

// What the gateway serves, swapped whole on every change.
//
// Stages: each stage of a published API serves either a deployment (the stage's deployment id
// names one of the API's deployments: an immutable snapshot) or, when it has no deployment id,
// the API as published ("live"): the console republishes the API after every edit, so its
// edits are served on the next request.
class ApiRegistry
{
public:
    ApiRegistry();
    ~ApiRegistry();

    // Serves `api` under every stage it declares, replacing an API of the same id (which keeps
    // its place in the order). Returns what the compiled API cannot serve as written
    // (template syntax errors, bad patterns), each naming its method.
    QStringList publish(std::shared_ptr<const RestApi> api);
    bool remove(const QString &apiId);
    void clear();

    // The current snapshot; never null. Fast: one atomic load when nothing changed since the
    // calling thread's last call.
    std::shared_ptr<const ServedSnapshot> snapshot() const;

private:
    void install(std::shared_ptr<const ServedSnapshot> next); // REQUIRES: m_mutex held

    mutable QMutex m_mutex;
    std::shared_ptr<const ServedSnapshot> m_current;
    std::atomic<quint64> m_generation{0};
};

} // namespace Gatehouse::Gateway
