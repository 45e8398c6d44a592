// Thread affinity: any thread. Private to the OpenAPI import.
#pragma once

#include <gateway/openapiinternal.h>

namespace Gatehouse::Gateway::OpenApiDetail {

// The state of one import: the document, the API being built and what went wrong.
class Importer
{
public:
    Importer(const QJsonObject &root, const ImportOptions &options);

    Result<ImportResult> run();

private:
    void warn(const QString &feature, const QString &location, const QString &message);
    Status fail(const QString &location, const QString &message) const;

    Status readVersion();
    void readInfo();
    void readServers();
    void readModels();
    void readSecuritySchemes();
    Status readDocumentExtensions();
    Status readPaths();
    Status readOperation(Resource &resource, const QString &method, const QJsonObject &op,
                         const QJsonArray &pathParameters, const QString &at);
    void readParameters(Method &m, const QJsonArray &parameters, const QJsonObject &op,
                        const QString &at);
    void readRequestBody(Method &m, const QJsonValue &body, const QString &baseName,
                         const QString &at);
    void readResponses(Method &m, const QJsonObject &responses, const QJsonObject &op,
                       const QString &baseName, const QString &at);
    Result<Integration> readIntegration(const QJsonObject &object, const QString &at);
    void readSecurity(Method &m, const QJsonValue &security, const QString &at);

    // The model a schema names: the $ref's target, or a new model holding an inline schema.
    // Models are application/json: OpenAPI has no place to export any other content type.
    QString modelFor(const QJsonValue &schema, const QString &suggestedName, const QString &at);
    QJsonValue resolve(const QJsonValue &value) const; // follows one local "$ref"
    QJsonObject normalizeSchema(const QJsonValue &schema) const;

    QJsonObject m_root;
    ImportOptions m_options;
    bool m_swagger = false;
    RestApi m_api;
    QList<ImportWarning> m_warnings;
};

} // namespace Gatehouse::Gateway::OpenApiDetail
