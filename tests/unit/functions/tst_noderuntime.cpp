// What handlers pasted from a Node.js Lambda project use beyond the engine's own JavaScript,
// run through the real path (a file in functions/, the pool's worker, the proxy result):
// object spread and rest, timers with Lambda's event-loop rules and the function timeout, Buffer,
// and the messages for a syntax error.
#include "functionfixture.h"

#include <functions/functionexecutor.h>

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace FunctionTests;
using namespace Gatehouse::Functions;

namespace {

const char *const kFunctions[][2] = {
    {"spread", R"(const defaults = { statusCode: 200, headers: { 'Content-Type': 'application/json' } };
        const pick = ({ httpMethod, body, ...others }) => ({ httpMethod, body, hasPath: 'path' in others });
        exports.handler = async ({ headers, ...event }) => {
            const { httpMethod, ...rest } = pick(event);
            return { ...defaults, body: JSON.stringify({ ...rest, method: httpMethod, hasBody: 'body' in event }) };
        };)"},
    {"sleep", R"(exports.handler = async (event) => {
            const order = [];
            await new Promise((resolve) => setTimeout(resolve, 50));
            order.push('slept');
            setImmediate(() => order.push('immediate'));
            const cancelled = setTimeout(() => order.push('cancelled'), 1);
            clearTimeout(cancelled);
            await new Promise((resolve) => {
                let n = 0;
                const t = setInterval((step) => { order.push(step + ++n); if (n === 3) { clearInterval(t); resolve(); } }, 5, 'tick');
            });
            const { setTimeout: wait } = require('timers/promises');
            order.push(await wait(1, 'promised'));
            return { statusCode: 200, body: JSON.stringify(order) };
        };)"},
    {"waitsforloop", R"(exports.handler = (event, context, callback) => {
            setTimeout(() => console.log('timer ran'), 30);
            callback(null, { statusCode: 200, body: 'answered' });
            console.log('callback called');
        };)"},
    {"nowait", R"(exports.handler = (event, context, callback) => {
            context.callbackWaitsForEmptyEventLoop = false;
            setTimeout(() => { globalThis.leaked = 'nowait'; }, 30);
            callback(null, { statusCode: 200, body: 'at once' });
        };)"},
    {"leaves", R"(exports.handler = async () => {
            setTimeout(() => { globalThis.leaked = 'leaves'; }, 30);
            return { statusCode: 200, body: 'left a timer' };
        };)"},
    {"checkleak", R"(exports.handler = async () => {
            await new Promise((resolve) => setTimeout(resolve, 150));
            return { statusCode: 200, body: String(globalThis.leaked) };
        };)"},
    {"sleepy", R"(exports.handler = async () => {
            setTimeout(() => { globalThis.leaked = 'sleepy'; }, 1500);
            await new Promise((resolve) => setTimeout(resolve, 5000));
            return { statusCode: 200, body: 'woke up' };
        };)"},
    {"timerthrows", R"(exports.handler = () => new Promise(() => {
            setTimeout(() => { throw new TypeError('late boom'); }, 1);
        });)"},
    {"badtimer", R"(exports.handler = async () => { setTimeout('not a function', 1); };)"},
    {"buffer", R"(const { Buffer: B } = require('buffer');
        exports.handler = async (event) => {
            const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
            const joined = Buffer.concat([raw, Buffer.from([0x21])]);
            return {
                statusCode: 200,
                body: JSON.stringify({
                    text: joined.toString(), base64: joined.toString('base64'), hex: raw.toString('hex'),
                    fromHex: Buffer.from('c3a9', 'hex').toString('utf8'), length: joined.length,
                    bytes: Buffer.byteLength('héllo €'), isBuffer: [Buffer.isBuffer(raw), B.isBuffer('x'), B === Buffer],
                    json: JSON.parse(Buffer.from(JSON.stringify({ k: 1 })).toString()).k,
                    env: typeof process.env
                })
            };
        };)"},
    {"binary", R"(exports.handler = async () => ({ statusCode: 200, headers: { 'Content-Type': 'image/png' },
            isBase64Encoded: true, body: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64') });)"},
    {"usesmodules", R"(const greet = require('./lib/greet');
        const data = require('./lib/data.json');
        const lib = require('./lib');
        exports.handler = async () => ({ statusCode: 200,
            body: JSON.stringify([greet('you'), data.n, lib.loads, require('./lib/index.js') === lib]) });)"},
    {"usespackages", R"(const pad = require('leftpad');
        const { greet } = require('@acme/greet');
        const extra = require('@acme/greet/extra');
        const plain = require('plain');
        const memo = require('memo');
        const once = memo.once(() => 42);
        exports.handler = async () => ({ statusCode: 200, body: JSON.stringify([pad('7', 3), greet('you'),
            extra.name, plain.n, require.resolve('leftpad').endsWith('node_modules/leftpad/lib/pad.js'),
            require('leftpad') === pad, once(), once(), memo.mode, require('./lib/strict').mode]) });)"},
    {"missingpackage", R"(const x = require('left-pad-nowhere'); exports.handler = async () => ({ statusCode: 200 });)"},
    {"missingmodule", R"(const x = require('./lib/nope'); exports.handler = async () => ({ statusCode: 200 });)"},
    {"outside", R"(const x = require('../outside'); exports.handler = async () => ({ statusCode: 200 });)"},
    {"badmodule", R"(const x = require('./lib/bad'); exports.handler = async () => ({ statusCode: 200 });)"},
    {"env", R"(const table = process.env.TABLE_NAME;
        exports.handler = async () => ({ statusCode: 200, body: JSON.stringify([table, process.env.STAGE,
            process.env.AWS_REGION, process.env.AWS_LAMBDA_FUNCTION_NAME, process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE]) });)"},
    {"crypto", R"(const crypto = require('crypto');
        const { v4: uuidv4, validate } = require('uuid');
        exports.handler = async () => {
            const id = crypto.randomUUID();
            return { statusCode: 200, body: JSON.stringify([
                crypto.createHash('sha256').update('abc').digest('hex'),
                crypto.createHash('md5').update(Buffer.from('abc')).digest('base64'),
                crypto.createHmac('sha256', 'key').update('The quick brown fox ').update('jumps over the lazy dog').digest('hex'),
                /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id) && id !== crypto.randomUUID(),
                validate(uuidv4()), crypto.randomBytes(8).length]) };
        };)"},
    // Class fields, private names and static blocks (ES2022), which the engine lacks: rewritten in
    // place, so the line a method reports is the line it is on.
    {"classes", R"(const registry = [];
        const register = (cls) => { registry.push(cls.id); return cls; };
        class Counter {
          count = 0
          step = 1 // a comment
          label = `n=${
            this.count}`
          handlers = { inc: () => { this.count += this.step; return this; } }
          #secret = 'hidden';
          static instances = 0;
          get secret() { return this.#secret; }
          #twice() { return this.count * 2; }
          twice() { return this.#twice(); }
          static has(o) { return #secret in o; }
          static async make() { await null; Counter.instances++; return new Counter(); }
          *values() { yield this.count; yield this.step; }
          static = 'a field called static';
          line() { return new Error().lineNumber; }
        }
        const Registered = register(class { static id = 'r1'; static { registry.push('block'); } });
        class Inner extends Counter { extra = this.count + 100; constructor(x) { super(); this.x = x; } }
        class Plain extends Inner { more = [this.x]; }
        exports.handler = async () => {
            const c = await Counter.make();
            c.handlers.inc().handlers.inc();
            return { statusCode: 200, body: JSON.stringify([c.count, c.label, c.secret, c.twice(), [...c.values()],
                Counter.instances, c.static, registry, Registered.id, Object.keys(Registered), new Plain(7),
                Object.keys(c), Counter.has(c), Counter.has({}), c.line()]) };
        };)"},
    // What packages for current Node use beyond that: async generators (functions, methods,
    // private ones), import(), BigInt literals (the module loads; making one throws), a #! line,
    // and statements the rewrites must keep apart at line breaks.
    {"modern", R"(#!/usr/bin/env node
        'use strict';
        const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
        const identity = (v) => v

        async function* count(n) {
          try {
            for (let i = 0; i < n; i++) { await sleep(1); yield i; }
            yield sleep(1, 'awaited');
            return 'done';
          } finally { log.push('finally'); }
        }
        const log = [];
        class Pages {
          #items = [1, 2, 3];
          async *[Symbol.asyncIterator]() { for (const x of this.#items) yield await sleep(1, x * 10); }
          async #total() { let t = 0; for await (const x of this) t += x; return t; }
          total() { return this.#total(); }
        }
        const huge = () => 2n ** 64n;
        exports.handler = async () => {
          const out = [];
          const add = async (v) => { out.push(v) }
          await add('first')
          await add(identity('second'))
          for await (const v of count(2)) out.push(v);
          const g = count(3); out.push(await g.next(), await g.return('early'), await g.next());
          out.push(await new Pages().total());
          const words = await import('./lib/words.js');
          out.push(words.hello, words.default.hello);
          try { out.push(String(huge())); } catch (e) { out.push(e.message); }
          return { statusCode: 200, body: JSON.stringify([out, log]) };
        };)"},
    // The real @aws-sdk/util-dynamodb from npm (when installed: realPackages()).
    {"realpackage", R"(exports.handler = async () => {
            const { marshall, unmarshall } = require('./real/entry');
            const m = marshall({ id: 'a', n: 5, tags: new Set(['x', 'y']), nested: { l: [1, 'two', null, true] } },
                               { removeUndefinedValues: true });
            const back = unmarshall(m);
            return { statusCode: 200, body: JSON.stringify([m, back.n, [...back.tags], back.nested]) };
        };)"},
    // for await leaving its loop early (break, return, throw, continue to an outer label) closes
    // the iterator, so a generator's finally runs; a next() that fails does not.
    {"forawait", R"(const log = [];
async function* gen(name, n) {
  try { for (let i = 0; i < n; i++) yield i; }
  finally { log.push(name + ' closed'); }
}
const failing = { [Symbol.asyncIterator]() { return { next: () => Promise.reject(new Error('next failed')), return: () => { log.push('wrongly closed'); return Promise.resolve({ done: true }); } }; } };
async function firstOf(it) { for await (const v of it) return v; }
exports.handler = async () => {
  const out = [];
  for await (const v of gen('a', 5)) { if (v === 2) break; out.push(v); }
  out.push(await firstOf(gen('b', 3)));
  try { for await (const v of gen('c', 3)) { throw new Error('body ' + v); } } catch (e) { out.push(e.message); }
  outer: for (const k of [1, 2]) {
    inner: for await (const v of gen('d' + k, 3)) { if (v === 1) continue outer; out.push(k * 10 + v); }
  }
  try { for await (const v of failing) out.push(v); } catch (e) { out.push(e.message); }
  if (out.length) for await (const v of gen('e', 2)) out.push('e' + v);
  for await (const v of [Promise.resolve('sync'), 'plain']) out.push(v);
  return { statusCode: 200, body: JSON.stringify([out, log]) };
};)"},
    // Node's modules written in JavaScript: path, util, events, assert, querystring, url, os.
    {"nodemodules", R"JS(const path = require('path');
const util = require('util');
const EventEmitter = require('events');
const { once } = require('node:events');
const assert = require('assert');
const qs = require('querystring');
const url = require('url');
const os = require('os');
exports.handler = async () => {
  const out = {};
  out.path = [path.join('/a/b', '../c', './d.txt'), path.join('a', '', 'b/'), path.resolve('x/y', '../z'), path.resolve('/r', 'q'),
    path.dirname('/a/b/c.js'), path.dirname('a'), path.dirname('/a'), path.basename('/a/b/c.test.js', '.js'), path.basename('/dir/'),
    path.extname('x/y.tar.gz'), path.extname('.bashrc'), path.relative('/a/b/c', '/a/d'), path.normalize('/a//b/../c/.'),
    path.parse('/home/u/file.txt'), path.format({ dir: '/x', name: 'f', ext: '.md' }), path.isAbsolute('./x'), path.sep];
  out.util = [util.format('%s has %d items, %j %%', 'list', 3, { a: 1 }, 'extra'), util.format('no args %s'),
    util.format(1, 'a', { b: [1, 2] }), util.inspect({ a: 1, b: 'x', c: [1, { d: null }], e: new Map([['k', 1]]) }),
    util.inspect('str'), util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), util.isDeepStrictEqual([1], ['1'])];
  const readFile = (name, cb) => setTimeout(() => name === 'bad' ? cb(new Error('no ' + name)) : cb(null, 'content of ' + name), 1);
  const read = util.promisify(readFile);
  out.util.push(await read('a'));
  try { await read('bad'); } catch (e) { out.util.push(e.message); }
  function Animal(n) { this.n = n; } Animal.prototype.speak = function () { return this.n + ' speaks'; };
  function Dog(n) { Animal.call(this, n); } util.inherits(Dog, Animal);
  out.util.push(new Dog('rex').speak(), Dog.super_ === Animal);
  const e = new EventEmitter(); const log = [];
  e.on('x', (a, b) => log.push('on ' + a + b)); e.once('x', () => log.push('once')); e.prependListener('x', () => log.push('first'));
  out.emitted = [e.emit('x', 1, 2), e.emit('x', 3, 4), e.emit('nothing'), e.listenerCount('x'), e.eventNames()];
  try { e.emit('error', new Error('boom')); } catch (err) { out.emitted.push(err.message); }
  class Sub extends EventEmitter { constructor() { super(); this.k = 1; } }
  const s = new Sub(); setTimeout(() => s.emit('ready', 'ok', 2), 1);
  out.emitted.push(await once(s, 'ready'), log);
  const failures = [];
  for (const f of [() => assert.strictEqual(1, '1'), () => assert.deepStrictEqual({ a: 1 }, { a: 1 }), () => assert(0, 'zero'),
    () => assert.throws(() => { throw new TypeError('t'); }, TypeError), () => assert.throws(() => {}), () => assert.equal(1, '1'),
    () => assert.deepEqual([1, 2], [1, 3]), () => assert.ok(true)]) {
    try { f(); failures.push('ok'); } catch (err) { failures.push(err.name + ':' + err.code); }
  }
  try { await assert.rejects(Promise.reject(new Error('r')), /r/); failures.push('rejects ok'); } catch (err) { failures.push('bad'); }
  out.assert = failures;
  out.qs = [qs.stringify({ a: 'x y', b: [1, 2], c: true, d: null }), JSON.stringify(qs.parse('a=1&b=2&a=3&c=%20x+y&d'))];
  const u = new URL('https://user:pw@Example.com:443/a/b/../c?q=1&r=two%20x#frag');
  u.searchParams.append('s', 'new val');
  out.url = [u.href, u.origin, u.host, u.hostname, u.port, u.pathname, u.search, u.hash, u.username, u.searchParams.get('r'),
    new URL('../x?y=1', 'http://h.com/a/b/c').href, new URL('http://h.com:8080').href, URL.canParse('nope'),
    new URLSearchParams({ a: '1', b: 'x&y' }).toString(), [...new URLSearchParams('?a=1&b=2&a=3').entries()],
    url.parse('http://h.com:81/p/a?x=1#h', true).query.x, url.parse('/rel/path?q=2').pathname];
  out.os = [os.EOL, os.platform(), typeof os.tmpdir()];
  return { statusCode: 200, body: JSON.stringify(out) };
};)JS"},
    // fetch against the test's own HTTP server (EchoServer): a POST with headers and a JSON body,
    // a 404, a redirect followed, a refused connection, requests aborted by an AbortController
    // and by AbortSignal.timeout, Headers and Response on their own.
    {"fetcher", R"(exports.handler = async () => {
            const base = process.env.ECHO_URL;
            const posted = await fetch(base + '/echo?x=1', { method: 'POST', headers: { 'X-Test': 'yes' },
                                                             body: JSON.stringify({ a: 1 }) });
            const echoed = await posted.json();
            const missing = await fetch(new URL('/status/404', base));
            const moved = await fetch(base + '/redirect');
            let refused;
            try { await fetch('http://127.0.0.1:1/'); } catch (e) { refused = [e.name, e.message, e.cause instanceof Error]; }
            const slow = new AbortController();
            setTimeout(() => slow.abort(new Error('stop')), 20);
            let aborted, timedOut;
            try { await fetch(base + '/hang', { signal: slow.signal }); } catch (e) { aborted = e.message; }
            try { await fetch(new Request(base + '/hang', { signal: AbortSignal.timeout(20) })); } catch (e) { timedOut = e.name; }
            const head = await fetch(base + '/echo', { method: 'HEAD' });
            const odd = await fetch(base + '/status/999');
            const cookies = await fetch(base + '/cookies');
            const h = new Headers([['B', '2'], ['a', '1']]); h.append('a', '3');
            const made = Response.json({ k: 'v' }, { status: 201 });
            return { statusCode: 200, body: JSON.stringify([posted.status, posted.ok, posted.headers.get('content-type'),
                echoed, missing.status, missing.ok, await missing.text(), moved.redirected, moved.url === base + '/echo',
                (await moved.json()).method, refused, aborted, timedOut, [...h], made.status, await made.json(),
                made.headers.get('content-type'), head.status, await head.text(), odd.status, odd.ok,
                cookies.headers.get('set-cookie')]) };
        };)"},
    // fs: a file beside the function (by __dirname, /var/task and a relative path), then a
    // tree in the machine's temporary folder, through the sync, promise and callback forms.
    {"files", R"JS(const fs = require('fs');
const fsp = require('fs/promises');
const path = require('path');
const os = require('os');
exports.handler = async () => {
  const out = [];
  out.push(fs.readFileSync(path.join(__dirname, 'assets/data.txt'), 'utf8'));
  out.push(fs.readFileSync(path.join(__dirname, 'assets', 'data.txt')).length);
  const dir = path.join(os.tmpdir(), 'gh-fs-test-' + process.pid + '-' + Math.floor(Math.random() * 1e9));
  out.push(fs.mkdirSync(path.join(dir, 'a/b'), { recursive: true }) === dir, fs.mkdirSync(dir, { recursive: true }));
  out.push(fs.readFileSync('/var/task/assets/data.txt', 'utf8') === fs.readFileSync('assets/data.txt', 'utf8'));
  fs.writeFileSync(path.join(dir, 'a/one.txt'), 'one');
  fs.appendFileSync(path.join(dir, 'a/one.txt'), Buffer.from(' more'));
  await fsp.writeFile(path.join(dir, 'a/b/two.json'), JSON.stringify({ n: 2 }));
  out.push(fs.readFileSync(path.join(dir, 'a/one.txt'), { encoding: 'utf8' }));
  out.push(JSON.parse(await fsp.readFile(path.join(dir, 'a/b/two.json'), 'utf8')).n);
  out.push(fs.readdirSync(path.join(dir, 'a')), fs.readdirSync(path.join(dir, 'a'), { withFileTypes: true }).map((d) => [d.name, d.isDirectory()]));
  const st = fs.statSync(path.join(dir, 'a/one.txt'));
  out.push(st.isFile(), st.isDirectory(), st.size, st.mtime instanceof Date, fs.existsSync(path.join(dir, 'nope')));
  try { fs.readFileSync(path.join(dir, 'nope.txt')); } catch (e) { out.push([e.code, e.syscall, e.errno, e.message.replace(dir, 'DIR')]); }
  try { fs.mkdirSync(path.join(dir, 'a')); } catch (e) { out.push([e.code, e.message.replace(dir, 'DIR')]); }
  try { fs.rmSync(path.join(dir, 'a')); } catch (e) { out.push(e.code); }
  out.push(fs.statSync(path.join(dir, 'zzz'), { throwIfNoEntry: false }));
  out.push(await new Promise((res) => fs.readFile(path.join(dir, 'a/one.txt'), 'utf8', (err, d) => res([err, d]))));
  out.push(await new Promise((res) => fs.stat(path.join(dir, 'gone'), (err) => res(err.code))));
  fs.renameSync(path.join(dir, 'a/one.txt'), path.join(dir, 'a/uno.txt'));
  fs.copyFileSync(path.join(dir, 'a/uno.txt'), path.join(dir, 'copy.txt'));
  out.push(fs.readdirSync(dir), fs.readFileSync(path.join(dir, 'copy.txt'), 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  out.push(fs.existsSync(dir));
  fs.rmSync(dir, { recursive: true, force: true });
  return { statusCode: 200, body: JSON.stringify(out) };
};)JS"},
    // Node's globals: those the engine lacks (as Node has them all, this lists the gaps), and a
    // few of the ones provided at work.
    {"globals", R"(exports.handler = async () => {
            const names = ['AbortController', 'AbortSignal', 'EventTarget', 'Event', 'queueMicrotask', 'performance',
                'crypto', 'structuredClone', 'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'fetch', 'Headers',
                'Response', 'Request', 'FormData', 'Blob', 'setImmediate', 'clearImmediate', 'atob', 'btoa', 'Buffer',
                'process', 'global', 'globalThis', 'WeakRef', 'FinalizationRegistry', 'Intl', 'BigInt', 'AggregateError'];
            const t0 = performance.now();
            await new Promise((r) => setTimeout(r, 5));
            const agg = new AggregateError([new Error('a'), new Error('b')], 'both');
            return { statusCode: 200, body: JSON.stringify([names.filter((n) => typeof globalThis[n] === 'undefined'),
                global === globalThis, performance.now() - t0 >= 4, agg instanceof Error, agg.name, agg.errors.length]) };
        };)"},
    {"syntaxline", "// a comment\nexports.handler = async () => {\n    const broken = { a: 1,, };\n};\n"},
};

} // namespace

class TestNodeRuntime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void results_data();
    void results();
    void callbackWaitsForTheTimers();
    void timersNeverReachTheNextInvocation_data();
    void timersNeverReachTheNextInvocation();
    void timeoutWithAPendingTimer();
    void errors_data();
    void errors();
    void relativeRequire();
    void packagesFromNodeModules();
    void fetchOverHttp();
    void realPackages();

private:
    std::shared_ptr<Answer> call(const QByteArray &path, const QByteArray &body = {},
                                 const QByteArray &contentType = "text/plain");
    void write(const QString &name, const QByteArray &text);

    QTemporaryDir m_dir;
    std::shared_ptr<FunctionExecutor> m_executor;
    ServedStage m_stage;
};

void TestNodeRuntime::write(const QString &name, const QByteArray &text)
{
    QFile f(m_dir.filePath(u"functions/" + name));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

void TestNodeRuntime::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("functions/lib")));
    QList<Route> routes;
    for (const auto &fn : kFunctions) {
        write(QLatin1String(fn[0]) + QLatin1String(".js"), fn[1]);
        routes.append({u'/' + QLatin1String(fn[0]), QStringLiteral("post"), functionUri(QLatin1String(fn[0]))});
    }
    // An ES module handler (NAME.mjs, as Lambda's Node.js runtimes take it): import declarations
    // of every form, export lists, export * and a default export, over the modules Gatehouse
    // provides and the function's own. Lines stay where they were (the handler reads its own).
    write(QStringLiteral("esm.mjs"), R"(import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand,
         GetCommand } from "@aws-sdk/lib-dynamodb";
