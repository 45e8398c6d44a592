#include "openapitestutil.h"

#include <gateway/openapi.h>
#include <gateway/orderedjson.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;
using namespace GatewayTest;

class TestOpenApiImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void petStore();
    void petStoreSwagger();
    void commerce();
    void commerceWarnings();
    void bookstore();
    void warnings_data();
    void warnings();
    void errors_data();
    void errors();
    void scalarsKeepTheirTypes();
    void inlineSchemasBecomeModels();
    void jsonWithSurrogateEscapes();
};

static ImportResult importFile(const QString &file)
{
    const Result<ImportResult> r = importOpenApi(readGolden(file), seededOptions());
    if (!r.isOk()) {
        qWarning() << r.status().toString();
        return {};
    }
    return *r;
}

static const Method *method(const RestApi &api, const QString &path, const QString &verb)
{
    const Resource *r = api.resourceByPath(path);
    if (!r || !r->methods.contains(verb))
        return nullptr;
    return &*r->methods.find(verb);
}

void TestOpenApiImport::petStore()
{
    const ImportResult result = importFile(QStringLiteral("petstore.openapi3.yaml"));
    const RestApi &api = result.api;
    QVERIFY(result.warnings.isEmpty());
    QCOMPARE(api.name, QStringLiteral("PetStore"));
    QCOMPARE(api.version, QStringLiteral("2016-10-13T23:04:43Z"));
    QVERIFY(IdGenerator::isValidId(api.id));
    QCOMPARE(api.resources.size(), 3);
    for (const Resource &r : api.resources)
        QVERIFY(IdGenerator::isValidId(r.id));
    const Resource *pet = api.resourceByPath(QStringLiteral("/pets/{petId}"));
    QVERIFY(pet);
    QCOMPARE(pet->pathPart, QStringLiteral("{petId}"));
    QCOMPARE(pet->parentId, api.resourceByPath(QStringLiteral("/pets"))->id);
    QCOMPARE(api.root()->methods.keys(), QStringList{"GET"});
    QCOMPARE(api.resourceByPath(QStringLiteral("/pets"))->methods.keys(),
             (QStringList{"GET", "OPTIONS", "POST"}));

    const Method *list = method(api, QStringLiteral("/pets"), QStringLiteral("GET"));
    QVERIFY(list);
    QCOMPARE(list->operationId, QStringLiteral("ListPets"));
    QCOMPARE(list->requestParameters,
             (QMap<QString, bool>{{"method.request.querystring.page", false},
                                  {"method.request.querystring.type", false}}));
    QCOMPARE(list->authorizationType, QStringLiteral("NONE"));
    QVERIFY(list->integration);
    QCOMPARE(list->integration->type, IntegrationType::Http);
    QCOMPARE(list->integration->httpMethod, QStringLiteral("GET"));
    QCOMPARE(list->integration->uri,
             QStringLiteral("http://petstore-demo-endpoint.execute-api.com/petstore/pets"));
    QCOMPARE(list->integration->passthroughBehavior, QStringLiteral("WHEN_NO_MATCH"));
    QCOMPARE(list->integration->requestParameters.value(
                 QStringLiteral("integration.request.querystring.page")),
             QStringLiteral("method.request.querystring.page"));
    QCOMPARE(list->integration->responses.size(), 1);
    QCOMPARE(list->integration->responses.first().selectionPattern, QString());
    QCOMPARE(list->integration->responses.first().statusCode, QStringLiteral("200"));
    QCOMPARE(list->integration->responses.first().responseParameters.value(
                 QStringLiteral("method.response.header.Access-Control-Allow-Origin")),
             QStringLiteral("'*'"));
    const MethodResponse ok = list->methodResponses.value(QStringLiteral("200"));
    QCOMPARE(ok.description, QStringLiteral("Successful operation"));
    QCOMPARE(ok.responseModels, (QMap<QString, QString>{{"application/json", "Pets"}}));
    QCOMPARE(ok.responseParameters,
             (QMap<QString, bool>{{"method.response.header.Access-Control-Allow-Origin", false}}));

    const Method *create = method(api, QStringLiteral("/pets"), QStringLiteral("POST"));
    QCOMPARE(create->requestModels, (QMap<QString, QString>{{"application/json", "NewPet"}}));
    QVERIFY(create->requestBodyRequired);

    const Method *get = method(api, QStringLiteral("/pets/{petId}"), QStringLiteral("GET"));
    QCOMPARE(get->requestParameters, (QMap<QString, bool>{{"method.request.path.petId", true}}));

    const Method *cors = method(api, QStringLiteral("/pets/{petId}"), QStringLiteral("OPTIONS"));
    QCOMPARE(cors->integration->type, IntegrationType::Mock);
    QCOMPARE(cors->integration->requestTemplates.value(QStringLiteral("application/json")),
             QStringLiteral("{\"statusCode\": 200}"));
    QCOMPARE(cors->integration->responses.first().responseParameters.value(
                 QStringLiteral("method.response.header.Access-Control-Allow-Methods")),
             QStringLiteral("'GET,OPTIONS'"));

    QCOMPARE(api.models.keys(),
             (QStringList{"Empty", "NewPet", "NewPetResponse", "Pet", "PetType", "Pets"}));
    QCOMPARE(api.models.value(QStringLiteral("Pets")).schema.value(QLatin1String("items")),
             QJsonValue(QJsonObject{{"$ref", "#/components/schemas/Pet"}}));
    QCOMPARE(api.models.value(QStringLiteral("Pets")).contentType,
             QStringLiteral("application/json"));
    QCOMPARE(api.servers.toArray().first().toObject().value(QLatin1String("url")).toString(),
             QStringLiteral("https://abcdef1234.execute-api.us-east-1.amazonaws.com/{basePath}"));
}

