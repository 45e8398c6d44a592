#include "runtimescript.h"

namespace Gatehouse::Functions {

namespace {

// Written for QJSEngine 6.4 like runtimescript.cpp. Node.js globals handlers use without
// requiring anything: timers, process, Buffer, TextEncoder/TextDecoder, atob/btoa; and the
// `crypto` module's common calls.
const char kNodeGlobals[] = R"JS((function (global, native) {
'use strict';

// Timers: callbacks kept here, due times on the worker's monotonic clock (native.setTimer).
// The worker drops all of them when an invocation ends, so none reaches the next one.
var timers = {};
var nextTimer = 1;
var referenced = 0;
function Timeout(id) { Object.defineProperty(this, '_id', { value: id }); }
Timeout.prototype.ref = function () {
    var t = timers[this._id];
    if (t && !t.ref) { t.ref = true; ++referenced; }
    return this;
};
Timeout.prototype.unref = function () {
    var t = timers[this._id];
    if (t && t.ref) { t.ref = false; --referenced; idle(); }
    return this;
};
Timeout.prototype.hasRef = function () { var t = timers[this._id]; return !!(t && t.ref); };
Timeout.prototype.refresh = function () {
    var t = timers[this._id];
    if (t)
        native.setTimer(this._id, t.delay);
    return this;
};
Timeout.prototype.close = function () { clear(this); return this; };
Timeout.prototype[Symbol.toPrimitive] = function () { return this._id; };
function Immediate(id) { Timeout.call(this, id); }
Immediate.prototype = Object.create(Timeout.prototype);
Immediate.prototype.constructor = Immediate;

function describe(v) {
    if (v === null || v === undefined)
        return 'Received ' + v;
    if (typeof v === 'function')
        return 'Received function ' + (v.name || 'anonymous');
    if (typeof v === 'object')
        return 'Received an instance of ' + ((v.constructor && v.constructor.name) || 'Object');
    return 'Received type ' + typeof v + ' (' + String(v) + ')';
}
function argumentError(name, type, value) {
    var e = new TypeError('The "' + name + '" argument must be ' + type + '. ' + describe(value));
    e.code = 'ERR_INVALID_ARG_TYPE';
    return e;
}
function add(fn, delay, args, repeat, Kind) {
    if (typeof fn !== 'function')
        throw argumentError('callback', 'of type function', fn);
    var id = nextTimer++;
    if (Kind === Immediate) {
        delay = 0;
    } else {
        delay = Number(delay);
        delay = delay >= 1 && delay <= 2147483647 ? Math.floor(delay) : 1; // as Node
    }
    timers[id] = { fn: fn, args: args, delay: delay, repeat: repeat, ref: true };
    ++referenced;
    native.setTimer(id, delay);
    return new Kind(id);
}
function clear(t) {
    var id = t !== null && typeof t === 'object' ? t._id : Number(t);
    var e = timers[id];
    if (!e)
        return;
    delete timers[id];
    if (e.ref)
        --referenced;
    native.clearTimer(id);
    idle();
}
var slice = Array.prototype.slice;
global.setTimeout = function (fn, delay) { return add(fn, delay, slice.call(arguments, 2), false, Timeout); };
global.setInterval = function (fn, delay) { return add(fn, delay, slice.call(arguments, 2), true, Timeout); };
global.setImmediate = function (fn) { return add(fn, 0, slice.call(arguments, 1), false, Immediate); };
global.clearTimeout = global.clearInterval = global.clearImmediate = clear;

// Lambda's callbackWaitsForEmptyEventLoop: a callback's answer waits for the timers and the
// tables calls still pending.
var busy = function () { return 0; };
var onIdle = null;
function idle() {
    if (!onIdle || referenced > 0 || busy() > 0)
        return;
    Promise.resolve().then(function () {
        if (onIdle && referenced === 0 && busy() === 0) {
            var f = onIdle;
            onIdle = null;
            f();
        }
    });
}

// process: what handlers read most.
var started = Date.now();
global.process = {
    env: {}, argv: ['/var/lang/bin/node'], platform: 'linux', arch: 'x64', pid: 1,
    version: 'v18.19.0', versions: { node: '18.19.0' }, release: { name: 'node' },
    cwd: function () { return '/var/task'; },
    uptime: function () { return (Date.now() - started) / 1000; },
    hrtime: function (prev) {
        var ms = Date.now();
        var t = [Math.floor(ms / 1000), (ms % 1000) * 1e6];
        return prev ? [t[0] - prev[0], t[1] - prev[1]] : t;
    },
    memoryUsage: function () { return { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }; },
    nextTick: function (fn) {
        var args = slice.call(arguments, 1);
        Promise.resolve().then(function () { fn.apply(undefined, args); });
    },
    on: function () { return this; }, once: function () { return this; },
    off: function () { return this; }, removeListener: function () { return this; },
    emitWarning: function () {}
};

// Buffer on Uint8Array, with Node's encodings for strings.
var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
var B64_URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
var B64_VALUE = new Int16Array(128).fill(-1);
for (var i = 0; i < 64; ++i)
    B64_VALUE[B64.charCodeAt(i)] = i;
B64_VALUE[45] = 62; // '-'
B64_VALUE[95] = 63; // '_'
var HEX = [];
for (var h = 0; h < 256; ++h)
    HEX.push((h < 16 ? '0' : '') + h.toString(16));

function utf8Bytes(s) {
    var out = new Uint8Array(s.length * 3);
    var p = 0;
    for (var i = 0; i < s.length; ++i) {
        var c = s.charCodeAt(i);
        if (c < 0x80) {
            out[p++] = c;
            continue;
        }
        if (c < 0x800) {
            out[p++] = 0xc0 | (c >> 6);
        } else {
            if (c >= 0xd800 && c <= 0xdfff) {
                var d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
                if (c < 0xdc00 && d >= 0xdc00 && d <= 0xdfff) {
                    var cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
                    ++i;
                    out[p++] = 0xf0 | (cp >> 18);
                    out[p++] = 0x80 | ((cp >> 12) & 63);
                    out[p++] = 0x80 | ((cp >> 6) & 63);
                    out[p++] = 0x80 | (cp & 63);
                    continue;
                }
                c = 0xfffd; // a lone surrogate
            }
            out[p++] = 0xe0 | (c >> 12);
            out[p++] = 0x80 | ((c >> 6) & 63);
        }
        out[p++] = 0x80 | (c & 63);
    }
    return out.subarray(0, p);
}
function chars(codes, n) {
    var s = '';
    for (var i = 0; i < n; i += 8192)
        s += String.fromCharCode.apply(null, Array.prototype.slice.call(codes.subarray(i, Math.min(n, i + 8192))));
    return s;
}
function utf8Text(b, start, end) {
    var codes = new Uint16Array(end - start);
    var n = 0;
    for (var i = start; i < end;) {
        var c = b[i];
        var need = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
        if (need === 0) {
            codes[n++] = c;
            ++i;
            continue;
        }
        var cp = need === 1 ? c & 31 : need === 2 ? c & 15 : c & 7;
        var j = 1;
        for (; need > 0 && j <= need && i + j < end; ++j) {
            var x = b[i + j];
            var lo = 0x80, hi = 0xbf;
            if (j === 1) { // the shortest form, no surrogates, at most U+10FFFF
                if (c === 0xe0) lo = 0xa0;
                else if (c === 0xed) hi = 0x9f;
                else if (c === 0xf0) lo = 0x90;
                else if (c === 0xf4) hi = 0x8f;
            }
            if (x < lo || x > hi)
                break;
            cp = (cp << 6) | (x & 63);
        }
        if (need < 0 || j <= need) { // invalid or cut short: one U+FFFD per maximal subpart
            codes[n++] = 0xfffd;
            i += need < 0 ? 1 : j;
            continue;
        }
        i += need + 1;
        if (cp >= 0x10000) {
            if (n + 2 > codes.length) {
                var bigger = new Uint16Array(codes.length * 2 + 2);
                bigger.set(codes);
                codes = bigger;
            }
            cp -= 0x10000;
            codes[n++] = 0xd800 + (cp >> 10);
            codes[n++] = 0xdc00 + (cp & 1023);
        } else {
            codes[n++] = cp;
        }
    }
    return chars(codes, n);
}
function base64Bytes(s) {
    var out = new Uint8Array((s.length * 3 >> 2) + 3);
    var p = 0, acc = 0, bits = 0;
    for (var i = 0; i < s.length; ++i) {
        var c = s.charCodeAt(i);
        if (c === 61) // '=' ends the data
            break;
        var v = c < 128 ? B64_VALUE[c] : -1;
        if (v < 0)
            continue; // Node skips whitespace and anything else outside the alphabet
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[p++] = (acc >> bits) & 255;
        }
    }
    return out.subarray(0, p);
}
function base64Text(b, start, end, alphabet, pad) {
    var parts = [];
    var s = '';
    for (var i = start; i < end; i += 3) {
        var n = end - i;
        var v = (b[i] << 16) | ((n > 1 ? b[i + 1] : 0) << 8) | (n > 2 ? b[i + 2] : 0);
        s += alphabet[v >> 18] + alphabet[(v >> 12) & 63] +
             (n > 1 ? alphabet[(v >> 6) & 63] : pad) + (n > 2 ? alphabet[v & 63] : pad);
        if (s.length > 8192) {
            parts.push(s);
            s = '';
        }
    }
    parts.push(s);
    return parts.join('');
}
function hexBytes(s) {
    var out = new Uint8Array(s.length >> 1);
    var p = 0;
    for (; p < out.length; ++p) {
        var v = parseInt(s.substr(p * 2, 2), 16);
        if (isNaN(v) || !/^[0-9a-fA-F]{2}$/.test(s.substr(p * 2, 2)))
            break; // Node stops at the first pair that is not hex
        out[p] = v;
    }
    return out.subarray(0, p);
}
function latin1Bytes(s) {
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; ++i)
        out[i] = s.charCodeAt(i) & 255;
    return out;
}
function utf16Bytes(s) {
    var out = new Uint8Array(s.length * 2);
    for (var i = 0; i < s.length; ++i) {
        var c = s.charCodeAt(i);
        out[2 * i] = c & 255;
        out[2 * i + 1] = c >> 8;
    }
    return out;
}
function encodingOf(e) {
    if (e === undefined || e === null)
        return 'utf8';
    switch (String(e).toLowerCase()) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'hex': return 'hex';
    case 'latin1': case 'binary': return 'latin1';
    case 'ascii': return 'ascii';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    }
    var error = new TypeError('Unknown encoding: ' + e);
    error.code = 'ERR_UNKNOWN_ENCODING';
    throw error;
}
function bytesOf(s, encoding) {
    switch (encodingOf(encoding)) {
    case 'utf8': return utf8Bytes(s);
    case 'base64': case 'base64url': return base64Bytes(s);
    case 'hex': return hexBytes(s);
    case 'latin1': case 'ascii': return latin1Bytes(s);
    default: return utf16Bytes(s);
    }
}
function textOf(b, encoding, start, end) {
    switch (encodingOf(encoding)) {
    case 'utf8': return utf8Text(b, start, end);
    case 'base64': return base64Text(b, start, end, B64, '=');
    case 'base64url': return base64Text(b, start, end, B64_URL, '');
    case 'hex': {
        var parts = [];
        for (var i = start; i < end; ++i)
            parts.push(HEX[b[i]]);
        return parts.join('');
    }
    case 'latin1': return chars(b.subarray(start, end), end - start);
    case 'ascii': return chars(b.subarray(start, end).map(function (c) { return c & 127; }), end - start);
    default: {
        var codes = new Uint16Array((end - start) >> 1);
        for (var k = 0; k < codes.length; ++k)
            codes[k] = b[start + 2 * k] | (b[start + 2 * k + 1] << 8);
        return chars(codes, codes.length);
    }
    }
}