import describe, { area, around, count, more, greeting } from './lib/shapes.mjs';
import * as shapes from './lib/shapes.mjs';
import path from 'path';
import { EventEmitter } from 'events';
import './lib/words.js';

const docClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event) => {
  const line = new Error().lineNumber;
  return {
    statusCode: 200,
    body: JSON.stringify([typeof docClient.send, typeof PutCommand, typeof GetCommand, describe(2, 3), area(2, 3),
      around(2, 3), count, more.hello, greeting, Object.keys(shapes).sort(), path.join('/a', 'b'), typeof EventEmitter, line]),
  };
};
)");
    write(QStringLiteral("lib/shapes.mjs"), R"(const area = (w, h) => w * h;
function perimeter(w, h) { return 2 * (w + h); }
export { area, perimeter as around };
export default function describe(w, h) { return `${w}x${h}`; }
export * from './counts.js';
export * as more from './counts.js';
export { hello as 'greeting' } from './counts.js';
)");
    // Top-level await in an ES module handler (Lambda runs it as the function's init): the
    // handler waits for it; one whose init fails fails its invocations.
    write(QStringLiteral("tla.mjs"), R"(import { setTimeout as sleep } from 'timers/promises';
const config = await sleep(5, { table: 'Things' });
for await (const part of ['a', Promise.resolve('b')]) config.table += part;
export const handler = async () => ({ statusCode: 200, body: JSON.stringify([config.table, new Error().lineNumber]) });
)");
    write(QStringLiteral("tlafails.mjs"), "const secret = await Promise.reject(new Error('no secret'));\n"
                                          "export const handler = async () => ({ statusCode: 200, body: secret });\n");
    // import.meta and the file URL helpers, with the module's own __dirname (an ES module has
    // none from Node, so it declares one).
    write(QStringLiteral("meta.mjs"), R"(import path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { readFileSync } from 'fs';
const __filename = fileURLToPath(import.meta.url);
const __dirname = path.dirname(__filename);
export const handler = async () => ({ statusCode: 200, body: JSON.stringify([path.basename(__filename),
  __dirname === import.meta.dirname, readFileSync(path.join(__dirname, 'assets/data.txt'), 'utf8'),
  import.meta.url.startsWith('file:///'), pathToFileURL('/tmp/a b#c').href, fileURLToPath('file:///tmp/a%20b/c'),
  new URL('file:/x/y').href]) });
)");
    routes.append({QStringLiteral("/meta"), QStringLiteral("post"), functionUri(QStringLiteral("meta"))});
    routes.append({QStringLiteral("/tla"), QStringLiteral("post"), functionUri(QStringLiteral("tla"))});
    routes.append({QStringLiteral("/tlafails"), QStringLiteral("post"), functionUri(QStringLiteral("tlafails"))});
    write(QStringLiteral("lib/counts.js"), "exports.hello = 'hi';\nexports.count = 3;\n");
    routes.append({QStringLiteral("/esm"), QStringLiteral("post"), functionUri(QStringLiteral("esm"))});
    // Every way of exporting names, and code that only looks like module syntax.
    write(QStringLiteral("lib/exports.mjs"), R"(export const a = 1, b = 2
export const { c, d: [e, ...f], ...g } = { c: 3, d: [4, 5, 6], h: 7 }
export let [m, { n }] = [8, { n: 9 }]
export default function handler() { return typeof handler; }
const x = require('path')
class Cache { static instance = 'set' }
export { Cache };
const o = { export(v) { return v + 1; }, import(v) { return v * 2; }, await: 5 };
export const viaObject = [o.export(1), o.import(2), o.await];
class Rows { import(rows) { return rows.length; } }
export const rows = new Rows().import([1, 2, 3]);
)");
    write(QStringLiteral("lib/named.mjs"), "export default class Named { static x = 1; y = 2 }\n");
    write(QStringLiteral("lib/anonymous.mjs"), "export default class { static x = 3; y = 4 }\n");
    // CommonJS that says __esModule (TypeScript's output): its default import is its exports, as Node has it.
    write(QStringLiteral("lib/compiled.js"), "Object.defineProperty(exports, '__esModule', { value: true });\n"
                                             "exports.default = 'D';\nexports.named = 'N';\n");
    write(QStringLiteral("esmexports.mjs"), R"(import def, * as all from './lib/exports.mjs';
import Named from './lib/named.mjs';
import Anonymous from './lib/anonymous.mjs';
import compiled, { named } from './lib/compiled.js';
const gen = async function* () { const p = Promise.resolve('v'); yield `${await p}`; };
export const handler = async () => {
  const out = [];
  for await (const v of gen()) out.push(v);
  return { statusCode: 200, body: JSON.stringify([def(), Object.keys(all).sort(), all.a, all.b, all.c, all.e, all.f,
    all.g, all.m, all.n, all.Cache.instance, all.viaObject, all.rows, out, [Named.x, new Named().y, Named.name],
    [Anonymous.x, new Anonymous().y], [typeof compiled, compiled.default, named]]) };
};
)");
    routes.append({QStringLiteral("/esmexports"), QStringLiteral("post"), functionUri(QStringLiteral("esmexports"))});
    QVERIFY(QDir(m_dir.filePath(QStringLiteral("functions"))).mkpath(QStringLiteral("assets")));
    write(QStringLiteral("assets/data.txt"), "hello from a file");
    write(QStringLiteral("sleepy.json"), R"({"timeout": 1})");
    write(QStringLiteral("env.json"), R"({"memorySize": 256, "environment": {"Variables": {"TABLE_NAME": "Books", "STAGE": "dev"}}})");
    write(QStringLiteral("lib/greet.js"), "const { hello } = require('./words');\n"
                                          "module.exports = (who) => `${hello}, ${who}`;\n");
    write(QStringLiteral("lib/words.js"), "exports.hello = 'hello';\n");
    write(QStringLiteral("lib/data.json"), R"({"n": 7})");
    write(QStringLiteral("lib/index.js"), "globalThis.libLoads = (globalThis.libLoads || 0) + 1;\n"
                                          "exports.loads = globalThis.libLoads;\n");
    write(QStringLiteral("lib/bad.js"), "// fine\nconst x = {;\n");
    write(QStringLiteral("../outside.js"), "exports.x = 1;\n"); // beside the folder: not required
    // Packages: "main"; "exports" with conditions, a subpath and its own dependency found in the
    // node_modules folder above it; no package.json at all.
    for (const char *dir : {"node_modules/leftpad/lib", "node_modules/@acme/greet/cjs",
                            "node_modules/@acme/greet/node_modules/shout", "node_modules/plain"})
        QVERIFY(QDir(m_dir.filePath(QStringLiteral("functions"))).mkpath(QLatin1String(dir)));
    write(QStringLiteral("node_modules/leftpad/package.json"), R"({"name": "leftpad", "main": "lib/pad"})");
    write(QStringLiteral("node_modules/leftpad/lib/pad.js"),
          "module.exports = (s, n) => String(s).padStart(n, '0');\n");
    write(QStringLiteral("node_modules/@acme/greet/package.json"),
          R"({"name": "@acme/greet", "exports": {".": {"import": "./esm/index.mjs", "require": "./cjs/index.cjs"}}})");
    write(QStringLiteral("node_modules/@acme/greet/cjs/index.cjs"),
          "const shout = require('shout');\nexports.greet = (who) => shout('hello ' + who);\n");
    write(QStringLiteral("node_modules/@acme/greet/extra.js"), "exports.name = 'extra';\n");
    write(QStringLiteral("node_modules/@acme/greet/node_modules/shout/index.js"),
          "module.exports = (s) => s.toUpperCase() + '!';\n");
    write(QStringLiteral("node_modules/plain/index.json"), R"({"n": 3})");
    // Modules are strict only when they say so, as CommonJS modules in Node (the `once` package's
    // pattern below loses its store in strict code under Qt 6.4's engine).
    QVERIFY(QDir(m_dir.filePath(QStringLiteral("functions"))).mkpath(QStringLiteral("node_modules/memo")));
    write(QStringLiteral("node_modules/memo/index.js"),
          "exports.once = function (fn) {\n"
          "  var f = function () { if (f.called) return f.value; f.called = true; return f.value = fn.apply(this, arguments); };\n"
          "  f.called = false; return f;\n};\n"
          "exports.mode = (function () { return this === undefined ? 'strict' : 'sloppy'; })();\n");
    write(QStringLiteral("lib/strict.js"), "'use strict';\n"
                                           "exports.mode = (function () { return this === undefined ? 'strict' : 'sloppy'; })();\n");
    QVERIFY(m_stage.load(apiDocument(routes, {QStringLiteral("application/octet-stream")})));
    PoolOptions pool;
    pool.workers = 1; // one engine: whatever an invocation leaves behind, the next one meets
    m_executor = std::make_shared<FunctionExecutor>(std::make_shared<FunctionPool>(pool),
                                                    FunctionDirectories{m_dir.filePath(QStringLiteral("functions")), {}});
}

