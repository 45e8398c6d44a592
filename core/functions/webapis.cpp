#include "runtimescript.h"

namespace Gatehouse::Functions {

namespace {

// Written for QJSEngine 6.4 like runtimescript.cpp. The web platform's classes Node has as
// globals: URL, URLSearchParams, the Headers, Response and Request of the Fetch API (the global
// fetch itself is the runtime's, which owns the calls under way), Event, EventTarget,
// AbortController, AbortSignal and performance; and the language's globals the engine lacks.
const char kWebApis[] = R"JS((function (global) {
'use strict';

// URLSearchParams and URL (WHATWG) for special schemes with a host (http, https, ws, wss,
// ftp) and for others as an opaque path; no IDNA or IPv4 number forms.
function formEncode(s) {
    return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, function (c) {
        return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
}
function formDecode(s) {
    try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch (e) {
        return s;
    }
}
function URLSearchParams(init) {
    if (!(this instanceof URLSearchParams))
        throw new TypeError("Class constructor URLSearchParams cannot be invoked without 'new'");
    this._list = [];
    this._url = null;
    if (init === undefined || init === null)
        return;
    if (typeof init === 'object') {
        if (typeof init[Symbol.iterator] === 'function') {
            for (var pair of init)
                this._list.push([String(pair[0]), String(pair[1])]);
        } else {
            var self = this;
            Object.keys(init).forEach(function (k) { self._list.push([k, String(init[k])]); });
        }
        return;
    }
    var s = String(init);
    if (s.charAt(0) === '?')
        s = s.slice(1);
    var list = this._list;
    s.split('&').forEach(function (part) {
        if (part === '')
            return;
        var i = part.indexOf('=');
        list.push(i >= 0 ? [formDecode(part.slice(0, i)), formDecode(part.slice(i + 1))] : [formDecode(part), '']);
    });
}
URLSearchParams.prototype._update = function () {
    if (this._url) {
        var q = this.toString();
        this._url._search = q ? '?' + q : '';
    }
};
URLSearchParams.prototype.append = function (k, v) { this._list.push([String(k), String(v)]); this._update(); };
URLSearchParams.prototype['delete'] = function (k) {
    k = String(k);
    this._list = this._list.filter(function (p) { return p[0] !== k; });
    this._update();
};
URLSearchParams.prototype.get = function (k) {
    k = String(k);
    for (var i = 0; i < this._list.length; ++i) {
        if (this._list[i][0] === k)
            return this._list[i][1];
    }
    return null;
};
URLSearchParams.prototype.getAll = function (k) {
    k = String(k);
    return this._list.filter(function (p) { return p[0] === k; }).map(function (p) { return p[1]; });
};
URLSearchParams.prototype.has = function (k) { return this.get(k) !== null; };
URLSearchParams.prototype.set = function (k, v) {
    k = String(k);
    var found = false;
    this._list = this._list.filter(function (p) {
        if (p[0] !== k)
            return true;
        if (found)
            return false;
        found = true;
        p[1] = String(v);
        return true;
    });
    if (!found)
        this._list.push([k, String(v)]);
    this._update();
};
URLSearchParams.prototype.sort = function () {
    this._list = this._list.map(function (p, i) { return [p, i]; }).sort(function (a, b) {
        return a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1];
    }).map(function (x) { return x[0]; });
    this._update();
};
URLSearchParams.prototype.forEach = function (f, thisArg) {
    for (var i = 0; i < this._list.length; ++i)
        f.call(thisArg, this._list[i][1], this._list[i][0], this);
};
URLSearchParams.prototype.keys = function () { return this._list.map(function (p) { return p[0]; })[Symbol.iterator](); };
URLSearchParams.prototype.values = function () { return this._list.map(function (p) { return p[1]; })[Symbol.iterator](); };
URLSearchParams.prototype.entries = function () { return this._list.map(function (p) { return [p[0], p[1]]; })[Symbol.iterator](); };
URLSearchParams.prototype[Symbol.iterator] = URLSearchParams.prototype.entries;
URLSearchParams.prototype.toString = function () {
    return this._list.map(function (p) { return formEncode(p[0]) + '=' + formEncode(p[1]); }).join('&');
};
Object.defineProperty(URLSearchParams.prototype, 'size', { get: function () { return this._list.length; } });

var specialPorts = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21', 'file:': '' };
function invalidUrl(input) {
    var e = new TypeError('Invalid URL');
    e.code = 'ERR_INVALID_URL';
    e.input = input;
    return e;
}
function encodePart(s, extra) {
    return s.replace(new RegExp('[\\u0000-\\u0020"<>`\\u007f-\\uffff' + extra + ']', 'g'), function (c) {
        return encodeURIComponent(c);
    });
}
function normalizePath(p) {
    var out = [];
    var parts = p.split('/');
    for (var i = 1; i < parts.length; ++i) {
        var s = parts[i];
        var last = i === parts.length - 1;
        if (s === '.' || s.toLowerCase() === '%2e') {
            if (last)
                out.push('');
        } else if (s === '..' || /^(\.|%2e){2}$/i.test(s)) {
            out.pop();
            if (last)
                out.push('');
        } else {
            out.push(s);
        }
    }
    return '/' + out.join('/');
}
function URL(input, base) {
    if (!(this instanceof URL))
        throw new TypeError("Class constructor URL cannot be invoked without 'new'");
    var s = String(input).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
    var m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(s);
    if (!m) {
        if (base === undefined)
            throw invalidUrl(String(input));
        var b = base instanceof URL ? base : new URL(base);
        if (!(b._protocol in specialPorts))
            throw invalidUrl(String(input));
        var rest = s;
        if (rest.slice(0, 2) === '//' || rest.slice(0, 2) === '\\\\')
            return new URL(b._protocol + rest);
        var hashAt = rest.indexOf('#');
        var hash = hashAt >= 0 ? rest.slice(hashAt) : '';
        rest = hashAt >= 0 ? rest.slice(0, hashAt) : rest;
        var queryAt = rest.indexOf('?');
        var search = queryAt >= 0 ? rest.slice(queryAt) : null;
        var p = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
        var pathname;
        if (p === '')
            pathname = b._pathname;
        else if (p.charAt(0) === '/')
            pathname = p;
        else
            pathname = b._pathname.slice(0, b._pathname.lastIndexOf('/') + 1) + p;
        return new URL(b._protocol + '//' + (b._username ? b._username + (b._password ? ':' + b._password : '') + '@' : '') +
                       b.host + pathname + (search !== null ? search : (p === '' ? b._search : '')) + hash);
    }
    this._protocol = m[1].toLowerCase() + ':';
    var remainder = m[2];
    var special = this._protocol in specialPorts;
    if (special)
        remainder = remainder.replace(/\\/g, '/');
    var hashIndex = remainder.indexOf('#');
    this._hash = hashIndex >= 0 ? encodePart(remainder.slice(hashIndex), '') : '';
    if (this._hash === '#')
        this._hash = '';
    remainder = hashIndex >= 0 ? remainder.slice(0, hashIndex) : remainder;
    var queryIndex = remainder.indexOf('?');
    this._search = queryIndex >= 0 ? encodePart(remainder.slice(queryIndex), "'") : '';
    if (this._search === '?')
        this._search = '';
    remainder = queryIndex >= 0 ? remainder.slice(0, queryIndex) : remainder;
    this._username = '';
    this._password = '';
    this._hostname = '';
    this._port = '';
    if (special || remainder.slice(0, 2) === '//') {
        if (this._protocol === 'file:')
            remainder = remainder.slice(0, 2) === '//' ? remainder : '//' + remainder; // file:///p: no host
        else if (special)
            remainder = remainder.replace(/^\/*/, '//');
        var authorityEnd = remainder.indexOf('/', 2);
        var authority = authorityEnd >= 0 ? remainder.slice(2, authorityEnd) : remainder.slice(2);
        remainder = authorityEnd >= 0 ? remainder.slice(authorityEnd) : '';
        var at = authority.lastIndexOf('@');
        if (at >= 0) {
            var credentials = authority.slice(0, at);
            authority = authority.slice(at + 1);
            var colon = credentials.indexOf(':');
            this._username = encodePart(colon >= 0 ? credentials.slice(0, colon) : credentials, '@/:');
            this._password = colon >= 0 ? encodePart(credentials.slice(colon + 1), '@/:') : '';
        }
        var portMatch = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
        if (!portMatch)
            throw invalidUrl(String(input));
        this._hostname = portMatch[1].toLowerCase();
        var ipv6 = /^\[[0-9a-f:.]+\]$/.test(this._hostname);
        if ((!ipv6 && /[\s#%/:<>?@[\\\]^|]/.test(this._hostname)) ||
            (special && this._protocol !== 'file:' && this._hostname === ''))
            throw invalidUrl(String(input));
        var port = portMatch[2] || '';
        if (port !== '') {
            var n = parseInt(port, 10);
            if (n > 65535)
                throw invalidUrl(String(input));
            port = String(n);
        }
        this._port = port === specialPorts[this._protocol] ? '' : port;
        this._pathname = special ? normalizePath(encodePart(remainder || '/', '')) : encodePart(remainder, '');
    } else {
        this._pathname = encodePart(remainder, '');
    }
    this._searchParams = new URLSearchParams(this._search);
    this._searchParams._url = this;
}
function urlAccessor(name, get, set) {
    Object.defineProperty(URL.prototype, name, { get: get, set: set, enumerable: true, configurable: true });
}
urlAccessor('username', function () { return this._username; });
urlAccessor('password', function () { return this._password; });
urlAccessor('origin', function () {
    return this._protocol in specialPorts && this._protocol !== 'file:' ? this._protocol + '//' + this.host : 'null';
});
urlAccessor('pathname', function () { return this._pathname; }, function (v) {
    this._pathname = normalizePath(encodePart(String(v).charAt(0) === '/' ? String(v) : '/' + v, ''));
});
urlAccessor('search', function () { return this._search; }, function (v) {
    v = String(v);
    this._search = v === '' || v === '?' ? '' : encodePart(v.charAt(0) === '?' ? v : '?' + v, "'");
    this._searchParams._list = new URLSearchParams(this._search)._list;
});
urlAccessor('hash', function () { return this._hash; }, function (v) {
    v = String(v);
    this._hash = v === '' || v === '#' ? '' : encodePart(v.charAt(0) === '#' ? v : '#' + v, '');
});
urlAccessor('searchParams', function () { return this._searchParams; });
// Setting href, protocol, host, hostname or port parses the URL again with the new part.
function reparse(self, href) {
    var u = new URL(href);
    ['_protocol', '_username', '_password', '_hostname', '_port', '_pathname', '_search', '_hash'].forEach(function (k) {
        self[k] = u[k];
    });
    self._searchParams._list = u._searchParams._list;
}
function hrefWith(self, part, value) {
    var auth = self._username ? self._username + (self._password ? ':' + self._password : '') + '@' : '';
    var p = { protocol: self._protocol, host: self.host };
    p[part] = value;
    if (part === 'hostname')
        p.host = String(value) + (self._port ? ':' + self._port : '');
    if (part === 'port')
        p.host = self._hostname + (value === '' ? '' : ':' + value);
    var protocol = String(p.protocol).replace(/:?$/, ':');
    return protocol + '//' + auth + p.host + self._pathname + self._search + self._hash;
}
Object.defineProperty(URL.prototype, 'protocol', { get: function () { return this._protocol; },
    set: function (v) { reparse(this, hrefWith(this, 'protocol', v)); }, enumerable: true, configurable: true });
Object.defineProperty(URL.prototype, 'host', { get: function () { return this._hostname + (this._port ? ':' + this._port : ''); },
    set: function (v) { reparse(this, hrefWith(this, 'host', v)); }, enumerable: true, configurable: true });
Object.defineProperty(URL.prototype, 'hostname', { get: function () { return this._hostname; },
    set: function (v) { reparse(this, hrefWith(this, 'hostname', v)); }, enumerable: true, configurable: true });
Object.defineProperty(URL.prototype, 'port', { get: function () { return this._port; },
    set: function (v) { reparse(this, hrefWith(this, 'port', String(v))); }, enumerable: true, configurable: true });
urlAccessor('href', function () {
    var auth = this._username || this._password ? this._username + (this._password ? ':' + this._password : '') + '@' : '';
    var hasHost = this._protocol in specialPorts || this._hostname !== '';
    return this._protocol + (hasHost ? '//' + auth + this.host : '') + this._pathname + this._search + this._hash;
}, function (v) { reparse(this, String(v)); });
URL.prototype.toString = URL.prototype.toJSON = function () { return this.href; };
URL.canParse = function (input, base) {
    try {
        new URL(input, base);
        return true;
    } catch (e) {
        return false;
    }
};
// The engine's own URL (Qt's) neither normalises nor ties searchParams to its URL: replaced.
global.URL = URL;
global.URLSearchParams = URLSearchParams;
// Headers and Response of the Fetch API (the global fetch is the runtime's, runtimescript.cpp).
function Headers(init) {
    if (!(this instanceof Headers))
        throw new TypeError("Class constructor Headers cannot be invoked without 'new'");
    this._map = {};
    var self = this;
    if (init instanceof Headers)
        init.forEach(function (v, k) { self.append(k, v); });
    else if (init && typeof init[Symbol.iterator] === 'function')
        for (var pair of init)
            this.append(pair[0], pair[1]);
    else if (init && typeof init === 'object')
        Object.keys(init).forEach(function (k) { self.append(k, init[k]); });
}
function headerName(name) {
    var n = String(name).toLowerCase();
    if (!/^[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(n))
        throw new TypeError('Headers: invalid header name "' + name + '"');
    return n;
}
Headers.prototype.append = function (name, value) {
    var n = headerName(name);
    var v = String(value).trim();
    this._map[n] = Object.prototype.hasOwnProperty.call(this._map, n) ? this._map[n] + ', ' + v : v;
};
Headers.prototype.set = function (name, value) { this._map[headerName(name)] = String(value).trim(); };
Headers.prototype.get = function (name) {
    var n = headerName(name);
    return Object.prototype.hasOwnProperty.call(this._map, n) ? this._map[n] : null;
};
Headers.prototype.has = function (name) { return Object.prototype.hasOwnProperty.call(this._map, headerName(name)); };
Headers.prototype['delete'] = function (name) { delete this._map[headerName(name)]; };
Headers.prototype.getSetCookie = function () { var v = this.get('set-cookie'); return v === null ? [] : [v]; };
Headers.prototype.keys = function () { return Object.keys(this._map).sort()[Symbol.iterator](); };
Headers.prototype.entries = function () {
    var map = this._map;
    return Object.keys(map).sort().map(function (k) { return [k, map[k]]; })[Symbol.iterator]();
};
Headers.prototype.values = function () {
    var map = this._map;
    return Object.keys(map).sort().map(function (k) { return map[k]; })[Symbol.iterator]();
};
Headers.prototype[Symbol.iterator] = Headers.prototype.entries;
Headers.prototype.forEach = function (f, thisArg) {
    var map = this._map;
    var self = this;
    Object.keys(map).sort().forEach(function (k) { f.call(thisArg, map[k], k, self); });
};

function bodyBytes(body) {
    if (body === undefined || body === null)
        return global.Buffer.alloc(0);
    if (typeof body === 'string')
        return global.Buffer.from(body, 'utf8');
    if (body instanceof ArrayBuffer)
        return global.Buffer.from(new Uint8Array(body));
    if (ArrayBuffer.isView(body))
        return global.Buffer.from(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    if (body instanceof URLSearchParams)
        return global.Buffer.from(body.toString(), 'utf8');
    return global.Buffer.from(String(body), 'utf8');
}
function Response(body, init) {
    if (!(this instanceof Response))
        throw new TypeError("Class constructor Response cannot be invoked without 'new'");
    init = init || {};
    this.status = init.status === undefined ? 200 : init.status;
    if (this.status < 200 || this.status > 599)
        throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
    this.statusText = init.statusText === undefined ? '' : String(init.statusText);
    this.headers = new Headers(init.headers);
    this.ok = this.status >= 200 && this.status < 300;
    this.url = init.url || '';
    this.redirected = !!init.redirected;
    this.type = init.url ? 'basic' : 'default';
    this.bodyUsed = false;
    this._bytes = bodyBytes(body);
    if (typeof body === 'string' && !this.headers.has('content-type'))
        this.headers.set('content-type', 'text/plain;charset=UTF-8');
}
Response.prototype._consume = function () {
    if (this.bodyUsed)
        return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.bodyUsed = true;
    return Promise.resolve(this._bytes);
};
Response.prototype.text = function () { return this._consume().then(function (b) { return b.toString('utf8'); }); };
Response.prototype.json = function () { return this.text().then(JSON.parse); };
Response.prototype.arrayBuffer = function () {
    return this._consume().then(function (b) { return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); });
};
Response.prototype.bytes = function () {
    return this._consume().then(function (b) { return new Uint8Array(b); });
};
Response.prototype.clone = function () {
    if (this.bodyUsed)
        throw new TypeError('Response.clone: Body has already been consumed.');
    var copy = new Response(global.Buffer.from(this._bytes), { status: this.status, statusText: this.statusText,
                                                              headers: this.headers, url: this.url,
                                                              redirected: this.redirected });
    copy.type = this.type;
    return copy;
};
Response.json = function (data, init) {
    init = init || {};
    var headers = new Headers(init.headers);
    if (!headers.has('content-type'))
        headers.set('content-type', 'application/json');
    return new Response(JSON.stringify(data), { status: init.status, statusText: init.statusText, headers: headers });
};
Response.error = function () {
    var r = new Response(null, { status: 200 });
    r.status = 0;
    r.ok = false;
    r.type = 'error';
    return r;
};
// Request: what fetch(new Request(url, init)) reads.
function Request(input, init) {
    if (!(this instanceof Request))
        throw new TypeError("Class constructor Request cannot be invoked without 'new'");
    init = init || {};
    var from = input instanceof Request ? input : null;
    this.url = from ? from.url : new URL(input instanceof URL ? input.href : String(input)).href;
    this.method = String(init.method || (from && from.method) || 'GET').toUpperCase();
    this.headers = new Headers(init.headers || (from && from.headers));
    this.signal = init.signal || (from && from.signal) || null;
    this.body = init.body !== undefined ? init.body : from ? from.body : null;
}
Request.prototype.clone = function () { return new Request(this); };

global.Headers = Headers;
global.Response = Response;
global.Request = Request;

// Event, EventTarget, AbortController and AbortSignal, as Node has them (fetch takes a signal).
function Event(type, options) {
    if (!(this instanceof Event))
        throw new TypeError("Class constructor Event cannot be invoked without 'new'");
    this.type = String(type);
    this.bubbles = !!(options && options.bubbles);
    this.cancelable = !!(options && options.cancelable);
    this.defaultPrevented = false;
    this.target = null;
    this.currentTarget = null;
    this.timeStamp = Date.now();
}
Event.prototype.preventDefault = function () { if (this.cancelable) this.defaultPrevented = true; };
Event.prototype.stopPropagation = function () {};
Event.prototype.stopImmediatePropagation = function () { this._stopped = true; };
function EventTarget() {
    Object.defineProperty(this, '_listeners', { value: {}, writable: true });
}
EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (!listener)
        return;
    if (!this._listeners)
        Object.defineProperty(this, '_listeners', { value: {}, writable: true });
    var list = this._listeners[type] || (this._listeners[type] = []);
    for (var i = 0; i < list.length; ++i) {
        if (list[i].listener === listener)
            return;
    }
    list.push({ listener: listener, once: !!(options && options.once) });
};
EventTarget.prototype.removeEventListener = function (type, listener) {
    var list = this._listeners && this._listeners[type];
    if (!list)
        return;
    this._listeners[type] = list.filter(function (l) { return l.listener !== listener; });
};
EventTarget.prototype.dispatchEvent = function (event) {
    event.target = event.currentTarget = this;
    // A listener that throws does not stop the others: its error is reported on its own, as an
    // uncaught exception (here: thrown from a timer, which fails the invocation).
    function report(e) { global.setTimeout(function () { throw e; }, 0); }
    var list = ((this._listeners && this._listeners[event.type]) || []).slice();
    for (var i = 0; i < list.length && !event._stopped; ++i) {
        if (list[i].once)
            this.removeEventListener(event.type, list[i].listener);
        var l = list[i].listener;
        try {
            if (typeof l === 'function')
                l.call(this, event);
            else if (l && typeof l.handleEvent === 'function')
                l.handleEvent(event);
        } catch (e) {
            report(e);
        }
    }
    var handler = this['on' + event.type]; // an onabort-style handler, after the listeners
    if (typeof handler === 'function' && !event._stopped) {
        try {
            handler.call(this, event);
        } catch (e) {
            report(e);
        }
    }
    return !event.defaultPrevented;
};
function abortError(message, name) {
    var e = new Error(message);
    e.name = name || 'AbortError';
    e.code = name === 'TimeoutError' ? 23 : 20; // DOMException's codes
    return e;
}
function AbortSignal() {
    throw new TypeError('Illegal constructor');
}
AbortSignal.prototype = Object.create(EventTarget.prototype);
AbortSignal.prototype.constructor = AbortSignal;
function makeSignal() {
    var signal = Object.create(AbortSignal.prototype);
    EventTarget.call(signal);
    signal.aborted = false;
    signal.reason = undefined;
    signal.onabort = null;
    return signal;
}
function abortSignal(signal, reason) {
    if (signal.aborted)
        return;
    signal.aborted = true;
    signal.reason = reason === undefined ? abortError('This operation was aborted') : reason;
    signal.dispatchEvent(new Event('abort'));
}
AbortSignal.prototype.throwIfAborted = function () {
    if (this.aborted)
        throw this.reason;
};
AbortSignal.abort = function (reason) {
    var signal = makeSignal();
    abortSignal(signal, reason);
    return signal;
};
AbortSignal.timeout = function (ms) {
    var signal = makeSignal();
    var t = global.setTimeout(function () {
        abortSignal(signal, abortError('The operation was aborted due to timeout', 'TimeoutError'));
    }, ms);
    if (t && typeof t.unref === 'function')
        t.unref(); // as in Node, a pending timeout signal keeps nothing waiting
    return signal;
};
AbortSignal.any = function (signals) {
    var signal = makeSignal();
    signals.forEach(function (s) {
        if (s.aborted)
            abortSignal(signal, s.reason);
        else
            s.addEventListener('abort', function () { abortSignal(signal, s.reason); });
    });
    return signal;
};
function AbortController() {
    if (!(this instanceof AbortController))
        throw new TypeError("Class constructor AbortController cannot be invoked without 'new'");
    this.signal = makeSignal();
}
AbortController.prototype.abort = function (reason) { abortSignal(this.signal, reason); };
global.Event = Event;
global.EventTarget = EventTarget;
global.AbortController = AbortController;
global.AbortSignal = AbortSignal;

// performance: milliseconds since the engine started, from process.hrtime.
var timeOrigin = Date.now();
var hrOrigin = global.process.hrtime();
global.performance = {
    timeOrigin: timeOrigin,
    now: function () {
        var t = global.process.hrtime(hrOrigin);
        return t[0] * 1e3 + t[1] / 1e6;
    },
    mark: function () {},
    measure: function () {},
    toJSON: function () { return { timeOrigin: timeOrigin }; }
};

// What the language has in Node and the engine lacks: AggregateError, WeakRef (held strongly
// here) and FinalizationRegistry (never calls back), and Node's `global`.
if (typeof global.AggregateError === 'undefined') {
    global.AggregateError = function AggregateError(errors, message) {
        var e = new Error(message === undefined ? '' : String(message));
        Object.setPrototypeOf(e, global.AggregateError.prototype);
        e.name = 'AggregateError';
        e.errors = Array.from(errors);
        return e;
    };
    global.AggregateError.prototype = Object.create(Error.prototype);
    global.AggregateError.prototype.constructor = global.AggregateError;
}
if (typeof global.WeakRef === 'undefined') {
    global.WeakRef = function WeakRef(target) { Object.defineProperty(this, '_target', { value: target }); };
    global.WeakRef.prototype.deref = function () { return this._target; };
}
if (typeof global.FinalizationRegistry === 'undefined') {
    global.FinalizationRegistry = function FinalizationRegistry() {};
    global.FinalizationRegistry.prototype.register = function () {};
    global.FinalizationRegistry.prototype.unregister = function () { return false; };
}
global.global = global;

}))JS";

} // namespace

QString webApisScript()
{
    return QString::fromUtf8(kWebApis);
}

} // namespace Gatehouse::Functions
