// The `fs` module's native side: POSIX calls on the worker thread, their errno reported as
// Node reports it (code, errno, the libuv description). Paths arrive already mapped (Lambda's
// /var/task is the functions folder; see nodemodules.cpp).
#include "functionworker.h"

#include <QFile>
#include <QJSEngine>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Gatehouse::Functions {

namespace {

struct ErrnoName
{
    int number;
    const char *code;
    const char *description;
};
// libuv's wording, which Node's messages use.
constexpr ErrnoName kErrnos[] = {
    {ENOENT, "ENOENT", "no such file or directory"},
    {EACCES, "EACCES", "permission denied"},
    {EEXIST, "EEXIST", "file already exists"},
    {ENOTDIR, "ENOTDIR", "not a directory"},
    {EISDIR, "EISDIR", "illegal operation on a directory"},
    {ENOTEMPTY, "ENOTEMPTY", "directory not empty"},
    {EPERM, "EPERM", "operation not permitted"},
    {EROFS, "EROFS", "read-only file system"},
    {ENOSPC, "ENOSPC", "no space left on device"},
    {EINVAL, "EINVAL", "invalid argument"},
    {EBUSY, "EBUSY", "resource busy or locked"},
    {ENAMETOOLONG, "ENAMETOOLONG", "name too long"},
    {ELOOP, "ELOOP", "too many symbolic links encountered"},
    {EXDEV, "EXDEV", "cross-device link not permitted"},
    {EFBIG, "EFBIG", "file too large"},
};

QByteArray path8(const QString &path)
{
    return QFile::encodeName(path);
}

double millis(const timespec &t)
{
    return double(t.tv_sec) * 1000.0 + double(t.tv_nsec) / 1e6;
}

// Files read whole stop here (Node's own limit is 2 GiB; a device such as /dev/zero has none).
constexpr qsizetype kReadLimit = qsizetype(1) << 30;

bool readAll(int fd, QByteArray &data)
{
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0)
            return true;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (data.size() + n > kReadLimit) {
            errno = EFBIG;
            return false;
        }
        data.append(buffer, n);
    }
}

bool writeAll(int fd, const QByteArray &data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        done += n;
    }
    return true;
}

// Removes a tree, as rm -r: false with errno set on the first failure.
bool removeTree(const QByteArray &path)
{
    struct stat st;
    if (::lstat(path.constData(), &st) != 0)
        return false;
    if (!S_ISDIR(st.st_mode))
        return ::unlink(path.constData()) == 0;
    DIR *dir = ::opendir(path.constData());
    if (!dir)
        return false;
    bool ok = true;
    while (dirent *entry = ::readdir(dir)) {
        const QByteArray name(entry->d_name);
        if (name == "." || name == "..")
            continue;
        if (!removeTree(path + '/' + name)) {
            ok = false;
            break;
        }
    }
    const int saved = errno;
    ::closedir(dir);
    if (!ok) {
        errno = saved;
        return false;
    }
    return ::rmdir(path.constData()) == 0;
}

bool makePath(const QByteArray &path)
{
    if (::mkdir(path.constData(), 0777) == 0)
        return true;
    if (errno == EEXIST) {
        struct stat st;
        if (::stat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode))
            return true;
        errno = EEXIST;
        return false;
    }
    if (errno != ENOENT)
        return false;
    const qsizetype slash = path.lastIndexOf('/');
    if (slash <= 0 || !makePath(path.left(slash)))
        return false;
    return ::mkdir(path.constData(), 0777) == 0 || errno == EEXIST;
}

} // namespace

