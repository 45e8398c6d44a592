#include "gatewayendpoint.h"

#include "pipeline.h"

#include <QDateTime>
#include <QHostAddress>

namespace Gatehouse::Gateway {

namespace {

class ExchangeTrace final : public PipelineTrace
{
public:
    explicit ExchangeTrace(Http::ExchangePtr exchange) : m_exchange(std::move(exchange)) {}
    qint64 nowUs() const override { return m_exchange->elapsedUs(); }
    void addStage(const QString &name, qint64 startUs, qint64 durationUs) override
    {
        m_exchange->addStage(name, startUs, durationUs);
    }
    void setNote(const QString &key, const QVariant &value) override
    {
        m_exchange->setNote(key, value);
    }

private:
    Http::ExchangePtr m_exchange;
};

// The first path segment and the rest ("/dev/pets/1" -> "dev", "/pets/1").
std::pair<QByteArrayView, QByteArrayView> splitFirst(QByteArrayView path)
{
    if (path.startsWith('/'))
        path = path.sliced(1);
    const qsizetype slash = path.indexOf('/');
    if (slash < 0)
        return {path, QByteArrayView()};
    return {path.first(slash), path.sliced(slash)};
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 0;
}

// x-amz-apigw-id is 16 base64 characters ("RzSs3GzQoAMFXpw="): 11 bytes of the request id.
QByteArray apigwId(const QByteArray &requestId)
{
    QByteArray bytes;
    bytes.reserve(11);
    int acc = -1;
    for (const char c : requestId) {
        if (c == '-')
            continue;
        if (acc < 0) {
            acc = hexValue(c);
        } else {
            bytes.append(char(acc * 16 + hexValue(c)));
            acc = -1;
            if (bytes.size() == 11)
                break;
        }
    }
    bytes.resize(11, '\0');
    return bytes.toBase64();
}

// X-Amzn-Trace-Id: Root=1-{epoch seconds, 8 hex}-{24 hex}.
QByteArray traceId(const QByteArray &requestId, qint64 epochMs)
{
    QByteArray hex;
    hex.reserve(24);
    for (qsizetype i = requestId.size() - 1; i >= 0 && hex.size() < 24; --i) {
        if (requestId.at(i) != '-')
            hex.append(requestId.at(i));
    }
    hex.resize(24, '0');
    return "Root=1-" + QByteArray::number(epochMs / 1000, 16).rightJustified(8, '0') + '-' + hex;
}

// QHostAddress::toString formats each time; a listener thread sees the same few peers.
QString addressText(const QHostAddress &address)
{
    thread_local QHostAddress lastAddress;
    thread_local QString lastText;
    if (address != lastAddress || lastText.isNull()) {
        lastText = address.toString();
        lastAddress = address;
    }
    return lastText;
}

} // namespace

InvokeTarget parseInvokeTarget(QByteArrayView host, QByteArrayView path)
{
    InvokeTarget target;
    const qsizetype marker = host.indexOf(".execute-api.");
    if (marker > 0)
        target.apiId = QString::fromLatin1(host.first(marker));
    QByteArrayView rest = path;
    if (target.apiId.isEmpty() && path.startsWith("/restapis/")) {
        const auto [apiId, afterApi] = splitFirst(path.sliced(9));
        const auto [stage, afterStage] = splitFirst(afterApi);
        const auto [marker2, resource] = splitFirst(afterStage);
        if (!apiId.isEmpty() && marker2 == "_user_request_") {
            target.apiId = QString::fromLatin1(apiId);
            target.stage = QString::fromUtf8(stage);
            target.resourcePath = resource.toByteArray();
            target.path = u'/' + target.stage + QString::fromUtf8(resource);
            return target;
        }
    }
    const auto [stage, resource] = splitFirst(rest);
    target.stage = QString::fromUtf8(stage);
    target.resourcePath = resource.toByteArray();
    target.path = QString::fromUtf8(path);
    return target;
}

GatewayEndpoint::GatewayEndpoint(std::shared_ptr<ApiRegistry> registry, Integrations integrations)
    : m_registry(std::move(registry)), m_integrations(std::move(integrations))
{}

void GatewayEndpoint::handle(const Http::ExchangePtr &exchange)
{
    const Http::HttpRequest &http = exchange->request();
    const qint64 routeStart = exchange->elapsedUs();

    const QByteArray host = http.header("host");
    const InvokeTarget target = parseInvokeTarget(host, http.path);
    std::shared_ptr<const ServedSnapshot> snapshot = m_registry->snapshot();

    auto invocation = std::make_shared<Invocation>();
    InvocationRequest &request = invocation->request;
    request.method = http.method;
    request.resourcePath = target.resourcePath;
    request.query = http.query;
    request.headers = http.headers;
    request.body = http.body;
    request.path = target.path;
    request.requestId = QString::fromLatin1(http.requestId);
    const QByteArray extendedId = apigwId(http.requestId);
    request.extendedRequestId = QString::fromLatin1(extendedId);
    request.requestTimeEpochMs = QDateTime::currentMSecsSinceEpoch();
    request.sourceIp = addressText(http.peerAddress);
    {
        QByteArrayView h = host;
        const qsizetype colon = h.lastIndexOf(':');
        if (colon > 0 && !h.endsWith(']'))
            h = h.first(colon);
        request.domainName = QString::fromLatin1(h);
        const qsizetype dot = h.indexOf('.');
        request.domainPrefix = QString::fromLatin1(dot > 0 ? h.first(dot) : h);
    }

    // The stage that serves: the named API's, or the first API whose routes match.
    const CompiledStage *chosen = nullptr;
    RouteMatch match;
    bool matched = false;
    if (!target.apiId.isEmpty()) {
        if (const ServedApi *api = snapshot->api(target.apiId))
            chosen = api->stage(target.stage);
        if (chosen)
            matched = Pipeline::route(*chosen, request, &match);
    } else {
        for (const ServedApi &api : snapshot->apis) {
            const CompiledStage *stage = api.stage(target.stage);
            if (!stage)
                continue;
            if (!chosen)
                chosen = stage;
            if (Pipeline::route(*stage, request, &match)) {
                chosen = stage;
                matched = true;
                break;
            }
        }
    }
    exchange->addStage(PipelineStage::Route, routeStart, exchange->elapsedUs() - routeStart);

    if (!chosen) {
        exchange->setNote(QStringLiteral("gatewayResponse"),
                          QStringLiteral("MISSING_AUTHENTICATION_TOKEN"));
        exchange->setNote(QStringLiteral("error"),
                          target.apiId.isEmpty()
                              ? QStringLiteral("no API serves stage '%1'").arg(target.stage)
                              : QStringLiteral("no API %1 with stage '%2'").arg(target.apiId, target.stage));
        Http::HttpResponse response = Pipeline::defaultGatewayResponse(
            ResponseType::MissingAuthenticationToken, GatewayMessage::missingAuthenticationToken());
        response.headers.append({QByteArrayLiteral("x-amz-apigw-id"), extendedId});
        exchange->respond(std::move(response));
        return;
    }
    invocation->stage = chosen;
    invocation->keepAlive = std::move(snapshot);
    if (matched)
        invocation->match = std::move(match);
    invocation->trace = std::make_shared<ExchangeTrace>(exchange);
    const qint64 epochMs = request.requestTimeEpochMs;
    Pipeline::start(std::move(invocation), m_integrations,
                    [exchange, extendedId, epochMs](Http::HttpResponse response) {
                        if (!Http::hasHeader(response.headers, "x-amzn-ErrorType"))
                            response.headers.append(
                                {QByteArrayLiteral("X-Amzn-Trace-Id"),
                                 traceId(exchange->request().requestId, epochMs)});
                        response.headers.append({QByteArrayLiteral("x-amz-apigw-id"), extendedId});
                        exchange->respond(std::move(response));
                    });
}

Http::HttpResponse GatewayEndpoint::refusal(Http::RefusalReason reason, int status,
                                            const QString &detail)
{
    Q_UNUSED(detail);
    // What API Gateway's edge answers for requests it refuses before any API sees them.
    QByteArray message;
    switch (reason) {
    case Http::RefusalReason::BodyTooLarge:
        message = "Request Too Long";
        break;
    case Http::RefusalReason::HeaderTooLarge:
    case Http::RefusalReason::TooManyHeaders:
        message = "Request Header Fields Too Large";
        break;
    case Http::RefusalReason::BadRequest:
        message = "Bad Request";
        break;
    case Http::RefusalReason::UnsupportedVersion:
        message = "HTTP Version Not Supported";
        break;
    case Http::RefusalReason::NotImplemented:
        message = "Not Implemented";
        break;
    case Http::RefusalReason::RequestTimeout:
        message = "Request Timeout";
        break;
    }
    return Http::HttpResponse::json(status, "{\"message\":\"" + message + "\"}");
}

} // namespace Gatehouse::Gateway
