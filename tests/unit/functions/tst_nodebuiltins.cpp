// Corners of the Node built-ins that a review found apart from Node, each as Node gives it:
// util.inspect never calls getters (Qt 6.4's Object.keys would), a bracketed IPv6 host in a URL,
// an abort listener that throws leaves the others to run, fs's x and a+ write flags, and
// assert's deep equality of errors, boxed values, and Sets and Maps in any order.
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
  const assert = require('assert');
  const eq = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
  out.push(eq(() => assert.deepStrictEqual(new Error('a'), new Error('b'))),
    eq(() => assert.deepStrictEqual(new Set([1, 2]), new Set([2, 1]))),
    eq(() => assert.deepStrictEqual(new Map([[1, 'a'], [2, 'b']]), new Map([[2, 'b'], [1, 'a']]))),
    eq(() => assert.deepStrictEqual(new Number(1), new Number(2))),
    eq(() => assert.deepStrictEqual(new Set([{ a: 1 }]), new Set([{ a: 1 }]))));
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
                                     R"("EEXIST","one+more","ERR_ASSERTION","ok","ok","ERR_ASSERTION","ok"])"));
}

QTEST_GUILESS_MAIN(TestNodeBuiltins)
#include "tst_nodebuiltins.moc"
