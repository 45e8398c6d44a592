#include "accesslogformat.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace Gatehouse::Gateway {

enum class AccessLogFormat::Var {
    Literal,
    Unknown,
    Dash, // known to API Gateway, never set here (authorizers, WAF, X-Ray, ...)
    AccountId,
    ApiId,
    DomainName,
    DomainPrefix,
    ErrorMessage,
    ErrorMessageString,
    ErrorResponseType,
    ExtendedRequestId,
    HttpMethod,
    SourceIp,
    UserAgent,
    IntegrationLatency,
    IntegrationStatus,
    IntegrationRequestId,
    Path,
    Protocol,
    RequestId,
    RequestTime,
    RequestTimeEpoch,
    ResourcePath,
    ResponseLatency,
    ResponseLength,
    Stage,
    Status,
};

namespace {

using Var = AccessLogFormat::Var;

const QHash<QString, Var> &variables()
{
    static const QHash<QString, Var> table = [] {
        QHash<QString, Var> t{
            {QStringLiteral("accountId"), Var::AccountId},
            {QStringLiteral("apiId"), Var::ApiId},
            {QStringLiteral("domainName"), Var::DomainName},
            {QStringLiteral("domainPrefix"), Var::DomainPrefix},
            {QStringLiteral("error.message"), Var::ErrorMessage},
            {QStringLiteral("error.messageString"), Var::ErrorMessageString},
            {QStringLiteral("error.responseType"), Var::ErrorResponseType},
            {QStringLiteral("extendedRequestId"), Var::ExtendedRequestId},
            {QStringLiteral("httpMethod"), Var::HttpMethod},
            {QStringLiteral("identity.sourceIp"), Var::SourceIp},
            {QStringLiteral("identity.userAgent"), Var::UserAgent},
            {QStringLiteral("integrationLatency"), Var::IntegrationLatency},
            {QStringLiteral("integration.latency"), Var::IntegrationLatency},
            {QStringLiteral("integrationStatus"), Var::IntegrationStatus},
            {QStringLiteral("integration.integrationStatus"), Var::IntegrationStatus},
            {QStringLiteral("integration.status"), Var::IntegrationStatus},
            {QStringLiteral("integration.requestId"), Var::IntegrationRequestId},
            {QStringLiteral("awsEndpointRequestId"), Var::IntegrationRequestId},
            {QStringLiteral("path"), Var::Path},
            {QStringLiteral("protocol"), Var::Protocol},
            {QStringLiteral("requestId"), Var::RequestId},
            {QStringLiteral("requestTime"), Var::RequestTime},
            {QStringLiteral("requestTimeEpoch"), Var::RequestTimeEpoch},
            {QStringLiteral("resourcePath"), Var::ResourcePath},
            {QStringLiteral("responseLatency"), Var::ResponseLatency},
            {QStringLiteral("responseLength"), Var::ResponseLength},
            {QStringLiteral("stage"), Var::Stage},
            {QStringLiteral("status"), Var::Status},
        };
        for (const char *name :
             {"authorize.error", "authorize.latency", "authorize.status", "authorizer.error",
              "authorizer.integrationLatency", "authorizer.integrationStatus", "authorizer.latency",
              "authorizer.principalId", "authorizer.requestId", "authorizer.status",
              "authenticate.error", "authenticate.latency", "authenticate.status",
              "awsEndpointRequestId2", "customDomain.basePathMatched", "dataProcessed",
              "error.validationErrorString", "identity.accountId", "identity.apiKey",
              "identity.apiKeyId", "identity.caller", "identity.cognitoAuthenticationProvider",
              "identity.cognitoAuthenticationType", "identity.cognitoIdentityId",
              "identity.cognitoIdentityPoolId", "identity.principalOrgId",
              "identity.clientCert.clientCertPem", "identity.clientCert.subjectDN",
              "identity.clientCert.issuerDN", "identity.clientCert.serialNumber",
              "identity.clientCert.validity.notBefore", "identity.clientCert.validity.notAfter",
              "identity.user", "identity.userArn", "integration.error", "resourceId",
              "waf.error", "waf.latency", "waf.status", "wafResponseCode", "webaclArn",
              "xrayTraceId"})
            t.insert(QLatin1String(name), Var::Dash);
        return t;
    }();
    return table;
}

QByteArray note(const Observe::RequestRecord &r, const char *key)
{
    const QVariant v = r.notes.value(QLatin1String(key));
    return v.isValid() ? v.toString().toUtf8() : QByteArray();
}

QByteArray header(const QList<QPair<QByteArray, QByteArray>> &headers, QByteArrayView name)
{
    for (const auto &h : headers) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return QByteArray();
}

// 25/Nov/2026:15:42:03 +0000, as $context.requestTime reads.
QByteArray clfTime(const QDateTime &when)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime utc = when.toUTC();
    return QByteArray::number(utc.date().day()).rightJustified(2, '0') + '/' +
           months[qBound(1, utc.date().month(), 12) - 1] + '/' +
           QByteArray::number(utc.date().year()) + ':' +
           utc.time().toString(QStringLiteral("HH:mm:ss")).toLatin1() + " +0000";
}

