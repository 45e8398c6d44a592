#include <gateway/openapiinternal.h>
#include <gateway/orderedjson.h>

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace Gatehouse::Gateway {

using namespace OpenApiDetail;

namespace {

using J = OrderedJson;

J str(const QString &s)
{
    return J::string(s);
}

J stringMapJson(const QMap<QString, QString> &map)
{
    J o = J::object();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        o.insert(it.key(), str(it.value()));
    return o;
}

J stringListJson(const QStringList &list)
{
    J a = J::array();
    for (const QString &s : list)
        a.append(str(s));
    return a;
}

J stringSchema()
{
    J o = J::object();
    o.insert(QStringLiteral("type"), str(QStringLiteral("string")));
    return o;
}

class Exporter
{
public:
    Exporter(const RestApi &api, bool swagger, const ExportOptions &options)
        : m_api(api), m_swagger(swagger), m_options(options)
    {}

    J run();

private:
    QString refPrefix() const { return m_swagger ? kDefinitionRefPrefix : kSchemaRefPrefix; }
    J refObject(const QString &model) const
    {
        J o = J::object();
        o.insert(QStringLiteral("$ref"), str(refPrefix() + model));
        return o;
    }
    J schema(const QJsonObject &schema) const
    {
        if (!m_swagger)
            return J::fromJson(schema);
        return J::fromJson(rewriteRefs(schema, kSchemaRefPrefix, kDefinitionRefPrefix));
    }
    J info() const;
    void servers(J &root) const;
    J paths() const;
    J operation(const Resource &resource, const Method &m) const;
    J parameters(const Method &m) const;
    J responses(const Method &m) const;
    J integration(const Integration &in) const;
    void documentExtensions(J &root) const;

    // The security requirements written for `m`: as imported, or, for a method built in the
    // console (no requirements of its own), made from its API key flag and authorizer.
    QJsonValue securityFor(const Method &m) const;
    QString apiKeySchemeName() const;

    const RestApi &m_api;
    bool m_swagger;
    ExportOptions m_options;
    QMap<QString, Authorizer> m_schemes; // the API's, plus "api_key" when a method needs it
};

QString Exporter::apiKeySchemeName() const
{
    for (const Authorizer &a : m_schemes) {
        if (a.scheme.value(QLatin1String("type")).toString() == QLatin1String("apiKey") &&
            a.scheme.value(QLatin1String("name"))
                    .toString()
                    .compare(QLatin1String("x-api-key"), Qt::CaseInsensitive) == 0 &&
            !a.scheme.contains(kExt + u"authtype"))
            return a.name;
    }
    return QStringLiteral("api_key");
}

QJsonValue Exporter::securityFor(const Method &m) const
{
    if (!m.security.isUndefined() && !m.security.isNull())
        return m.security;
    QJsonArray requirements;
    if (m.apiKeyRequired)
        requirements.append(QJsonObject{{apiKeySchemeName(), QJsonArray()}});
    if ((m.authorizationType == QLatin1String("CUSTOM") ||
         m.authorizationType == QLatin1String("COGNITO_USER_POOLS")) &&
        !m.authorizerId.isEmpty())
        requirements.append(
            QJsonObject{{m.authorizerId, QJsonArray::fromStringList(m.authorizationScopes)}});
    return requirements.isEmpty() ? QJsonValue() : QJsonValue(requirements);
}

J Exporter::run()
{
    m_schemes = m_api.authorizers;
    bool needsApiKey = false;
    for (const Resource &r : m_api.resources) {
        for (const Method &m : r.methods)
            needsApiKey |= m.apiKeyRequired && (m.security.isNull() || m.security.isUndefined());
    }
    if (needsApiKey && !m_schemes.contains(apiKeySchemeName())) {
        Authorizer apiKey;
        apiKey.name = QStringLiteral("api_key");
        apiKey.scheme = QJsonObject{{"type", "apiKey"}, {"name", "x-api-key"}, {"in", "header"}};
        m_schemes.insert(apiKey.name, apiKey);
    }
    J root = J::object();
    if (m_swagger)
        root.insert(QStringLiteral("swagger"), str(QStringLiteral("2.0")));
    else
        root.insert(QStringLiteral("openapi"), str(QStringLiteral("3.0.1")));
    root.insert(QStringLiteral("info"), info());
    servers(root);
    root.insert(QStringLiteral("paths"), paths());
    J schemas = J::object();
    for (const Model &model : m_api.models)
        schemas.insert(model.name, schema(model.schema));
    J schemes = J::object();
    for (const Authorizer &a : m_schemes)
        schemes.insert(a.name, J::fromJson(a.scheme));
    if (m_swagger) {
        if (!schemas.isEmpty())
            root.insert(QStringLiteral("definitions"), schemas);
        if (!schemes.isEmpty())
            root.insert(QStringLiteral("securityDefinitions"), schemes);
    } else if (!schemas.isEmpty() || !schemes.isEmpty()) {
        J components = J::object();
        if (!schemas.isEmpty())
            components.insert(QStringLiteral("schemas"), schemas);
        if (!schemes.isEmpty())
            components.insert(QStringLiteral("securitySchemes"), schemes);
        root.insert(QStringLiteral("components"), components);
    }
    documentExtensions(root);
    return root;
}

J Exporter::info() const
{
    J o = J::object();
    o.insert(QStringLiteral("title"), str(m_api.name));
    if (!m_api.description.isEmpty())
        o.insert(QStringLiteral("description"), str(m_api.description));
    o.insert(QStringLiteral("version"), str(m_api.version));
    return o;
}

void Exporter::servers(J &root) const
{
    QJsonValue servers = m_api.servers;
    if (!m_options.stageName.isEmpty()) {
        QJsonObject server{
            {QStringLiteral("url"), QString(m_options.baseUrl + u"/{basePath}")},
            {QStringLiteral("variables"),
             QJsonObject{{QStringLiteral("basePath"),
                          QJsonObject{{QStringLiteral("default"), m_options.stageName}}}}}};
        servers = QJsonArray{server};
    }
    if (!servers.isArray())
        return;
    if (!m_swagger) {
        root.insert(QStringLiteral("servers"), J::fromJson(servers));
        return;
    }
    // Swagger has one host: the first server, in the form the importer reads back.
    const QJsonObject first = servers.toArray().first().toObject();
    QString url = first.value(QLatin1String("url")).toString();
    const int schemeEnd = url.indexOf(QLatin1String("://"));
    const QString scheme = schemeEnd > 0 ? url.left(schemeEnd) : QStringLiteral("https");
    url = url.mid(schemeEnd > 0 ? schemeEnd + 3 : 0);
    QString basePath;
    if (url.endsWith(QLatin1String("/{basePath}"))) {
        url.chop(11);
        basePath = u'/' + first.value(QLatin1String("variables"))
                              .toObject()
                              .value(QLatin1String("basePath"))
                              .toObject()
                              .value(QLatin1String("default"))
                              .toString();
    }
    // A host has no path: a literal path in the url becomes the base path.
    if (const int slash = url.indexOf(u'/'); slash >= 0) {
        if (basePath.isEmpty() && slash + 1 < url.size())
            basePath = url.mid(slash);
        url.truncate(slash);
    }
    root.insert(QStringLiteral("host"), str(url));
    if (!basePath.isEmpty())
        root.insert(QStringLiteral("basePath"), str(basePath));
    root.insert(QStringLiteral("schemes"), stringListJson({scheme}));
}

J Exporter::paths() const
{
    QList<const Resource *> resources;
    for (const Resource &r : m_api.resources) {
        // Resources without methods come back from their children's paths, except leaves.
        if (!r.methods.isEmpty() || !r.extensions.isEmpty() ||
            (m_api.children(r.id).isEmpty() && !r.isRoot()))
            resources.append(&r);
    }
    std::sort(resources.begin(), resources.end(),
              [](const Resource *a, const Resource *b) { return a->path < b->path; });
    J paths = J::object();
    for (const Resource *r : resources) {
        J item = J::object();
        for (const OperationKey &key : kOperationKeys) {
            const auto it = r->methods.constFind(QLatin1String(key.method));
            if (it != r->methods.cend())
                item.insert(QLatin1String(key.key), operation(*r, it.value()));
        }
        for (auto it = r->extensions.begin(); it != r->extensions.end(); ++it)
            item.insert(it.key(), J::fromJson(it.value()));
        paths.insert(r->path, item);
    }
    return paths;
}

J Exporter::parameters(const Method &m) const
{
    J list = J::array();
    static const char *const kLocations[][2] = {
        {"path", "path"}, {"querystring", "query"}, {"header", "header"}};
    for (const auto &location : kLocations) {
        const QString prefix = QStringLiteral("method.request.%1.").arg(QLatin1String(location[0]));
        for (auto it = m.requestParameters.cbegin(); it != m.requestParameters.cend(); ++it) {
            if (!it.key().startsWith(prefix))
                continue;
            J p = J::object();
            p.insert(QStringLiteral("name"), str(it.key().mid(prefix.size())));
            p.insert(QStringLiteral("in"), str(QLatin1String(location[1])));
            p.insert(QStringLiteral("required"), J::boolean(it.value()));
            if (m_swagger)
                p.insert(QStringLiteral("type"), str(QStringLiteral("string")));
            else
                p.insert(QStringLiteral("schema"), stringSchema());
            list.append(p);
        }
    }
    if (m_swagger && !m.requestModels.isEmpty()) {
        const QString model = m.requestModels.first();
        J p = J::object();
        p.insert(QStringLiteral("in"), str(QStringLiteral("body")));
        p.insert(QStringLiteral("name"), str(model));
        p.insert(QStringLiteral("required"), J::boolean(m.requestBodyRequired));
        p.insert(QStringLiteral("schema"), refObject(model));
        list.append(p);
    }
    return list;
}

J Exporter::operation(const Resource &resource, const Method &m) const
{
    Q_UNUSED(resource);
    J op = J::object();
    if (!m.operationId.isEmpty())
        op.insert(QStringLiteral("operationId"), str(m.operationId));
    if (!m.summary.isEmpty())
        op.insert(QStringLiteral("summary"), str(m.summary));
    if (!m.description.isEmpty())
        op.insert(QStringLiteral("description"), str(m.description));
    if (!m.tags.isEmpty())
        op.insert(QStringLiteral("tags"), stringListJson(m.tags));
    if (m_swagger) {
        if (!m.requestModels.isEmpty())
            op.insert(QStringLiteral("consumes"), stringListJson(m.requestModels.keys()));
        QStringList produces;
        for (const MethodResponse &r : m.methodResponses) {
            for (const QString &ct : r.responseModels.keys()) {
                if (!produces.contains(ct))
                    produces.append(ct);
            }
        }
        std::sort(produces.begin(), produces.end());
        if (!produces.isEmpty())
            op.insert(QStringLiteral("produces"), stringListJson(produces));
    }
    J params = parameters(m);
    if (!params.isEmpty())
        op.insert(QStringLiteral("parameters"), params);
    if (!m_swagger && (!m.requestModels.isEmpty() || m.requestBodyRequired)) {
        J content = J::object();
        for (auto it = m.requestModels.cbegin(); it != m.requestModels.cend(); ++it) {
            J media = J::object();
            media.insert(QStringLiteral("schema"), refObject(it.value()));
            content.insert(it.key(), media);
        }
        J body = J::object();
        body.insert(QStringLiteral("content"), content);
        if (m.requestBodyRequired)
            body.insert(QStringLiteral("required"), J::boolean(true));
        op.insert(QStringLiteral("requestBody"), body);
    }
    if (!m.methodResponses.isEmpty())
        op.insert(QStringLiteral("responses"), responses(m));
    const QJsonValue security = securityFor(m);
    if (!security.isNull())
        op.insert(QStringLiteral("security"), J::fromJson(security));
    // x-amazon-apigateway-auth says what the security requirements do not.
    if (deriveAuthorization(security, m_schemes).authorizationType != m.authorizationType) {
        J auth = J::object();
        auth.insert(QStringLiteral("type"), str(m.authorizationType));
        op.insert(kExt + u"auth", auth);
    }
    if (!m.requestValidator.isEmpty())
        op.insert(kExt + u"request-validator", str(m.requestValidator));
    if (m.integration)
        op.insert(kExt + u"integration", integration(*m.integration));
    for (auto it = m.extensions.begin(); it != m.extensions.end(); ++it)
        op.insert(it.key(), J::fromJson(it.value()));
    return op;
}

J Exporter::responses(const Method &m) const
{
    J out = J::object();
    for (auto it = m.methodResponses.cbegin(); it != m.methodResponses.cend(); ++it) {
        const MethodResponse &mr = it.value();
        J r = J::object();
        if (!mr.description.isEmpty())
            r.insert(QStringLiteral("description"), str(mr.description));
        const QString headerPrefix = QStringLiteral("method.response.header.");
        J headers = J::object();
        for (auto h = mr.responseParameters.cbegin(); h != mr.responseParameters.cend(); ++h) {
            if (!h.key().startsWith(headerPrefix))
                continue;
            J header = J::object();
            if (h.value())
                header.insert(QStringLiteral("required"), J::boolean(true));
            if (m_swagger)
                header.insert(QStringLiteral("type"), str(QStringLiteral("string")));
            else
                header.insert(QStringLiteral("schema"), stringSchema());
            headers.insert(h.key().mid(headerPrefix.size()), header);
        }
        if (m_swagger) {
            if (!mr.responseModels.isEmpty())
                r.insert(QStringLiteral("schema"), refObject(mr.responseModels.first()));
            if (!headers.isEmpty())
                r.insert(QStringLiteral("headers"), headers);
        } else {
            if (!headers.isEmpty())
                r.insert(QStringLiteral("headers"), headers);
            if (!mr.responseModels.isEmpty()) {
                J content = J::object();
                for (auto c = mr.responseModels.cbegin(); c != mr.responseModels.cend(); ++c) {
                    J media = J::object();
                    media.insert(QStringLiteral("schema"), refObject(c.value()));
                    content.insert(c.key(), media);
                }
                r.insert(QStringLiteral("content"), content);
            }
        }
        out.insert(it.key(), r);
    }
    return out;
}

J Exporter::integration(const Integration &in) const
{
    J o = J::object();
    o.insert(QStringLiteral("type"), str(integrationTypeName(in.type).toLower()));
    if (!in.credentials.isEmpty())
        o.insert(QStringLiteral("credentials"), str(in.credentials));
    if (!in.httpMethod.isEmpty())
        o.insert(QStringLiteral("httpMethod"), str(in.httpMethod));
    if (!in.uri.isEmpty())
        o.insert(QStringLiteral("uri"), str(in.uri));
    if (!in.connectionType.isEmpty())
        o.insert(QStringLiteral("connectionType"), str(in.connectionType));
    if (!in.connectionId.isEmpty())
        o.insert(QStringLiteral("connectionId"), str(in.connectionId));
    if (!in.requestParameters.isEmpty())
        o.insert(QStringLiteral("requestParameters"), stringMapJson(in.requestParameters));
    if (!in.requestTemplates.isEmpty())
        o.insert(QStringLiteral("requestTemplates"), stringMapJson(in.requestTemplates));
    if (!in.responses.isEmpty()) {
        J responses = J::object();
        for (const IntegrationResponse &ir : in.responses) {
            J r = J::object();
            r.insert(QStringLiteral("statusCode"), str(ir.statusCode));
            if (!ir.responseParameters.isEmpty())
                r.insert(QStringLiteral("responseParameters"),
                         stringMapJson(ir.responseParameters));
            if (!ir.responseTemplates.isEmpty())
                r.insert(QStringLiteral("responseTemplates"), stringMapJson(ir.responseTemplates));
            if (!ir.contentHandling.isEmpty())
                r.insert(QStringLiteral("contentHandling"), str(ir.contentHandling));
            responses.insert(
                ir.selectionPattern.isEmpty() ? QStringLiteral("default") : ir.selectionPattern, r);
        }
        o.insert(QStringLiteral("responses"), responses);
    }
    if (!in.passthroughBehavior.isEmpty())
        o.insert(QStringLiteral("passthroughBehavior"), str(in.passthroughBehavior.toLower()));
    if (in.timeoutInMillis)
        o.insert(QStringLiteral("timeoutInMillis"), J::number(*in.timeoutInMillis));
    if (!in.cacheNamespace.isEmpty())
        o.insert(QStringLiteral("cacheNamespace"), str(in.cacheNamespace));
    if (!in.cacheKeyParameters.isEmpty())
        o.insert(QStringLiteral("cacheKeyParameters"), stringListJson(in.cacheKeyParameters));
    if (!in.contentHandling.isEmpty())
        o.insert(QStringLiteral("contentHandling"), str(in.contentHandling));
    for (auto it = in.extra.begin(); it != in.extra.end(); ++it)
        o.insert(it.key(), J::fromJson(it.value()));
    return o;
}

void Exporter::documentExtensions(J &root) const
{
    if (!m_api.gatewayResponses.isEmpty()) {
        J responses = J::object();
        for (auto it = m_api.gatewayResponses.cbegin(); it != m_api.gatewayResponses.cend(); ++it) {
            J r = J::object();
            if (!it->statusCode.isEmpty())
                r.insert(QStringLiteral("statusCode"), str(it->statusCode));
            if (!it->responseParameters.isEmpty())
                r.insert(QStringLiteral("responseParameters"),
                         stringMapJson(it->responseParameters));
            if (!it->responseTemplates.isEmpty())
                r.insert(QStringLiteral("responseTemplates"), stringMapJson(it->responseTemplates));
            responses.insert(it.key(), r);
        }
        root.insert(kExt + u"gateway-responses", responses);
    }
    if (!m_api.requestValidators.isEmpty()) {
        J validators = J::object();
        for (auto it = m_api.requestValidators.cbegin(); it != m_api.requestValidators.cend();
             ++it) {
            J v = J::object();
            v.insert(QStringLiteral("validateRequestBody"), J::boolean(it->validateRequestBody));
            v.insert(QStringLiteral("validateRequestParameters"),
                     J::boolean(it->validateRequestParameters));
            validators.insert(it.key(), v);
        }
        root.insert(kExt + u"request-validators", validators);
    }
    if (!m_api.requestValidator.isEmpty())
        root.insert(kExt + u"request-validator", str(m_api.requestValidator));
    if (!m_api.binaryMediaTypes.isEmpty())
        root.insert(kExt + u"binary-media-types", stringListJson(m_api.binaryMediaTypes));
    if (!m_api.apiKeySource.isEmpty())
        root.insert(kExt + u"api-key-source", str(m_api.apiKeySource));
    if (m_api.minimumCompressionSize)
        root.insert(kExt + u"minimum-compression-size", J::number(*m_api.minimumCompressionSize));
    if (!m_api.endpointConfiguration.isUndefined() && !m_api.endpointConfiguration.isNull())
        root.insert(kExt + u"endpoint-configuration", J::fromJson(m_api.endpointConfiguration));
    if (!m_api.policy.isUndefined() && !m_api.policy.isNull())
        root.insert(kExt + u"policy", J::fromJson(m_api.policy));
    for (auto it = m_api.extensions.begin(); it != m_api.extensions.end(); ++it)
        root.insert(it.key(), J::fromJson(it.value()));
}

} // namespace

QByteArray exportOpenApi(const RestApi &api, ExportFormat format, const ExportOptions &options)
{
    const bool swagger =
        format == ExportFormat::Swagger2Json || format == ExportFormat::Swagger2Yaml;
    J tree = Exporter(api, swagger, options).run();
    if (!options.apiGatewayExtensions) {
        const QString anyMethod = kExt + u"any-method";
        tree.removeKeys(
            [&](const QString &key) { return key.startsWith(kExt) && key != anyMethod; });
    }
    const bool yaml = format == ExportFormat::OpenApi3Yaml || format == ExportFormat::Swagger2Yaml;
    return yaml ? tree.toYaml() : tree.toJson();
}

} // namespace Gatehouse::Gateway
