#include "httpintegration.h"

#include "gatewaylogging.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <algorithm>

namespace Gatehouse::Gateway {

namespace {

constexpr int DefaultTimeoutMs = 29000;
constexpr int MinTimeoutMs = 50;

bool nameIs(QByteArrayView name, QByteArrayView lower)
{
    return name.compare(lower, Qt::CaseInsensitive) == 0;
}

// Hop-by-hop headers (RFC 9110 7.6.1) and the ones the client library frames itself.
bool isHopByHop(QByteArrayView name)
{
    static const char *const names[] = {"connection", "keep-alive", "proxy-connection",
                                        "te", "trailer", "transfer-encoding", "upgrade",
                                        "host", "content-length", "expect"};
    for (const char *n : names) {
        if (nameIs(name, n))
            return true;
    }
    return false;
}

void setHeader(Http::HeaderList &headers, const QByteArray &name, const QByteArray &value)
{
    headers.removeIf([&](const auto &h) { return nameIs(h.first, name); });
    headers.append({name, value});
}

const QString *findValue(const Vtl::NameValueList &list, const QString &name)
{
    for (const auto &[n, v] : list) {
        if (n == name)
            return &v;
    }
    return nullptr;
}

// ${stageVariables.name} -> the stage variable's value (empty when undefined, as API Gateway).
QString substituteStageVariables(const QString &uri, const CompiledStage &stage)
{
    static const QLatin1String open("${stageVariables.");
    QString out;
    qsizetype from = 0;
    while (true) {
        const qsizetype start = uri.indexOf(open, from);
        const qsizetype end = start < 0 ? -1 : uri.indexOf(u'}', start);
        if (start < 0 || end < 0) {
            out += QStringView(uri).mid(from);
            return out;
        }
        out += QStringView(uri).mid(from, start - from);
        const QString name = uri.mid(start + open.size(), end - start - open.size());
        for (const auto &[n, v] : stage.variables) {
            if (n == name) {
                out += v;
                break;
            }
        }
        from = end + 1;
    }
}

// {name} / {name+} in the uri -> the mapped path value, percent-encoded.
QString substitutePathParameters(const QString &uri, const IntegrationCall &call)
{
    QString out;
    qsizetype from = 0;
    while (true) {
        const qsizetype start = uri.indexOf(u'{', from);
        const qsizetype end = start < 0 ? -1 : uri.indexOf(u'}', start);
        if (start < 0 || end < 0) {
            out += QStringView(uri).mid(from);
            return out;
        }
        out += QStringView(uri).mid(from, start - from);
        QString name = uri.mid(start + 1, end - start - 1);
        const bool greedy = name.endsWith(u'+');
        if (greedy)
            name.chop(1);
        const QString *value = nullptr;
        for (const IntegrationCall::Parameter &p : call.parameters) {
            if (p.location == QLatin1String("path") && p.name == name)
                value = &p.value;
        }
        if (!value)
            value = findValue(call.pathParameters, name);
        if (value) {
            // A greedy value spans segments: its slashes stay path separators.
            const QByteArray keep = greedy || name == QLatin1String("proxy") ? "/" : "";
            out += QString::fromLatin1(QUrl::toPercentEncoding(*value, keep));
        }
        from = end + 1;
    }
}

QByteArray encodeQueryPart(const QString &s)
{
    return QUrl::toPercentEncoding(s);
}

// "Host: example.com:3000" -> "3000"; empty when the host names no port.
QByteArray portOfHost(QByteArrayView host)
{
    const qsizetype colon = host.lastIndexOf(':');
    if (colon < 0 || host.endsWith(']'))
        return QByteArray();
    return host.sliced(colon + 1).toByteArray();
}

enum class FailureKind { Timeout, Unreachable, Lost };

IntegrationResult failureResult(FailureKind kind, const QString &why)
{
    IntegrationResult result;
    switch (kind) {
    case FailureKind::Timeout:
        result.failure = GatewayFailure{ResponseType::IntegrationTimeout,
                                        GatewayMessage::endpointTimedOut(),
                                        QStringLiteral("Execution failed due to a timeout error")};
        break;
    case FailureKind::Unreachable:
        result.failure = GatewayFailure{
            ResponseType::ApiConfigurationError, GatewayMessage::internalServerError(),
            u"Execution failed due to configuration error: Invalid endpoint address (" + why +
                u')'};
        break;
    case FailureKind::Lost:
        result.failure = GatewayFailure{ResponseType::IntegrationFailure,
                                        GatewayMessage::internalServerError(),
                                        u"Execution failed due to an integration error: " + why};
        break;
    }
    return result;
}

FailureKind classify(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return FailureKind::Unreachable;
    default:
        return FailureKind::Lost;
    }
}

// The calling thread's QNetworkAccessManagers. Created on the first request a thread sends,
// deleted when that thread finishes (the main thread's live until the process ends).
class ThreadClients
{
public:
    static ThreadClients &forCurrentThread(int managers)
    {
        thread_local ThreadClients *clients = nullptr;
        if (!clients) {
            clients = new ThreadClients(managers);
            QThread *thread = QThread::currentThread();
            if (thread != QCoreApplication::instance()->thread()) {
                QObject::connect(
                    thread, &QThread::finished, thread,
                    [c = clients]() {
                        delete c;
                        clients = nullptr;
                    },
                    Qt::DirectConnection);
            }
        }
        return *clients;
    }

