// The engine's programmatic surface: compile errors as values with positions, contexts shared
// by reference, limits, and the helpers the bindings are built from.
#include "goldencases.h"

#include <vtl/apigatewaycontext.h>
#include <vtl/json.h>
#include <vtl/jsonpath.h>
#include <vtl/template.h>

#include <QTest>

#include <thread>

using namespace Gatehouse;
using namespace Gatehouse::Vtl;

class TestVtlApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void compileErrorCarriesPosition_data();
    void compileErrorCarriesPosition();
    void statusMessageNamesLineAndColumn();
    void setOnSharedMapIsVisibleToCaller();
    void topLevelSetDoesNotLeakIntoContext();
    void macroRecursionLimitIsARuntimeError();
    void failingMethodIsARuntimeError();
    void javaDoubleFormatting_data();
    void javaDoubleFormatting();
    void jsonRoundTrip_data();
    void jsonRoundTrip();
    void jsonPathDefiniteness_data();
    void jsonPathDefiniteness();
    void escapeJavaScript_data();
    void escapeJavaScript();
    void urlEncoding_data();
    void urlEncoding();
    void requestTimeFormat();
    void responseOverrideReadBack();
    void lazyVariableBuiltOnFirstMention_data();
    void lazyVariableBuiltOnFirstMention();
    void bindingsUntouchedContextReadsAsBuilt();
    void renderFromSeveralThreads();
    void everyPrefixOfEveryGoldenTemplate();
};

void TestVtlApi::compileErrorCarriesPosition_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("stray end") << "a\n  #end\n"
                               << 2 << 3 << "Encountered \"#end\" at line 2, column 3";
    QTest::newRow("unclosed if") << "#if(true)\nx\n"
                                 << 2 << 2 << "Encountered \"<EOF>\" at line 2, column 2";
    QTest::newRow("missing operand")
        << "#set($x = )" << 1 << 11 << "Encountered \")\" at line 1, column 11";
    QTest::newRow("unclosed formal") << "ab ${a\n"
                                     << 1 << 7 << "Encountered \"\n\" at line 1, column 7";
}

void TestVtlApi::compileErrorCarriesPosition()
{
    QFETCH(QString, source);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    VtlError error;
    const auto t = Template::compileWithError(source, &error);
    QVERIFY(!t.isOk());
    QCOMPARE(error.line, line);
    QCOMPARE(error.column, column);
    QCOMPARE(error.message, message);
}

void TestVtlApi::statusMessageNamesLineAndColumn()
{
    const auto t = Template::compile(QStringLiteral("x\n#else"));
    QVERIFY(!t.isOk());
    QCOMPARE(t.status().code(), QStringLiteral("VtlSyntaxError"));
    QCOMPARE(t.status().message(),
             QStringLiteral("line 2, column 1: Encountered \"#else\" at line 2, column 1"));
}

void TestVtlApi::setOnSharedMapIsVisibleToCaller()
{
    const auto t = Template::compile(QStringLiteral("#set($m.a = 5)#set($ok = $l.add(2))"));
    QVERIFY(t.isOk());
    Context ctx;
    const Value m = Value::newMap();
    const Value l = Value::newList();
    ctx.set(QStringLiteral("m"), m);
    ctx.set(QStringLiteral("l"), l);
    QCOMPARE(t->render(ctx), QString());
    QCOMPARE(m.map()->value(QStringLiteral("a")).toInt(), 5);
    QCOMPARE(l.list()->size(), 1);
}

void TestVtlApi::topLevelSetDoesNotLeakIntoContext()
{
    const auto t = Template::compile(QStringLiteral("#set($x = 1)$x"));
    Context ctx;
    QCOMPARE(t->render(ctx), QStringLiteral("1"));
    QVERIFY(!ctx.contains(QStringLiteral("x")));
    QCOMPARE(t->render(ctx), QStringLiteral("1"));
}

void TestVtlApi::macroRecursionLimitIsARuntimeError()
{
    const auto t = Template::compile(QStringLiteral("#macro(r)x#r()#end\n#r()"));
    QVERIFY(t.isOk());
    VtlError error;
    QCOMPARE(t->render(Context(), &error), QString());
    QCOMPARE(error.message,
             QStringLiteral("Max calling depth of 20 was exceeded in macro 'r' at line 1, "
                            "column 11"));
    RenderLimits deeper;
    deeper.maxMacroDepth = 50;
    t->render(Context(), &error, deeper);
    QVERIFY(error.message.startsWith(QLatin1String("Max calling depth of 50")));
}

