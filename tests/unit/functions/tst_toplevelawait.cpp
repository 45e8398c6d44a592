// Top-level await in ES module handlers, run as the function's init (as Lambda runs it): the
// handler styles wait for it, and an init that an invocation's end cut short is run again.
#include "functionfixture.h"

using namespace FunctionTests;

class TestTopLevelAwait : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void callbackHandlerAnswersThroughItsCallback();
    void initCutShortRunsAgain();

private:
    FunctionsFolder m_functions;
};

void TestTopLevelAwait::initTestCase()
{
    QVERIFY(m_functions.isValid());
    QVERIFY(m_functions.write(QStringLiteral("callback.mjs"), R"(import { setTimeout as sleep } from 'timers/promises';
const greeting = await sleep(5, 'hello');
let calls = 0;
export const handler = (event, context, callback) => {
  calls++;
  setTimeout(() => callback(null, { statusCode: 200, body: greeting + ' ' + calls }), 5);
};
)"));
    // The first load waits longer than the function may run; the engine keeps its globals, so
    // the second load (after the first was cut short) knows it is the second.
    QVERIFY(m_functions.write(QStringLiteral("slowinit.mjs"), R"(globalThis.loads = (globalThis.loads || 0) + 1;
await new Promise((resolve) => setTimeout(resolve, globalThis.loads === 1 ? 5000 : 1));
export const handler = async () => ({ statusCode: 200, body: 'loads ' + globalThis.loads });
)"));
    QVERIFY(m_functions.write(QStringLiteral("slowinit.json"), R"({"timeout": 1})"));
    QVERIFY(m_functions.serve({QStringLiteral("callback"), QStringLiteral("slowinit")}));
}

void TestTopLevelAwait::cleanupTestCase()
{
    m_functions.stop();
}

void TestTopLevelAwait::callbackHandlerAnswersThroughItsCallback()
{
    // The first call waits for the init, the second finds it done: both answer by callback.
    for (const QByteArray &expected : {QByteArray("hello 1"), QByteArray("hello 2")}) {
        auto answer = m_functions.call("/callback");
        QCOMPARE(answer->response.status, 200);
        QCOMPARE(answer->response.body, expected);
    }
}

void TestTopLevelAwait::initCutShortRunsAgain()
{
    auto first = m_functions.call("/slowinit");
    QCOMPARE(first->response.status, 502);
    QVERIFY(first->trace->note(QStringLiteral("functionError")).toMap()
                .value(QStringLiteral("errorMessage")).toString().contains(QLatin1String("timed out")));
    auto second = m_functions.call("/slowinit");
    QCOMPARE(second->response.status, 200);
    QCOMPARE(second->response.body, QByteArray("loads 2"));
}

QTEST_GUILESS_MAIN(TestTopLevelAwait)
#include "tst_toplevelawait.moc"