void TestOpenApiImport::petStoreSwagger()
{
    const ImportResult result = importFile(QStringLiteral("petstore.swagger2.json"));
    const RestApi &api = result.api;
    QVERIFY(result.warnings.isEmpty());
    QCOMPARE(api.resources.size(), 3);
    // Swagger's definitions are models whose references read like OpenAPI 3's.
    QCOMPARE(api.models.value(QStringLiteral("NewPet"))
                 .schema.value(QLatin1String("properties"))
                 .toObject()
                 .value(QLatin1String("type")),
             QJsonValue(QJsonObject{{"$ref", "#/components/schemas/PetType"}}));
    const Method *create = method(api, QStringLiteral("/pets"), QStringLiteral("POST"));
    QCOMPARE(create->requestModels, (QMap<QString, QString>{{"application/json", "NewPet"}}));
    QVERIFY(create->requestBodyRequired);
    QCOMPARE(create->methodResponses.value(QStringLiteral("200")).responseModels,
             (QMap<QString, QString>{{"application/json", "NewPetResponse"}}));
    const Method *root = method(api, QStringLiteral("/"), QStringLiteral("GET"));
    QCOMPARE(root->methodResponses.value(QStringLiteral("200")).responseParameters,
             (QMap<QString, bool>{{"method.response.header.Content-Type", false}}));
    // host + basePath become the servers entry AWS writes in OpenAPI 3.
    const QJsonObject server = api.servers.toArray().first().toObject();
    QCOMPARE(server.value(QLatin1String("url")).toString(),
             QStringLiteral("https://abcdef1234.execute-api.us-east-1.amazonaws.com/{basePath}"));
    QCOMPARE(server.value(QLatin1String("variables")).toObject().value(QLatin1String("basePath")),
             QJsonValue(QJsonObject{{"default", "test"}}));

    // The same API as its OpenAPI 3 version, apart from what the two texts say differently.
    const RestApi v3 = importFile(QStringLiteral("petstore.openapi3.yaml")).api;
    QCOMPARE(method(api, QStringLiteral("/pets/{petId}"), QStringLiteral("GET"))->integration,
             method(v3, QStringLiteral("/pets/{petId}"), QStringLiteral("GET"))->integration);
    QCOMPARE(api.models.value(QStringLiteral("Pet")), v3.models.value(QStringLiteral("Pet")));
}

