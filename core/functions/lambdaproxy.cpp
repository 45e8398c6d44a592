#include "lambdaproxy.h"

#include <vtl/apigatewaycontext.h>

#include <QJSValueIterator>

namespace Gatehouse::Functions {

namespace {

// (name, value) pairs flattened: [n0, v0, n1, v1, ...].
QJSValue flatPairs(QJSEngine &engine, const Vtl::NameValueList &list)
{
    if (list.isEmpty())
        return QJSValue(QJSValue::NullValue);
    QJSValue a = engine.newArray(uint(list.size() * 2));
    quint32 i = 0;
    for (const auto &[name, value] : list) {
        a.setProperty(i++, name);
        a.setProperty(i++, value);
    }
    return a;
}

const char kMakeEvent[] = R"JS((function () {
'use strict';
function last(flat) {
    if (flat === null) return null;
    var o = {};
    for (var i = 0; i < flat.length; i += 2) o[flat[i]] = flat[i + 1];
    return o;
}
function all(flat) {
    if (flat === null) return null;
    var o = {};
    for (var i = 0; i < flat.length; i += 2) {
        var list = o[flat[i]];
        if (list === undefined) o[flat[i]] = [flat[i + 1]];
        else list.push(flat[i + 1]);
    }
    return o;
}
return function (v, headers, query, path, stageVariables) {
    return {
        resource: v[0],
        path: v[1],
        httpMethod: v[2],
        headers: last(headers),
        multiValueHeaders: all(headers),
        queryStringParameters: last(query),
        multiValueQueryStringParameters: all(query),
        pathParameters: last(path),
        stageVariables: last(stageVariables),
        requestContext: {
            resourceId: v[3],
            resourcePath: v[0],
            httpMethod: v[2],
            extendedRequestId: v[4],
            requestTime: v[5],
            path: v[6],
            accountId: v[7],
            protocol: 'HTTP/1.1',
            stage: v[8],
            domainPrefix: v[9],
            requestTimeEpoch: v[10],
            requestId: v[11],
            identity: {
                cognitoIdentityPoolId: null,
                accountId: null,
                cognitoIdentityId: null,
                caller: null,
                sourceIp: v[12],
                principalOrgId: null,
                accessKey: null,
                cognitoAuthenticationType: null,
                cognitoAuthenticationProvider: null,
                userArn: null,
                userAgent: v[13],
                user: null
            },
            domainName: v[14],
            apiId: v[15]
        },
        body: v[16],
        isBase64Encoded: v[17]
    };
};
})())JS";

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

ProxyEventBuilder::ProxyEventBuilder(QJSEngine &engine)
    : m_engine(engine)
    , m_make(engine.evaluate(QString::fromLatin1(kMakeEvent), QStringLiteral("gatehouse:event")))
{
}

QJSValue ProxyEventBuilder::build(const Gateway::IntegrationCall &call, const EventSettings &settings)
{
    const Gateway::InvocationRequest &r = *call.request;
    const Gateway::RestApi &api = call.stage->api->api();
    const QJSValue null(QJSValue::NullValue);

    QJSValue userAgent = null;
    for (const auto &[name, value] : call.headers) {
        if (name.compare(QLatin1String("user-agent"), Qt::CaseInsensitive) == 0)
            userAgent = QJSValue(value);
    }
    const QByteArray &body = call.body;
    const bool binary = !body.isEmpty() &&
                        isBinaryMediaType(api.binaryMediaTypes,
                                          Http::headerValue(r.headers, "content-type"));
    QJSValue bodyValue = null;
    if (binary)
        bodyValue = QJSValue(QString::fromLatin1(body.toBase64()));
    else if (!body.isEmpty())
        bodyValue = QJSValue(QString::fromUtf8(body));

    QJSValue v = m_engine.newArray(18);
    v.setProperty(0, call.resourcePath);
    v.setProperty(1, r.resourcePath.isEmpty() ? QStringLiteral("/") : QString::fromUtf8(r.resourcePath));
    v.setProperty(2, QString::fromLatin1(r.method));
    v.setProperty(3, call.method->route.resource->id);
    v.setProperty(4, r.extendedRequestId);
    v.setProperty(5, Vtl::gatewayRequestTime(r.requestTimeEpochMs));
    v.setProperty(6, r.path);
    v.setProperty(7, settings.accountId);
    v.setProperty(8, call.stage->name);
    v.setProperty(9, r.domainPrefix);
    v.setProperty(10, double(r.requestTimeEpochMs));
    v.setProperty(11, r.requestId);
    v.setProperty(12, r.sourceIp);
    v.setProperty(13, userAgent);
    v.setProperty(14, r.domainName);
    v.setProperty(15, api.id);
    v.setProperty(16, bodyValue);
    v.setProperty(17, binary);
    return m_make.call({v, flatPairs(m_engine, call.headers), flatPairs(m_engine, call.queryParameters),
                        flatPairs(m_engine, call.pathParameters),
                        flatPairs(m_engine, call.stage->variables)});
}

QJSValue buildProxyEvent(QJSEngine &engine, const Gateway::IntegrationCall &call,
                         const EventSettings &settings)
{
    return ProxyEventBuilder(engine).build(call, settings);
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
