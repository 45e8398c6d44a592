// Functions on the worker pool: the three handler styles, errors, timeouts that really stop a
// script (and the worker serving again after), malformed results, console output in the
// record, edits taking effect on the next request, and the tables client on a real engine.
#include "functionfixture.h"

#include <functions/functionexecutor.h>
#include <tables/tableengine.h>

#include <QFile>
#include <QTemporaryDir>

using namespace FunctionTests;
using namespace Gatehouse::Functions;

namespace {

const char *const kFunctions[][2] = {
    {"sync", R"(exports.handler = (event, context) => ({
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: context.functionName, version: context.functionVersion,
            arn: context.invokedFunctionArn, memory: context.memoryLimitInMB,
            id: context.awsRequestId, group: context.logGroupName,
            remaining: context.getRemainingTimeInMillis() > 0 && context.getRemainingTimeInMillis() <= 3000,
            waits: context.callbackWaitsForEmptyEventLoop, method: event.httpMethod })
    });)"},
    {"asyncfn", R"(module.exports.handler = async (event) => {
        const v = await new Promise((resolve) => resolve(event.body));
        return { statusCode: 200, body: 'async ' + v };
    };)"},
    {"promise", R"(exports.handler = (event) => Promise.resolve({ statusCode: 202, body: 'promised' });)"},
    {"callback", R"(exports.handler = (event, context, callback) => {
        Promise.resolve().then(() => callback(null, { statusCode: 200, body: 'called back' }));
    };)"},
    {"callbackerror", R"(exports.handler = (event, context, callback) => { callback(new Error('cb failed')); };)"},
    {"throws", R"(exports.handler = () => { console.error('about to fail'); throw new TypeError('boom'); };)"},
    {"throwsobject", R"(exports.handler = async () => { throw { code: 7 }; };)"},
    {"rejects", R"(exports.handler = async () => { await null; throw new RangeError('async boom'); };)"},
    {"loop", R"(exports.handler = () => { for (;;) {} };)"},
    {"waits", R"(exports.handler = () => new Promise(() => {});)"},
    {"malformed", R"(exports.handler = async () => 'just a string';)"},
    {"nothing", R"(exports.handler = () => {};)"},
    {"requirebuiltin", R"(const cp = require('child_process'); exports.handler = () => ({ statusCode: 200 });)"},
    {"syntax", R"(exports.handler = (event => {;)"},
    {"nohandler", R"(exports.main = () => ({ statusCode: 200 });)"},
    {"console", R"(console.log('loading');
        exports.handler = (event) => {
            console.log('hello', { a: 1 });
            console.warn('%s is %d', 'x', 5);
            return { statusCode: 200 };
        };)"},
    {"tables", R"(const { tables } = require('gatehouse');
        exports.handler = async () => {
            const out = [];
            await tables.put({ TableName: 'Things', Item: { id: 'a', n: 1, tags: ['x'], m: { k: true } } }).promise();
            const got = await tables.get({ TableName: 'Things', Key: { id: 'a' } });
            out.push(got.Item.n, got.Item.tags[0], got.Item.m.k);
            const up = await tables.update({ TableName: 'Things', Key: { id: 'a' },
                UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 2 },
                ReturnValues: 'ALL_NEW' }).promise();
            out.push(up.Attributes.n);
            await tables.put({ TableName: 'Things', Item: { id: 'b', n: 10 } }).promise();
            const q = await tables.query({ TableName: 'Things', KeyConditionExpression: 'id = :id',
                ExpressionAttributeValues: { ':id': 'b' } }).promise();
            out.push(q.Count, q.Items[0].n);
            const s = await tables.scan({ TableName: 'Things' }).promise();
            out.push(s.Count);
            try {
                await tables.put({ TableName: 'Things', Item: { id: 'a' },
                    ConditionExpression: 'attribute_not_exists(id)' }).promise();
                out.push('no error');
            } catch (e) {
                out.push(e.code, e.name, e.message, e.statusCode);
            }
            await tables.delete({ TableName: 'Things', Key: { id: 'b' } }).promise();
            const gone = await tables.get({ TableName: 'Things', Key: { id: 'b' } }).promise();
            out.push(gone.Item === undefined);
            return { statusCode: 200, body: JSON.stringify(out) };
        };)"},
    {"sdkstyles", R"(const AWS = require('aws-sdk');
        const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
        const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');
        const v2 = new AWS.DynamoDB.DocumentClient();
        const v3 = DynamoDBDocumentClient.from(new DynamoDBClient({}));
        exports.handler = (event, context, callback) => {
            v2.get({ TableName: 'Things', Key: { id: 'a' } }, (err, data) => {
                if (err) return callback(err);
                v3.send(new GetCommand({ TableName: 'Things', Key: { id: 'a' } })).then((r) => {
                    callback(null, { statusCode: 200, body: JSON.stringify([data.Item.id, r.Item.id, r.$metadata.httpStatusCode]) });
                }, callback);
            });
        };)"},
    {"paginate", R"(const { DynamoDBDocumentClient, PutCommand, paginateQuery, paginateScan } = require('@aws-sdk/lib-dynamodb');
        const client = DynamoDBDocumentClient.from({});
        exports.handler = async () => {
            for (const id of ['p1', 'p2', 'p3', 'p4', 'p5'])
                await client.send(new PutCommand({ TableName: 'Things', Item: { id, page: true } }));
            const sizes = [];
            let seen = 0;
            for await (const page of paginateScan({ client, pageSize: 2 }, { TableName: 'Things', FilterExpression: 'page = :t',
                                                                             ExpressionAttributeValues: { ':t': true } })) {
                sizes.push(page.ScannedCount);
                seen += page.Count;
            }
            const queried = [];
            for await (const page of paginateQuery({ client }, { TableName: 'Things', KeyConditionExpression: 'id = :id',
                                                                  ExpressionAttributeValues: { ':id': 'p3' } }))
                queried.push(page.Items[0].id, page.$metadata.httpStatusCode);
            return { statusCode: 200, body: JSON.stringify([seen, sizes.every((n) => n <= 2), sizes.length > 2, queried]) };
        };)"},
    {"missingtable", R"(const { tables } = require('gatehouse');
        exports.handler = async () => {
            try { await tables.get({ TableName: 'Nope', Key: { id: 'x' } }).promise(); }
            catch (e) { return { statusCode: 200, body: e.code + ': ' + e.message }; }
        };)"},
};

} // namespace

class TestFunctionPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void handlerStyles_data();
    void handlerStyles();
    void functionErrors_data();
    void functionErrors();
    void consoleGoesToTheRecord();
    void infiniteLoopIsInterruptedAndTheWorkerServesAgain();
    void integrationTimeoutAnswers504();
    void editTakesEffectOnTheNextRequest();
    void missingFunction();
    void tablesClient();
    void sdkLookAlikes();
    void manyRequests();

private:
    std::shared_ptr<Answer> call(const QByteArray &path, const QByteArray &body = {});
    void write(const QString &name, const QByteArray &text);

    QTemporaryDir m_dir;
    std::shared_ptr<Tables::TableEngine> m_engine;
    std::shared_ptr<FunctionExecutor> m_executor;
    ServedStage m_stage;
};

void TestFunctionPool::write(const QString &name, const QByteArray &text)
{
    QFile f(m_dir.filePath(name));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

void TestFunctionPool::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QList<Route> routes;
    for (const auto &fn : kFunctions) {
        write(QLatin1String(fn[0]) + QLatin1String(".js"), fn[1]);
        routes.append({u'/' + QLatin1String(fn[0]), QStringLiteral("post"), functionUri(QLatin1String(fn[0]))});
    }
    write(QStringLiteral("loop.json"), R"({"timeout": 1})");
    write(QStringLiteral("waits.json"), R"({"timeout": 10})");
    routes.append({QStringLiteral("/slowintegration"), QStringLiteral("post"),
                   functionUri(QStringLiteral("waits")), 300});
    routes.append({QStringLiteral("/missing"), QStringLiteral("post"), functionUri(QStringLiteral("absent"))});
    routes.append({QStringLiteral("/edited"), QStringLiteral("post"), functionUri(QStringLiteral("edited"))});
    QVERIFY(m_stage.load(apiDocument(routes)));

    Tables::EngineOptions options;
    options.store.inMemory = true;
    auto engine = Tables::TableEngine::open(options);
    QVERIFY(engine);
    m_engine = engine.value();
    const auto created = m_engine->callAndWait(
        QStringLiteral("CreateTable"),
        QJsonDocument::fromJson(R"({"TableName": "Things", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]})").object());
    QVERIFY(created.result);

    PoolOptions pool;
    pool.workers = 1; // one engine: what one invocation leaves behind, the next one meets
    pool.tables = m_engine;
    m_executor = std::make_shared<FunctionExecutor>(std::make_shared<FunctionPool>(pool),
                                                    FunctionDirectories{m_dir.path(), {}});
}

