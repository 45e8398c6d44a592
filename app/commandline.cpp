#include "commandline.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <gateway/accesslogformat.h>

namespace Gatehouse::App {

namespace {

bool parsePort(const QString &text, quint16 *port)
{
    bool ok = false;
    const uint value = text.toUInt(&ok, 10);
    if (!ok || value > 65535)
        return false;
    *port = quint16(value);
    return true;
}

} // namespace

ParsedCommandLine parseCommandLine(const QStringList &arguments)
{
    ParsedCommandLine out;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Gatehouse: an API gateway that behaves like Amazon API Gateway and a table engine that "
        "speaks the DynamoDB API, in one desktop console."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version and exit."));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("Run the listeners without a window (no display needed)."));
    const QCommandLineOption project(QStringLiteral("project"),
                                     QStringLiteral("Open the project in DIR (default: the bundled demo)."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption openapi(QStringLiteral("openapi"),
                                     QStringLiteral("An OpenAPI 3 or Swagger 2 document (JSON or YAML) to serve "
                                                    "instead of the project's APIs (repeatable)."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption stage(QStringLiteral("stage"), QStringLiteral("The stage the APIs are served under (default: the "
                                                  "project's stage, else dev)."),
                                   QStringLiteral("NAME"), QStringLiteral("dev"));
    const QCommandLineOption gatewayPort(QStringLiteral("gateway-port"),
                                         QStringLiteral("The API gateway's port (default: 3000; 0 picks a free one)."),
                                         QStringLiteral("N"), QStringLiteral("3000"));
    const QCommandLineOption tablesPort(QStringLiteral("tables-port"),
                                        QStringLiteral("The DynamoDB endpoint's port (default: 8000; 0 picks a free one)."),
                                        QStringLiteral("N"), QStringLiteral("8000"));
    const QCommandLineOption bind(QStringLiteral("bind"),
                                  QStringLiteral("The address to listen on (default: 127.0.0.1)."),
                                  QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("The SQLite file for table data (default: <project>/data/tables.sqlite)."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption inMemory(QStringLiteral("in-memory"),
                                      QStringLiteral("Keep table data in memory only (lost on exit)."));
    const QCommandLineOption synchronous(QStringLiteral("synchronous"),
                                         QStringLiteral("SQLite durability: off, normal or full (default: normal)."),
                                         QStringLiteral("MODE"), QStringLiteral("normal"));
    const QCommandLineOption statusDelay(
        QStringLiteral("table-status-delay"),
        QStringLiteral("Keep new tables CREATING and deleted ones DELETING for MS milliseconds, for testing "
                       "waiters (default: 0, ACTIVE at once as DynamoDB Local)."),
        QStringLiteral("MS"), QStringLiteral("0"));
    const QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                         QStringLiteral("Render each main view to a PNG in DIR and exit."),
                                         QStringLiteral("DIR"));
    const QCommandLineOption theme(QStringLiteral("theme"),
                                   QStringLiteral("Window palette: light, dark or system (default: system)."),
                                   QStringLiteral("THEME"));
    const QCommandLineOption accessLog(
        QStringLiteral("access-log"),
        QStringLiteral("Write an access log of the served stages to FILE (appending), as API Gateway's "
                       "access logging does."),
        QStringLiteral("FILE"));
    const QCommandLineOption accessLogFormat(
        QStringLiteral("access-log-format"),
        QStringLiteral("The access log format: clf, json, xml or csv (the API Gateway console's "
                       "presets) or a format of $context variables (default: clf)."),
        QStringLiteral("FORMAT"));
    parser.addOptions({help, version, headless, project, openapi, stage, gatewayPort, tablesPort, bind,
                       data, inMemory, synchronous, statusDelay, screenshots, theme, accessLog,
                       accessLogFormat});
    out.helpText = parser.helpText();

    auto fail = [&out](const QString &message) {
        out.outcome = ParsedCommandLine::Error;
        out.error = message;
        return out;
    };

    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(help)) {
        out.outcome = ParsedCommandLine::ShowHelp;
        return out;
    }
    if (parser.isSet(version)) {
        out.outcome = ParsedCommandLine::ShowVersion;
        return out;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));

    Options &o = out.options;
    o.headless = parser.isSet(headless);
    o.projectDir = parser.value(project);
    if (parser.isSet(project) && !QFileInfo(o.projectDir).isDir())
        return fail(QStringLiteral("--project: '%1' is not a directory").arg(o.projectDir));
    o.openApiFiles = parser.values(openapi);
    for (const QString &file : o.openApiFiles) {
        if (!QFileInfo(file).isFile())
            return fail(QStringLiteral("--openapi: cannot read '%1'").arg(file));
    }
    o.stage = parser.value(stage);
    o.stageGiven = parser.isSet(stage);
    if (o.stage.isEmpty() || o.stage.contains(u'/'))
        return fail(QStringLiteral("--stage: '%1' is not a stage name").arg(o.stage));

    if (!parsePort(parser.value(gatewayPort), &o.gatewayPort))
        return fail(QStringLiteral("--gateway-port: '%1' is not a port number (0-65535)").arg(parser.value(gatewayPort)));
    if (!parsePort(parser.value(tablesPort), &o.tablesPort))
        return fail(QStringLiteral("--tables-port: '%1' is not a port number (0-65535)").arg(parser.value(tablesPort)));
    if (o.gatewayPort != 0 && o.gatewayPort == o.tablesPort)
        return fail(QStringLiteral("--gateway-port and --tables-port are both %1").arg(o.gatewayPort));

    const QString address = parser.value(bind);
    if (address == QLatin1String("localhost"))
        o.bindAddress = QHostAddress(QHostAddress::LocalHost);
    else if (!o.bindAddress.setAddress(address))
        return fail(QStringLiteral("--bind: '%1' is not an IP address").arg(address));
    if (!o.bindAddress.isLoopback()) {
        out.warnings << QStringLiteral(
                            "warning: listening on %1 exposes the gateway and the tables to other machines; "
                            "there is no authentication beyond what DynamoDB Local checks")
                            .arg(o.bindAddress.toString());
    }

    o.inMemory = parser.isSet(inMemory);
    o.dataFile = parser.value(data);
    if (o.inMemory && parser.isSet(data))
        return fail(QStringLiteral("--data and --in-memory exclude each other"));

    const QString sync = parser.value(synchronous).toLower();
    if (sync == QLatin1String("off"))
        o.synchronous = Tables::StoreOptions::Sync::Off;
    else if (sync == QLatin1String("normal"))
        o.synchronous = Tables::StoreOptions::Sync::Normal;
    else if (sync == QLatin1String("full"))
        o.synchronous = Tables::StoreOptions::Sync::Full;
    else
        return fail(QStringLiteral("--synchronous: '%1' is not one of off, normal, full").arg(parser.value(synchronous)));

    bool delayOk = false;
    o.tableStatusDelayMs = parser.value(statusDelay).toInt(&delayOk);
    if (!delayOk || o.tableStatusDelayMs < 0 || o.tableStatusDelayMs > 3600 * 1000)
        return fail(QStringLiteral("--table-status-delay: '%1' is not a number of milliseconds (0-3600000)")
                        .arg(parser.value(statusDelay)));

    o.screenshotsDir = parser.value(screenshots);
    if (parser.isSet(screenshots) && o.screenshotsDir.isEmpty())
        return fail(QStringLiteral("--screenshots needs a directory"));
    if (o.headless && parser.isSet(screenshots))
        return fail(QStringLiteral("--screenshots renders the window: it cannot be combined with --headless"));

    if (parser.isSet(accessLog)) {
        if (parser.value(accessLog).isEmpty())
            return fail(QStringLiteral("--access-log needs a file"));
        o.accessLogFile = QFileInfo(parser.value(accessLog)).absoluteFilePath();
        const Gateway::AccessLogFormat format(Gateway::AccessLogFormat::preset(
            parser.isSet(accessLogFormat) ? parser.value(accessLogFormat) : QStringLiteral("clf")));
        // API Gateway refuses such a format when the stage is updated.
        if (!format.hasRequestId()) {
            return fail(QStringLiteral("--access-log-format: the format must contain $context.requestId "
                                       "or $context.extendedRequestId"));
        }
        for (const QString &name : format.unknownVariables())
            out.warnings << QStringLiteral("warning: --access-log-format: unknown variable $context.%1 "
                                           "(logged as -)").arg(name);
        o.accessLogFormat = format.text();
    } else if (parser.isSet(accessLogFormat)) {
        return fail(QStringLiteral("--access-log-format needs --access-log"));
    }

    o.theme = parser.value(theme).toLower();
    if (!o.theme.isEmpty() && o.theme != QLatin1String("light") && o.theme != QLatin1String("dark")
        && o.theme != QLatin1String("system"))
        return fail(QStringLiteral("--theme: '%1' is not one of light, dark, system").arg(parser.value(theme)));
    return out;
}

} // namespace Gatehouse::App
