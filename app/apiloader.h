// Thread affinity: any thread (reads files, returns values).
#pragma once

#include "commandline.h"

#include <common/status.h>
#include <gateway/model.h>
#include <project/project.h>

#include <QHash>
#include <QList>
#include <QStringList>

#include <memory>

namespace Gatehouse::App {

struct LoadedApis
{
    QList<std::shared_ptr<const Gateway::RestApi>> apis; // in serving order
    QStringList files; // the document each API was read from, same order
    QStringList warnings; // import warnings, each naming the file, the extension and the location
    // API id -> the functions/ folder its AWS_PROXY routes run from: beside an --openapi
    // document, the project's otherwise.
    QHash<QString, QString> functionDirectories;
};

// The stage APIs are served under: --stage when given, else the project's "stage" setting,
// else "dev".
QString servingStage(const Options &options, const Project::Project *project);

// Imports what the gateway serves, each API with one live stage named `stage`:
// the --openapi files when any are given (a document that cannot be imported is an error naming
// the file), otherwise the project's apis/ documents in file name order (a broken one is skipped
// with a warning, so one bad file does not stop the others). An API keeps the id its document's
// server URL names (https://{id}.execute-api...), so its invoke URLs stay the same between runs.
// Each served stage gets `accessLog` as its Stage.accessLogSettings. The stages and deployments
// the console saved beside a document (Gateway::stagesFilePath) are added to its API; a stage
// of that file named `stage` keeps `accessLog`, the others of a project's documents get the
// project's settings.stages.{name}.accessLogSettings.
Result<LoadedApis> loadApis(const QStringList &openApiFiles, const Project::Project *project,
                            const QString &stage, const Gateway::AccessLogSettings &accessLog = {});

// The access log of the served stage: --access-log (and --access-log-format) when given, else the
// project's settings.stages.{stage}.accessLogSettings ({"format": "clf"|"json"|"xml"|"csv"|TEXT,
// "destinationArn": FILE relative to the project}), else none.
Gateway::AccessLogSettings accessLogSettingsFor(const Options &options, const Project::Project *project,
                                                const QString &stage);
// The project's part of that alone: settings.stages.{stage}.accessLogSettings (none without a
// project or such settings).
Gateway::AccessLogSettings projectAccessLogSettings(const Project::Project *project, const QString &stage);

} // namespace Gatehouse::App