void TestFunctionPool::cleanupTestCase()
{
    m_executor.reset();
    if (m_engine)
        m_engine->store().close();
}

std::shared_ptr<Answer> TestFunctionPool::call(const QByteArray &path, const QByteArray &body)
{
    auto answer = m_stage.start({nullptr, nullptr, m_executor}, "POST", path, {},
                                {{"Host", "localhost"}, {"User-Agent", "test"}}, body);
    if (!QTest::qWaitFor([&] { return answer->isAnswered(); }, 15000))
        qWarning("no answer for %s", path.constData());
    return answer;
}

void TestFunctionPool::handlerStyles_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("async/await") << QByteArray("/asyncfn") << 200 << QByteArray("async sent");
    QTest::newRow("a Promise") << QByteArray("/promise") << 202 << QByteArray("promised");
    QTest::newRow("the callback") << QByteArray("/callback") << 200 << QByteArray("called back");
}

void TestFunctionPool::handlerStyles()
{
    QFETCH(QByteArray, path);
    auto answer = call(path, "sent");
    QVERIFY(answer->isAnswered());
    QTEST(answer->response.status, "status");
    QTEST(answer->response.body, "body");
}

void TestFunctionPool::functionErrors_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("errorType");    // functionError note; empty: malformed result
    QTest::addColumn<QString>("errorMessage"); // contained in the message
    QTest::newRow("throws") << QByteArray("/throws") << "TypeError" << "boom";
    QTest::newRow("async rejection") << QByteArray("/rejects") << "RangeError" << "async boom";
    QTest::newRow("callback error") << QByteArray("/callbackerror") << "Error" << "cb failed";
    QTest::newRow("a thrown object") << QByteArray("/throwsobject") << "object" << R"({"code":7})";
    QTest::newRow("require of a built-in") << QByteArray("/requirebuiltin") << "Error"
                                           << "Cannot find module 'child_process': this Node.js built-in module is not available";
    QTest::newRow("syntax error") << QByteArray("/syntax") << "Runtime.UserCodeSyntaxError" << "SyntaxError";
    QTest::newRow("no handler export") << QByteArray("/nohandler") << "Runtime.HandlerNotFound"
                                       << "nohandler.handler is undefined or not exported";
    QTest::newRow("a string result") << QByteArray("/malformed") << "" << "";
    QTest::newRow("no result") << QByteArray("/nothing") << "" << "";
}