    // The manager with the fewest requests in flight (the first on ties, so sequential
    // requests stay on one manager and reuse its connection).
    QNetworkAccessManager *pick(int **inFlight)
    {
        int best = 0;
        for (int i = 1; i < int(m_managers.size()); ++i) {
            if (m_inFlight[i] < m_inFlight[best])
                best = i;
        }
        *inFlight = &m_inFlight[best];
        return m_managers[best];
    }

    ~ThreadClients() { qDeleteAll(m_managers); }

private:
    explicit ThreadClients(int managers)
    {
        for (int i = 0; i < std::max(1, managers); ++i) {
            auto *nam = new QNetworkAccessManager;
            nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
            nam->setCookieJar(nullptr);
            m_managers.append(nam);
        }
        m_inFlight.resize(m_managers.size(), 0);
    }

    QList<QNetworkAccessManager *> m_managers;
    std::vector<int> m_inFlight;
};

} // namespace

int integrationTimeoutMs(const Integration &integration)
{
    if (!integration.timeoutInMillis)
        return DefaultTimeoutMs;
    return std::clamp(*integration.timeoutInMillis, MinTimeoutMs, DefaultTimeoutMs);
}

Result<BackendRequest> buildBackendRequest(const IntegrationCall &call)
{
    const Integration &integration = *call.integration;
    const InvocationRequest &request = *call.request;
    const bool proxy = integration.type == IntegrationType::HttpProxy;
    BackendRequest out;

    const QString uri =
        substitutePathParameters(substituteStageVariables(integration.uri.trimmed(), *call.stage),
                                 call);
    out.url = QUrl(uri, QUrl::TolerantMode);
    const QString scheme = out.url.scheme().toLower();
    if (!out.url.isValid() || out.url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        return Status::error(GatewayError::BadRequest,
                             QStringLiteral("'%1' is not an http(s) URL").arg(uri));
    }

    QByteArray query = out.url.query(QUrl::FullyEncoded).toLatin1();
    auto appendQuery = [&query](QByteArrayView part) {
        if (part.isEmpty())
            return;
        if (!query.isEmpty())
            query += '&';
        query += part;
    };
    if (proxy)
        appendQuery(request.query);
    for (const IntegrationCall::Parameter &p : call.parameters) {
        if (p.location == QLatin1String("querystring"))
            appendQuery(QByteArray(encodeQueryPart(p.name) + '=' + encodeQueryPart(p.value)));
    }
    if (query.isEmpty())
        out.url.setQuery(QString());
    else
        out.url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);

    const QString method = integration.httpMethod.trimmed().toUpper();
    out.method = (method.isEmpty() || method == QLatin1String("ANY")) ? request.method
                                                                      : method.toLatin1();

    const QByteArray apiId = call.stage && call.stage->api ? call.stage->api->api().id.toLatin1()
                                                           : QByteArray();
    if (proxy) {
        for (const auto &h : request.headers) {
            if (!isHopByHop(h.first))
                out.headers.append(h);
        }
        const QByteArray sourceIp = request.sourceIp.toLatin1();
        if (!sourceIp.isEmpty()) {
            const QByteArray forwarded = Http::headerValue(out.headers, "x-forwarded-for");
            setHeader(out.headers, QByteArrayLiteral("X-Forwarded-For"),
                      forwarded.isEmpty() ? sourceIp : forwarded + ", " + sourceIp);
        }
        if (!Http::hasHeader(out.headers, "x-forwarded-proto"))
            out.headers.append({QByteArrayLiteral("X-Forwarded-Proto"), QByteArrayLiteral("http")});
        const QByteArray port = portOfHost(Http::headerValue(request.headers, "host"));
        if (!port.isEmpty() && !Http::hasHeader(out.headers, "x-forwarded-port"))
            out.headers.append({QByteArrayLiteral("X-Forwarded-Port"), port});
    } else {
        QByteArray contentType = Http::headerValue(request.headers, "content-type");
        if (contentType.isEmpty())
            contentType = QByteArrayLiteral("application/json");
        out.headers.append({QByteArrayLiteral("Content-Type"), contentType});
        out.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    }
    if (!Http::hasHeader(out.headers, "user-agent"))
        out.headers.append({QByteArrayLiteral("User-Agent"), "AmazonAPIGateway_" + apiId});
    if (!apiId.isEmpty())
        setHeader(out.headers, QByteArrayLiteral("x-amzn-apigateway-api-id"), apiId);
    for (const IntegrationCall::Parameter &p : call.parameters) {
        if (p.location == QLatin1String("header"))
            setHeader(out.headers, p.name.toLatin1(), p.value.toUtf8());
    }
    out.body = call.body;
    out.timeoutMs = integrationTimeoutMs(integration);
    return out;
}

