#include <project/demoproject.h>
#include <project/project.h>
#include <project/projectlog.h>

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace Gatehouse::Project {

QString userDemoPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
}

Result<QString> installDemoProject(const QString &bundledDir, const QString &targetDir)
{
    if (QFileInfo::exists(targetDir + u'/' + Project::manifestFileName()))
        return targetDir;
    if (!QFileInfo::exists(bundledDir + u'/' + Project::manifestFileName())) {
        return Status::error(ProjectError::NotFound,
                             QStringLiteral("the bundled demo project is missing (%1)").arg(bundledDir));
    }
    // Copy beside the target and rename, so an interrupted first run never leaves half a demo.
    const QString partial = targetDir + QStringLiteral(".partial");
    QDir(partial).removeRecursively();
    QDir(targetDir).removeRecursively();
    if (Status s = copyDirectory(bundledDir, partial); !s)
        return s;
    if (!QDir().rename(partial, targetDir)) {
        return Status::error(ProjectError::Io,
                             QStringLiteral("cannot rename %1 to %2").arg(partial, targetDir));
    }
    qCInfo(lcProject) << "installed the demo project in" << targetDir;
    return targetDir;
}

} // namespace Gatehouse::Project