void TestOpenApiImport::commerce()
{
    const RestApi api = importFile(QStringLiteral("commerce.openapi3.yaml")).api;
    int operations = 0;
    for (const Resource &r : api.resources)
        operations += r.methods.size();
    QCOMPARE(operations, 34);

    QCOMPARE(api.binaryMediaTypes,
             (QStringList{"image/png", "image/jpeg", "application/octet-stream",
                          "multipart/form-data"}));
    QCOMPARE(api.apiKeySource, QStringLiteral("HEADER"));
    QCOMPARE(api.minimumCompressionSize, std::optional<int>(1024));
    QCOMPARE(api.endpointConfiguration.toObject().value(QLatin1String("types")),
             QJsonValue(QJsonArray{"REGIONAL"}));
    QCOMPARE(api.policy.toObject().value(QLatin1String("Statement")).toArray().size(), 2);
    QCOMPARE(api.requestValidator, QStringLiteral("params-only"));
    QCOMPARE(api.requestValidators.size(), 3);
    QVERIFY(api.requestValidators.value(QStringLiteral("body-only")).validateRequestBody);
    QVERIFY(!api.requestValidators.value(QStringLiteral("body-only")).validateRequestParameters);
    QCOMPARE(api.extensions.keys(), (QStringList{"x-amazon-apigateway-documentation",
                                                 "x-amazon-apigateway-importexport-version"}));

    // Gateway responses: a numeric statusCode reads as the same text as a quoted one.
    QCOMPARE(api.gatewayResponses.size(), 7);
    QCOMPARE(api.gatewayResponses.value(QStringLiteral("MISSING_AUTHENTICATION_TOKEN")).statusCode,
             QStringLiteral("404"));
    QCOMPARE(api.gatewayResponses.value(QStringLiteral("BAD_REQUEST_BODY")).statusCode,
             QStringLiteral("422"));
    QCOMPARE(api.gatewayResponses.value(QStringLiteral("DEFAULT_5XX")).statusCode, QString());
    QCOMPARE(api.gatewayResponses.value(QStringLiteral("THROTTLED")).responseParameters,
             (QMap<QString, QString>{{"gatewayresponse.header.Retry-After", "'1'"}}));

    // Authorizers and what each method's security makes of them.
    QCOMPARE(api.authorizers.keys(),
             (QStringList{"CognitoAuth", "RequestAuth", "TokenAuth", "api_key", "sigv4"}));
    QCOMPARE(api.authorizers.value(QStringLiteral("TokenAuth")).type, QStringLiteral("TOKEN"));
    QCOMPARE(api.authorizers.value(QStringLiteral("CognitoAuth")).type,
             QStringLiteral("COGNITO_USER_POOLS"));
    const Method *create = method(api, QStringLiteral("/products"), QStringLiteral("POST"));
    QCOMPARE(create->authorizationType, QStringLiteral("COGNITO_USER_POOLS"));
    QCOMPARE(create->authorizerId, QStringLiteral("CognitoAuth"));
    QCOMPARE(create->authorizationScopes, QStringList{"catalog/write"});
    QCOMPARE(create->requestValidator, QStringLiteral("all"));
    const Method *replace =
        method(api, QStringLiteral("/products/{productId}"), QStringLiteral("PUT"));
    QCOMPARE(replace->authorizationType, QStringLiteral("CUSTOM"));
    QCOMPARE(replace->authorizerId, QStringLiteral("TokenAuth"));
    QCOMPARE(replace->integration->connectionType, QStringLiteral("VPC_LINK"));
    QCOMPARE(replace->integration->connectionId, QStringLiteral("vl1abc"));
    QCOMPARE(method(api, QStringLiteral("/products/{productId}"), QStringLiteral("DELETE"))
                 ->authorizationType,
             QStringLiteral("AWS_IAM"));
    QCOMPARE(method(api, QStringLiteral("/customers/{customerId}"), QStringLiteral("DELETE"))
                 ->authorizationType,
             QStringLiteral("AWS_IAM"));
    const Method *review =
        method(api, QStringLiteral("/products/{productId}/reviews"), QStringLiteral("POST"));
    QVERIFY(review->apiKeyRequired);
    QCOMPARE(review->authorizationType, QStringLiteral("NONE"));
    QCOMPARE(review->integration->type, IntegrationType::AwsProxy);
    QCOMPARE(review->integration->timeoutInMillis, std::optional<int>(10000));
    const Method *customers = method(api, QStringLiteral("/customers"), QStringLiteral("GET"));
    QVERIFY(customers->apiKeyRequired);
    QCOMPARE(customers->authorizationType, QStringLiteral("CUSTOM"));
    QCOMPARE(customers->authorizerId, QStringLiteral("RequestAuth"));
    QCOMPARE(customers->requestParameters,
             (QMap<QString, bool>{{"method.request.querystring.email", true}}));

    // Path-item parameters apply to each operation of the path.
    QCOMPARE(method(api, QStringLiteral("/customers/{customerId}"), QStringLiteral("GET"))
                 ->requestParameters,
             (QMap<QString, bool>{{"method.request.path.customerId", true},
                                  {"method.request.header.X-Request-Source", true}}));

    // Integration responses: patterns in order, the default one last.
    const Method *listProducts = method(api, QStringLiteral("/products"), QStringLiteral("GET"));
    QStringList patterns;
    for (const IntegrationResponse &r : listProducts->integration->responses)
        patterns.append(r.selectionPattern + u'=' + r.statusCode);
    QCOMPARE(patterns, (QStringList{"4\\d{2}=400", "5\\d{2}=502", "=200"}));
    QCOMPARE(listProducts->integration->timeoutInMillis, std::optional<int>(5000));
    QCOMPARE(listProducts->integration->cacheNamespace, QStringLiteral("products"));
    QCOMPARE(listProducts->integration->cacheKeyParameters.size(), 2);
    QCOMPARE(listProducts->integration->requestParameters.value(
                 QStringLiteral("integration.request.header.x-trace")),
             QStringLiteral("context.requestId"));
    const Method *placeOrder =
        method(api, QStringLiteral("/customers/{customerId}/orders"), QStringLiteral("POST"));
    QCOMPARE(placeOrder->integration->type, IntegrationType::Aws);
    QCOMPARE(placeOrder->integration->passthroughBehavior, QStringLiteral("NEVER"));
    QCOMPARE(placeOrder->integration->responses.size(), 3);

    // Greedy paths, ANY, HEAD, a leaf without methods.
    const Resource *legacy = api.resourceByPath(QStringLiteral("/legacy/{proxy+}"));
    QVERIFY(legacy && legacy->isGreedy());
    QCOMPARE(legacy->methods.keys(), QStringList{"ANY"});
    QCOMPARE(legacy->methods.first().integration->type, IntegrationType::HttpProxy);
    QCOMPARE(api.resourceByPath(QStringLiteral("/health"))->methods.keys(),
             (QStringList{"GET", "HEAD"}));
    QVERIFY(api.resourceByPath(QStringLiteral("/empty-leaf")));
    QVERIFY(api.resourceByPath(QStringLiteral("/empty-leaf"))->methods.isEmpty());
    const Method *upload = method(api, QStringLiteral("/uploads/{key}"), QStringLiteral("PUT"));
    QCOMPARE(upload->integration->contentHandling, QStringLiteral("CONVERT_TO_BINARY"));
    QCOMPARE(upload->integration->responses.first().contentHandling,
             QStringLiteral("CONVERT_TO_TEXT"));
    const Method *del = method(api, QStringLiteral("/orders/{orderId}"), QStringLiteral("DELETE"));
    QCOMPARE(del->integration->extra.value(QLatin1String("tlsConfig")),
             QJsonValue(QJsonObject{{"insecureSkipVerification", true}}));
    const Method *stripe = method(api, QStringLiteral("/webhooks/stripe"), QStringLiteral("POST"));
    QCOMPARE(stripe->extensions.keys(), QStringList{"x-amazon-apigateway-ratelimit-hint"});

    // Models keep their references to each other.
    QCOMPARE(api.models.value(QStringLiteral("Order"))
                 .schema.value(QLatin1String("allOf"))
                 .toArray()
                 .first(),
             QJsonValue(QJsonObject{{"$ref", "#/components/schemas/NewOrder"}}));
}

