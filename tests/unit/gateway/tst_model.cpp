#include <gateway/model.h>

#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

class TestModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathPart_data();
    void pathPart();
    void ids();
    void ensurePath();
    void ensurePathErrors_data();
    void ensurePathErrors();
    void resourceParameters();
    void integrationTypes();
    void deploymentIsASnapshot();
    void equivalenceIgnoresIds();
    void validatorFor();
};

static const QString kPathPartMessage = QStringLiteral(
    "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end "
    "and an optional plus sign before the closing brace.");

void TestModel::pathPart_data()
{
    QTest::addColumn<QString>("part");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << "pets" << true;
    QTest::newRow("all allowed characters") << "a-Z_0.9" << true;
    QTest::newRow("parameter") << "{petId}" << true;
    QTest::newRow("greedy") << "{proxy+}" << true;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("space") << "my pets" << false;
    QTest::newRow("slash") << "a/b" << false;
    QTest::newRow("brace in the middle") << "a{b}" << false;
    QTest::newRow("unclosed") << "{petId" << false;
    QTest::newRow("empty braces") << "{}" << false;
    QTest::newRow("only plus") << "{+}" << false;
    QTest::newRow("plus not before brace") << "{a+b}" << false;
    QTest::newRow("colon") << "pets:search" << false;
    QTest::newRow("non-ascii") << QString::fromUtf8("caf\xc3\xa9") << false;
    QTest::newRow("closing only") << "pets}" << false;
}

void TestModel::pathPart()
{
    QFETCH(QString, part);
    QFETCH(bool, valid);
    const Status s = validatePathPart(part);
    QCOMPARE(s.isOk(), valid);
    if (!valid) {
        QCOMPARE(s.code(), QStringLiteral("BadRequestException"));
        QCOMPARE(s.message(), kPathPartMessage);
    }
}

void TestModel::ids()
{
    auto a = IdGenerator::seeded(7);
    auto b = IdGenerator::seeded(7);
    const QString first = a();
    QCOMPARE(first, b());
    QVERIFY(IdGenerator::isValidId(first));
    QVERIFY(a() != first);
    auto random = IdGenerator::random();
    for (int i = 0; i < 50; ++i)
        QVERIFY(IdGenerator::isValidId(random()));
    QVERIFY(!IdGenerator::isValidId(QStringLiteral("ABCDEFGHIJ")));
    QVERIFY(!IdGenerator::isValidId(QStringLiteral("abc")));
}

void TestModel::ensurePath()
{
    RestApi api;
    auto ids = IdGenerator::seeded(1);
    Result<Resource *> r = api.ensurePath(QStringLiteral("/pets/{petId}/toys"), ids);
    QVERIFY(r.isOk());
    QCOMPARE((*r)->path, QStringLiteral("/pets/{petId}/toys"));
    QCOMPARE(api.resources.size(), 4);
    const Resource *root = api.root();
    QVERIFY(root);
    QCOMPARE(root->path, QStringLiteral("/"));
    QVERIFY(root->pathPart.isEmpty());
    const Resource *pets = api.resourceByPath(QStringLiteral("/pets"));
    const Resource *pet = api.resourceByPath(QStringLiteral("/pets/{petId}"));
    QVERIFY(pets && pet);
    QCOMPARE(pets->parentId, root->id);
    QCOMPARE(pet->parentId, pets->id);
    QCOMPARE(api.children(pets->id).size(), 1);
    // Existing parts are reused, not duplicated.
    QVERIFY(api.ensurePath(QStringLiteral("/pets"), ids).isOk());
    QCOMPARE(api.resources.size(), 4);
    QVERIFY(api.ensurePath(QStringLiteral("/"), ids).isOk());
    QCOMPARE(api.resources.size(), 4);
}

void TestModel::ensurePathErrors_data()
{
    QTest::addColumn<QStringList>("existing");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad part") << QStringList() << "/pets/my pets" << kPathPartMessage;
    QTest::newRow("child of greedy")
        << QStringList{"/files/{proxy+}"} << "/files/{proxy+}/x"
        << "Cannot create a child of a resource with a greedy path variable: {proxy+}";
    QTest::newRow("two variables")
        << QStringList{"/pets/{petId}"} << "/pets/{id}"
        << "A sibling ({petId}) of this resource already has a variable path part -- only one "
           "is allowed";
    QTest::newRow("relative") << QStringList() << "pets"
                              << "Invalid resource path: pets";
}

void TestModel::ensurePathErrors()
{
    QFETCH(QStringList, existing);
    QFETCH(QString, path);
    QFETCH(QString, message);
    RestApi api;
    auto ids = IdGenerator::seeded(2);
    for (const QString &p : existing)
        QVERIFY(api.ensurePath(p, ids).isOk());
    const Result<Resource *> r = api.ensurePath(path, ids);
    QVERIFY(!r.isOk());
    QCOMPARE(r.status().message(), message);
}

