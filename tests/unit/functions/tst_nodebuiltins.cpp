// Corners of the Node built-ins that a review found apart from Node, each as Node gives it
// (data/corners.js, and data/corners.expected.json as node gives it for that file, when the
// listener's error, which ends a Node process, is caught as an uncaught exception):
// util.inspect never calls getters (Qt 6.4's Object.keys would), a bracketed IPv6 host in a URL,
// an abort listener that throws leaves the others to run, fs's x and a+ write flags, and
// assert's deep equality of errors, boxed values, and Sets and Maps in any order, URL's setters
// and the legacy url.format.
#include "functionfixture.h"

using namespace FunctionTests;


class TestNodeBuiltins : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void asNodeGivesThem();

private:
    FunctionsFolder m_functions;
};

void TestNodeBuiltins::initTestCase()
{
    QVERIFY(m_functions.isValid());
    QFile source(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/unit/functions/data/corners.js"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QVERIFY(m_functions.write(QStringLiteral("corners.js"), source.readAll()));
    QVERIFY(m_functions.serve({QStringLiteral("corners")}));
}

void TestNodeBuiltins::cleanupTestCase()
{
    m_functions.stop();
}

void TestNodeBuiltins::asNodeGivesThem()
{
    auto answer = m_functions.call("/corners");
    QCOMPARE(answer->response.status, 200);
    QFile expected(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/unit/functions/data/corners.expected.json"));
    QVERIFY(expected.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(answer->response.body), QJsonDocument::fromJson(expected.readAll()));
}

QTEST_GUILESS_MAIN(TestNodeBuiltins)
#include "tst_nodebuiltins.moc"
