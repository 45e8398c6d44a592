#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

const QString kExecutable = QStringLiteral(GATEHOUSE_EXECUTABLE);

// A child whose per-user folders (the demo copy, settings) live in a temporary directory.
class Gatehouse
{
public:
    explicit Gatehouse(const QString &home)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));   // headless needs no platform at all
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        process.setProcessEnvironment(env);
    }
    ~Gatehouse()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }

    void start(const QStringList &arguments) { process.start(kExecutable, arguments); }

    // Reads stdout lines until `count` arrived or the deadline passed.
    QStringList readLines(int count, int timeoutMs = 20000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (lines.size() < count && !deadline.hasExpired()
               && process.state() != QProcess::NotRunning) {
            if (!process.canReadLine())
                process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
            while (process.canReadLine())
                lines << QString::fromUtf8(process.readLine()).trimmed();
        }
        return lines;
    }

    QProcess process;
    QStringList lines;
};

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QByteArray errorType;
};

HttpResult send(QNetworkAccessManager &network, const QNetworkRequest &request, const QByteArray &method,
                const QByteArray &body = {})
{
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    HttpResult result;
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
        return result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.errorType = reply->rawHeader("x-amzn-ErrorType");
    reply->deleteLater();
    return result;
}

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void servesAndStopsOnSigterm()
    {
        QTemporaryDir home;
        Gatehouse gh(home.path());
        gh.start({QStringLiteral("--headless"), QStringLiteral("--in-memory"), QStringLiteral("--gateway-port"),
                  QStringLiteral("0"), QStringLiteral("--tables-port"), QStringLiteral("0")});
        const QStringList lines = gh.readLines(3);
        QVERIFY2(lines.size() >= 3, qPrintable(QString::fromUtf8(gh.process.readAllStandardError())));
        QVERIFY2(lines[0].startsWith(QLatin1String("gateway http://127.0.0.1:")), qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith(QLatin1String("tables http://127.0.0.1:")), qPrintable(lines[1]));
        // The demo's API, served under the project's stage with the id its document names.
        QCOMPARE(lines[2], QStringLiteral("api %1/dev Bookstore (bk7q2m1x4d)").arg(lines[0].section(u' ', 1)));
        const QString gatewayUrl = lines[0].section(u' ', 1);
        const QString tablesUrl = lines[1].section(u' ', 1);
        QVERIFY(QUrl(gatewayUrl).port() > 0);
        QVERIFY(QUrl(tablesUrl).port() > 0);
        QVERIFY(QUrl(gatewayUrl).port() != QUrl(tablesUrl).port());

        QNetworkAccessManager network;
        // A stage no API serves: API Gateway's answer for a route it does not know.
        const HttpResult gateway = send(network, QNetworkRequest(QUrl(gatewayUrl + QStringLiteral("/prod/books"))), "GET");
        QCOMPARE(gateway.status, 403);
        QCOMPARE(gateway.body, QByteArray(R"({"message":"Missing Authentication Token"})"));
        QCOMPARE(gateway.errorType, QByteArray("MissingAuthenticationTokenException"));
        // The demo's MOCK routes answer at once.
        const HttpResult health = send(network, QNetworkRequest(QUrl(gatewayUrl + QStringLiteral("/dev/health"))), "GET");
        QCOMPARE(health.status, 200);
        QVERIFY2(health.body.startsWith("{\"status\": \"ok\", \"stage\": \"dev\", \"requestId\": \""), health.body.constData());
        const HttpResult atlantis = send(
            network, QNetworkRequest(QUrl(gatewayUrl + QStringLiteral("/dev/stores?city=atlantis"))), "GET");
        QCOMPARE(atlantis.status, 404);
        QCOMPARE(atlantis.body, QByteArray(R"({"message": "No store in atlantis"})"));

        // The table engine answers, seeded with the demo's Books table.
        QNetworkRequest listTables{QUrl(tablesUrl + u'/')};
        listTables.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-amz-json-1.0"));
        listTables.setRawHeader("X-Amz-Target", "DynamoDB_20120810.ListTables");
        listTables.setRawHeader("X-Amz-Date", "20261125T090000Z");
        listTables.setRawHeader("Authorization",
                                "AWS4-HMAC-SHA256 Credential=local/20261125/us-east-1/dynamodb/aws4_request, "
                                "SignedHeaders=host;x-amz-date;x-amz-target, Signature=00");
        const HttpResult tables = send(network, listTables, "POST", "{}");
        QCOMPARE(tables.status, 200);
        QCOMPARE(QJsonDocument::fromJson(tables.body).object().value(QStringLiteral("TableNames")).toVariant(),
                 QVariant(QVariantList{QStringLiteral("Books")}));

        ::kill(pid_t(gh.process.processId()), SIGTERM);
        QVERIFY2(gh.process.waitForFinished(2000), "gatehouse did not stop within 2 s of SIGTERM");
        QCOMPARE(gh.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(gh.process.exitCode(), 0);
        QVERIFY(gh.process.readAllStandardError().contains("tables stopped"));
    }

    void gatewayRefusesAsApiGateway()
    {
        QTemporaryDir home;
        Gatehouse gh(home.path());
        gh.start({QStringLiteral("--headless"), QStringLiteral("--in-memory"), QStringLiteral("--gateway-port=0"),
                  QStringLiteral("--tables-port=0")});
        QVERIFY(gh.readLines(2).size() >= 2);
        const QUrl gateway(gh.lines[0].section(u' ', 1));
        // A body over API Gateway's 10 MB limit is refused from its Content-Length alone.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(gateway.port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /dev/books HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     "Content-Length: 20000000\r\n\r\n");
        QByteArray response;
        QDeadlineTimer deadline(10000);
        while (!response.contains("Request Too Long") && !deadline.hasExpired()
               && socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            response += socket.readAll();
        QVERIFY2(response.startsWith("HTTP/1.1 413 "), response.constData());
        QVERIFY2(response.endsWith("\r\n\r\n{\"message\":\"Request Too Long\"}"), response.constData());
        ::kill(pid_t(gh.process.processId()), SIGTERM);
        QVERIFY(gh.process.waitForFinished(2000));
        QCOMPARE(gh.process.exitCode(), 0);
    }

    void sigintStops()
    {
        QTemporaryDir home;
        Gatehouse gh(home.path());
        gh.start({QStringLiteral("--headless"), QStringLiteral("--in-memory"), QStringLiteral("--gateway-port=0"),
                  QStringLiteral("--tables-port=0")});
        QVERIFY(gh.readLines(2).size() >= 2);
        ::kill(pid_t(gh.process.processId()), SIGINT);
        QVERIFY(gh.process.waitForFinished(2000));
        QCOMPARE(gh.process.exitCode(), 0);
    }

    void badOptions_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown") << QStringList{QStringLiteral("--bogus")}
                                 << QStringLiteral("gatehouse: Unknown option 'bogus'.");
        QTest::newRow("port range") << QStringList{QStringLiteral("--gateway-port"), QStringLiteral("70000")}
                                    << QStringLiteral("gatehouse: --gateway-port: '70000' is not a port number (0-65535)");
        QTest::newRow("port text") << QStringList{QStringLiteral("--tables-port"), QStringLiteral("http")}
                                   << QStringLiteral("gatehouse: --tables-port: 'http' is not a port number (0-65535)");
        QTest::newRow("same ports") << QStringList{QStringLiteral("--gateway-port=4000"), QStringLiteral("--tables-port=4000")}
                                    << QStringLiteral("gatehouse: --gateway-port and --tables-port are both 4000");
        QTest::newRow("bind") << QStringList{QStringLiteral("--bind"), QStringLiteral("example")}
                              << QStringLiteral("gatehouse: --bind: 'example' is not an IP address");
        QTest::newRow("synchronous") << QStringList{QStringLiteral("--synchronous"), QStringLiteral("always")}
                                     << QStringLiteral("gatehouse: --synchronous: 'always' is not one of off, normal, full");
        QTest::newRow("data and memory") << QStringList{QStringLiteral("--data=x.sqlite"), QStringLiteral("--in-memory")}
                                         << QStringLiteral("gatehouse: --data and --in-memory exclude each other");
        QTest::newRow("project") << QStringList{QStringLiteral("--project"), QStringLiteral("/nonexistent/dir")}
                                 << QStringLiteral("gatehouse: --project: '/nonexistent/dir' is not a directory");
        QTest::newRow("missing value") << QStringList{QStringLiteral("--stage")}
                                       << QStringLiteral("gatehouse: Missing value after '--stage'.");
        QTest::newRow("status delay") << QStringList{QStringLiteral("--table-status-delay=soon")}
                                      << QStringLiteral("gatehouse: --table-status-delay: 'soon' is not a number of "
                                                        "milliseconds (0-3600000)");
        QTest::newRow("access log format alone")
            << QStringList{QStringLiteral("--access-log-format=json")}
            << QStringLiteral("gatehouse: --access-log-format needs --access-log");
        QTest::newRow("access log format without a request id")
            << QStringList{QStringLiteral("--access-log=a.log"),
                           QStringLiteral("--access-log-format=$context.status")}
            << QStringLiteral("gatehouse: --access-log-format: the format must contain "
                              "$context.requestId or $context.extendedRequestId");
        QTest::newRow("positional") << QStringList{QStringLiteral("extra")}
                                    << QStringLiteral("gatehouse: unexpected argument 'extra'");
    }

    void badOptions()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QTemporaryDir home;
        Gatehouse gh(home.path());
        gh.start(QStringList{QStringLiteral("--headless")} + arguments);
        QVERIFY(gh.process.waitForFinished(10000));
        QCOMPARE(gh.process.exitCode(), 2);
        const QString err = QString::fromUtf8(gh.process.readAllStandardError());
        QCOMPARE(err.section(u'\n', 0, 0), message);
        QVERIFY(gh.process.readAllStandardOutput().isEmpty());
    }

    void windowWithoutDisplay()
    {
        QTemporaryDir home;
        Gatehouse gh(home.path());
        gh.start({QStringLiteral("--in-memory"), QStringLiteral("--gateway-port=0"), QStringLiteral("--tables-port=0")});
        QVERIFY(gh.process.waitForFinished(10000));
        QCOMPARE(gh.process.exitCode(), 2);
        QCOMPARE(QString::fromUtf8(gh.process.readAllStandardError()).section(u'\n', 0, 0),
                 QStringLiteral("gatehouse: no display (DISPLAY and WAYLAND_DISPLAY are unset): run with --headless, "
                                "or under xvfb-run"));
    }

    void portInUse()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        const QString port = QString::number(occupant.serverPort());
        QTemporaryDir home;
        Gatehouse gh(home.path());
        gh.start({QStringLiteral("--headless"), QStringLiteral("--in-memory"), QStringLiteral("--gateway-port=0"),
                  QStringLiteral("--tables-port"), port});
        QVERIFY(gh.process.waitForFinished(10000));
        QCOMPARE(gh.process.exitCode(), 2);
        const QString err = QString::fromUtf8(gh.process.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("gatehouse: tables listener: cannot listen on 127.0.0.1:") + port),
                 qPrintable(err));
        QVERIFY(!gh.process.readAllStandardOutput().contains("tables http"));
    }

    void versionAndHelp()
    {
        QTemporaryDir home;
        Gatehouse version(home.path());
        version.start({QStringLiteral("--version")});
        QVERIFY(version.process.waitForFinished(10000));
        QCOMPARE(version.process.exitCode(), 0);
        QVERIFY(version.process.readAllStandardOutput().startsWith("gatehouse 0."));

        Gatehouse help(home.path());
        help.start({QStringLiteral("--help")});
        QVERIFY(help.process.waitForFinished(10000));
        QCOMPARE(help.process.exitCode(), 0);
        const QByteArray text = help.process.readAllStandardOutput();
        for (const char *option : {"--headless", "--project <DIR>", "--openapi <FILE>", "--stage <NAME>",
                                   "--gateway-port <N>", "--tables-port <N>", "--bind <ADDR>", "--data <FILE>",
                                   "--in-memory", "--synchronous <MODE>", "--screenshots <DIR>", "--version"})
            QVERIFY2(text.contains(option), option);
    }

    void openApiServedAndBindWarning()
    {
        QTemporaryDir home;
        Gatehouse gh(home.path());
        gh.start({QStringLiteral("--headless"), QStringLiteral("--in-memory"), QStringLiteral("--gateway-port=0"),
                  QStringLiteral("--tables-port=0"), QStringLiteral("--bind=0.0.0.0"), QStringLiteral("--openapi"),
                  QStringLiteral(GATEHOUSE_SOURCE_DIR "/resources/demo/apis/bookstore.yaml"),
                  QStringLiteral("--stage"), QStringLiteral("v1")});
        QVERIFY(gh.readLines(3).size() >= 3);
        QVERIFY(gh.lines[0].startsWith(QLatin1String("gateway http://")));
        QVERIFY2(gh.lines[2].startsWith(QLatin1String("api http://")), qPrintable(gh.lines[2]));
        QVERIFY2(gh.lines[2].endsWith(QLatin1String("/v1 Bookstore (bk7q2m1x4d)")), qPrintable(gh.lines[2]));
        const QUrl gateway(gh.lines[0].section(u' ', 1));
        QNetworkAccessManager network;
        QUrl health(QStringLiteral("http://127.0.0.1/v1/health"));
        health.setPort(gateway.port());
        QCOMPARE(send(network, QNetworkRequest(health), "GET").status, 200);
        ::kill(pid_t(gh.process.processId()), SIGTERM);
        QVERIFY(gh.process.waitForFinished(2000));
        const QByteArray err = gh.process.readAllStandardError();
        QVERIFY2(err.contains("gatehouse: warning: listening on 0.0.0.0"), err.constData());
    }

    void importWarningsOnStderr()
    {
        QTemporaryDir home;
        const QString file = home.filePath(QStringLiteral("policy.yaml"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("openapi: 3.0.1\ninfo: {title: Policy, version: '1'}\n"
                  "x-amazon-apigateway-policy: {Version: '2012-10-17', Statement: []}\n"
                  "paths:\n  /ping:\n    get:\n      responses: {'200': {description: ok}}\n"
                  "      x-amazon-apigateway-integration:\n        type: mock\n"
                  "        requestTemplates: {application/json: '{\"statusCode\": 200}'}\n"
                  "        responses: {default: {statusCode: '200', responseTemplates: "
                  "{application/json: '{\"pong\": true}'}}}\n");
        out.close();
        Gatehouse gh(home.path());
        gh.start({QStringLiteral("--headless"), QStringLiteral("--in-memory"), QStringLiteral("--gateway-port=0"),
                  QStringLiteral("--tables-port=0"), QStringLiteral("--openapi"), file});
        QVERIFY(gh.readLines(3).size() >= 3);
        QVERIFY2(gh.lines[2].startsWith(QLatin1String("api http://")), qPrintable(gh.lines[2]));
        QVERIFY2(gh.lines[2].endsWith(QLatin1String("/dev Policy")) || gh.lines[2].contains(QLatin1String("/dev Policy (")),
                 qPrintable(gh.lines[2]));
        QNetworkAccessManager network;
        const HttpResult ping = send(network, QNetworkRequest(QUrl(gh.lines[0].section(u' ', 1) + QStringLiteral("/dev/ping"))), "GET");
        QCOMPARE(ping.status, 200);
        QCOMPARE(ping.body, QByteArray("{\"pong\": true}"));
        ::kill(pid_t(gh.process.processId()), SIGTERM);
        QVERIFY(gh.process.waitForFinished(2000));
        const QByteArray err = gh.process.readAllStandardError();
        QVERIFY2(err.contains("gatehouse: warning: policy.yaml: /x-amazon-apigateway-policy "
                              "(x-amazon-apigateway-policy): resource policy is carried, not enforced yet"),
                 err.constData());
    }

    // The stages and deployments the console saved beside a document are served: the live
    // stage the current document, a stage on a deployment the snapshot, with its variables.
    void savedStagesServed()
    {
        QTemporaryDir home;
        const QString file = home.filePath(QStringLiteral("ping.yaml"));
        const auto ping = [](const char *answer) -> QByteArray {
            return QByteArray("openapi: 3.0.1\ninfo: {title: Ping, version: '1'}\npaths:\n  /ping:\n    get:\n"
                              "      responses: {'200': {description: ok}}\n"
                              "      x-amazon-apigateway-integration:\n        type: mock\n"
                              "        requestTemplates: {application/json: '{\"statusCode\": 200}'}\n"
                              "        responses: {default: {statusCode: '200', responseTemplates: "
                              "{application/json: '") + answer + "'}}}\n";
        };
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(ping("{\"version\": 2}"));
        out.close();
        // The deployment's document as the console embeds it (OpenAPI JSON), from version 1.
        const QJsonObject snapshot = QJsonDocument::fromJson(
            "{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"Ping\", \"version\": \"1\"}, \"paths\": {\"/ping\": {\"get\": {"
            "\"responses\": {\"200\": {\"description\": \"ok\"}}, \"x-amazon-apigateway-integration\": {\"type\": \"mock\", "
            "\"requestTemplates\": {\"application/json\": \"{\\\"statusCode\\\": 200}\"}, \"responses\": {\"default\": {"
            "\"statusCode\": \"200\", \"responseTemplates\": {\"application/json\": "
            "\"{\\\"version\\\": 1, \\\"label\\\": \\\"$stageVariables.label\\\"}\"}}}}}}}}").object();
        QVERIFY(snapshot.contains(QLatin1String("paths")));
        const QJsonObject stages{
            {QStringLiteral("format"), 1},
            {QStringLiteral("stages"),
             QJsonObject{{QStringLiteral("dev"), QJsonObject()},
                         {QStringLiteral("prod"),
                          QJsonObject{{QStringLiteral("deploymentId"), QStringLiteral("d1")},
                                      {QStringLiteral("variables"),
                                       QJsonObject{{QStringLiteral("label"), QStringLiteral("blue")}}}}}}},
            {QStringLiteral("deployments"),
             QJsonObject{{QStringLiteral("d1"),
                          QJsonObject{{QStringLiteral("createdDate"), 1700000000000.0},
                                      {QStringLiteral("document"), snapshot}}}}}};
        QFile stagesFile(file + QStringLiteral(".stages.json"));
        QVERIFY(stagesFile.open(QIODevice::WriteOnly));
        stagesFile.write(QJsonDocument(stages).toJson());
        stagesFile.close();

        Gatehouse gh(home.path());
        gh.start({QStringLiteral("--headless"), QStringLiteral("--in-memory"), QStringLiteral("--gateway-port=0"),
                  QStringLiteral("--tables-port=0"), QStringLiteral("--openapi"), file});
        QVERIFY(gh.readLines(3).size() >= 3);
        const QString gateway = gh.lines[0].section(u' ', 1);
        QNetworkAccessManager network;
        const HttpResult live = send(network, QNetworkRequest(QUrl(gateway + QStringLiteral("/dev/ping"))), "GET");
        QCOMPARE(live.status, 200);
        QCOMPARE(live.body, QByteArray("{\"version\": 2}"));
        const HttpResult deployed = send(network, QNetworkRequest(QUrl(gateway + QStringLiteral("/prod/ping"))), "GET");
        QCOMPARE(deployed.status, 200);
        QCOMPARE(deployed.body, QByteArray("{\"version\": 1, \"label\": \"blue\"}"));
        ::kill(pid_t(gh.process.processId()), SIGTERM);
        QVERIFY(gh.process.waitForFinished(2000));
        const QByteArray err = gh.process.readAllStandardError();
        QVERIFY2(!err.contains("stages not read"), err.constData());
    }

    void brokenOpenApiExits2()
    {
        QTemporaryDir home;
        const QString file = home.filePath(QStringLiteral("broken.yaml"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("openapi: 3.0.1\ninfo: {title: x\npaths: {}\n");
        out.close();
        Gatehouse gh(home.path());
        gh.start({QStringLiteral("--headless"), QStringLiteral("--in-memory"), QStringLiteral("--gateway-port=0"),
                  QStringLiteral("--tables-port=0"), QStringLiteral("--openapi"), file});
        QVERIFY(gh.process.waitForFinished(10000));
        QCOMPARE(gh.process.exitCode(), 2);
        const QString err = QString::fromUtf8(gh.process.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("\ngatehouse: ") + file + QStringLiteral(": line 3, column 6: ")),
                 qPrintable(err));
        QVERIFY(gh.process.readAllStandardOutput().isEmpty());
    }

    // People testing their waiters ask for a CREATING phase; by default a table is ACTIVE at once.
    void tableStatusDelay_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("createStatus");
        QTest::addColumn<QString>("describeStatus");
        // CreateTable answers CREATING as the service does; without a delay the table is ACTIVE
        // for the next request.
        QTest::newRow("default") << QStringList{} << QStringLiteral("CREATING") << QStringLiteral("ACTIVE");
        QTest::newRow("delayed") << QStringList{QStringLiteral("--table-status-delay=600000")}
                                 << QStringLiteral("CREATING") << QStringLiteral("CREATING");
    }

    void tableStatusDelay()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, createStatus);
        QFETCH(QString, describeStatus);
        QTemporaryDir home;
        Gatehouse gh(home.path());
        gh.start(QStringList{QStringLiteral("--headless"), QStringLiteral("--in-memory"),
                             QStringLiteral("--gateway-port=0"), QStringLiteral("--tables-port=0")}
                 + extra);
        const QStringList lines = gh.readLines(2);
        QVERIFY(lines.size() >= 2);
        const QString tablesUrl = lines[1].section(u' ', 1);

        QNetworkAccessManager network;
        auto call = [&](const QByteArray &operation, const QByteArray &body) {
            QNetworkRequest request{QUrl(tablesUrl + u'/')};
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-amz-json-1.0"));
            request.setRawHeader("X-Amz-Target", "DynamoDB_20120810." + operation);
            request.setRawHeader("X-Amz-Date", "20261125T090000Z");
            request.setRawHeader("Authorization",
                                 "AWS4-HMAC-SHA256 Credential=local/20261125/us-east-1/dynamodb/aws4_request, "
                                 "SignedHeaders=host;x-amz-date;x-amz-target, Signature=00");
            return send(network, request, "POST", body);
        };
        const HttpResult created = call("CreateTable", R"({"TableName":"Waiters",
            "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
            "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
        QVERIFY2(created.status == 200, created.body.constData());
        QCOMPARE(QJsonDocument::fromJson(created.body)["TableDescription"]["TableStatus"].toString(), createStatus);
        const HttpResult described = call("DescribeTable", R"({"TableName":"Waiters"})");
        QCOMPARE(described.status, 200);
        QCOMPARE(QJsonDocument::fromJson(described.body)["Table"]["TableStatus"].toString(), describeStatus);

        ::kill(pid_t(gh.process.processId()), SIGTERM);
        QVERIFY(gh.process.waitForFinished(2000));
        QCOMPARE(gh.process.exitCode(), 0);
    }

    void dataFilePersists()
    {
        QTemporaryDir home;
        const QString data = home.filePath(QStringLiteral("store/tables.sqlite"));
        {
            Gatehouse gh(home.path());
            gh.start({QStringLiteral("--headless"), QStringLiteral("--data"), data, QStringLiteral("--gateway-port=0"),
                      QStringLiteral("--tables-port=0"), QStringLiteral("--synchronous=full")});
            QVERIFY(gh.readLines(2).size() >= 2);
            ::kill(pid_t(gh.process.processId()), SIGTERM);
            QVERIFY(gh.process.waitForFinished(2000));
            QCOMPARE(gh.process.exitCode(), 0);
            QVERIFY(gh.process.readAllStandardError().contains("seeded Books with 8 items"));
        }
        QVERIFY(QFile::exists(data));
        // The second run finds the table and does not seed again.
        Gatehouse again(home.path());
        again.start({QStringLiteral("--headless"), QStringLiteral("--data"), data, QStringLiteral("--gateway-port=0"),
                     QStringLiteral("--tables-port=0")});
        QVERIFY(again.readLines(2).size() >= 2);
        ::kill(pid_t(again.process.processId()), SIGTERM);
        QVERIFY(again.process.waitForFinished(2000));
        QVERIFY(!again.process.readAllStandardError().contains("seeded"));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
