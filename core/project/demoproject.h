// Thread affinity: any thread.
#pragma once

#include <common/status.h>

#include <QString>

namespace Gatehouse::Project {

// Where the bundled demo is compiled in (the app's Qt resource).
inline QString bundledDemoPath() { return QStringLiteral(":/gatehouse/demo"); }

// The per-user copy of the demo: <AppDataLocation>/demo (~/.local/share/gatehouse/demo).
QString userDemoPath();

// Copies the bundled demo at `bundledDir` to `targetDir` unless a project is already there, so
// the bundled copy is never modified and the user's edits survive restarts. Returns targetDir.
Result<QString> installDemoProject(const QString &bundledDir, const QString &targetDir);

} // namespace Gatehouse::Project
