// Thread affinity: GUI thread.
#pragma once

#include "commandline.h"
#include "runtime.h"

#include <project/project.h>
#include <ui/projecthost.h>

#include <memory>

namespace Gatehouse::Ui {
class MainWindow;
}

namespace Gatehouse::App {

// Builds the runtime configuration for a project from the command-line options.
RuntimeConfig runtimeConfigFor(const Options &options, const Project::Project &project);

// The window mode: owns the open project and the main window, wires the runtime's records,
// URLs and engine into the views, and switches projects under the running listeners.
class Console : public Ui::ProjectHost
{
public:
    Console(const Options &options, Runtime &runtime, Project::Project project);
    ~Console() override;

    Ui::MainWindow *window() const { return m_window.get(); }
    Project::Project &project() { return m_project; }

    Status openProject(const QString &directory) override;
    Status saveProjectAs(const QString &directory) override;

private:
    void attach();
    // Hands the served APIs to the route editor (a project was opened).
    void attachApis();
    Status restart(const RuntimeConfig &config);

    Options m_options;
    Runtime &m_runtime;
    Project::Project m_project;
    std::unique_ptr<Ui::MainWindow> m_window;
};

} // namespace Gatehouse::App
