#include "stagefile.h"

#include "openapi.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace Gatehouse::Gateway {

namespace {
constexpr int kFormat = 1;

QJsonObject variablesToJson(const QMap<QString, QString> &variables)
{
    QJsonObject out;
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}
} // namespace

QJsonObject stagesToJson(const RestApi &api)
{
    QJsonObject stages;
    for (const Stage &stage : api.stages) {
        QJsonObject s;
        if (!stage.description.isEmpty())
            s.insert(QLatin1String("description"), stage.description);
        if (!stage.deploymentId.isEmpty())
            s.insert(QLatin1String("deploymentId"), stage.deploymentId);
        if (!stage.variables.isEmpty())
            s.insert(QLatin1String("variables"), variablesToJson(stage.variables));
        stages.insert(stage.name, s);
    }
    QJsonObject deployments;
    for (const Deployment &deployment : api.deployments) {
        if (!deployment.api)
            continue;
        QJsonObject d;
        if (!deployment.description.isEmpty())
            d.insert(QLatin1String("description"), deployment.description);
        d.insert(QLatin1String("createdDate"), deployment.createdDateMs);
        d.insert(QLatin1String("document"),
                 QJsonDocument::fromJson(exportOpenApi(*deployment.api, ExportFormat::OpenApi3Json)).object());
        deployments.insert(deployment.id, d);
    }
    QJsonObject out;
    out.insert(QLatin1String("format"), kFormat);
    out.insert(QLatin1String("stages"), stages);
    if (!deployments.isEmpty())
        out.insert(QLatin1String("deployments"), deployments);
    return out;
}

Status applyStagesJson(const QJsonObject &json, RestApi &api, QStringList *warnings)
{
    if (json.value(QLatin1String("format")).toInt() != kFormat || !json.value(QLatin1String("stages")).isObject())
        return Status::error(GatewayError::InvalidDocument,
                             QStringLiteral("not a stages file of format %1").arg(kFormat));

    QMap<QString, Deployment> deployments;
    const QJsonObject storedDeployments = json.value(QLatin1String("deployments")).toObject();
    for (auto it = storedDeployments.begin(); it != storedDeployments.end(); ++it) {
        const QJsonObject d = it.value().toObject();
        auto imported = importOpenApi(d.value(QLatin1String("document")));
        if (!imported) {
            if (warnings)
                warnings->append(QStringLiteral("deployment %1 left out: %2").arg(it.key(), imported.status().message()));
            continue;
        }
        auto snapshot = std::make_shared<RestApi>(std::move(imported->api));
        snapshot->id = api.id;
        snapshot->stages.clear();
        snapshot->deployments.clear();
        Deployment deployment;
        deployment.id = it.key();
        deployment.description = d.value(QLatin1String("description")).toString();
        deployment.createdDateMs = qint64(d.value(QLatin1String("createdDate")).toDouble());
        deployment.api = std::move(snapshot);
        deployments.insert(deployment.id, deployment);
    }

    const QJsonObject stages = json.value(QLatin1String("stages")).toObject();
    for (auto it = stages.begin(); it != stages.end(); ++it) {
        const QJsonObject s = it.value().toObject();
        Stage stage = api.stages.value(it.key());
        stage.name = it.key();
        stage.description = s.value(QLatin1String("description")).toString();
        stage.deploymentId = s.value(QLatin1String("deploymentId")).toString();
        if (!stage.deploymentId.isEmpty() && !deployments.contains(stage.deploymentId)) {
            if (warnings)
                warnings->append(QStringLiteral("stage %1: deployment %2 is not there; the stage serves the live API")
                                     .arg(stage.name, stage.deploymentId));
            stage.deploymentId.clear();
        }
        stage.variables.clear();
        const QJsonObject variables = s.value(QLatin1String("variables")).toObject();
        for (auto v = variables.begin(); v != variables.end(); ++v)
            stage.variables.insert(v.key(), v.value().toString());
        api.stages.insert(stage.name, stage);
    }
    for (auto it = deployments.cbegin(); it != deployments.cend(); ++it)
        api.deployments.insert(it.key(), it.value());
    return Status::ok();
}

QString stagesFilePath(const QString &documentPath)
{
    const QFileInfo document(documentPath);
    const QDir dir = document.absoluteDir();
    if (dir.dirName() == QLatin1String("apis"))
        return QDir::cleanPath(dir.absoluteFilePath(QStringLiteral("../stages/") + document.fileName() +
                                                    QStringLiteral(".json")));
    return document.absoluteFilePath() + QStringLiteral(".stages.json");
}

bool hasStagesToKeep(const RestApi &api)
{
    if (!api.deployments.isEmpty() || api.stages.size() > 1)
        return true;
    for (const Stage &stage : api.stages) {
        if (!stage.description.isEmpty() || !stage.deploymentId.isEmpty() || !stage.variables.isEmpty())
            return true;
    }
    return false;
}

} // namespace Gatehouse::Gateway
