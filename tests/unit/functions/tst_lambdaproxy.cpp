// The Lambda proxy event built from a request (field by field), the mapping of a function's
// result onto the method response (well-formed and malformed results), and the rewriting of
// async functions for QJSEngine.
#include "functionfixture.h"

#include <functions/functionexecutor.h>
#include <functions/lambdaproxy.h>
#include <functions/runtimescript.h>
#include <functions/transpile.h>

#include <QCoreApplication>
#include <QJSEngine>

using namespace FunctionTests;
using namespace Gatehouse::Functions;

namespace {

// Builds the event on the test thread and answers 200.
class EventCapture final : public IntegrationExecutor
{
public:
    explicit EventCapture(QJSEngine *engine) : m_engine(engine) {}
    void execute(const IntegrationCall &call, IntegrationDone done) override
    {
        const QJSValue e = buildProxyEvent(*m_engine, call);
        const QJSValue text = m_engine->globalObject()
                                  .property(QStringLiteral("JSON"))
                                  .property(QStringLiteral("stringify"))
                                  .call({e});
        event = QJsonDocument::fromJson(text.toString().toUtf8()).object();
        IntegrationResult r;
        r.proxy = true;
        done(r);
    }
    QJsonObject event;

private:
    QJSEngine *m_engine;
};

QJsonValue null() { return QJsonValue(QJsonValue::Null); }

} // namespace

class TestLambdaProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventFieldByField();
    void eventNullsAndMultiValues();
    void eventBinaryBody();
    void resultMapping_data();
    void resultMapping();
    void binaryResult();
    void lambdaUri_data();
    void lambdaUri();
    void transpiledAsync_data();
    void transpiledAsync();
};

