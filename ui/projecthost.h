// Thread affinity: GUI thread.
#pragma once

#include <common/status.h>

#include <QString>

namespace Gatehouse::Ui {

// What the main window asks of the application when the project changes under the running
// engines: the app stops the listeners, switches the table data, restarts them and hands the
// window the new project. The window only shows the resulting Status.
class ProjectHost
{
public:
    virtual ~ProjectHost() = default;
    virtual Status openProject(const QString &directory) = 0;
    virtual Status saveProjectAs(const QString &directory) = 0;
};

} // namespace Gatehouse::Ui