void TestOpenApiImport::commerceWarnings()
{
    const ImportResult result = importFile(QStringLiteral("commerce.openapi3.yaml"));
    QStringList actual;
    for (const ImportWarning &w : result.warnings)
        actual.append(w.toString());
    const QStringList expected = {
        "/components/securitySchemes/CognitoAuth/x-amazon-apigateway-authorizer "
        "(x-amazon-apigateway-authorizer): authorizer 'CognitoAuth' is carried, not enforced yet",
        "/components/securitySchemes/RequestAuth/x-amazon-apigateway-authorizer "
        "(x-amazon-apigateway-authorizer): authorizer 'RequestAuth' is carried, not enforced yet",
        "/components/securitySchemes/TokenAuth/x-amazon-apigateway-authorizer "
        "(x-amazon-apigateway-authorizer): authorizer 'TokenAuth' is carried, not enforced yet",
        "/x-amazon-apigateway-documentation (x-amazon-apigateway-documentation): documentation "
        "parts are carried, not interpreted",
        "/x-amazon-apigateway-minimum-compression-size "
        "(x-amazon-apigateway-minimum-compression-size): carried, responses are not compressed yet",
        "/x-amazon-apigateway-policy (x-amazon-apigateway-policy): resource policy is carried, "
        "not enforced yet",
        "/paths/~1admin~1{proxy+}/x-amazon-apigateway-any-method/security (security): AWS_IAM "
        "authorization is carried, not enforced yet",
        "/paths/~1customers/get/security (security): API key required: carried, not enforced yet",
        "/paths/~1customers~1{customerId}/delete/x-amazon-apigateway-auth "
        "(x-amazon-apigateway-auth): AWS_IAM authorization is carried, not enforced yet",
        "/paths/~1orders~1{orderId}/delete/x-amazon-apigateway-integration/tlsConfig "
        "(x-amazon-apigateway-integration): integration field 'tlsConfig' is carried, not "
        "interpreted",
        "/paths/~1products/get/x-amazon-apigateway-integration (x-amazon-apigateway-integration): "
        "cache settings are carried, responses are not cached",
        "/paths/~1products~1{productId}/put/x-amazon-apigateway-integration/connectionType "
        "(x-amazon-apigateway-integration): VPC links are carried, the integration calls its uri "
        "directly",
        "/paths/~1products~1{productId}/delete/security (security): AWS_IAM authorization is "
        "carried, not enforced yet",
        "/paths/~1products~1{productId}~1reviews/post/security (security): API key required: "
        "carried, not enforced yet",
        "/paths/~1webhooks~1stripe/post/x-amazon-apigateway-ratelimit-hint "
        "(x-amazon-apigateway-ratelimit-hint): unknown extension, carried unchanged",
    };
    if (actual != expected)
        qDebug().noquote() << actual.join(u'\n'); // QCOMPARE truncates long strings
    QCOMPARE(actual.join(u'\n'), expected.join(u'\n'));
}

