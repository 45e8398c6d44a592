#include "runtimescript.h"

namespace Gatehouse::Functions {

extern const char kNodeFs[]; // nodefs.cpp: the `fs` part, inside the same function

namespace {

// Written for QJSEngine 6.4 like runtimescript.cpp. The pure-JavaScript parts of Node's own
// modules that handlers and packages require most: path (POSIX), util, events, assert,
// querystring, url (over the URL globals of webapis.cpp), os (a Lambda-like host) and fs
// (synchronous, promise and callback forms over native.fs).
const char kNodeModules[] = R"JS((function (global, node, native) {
'use strict';

function typeError(code, message) {
    var e = new TypeError(message);
    e.code = code;
    return e;
}
var argumentError = node.argumentError;
function checkString(value, name) {
    if (typeof value !== 'string')
        throw argumentError(name, 'of type string', value);
}

// path: POSIX, with /var/task (a Lambda function's folder) as the working directory.
var path = {};
path.sep = '/';
path.delimiter = ':';
function normalizeSegments(parts, absolute) {
    var out = [];
    for (var i = 0; i < parts.length; ++i) {
        var p = parts[i];
        if (p === '' || p === '.')
            continue;
        if (p === '..') {
            if (out.length && out[out.length - 1] !== '..')
                out.pop();
            else if (!absolute)
                out.push('..');
        } else {
            out.push(p);
        }
    }
    return out;
}
path.normalize = function (p) {
    checkString(p, 'path');
    if (p === '')
        return '.';
    var absolute = p.charAt(0) === '/';
    var trailing = p.charAt(p.length - 1) === '/';
    var out = normalizeSegments(p.split('/'), absolute).join('/');
    if (out === '' && !absolute)
        out = '.';
    if (out !== '' && trailing)
        out += '/';
    return (absolute ? '/' : '') + out;
};
path.isAbsolute = function (p) { checkString(p, 'path'); return p.charAt(0) === '/'; };
path.join = function () {
    var parts = [];
    for (var i = 0; i < arguments.length; ++i) {
        checkString(arguments[i], 'path');
        if (arguments[i] !== '')
            parts.push(arguments[i]);
    }
    return parts.length ? path.normalize(parts.join('/')) : '.';
};
path.resolve = function () {
    var resolved = '';
    for (var i = arguments.length - 1; i >= -1 && resolved.charAt(0) !== '/'; --i) {
        var p = i >= 0 ? arguments[i] : global.process.cwd();
        checkString(p, 'path');
        if (p !== '')
            resolved = p + (resolved ? '/' + resolved : '');
    }
    var out = '/' + normalizeSegments(resolved.split('/'), true).join('/');
    return out;
};
path.relative = function (from, to) {
    var a = path.resolve(from).split('/').filter(Boolean);
    var b = path.resolve(to).split('/').filter(Boolean);
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i])
        ++i;
    var up = [];
    for (var k = i; k < a.length; ++k)
        up.push('..');
    return up.concat(b.slice(i)).join('/');
};
path.dirname = function (p) {
    checkString(p, 'path');
    if (p === '')
        return '.';
    var end = p.length;
    while (end > 1 && p.charAt(end - 1) === '/')
        --end;
    var slash = p.lastIndexOf('/', end - 1);
    if (slash < 0)
        return '.';
    if (slash === 0)
        return '/';
    var dir = p.slice(0, slash);
    while (dir.length > 1 && dir.charAt(dir.length - 1) === '/')
        dir = dir.slice(0, -1);
    return dir;
};
path.basename = function (p, ext) {
    checkString(p, 'path');
    var end = p.length;
    while (end > 0 && p.charAt(end - 1) === '/')
        --end;
    var base = p.slice(p.lastIndexOf('/', end - 1) + 1, end);
    if (ext !== undefined && base !== ext && base.slice(-ext.length) === ext)
        base = base.slice(0, base.length - ext.length);
    return base;
};
path.extname = function (p) {
    var base = path.basename(p);
    var dot = base.lastIndexOf('.');
    return dot <= 0 ? '' : base.slice(dot);
};
path.parse = function (p) {
    checkString(p, 'path');
    var root = p.charAt(0) === '/' ? '/' : '';
    var base = path.basename(p);
    var ext = path.extname(p);
    var dir = path.dirname(p);
    if (dir === '.' && p.indexOf('/') < 0)
        dir = '';
    return { root: root, dir: dir, base: base, ext: ext, name: ext ? base.slice(0, -ext.length) : base };
};
path.format = function (o) {
    var base = o.base || ((o.name || '') + (o.ext || ''));
    var dir = o.dir || o.root || '';
    return dir ? (dir === o.root ? dir + base : dir + '/' + base) : base;
};
path.toNamespacedPath = function (p) { return p; };
path.posix = path;