Http::HeaderList proxyResponseHeaders(const Http::HeaderList &backend)
{
    static const char *const remapped[] = {"authorization", "connection", "date", "server",
                                           "www-authenticate"};
    Http::HeaderList out;
    out.reserve(backend.size());
    for (const auto &h : backend) {
        if (nameIs(h.first, "content-length") || nameIs(h.first, "transfer-encoding") ||
            nameIs(h.first, "keep-alive"))
            continue;
        bool remap = false;
        for (const char *r : remapped) {
            if (nameIs(h.first, r))
                remap = true;
        }
        out.append({remap ? "x-amzn-Remapped-" + h.first : h.first, h.second});
    }
    return out;
}

HttpIntegration::HttpIntegration(int managersPerThread) : m_managersPerThread(managersPerThread) {}

void HttpIntegration::execute(const IntegrationCall &call, IntegrationDone done)
{
    Result<BackendRequest> built = buildBackendRequest(call);
    if (!built) {
        done(failureResult(FailureKind::Unreachable, built.status().message()));
        return;
    }
    BackendRequest backend = std::move(built).value();
    const bool proxy = call.integration->type == IntegrationType::HttpProxy;
    PipelineTrace *trace = call.trace;
    trace->setNote(QStringLiteral("backendUrl"), backend.url.toString(QUrl::FullyEncoded));
    trace->setNote(QStringLiteral("backendMethod"), QString::fromLatin1(backend.method));

    QNetworkRequest request(backend.url);
    for (const auto &h : std::as_const(backend.headers))
        request.setRawHeader(h.first, h.second);
    // Without an Accept-Encoding of ours, Qt would ask for gzip and inflate behind our back.
    if (!request.hasRawHeader("Accept-Encoding"))
        request.setRawHeader("Accept-Encoding", "identity");
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    int *inFlight = nullptr;
    QNetworkAccessManager *nam = ThreadClients::forCurrentThread(m_managersPerThread).pick(&inFlight);
    QNetworkReply *reply = backend.body.isEmpty()
                               ? nam->sendCustomRequest(request, backend.method)
                               : nam->sendCustomRequest(request, backend.method, backend.body);
    ++*inFlight;

    auto timedOut = std::make_shared<bool>(false);
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, reply, [reply, timedOut]() {
        *timedOut = true;
        reply->abort();
    });
    timer->start(backend.timeoutMs);

    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QObject::connect(
        reply, &QNetworkReply::finished, reply,
        [reply, inFlight, timedOut, clock, trace, proxy, done = std::move(done)]() {
            --*inFlight;
            reply->deleteLater();
            trace->setNote(QStringLiteral("backendLatencyUs"), clock->nsecsElapsed() / 1000);
            if (*timedOut)
                return done(failureResult(FailureKind::Timeout, QString()));
            const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            if (!status.isValid()) {
                qCDebug(lcGateway) << "backend" << reply->url() << reply->errorString();
                return done(failureResult(classify(reply->error()), reply->errorString()));
            }
            IntegrationResult result;
            result.status = status.toInt();
            result.body = reply->readAll();
            const Http::HeaderList headers = reply->rawHeaderPairs();
            result.proxy = proxy;
            result.headers = proxy ? proxyResponseHeaders(headers) : headers;
            trace->setNote(QStringLiteral("backendStatus"), result.status);
            done(std::move(result));
        });
}

} // namespace Gatehouse::Gateway
