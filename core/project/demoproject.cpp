#include <project/demoproject.h>
#include <project/project.h>
#include <project/projectlog.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
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
    // Copy beside the target under a name of our own, then rename: an interrupted first run
    // never leaves half a demo, and two first runs at once (parallel test runs) cannot trip
    // over each other; the loser of the rename finds the winner's copy.
    const QString partial = targetDir + QStringLiteral(".partial-%1-%2")
                                            .arg(QCoreApplication::applicationPid())
                                            .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    QDir(partial).removeRecursively();
    if (Status s = copyDirectory(bundledDir, partial); !s) {
        QDir(partial).removeRecursively();
        return s;
    }
    if (!QDir().rename(partial, targetDir)) {
        QDir(partial).removeRecursively();
        if (QFileInfo::exists(targetDir + u'/' + Project::manifestFileName()))
            return targetDir;
        return Status::error(ProjectError::Io,
                             QStringLiteral("cannot install the demo project in %1 (a folder without %2 "
                                            "is in the way: remove it)")
                                 .arg(targetDir, Project::manifestFileName()));
    }
    qCInfo(lcProject) << "installed the demo project in" << targetDir;
    return targetDir;
}

} // namespace Gatehouse::Project
