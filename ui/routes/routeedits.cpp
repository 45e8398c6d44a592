#include <ui/routes/routeedits.h>

#include <QHash>

#include <algorithm>

namespace Gatehouse::Ui::RouteEdits {

using Gateway::GatewayError::BadRequest;
using Gateway::Method;
using Gateway::Resource;
using Gateway::RestApi;

namespace {

Status notFound(const QString &what)
{
    return Status::error(QStringLiteral("NotFoundException"), QStringLiteral("Invalid Resource identifier specified: %1").arg(what));
}

// Paths follow from the parent chain; resources stay parents-first, as RestApi requires.
void recomputePaths(RestApi &api)
{
    QHash<QString, int> byId;
    for (int i = 0; i < api.resources.size(); ++i)
        byId.insert(api.resources.at(i).id, i);
    std::function<QString(int, int)> pathOf = [&](int index, int depth) -> QString {
        const Resource &r = api.resources.at(index);
        if (r.isRoot() || depth > api.resources.size())
            return QStringLiteral("/");
        const auto parent = byId.constFind(r.parentId);
        if (parent == byId.cend())
            return u'/' + r.pathPart;
        return childPath(pathOf(*parent, depth + 1), r.pathPart);
    };
    QList<QString> paths;
    for (int i = 0; i < api.resources.size(); ++i)
        paths << pathOf(i, 0);
    for (int i = 0; i < api.resources.size(); ++i)
        api.resources[i].path = paths.at(i);
    std::stable_sort(api.resources.begin(), api.resources.end(), [](const Resource &a, const Resource &b) {
        if (a.isRoot() != b.isRoot())
            return a.isRoot();
        return a.path.count(u'/') < b.path.count(u'/');
    });
}

bool isUnder(const QString &path, const QString &ancestor)
{
    return path == ancestor || path.startsWith(ancestor == QLatin1String("/") ? ancestor : ancestor + u'/');
}

} // namespace

QStringList httpMethods()
{
    return {QStringLiteral("ANY"), QStringLiteral("DELETE"), QStringLiteral("GET"), QStringLiteral("HEAD"),
            QStringLiteral("OPTIONS"), QStringLiteral("PATCH"), QStringLiteral("POST"), QStringLiteral("PUT")};
}

QString childPath(const QString &parentPath, const QString &part)
{
    return parentPath == QLatin1String("/") ? QString(u'/' + part) : QString(parentPath + u'/' + part);
}

QString parentPath(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(u'/');
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

Status checkChildPart(const RestApi &api, const QString &parentPath, const QString &part,
                      const QString &ignorePath)
{
    if (Status s = Gateway::validatePathPart(part); !s)
        return s;
    const Resource *parent = api.resourceByPath(parentPath);
    if (!parent)
        return notFound(parentPath);
    if (parent->isGreedy())
        return Status::error(BadRequest, QStringLiteral("Cannot create a child of a resource with a greedy "
                                                        "path variable: %1").arg(parent->pathPart));
    for (const Resource *sibling : api.children(parent->id)) {
        if (sibling->path == ignorePath)
            continue;
        if (sibling->pathPart == part)
            return Status::error(QStringLiteral("ConflictException"),
                                 QStringLiteral("Another resource with the same parent already has this name: %1").arg(part));
        if (part.startsWith(u'{') && sibling->isParameter())
            return Status::error(BadRequest, QStringLiteral("A sibling (%1) of this resource already has a variable "
                                                            "path part -- only one is allowed").arg(sibling->pathPart));
    }
    return Status::ok();
}

Result<RestApi> addResource(const RestApi &api, const QString &parent, const QString &part,
                            const std::function<QString()> &newId)
{
    if (Status s = checkChildPart(api, parent, part); !s)
        return s;
    RestApi next = api;
    Resource r;
    r.id = newId();
    r.parentId = next.resourceByPath(parent)->id;
    r.pathPart = part;
    r.path = childPath(parent, part);
    next.resources.append(r);
    return next;
}

Result<RestApi> renameResource(const RestApi &api, const QString &path, const QString &part)
{
    const Resource *r = api.resourceByPath(path);
    if (!r)
        return notFound(path);
    if (r->isRoot())
        return Status::error(BadRequest, QStringLiteral("The root resource cannot be renamed"));
    if (Status s = checkChildPart(api, parentPath(path), part, path); !s)
        return s;
    if (part.endsWith(QLatin1String("+}")) && !api.children(r->id).isEmpty())
        return Status::error(BadRequest, QStringLiteral("A greedy path variable (%1) must be the last part of "
                                                        "the path: %2 has child resources").arg(part, path));
    RestApi next = api;
    next.resourceByPath(path)->pathPart = part;
    recomputePaths(next);
    return next;
}

Result<RestApi> moveResource(const RestApi &api, const QString &path, const QString &newParent)
{
    const Resource *r = api.resourceByPath(path);
    if (!r)
        return notFound(path);
    if (r->isRoot())
        return Status::error(BadRequest, QStringLiteral("The root resource cannot be moved"));
    if (isUnder(newParent, path))
        return Status::error(BadRequest, QStringLiteral("Cannot move %1 under itself").arg(path));
    if (parentPath(path) == newParent)
        return api;
    if (Status s = checkChildPart(api, newParent, r->pathPart); !s)
        return s;
    RestApi next = api;
    next.resourceByPath(path)->parentId = next.resourceByPath(newParent)->id;
    recomputePaths(next);
    return next;
}

Result<RestApi> deleteResource(const RestApi &api, const QString &path)
{
    const Resource *r = api.resourceByPath(path);
    if (!r)
        return notFound(path);
    if (r->isRoot())
        return Status::error(BadRequest, QStringLiteral("The root resource cannot be deleted"));
    RestApi next = api;
    next.resources.removeIf([&](const Resource &each) { return isUnder(each.path, path); });
    return next;
}

Method newMockMethod(const QString &httpMethod)
{
    Method m;
    m.httpMethod = httpMethod;
    Gateway::Integration integration;
    integration.type = Gateway::IntegrationType::Mock;
    integration.passthroughBehavior = QStringLiteral("WHEN_NO_MATCH");
    integration.requestTemplates.insert(QStringLiteral("application/json"), QStringLiteral("{\"statusCode\": 200}"));
    Gateway::IntegrationResponse response;
    response.statusCode = QStringLiteral("200");
    response.responseTemplates.insert(QStringLiteral("application/json"), QString());
    integration.responses.append(response);
    m.integration = integration;
    Gateway::MethodResponse methodResponse;
    methodResponse.description = QStringLiteral("200 response");
    methodResponse.responseModels.insert(QStringLiteral("application/json"), QStringLiteral("Empty"));
    m.methodResponses.insert(QStringLiteral("200"), methodResponse);
    return m;
}

Result<RestApi> addMethod(const RestApi &api, const QString &path, const Method &method)
{
    const Resource *r = api.resourceByPath(path);
    if (!r)
        return notFound(path);
    if (!httpMethods().contains(method.httpMethod))
        return Status::error(BadRequest, QStringLiteral("Invalid HttpMethod specified. Valid options are "
                                                        "ANY,DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT"));
    if (r->methods.contains(method.httpMethod))
        return Status::error(QStringLiteral("ConflictException"), QStringLiteral("Method already exists for this resource"));
    RestApi next = api;
    next.resourceByPath(path)->methods.insert(method.httpMethod, method);
    // The model Empty that a new method's response names is API Gateway's built-in one.
    for (const QString &model : method.methodResponses.value(QStringLiteral("200")).responseModels) {
        if (model == QLatin1String("Empty") && !next.models.contains(model)) {
            Gateway::Model empty;
            empty.name = model;
            empty.schema = QJsonObject{{QStringLiteral("title"), QStringLiteral("Empty Schema")},
                                       {QStringLiteral("type"), QStringLiteral("object")}};
            next.models.insert(model, empty);
        }
    }
    return next;
}

Result<RestApi> deleteMethod(const RestApi &api, const QString &path, const QString &httpMethod)
{
    const Resource *r = api.resourceByPath(path);
    if (!r || !r->methods.contains(httpMethod))
        return Status::error(QStringLiteral("NotFoundException"), QStringLiteral("Invalid Method identifier specified"));
    RestApi next = api;
    next.resourceByPath(path)->methods.remove(httpMethod);
    return next;
}

Result<RestApi> replaceMethod(const RestApi &api, const QString &path, const Method &method)
{
    const Resource *r = api.resourceByPath(path);
    if (!r || !r->methods.contains(method.httpMethod))
        return Status::error(QStringLiteral("NotFoundException"), QStringLiteral("Invalid Method identifier specified"));
    RestApi next = api;
    next.resourceByPath(path)->methods.insert(method.httpMethod, method);
    return next;
}

} // namespace Gatehouse::Ui::RouteEdits
