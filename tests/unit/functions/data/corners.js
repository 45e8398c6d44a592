const util = require('util');
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
  const u = new URL('http://a.com:8080/p?q=1#h');
  u.port = '9090'; out.push(u.href);
  u.hostname = 'b.org'; u.protocol = 'https'; out.push(u.href);
  u.host = 'c.net:443'; out.push(u.href);
  u.href = 'http://d.io/x?y=2'; out.push(u.searchParams.get('y'), u.host);
  out.push(require('url').format({ protocol: 'https', hostname: 'x.com', pathname: '/a', query: { b: 1, c: 'd e' } }));
  return { statusCode: 200, body: JSON.stringify(out) };
};
