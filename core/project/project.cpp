#include <project/project.h>
#include <project/projectlog.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

Q_LOGGING_CATEGORY(lcProject, "gatehouse.core.project", QtInfoMsg)

namespace Gatehouse::Project {

namespace {

const QString kFormat = QStringLiteral("format");
const QString kName = QStringLiteral("name");
const QString kVersion = QStringLiteral("version");
const QString kDescription = QStringLiteral("description");
const QString kSettings = QStringLiteral("settings");

Status manifestError(const QString &path, const QString &message)
{
    return Status::error(ProjectError::InvalidManifest,
                         QDir::toNativeSeparators(path) + u": " + message);
}

Status writeFile(const QString &path, const QByteArray &bytes)
{
    // QSaveFile so a crash mid-write never leaves a truncated manifest behind.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::error(ProjectError::Io, path + u": " + file.errorString());
    file.write(bytes);
    if (!file.commit())
        return Status::error(ProjectError::Io, path + u": " + file.errorString());
    return Status::ok();
}

} // namespace

Result<Project> Project::open(const QString &directory)
{
    const QFileInfo dirInfo(directory);
    if (!dirInfo.isDir()) {
        return Status::error(ProjectError::NotFound,
                             QStringLiteral("%1: not a directory").arg(QDir::toNativeSeparators(directory)));
    }
    const QString dir = dirInfo.absoluteFilePath();
    const QString path = dir + u'/' + manifestFileName();
    QFile file(path);
    if (!file.exists()) {
        return Status::error(ProjectError::NotFound,
                             QStringLiteral("%1: no %2 (not a Gatehouse project)")
                                 .arg(QDir::toNativeSeparators(dir), manifestFileName()));
    }
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(ProjectError::Io, path + u": " + file.errorString());

    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError) {
        return manifestError(path, QStringLiteral("%1 at offset %2")
                                       .arg(error.errorString())
                                       .arg(error.offset));
    }
    if (!json.isObject())
        return manifestError(path, QStringLiteral("the manifest must be a JSON object"));
    if (Status s = validateManifest(json.object(), path); !s)
        return s;

    Project project;
    project.m_directory = dir;
    project.m_manifest = json.object();
    project.rescan();
    return project;
}

Status Project::validateManifest(const QJsonObject &manifest, const QString &path)
{
    const QJsonValue format = manifest.value(kFormat);
    if (!format.isUndefined()) {
        if (!format.isDouble() || format.toDouble() != double(format.toInt()) || format.toInt() < 1)
            return manifestError(path, QStringLiteral("\"format\" must be a positive integer"));
        if (format.toInt() > FormatVersion) {
            return Status::error(ProjectError::UnsupportedFormat,
                                 QStringLiteral("%1: format %2 is newer than this Gatehouse reads (%3)")
                                     .arg(QDir::toNativeSeparators(path))
                                     .arg(format.toInt())
                                     .arg(FormatVersion));
        }
    }
    const QJsonValue name = manifest.value(kName);
    if (!name.isString() || name.toString().trimmed().isEmpty())
        return manifestError(path, QStringLiteral("\"name\" must be a non-empty string"));
    for (const QString &key : {kVersion, kDescription}) {
        const QJsonValue v = manifest.value(key);
        if (!v.isUndefined() && !v.isString())
            return manifestError(path, QStringLiteral("\"%1\" must be a string").arg(key));
    }
    const QJsonValue settings = manifest.value(kSettings);
    if (!settings.isUndefined() && !settings.isObject())
        return manifestError(path, QStringLiteral("\"settings\" must be an object"));
    return Status::ok();
}

void Project::rescan()
{
    m_apis.clear();
    m_functions.clear();
    const QDir apis(m_directory + QStringLiteral("/apis"));
    const QStringList apiFiles = apis.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml"),
                                                 QStringLiteral("*.json")},
                                                QDir::Files, QDir::Name);
    for (const QString &name : apiFiles)
        m_apis.append(readApiDocument(apis.filePath(name)));

    const QDir functions(m_directory + QStringLiteral("/functions"));
    for (const QString &name : functions.entryList({QStringLiteral("*.js"), QStringLiteral("*.mjs")},
                                                   QDir::Files, QDir::Name))
        m_functions.append(QStringLiteral("functions/") + name);
}

