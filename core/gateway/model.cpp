#include <gateway/gatewaylogging.h>
#include <gateway/model.h>

#include <QRandomGenerator>

#include <tuple>

Q_LOGGING_CATEGORY(lcGateway, "gatehouse.core.gateway")

namespace Gatehouse::Gateway {

namespace {

struct TypeName
{
    IntegrationType type;
    const char *name;
};
const TypeName kTypeNames[] = {{IntegrationType::Mock, "MOCK"},
                               {IntegrationType::Http, "HTTP"},
                               {IntegrationType::HttpProxy, "HTTP_PROXY"},
                               {IntegrationType::Aws, "AWS"},
                               {IntegrationType::AwsProxy, "AWS_PROXY"}};

bool isPathPartChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
           c == u'.' || c == u'_' || c == u'-';
}

} // namespace

QString integrationTypeName(IntegrationType type)
{
    for (const TypeName &t : kTypeNames) {
        if (t.type == type)
            return QString::fromLatin1(t.name);
    }
    return {};
}

std::optional<IntegrationType> integrationTypeFromName(const QString &name)
{
    for (const TypeName &t : kTypeNames) {
        if (name.compare(QLatin1String(t.name), Qt::CaseInsensitive) == 0)
            return t.type;
    }
    return std::nullopt;
}

bool IntegrationResponse::operator==(const IntegrationResponse &o) const
{
    return std::tie(selectionPattern, statusCode, responseParameters, responseTemplates,
                    contentHandling) == std::tie(o.selectionPattern, o.statusCode,
                                                 o.responseParameters, o.responseTemplates,
                                                 o.contentHandling);
}

bool Integration::operator==(const Integration &o) const
{
    return std::tie(type, uri, httpMethod, credentials, requestParameters, requestTemplates,
                    passthroughBehavior, timeoutInMillis, contentHandling, cacheKeyParameters,
                    cacheNamespace, connectionType, connectionId, responses, extra) ==
           std::tie(o.type, o.uri, o.httpMethod, o.credentials, o.requestParameters,
                    o.requestTemplates, o.passthroughBehavior, o.timeoutInMillis, o.contentHandling,
                    o.cacheKeyParameters, o.cacheNamespace, o.connectionType, o.connectionId,
                    o.responses, o.extra);
}

const IntegrationResponse *Integration::defaultResponse() const
{
    for (const IntegrationResponse &r : responses) {
        if (r.selectionPattern.isEmpty())
            return &r;
    }
    return nullptr;
}

bool MethodResponse::operator==(const MethodResponse &o) const
{
    return std::tie(description, responseParameters, responseModels) ==
           std::tie(o.description, o.responseParameters, o.responseModels);
}

bool Method::operator==(const Method &o) const
{
    return std::tie(httpMethod, operationId, summary, description, tags, requestParameters,
                    requestModels, requestBodyRequired, requestValidator, apiKeyRequired,
                    authorizationType, authorizerId, authorizationScopes, security, integration,
                    methodResponses, extensions) ==
           std::tie(o.httpMethod, o.operationId, o.summary, o.description, o.tags,
                    o.requestParameters, o.requestModels, o.requestBodyRequired, o.requestValidator,
                    o.apiKeyRequired, o.authorizationType, o.authorizerId, o.authorizationScopes,
                    o.security, o.integration, o.methodResponses, o.extensions);
}

QString Resource::parameterName() const
{
    if (!isParameter())
        return {};
    return pathPart.mid(1, pathPart.size() - (isGreedy() ? 3 : 2));
}

bool Resource::operator==(const Resource &o) const
{
    return std::tie(id, parentId, pathPart, path, methods, extensions) ==
           std::tie(o.id, o.parentId, o.pathPart, o.path, o.methods, o.extensions);
}

bool Model::operator==(const Model &o) const
{
    return std::tie(name, contentType, description, schema) ==
           std::tie(o.name, o.contentType, o.description, o.schema);
}

bool RequestValidator::operator==(const RequestValidator &o) const
{
    return validateRequestBody == o.validateRequestBody &&
           validateRequestParameters == o.validateRequestParameters;
}

bool GatewayResponse::operator==(const GatewayResponse &o) const
{
    return std::tie(statusCode, responseParameters, responseTemplates) ==
           std::tie(o.statusCode, o.responseParameters, o.responseTemplates);
}

bool Authorizer::operator==(const Authorizer &o) const
{
    return std::tie(name, type, scheme) == std::tie(o.name, o.type, o.scheme);
}

bool Stage::operator==(const Stage &o) const
{
    return std::tie(name, description, deploymentId, variables, accessLogSettings) ==
           std::tie(o.name, o.description, o.deploymentId, o.variables, o.accessLogSettings);
}

const Resource *RestApi::root() const
{
    for (const Resource &r : resources) {
        if (r.isRoot())
            return &r;
    }
    return nullptr;
}

