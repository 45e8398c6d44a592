// Corners of the Node built-ins that a review found apart from Node, each as Node gives it:
// util.inspect never calls getters (Qt 6.4's Object.keys would), a bracketed IPv6 host in a URL,
// an abort listener that throws leaves the others to run, and fs's x and a+ write flags.
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
    QVERIFY(m_functions.write(QStringLiteral("corners.js"), R"(const util = require('util');
const fs = require('fs');
exports.handler = async () => {
  const out = [util.inspect({ get x() { throw new Error('no'); }, set y(v) {}, z: 1 }),
    new URL('http://[::1]:3000/a').host, new URL('http://[::1]:3000/a').hostname];
  const c = new AbortController(); const seen = [];
  c.signal.addEventListener('abort', () => { throw new Error('listener'); });
  c.signal.addEventListener('abort', () => seen.push('second'));
  c.abort();
  out.push(seen, c.signal.aborted);
  const p = '/tmp/gh-flag-test-' + process.pid + '-' + Math.floor(Math.random() * 1e9);
  fs.writeFileSync(p, 'one', { flag: 'wx' });
  try { fs.writeFileSync(p, 'two', { flag: 'wx' }); } catch (e) { out.push(e.code); }
  fs.writeFileSync(p, '+more', { flag: 'a+' });
  out.push(fs.readFileSync(p, 'utf8'));
  fs.unlinkSync(p);
  return { statusCode: 200, body: JSON.stringify(out) };
};
)"));
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
    QCOMPARE(QJsonDocument::fromJson(answer->response.body),
             QJsonDocument::fromJson(R"(["{ x: [Getter], y: [Setter], z: 1 }","[::1]:3000","[::1]",["second"],true,)"
                                     R"("EEXIST","one+more"])"));
}

QTEST_GUILESS_MAIN(TestNodeBuiltins)
#include "tst_nodebuiltins.moc"