Status Project::save()
{
    if (!isValid())
        return Status::error(ProjectError::NotFound, QStringLiteral("no project is open"));
    QJsonObject manifest = m_manifest;
    manifest.insert(kFormat, FormatVersion);
    const Status s = writeFile(manifestPath(), QJsonDocument(manifest).toJson(QJsonDocument::Indented));
    if (s) {
        m_manifest = manifest;
        m_modified = false;
    }
    return s;
}

Status Project::saveAs(const QString &directory)
{
    if (!isValid())
        return Status::error(ProjectError::NotFound, QStringLiteral("no project is open"));
    const QString target = QFileInfo(directory).absoluteFilePath();
    const QDir targetDir(target);
    if (targetDir.exists() && !targetDir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        return Status::error(ProjectError::TargetNotEmpty,
                             QStringLiteral("%1: the directory is not empty").arg(QDir::toNativeSeparators(target)));
    }
    const QString source = QDir(m_directory).canonicalPath();
    if (target == source || target.startsWith(source + u'/')) {
        return Status::error(ProjectError::TargetNotEmpty,
                             QStringLiteral("%1: cannot save a project inside itself").arg(QDir::toNativeSeparators(target)));
    }
    if (Status s = copyDirectory(m_directory, target); !s)
        return s;
    const QString previous = m_directory;
    m_directory = target;
    if (Status s = save(); !s) {
        m_directory = previous;
        return s;
    }
    rescan();
    return Status::ok();
}

QString Project::manifestPath() const
{
    return m_directory + u'/' + manifestFileName();
}

QString Project::name() const { return m_manifest.value(kName).toString(); }

void Project::setName(const QString &name)
{
    if (name == this->name() || name.trimmed().isEmpty())
        return;
    m_manifest.insert(kName, name);
    m_modified = true;
}

QString Project::version() const { return m_manifest.value(kVersion).toString(); }

void Project::setVersion(const QString &version)
{
    if (version == this->version())
        return;
    m_manifest.insert(kVersion, version);
    m_modified = true;
}

QString Project::description() const { return m_manifest.value(kDescription).toString(); }

QJsonObject Project::settings() const { return m_manifest.value(kSettings).toObject(); }

QJsonValue Project::setting(const QString &key) const { return settings().value(key); }

void Project::setSetting(const QString &key, const QJsonValue &value)
{
    QJsonObject s = settings();
    if (s.value(key) == value)
        return;
    s.insert(key, value);
    m_manifest.insert(kSettings, s);
    m_modified = true;
}

QString Project::defaultDataFile() const
{
    return m_directory + QStringLiteral("/data/tables.sqlite");
}

QString Project::seedFile() const
{
    const QString path = m_directory + QStringLiteral("/data/seed.json");
    return QFileInfo::exists(path) ? path : QString();
}

QList<Status> Project::problems() const
{
    QList<Status> out;
    for (const ApiDocument &doc : m_apis) {
        if (!doc.status.isOk())
            out.append(doc.status);
    }
    return out;
}

Status copyDirectory(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to))
        return Status::error(ProjectError::Io, QStringLiteral("%1: cannot create the directory").arg(to));
    QDirIterator it(from, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    const QDir base(from);
    while (it.hasNext()) {
        const QString source = it.next();
        const QFileInfo info = it.fileInfo();
        const QString target = to + u'/' + base.relativeFilePath(source);
        if (info.isDir()) {
            if (!QDir().mkpath(target))
                return Status::error(ProjectError::Io, QStringLiteral("%1: cannot create the directory").arg(target));
            continue;
        }
        // SQLite's -wal/-shm files belong to a live connection: the database file alone, after
        // a checkpoint by its owner, is the consistent copy.
        if (source.endsWith(QLatin1String("-wal")) || source.endsWith(QLatin1String("-shm")))
            continue;
        if (!QFile::copy(source, target)) {
            return Status::error(ProjectError::Io,
                                 QStringLiteral("cannot copy %1 to %2").arg(source, target));
        }
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup
                                          | QFile::ReadOther);
    }
    return Status::ok();
}

} // namespace Gatehouse::Project
