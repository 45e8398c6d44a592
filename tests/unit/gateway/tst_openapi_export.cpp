#include "openapitestutil.h"

#include <gateway/openapi.h>
#include <gateway/orderedjson.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;
using namespace GatewayTest;

Q_DECLARE_METATYPE(Gatehouse::Gateway::ExportFormat)

class TestOpenApiExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden_data();
    void golden();
    void yamlAndJsonAgree_data();
    void yamlAndJsonAgree();
    void keyOrder();
    void stageServers();
    void builtModel();
    void independentOfInsertionOrder();
    void yamlQuoting();
    void unusualCharacters();
    void withoutExtensions();
    void securityOfBuiltMethods();
};

static RestApi importGolden(const QString &file)
{
    const Result<ImportResult> r = importOpenApi(readGolden(file), seededOptions());
    if (!r.isOk())
        qWarning() << r.status().toString();
    return r.isOk() ? r->api : RestApi();
}

void TestOpenApiExport::golden_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<QString>("expected");
    QTest::newRow("petstore openapi3 yaml")
        << "petstore.openapi3.yaml" << ExportFormat::OpenApi3Yaml << "petstore.export.yaml";
    QTest::newRow("petstore openapi3 json")
        << "petstore.openapi3.yaml" << ExportFormat::OpenApi3Json << "petstore.export.json";
    QTest::newRow("petstore swagger2 json")
        << "petstore.swagger2.json" << ExportFormat::Swagger2Json
        << "petstore.swagger2.export.json";
    QTest::newRow("bookstore openapi3 yaml")
        << "resources/demo/apis/bookstore.yaml" << ExportFormat::OpenApi3Yaml
        << "bookstore.export.yaml";
    QTest::newRow("platform openapi3 json")
        << "platform.openapi3.json" << ExportFormat::OpenApi3Json << "platform.export.json";
    QTest::newRow("commerce swagger2 yaml")
        << "commerce.openapi3.yaml" << ExportFormat::Swagger2Yaml
        << "commerce.swagger2.export.yaml";
    QTest::newRow("commerce openapi3 yaml")
        << "commerce.openapi3.yaml" << ExportFormat::OpenApi3Yaml << "commerce.export.yaml";
}

void TestOpenApiExport::golden()
{
    QFETCH(QString, source);
    QFETCH(ExportFormat, format);
    QFETCH(QString, expected);
    const RestApi api = importGolden(source);
    QVERIFY(!api.resources.isEmpty());
    QString why;
    QVERIFY2(matchesGolden(exportOpenApi(api, format), expected, &why), qPrintable(why));
}

void TestOpenApiExport::yamlAndJsonAgree_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("swagger");
    for (const char *file : {"petstore.openapi3.yaml", "petstore.swagger2.json",
                             "commerce.openapi3.yaml", "platform.openapi3.json"}) {
        QTest::addRow("%s openapi3", file) << QString::fromLatin1(file) << false;
        QTest::addRow("%s swagger2", file) << QString::fromLatin1(file) << true;
    }
}

void TestOpenApiExport::yamlAndJsonAgree()
{
    QFETCH(QString, source);
    QFETCH(bool, swagger);
    const RestApi api = importGolden(source);
    const QByteArray json =
        exportOpenApi(api, swagger ? ExportFormat::Swagger2Json : ExportFormat::OpenApi3Json);
    const QByteArray yaml =
        exportOpenApi(api, swagger ? ExportFormat::Swagger2Yaml : ExportFormat::OpenApi3Yaml);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const Result<QJsonValue> fromYaml = parseYamlOrJson(yaml);
    QVERIFY2(fromYaml.isOk(), qPrintable(fromYaml.status().toString()));
    QCOMPARE(fromYaml->toObject(), doc.object());
}

void TestOpenApiExport::keyOrder()
{
    const QByteArray json = exportOpenApi(importGolden(QStringLiteral("commerce.openapi3.yaml")),
                                          ExportFormat::OpenApi3Json);
    QStringList topLevel;
    for (const QByteArray &line : json.split('\n')) {
        if (line.startsWith("  \""))
            topLevel.append(QString::fromUtf8(line.mid(3, line.indexOf('"', 3) - 3)));
    }
    const QStringList expected = {"openapi",
                                  "info",
                                  "servers",
                                  "paths",
                                  "components",
                                  "x-amazon-apigateway-gateway-responses",
                                  "x-amazon-apigateway-request-validators",
                                  "x-amazon-apigateway-request-validator",
                                  "x-amazon-apigateway-binary-media-types",
                                  "x-amazon-apigateway-api-key-source",
                                  "x-amazon-apigateway-minimum-compression-size",
                                  "x-amazon-apigateway-endpoint-configuration",
                                  "x-amazon-apigateway-policy",
                                  "x-amazon-apigateway-documentation",
                                  "x-amazon-apigateway-importexport-version"};
    QCOMPARE(topLevel, expected);
}

