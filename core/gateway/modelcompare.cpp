#include <gateway/model.h>

#include <QJsonDocument>

namespace Gatehouse::Gateway {

namespace {

// Records the first difference and returns false, so checks chain with &&.
struct Differ
{
    QString *out;
    bool same(bool equal, const QString &what)
    {
        if (!equal && out && out->isEmpty())
            *out = what;
        return equal;
    }
};

QString parentPath(const RestApi &api, const Resource &r)
{
    const Resource *parent = api.resourceById(r.parentId);
    return parent ? parent->path : QString();
}

bool sameMethod(Differ &d, const QString &where, const Method &a, const Method &b)
{
    if (a == b)
        return true;
    const QString at = where + u' ' + a.httpMethod + u": ";
    return d.same(a.operationId == b.operationId, at + u"operationId") &&
           d.same(a.requestParameters == b.requestParameters, at + u"requestParameters") &&
           d.same(a.requestModels == b.requestModels, at + u"requestModels") &&
           d.same(a.requestValidator == b.requestValidator, at + u"requestValidator") &&
           d.same(a.apiKeyRequired == b.apiKeyRequired, at + u"apiKeyRequired") &&
           d.same(a.authorizationType == b.authorizationType, at + u"authorizationType") &&
           d.same(a.authorizerId == b.authorizerId, at + u"authorizerId") &&
           d.same(a.security == b.security, at + u"security") &&
           d.same(a.integration.has_value() == b.integration.has_value(), at + u"integration") &&
           d.same(!a.integration || a.integration->responses == b.integration->responses,
                  at + u"integration responses") &&
           d.same(a.integration == b.integration, at + u"integration") &&
           d.same(a.methodResponses == b.methodResponses, at + u"methodResponses") &&
           d.same(a.extensions == b.extensions, at + u"extensions") &&
           d.same(false, at + u"summary, description, tags or body required");
}

} // namespace

bool equivalent(const RestApi &a, const RestApi &b, QString *difference)
{
    Differ d{difference};
    if (!(d.same(a.name == b.name, QStringLiteral("name")) &&
          d.same(a.description == b.description, QStringLiteral("description")) &&
          d.same(a.version == b.version, QStringLiteral("version")) &&
          d.same(a.binaryMediaTypes == b.binaryMediaTypes, QStringLiteral("binaryMediaTypes")) &&
          d.same(a.apiKeySource == b.apiKeySource, QStringLiteral("apiKeySource")) &&
          d.same(a.minimumCompressionSize == b.minimumCompressionSize,
                 QStringLiteral("minimumCompressionSize")) &&
          d.same(a.endpointConfiguration == b.endpointConfiguration,
                 QStringLiteral("endpointConfiguration")) &&
          d.same(a.policy == b.policy, QStringLiteral("policy")) &&
          d.same(a.servers == b.servers, QStringLiteral("servers")) &&
          d.same(a.models == b.models, QStringLiteral("models")) &&
          d.same(a.requestValidators == b.requestValidators, QStringLiteral("requestValidators")) &&
          d.same(a.requestValidator == b.requestValidator, QStringLiteral("requestValidator")) &&
          d.same(a.gatewayResponses == b.gatewayResponses, QStringLiteral("gatewayResponses")) &&
          d.same(a.authorizers == b.authorizers, QStringLiteral("authorizers")) &&
          d.same(a.stages == b.stages, QStringLiteral("stages")) &&
          d.same(a.extensions == b.extensions, QStringLiteral("extensions")) &&
          d.same(a.resources.size() == b.resources.size(), QStringLiteral("resource count %1 != %2")
                                                               .arg(a.resources.size())
                                                               .arg(b.resources.size()))))
        return false;
    for (const Resource &ra : a.resources) {
        const Resource *rb = b.resourceByPath(ra.path);
        if (!d.same(rb != nullptr, QStringLiteral("resource %1 missing").arg(ra.path)))
            return false;
        if (!d.same(ra.pathPart == rb->pathPart && parentPath(a, ra) == parentPath(b, *rb),
                    QStringLiteral("resource %1: parent or path part").arg(ra.path)))
            return false;
        if (!d.same(ra.extensions == rb->extensions,
                    QStringLiteral("resource %1: extensions").arg(ra.path)))
            return false;
        if (!d.same(ra.methods.keys() == rb->methods.keys(),
                    QStringLiteral("resource %1: methods").arg(ra.path)))
            return false;
        for (auto it = ra.methods.cbegin(); it != ra.methods.cend(); ++it) {
            if (!sameMethod(d, ra.path, it.value(), rb->methods.value(it.key())))
                return false;
        }
    }
    return true;
}

} // namespace Gatehouse::Gateway
