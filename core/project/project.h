// Thread affinity: a Project is a plain value; use one instance from one thread at a time.
#pragma once

#include <common/status.h>
#include <project/apidocument.h>

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Gatehouse::Project {

// Status codes raised by this module.
namespace ProjectError {
inline const QString NotFound = QStringLiteral("ProjectNotFound");
inline const QString InvalidManifest = QStringLiteral("InvalidManifest");
inline const QString UnsupportedFormat = QStringLiteral("UnsupportedFormat");
inline const QString Io = QStringLiteral("IoError");
inline const QString TargetNotEmpty = QStringLiteral("TargetNotEmpty");
inline const QString InvalidApiDocument = QStringLiteral("InvalidApiDocument");
} // namespace ProjectError

// A project directory (see docs/project-format.md):
//   gatehouse.json        manifest: format, name, version, description, settings
//   apis/*.yaml|yml|json  OpenAPI 3 documents with x-amazon-apigateway-* extensions
//   functions/*.js        Lambda-style function handlers
//   data/tables.sqlite    table data (the table engine's file)
//   data/seed.json        optional items loaded into an empty table engine
class Project
{
public:
    static constexpr int FormatVersion = 1;
    static QString manifestFileName() { return QStringLiteral("gatehouse.json"); }

    Project() = default;

    // Reads and validates the manifest and scans the directory. Unreadable API documents do
    // not fail the open: each carries its own Status (see problems()).
    static Result<Project> open(const QString &directory);

    // Writes the manifest, keeping keys this version does not know. Clears isModified().
    Status save();
    // Copies the whole directory content to `directory` (which must not exist or be empty),
    // writes the manifest there and makes it this project's directory.
    Status saveAs(const QString &directory);
    // Scans apis/ and functions/ again (after files changed on disk).
    void rescan();

    bool isValid() const { return !m_directory.isEmpty(); }
    bool isModified() const { return m_modified; }
    QString directory() const { return m_directory; }
    QString manifestPath() const;

    QString name() const;
    void setName(const QString &name);
    QString version() const;
    void setVersion(const QString &version);
    QString description() const;
    QJsonObject settings() const;
    QJsonValue setting(const QString &key) const;
    void setSetting(const QString &key, const QJsonValue &value);

    const QList<ApiDocument> &apis() const { return m_apis; }
    QStringList functionFiles() const { return m_functions; }   // paths relative to the project
    QString defaultDataFile() const;   // <dir>/data/tables.sqlite
    QString seedFile() const;          // <dir>/data/seed.json, empty if absent
    // Every API document that failed to load, as Status values naming the file.
    QList<Status> problems() const;

private:
    static Status validateManifest(const QJsonObject &manifest, const QString &path);

    QString m_directory;
    QJsonObject m_manifest;
    QList<ApiDocument> m_apis;
    QStringList m_functions;
    bool m_modified = false;
};

// Copies the content of `from` into `to` recursively (creating `to`), making every copy
// writable by its owner: sources inside Qt resources are read-only.
Status copyDirectory(const QString &from, const QString &to);

} // namespace Gatehouse::Project
