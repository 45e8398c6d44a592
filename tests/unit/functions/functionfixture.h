// Serving one API stage through the pipeline with chosen executors, and an HTTP server for
// fetch, for the function tests.
#pragma once

#include <gateway/compiledapi.h>
#include <gateway/integration.h>
#include <gateway/openapi.h>
#include <gateway/pipeline.h>
#include <functions/functionexecutor.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>

namespace FunctionTests {

using namespace Gatehouse;
using namespace Gatehouse::Gateway;

class RecordingTrace final : public PipelineTrace
{
public:
    qint64 nowUs() const override { return ++m_clock; }
    void addStage(const QString &, qint64, qint64) override {}
    void setNote(const QString &key, const QVariant &value) override
    {
        QMutexLocker lock(&m_mutex);
        m_notes.insert(key, value);
    }
    QVariant note(const QString &key)
    {
        QMutexLocker lock(&m_mutex);
        return m_notes.value(key);
    }

private:
    mutable std::atomic<qint64> m_clock{0};
    QMutex m_mutex;
    QVariantMap m_notes;
};

struct Answer
{
    QMutex mutex;
    bool answered = false;
    Http::HttpResponse response;
    std::shared_ptr<RecordingTrace> trace;

    bool isAnswered()
    {
        QMutexLocker lock(&mutex);
        return answered;
    }
};

inline QString functionUri(const QString &function)
{
    return QStringLiteral("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                          "arn:aws:lambda:us-east-1:123456789012:function:%1/invocations")
        .arg(function);
}

// An API with one AWS_PROXY route per entry: path -> (uri, integration timeout or 0).
struct Route
{
    QString path;
    QString method = QStringLiteral("post");
    QString uri;
    int timeoutMs = 0;
};

inline QByteArray apiDocument(const QList<Route> &routes, const QStringList &binaryMediaTypes = {})
{
    QJsonObject paths;
    for (const Route &r : routes) {
        QJsonObject integration{{QStringLiteral("type"), QStringLiteral("aws_proxy")},
                                {QStringLiteral("httpMethod"), QStringLiteral("POST")},
                                {QStringLiteral("uri"), r.uri}};
        if (r.timeoutMs)
            integration.insert(QStringLiteral("timeoutInMillis"), r.timeoutMs);
        QJsonObject operation{{QStringLiteral("x-amazon-apigateway-integration"), integration}};
        QJsonArray parameters;
        for (const QString &part : r.path.split(u'/', Qt::SkipEmptyParts)) {
            if (part.startsWith(u'{')) {
                QString name = part.mid(1, part.size() - 2);
                name.remove(u'+');
                parameters.append(QJsonObject{{QStringLiteral("name"), name},
                                              {QStringLiteral("in"), QStringLiteral("path")},
                                              {QStringLiteral("required"), true}});
            }
        }
        if (!parameters.isEmpty())
            operation.insert(QStringLiteral("parameters"), parameters);
        QJsonObject item = paths.value(r.path).toObject();
        item.insert(r.method, operation);
        paths.insert(r.path, item);
    }
    QJsonObject doc{{QStringLiteral("openapi"), QStringLiteral("3.0.1")},
                    {QStringLiteral("info"), QJsonObject{{QStringLiteral("title"), QStringLiteral("functions")},
                                                         {QStringLiteral("version"), QStringLiteral("1")}}},
                    {QStringLiteral("paths"), paths}};
    if (!binaryMediaTypes.isEmpty())
        doc.insert(QStringLiteral("x-amazon-apigateway-binary-media-types"),
                   QJsonArray::fromStringList(binaryMediaTypes));
    return QJsonDocument(doc).toJson();
}

class ServedStage
{
public:
    bool load(const QByteArray &document, QList<std::pair<QString, QString>> variables = {})
    {
        auto imported = importOpenApi(document, {IdGenerator::seeded(7)});
        if (!imported)
            return false;
        auto api = std::make_shared<RestApi>(imported->api);
        api->id = QStringLiteral("a1b2c3d4e5");
        m_stage.name = QStringLiteral("dev");
        m_stage.variables = std::move(variables);
        m_stage.api = CompiledApi::compile(api);
        return m_stage.api->problems().isEmpty();
    }
    const CompiledStage &stage() const { return m_stage; }

    std::shared_ptr<Answer> start(const Integrations &integrations, const QByteArray &method,
                                  const QByteArray &path, const QByteArray &query = {},
                                  const Http::HeaderList &headers = {{"Host", "localhost"}},
                                  const QByteArray &body = {})
    {
        auto invocation = std::make_shared<Invocation>();
        invocation->stage = &m_stage;
        InvocationRequest &r = invocation->request;
        r.method = method;
        r.resourcePath = path;
        r.query = query;
        r.headers = headers;
        r.body = body;
        r.path = u"/dev" + QString::fromUtf8(path);
        r.requestId = QStringLiteral("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        r.extendedRequestId = QStringLiteral("Gk3dEF0voAMFa3A=");
        r.requestTimeEpochMs = 1583349317135;
        r.sourceIp = QStringLiteral("127.0.0.1");
        r.domainName = QStringLiteral("a1b2c3d4e5.execute-api.localhost");
        r.domainPrefix = QStringLiteral("a1b2c3d4e5");
        RouteMatch match;
        if (Pipeline::route(m_stage, r, &match))
            invocation->match = match;
        auto answer = std::make_shared<Answer>();
        answer->trace = std::make_shared<RecordingTrace>();
        invocation->trace = answer->trace;
        Pipeline::start(std::move(invocation), integrations, [answer](Http::HttpResponse response) {
            QMutexLocker lock(&answer->mutex);
            answer->response = std::move(response);
            answer->answered = true;
        });
        return answer;
    }

private:
    CompiledStage m_stage;
};

// A functions folder in a temporary directory, its files served as POST routes /NAME of one
// stage by a pool of one worker (one engine: what an invocation leaves behind, the next meets).
class FunctionsFolder
{
public:
    bool isValid() const { return m_dir.isValid(); }
    QString path() const { return m_dir.filePath(QStringLiteral("functions")); }

    // Writes functions/NAME (folders made as needed).
    bool write(const QString &name, const QByteArray &text)
    {
        const QString file = path() + u'/' + name;
        if (!QDir().mkpath(QFileInfo(file).absolutePath()))
            return false;
        QFile f(file);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
    }
    // Serves each function named (its file written already) at /NAME.
    bool serve(const QStringList &functions)
    {
        QList<Route> routes;
        for (const QString &name : functions)
            routes.append({u'/' + name, QStringLiteral("post"), functionUri(name)});
        if (!m_stage.load(apiDocument(routes)))
            return false;
        Gatehouse::Functions::PoolOptions pool;
        pool.workers = 1;
        m_executor = std::make_shared<Gatehouse::Functions::FunctionExecutor>(
            std::make_shared<Gatehouse::Functions::FunctionPool>(pool),
            Gatehouse::Functions::FunctionDirectories{path(), {}});
        return true;
    }
    void stop() { m_executor.reset(); }

    std::shared_ptr<Answer> call(const QByteArray &path)
    {
        auto answer = m_stage.start({nullptr, nullptr, m_executor}, "POST", path, {},
                                    {{"Host", "localhost"}, {"Content-Type", "text/plain"}}, {});
        if (!QTest::qWaitFor([&] { return answer->isAnswered(); }, 15000))
            qWarning("no answer for %s", path.constData());
        return answer;
    }

private:
    QTemporaryDir m_dir;
    ServedStage m_stage;
    std::shared_ptr<Gatehouse::Functions::FunctionExecutor> m_executor;
};

// A small HTTP/1.1 server for fetch: /echo answers the request it got as JSON, /status/N
// answers N, /redirect sends 302 to /echo, /cookies sets two cookies, /hang never answers. One
// request per connection.
class EchoServer : public QTcpServer
{
public:
    EchoServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, socket, [socket] { answer(socket); });
            }
        });
    }