void TestNodeRuntime::cleanupTestCase()
{
    m_executor.reset();
}

std::shared_ptr<Answer> TestNodeRuntime::call(const QByteArray &path, const QByteArray &body,
                                              const QByteArray &contentType)
{
    auto answer = m_stage.start({nullptr, nullptr, m_executor}, "POST", path, {},
                                {{"Host", "localhost"}, {"Content-Type", contentType}}, body);
    if (!QTest::qWaitFor([&] { return answer->isAnswered(); }, 15000))
        qWarning("no answer for %s", path.constData());
    return answer;
}

void TestNodeRuntime::results_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("object spread and rest") << QByteArray("/spread") << QByteArray("x") << QByteArray("text/plain")
        << QByteArray(R"({"body":"x","hasPath":true,"method":"POST","hasBody":true})");
    QTest::newRow("process.env: Lambda's variables and the function's own") << QByteArray("/env") << QByteArray()
        << QByteArray("text/plain") << QByteArray(R"(["Books","dev","us-east-1","env","256"])");
    QTest::newRow("crypto and uuid") << QByteArray("/crypto") << QByteArray() << QByteArray("text/plain")
        << QByteArray(R"(["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","kAFQmDzST7DWlj99KOF/cg==",)"
                      R"("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",true,true,8])");
    QTest::newRow("class fields, private names, static blocks") << QByteArray("/classes") << QByteArray()
        << QByteArray("text/plain")
        << QByteArray(R"([2,"n=0","hidden",4,[2,1],1,"a field called static",["block","r1"],"r1",["id"],)"
                      R"({"count":0,"step":1,"label":"n=0","handlers":{},"static":"a field called static","extra":100,)"
                      R"("x":7,"more":[7]},["count","step","label","handlers","static"],true,false,18])"); // as Node, but for the line
    // Node gives the BigInt 18446744073709551616; the engine has none.
    QTest::newRow("async generators, import(), BigInt literals") << QByteArray("/modern") << QByteArray()
        << QByteArray("text/plain")
        << QByteArray(R"([["first","second",0,1,"awaited",{"value":0,"done":false},{"value":"early","done":true},)"
                      R"({"done":true},60,"hello","hello","BigInt values (2n) are not supported by the functions engine"],)"
                      R"(["finally","finally"]])");
    QTest::newRow("for await closes what it leaves") << QByteArray("/forawait") << QByteArray()
        << QByteArray("text/plain")
        << QByteArray(R"([[0,1,0,"body 0",10,20,"next failed","e0","e1","sync","plain"],)"
                      R"(["a closed","b closed","c closed","d1 closed","d2 closed","e closed"]])");
    // As Node prints it (node on this file), but for the working directory: /var/task, as on Lambda.
    QTest::newRow("path, util, events, assert, querystring, url, os") << QByteArray("/nodemodules") << QByteArray()
        << QByteArray("text/plain")
        << QByteArray(
                      R"({"path":["/a/c/d.txt","a/b/","/var/task/x/z","/r/q","/a/b",".","/","c.test","dir",".gz","","../.)"
                      R"(./d","/a/c",{"root":"/","dir":"/home/u","base":"file.txt","ext":".txt","name":"file"},"/x/f.md",)"
                      R"(false,"/"],"util":["list has 3 items, {\"a\":1} % extra","no args %s","1 a { b: [ 1, 2 ] }","{ a)"
                      R"(: 1, b: 'x', c: [ 1, { d: null } ], e: Map(1) { 'k' => 1 } }","'str'",true,false,"content of a",)"
                      R"("no bad","rex speaks",true],"emitted":[true,true,false,2,["x"],"boom",["ok",2],["first","on 12",)"
                      R"("once","first","on 34"]],"assert":["AssertionError:ERR_ASSERTION","ok","AssertionError:ERR_ASSER)"
                      R"(TION","ok","AssertionError:ERR_ASSERTION","ok","AssertionError:ERR_ASSERTION","ok","rejects ok"])"
                      R"(,"qs":["a=x%20y&b=1&b=2&c=true&d=","{\"a\":[\"1\",\"3\"],\"b\":\"2\",\"c\":\" x y\",\"d\":\"\"}")"
                      R"(],"url":["https://user:pw@example.com/a/c?q=1&r=two+x&s=new+val#frag","https://example.com","exa)"
                      R"(mple.com","example.com","","/a/c","?q=1&r=two+x&s=new+val","#frag","user","two x","http://h.com/)"
                      R"(a/x?y=1","http://h.com:8080/",false,"a=1&b=x%26y",[["a","1"],["b","2"],["a","3"]],"1","/rel/path)"
                      R"("],"os":["\n","linux","string"]})");
    QTest::newRow("an ES module handler") << QByteArray("/esm") << QByteArray() << QByteArray("text/plain")
        << QByteArray(R"(["function","function","function","2x3",6,10,3,"hi","hi",)"
                      R"(["area","around","count","default","greeting","hello","more"],"/a/b","function",13])");
    // As Node gives it (node on this file), with /var/task read as the functions folder.
    QTest::newRow("fs") << QByteArray("/files") << QByteArray() << QByteArray("text/plain")
        << QByteArray(R"(["hello from a file",17,true,null,true,"one more",2,["b","one.txt"],[["b",true],["one.txt",false]],)"
                      R"(true,false,8,true,false,["ENOENT","open",-2,"ENOENT: no such file or directory, open 'DIR/nope.txt'"],)"
                      R"(["EEXIST","EEXIST: file already exists, mkdir 'DIR/a'"],"ERR_FS_EISDIR",null,[null,"one more"],"ENOENT",)"
                      R"(["a","copy.txt"],"one more",false])");
    // As Node gives it (node on these files).
    QTest::newRow("export forms") << QByteArray("/esmexports") << QByteArray() << QByteArray("text/plain")
        << QByteArray(R"(["function",["Cache","a","b","c","default","e","f","g","m","n","rows","viaObject"],1,2,3,4,)"
                      R"([5,6],{"h":7},8,9,"set",[2,4,5],3,["v"],[1,2,"Named"],[3,4],["object","D","N"]])");
    QTest::newRow("import.meta and file URLs") << QByteArray("/meta") << QByteArray() << QByteArray("text/plain")
        << QByteArray(R"(["meta.mjs",true,"hello from a file",true,"file:///tmp/a%20b%23c","/tmp/a b/c","file:///x/y"])");
    QTest::newRow("top-level await") << QByteArray("/tla") << QByteArray() << QByteArray("text/plain")
        << QByteArray(R"(["Thingsab",4])");
    QTest::newRow("Node's globals") << QByteArray("/globals") << QByteArray() << QByteArray("text/plain")
        << QByteArray(R"([["FormData","Blob","Intl","BigInt"],true,true,true,"AggregateError",2])");
    QTest::newRow("timers") << QByteArray("/sleep") << QByteArray() << QByteArray("text/plain")
        << QByteArray(R"(["slept","immediate","tick1","tick2","tick3","promised"])");
    QTest::newRow("Buffer on a text body") << QByteArray("/buffer") << QByteArray("h\xc3\xa9") << QByteArray("text/plain")
        << QByteArray(R"({"text":"hé!","base64":"aMOpIQ==","hex":"68c3a9","fromHex":"é","length":4,"bytes":10,)"
                      R"("isBuffer":[true,false,true],"json":1,"env":"object"})");
    // A binary media type arrives base64-encoded (isBase64Encoded), as API Gateway sends it.
    QTest::newRow("Buffer on a base64 body") << QByteArray("/buffer") << QByteArray("\x00\xff", 2)
        << QByteArray("application/octet-stream")
        << QByteArray(R"({"text":"\u0000\ufffd!","base64":"AP8h","hex":"00ff","fromHex":"é","length":3,"bytes":10,)"
                      R"("isBuffer":[true,false,true],"json":1,"env":"object"})");
}

