#include "lambdaproxy.h"

#include <vtl/apigatewaycontext.h>

#include <QJSValueIterator>

namespace Gatehouse::Functions {

namespace {

QJSValue nameValueObject(QJSEngine &engine, const Vtl::NameValueList &list)
{
    QJSValue o = engine.newObject();
    for (const auto &[name, value] : list)
        o.setProperty(name, value);
    return o;
}

// Every value of each name, in order of first appearance.
QJSValue multiValueObject(QJSEngine &engine, const Vtl::NameValueList &list)
{
    QJSValue o = engine.newObject();
    for (const auto &[name, value] : list) {
        QJSValue values = o.property(name);
        if (values.isUndefined()) {
            values = engine.newArray();
            o.setProperty(name, values);
        }
        values.setProperty(values.property(QStringLiteral("length")).toUInt(), value);
    }
    return o;
}

QJSValue identity(QJSEngine &engine, const Gateway::InvocationRequest &r,
                  const Vtl::NameValueList &headers)
{
    QJSValue o = engine.newObject();
    const QJSValue null(QJSValue::NullValue);
    for (const char *name : {"cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller"})
        o.setProperty(QLatin1String(name), null);
    o.setProperty(QStringLiteral("sourceIp"), r.sourceIp);
    o.setProperty(QStringLiteral("principalOrgId"), null);
    o.setProperty(QStringLiteral("accessKey"), null);
    o.setProperty(QStringLiteral("cognitoAuthenticationType"), null);
    o.setProperty(QStringLiteral("cognitoAuthenticationProvider"), null);
    o.setProperty(QStringLiteral("userArn"), null);
    QJSValue agent = null;
    for (const auto &[name, value] : headers) {
        if (name.compare(QLatin1String("user-agent"), Qt::CaseInsensitive) == 0)
            agent = QJSValue(value);
    }
    o.setProperty(QStringLiteral("userAgent"), agent);
    o.setProperty(QStringLiteral("user"), null);
    return o;
}

} // namespace

bool isBinaryMediaType(const QStringList &binaryMediaTypes, QByteArrayView contentType)
{
    if (binaryMediaTypes.isEmpty())
        return false;
    QByteArrayView type = contentType;
    if (const qsizetype comma = type.indexOf(','); comma >= 0)
        type = type.first(comma); // an Accept list: its first type
    if (const qsizetype semi = type.indexOf(';'); semi >= 0)
        type = type.first(semi);
    const QString t = QString::fromLatin1(type).trimmed().toLower();
    if (t.isEmpty())
        return false;
    for (QString b : binaryMediaTypes) {
        b = b.trimmed().toLower();
        // OpenAPI documents escape the slash ("image~1png") in the extension.
        b.replace(QLatin1String("~1"), QLatin1String("/"));
        if (b == t || b == QLatin1String("*/*"))
            return true;
        if (b.endsWith(QLatin1String("/*")) && t.startsWith(b.chopped(1)))
            return true;
    }
    return false;
}

QJSValue buildProxyEvent(QJSEngine &engine, const Gateway::IntegrationCall &call,
                         const EventSettings &settings)
{
    const Gateway::InvocationRequest &r = *call.request;
    const Gateway::RestApi &api = call.stage->api->api();
    const QJSValue null(QJSValue::NullValue);
    const QString method = QString::fromLatin1(r.method);
    const QString path =
        r.resourcePath.isEmpty() ? QStringLiteral("/") : QString::fromUtf8(r.resourcePath);

    QJSValue e = engine.newObject();
    e.setProperty(QStringLiteral("resource"), call.resourcePath);
    e.setProperty(QStringLiteral("path"), path);
    e.setProperty(QStringLiteral("httpMethod"), method);
    e.setProperty(QStringLiteral("headers"),
                  call.headers.isEmpty() ? null : nameValueObject(engine, call.headers));
    e.setProperty(QStringLiteral("multiValueHeaders"),
                  call.headers.isEmpty() ? null : multiValueObject(engine, call.headers));
    e.setProperty(QStringLiteral("queryStringParameters"),
                  call.queryParameters.isEmpty() ? null
                                                 : nameValueObject(engine, call.queryParameters));
    e.setProperty(QStringLiteral("multiValueQueryStringParameters"),
                  call.queryParameters.isEmpty() ? null
                                                 : multiValueObject(engine, call.queryParameters));
    e.setProperty(QStringLiteral("pathParameters"),
                  call.pathParameters.isEmpty() ? null
                                                : nameValueObject(engine, call.pathParameters));
    if (call.stage->variables.isEmpty()) {
        e.setProperty(QStringLiteral("stageVariables"), null);
    } else {
        QJSValue vars = engine.newObject();
        for (const auto &[name, value] : call.stage->variables)
            vars.setProperty(name, value);
        e.setProperty(QStringLiteral("stageVariables"), vars);
    }

    QJSValue rc = engine.newObject();
    rc.setProperty(QStringLiteral("resourceId"), call.method->route.resource->id);
    rc.setProperty(QStringLiteral("resourcePath"), call.resourcePath);
    rc.setProperty(QStringLiteral("httpMethod"), method);
    rc.setProperty(QStringLiteral("extendedRequestId"), r.extendedRequestId);
    rc.setProperty(QStringLiteral("requestTime"), Vtl::gatewayRequestTime(r.requestTimeEpochMs));
    rc.setProperty(QStringLiteral("path"), r.path);
    rc.setProperty(QStringLiteral("accountId"), settings.accountId);
    rc.setProperty(QStringLiteral("protocol"), QStringLiteral("HTTP/1.1"));
    rc.setProperty(QStringLiteral("stage"), call.stage->name);
    rc.setProperty(QStringLiteral("domainPrefix"), r.domainPrefix);
    rc.setProperty(QStringLiteral("requestTimeEpoch"), double(r.requestTimeEpochMs));
    rc.setProperty(QStringLiteral("requestId"), r.requestId);
    rc.setProperty(QStringLiteral("identity"), identity(engine, r, call.headers));
    rc.setProperty(QStringLiteral("domainName"), r.domainName);
    rc.setProperty(QStringLiteral("apiId"), api.id);
    e.setProperty(QStringLiteral("requestContext"), rc);

    const QByteArray &body = call.body;
    const bool binary = !body.isEmpty() &&
                        isBinaryMediaType(api.binaryMediaTypes,
                                          Http::headerValue(r.headers, "content-type"));
    if (body.isEmpty())
        e.setProperty(QStringLiteral("body"), null);
    else if (binary)
        e.setProperty(QStringLiteral("body"), QString::fromLatin1(body.toBase64()));
    else
        e.setProperty(QStringLiteral("body"), QString::fromUtf8(body));
    e.setProperty(QStringLiteral("isBase64Encoded"), binary);
    return e;
}

namespace {

// A header value as API Gateway's JSON reader takes it: strings, and numbers and booleans as
// their text. Null drops the header.
std::optional<QByteArray> headerText(const QJSValue &v, bool *ok)
{
    *ok = true;
    if (v.isString())
        return v.toString().toUtf8();
    if (v.isNumber()) {
        const double d = v.toNumber();
        if (d == double(qint64(d)))
            return QByteArray::number(qint64(d));
        return QByteArray::number(d, 'g', 17);
    }
    if (v.isBool())
        return QByteArray(v.toBool() ? "true" : "false");
    if (v.isNull() || v.isUndefined())
        return std::nullopt;
    *ok = false;
    return std::nullopt;
}

ProxyResultMapping malformed(const QString &why)
{
    return {std::nullopt, why};
}

} // namespace

ProxyResultMapping mapProxyResult(const QJSValue &value, const QStringList &binaryMediaTypes,
                                  QByteArrayView accept)
{
    if (!value.isObject() || value.isArray() || value.isCallable())
        return malformed(QStringLiteral("the result is not a JSON object"));

    Gateway::IntegrationResult out;
    out.proxy = true;
    std::optional<int> status;
    QByteArray body;
    bool base64 = false;
    Http::HeaderList single;
    Http::HeaderList multi;

    QJSValueIterator it(value);
    while (it.hasNext()) {
        it.next();
        const QString name = it.name();
        const QJSValue v = it.value();
        if (v.isUndefined())
            continue;   // JSON.stringify drops it before API Gateway sees it
        if (name == QLatin1String("statusCode")) {
            bool ok = false;
            int code = 0;
            if (v.isNumber()) {
                const double d = v.toNumber();
                ok = d == double(int(d));
                code = int(d);
            } else if (v.isString()) {
                code = v.toString().toInt(&ok);
            }
            if (!ok || code < 100 || code > 599)
                return malformed(QStringLiteral("invalid statusCode"));
            status = code;
        } else if (name == QLatin1String("headers")) {
            if (v.isNull())
                continue;
            if (!v.isObject() || v.isArray())
                return malformed(QStringLiteral("headers is not an object"));
            QJSValueIterator h(v);
            while (h.hasNext()) {
                h.next();
                bool ok = true;
                const auto text = headerText(h.value(), &ok);
                if (!ok)
                    return malformed(QStringLiteral("header %1 is not a string").arg(h.name()));
                if (text)
                    single.append({h.name().toUtf8(), *text});
            }
        } else if (name == QLatin1String("multiValueHeaders")) {
            if (v.isNull())
                continue;
            if (!v.isObject() || v.isArray())
                return malformed(QStringLiteral("multiValueHeaders is not an object"));
            QJSValueIterator h(v);
            while (h.hasNext()) {
                h.next();
                const QJSValue list = h.value();
                if (list.isNull())
                    continue;
                if (!list.isArray())
                    return malformed(QStringLiteral("multiValueHeaders.%1 is not a list").arg(h.name()));
                const quint32 n = list.property(QStringLiteral("length")).toUInt();
                for (quint32 i = 0; i < n; ++i) {
                    bool ok = true;
                    const auto text = headerText(list.property(i), &ok);
                    if (!ok)
                        return malformed(QStringLiteral("multiValueHeaders.%1 holds a non-string")
                                             .arg(h.name()));
                    if (text)
                        multi.append({h.name().toUtf8(), *text});
                }
            }
        } else if (name == QLatin1String("body")) {
            if (v.isNull())
                continue;
            if (!v.isString())
                return malformed(QStringLiteral("body is not a string"));
            body = v.toString().toUtf8();
        } else if (name == QLatin1String("isBase64Encoded")) {
            if (v.isBool())
                base64 = v.toBool();
            else if (v.isString() && (v.toString() == QLatin1String("true") ||
                                      v.toString() == QLatin1String("false")))
                base64 = v.toString() == QLatin1String("true");
            else if (!v.isNull())
                return malformed(QStringLiteral("isBase64Encoded is not a boolean"));
        } else {
            return malformed(QStringLiteral("unexpected member %1").arg(name));
        }
    }
    if (!status)
        return malformed(QStringLiteral("statusCode is missing"));

    // Merged into one list; a name and value in both appear once (multiValueHeaders' copy).
    for (const auto &h : std::as_const(single)) {
        bool inMulti = false;
        for (const auto &m : std::as_const(multi)) {
            if (m.first.compare(h.first, Qt::CaseInsensitive) == 0 && m.second == h.second) {
                inMulti = true;
                break;
            }
        }
        if (!inMulti)
            out.headers.append(h);
    }
    out.headers.append(multi);
    if (!Http::hasHeader(out.headers, "content-type"))
        out.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});

    if (base64 && isBinaryMediaType(binaryMediaTypes, accept.isEmpty() ? QByteArrayView() : accept)) {
        auto decoded = QByteArray::fromBase64Encoding(body, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return malformed(QStringLiteral("body is not valid base64"));
        body = std::move(decoded.decoded);
    }
    out.status = *status;
    out.body = std::move(body);
    return {std::move(out), QString()};
}

} // namespace Gatehouse::Functions