qint64 stageDurationUs(const Observe::RequestRecord &r, QLatin1String name)
{
    for (const Observe::StageTiming &stage : r.stages) {
        if (stage.name == name)
            return stage.durationUs;
    }
    return -1;
}

// The gateway's own error message: the body of the gateway response it answered.
QByteArray errorMessage(const Observe::RequestRecord &r)
{
    if (!r.notes.contains(QStringLiteral("gatewayResponse")))
        return QByteArray();
    const QJsonObject body = QJsonDocument::fromJson(r.responseBody).object();
    return body.value(u"message").toString().toUtf8();
}

QByteArray value(Var v, const Observe::RequestRecord &r)
{
    switch (v) {
    case Var::Literal:
    case Var::Unknown:
    case Var::Dash:
        return QByteArray();
    case Var::AccountId:
        return QByteArrayLiteral("123456789012"); // the account $context.accountId names
    case Var::ApiId:
        return note(r, "apiId");
    case Var::DomainName: {
        QByteArray host = header(r.requestHeaders, "host");
        const qsizetype colon = host.lastIndexOf(':');
        if (colon > 0 && !host.endsWith(']'))
            host.truncate(colon);
        return host;
    }
    case Var::DomainPrefix: {
        QByteArray host = value(Var::DomainName, r);
        const qsizetype dot = host.indexOf('.');
        return dot > 0 ? host.left(dot) : host;
    }
    case Var::ErrorMessage:
        return errorMessage(r);
    case Var::ErrorMessageString: {
        const QByteArray message = errorMessage(r);
        return message.isEmpty() ? QByteArray() : '"' + message + '"';
    }
    case Var::ErrorResponseType:
        return note(r, "gatewayResponse");
    case Var::ExtendedRequestId:
        return header(r.responseHeaders, "x-amz-apigw-id");
    case Var::HttpMethod:
        return r.method;
    case Var::SourceIp:
        return r.peerAddress.toUtf8();
    case Var::UserAgent:
        return header(r.requestHeaders, "user-agent");
    case Var::IntegrationLatency: {
        const qint64 us = stageDurationUs(r, QLatin1String("integration"));
        return us < 0 || !r.notes.contains(QStringLiteral("integrationStatus"))
                   ? QByteArray()
                   : QByteArray::number(us / 1000);
    }
    case Var::IntegrationStatus:
        return note(r, "integrationStatus");
    case Var::IntegrationRequestId:
        return note(r, "awsRequestId");
    case Var::Path: {
        const qsizetype q = r.target.indexOf('?');
        return q < 0 ? r.target : r.target.left(q);
    }
    case Var::Protocol: {
        const QByteArray version = note(r, "httpVersion");
        return version.isEmpty() ? QByteArrayLiteral("HTTP/1.1") : version;
    }
    case Var::RequestId:
        return r.requestId;
    case Var::RequestTime:
        return clfTime(r.startedAt);
    case Var::RequestTimeEpoch:
        return QByteArray::number(r.startedAt.toMSecsSinceEpoch());
    case Var::ResourcePath:
        return note(r, "resourcePath");
    case Var::ResponseLatency:
        return QByteArray::number(r.totalUs / 1000);
    case Var::ResponseLength:
        return QByteArray::number(r.responseBodySize);
    case Var::Stage:
        return note(r, "stage");
    case Var::Status:
        return QByteArray::number(r.status);
    }
    return QByteArray();
}