void TestOpenApiExport::stageServers()
{
    RestApi api = importGolden(QStringLiteral("petstore.openapi3.yaml"));
    ExportOptions options;
    options.stageName = QStringLiteral("dev");
    options.baseUrl = QStringLiteral("http://localhost:3000");
    const QByteArray yaml = exportOpenApi(api, ExportFormat::OpenApi3Yaml, options);
    QVERIFY2(yaml.contains("servers:\n"
                           "- url: \"http://localhost:3000/{basePath}\"\n"
                           "  variables:\n"
                           "    basePath:\n"
                           "      default: \"dev\"\n"),
             yaml.left(600).constData());
    const QByteArray swagger = exportOpenApi(api, ExportFormat::Swagger2Json, options);
    QVERIFY(swagger.contains("  \"host\": \"localhost:3000\",\n"
                             "  \"basePath\": \"/dev\",\n"
                             "  \"schemes\": [\n"
                             "    \"http\"\n"
                             "  ],\n"));
    // A url with a literal path: the path is Swagger's basePath, the host only a host.
    options.stageName.clear();
    api.servers = QJsonArray{QJsonObject{{"url", "https://api.example.com/v1/beta"}}};
    const QByteArray literal = exportOpenApi(api, ExportFormat::Swagger2Json, options);
    QVERIFY(literal.contains("  \"host\": \"api.example.com\",\n"
                             "  \"basePath\": \"/v1/beta\",\n"));
    api = importGolden(QStringLiteral("petstore.openapi3.yaml"));
    // Without a stage, the servers the document came with are written back.
    const QByteArray plain = exportOpenApi(api, ExportFormat::OpenApi3Yaml);
    QVERIFY(plain.contains(
        "- url: \"https://abcdef1234.execute-api.us-east-1.amazonaws.com/{basePath}\"\n"));
}

static RestApi builtApi()
{
    RestApi api;
    api.name = QStringLiteral("Built");
    api.version = QStringLiteral("1");
    auto ids = IdGenerator::seeded(5);
    Resource *proxy = *api.ensurePath(QStringLiteral("/files/{proxy+}"), ids);
    Method any;
    any.httpMethod = QStringLiteral("ANY");
    any.requestParameters.insert(QStringLiteral("method.request.path.proxy"), true);
    Integration in;
    in.type = IntegrationType::HttpProxy;
    in.httpMethod = QStringLiteral("ANY");
    in.uri = QStringLiteral("http://backend/{proxy}");
    in.passthroughBehavior = QStringLiteral("WHEN_NO_MATCH");
    in.timeoutInMillis = 2500;
    any.integration = in;
    proxy->methods.insert(any.httpMethod, any);
    return api;
}

void TestOpenApiExport::builtModel()
{
    const QByteArray json = exportOpenApi(builtApi(), ExportFormat::OpenApi3Json);
    const QJsonObject doc = QJsonDocument::fromJson(json).object();
    const QJsonObject item = doc.value(QLatin1String("paths"))
                                 .toObject()
                                 .value(QLatin1String("/files/{proxy+}"))
                                 .toObject();
    QCOMPARE(item.keys(), QStringList{"x-amazon-apigateway-any-method"});
    const QJsonObject op = item.value(QLatin1String("x-amazon-apigateway-any-method")).toObject();
    const QJsonObject integration =
        op.value(QLatin1String("x-amazon-apigateway-integration")).toObject();
    QCOMPARE(integration.value(QLatin1String("type")).toString(), QStringLiteral("http_proxy"));
    QCOMPARE(integration.value(QLatin1String("passthroughBehavior")).toString(),
             QStringLiteral("when_no_match"));
    QCOMPARE(integration.value(QLatin1String("timeoutInMillis")).toInt(), 2500);
    const QJsonObject parameter =
        op.value(QLatin1String("parameters")).toArray().first().toObject();
    QCOMPARE(parameter.value(QLatin1String("name")).toString(), QStringLiteral("proxy"));
    QCOMPARE(parameter.value(QLatin1String("in")).toString(), QStringLiteral("path"));
    QCOMPARE(parameter.value(QLatin1String("required")).toBool(), true);
    // Intermediate resources without methods are implied by their children's paths.
    QVERIFY(!doc.value(QLatin1String("paths")).toObject().contains(QLatin1String("/files")));
    QVERIFY(!doc.value(QLatin1String("paths")).toObject().contains(QLatin1String("/")));
}

