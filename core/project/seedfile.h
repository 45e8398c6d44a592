// Thread affinity: any thread (plain value types).
#pragma once

#include <common/status.h>

#include <QJsonObject>
#include <QList>

namespace Gatehouse::Project {

// One table of a project's data/seed.json: the CreateTable request that makes it and the
// items (DynamoDB JSON, as PutItem's "Item") to put in it.
struct SeedTable
{
    QJsonObject createTable;
    QList<QJsonObject> items;

    QString tableName() const { return createTable.value(QStringLiteral("TableName")).toString(); }
};

// Reads {"tables": [{"CreateTable": {...}, "Items": [{...}, ...]}, ...]}. Only the shape is
// checked here; the table engine validates the requests themselves when they are applied.
Result<QList<SeedTable>> readSeedFile(const QString &path);

} // namespace Gatehouse::Project
