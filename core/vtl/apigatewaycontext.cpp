#include "apigatewaycontext.h"

#include "json.h"
#include "jsonpath.h"

#include <cstdio>
#include <ctime>
#include <limits>

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
    InputObject(const GatewayRequest &request, const QByteArray &body)
        : m_bytes(body), m_path(request.pathParameters),
          m_query(request.queryParameters), m_headers(request.headers)
    {}

    bool property(const QString &name, Value *result) const override
    {
        if (nameIs(name, u"body")) {
            *result = Value(body());
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
            *result = Value(body());
            return true;
        }
        return false;
    }

private:
    // The body as text, decoded once when a template first reads it.
    const QString &body() const
    {
        if (!m_decoded) {
            m_body = QString::fromUtf8(m_bytes);
            m_decoded = true;
        }
        return m_body;
    }

    bool parsedBody(Value *out, QString *error) const
    {
        if (!m_parsed) {
            // An empty body reads as {} (what API Gateway gives $input.json('$') then).
            const QString &b = body();
            const QString text = b.trimmed().isEmpty() ? QStringLiteral("{}") : b;
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

    QByteArray m_bytes;
    mutable bool m_decoded = false;
    mutable QString m_body;
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

namespace {

// gmtime_r and a fixed English month table: QLocale formatting costs microseconds.
QString formatRequestTime(qint64 epochSeconds)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const time_t seconds = time_t(epochSeconds);
    tm t{};
    gmtime_r(&seconds, &t);
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%02d/%s/%04d:%02d:%02d:%02d +0000", t.tm_mday,
                                months[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
    return QString::fromLatin1(buf, n);
}

bool needsJavaScriptEscape(char16_t u)
{
    return u < 0x20 || u > 0x7f || u == '"' || u == '\'' || u == '\\' || u == '/';
}

} // namespace

QString gatewayRequestTime(qint64 epochMs)
{
    // Every request of a second asks for the same text: keep the last one per thread.
    thread_local qint64 lastSecond = std::numeric_limits<qint64>::min();
    thread_local QString lastText;
    const qint64 second = epochMs >= 0 ? epochMs / 1000 : (epochMs - 999) / 1000;
    if (second == lastSecond)
        return lastText;
    lastText = formatRequestTime(second);
    lastSecond = second;
    return lastText;
}

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

namespace {

using Entries = QList<ValueMap::Entry>;

Value mapOf(Entries entries)
{
    return Value(std::make_shared<ValueMap>(std::move(entries)));
}

// $context: built whole, each map with its members in one allocation (the keys are literals).
Value buildContext(const GatewayRequest &r)
{
    Entries identity;
    identity.reserve(14);
    identity.append({QStringLiteral("sourceIp"), Value(r.sourceIp)});
    identity.append({QStringLiteral("userAgent"), Value(r.userAgent)});
    identity.append({QStringLiteral("apiKey"), Value(r.apiKey)});
    identity.append({QStringLiteral("apiKeyId"), Value(r.apiKeyId)});
    for (const QString &empty :
         {QStringLiteral("accountId"), QStringLiteral("caller"), QStringLiteral("user"),
          QStringLiteral("userArn"), QStringLiteral("accessKey"),
          QStringLiteral("cognitoAuthenticationProvider"),
          QStringLiteral("cognitoAuthenticationType"), QStringLiteral("cognitoIdentityId"),
          QStringLiteral("cognitoIdentityPoolId"), QStringLiteral("principalOrgId")})
        identity.append({empty, Value(QString())});

    QString quoted;
    if (r.errorMessage.isEmpty())
        quoted = QStringLiteral("\"\"");
    else
        appendJsonString(quoted, r.errorMessage);

    Entries ctx;
    ctx.reserve(22);
    ctx.append({QStringLiteral("requestId"), Value(r.requestId)});
    ctx.append({QStringLiteral("extendedRequestId"), Value(r.extendedRequestId)});
    ctx.append({QStringLiteral("accountId"), Value(r.accountId)});
    ctx.append({QStringLiteral("apiId"), Value(r.apiId)});
    ctx.append({QStringLiteral("httpMethod"), Value(r.httpMethod)});
    ctx.append({QStringLiteral("resourceId"), Value(r.resourceId)});
    ctx.append({QStringLiteral("resourcePath"), Value(r.resourcePath)});
    ctx.append({QStringLiteral("path"), Value(r.path)});
    ctx.append({QStringLiteral("protocol"), Value(r.protocol)});
    ctx.append({QStringLiteral("stage"), Value(r.stage)});
    ctx.append({QStringLiteral("domainName"), Value(r.domainName)});
    ctx.append({QStringLiteral("domainPrefix"), Value(r.domainPrefix)});
    ctx.append({QStringLiteral("requestTime"), Value(gatewayRequestTime(r.requestTimeEpochMs))});
    ctx.append({QStringLiteral("requestTimeEpoch"), Value(r.requestTimeEpochMs)});
    if (r.status)
        ctx.append({QStringLiteral("status"), Value(r.status)});
    ctx.append({QStringLiteral("identity"), mapOf(std::move(identity))});
    ctx.append({QStringLiteral("authorizer"),
                r.authorizer.isMap() ? r.authorizer : Value::newMap()});
    ctx.append({QStringLiteral("error"),
                mapOf({{QStringLiteral("message"), Value(r.errorMessage)},
                       {QStringLiteral("messageString"), Value(quoted)},
                       {QStringLiteral("responseType"), Value(r.errorResponseType)},
                       {QStringLiteral("validationErrorString"),
                        Value(r.errorValidationErrorString)}})});
    ctx.append({QStringLiteral("responseOverride"),
                mapOf({{QStringLiteral("header"), Value::newMap()}})});
    ctx.append({QStringLiteral("requestOverride"),
                mapOf({{QStringLiteral("header"), Value::newMap()},
                       {QStringLiteral("path"), Value::newMap()},
                       {QStringLiteral("querystring"), Value::newMap()}})});
    return mapOf(std::move(ctx));
}

// $util keeps no state: one serves every render.
const HostPtr &utilObject()
{
    static const HostPtr util = std::make_shared<UtilObject>();
    return util;
}

} // namespace

GatewayBindings::GatewayBindings(const GatewayRequest &request)
    : m_request(std::make_shared<const GatewayRequest>(request)), m_body(request.body)
{
    install();
}

GatewayBindings::GatewayBindings(GatewayRequest &&request)
    : m_body(request.body)
{
    m_request = std::make_shared<const GatewayRequest>(std::move(request));
    install();
}

GatewayBindings::GatewayBindings(std::shared_ptr<const GatewayRequest> request,
                                 const QByteArray &body)
    : m_request(std::move(request)), m_body(body)
{
    install();
}

void GatewayBindings::install()
{
    m_context.setLazy(QStringLiteral("context"), [this] { return buildContext(*m_request); });
    m_context.setLazy(QStringLiteral("input"), [this] {
        return Value(HostPtr(std::make_shared<InputObject>(*m_request, m_body)));
    });
    m_context.set(QStringLiteral("util"), Value(utilObject()));
    m_context.setLazy(QStringLiteral("stageVariables"),
                      [this] { return stringMap(m_request->stageVariables); });
}

const Value *GatewayBindings::builtContext() const
{
    static const QString name = QStringLiteral("context");
    if (!m_context.isBuilt(name))
        return nullptr;
    const Value *v = m_context.find(name);
    return v && v->isMap() ? v : nullptr;
}

Value GatewayBindings::contextValue() const
{
    return m_context.value(QStringLiteral("context"));
}

std::optional<int> GatewayBindings::overrideStatus() const
{
    const Value *context = builtContext();
    if (!context)
        return std::nullopt;
    const Value ro = context->map()->value(QStringLiteral("responseOverride"));
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
    const Value *context = builtContext();
    return context ? overrideEntries(*context, QStringLiteral("responseOverride"),
                                     QStringLiteral("header"))
                   : NameValueList();
}

NameValueList GatewayBindings::requestOverride(const QString &kind) const
{
    const Value *context = builtContext();
    return context ? overrideEntries(*context, QStringLiteral("requestOverride"), kind)
                   : NameValueList();
}

} // namespace Gatehouse::Vtl
