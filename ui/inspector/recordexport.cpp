#include <ui/inspector/recordexport.h>

#include <http/httpmessage.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>
#include <QUrlQuery>

namespace Gatehouse::Ui {

namespace {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Set by the HTTP client itself from the URL and body, or hop-by-hop.
bool isClientManagedHeader(const QByteArray &name)
{
    static const char *const names[] = {"host", "content-length", "connection", "transfer-encoding",
                                        "expect", "keep-alive", "te", "upgrade", "proxy-connection",
                                        "accept-encoding"};
    for (const char *n : names) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray header(const HeaderList &headers, const char *name)
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool isText(const QByteArray &bytes, QString *text)
{
    if (bytes.contains('\0'))
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8);
    *text = decoder(bytes);
    return !decoder.hasError();
}

QJsonArray headerArray(const HeaderList &headers)
{
    QJsonArray out;
    for (const auto &h : headers)
        out.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(h.first)},
                               {QStringLiteral("value"), QString::fromUtf8(h.second)}});
    return out;
}

QJsonObject harEntry(const Observe::RequestRecord &r, const ListenerUrls &urls)
{
    const ReplayRequest request = replayRequestFor(r, urls);
    QJsonArray query;
    for (const auto &item : QUrlQuery(request.url).queryItems(QUrl::FullyDecoded))
        query.append(QJsonObject{{QStringLiteral("name"), item.first}, {QStringLiteral("value"), item.second}});

    QJsonObject harRequest{
        {QStringLiteral("method"), QString::fromLatin1(r.method)},
        {QStringLiteral("url"), request.url.toString(QUrl::FullyEncoded)},
        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("cookies"), QJsonArray()},
        {QStringLiteral("headers"), headerArray(r.requestHeaders)},
        {QStringLiteral("queryString"), query},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), r.requestBodySize},
    };
    if (!r.requestBody.isEmpty()) {
        QString text;
        QJsonObject postData{{QStringLiteral("mimeType"), QString::fromLatin1(header(r.requestHeaders, "content-type"))}};
        if (isText(r.requestBody, &text)) {
            postData.insert(QStringLiteral("text"), text);
        } else {
            // HAR 1.2 has no encoding for postData; base64 under a custom field says so.
            postData.insert(QStringLiteral("text"), QString::fromLatin1(r.requestBody.toBase64()));
            postData.insert(QStringLiteral("_encoding"), QStringLiteral("base64"));
        }
        if (r.requestBodySize > r.requestBody.size())
            postData.insert(QStringLiteral("comment"),
                            QStringLiteral("cut at %1 of %2 bytes").arg(r.requestBody.size()).arg(r.requestBodySize));
        harRequest.insert(QStringLiteral("postData"), postData);
    }

    QJsonObject content{
        {QStringLiteral("size"), r.responseBodySize},
        {QStringLiteral("mimeType"), QString::fromLatin1(header(r.responseHeaders, "content-type"))},
    };
    if (!r.responseBody.isEmpty()) {
        QString text;
        if (isText(r.responseBody, &text)) {
            content.insert(QStringLiteral("text"), text);
        } else {
            content.insert(QStringLiteral("text"), QString::fromLatin1(r.responseBody.toBase64()));
            content.insert(QStringLiteral("encoding"), QStringLiteral("base64"));
        }
        if (r.responseBodySize > r.responseBody.size())
            content.insert(QStringLiteral("comment"),
                           QStringLiteral("cut at %1 of %2 bytes").arg(r.responseBody.size()).arg(r.responseBodySize));
    }
    const QJsonObject harResponse{
        {QStringLiteral("status"), r.status},
        {QStringLiteral("statusText"), QString::fromLatin1(Http::reasonPhrase(r.status))},
        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("cookies"), QJsonArray()},
        {QStringLiteral("headers"), headerArray(r.responseHeaders)},
        {QStringLiteral("content"), content},
        {QStringLiteral("redirectURL"), QString::fromUtf8(header(r.responseHeaders, "location"))},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), r.responseBodySize},
    };

    const double totalMs = double(r.totalUs) / 1000.0;
    QJsonArray stages;
    for (const Observe::StageTiming &s : r.stages)
        stages.append(QJsonObject{{QStringLiteral("name"), s.name},
                                  {QStringLiteral("startUs"), s.startUs},
                                  {QStringLiteral("durationUs"), s.durationUs}});
    QJsonObject entry{
        {QStringLiteral("startedDateTime"), r.startedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("time"), totalMs},
        {QStringLiteral("request"), harRequest},
        {QStringLiteral("response"), harResponse},
        {QStringLiteral("cache"), QJsonObject()},
        // The listener measures from the first byte read to the response handed over: all of
        // it is "wait" from a client's point of view.
        {QStringLiteral("timings"), QJsonObject{{QStringLiteral("send"), 0},
                                                {QStringLiteral("wait"), totalMs},
                                                {QStringLiteral("receive"), 0}}},
        {QStringLiteral("_requestId"), QString::fromLatin1(r.requestId)},
        {QStringLiteral("_listener"), r.listener},
        {QStringLiteral("_stages"), stages},
    };
    if (!r.peerAddress.isEmpty())
        entry.insert(QStringLiteral("_peerAddress"), r.peerAddress);
    if (!r.notes.isEmpty())
        entry.insert(QStringLiteral("_notes"), QJsonObject::fromVariantMap(r.notes));
    return entry;
}

