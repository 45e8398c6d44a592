// The gatehouse executable: parses the command line, opens the project, starts the runtime and
// either waits for a signal (headless) or shows the console.
#include "apiloader.h"
#include "commandline.h"
#include "console.h"
#include "runtime.h"
#include "screenshots.h"
#include "signalwatcher.h"

#include <project/demoproject.h>
#include <project/project.h>
#include <ui/mainwindow.h>
#include <ui/theme.h>

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>

#include <csignal>
#include <cstdio>
#include <memory>

using namespace Gatehouse;

namespace {

constexpr int ExitUsage = 2;   // bad option, bad port, port in use, unusable project

int fail(int code, const QString &message)
{
    std::fprintf(stderr, "gatehouse: %s\n", qPrintable(message));
    return code;
}

Result<Project::Project> openProject(const App::Options &options)
{
    QString directory = options.projectDir;
    if (directory.isEmpty()) {
        auto demo = Project::installDemoProject(Project::bundledDemoPath(), Project::userDemoPath());
        if (!demo)
            return demo.status();
        directory = *demo;
    }
    return Project::Project::open(directory);
}

// The lines scripts and tests wait for, flushed at once: the two listeners, then one line per
// served API stage ("api URL NAME (ID)").
void printUrls(const App::Runtime &runtime)
{
    QByteArray text = "gateway " + runtime.gatewayUrl().toUtf8() + "\ntables " + runtime.tablesUrl().toUtf8()
                      + '\n';
    for (const App::InvokeUrl &url : runtime.invokeUrls())
        text += "api " + url.url.toUtf8() + ' ' + url.apiName.toUtf8() + " (" + url.apiId.toUtf8() + ")\n";
    std::fputs(text.constData(), stdout);
    std::fflush(stdout);
}

int startFailure(const Status &status)
{
    return fail(status.code() == App::Runtime::ListenError ? ExitUsage : 1, status.message());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("Gatehouse"));
    QCoreApplication::setApplicationName(QStringLiteral("gatehouse"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const App::ParsedCommandLine parsed = App::parseCommandLine(arguments);
    switch (parsed.outcome) {
    case App::ParsedCommandLine::ShowHelp:
        std::fputs(qPrintable(parsed.helpText), stdout);
        return 0;
    case App::ParsedCommandLine::ShowVersion:
        std::printf("gatehouse %s\n", GATEHOUSE_VERSION);
        return 0;
    case App::ParsedCommandLine::Error:
        std::fprintf(stderr, "gatehouse: %s\nTry 'gatehouse --help' for the options.\n", qPrintable(parsed.error));
        return ExitUsage;
    case App::ParsedCommandLine::Run:
        break;
    }
    for (const QString &warning : parsed.warnings)
        std::fprintf(stderr, "gatehouse: %s\n", qPrintable(warning));
    const App::Options &options = parsed.options;

    // A client that disconnects mid-response must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    if (!options.screenshotsDir.isEmpty() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    // QApplication aborts without a display; say what to do instead.
    if (!options.headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")
        && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        return fail(ExitUsage, QStringLiteral("no display (DISPLAY and WAYLAND_DISPLAY are unset): "
                                              "run with --headless, or under xvfb-run"));
    }

    std::unique_ptr<QCoreApplication> app;
    if (options.headless)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);

    auto project = openProject(options);
    if (!project)
        return fail(ExitUsage, project.status().message());

    App::SignalWatcher watcher({SIGINT, SIGTERM});
    QObject::connect(&watcher, &App::SignalWatcher::signalled, app.get(), &QCoreApplication::quit);

    // --openapi documents must import (exit 2 otherwise); a broken project document is skipped.
    const QString stage = App::servingStage(options, &*project);
    auto apis = App::loadApis(options.openApiFiles, &*project, stage,
                              App::accessLogSettingsFor(options, &*project, stage));
    if (!apis)
        return fail(ExitUsage, apis.status().message());
    for (const QString &warning : apis->warnings)
        std::fprintf(stderr, "gatehouse: warning: %s\n", qPrintable(warning));

    App::Runtime runtime;
    App::RuntimeConfig config = App::runtimeConfigFor(options, *project);
    config.stage = stage;
    config.apis = apis->apis;
    config.apiFunctionDirectories = apis->functionDirectories;
    config.apiFiles = apis->files;
    if (Status s = runtime.start(config); !s)
        return startFailure(s);
    printUrls(runtime);
    for (const QString &file : runtime.accessLogFiles())
        std::fprintf(stderr, "gatehouse: access log %s\n", qPrintable(file));
    std::fprintf(stderr, "gatehouse: project \"%s\" (%s)\n", qPrintable(project->name()),
                 qPrintable(project->directory()));

    int code = 0;
    if (options.headless) {
        code = app->exec();
    } else {
        auto *gui = static_cast<QApplication *>(app.get());
        gui->setWindowIcon(QIcon(QStringLiteral(":/gatehouse/icons/gatehouse-256.png")));
        gui->setDesktopFileName(QStringLiteral("gatehouse"));
        Ui::ThemeChoice theme = Ui::ThemeChoice::System;
        Ui::parseThemeChoice(options.theme, &theme);
        Ui::applyTheme(*gui, theme);

        App::Console console(options, runtime, std::move(project).value());
        if (!options.screenshotsDir.isEmpty()) {
            code = App::renderScreenshots(*console.window(), runtime, options.screenshotsDir);
        } else {
            console.window()->resize(1400, 900);
            console.window()->show();
            code = app->exec();
        }
    }
    runtime.stop();
    return code;
}
