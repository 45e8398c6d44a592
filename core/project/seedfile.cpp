#include <project/project.h>
#include <project/seedfile.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace Gatehouse::Project {

namespace {

Status seedError(const QString &path, const QString &message)
{
    return Status::error(ProjectError::InvalidManifest, path + u": " + message);
}

} // namespace

Result<QList<SeedTable>> readSeedFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(ProjectError::Io, path + u": " + file.errorString());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return seedError(path, QStringLiteral("%1 at offset %2").arg(error.errorString()).arg(error.offset));
    const QJsonValue tables = doc.object().value(QStringLiteral("tables"));
    if (!doc.isObject() || !tables.isArray())
        return seedError(path, QStringLiteral("expected {\"tables\": [...]}"));

    QList<SeedTable> out;
    int index = 0;
    for (const QJsonValue &entry : tables.toArray()) {
        const QJsonObject object = entry.toObject();
        SeedTable table;
        table.createTable = object.value(QStringLiteral("CreateTable")).toObject();
        if (table.tableName().isEmpty())
            return seedError(path, QStringLiteral("tables[%1]: \"CreateTable\" needs a \"TableName\"").arg(index));
        const QJsonValue items = object.value(QStringLiteral("Items"));
        if (!items.isUndefined() && !items.isArray())
            return seedError(path, QStringLiteral("tables[%1]: \"Items\" must be an array").arg(index));
        for (const QJsonValue &item : items.toArray()) {
            if (!item.isObject())
                return seedError(path, QStringLiteral("tables[%1]: every item must be an object").arg(index));
            table.items.append(item.toObject());
        }
        out.append(table);
        ++index;
    }
    return out;
}

} // namespace Gatehouse::Project