QString yamlString(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        if (c == u'"' || c == u'\\')
            out += u'\\';
        if (c == u'\n' || c == u'\r') {
            out += c == u'\n' ? QStringLiteral("\\n") : QStringLiteral("\\r");
            continue;
        }
        out += c;
    }
    return out + u'"';
}

} // namespace

ReplayRequest replayRequestFor(const Observe::RequestRecord &r, const ListenerUrls &urls)
{
    ReplayRequest request;
    request.method = r.method;
    QString base = urls.value(r.listener);
    if (base.isEmpty()) {
        const QByteArray host = header(r.requestHeaders, "host");
        base = QStringLiteral("http://") + (host.isEmpty() ? QStringLiteral("127.0.0.1") : QString::fromLatin1(host));
    }
    while (base.endsWith(u'/'))
        base.chop(1);
    QByteArray target = r.target;
    if (!target.startsWith('/'))
        target.prepend('/');
    request.url = QUrl(base + QString::fromLatin1(target), QUrl::TolerantMode);
    for (const auto &h : r.requestHeaders) {
        if (!isClientManagedHeader(h.first))
            request.headers.append(h);
    }
    request.body = r.requestBody;
    request.bodyComplete = r.requestBodySize <= r.requestBody.size();
    return request;
}

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

QString curlCommand(const ReplayRequest &request)
{
    QStringList parts{QStringLiteral("curl")};
    const QString method = QString::fromLatin1(request.method);
    const bool hasBody = !request.body.isEmpty();
    if (method == QLatin1String("HEAD"))
        parts << QStringLiteral("--head");
    else if (!(method == QLatin1String("GET") && !hasBody) && !(method == QLatin1String("POST") && hasBody))
        parts << QStringLiteral("-X ") + shellQuote(method);
    parts << shellQuote(request.url.toString(QUrl::FullyEncoded));
    for (const auto &h : request.headers)
        parts << QStringLiteral("-H ") + shellQuote(QString::fromLatin1(h.first) + QStringLiteral(": ")
                                                   + QString::fromUtf8(h.second));
    if (hasBody) {
        QString text;
        if (isText(request.body, &text) && request.bodyComplete)
            parts << QStringLiteral("--data-raw ") + shellQuote(text);
        else
            // A shell word cannot carry NUL bytes, and a cut body would not repeat the request.
            parts << QStringLiteral("--data-binary @body.bin   # the %1 body is not inlined")
                         .arg(request.bodyComplete ? QStringLiteral("binary") : QStringLiteral("cut"));
    }
    return parts.join(QStringLiteral(" \\\n  "));
}

QJsonObject harDocument(const QList<Observe::RecordPtr> &records, const ListenerUrls &urls)
{
    QJsonArray entries;
    for (const Observe::RecordPtr &r : records) {
        if (r)
            entries.append(harEntry(*r, urls));
    }
    QString version = QCoreApplication::applicationVersion();
    if (version.isEmpty())
        version = QStringLiteral("dev");
    return QJsonObject{{QStringLiteral("log"),
                        QJsonObject{{QStringLiteral("version"), QStringLiteral("1.2")},
                                    {QStringLiteral("creator"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Gatehouse")},
                                                                            {QStringLiteral("version"), version}}},
                                    {QStringLiteral("entries"), entries}}}};
}