void TestNodeRuntime::results()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, expected);
    auto answer = call(path, body, contentType);
    QVERIFY(answer->isAnswered());
    QVERIFY2(answer->response.status == 200,
             qPrintable(answer->trace->note(QStringLiteral("functionError")).toMap()
                            .value(QStringLiteral("errorMessage")).toString()));
    QCOMPARE(QJsonDocument::fromJson(answer->response.body), QJsonDocument::fromJson(expected));
}

// The callback's answer waits for the timers (callbackWaitsForEmptyEventLoop, true by
// default): the timer's line is in this invocation's record, after the callback's.
void TestNodeRuntime::callbackWaitsForTheTimers()
{
    auto answer = call("/waitsforloop");
    QCOMPARE(answer->response.status, 200);
    QCOMPARE(answer->response.body, QByteArray("answered"));
    QStringList lines;
    for (const QVariant &line : answer->trace->note(QStringLiteral("console")).toList())
        lines << line.toMap().value(QStringLiteral("message")).toString();
    QCOMPARE(lines, QStringList({QStringLiteral("callback called"), QStringLiteral("timer ran")}));
}

void TestNodeRuntime::timersNeverReachTheNextInvocation_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("callbackWaitsForEmptyEventLoop = false") << QByteArray("/nowait") << QByteArray("at once");
    QTest::newRow("an async handler's answer") << QByteArray("/leaves") << QByteArray("left a timer");
}

