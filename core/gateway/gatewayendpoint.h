// Thread affinity: handle() and refusal() run on listener threads, several at once.
#pragma once

#include <gateway/apiregistry.h>
#include <gateway/integration.h>

#include <http/httphandler.h>

#include <memory>

namespace Gatehouse::Gateway {

// What a request's URL names: the API (empty: any API serving the stage), the stage and the
// resource path after it (still percent-encoded).
struct InvokeTarget
{
    QString apiId;
    QString stage;
    QByteArray resourcePath;
    QString path; // $context.path: "/{stage}/{resource path}"
};

// Reads the three invoke URL forms:
//   http://HOST:PORT/{stage}/{path}                              (apiId empty)
//   http://HOST:PORT/restapis/{apiId}/{stage}/_user_request_/{path}   (LocalStack's form)
//   Host: {apiId}.execute-api.localhost[:port] with /{stage}/{path}   (the AWS host form)
InvokeTarget parseInvokeTarget(QByteArrayView host, QByteArrayView path);

// The gateway's HTTP engine: finds the API and stage a request names and runs the pipeline.
//
// The plain form /{stage}/{path} names no API: the APIs serving that stage are tried in the
// registry's order (publication order: the project's apis/ documents by file name, then each
// --openapi file in command-line order), and the first whose routes match the method and path
// serves the request. When none matches, the first of them answers 403 Missing Authentication
// Token with its own gateway response customisations; with no API serving the stage, AWS's
// default 403 answers.
//
// Every response carries x-amzn-RequestId (the listener's request id) and x-amz-apigw-id
// ($context.extendedRequestId); responses produced by an integration also carry
// X-Amzn-Trace-Id.
class GatewayEndpoint final : public Http::HttpHandler
{
public:
    // `integrations` executes HTTP, AWS and AWS_PROXY integrations; without them those answer
    // 500 and MOCK still serves.
    explicit GatewayEndpoint(std::shared_ptr<ApiRegistry> registry, Integrations integrations = {});

    void handle(const Http::ExchangePtr &exchange) override;
    Http::HttpResponse refusal(Http::RefusalReason reason, int status, const QString &detail) override;

    ApiRegistry &registry() const { return *m_registry; }

private:
    std::shared_ptr<ApiRegistry> m_registry;
    Integrations m_integrations;
};

} // namespace Gatehouse::Gateway
