#include <gateway/openapiimporter.h>

namespace Gatehouse::Gateway::OpenApiDetail {

namespace {

const char *const kIntegrationFields[] = {"type",
                                          "uri",
                                          "httpMethod",
                                          "credentials",
                                          "requestParameters",
                                          "requestTemplates",
                                          "passthroughBehavior",
                                          "timeoutInMillis",
                                          "contentHandling",
                                          "cacheKeyParameters",
                                          "cacheNamespace",
                                          "connectionType",
                                          "connectionId",
                                          "responses"};

bool isKnownIntegrationField(const QString &key)
{
    for (const char *field : kIntegrationFields) {
        if (key == QLatin1String(field))
            return true;
    }
    return false;
}

QString parameterLocation(const QString &in)
{
    if (in == QLatin1String("path"))
        return QStringLiteral("path");
    if (in == QLatin1String("query"))
        return QStringLiteral("querystring");
    if (in == QLatin1String("header"))
        return QStringLiteral("header");
    return {};
}

} // namespace

Status Importer::readOperation(Resource &resource, const QString &method, const QJsonObject &op,
                               const QJsonArray &pathParameters, const QString &at)
{
    Method m;
    m.httpMethod = method;
    m.operationId = text(op.value(QLatin1String("operationId")));
    m.summary = text(op.value(QLatin1String("summary")));
    m.description = text(op.value(QLatin1String("description")));
    m.tags = stringList(op.value(QLatin1String("tags")));
    const QString baseName =
        m.operationId.isEmpty() ? method.toLower() + resource.path : m.operationId;

    // Operation parameters override path-item parameters of the same name and location.
    QJsonArray parameters = op.value(QLatin1String("parameters")).toArray();
    QJsonArray merged;
    for (const QJsonValue &p : pathParameters)
        merged.append(p);
    for (const QJsonValue &p : parameters)
        merged.append(p);
    readParameters(m, merged, op, at);
    if (op.contains(QLatin1String("requestBody")))
        readRequestBody(m, op.value(QLatin1String("requestBody")), baseName + u"Request",
                        pointer(at, QStringLiteral("requestBody")));
    readResponses(m, op.value(QLatin1String("responses")).toObject(), op, baseName,
                  pointer(at, QStringLiteral("responses")));
    if (op.contains(QLatin1String("security")))
        readSecurity(m, op.value(QLatin1String("security")),
                     pointer(at, QStringLiteral("security")));

    for (auto it = op.begin(); it != op.end(); ++it) {
        const QString key = it.key();
        if (!key.startsWith(kExt))
            continue;
        const QString name = key.mid(kExt.size());
        const QString where = pointer(at, key);
        if (name == QLatin1String("integration")) {
            Result<Integration> integration = readIntegration(it.value().toObject(), where);
            if (!integration)
                return integration.status();
            m.integration = *integration;
        } else if (name == QLatin1String("request-validator")) {
            m.requestValidator = text(it.value());
            if (!m_api.requestValidators.contains(m.requestValidator))
                return fail(
                    where,
                    QStringLiteral("Invalid request validator name '%1'").arg(m.requestValidator));
        } else if (name == QLatin1String("auth")) {
            m.authorizationType =
                text(it.value().toObject().value(QLatin1String("type"))).toUpper();
            if (m.authorizationType != QLatin1String("NONE"))
                warn(key, where,
                     QStringLiteral("%1 authorization is carried, not enforced yet")
                         .arg(m.authorizationType));
        } else {
            m.extensions.insert(key, it.value());
            warn(key, where, QStringLiteral("unknown extension, carried unchanged"));
        }
    }
    if (!m.integration)
        warn(kExt + u"integration", at, QStringLiteral("No integration defined for method"));
    if (m.integration) {
        // API Gateway refuses a mapping from a method parameter the method does not declare;
        // here the value would only be empty, so the document still loads.
        const QString prefix = QStringLiteral("method.request.");
        for (auto it = m.integration->requestParameters.cbegin();
             it != m.integration->requestParameters.cend(); ++it) {
            const QString &source = it.value();
            if (source.startsWith(prefix) && !source.startsWith(prefix + u"body") &&
                !source.startsWith(prefix + u"multivalue") && !m.requestParameters.contains(source))
                warn(kExt + u"integration",
                     pointer(pointer(pointer(at, kExt + u"integration"),
                                     QStringLiteral("requestParameters")),
                             it.key()),
                     QStringLiteral("Invalid mapping expression parameter specified: %1")
                         .arg(source));
        }
    }
    resource.methods.insert(method, m);
    return Status::ok();
}

void Importer::readParameters(Method &m, const QJsonArray &parameters, const QJsonObject &op,
                              const QString &at)
{
    for (int i = 0; i < parameters.size(); ++i) {
        const QString where =
            pointer(pointer(at, QStringLiteral("parameters")), QString::number(i));
        const QJsonObject p = resolve(parameters.at(i)).toObject();
        const QString in = text(p.value(QLatin1String("in")));
        const QString name = text(p.value(QLatin1String("name")));
        const bool required = p.value(QLatin1String("required")).toBool();
        if (in == QLatin1String("body")) {
            QStringList consumes = stringList(op.value(QLatin1String("consumes")));
            if (consumes.isEmpty())
                consumes = stringList(m_root.value(QLatin1String("consumes")));
            if (consumes.isEmpty())
                consumes.append(QStringLiteral("application/json"));
            const QString model =
                modelFor(p.value(QLatin1String("schema")),
                         (m.operationId.isEmpty() ? name : m.operationId) + u"Request",
                         pointer(where, QStringLiteral("schema")));
            if (!model.isEmpty()) {
                for (const QString &ct : consumes)
                    m.requestModels.insert(ct, model);
            }
            m.requestBodyRequired = required;
            continue;
        }
        const QString location = parameterLocation(in);
        if (location.isEmpty()) {
            warn(in, where,
                 QStringLiteral("'%1' parameters are not supported by API Gateway: "
                                "parameter '%2' is ignored")
                     .arg(in, name));
            continue;
        }
        m.requestParameters.insert(QStringLiteral("method.request.%1.%2").arg(location, name),
                                   required);
    }
}

void Importer::readRequestBody(Method &m, const QJsonValue &bodyValue, const QString &baseName,
                               const QString &at)
{
    const QJsonObject body = resolve(bodyValue).toObject();
    m.requestBodyRequired = body.value(QLatin1String("required")).toBool();
    const QJsonObject content = body.value(QLatin1String("content")).toObject();
    for (auto it = content.begin(); it != content.end(); ++it) {
        const QJsonValue schema = it.value().toObject().value(QLatin1String("schema"));
        if (schema.isUndefined())
            continue;
        const QString model =
            modelFor(schema, baseName,
                     pointer(pointer(pointer(at, QStringLiteral("content")), it.key()),
                             QStringLiteral("schema")));
        if (!model.isEmpty())
            m.requestModels.insert(it.key(), model);
    }
}

void Importer::readResponses(Method &m, const QJsonObject &responses, const QJsonObject &op,
                             const QString &baseName, const QString &at)
{
    QStringList produces = stringList(op.value(QLatin1String("produces")));
    if (produces.isEmpty())
        produces = stringList(m_root.value(QLatin1String("produces")));
    if (produces.isEmpty())
        produces.append(QStringLiteral("application/json"));
    for (auto it = responses.begin(); it != responses.end(); ++it) {
        const QString status = it.key();
        const QString where = pointer(at, status);
        const QJsonObject r = resolve(it.value()).toObject();
        MethodResponse mr;
        mr.description = text(r.value(QLatin1String("description")));
        const QJsonObject headers = r.value(QLatin1String("headers")).toObject();
        for (auto h = headers.begin(); h != headers.end(); ++h) {
            mr.responseParameters.insert(
                u"method.response.header." + h.key(),
                h.value().toObject().value(QLatin1String("required")).toBool());
        }
        const QString suggested = baseName + u"Response" + status;
        if (m_swagger) {
            if (r.contains(QLatin1String("schema"))) {
                const QString model = modelFor(r.value(QLatin1String("schema")), suggested,
                                               pointer(where, QStringLiteral("schema")));
                if (!model.isEmpty()) {
                    for (const QString &ct : produces)
                        mr.responseModels.insert(ct, model);
                }
            }
        } else {
            const QJsonObject content = r.value(QLatin1String("content")).toObject();
            for (auto c = content.begin(); c != content.end(); ++c) {
                const QJsonValue schema = c.value().toObject().value(QLatin1String("schema"));
                if (schema.isUndefined())
                    continue;
                const QString model =
                    modelFor(schema, suggested,
                             pointer(pointer(pointer(where, QStringLiteral("content")), c.key()),
                                     QStringLiteral("schema")));
                if (!model.isEmpty())
                    mr.responseModels.insert(c.key(), model);
            }
        }
        m.methodResponses.insert(status, mr);
    }
}

void Importer::readSecurity(Method &m, const QJsonValue &security, const QString &at)
{
    m.security = security;
    for (const QJsonValue &requirement : security.toArray()) {
        const QJsonObject req = requirement.toObject();
        for (auto it = req.begin(); it != req.end(); ++it) {
            if (!m_api.authorizers.contains(it.key()))
                warn(QStringLiteral("security"), at,
                     QStringLiteral("security scheme '%1' is not declared").arg(it.key()));
        }
    }
    const DerivedAuth auth = deriveAuthorization(security, m_api.authorizers);
    m.authorizationType = auth.authorizationType;
    m.authorizerId = auth.authorizerId;
    m.authorizationScopes = auth.scopes;
    m.apiKeyRequired = auth.apiKeyRequired;
    if (auth.apiKeyRequired)
        warn(QStringLiteral("security"), at,
             QStringLiteral("API key required: carried, not enforced yet"));
    if (auth.authorizationType == QLatin1String("AWS_IAM"))
        warn(QStringLiteral("security"), at,
             QStringLiteral("AWS_IAM authorization is carried, not enforced yet"));
}

Result<Integration> Importer::readIntegration(const QJsonObject &o, const QString &at)
{
    Integration in;
    const QString typeName = text(o.value(QLatin1String("type")));
    const std::optional<IntegrationType> type = integrationTypeFromName(typeName);
    if (!type)
        return fail(pointer(at, QStringLiteral("type")),
                    typeName.isEmpty()
                        ? QStringLiteral("the integration has no type")
                        : QStringLiteral("Invalid integration type '%1': expected one of mock, "
                                         "http, http_proxy, aws, aws_proxy")
                              .arg(typeName));
    in.type = *type;
    in.uri = text(o.value(QLatin1String("uri")));
    in.httpMethod = text(o.value(QLatin1String("httpMethod"))).toUpper();
    in.credentials = text(o.value(QLatin1String("credentials")));
    in.requestParameters = stringMap(o.value(QLatin1String("requestParameters")));
    in.requestTemplates = stringMap(o.value(QLatin1String("requestTemplates")));
    in.passthroughBehavior = text(o.value(QLatin1String("passthroughBehavior"))).toUpper();
    if (o.contains(QLatin1String("timeoutInMillis")))
        in.timeoutInMillis = o.value(QLatin1String("timeoutInMillis")).toInt();
    in.contentHandling = text(o.value(QLatin1String("contentHandling")));
    in.cacheKeyParameters = stringList(o.value(QLatin1String("cacheKeyParameters")));
    in.cacheNamespace = text(o.value(QLatin1String("cacheNamespace")));
    in.connectionType = text(o.value(QLatin1String("connectionType")));
    in.connectionId = text(o.value(QLatin1String("connectionId")));
    if (in.type != IntegrationType::Mock && in.uri.isEmpty())
        return fail(pointer(at, QStringLiteral("uri")),
                    QStringLiteral("an integration of type %1 needs a uri")
                        .arg(integrationTypeName(in.type)));
    if (in.connectionType == QLatin1String("VPC_LINK"))
        warn(kExt + u"integration", pointer(at, QStringLiteral("connectionType")),
             QStringLiteral("VPC links are carried, the integration calls its uri directly"));
    if (!in.cacheKeyParameters.isEmpty() || !in.cacheNamespace.isEmpty())
        warn(kExt + u"integration", at,
             QStringLiteral("cache settings are carried, responses are not cached"));

    const QJsonObject responses = o.value(QLatin1String("responses")).toObject();
    for (auto it = responses.begin(); it != responses.end(); ++it) {
        const QJsonObject r = it.value().toObject();
        IntegrationResponse ir;
        ir.selectionPattern = r.contains(QLatin1String("selectionPattern"))
                                  ? text(r.value(QLatin1String("selectionPattern")))
                                  : (it.key() == QLatin1String("default") ? QString() : it.key());
        ir.statusCode = text(r.value(QLatin1String("statusCode")));
        ir.responseParameters = stringMap(r.value(QLatin1String("responseParameters")));
        ir.responseTemplates = stringMap(r.value(QLatin1String("responseTemplates")));
        ir.contentHandling = text(r.value(QLatin1String("contentHandling")));
        if (ir.statusCode.isEmpty())
            return fail(pointer(pointer(at, QStringLiteral("responses")), it.key()),
                        QStringLiteral("an integration response needs a statusCode"));
        // The default response goes last: it is the one chosen when no pattern matches.
        if (ir.selectionPattern.isEmpty())
            in.responses.append(ir);
        else
            in.responses.insert(in.responses.size() - (in.defaultResponse() ? 1 : 0), ir);
    }
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (isKnownIntegrationField(it.key()))
            continue;
        in.extra.insert(it.key(), it.value());
        warn(kExt + u"integration", pointer(at, it.key()),
             QStringLiteral("integration field '%1' is carried, not interpreted").arg(it.key()));
    }
    return in;
}

} // namespace Gatehouse::Gateway::OpenApiDetail
