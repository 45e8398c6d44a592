// Thread affinity: any thread. A GatewayBindings and the Context it builds belong to one render
// (the maps inside are shared by reference with the template while it runs).
#pragma once

#include "template.h"
#include "value.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <utility>

namespace Gatehouse::Vtl {

using NameValueList = QList<std::pair<QString, QString>>;

// What a mapping template can see of a request, as plain values the gateway fills in.
struct GatewayRequest
{
    QString httpMethod = QStringLiteral("GET");
    QString path;         // $context.path, e.g. "/prod/pets/1"
    QString resourcePath; // "/pets/{petId}"
    QString resourceId;
    NameValueList pathParameters;  // in path order
    NameValueList queryParameters; // a repeated name keeps its last value
    NameValueList headers;         // as received; $input.params(name) matches names ignoring case
    QByteArray body;
    NameValueList stageVariables;

    QString requestId;
    QString extendedRequestId;
    QString accountId;
    QString apiId;
    QString stage;
    QString protocol = QStringLiteral("HTTP/1.1");
    QString domainName;
    QString domainPrefix;
    qint64 requestTimeEpochMs = 0;
    QString sourceIp;
    QString userAgent;
    QString apiKey;
    QString apiKeyId;
    Value authorizer;     // a map: principalId, claims, custom context keys
    QString errorMessage; // for gateway responses: $context.error.message
    QString errorResponseType;
    QString errorValidationErrorString;
    int status = 0; // $context.status in response templates (0: absent)
};

// $context.requestTime: "dd/MMM/yyyy:HH:mm:ss +0000" in English.
QString gatewayRequestTime(qint64 epochMs);

// $util.escapeJavaScript: JavaScript string escaping as API Gateway applies it (Apache Commons
// Lang 2): \" \' \\ \/ \b \f \n \r \t, other control and non-ASCII characters as \uXXXX.
QString escapeJavaScript(const QString &s);
// java.net.URLEncoder / URLDecoder with UTF-8 ("a b" <-> "a+b").
QString javaUrlEncode(const QString &s);
QString javaUrlDecode(const QString &s, bool *ok = nullptr);

// Builds $input, $util, $context and $stageVariables for one request and reads back what the
// template set in $context.responseOverride. Each is built when a render first looks it up: a
// template that never mentions $context does not pay for its maps.
class GatewayBindings
{
public:
    explicit GatewayBindings(const GatewayRequest &request);
    explicit GatewayBindings(GatewayRequest &&request);
    // `request` with `body` in place of its own (a response template reads the integration's
    // answer): the request is shared, not copied.
    GatewayBindings(std::shared_ptr<const GatewayRequest> request, const QByteArray &body);
    // The lazy variables point back here.
    GatewayBindings(const GatewayBindings &) = delete;
    GatewayBindings &operator=(const GatewayBindings &) = delete;

    const Context &context() const { return m_context; }
    Context &context() { return m_context; }

    // #set($context.responseOverride.status = 404) after a render, when the value is a number
    // or a numeric string.
    std::optional<int> overrideStatus() const;
    // #set($context.responseOverride.header.Name = "v"), in the order the template set them.
    NameValueList overrideHeaders() const;

    // #set($context.requestOverride.<kind>.Name = "v") with kind header, path or querystring.
    NameValueList requestOverride(const QString &kind) const;

    // The $context map, for inspection (requestOverride.*, anything the template added).
    Value contextValue() const;

private:
    void install();
    // The $context map when a render has built it, else null (nothing set in it then).
    const Value *builtContext() const;

    std::shared_ptr<const GatewayRequest> m_request;
    QByteArray m_body; // $input's body
    Context m_context;
};

} // namespace Gatehouse::Vtl
