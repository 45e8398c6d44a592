#include "apiloader.h"

#include <gateway/accesslogformat.h>
#include <gateway/openapi.h>
#include <gateway/stagefile.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace Gatehouse::App {

namespace {

// "https://bk7q2m1x4d.execute-api.us-east-1.amazonaws.com/{basePath}" -> "bk7q2m1x4d"
QString idFromServers(const Gateway::RestApi &api)
{
    static const QRegularExpression pattern(QStringLiteral("^https?://([a-z0-9]{10})\\.execute-api\\."));
    QString url;
    if (api.servers.isArray() && !api.servers.toArray().isEmpty())
        url = api.servers.toArray().first().toObject().value(QLatin1String("url")).toString();
    const QRegularExpressionMatch match = pattern.match(url);
    return match.hasMatch() ? match.captured(1) : QString();
}

Result<std::shared_ptr<const Gateway::RestApi>> importFile(const QString &path, const QString &stage,
                                                           const Gateway::AccessLogSettings &accessLog,
                                                           const Project::Project *project,
                                                           QStringList *warnings)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(Gateway::GatewayError::InvalidDocument,
                             QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    auto imported = Gateway::importOpenApi(file.readAll());
    if (!imported)
        return Status::error(imported.status().code(),
                             QStringLiteral("%1: %2").arg(path, imported.status().message()));
    for (const Gateway::ImportWarning &warning : imported->warnings)
        warnings->append(QStringLiteral("%1: %2").arg(name, warning.toString()));
    auto api = std::make_shared<Gateway::RestApi>(std::move(imported->api));
    if (const QString id = idFromServers(*api); !id.isEmpty())
        api->id = id;
    if (api->name.isEmpty())
        api->name = QFileInfo(path).completeBaseName();
    Gateway::Stage served;
    served.name = stage;
    served.accessLogSettings = accessLog;
    api->stages.insert(stage, served);
    // The stages and deployments saved beside the document (the console's), if any.
    QFile stages(Gateway::stagesFilePath(path));
    if (stages.exists()) {
        const QString stagesName = QFileInfo(stages.fileName()).fileName();
        QStringList stageWarnings;
        QJsonParseError error{};
        if (!stages.open(QIODevice::ReadOnly)) {
            stageWarnings << QStringLiteral("stages not read: %1").arg(stages.errorString());
        } else if (const QJsonDocument json = QJsonDocument::fromJson(stages.readAll(), &error);
                   !json.isObject()) {
            stageWarnings << QStringLiteral("stages not read: %1").arg(error.errorString());
        } else if (Status applied = Gateway::applyStagesJson(json.object(), *api, &stageWarnings);
                   !applied) {
            stageWarnings << QStringLiteral("stages not read: %1").arg(applied.message());
        }
        for (const QString &warning : std::as_const(stageWarnings))
            warnings->append(QStringLiteral("%1: %2").arg(stagesName, warning));
        // The other stages log as the project's settings say for them.
        for (Gateway::Stage &other : api->stages) {
            if (other.name != stage)
                other.accessLogSettings = projectAccessLogSettings(project, other.name);
        }
    }
    return std::shared_ptr<const Gateway::RestApi>(std::move(api));
}

// functions/ beside an --openapi document; for a project's apis/NAME.yaml given that way, the
// project's functions/ when there is none beside it.
QString functionsBeside(const QString &file)
{
    const QDir dir = QFileInfo(file).absoluteDir();
    const QString beside = dir.filePath(QStringLiteral("functions"));
    if (!QFileInfo(beside).isDir() && dir.dirName() == QLatin1String("apis")) {
        const QString project = QDir(dir.filePath(QStringLiteral(".."))).filePath(QStringLiteral("functions"));
        if (QFileInfo(project).isDir())
            return QDir::cleanPath(project);
    }
    return beside;
}

} // namespace

QString servingStage(const Options &options, const Project::Project *project)
{
    if (options.stageGiven || !project)
        return options.stage;
    const QString fromProject = project->setting(QStringLiteral("stage")).toString();
    return fromProject.isEmpty() || fromProject.contains(u'/') ? options.stage : fromProject;
}

Gateway::AccessLogSettings projectAccessLogSettings(const Project::Project *project, const QString &stage)
{
    Gateway::AccessLogSettings settings;
    if (!project)
        return settings;
    const QJsonObject configured = project->setting(QStringLiteral("stages"))
                                       .toObject()
                                       .value(stage)
                                       .toObject()
                                       .value(QLatin1String("accessLogSettings"))
                                       .toObject();
    const QString destination = configured.value(QLatin1String("destinationArn")).toString();
    if (destination.isEmpty())
        return settings;
    settings.destinationArn = QDir(project->directory()).absoluteFilePath(destination);
    const QString format = configured.value(QLatin1String("format")).toString();
    settings.format = Gateway::AccessLogFormat::preset(format.isEmpty() ? QStringLiteral("clf") : format);
    return settings;
}

Gateway::AccessLogSettings accessLogSettingsFor(const Options &options, const Project::Project *project,
                                                const QString &stage)
{
    if (!options.accessLogFile.isEmpty()) {
        Gateway::AccessLogSettings settings;
        settings.destinationArn = options.accessLogFile;
        settings.format = options.accessLogFormat;
        return settings;
    }
    return projectAccessLogSettings(project, stage);
}

Result<LoadedApis> loadApis(const QStringList &openApiFiles, const Project::Project *project,
                            const QString &stage, const Gateway::AccessLogSettings &accessLog)
{
    LoadedApis out;
    QStringList ids;
    auto add = [&](std::shared_ptr<const Gateway::RestApi> api, const QString &file) {
        // Two documents naming one id would hide each other on the /restapis/{id} form.
        if (ids.contains(api->id)) {
            auto copy = std::make_shared<Gateway::RestApi>(*api);
            copy->id = Gateway::IdGenerator::random()();
            out.warnings << QStringLiteral("%1: API id %2 is taken by another document; serving it as %3")
                                .arg(QFileInfo(file).fileName(), api->id, copy->id);
            api = std::move(copy);
        }
        ids << api->id;
        out.functionDirectories.insert(api->id, project && openApiFiles.isEmpty()
                                                    ? project->directory() + QStringLiteral("/functions")
                                                    : functionsBeside(file));
        out.apis.append(std::move(api));
        out.files.append(QFileInfo(file).absoluteFilePath());
    };
    if (!openApiFiles.isEmpty()) {
        for (const QString &file : openApiFiles) {
            auto api = importFile(file, stage, accessLog, nullptr, &out.warnings);
            if (!api)
                return api.status();
            add(std::move(api).value(), file);
        }
        return out;
    }
    if (!project)
        return out;
    QList<Project::ApiDocument> documents = project->apis();
    std::sort(documents.begin(), documents.end(),
              [](const Project::ApiDocument &a, const Project::ApiDocument &b) {
                  return a.fileName < b.fileName;
              });
    for (const Project::ApiDocument &document : documents) {
        auto api = importFile(document.filePath, stage, accessLog, project, &out.warnings);
        if (!api) {
            out.warnings << QStringLiteral("not served: %1").arg(api.status().message());
            continue;
        }
        add(std::move(api).value(), document.filePath);
    }
    return out;
}

} // namespace Gatehouse::App
