#include "runtimescript.h"

namespace Gatehouse::Functions {

// The `fs` module, part of nodeModulesScript()'s function (nodemodules.cpp): it uses that
// function's `native`, `path`, `checkString` and `argumentError`, and defines `fs`.
extern const char kNodeFs[];
const char kNodeFs[] = R"JS(
// fs: files as a Lambda function has them. /var/task (the working directory, so relative
// paths too) is the functions folder; any other path is the machine's own, /tmp included.
function realPath(p) {
    if (p instanceof URL)
        p = decodeURIComponent(p.pathname);
    else if (global.Buffer.isBuffer(p))
        p = p.toString('utf8');
    checkString(p, 'path');
    var full = path.resolve(p);
    var task = global.process.env.LAMBDA_TASK_ROOT;
    if (task && (full === '/var/task' || full.indexOf('/var/task/') === 0))
        return task + full.slice('/var/task'.length);
    return full;
}
function fsCall(op, syscall, p, arg) {
    var r = native.fs(op, realPath(p), arg === undefined ? '' : arg);
    if (r.code !== undefined) {
        var e = new Error(r.code + ': ' + r.description + ', ' + syscall + " '" + String(p) + "'" +
                          (op === 'rename' ? " -> '" + arg + "'" : ''));
        e.errno = r.errno;
        e.code = r.code;
        e.syscall = syscall;
        e.path = String(p);
        throw e;
    }
    return r;
}
function encodingOf(options) {
    return typeof options === 'string' ? options : options && options.encoding ? options.encoding : null;
}
function dataBase64(data, options) {
    if (typeof data === 'string')
        return global.Buffer.from(data, encodingOf(options) || 'utf8').toString('base64');
    if (data instanceof Uint8Array || global.Buffer.isBuffer(data))
        return global.Buffer.from(data).toString('base64');
    throw argumentError('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}
function Stats(r) {
    this.size = r.size;
    this.mode = r.mode;
    this.mtimeMs = r.mtimeMs;
    this.ctimeMs = r.ctimeMs;
    this.atimeMs = r.atimeMs;
    this.birthtimeMs = r.ctimeMs;
    this.mtime = new Date(r.mtimeMs);
    this.ctime = new Date(r.ctimeMs);
    this.atime = new Date(r.atimeMs);
    this.birthtime = new Date(r.ctimeMs);
    Object.defineProperty(this, '_type', { value: r.type });
}
Stats.prototype.isFile = function () { return this._type === 'file'; };
Stats.prototype.isDirectory = function () { return this._type === 'directory'; };
Stats.prototype.isSymbolicLink = function () { return this._type === 'link'; };
function Dirent(name, type, parent) {
    this.name = name;
    this.parentPath = parent;
    this.path = parent;
    Object.defineProperty(this, '_type', { value: type });
}
Dirent.prototype.isFile = Stats.prototype.isFile;
Dirent.prototype.isDirectory = Stats.prototype.isDirectory;
Dirent.prototype.isSymbolicLink = Stats.prototype.isSymbolicLink;
var fs = { constants: { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 }, Stats: Stats, Dirent: Dirent };
fs.readFileSync = function (p, options) {
    var r;
    try {
        r = fsCall('read', 'open', p);
    } catch (e) {
        if (e.code !== 'EFBIG')
            throw e;
        var big = new RangeError('File size is greater than 1 GiB');
        big.code = 'ERR_FS_FILE_TOO_LARGE';
        throw big;
    }
    var bytes = global.Buffer.from(r.data, 'base64');
    var encoding = encodingOf(options);
    return encoding ? bytes.toString(encoding) : bytes;
};
// The flags: w (the default), a (append), either with x (the file must not exist yet).
function writeOp(flag, fallback) {
    var f = String(flag || fallback);
    var op = f.indexOf('a') >= 0 ? 'append' : 'write';
    return f.indexOf('x') >= 0 ? op + 'x' : op;
}
fs.writeFileSync = function (p, data, options) {
    var flag = options && typeof options === 'object' && options.flag;
    fsCall(writeOp(flag, 'w'), 'open', p, dataBase64(data, options));
};
fs.appendFileSync = function (p, data, options) {
    var flag = options && typeof options === 'object' && options.flag;
    fsCall(writeOp(flag, 'a'), 'open', p, dataBase64(data, options));
};
function stat(op) {
    return function (p, options) {
        try {
            return new Stats(fsCall(op, op, p));
        } catch (e) {
            if (options && options.throwIfNoEntry === false && e.code === 'ENOENT')
                return undefined;
            throw e;
        }
    };
}
fs.statSync = stat('stat');
fs.lstatSync = stat('lstat');
fs.existsSync = function (p) {
    try {
        return native.fs('stat', realPath(p), '').code === undefined;
    } catch (e) {
        return false;
    }
};
fs.accessSync = function (p) { fsCall('stat', 'access', p); };
fs.readdirSync = function (p, options) {
    var r = fsCall('readdir', 'scandir', p);
    var order = r.names.map(function (n, i) { return i; }).sort(function (a, b) {
        return r.names[a] < r.names[b] ? -1 : r.names[a] > r.names[b] ? 1 : 0;
    });
    if (options && options.withFileTypes)
        return order.map(function (i) { return new Dirent(r.names[i], r.types[i], String(p)); });
    return order.map(function (i) { return r.names[i]; });
};
fs.mkdirSync = function (p, options) {
    var recursive = options && typeof options === 'object' && options.recursive;
    if (!recursive) {
        fsCall('mkdir', 'mkdir', p);
        return undefined;
    }
    // Returns the first directory it made, as Node does.
    var first;
    for (var at = path.resolve(p); !fs.existsSync(at); at = path.dirname(at)) {
        first = at;
        if (path.dirname(at) === at)
            break;
    }
    fsCall('mkdirp', 'mkdir', p);
    return first;
};
fs.unlinkSync = function (p) { fsCall('unlink', 'unlink', p); };
fs.rmdirSync = function (p) { fsCall('rmdir', 'rmdir', p); };
fs.rmSync = function (p, options) {
    options = options || {};
    var st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (st === undefined) {
        if (options.force)
            return;
        fsCall('lstat', 'lstat', p);
    }
    if (st.isDirectory() && !options.recursive) {
        var e = new Error('Path is a directory: rm returned EISDIR (is a directory) ' + p);
        e.code = 'ERR_FS_EISDIR';
        throw e;
    }
    fsCall('rm', 'rm', p);
};
fs.renameSync = function (from, to) { fsCall('rename', 'rename', from, realPath(to)); };
fs.copyFileSync = function (from, to) {
    fsCall('write', 'copyfile', to, fsCall('read', 'copyfile', from).data);
};
// The promise and callback forms run the synchronous call (files here are local and small).
var promiseNames = ['readFile', 'writeFile', 'appendFile', 'stat', 'lstat', 'access', 'readdir', 'mkdir',
                    'unlink', 'rmdir', 'rm', 'rename', 'copyFile'];
fs.promises = {};
promiseNames.forEach(function (name) {
    var sync = fs[name + 'Sync'];
    fs.promises[name] = function () {
        var args = arguments;
        return new Promise(function (resolve) { resolve(sync.apply(fs, args)); });
    };
    fs[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        var callback = args.pop();
        if (typeof callback !== 'function')
            throw argumentError('cb', 'of type function', callback);
        var result, error = null;
        try {
            result = sync.apply(fs, args);
        } catch (e) {
            error = e;
        }
        global.setImmediate(function () {
            if (error)
                callback(error);
            else
                callback(null, result);
        });
    };
});
fs.exists = function (p, callback) {
    var there = fs.existsSync(p);
    global.setImmediate(function () { callback(there); });
};
fs.promises.constants = fs.constants;

)JS";

} // namespace Gatehouse::Functions
