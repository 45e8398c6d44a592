// Pure parts of the table browser: exact JSON, DynamoDB JSON <-> plain JSON, the query builder's
// request and AWS CLI text, the CSV and JSON lines formats.
#include <ui/tables/itemformats.h>
#include <ui/tables/itemwrites.h>
#include <ui/tables/querybuilder.h>
#include <ui/tables/tablejson.h>

#include <QJsonDocument>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Ui;

namespace {
QJsonObject json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(text, &error).object();
    if (error.error != QJsonParseError::NoError)
        qWarning() << "bad test JSON" << error.errorString() << text;
    return o;
}
QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
}

// Bodies out of line: moc misreads quotes inside some raw string literals, and would then miss
// the class.
class TestTableJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void numbersStayExact_data();
    void numbersStayExact();
    void dynamoToPlainAndBack();
    void parseErrorsHavePositions_data();
    void parseErrorsHavePositions();
    void stringsEscapeAndUnicode();
    void cellText();
    void queryRequestAndCli();
    void shellQuoting_data();
    void shellQuoting();
    void scanAndMissingValues();
    void unchangedCondition();
    void csvRoundTrip();
    void jsonLinesAndPlain();
};

void TestTableJson::numbersStayExact_data()
{
    QTest::addColumn<QString>("literal");
    QTest::newRow("38 digits") << QStringLiteral("12345678901234567890123456789012345678");
    QTest::newRow("decimal") << QStringLiteral("0.1000000000000000000000000000000000001");
    QTest::newRow("negative exponent") << QStringLiteral("-1.5E-129");
    QTest::newRow("big exponent") << QStringLiteral("9.9999999999999999999999999999999999999e125");
    QTest::newRow("trailing zeros") << QStringLiteral("2.50");
}

void TestTableJson::numbersStayExact()
{
    QFETCH(QString, literal);
    TableJson::Node node;
    TableJson::ParseError error;
    QVERIFY(TableJson::parse(QStringLiteral("{\"n\": %1}").arg(literal), &node, &error));
    auto item = TableJson::itemFromPlain(node);
    QVERIFY(item.isOk());
    QCOMPARE(item->value(QStringLiteral("n")).toObject().value(QStringLiteral("N")).toString(), literal);
    // And back to plain text, the same digits.
    QCOMPARE(TableJson::write(TableJson::plainFromItem(*item), -1), QStringLiteral("{\"n\":%1}").arg(literal));
}

void TestTableJson::dynamoToPlainAndBack()
{
    const QJsonObject item = json(R"({
        "id":{"S":"a1"}, "price":{"N":"12345678901234567890.123456789"}, "ok":{"BOOL":true}, "none":{"NULL":true},
        "tags":{"SS":["x","y"]}, "scores":{"NS":["1","2.5","-3e2"]}, "blob":{"B":"AAEC/w=="},
        "blobs":{"BS":["AQ==","Ag=="]}, "info":{"M":{"pages":{"N":"464"},"deep":{"L":[{"S":"s"},{"N":"1"},{"SS":["q"]}]}}},
        "list":{"L":[{"N":"0.30000000000000000000000000000000000001"},{"BOOL":false},{"NULL":true}]}})");
    const TableJson::Node plain = TableJson::plainFromItem(item, {QStringLiteral("id")});
    const QString text = TableJson::write(plain, 2);
    // Keys first, numbers as JSON numbers with every digit, sets as arrays, binary as base64.
    QVERIFY(text.startsWith(QStringLiteral("{\n  \"id\": \"a1\"")));
    QVERIFY(text.contains(QStringLiteral("\"price\": 12345678901234567890.123456789")));
    QVERIFY(text.contains(QStringLiteral("\"blob\": \"AAEC/w==\"")));
    QVERIFY(text.contains(QStringLiteral("-3e2")));

    // Back, guided by the item as loaded: sets, binary and numbers come back exactly.
    TableJson::Node reparsed;
    QVERIFY(TableJson::parse(text, &reparsed, nullptr));
    auto back = TableJson::itemFromPlain(reparsed, item);
    QVERIFY2(back.isOk(), qPrintable(back.status().message()));
    QCOMPARE(compact(*back), compact(item));

    // Without hints (a plain JSON import): arrays are lists and base64 is a string.
    auto unhinted = TableJson::itemFromPlain(reparsed);
    QVERIFY(unhinted.isOk());
    QCOMPARE(TableJson::typeOf(unhinted->value(QStringLiteral("tags")).toObject()), QStringLiteral("L"));
    QCOMPARE(TableJson::typeOf(unhinted->value(QStringLiteral("blob")).toObject()), QStringLiteral("S"));

    // A hinted set whose members no longer fit the set's type becomes a list, not a wrong set.
    TableJson::Node edited;
    QVERIFY(TableJson::parse(QStringLiteral(R"({"tags":["x",1]})"), &edited, nullptr));
    auto mixed = TableJson::itemFromPlain(edited, item);
    QVERIFY(mixed.isOk());
    QCOMPARE(TableJson::typeOf(mixed->value(QStringLiteral("tags")).toObject()), QStringLiteral("L"));
    // Binary edited into text that is not base64 is refused with a clear reason.
    QVERIFY(TableJson::parse(QStringLiteral(R"({"blob":"not base64!"})"), &edited, nullptr));
    auto badBinary = TableJson::itemFromPlain(edited, item);
    QVERIFY(!badBinary.isOk());
    QVERIFY(badBinary.status().message().contains(QStringLiteral("base64")));
}

