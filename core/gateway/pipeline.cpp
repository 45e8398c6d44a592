#include "pipeline.h"

#include "integration.h"
#include "invocationcontext.h"

#include <vtl/apigatewaycontext.h>
#include <vtl/json.h>


namespace Gatehouse::Gateway {

namespace {


QString templateErrorText(const char *which, const MappingTemplate &t, const Vtl::VtlError &error)
{
    return QStringLiteral("%1 template (%2): line %3, column %4: %5")
        .arg(QLatin1String(which), t.contentType)
        .arg(error.line)
        .arg(error.column)
        .arg(error.message);
}

// The MOCK integration: the integration request body (a rendered template or the passed-through
// request body) names the status. No body at all is the default response's 200.
std::optional<int> mockStatus(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return 200;
    const Vtl::Value parsed = Vtl::parseJson(QString::fromUtf8(body));
    if (!parsed.isMap())
        return std::nullopt;
    const Vtl::Value *status = parsed.map()->find(u"statusCode");
    if (!status || !status->isInt())
        return std::nullopt;
    return int(status->toInt());
}

// One invocation's state from the method request to the method response. Heap-allocated and
// kept alive by the integration's completion callback, so the stages after the integration can
// run later, on whichever thread the executor answers from.
class Run : public std::enable_shared_from_this<Run>
{
public:
    Run(std::shared_ptr<Invocation> invocation, ResponseHandler respond)
        : m_invocation(std::move(invocation))
        , m_context(*m_invocation->stage, m_invocation->request)
        , m_trace(m_invocation->trace.get())
        , m_respond(std::move(respond))
    {}

    void start(const Integrations &integrations);

private:
    qint64 begin() const { return m_trace->nowUs(); }
    void end(const QString &stage, qint64 startUs)
    {
        m_trace->addStage(stage, startUs, m_trace->nowUs() - startUs);
    }

    void answer(Http::HttpResponse response) { m_respond(std::move(response)); }
    void fail(const GatewayFailure &failure) { answer(m_context.gatewayResponse(failure, m_trace)); }
    void configurationError(const QString &detail)
    {
        fail({ResponseType::ApiConfigurationError, GatewayMessage::internalServerError(),
              u"Execution failed due to configuration error: " + detail});
    }

    bool methodRequest();
    bool integrationRequest(QByteArray *body);
    void integrationDone(IntegrationResult result);
    void integrationResponse(const IntegrationResult &result);