void TestNodeRuntime::timersNeverReachTheNextInvocation()
{
    QFETCH(QByteArray, path);
    auto answer = call(path);
    QCOMPARE(answer->response.status, 200);
    QTEST(answer->response.body, "body");
    // The same (only) engine runs past the timer's due time: it never fires.
    auto check = call("/checkleak");
    QCOMPARE(check->response.status, 200);
    QCOMPARE(check->response.body, QByteArray("undefined"));
}

void TestNodeRuntime::timeoutWithAPendingTimer()
{
    auto answer = call("/sleepy");
    QCOMPARE(answer->response.status, 502);
    const QVariantMap error = answer->trace->note(QStringLiteral("functionError")).toMap();
    QCOMPARE(error.value(QStringLiteral("errorType")).toString(), QStringLiteral("Sandbox.Timedout"));
    QVERIFY(error.value(QStringLiteral("errorMessage")).toString().endsWith(
        QLatin1String("Task timed out after 1.00 seconds")));
    // Its 1.5 s timer went with it; the worker serves the next request and waits for its own.
    auto check = call("/checkleak");
    QCOMPARE(check->response.status, 200);
    QCOMPARE(check->response.body, QByteArray("undefined"));
    QCOMPARE(call("/sleep")->response.status, 200);
}

void TestNodeRuntime::errors_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<QString>("errorMessage");
    QTest::newRow("an exception in a timer") << QByteArray("/timerthrows") << "TypeError" << "late boom";
    QTest::newRow("setTimeout without a function") << QByteArray("/badtimer") << "TypeError"
        << R"(The "callback" argument must be of type function. Received type string (not a function))";
    // The engine's message, with the file and the line (the transpiler keeps lines).
    QTest::newRow("syntax error") << QByteArray("/syntaxline") << "Runtime.UserCodeSyntaxError"
                                  << "syntaxline.js:3)";
    QTest::newRow("top-level await rejected") << QByteArray("/tlafails") << "Error" << "no secret";
}