void TestModel::resourceParameters()
{
    Resource r;
    r.parentId = QStringLiteral("x");
    r.pathPart = QStringLiteral("{proxy+}");
    QVERIFY(r.isParameter());
    QVERIFY(r.isGreedy());
    QCOMPARE(r.parameterName(), QStringLiteral("proxy"));
    r.pathPart = QStringLiteral("{petId}");
    QVERIFY(!r.isGreedy());
    QCOMPARE(r.parameterName(), QStringLiteral("petId"));
    r.pathPart = QStringLiteral("pets");
    QVERIFY(!r.isParameter());
    QVERIFY(r.parameterName().isEmpty());
}

void TestModel::integrationTypes()
{
    for (IntegrationType t :
         {IntegrationType::Mock, IntegrationType::Http, IntegrationType::HttpProxy,
          IntegrationType::Aws, IntegrationType::AwsProxy}) {
        const QString name = integrationTypeName(t);
        QCOMPARE(integrationTypeFromName(name), std::optional<IntegrationType>(t));
        QCOMPARE(integrationTypeFromName(name.toLower()), std::optional<IntegrationType>(t));
    }
    QCOMPARE(integrationTypeName(IntegrationType::HttpProxy), QStringLiteral("HTTP_PROXY"));
    QVERIFY(!integrationTypeFromName(QStringLiteral("lambda")));

    Integration in;
    IntegrationResponse a;
    a.selectionPattern = QStringLiteral("4\\d{2}");
    a.statusCode = QStringLiteral("400");
    IntegrationResponse d;
    d.statusCode = QStringLiteral("200");
    in.responses = {a, d};
    QVERIFY(in.defaultResponse());
    QCOMPARE(in.defaultResponse()->statusCode, QStringLiteral("200"));
}

void TestModel::deploymentIsASnapshot()
{
    RestApi api;
    auto ids = IdGenerator::seeded(3);
    Resource *pets = *api.ensurePath(QStringLiteral("/pets"), ids);
    Method get;
    get.httpMethod = QStringLiteral("GET");
    pets->methods.insert(get.httpMethod, get);
    Stage stage;
    stage.name = QStringLiteral("dev");
    api.stages.insert(stage.name, stage);

    const Deployment d = api.deploy(QStringLiteral("dep1"), QStringLiteral("first"), 1000);
    QVERIFY(d.api);
    QVERIFY(d.api->stages.isEmpty());
    QVERIFY(
        d.api->resourceByPath(QStringLiteral("/pets"))->methods.contains(QStringLiteral("GET")));
    // Editing the live API leaves the deployment as it was.
    api.resourceByPath(QStringLiteral("/pets"))->methods.clear();
    QVERIFY(
        d.api->resourceByPath(QStringLiteral("/pets"))->methods.contains(QStringLiteral("GET")));
}

void TestModel::equivalenceIgnoresIds()
{
    RestApi a;
    RestApi b;
    QVERIFY(a.ensurePath(QStringLiteral("/a/b"), IdGenerator::seeded(1)).isOk());
    QVERIFY(b.ensurePath(QStringLiteral("/a/b"), IdGenerator::seeded(2)).isOk());
    QVERIFY(a.root()->id != b.root()->id);
    QString diff;
    QVERIFY2(equivalent(a, b, &diff), qPrintable(diff));

    Method m;
    m.httpMethod = QStringLiteral("GET");
    m.integration = Integration{};
    a.resourceByPath(QStringLiteral("/a/b"))->methods.insert(QStringLiteral("GET"), m);
    QVERIFY(!equivalent(a, b, &diff));
    QCOMPARE(diff, QStringLiteral("resource /a/b: methods"));
    m.integration->uri = QStringLiteral("http://x");
    b.resourceByPath(QStringLiteral("/a/b"))->methods.insert(QStringLiteral("GET"), m);
    diff.clear();
    QVERIFY(!equivalent(a, b, &diff));
    QCOMPARE(diff, QStringLiteral("/a/b GET: integration"));
}

void TestModel::validatorFor()
{
    RestApi api;
    api.requestValidators.insert(QStringLiteral("body"), RequestValidator{true, false});
    api.requestValidators.insert(QStringLiteral("params"), RequestValidator{false, true});
    Method m;
    QCOMPARE(api.validatorFor(m), nullptr);
    api.requestValidator = QStringLiteral("params");
    QVERIFY(api.validatorFor(m));
    QVERIFY(api.validatorFor(m)->validateRequestParameters);
    m.requestValidator = QStringLiteral("body");
    QVERIFY(api.validatorFor(m)->validateRequestBody);
    QVERIFY(!api.validatorFor(m)->validateRequestParameters);
    m.requestValidator = QStringLiteral("missing");
    QCOMPARE(api.validatorFor(m), nullptr);
}

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