void TestTableJson::parseErrorsHavePositions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing comma") << QStringLiteral("{\n  \"a\": 1\n  \"b\": 2\n}") << 3 << 3 << QStringLiteral("',' or '}' was expected");
    QTest::newRow("duplicate") << QStringLiteral("{\"a\":1,\"a\":2}") << 1 << 8 << QStringLiteral("duplicate member \"a\"");
    QTest::newRow("bad number") << QStringLiteral("[01]") << 1 << 3 << QStringLiteral("malformed number");
    QTest::newRow("trailing") << QStringLiteral("{} x") << 1 << 4 << QStringLiteral("text after the end of the JSON value");
    QTest::newRow("unterminated") << QStringLiteral("{\"a\":\"x") << 1 << 8 << QStringLiteral("unterminated string");
}

void TestTableJson::parseErrorsHavePositions()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    TableJson::Node node;
    TableJson::ParseError error;
    QVERIFY(!TableJson::parse(text, &node, &error));
    QCOMPARE(error.message, message);
    QCOMPARE(error.line, line);
    QCOMPARE(error.column, column);
}

void TestTableJson::stringsEscapeAndUnicode()
{
    // (Plain string literals here: moc misreads a backslash-quote inside a raw string.)
    TableJson::Node node;
    QVERIFY(TableJson::parse(QStringLiteral("{\"s\":\"tab\\t quote\\\" \u00e9 \\ud83d\\ude00 \\u0001\"}"), &node, nullptr));
    const QString s = node.member(QStringLiteral("s"))->text;
    QCOMPARE(s, QStringLiteral("tab\t quote\" \u00e9 \U0001F600 \x01"));
    QCOMPARE(TableJson::write(node, -1), QStringLiteral("{\"s\":\"tab\\t quote\\\" \u00e9 \U0001F600 \\u0001\"}"));
}

void TestTableJson::cellText()
{
    QCOMPARE(TableJson::cellText(json(R"({"SS":["a","b"]})")), QStringLiteral("{a, b}"));
    QCOMPARE(TableJson::cellText(json(R"({"M":{"a":{"N":"1"}}})")), QStringLiteral("{\"a\":1}"));
    QCOMPARE(TableJson::cellText(json(R"({"L":[{"S":"x"},{"BOOL":true}]})")), QStringLiteral("[\"x\",true]"));
    QCOMPARE(TableJson::cellText(json(R"({"B":"AAEC"})")), QStringLiteral("<3 bytes> AAEC"));
    QCOMPARE(TableJson::cellText(json(R"({"S":"x\ny"})")), QStringLiteral("x\u21B5y"));
    QCOMPARE(TableJson::cellText(json(R"({"S":"abcdefghij"})"), 5), QStringLiteral("abcd\u2026"));
    QCOMPARE(TableJson::typeDescription(json(R"({"NS":["1","2"]})")), QStringLiteral("Number set (NS), 2 members"));
}

