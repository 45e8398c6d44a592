// API Gateway's routing precedence, one row per request: static over {param} over {proxy+}, an
// explicit method over ANY, backtracking on the (resource, method) pair, trailing slashes.
#include <gateway/router.h>

#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

namespace {

// "/path METHOD METHOD ..." lines -> an API.
RestApi makeApi(const QStringList &lines)
{
    RestApi api;
    auto newId = IdGenerator::seeded(7);
    api.ensureRoot(newId);
    for (const QString &line : lines) {
        const QStringList parts = line.split(u' ', Qt::SkipEmptyParts);
        auto resource = api.ensurePath(parts.first(), newId);
        Q_ASSERT(resource);
        for (const QString &method : parts.mid(1)) {
            Method m;
            m.httpMethod = method;
            (*resource)->methods.insert(method, m);
        }
    }
    return api;
}

// The table of resources most rows route against.
const QStringList kTree = {
    QStringLiteral("/ GET"),
    QStringLiteral("/pets GET POST"),
    QStringLiteral("/pets/{petId} GET DELETE"),
    QStringLiteral("/pets/search GET"),
    QStringLiteral("/pets/{petId}/toys ANY"),
    QStringLiteral("/pets/{petId}/toys/{toyId} GET"),
    QStringLiteral("/users/me PATCH"),
    QStringLiteral("/users/{userId} GET"),
    QStringLiteral("/roles/provision POST"),
    QStringLiteral("/roles/{roleId} GET"),
    QStringLiteral("/things/real GET"),
    QStringLiteral("/things/{proxy+} ANY"),
    QStringLiteral("/files/{path+} GET"),
    QStringLiteral("/mixed ANY GET"),
    QStringLiteral("/jobs"),
    QStringLiteral("/jobs/{type} GET"),
    QStringLiteral("/cors OPTIONS"),
    QStringLiteral("/{proxy+} ANY"),
    QStringLiteral("/a/{x}/c GET"),
    QStringLiteral("/a/b/d GET"),
    QStringLiteral("/head HEAD"),
};

} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void precedence_data();
    void precedence();
    void noRoot();
    void emptyApi();
    void greedyOnlyAtRoot();
    void explicitOverAnySameResource();
};

void TestRouter::precedence_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    // Expected "RESOURCE METHOD" or "" for no match (403 Missing Authentication Token).
    QTest::addColumn<QString>("expected");
    // "name=value;name=value" in path order.
    QTest::addColumn<QString>("parameters");

    QTest::newRow("root") << "GET" << "/" << "/ GET" << "";
    QTest::newRow("root empty path") << "GET" << "" << "/ GET" << "";
    QTest::newRow("root other method falls to nothing") << "POST" << "/" << "" << "";
    QTest::newRow("static") << "GET" << "/pets" << "/pets GET" << "";
    QTest::newRow("static trailing slash") << "GET" << "/pets/" << "/pets GET" << "";
    QTest::newRow("static second method") << "POST" << "/pets" << "/pets POST" << "";
    QTest::newRow("static method missing goes greedy") << "PUT" << "/pets" << "/{proxy+} ANY"
                                                       << "proxy=pets";
    QTest::newRow("static over param") << "GET" << "/pets/search" << "/pets/search GET" << "";
    QTest::newRow("param") << "GET" << "/pets/42" << "/pets/{petId} GET" << "petId=42";
    QTest::newRow("param trailing slash") << "GET" << "/pets/42/" << "/pets/{petId} GET" << "petId=42";
    QTest::newRow("param decoded") << "GET" << "/pets/a%20b" << "/pets/{petId} GET" << "petId=a b";
    QTest::newRow("param utf-8") << "GET" << "/pets/caf%C3%A9" << "/pets/{petId} GET"
                                 << QString::fromUtf8("petId=caf\xc3\xa9");
    QTest::newRow("param plus stays") << "GET" << "/pets/a+b" << "/pets/{petId} GET" << "petId=a+b";
    QTest::newRow("param encoded slash stays in segment")
        << "GET" << "/pets/a%2Fb" << "/pets/{petId} GET" << "petId=a/b";
    QTest::newRow("static wins only with its method: DELETE search is a param")
        << "DELETE" << "/pets/search" << "/pets/{petId} DELETE" << "petId=search";
    QTest::newRow("ANY on child") << "PUT" << "/pets/7/toys" << "/pets/{petId}/toys ANY" << "petId=7";
    QTest::newRow("two params") << "GET" << "/pets/7/toys/ball" << "/pets/{petId}/toys/{toyId} GET"
                                << "petId=7;toyId=ball";
    QTest::newRow("two params method missing goes greedy")
        << "POST" << "/pets/7/toys/ball" << "/{proxy+} ANY" << "proxy=pets/7/toys/ball";
    QTest::newRow("literal lacks GET: sibling param serves")
        << "GET" << "/users/me" << "/users/{userId} GET" << "userId=me";
    QTest::newRow("literal has PATCH") << "PATCH" << "/users/me" << "/users/me PATCH" << "";
    QTest::newRow("nothing has POST, root greedy does")
        << "POST" << "/users/me" << "/{proxy+} ANY" << "proxy=users/me";
    QTest::newRow("disjoint: literal POST") << "POST" << "/roles/provision" << "/roles/provision POST"
                                            << "";
    QTest::newRow("disjoint: param GET") << "GET" << "/roles/provision" << "/roles/{roleId} GET"
                                         << "roleId=provision";
    QTest::newRow("static under greedy sibling") << "GET" << "/things/real" << "/things/real GET" << "";
    QTest::newRow("greedy sibling takes other method")
        << "POST" << "/things/real" << "/things/{proxy+} ANY" << "proxy=real";
    QTest::newRow("greedy many segments") << "GET" << "/things/a/b/c" << "/things/{proxy+} ANY"
                                          << "proxy=a/b/c";
    QTest::newRow("greedy keeps trailing slash") << "GET" << "/things/a/b/" << "/things/{proxy+} ANY"
                                                 << "proxy=a/b/";
    QTest::newRow("greedy decoded") << "GET" << "/things/a%20b/c" << "/things/{proxy+} ANY"
                                    << "proxy=a b/c";
    QTest::newRow("greedy needs a segment") << "GET" << "/things" << "/{proxy+} ANY" << "proxy=things";
    QTest::newRow("greedy needs a segment, trailing slash")
        << "GET" << "/things/" << "/{proxy+} ANY" << "proxy=things/";
    QTest::newRow("greedy with name path") << "GET" << "/files/docs/readme.md" << "/files/{path+} GET"
                                           << "path=docs/readme.md";
    QTest::newRow("greedy explicit method missing falls to root greedy")
        << "PUT" << "/files/x" << "/{proxy+} ANY" << "proxy=files/x";
    QTest::newRow("explicit over ANY") << "GET" << "/mixed" << "/mixed GET" << "";
    QTest::newRow("ANY when no explicit") << "DELETE" << "/mixed" << "/mixed ANY" << "";
    QTest::newRow("methodless node falls through") << "GET" << "/jobs" << "/{proxy+} ANY"
                                                   << "proxy=jobs";
    QTest::newRow("below methodless node") << "GET" << "/jobs/reboot" << "/jobs/{type} GET"
                                           << "type=reboot";
    QTest::newRow("OPTIONS-only node") << "GET" << "/cors" << "/{proxy+} ANY" << "proxy=cors";
    QTest::newRow("OPTIONS-only node, OPTIONS") << "OPTIONS" << "/cors" << "/cors OPTIONS" << "";
    QTest::newRow("unknown deep path") << "GET" << "/x/y/z" << "/{proxy+} ANY" << "proxy=x/y/z";
    QTest::newRow("backtrack from static subtree")
        << "GET" << "/a/b/c" << "/a/{x}/c GET" << "x=b";
    QTest::newRow("static subtree itself") << "GET" << "/a/b/d" << "/a/b/d GET" << "";
    QTest::newRow("empty segment is not a param") << "GET" << "/pets//toys" << "/{proxy+} ANY"
                                                  << "proxy=pets//toys";
    QTest::newRow("HEAD explicit") << "HEAD" << "/head" << "/head HEAD" << "";
    QTest::newRow("HEAD is not GET") << "HEAD" << "/pets" << "/{proxy+} ANY" << "proxy=pets";
    QTest::newRow("case matters in static parts") << "GET" << "/PETS" << "/{proxy+} ANY"
                                                  << "proxy=PETS";
    QTest::newRow("method names are case sensitive") << "get" << "/mixed" << "/mixed ANY" << "";
}