void TestVtlApi::failingMethodIsARuntimeError()
{
    const auto t = Template::compile(QStringLiteral("#set($s = \"abc\")\n$s.substring(5)"));
    VtlError error;
    t->render(Context(), &error);
    QCOMPARE(error.line, 2);
    QCOMPARE(error.column, 4);
    QCOMPARE(error.message,
             QStringLiteral("Invocation of method 'substring' threw an exception: "
                            "java.lang.StringIndexOutOfBoundsException: begin 5, end 3, "
                            "length 3 at line 2, column 4"));
}

void TestVtlApi::javaDoubleFormatting_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("one") << 1.0 << "1.0";
    QTest::newRow("half") << 0.5 << "0.5";
    QTest::newRow("binary fraction") << 0.1 + 0.2 << "0.30000000000000004";
    QTest::newRow("small") << 0.001 << "0.001";
    QTest::newRow("smaller") << 0.0001 << "1.0E-4";
    QTest::newRow("million") << 1e6 << "1000000.0";
    QTest::newRow("ten million") << 1e7 << "1.0E7";
    QTest::newRow("big") << 1.5e21 << "1.5E21";
    QTest::newRow("negative") << -2.25 << "-2.25";
    QTest::newRow("zero") << 0.0 << "0.0";
    QTest::newRow("123.456") << 123.456 << "123.456";
    QTest::newRow("price") << 249.99 << "249.99";
    QTest::newRow("cents") << 0.99 << "0.99";
    QTest::newRow("six decimals") << 0.001234 << "0.001234";
    QTest::newRow("seven decimals") << 3.0000001 << "3.0000001";
    QTest::newRow("near ten million") << 9999999.999999 << "9999999.999999";
    QTest::newRow("negative half") << -0.5 << "-0.5";
    QTest::newRow("hundred") << 100.0 << "100.0";
    QTest::newRow("large integral") << 1234567.0 << "1234567.0";
    QTest::newRow("tiny") << 1.25e-5 << "1.25E-5";
    QTest::newRow("negative big") << -3.5e9 << "-3.5E9";
}

void TestVtlApi::javaDoubleFormatting()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(javaDoubleString(value), text);
}

void TestVtlApi::jsonRoundTrip_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("compact");
    QTest::newRow("object order kept") << R"({ "b": 1, "a": [true, null, 2.5] })"
                                       << R"({"b":1,"a":[true,null,2.5]})";
    QTest::newRow("escapes") << R"(["a\"b\\c\n\u00e9"])"
                             << "[\"a\\\"b\\\\c\\n\u00e9\"]";
    QTest::newRow("integers stay integers") << "[1, -2, 3.0, 1e2]"
                                            << "[1,-2,3.0,100.0]";
}

void TestVtlApi::jsonRoundTrip()
{
    QFETCH(QString, json);
    QFETCH(QString, compact);
    QString error;
    const Value v = parseJson(json, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(toJson(v), compact);
}

void TestVtlApi::jsonPathDefiniteness_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("definite");
    QTest::addColumn<QString>("result");
    QTest::newRow("root") << "$" << true << R"({"a":{"b":[1,2,3]},"c":[{"n":1},{"n":5}]})";
    QTest::newRow("member") << "$.a.b" << true << "[1,2,3]";
    QTest::newRow("index") << "$.a.b[1]" << true << "2";
    QTest::newRow("negative index") << "$.a.b[-1]" << true << "3";
    QTest::newRow("bracket name") << "$['a']['b'][0]" << true << "1";
    QTest::newRow("wildcard") << "$.c[*].n" << false << "[1,5]";
    QTest::newRow("slice") << "$.a.b[0:2]" << false << "[1,2]";
    QTest::newRow("deep scan") << "$..n" << false << "[1,5]";
    QTest::newRow("filter") << "$.c[?(@.n > 2)]" << false << R"([{"n":5}])";
    QTest::newRow("missing") << "$.zzz" << true << "null";
    QTest::newRow("length") << "$.a.b.length()" << true << "3";
    QTest::newRow("no dollar") << "a.b[2]" << true << "3";
}