class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
        if (typeof value === 'string')
            return copyOf(bytesOf(value, encodingOrOffset));
        if (value instanceof ArrayBuffer) {
            var offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
            return new Buffer(value, offset, length === undefined ? value.byteLength - offset : Number(length));
        }
        if (ArrayBuffer.isView(value))
            return copyOf(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        if (value !== null && typeof value === 'object') {
            if (value.type === 'Buffer' && Array.isArray(value.data))
                return copyOf(value.data);
            if (typeof value.length === 'number' || Array.isArray(value))
                return copyOf(value);
            if (typeof value.valueOf === 'function' && value.valueOf() !== value)
                return Buffer.from(value.valueOf(), encodingOrOffset, length);
        }
        throw argumentError('first', 'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object', value);
    }
    static alloc(size, fill, encoding) {
        var b = new Buffer(size);
        if (fill !== undefined && fill !== 0)
            b.fill(fill, 0, b.length, encoding);
        return b;
    }
    static allocUnsafe(size) { return new Buffer(size); }
    static allocUnsafeSlow(size) { return new Buffer(size); }
    static isBuffer(b) { return b instanceof Buffer; }
    static isEncoding(e) {
        try {
            return typeof e === 'string' && encodingOf(e) !== undefined;
        } catch (error) {
            return false;
        }
    }
    static byteLength(value, encoding) {
        if (typeof value !== 'string') {
            if (value instanceof ArrayBuffer || ArrayBuffer.isView(value))
                return value.byteLength;
            throw argumentError('string', 'of type string or an instance of Buffer or ArrayBuffer', value);
        }
        return bytesOf(value, encoding).length;
    }
    static concat(list, totalLength) {
        if (!Array.isArray(list))
            throw argumentError('list', 'an instance of Array', list);
        var total = totalLength;
        if (total === undefined) {
            total = 0;
            for (var i = 0; i < list.length; ++i)
                total += list[i].length;
        }
        var out = Buffer.alloc(total);
        var p = 0;
        for (var j = 0; j < list.length && p < total; ++j) {
            var part = list[j];
            if (!(part instanceof Uint8Array))
                throw argumentError('list[' + j + ']', 'an instance of Buffer or Uint8Array', part);
            var n = Math.min(part.length, total - p);
            out.set(n === part.length ? part : part.subarray(0, n), p);
            p += n;
        }
        return out;
    }
    static compare(a, b) { return a.compare(b); }
    toString(encoding, start, end) {
        var s = start === undefined ? 0 : Math.max(0, start | 0);
        var e = end === undefined ? this.length : Math.min(this.length, end | 0);
        return e <= s ? '' : textOf(this, encoding, s, e);
    }
    toJSON() { return { type: 'Buffer', data: Array.prototype.slice.call(this) }; }
    equals(other) { return this.compare(other) === 0; }
    compare(other) {
        var n = Math.min(this.length, other.length);
        for (var i = 0; i < n; ++i) {
            if (this[i] !== other[i])
                return this[i] < other[i] ? -1 : 1;
        }
        return this.length === other.length ? 0 : this.length < other.length ? -1 : 1;
    }
    slice(start, end) { return this.subarray(start, end); } // shares memory, as in Node
    write(string, offset, length, encoding) {
        if (typeof offset === 'string') {
            encoding = offset;
            offset = 0;
            length = undefined;
        } else if (typeof length === 'string') {
            encoding = length;
            length = undefined;
        }
        var at = offset === undefined ? 0 : offset;
        var bytes = bytesOf(string, encoding);
        var n = Math.min(bytes.length, this.length - at, length === undefined ? Infinity : length);
        this.set(bytes.subarray(0, n), at);
        return n;
    }
    fill(value, offset, end, encoding) {
        if (typeof value === 'string') {
            var bytes = bytesOf(value, typeof offset === 'string' ? offset : encoding);
            var s = typeof offset === 'number' ? offset : 0;
            var e = typeof end === 'number' ? end : this.length;
            for (var i = s; i < e && bytes.length; ++i)
                this[i] = bytes[(i - s) % bytes.length];
            return this;
        }
        return Uint8Array.prototype.fill.call(this, value, offset, end);
    }
    indexOf(value, from, encoding) {
        if (typeof value === 'number')
            return Uint8Array.prototype.indexOf.call(this, value & 255, from);
        var needle = typeof value === 'string' ? bytesOf(value, encoding) : value;
        var start = from === undefined ? 0 : from < 0 ? Math.max(0, this.length + from) : from;
        outer: for (var i = start; i + needle.length <= this.length; ++i) {
            for (var j = 0; j < needle.length; ++j) {
                if (this[i + j] !== needle[j])
                    continue outer;
            }
            return i;
        }
        return -1;
    }
    includes(value, from, encoding) { return this.indexOf(value, from, encoding) !== -1; }
}
function copyOf(bytes) {
    var b = new Buffer(bytes.length);
    for (var i = 0; i < bytes.length; ++i)
        b[i] = bytes[i];
    return b;
}
[['UInt8', 1, 'Uint8'], ['Int8', 1, 'Int8'], ['UInt16', 2, 'Uint16'], ['Int16', 2, 'Int16'],
 ['UInt32', 4, 'Uint32'], ['Int32', 4, 'Int32'], ['Float', 4, 'Float32'], ['Double', 8, 'Float64']]
    .forEach(function (t) {
        var name = t[0], size = t[1], view = t[2];
        [['LE', true], ['BE', false]].forEach(function (order) {
            var suffix = size === 1 ? '' : order[0];
            function dv(b, offset) {
                var at = offset === undefined ? 0 : offset;
                if (at < 0 || at + size > b.length) {
                    var e = new RangeError('The value of "offset" is out of range. It must be >= 0 and <= ' +
                                           (b.length - size) + '. Received ' + at);
                    e.code = 'ERR_OUT_OF_RANGE';
                    throw e;
                }
                return [new DataView(b.buffer, b.byteOffset, b.byteLength), at];
            }
            Buffer.prototype['read' + name + suffix] = function (offset) {
                var d = dv(this, offset);
                return d[0]['get' + view](d[1], order[1]);
            };
            Buffer.prototype['write' + name + suffix] = function (value, offset) {
                var d = dv(this, offset);
                d[0]['set' + view](d[1], value, order[1]);
                return d[1] + size;
            };
            if (name.indexOf('UInt') === 0) { // Node's lowercase aliases
                Buffer.prototype['readUint' + name.slice(4) + suffix] = Buffer.prototype['read' + name + suffix];
                Buffer.prototype['writeUint' + name.slice(4) + suffix] = Buffer.prototype['write' + name + suffix];
            }
        });
    });