// util
var util = {};
// Object.keys without reading the values: Qt 6.4's Object.keys calls getters on the way.
function enumerableKeys(o) {
    return Object.getOwnPropertyNames(o).filter(function (k) {
        return Object.prototype.propertyIsEnumerable.call(o, k);
    });
}
var inspectCustom = Symbol.for('nodejs.util.inspect.custom');
function inspectValue(value, depth, seen) {
    switch (typeof value) {
    case 'string':
        return depth === 0 ? value : "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
    case 'number':
        return Object.is(value, -0) ? '-0' : String(value);
    case 'undefined':
    case 'boolean':
        return String(value);
    case 'symbol':
        return value.toString();
    case 'function':
        return '[Function: ' + (value.name || '(anonymous)') + ']';
    }
    if (value === null)
        return 'null';
    if (typeof value[inspectCustom] === 'function')
        return String(value[inspectCustom](2 - depth, {}));
    if (seen.indexOf(value) >= 0)
        return '[Circular *1]';
    if (value instanceof Date)
        return isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (value instanceof RegExp)
        return String(value);
    if (value instanceof Error) // the engine's stack has the frames only
        return value.name + ': ' + value.message + (value.stack ? '\n' + value.stack : '');
    var nested = depth + 1;
    if (nested > 4) // Node's default depth: two levels inside the value
        return Array.isArray(value) ? '[Array]' : '[Object]';
    seen = seen.concat([value]);
    if (Array.isArray(value)) {
        if (value.length === 0)
            return '[]';
        return '[ ' + value.map(function (v) { return inspectValue(v, nested, seen); }).join(', ') + ' ]';
    }
    if (value instanceof Map) {
        var m = [];
        value.forEach(function (v, k) { m.push(inspectValue(k, nested, seen) + ' => ' + inspectValue(v, nested, seen)); });
        return 'Map(' + value.size + ') {' + (m.length ? ' ' + m.join(', ') + ' ' : '') + '}';
    }
    if (value instanceof Set) {
        var s = [];
        value.forEach(function (v) { s.push(inspectValue(v, nested, seen)); });
        return 'Set(' + value.size + ') {' + (s.length ? ' ' + s.join(', ') + ' ' : '') + '}';
    }
    var keys = enumerableKeys(value);
    var proto = Object.getPrototypeOf(value);
    var name = proto && proto.constructor && proto.constructor.name;
    var prefix = proto === null ? '[Object: null prototype] ' : (name && name !== 'Object' ? name + ' ' : '');
    if (keys.length === 0)
        return prefix + '{}';
    return prefix + '{ ' + keys.map(function (k) {
        var key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : "'" + k + "'";
        var d = Object.getOwnPropertyDescriptor(value, k);
        if (d && (d.get || d.set)) // as Node shows accessors: never called
            return key + ': ' + (d.get && d.set ? '[Getter/Setter]' : d.get ? '[Getter]' : '[Setter]');
        return key + ': ' + inspectValue(value[k], nested, seen);
    }).join(', ') + ' }';
}
util.inspect = function (value) { return inspectValue(value, 1, []); };
util.inspect.custom = inspectCustom;
util.format = function (format) {
    var args = Array.prototype.slice.call(arguments, 1);
    var out;
    if (typeof format !== 'string') {
        args.unshift(format);
        out = '';
    } else {
        out = format.replace(/%[sdifjoOc%]/g, function (spec) {
            if (spec === '%%')
                return '%';
            if (args.length === 0)
                return spec;
            var v = args.shift();
            switch (spec) {
            case '%s': return typeof v === 'string' ? v : typeof v === 'object' && v !== null ? inspectValue(v, 2, []) : String(v);
            case '%d': return typeof v === 'object' && v !== null ? 'NaN' : String(Number(v));
            case '%i': return String(parseInt(v, 10));
            case '%f': return String(parseFloat(v));
            case '%j': try { return JSON.stringify(v); } catch (e) { return '[Circular]'; }
            case '%c': return '';
            default: return inspectValue(v, 1, []);
            }
        });
    }
    for (var i = 0; i < args.length; ++i)
        out += (out === '' && i === 0 ? '' : ' ') + (typeof args[i] === 'string' ? args[i] : inspectValue(args[i], 1, []));
    return out;
};
util.inherits = function (ctor, superCtor) {
    Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
};
var promisifyCustom = Symbol.for('nodejs.util.promisify.custom');
util.promisify = function (original) {
    if (typeof original !== 'function')
        throw argumentError('original', 'of type function', original);
    if (typeof original[promisifyCustom] === 'function')
        return original[promisifyCustom];
    function promisified() {
        var self = this;
        var args = Array.prototype.slice.call(arguments);
        return new Promise(function (resolve, reject) {
            args.push(function (err, value) {
                if (err)
                    reject(err);
                else
                    resolve(value);
            });
            original.apply(self, args);
        });
    }
    Object.setPrototypeOf(promisified, Object.getPrototypeOf(original));
    return Object.defineProperties(promisified, Object.getOwnPropertyDescriptors(original));
};
util.promisify.custom = promisifyCustom;
util.callbackify = function (original) {
    return function () {
        var args = Array.prototype.slice.call(arguments);
        var callback = args.pop();
        original.apply(this, args).then(function (v) { global.process.nextTick(callback, null, v); },
                                        function (e) { global.process.nextTick(callback, e || new Error(String(e))); });
    };
};
var warned = {};
util.deprecate = function (fn, message, code) {
    return function () {
        var key = code || message;
        if (!warned[key]) {
            warned[key] = true;
            console.warn('DeprecationWarning: ' + message);
        }
        return fn.apply(this, arguments);
    };
};
function deepEqual(a, b, strict, seen) {
    if (strict ? Object.is(a, b) : (a == b || (a !== a && b !== b)))
        return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
        return false;
    if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b))
        return false;
    if (a instanceof Date && b instanceof Date)
        return a.getTime() === b.getTime();
    if (a instanceof RegExp && b instanceof RegExp)
        return String(a) === String(b);
    if (Array.isArray(a) !== Array.isArray(b))
        return false;
    for (var i = 0; i < seen.length; ++i) {
        if (seen[i][0] === a && seen[i][1] === b)
            return true;
    }
    seen = seen.concat([[a, b]]);
    if (a instanceof Error && b instanceof Error && (a.name !== b.name || a.message !== b.message))
        return false;
    if (a instanceof Number || a instanceof String || a instanceof Boolean) {
        if (!(b instanceof a.constructor) || !Object.is(a.valueOf(), b.valueOf()))
            return false;
    }
    // Sets and Maps in any order: each entry of one matches an entry of the other.
    if (a instanceof Set || a instanceof Map) {
        if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || a.size !== b.size)
            return false;
        var rest = Array.from(b);
        return Array.from(a).every(function (entry) {
            for (var r = 0; r < rest.length; ++r) {
                if (deepEqual(entry, rest[r], strict, seen)) {
                    rest.splice(r, 1);
                    return true;
                }
            }
            return false;
        });
    }
    var ka = enumerableKeys(a), kb = enumerableKeys(b);
    if (ka.length !== kb.length)
        return false;
    for (var k = 0; k < ka.length; ++k) {
        if (!Object.prototype.hasOwnProperty.call(b, ka[k]) || !deepEqual(a[ka[k]], b[ka[k]], strict, seen))
            return false;
    }
    return true;
}
util.isDeepStrictEqual = function (a, b) { return deepEqual(a, b, true, []); };
util.types = {
    isPromise: function (v) { return v instanceof Promise; },
    isDate: function (v) { return v instanceof Date; },
    isRegExp: function (v) { return v instanceof RegExp; },
    isMap: function (v) { return v instanceof Map; },
    isSet: function (v) { return v instanceof Set; },
    isNativeError: function (v) { return v instanceof Error; },
    isUint8Array: function (v) { return v instanceof Uint8Array; },
    isArrayBuffer: function (v) { return v instanceof ArrayBuffer; },
    isAsyncFunction: function () { return false; }
};
util.isArray = Array.isArray;
util.TextEncoder = global.TextEncoder;
util.TextDecoder = global.TextDecoder;