void appendValue(QByteArray &out, const QByteArray &v, bool json)
{
    if (v.isEmpty()) {
        out.append('-');
        return;
    }
    for (const char c : v) {
        const auto u = uchar(c);
        if (u < 0x20 || u == 0x7f) {
            static const char hex[] = "0123456789abcdef";
            out.append(json ? "\\u00" : "\\x");
            out.append(hex[u >> 4]);
            out.append(hex[u & 15]);
        } else if (json && (c == '"' || c == '\\')) {
            out.append('\\');
            out.append(c);
        } else {
            out.append(c);
        }
    }
}

} // namespace

QString AccessLogFormat::preset(const QString &nameOrFormat)
{
    // As the API Gateway console offers them (and the developer guide lists them).
    const QString name = nameOrFormat.trimmed().toLower();
    if (name == QLatin1String("clf")) {
        return QStringLiteral(
            "$context.identity.sourceIp $context.identity.caller $context.identity.user "
            "[$context.requestTime]\"$context.httpMethod $context.resourcePath $context.protocol\" "
            "$context.status $context.responseLength $context.requestId $context.extendedRequestId");
    }
    if (name == QLatin1String("json")) {
        return QStringLiteral(
            "{ \"requestId\":\"$context.requestId\", "
            "\"extendedRequestId\":\"$context.extendedRequestId\",\"ip\": \"$context.identity.sourceIp\", "
            "\"caller\":\"$context.identity.caller\", \"user\":\"$context.identity.user\", "
            "\"requestTime\":\"$context.requestTime\", \"httpMethod\":\"$context.httpMethod\", "
            "\"resourcePath\":\"$context.resourcePath\", \"status\":\"$context.status\", "
            "\"protocol\":\"$context.protocol\", \"responseLength\":\"$context.responseLength\" }");
    }
    if (name == QLatin1String("xml")) {
        return QStringLiteral(
            "<request id=\"$context.requestId\"> "
            "<extendedRequestId>$context.extendedRequestId</extendedRequestId> "
            "<ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> "
            "<user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> "
            "<httpMethod>$context.httpMethod</httpMethod> "
            "<resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> "
            "<protocol>$context.protocol</protocol> "
            "<responseLength>$context.responseLength</responseLength> </request>");
    }
    if (name == QLatin1String("csv")) {
        return QStringLiteral(
            "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,"
            "$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,"
            "$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId");
    }
    return nameOrFormat;
}

AccessLogFormat::AccessLogFormat(const QString &format) : m_text(format)
{
    m_json = format.trimmed().startsWith(u'{');
    static const QLatin1String prefix("$context.");
    QByteArray literal;
    qsizetype i = 0;
    while (i < format.size()) {
        if (format.mid(i, prefix.size()) != prefix) {
            literal.append(QString(format.at(i)).toUtf8());
            ++i;
            continue;
        }
        qsizetype end = i + prefix.size();
        while (end < format.size() &&
               (format.at(end).isLetterOrNumber() || format.at(end) == u'_' || format.at(end) == u'.'))
            ++end;
        while (end > i + prefix.size() && format.at(end - 1) == u'.')
            --end; // a sentence's full stop is not part of the name
        const QString name = format.mid(i + prefix.size(), end - i - prefix.size());
        if (name.isEmpty()) {
            literal.append(prefix.data(), prefix.size());
            i += prefix.size();
            continue;
        }
        if (!literal.isEmpty()) {
            m_segments.append({literal, Var::Literal});
            literal.clear();
        }
        const Var var = variables().value(name, Var::Unknown);
        if (var == Var::Unknown && !m_unknown.contains(name))
            m_unknown.append(name);
        m_segments.append({QByteArray(), var});
        i = end;
    }
    if (!literal.isEmpty())
        m_segments.append({literal, Var::Literal});
}

bool AccessLogFormat::hasRequestId() const
{
    for (const Segment &s : m_segments) {
        if (s.variable == Var::RequestId || s.variable == Var::ExtendedRequestId)
            return true;
    }
    return false;
}

QByteArray AccessLogFormat::render(const Observe::RequestRecord &record) const
{
    QByteArray out;
    out.reserve(256);
    for (const Segment &s : m_segments) {
        if (s.variable == Var::Literal)
            out.append(s.literal);
        else
            appendValue(out, value(s.variable, record), m_json);
    }
    // The format itself may not contain line breaks (API Gateway refuses them); keep one line.
    out.replace('\n', ' ');
    return out;
}

} // namespace Gatehouse::Gateway