void TestFunctionPool::functionErrors()
{
    QFETCH(QByteArray, path);
    QFETCH(QString, errorType);
    QFETCH(QString, errorMessage);
    auto answer = call(path);
    QVERIFY(answer->isAnswered());
    // What API Gateway answers for a function error and for a malformed proxy response alike.
    QCOMPARE(answer->response.status, 502);
    QCOMPARE(answer->response.body, QByteArray(R"({"message": "Internal server error"})"));
    QCOMPARE(answer->response.header("x-amzn-ErrorType"), QByteArray("InternalServerErrorException"));
    const QVariantMap error = answer->trace->note(QStringLiteral("functionError")).toMap();
    if (errorType.isEmpty()) {
        QVERIFY(error.isEmpty());
        QVERIFY(answer->trace->note(QStringLiteral("error")).toString().contains(
            QLatin1String("Malformed Lambda proxy response")));
        return;
    }
    QCOMPARE(error.value(QStringLiteral("errorType")).toString(), errorType);
    QVERIFY2(error.value(QStringLiteral("errorMessage")).toString().contains(errorMessage),
             qPrintable(error.value(QStringLiteral("errorMessage")).toString()));
    QVERIFY(answer->trace->note(QStringLiteral("error")).toString().startsWith(
        QLatin1String("Lambda execution failed with status 200 due to customer function error: ")));
}

void TestFunctionPool::consoleGoesToTheRecord()
{
    auto answer = call("/console");
    QCOMPARE(answer->response.status, 200);
    const QVariantList lines = answer->trace->note(QStringLiteral("console")).toList();
    QStringList seen;
    for (const QVariant &line : lines)
        seen << line.toMap().value(QStringLiteral("level")).toString() + u' ' +
                    line.toMap().value(QStringLiteral("message")).toString();
    QCOMPARE(seen, QStringList({QStringLiteral("INFO loading"), QStringLiteral("INFO hello { a: 1 }"),
                                QStringLiteral("WARN x is 5")}));
    // The module's top level ran once: the next invocation logs only its own lines.
    answer = call("/console");
    QCOMPARE(answer->trace->note(QStringLiteral("console")).toList().size(), 2);
    auto thrown = call("/throws");
    QCOMPARE(thrown->trace->note(QStringLiteral("console")).toList().value(0).toMap()
                 .value(QStringLiteral("level")).toString(), QStringLiteral("ERROR"));
}