QString mockResponseSnippet(const Observe::RequestRecord &r, QString *error)
{
    QString body;
    if (!isText(r.responseBody, &body)) {
        *error = QObject::tr("The response body is binary; a mapping template can only produce text.");
        return {};
    }
    if (r.responseBodySize > r.responseBody.size()) {
        *error = QObject::tr("Only the first %1 bytes of the response were recorded.").arg(r.responseBody.size());
        return {};
    }
    const QJsonDocument json = QJsonDocument::fromJson(r.responseBody);
    if (!json.isNull())
        body = QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed();
    QString contentType = QString::fromLatin1(header(r.responseHeaders, "content-type")).section(u';', 0, 0).trimmed();
    if (contentType.isEmpty())
        contentType = QStringLiteral("application/json");

    QString path = r.notes.value(QStringLiteral("resourcePath")).toString();
    if (path.isEmpty()) {
        path = QString::fromUtf8(r.target).section(u'?', 0, 0);
        const QString stage = r.notes.value(QStringLiteral("stage")).toString();
        if (!stage.isEmpty() && path.startsWith(u'/' + stage + u'/'))
            path = path.mid(stage.size() + 1);
    }
    const QString status = QString::number(r.status);

    // Headers a mock can answer with, as static values ('...' cannot hold a quote).
    QList<QPair<QString, QString>> headers;
    for (const auto &h : r.responseHeaders) {
        static const char *const skip[] = {"content-type", "content-length", "date", "connection",
                                           "x-amzn-requestid", "x-amz-apigw-id", "x-amzn-trace-id",
                                           "transfer-encoding", "server"};
        bool skipped = false;
        for (const char *s : skip)
            skipped |= h.first.compare(s, Qt::CaseInsensitive) == 0;
        if (!skipped && !h.second.contains('\''))
            headers.append({QString::fromLatin1(h.first), QString::fromUtf8(h.second)});
    }

    QString out;
    out += QStringLiteral("# Captured %1: %2 %3 -> %4\n")
               .arg(r.startedAt.toUTC().toString(Qt::ISODate), QString::fromLatin1(r.method),
                    QString::fromUtf8(r.target), status);
    out += QStringLiteral("# A MOCK method answering as captured. Paste it under \"paths:\" in the API's\n"
                          "# OpenAPI document (merge it into the path if the path exists).\n");
    if (body.contains(u'$') || body.contains(u'#'))
        out += QStringLiteral("# The body is a VTL template: check its '$' and '#' characters.\n");
    out += yamlString(path) + QStringLiteral(":\n");
    out += QStringLiteral("  ") + QString::fromLatin1(r.method).toLower() + QStringLiteral(":\n");
    out += QStringLiteral("    responses:\n");
    out += QStringLiteral("      \"%1\":\n").arg(status);
    out += QStringLiteral("        description: \"%1 response\"\n").arg(status);
    if (!headers.isEmpty()) {
        out += QStringLiteral("        headers:\n");
        for (const auto &h : headers)
            out += QStringLiteral("          %1:\n            schema:\n              type: string\n").arg(yamlString(h.first));
    }
    out += QStringLiteral("    x-amazon-apigateway-integration:\n"
                          "      type: mock\n"
                          "      requestTemplates:\n");
    out += QStringLiteral("        application/json: %1\n").arg(yamlString(QStringLiteral("{\"statusCode\": %1}").arg(status)));
    out += QStringLiteral("      responses:\n        default:\n");
    out += QStringLiteral("          statusCode: \"%1\"\n").arg(status);
    if (!headers.isEmpty()) {
        out += QStringLiteral("          responseParameters:\n");
        for (const auto &h : headers)
            out += QStringLiteral("            %1: %2\n")
                       .arg(yamlString(QStringLiteral("method.response.header.") + h.first),
                            yamlString(u'\'' + h.second + u'\''));
    }
    out += QStringLiteral("          responseTemplates:\n");
    if (body.isEmpty() || body.startsWith(u' ') || body.contains(u'\r')) {
        // A literal block cannot start indented or hold a carriage return: quote instead.
        out += QStringLiteral("            %1: %2\n").arg(yamlString(contentType), yamlString(body));
    } else {
        out += QStringLiteral("            %1: |-\n").arg(yamlString(contentType));
        for (const QString &line : body.split(u'\n'))
            out += (line.isEmpty() ? QString() : QStringLiteral("              ") + line) + u'\n';
    }
    return out;
}

} // namespace Gatehouse::Ui
