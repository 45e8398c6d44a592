// Thread affinity: any thread (runs before the application object exists).
#pragma once

#include <tables/tablestore.h>

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace Gatehouse::App {

struct Options
{
    bool headless = false;
    QString projectDir;          // empty: the per-user copy of the bundled demo
    QStringList openApiFiles;    // served instead of the project's apis/ documents
    QString stage = QStringLiteral("dev");
    bool stageGiven = false;     // --stage given: it wins over the project's stage setting
    quint16 gatewayPort = 3000;  // as `sam local start-api`
    quint16 tablesPort = 8000;   // as DynamoDB Local
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    QString dataFile;            // empty: <project>/data/tables.sqlite
    bool inMemory = false;
    Tables::StoreOptions::Sync synchronous = Tables::StoreOptions::Sync::Normal;
    int tableStatusDelayMs = 0;  // CREATING/DELETING last this long (0: ACTIVE at once)
    QString screenshotsDir;      // non-empty: render the views to PNGs and exit
    QString theme;               // light, dark or system (empty)
    // --access-log: every served stage logs here (absolute path), in accessLogFormat (the
    // console's preset names are expanded: the format text itself). Empty: the project's
    // per-stage settings, if any.
    QString accessLogFile;
    QString accessLogFormat;
};

struct ParsedCommandLine
{
    enum Outcome { Run, ShowHelp, ShowVersion, Error };
    Outcome outcome = Run;
    Options options;
    QString error;          // one line, for Error
    QStringList warnings;   // for stderr, e.g. a non-loopback --bind
    QString helpText;
};

// Parses the arguments (argv[0] included) without needing a QCoreApplication, so the
// application type (headless or window) can depend on them.
ParsedCommandLine parseCommandLine(const QStringList &arguments);

} // namespace Gatehouse::App