// op: read, write, append (writex, appendx: only a new file), stat, lstat, readdir, mkdir, mkdirp, unlink, rmdir, rm (a tree),
// rename (to `arg`). Answers { ...result } or { code, errno, description }.
QJSValue FunctionWorker::jsFs(const QString &op, const QString &path, const QString &arg)
{
    QJSValue out = m_engine->newObject();
    const QByteArray p = path8(path);
    bool ok = true;
    if (op == u"read") {
        const int fd = ::open(p.constData(), O_RDONLY | O_CLOEXEC);
        QByteArray data;
        ok = fd >= 0;
        if (ok) {
            struct stat st;
            if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
                errno = EISDIR;
                ok = false;
            } else {
                ok = readAll(fd, data);
            }
            const int saved = errno;
            ::close(fd);
            errno = saved;
        }
        if (ok)
            out.setProperty(QStringLiteral("data"), QString::fromLatin1(data.toBase64()));
    } else if (op == u"write" || op == u"append" || op == u"writex" || op == u"appendx") {
        const bool append = op.startsWith(u"append");
        const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC) |
                          (op.endsWith(u'x') ? O_EXCL : 0);
        const int fd = ::open(p.constData(), flags, 0666);
        ok = fd >= 0;
        if (ok) {
            ok = writeAll(fd, QByteArray::fromBase64(arg.toLatin1()));
            const int saved = errno;
            ::close(fd);
            errno = saved;
        }
    } else if (op == u"stat" || op == u"lstat") {
        struct stat st;
        ok = (op == u"stat" ? ::stat(p.constData(), &st) : ::lstat(p.constData(), &st)) == 0;
        if (ok) {
            out.setProperty(QStringLiteral("type"), S_ISREG(st.st_mode)   ? QStringLiteral("file")
                                                    : S_ISDIR(st.st_mode) ? QStringLiteral("directory")
                                                    : S_ISLNK(st.st_mode) ? QStringLiteral("link")
                                                                          : QStringLiteral("other"));
            out.setProperty(QStringLiteral("size"), double(st.st_size));
            out.setProperty(QStringLiteral("mode"), int(st.st_mode));
            out.setProperty(QStringLiteral("mtimeMs"), millis(st.st_mtim));
            out.setProperty(QStringLiteral("ctimeMs"), millis(st.st_ctim));
            out.setProperty(QStringLiteral("atimeMs"), millis(st.st_atim));
        }
    } else if (op == u"readdir") {
        DIR *dir = ::opendir(p.constData());
        ok = dir != nullptr;
        if (ok) {
            QJSValue names = m_engine->newArray();
            QJSValue types = m_engine->newArray();
            quint32 i = 0;
            while (dirent *entry = ::readdir(dir)) {
                const QByteArray name(entry->d_name);
                if (name == "." || name == "..")
                    continue;
                names.setProperty(i, QFile::decodeName(name));
                types.setProperty(i, entry->d_type == DT_DIR ? QStringLiteral("directory")
                                     : entry->d_type == DT_REG ? QStringLiteral("file")
                                     : entry->d_type == DT_LNK ? QStringLiteral("link")
                                                               : QStringLiteral("other"));
                ++i;
            }
            ::closedir(dir);
            out.setProperty(QStringLiteral("names"), names);
            out.setProperty(QStringLiteral("types"), types);
        }
    } else if (op == u"mkdir") {
        ok = ::mkdir(p.constData(), 0777) == 0;
    } else if (op == u"mkdirp") {
        ok = makePath(p);
    } else if (op == u"unlink") {
        ok = ::unlink(p.constData()) == 0;
    } else if (op == u"rmdir") {
        ok = ::rmdir(p.constData()) == 0;
    } else if (op == u"rm") {
        ok = removeTree(p);
    } else if (op == u"rename") {
        ok = ::rename(p.constData(), path8(arg).constData()) == 0;
    } else {
        errno = EINVAL;
        ok = false;
    }
    if (!ok) {
        const int number = errno;
        QString code = QStringLiteral("EIO");
        QString description = QString::fromLocal8Bit(strerror(number));
        for (const ErrnoName &e : kErrnos) {
            if (e.number == number) {
                code = QLatin1String(e.code);
                description = QLatin1String(e.description);
            }
        }
        out.setProperty(QStringLiteral("code"), code);
        out.setProperty(QStringLiteral("errno"), -number);
        out.setProperty(QStringLiteral("description"), description);
    }
    return out;
}

} // namespace Gatehouse::Functions
