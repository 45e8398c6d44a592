#include "apigatewaycontext.h"

#include "json.h"
#include "jsonpath.h"

#include <cstdio>
#include <ctime>

namespace Gatehouse::Vtl {

namespace {

Value stringMap(const NameValueList &pairs)
{
    auto map = std::make_shared<ValueMap>();
    for (const auto &[name, value] : pairs)
        map->insert(name, Value(value));
    return Value(map);
}

QString argString(const ArgList &args)
{
    return args.isEmpty() || args.at(0).isNull() ? QString() : args.at(0).toString();
}

std::shared_ptr<const JsonPath> cachedPath(const QString &text, QString *error)
{
    // Templates call $input.path with a handful of literal paths: cache them per thread.
    thread_local QHash<QString, std::shared_ptr<const JsonPath>> cache;
    const auto it = cache.constFind(text);
    if (it != cache.constEnd())
        return it.value();
    auto compiled = JsonPath::compile(text, error);
    if (compiled) {
        if (cache.size() > 256)
            cache.clear();
        cache.insert(text, compiled);
    }
    return compiled;
}

// $input: the body, JSONPath over it, and the request parameters.
class InputObject : public HostObject
{
public:
    explicit InputObject(const GatewayRequest &request)
        : m_body(QString::fromUtf8(request.body)), m_path(request.pathParameters),
          m_query(request.queryParameters), m_headers(request.headers)
    {}

    bool property(const QString &name, Value *result) const override
    {
        if (nameIs(name, u"body")) {
            *result = Value(m_body);
            return true;
        }
        return false;
    }

    bool call(const QString &name, const ArgList &args, Value *result,
              QString *error) const override
    {
        if (nameIs(name, u"params")) {
            if (args.isEmpty()) {
                *result = params();
                return true;
            }
            *result = Value(param(argString(args)));
            return true;
        }
        if ((nameIs(name, u"json") || nameIs(name, u"path")) && args.size() == 1) {
            Value root;
            if (!parsedBody(&root, error))
                return true;
            QString pathError;
            const auto path = cachedPath(argString(args), &pathError);
            if (!path) {
                *error = u"Invalid JSONPath: " + pathError;
                return true;
            }
            const Value v = path->evaluate(root);
            if (nameIs(name, u"path"))
                *result = v;
            else
                *result = v.isNull() && path->isDefinite() ? Value(QString()) : Value(toJson(v));
            return true;
        }
        if (nameIs(name, u"getBody") && args.isEmpty()) {
            *result = Value(m_body);
            return true;
        }
        return false;
    }

private:
    bool parsedBody(Value *out, QString *error) const
    {
        if (!m_parsed) {
            // An empty body reads as {} (what API Gateway gives $input.json('$') then).
            const QString text = m_body.trimmed().isEmpty() ? QStringLiteral("{}") : m_body;
            QString parseError;
            m_root = parseJson(text, &parseError);
            m_parseError = parseError;
            m_parsed = true;
        }
        if (!m_parseError.isEmpty()) {
            *error = u"Invalid JSON in the request body: " + m_parseError;
            return false;
        }
        *out = m_root;
        return true;
    }

    Value params() const
    {
        auto all = std::make_shared<ValueMap>();
        all->insert(QStringLiteral("path"), stringMap(m_path));
        all->insert(QStringLiteral("querystring"), stringMap(m_query));
        all->insert(QStringLiteral("header"), stringMap(m_headers));
        return Value(all);
    }

