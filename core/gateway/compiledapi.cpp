#include "compiledapi.h"

namespace Gatehouse::Gateway {

namespace {

// "application/json; charset=UTF-8" -> "application/json"
QByteArrayView mediaTypeOf(QByteArrayView value)
{
    const qsizetype semicolon = value.indexOf(';');
    if (semicolon >= 0)
        value = value.first(semicolon);
    return value.trimmed();
}

bool equalsIgnoringCase(QByteArrayView a, const QString &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const char16_t c = b.at(i).unicode();
        const char x = a.at(i);
        const char lx = (x >= 'A' && x <= 'Z') ? char(x + 32) : x;
        if (c != char16_t(uchar(lx)))
            return false;
    }
    return true;
}

QString afterPrefix(const QString &s, QLatin1String prefix)
{
    return s.mid(prefix.size());
}

} // namespace

void TemplateSet::add(const QString &contentType, const QString &source)
{
    MappingTemplate t;
    t.contentType = contentType.trimmed().toLower();
    t.source = source;
    auto compiled = Vtl::Template::compileWithError(source, &t.error);
    if (compiled)
        t.compiled = std::move(compiled).value();
    m_templates.append(std::move(t));
}

const MappingTemplate *TemplateSet::find(QByteArrayView mediaType) const
{
    for (const MappingTemplate &t : m_templates) {
        if (equalsIgnoringCase(mediaType, t.contentType))
            return &t;
    }
    return nullptr;
}

const MappingTemplate *TemplateSet::forContentType(QByteArrayView contentType) const
{
    if (m_templates.isEmpty())
        return nullptr;
    const QByteArrayView type = mediaTypeOf(contentType);
    return find(type.isEmpty() ? QByteArrayView("application/json") : type);
}

const MappingTemplate *TemplateSet::forAccept(QByteArrayView accept) const
{
    if (m_templates.isEmpty())
        return nullptr;
    qsizetype start = 0;
    while (start < accept.size()) {
        qsizetype comma = accept.indexOf(',', start);
        if (comma < 0)
            comma = accept.size();
        const QByteArrayView type = mediaTypeOf(accept.sliced(start, comma - start));
        if (!type.isEmpty() && type != "*/*") {
            if (const MappingTemplate *t = find(type))
                return t;
        }
        start = comma + 1;
    }
    if (const MappingTemplate *t = find("application/json"))
        return t;
    return &m_templates.first();
}

ParameterSource ParameterSource::parse(const QString &expression)
{
    ParameterSource s;
    const QString e = expression.trimmed();
    if (e.size() >= 2 && e.startsWith(u'\'') && e.endsWith(u'\'')) {
        s.kind = Static;
        s.name = e.mid(1, e.size() - 2);
        return s;
    }
    struct Prefix
    {
        QLatin1String text;
        Kind kind;
    };
    static const Prefix prefixes[] = {
        {QLatin1String("method.request.path."), MethodPath},
        {QLatin1String("method.request.querystring."), MethodQuery},
        {QLatin1String("method.request.multivaluequerystring."), MethodMultiQuery},
        {QLatin1String("method.request.header."), MethodHeader},
        {QLatin1String("method.request.multivalueheader."), MethodMultiHeader},
        {QLatin1String("integration.response.header."), IntegrationHeader},
        {QLatin1String("integration.response.multivalueheader."), IntegrationMultiHeader},
        {QLatin1String("stageVariables."), StageVariable},
        {QLatin1String("context."), Context},
    };
    for (const Prefix &p : prefixes) {
        if (e.startsWith(p.text) && e.size() > p.text.size()) {
            s.kind = p.kind;
            s.name = afterPrefix(e, p.text);
            return s;
        }
    }
    for (const auto &[whole, kind] : {std::pair{QLatin1String("method.request.body"), MethodBody},
                                      std::pair{QLatin1String("integration.response.body"),
                                                IntegrationBody}}) {
        if (e == whole) {
            s.kind = kind;
            return s;
        }
        if (e.startsWith(whole) && e.size() > whole.size() && e.at(whole.size()) == u'.') {
            QString error;
            s.path = Vtl::JsonPath::compile(u'$' + e.mid(whole.size()), &error);
            s.kind = s.path ? kind : Invalid;
            return s;
        }
    }
    return s;
}

std::shared_ptr<const CompiledApi> CompiledApi::compile(std::shared_ptr<const RestApi> api)
{
    std::shared_ptr<CompiledApi> compiled(new CompiledApi);
    compiled->m_api = std::move(api);
    compiled->m_router = Router(*compiled->m_api);
    compiled->m_models = ModelSchemas::compile(*compiled->m_api, &compiled->m_problems);
    for (const RouteEntry &entry : compiled->m_router.entries())
        compiled->compileMethod(entry);

    const RestApi &model = *compiled->m_api;
    for (auto it = model.gatewayResponses.cbegin(); it != model.gatewayResponses.cend(); ++it) {
        const auto type = responseTypeFromName(it.key());
        if (!type) {
            compiled->m_problems << QStringLiteral("gateway response %1: unknown type").arg(it.key());
            continue;
        }
        CompiledGatewayResponse response;
        bool ok = false;
        const int status = it->statusCode.toInt(&ok);
        if (ok && status >= 100 && status <= 599)
            response.status = status;
        const QLatin1String headerPrefix("gatewayresponse.header.");
        for (auto p = it->responseParameters.cbegin(); p != it->responseParameters.cend(); ++p) {
            if (!p.key().startsWith(headerPrefix))
                continue;
            ParameterMapping m;
            m.location = QStringLiteral("header");
            m.name = p.key().mid(headerPrefix.size());
            m.headerName = m.name.toLatin1();
            m.source = ParameterSource::parse(p.value());
            response.headers.append(std::move(m));
        }
        for (auto t = it->responseTemplates.cbegin(); t != it->responseTemplates.cend(); ++t)
            response.templates.add(t.key(), t.value());
        compiled->m_gatewayResponses.append({*type, std::move(response)});
    }
    return compiled;
}