void TestOpenApiExport::independentOfInsertionOrder()
{
    RestApi a = builtApi();
    RestApi b;
    b.name = a.name;
    b.version = a.version;
    auto ids = IdGenerator::seeded(9);
    QVERIFY(b.ensurePath(QStringLiteral("/zebra"), ids).isOk());
    QVERIFY(a.ensurePath(QStringLiteral("/files/{proxy+}"), ids).isOk());
    Resource *proxy = *b.ensurePath(QStringLiteral("/files/{proxy+}"), ids);
    proxy->methods = a.resourceByPath(QStringLiteral("/files/{proxy+}"))->methods;
    QVERIFY(a.ensurePath(QStringLiteral("/zebra"), ids).isOk());
    QCOMPARE(exportOpenApi(a, ExportFormat::OpenApi3Yaml),
             exportOpenApi(b, ExportFormat::OpenApi3Yaml));
}

void TestOpenApiExport::yamlQuoting()
{
    OrderedJson root = OrderedJson::object();
    root.insert(QStringLiteral("200"), OrderedJson::string(QStringLiteral("true")));
    root.insert(QStringLiteral("yes"), OrderedJson::string(QStringLiteral("01234")));
    root.insert(QStringLiteral("plain-key"), OrderedJson::number(12.5));
    root.insert(QStringLiteral("method.response.header.X"), OrderedJson::boolean(false));
    root.insert(QStringLiteral("multi"), OrderedJson::string(QStringLiteral("a\n\"b\"\t\\")));
    root.insert(QStringLiteral("empty"), OrderedJson::object());
    OrderedJson list = OrderedJson::array();
    list.append(OrderedJson());
    root.insert(QStringLiteral("list"), list);
    const QByteArray yaml = root.toYaml();
    QCOMPARE(yaml, QByteArray("\"200\": \"true\"\n"
                              "\"yes\": \"01234\"\n"
                              "plain-key: 12.5\n"
                              "method.response.header.X: false\n"
                              "multi: \"a\\n\\\"b\\\"\\t\\\\\"\n"
                              "empty: {}\n"
                              "list:\n"
                              "- null\n"));
    const Result<QJsonValue> back = parseYamlOrJson(yaml);
    QVERIFY(back.isOk());
    const QJsonObject o = back->toObject();
    QCOMPARE(o.value(QLatin1String("200")), QJsonValue(QStringLiteral("true")));
    QCOMPARE(o.value(QLatin1String("yes")), QJsonValue(QStringLiteral("01234")));
    QCOMPARE(o.value(QLatin1String("plain-key")), QJsonValue(12.5));
    QCOMPARE(o.value(QLatin1String("multi")), QJsonValue(QStringLiteral("a\n\"b\"\t\\")));
    QCOMPARE(o.value(QLatin1String("empty")), QJsonValue(QJsonObject()));
    QCOMPARE(o.value(QLatin1String("list")), QJsonValue(QJsonArray{QJsonValue::Null}));
}

void TestOpenApiExport::unusualCharacters()
{
    // Characters YAML refuses raw (DEL, C1 controls, BOM) and ones it takes (accents, emoji).
    const QString text = QString::fromUtf8("caf\xc3\xa9 \xf0\x9f\x90\xb6 ") + QChar(0x7f) +
                         QChar(0x85) + QChar(0xfeff) + QChar(0x01) + u"\u2028";
    OrderedJson root = OrderedJson::object();
    root.insert(QStringLiteral("t"), OrderedJson::string(text));
    const QByteArray yaml = root.toYaml();
    QCOMPARE(yaml, QByteArray("t: \"caf\xc3\xa9 \xf0\x9f\x90\xb6 \\u007f\\u0085\\ufeff\\u0001"
                              "\xe2\x80\xa8\"\n"));
    const Result<QJsonValue> fromYaml = parseYamlOrJson(yaml);
    QVERIFY2(fromYaml.isOk(), qPrintable(fromYaml.status().toString()));
    QCOMPARE(fromYaml->toObject().value(QLatin1String("t")).toString(), text);
    const Result<QJsonValue> fromJson = parseYamlOrJson(root.toJson());
    QVERIFY(fromJson.isOk());
    QCOMPARE(fromJson->toObject().value(QLatin1String("t")).toString(), text);
}

