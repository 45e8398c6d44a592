#include "console.h"

#include "apiloader.h"

#include <observe/recordhub.h>
#include <ui/mainwindow.h>
#include <ui/routes/apiworkspace.h>
#include <ui/routes/routeeditorview.h>

#include <QDir>

namespace Gatehouse::App {

RuntimeConfig runtimeConfigFor(const Options &options, const Project::Project &project)
{
    RuntimeConfig config;
    config.address = options.bindAddress;
    config.gatewayPort = options.gatewayPort;
    config.tablesPort = options.tablesPort;
    config.stage = options.stage;
    config.store.inMemory = options.inMemory;
    config.store.path = options.dataFile.isEmpty() ? project.defaultDataFile() : options.dataFile;
    config.store.synchronous = options.synchronous;
    config.tableStatusDelayMs = options.tableStatusDelayMs;
    config.seedFile = project.seedFile();
    config.functionsDirectory = project.directory() + QStringLiteral("/functions");
    if (const double timeout = project.setting(QStringLiteral("functionTimeout")).toDouble(); timeout > 0)
        config.functionTimeoutMs = int(qMin(timeout, 900.0) * 1000);
    return config;
}

Console::Console(const Options &options, Runtime &runtime, Project::Project project)
    : m_options(options)
    , m_runtime(runtime)
    , m_project(std::move(project))
    , m_window(std::make_unique<Ui::MainWindow>())
{
    m_window->setProjectHost(this);
    m_window->setStage(options.stage);
    m_window->setRequestRateProvider([hub = runtime.hub()] { return hub->requestsPerSecond(); });
    QObject::connect(runtime.hub(), &Observe::RecordHub::recordsPublished, m_window.get(),
                     &Ui::MainWindow::appendRecords);
    attach();
    attachApis();
}

Console::~Console()
{
    // The window's views hold the engine's API: they go before the runtime stops.
    m_window.reset();
}

void Console::attach()
{
    m_window->setProject(m_project.isValid() ? &m_project : nullptr);
    m_window->setListenerUrls(m_runtime.gatewayUrl(), m_runtime.tablesUrl());
    m_window->setTableApi(m_runtime.tableApi());
}

void Console::attachApis()
{
    const RuntimeConfig &config = m_runtime.config();
    m_window->setApis(config.apis, config.apiFiles, &m_runtime.apiRegistry(), config.stage);
}

Status Console::restart(const RuntimeConfig &config)
{
    m_window->setTableApi(nullptr);
    m_runtime.stop();
    return m_runtime.start(config);
}

Status Console::openProject(const QString &directory)
{
    auto opened = Project::Project::open(directory);
    if (!opened)
        return opened.status();
    RuntimeConfig config = runtimeConfigFor(m_options, *opened);
    // The other project's APIs (--openapi documents, when given, stay what is served).
    config.stage = servingStage(m_options, &*opened);
    if (auto apis = loadApis(m_options.openApiFiles, &*opened, config.stage,
                             accessLogSettingsFor(m_options, &*opened, config.stage))) {
        config.apis = apis->apis;
        config.apiFunctionDirectories = apis->functionDirectories;
        config.apiFiles = apis->files;
    }    // Keep the ports people already use (a port 0 start keeps the one it was given).
    config.gatewayPort = m_runtime.gatewayPort();
    config.tablesPort = m_runtime.tablesPort();
    RuntimeConfig previous = m_runtime.config();
    previous.gatewayPort = config.gatewayPort;
    previous.tablesPort = config.tablesPort;
    if (Status s = restart(config); !s) {
        restart(previous);
        attach();
        return s;
    }
    m_project = std::move(opened).value();
    attach();
    attachApis();
    return Status::ok();
}

Status Console::saveProjectAs(const QString &directory)
{
    // The APIs as edited now, their documents moved into the new directory; written there once
    // the copy is made (the copy holds the documents as last saved).
    const QString oldDir = m_project.directory();
    Ui::ApiWorkspace *workspace = m_window->routeEditor()->workspace();
    QList<std::shared_ptr<const Gateway::RestApi>> editedApis;
    QStringList movedFiles;
    for (const QString &id : workspace->apiIds()) {
        editedApis << workspace->api(id);
        QString file = workspace->filePath(id);
        if (file.startsWith(oldDir + u'/'))
            file = QDir(directory).absoluteFilePath(file.mid(oldDir.size() + 1));
        movedFiles << file;
    }
    const auto moveApis = [&](const Status &saved) {
        if (!saved)
            return saved;
        m_window->setApis(editedApis, movedFiles, &m_runtime.apiRegistry(), m_runtime.config().stage);
        return m_window->routeEditor()->workspace()->writeAll();
    };
    // The table data moves with the project only when it lives in the project (the default):
    // close the engine so the SQLite file is complete on disk, copy, reopen on the copy.
    const bool dataInProject = !m_options.inMemory && m_options.dataFile.isEmpty();
    if (!dataInProject) {
        const Status s = m_project.saveAs(directory);
        attach();
        return moveApis(s);
    }
    RuntimeConfig config = m_runtime.config();
    config.apis = editedApis;
    config.gatewayPort = m_runtime.gatewayPort();
    config.tablesPort = m_runtime.tablesPort();
    m_window->setTableApi(nullptr);
    m_runtime.stop();
    const Status saved = m_project.saveAs(directory);
    if (saved) {
        config.store.path = m_project.defaultDataFile();
        config.seedFile = m_project.seedFile();
        config.apiFiles = movedFiles;
    }
    const Status started = m_runtime.start(config);
    attach();
    const Status moved = moveApis(saved);
    return saved ? (started ? moved : started) : saved;
}

} // namespace Gatehouse::App