const CompiledGatewayResponse *CompiledApi::gatewayResponse(ResponseType type) const
{
    const ResponseType family = defaultFamily(type);
    const CompiledGatewayResponse *fallback = nullptr;
    for (const auto &[t, response] : m_gatewayResponses) {
        if (t == type)
            return &response;
        if (t == family)
            fallback = &response;
    }
    return fallback;
}

void CompiledApi::compileMethod(const RouteEntry &entry)
{
    CompiledMethod m;
    m.route = entry;
    const Method &method = *entry.method;
    const QString where = method.httpMethod + u' ' + entry.resource->path;

    const QLatin1String pathPrefix("method.request.path."),
        queryPrefix("method.request.querystring."), headerPrefix("method.request.header.");
    for (auto it = method.requestParameters.cbegin(); it != method.requestParameters.cend(); ++it) {
        if (!it.value())
            continue;
        if (it.key().startsWith(pathPrefix))
            m.required.append({RequiredParameter::Path, it.key().mid(pathPrefix.size())});
        else if (it.key().startsWith(queryPrefix))
            m.required.append({RequiredParameter::Query, it.key().mid(queryPrefix.size())});
        else if (it.key().startsWith(headerPrefix))
            m.required.append({RequiredParameter::Header, it.key().mid(headerPrefix.size())});
    }
    if (const RequestValidator *validator = m_api->validatorFor(method)) {
        m.validateParameters = validator->validateRequestParameters;
        m.validateBody = validator->validateRequestBody;
    }

    if (method.integration) {
        const Integration &integration = *method.integration;
        m.integration = &integration;
        const QString pb = integration.passthroughBehavior.toUpper();
        if (pb == QLatin1String("WHEN_NO_TEMPLATES"))
            m.passthrough = Passthrough::WhenNoTemplates;
        else if (pb == QLatin1String("NEVER"))
            m.passthrough = Passthrough::Never;
        for (auto it = integration.requestTemplates.cbegin(); it != integration.requestTemplates.cend();
             ++it) {
            m.requestTemplates.add(it.key(), it.value());
            const MappingTemplate &t = m.requestTemplates.templates().last();
            if (t.error.isValid())
                m_problems << QStringLiteral("%1: request template %2: line %3, column %4: %5")
                                  .arg(where, t.contentType)
                                  .arg(t.error.line)
                                  .arg(t.error.column)
                                  .arg(t.error.message);
        }
        const QLatin1String integrationPrefix("integration.request.");
        for (auto it = integration.requestParameters.cbegin();
             it != integration.requestParameters.cend(); ++it) {
            if (!it.key().startsWith(integrationPrefix))
                continue;
            const QString rest = it.key().mid(integrationPrefix.size());
            const qsizetype dot = rest.indexOf(u'.');
            if (dot <= 0)
                continue;
            ParameterMapping mapping;
            mapping.location = rest.left(dot);
            mapping.name = rest.mid(dot + 1);
            mapping.headerName = mapping.name.toLatin1();
            mapping.source = ParameterSource::parse(it.value());
            m.requestParameters.append(std::move(mapping));
        }
        for (const IntegrationResponse &response : integration.responses) {
            CompiledIntegrationResponse r;
            r.model = &response;
            bool ok = false;
            r.status = response.statusCode.trimmed().toInt(&ok);
            if (!ok || r.status < 100 || r.status > 599) {
                r.status = 0;
                m_problems << QStringLiteral("%1: integration response status '%2' is not an HTTP status")
                                  .arg(where, response.statusCode);
            }
            if (!response.selectionPattern.isEmpty()) {
                r.hasPattern = true;
                r.pattern.setPattern(QRegularExpression::anchoredPattern(response.selectionPattern));
                r.pattern.optimize();
                if (!r.pattern.isValid())
                    m_problems << QStringLiteral("%1: selection pattern '%2': %3")
                                      .arg(where, response.selectionPattern, r.pattern.errorString());
            }
            for (auto it = response.responseTemplates.cbegin(); it != response.responseTemplates.cend();
                 ++it) {
                r.templates.add(it.key(), it.value());
                const MappingTemplate &t = r.templates.templates().last();
                if (t.error.isValid())
                    m_problems << QStringLiteral("%1: response template %2 (%3): line %4, column %5: %6")
                                      .arg(where, response.statusCode, t.contentType)
                                      .arg(t.error.line)
                                      .arg(t.error.column)
                                      .arg(t.error.message);
            }
            const QLatin1String responsePrefix("method.response.header.");
            for (auto it = response.responseParameters.cbegin();
                 it != response.responseParameters.cend(); ++it) {
                if (!it.key().startsWith(responsePrefix))
                    continue;
                ParameterMapping mapping;
                mapping.location = QStringLiteral("header");
                mapping.name = it.key().mid(responsePrefix.size());
                mapping.headerName = mapping.name.toLatin1();
                mapping.source = ParameterSource::parse(it.value());
                r.parameters.append(std::move(mapping));
            }
            m.responses.append(std::move(r));
        }
    }
    m_methods.append(std::move(m));
}

} // namespace Gatehouse::Gateway
