// The stages file beside an API's OpenAPI document (gateway/stagefile.h): stages and
// deployments survive a save and a load, the deployment snapshots equivalent to what was
// deployed; a broken deployment or a missing one is reported and served live; a file of
// another format changes nothing; where the file goes.
#include <gateway/openapi.h>
#include <gateway/stagefile.h>

#include <QJsonDocument>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

namespace {

// A MOCK route whose answer names the version, so a snapshot and the live API differ.
QByteArray document(const char *version)
{
    return QByteArray("openapi: 3.0.1\ninfo: {title: Ping, version: '1'}\npaths:\n  /ping:\n    get:\n"
                      "      responses: {'200': {description: ok}}\n"
                      "      x-amazon-apigateway-integration:\n        type: mock\n"
                      "        requestTemplates: {application/json: '{\"statusCode\": 200}'}\n"
                      "        responses: {default: {statusCode: '200', responseTemplates: "
                      "{application/json: '{\"version\": \"") + version + "\"}'}}}\n";
}

RestApi imported(const char *version)
{
    auto result = importOpenApi(document(version));
    return result ? result->api : RestApi();
}

QString templateOf(const RestApi &api)
{
    const Resource *ping = api.resourceByPath(QStringLiteral("/ping"));
    if (!ping || !ping->methods.contains(QStringLiteral("GET")))
        return QString();
    const Method &get = ping->methods.value(QStringLiteral("GET"));
    if (!get.integration || get.integration->responses.isEmpty())
        return QString();
    return get.integration->responses.first().responseTemplates.value(QStringLiteral("application/json"));
}

} // namespace

class TestStageFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        RestApi api = imported("1");
        api.id = QStringLiteral("abcdef1234");
        QVERIFY(!templateOf(api).isEmpty());
        Stage dev;
        dev.name = QStringLiteral("dev");
        api.stages.insert(dev.name, dev);
        QVERIFY(!hasStagesToKeep(api)); // one plain live stage: nothing to keep

        api.deployments.insert(QStringLiteral("d1"), api.deploy(QStringLiteral("d1"), QStringLiteral("first"), 1700000000123));
        Stage prod;
        prod.name = QStringLiteral("prod");
        prod.description = QStringLiteral("what customers see");
        prod.deploymentId = QStringLiteral("d1");
        prod.variables = {{QStringLiteral("table"), QStringLiteral("Books")}, {QStringLiteral("n"), QStringLiteral("2")}};
        api.stages.insert(prod.name, prod);
        QVERIFY(hasStagesToKeep(api));

        // The live API moves on; the deployment keeps version 1.
        RestApi edited = imported("2");
        edited.id = api.id;
        edited.stages = api.stages;
        edited.deployments = api.deployments;

        // Saved as text and read back, the way the console and the loader do.
        const QByteArray text = QJsonDocument(stagesToJson(edited)).toJson();
        RestApi loaded = imported("2");
        loaded.id = api.id;
        Stage served;
        served.name = QStringLiteral("dev");
        served.accessLogSettings.destinationArn = QStringLiteral("/tmp/access.log");
        served.accessLogSettings.format = QStringLiteral("$requestId");
        loaded.stages.insert(served.name, served);
        QStringList warnings;
        QVERIFY(applyStagesJson(QJsonDocument::fromJson(text).object(), loaded, &warnings));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n')));

        QCOMPARE(loaded.stages.keys(), (QStringList{QStringLiteral("dev"), QStringLiteral("prod")}));
        const Stage prodLoaded = loaded.stages.value(QStringLiteral("prod"));
        QCOMPARE(prodLoaded.description, prod.description);
        QCOMPARE(prodLoaded.deploymentId, QStringLiteral("d1"));
        QCOMPARE(prodLoaded.variables, prod.variables);
        // The serving stage keeps the access log it was given.
        QCOMPARE(loaded.stages.value(QStringLiteral("dev")).accessLogSettings, served.accessLogSettings);

        QCOMPARE(loaded.deployments.size(), 1);
        const Deployment d = loaded.deployments.value(QStringLiteral("d1"));
        QCOMPARE(d.description, QStringLiteral("first"));
        QCOMPARE(d.createdDateMs, qint64(1700000000123));
        QVERIFY(d.api);
        QCOMPARE(d.api->id, api.id);
        QVERIFY(d.api->stages.isEmpty() && d.api->deployments.isEmpty());
        QString difference;
        QVERIFY2(equivalent(*d.api, *api.deployments.value(QStringLiteral("d1")).api, &difference),
                 qPrintable(difference));
        QVERIFY(templateOf(*d.api).contains(QLatin1String("\"1\"")));
        QVERIFY(templateOf(loaded).contains(QLatin1String("\"2\"")));
    }

    void brokenPartsAreReported()
    {
        const QJsonObject json = QJsonDocument::fromJson(R"({"format": 1,
            "stages": {"prod": {"deploymentId": "gone"}, "beta": {"deploymentId": "bad"}},
            "deployments": {"bad": {"document": {"openapi": "3.0.1", "paths": 5}}}})").object();
        RestApi api = imported("2");
        QStringList warnings;
        QVERIFY(applyStagesJson(json, api, &warnings));
        QCOMPARE(warnings.size(), 3);
        QVERIFY2(warnings.at(0).startsWith(QLatin1String("deployment bad left out: ")), qPrintable(warnings.at(0)));
        QVERIFY(api.deployments.isEmpty());
        // Both stages serve the live API rather than nothing.
        QVERIFY(api.stages.value(QStringLiteral("prod")).deploymentId.isEmpty());
        QVERIFY(api.stages.value(QStringLiteral("beta")).deploymentId.isEmpty());
        QVERIFY(warnings.join(u'\n').contains(QLatin1String("stage prod: deployment gone is not there")));
    }

    void otherFormatChangesNothing()
    {
        RestApi api = imported("2");
        QStringList warnings;
        QVERIFY(!applyStagesJson(QJsonObject{{QStringLiteral("stages"), QJsonObject()}}, api, &warnings));
        QVERIFY(!applyStagesJson(QJsonObject{{QStringLiteral("format"), 2}, {QStringLiteral("stages"), QJsonObject()}},
                                 api, &warnings));
        QVERIFY(api.stages.isEmpty());
    }

    void filePath()
    {
        QCOMPARE(stagesFilePath(QStringLiteral("/p/apis/bookstore.yaml")),
                 QStringLiteral("/p/stages/bookstore.yaml.json"));
        QCOMPARE(stagesFilePath(QStringLiteral("/tmp/ping.yaml")), QStringLiteral("/tmp/ping.yaml.stages.json"));
    }
};

QTEST_GUILESS_MAIN(TestStageFile)
#include "tst_stagefile.moc"
