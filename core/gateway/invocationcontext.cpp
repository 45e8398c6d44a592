#include "invocationcontext.h"

#include <vtl/json.h>

namespace Gatehouse::Gateway {

namespace {

QString decodeQueryPart(QByteArrayView raw)
{
    if (!raw.contains('%') && !raw.contains('+'))
        return QString::fromUtf8(raw);
    QByteArray bytes = raw.toByteArray();
    bytes.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
}

} // namespace

Vtl::NameValueList parseQueryString(QByteArrayView query)
{
    Vtl::NameValueList out;
    qsizetype start = 0;
    while (start < query.size()) {
        qsizetype amp = query.indexOf('&', start);
        if (amp < 0)
            amp = query.size();
        const QByteArrayView part = query.sliced(start, amp - start);
        if (!part.isEmpty()) {
            const qsizetype eq = part.indexOf('=');
            if (eq < 0)
                out.append({decodeQueryPart(part), QString()});
            else
                out.append({decodeQueryPart(part.first(eq)), decodeQueryPart(part.sliced(eq + 1))});
        }
        start = amp + 1;
    }
    return out;
}

InvocationContext::InvocationContext(const CompiledStage &stage, const InvocationRequest &request)
    : m_stage(stage), m_request(request)
{}

void InvocationContext::setMatch(const CompiledMethod *method, NameValueList pathParameters)
{
    m_method = method;
    m_pathParameters = std::move(pathParameters);
}

const Vtl::NameValueList &InvocationContext::queryParameters()
{
    if (!m_query)
        m_query = parseQueryString(m_request.query);
    return *m_query;
}

const Vtl::NameValueList &InvocationContext::headers()
{
    if (!m_headers) {
        NameValueList list;
        list.reserve(m_request.headers.size());
        for (const auto &[name, value] : m_request.headers)
            list.append({QString::fromLatin1(name), QString::fromUtf8(value)});
        m_headers = std::move(list);
    }
    return *m_headers;
}

const Vtl::GatewayRequest &InvocationContext::gatewayRequest()
{
    if (m_gatewayRequest)
        return *m_gatewayRequest;
    Vtl::GatewayRequest r;
    r.httpMethod = QString::fromLatin1(m_request.method);
    r.path = m_request.path;
    if (m_method) {
        r.resourcePath = m_method->route.resource->path;
        r.resourceId = m_method->route.resource->id;
    }
    r.pathParameters = m_pathParameters;
    r.queryParameters = queryParameters();
    r.headers = headers();
    r.body = m_request.body;
    r.stageVariables = m_stage.variables;
    r.requestId = m_request.requestId;
    r.extendedRequestId = m_request.extendedRequestId;
    // The account id SAM local reports: there is no AWS account behind a local gateway.
    r.accountId = QStringLiteral("123456789012");
    r.apiId = m_stage.api->api().id;
    r.stage = m_stage.name;
    r.domainName = m_request.domainName;
    r.domainPrefix = m_request.domainPrefix;
    r.requestTimeEpochMs = m_request.requestTimeEpochMs;
    r.sourceIp = m_request.sourceIp;
    r.userAgent = QString::fromUtf8(Http::headerValue(m_request.headers, "user-agent"));
    r.apiKey = QString::fromUtf8(Http::headerValue(m_request.headers, "x-api-key"));
    m_gatewayRequest = std::make_shared<const Vtl::GatewayRequest>(std::move(r));
    return *m_gatewayRequest;
}

Vtl::GatewayBindings &InvocationContext::requestBindings()
{
    if (!m_requestBindings) {
        gatewayRequest();
        m_requestBindings =
            std::make_unique<Vtl::GatewayBindings>(m_gatewayRequest, m_request.body);
    }
    return *m_requestBindings;
}

Vtl::GatewayBindings &InvocationContext::responseBindings(const QByteArray &integrationBody, int status)
{
    Q_UNUSED(status);
    // Building the bindings is most of a MOCK request's template cost: the request template's
    // serve again when they would read the same body and it left $context.responseOverride
    // alone (#set variables are local to each render).
    if (m_requestBindings && integrationBody == m_request.body &&
        !m_requestBindings->overrideStatus() && m_requestBindings->overrideHeaders().isEmpty())
        return *m_requestBindings;
    gatewayRequest();
    m_responseBindings = std::make_unique<Vtl::GatewayBindings>(m_gatewayRequest, integrationBody);
    return *m_responseBindings;
}

QString InvocationContext::contextValue(const QString &name)
{
    const Vtl::GatewayRequest &r = gatewayRequest();
    if (name == QLatin1String("requestId"))
        return r.requestId;
    if (name == QLatin1String("extendedRequestId"))
        return r.extendedRequestId;
    if (name == QLatin1String("apiId"))
        return r.apiId;
    if (name == QLatin1String("stage"))
        return r.stage;
    if (name == QLatin1String("httpMethod"))
        return r.httpMethod;
    if (name == QLatin1String("resourcePath"))
        return r.resourcePath;
    if (name == QLatin1String("resourceId"))
        return r.resourceId;
    if (name == QLatin1String("path"))
        return r.path;
    if (name == QLatin1String("protocol"))
        return r.protocol;
    if (name == QLatin1String("accountId"))
        return r.accountId;
    if (name == QLatin1String("domainName"))
        return r.domainName;
    if (name == QLatin1String("domainPrefix"))
        return r.domainPrefix;
    if (name == QLatin1String("requestTime"))
        return Vtl::gatewayRequestTime(r.requestTimeEpochMs);
    if (name == QLatin1String("requestTimeEpoch"))
        return QString::number(r.requestTimeEpochMs);
    if (name == QLatin1String("identity.sourceIp"))
        return r.sourceIp;
    if (name == QLatin1String("identity.userAgent"))
        return r.userAgent;
    if (name == QLatin1String("identity.apiKey"))
        return r.apiKey;
    return QString();
}

std::optional<QString> InvocationContext::sourceValue(const ParameterSource &source,
                                                      const Http::HeaderList *integrationHeaders,
                                                      const QByteArray *integrationBody)
{
    auto lookup = [](const NameValueList &list, const QString &name,
                     Qt::CaseSensitivity cs) -> std::optional<QString> {
        std::optional<QString> found;
        for (const auto &[k, v] : list) {
            if (k.compare(name, cs) == 0)
                found = v; // the last value of a repeated name, as API Gateway
        }
        return found;
    };
    auto joined = [](const NameValueList &list, const QString &name,
                     Qt::CaseSensitivity cs) -> std::optional<QString> {
        QStringList values;
        for (const auto &[k, v] : list) {
            if (k.compare(name, cs) == 0)
                values << v;
        }
        if (values.isEmpty())
            return std::nullopt;
        return values.join(u',');
    };
    auto bodyValue = [](const QByteArray &body,
                        const std::shared_ptr<const Vtl::JsonPath> &path) -> std::optional<QString> {
        if (!path)
            return QString::fromUtf8(body);
        const Vtl::Value root = Vtl::parseJson(QString::fromUtf8(body));
        const Vtl::Value v = path->evaluate(root);
        if (v.isNull())
            return std::nullopt;
        return v.isString() ? v.string() : Vtl::toJson(v);
    };
    switch (source.kind) {
    case ParameterSource::Invalid:
        return std::nullopt;
    case ParameterSource::Static:
        return source.name;
    case ParameterSource::MethodPath:
        return lookup(m_pathParameters, source.name, Qt::CaseSensitive);
    case ParameterSource::MethodQuery:
        return lookup(queryParameters(), source.name, Qt::CaseSensitive);
    case ParameterSource::MethodMultiQuery:
        return joined(queryParameters(), source.name, Qt::CaseSensitive);
    case ParameterSource::MethodHeader:
        return lookup(headers(), source.name, Qt::CaseInsensitive);
    case ParameterSource::MethodMultiHeader:
        return joined(headers(), source.name, Qt::CaseInsensitive);
    case ParameterSource::MethodBody:
        return bodyValue(m_request.body, source.path);
    case ParameterSource::StageVariable:
        return lookup(m_stage.variables, source.name, Qt::CaseSensitive);
    case ParameterSource::Context: {
        const QString v = contextValue(source.name);
        return v.isEmpty() ? std::nullopt : std::optional<QString>(v);
    }
    case ParameterSource::IntegrationHeader:
    case ParameterSource::IntegrationMultiHeader: {
        if (!integrationHeaders)
            return std::nullopt;
        QStringList values;
        for (const auto &[k, v] : *integrationHeaders) {
            if (QString::fromLatin1(k).compare(source.name, Qt::CaseInsensitive) == 0)
                values << QString::fromUtf8(v);
        }
        if (values.isEmpty())
            return std::nullopt;
        return source.kind == ParameterSource::IntegrationHeader ? values.last() : values.join(u',');
    }
    case ParameterSource::IntegrationBody:
        if (!integrationBody)
            return std::nullopt;
        return bodyValue(*integrationBody, source.path);
    }
    return std::nullopt;
}

QList<IntegrationCall::Parameter>
InvocationContext::mapRequestParameters(const QList<ParameterMapping> &mappings)
{
    QList<IntegrationCall::Parameter> out;
    for (const ParameterMapping &m : mappings) {
        if (const auto v = sourceValue(m.source, nullptr, nullptr))
            out.append({m.location, m.name, *v});
    }
    return out;
}

void InvocationContext::applyResponseParameters(const QList<ParameterMapping> &mappings,
                                                const Http::HeaderList &integrationHeaders,
                                                const QByteArray &integrationBody,
                                                Http::HttpResponse *response)
{
    for (const ParameterMapping &m : mappings) {
        if (const auto v = sourceValue(m.source, &integrationHeaders, &integrationBody))
            response->setHeader(m.headerName, v->toUtf8());
    }
}

Http::HttpResponse InvocationContext::gatewayResponse(const GatewayFailure &failure,
                                                      PipelineTrace *trace)
{
    const ResponseTypeInfo &info = responseTypeInfo(failure.type);
    trace->setNote(QStringLiteral("gatewayResponse"), QString::fromLatin1(info.name));
    trace->setNote(QStringLiteral("error"), failure.detail.isEmpty() ? failure.message : failure.detail);

    const CompiledGatewayResponse *custom =
        m_stage.api ? m_stage.api->gatewayResponse(failure.type) : nullptr;
    if (!custom) {
        Http::HttpResponse response = Pipeline::defaultGatewayResponse(failure.type, failure.message);
        if (failure.status)
            response.status = *failure.status;
        return response;
    }

    Http::HttpResponse response;
    response.status = custom->status.value_or(failure.status.value_or(info.status));
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    bool rendered = false;
    if (const MappingTemplate *tpl =
            custom->templates.forAccept(Http::headerValue(m_request.headers, "accept"))) {
        if (!tpl->error.isValid()) {
            Vtl::GatewayRequest r = gatewayRequest();
            r.errorMessage = failure.message;
            r.errorResponseType = QString::fromLatin1(info.name);
            Vtl::GatewayBindings bindings(std::move(r));
            Vtl::VtlError error;
            const QString out = tpl->compiled.render(bindings.context(), &error);
            if (!error.isValid()) {
                body = out.toUtf8();
                contentType = tpl->contentType.toLatin1();
                rendered = true;
            }
        }
    }
    if (!rendered)
        body = defaultGatewayResponseBody(failure.type, failure.message);
    response.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    response.headers.append({QByteArrayLiteral("x-amzn-ErrorType"), QByteArray(info.errorType)});
    response.body = std::move(body);
    for (const ParameterMapping &m : custom->headers) {
        if (const auto v = sourceValue(m.source, nullptr, nullptr))
            response.setHeader(m.headerName, v->toUtf8());
    }
    return response;
}

} // namespace Gatehouse::Gateway