void TestOpenApiExport::withoutExtensions()
{
    const RestApi api = importGolden(QStringLiteral("commerce.openapi3.yaml"));
    ExportOptions options;
    options.apiGatewayExtensions = false;
    const QByteArray yaml = exportOpenApi(api, ExportFormat::OpenApi3Yaml, options);
    QStringList extensions;
    for (const QByteArray &line : yaml.split('\n')) {
        const QByteArray key = line.trimmed();
        if (key.startsWith("x-amazon-apigateway-"))
            extensions.append(QString::fromUtf8(key));
    }
    extensions.removeDuplicates();
    QCOMPARE(extensions, QStringList{"x-amazon-apigateway-any-method:"});
    // Still an API: the same paths and models, and no integrations.
    const Result<ImportResult> plain = importOpenApi(yaml, seededOptions());
    QVERIFY(plain.isOk());
    QCOMPARE(plain->api.resources.size(), api.resources.size());
    QCOMPARE(plain->api.models, api.models);
    const Method &legacy =
        plain->api.resourceByPath(QStringLiteral("/legacy/{proxy+}"))->methods.first();
    QCOMPARE(legacy.httpMethod, QStringLiteral("ANY"));
    QVERIFY(!legacy.integration);
    QVERIFY(plain->api.gatewayResponses.isEmpty());
}

void TestOpenApiExport::securityOfBuiltMethods()
{
    // Methods set up in the console have flags, not security requirements: the export writes
    // the requirements (and the api_key scheme) that say the same.
    RestApi api = builtApi();
    Authorizer token;
    token.name = QStringLiteral("TokenAuth");
    token.type = QStringLiteral("TOKEN");
    token.scheme = QJsonObject{{"type", "apiKey"},
                               {"name", "Authorization"},
                               {"in", "header"},
                               {"x-amazon-apigateway-authtype", "custom"},
                               {"x-amazon-apigateway-authorizer",
                                QJsonObject{{"type", "token"}, {"authorizerUri", "arn:x"}}}};
    api.authorizers.insert(token.name, token);
    Resource *r = *api.ensurePath(QStringLiteral("/secure"), IdGenerator::seeded(8));
    Method keyAndAuthorizer;
    keyAndAuthorizer.httpMethod = QStringLiteral("GET");
    keyAndAuthorizer.apiKeyRequired = true;
    keyAndAuthorizer.authorizationType = QStringLiteral("CUSTOM");
    keyAndAuthorizer.authorizerId = token.name;
    r->methods.insert(keyAndAuthorizer.httpMethod, keyAndAuthorizer);
    Method iam;
    iam.httpMethod = QStringLiteral("POST");
    iam.authorizationType = QStringLiteral("AWS_IAM");
    r->methods.insert(iam.httpMethod, iam);

    const QByteArray json = exportOpenApi(api, ExportFormat::OpenApi3Json);
    const QJsonObject doc = QJsonDocument::fromJson(json).object();
    QCOMPARE(doc.value(QLatin1String("components"))
                 .toObject()
                 .value(QLatin1String("securitySchemes"))
                 .toObject()
                 .value(QLatin1String("api_key")),
             QJsonValue(QJsonObject{{"type", "apiKey"}, {"name", "x-api-key"}, {"in", "header"}}));
    const Result<ImportResult> back = importOpenApi(json, seededOptions());
    QVERIFY(back.isOk());
    const Resource *secure = back->api.resourceByPath(QStringLiteral("/secure"));
    const Method &get = secure->methods.value(QStringLiteral("GET"));
    QVERIFY(get.apiKeyRequired);
    QCOMPARE(get.authorizationType, QStringLiteral("CUSTOM"));
    QCOMPARE(get.authorizerId, QStringLiteral("TokenAuth"));
    QCOMPARE(get.security, QJsonValue(QJsonArray{QJsonObject{{"api_key", QJsonArray()}},
                                                 QJsonObject{{"TokenAuth", QJsonArray()}}}));
    const Method &post = secure->methods.value(QStringLiteral("POST"));
    QCOMPARE(post.authorizationType, QStringLiteral("AWS_IAM"));
    QVERIFY(!post.apiKeyRequired);
    // Exported again, the imported API writes the same text.
    QCOMPARE(exportOpenApi(back->api, ExportFormat::OpenApi3Json), json);
}

QTEST_GUILESS_MAIN(TestOpenApiExport)
#include "tst_openapi_export.moc"