const Resource *RestApi::resourceByPath(const QString &path) const
{
    for (const Resource &r : resources) {
        if (r.path == path)
            return &r;
    }
    return nullptr;
}

Resource *RestApi::resourceByPath(const QString &path)
{
    for (Resource &r : resources) {
        if (r.path == path)
            return &r;
    }
    return nullptr;
}

const Resource *RestApi::resourceById(const QString &resourceId) const
{
    for (const Resource &r : resources) {
        if (r.id == resourceId)
            return &r;
    }
    return nullptr;
}

QList<const Resource *> RestApi::children(const QString &resourceId) const
{
    QList<const Resource *> out;
    for (const Resource &r : resources) {
        if (r.parentId == resourceId && !r.isRoot())
            out.append(&r);
    }
    return out;
}

Resource &RestApi::ensureRoot(const std::function<QString()> &newId)
{
    for (Resource &r : resources) {
        if (r.isRoot())
            return r;
    }
    Resource root;
    root.id = newId();
    root.path = QStringLiteral("/");
    resources.prepend(root);
    return resources.first();
}

Result<Resource *> RestApi::ensurePath(const QString &path, const std::function<QString()> &newId)
{
    if (!path.startsWith(u'/'))
        return Status::error(GatewayError::BadRequest,
                             QStringLiteral("Invalid resource path: %1").arg(path));
    QString parentId = ensureRoot(newId).id;
    QString current;
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        current += u'/' + part;
        if (Resource *existing = resourceByPath(current)) {
            parentId = existing->id;
            continue;
        }
        if (const Status s = validatePathPart(part); !s)
            return s;
        const Resource *parent = resourceById(parentId);
        if (parent && parent->isGreedy())
            return Status::error(GatewayError::BadRequest,
                                 QStringLiteral("Cannot create a child of a resource with a greedy "
                                                "path variable: %1")
                                     .arg(parent->pathPart));
        if (part.startsWith(u'{')) {
            for (const Resource *sibling : children(parentId)) {
                if (sibling->isParameter())
                    return Status::error(
                        GatewayError::BadRequest,
                        QStringLiteral("A sibling (%1) of this resource already has a variable "
                                       "path part -- only one is allowed")
                            .arg(sibling->pathPart));
            }
        }
        Resource r;
        r.id = newId();
        r.parentId = parentId;
        r.pathPart = part;
        r.path = current;
        resources.append(r);
        parentId = r.id;
    }
    return resourceByPath(path.size() > 1 && path.endsWith(u'/') ? path.chopped(1) : path);
}

const RequestValidator *RestApi::validatorFor(const Method &method) const
{
    const QString &name =
        method.requestValidator.isEmpty() ? requestValidator : method.requestValidator;
    const auto it = requestValidators.constFind(name);
    return name.isEmpty() || it == requestValidators.cend() ? nullptr : &it.value();
}

Deployment RestApi::deploy(const QString &deploymentId, const QString &description,
                           qint64 nowMs) const
{
    auto snapshot = std::make_shared<RestApi>(*this);
    snapshot->stages.clear();
    snapshot->deployments.clear();
    Deployment d;
    d.id = deploymentId;
    d.description = description;
    d.createdDateMs = nowMs;
    d.api = std::move(snapshot);
    return d;
}

Status validatePathPart(const QString &pathPart)
{
    static const QString message = QStringLiteral(
        "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the "
        "end and an optional plus sign before the closing brace.");
    if (pathPart.isEmpty())
        return Status::error(GatewayError::BadRequest, message);
    qsizetype begin = 0;
    qsizetype end = pathPart.size();
    if (pathPart.startsWith(u'{')) {
        if (!pathPart.endsWith(u'}') || pathPart.size() < 3)
            return Status::error(GatewayError::BadRequest, message);
        begin = 1;
        end -= 1;
        if (pathPart.at(end - 1) == u'+')
            end -= 1;
        if (end <= begin)
            return Status::error(GatewayError::BadRequest, message);
    }
    for (qsizetype i = begin; i < end; ++i) {
        if (!isPathPartChar(pathPart.at(i)))
            return Status::error(GatewayError::BadRequest, message);
    }
    return Status::ok();
}

std::function<QString()> IdGenerator::random()
{
    return [] {
        static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        QString id(10, u'0');
        for (int i = 0; i < 10; ++i)
            id[i] = QLatin1Char(alphabet[QRandomGenerator::global()->bounded(36)]);
        return id;
    };
}

std::function<QString()> IdGenerator::seeded(quint32 seed)
{
    auto generator = std::make_shared<QRandomGenerator>(seed);
    return [generator] {
        static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        QString id(10, u'0');
        for (int i = 0; i < 10; ++i)
            id[i] = QLatin1Char(alphabet[generator->bounded(36)]);
        return id;
    };
}

bool IdGenerator::isValidId(const QString &id)
{
    if (id.size() != 10)
        return false;
    for (QChar c : id) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')))
            return false;
    }
    return true;
}

} // namespace Gatehouse::Gateway