void TestRouter::precedence()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QFETCH(QString, parameters);
    const RestApi api = makeApi(kTree);
    const Router router(api);
    RouteMatch match;
    const bool found = router.match(method.toLatin1(), path.toUtf8(), &match);
    if (expected.isEmpty()) {
        QVERIFY(!found);
        QCOMPARE(match.entry, -1);
        return;
    }
    QVERIFY2(found, qPrintable(method + u' ' + path));
    const RouteEntry &entry = router.entries().at(match.entry);
    QCOMPARE(entry.resource->path + u' ' + entry.method->httpMethod, expected);
    QStringList actual;
    for (const auto &[name, value] : match.pathParameters)
        actual << name + u'=' + value;
    QCOMPARE(actual.join(u';'), parameters);
}

void TestRouter::noRoot()
{
    // Without a root greedy resource, what matches nothing is refused.
    const RestApi api = makeApi({QStringLiteral("/pets GET"), QStringLiteral("/pets/{id} GET")});
    const Router router(api);
    RouteMatch match;
    QVERIFY(!router.match("GET", "/", &match));
    QVERIFY(!router.match("POST", "/pets", &match));
    QVERIFY(!router.match("GET", "/pets/1/x", &match));
    QVERIFY(!router.match("GET", "/pets//", &match));
    QVERIFY(match.pathParameters.isEmpty());
    QVERIFY(router.match("GET", "/pets/1", &match));
}

void TestRouter::emptyApi()
{
    const RestApi api;
    const Router router(api);
    RouteMatch match;
    QVERIFY(!router.match("GET", "/", &match));
    QVERIFY(router.entries().isEmpty());
}

void TestRouter::greedyOnlyAtRoot()
{
    const RestApi api = makeApi({QStringLiteral("/{proxy+} GET")});
    const Router router(api);
    RouteMatch match;
    QVERIFY(!router.match("GET", "/", &match));
    QVERIFY(!router.match("GET", "", &match));
    QVERIFY(router.match("GET", "/a", &match));
    QCOMPARE(match.pathParameters.value(0).second, QStringLiteral("a"));
}

void TestRouter::explicitOverAnySameResource()
{
    // A more specific resource with ANY wins over a less specific one with the explicit method.
    const RestApi api = makeApi({QStringLiteral("/pets/cats ANY"), QStringLiteral("/pets/{kind} GET")});
    const Router router(api);
    RouteMatch match;
    QVERIFY(router.match("GET", "/pets/cats", &match));
    QCOMPARE(router.entries().at(match.entry).resource->path, QStringLiteral("/pets/cats"));
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
