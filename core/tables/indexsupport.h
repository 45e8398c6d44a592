// Thread affinity: any thread. Secondary index helpers shared by the operation files of
// TableEngine (private).
#pragma once

#include <tables/tableengine.h>

#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <optional>

namespace Gatehouse::Tables::Support {

// The key schema of an index, as Query and Scan resolve conditions and start keys against it.
KeySchema indexKeySchema(const IndexMeta &index);

// The table key and then the index key attributes not already named: the members of an index
// read's ExclusiveStartKey and LastEvaluatedKey.
QStringList indexStartKeyNames(const TableMeta &table, const IndexMeta &index);

// How an index read goes, after the service's checks on IndexName, ConsistentRead and Select.
struct IndexRead
{
    const IndexMeta *index = nullptr;
    KeySchema schema;            // the index's
    QStringList startKeyNames;
    // An LSI read that needs attributes the index does not hold reads them from the table.
    bool fetchFromTable = false;
};

// IndexName resolution: the table must have the index (active, not backfilling) and a GSI
// cannot be read consistently.
Result<IndexRead> resolveIndexRead(const QJsonObject &request, const TableMeta &table);
// Select ALL_ATTRIBUTES on a GSI that does not project everything (checked after the filter
// checks, as the service orders them).
// And a ProjectionExpression naming attributes a GSI does not project ("Global secondary index
// g does not project [a]").
Status checkIndexSelect(const QJsonObject &request, const IndexRead &read, const TableMeta &table,
                        const Expressions::ProjectionPlan *projection);

// The service's ban on nested paths into index key attributes ("... IndexKey: name"), for the
// request's ProjectionExpression and FilterExpression, over every index of the table.
Status checkIndexKeyPaths(const QJsonObject &request, const TableMeta &table);

// The CreateTable rules of one index definition (also UpdateTable's Create); seenNames collects
// the names for the duplicate check.
std::optional<QString> checkIndexDefinition(const QJsonObject &index, bool local,
                                            const QStringList &defined, const QString &tableHash,
                                            bool payPerRequest, QSet<QString> &seenNames);

// The status of a GSI: CREATING or DELETING while an UpdateTable's change is in progress (kept in
// the table's definition as "IndexStates", settled by TableEngine::findTable), else ACTIVE.
QString gsiStatus(const TableMeta &table, const QString &indexName);
// The internal member of the definition holding those states.
inline const QString kIndexStates = QStringLiteral("IndexStates");

} // namespace Gatehouse::Tables::Support