void TestOpenApiImport::bookstore()
{
    const ImportResult result = importFile(QStringLiteral("resources/demo/apis/bookstore.yaml"));
    QVERIFY(result.warnings.isEmpty());
    const RestApi &api = result.api;
    QCOMPARE(api.name, QStringLiteral("Bookstore"));
    QCOMPARE(api.resources.size(), 6);
    // statusCode: 404 (a YAML number) is the text "404".
    QCOMPARE(api.gatewayResponses.value(QStringLiteral("MISSING_AUTHENTICATION_TOKEN")).statusCode,
             QStringLiteral("404"));
    const Method *create = method(api, QStringLiteral("/books"), QStringLiteral("POST"));
    QCOMPARE(create->requestValidator, QStringLiteral("body-only"));
    QVERIFY(api.validatorFor(*create)->validateRequestBody);
    QCOMPARE(create->integration->credentials,
             QStringLiteral("arn:aws:iam::123456789012:role/bookstore-dynamodb"));
    QCOMPARE(create->integration->responses.size(), 2);
    QCOMPARE(create->integration->responses.at(0).selectionPattern, QStringLiteral("400"));
    QCOMPARE(create->integration->responses.at(0).statusCode, QStringLiteral("400"));
    QCOMPARE(create->integration->responses.at(1).selectionPattern, QString());
    QCOMPARE(create->integration->responses.at(1).statusCode, QStringLiteral("201"));
    const Method *stores = method(api, QStringLiteral("/stores"), QStringLiteral("GET"));
    QVERIFY(stores->integration->requestTemplates.value(QStringLiteral("application/json"))
                .startsWith(QStringLiteral("#if($input.params('city') == 'atlantis')\n")));
    const Method *recommend =
        method(api, QStringLiteral("/books/{isbn}/recommendations"), QStringLiteral("GET"));
    QCOMPARE(recommend->integration->type, IntegrationType::AwsProxy);
    QCOMPARE(recommend->integration->contentHandling, QStringLiteral("CONVERT_TO_TEXT"));
    QVERIFY(recommend->methodResponses.isEmpty());
}

static QByteArray minimalDocument(const QByteArray &operation, const QByteArray &topLevel = {})
{
    return "openapi: 3.0.1\ninfo:\n  title: T\n  version: '1'\npaths:\n  /things/{id}:\n"
           "    get:\n" +
           operation + topLevel;
}

static const QByteArray kMock = "      x-amazon-apigateway-integration:\n        type: mock\n";

