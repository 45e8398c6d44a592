// Thread affinity: any thread (plain value types; a Deployment's snapshot is immutable and shared).
#pragma once

#include <common/status.h>

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace Gatehouse::Gateway {

// The REST API model as API Gateway keeps it (the shape of its control-plane resources), not
// the shape of OpenAPI: openapiimport/openapiexport translate. String enums hold the API's
// upper-case spelling (MOCK, WHEN_NO_MATCH, CONVERT_TO_TEXT); OpenAPI spells some lower case.
// Maps are QMap so that iteration, and therefore export, is in a stable order.

enum class IntegrationType { Mock, Http, HttpProxy, Aws, AwsProxy };
QString integrationTypeName(IntegrationType type); // "MOCK", "HTTP_PROXY", ...
std::optional<IntegrationType> integrationTypeFromName(const QString &name); // case-insensitive

// One entry of x-amazon-apigateway-integration.responses. An empty selectionPattern is the
// default response ("default" in OpenAPI). The pattern is a regular expression matched against
// the backend's status code (HTTP, MOCK) or the function error message (AWS Lambda).
struct IntegrationResponse
{
    QString selectionPattern;
    QString statusCode;
    QMap<QString, QString> responseParameters; // "method.response.header.X" -> source
    QMap<QString, QString> responseTemplates;  // content type -> template
    QString contentHandling;                   // CONVERT_TO_TEXT / CONVERT_TO_BINARY / empty
    bool operator==(const IntegrationResponse &o) const;
    bool operator!=(const IntegrationResponse &o) const { return !(*this == o); }
};

struct Integration
{
    IntegrationType type = IntegrationType::Mock;
    QString uri;
    QString httpMethod; // the backend's method ("POST" for Lambda)
    QString credentials;
    QMap<QString, QString> requestParameters; // "integration.request.path.x" -> source
    QMap<QString, QString> requestTemplates;  // content type -> template
    QString passthroughBehavior;              // WHEN_NO_MATCH / WHEN_NO_TEMPLATES / NEVER / empty
    std::optional<int> timeoutInMillis;
    QString contentHandling;
    QStringList cacheKeyParameters;
    QString cacheNamespace;
    QString connectionType;               // carried: INTERNET / VPC_LINK
    QString connectionId;                 // carried
    QList<IntegrationResponse> responses; // in document order; at most one has no pattern
    QJsonObject extra;                    // fields of the extension this model does not name
    bool operator==(const Integration &o) const;
    bool operator!=(const Integration &o) const { return !(*this == o); }

    // The response with an empty selection pattern, if any.
    const IntegrationResponse *defaultResponse() const;
};

struct MethodResponse
{
    QString description;                    // OpenAPI's description ("200 response")
    QMap<QString, bool> responseParameters; // "method.response.header.X" -> required
    QMap<QString, QString> responseModels;  // content type -> model name
    bool operator==(const MethodResponse &o) const;
    bool operator!=(const MethodResponse &o) const { return !(*this == o); }
};

// AuthorizationType values API Gateway uses: NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS.
struct Method
{
    QString httpMethod; // GET, POST, ..., ANY
    QString operationId;
    QString summary;
    QString description;
    QStringList tags;
    QMap<QString, bool> requestParameters; // "method.request.querystring.x" -> required
    QMap<QString, QString> requestModels;  // content type -> model name
    bool requestBodyRequired = false;
    QString requestValidator; // validator name; empty: the API's default
    bool apiKeyRequired = false;
    QString authorizationType = QStringLiteral("NONE");
    QString authorizerId; // the securityScheme name of the authorizer
    QStringList authorizationScopes;
    QJsonValue security; // the operation's security list, as written
    std::optional<Integration> integration;
    QMap<QString, MethodResponse> methodResponses; // status code -> response
    QJsonObject extensions;                        // other x-amazon-apigateway-* keys, raw
    bool operator==(const Method &o) const;
    bool operator!=(const Method &o) const { return !(*this == o); }
};

// A node of the path tree. The root has an empty pathPart and path "/". `{name}` matches one
// segment, `{name+}` (greedy) the rest of the path.
struct Resource
{
    QString id;
    QString parentId; // empty for the root
    QString pathPart;
    QString path;                  // "/books/{isbn}"
    QMap<QString, Method> methods; // httpMethod -> method
    QJsonObject extensions;        // x-amazon-apigateway-* of the path item, raw
    bool isRoot() const { return parentId.isEmpty(); }
    bool isParameter() const { return pathPart.startsWith(u'{'); }
    bool isGreedy() const { return pathPart.endsWith(QLatin1String("+}")); }
    QString parameterName() const; // "isbn" for {isbn}, "proxy" for {proxy+}
    bool operator==(const Resource &o) const;
    bool operator!=(const Resource &o) const { return !(*this == o); }
};

struct Model
{
    QString name;
    QString contentType = QStringLiteral("application/json");
    QString description;
    QJsonObject schema; // $refs as "#/components/schemas/Name"
    bool operator==(const Model &o) const;
    bool operator!=(const Model &o) const { return !(*this == o); }
};

struct RequestValidator
{
    bool validateRequestBody = false;
    bool validateRequestParameters = false;
    bool operator==(const RequestValidator &o) const;
    bool operator!=(const RequestValidator &o) const { return !(*this == o); }
};

// x-amazon-apigateway-gateway-responses: type (DEFAULT_4XX, MISSING_AUTHENTICATION_TOKEN, ...).
struct GatewayResponse
{
    QString statusCode;                        // empty: the type's own status
    QMap<QString, QString> responseParameters; // "gatewayresponse.header.X" -> value
    QMap<QString, QString> responseTemplates;
    bool operator==(const GatewayResponse &o) const;
    bool operator!=(const GatewayResponse &o) const { return !(*this == o); }
};

// A securityScheme of the document, carried whole. Authorizers (schemes with
// x-amazon-apigateway-authorizer) are not enforced yet.
struct Authorizer
{
    QString name;
    QString type;       // TOKEN / REQUEST / COGNITO_USER_POOLS / empty
    QJsonObject scheme; // the securityScheme object as written
    bool operator==(const Authorizer &o) const;
    bool operator!=(const Authorizer &o) const { return !(*this == o); }
};

// Stage.accessLogSettings: a format of $context variables and a destination. API Gateway's
// destinationArn names a log group; here it is a file path (relative paths are resolved
// against the project directory by whoever loads the stage).
struct AccessLogSettings
{
    QString format;
    QString destinationArn;
    bool isEnabled() const { return !destinationArn.isEmpty(); }
    bool operator==(const AccessLogSettings &o) const
    {
        return format == o.format && destinationArn == o.destinationArn;
    }
    bool operator!=(const AccessLogSettings &o) const { return !(*this == o); }
};

struct Stage
{
    QString name;
    QString description;
    QString deploymentId; // empty: "live" (the API as edited right now)
    QMap<QString, QString> variables;
    AccessLogSettings accessLogSettings; // disabled when its destination is empty
    bool operator==(const Stage &o) const;
    bool operator!=(const Stage &o) const { return !(*this == o); }
};

struct RestApi;

// An immutable snapshot that stages serve. Editing the API never changes a deployment; a
// stage without a deployment id serves the live API, so console edits show on the next request.
// Live mode is meant to be served the same way: the owner of the API publishes a new
// shared_ptr<const RestApi> after each edit and each request keeps the one it started with, so
// a request never sees half an edit and no lock is held while serving.
struct Deployment
{
    QString id;
    QString description;
    qint64 createdDateMs = 0;
    std::shared_ptr<const RestApi> api;
};

struct RestApi
{
    QString id;
    QString name;
    QString description;
    QString version;
    QStringList binaryMediaTypes;
    QString apiKeySource; // HEADER / AUTHORIZER / empty
    std::optional<int> minimumCompressionSize;
    QJsonValue endpointConfiguration; // carried; null when absent
    QJsonValue policy;                // carried; null when absent
    QJsonValue servers;               // OpenAPI 3 servers, carried for export
    QMap<QString, Model> models;
    QMap<QString, RequestValidator> requestValidators;
    QString requestValidator; // the document-level default validator name
    QMap<QString, GatewayResponse> gatewayResponses;
    QMap<QString, Authorizer> authorizers; // every securityScheme, by name
    QList<Resource> resources;             // the root first, then parents before children
    QMap<QString, Stage> stages;
    QMap<QString, Deployment> deployments;
    QJsonObject extensions; // other x-amazon-apigateway-* keys, raw

    const Resource *root() const;
    const Resource *resourceByPath(const QString &path) const;
    Resource *resourceByPath(const QString &path);
    const Resource *resourceById(const QString &id) const;
    QList<const Resource *> children(const QString &resourceId) const;

    // Creates the root if absent.
    Resource &ensureRoot(const std::function<QString()> &newId);
    // Creates every missing resource on the way to `path` ("/a/{b}/c"), validating each part
    // as API Gateway does. Like every Resource pointer, the result is valid until `resources`
    // next changes.
    Result<Resource *> ensurePath(const QString &path, const std::function<QString()> &newId);
    // The validator that applies to `method`: its own, else the API's default; null if none.
    const RequestValidator *validatorFor(const Method &method) const;
    // A snapshot of this API as it is now, without its stages and deployments.
    Deployment deploy(const QString &deploymentId, const QString &description, qint64 nowMs) const;
};

// Equality of everything the API declares, resources compared by path (their generated ids and
// the API id differ between two imports of one document). `difference`, when given, receives a
// description of the first difference found.
bool equivalent(const RestApi &a, const RestApi &b, QString *difference = nullptr);

// API Gateway's validation of one path part, with its message wording.
Status validatePathPart(const QString &pathPart);

// Error codes of this module.
namespace GatewayError {
inline const QString BadRequest = QStringLiteral("BadRequestException");
inline const QString InvalidDocument = QStringLiteral("InvalidOpenApiDocument");
} // namespace GatewayError

// Random ids as API Gateway makes them: 10 characters of [a-z0-9]. Injectable so tests can be
// deterministic: `seeded(n)` gives a reproducible sequence.
class IdGenerator
{
public:
    static std::function<QString()> random();
    static std::function<QString()> seeded(quint32 seed);
    static bool isValidId(const QString &id);
};

} // namespace Gatehouse::Gateway