void TestNodeRuntime::errors()
{
    QFETCH(QByteArray, path);
    QFETCH(QString, errorMessage);
    auto answer = call(path);
    QCOMPARE(answer->response.status, 502);
    QCOMPARE(answer->response.body, QByteArray(R"({"message": "Internal server error"})"));
    const QVariantMap error = answer->trace->note(QStringLiteral("functionError")).toMap();
    QTEST(error.value(QStringLiteral("errorType")).toString(), "errorType");
    const QString message = error.value(QStringLiteral("errorMessage")).toString();
    QVERIFY2(message.contains(errorMessage), qPrintable(message));
    if (QByteArray(QTest::currentDataTag()) == "syntax error")
        QVERIFY2(message.startsWith(QLatin1String("SyntaxError: ")), qPrintable(message));
}

// Modules from the function's folder, loaded once per function version (the top level of
// lib/index.js ran once for two requests) and reloaded when one of them changes.
void TestNodeRuntime::relativeRequire()
{
    auto answer = call("/usesmodules");
    QCOMPARE(answer->response.status, 200);
    QCOMPARE(answer->response.body, QByteArray(R"(["hello, you",7,1,true])"));
    QCOMPARE(call("/usesmodules")->response.body, QByteArray(R"(["hello, you",7,1,true])"));
    write(QStringLiteral("lib/words.js"), "exports.hello = 'hi there';\n");
    QCOMPARE(call("/usesmodules")->response.body, QByteArray(R"(["hi there, you",7,2,true])"));

    const struct
    {
        const char *path;
        const char *type;
        const char *message;
    } failures[] = {
        {"/missingmodule", "Error", "Cannot find module './lib/nope'"},
        {"/outside", "Error", "Cannot find module '../outside'"},
        {"/badmodule", "Runtime.UserCodeSyntaxError", "lib/bad.js:2)"},
    };
    for (const auto &f : failures) {
        auto failed = call(f.path);
        QCOMPARE(failed->response.status, 502);
        const QVariantMap error = failed->trace->note(QStringLiteral("functionError")).toMap();
        QCOMPARE(error.value(QStringLiteral("errorType")).toString(), QLatin1String(f.type));
        QVERIFY2(error.value(QStringLiteral("errorMessage")).toString().contains(QLatin1String(f.message)),
                 qPrintable(error.value(QStringLiteral("errorMessage")).toString()));
    }
}

