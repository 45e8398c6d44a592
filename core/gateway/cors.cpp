#include "cors.h"

#include <algorithm>

namespace Gatehouse::Gateway {

namespace {

const QString AllowHeaders = QStringLiteral("method.response.header.Access-Control-Allow-Headers");
const QString AllowMethods = QStringLiteral("method.response.header.Access-Control-Allow-Methods");
const QString AllowOrigin = QStringLiteral("method.response.header.Access-Control-Allow-Origin");

QString quoted(const QString &value)
{
    return u'\'' + value + u'\'';
}

QStringList methodsOf(const Resource &resource)
{
    QStringList methods;
    for (const QString &m : resource.methods.keys()) {
        if (m == QLatin1String("ANY")) {
            methods << QStringLiteral("DELETE") << QStringLiteral("GET") << QStringLiteral("HEAD")
                    << QStringLiteral("PATCH") << QStringLiteral("POST") << QStringLiteral("PUT");
        } else {
            methods << m;
        }
    }
    methods << QStringLiteral("OPTIONS");
    std::sort(methods.begin(), methods.end());
    methods.removeDuplicates();
    return methods;
}

bool isProxy(const Method &method)
{
    return method.integration && (method.integration->type == IntegrationType::HttpProxy ||
                                  method.integration->type == IntegrationType::AwsProxy);
}

// The integration response that answers 200: the one whose statusCode is 200, else the default.
IntegrationResponse *responseFor200(Integration &integration)
{
    for (IntegrationResponse &r : integration.responses) {
        if (r.statusCode.trimmed() == QLatin1String("200"))
            return &r;
    }
    for (IntegrationResponse &r : integration.responses) {
        if (r.selectionPattern.isEmpty())
            return &r;
    }
    return nullptr;
}

} // namespace

Status enableCors(RestApi &api, const QString &resourcePath, const CorsOptions &options)
{
    Resource *resource = api.resourceByPath(resourcePath);
    if (!resource) {
        return Status::error(GatewayError::BadRequest,
                             QStringLiteral("Invalid resource identifier specified: %1")
                                 .arg(resourcePath));
    }
    const QString methods = (options.allowMethods.isEmpty() ? methodsOf(*resource)
                                                            : options.allowMethods)
                                .join(u',');

    if (!api.models.contains(QStringLiteral("Empty"))) {
        Model empty;
        empty.name = QStringLiteral("Empty");
        empty.schema = QJsonObject{
            {QStringLiteral("$schema"), QStringLiteral("http://json-schema.org/draft-04/schema#")},
            {QStringLiteral("title"), QStringLiteral("Empty Schema")},
            {QStringLiteral("type"), QStringLiteral("object")}};
        api.models.insert(empty.name, empty);
    }

    Method options_;
    options_.httpMethod = QStringLiteral("OPTIONS");
    MethodResponse ok;
    ok.description = QStringLiteral("200 response");
    ok.responseParameters = {{AllowHeaders, false}, {AllowMethods, false}, {AllowOrigin, false}};
    ok.responseModels = {{QStringLiteral("application/json"), QStringLiteral("Empty")}};
    options_.methodResponses.insert(QStringLiteral("200"), ok);
    Integration mock;
    mock.type = IntegrationType::Mock;
    mock.passthroughBehavior = QStringLiteral("WHEN_NO_MATCH");
    mock.requestTemplates = {{QStringLiteral("application/json"),
                              QStringLiteral("{\"statusCode\": 200}")}};
    IntegrationResponse answer;
    answer.statusCode = QStringLiteral("200");
    answer.responseParameters = {{AllowHeaders, quoted(options.allowHeaders)},
                                 {AllowMethods, quoted(methods)},
                                 {AllowOrigin, quoted(options.allowOrigin)}};
    mock.responses = {answer};
    options_.integration = mock;
    resource->methods.insert(options_.httpMethod, options_);

    for (auto it = resource->methods.begin(); it != resource->methods.end(); ++it) {
        Method &method = it.value();
        if (method.httpMethod == QLatin1String("OPTIONS") || isProxy(method) ||
            !method.integration)
            continue;
        MethodResponse &response = method.methodResponses[QStringLiteral("200")];
        if (response.description.isEmpty())
            response.description = QStringLiteral("200 response");
        response.responseParameters.insert(AllowOrigin, false);
        IntegrationResponse *r = responseFor200(*method.integration);
        if (!r) {
            method.integration->responses.append(IntegrationResponse{});
            r = &method.integration->responses.last();
            r->statusCode = QStringLiteral("200");
        }
        r->responseParameters.insert(AllowOrigin, quoted(options.allowOrigin));
    }

    if (options.gatewayResponses) {
        for (const QString &type : {QStringLiteral("DEFAULT_4XX"), QStringLiteral("DEFAULT_5XX")}) {
            GatewayResponse &g = api.gatewayResponses[type];
            g.responseParameters.insert(
                QStringLiteral("gatewayresponse.header.Access-Control-Allow-Origin"),
                quoted(options.allowOrigin));
            g.responseParameters.insert(
                QStringLiteral("gatewayresponse.header.Access-Control-Allow-Headers"),
                quoted(options.allowHeaders));
            if (g.responseTemplates.isEmpty()) {
                g.responseTemplates.insert(QStringLiteral("application/json"),
                                           QStringLiteral("{\"message\":$context.error.messageString}"));
            }
        }
    }
    return Status::ok();
}

} // namespace Gatehouse::Gateway
