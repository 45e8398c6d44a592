// Thread affinity: execute() is called on the listener thread that serves the request; an
// executor may call `done` on any thread, exactly once.
#pragma once

#include <gateway/compiledapi.h>
#include <gateway/gatewayresponses.h>
#include <gateway/pipeline.h>

#include <http/httpmessage.h>

#include <vtl/apigatewaycontext.h>

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace Gatehouse::Gateway {

// What the pipeline hands an integration once the method request and integration request stages
// have run. Everything it points to stays valid until `done` is called (the pipeline keeps the
// served snapshot and the request alive for the whole invocation).
struct IntegrationCall
{
    const CompiledStage *stage = nullptr;
    const CompiledMethod *method = nullptr;
    const Integration *integration = nullptr;
    const InvocationRequest *request = nullptr; // the request as the client sent it

    // The resource as declared ("/pets/{petId}") and the decoded request parts, in order.
    QString resourcePath;
    Vtl::NameValueList pathParameters;
    Vtl::NameValueList queryParameters;
    Vtl::NameValueList headers;

    // The integration request: the rendered request template, or the passed-through body.
    QByteArray body;
    // integration.request.{header,querystring,path}.NAME mappings, evaluated: (location, name,
    // value), in document order. Proxy integrations get none (API Gateway passes the request).
    struct Parameter
    {
        QString location; // "header", "querystring", "path"
        QString name;
        QString value;
    };
    QList<Parameter> parameters;

    // The pipeline's trace: an executor may add notes (console output, the backend URL) before
    // it calls `done`; never after.
    PipelineTrace *trace = nullptr;
};

// What an integration answered.
struct IntegrationResult
{
    int status = 200;
    Http::HeaderList headers;
    QByteArray body;

    // Proxy integrations (HTTP_PROXY, AWS_PROXY) answer the client directly: no integration
    // response selection and no response templates; `status`, `headers` and `body` are the
    // method response.
    bool proxy = false;

    // The value selection patterns match (AWS Lambda non-proxy: the errorMessage); empty means
    // the status code.
    std::optional<QString> selectionValue;

    // Set when the integration itself failed (timeout, unreachable backend, a function that
    // threw or answered a malformed result): the gateway answers this gateway response and the
    // fields above are ignored.
    std::optional<GatewayFailure> failure;
};

using IntegrationDone = std::function<void(IntegrationResult)>;

// One integration type's executor. Executors are shared by every listener thread.
class IntegrationExecutor
{
public:
    virtual ~IntegrationExecutor() = default;
    virtual void execute(const IntegrationCall &call, IntegrationDone done) = 0;
};

// The executors the gateway serves with, by integration type. A null executor answers 500 with
// a record note saying the type is not available in this process.
struct Integrations
{
    std::shared_ptr<IntegrationExecutor> http;      // HTTP and HTTP_PROXY
    std::shared_ptr<IntegrationExecutor> aws;       // AWS (DynamoDB actions, executed in process)
    std::shared_ptr<IntegrationExecutor> awsProxy;  // AWS_PROXY (local functions)
};

} // namespace Gatehouse::Gateway