    // Path, then query string, then headers (headers ignoring case); "" when absent.
    QString param(const QString &name) const
    {
        for (const auto &[k, v] : m_path) {
            if (k == name)
                return v;
        }
        QString found;
        bool have = false;
        for (const auto &[k, v] : m_query) {
            if (k == name) {
                found = v;
                have = true;
            }
        }
        if (have)
            return found;
        for (const auto &[k, v] : m_headers) {
            if (k.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return QString();
    }

    QString m_body;
    NameValueList m_path;
    NameValueList m_query;
    NameValueList m_headers;
    mutable bool m_parsed = false;
    mutable Value m_root;
    mutable QString m_parseError;
};

// $util: the six helpers API Gateway offers. An unknown one renders literally, as there.
class UtilObject : public HostObject
{
public:
    bool call(const QString &name, const ArgList &args, Value *result,
              QString *error) const override
    {
        if (args.size() != 1)
            return false;
        if (args.at(0).isNull()) {
            *result = Value();
            return true;
        }
        const QString s = args.at(0).toString();
        if (nameIs(name, u"escapeJavaScript")) {
            *result = Value(escapeJavaScript(s));
        } else if (nameIs(name, u"parseJson")) {
            QString parseError;
            *result = parseJson(s, &parseError);
            if (!parseError.isEmpty())
                *error = u"Invalid JSON: " + parseError;
        } else if (nameIs(name, u"urlEncode")) {
            *result = Value(javaUrlEncode(s));
        } else if (nameIs(name, u"urlDecode")) {
            bool ok = true;
            *result = Value(javaUrlDecode(s, &ok));
            if (!ok)
                *error = QStringLiteral("java.lang.IllegalArgumentException: URLDecoder: "
                                        "Incomplete trailing escape (%) pattern");
        } else if (nameIs(name, u"base64Encode")) {
            *result = Value(QString::fromLatin1(s.toUtf8().toBase64()));
        } else if (nameIs(name, u"base64Decode")) {
            *result = Value(QString::fromUtf8(QByteArray::fromBase64(s.toLatin1())));
        } else {
            return false;
        }
        return true;
    }
};

} // namespace

QString gatewayRequestTime(qint64 epochMs)
{
    // gmtime_r and a fixed English month table: QLocale formatting costs microseconds, and
    // every request builds this string.
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const time_t seconds = time_t(epochMs >= 0 ? epochMs / 1000 : (epochMs - 999) / 1000);
    tm t{};
    gmtime_r(&seconds, &t);
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%02d/%s/%04d:%02d:%02d:%02d +0000", t.tm_mday,
                                months[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
    return QString::fromLatin1(buf, n);
}

namespace {

bool needsJavaScriptEscape(char16_t u)
{
    return u < 0x20 || u > 0x7f || u == '"' || u == '\'' || u == '\\' || u == '/';
}

} // namespace

QString escapeJavaScript(const QString &s)
{
    const char16_t *in = reinterpret_cast<const char16_t *>(s.constData());
    const qsizetype n = s.size();
    qsizetype first = 0;
    while (first < n && !needsJavaScriptEscape(in[first]))
        ++first;
    if (first == n)
        return s; // nothing to escape: share the string
    QString out(n + n / 4 + 8, Qt::Uninitialized);
    qsizetype size = 0;
    auto put = [&](char16_t c) {
        if (size == out.size())
            out.resize(out.size() * 2);
        out.data()[size++] = QChar(c);
    };
    for (qsizetype i = 0; i < first; ++i)
        put(in[i]);
    static const char hex[] = "0123456789ABCDEF";
    for (qsizetype i = first; i < n; ++i) {
        const char16_t u = in[i];
        if (!needsJavaScriptEscape(u)) {
            put(u);
            continue;
        }
        put(u'\\');
        switch (u) {
        case '"':
            put(u'"');
            continue;
        case '\'':
            put(u'\'');
            continue;
        case '\\':
            put(u'\\');
            continue;
        case '/':
            put(u'/');
            continue;
        case '\b':
            put(u'b');
            continue;
        case '\f':
            put(u'f');
            continue;
        case '\n':
            put(u'n');
            continue;
        case '\r':
            put(u'r');
            continue;
        case '\t':
            put(u't');
            continue;
        default:
            break;
        }
        // Commons Lang writes \u and four upper-case hex digits (\u00E9, \u20AC).
        put(u'u');
        for (int shift = 12; shift >= 0; shift -= 4)
            put(char16_t(hex[(u >> shift) & 15]));
    }
    out.resize(size);
    return out;
}

QString javaUrlEncode(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    QString out;
    out.reserve(utf8.size());
    static const char hex[] = "0123456789ABCDEF";
    for (const char ch : utf8) {
        const uchar c = uchar(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '-' || c == '*' || c == '_') {
            out += QChar(c);
        } else if (c == ' ') {
            out += u'+';
        } else {
            out += u'%';
            out += QLatin1Char(hex[c >> 4]);
            out += QLatin1Char(hex[c & 15]);
        }
    }
    return out;
}

QString javaUrlDecode(const QString &s, bool *ok)
{
    if (ok)
        *ok = true;
    QByteArray bytes;
    const QByteArray in = s.toUtf8();
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            bytes += ' ';
        } else if (c == '%') {
            bool good = false;
            const int v = i + 2 < in.size() ? in.mid(i + 1, 2).toInt(&good, 16) : 0;
            if (!good) {
                if (ok)
                    *ok = false;
                return QString();
            }
            bytes += char(v);
            i += 2;
        } else {
            bytes += c;
        }
    }
    return QString::fromUtf8(bytes);
}

GatewayBindings::GatewayBindings(const GatewayRequest &r)
{
    auto ctx = std::make_shared<ValueMap>();
    auto str = [](const QString &s) { return Value(s); };
    ctx->insert(QStringLiteral("requestId"), str(r.requestId));
    ctx->insert(QStringLiteral("extendedRequestId"), str(r.extendedRequestId));
    ctx->insert(QStringLiteral("accountId"), str(r.accountId));
    ctx->insert(QStringLiteral("apiId"), str(r.apiId));
    ctx->insert(QStringLiteral("httpMethod"), str(r.httpMethod));
    ctx->insert(QStringLiteral("resourceId"), str(r.resourceId));
    ctx->insert(QStringLiteral("resourcePath"), str(r.resourcePath));
    ctx->insert(QStringLiteral("path"), str(r.path));
    ctx->insert(QStringLiteral("protocol"), str(r.protocol));
    ctx->insert(QStringLiteral("stage"), str(r.stage));
    ctx->insert(QStringLiteral("domainName"), str(r.domainName));
    ctx->insert(QStringLiteral("domainPrefix"), str(r.domainPrefix));
    ctx->insert(QStringLiteral("requestTime"), str(gatewayRequestTime(r.requestTimeEpochMs)));
    ctx->insert(QStringLiteral("requestTimeEpoch"), Value(r.requestTimeEpochMs));
    if (r.status)
        ctx->insert(QStringLiteral("status"), Value(r.status));

    auto identity = std::make_shared<ValueMap>();
    identity->insert(QStringLiteral("sourceIp"), str(r.sourceIp));
    identity->insert(QStringLiteral("userAgent"), str(r.userAgent));
    identity->insert(QStringLiteral("apiKey"), str(r.apiKey));
    identity->insert(QStringLiteral("apiKeyId"), str(r.apiKeyId));
    for (const char *empty : {"accountId", "caller", "user", "userArn", "accessKey",
                              "cognitoAuthenticationProvider", "cognitoAuthenticationType",
                              "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId"})
        identity->insert(QString::fromLatin1(empty), Value(QString()));
    ctx->insert(QStringLiteral("identity"), Value(identity));

    ctx->insert(QStringLiteral("authorizer"),
                r.authorizer.isMap() ? r.authorizer : Value::newMap());

    auto error = std::make_shared<ValueMap>();
    error->insert(QStringLiteral("message"), str(r.errorMessage));
    QString quoted;
    appendJsonString(quoted, r.errorMessage);
    error->insert(QStringLiteral("messageString"), Value(quoted));
    error->insert(QStringLiteral("responseType"), str(r.errorResponseType));
    error->insert(QStringLiteral("validationErrorString"), str(r.errorValidationErrorString));
    ctx->insert(QStringLiteral("error"), Value(error));

    auto responseOverride = std::make_shared<ValueMap>();
    responseOverride->insert(QStringLiteral("header"), Value::newMap());
    ctx->insert(QStringLiteral("responseOverride"), Value(responseOverride));
    auto requestOverride = std::make_shared<ValueMap>();
    requestOverride->insert(QStringLiteral("header"), Value::newMap());
    requestOverride->insert(QStringLiteral("path"), Value::newMap());
    requestOverride->insert(QStringLiteral("querystring"), Value::newMap());
    ctx->insert(QStringLiteral("requestOverride"), Value(requestOverride));

    m_contextMap = Value(ctx);
    m_context.set(QStringLiteral("context"), m_contextMap);
    m_context.set(QStringLiteral("input"), Value(HostPtr(std::make_shared<InputObject>(r))));
    m_context.set(QStringLiteral("util"), Value(HostPtr(std::make_shared<UtilObject>())));
    m_context.set(QStringLiteral("stageVariables"), stringMap(r.stageVariables));
}

std::optional<int> GatewayBindings::overrideStatus() const
{
    const Value ro = m_contextMap.map()->value(QStringLiteral("responseOverride"));
    if (!ro.isMap())
        return std::nullopt;
    const Value status = ro.map()->value(QStringLiteral("status"));
    if (status.isInt())
        return int(status.toInt());
    if (status.isString()) {
        bool ok = false;
        const int v = status.string().trimmed().toInt(&ok);
        if (ok)
            return v;
    }
    return std::nullopt;
}

namespace {

NameValueList overrideEntries(const Value &context, const QString &group, const QString &kind)
{
    NameValueList out;
    const Value overrides = context.map()->value(group);
    if (!overrides.isMap())
        return out;
    const Value entries = overrides.map()->value(kind);
    if (!entries.isMap())
        return out;
    for (const auto &[k, v] : entries.map()->entries())
        out.append({k, v.toString()});
    return out;
}

} // namespace

NameValueList GatewayBindings::overrideHeaders() const
{
    return overrideEntries(m_contextMap, QStringLiteral("responseOverride"),
                           QStringLiteral("header"));
}

NameValueList GatewayBindings::requestOverride(const QString &kind) const
{
    return overrideEntries(m_contextMap, QStringLiteral("requestOverride"), kind);
}

} // namespace Gatehouse::Vtl
