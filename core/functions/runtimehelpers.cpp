#include "runtimescript.h"

namespace Gatehouse::Functions {

// Part of runtimeScript()'s function (runtimescript.cpp), which runs strict with `global`: the
// helpers that rewritten code calls (transpile.h), and the language's newer pieces the engine
// lacks. Written for QJSEngine 6.4 like the rest: no async functions or object spread here.
extern const char kRuntimeHelpers[];
const char kRuntimeHelpers[] = R"JS(
// async/await rewritten by transpile.cpp: drives a generator, one Promise per await.
global.__awaiter = function (thisArg, args, generator) {
    return new Promise(function (resolve, reject) {
        var it = generator.apply(thisArg, args);
        function step(method, value) {
            var r;
            try {
                r = it[method](value);
            } catch (e) {
                reject(e);
                return;
            }
            if (r.done)
                resolve(r.value);
            else
                Promise.resolve(r.value).then(function (v) { step('next', v); },
                                              function (e) { step('throw', e); });
        }
        step('next', undefined);
    });
};

// for await (x of iterable), rewritten by transpile.cpp: the iterable's async iterator, or its
// sync one with each value awaited. The engine has no Symbol.asyncIterator: one is made here,
// so objects written for Node ([Symbol.asyncIterator]() { ... }) work.
if (typeof Symbol.asyncIterator === 'undefined')
    Object.defineProperty(Symbol, 'asyncIterator', { value: Symbol('Symbol.asyncIterator') });
global.__asyncIterator = function (iterable) {
    if (iterable === null || iterable === undefined)
        throw new TypeError(iterable + ' is not async iterable');
    var method = iterable[Symbol.asyncIterator];
    if (typeof method === 'function')
        return method.call(iterable);
    method = iterable[Symbol.iterator];
    if (typeof method !== 'function')
        throw new TypeError('object is not async iterable');
    var it = method.call(iterable);
    return {
        next: function () {
            var r = it.next();
            return Promise.resolve(r.value).then(function (v) { return { done: r.done, value: v }; });
        }
    };
};

// async function* and async *methods, rewritten by transpile.cpp: a generator whose
// `yield __await(x)` are awaits and whose other yields are the values it produces. The object
// returned answers next/throw/return with Promises, one call at a time in the order made.
function Await(value) { this.value = value; }
global.__await = function (value) { return new Await(value); };
// yield* inside an async generator: the inner iterable's steps, each next() awaited (an Await
// the driver resolves) and each value yielded on; what the consumer sends goes to the inner
// iterator; the expression's value is the inner one's return value.
global.__asyncDelegate = function* (iterable) {
    var it = global.__asyncIterator(iterable);
    var sent;
    for (;;) {
        var step = yield new Await(it.next(sent));
        if (step.done)
            return step.value;
        sent = yield step.value;
    }
};
global.__asyncGenerator = function (thisArg, args, generator) {
    var it = generator.apply(thisArg, args);
    var queue = [];
    var busy = false;
    function settle(ok, value) {
        var call = queue.shift();
        busy = false;
        (ok ? call.resolve : call.reject)(value);
        drain();
    }
    function resume(method, value) {
        var r;
        try {
            r = it[method](value);
        } catch (e) {
            settle(false, e);
            return;
        }
        if (!r.done && r.value instanceof Await) {
            Promise.resolve(r.value.value).then(function (v) { resume('next', v); },
                                                function (e) { resume('throw', e); });
            return;
        }
        // A value yielded or returned is awaited first; a rejected one is thrown at the yield.
        Promise.resolve(r.value).then(function (v) { settle(true, { value: v, done: r.done }); },
                                      function (e) { if (r.done) settle(false, e); else resume('throw', e); });
    }
    function drain() {
        if (busy || queue.length === 0)
            return;
        busy = true;
        resume(queue[0].method, queue[0].value);
    }
    function call(method) {
        return function (value) {
            return new Promise(function (resolve, reject) {
                queue.push({ method: method, value: value, resolve: resolve, reject: reject });
                drain();
            });
        };
    }
    var object = { next: call('next'), 'throw': call('throw'), 'return': call('return') };
    object[Symbol.asyncIterator] = function () { return this; };
    return object;
};

// BigInt literals (10n), rewritten by transpile.cpp: the engine has no BigInt.
global.__bigInt = function (digits) {
    if (typeof BigInt === 'function')
        return BigInt(digits);
    throw new TypeError('BigInt values (' + digits + 'n) are not supported by the functions engine');
};
// import(x), rewritten by transpile.cpp: the module through the calling module's require, as a
// namespace.
global.__import = function (require, specifier) {
    return new Promise(function (resolve) { resolve(global.__importNamespace(require(specifier))); });
};
// import.meta, rewritten by transpile.cpp: the module's own file.
global.__importMeta = function (module) {
    var file = String(module.filename);
    return { url: 'file://' + encodeURI(file).replace(/[?#]/g, encodeURIComponent), filename: file,
             dirname: file.slice(0, file.lastIndexOf('/')) || '/' };
};
// An ES module's exports, after its body: __esModule for code compiled by TypeScript or Babel
// that requires it, and a mark of its own for import, which takes its exports as the namespace.
global.__markModule = function (exports) {
    Object.defineProperty(exports, '__esModule', { value: true });
    Object.defineProperty(exports, '__gatehouseModule', { value: true });
};
// import declarations, rewritten by transpile.cpp: a module's namespace. Of a CommonJS module
// (even one that says __esModule, as Node has it) the exports are the default and their
// properties the named exports.
global.__importNamespace = function (m) {
    if (m && m.__gatehouseModule)
        return m;
    var ns = {};
    if (m !== null && (typeof m === 'object' || typeof m === 'function'))
        Object.keys(m).forEach(function (k) { ns[k] = m[k]; });
    ns['default'] = m;
    return ns;
};
global.__exportStar = function (exports, m) {
    Object.keys(m).forEach(function (k) {
        if (k !== 'default' && k !== '__esModule' && !Object.prototype.hasOwnProperty.call(exports, k))
            exports[k] = m[k];
    });
};

// { __proto__: P } in an object literal, rewritten by transpile.cpp (the engine ignores it).
global.__withProto = function (o, proto) {
    if (proto === null || typeof proto === 'object' || typeof proto === 'function')
        Object.setPrototypeOf(o, proto);
    return o;
};
// Class fields and static blocks, rewritten by transpile.cpp into static methods: __field
// defines a field as the language does (a private one not enumerable), __classStatics runs the
// static ones once the class exists, then removes them.
global.__field = function (target, key, value, hidden) {
    Object.defineProperty(target, key, { value: value, writable: true, enumerable: !hidden, configurable: true });
};
global.__classStatics = function (cls, names) {
    for (var i = 0; i < names.length; ++i) {
        cls[names[i]]();
        delete cls[names[i]];
    }
    return cls;
};

// Object rest in destructuring, rewritten by transpile.cpp: {a, [k]: b, ...rest} reads the
// property __rest() names, whose getter builds the rest of the object being destructured.
var REST = Symbol('rest');
var restExcluded = null;
var restComputed = [];
global.__restKey = function (key) {
    restComputed.push(key);
    return key;
};
global.__rest = function (keys, computed) {
    var excluded = keys.map(String);
    if (computed > 0)
        excluded = excluded.concat(restComputed.splice(restComputed.length - computed, computed));
    restExcluded = excluded;
    return REST;
};
Object.defineProperty(Object.prototype, REST, {
    get: function () {
        var excluded = restExcluded || [];
        restExcluded = null;
        var source = Object(this);
        var rest = {};
        Object.keys(source).forEach(function (k) {
            if (excluded.indexOf(k) < 0)
                rest[k] = source[k];
        });
        Object.getOwnPropertySymbols(source).forEach(function (k) {
            if (k !== REST && excluded.indexOf(k) < 0 &&
                Object.prototype.propertyIsEnumerable.call(source, k))
                rest[k] = source[k];
        });
        return rest;
    },
    configurable: true
});

function define(object, name, value) {
    if (!object[name])
        Object.defineProperty(object, name, { value: value, writable: true, configurable: true });
}
define(Object, 'fromEntries', function (entries) {
    var o = {};
    for (var e of entries)
        o[e[0]] = e[1];
    return o;
});
define(Array.prototype, 'flat', function (depth) {
    var d = depth === undefined ? 1 : depth;
    var out = [];
    (function walk(a, level) {
        for (var i = 0; i < a.length; ++i) {
            if (Array.isArray(a[i]) && level > 0)
                walk(a[i], level - 1);
            else
                out.push(a[i]);
        }
    })(this, d);
    return out;
});
define(Array.prototype, 'flatMap', function (f, thisArg) {
    return this.map(f, thisArg).flat(1);
});
define(String.prototype, 'replaceAll', function (search, replacement) {
    if (search instanceof RegExp)
        return this.replace(search, replacement);
    return this.split(search).join(replacement);
});
define(Promise, 'allSettled', function (promises) {
    return Promise.all(Array.from(promises, function (p) {
        return Promise.resolve(p).then(function (value) { return { status: 'fulfilled', value: value }; },
                                       function (reason) { return { status: 'rejected', reason: reason }; });
    }));
});
define(global, 'queueMicrotask', function (f) { Promise.resolve().then(f); });
define(Array.prototype, 'at', function (i) {
    var n = Math.trunc(i) || 0;
    return this[n < 0 ? this.length + n : n];
});
define(String.prototype, 'at', function (i) {
    var n = Math.trunc(i) || 0;
    return this[n < 0 ? this.length + n : n];
});
define(Object, 'hasOwn', function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); });
define(global, 'structuredClone', function (v) { return v === undefined ? v : JSON.parse(JSON.stringify(v)); });

)JS";

} // namespace Gatehouse::Functions