global.Buffer = Buffer;
global.atob = function (s) { return textOf(base64Bytes(String(s)), 'latin1', 0, base64Bytes(String(s)).length); };
global.btoa = function (s) { var b = latin1Bytes(String(s)); return base64Text(b, 0, b.length, B64, '='); };
function TextEncoder() {}
TextEncoder.prototype.encoding = 'utf-8';
TextEncoder.prototype.encode = function (s) { return new Uint8Array(utf8Bytes(s === undefined ? '' : String(s))); };
function TextDecoder(label) {
    if (label !== undefined && encodingOf(label) !== 'utf8')
        throw new RangeError('The "' + label + '" encoding is not supported');
}
TextDecoder.prototype.encoding = 'utf-8';
TextDecoder.prototype.decode = function (b) {
    if (b === undefined)
        return '';
    var bytes = b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return utf8Text(bytes, 0, bytes.length);
};
global.TextEncoder = TextEncoder;
global.TextDecoder = TextDecoder;

// crypto: hashes and HMACs by the worker (QCryptographicHash), random bytes from the system.
var DIGESTS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3-256', 'sha3-512'];
function Hash(algorithm, key) {
    var name = String(algorithm).toLowerCase().replace(/^rsa-/, '');
    if (DIGESTS.indexOf(name) < 0)
        throw new Error(key === undefined ? 'Digest method not supported' : 'Invalid digest: ' + algorithm);
    this._algorithm = name;
    this._key = key;
    this._parts = [];
}
Hash.prototype.update = function (data, encoding) {
    this._parts.push(typeof data === 'string' ? Buffer.from(data, encoding) : Buffer.from(data));
    return this;
};
Hash.prototype.digest = function (encoding) {
    var data = Buffer.concat(this._parts);
    var hex = native.digest(this._algorithm, this._key === undefined ? '' : this._key.toString('base64'),
                            data.toString('base64'), this._key !== undefined);
    var out = Buffer.from(hex, 'hex');
    return encoding === undefined || encoding === 'buffer' ? out : out.toString(encoding);
};
function randomBytes(n, callback) {
    var b = Buffer.from(native.randomHex(Number(n) || 0), 'hex');
    if (typeof callback === 'function') {
        Promise.resolve().then(function () { callback(null, b); });
        return undefined;
    }
    return b;
}
function randomUUID() {
    var b = randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = b.toString('hex');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}