private:
    static void answer(QTcpSocket *socket)
    {
        QByteArray data = socket->property("received").toByteArray() + socket->readAll();
        socket->setProperty("received", data);
        const qsizetype headEnd = data.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QList<QByteArray> lines = data.left(headEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        QJsonObject headers;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            headers.insert(QString::fromLatin1(lines[i].left(colon).trimmed().toLower()),
                           QString::fromLatin1(lines[i].mid(colon + 1).trimmed()));
        }
        const qsizetype length = headers.value(QLatin1String("content-length")).toString().toLongLong();
        if (data.size() < headEnd + 4 + length)
            return;
        const QByteArray method = requestLine.value(0);
        const QByteArray target = requestLine.value(1);
        if (target == "/hang")
            return; // never answered: for aborts
        QByteArray status = "200 OK";
        QByteArray extra;
        QByteArray body;
        if (target.startsWith("/status/")) {
            status = target.mid(8) + " Status";
            body = "status " + target.mid(8);
        } else if (target == "/redirect") {
            status = "302 Found";
            extra = "Location: /echo\r\n";
        } else if (target == "/cookies") {
            extra = "Set-Cookie: a=1; Path=/\r\nSet-Cookie: b=2; Path=/\r\n";
        } else {
            body = QJsonDocument(QJsonObject{{"method", QString::fromLatin1(method)},
                                             {"target", QString::fromLatin1(target)},
                                             {"test", headers.value(QLatin1String("x-test"))},
                                             {"type", headers.value(QLatin1String("content-type"))},
                                             {"body", QString::fromUtf8(data.mid(headEnd + 4, length))}})
                       .toJson(QJsonDocument::Compact);
            extra = "Content-Type: application/json\r\n";
        }
        socket->write("HTTP/1.1 " + status + "\r\n" + extra + "Content-Length: " + QByteArray::number(body.size()) +
                      "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }
};

} // namespace FunctionTests
