// The plain-request reader (Validation::readPlainRequest): for every body it takes, it gives
// exactly what the general path (QJsonDocument, then Validation::check) gives; every body
// outside its narrow shape it leaves to the general path. Then the engine: an item written
// through the plain path reads back the same through the general one, and an item the reader
// refuses still gets its exact answer from callJson.
#include <tables/requestvalidation.h>
#include <tables/tableengine.h>

#include "enginefixture.h"

#include <QJsonDocument>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

namespace {

Result<Validation::CheckedRequest> general(const QString &operation, const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return Status::error(QStringLiteral("SerializationException"), QString());
    return Validation::check(document.object(), *Validation::schemaFor(operation));
}

QString text(const Items::AttributeMap &map)
{
    return QString::fromUtf8(QJsonDocument(Items::itemToJson(map)).toJson(QJsonDocument::Compact));
}

} // namespace

class TestPlainRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsGeneral_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("put") << "PutItem"
                             << QByteArray("{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"w0001\"},\"sk\":{\"S\":\"s1\"},\"n\":{\"N\":\"42\"},\"payload\":{\"S\":\"vvvv\"}}}");
        QTest::newRow("put, spaced, members swapped")
            << "PutItem"
            << QByteArray(" {\n \"Item\" : { \"pk\" : {\"S\": \"a b\"}, \"t\": {\"BOOL\": false}, \"z\": {\"NULL\": true} },\r\n\t\"TableName\": \"my-table.v1_x\" } \n");
        QTest::newRow("put, numbers") << "PutItem"
                                      << QByteArray("{\"TableName\":\"abc\",\"Item\":{\"a\":{\"N\":\"-0.000120\"},\"b\":{\"N\":\"1E+3\"},\"c\":{\"N\":\"99999999999999999999999999999999999999\"}}}");
        QTest::newRow("put, empty string") << "PutItem"
                                           << QByteArray("{\"TableName\":\"abc\",\"Item\":{\"k\":{\"S\":\"x\"},\"e\":{\"S\":\"\"}}}");
        QTest::newRow("get") << "GetItem" << QByteArray("{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"p00001\"},\"sk\":{\"S\":\"s3\"}}}");
        QTest::newRow("get, consistent") << "GetItem"
                                         << QByteArray("{\"ConsistentRead\":true,\"TableName\":\"bench\",\"Key\":{\"pk\":{\"N\":\"7\"}}}");
        QTest::newRow("delete") << "DeleteItem" << QByteArray("{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"p\"}}}");
    }

    void sameAsGeneral()
    {
        QFETCH(QString, operation);
        QFETCH(QByteArray, body);
        std::optional<Validation::CheckedRequest> plain = Validation::readPlainRequest(operation, body);
        QVERIFY(plain);
        Result<Validation::CheckedRequest> reference = general(operation, body);
        QVERIFY(reference);
        QCOMPARE(plain->data.value(u"TableName"), reference->data.value(u"TableName"));
        QCOMPARE(plain->data.value(u"ConsistentRead"), reference->data.value(u"ConsistentRead"));
        const QString member = operation == u"PutItem" ? QStringLiteral("Item") : QStringLiteral("Key");
        const Validation::ParsedMap mine = plain->maps.value(member);
        const Validation::ParsedMap theirs = reference->maps.value(member);
        QVERIFY(!theirs.error);
        QVERIFY(!mine.error);
        QCOMPARE(text(mine.values), text(theirs.values));
        QVERIFY(mine.values == theirs.values);
        // Nothing else of the request is left in the plain form for a handler to miss.
        for (auto it = reference->data.begin(); it != reference->data.end(); ++it) {
            if (it.key() != member)
                QVERIFY2(plain->data.contains(it.key()), qPrintable(it.key()));
        }
    }

    void leftToGeneral_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QByteArray>("body");
        const auto row = [](const char *name, const char *operation, const char *body) {
            QTest::newRow(name) << QString::fromLatin1(operation) << QByteArray(body);
        };
        row("other operation", "Query", "{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"p\"}}}");
        row("escape in a string", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\\\"b\"}}}");
        row("escape in a name", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"p\\u006b\":{\"S\":\"a\"}}}");
        row("non-ASCII", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"\xc3\xa9\"}}}");
        row("control character", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\tb\"}}}");
        row("another member", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\"}},\"ReturnValues\":\"ALL_OLD\"}");
        row("condition", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\"}},\"ConditionExpression\":\"attribute_not_exists(pk)\"}");
        row("set", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\"},\"ss\":{\"SS\":[\"x\"]}}}");
        row("map", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\"},\"m\":{\"M\":{}}}}");
        row("binary", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"B\":\"AQID\"}}}");
        row("two types", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\",\"N\":\"1\"}}}");
        row("no type", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{}}}");
        row("null value", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\"},\"x\":null}}");
        row("NULL false", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"NULL\":false}}}");
        row("invalid number", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"N\":\"1x\"}}}");
        row("number out of range", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"N\":\"1E+126\"}}}");
        row("number as JSON number", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"N\":1}}}");
        row("duplicate attribute", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\"},\"pk\":{\"S\":\"b\"}}}");
        row("duplicate member", "PutItem", "{\"TableName\":\"bench\",\"TableName\":\"other\",\"Item\":{\"pk\":{\"S\":\"a\"}}}");
        row("empty attribute name", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"\":{\"S\":\"a\"}}}");
        row("empty item", "PutItem", "{\"TableName\":\"bench\",\"Item\":{}}");
        row("no item", "PutItem", "{\"TableName\":\"bench\"}");
        row("no table", "PutItem", "{\"Item\":{\"pk\":{\"S\":\"a\"}}}");
        row("short table name", "PutItem", "{\"TableName\":\"ab\",\"Item\":{\"pk\":{\"S\":\"a\"}}}");
        row("bad table name", "PutItem", "{\"TableName\":\"a b c\",\"Item\":{\"pk\":{\"S\":\"a\"}}}");
        row("table name as number", "PutItem", "{\"TableName\":123,\"Item\":{\"pk\":{\"S\":\"a\"}}}");
        row("trailing bytes", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\"}}} x");
        row("truncated", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\"}}");
        row("not an object", "PutItem", "[\"TableName\"]");
        row("empty body", "PutItem", "");
        row("consistent read on put", "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\"}},\"ConsistentRead\":true}");
        row("consistent read as string", "GetItem", "{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"a\"}},\"ConsistentRead\":\"true\"}");
        row("item on get", "GetItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\"}}}");
        row("projection", "GetItem", "{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"a\"}},\"ProjectionExpression\":\"pk\"}");
    }

    void leftToGeneral()
    {
        QFETCH(QString, operation);
        QFETCH(QByteArray, body);
        QVERIFY(!Validation::readPlainRequest(operation, body));
    }

    // Through the engine: a plain put, then a refused one (an escaped quote) on the same key,
    // both read back through the general path; a plain put the table rejects gets the same
    // error as through callJson.
    void engineTakesPlainCalls()
    {
        std::shared_ptr<TableEngine> engine = makeEngine();
        QVERIFY(engine);
        ok(*engine, QStringLiteral("CreateTable"),
           "{\"TableName\":\"plain\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
           "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}");

        QString table;
        std::optional<ApiReply> answer;
        bool answered = false;
        const auto replyFn = [&]() -> ReplyFn {
            return [&](ApiReply r) { answer.emplace(std::move(r)); answered = true; };
        };
        ReplyFn done = replyFn();
        const auto accepted = [&table](const QString &t) { table = t; };
        const QByteArray put = "{\"TableName\":\"plain\",\"Item\":{\"pk\":{\"S\":\"k\"},\"n\":{\"N\":\"5\"}}}";
        QVERIFY(engine->callPlainJson(QStringLiteral("PutItem"), put, accepted, done));
        QTRY_VERIFY(answered);
        QVERIFY(answer->result);
        QCOMPARE(table, QStringLiteral("plain"));
        const QByteArray get = "{\"TableName\":\"plain\",\"Key\":{\"pk\":{\"S\":\"k\"}}}";
        ApiReply read = engine->callAndWait(QStringLiteral("GetItem"), parseObject(get));
        QVERIFY(read.result);
        QCOMPARE(read.result->value(u"Item").toObject().value(u"n").toObject().value(u"N").toString(),
                 QStringLiteral("5"));

        ReplyFn untouched = [](ApiReply) { QFAIL("a refused call must not be answered"); };
        const QByteArray escaped = "{\"TableName\":\"plain\",\"Item\":{\"pk\":{\"S\":\"k\"},\"q\":{\"S\":\"\\\"\"}}}";
        QVERIFY(!engine->callPlainJson(QStringLiteral("PutItem"), escaped, accepted, untouched));
        QVERIFY(untouched); // still ours: not moved from

        // The wrong key type: the same ValidationException either way.
        answered = false;
        done = replyFn();
        const QByteArray wrongKey = "{\"TableName\":\"plain\",\"Item\":{\"pk\":{\"N\":\"1\"}}}";
        QVERIFY(engine->callPlainJson(QStringLiteral("PutItem"), wrongKey, accepted, done));
        QTRY_VERIFY(answered);
        QVERIFY(!answer->result);
        ApiReply reference = engine->callAndWait(QStringLiteral("PutItem"), QJsonDocument::fromJson(wrongKey).object());
        QVERIFY(!reference.result);
        QCOMPARE(answer->result.status().code(), reference.result.status().code());
        QCOMPARE(answer->result.status().message(), reference.result.status().message());

        // A missing table: ResourceNotFoundException either way.
        answered = false;
        done = replyFn();
        const QByteArray missing = "{\"TableName\":\"nowhere\",\"Key\":{\"pk\":{\"S\":\"k\"}}}";
        QVERIFY(engine->callPlainJson(QStringLiteral("GetItem"), missing, accepted, done));
        QTRY_VERIFY(answered);
        reference = engine->callAndWait(QStringLiteral("GetItem"), QJsonDocument::fromJson(missing).object());
        QVERIFY(!answer->result && !reference.result);
        QCOMPARE(answer->result.status().message(), reference.result.status().message());
    }
};

QTEST_GUILESS_MAIN(TestPlainRequest)
#include "tst_plainrequest.moc"
