// What the JavaScript runtime asks of its worker besides the invocation itself: files for
// require('./x'), the timers' due times and fetch's requests. Worker thread only, like
// FunctionWorker.
#include "functionworker.h"

#include "transpile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJSEngine>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>

#include <sys/stat.h>

#include <algorithm>
#include <climits>

namespace Gatehouse::Functions {

namespace {

qint64 modifiedNs(const struct stat &st)
{
    return qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

} // namespace

QJSValue FunctionWorker::compile(const QString &path, QString *problem)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return QJSValue();
    }
    QString source = QString::fromUtf8(file.readAll());
    if (source.startsWith(QLatin1String("#!")))
        source.insert(0, QLatin1String("//"));
    const QString wrapped =
        QStringLiteral("(function (exports, require, module, __filename, __dirname) {") +
        transpileForEngine(source) + QStringLiteral("\n})");
    const QJSValue wrapper = m_engine->evaluate(wrapped, path, 1);
    if (wrapper.isError() || m_engine->hasError()) {
        const QJSValue e = m_engine->hasError() ? m_engine->catchError() : wrapper;
        *problem = QStringLiteral("%1 (%2:%3)").arg(e.toString(), path,
                                                    e.property(QStringLiteral("lineNumber")).toString());
        return QJSValue(QJSValue::NullValue);
    }
    return wrapper;
}