// Packages from node_modules, resolved as Node resolves them: "main", "exports" (the require
// condition), a subpath, a package's own node_modules, index.json; a missing one names where
// it was looked for. Gatehouse's own modules come first (the SDK stand-ins, crypto, uuid).
void TestNodeRuntime::packagesFromNodeModules()
{
    auto answer = call("/usespackages");
    QCOMPARE(answer->response.status, 200);
    QCOMPARE(answer->response.body,
             QByteArray(R"(["007","HELLO YOU!","extra",3,true,true,42,42,"sloppy","strict"])"));

    auto failed = call("/missingpackage");
    QCOMPARE(failed->response.status, 502);
    const QVariantMap error = failed->trace->note(QStringLiteral("functionError")).toMap();
    QCOMPARE(error.value(QStringLiteral("errorType")).toString(), QStringLiteral("Error"));
    QVERIFY2(error.value(QStringLiteral("errorMessage")).toString().startsWith(
                 QLatin1String("Cannot find module 'left-pad-nowhere': no such package in a node_modules folder")),
             qPrintable(error.value(QStringLiteral("errorMessage")).toString()));
}

void TestNodeRuntime::fetchOverHttp()
{
    EchoServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort());
    write(QStringLiteral("fetcher.json"),
          QJsonDocument(QJsonObject{{"environment", QJsonObject{{"ECHO_URL", base}}}}).toJson());
    auto answer = call("/fetcher");
    QVERIFY2(answer->response.status == 200,
             qPrintable(answer->trace->note(QStringLiteral("functionError")).toMap()
                            .value(QStringLiteral("errorMessage")).toString()));
    QCOMPARE(QJsonDocument::fromJson(answer->response.body),
             QJsonDocument::fromJson(R"([200,true,"application/json",)"
                                     "{\"method\":\"POST\",\"target\":\"/echo?x=1\",\"test\":\"yes\","
                                     "\"type\":\"text/plain;charset=UTF-8\",\"body\":\"{\\\"a\\\":1}\"},"
                                     R"(404,false,"status 404",true,true,"GET",["TypeError","fetch failed",true],"stop","TimeoutError",)"
                                     R"([["a","1, 3"],["b","2"]],201,{"k":"v"},"application/json",200,"",999,false,)"
                                     R"("a=1; Path=/, b=2; Path=/"])"));
}

