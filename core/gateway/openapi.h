// Thread affinity: any thread (pure functions over value types).
#pragma once

#include <common/status.h>
#include <gateway/model.h>

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <functional>

namespace Gatehouse::Gateway {

// Something the document declares that the gateway keeps but does not act on (yet), or reads
// differently from AWS. Never a reason to refuse the document.
struct ImportWarning
{
    QString feature;  // the extension or OpenAPI feature: "x-amazon-apigateway-authorizer"
    QString location; // a JSON pointer into the document: "/paths/~1pets/get/security"
    QString message;
    bool operator==(const ImportWarning &o) const
    {
        return feature == o.feature && location == o.location && message == o.message;
    }
    QString toString() const { return location + u" (" + feature + u"): " + message; }
};

struct ImportOptions
{
    std::function<QString()> newId = IdGenerator::random(); // resource and API ids
};

struct ImportResult
{
    RestApi api;
    QList<ImportWarning> warnings;
};

// Reads an OpenAPI 3.0.x or Swagger 2.0 document, JSON or YAML, with API Gateway's extensions.
// Errors (a Status with code GatewayError::InvalidDocument) are for documents that cannot be an
// API: unreadable YAML (with line and column), neither OpenAPI 3.0 nor Swagger 2.0, no paths,
// invalid paths or integrations.
Result<ImportResult> importOpenApi(const QByteArray &document, const ImportOptions &options = {});
Result<ImportResult> importOpenApi(const QJsonValue &document, const ImportOptions &options = {});

enum class ExportFormat { OpenApi3Json, OpenApi3Yaml, Swagger2Json, Swagger2Yaml };

struct ExportOptions
{
    // When set, `servers` (or Swagger's host and basePath) name this stage the way AWS's export
    // does: {baseUrl}/{basePath} with basePath's default the stage name. Otherwise the servers
    // the API was imported with are written back.
    QString stageName;
    QString baseUrl; // "https://abc123defg.execute-api.us-east-1.amazonaws.com"
    // false: a plain OpenAPI document for clients and documentation, as AWS's export without
    // extensions: no x-amazon-apigateway-* except x-amazon-apigateway-any-method, which is
    // the only way to say ANY.
    bool apiGatewayExtensions = true;
};

// The shape of AWS's "Export as OpenAPI 3 (or Swagger) + API Gateway extensions", in a fixed key
// order, so an export is a stable text to keep in version control.
QByteArray exportOpenApi(const RestApi &api, ExportFormat format,
                         const ExportOptions &options = {});

} // namespace Gatehouse::Gateway