var crypto = {
    createHash: function (algorithm) { return new Hash(algorithm); },
    createHmac: function (algorithm, key) {
        return new Hash(algorithm, typeof key === 'string' ? Buffer.from(key) : Buffer.from(key));
    },
    randomBytes: randomBytes,
    randomUUID: randomUUID,
    randomInt: function (min, max) {
        if (max === undefined) {
            max = min;
            min = 0;
        }
        return min + Math.floor(randomBytes(4).readUInt32BE(0) / 4294967296 * (max - min));
    },
    getRandomValues: function (array) {
        var b = randomBytes(array.byteLength);
        new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(b);
        return array;
    },
    timingSafeEqual: function (a, b) {
        if (a.length !== b.length)
            throw new RangeError('Input buffers must have the same byte length');
        var d = 0;
        for (var i = 0; i < a.length; ++i)
            d |= a[i] ^ b[i];
        return d === 0;
    },
    getHashes: function () { return DIGESTS.slice(); }
};
crypto.webcrypto = { getRandomValues: crypto.getRandomValues, randomUUID: randomUUID };
if (typeof global.crypto === 'undefined')
    global.crypto = crypto.webcrypto;

return {
    buffer: { Buffer: Buffer, constants: { MAX_LENGTH: 2147483647 } },
    crypto: crypto,
    // The worker fires timer `id` when it is due.
    fire: function (id) {
        var e = timers[id];
        if (!e)
            return;
        if (e.repeat) {
            native.setTimer(id, e.delay);
        } else {
            delete timers[id];
            if (e.ref)
                --referenced;
        }
        try {
            e.fn.apply(undefined, e.args);
        } finally {
            idle();
        }
    },
    // An invocation is answered or abandoned: its timers go with it.
    clear: function () {
        timers = {};
        referenced = 0;
        onIdle = null;
    },
    // A callback's answer waits until nothing is pending (callbackWaitsForEmptyEventLoop).
    whenIdle: function (pending, f) {
        busy = pending;
        if (referenced === 0 && pending() === 0) {
            onIdle = null;
            f();
        } else {
            onIdle = f;
        }
    },
    idle: idle,
    busy: function () { return referenced; },
    // Node's ERR_INVALID_ARG_TYPE, for the modules written in JavaScript (nodemodules.cpp).
    argumentError: argumentError
};
}))JS";

} // namespace

QString nodeGlobalsScript()
{
    return QString::fromUtf8(kNodeGlobals);
}

} // namespace Gatehouse::Functions