void TestOpenApiImport::warnings_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("none") << minimalDocument(kMock) << QStringList();
    QTest::newRow("no integration")
        << minimalDocument("      operationId: X\n")
        << QStringList{"/paths/~1things~1{id}/get (x-amazon-apigateway-integration): No "
                       "integration defined for method"};
    QTest::newRow("cookie parameter")
        << minimalDocument("      parameters:\n      - name: session\n        in: cookie\n" + kMock)
        << QStringList{"/paths/~1things~1{id}/get/parameters/0 (cookie): 'cookie' parameters are "
                       "not supported by API Gateway: parameter 'session' is ignored"};
    QTest::newRow("undeclared scheme")
        << minimalDocument("      security:\n      - nope: []\n" + kMock)
        << QStringList{"/paths/~1things~1{id}/get/security (security): security scheme 'nope' is "
                       "not declared"};
    QTest::newRow("dangling model ref")
        << minimalDocument(
               "      responses:\n        '200':\n          description: ok\n"
               "          content:\n            application/json:\n"
               "              schema:\n                $ref: '#/components/schemas/Gone'\n" +
               kMock)
        << QStringList{"/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/"
                       "$ref ($ref): reference '#/components/schemas/Gone' does not name a model: "
                       "the schema is ignored"};
    QTest::newRow("unknown operation extension")
        << minimalDocument(kMock + "      x-amazon-apigateway-future: 1\n")
        << QStringList{"/paths/~1things~1{id}/get/x-amazon-apigateway-future "
                       "(x-amazon-apigateway-future): unknown extension, carried unchanged"};
    QTest::newRow("path item extension")
        << QByteArray("openapi: 3.0.1\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n"
                      "    x-amazon-apigateway-note: {a: 1}\n")
        << QStringList{"/paths/~1a/x-amazon-apigateway-note (x-amazon-apigateway-note): unknown "
                       "extension, carried unchanged"};
    QTest::newRow("undeclared mapped parameter")
        << minimalDocument("      parameters:\n      - {name: id, in: path, required: true}\n"
                           "      x-amazon-apigateway-integration:\n        type: http\n"
                           "        uri: http://backend/{id}\n        requestParameters:\n"
                           "          integration.request.path.id: method.request.path.id\n"
                           "          integration.request.header.x: method.request.header.x\n"
                           "          integration.request.header.y: \"'constant'\"\n")
        << QStringList{"/paths/~1things~1{id}/get/x-amazon-apigateway-integration/"
                       "requestParameters/integration.request.header.x "
                       "(x-amazon-apigateway-integration): Invalid mapping expression parameter "
                       "specified: method.request.header.x"};
    QTest::newRow("document security")
        << minimalDocument(kMock, "security:\n- api_key: []\n")
        << QStringList{"/security (security): document-level security requirements are ignored, "
                       "as API Gateway ignores them: set them on each operation"};
    QTest::newRow("openapi 3.1")
        << QByteArray("openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\n")
        << QStringList{"/openapi (openapi): OpenAPI 3.1.0 is read as OpenAPI 3.0, as API Gateway "
                       "reads it"};
    QTest::newRow("trace")
        << QByteArray("openapi: 3.0.0\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n"
                      "    trace:\n      responses: {}\n")
        << QStringList{"/paths/~1a/trace (trace): API Gateway has no TRACE method: the operation "
                       "is ignored"};
}

void TestOpenApiImport::warnings()
{
    QFETCH(QByteArray, document);
    QFETCH(QStringList, expected);
    const Result<ImportResult> r = importOpenApi(document, seededOptions());
    QVERIFY2(r.isOk(), qPrintable(r.status().toString()));
    QStringList actual;
    for (const ImportWarning &w : r->warnings)
        actual.append(w.toString());
    QCOMPARE(actual.join(u'\n'), expected.join(u'\n'));
}