// events
function EventEmitter() {
    EventEmitter.init.call(this);
}
EventEmitter.defaultMaxListeners = 10;
EventEmitter.init = function () {
    if (!this._events || this._events === Object.getPrototypeOf(this)._events) {
        this._events = Object.create(null);
        this._eventsCount = 0;
    }
    this._maxListeners = this._maxListeners || undefined;
};
function addListener(target, type, listener, prepend) {
    if (typeof listener !== 'function')
        throw argumentError('listener', 'of type function', listener);
    if (!target._events)
        EventEmitter.init.call(target);
    if (target._events.newListener !== undefined)
        target.emit('newListener', type, listener.listener ? listener.listener : listener);
    var list = target._events[type];
    if (!list) {
        target._events[type] = [listener];
        ++target._eventsCount;
    } else if (prepend) {
        list.unshift(listener);
    } else {
        list.push(listener);
    }
    return target;
}
function onceWrapper(target, type, listener) {
    var fired = false;
    function wrapped() {
        if (fired)
            return undefined;
        fired = true;
        target.removeListener(type, wrapped);
        return listener.apply(target, arguments);
    }
    wrapped.listener = listener;
    return wrapped;
}
EventEmitter.prototype.setMaxListeners = function (n) { this._maxListeners = n; return this; };
EventEmitter.prototype.getMaxListeners = function () {
    return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners;
};
EventEmitter.prototype.on = EventEmitter.prototype.addListener = function (type, listener) {
    return addListener(this, type, listener, false);
};
EventEmitter.prototype.prependListener = function (type, listener) { return addListener(this, type, listener, true); };
EventEmitter.prototype.once = function (type, listener) {
    return addListener(this, type, onceWrapper(this, type, listener), false);
};
EventEmitter.prototype.prependOnceListener = function (type, listener) {
    return addListener(this, type, onceWrapper(this, type, listener), true);
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener = function (type, listener) {
    var list = this._events && this._events[type];
    if (!list)
        return this;
    for (var i = list.length - 1; i >= 0; --i) {
        if (list[i] === listener || list[i].listener === listener) {
            list.splice(i, 1);
            if (list.length === 0) {
                delete this._events[type];
                --this._eventsCount;
            }
            if (this._events.removeListener !== undefined)
                this.emit('removeListener', type, listener);
            break;
        }
    }
    return this;
};
EventEmitter.prototype.removeAllListeners = function (type) {
    if (!this._events)
        return this;
    if (type === undefined) {
        this._events = Object.create(null);
        this._eventsCount = 0;
    } else if (this._events[type]) {
        delete this._events[type];
        --this._eventsCount;
    }
    return this;
};
EventEmitter.prototype.emit = function (type) {
    var list = this._events && this._events[type];
    var args = Array.prototype.slice.call(arguments, 1);
    if (!list || list.length === 0) {
        if (type === 'error') {
            var err = args[0];
            if (err instanceof Error)
                throw err;
            var e = new Error('Unhandled error. (' + inspectValue(err, 1, []) + ')');
            e.code = 'ERR_UNHANDLED_ERROR';
            e.context = err;
            throw e;
        }
        return false;
    }
    list = list.slice();
    for (var i = 0; i < list.length; ++i)
        list[i].apply(this, args);
    return true;
};
EventEmitter.prototype.listeners = function (type) {
    var list = (this._events && this._events[type]) || [];
    return list.map(function (l) { return l.listener || l; });
};
EventEmitter.prototype.rawListeners = function (type) {
    return ((this._events && this._events[type]) || []).slice();
};
EventEmitter.prototype.listenerCount = function (type) {
    var list = this._events && this._events[type];
    return list ? list.length : 0;
};
EventEmitter.prototype.eventNames = function () {
    return this._events ? Reflect.ownKeys(this._events) : [];
};
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.once = function (emitter, type) {
    return new Promise(function (resolve, reject) {
        function onError(err) {
            emitter.removeListener(type, onEvent);
            reject(err);
        }
        function onEvent() {
            if (type !== 'error')
                emitter.removeListener('error', onError);
            resolve(Array.prototype.slice.call(arguments));
        }
        emitter.once(type, onEvent);
        if (type !== 'error')
            emitter.once('error', onError);
    });
};
EventEmitter.listenerCount = function (emitter, type) { return emitter.listenerCount(type); };

// assert
function AssertionError(options) {
    var message = options.message !== undefined ? String(options.message)
        : inspectValue(options.actual, 1, []) + ' ' + options.operator + ' ' + inspectValue(options.expected, 1, []);
    var e = new Error(message);
    Object.setPrototypeOf(e, AssertionError.prototype);
    e.name = 'AssertionError';
    e.code = 'ERR_ASSERTION';
    e.actual = options.actual;
    e.expected = options.expected;
    e.operator = options.operator;
    e.generatedMessage = options.message === undefined;
    return e;
}
AssertionError.prototype = Object.create(Error.prototype);
AssertionError.prototype.constructor = AssertionError;
function fail(actual, expected, message, operator) {
    if (message instanceof Error)
        throw message;
    throw new AssertionError({ actual: actual, expected: expected, message: message, operator: operator });
}
function assert(value, message) {
    if (!value)
        fail(value, true, message === undefined ? 'The expression evaluated to a falsy value' : message, '==');
}
assert.ok = assert;
assert.AssertionError = AssertionError;
assert.fail = function (message) { fail(undefined, undefined, message === undefined ? 'Failed' : message, 'fail'); };
assert.equal = function (a, b, m) { if (!(a == b || (a !== a && b !== b))) fail(a, b, m, '=='); };
assert.notEqual = function (a, b, m) { if (a == b || (a !== a && b !== b)) fail(a, b, m, '!='); };
assert.strictEqual = function (a, b, m) { if (!Object.is(a, b)) fail(a, b, m, 'strictEqual'); };
assert.notStrictEqual = function (a, b, m) { if (Object.is(a, b)) fail(a, b, m, 'notStrictEqual'); };
assert.deepEqual = function (a, b, m) { if (!deepEqual(a, b, false, [])) fail(a, b, m, 'deepEqual'); };
assert.deepStrictEqual = function (a, b, m) { if (!deepEqual(a, b, true, [])) fail(a, b, m, 'deepStrictEqual'); };
assert.notDeepEqual = function (a, b, m) { if (deepEqual(a, b, false, [])) fail(a, b, m, 'notDeepEqual'); };
assert.notDeepStrictEqual = function (a, b, m) { if (deepEqual(a, b, true, [])) fail(a, b, m, 'notDeepStrictEqual'); };
function matches(error, expected) {
    if (expected === undefined)
        return true;
    if (typeof expected === 'function') {
        if (expected.prototype !== undefined && error instanceof expected)
            return true;
        if (Error.isPrototypeOf(expected) || expected === Error)
            return false;
        return expected.call({}, error) === true;
    }
    if (expected instanceof RegExp)
        return expected.test(String(error));
    return Object.keys(expected).every(function (k) {
        return expected[k] instanceof RegExp && typeof error[k] === 'string' ? expected[k].test(error[k])
                                                                              : deepEqual(error[k], expected[k], true, []);
    });
}
assert.throws = function (fn, expected, message) {
    if (typeof expected === 'string') {
        message = expected;
        expected = undefined;
    }
    try {
        fn();
    } catch (e) {
        if (!matches(e, expected))
            throw e;
        return;
    }
    fail(undefined, expected, message === undefined ? 'Missing expected exception.' : message, 'throws');
};
assert.doesNotThrow = function (fn, message) {
    try {
        fn();
    } catch (e) {
        fail(e, undefined, message === undefined ? 'Got unwanted exception.\nActual message: "' + e.message + '"' : message, 'doesNotThrow');
    }
};
assert.rejects = function (promiseOrFn, expected, message) {
    return Promise.resolve().then(function () {
        return typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn;
    }).then(function () {
        fail(undefined, expected, message === undefined ? 'Missing expected rejection.' : message, 'rejects');
    }, function (e) {
        if (!matches(e, expected))
            throw e;
    });
};
assert.match = function (s, re, m) { if (!re.test(s)) fail(s, re, m, 'match'); };
assert.ifError = function (v) { if (v !== null && v !== undefined) throw v; };
assert.strict = Object.assign(function (v, m) { assert(v, m); }, assert, {
    equal: assert.strictEqual, notEqual: assert.notStrictEqual,
    deepEqual: assert.deepStrictEqual, notDeepEqual: assert.notDeepStrictEqual
});
assert.strict.strict = assert.strict;

// querystring
var querystring = {};
querystring.escape = function (s) { return encodeURIComponent(s); };
querystring.unescape = function (s) {
    try {
        return decodeURIComponent(s);
    } catch (e) {
        return s;
    }
};
function qsValue(v) {
    switch (typeof v) {
    case 'string': return v;
    case 'number': return isFinite(v) ? String(v) : '';
    case 'boolean': return v ? 'true' : 'false';
    default: return '';
    }
}
querystring.stringify = querystring.encode = function (obj, sep, eq) {
    sep = sep || '&';
    eq = eq || '=';
    if (obj === null || typeof obj !== 'object')
        return '';
    return Object.keys(obj).map(function (k) {
        var key = querystring.escape(qsValue(k));
        var v = obj[k];
        if (Array.isArray(v))
            return v.map(function (x) { return key + eq + querystring.escape(qsValue(x)); }).join(sep);
        return key + eq + querystring.escape(qsValue(v));
    }).filter(Boolean).join(sep);
};
querystring.parse = querystring.decode = function (s, sep, eq) {
    sep = sep || '&';
    eq = eq || '=';
    var out = Object.create(null);
    if (typeof s !== 'string' || s.length === 0)
        return out;
    s.split(sep).forEach(function (part) {
        if (part === '')
            return;
        var i = part.indexOf(eq);
        var k = querystring.unescape((i >= 0 ? part.slice(0, i) : part).replace(/\+/g, ' '));
        var v = querystring.unescape((i >= 0 ? part.slice(i + eq.length) : '').replace(/\+/g, ' '));
        if (!(k in out))
            out[k] = v;
        else if (Array.isArray(out[k]))
            out[k].push(v);
        else
            out[k] = [out[k], v];
    });
    return out;
};

var url = {
    URL: global.URL,
    URLSearchParams: global.URLSearchParams,
    // The legacy url.parse, for the parts handlers read.
    parse: function (s, parseQuery) {
        var u;
        try {
            u = new URL(s);
        } catch (e) {
            u = new URL(s, 'http://localhost');
            u._relative = true;
        }
        var search = u.search;
        return {
            protocol: u._relative ? null : u.protocol, slashes: u._relative ? null : true,
            auth: u.username ? u.username + (u.password ? ':' + u.password : '') : null,
            host: u._relative ? null : u.host, port: u._relative || !u.port ? null : u.port,
            hostname: u._relative ? null : u.hostname, hash: u.hash || null,
            search: search || (parseQuery ? '' : null),
            query: parseQuery ? querystring.parse(search.slice(1)) : (search ? search.slice(1) : null),
            pathname: u.pathname, path: u.pathname + search, href: u._relative ? s : u.href
        };
    },
    // The legacy url.format of an object: protocol, auth, host or hostname and port, pathname,
    // search or query, hash.
    format: function (o) {
        if (typeof o === 'string')
            return new URL(o).href;
        if (o instanceof URL)
            return o.href;
        o = o || {};
        var protocol = o.protocol ? String(o.protocol).replace(/:?$/, ':') : '';
        var host = o.host || (o.hostname ? o.hostname + (o.port ? ':' + o.port : '') : '');
        var slashes = o.slashes || /^(https?|ftp|file|wss?):$/.test(protocol);
        var search = o.search || (o.query && typeof o.query === 'object' ? querystring.stringify(o.query) : o.query || '');
        if (search && search.charAt(0) !== '?')
            search = '?' + search;
        var pathname = o.pathname || '';
        if (host && pathname && pathname.charAt(0) !== '/')
            pathname = '/' + pathname;
        var hash = o.hash ? (String(o.hash).charAt(0) === '#' ? o.hash : '#' + o.hash) : '';
        return protocol + (slashes || host ? '//' : '') + (o.auth ? o.auth + '@' : '') + host + pathname + search + hash;
    },
    fileURLToPath: function (u) {
        var parsed = u instanceof URL ? u : new URL(String(u));
        if (parsed.protocol !== 'file:')
            throw typeError('ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
        return decodeURIComponent(parsed.pathname);
    },
    pathToFileURL: function (p) {
        return new URL('file://' + encodeURI(path.resolve(p)).replace(/[?#]/g, encodeURIComponent));
    }
};

// os: what a Lambda function sees.
var os = {
    EOL: '\n',
    platform: function () { return 'linux'; },
    type: function () { return 'Linux'; },
    arch: function () { return 'x64'; },
    release: function () { return '5.10.0'; },
    hostname: function () { return 'localhost'; },
    homedir: function () { return '/home/sbx_user1051'; },
    tmpdir: function () { return '/tmp'; },
    endianness: function () { return 'LE'; },
    cpus: function () { return []; },
    totalmem: function () { return 128 * 1024 * 1024; },
    freemem: function () { return 64 * 1024 * 1024; },
    uptime: function () { return Math.floor(global.process.uptime ? global.process.uptime() : 0); },
    loadavg: function () { return [0, 0, 0]; },
    networkInterfaces: function () { return {}; },
    userInfo: function () { return { username: 'sbx_user1051', uid: 993, gid: 990, shell: null, homedir: '/home/sbx_user1051' }; }
};

)JS";

// After the fs part (nodefs.cpp): what the function returns.
const char kNodeModulesEnd[] = R"JS(return {
    path: path, util: util, events: EventEmitter, assert: assert, 'assert/strict': assert.strict,
    querystring: querystring, url: url, os: os, fs: fs, 'fs/promises': fs.promises
};
}))JS";

} // namespace

QString nodeModulesScript()
{
    return QString::fromUtf8(kNodeModules) + QString::fromUtf8(kNodeFs) + QString::fromUtf8(kNodeModulesEnd);
}

} // namespace Gatehouse::Functions
