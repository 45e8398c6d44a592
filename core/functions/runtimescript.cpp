#include "runtimescript.h"

namespace Gatehouse::Functions {

extern const char kRuntimeHelpers[]; // runtimehelpers.cpp: part of the same function

namespace {

// Written for QJSEngine 6.4: no async functions, object spread or optional catch bindings here.
// `node` is what nodeGlobalsScript() returned: timers, process, Buffer. `compileModule` is
// native.compileModule called through a function of a non-strict script (see functionworker.cpp).
const char kRuntime[] = R"JS((function (global, native, node, compileModule) {
'use strict';
if (typeof global.globalThis === 'undefined')
    global.globalThis = global;

)JS";

// After the helpers (runtimehelpers.cpp): the runtime proper.
const char kRuntimeRest[] = R"JS(
// console: each line, formatted by util.format as Node formats it, goes to the request record.
function format(args) {
    if (node.modules && node.modules.util)
        return node.modules.util.format.apply(null, args);
    return args.map(String).join(' ');
}
function logger(level) {
    return function () { native.log(level, format(Array.prototype.slice.call(arguments))); };
}
global.console = {
    log: logger('INFO'), info: logger('INFO'), warn: logger('WARN'), error: logger('ERROR'),
    debug: logger('DEBUG'), trace: logger('TRACE')
};

// The tables client: DocumentClient's calls, plain JS values <-> DynamoDB JSON.
function DynamoSet(values, type) {
    this.values = Array.prototype.slice.call(values);
    this.type = type || (typeof this.values[0] === 'number' ? 'Number' : 'String');
    this.wrapperName = 'Set';
}
function marshal(v) {
    if (v === null || v === undefined)
        return { NULL: true };
    if (typeof v === 'string')
        return { S: v };
    if (typeof v === 'number')
        return { N: String(v) };
    if (typeof v === 'boolean')
        return { BOOL: v };
    if (v instanceof DynamoSet)
        return v.type === 'Number' ? { NS: v.values.map(String) } : { SS: v.values.slice() };
    if (Array.isArray(v))
        return { L: v.map(marshal) };
    return { M: marshalMap(v) };
}
function marshalMap(o) {
    var out = {};
    for (var k in o) {
        if (Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined)
            out[k] = marshal(o[k]);
    }
    return out;
}
function unmarshal(av) {
    if (av === null || typeof av !== 'object')
        return av;
    if ('S' in av) return av.S;
    if ('N' in av) return Number(av.N);
    if ('BOOL' in av) return av.BOOL;
    if ('NULL' in av) return null;
    if ('L' in av) return av.L.map(unmarshal);
    if ('M' in av) return unmarshalMap(av.M);
    if ('SS' in av) return new DynamoSet(av.SS, 'String');
    if ('NS' in av) return new DynamoSet(av.NS.map(Number), 'Number');
    if ('BS' in av) return new DynamoSet(av.BS, 'Binary');
    if ('B' in av) return av.B;
    return av;
}
function unmarshalMap(m) {
    var out = {};
    for (var k in m)
        out[k] = unmarshal(m[k]);
    return out;
}
// Members holding items or values, wherever they sit in a request or a response.
var itemKeys = { Item: 1, Key: 1, ExclusiveStartKey: 1, LastEvaluatedKey: 1, Attributes: 1 };
function convert(value, toDynamo) {
    if (Array.isArray(value))
        return value.map(function (v) { return convert(v, toDynamo); });
    if (value === null || typeof value !== 'object')
        return value;
    var out = {};
    for (var k in value) {
        var v = value[k];
        if (v === undefined)
            continue;
        if (itemKeys[k] || k === 'ExpressionAttributeValues')
            out[k] = toDynamo ? marshalMap(v) : unmarshalMap(v);
        else if ((k === 'Items' || k === 'Keys') && Array.isArray(v))
            out[k] = v.map(function (i) { return toDynamo ? marshalMap(i) : unmarshalMap(i); });
        else if (k === 'Responses' && !toDynamo && !Array.isArray(v)) {
            out[k] = {};
            for (var t in v)
                out[k][t] = v[t].map(unmarshalMap);
        } else
            out[k] = convert(v, toDynamo);
    }
    return out;
}
var pending = {};
var pendingCount = 0;
var nextCall = 1;
function dynamoError(name, message) {
    var e = new Error(message);
    e.name = name;
    e.code = name;
    e.statusCode = name === 'InternalServerError' ? 500 : 400;
    e.retryable = false;
    e.$fault = e.statusCode >= 500 ? 'server' : 'client';
    e.$metadata = { httpStatusCode: e.statusCode };
    return e;
}
function callTables(operation, params) {
    return new Promise(function (resolve, reject) {
        var id = nextCall++;
        pending[id] = { resolve: resolve, reject: reject };
        ++pendingCount;
        native.tables(operation, JSON.stringify(convert(params || {}, true)), id);
    });
}
function Request(operation, params, callback) {
    var started = null;
    this.promise = function () {
        if (!started)
            started = callTables(operation, params);
        return started;
    };
    this.then = function (a, b) { return this.promise().then(a, b); };
    this.catch = function (b) { return this.promise().then(undefined, b); };
    this.send = function (cb) {
        this.promise().then(function (r) { cb(null, r); }, function (e) { cb(e, null); });
    };
    if (typeof callback === 'function')
        this.send(callback);
}
// fetch (Node 18's global): the request goes out through the worker's network manager,
// counted like a tables call, so a callback's answer waits for it and a finished invocation
// drops it. The body is sent as bytes; redirects are followed; an answer with any HTTP status
// resolves, no answer at all rejects with a TypeError('fetch failed') whose cause says why, and
// an aborted signal rejects with its reason.
global.fetch = function (input, init) {
    return new Promise(function (resolve, reject) {
        init = init || {};
        var url = input instanceof URL ? input.href
                : input !== null && typeof input === 'object' && typeof input.url === 'string' ? input.url
                : String(input);
        var parsed;
        try {
            parsed = new URL(url);
        } catch (e) {
            throw new TypeError('Failed to parse URL from ' + url);
        }
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
            throw new TypeError('fetch failed: the ' + parsed.protocol + ' scheme is not supported');
        var request = input instanceof global.Request ? input : null; // not the tables client's Request
        var method = String(init.method || (request && request.method) || 'GET').toUpperCase();
        var headers = new Headers(init.headers || (request && request.headers));
        var body = init.body !== undefined ? init.body : request ? request.body : undefined;
        var signal = init.signal || (request && request.signal);
        if (signal && signal.aborted)
            throw signal.reason;
        var hasBody = body !== undefined && body !== null;
        if (hasBody && (method === 'GET' || method === 'HEAD'))
            throw new TypeError('Request with GET/HEAD method cannot have body.');
        if (hasBody && !headers.has('content-type')) {
            if (typeof body === 'string')
                headers.set('content-type', 'text/plain;charset=UTF-8');
            else if (body instanceof URLSearchParams)
                headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
        }
        var bytes = hasBody ? new Response(body)._bytes : null;
        var flat = {};
        headers.forEach(function (v, k) { flat[k] = v; });
        var id = nextCall++;
        pending[id] = { resolve: resolve, reject: reject, url: parsed.href };
        ++pendingCount;
        native.fetch(id, method, parsed.href, JSON.stringify(flat), hasBody, hasBody ? bytes.toString('base64') : '');
        if (signal) {
            signal.addEventListener('abort', function () {
                if (!pending[id])
                    return;
                delete pending[id];
                --pendingCount;
                native.fetchAbort(id);
                reject(signal.reason);
                node.idle();
            }, { once: true });
        }
    });
};

var operations = {
    get: 'GetItem', put: 'PutItem', update: 'UpdateItem', delete: 'DeleteItem', query: 'Query',
    scan: 'Scan', batchGet: 'BatchGetItem', batchWrite: 'BatchWriteItem',
    transactWrite: 'TransactWriteItems', transactGet: 'TransactGetItems'
};
function DocumentClient() {}
Object.keys(operations).forEach(function (method) {
    DocumentClient.prototype[method] = function (params, callback) {
        return new Request(operations[method], params, callback);
    };
});
DocumentClient.prototype.createSet = function (list) { return new DynamoSet(list); };

// @aws-sdk/lib-dynamodb: client.send(new GetCommand(input)).
var v3 = {};
var commandNames = {
    GetCommand: 'GetItem', PutCommand: 'PutItem', UpdateCommand: 'UpdateItem',
    DeleteCommand: 'DeleteItem', QueryCommand: 'Query', ScanCommand: 'Scan',
    BatchGetCommand: 'BatchGetItem', BatchWriteCommand: 'BatchWriteItem',
    TransactWriteCommand: 'TransactWriteItems', TransactGetCommand: 'TransactGetItems'
};
Object.keys(commandNames).forEach(function (name) {
    v3[name] = function (input) { this.input = input; this.operation = commandNames[name]; };
});
function DocumentClientV3() {}
DocumentClientV3.prototype.send = function (command) {
    return callTables(command.operation, command.input).then(function (out) {
        out.$metadata = { httpStatusCode: 200 };
        return out;
    });
};
DocumentClientV3.prototype.destroy = function () {};
v3.DynamoDBDocumentClient = DocumentClientV3;
v3.DynamoDBDocumentClient.from = function () { return new DocumentClientV3(); };
v3.DynamoDBDocument = v3.DynamoDBDocumentClient;
// paginateQuery / paginateScan(config, input): the pages, as an async iterable (for await),
// following LastEvaluatedKey; config.pageSize sets Limit, config.startingToken the first key.
function paginator(operation) {
    return function (config, input) {
        var token = config && config.startingToken;
        var done = false;
        var pages = {
            next: function () {
                if (done)
                    return Promise.resolve({ done: true, value: undefined });
                var params = Object.assign({}, input);
                if (token)
                    params.ExclusiveStartKey = token;
                if (config && config.pageSize)
                    params.Limit = config.pageSize;
                return callTables(operation, params).then(function (page) {
                    page.$metadata = { httpStatusCode: 200 };
                    token = page.LastEvaluatedKey;
                    done = !token;
                    return { done: false, value: page };
                });
            },
            'return': function () {
                done = true;
                return Promise.resolve({ done: true, value: undefined });
            }
        };
        pages[Symbol.asyncIterator] = function () { return pages; };
        return pages;
    };
}
v3.paginateQuery = paginator('Query');
v3.paginateScan = paginator('Scan');
function DynamoDBClient() {}
DynamoDBClient.prototype.destroy = function () {};

var tables = new DocumentClient();
var modules = {
    gatehouse: { tables: tables, DocumentClient: DocumentClient, createSet: tables.createSet },
    'aws-sdk': { DynamoDB: { DocumentClient: DocumentClient } },
    '@aws-sdk/lib-dynamodb': v3,
    '@aws-sdk/client-dynamodb': { DynamoDBClient: DynamoDBClient },
    // The uuid package's common calls.
    uuid: {
        v4: node.crypto.randomUUID,
        validate: function (s) { return typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(s); },
        NIL: '00000000-0000-0000-0000-000000000000'
    }
};
var builtins = {
    buffer: node.buffer,
    timers: {
        setTimeout: global.setTimeout, clearTimeout: global.clearTimeout,
        setInterval: global.setInterval, clearInterval: global.clearInterval,
        setImmediate: global.setImmediate, clearImmediate: global.clearImmediate
    },
    'timers/promises': {
        setTimeout: function (ms, value) {
            return new Promise(function (resolve) { global.setTimeout(resolve, ms, value); });
        },
        setImmediate: function (value) {
            return new Promise(function (resolve) { global.setImmediate(resolve, value); });
        }
    },
    process: global.process,
    crypto: node.crypto
};
Object.keys(node.modules || {}).forEach(function (name) { builtins[name] = node.modules[name]; });
// Node's own modules, of which Gatehouse provides the ones in `builtins`.
var nodeBuiltins = ['assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console',
    'constants', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'domain', 'events', 'fs',
    'fs/promises', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path',
    'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream',
    'stream/promises', 'string_decoder', 'sys', 'timers', 'timers/promises', 'tls',
    'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib'];
function provided(name) {
    return Object.prototype.hasOwnProperty.call(modules, name) ||
        Object.prototype.hasOwnProperty.call(builtins, String(name).replace(/^node:/, ''));
}
function require(name) {
    if (Object.prototype.hasOwnProperty.call(modules, name))
        return modules[name];
    var bare = String(name).replace(/^node:/, '');
    if (Object.prototype.hasOwnProperty.call(builtins, bare))
        return builtins[bare];
    var e = new Error("Cannot find module '" + name + "': " +
        (nodeBuiltins.indexOf(bare) >= 0 || String(name).indexOf('node:') === 0
            ? "this Node.js built-in module is not available to Gatehouse functions"
            : "no such package in a node_modules folder of the functions folder, and not one of the modules Gatehouse provides") +
        " (Gatehouse provides: " + Object.keys(modules).concat(Object.keys(builtins)).join(', ') + ")");
    e.code = 'MODULE_NOT_FOUND';
    throw e;
}

// require('./lib/x') from a function's folder: CommonJS modules, one registry per loaded
// handler (a Lambda function has its own process), files resolved and compiled by the worker.
function makeRequire(dirname, registry) {
    function localRequire(name) {
        var text = String(name);
        var found;
        if (text.charAt(0) !== '.' && text.charAt(0) !== '/') {
            // Node's own modules and the SDK stand-ins first, then packages in node_modules.
            if (provided(text) || text.indexOf('node:') === 0)
                return require(name);
            found = native.resolvePackage(dirname, text);
            if (found.error)
                return require(name);
        } else {
            found = native.resolveModule(dirname, text);
        }
        if (found.error) {
            var notFound = new Error(found.error);
            notFound.code = 'MODULE_NOT_FOUND';
            throw notFound;
        }
        var cached = registry[found.path];
        if (cached)
            return cached.exports;
        var compiled = compileModule(native, found.path);
        if (compiled.error) {
            var e = compiled.syntax ? new SyntaxError(compiled.error) : new Error(compiled.error);
            throw e;
        }
        var module = { exports: {}, filename: found.path, id: found.path, path: found.dirname,
                       loaded: false, children: [] };
        registry[found.path] = module; // a cycle sees the exports so far, as in Node
        try {
            if (compiled.wrapper)
                compiled.wrapper.call(module.exports, module.exports,
                                      makeRequire(found.dirname, registry), module, found.path, found.dirname);
            else
                module.exports = JSON.parse(compiled.json);
        } catch (error) {
            delete registry[found.path];
            if (!compiled.wrapper && error instanceof SyntaxError)
                error.message = found.path + ': ' + error.message;
            throw error;
        }
        module.loaded = true;
        return module.exports;
    }
    localRequire.cache = registry;
    localRequire.resolve = function (name) {
        var text = String(name);
        var bare = text.charAt(0) !== '.' && text.charAt(0) !== '/';
        if (bare && (provided(text) || text.indexOf('node:') === 0))
            return text;
        var found = bare ? native.resolvePackage(dirname, text) : native.resolveModule(dirname, text);
        if (found.error) {
            var e = new Error(found.error);
            e.code = 'MODULE_NOT_FOUND';
            throw e;
        }
        return found.path;
    };
    return localRequire;
}

// The Lambda context object: fields of its own (as JSON.stringify(context) shows them on
// Lambda), methods shared through the prototype.
function Context(info, requestId, deadline, finish) {
    this.callbackWaitsForEmptyEventLoop = true;
    this.functionVersion = info.functionVersion;
    this.functionName = info.functionName;
    this.memoryLimitInMB = info.memoryLimitInMB;
    this.logGroupName = info.logGroupName;
    this.logStreamName = info.logStreamName;
    this.invokedFunctionArn = info.invokedFunctionArn;
    this.awsRequestId = requestId;
    Object.defineProperty(this, '_deadline', { value: deadline });
    Object.defineProperty(this, '_finish', { value: finish });
}
Context.prototype.getRemainingTimeInMillis = function () { return Math.max(0, this._deadline - Date.now()); };
Context.prototype.done = function (e, r) { this._finish(e, r); };
Context.prototype.succeed = function (r) { this._finish(null, r); };
Context.prototype.fail = function (e) { this._finish(e === undefined || e === null ? new Error('fail') : e); };

function errorInfo(e) {
    if (e instanceof Error) {
        var stack = typeof e.stack === 'string' ? e.stack.split('\n').filter(function (l) { return l; }) : [];
        return { errorType: e.name || 'Error', errorMessage: String(e.message), trace: stack };
    }
    var text = String(e);
    try {
        text = typeof e === 'string' ? e : JSON.stringify(e) || text; // as Lambda shows a thrown object
    } catch (x) {
    }
    return { errorType: typeof e === 'string' ? 'string' : typeof e, errorMessage: text, trace: [] };
}

var PENDING = {};
var initialisations = []; // top-level awaits of the modules loaded during this invocation
return {
    PENDING: PENDING,
    // The module's exports: the file's source wrapped in a function by the worker.
    load: function (wrapper, filename, dirname, env) {
        global.process.env = env;
        var module = { exports: {}, filename: filename, id: filename, loaded: false };
        var registry = {};
        registry[filename] = module;
        wrapper.call(module.exports, module.exports, makeRequire(dirname, registry), module, filename, dirname);
        module.loaded = true;
        var initialising = module.exports.__gatehouseTopLevelAwait;
        if (!initialising)
            return module.exports;
        // An ES module with top-level await: its exports exist once its body has finished, so
        // a handler asked for waits for that first (the invocation fails if it failed); after
        // that it is called as it is. A callback-style handler answers through its callback.
        var state = { settled: false };
        initialisations.push(state);
        initialising.then(function () { state.settled = true; }, function () { state.settled = true; });
        function handlerOf(name) {
            var handler = module.exports[name];
            if (typeof handler !== 'function') {
                var e = new Error(filename.replace(/^.*\//, '').replace(/\.[^.]*$/, '') + '.' + String(name) +
                                  ' is undefined or not exported');
                e.name = 'Runtime.HandlerNotFound';
                throw e;
            }
            return handler;
        }
        return new Proxy({}, {
            get: function (target, name) {
                return function (event, context, callback) {
                    if (state.settled && typeof module.exports[name] === 'function')
                        return module.exports[name](event, context, callback);
                    return initialising.then(function () {
                        var handler = handlerOf(name);
                        var r = handler(event, context, callback);
                        return r === undefined && handler.length >= 3 ? new Promise(function () {}) : r;
                    });
                };
            }
        });
    },
    // A direct result, or PENDING when the answer comes through native.done (a Promise, the
    // callback, context.succeed/fail/done, or a thrown error).
    invoke: function (handler, event, seq, info, requestId, deadline, env) {
        global.process.env = env;
        var settled = false;
        function finish(error, result) {
            if (settled)
                return;
            settled = true;
            native.done(seq, error === null || error === undefined ? null : errorInfo(error),
                        result === undefined ? null : result);
        }
        var context = new Context(info, requestId, deadline, finish);
        // The callback answers when nothing is pending any more, unless the handler says
        // otherwise (Lambda's callbackWaitsForEmptyEventLoop).
        var called = false;
        function callback(error, result) {
            if (settled || called)
                return;
            called = true;
            if (context.callbackWaitsForEmptyEventLoop === false)
                return finish(error, result);
            node.whenIdle(function () { return pendingCount; }, function () { finish(error, result); });
        }
        var r;
        try {
            r = handler(event, context, callback);
        } catch (e) {
            finish(e === null || e === undefined ? new Error(String(e)) : e);
            return PENDING;
        }
        if (settled)
            return PENDING;
        if (r !== null && r !== undefined && typeof r.then === 'function') {
            r.then(function (v) { finish(null, v); },
                   function (e) { finish(e === null || e === undefined ? new Error('Promise rejected with ' + e) : e); });
            return PENDING;
        }
        if (r === undefined && handler.length >= 3)
            return PENDING; // the callback answers
        settled = true;
        return r === undefined ? null : r;
    },
    // A table engine answer for tables call `id`.
    reply: function (id, errorName, errorMessage, json) {
        var p = pending[id];
        delete pending[id];
        if (!p)
            return;
        --pendingCount;
        if (errorName)
            p.reject(dynamoError(errorName, errorMessage));
        else
            p.resolve(convert(JSON.parse(json), false));
        node.idle();
    },
    // The answer to fetch call `id`: an HTTP answer, or `error` when there was none.
    fetchReply: function (id, status, statusText, headersJson, bodyBase64, error, finalUrl) {
        var p = pending[id];
        delete pending[id];
        if (!p)
            return;
        --pendingCount;
        if (error !== undefined && error !== null) {
            var e = new TypeError('fetch failed');
            e.cause = new Error(error);
            p.reject(e);
        } else {
            var r = new Response(null, { status: status < 200 || status > 599 ? 200 : status, statusText: statusText,
                                         headers: JSON.parse(headersJson), url: finalUrl,
                                         redirected: finalUrl !== p.url });
            r.status = status;
            r.ok = status >= 200 && status < 300;
            r._bytes = Buffer.from(bodyBase64, 'base64');
            p.resolve(r);
        }
        node.idle();
    },
    // Calls and timers a timed-out or finished invocation left behind are dropped.
    // Returns whether a module's top-level await was still waiting (its init is lost).
    reset: function () {
        pending = {};
        pendingCount = 0;
        restComputed = [];
        node.clear();
        var lost = initialisations.some(function (s) { return !s.settled; });
        initialisations = [];
        return lost;
    },
    fire: node.fire,
    // Whether an invocation left anything behind for reset().
    leftBehind: function () { return pendingCount + node.busy(); }
};
}))JS";

} // namespace

QString runtimeScript()
{
    return QString::fromUtf8(kRuntime) + QString::fromUtf8(kRuntimeHelpers) + QString::fromUtf8(kRuntimeRest);
}

} // namespace Gatehouse::Functions
