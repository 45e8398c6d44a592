#include "goldencases.h"

#include <QDir>
#include <QFile>
#include <vtl/json.h>

#include <QJsonArray>
#include <QJsonDocument>

using namespace Gatehouse::Vtl;

namespace {

QString joinBlock(QStringList lines, bool verbatim)
{
    while (!verbatim && !lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines.join(u'\n');
}

bool parseJsonObject(const QString &text, QJsonObject *out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    *out = doc.object();
    return true;
}

NameValueList pairs(const Value &v)
{
    NameValueList out;
    if (!v.isMap())
        return out;
    for (const auto &[k, item] : v.map()->entries())
        out.append({k, item.toString()});
    return out;
}

} // namespace

QList<GoldenCase> loadGoldenCases(QString *problem)
{
    QList<GoldenCase> cases;
    const QDir dir(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/golden/vtl"));
    const QStringList files = dir.entryList({QStringLiteral("*.test")}, QDir::Files, QDir::Name);
    for (const QString &fileName : files) {
        QFile f(dir.filePath(fileName));
        if (!f.open(QIODevice::ReadOnly)) {
            *problem = u"cannot open " + fileName;
            return {};
        }
        const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n');
        GoldenCase current;
        QString block; // "", "template", "expect", "error"
        QStringList blockLines;
        bool inCase = false;
        auto endBlock = [&](bool verbatim = false) {
            const QString text = joinBlock(blockLines, verbatim);
            if (block == u"template") {
                current.tmpl = text;
            } else if (block == u"expect") {
                current.expected = text;
            } else if (block == u"error") {
                current.expected = text;
                current.expectError = true;
            }
            block.clear();
            blockLines.clear();
        };
        auto endCase = [&]() {
            endBlock();
            if (inCase)
                cases.append(current);
            current = GoldenCase();
        };
        for (int i = 0; i < lines.size(); ++i) {
            const QString &line = lines.at(i);
            if (line.startsWith(QLatin1String("### "))) {
                endCase();
                inCase = true;
                current.name = line.mid(4).trimmed();
                current.id = fileName + u':' + QString::number(i + 1);
                continue;
            }
            if (line.startsWith(QLatin1String("--- "))) {
                const QString next = line.mid(4).trimmed();
                endBlock(next == u"end");
                if (next == u"end")
                    continue;
                block = next;
                if (block != u"template" && block != u"expect" && block != u"error") {
                    *problem = fileName + u':' + QString::number(i + 1) + u": unknown block";
                    return {};
                }
                continue;
            }
            if (!block.isEmpty()) {
                blockLines.append(line);
                continue;
            }
            if (line.trimmed().isEmpty() || line.startsWith(QLatin1String("# ")))
                continue;
            if (!inCase) {
                *problem = fileName + u':' + QString::number(i + 1) + u": text before a case";
                return {};
            }
            const qsizetype colon = line.indexOf(QLatin1String(": "));
            const QString key = colon < 0 ? QString() : line.left(colon);
            const QString value = colon < 0 ? QString() : line.mid(colon + 2).trimmed();
            bool ok = true;
            if (key == u"velocity")
                current.velocity = value == u"yes";
            else if (key == u"request") {
                QString error;
                ok = parseJson(value, &error).isMap() && error.isEmpty();
                current.request = value;
            } else if (key == u"override") {
                ok = parseJsonObject(value, &current.override);
                current.hasOverride = true;
            } else
                ok = false;
            if (!ok) {
                *problem = fileName + u':' + QString::number(i + 1) + u": bad line: " + line;
                return {};
            }
        }
        endCase();
    }
    return cases;
}

GatewayRequest goldenRequest(const QString &json)
{
    const Value parsed = json.isEmpty() ? Value::newMap() : parseJson(json);
    const ValueMap &j = *parsed.map();
    GatewayRequest r;
    auto s = [&](const char *key, const QString &def) {
        const Value *v = j.find(QString::fromLatin1(key));
        return v ? v->toString() : def;
    };
    r.httpMethod = s("httpMethod", QStringLiteral("GET"));
    r.path = s("path", QStringLiteral("/test/pets"));
    r.resourcePath = s("resourcePath", QStringLiteral("/pets"));
    r.resourceId = s("resourceId", QStringLiteral("r3s0ur"));
    r.pathParameters = pairs(j.value(QStringLiteral("pathParameters")));
    r.queryParameters = pairs(j.value(QStringLiteral("queryStringParameters")));
    r.headers = pairs(j.value(QStringLiteral("headers")));
    const Value body = j.value(QStringLiteral("body"));
    if (body.isString())
        r.body = body.string().toUtf8();
    else if (!body.isNull())
        r.body = toJson(body).toUtf8();
    r.stageVariables = pairs(j.value(QStringLiteral("stageVariables")));
    r.requestId = s("requestId", QStringLiteral("c6af9ac6-7b61-11e6-9a41-93e8deadbeef"));
    r.extendedRequestId = s("extendedRequestId", QStringLiteral("AbCdEfGhIjKlMnO="));
    r.accountId = s("accountId", QStringLiteral("123456789012"));
    r.apiId = s("apiId", QStringLiteral("a1b2c3d4e5"));
    r.stage = s("stage", QStringLiteral("test"));
    r.protocol = s("protocol", QStringLiteral("HTTP/1.1"));
    r.domainName =
        s("domainName", QStringLiteral("a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"));
    r.domainPrefix = s("domainPrefix", QStringLiteral("a1b2c3d4e5"));
    const Value epoch = j.value(QStringLiteral("requestTimeEpoch"));
    r.requestTimeEpochMs = epoch.isNumber() ? epoch.toInt() : 1700000000123;
    r.sourceIp = s("sourceIp", QStringLiteral("192.0.2.1"));
    r.userAgent = s("userAgent", QStringLiteral("curl/8.4.0"));
    r.apiKey = s("apiKey", QString());
    r.authorizer = j.value(QStringLiteral("authorizer"));
    r.errorMessage = s("errorMessage", QString());
    r.errorResponseType = s("errorResponseType", QString());
    r.status = int(j.value(QStringLiteral("status")).toInt());
    return r;
}

GoldenResult renderGolden(const GoldenCase &c)
{
    GoldenResult result;
    VtlError error;
    const auto compiled = Template::compileWithError(c.tmpl, &error);
    if (!compiled) {
        result.failed = true;
        result.error = error;
        return result;
    }
    GatewayBindings bindings(goldenRequest(c.request));
    result.output = compiled->render(bindings.context(), &error);
    if (error.isValid()) {
        result.failed = true;
        result.error = error;
        return result;
    }
    if (const auto status = bindings.overrideStatus())
        result.override.insert(QStringLiteral("status"), *status);
    QJsonObject headers;
    for (const auto &[name, value] : bindings.overrideHeaders())
        headers.insert(name, value);
    if (!headers.isEmpty())
        result.override.insert(QStringLiteral("header"), headers);
    QJsonObject request;
    for (const char *kind : {"header", "path", "querystring"}) {
        QJsonObject entries;
        for (const auto &[name, value] : bindings.requestOverride(QLatin1String(kind)))
            entries.insert(name, value);
        if (!entries.isEmpty())
            request.insert(QLatin1String(kind), entries);
    }
    if (!request.isEmpty())
        result.override.insert(QStringLiteral("request"), request);
    return result;
}
