// Thread affinity: any thread (pure functions over value types).
#pragma once

#include <common/status.h>
#include <gateway/model.h>

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Gatehouse::Gateway {

// An API's stages and deployments kept beside its OpenAPI document, which (as AWS's export)
// carries neither: stages with their description, variables and deployment, and each
// deployment's snapshot as an embedded OpenAPI 3 document with API Gateway's extensions.
// Access log settings are not in it: they stay in the project's settings (see app/apiloader.h).
//
//   { "format": 1,
//     "stages": { "prod": { "description": "", "deploymentId": "d1a2b3", "variables": {...} } },
//     "deployments": { "d1a2b3": { "description": "", "createdDate": 1700000000000,
//                                  "document": { "openapi": "3.0.1", ... } } } }
QJsonObject stagesToJson(const RestApi &api);

// Adds the stages and deployments of `json` to `api`: a stage of the same name is replaced
// (keeping its access log settings), a deployment whose document cannot be read is left out
// with a warning and a stage naming a deployment that is not there serves the live API, with a
// warning. An object that is not this format is an error and changes nothing.
Status applyStagesJson(const QJsonObject &json, RestApi &api, QStringList *warnings);

// Where the stages of the API document at `documentPath` are kept: a project's
// apis/NAME.yaml has them in stages/NAME.yaml.json at the project's root (so the apis/ folder
// holds only OpenAPI documents); any other document in NAME.yaml.stages.json beside it.
QString stagesFilePath(const QString &documentPath);

// True when `api` has something stagesToJson would keep beyond a single live stage without
// description or variables (which loading recreates anyway).
bool hasStagesToKeep(const RestApi &api);

} // namespace Gatehouse::Gateway