void TestFunctionPool::infiniteLoopIsInterruptedAndTheWorkerServesAgain()
{
    auto answer = call("/loop");
    QVERIFY(answer->isAnswered());
    // Lambda's own timeout (functions/loop.json: 1 s) is a function error: 502.
    QCOMPARE(answer->response.status, 502);
    const QVariantMap error = answer->trace->note(QStringLiteral("functionError")).toMap();
    QCOMPARE(error.value(QStringLiteral("errorType")).toString(), QStringLiteral("Sandbox.Timedout"));
    QVERIFY(error.value(QStringLiteral("errorMessage")).toString().endsWith(
        QLatin1String("Task timed out after 1.00 seconds")));
    // The only worker's engine runs the next function normally.
    auto next = call("/sync");
    QCOMPARE(next->response.status, 200);
    const QJsonObject body = QJsonDocument::fromJson(next->response.body).object();
    QCOMPARE(body.value(QStringLiteral("name")).toString(), QStringLiteral("sync"));
    QCOMPARE(body.value(QStringLiteral("version")).toString(), QStringLiteral("$LATEST"));
    QCOMPARE(body.value(QStringLiteral("arn")).toString(),
             QStringLiteral("arn:aws:lambda:us-east-1:123456789012:function:sync"));
    QCOMPARE(body.value(QStringLiteral("memory")).toString(), QStringLiteral("128"));
    QCOMPARE(body.value(QStringLiteral("group")).toString(), QStringLiteral("/aws/lambda/sync"));
    QCOMPARE(body.value(QStringLiteral("remaining")).toBool(), true);
    QCOMPARE(body.value(QStringLiteral("waits")).toBool(), true);
    QCOMPARE(body.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(body.value(QStringLiteral("id")).toString().size(), 36);
    QCOMPARE(body.value(QStringLiteral("id")).toString(),
             next->trace->note(QStringLiteral("functionRequestId")).toString());
}

void TestFunctionPool::integrationTimeoutAnswers504()
{
    auto answer = call("/slowintegration");
    QVERIFY(answer->isAnswered());
    QCOMPARE(answer->response.status, 504);
    QCOMPARE(answer->response.body, QByteArray(R"({"message": "Endpoint request timed out"})"));
    QCOMPARE(answer->trace->note(QStringLiteral("gatewayResponse")).toString(),
             QStringLiteral("INTEGRATION_TIMEOUT"));
    QCOMPARE(call("/promise")->response.status, 202);
}

void TestFunctionPool::editTakesEffectOnTheNextRequest()
{
    write(QStringLiteral("edited.js"), "exports.handler = () => ({ statusCode: 200, body: 'first' });");
    QCOMPARE(call("/edited")->response.body, QByteArray("first"));
    write(QStringLiteral("edited.js"), "exports.handler = () => ({ statusCode: 201, body: 'second edit' });");
    auto answer = call("/edited");
    QCOMPARE(answer->response.status, 201);
    QCOMPARE(answer->response.body, QByteArray("second edit"));
    write(QStringLiteral("edited.json"), R"({"memorySize": 512, "handler": "index.other"})");
    write(QStringLiteral("edited.js"),
          "exports.other = (e, c) => ({ statusCode: 200, body: c.memoryLimitInMB });");
    QCOMPARE(call("/edited")->response.body, QByteArray("512"));
}

void TestFunctionPool::missingFunction()
{
    auto answer = call("/missing");
    QCOMPARE(answer->response.status, 500);
    QCOMPARE(answer->response.body, QByteArray(R"({"message": "Internal server error"})"));
    QVERIFY(answer->trace->note(QStringLiteral("error")).toString().contains(QLatin1String("absent.js")));
}

void TestFunctionPool::tablesClient()
{
    auto answer = call("/tables");
    QCOMPARE(answer->response.status, 200);
    QCOMPARE(QJsonDocument::fromJson(answer->response.body).array(),
             QJsonDocument::fromJson(R"([1, "x", true, 3, 1, 10, 2,
                 "ConditionalCheckFailedException", "ConditionalCheckFailedException",
                 "The conditional request failed", 400, true])").array());
    auto missing = call("/missingtable");
    QCOMPARE(missing->response.body,
             QByteArray("ResourceNotFoundException: Requested resource not found"));
}

void TestFunctionPool::sdkLookAlikes()
{
    auto answer = call("/sdkstyles");
    QCOMPARE(answer->response.status, 200);
    QCOMPARE(answer->response.body, QByteArray(R"(["a","a",200])"));
    // lib-dynamodb's paginators, read with for await: every page of at most pageSize items,
    // until LastEvaluatedKey runs out.
    auto pages = call("/paginate");
    QCOMPARE(pages->response.status, 200);
    QCOMPARE(pages->response.body, QByteArray(R"([5,true,true,["p3",200]])"));
}

// Requests from several threads at once all get their own answer.
void TestFunctionPool::manyRequests()
{
    QList<std::shared_ptr<Answer>> answers;
    for (int i = 0; i < 200; ++i)
        answers << m_stage.start({nullptr, nullptr, m_executor}, "POST", i % 2 ? "/asyncfn" : "/promise",
                                 {}, {{"Host", "localhost"}}, QByteArray::number(i));
    QVERIFY(QTest::qWaitFor([&] {
        for (auto &a : answers) {
            if (!a->isAnswered())
                return false;
        }
        return true;
    }, 20000));
    for (int i = 0; i < answers.size(); ++i)
        QCOMPARE(answers[i]->response.body,
                 i % 2 ? "async " + QByteArray::number(i) : QByteArray("promised"));
}

QTEST_GUILESS_MAIN(TestFunctionPool)
#include "tst_functionpool.moc"
