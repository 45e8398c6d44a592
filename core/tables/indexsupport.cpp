#include "indexsupport.h"

#include "enginesupport.h"

namespace Gatehouse::Tables::Support {

KeySchema indexKeySchema(const IndexMeta &index)
{
    KeySchema k;
    k.hashName = index.hashKeyName;
    k.hashType = index.hashKeyType;
    k.rangeName = index.rangeKeyName;
    k.rangeType = index.rangeKeyType;
    return k;
}

QStringList indexStartKeyNames(const TableMeta &table, const IndexMeta &index)
{
    QStringList names{table.hashKeyName};
    for (const QString &n : {table.rangeKeyName, index.hashKeyName, index.rangeKeyName}) {
        if (!n.isEmpty() && !names.contains(n))
            names.append(n);
    }
    return names;
}

QString gsiStatus(const TableMeta &table, const QString &indexName)
{
    const QJsonObject state = table.definition.value(kIndexStates).toObject().value(indexName).toObject();
    const QString status = state.value(u"IndexStatus").toString();
    return status.isEmpty() ? QStringLiteral("ACTIVE") : status;
}

Result<IndexRead> resolveIndexRead(const QJsonObject &d, const TableMeta &table)
{
    const QString name = d.value(u"IndexName").toString();
    IndexRead read;
    read.index = table.index(name);
    if (!read.index)
        return validation(u"The table does not have the specified index: " + name);
    if (read.index->global && d.value(u"ConsistentRead").toBool())
        return validation(QStringLiteral("Consistent reads are not supported on global secondary indexes"));
    if (read.index->global && gsiStatus(table, name) == u"CREATING")
        return validation(u"Cannot read from backfilling global secondary index: " + name);
    if (read.index->global && gsiStatus(table, name) == u"DELETING")
        return validation(u"The table does not have the specified index: " + name);
    read.schema = indexKeySchema(*read.index);
    read.startKeyNames = indexStartKeyNames(table, *read.index);

    if (read.index->projection != IndexMeta::Projection::All && !read.index->global) {
        if (d.value(u"Select").toString() == u"ALL_ATTRIBUTES") {
            read.fetchFromTable = true;
        } else {
            // An LSI read whose projection or filter names attributes the index does not hold
            // reads the table's item.
            QSet<QString> projected(read.startKeyNames.begin(), read.startKeyNames.end());
            if (read.index->projection == IndexMeta::Projection::Include)
                for (const QString &n : read.index->nonKeyAttributes)
                    projected.insert(n);
            QMap<QString, QString> names;
            const QJsonObject given = d.value(u"ExpressionAttributeNames").toObject();
            for (auto it = given.begin(); it != given.end(); ++it)
                names.insert(it.key(), it.value().toString());
            for (const char *member : {"ProjectionExpression", "FilterExpression"}) {
                if (!d.contains(QLatin1String(member)))
                    continue;
                for (const QString &h : pathHeads(d.value(QLatin1String(member)).toString(), names))
                    if (!projected.contains(h))
                        read.fetchFromTable = true;
            }
        }
    }
    return read;
}

Status checkIndexSelect(const QJsonObject &d, const IndexRead &read, const TableMeta &table,
                        const Expressions::ProjectionPlan *projection)
{
    const IndexMeta &index = *read.index;
    if (!index.global || index.projection == IndexMeta::Projection::All)
        return Status::ok();
    if (d.value(u"Select").toString() == u"ALL_ATTRIBUTES")
        return validation(u"One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                          u"is not supported for global secondary index " +
                          index.name + u" because its projection type is not ALL");
    // A GSI cannot fetch from the table: projecting what it does not hold is refused.
    if (projection) {
        const QStringList held = {table.hashKeyName, table.rangeKeyName, index.hashKeyName,
                                  index.rangeKeyName};
        QStringList missing;
        for (const QString &name : Expressions::projectedTopLevelNames(*projection))
            if (!held.contains(name) && !index.nonKeyAttributes.contains(name))
                missing.append(name);
        if (!missing.isEmpty())
            return validation(
                u"One or more parameter values were invalid: Global secondary index " + index.name +
                u" does not project [" + missing.join(u", ") + u']');
    }
    return Status::ok();
}

Status checkIndexKeyPaths(const QJsonObject &request, const TableMeta &table)
{
    if (table.indexes.isEmpty())
        return Status::ok();
    return checkNestedPathHeads(request, [&](const QSet<QString> &nested) {
        // GSIs first, then LSIs' sort keys, as the service walks them.
        for (bool global : {true, false}) {
            for (const IndexMeta &index : table.indexes) {
                if (index.global != global)
                    continue;
                for (const QString &key : {index.hashKeyName, index.rangeKeyName}) {
                    if (!key.isEmpty() && nested.contains(key))
                        return validation(u"Key attributes must be scalars; list random access '[]' "
                                          u"and map lookup '.' are not allowed: IndexKey: " + key);
                }
            }
        }
        return Status::ok();
    });
}

} // namespace Gatehouse::Tables::Support