void TestLambdaProxy::eventFieldByField()
{
    QJSEngine engine;
    auto capture = std::make_shared<EventCapture>(&engine);
    ServedStage stage;
    QVERIFY(stage.load(apiDocument({{QStringLiteral("/books/{isbn}"), QStringLiteral("get"),
                                     functionUri(QStringLiteral("echo"))}}),
                       {{QStringLiteral("table"), QStringLiteral("Books")}}));
    auto answer = stage.start({nullptr, nullptr, capture}, "GET", "/books/978%2D1", "a=1&b=x%20y&a=2",
                              {{"Host", "a1b2c3d4e5.execute-api.localhost"},
                               {"User-Agent", "curl/7.88"},
                               {"X-Many", "one"},
                               {"X-Many", "two"}},
                              "hello");
    QVERIFY(answer->isAnswered());
    const QJsonObject e = capture->event;
    const QJsonObject expected{
        {QStringLiteral("resource"), QStringLiteral("/books/{isbn}")},
        {QStringLiteral("path"), QStringLiteral("/books/978%2D1")},
        {QStringLiteral("httpMethod"), QStringLiteral("GET")},
        {QStringLiteral("headers"),
         QJsonObject{{QStringLiteral("Host"), QStringLiteral("a1b2c3d4e5.execute-api.localhost")},
                     {QStringLiteral("User-Agent"), QStringLiteral("curl/7.88")},
                     {QStringLiteral("X-Many"), QStringLiteral("two")}}},
        {QStringLiteral("multiValueHeaders"),
         QJsonObject{{QStringLiteral("Host"), QJsonArray{QStringLiteral("a1b2c3d4e5.execute-api.localhost")}},
                     {QStringLiteral("User-Agent"), QJsonArray{QStringLiteral("curl/7.88")}},
                     {QStringLiteral("X-Many"), QJsonArray{QStringLiteral("one"), QStringLiteral("two")}}}},
        {QStringLiteral("queryStringParameters"),
         QJsonObject{{QStringLiteral("a"), QStringLiteral("2")}, {QStringLiteral("b"), QStringLiteral("x y")}}},
        {QStringLiteral("multiValueQueryStringParameters"),
         QJsonObject{{QStringLiteral("a"), QJsonArray{QStringLiteral("1"), QStringLiteral("2")}},
                     {QStringLiteral("b"), QJsonArray{QStringLiteral("x y")}}}},
        {QStringLiteral("pathParameters"), QJsonObject{{QStringLiteral("isbn"), QStringLiteral("978-1")}}},
        {QStringLiteral("stageVariables"), QJsonObject{{QStringLiteral("table"), QStringLiteral("Books")}}},
        {QStringLiteral("body"), QStringLiteral("hello")},
        {QStringLiteral("isBase64Encoded"), false},
    };
    for (auto it = expected.begin(); it != expected.end(); ++it)
        QVERIFY2(e.value(it.key()) == it.value(), qPrintable(it.key() + u": " +
                 QString::fromUtf8(QJsonDocument(QJsonObject{{it.key(), e.value(it.key())}}).toJson())));
    QCOMPARE(e.keys().size(), expected.size() + 1); // and requestContext

    const QJsonObject rc = e.value(QStringLiteral("requestContext")).toObject();
    const QString resourceId = stage.stage().api->api().resourceByPath(QStringLiteral("/books/{isbn}"))->id;
    const QJsonObject expectedContext{
        {QStringLiteral("resourceId"), resourceId},
        {QStringLiteral("resourcePath"), QStringLiteral("/books/{isbn}")},
        {QStringLiteral("httpMethod"), QStringLiteral("GET")},
        {QStringLiteral("extendedRequestId"), QStringLiteral("Gk3dEF0voAMFa3A=")},
        {QStringLiteral("requestTime"), QStringLiteral("04/Mar/2020:19:15:17 +0000")},
        {QStringLiteral("path"), QStringLiteral("/dev/books/978%2D1")},
        {QStringLiteral("accountId"), QStringLiteral("123456789012")},
        {QStringLiteral("protocol"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("stage"), QStringLiteral("dev")},
        {QStringLiteral("domainPrefix"), QStringLiteral("a1b2c3d4e5")},
        {QStringLiteral("requestTimeEpoch"), 1583349317135.0},
        {QStringLiteral("requestId"), QStringLiteral("c6af9ac6-7b61-11e6-9a41-93e8deadbeef")},
        {QStringLiteral("domainName"), QStringLiteral("a1b2c3d4e5.execute-api.localhost")},
        {QStringLiteral("apiId"), QStringLiteral("a1b2c3d4e5")},
    };
    for (auto it = expectedContext.begin(); it != expectedContext.end(); ++it)
        QVERIFY2(rc.value(it.key()) == it.value(), qPrintable(it.key()));
    QCOMPARE(rc.keys().size(), expectedContext.size() + 1); // and identity

    const QJsonObject identity = rc.value(QStringLiteral("identity")).toObject();
    QCOMPARE(identity.value(QStringLiteral("sourceIp")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(identity.value(QStringLiteral("userAgent")).toString(), QStringLiteral("curl/7.88"));
    for (const char *name : {"cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller",
                             "principalOrgId", "accessKey", "cognitoAuthenticationType",
                             "cognitoAuthenticationProvider", "userArn", "user"})
        QVERIFY2(identity.value(QLatin1String(name)) == null(), name);
    QCOMPARE(identity.keys().size(), 12);
}

void TestLambdaProxy::eventNullsAndMultiValues()
{
    QJSEngine engine;
    auto capture = std::make_shared<EventCapture>(&engine);
    ServedStage stage;
    QVERIFY(stage.load(apiDocument({{QStringLiteral("/plain"), QStringLiteral("post"),
                                     functionUri(QStringLiteral("echo"))}})));
    auto answer = stage.start({nullptr, nullptr, capture}, "POST", "/plain");
    QVERIFY(answer->isAnswered());
    const QJsonObject e = capture->event;
    // What AWS sends as null when the request has none of it.
    for (const char *name : {"queryStringParameters", "multiValueQueryStringParameters",
                             "pathParameters", "stageVariables", "body"})
        QVERIFY2(e.value(QLatin1String(name)) == null(), name);
    QCOMPARE(e.value(QStringLiteral("isBase64Encoded")).toBool(), false);
    QVERIFY(e.value(QStringLiteral("requestContext")).toObject().value(QStringLiteral("identity"))
                .toObject().value(QStringLiteral("userAgent")) == null());
}

void TestLambdaProxy::eventBinaryBody()
{
    QJSEngine engine;
    auto capture = std::make_shared<EventCapture>(&engine);
    ServedStage stage;
    QVERIFY(stage.load(apiDocument({{QStringLiteral("/upload"), QStringLiteral("post"),
                                     functionUri(QStringLiteral("echo"))}},
                                   {QStringLiteral("image/*")})));
    const QByteArray png("\x89PNG\r\n\x1a\n\x00\x01", 10);
    QVERIFY(stage.start({nullptr, nullptr, capture}, "POST", "/upload", {},
                        {{"Content-Type", "image/png"}}, png)->isAnswered());
    QCOMPARE(capture->event.value(QStringLiteral("body")).toString(), QString::fromLatin1(png.toBase64()));
    QCOMPARE(capture->event.value(QStringLiteral("isBase64Encoded")).toBool(), true);
    QVERIFY(stage.start({nullptr, nullptr, capture}, "POST", "/upload", {},
                        {{"Content-Type", "text/plain"}}, "text")->isAnswered());
    QCOMPARE(capture->event.value(QStringLiteral("body")).toString(), QStringLiteral("text"));
    QCOMPARE(capture->event.value(QStringLiteral("isBase64Encoded")).toBool(), false);
}

void TestLambdaProxy::resultMapping_data()
{
    QTest::addColumn<QString>("result");     // a JavaScript expression
    QTest::addColumn<int>("status");         // 0: malformed
    QTest::addColumn<QByteArray>("headers"); // "name: value" lines, in order
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("full") << R"({statusCode: 201, headers: {"Content-Type": "text/plain", "X-A": "1"}, body: "made", isBase64Encoded: false})"
                          << 201 << QByteArray("Content-Type: text/plain\nX-A: 1") << QByteArray("made");
    QTest::newRow("status only: JSON content type, empty body")
        << "({statusCode: 204})" << 204 << QByteArray("Content-Type: application/json") << QByteArray();
    QTest::newRow("status as a numeric string") << R"({statusCode: "404", body: "no"})" << 404
                                                << QByteArray("Content-Type: application/json") << QByteArray("no");
    QTest::newRow("number and boolean header values as text")
        << R"({statusCode: 200, headers: {"X-N": 5, "X-B": true}})" << 200
        << QByteArray("X-N: 5\nX-B: true\nContent-Type: application/json") << QByteArray();
    QTest::newRow("multiValueHeaders merged; a pair in both appears once")
        << R"({statusCode: 200, headers: {"Set-Cookie": "a=1", "X-S": "s"}, multiValueHeaders: {"Set-Cookie": ["a=1", "b=2"]}})"
        << 200 << QByteArray("X-S: s\nSet-Cookie: a=1\nSet-Cookie: b=2\nContent-Type: application/json") << QByteArray();
    QTest::newRow("null members are absent") << R"({statusCode: 200, headers: null, body: null, multiValueHeaders: null, isBase64Encoded: null})"
                                             << 200 << QByteArray("Content-Type: application/json") << QByteArray();
    QTest::newRow("undefined members are dropped") << "({statusCode: 200, body: undefined})" << 200
                                                   << QByteArray("Content-Type: application/json") << QByteArray();
    QTest::newRow("base64 without a binary Accept stays text")
        << R"({statusCode: 200, body: "aGk=", isBase64Encoded: true})" << 200
        << QByteArray("Content-Type: application/json") << QByteArray("aGk=");

    QTest::newRow("string result") << R"("{\"statusCode\": 200}")" << 0 << QByteArray() << QByteArray();
    QTest::newRow("null result") << "null" << 0 << QByteArray() << QByteArray();
    QTest::newRow("number result") << "200" << 0 << QByteArray() << QByteArray();
    QTest::newRow("array result") << "[200]" << 0 << QByteArray() << QByteArray();
    QTest::newRow("missing statusCode") << R"({body: "x"})" << 0 << QByteArray() << QByteArray();
    QTest::newRow("statusCode not a number") << R"({statusCode: "ok"})" << 0 << QByteArray() << QByteArray();
    QTest::newRow("statusCode fractional") << "({statusCode: 200.5})" << 0 << QByteArray() << QByteArray();
    QTest::newRow("statusCode out of range") << "({statusCode: 99})" << 0 << QByteArray() << QByteArray();
    QTest::newRow("body an object") << R"({statusCode: 200, body: {a: 1}})" << 0 << QByteArray() << QByteArray();
    QTest::newRow("body a number") << "({statusCode: 200, body: 5})" << 0 << QByteArray() << QByteArray();
    QTest::newRow("headers an array") << "({statusCode: 200, headers: []})" << 0 << QByteArray() << QByteArray();
    QTest::newRow("header value an object") << R"({statusCode: 200, headers: {"X": {}}})" << 0 << QByteArray() << QByteArray();
    QTest::newRow("multiValueHeaders value not a list") << R"({statusCode: 200, multiValueHeaders: {"X": "a"}})" << 0 << QByteArray() << QByteArray();
    QTest::newRow("isBase64Encoded a number") << "({statusCode: 200, isBase64Encoded: 1})" << 0 << QByteArray() << QByteArray();
    QTest::newRow("an unknown member") << R"({statusCode: 200, message: "hi"})" << 0 << QByteArray() << QByteArray();
}

void TestLambdaProxy::resultMapping()
{
    QFETCH(QString, result);
    QFETCH(int, status);
    QJSEngine engine;
    const QJSValue value = engine.evaluate(u'(' + result + u')');
    QVERIFY(!value.isError());
    const ProxyResultMapping mapped = mapProxyResult(value, {}, "*/*");
    if (status == 0) {
        QVERIFY2(!mapped.result, "expected a malformed result");
        QVERIFY(!mapped.problem.isEmpty());
        return;
    }
    QVERIFY2(mapped.result, qPrintable(mapped.problem));
    QVERIFY(mapped.result->proxy);
    QCOMPARE(mapped.result->status, status);
    QByteArrayList lines;
    for (const auto &[name, value] : mapped.result->headers)
        lines << name + ": " + value;
    QTEST(lines.join('\n'), "headers");
    QTEST(mapped.result->body, "body");
}

void TestLambdaProxy::binaryResult()
{
    QJSEngine engine;
    const QJSValue value = engine.evaluate(QStringLiteral(
        R"(({statusCode: 200, headers: {"Content-Type": "image/png"}, body: "iVBORw==", isBase64Encoded: true}))"));
    const ProxyResultMapping binary = mapProxyResult(value, {QStringLiteral("image/png")}, "image/png");
    QVERIFY(binary.result);
    QCOMPARE(binary.result->body, QByteArray::fromBase64("iVBORw=="));
    const ProxyResultMapping text = mapProxyResult(value, {QStringLiteral("image/png")}, "application/json");
    QCOMPARE(text.result->body, QByteArray("iVBORw=="));
    const QJSValue bad = engine.evaluate(QStringLiteral(
        R"(({statusCode: 200, body: "not base64!", isBase64Encoded: true}))"));
    QVERIFY(!mapProxyResult(bad, {QStringLiteral("*/*")}, "image/png").result);
}

void TestLambdaProxy::lambdaUri_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("name");      // empty: invalid
    QTest::addColumn<QString>("qualifier");
    QTest::addColumn<QString>("arn");
    const QString prefix = QStringLiteral("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/");
    QTest::newRow("full ARN") << prefix + "arn:aws:lambda:eu-west-1:111122223333:function:books/invocations"
                              << "books" << "" << "arn:aws:lambda:eu-west-1:111122223333:function:books";
    QTest::newRow("alias") << prefix + "arn:aws:lambda:eu-west-1:111122223333:function:books:live/invocations"
                           << "books" << "live" << "arn:aws:lambda:eu-west-1:111122223333:function:books:live";
    QTest::newRow("stage variable") << prefix + "arn:aws:lambda:eu-west-1:111122223333:function:${stageVariables.fn}/invocations"
                                    << "fromstage" << "" << "arn:aws:lambda:eu-west-1:111122223333:function:fromstage";
    QTest::newRow("bare name takes the URI's region") << prefix + "hello/invocations" << "hello" << ""
                                                      << "arn:aws:lambda:eu-west-1:123456789012:function:hello";
    QTest::newRow("path traversal") << prefix + "arn:aws:lambda:eu-west-1:1:function:..%2Fx/invocations" << "" << "" << "";
    QTest::newRow("not a Lambda URI") << "arn:aws:apigateway:us-east-1:dynamodb:action/GetItem" << "" << "" << "";
}

void TestLambdaProxy::lambdaUri()
{
    QFETCH(QString, uri);
    QFETCH(QString, name);
    const auto target = parseLambdaUri(uri, {{QStringLiteral("fn"), QStringLiteral("fromstage")}});
    if (name.isEmpty()) {
        QVERIFY(!target);
        return;
    }
    QVERIFY(target);
    QCOMPARE(target->name, name);
    QTEST(target->qualifier, "qualifier");
    QTEST(target->arn, "arn");
}

void TestLambdaProxy::transpiledAsync_data()
{
    QTest::addColumn<QString>("source"); // defines f(); the test awaits f() and compares to expected
    QTest::addColumn<QString>("expected");
    QTest::newRow("async function") << "async function f() { const a = await Promise.resolve(2); return a * 3; }" << "6";
    QTest::newRow("async arrow, expression body") << "const f = async () => (await Promise.resolve('x')) + 'y';" << "xy";
    QTest::newRow("async arrow, one parameter") << "const g = async x => x + 1; const f = () => g(41);" << "42";
    QTest::newRow("await binds tighter than +") << "const f = async () => await Promise.resolve(1) + await Promise.resolve(2);" << "3";
    QTest::newRow("await member call chain") << "const o = { v: () => Promise.resolve({ n: [7] }) }; const f = async () => (await o.v()).n[0];" << "7";
    QTest::newRow("async method") << "const o = { k: 5, async m(a) { return this.k + await a; } }; const f = () => o.m(Promise.resolve(1));" << "6";
    QTest::newRow("try/catch around a rejection") << "async function f() { try { await Promise.reject(new Error('no')); } catch (e) { return 'caught ' + e.message; } }" << "caught no";
    QTest::newRow("nested async") << "async function f() { const inner = async (v) => { return await v; }; return await inner(Promise.resolve('in')); }" << "in";
    QTest::newRow("strings, regexes and comments untouched") << "const s = 'async () => await'; const r = /async/; // async x => await\nconst f = async () => s + r.source;" << "async () => awaitasync";
    QTest::newRow("export") << "export const f = async () => 'exported';" << "exported";
    QTest::newRow("lines kept after a leading comment") << "// header\n/* more\n */ async function f() {\n  return new Error('x').lineNumber;\n}" << "4";
    QTest::newRow("lines kept") << "async function f() {\n  await null;\n  return new Error('x').lineNumber;\n}" << "3";
    // Object spread and rest (ES2018), which the engine does not parse.
    QTest::newRow("object spread") << "const a = { x: 1, y: 2 }; const f = () => JSON.stringify({ ...a, y: 3, z: [...[4]] });" << R"({"x":1,"y":3,"z":[4]})";
    QTest::newRow("spread first, last, alone, trailing comma") << "const f = () => JSON.stringify([{ ...{ a: 1 } }, { b: 0, ...{ b: 2 }, }, { ...null }]);" << R"([{"a":1},{"b":2},{}])";
    QTest::newRow("spread evaluates once, in order") << "let n = ''; const t = (c, v) => (n += c, v); const f = () => { const o = { a: t('a', 1), ...t('b', { b: 2 }), c: t('c', 3) }; return n + JSON.stringify(o); };" << R"(abc{"a":1,"b":2,"c":3})";
    QTest::newRow("nested spread and methods") << "const b = { k: 1 }; const f = () => { const o = { m() { return { ...b, in: true }; }, ...b }; return JSON.stringify([o.m(), o.k]); };" << R"([{"k":1,"in":true},1])";
    QTest::newRow("object rest in a declaration") << "const f = () => { const { a, 'b': bee, ...rest } = { a: 1, b: 2, c: 3, d: 4 }; return JSON.stringify([a, bee, rest]); };" << R"([1,2,{"c":3,"d":4}])";
    QTest::newRow("object rest in parameters") << "const g = ({ body, ...others }, [x, { y, ...more }]) => JSON.stringify([body, others, x, y, more]); const f = () => g({ body: 'b', path: '/' }, [1, { y: 2, z: 3 }]);" << R"(["b",{"path":"/"},1,2,{"z":3}])";
    QTest::newRow("object rest with defaults, nesting and computed keys") << "const k = 'a'; function g({ [k]: av, n: { p = 5, ...inner } = {}, ...rest }) { return JSON.stringify([av, p, inner, rest]); } const f = () => g({ a: 1, n: { q: 2 }, r: 3 });" << R"([1,5,{"q":2},{"r":3}])";
    QTest::newRow("object rest in for-of and assignment") << "const f = () => { const out = []; for (const { id, ...v } of [{ id: 1, x: 2 }]) out.push(id, v); let a, r; ({ a, ...r } = { a: 3, b: 4 }); out.push(a, r); return JSON.stringify(out); };" << R"([1,{"x":2},3,{"b":4}])";
    QTest::newRow("spread and await in an async body") << "const f = async () => { const r = { ...(await Promise.resolve({ a: 1 })), b: await 2 }; return JSON.stringify(r); };" << R"({"a":1,"b":2})";
    QTest::newRow("template literal parts") << "const o = { a: 1 }; const f = async () => `${JSON.stringify({ ...o, b: 2 })} ${await Promise.resolve('w')} ${'}'}`;" << R"({"a":1,"b":2} w })";
    QTest::newRow("optional catch binding") << "const f = () => { try { null.x; } catch { return 'caught'; } };" << "caught";
    QTest::newRow("spread inside strings left alone") << "const f = () => '{...a}' + `{...b}` + /{...c}/.source;" << "{...a}{...b}{...c}";
    QTest::newRow("logical assignment") << "const o = { a: null, b: 0, c: 1, n: { k: '' } }; let x; const f = () => {\n  x ?\?= 'set'\n  o.a ?\?= 1; o.b ||= 2; o.c &&= 3; o['n'].k ||= 'k'; o.c ?\?= 9\n  return JSON.stringify([x, o, new Error().lineNumber]);\n};" << R"(["set",{"a":1,"b":2,"c":3,"n":{"k":"k"}},4])";
    // for await, which the engine does not parse: async and sync iterables, destructuring,
    // continue, break, nesting, a plain assignment target, an expression-statement body.
    QTest::newRow("for await")
        << "const pages = { [Symbol.asyncIterator]() { let n = 0; return { next: () => Promise.resolve(n < 3 ? { done: false, value: { Items: [n++] } } : { done: true }) }; } };\n"
           "async function f() {\n  const out = [];\n  for await (const x of [1, Promise.resolve(2)]) out.push(x);\n"
           "  for await (const { Items } of pages) {\n    if (Items[0] === 1) continue;\n    out.push('page' + Items[0]);\n  }\n"
           "  let last;\n  for await (last of pages) { for await (const y of [10]) out.push(y + last.Items[0]); if (last.Items[0] === 1) break; }\n"
           "  return JSON.stringify([out, new Error().lineNumber]);\n}"
        << R"([[1,2,"page0","page2",10,11],11])";
    // Strict code: the engine compiles `return o.p = f()` and `=> o.p = f()` as tail calls and
    // loses the store; the rewrite returns the value through an array.
    QTest::newRow("strict: returned assignments keep their stores")
        << "'use strict'; const cache = {}; const set = (k, g) => cache[k] = g(); const set2 = (k, g) => (cache[k] = g());\n"
           "function once(fn) { var f = function () { if (f.called) return f.value; f.called = true; return f.value = fn()\n }; return f; }\n"
           "const f = () => { const o = once(() => 5); o(); let n = 1; const add = () => { return n += 2, n; };\n"
           "  return JSON.stringify([set('a', () => 1), cache.a, set2('b', () => 2), cache.b, o(), add(), (function () { return 'x' == 'y'; })(), new Error().lineNumber]); };"
        << "[1,1,2,2,5,3,false,5]";
    QTest::newRow("spread in a ternary, a call, a class method") << "const a = { v: 1 }; class A { m({ v, ...r }) { return r; } } const f = () => { const out = []; if (a) { out.push({ ...a }); } out.push(a.v ? { ...a, w: 2 } : {}, new A().m({ v: 1, u: 2 })); return JSON.stringify(out); };" << R"([{"v":1},{"v":1,"w":2},{"u":2}])";
    QTest::newRow("regexes, division and nested templates kept") << "const f = () => { const r = /\\{...a}/; const n = 10 / 2 / 5; return `${n}${`<${r.source}>`}${'}'}`; };" << "1<\\{...a}>}";
    QTest::newRow("numeric separators") << "const f = () => 1_000_000 + 0.000_5;" << "1000000.0005";
    // Private names belong to their class: a subclass's #x is another name than its base's, a
    // nested class reaches its outer class's, and `??=` on one works (as Node gives these).
    QTest::newRow("private names per class")
        << "class A { #x = 1; static #count = 0; getA() { return this.#x; } static bump() { return ++A.#count; }\n"
           "  #cache; lazy() { return this.#cache ?\?= new Map([['k', `${this.#x}`]]); } has(o) { return #x in o; } }\n"
           "class B extends A { #x = 2; getB() { return this.#x; }\n"
           "  inner() { const self = this; return new (class { #y = 3; read() { return [self.#x, this.#y]; } })().read(); } }\n"
           "const f = () => { const b = new B(); return JSON.stringify([b.getA(), b.getB(), A.bump(), A.bump(), b.lazy() === b.lazy(),\n"
           "  b.lazy().get('k'), b.has(b), b.has({}), b.inner(), Object.keys(b), JSON.stringify(b)]); };"
        << R"([1,2,1,2,true,"1",true,false,[2,3],[],"{}"])";
    // super in async methods (class, static, object literal), also from an async arrow in one.
    QTest::newRow("super in async methods")
        << "class Base { constructor() { this.log = []; } async init(x) { await null; this.log.push('base ' + x); return 'b' + x; }\n"
           "  static async make() { return 'base-make'; } get kind() { return 'base'; } }\n"
           "class Child extends Base {\n"
           "  async init(x) { const r = await super.init(x + 1); const k = super.kind; const later = async () => super['init']('arrow');\n"
           "    this.log.push('child ' + r + ' ' + k + ' ' + (await later())); return this.log; }\n"
           "  static async make() { return 'child of ' + (await super.make()); } }\n"
           "const o = { async hi() { return 'obj ' + (await super.hi()); } };\n"
           "Object.setPrototypeOf(o, { async hi() { return 'proto hi'; } });\n"
           "const f = async () => JSON.stringify([await new Child().init(1), await Child.make(), await o.hi()]);"
        << R"([["base 2","base arrow","child b2 base barrow"],"child of base-make","obj proto hi"])";
    QTest::newRow("arguments in an async arrow are its function's")
        << "function g() { const a = async () => arguments.length + ':' + arguments[0]; const b = async () => { return arguments[1]; };\n"
           "  return Promise.all([a(), b()]); }\nconst f = async () => (await g('x', 'y')).join(' ');"
        << "2:x y";
    QTest::newRow("yield* in an async generator")
        << "async function* inner(n) { for (let i = 0; i < n; i++) { await null; yield i; } return 'inner done'; }\n"
           "async function* outer() { const r = yield* inner(2); yield r; yield* [Promise.resolve('sync a'), 'sync b'];\n"
           "  function* plain() { yield* [7, 8]; } yield [...plain()]; }\n"
           "const f = async () => { const out = []; for await (const v of outer()) out.push(v); return JSON.stringify(out); };"
        << R"([0,1,"inner done","sync a","sync b",[7,8]])";
    QTest::newRow("__proto__ in object literals")
        << "const base = { hi() { return 'proto hi'; } };\n"
           "const o = { a: 1, __proto__: base, async hi() { return 'obj ' + (await super.hi()); }, b: 2 };\n"
           "const dict = { __proto__: null, x: 1 }; const last = { y: 2, '__proto__': base };\n"
           "const shorthand = (() => { const __proto__ = 5; return { __proto__ }; })();\n"
           "const f = async () => JSON.stringify([Object.getPrototypeOf(o) === base, await o.hi(), Object.keys(o), Object.getPrototypeOf(dict),\n"
           "  'toString' in dict, Object.getPrototypeOf(last) === base, last.y, Object.keys(shorthand)]);"
        << R"([true,"obj proto hi",["a","hi","b"],null,false,true,2,["__proto__"]])";
    QTest::newRow("lines kept by spread and rest") << "const f = () => {\n  const { a,\n ...r } = { ...{\n a: 1 } };\n  return new Error('x').lineNumber;\n};" << "5";
}

void TestLambdaProxy::transpiledAsync()
{
    QFETCH(QString, source);
    QJSEngine engine;
    const QJSValue nodeFactory = engine.evaluate(nodeGlobalsScript());
    QVERIFY(!nodeFactory.isError());
    const QJSValue factory = engine.evaluate(runtimeScript());
    QVERIFY(!factory.isError());
    QJSValue native = engine.newObject();
    const QJSValue node = nodeFactory.call({engine.globalObject(), native});
    QVERIFY(!node.isError());
    QVERIFY(!factory.call({engine.globalObject(), native, node}).isError());
    const QString code = QStringLiteral("(function (exports) {") + transpileForEngine(source) +
                         QStringLiteral("\n; var p = Promise.resolve((typeof f === 'function' ? f : exports.f)()); "
                                        "p.then(function (v) { exports.out = String(v); }, "
                                        "function (e) { exports.out = 'rejected ' + e; }); })");
    const QJSValue wrapper = engine.evaluate(code, QStringLiteral("test.js"));
    QVERIFY2(!wrapper.isError(), qPrintable(wrapper.toString() + u"\n" + transpileForEngine(source)));
    QJSValue exports = engine.newObject();
    const QJSValue r = wrapper.call({exports});
    QVERIFY2(!r.isError(), qPrintable(r.toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!exports.property(QStringLiteral("out")).isUndefined(), 2000);
    QTEST(exports.property(QStringLiteral("out")).toString(), "expected");
}

QTEST_GUILESS_MAIN(TestLambdaProxy)
#include "tst_lambdaproxy.moc"