// Node's resolution of a file or folder: the file, then .js, .json, /index.js, /index.json.
// Records the file for the reload check. False when none of them is a file.
bool FunctionWorker::resolveFile(const QString &base, QJSValue &out)
{
    static const char *const suffixes[] = {"", ".js", ".json", "/index.js", "/index.json"};
    for (const char *suffix : suffixes) {
        const QString candidate = base + QLatin1String(suffix);
        struct stat st;
        if (::stat(QFile::encodeName(candidate).constData(), &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        const auto fn = m_functions.find(m_functionPath);
        if (fn != m_functions.end())
            fn->modules.insert(candidate, {modifiedNs(st), qint64(st.st_size)});
        out.setProperty(QStringLiteral("path"), candidate);
        out.setProperty(QStringLiteral("dirname"), candidate.left(candidate.lastIndexOf(u'/')));
        return true;
    }
    return false;
}

namespace {

bool within(const QString &path, const QString &root)
{
    return !root.isEmpty() && (path == root || path.startsWith(root + u'/'));
}

// A package's entry point from its package.json: "exports" (a string, or the "." entry, itself
// a string or conditions of which "require", "node" and "default" are taken, in that order),
// else "main". Empty when it names none.
QString packageEntry(const QString &packageDir)
{
    QFile file(packageDir + QStringLiteral("/package.json"));
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    const QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
    QJsonValue exports = manifest.value(QLatin1String("exports"));
    if (exports.isObject() && exports.toObject().contains(QLatin1String(".")))
        exports = exports.toObject().value(QLatin1String("."));
    if (exports.isObject()) {
        const QJsonObject conditions = exports.toObject();
        for (const char *condition : {"require", "node", "default"}) {
            if (conditions.value(QLatin1String(condition)).isString()) {
                exports = conditions.value(QLatin1String(condition));
                break;
            }
        }
    }
    if (exports.isString())
        return exports.toString();
    return manifest.value(QLatin1String("main")).toString();
}

} // namespace

// require('./x'): relative to the requiring file, inside the functions folder only (what a
// Lambda package holds).
QJSValue FunctionWorker::jsResolveModule(const QString &fromDirectory, const QString &request)
{
    QJSValue out = m_engine->newObject();
    const QString root = m_job ? QDir::cleanPath(m_job->directory) : QString();
    const QString base = QDir::cleanPath(request.startsWith(u'/') ? request : fromDirectory + u'/' + request);
    if (within(base, root) && resolveFile(base, out))
        return out;
    out.setProperty(QStringLiteral("error"),
                    QStringLiteral("Cannot find module '%1' (from %2; modules are looked for in "
                                   "the functions folder as FILE, FILE.js, FILE.json, FILE/index.js)")
                        .arg(request, fromDirectory));
    return out;
}

// require('pkg'), require('@scope/pkg/sub'): node_modules/ of the requiring file's folder and of
// each folder above it, up to the functions folder, as Node looks for packages.
QJSValue FunctionWorker::jsResolvePackage(const QString &fromDirectory, const QString &request)
{
    QJSValue out = m_engine->newObject();
    const QString root = m_job ? QDir::cleanPath(m_job->directory) : QString();
    const QStringList parts = request.split(u'/');
    const int nameParts = request.startsWith(u'@') ? 2 : 1;
    const bool valid = parts.size() >= nameParts &&
                       std::none_of(parts.begin(), parts.end(), [](const QString &part) {
                           return part.isEmpty() || part == u"." || part == u"..";
                       });
    if (valid) {
        const QString name = parts.mid(0, nameParts).join(u'/');
        const QString subpath = parts.mid(nameParts).join(u'/');
        for (QString dir = QDir::cleanPath(fromDirectory); within(dir, root);
             dir = dir.left(qMax(0, int(dir.lastIndexOf(u'/'))))) {
            const QString package = dir + QStringLiteral("/node_modules/") + name;
            if (!QFileInfo(package).isDir())
                continue;
            if (!subpath.isEmpty()) {
                if (resolveFile(package + u'/' + subpath, out))
                    return out;
                break;
            }
            const QString entry = packageEntry(package);
            if ((!entry.isEmpty() && resolveFile(QDir::cleanPath(package + u'/' + entry), out)) ||
                resolveFile(package + QStringLiteral("/index"), out))
                return out;
            break;
        }
    }
    out.setProperty(QStringLiteral("error"),
                    QStringLiteral("Cannot find module '%1' (from %2; packages are looked for in "
                                   "node_modules folders inside the functions folder)")
                        .arg(request, fromDirectory));
    return out;
}

QJSValue FunctionWorker::jsCompileModule(const QString &path)
{
    QJSValue out = m_engine->newObject();
    if (path.endsWith(QLatin1String(".json"))) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            out.setProperty(QStringLiteral("json"), QString::fromUtf8(file.readAll()));
        else
            out.setProperty(QStringLiteral("error"),
                            QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return out;
    }
    QString problem;
    const QJSValue wrapper = compile(path, &problem);
    if (problem.isEmpty()) {
        out.setProperty(QStringLiteral("wrapper"), wrapper);
    } else {
        const bool syntax = !wrapper.isUndefined();
        out.setProperty(QStringLiteral("error"),
                        syntax && problem.startsWith(QLatin1String("SyntaxError: ")) ? problem.mid(13) : problem);
        out.setProperty(QStringLiteral("syntax"), syntax);
    }
    return out;
}

void FunctionWorker::jsSetTimer(int id, int delayMs)
{
    if (!m_job)
        return;
    const auto existing = m_timerKeys.constFind(id);
    if (existing != m_timerKeys.cend())
        m_timerQueue.erase(*existing);
    const TimerKey key{monotonicMs() + qMax(0, delayMs), ++m_timerOrder};
    m_timerQueue.emplace(key, id);
    m_timerKeys.insert(id, key);
    armTimer();
}

void FunctionWorker::jsClearTimer(int id)
{
    const auto existing = m_timerKeys.constFind(id);
    if (existing == m_timerKeys.cend())
        return;
    m_timerQueue.erase(*existing);
    m_timerKeys.erase(existing);
    armTimer();
}

void FunctionWorker::armTimer()
{
    if (m_timerQueue.empty()) {
        m_timer.stop();
        m_timerArmedFor = -1;
        return;
    }
    const qint64 due = m_timerQueue.begin()->first.first;
    if (m_timer.isActive() && due == m_timerArmedFor)
        return;
    m_timer.start(int(qBound(qint64(0), due - monotonicMs(), qint64(INT_MAX))), Qt::PreciseTimer, this);
    m_timerArmedFor = due;
}

void FunctionWorker::dropTimers()
{
    m_timerQueue.clear();
    m_timerKeys.clear();
    m_timer.stop();
    m_timerArmedFor = -1;
}

QString FunctionWorker::jsDigest(const QString &algorithm, const QString &keyBase64,
                                 const QString &dataBase64, bool hmac)
{
    static const std::pair<const char *, QCryptographicHash::Algorithm> algorithms[] = {
        {"md5", QCryptographicHash::Md5},           {"sha1", QCryptographicHash::Sha1},
        {"sha224", QCryptographicHash::Sha224},     {"sha256", QCryptographicHash::Sha256},
        {"sha384", QCryptographicHash::Sha384},     {"sha512", QCryptographicHash::Sha512},
        {"sha3-256", QCryptographicHash::Sha3_256}, {"sha3-512", QCryptographicHash::Sha3_512}};
    const QByteArray data = QByteArray::fromBase64(dataBase64.toLatin1());
    for (const auto &[name, method] : algorithms) {
        if (algorithm != QLatin1String(name))
            continue;
        const QByteArray out =
            hmac ? QMessageAuthenticationCode::hash(data, QByteArray::fromBase64(keyBase64.toLatin1()), method)
                 : QCryptographicHash::hash(data, method);
        return QString::fromLatin1(out.toHex());
    }
    return QString();
}

QString FunctionWorker::jsRandomHex(int bytes)
{
    QByteArray out(qBound(0, bytes, 1 << 20), Qt::Uninitialized);
    for (qsizetype i = 0; i < out.size(); i += 4) {
        const quint32 r = QRandomGenerator::system()->generate();
        for (qsizetype k = 0; k < 4 && i + k < out.size(); ++k)
            out[i + k] = char(r >> (8 * k));
    }
    return QString::fromLatin1(out.toHex());
}

void FunctionWorker::jsFetch(int id, const QString &method, const QString &url, const QString &headersJson,
                             bool hasBody, const QString &bodyBase64)
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    const int seq = m_seq;
    QNetworkRequest request{QUrl(url)};
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    const QJsonObject headers = QJsonDocument::fromJson(headersJson.toUtf8()).object();
    for (auto h = headers.constBegin(); h != headers.constEnd(); ++h)
        request.setRawHeader(h.key().toUtf8(), h->toString().toUtf8());
    const QByteArray body = QByteArray::fromBase64(bodyBase64.toLatin1());
    // HEAD through head(): as a custom verb Qt would wait for a body its Content-Length announces.
    QNetworkReply *reply = method == u"HEAD" ? m_network->head(request)
                           : hasBody         ? m_network->sendCustomRequest(request, method.toLatin1(), body)
                                             : m_network->sendCustomRequest(request, method.toLatin1());
    reply->setProperty("fetchId", id);
    m_fetches.append(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, seq, id] {
        reply->deleteLater();
        if (!m_fetches.removeOne(reply) || !m_job || seq != m_seq)
            return;
        QJSValueList args{id};
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (!status.isValid()) {
            // No HTTP answer at all: refused, unresolved, TLS ... (fetch rejects with a TypeError).
            args << QJSValue() << QJSValue() << QJSValue() << QJSValue() << reply->errorString()
                 << QJSValue();
        } else {
            QJsonObject headers;
            for (const auto &[name, value] : reply->rawHeaderPairs()) {
                const QString key = QString::fromLatin1(name).toLower();
                // Qt joins repeated headers (Set-Cookie) with a line feed; fetch's Headers use ", ".
                const QString text = QString::fromUtf8(value).replace(u'\n', QStringLiteral(", "));
                const QString joined = headers.contains(key)
                                           ? QString(headers.value(key).toString() + QStringLiteral(", ") + text)
                                           : text;
                headers.insert(key, joined);
            }
            args << status.toInt()
                 << reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()
                 << QString::fromUtf8(QJsonDocument(headers).toJson(QJsonDocument::Compact))
                 << QString::fromLatin1(reply->readAll().toBase64()) << QJSValue()
                 << reply->url().toString(QUrl::FullyEncoded);
        }
        answerJs(m_fetchReply, args);
    });
}

void FunctionWorker::jsFetchAbort(int id)
{
    const auto it = std::find_if(m_fetches.cbegin(), m_fetches.cend(), [id](const QNetworkReply *reply) {
        return reply->property("fetchId").toInt() == id;
    });
    // The runtime has already rejected the call: the reply is dropped unheard (abort() emits
    // finished() at once, which would re-enter the runtime in the middle of this call).
    if (it == m_fetches.cend())
        return;
    QNetworkReply *reply = *it;
    m_fetches.removeOne(reply);
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

} // namespace Gatehouse::Functions
