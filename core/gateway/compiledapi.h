// Thread affinity: any thread. A CompiledApi is immutable once compiled and is shared by every
// request that serves it, on any listener thread.
#pragma once

#include <gateway/gatewayresponses.h>
#include <gateway/model.h>
#include <gateway/requestvalidation.h>
#include <gateway/router.h>

#include <vtl/jsonpath.h>
#include <vtl/template.h>

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <memory>
#include <optional>
#include <utility>

namespace Gatehouse::Gateway {

// A mapping template parsed once, or the error that stops it from serving (reported, with its
// line and column, by every request that selects it).
struct MappingTemplate
{
    QString contentType; // lower case, as matched
    QString source;
    Vtl::Template compiled;
    Vtl::VtlError error; // compile error; valid() when the template cannot be rendered
};

// The templates of one integration request, integration response or gateway response.
class TemplateSet
{
public:
    void add(const QString &contentType, const QString &source);
    bool isEmpty() const { return m_templates.isEmpty(); }
    const QList<MappingTemplate> &templates() const { return m_templates; }
    // The request template for a Content-Type (parameters ignored; none given means
    // application/json, as API Gateway assumes). Null when none matches.
    const MappingTemplate *forContentType(QByteArrayView contentType) const;
    // The response template for an Accept header: the first listed type a template declares;
    // otherwise application/json's; otherwise the first template. Null only when empty.
    const MappingTemplate *forAccept(QByteArrayView accept) const;

private:
    const MappingTemplate *find(QByteArrayView mediaType) const;
    QList<MappingTemplate> m_templates;
};

// Where a mapped parameter's value comes from ("method.request.querystring.q", "'static'", ...).
struct ParameterSource
{
    enum Kind {
        Invalid,
        Static,
        MethodPath,
        MethodQuery,
        MethodMultiQuery,
        MethodHeader,
        MethodMultiHeader,
        MethodBody,       // the whole body, or the JSONPath in `path`
        StageVariable,
        Context,          // name: "requestId", "identity.sourceIp", ...
        IntegrationHeader,
        IntegrationMultiHeader,
        IntegrationBody,  // the whole body, or the JSONPath in `path`
    };
    Kind kind = Invalid;
    QString name; // the parameter, variable or context name; the literal for Static
    std::shared_ptr<const Vtl::JsonPath> path;

    static ParameterSource parse(const QString &expression);
};

// "integration.request.header.X" <- source, or "method.response.header.X" <- source.
struct ParameterMapping
{
    QString location; // "header", "path", "querystring" (requests); "header" (responses)
    QString name;
    QByteArray headerName; // name as bytes, for response headers
    ParameterSource source;
};

struct CompiledIntegrationResponse
{
    const IntegrationResponse *model = nullptr;
    int status = 0; // 0 when the statusCode is not a number (a configuration error)
    bool hasPattern = false;
    QRegularExpression pattern; // full match, as Java's String.matches
    TemplateSet templates;
    QList<ParameterMapping> parameters;
};

enum class Passthrough { WhenNoMatch, WhenNoTemplates, Never };

struct RequiredParameter
{
    enum Location { Path, Query, Header } location;
    QString name;
};

struct CompiledMethod
{
    RouteEntry route;
    const Integration *integration = nullptr; // null: the method has no integration
    Passthrough passthrough = Passthrough::WhenNoMatch;
    TemplateSet requestTemplates;
    QList<ParameterMapping> requestParameters;
    QList<RequiredParameter> required;
    bool validateParameters = false;
    bool validateBody = false;
    QList<CompiledIntegrationResponse> responses; // document order, patterns and the default
};

struct CompiledGatewayResponse
{
    std::optional<int> status;
    QList<ParameterMapping> headers; // "gatewayresponse.header.X"
    TemplateSet templates;
};

// A REST API (a deployment snapshot or the live model) prepared for serving: the router, every
// template parsed, every selection pattern compiled.
class CompiledApi
{
public:
    static std::shared_ptr<const CompiledApi> compile(std::shared_ptr<const RestApi> api);

    const RestApi &api() const { return *m_api; }
    const Router &router() const { return m_router; }
    const CompiledMethod &method(int entry) const { return m_methods[entry]; }
    // The API's customisation of `type`: its own, else its DEFAULT_4XX/DEFAULT_5XX; null when
    // neither is customised (the built-in default answers).
    const CompiledGatewayResponse *gatewayResponse(ResponseType type) const;
    // The API's models compiled for request body validation.
    const ModelSchemas &models() const { return *m_models; }
    // Parse errors of templates, patterns and mapping expressions ("GET /pets: ..."), for
    // the console and the log; requests that reach them answer 500.
    const QStringList &problems() const { return m_problems; }

private:
    CompiledApi() = default;
    void compileMethod(const RouteEntry &entry);

    std::shared_ptr<const RestApi> m_api;
    Router m_router;
    QList<CompiledMethod> m_methods;
    QList<std::pair<ResponseType, CompiledGatewayResponse>> m_gatewayResponses;
    std::shared_ptr<const ModelSchemas> m_models;
    QStringList m_problems;
};

// One served stage: its name and variables and the API snapshot it serves.
struct CompiledStage
{
    QString name;
    QList<std::pair<QString, QString>> variables;
    QString deploymentId; // empty: live
    std::shared_ptr<const CompiledApi> api;
};

} // namespace Gatehouse::Gateway