void TestVtlApi::jsonPathDefiniteness()
{
    QFETCH(QString, path);
    QFETCH(bool, definite);
    QFETCH(QString, result);
    QString error;
    const auto p = JsonPath::compile(path, &error);
    QVERIFY2(p, qPrintable(error));
    QCOMPARE(p->isDefinite(), definite);
    const Value root = parseJson(u"{\"a\":{\"b\":[1,2,3]},\"c\":[{\"n\":1},{\"n\":5}]}");
    QCOMPARE(toJson(p->evaluate(root)), result);
}

void TestVtlApi::escapeJavaScript_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("quotes") << "He said \"it's\""
                            << "He said \\\"it\\'s\\\"";
    QTest::newRow("slash and backslash") << "a/b\\c"
                                         << "a\\/b\\\\c";
    QTest::newRow("controls") << "a\nb\tc\rd\x01"
                              << "a\\nb\\tc\\rd\\u0001";
    QTest::newRow("non-ascii") << QString::fromUtf8("caf\xc3\xa9 \xe2\x82\xac")
                               << "caf\\u00E9 \\u20AC";
}

void TestVtlApi::escapeJavaScript()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(Vtl::escapeJavaScript(in), out);
}

void TestVtlApi::urlEncoding_data()
{
    QTest::addColumn<QString>("plain");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("space and symbols") << "a b&c=d/e?"
                                       << "a+b%26c%3Dd%2Fe%3F";
    QTest::newRow("unreserved") << "AZaz09.-*_~"
                                << "AZaz09.-*_%7E";
    QTest::newRow("utf-8") << QString::fromUtf8("\xc3\xa9") << "%C3%A9";
}

void TestVtlApi::urlEncoding()
{
    QFETCH(QString, plain);
    QFETCH(QString, encoded);
    QCOMPARE(javaUrlEncode(plain), encoded);
    QCOMPARE(javaUrlDecode(encoded), plain);
}

void TestVtlApi::requestTimeFormat()
{
    QCOMPARE(gatewayRequestTime(1700000000123), QStringLiteral("14/Nov/2023:22:13:20 +0000"));
    QCOMPARE(gatewayRequestTime(0), QStringLiteral("01/Jan/1970:00:00:00 +0000"));
}

void TestVtlApi::responseOverrideReadBack()
{
    GatewayRequest request;
    GatewayBindings bindings(request);
    const auto t = Template::compile(
        QStringLiteral("#set($context.responseOverride.status = 404)"
                       "#set($context.responseOverride.header.X-Reason = \"gone\")"));
    QVERIFY(t.isOk());
    QCOMPARE(bindings.overrideStatus(), std::nullopt);
    t->render(bindings.context());
    QCOMPARE(bindings.overrideStatus(), std::optional<int>(404));
    QCOMPARE(bindings.overrideHeaders(),
             NameValueList({{QStringLiteral("X-Reason"), QStringLiteral("gone")}}));
}

void TestVtlApi::lazyVariableBuiltOnFirstMention_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("builds");
    QTest::addColumn<QString>("output");
    QTest::newRow("not mentioned") << "#set($x = 1)$x" << 0 << "1";
    QTest::newRow("read") << "$m.a" << 1 << "7";
    QTest::newRow("read twice") << "$m.a$m.a" << 1 << "77";
    QTest::newRow("set into") << "#set($m.b = 2)$m.b" << 1 << "2";
    QTest::newRow("branch not taken") << "#if(false)$m.a#end." << 0 << ".";
    QTest::newRow("branch taken") << "#if(true)$m.a#end." << 1 << "7.";
    QTest::newRow("replaced before read") << "#set($m = 3)$m" << 0 << "3";
    QTest::newRow("loop variable restored") << "#foreach($m in [1, 2])$m#end$m.a" << 1 << "127";
    QTest::newRow("macro parameter restored")
        << "#macro(show $m)($m)#end#show(5)$m.a" << 1 << "(5)7";
}

