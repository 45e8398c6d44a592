#include "pipeline.h"

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

struct IntegrationResult
{
    int status = 200;
    Http::HeaderList headers;
    QByteArray body;
};

class Run
{
public:
    Run(const CompiledStage &stage, const InvocationRequest &request, PipelineTrace *trace)
        : m_context(stage, request), m_trace(trace)
    {}

    InvocationContext &context() { return m_context; }
    PipelineTrace *trace() const { return m_trace; }

    qint64 begin() const { return m_trace->nowUs(); }
    void end(const QString &stage, qint64 startUs)
    {
        m_trace->addStage(stage, startUs, m_trace->nowUs() - startUs);
    }

    Http::HttpResponse fail(const GatewayFailure &failure)
    {
        return m_context.gatewayResponse(failure, m_trace);
    }

    Http::HttpResponse configurationError(const QString &detail)
    {
        return fail({ResponseType::ApiConfigurationError, GatewayMessage::internalServerError(),
                     u"Execution failed due to configuration error: " + detail});
    }

private:
    InvocationContext m_context;
    PipelineTrace *m_trace;
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

Http::HttpResponse Pipeline::execute(const CompiledStage &stage, const InvocationRequest &request,
                                     const RouteMatch *match, PipelineTrace *trace)
{
    Run run(stage, request, trace);
    InvocationContext &context = run.context();
    const CompiledApi &api = *stage.api;
    trace->setNote(QStringLiteral("api"), api.api().name);
    trace->setNote(QStringLiteral("stage"), stage.name);
    if (!match) {
        return run.fail({ResponseType::MissingAuthenticationToken,
                         GatewayMessage::missingAuthenticationToken(),
                         QStringLiteral("no resource and method match %1 %2")
                             .arg(QString::fromLatin1(request.method),
                                  QString::fromUtf8(request.resourcePath.isEmpty()
                                                        ? QByteArrayLiteral("/")
                                                        : request.resourcePath))});
    }
    const CompiledMethod &method = api.method(match->entry);
    context.setMatch(&method, match->pathParameters);
    trace->setNote(QStringLiteral("resourcePath"), method.route.resource->path);

    // Method request: the checks a request validator asks for.
    qint64 t = run.begin();
    if (method.validateParameters && !method.required.isEmpty()) {
        const QString missing = missingParameters(method, context);
        if (!missing.isEmpty()) {
            run.end(PipelineStage::MethodRequest, t);
            const QString message = u"Missing required request parameters: " + missing;
            return run.fail({ResponseType::BadRequestParameters, message,
                             u"Request validation failed: " + message});
        }
    }
    if (method.validateBody && !method.route.method->requestModels.isEmpty()) {
        trace->setNote(QStringLiteral("validation"),
                       QStringLiteral("request body validation against the model is not enforced "
                                      "in this version"));
    }
    run.end(PipelineStage::MethodRequest, t);

    if (!method.integration)
        return run.configurationError(QStringLiteral("No integration defined for method"));
    const Integration &integration = *method.integration;
    const QString typeName = integrationTypeName(integration.type);
    trace->setNote(QStringLiteral("integration"), typeName);

    // Integration request: the request template chosen by Content-Type, or passthrough.
    t = run.begin();
    QByteArray integrationBody;
    const QByteArray contentType = request.headers.isEmpty()
                                       ? QByteArray()
                                       : Http::headerValue(request.headers, "content-type");
    if (const MappingTemplate *tpl = method.requestTemplates.forContentType(contentType)) {
        Vtl::VtlError error = tpl->error;
        QString out;
        if (!error.isValid())
            out = tpl->compiled.render(context.requestBindings().context(), &error);
        if (!request.body.isEmpty())
            trace->setNote(QStringLiteral("templateIn"), QString::fromUtf8(request.body));
        if (error.isValid()) {
            run.end(PipelineStage::IntegrationRequest, t);
            return run.configurationError(u"Unable to transform request: " +
                                          templateErrorText("request", *tpl, error));
        }
        trace->setNote(QStringLiteral("templateOut"), out);
        integrationBody = out.toUtf8();
    } else {
        const bool templates = !method.requestTemplates.isEmpty();
        const bool refuse = method.passthrough == Passthrough::Never ||
                            (method.passthrough == Passthrough::WhenNoTemplates && templates);
        if (refuse) {
            run.end(PipelineStage::IntegrationRequest, t);
            return run.fail({ResponseType::UnsupportedMediaType,
                             GatewayMessage::unsupportedMediaType(),
                             QStringLiteral("no request template for Content-Type '%1' and "
                                            "passthroughBehavior %2")
                                 .arg(QString::fromLatin1(contentType),
                                      integration.passthroughBehavior.isEmpty()
                                          ? QStringLiteral("WHEN_NO_MATCH")
                                          : integration.passthroughBehavior)});
        }
        integrationBody = request.body;
    }
    if (!method.requestParameters.isEmpty())
        trace->setNote(QStringLiteral("integrationRequestParameters"),
                       context.mapRequestParameters(method.requestParameters));
    run.end(PipelineStage::IntegrationRequest, t);

    // Integration.
    t = run.begin();
    IntegrationResult result;
    if (integration.type != IntegrationType::Mock) {
        run.end(PipelineStage::Integration, t);
        const QString why = QStringLiteral("integration type %1 is executed in a later version")
                                .arg(typeName);
        return run.fail({ResponseType::ApiConfigurationError, GatewayMessage::internalServerError(),
                         why});
    }
    const std::optional<int> status = mockStatus(integrationBody);
    run.end(PipelineStage::Integration, t);
    if (!status) {
        return run.configurationError(QStringLiteral(
            "Unable to parse statusCode. It should be an integer that is defined in the request "
            "template."));
    }
    result.status = *status;
    trace->setNote(QStringLiteral("integrationStatus"), result.status);

    // Integration response: the selection pattern that matches the status, else the default.
    t = run.begin();
    const CompiledIntegrationResponse *selected = nullptr;
    const CompiledIntegrationResponse *fallback = nullptr;
    const QString selectionValue = QString::number(result.status);
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
    run.end(PipelineStage::IntegrationResponse, t);
    if (!selected || selected->status == 0) {
        return run.configurationError(
            selected ? QStringLiteral("Output mapping refers to an invalid method response: %1")
                           .arg(selected->model->statusCode)
                     : QStringLiteral("No match for output mapping and no default output mapping "
                                      "configured. Endpoint Response Status Code: %1")
                           .arg(selectionValue));
    }

    // Method response: parameters, the response template chosen by Accept, overrides.
    t = run.begin();
    Http::HttpResponse response;
    response.status = selected->status;
    const QByteArray accept = Http::headerValue(request.headers, "accept");
    if (const MappingTemplate *tpl = selected->templates.forAccept(accept)) {
        Vtl::GatewayBindings &bindings = context.responseBindings(result.body, result.status);
        Vtl::VtlError error = tpl->error;
        QString out;
        if (!error.isValid())
            out = tpl->compiled.render(bindings.context(), &error);
        if (!result.body.isEmpty())
            trace->setNote(QStringLiteral("responseTemplateIn"), QString::fromUtf8(result.body));
        if (error.isValid()) {
            run.end(PipelineStage::MethodResponse, t);
            return run.configurationError(u"Unable to transform response: " +
                                          templateErrorText("response", *tpl, error));
        }
        trace->setNote(QStringLiteral("responseTemplateOut"), out);
        response.body = out.toUtf8();
        response.headers.append({QByteArrayLiteral("Content-Type"), tpl->contentType.toLatin1()});
        context.applyResponseParameters(selected->parameters, result.headers, result.body, &response);
        if (const std::optional<int> override = bindings.overrideStatus();
            override && *override >= 100 && *override <= 599)
            response.status = *override;
        for (const auto &[name, value] : bindings.overrideHeaders())
            response.setHeader(name.toUtf8(), value.toUtf8());
    } else {
        response.body = result.body;
        response.headers.append({QByteArrayLiteral("Content-Type"),
                                 QByteArrayLiteral("application/json")});
        context.applyResponseParameters(selected->parameters, result.headers, result.body, &response);
    }
    run.end(PipelineStage::MethodResponse, t);
    return response;
}

} // namespace Gatehouse::Gateway