void TestNodeRuntime::realPackages()
{
    const QString installed = QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/integration/js/node_modules");
    if (!QFileInfo::exists(installed + QStringLiteral("/@aws-sdk/util-dynamodb")))
        QSKIP("the npm packages of the real-client tests are not installed");
    const QString real = m_dir.filePath(QStringLiteral("functions/real"));
    QVERIFY(QDir().mkpath(real));
    QVERIFY(QFile::link(installed, real + QStringLiteral("/node_modules")));
    write(QStringLiteral("real/entry.js"), "module.exports = require('@aws-sdk/util-dynamodb');\n");
    auto answer = call("/realpackage");
    QVERIFY2(answer->response.status == 200,
             qPrintable(answer->trace->note(QStringLiteral("functionError")).toMap()
                            .value(QStringLiteral("errorMessage")).toString()));
    QCOMPARE(QJsonDocument::fromJson(answer->response.body),
             QJsonDocument::fromJson(R"([{"id":{"S":"a"},"n":{"N":"5"},"tags":{"SS":["x","y"]},)"
                                     R"("nested":{"M":{"l":{"L":[{"N":"1"},{"S":"two"},{"NULL":true},{"BOOL":true}]}}}},)"
                                     R"(5,["x","y"],{"l":[1,"two",null,true]}])"));
}

QTEST_GUILESS_MAIN(TestNodeRuntime)
#include "tst_noderuntime.moc"