void TestVtlApi::lazyVariableBuiltOnFirstMention()
{
    QFETCH(QString, source);
    QFETCH(int, builds);
    QFETCH(QString, output);
    const auto t = Template::compile(source);
    QVERIFY(t.isOk());
    Context ctx;
    int made = 0;
    ctx.setLazy(QStringLiteral("m"), [&made] {
        ++made;
        auto map = std::make_shared<ValueMap>();
        map->insert(QStringLiteral("a"), Value(7));
        return Value(map);
    });
    QVERIFY(ctx.contains(QStringLiteral("m")));
    QCOMPARE(t->render(ctx), output);
    QCOMPARE(made, builds);
    QCOMPARE(ctx.isBuilt(QStringLiteral("m")), builds > 0);
    // A second render sees what the first one built (and set): the same map.
    QCOMPARE(t->render(ctx), output);
    QCOMPARE(made, builds);
    QCOMPARE(ctx.value(QStringLiteral("m")).map()->value(QStringLiteral("a")).toInt(), 7);
    QCOMPARE(made, 1);
}

void TestVtlApi::bindingsUntouchedContextReadsAsBuilt()
{
    GatewayRequest request;
    request.requestId = QStringLiteral("r-1");
    request.body = "{\"a\": [1, 2]}";
    GatewayBindings bindings(request);
    // A template without $context: no override to read back, and $context is still whole when
    // asked for afterwards.
    const auto t = Template::compile(QStringLiteral("$input.json('$.a') $input.body"));
    QVERIFY(t.isOk());
    QCOMPARE(t->render(bindings.context()), QStringLiteral("[1,2] {\"a\": [1, 2]}"));
    QCOMPARE(bindings.overrideStatus(), std::nullopt);
    QVERIFY(bindings.overrideHeaders().isEmpty());
    const Value context = bindings.contextValue();
    QVERIFY(context.isMap());
    QCOMPARE(context.map()->value(QStringLiteral("requestId")).toString(), QStringLiteral("r-1"));
    QVERIFY(context.map()->value(QStringLiteral("identity")).isMap());
    QCOMPARE(context.map()->value(QStringLiteral("error")).map()->value(
                 QStringLiteral("messageString")).toString(),
             QStringLiteral("\"\""));
}

void TestVtlApi::renderFromSeveralThreads()
{
    const auto t = Template::compile(
        QStringLiteral("#foreach($i in [1..50])$i.toString().replaceAll(\"(\\d)\", \"<$1>\")#end"));
    QVERIFY(t.isOk());
    const Template compiled = *t;
    QString expected;
    for (int i = 1; i <= 50; ++i) {
        for (QChar c : QString::number(i))
            expected += u'<' + QString(c) + u'>';
    }
    QList<QString> outputs(8);
    std::vector<std::thread> threads;
    for (int i = 0; i < outputs.size(); ++i)
        threads.emplace_back(
            [&compiled, &outputs, i]() { outputs[i] = compiled.render(Context()); });
    for (std::thread &th : threads)
        th.join();
    for (const QString &out : outputs)
        QCOMPARE(out, expected);
}

// Robustness: any prefix of a valid template (an editor's content while typing) either
// compiles and renders, or fails with a position inside the text.
void TestVtlApi::everyPrefixOfEveryGoldenTemplate()
{
    QString problem;
    const QList<GoldenCase> cases = loadGoldenCases(&problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    int compiled = 0;
    int failed = 0;
    for (const GoldenCase &c : cases) {
        for (qsizetype n = 0; n <= c.tmpl.size(); ++n) {
            const QString source = c.tmpl.left(n);
            VtlError error;
            const auto t = Template::compileWithError(source, &error);
            if (!t) {
                ++failed;
                const int lines = int(source.count(u'\n')) + 1;
                QVERIFY2(error.line >= 1 && error.line <= lines + 1 && error.column >= 1,
                         qPrintable(c.id + u": " + error.message));
                continue;
            }
            ++compiled;
            GatewayBindings bindings(goldenRequest(c.request));
            t->render(bindings.context(), &error);
        }
    }
    QVERIFY(compiled > 1000);
    QVERIFY(failed > 1000);
}

QTEST_GUILESS_MAIN(TestVtlApi)
#include "tst_vtl_api.moc"