void TestOpenApiImport::errors_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("message");
    QTest::newRow("malformed yaml") << QByteArray("openapi: 3.0.1\npaths:\n  /a: [\n")
                                    << "line 4, column 1: end of sequence flow not found";
    QTest::newRow("malformed json")
        << QByteArray("{\"openapi\": \"3.0.1\",\n \"paths\": {\"/a\": }\n")
        << "line 3, column 1: end of map flow not found";
    QTest::newRow("scalar document")
        << QByteArray("hello") << "not an OpenAPI document: the top level is not a map";
    QTest::newRow("empty document")
        << QByteArray("") << "not an OpenAPI document: the top level is not a map";
    QTest::newRow("no version") << QByteArray("info: {}\npaths: {}\n")
                                << "not an OpenAPI document: neither \"openapi\" nor \"swagger\" "
                                   "is present";
    QTest::newRow("swagger 1.2") << QByteArray("swagger: '1.2'\npaths: {}\n")
                                 << "Swagger 1.2 is not supported: expected OpenAPI 3.0 or "
                                    "Swagger 2.0";
    QTest::newRow("openapi 2") << QByteArray("openapi: '2.0'\npaths: {}\n")
                               << "OpenAPI 2.0 is not supported: expected OpenAPI 3.0 or "
                                  "Swagger 2.0";
    QTest::newRow("no paths") << QByteArray("openapi: 3.0.1\ninfo: {title: T}\n")
                              << "the document has no \"paths\"";
    QTest::newRow("paths not a map")
        << QByteArray("openapi: 3.0.1\npaths: [a]\n") << "\"paths\" must be a map";
    QTest::newRow("relative path") << QByteArray("openapi: 3.0.1\npaths:\n  pets: {}\n")
                                   << "/paths/pets: a path must begin with '/'";
    QTest::newRow("bad path part")
        << QByteArray("openapi: 3.0.1\npaths:\n  /my pets: {}\n")
        << "/paths/~1my pets: Resource's path part only allow a-zA-Z0-9._- and curly braces at "
           "the beginning and the end and an optional plus sign before the closing brace.";
    QTest::newRow("child of greedy")
        << QByteArray("openapi: 3.0.1\npaths:\n  /a/{proxy+}: {}\n  /a/{proxy+}/b: {}\n")
        << "/paths/~1a~1{proxy+}~1b: Cannot create a child of a resource with a greedy path "
           "variable: {proxy+}";
    QTest::newRow("two variables")
        << QByteArray("openapi: 3.0.1\npaths:\n  /a/{x}: {}\n  /a/{y}: {}\n")
        << "/paths/~1a~1{y}: A sibling ({x}) of this resource already has a variable path part "
           "-- only one is allowed";
    QTest::newRow("bad integration type")
        << minimalDocument("      x-amazon-apigateway-integration:\n        type: lambda\n")
        << "/paths/~1things~1{id}/get/x-amazon-apigateway-integration/type: Invalid integration "
           "type 'lambda': expected one of mock, http, http_proxy, aws, aws_proxy";
    QTest::newRow("integration without type")
        << minimalDocument("      x-amazon-apigateway-integration:\n        uri: http://x\n")
        << "/paths/~1things~1{id}/get/x-amazon-apigateway-integration/type: the integration has "
           "no type";
    QTest::newRow("http without uri")
        << minimalDocument("      x-amazon-apigateway-integration:\n        type: http\n")
        << "/paths/~1things~1{id}/get/x-amazon-apigateway-integration/uri: an integration of "
           "type HTTP needs a uri";
    QTest::newRow("response without status")
        << minimalDocument(kMock + "        responses:\n          default: {}\n")
        << "/paths/~1things~1{id}/get/x-amazon-apigateway-integration/responses/default: an "
           "integration response needs a statusCode";
    QTest::newRow("unknown validator on operation")
        << minimalDocument(kMock + "      x-amazon-apigateway-request-validator: strict\n")
        << "/paths/~1things~1{id}/get/x-amazon-apigateway-request-validator: Invalid request "
           "validator name 'strict'";
    QTest::newRow("unknown default validator")
        << minimalDocument(kMock, "x-amazon-apigateway-request-validator: strict\n")
        << "/x-amazon-apigateway-request-validator: Invalid request validator name 'strict'";
}

void TestOpenApiImport::errors()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, message);
    const Result<ImportResult> r = importOpenApi(document, seededOptions());
    QVERIFY(!r.isOk());
    QCOMPARE(r.status().code(), GatewayError::InvalidDocument);
    QCOMPARE(r.status().message(), message);
}

