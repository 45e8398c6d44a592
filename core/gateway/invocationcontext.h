// Thread affinity: one request's thread (internal to the pipeline).
#pragma once

#include <gateway/compiledapi.h>
#include <gateway/integration.h>
#include <gateway/pipeline.h>

#include <vtl/apigatewaycontext.h>

#include <QVariantMap>

#include <memory>
#include <optional>

namespace Gatehouse::Gateway {

// What the stages of one request share: the request in the shapes templates and parameter
// mappings read, each built on first use (a MOCK route without templates never decodes a
// query string or builds VTL bindings).
class InvocationContext
{
public:
    using NameValueList = Vtl::NameValueList;

    InvocationContext(const CompiledStage &stage, const InvocationRequest &request);

    const CompiledStage &stage() const { return m_stage; }
    const InvocationRequest &request() const { return m_request; }
    void setMatch(const CompiledMethod *method, NameValueList pathParameters);

    const NameValueList &pathParameters() const { return m_pathParameters; }
    const NameValueList &queryParameters();
    const NameValueList &headers();

    // $input/$context/$util/$stageVariables over the request (request templates).
    Vtl::GatewayBindings &requestBindings();
    // The same over an integration response body (response templates).
    Vtl::GatewayBindings &responseBindings(const QByteArray &integrationBody, int status);

    // integration.request.<location>.<name> mappings evaluated, in order (a source naming
    // nothing present maps nothing).
    QList<IntegrationCall::Parameter> mapRequestParameters(const QList<ParameterMapping> &mappings);
    // method.response.header.X mappings onto `response`.
    void applyResponseParameters(const QList<ParameterMapping> &mappings,
                                 const Http::HeaderList &integrationHeaders,
                                 const QByteArray &integrationBody, Http::HttpResponse *response);

    // The API's gateway response for `failure` (its customisation, else AWS's default), and the
    // record notes saying why.
    Http::HttpResponse gatewayResponse(const GatewayFailure &failure, PipelineTrace *trace);

private:
    const Vtl::GatewayRequest &gatewayRequest();
    // A mapping source's value; nullopt when the source names nothing present.
    std::optional<QString> sourceValue(const ParameterSource &source,
                                       const Http::HeaderList *integrationHeaders,
                                       const QByteArray *integrationBody);
    QString contextValue(const QString &name);

    const CompiledStage &m_stage;
    const InvocationRequest &m_request;
    const CompiledMethod *m_method = nullptr;
    NameValueList m_pathParameters;
    std::optional<NameValueList> m_query;
    std::optional<NameValueList> m_headers;
    // Shared with the bindings; on the heap, which also keeps a Run (that holds this context)
    // under glibc's large-chunk size, whose allocation consolidates the fast bins each time.
    std::shared_ptr<const Vtl::GatewayRequest> m_gatewayRequest;
    std::unique_ptr<Vtl::GatewayBindings> m_requestBindings;
    std::unique_ptr<Vtl::GatewayBindings> m_responseBindings;
};

// "a=1&b=x%20y&c" -> (a,1) (b,"x y") (c,""): percent- and '+'-decoded, in order.
Vtl::NameValueList parseQueryString(QByteArrayView query);

} // namespace Gatehouse::Gateway
