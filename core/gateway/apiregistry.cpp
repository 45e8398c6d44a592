#include "apiregistry.h"

namespace Gatehouse::Gateway {

namespace {

// Generations are unique across every registry of the process, so a thread's cached snapshot
// can never be mistaken for another registry's (even one at the same address).
std::atomic<quint64> g_nextGeneration{1};

struct ThreadCache
{
    const ApiRegistry *owner = nullptr;
    quint64 generation = 0;
    std::shared_ptr<const ServedSnapshot> snapshot;
};
thread_local ThreadCache t_cache;

} // namespace

const CompiledStage *ServedApi::stage(const QString &name) const
{
    for (const CompiledStage &s : stages) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

const ServedApi *ServedSnapshot::api(const QString &id) const
{
    for (const ServedApi &a : apis) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

ApiRegistry::ApiRegistry()
{
    QMutexLocker lock(&m_mutex);
    install(std::make_shared<const ServedSnapshot>());
}

ApiRegistry::~ApiRegistry() = default;

void ApiRegistry::install(std::shared_ptr<const ServedSnapshot> next)
{
    m_current = std::move(next);
    m_generation.store(g_nextGeneration.fetch_add(1), std::memory_order_release);
}

std::shared_ptr<const ServedSnapshot> ApiRegistry::snapshot() const
{
    const quint64 generation = m_generation.load(std::memory_order_acquire);
    ThreadCache &cache = t_cache;
    if (cache.owner == this && cache.generation == generation)
        return cache.snapshot;
    QMutexLocker lock(&m_mutex);
    cache.owner = this;
    cache.generation = m_generation.load(std::memory_order_relaxed);
    cache.snapshot = m_current;
    return cache.snapshot;
}

QStringList ApiRegistry::publish(std::shared_ptr<const RestApi> api)
{
    // Compiling happens outside the lock: requests keep being served from the old snapshot.
    ServedApi served;
    served.id = api->id;
    served.name = api->name;
    QStringList problems;
    std::shared_ptr<const CompiledApi> live;
    for (const Stage &stage : api->stages) {
        CompiledStage compiled;
        compiled.name = stage.name;
        for (auto it = stage.variables.cbegin(); it != stage.variables.cend(); ++it)
            compiled.variables.append({it.key(), it.value()});
        compiled.deploymentId = stage.deploymentId;
        if (stage.deploymentId.isEmpty()) {
            if (!live) {
                live = CompiledApi::compile(api);
                problems << live->problems();
            }
            compiled.api = live;
        } else {
            const auto deployment = api->deployments.constFind(stage.deploymentId);
            if (deployment == api->deployments.cend() || !deployment->api) {
                problems << QStringLiteral("stage %1: deployment %2 does not exist")
                                .arg(stage.name, stage.deploymentId);
                continue;
            }
            compiled.api = CompiledApi::compile(deployment->api);
            problems << compiled.api->problems();
        }
        served.stages.append(std::move(compiled));
    }
    problems.removeDuplicates();

    QMutexLocker lock(&m_mutex);
    auto next = std::make_shared<ServedSnapshot>(*m_current);
    bool replaced = false;
    for (ServedApi &existing : next->apis) {
        if (existing.id == served.id) {
            existing = served;
            replaced = true;
        }
    }
    if (!replaced)
        next->apis.append(std::move(served));
    install(std::move(next));
    return problems;
}

bool ApiRegistry::remove(const QString &apiId)
{
    QMutexLocker lock(&m_mutex);
    auto next = std::make_shared<ServedSnapshot>(*m_current);
    const qsizetype removed = next->apis.removeIf([&](const ServedApi &a) { return a.id == apiId; });
    if (removed == 0)
        return false;
    install(std::move(next));
    return true;
}

void ApiRegistry::clear()
{
    QMutexLocker lock(&m_mutex);
    install(std::make_shared<const ServedSnapshot>());
}

} // namespace Gatehouse::Gateway