void TestTableJson::queryRequestAndCli()
{
    QueryBuilder::Spec spec;
    spec.table = QStringLiteral("Music");
    spec.query = true;
    spec.index = QStringLiteral("byYear");
    spec.partitionKey = QStringLiteral("Artist");
    spec.partitionValue = QStringLiteral("Guns N\' Roses");
    spec.sortKey = {QStringLiteral("year"), QueryBuilder::Op::Between, QStringLiteral("N"), QStringLiteral("1987"),
                    QStringLiteral("1991")};
    spec.filters << QueryBuilder::Condition{QStringLiteral("name"), QueryBuilder::Op::BeginsWith, QStringLiteral("S"),
                                            QStringLiteral("Sweet"), {}}
                 << QueryBuilder::Condition{QStringLiteral("my-attr"), QueryBuilder::Op::Exists, QStringLiteral("S"), {}, {}};
    spec.projection = {QStringLiteral("name"), QStringLiteral("year")};
    spec.limit = 10;
    spec.forward = false;
    const QueryBuilder::Built built = QueryBuilder::build(spec);
    QVERIFY(built.error.isEmpty());
    QCOMPARE(built.operation, QStringLiteral("Query"));
    const QJsonObject &r = built.request;
    QCOMPARE(r.value(QStringLiteral("KeyConditionExpression")).toString(),
             QStringLiteral("#Artist = :Artist AND #year BETWEEN :year_from AND :year_to"));
    QCOMPARE(r.value(QStringLiteral("FilterExpression")).toString(),
             QStringLiteral("begins_with(#name, :name) AND attribute_exists(#n)"));
    QCOMPARE(r.value(QStringLiteral("ProjectionExpression")).toString(), QStringLiteral("#name, #year"));
    QCOMPARE(compact(r.value(QStringLiteral("ExpressionAttributeNames")).toObject()),
             QStringLiteral(R"({"#Artist":"Artist","#n":"my-attr","#name":"name","#year":"year"})"));
    QCOMPARE(compact(r.value(QStringLiteral("ExpressionAttributeValues")).toObject()),
             QStringLiteral("{\":Artist\":{\"S\":\"Guns N\' Roses\"},\":name\":{\"S\":\"Sweet\"},"
                            "\":year_from\":{\"N\":\"1987\"},\":year_to\":{\"N\":\"1991\"}}"));

    const QString cli = QueryBuilder::cliCommand(built.operation, r, QStringLiteral("http://127.0.0.1:8000"));
    QCOMPARE(cli, QStringLiteral(
        "aws dynamodb query \\\n"
        "    --endpoint-url http://127.0.0.1:8000 \\\n"
        "    --table-name Music \\\n"
        "    --index-name byYear \\\n"
        "    --key-condition-expression '#Artist = :Artist AND #year BETWEEN :year_from AND :year_to' \\\n"
        "    --filter-expression 'begins_with(#name, :name) AND attribute_exists(#n)' \\\n"
        "    --projection-expression '#name, #year' \\\n"
        "    --expression-attribute-names '{\"#Artist\":\"Artist\",\"#n\":\"my-attr\",\"#name\":\"name\",\"#year\":\"year\"}' \\\n"
        "    --expression-attribute-values '{\":Artist\":{\"S\":\"Guns N'\\'' Roses\"},\":name\":{\"S\":\"Sweet\"},\":year_from\":{\"N\":\"1987\"},\":year_to\":{\"N\":\"1991\"}}' \\\n"
        "    --limit 10 \\\n"
        "    --no-scan-index-forward"));

    const QString expression = QueryBuilder::expressionText(r);
    QVERIFY(expression.startsWith(QStringLiteral("KeyConditionExpression: #Artist = :Artist AND")));
    QVERIFY(expression.contains(QStringLiteral("ScanIndexForward: false")));
}

void TestTableJson::shellQuoting_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("bare") << QStringLiteral("Books") << QStringLiteral("Books");
    QTest::newRow("url") << QStringLiteral("http://127.0.0.1:8000") << QStringLiteral("http://127.0.0.1:8000");
    QTest::newRow("space") << QStringLiteral("a b") << QStringLiteral("'a b'");
    QTest::newRow("dollar") << QStringLiteral("$HOME") << QStringLiteral("'$HOME'");
    QTest::newRow("quote") << QStringLiteral("it's") << QStringLiteral("'it'\\''s'");
    QTest::newRow("empty") << QString() << QStringLiteral("''");
    QTest::newRow("hash") << QStringLiteral("#a = :v") << QStringLiteral("'#a = :v'");
}

void TestTableJson::shellQuoting()
{
    QFETCH(QString, text);
    QFETCH(QString, quoted);
    QCOMPARE(QueryBuilder::shellQuote(text), quoted);
}

void TestTableJson::scanAndMissingValues()
{
    QueryBuilder::Spec spec;
    spec.table = QStringLiteral("Books");
    QueryBuilder::Built built = QueryBuilder::build(spec);
    QCOMPARE(built.operation, QStringLiteral("Scan"));
    QCOMPARE(compact(built.request), QStringLiteral(R"({"TableName":"Books"})"));
    QCOMPARE(QueryBuilder::cliCommand(built.operation, built.request, {}),
             QStringLiteral("aws dynamodb scan \\\n    --table-name Books"));
    spec.query = true;
    spec.partitionKey = QStringLiteral("isbn");
    built = QueryBuilder::build(spec);
    QCOMPARE(built.error, QStringLiteral("isbn: enter a value"));
    spec.partitionValue = QStringLiteral("1");
    spec.filters << QueryBuilder::Condition{QStringLiteral("ok"), QueryBuilder::Op::Eq, QStringLiteral("BOOL"),
                                            QStringLiteral("yes"), {}};
    QCOMPARE(QueryBuilder::build(spec).error, QStringLiteral("ok: a BOOL value is true or false"));
}

void TestTableJson::unchangedCondition()
{
    const QJsonObject item = json(R"({"id":{"S":"1"},"n":{"N":"2"}})");
    const ItemWrites::Write put = ItemWrites::write(QStringLiteral("T"), {QStringLiteral("id")}, item,
                                                    json(R"({"id":{"S":"1"},"n":{"N":"3"}})"));
    QCOMPARE(put.operation, QStringLiteral("PutItem"));
    QCOMPARE(put.request.value(QStringLiteral("ConditionExpression")).toString(), QStringLiteral("#a0 = :v0 AND #a1 = :v1"));
    QCOMPARE(compact(put.request.value(QStringLiteral("ExpressionAttributeNames")).toObject()),
             QStringLiteral(R"({"#a0":"id","#a1":"n"})"));
    const ItemWrites::Write add = ItemWrites::write(QStringLiteral("T"), {QStringLiteral("id")}, {}, item);
    QCOMPARE(add.request.value(QStringLiteral("ConditionExpression")).toString(), QStringLiteral("attribute_not_exists(#k0)"));
    QVERIFY(!add.request.contains(QStringLiteral("ExpressionAttributeValues")));
    const ItemWrites::Write del = ItemWrites::write(QStringLiteral("T"), {QStringLiteral("id")}, item, {});
    QCOMPARE(del.operation, QStringLiteral("DeleteItem"));
    QCOMPARE(compact(del.request.value(QStringLiteral("Key")).toObject()), QStringLiteral(R"({"id":{"S":"1"}})"));
    QCOMPARE(ItemWrites::differences(item, json(R"({"id":{"S":"1"},"n":{"N":"5"},"x":{"S":"new"}})")),
             QStringLiteral("n is 5 now (you loaded 2); x was added"));
}

void TestTableJson::csvRoundTrip()
{
    TableInfo table;
    table.name = QStringLiteral("T");
    table.keys = {QStringLiteral("id"), QStringLiteral("S"), QStringLiteral("n"), QStringLiteral("N")};
    const QList<QJsonObject> items{
        json(R"({"id":{"S":"a, \"quoted\"\nline"},"n":{"N":"1.50"},"tags":{"SS":["x","y"]},"ok":{"BOOL":true},"m":{"M":{"k":{"N":"12345678901234567890.5"}}}})"),
        json(R"({"id":{"S":"b"},"n":{"N":"2"},"mixed":{"S":"text"},"blob":{"B":"AAE="}})"),
        json(R"({"id":{"S":"c"},"n":{"N":"3"},"mixed":{"N":"7"},"nothing":{"NULL":true}})")};
    ItemFormats::CsvColumns columns(table.keys.names());
    for (const QJsonObject &i : items)
        columns.add(i);
    QByteArray csv = columns.header();
    for (const QJsonObject &i : items)
        csv += columns.row(i);
    QCOMPARE(csv.left(csv.indexOf("\r\n")), QByteArray("id,n (N),m (M),ok (BOOL),tags (SS),blob (B),mixed (JSON),nothing (NULL)"));
    QVERIFY(csv.contains("\"a, \"\"quoted\"\"\nline\""));
    const ItemFormats::Parsed parsed = ItemFormats::parse(ItemFormats::Format::Csv, csv, table);
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    QCOMPARE(parsed.items.size(), items.size());
    for (int i = 0; i < items.size(); ++i)
        QCOMPARE(compact(parsed.items[i]), compact(items[i]));
    QCOMPARE(parsed.lines, (QList<int>{2, 4, 5}));

    // A hand-written CSV without types: keys by the schema, the rest strings.
    const auto plain = ItemFormats::parse(ItemFormats::Format::Csv, "id,n,title\nx,7,Hello\n", table);
    QCOMPARE(compact(plain.items.value(0)), QStringLiteral(R"({"id":{"S":"x"},"n":{"N":"7"},"title":{"S":"Hello"}})"));
    const auto bad = ItemFormats::parse(ItemFormats::Format::Csv, "id,ok (BOOL)\nx,maybe\n", table);
    QCOMPARE(bad.error, QStringLiteral("line 2: ok: \"maybe\" is not true or false"));
}

void TestTableJson::jsonLinesAndPlain()
{
    TableInfo table;
    const QJsonObject a = json(R"({"id":{"S":"a"},"n":{"N":"1E+3"}})");
    const QJsonObject b = json(R"({"id":{"S":"b"},"s":{"SS":["q"]}})");
    const QByteArray lines = ItemFormats::jsonLine(a) + ItemFormats::jsonLine(b);
    QCOMPARE(lines, QByteArray(R"({"Item":{"id":{"S":"a"},"n":{"N":"1E+3"}}})" "\n" R"({"Item":{"id":{"S":"b"},"s":{"SS":["q"]}}})" "\n"));
    auto parsed = ItemFormats::parse(ItemFormats::Format::DynamoJsonLines, lines, table);
    QCOMPARE(parsed.items, (QList<QJsonObject>{a, b}));
    // Bare items spread over lines (as `jq .Items[]` prints them) read too.
    parsed = ItemFormats::parse(ItemFormats::Format::DynamoJsonLines, "{\n \"id\": {\"S\": \"a\"}\n}\n{\"id\":{\"S\":\"b\"}}\n", table);
    QCOMPARE(parsed.items.size(), 2);
    QCOMPARE(parsed.items[1].value(QStringLiteral("id")).toObject().value(QStringLiteral("S")).toString(), QStringLiteral("b"));
    // An attribute named Item is not mistaken for the wrapper.
    parsed = ItemFormats::parse(ItemFormats::Format::DynamoJsonLines, R"({"Item":{"S":"x"}})", table);
    QCOMPARE(compact(parsed.items.value(0)), QStringLiteral(R"({"Item":{"S":"x"}})"));
    parsed = ItemFormats::parse(ItemFormats::Format::DynamoJsonLines, "{\"id\":{\"S\":\"a\"}}\n{\"id\" {}}\n", table);
    QCOMPARE(parsed.error, QStringLiteral("line 2: ':' was expected after the member name"));

    const QByteArray plain = "[\n" + ItemFormats::plainJsonElement(a, true) + ItemFormats::plainJsonElement(b, false) + "\n]\n";
    QCOMPARE(plain, QByteArray("[\n{\"id\":\"a\",\"n\":1E+3},\n{\"id\":\"b\",\"s\":[\"q\"]}\n]\n"));
    parsed = ItemFormats::parse(ItemFormats::Format::PlainJson, plain, table);
    QCOMPARE(compact(parsed.items.value(0)), compact(a));
    QCOMPARE(ItemFormats::guessFormat(QStringLiteral("x.json"), " [{"), ItemFormats::Format::PlainJson);
    QCOMPARE(ItemFormats::guessFormat(QStringLiteral("x.json"), "{\"Item\""), ItemFormats::Format::DynamoJsonLines);
}


QTEST_GUILESS_MAIN(TestTableJson)
#include "tst_tablejson.moc"