void TestOpenApiImport::scalarsKeepTheirTypes()
{
    const Result<QJsonValue> v = parseYamlOrJson(
        "a: 200\nb: '200'\nc: true\nd: 'true'\ne: yes\nf: ~\ng: 1.5\nh: 0x1F\ni: 01234\n"
        "j: .inf\nk: \"null\"\nl: 1e3\nm: -7\n200: x\n");
    QVERIFY(v.isOk());
    const QJsonObject o = v->toObject();
    QCOMPARE(o.value(QLatin1String("a")), QJsonValue(200));
    QCOMPARE(o.value(QLatin1String("b")), QJsonValue(QStringLiteral("200")));
    QCOMPARE(o.value(QLatin1String("c")), QJsonValue(true));
    QCOMPARE(o.value(QLatin1String("d")), QJsonValue(QStringLiteral("true")));
    QCOMPARE(o.value(QLatin1String("e")), QJsonValue(QStringLiteral("yes"))); // YAML 1.2
    QCOMPARE(o.value(QLatin1String("f")), QJsonValue(QJsonValue::Null));
    QCOMPARE(o.value(QLatin1String("g")), QJsonValue(1.5));
    QCOMPARE(o.value(QLatin1String("h")), QJsonValue(31));
    QCOMPARE(o.value(QLatin1String("i")), QJsonValue(1234));
    QCOMPARE(o.value(QLatin1String("j")), QJsonValue(QStringLiteral(".inf")));
    QCOMPARE(o.value(QLatin1String("k")), QJsonValue(QStringLiteral("null")));
    QCOMPARE(o.value(QLatin1String("l")), QJsonValue(1000));
    QCOMPARE(o.value(QLatin1String("m")), QJsonValue(-7));
    QCOMPARE(o.value(QLatin1String("200")), QJsonValue(QStringLiteral("x")));

    // In a document: a quoted "true" default stays a string in the model's schema, a numeric
    // integration status code becomes the same text as a quoted one.
    const RestApi api = importFile(QStringLiteral("commerce.openapi3.yaml")).api;
    const QJsonObject customer = api.models.value(QStringLiteral("Customer"))
                                     .schema.value(QLatin1String("properties"))
                                     .toObject();
    QCOMPARE(customer.value(QLatin1String("note")).toObject().value(QLatin1String("default")),
             QJsonValue(QStringLiteral("true")));
    QCOMPARE(customer.value(QLatin1String("vip")).toObject().value(QLatin1String("default")),
             QJsonValue(false));
    const QJsonObject address = api.models.value(QStringLiteral("Address"))
                                    .schema.value(QLatin1String("properties"))
                                    .toObject();
    QCOMPARE(address.value(QLatin1String("zip")).toObject().value(QLatin1String("example")),
             QJsonValue(QStringLiteral("01234")));
}

void TestOpenApiImport::inlineSchemasBecomeModels()
{
    const RestApi api = importFile(QStringLiteral("commerce.openapi3.yaml")).api;
    const Method *patch =
        method(api, QStringLiteral("/products/{productId}"), QStringLiteral("PATCH"));
    QCOMPARE(patch->requestModels,
             (QMap<QString, QString>{{"application/json", "UpdateProductRequest"}}));
    const QJsonObject schema = api.models.value(QStringLiteral("UpdateProductRequest")).schema;
    QCOMPARE(api.models.value(QStringLiteral("UpdateProductRequest")).contentType,
             QStringLiteral("application/json"));
    // Two inline schemas of one operation: two models.
    const RestApi platform = importFile(QStringLiteral("platform.openapi3.json")).api;
    QCOMPARE(method(platform, QStringLiteral("/ingest"), QStringLiteral("POST"))->requestModels,
             (QMap<QString, QString>{{"application/json", "IngestRequest"},
                                     {"application/x-ndjson", "IngestRequest2"}}));
    QCOMPARE(platform.models.value(QStringLiteral("IngestRequest2")).schema,
             (QJsonObject{{"type", "string"}}));
    QCOMPARE(schema.value(QLatin1String("properties")).toObject().value(QLatin1String("price")),
             QJsonValue(QJsonObject{{"$ref", "#/components/schemas/Money"}}));
}

void TestOpenApiImport::jsonWithSurrogateEscapes()
{
    // Python's json.dumps writes an emoji as a surrogate pair of escapes; yaml-cpp refuses them.
    const QByteArray json =
        "{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"Pets \\ud83d\\udc36\", "
        "\"version\": \"1\"}, \"paths\": {\"/a\": {\"get\": "
        "{\"x-amazon-apigateway-integration\": {\"type\": \"mock\", "
        "\"timeoutInMillis\": 300, \"responses\": {\"default\": "
        "{\"statusCode\": \"200\"}}}}}}}";
    const Result<ImportResult> r = importOpenApi(json, seededOptions());
    QVERIFY2(r.isOk(), qPrintable(r.status().toString()));
    QCOMPARE(r->api.name, QString::fromUtf8("Pets \xf0\x9f\x90\xb6"));
    const Method *get = method(r->api, QStringLiteral("/a"), QStringLiteral("GET"));
    QVERIFY(get);
    QCOMPARE(get->integration->timeoutInMillis, std::optional<int>(300));
    QCOMPARE(get->integration->responses.first().statusCode, QStringLiteral("200"));
}

QTEST_GUILESS_MAIN(TestOpenApiImport)
#include "tst_openapi_import.moc"