    std::shared_ptr<Invocation> m_invocation;
    InvocationContext m_context;
    PipelineTrace *m_trace;
    ResponseHandler m_respond;
    const CompiledMethod *m_method = nullptr;
    IntegrationCall m_call; // valid until the executor calls back
    qint64 m_integrationStart = 0;
};

QString missingParameters(const CompiledMethod &method, InvocationContext &context)
{
    QStringList missing;
    for (const RequiredParameter &p : method.required) {
        bool present = false;
        switch (p.location) {
        case RequiredParameter::Path:
            for (const auto &[name, value] : context.pathParameters()) {
                if (name == p.name && !value.isEmpty())
                    present = true;
            }
            break;
        case RequiredParameter::Query:
            for (const auto &[name, value] : context.queryParameters()) {
                if (name == p.name)
                    present = true;
            }
            break;
        case RequiredParameter::Header:
            present = Http::hasHeader(context.request().headers, p.name.toLatin1());
            break;
        }
        if (!present)
            missing << p.name;
    }
    return missing.isEmpty() ? QString() : u'[' + missing.join(QLatin1String(", ")) + u']';
}

} // namespace

bool Pipeline::route(const CompiledStage &stage, const InvocationRequest &request, RouteMatch *match)
{
    return stage.api && stage.api->router().match(request.method, request.resourcePath, match);
}

Http::HttpResponse Pipeline::invoke(const CompiledStage &stage, const InvocationRequest &request,
                                    PipelineTrace *trace)
{
    const qint64 start = trace->nowUs();
    RouteMatch match;
    const bool found = route(stage, request, &match);
    trace->addStage(PipelineStage::Route, start, trace->nowUs() - start);
    return execute(stage, request, found ? &match : nullptr, trace);
}

Http::HttpResponse Pipeline::defaultGatewayResponse(ResponseType type, const QString &message)
{
    const ResponseTypeInfo &info = responseTypeInfo(type);
    Http::HttpResponse response = Http::HttpResponse::json(info.status,
                                                           defaultGatewayResponseBody(type, message));
    response.headers.append({QByteArrayLiteral("x-amzn-ErrorType"), QByteArray(info.errorType)});
    return response;
}

void Pipeline::start(std::shared_ptr<Invocation> invocation, const Integrations &integrations,
                     ResponseHandler respond)
{
    auto run = std::make_shared<Run>(std::move(invocation), std::move(respond));
    run->start(integrations);
}

Http::HttpResponse Pipeline::execute(const CompiledStage &stage, const InvocationRequest &request,
                                     const RouteMatch *match, PipelineTrace *trace)
{
    auto invocation = std::make_shared<Invocation>();
    invocation->stage = &stage;
    invocation->request = request;
    if (match)
        invocation->match = *match;
    invocation->trace = std::shared_ptr<PipelineTrace>(trace, [](PipelineTrace *) {});
    std::optional<Http::HttpResponse> answered;
    start(std::move(invocation), Integrations{},
          [&answered](Http::HttpResponse response) { answered = std::move(response); });
    Q_ASSERT(answered); // no executors: every path answers before start() returns
    return answered ? std::move(*answered) : Http::HttpResponse();
}

void Run::start(const Integrations &integrations)
{
    const CompiledStage &stage = *m_invocation->stage;
    const InvocationRequest &request = m_invocation->request;
    const CompiledApi &api = *stage.api;
    m_trace->setNote(QStringLiteral("api"), api.api().name);
    m_trace->setNote(QStringLiteral("apiId"), api.api().id);
    m_trace->setNote(QStringLiteral("stage"), stage.name);
    if (!m_invocation->match) {
        return fail({ResponseType::MissingAuthenticationToken,
                     GatewayMessage::missingAuthenticationToken(),
                     QStringLiteral("no resource and method match %1 %2")
                         .arg(QString::fromLatin1(request.method),
                              QString::fromUtf8(request.resourcePath.isEmpty()
                                                    ? QByteArrayLiteral("/")
                                                    : request.resourcePath))});
    }
    const RouteMatch &match = *m_invocation->match;
    m_method = &api.method(match.entry);
    m_context.setMatch(m_method, match.pathParameters);
    m_trace->setNote(QStringLiteral("resourcePath"), m_method->route.resource->path);

    if (!methodRequest())
        return;
    if (!m_method->integration)
        return configurationError(QStringLiteral("No integration defined for method"));
    const Integration &integration = *m_method->integration;
    m_trace->setNote(QStringLiteral("integration"), integrationTypeName(integration.type));

    QByteArray body;
    if (!integrationRequest(&body))
        return;

    m_integrationStart = begin();
    if (integration.type == IntegrationType::Mock) {
        const std::optional<int> status = mockStatus(body);
        end(PipelineStage::Integration, m_integrationStart);
        if (!status) {
            return configurationError(QStringLiteral(
                "Unable to parse statusCode. It should be an integer that is defined in the "
                "request template."));
        }
        IntegrationResult result;
        result.status = *status;
        m_trace->setNote(QStringLiteral("integrationStatus"), result.status);
        return integrationResponse(result);
    }

    IntegrationExecutor *executor = nullptr;
    switch (integration.type) {
    case IntegrationType::Http:
    case IntegrationType::HttpProxy:
        executor = integrations.http.get();
        break;
    case IntegrationType::Aws:
        executor = integrations.aws.get();
        break;
    case IntegrationType::AwsProxy:
        executor = integrations.awsProxy.get();
        break;
    case IntegrationType::Mock:
        break;
    }
    if (!executor) {
        end(PipelineStage::Integration, m_integrationStart);
        return fail({ResponseType::ApiConfigurationError, GatewayMessage::internalServerError(),
                     QStringLiteral("integration type %1 is not available in this process")
                         .arg(integrationTypeName(integration.type))});
    }
    m_call.stage = &stage;
    m_call.method = m_method;
    m_call.integration = &integration;
    m_call.request = &request;
    m_call.resourcePath = m_method->route.resource->path;
    m_call.pathParameters = m_context.pathParameters();
    m_call.queryParameters = m_context.queryParameters();
    m_call.headers = m_context.headers();
    m_call.body = std::move(body);
    m_call.trace = m_trace;
    executor->execute(m_call, [self = shared_from_this()](IntegrationResult result) {
        self->integrationDone(std::move(result));
    });
}

// Method request: the checks a request validator asks for. False when it answered.
bool Run::methodRequest()
{
    const CompiledMethod &method = *m_method;
    const qint64 t = begin();
    if (method.validateParameters && !method.required.isEmpty()) {
        const QString missing = missingParameters(method, m_context);
        if (!missing.isEmpty()) {
            end(PipelineStage::MethodRequest, t);
            const QString message = u"Missing required request parameters: " + missing;
            fail({ResponseType::BadRequestParameters, message,
                  u"Request validation failed: " + message});
            return false;
        }
    }
    if (method.validateBody && !method.route.method->requestModels.isEmpty()) {
        const QByteArray contentType =
            Http::headerValue(m_context.request().headers, "content-type");
        const QString model = requestModelFor(*method.route.method, contentType);
        const CompiledApi &api = *m_invocation->stage->api;
        if (model.isEmpty() || !api.models().contains(model)) {
            m_trace->setNote(QStringLiteral("validation"),
                             model.isEmpty()
                                 ? QStringLiteral("no request model for this content type")
                                 : QStringLiteral("model %1 is not defined").arg(model));
        } else if (const std::optional<QStringList> errors =
                       api.models().validate(model, m_context.request().body);
                   errors && !errors->isEmpty()) {
            end(PipelineStage::MethodRequest, t);
            const QByteArray mediaType = contentType.split(';').first().trimmed();
            fail({ResponseType::BadRequestBody, GatewayMessage::invalidRequestBody(),
                  bodyValidationError(mediaType.isEmpty() ? QStringLiteral("application/json")
                                                          : QString::fromLatin1(mediaType),
                                      *errors)});
            return false;
        } else {
            m_trace->setNote(QStringLiteral("validation"),
                             errors ? QStringLiteral("request body matches model %1").arg(model)
                                    : QStringLiteral("model %1 did not compile").arg(model));
        }
    }
    end(PipelineStage::MethodRequest, t);
    return true;
}

// Integration request: the request template chosen by Content-Type, or passthrough; the
// parameter mappings. Proxy integrations pass the request as it came. False when it answered.
bool Run::integrationRequest(QByteArray *body)
{
    const CompiledMethod &method = *m_method;
    const Integration &integration = *method.integration;
    const InvocationRequest &request = m_invocation->request;
    const bool proxy = integration.type == IntegrationType::HttpProxy ||
                       integration.type == IntegrationType::AwsProxy;
    const qint64 t = begin();
    const QByteArray contentType = request.headers.isEmpty()
                                       ? QByteArray()
                                       : Http::headerValue(request.headers, "content-type");
    const MappingTemplate *tpl =
        proxy ? nullptr : method.requestTemplates.forContentType(contentType);
    if (tpl) {
        Vtl::VtlError error = tpl->error;
        QString out;
        if (!error.isValid())
            out = tpl->compiled.render(m_context.requestBindings().context(), &error);
        if (!request.body.isEmpty())
            m_trace->setNote(QStringLiteral("templateIn"), QString::fromUtf8(request.body));
        if (error.isValid()) {
            end(PipelineStage::IntegrationRequest, t);
            configurationError(u"Unable to transform request: " +
                               templateErrorText("request", *tpl, error));
            return false;
        }
        m_trace->setNote(QStringLiteral("templateOut"), out);
        *body = out.toUtf8();
    } else {
        const bool templates = !method.requestTemplates.isEmpty();
        const bool refuse = !proxy && (method.passthrough == Passthrough::Never ||
                                       (method.passthrough == Passthrough::WhenNoTemplates &&
                                        templates));
        if (refuse) {
            end(PipelineStage::IntegrationRequest, t);
            fail({ResponseType::UnsupportedMediaType, GatewayMessage::unsupportedMediaType(),
                  QStringLiteral("no request template for Content-Type '%1' and "
                                 "passthroughBehavior %2")
                      .arg(QString::fromLatin1(contentType),
                           integration.passthroughBehavior.isEmpty()
                               ? QStringLiteral("WHEN_NO_MATCH")
                               : integration.passthroughBehavior)});
            return false;
        }
        *body = request.body;
    }
    if (!method.requestParameters.isEmpty()) {
        m_call.parameters = m_context.mapRequestParameters(method.requestParameters);
        QVariantMap note;
        for (const IntegrationCall::Parameter &p : std::as_const(m_call.parameters))
            note.insert(p.location + u'.' + p.name, p.value);
        m_trace->setNote(QStringLiteral("integrationRequestParameters"), note);
    }
    end(PipelineStage::IntegrationRequest, t);
    return true;
}

void Run::integrationDone(IntegrationResult result)
{
    end(PipelineStage::Integration, m_integrationStart);
    if (result.failure)
        return fail(*result.failure);
    m_trace->setNote(QStringLiteral("integrationStatus"), result.status);
    if (!result.proxy)
        return integrationResponse(result);
    Http::HttpResponse response;
    response.status = result.status;
    response.headers = std::move(result.headers);
    response.body = std::move(result.body);
    answer(std::move(response));
}

// Integration response: the selection pattern that matches, else the default; then the method
// response: parameters, the response template chosen by Accept, overrides.
void Run::integrationResponse(const IntegrationResult &result)
{
    const CompiledMethod &method = *m_method;
    const InvocationRequest &request = m_invocation->request;
    qint64 t = begin();
    const CompiledIntegrationResponse *selected = nullptr;
    const CompiledIntegrationResponse *fallback = nullptr;
    const QString selectionValue = result.selectionValue.value_or(QString::number(result.status));
    for (const CompiledIntegrationResponse &r : method.responses) {
        if (!r.hasPattern) {
            if (!fallback)
                fallback = &r;
            continue;
        }
        if (r.pattern.isValid() && r.pattern.match(selectionValue).hasMatch()) {
            selected = &r;
            break;
        }
    }
    if (!selected)
        selected = fallback;
    end(PipelineStage::IntegrationResponse, t);
    if (!selected || selected->status == 0) {
        return configurationError(
            selected ? QStringLiteral("Output mapping refers to an invalid method response: %1")
                           .arg(selected->model->statusCode)
                     : QStringLiteral("No match for output mapping and no default output mapping "
                                      "configured. Endpoint Response Status Code: %1")
                           .arg(selectionValue));
    }

    t = begin();
    Http::HttpResponse response;
    response.status = selected->status;
    const QByteArray accept = Http::headerValue(request.headers, "accept");
    if (const MappingTemplate *tpl = selected->templates.forAccept(accept)) {
        Vtl::GatewayBindings &bindings = m_context.responseBindings(result.body, result.status);
        Vtl::VtlError error = tpl->error;
        QString out;
        if (!error.isValid())
            out = tpl->compiled.render(bindings.context(), &error);
        if (!result.body.isEmpty())
            m_trace->setNote(QStringLiteral("responseTemplateIn"), QString::fromUtf8(result.body));
        if (error.isValid()) {
            end(PipelineStage::MethodResponse, t);
            return configurationError(u"Unable to transform response: " +
                                      templateErrorText("response", *tpl, error));
        }
        m_trace->setNote(QStringLiteral("responseTemplateOut"), out);
        response.body = out.toUtf8();
        response.headers.append({QByteArrayLiteral("Content-Type"), tpl->contentType.toLatin1()});
        m_context.applyResponseParameters(selected->parameters, result.headers, result.body,
                                          &response);
        if (const std::optional<int> override = bindings.overrideStatus();
            override && *override >= 100 && *override <= 599)
            response.status = *override;
        for (const auto &[name, value] : bindings.overrideHeaders())
            response.setHeader(name.toUtf8(), value.toUtf8());
    } else {
        // As API Gateway: without a template the body passes through as application/json,
        // whatever the backend said (a response parameter mapping can set Content-Type).
        response.body = result.body;
        response.headers.append({QByteArrayLiteral("Content-Type"),
                                 QByteArrayLiteral("application/json")});
        m_context.applyResponseParameters(selected->parameters, result.headers, result.body,
                                          &response);
    }
    end(PipelineStage::MethodResponse, t);
    answer(std::move(response));
}

} // namespace Gatehouse::Gateway
