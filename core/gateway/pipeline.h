// Thread affinity: any thread. execute() is reentrant: it reads only immutable compiled APIs.
#pragma once

#include <gateway/compiledapi.h>

#include <http/httpmessage.h>

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>

namespace Gatehouse::Gateway {

// One request as the REST API sees it, after the invoke URL named the API and the stage.
struct InvocationRequest
{
    QByteArray method;       // "GET"
    QByteArray resourcePath; // the path after the stage, still percent-encoded: "/pets/1"
    QByteArray query;        // without '?'
    Http::HeaderList headers;
    QByteArray body;
    QString path;            // $context.path: the request path as sent ("/dev/pets/1")
    QString requestId;
    QString extendedRequestId;
    qint64 requestTimeEpochMs = 0;
    QString sourceIp;
    QString domainName;
    QString domainPrefix;
};

// Where the pipeline reports its stages and notes: the HttpExchange when serving, a recorder
// in tests.
class PipelineTrace
{
public:
    virtual ~PipelineTrace() = default;
    virtual qint64 nowUs() const = 0;
    virtual void addStage(const QString &name, qint64 startUs, qint64 durationUs) = 0;
    virtual void setNote(const QString &key, const QVariant &value) = 0;
};

// Stage names, in pipeline order (the inspector's timeline).
namespace PipelineStage {
inline const QString Route = QStringLiteral("route");
inline const QString MethodRequest = QStringLiteral("methodRequest");
inline const QString IntegrationRequest = QStringLiteral("integrationRequest");
inline const QString Integration = QStringLiteral("integration");
inline const QString IntegrationResponse = QStringLiteral("integrationResponse");
inline const QString MethodResponse = QStringLiteral("methodResponse");
} // namespace PipelineStage

struct Integrations;

// One request in flight through the pipeline, owning what must outlive the listener's call:
// an integration may answer later, on another thread.
struct Invocation
{
    std::shared_ptr<const void> keepAlive; // what owns `stage` (the served snapshot)
    const CompiledStage *stage = nullptr;
    InvocationRequest request;
    std::optional<RouteMatch> match; // empty: the request matched no route
    std::shared_ptr<PipelineTrace> trace;
};

using ResponseHandler = std::function<void(Http::HttpResponse)>;

// Record notes the gateway sets:
//   api, stage, resourcePath  what served the request (the API name, as the request list shows)
//   apiId                the API's id ($context.apiId; access logs pick their stage's records by it)
//   integration          the integration type ("MOCK", "HTTP_PROXY", ...)
//   integrationStatus    the status the integration answered (MOCK: the template's statusCode)
//   templateIn           the request body the request template read (when not empty)
//   templateOut          the rendered request template (the integration request body)
//   responseTemplateIn   the integration response body the response template read (when not
//                        empty; a MOCK integration answers none)
//   responseTemplateOut  the rendered response template
//   integrationRequestParameters  integration.request.* values mapped, as a map
//   validation         what body validation did when it let the request through
//   backendUrl, backendMethod, backendStatus, backendLatencyUs  HTTP and HTTP_PROXY integrations
//   gatewayResponse    the gateway response type when the gateway answered an error itself
//   error              why, in API Gateway's execution-log wording; template errors with
//                      their line and column
class Pipeline
{
public:
    // Routes `request` within the stage's API (stage "route").
    static bool route(const CompiledStage &stage, const InvocationRequest &request,
                      RouteMatch *match);

    // Runs the stages after routing and calls `respond` exactly once with the response: at once
    // for MOCK integrations and gateway errors, later (possibly on another thread) when an
    // executor of `integrations` answers. `integrations` is used only during this call.
    static void start(std::shared_ptr<Invocation> invocation, const Integrations &integrations,
                      ResponseHandler respond);

    // start() without integration executors, answering synchronously: MOCK integrations run;
    // HTTP, AWS and AWS_PROXY answer 500 (not available). With `match` null the request matched
    // nothing: the API's MISSING_AUTHENTICATION_TOKEN answers. For tests and the console's
    // try-it panel.
    static Http::HttpResponse execute(const CompiledStage &stage, const InvocationRequest &request,
                                      const RouteMatch *match, PipelineTrace *trace);

    // route() then execute(), timing the route stage.
    static Http::HttpResponse invoke(const CompiledStage &stage, const InvocationRequest &request,
                                     PipelineTrace *trace);

    // A gateway response with no API to customise it (no API serves the stage).
    static Http::HttpResponse defaultGatewayResponse(ResponseType type, const QString &message);
};

} // namespace Gatehouse::Gateway
