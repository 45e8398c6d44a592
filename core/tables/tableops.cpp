// CreateTable, DescribeTable, ListTables, DeleteTable.
#include "tableengine.h"

#include "enginesupport.h"
#include "indexsupport.h"
#include "requestvalidation.h"

#include <tables/store/indexentries.h>

#include <QJsonArray>
#include <QUuid>

namespace Gatehouse::Tables {

using namespace Support;

namespace {

QStringList namesOf(const QJsonArray &elements)
{
    QStringList names;
    for (const QJsonValue &v : elements)
        names.append(v.toObject().value(u"AttributeName").toString());
    return names;
}

const QString kInvalid = QStringLiteral("One or more parameter values were invalid: ");

} // namespace

// The rules of one secondary index; the service checks LSIs and GSIs alike with a few
// differences (`local`).
std::optional<QString> Support::checkIndexDefinition(const QJsonObject &index, bool local, const QStringList &defined,
                                  const QString &tableHash, bool payPerRequest,
                                  QSet<QString> &seenNames)
{
    const QString name = index.value(u"IndexName").toString();
    const QJsonArray keys = index.value(u"KeySchema").toArray();
    const QStringList keyNames = namesOf(keys);
    for (const QString &k : keyNames)
        if (!defined.contains(k))
            return kInvalid + u"Some index key attributes are not defined in AttributeDefinitions. "
                              u"Keys: [" + keyNames.join(u", ") + u"], AttributeDefinitions: [" +
                   defined.join(u", ") + u']';
    if (keys.size() > 1 && keyNames.at(0) == keyNames.at(1))
        return QStringLiteral("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    if (keys.at(0).toObject().value(u"KeyType").toString() != u"HASH")
        return QStringLiteral("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    if (keys.size() > 1 && keys.at(1).toObject().value(u"KeyType").toString() != u"RANGE")
        return QStringLiteral("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    if (local) {
        if (keys.size() != 2)
            return kInvalid + u"Index KeySchema does not have a range key for index: " + name;
        if (keyNames.at(0) != tableHash)
            return kInvalid + u"Index KeySchema does not have the same leading hash key as table "
                              u"KeySchema for index: " + name + u". index hash key: " +
                   keyNames.at(0) + u", table hash key: " + tableHash;
    }
    const QJsonObject projection = index.value(u"Projection").toObject();
    if (!projection.contains(u"ProjectionType"))
        return kInvalid + u"Unknown ProjectionType: null";
    const QString type = projection.value(u"ProjectionType").toString();
    if (projection.contains(u"NonKeyAttributes") && type != u"INCLUDE")
        return kInvalid + u"ProjectionType is " + type + u", but NonKeyAttributes is specified";
    if (!local && payPerRequest && index.contains(u"ProvisionedThroughput"))
        return kInvalid + u"ProvisionedThroughput should not be specified for index: " + name +
               u" when BillingMode is PAY_PER_REQUEST";
    if (seenNames.contains(name))
        return kInvalid + u"Duplicate index name: " + name;
    seenNames.insert(name);
    return std::nullopt;
}

namespace {

std::optional<QString> checkCreateTable(const QJsonObject &d)
{
    const bool payPerRequest = d.value(u"BillingMode").toString() == u"PAY_PER_REQUEST";
    const QJsonObject throughput = d.value(u"ProvisionedThroughput").toObject();
    if (payPerRequest) {
        if (d.contains(u"ProvisionedThroughput"))
            return kInvalid + u"Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                              u"when BillingMode is PAY_PER_REQUEST";
    } else {
        if (!throughput.contains(u"ReadCapacityUnits") || !throughput.contains(u"WriteCapacityUnits"))
            return kInvalid + u"ReadCapacityUnits and WriteCapacityUnits must both be specified when "
                              u"BillingMode is PROVISIONED";
        const double rcu = throughput.value(u"ReadCapacityUnits").toDouble();
        const double wcu = throughput.value(u"WriteCapacityUnits").toDouble();
        if (rcu > 1e12)
            return u"Given value " + longShown(rcu) + u" for ReadCapacityUnits is out of bounds";
        if (wcu > 1e12)
            return u"Given value " + longShown(wcu) + u" for WriteCapacityUnits is out of bounds";
    }

    const QStringList defined = namesOf(d.value(u"AttributeDefinitions").toArray());
    const QJsonArray keySchema = d.value(u"KeySchema").toArray();
    const QStringList keys = namesOf(keySchema);
    if (keys.size() > defined.size())
        return QStringLiteral("Invalid KeySchema: Some index key attribute have no definition");
    for (const QString &k : keys)
        if (!defined.contains(k))
            return kInvalid + u"Some index key attributes are not defined in AttributeDefinitions. "
                              u"Keys: [" + keys.join(u", ") + u"], AttributeDefinitions: [" +
                   defined.join(u", ") + u']';
    if (keys.size() > 1 && keys.at(0) == keys.at(1))
        return QStringLiteral("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    if (keySchema.at(0).toObject().value(u"KeyType").toString() != u"HASH")
        return QStringLiteral("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    if (keySchema.size() > 1 && keySchema.at(1).toObject().value(u"KeyType").toString() != u"RANGE")
        return QStringLiteral("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");

    const bool hasLsi = d.contains(u"LocalSecondaryIndexes");
    const bool hasGsi = d.contains(u"GlobalSecondaryIndexes");
    if (!hasLsi && !hasGsi && keys.size() != defined.size())
        return kInvalid + u"Number of attributes in KeySchema does not exactly match number of "
                          u"attributes defined in AttributeDefinitions";

    QSet<QString> seen;
    QSet<QString> used(keys.begin(), keys.end());
    if (hasLsi) {
        const QJsonArray lsis = d.value(u"LocalSecondaryIndexes").toArray();
        if (lsis.isEmpty())
            return kInvalid + u"List of LocalSecondaryIndexes is empty";
        if (keySchema.size() != 2)
            return kInvalid + u"Table KeySchema does not have a range key, which is required when "
                              u"specifying a LocalSecondaryIndex";
        for (const QJsonValue &v : lsis) {
            if (auto m = checkIndexDefinition(v.toObject(), true, defined, keys.at(0), payPerRequest, seen))
                return m;
            for (const QString &k : namesOf(v.toObject().value(u"KeySchema").toArray()))
                used.insert(k);
        }
        if (lsis.size() > 5)
            return kInvalid + u"Number of LocalSecondaryIndexes exceeds per-table limit of 5";
    }
    if (hasGsi) {
        const QJsonArray gsis = d.value(u"GlobalSecondaryIndexes").toArray();
        if (gsis.isEmpty())
            return kInvalid + u"List of GlobalSecondaryIndexes is empty";
        for (const QJsonValue &v : gsis) {
            if (auto m = checkIndexDefinition(v.toObject(), false, defined, keys.at(0), payPerRequest, seen))
                return m;
            for (const QString &k : namesOf(v.toObject().value(u"KeySchema").toArray()))
                used.insert(k);
        }
        if (gsis.size() > 20)
            return kInvalid + u"GlobalSecondaryIndex count exceeds the per-table limit of 20";
    }
    if ((hasLsi || hasGsi) && used.size() != defined.size()) {
        QStringList usedList;
        for (const QString &k : defined)
            if (used.contains(k))
                usedList.append(k);
        return kInvalid + u"Some AttributeDefinitions are not used. AttributeDefinitions: [" +
               defined.join(u", ") + u"], keys used: [" + usedList.join(u", ") + u']';
    }
    const QJsonObject stream = d.value(u"StreamSpecification").toObject();
    if (stream.contains(u"StreamEnabled") && !stream.value(u"StreamEnabled").toBool() &&
        stream.contains(u"StreamViewType"))
        return kInvalid +
               u"Table is being created with a stream disabled, UpdateViewType should not be "
               u"specified";
    return std::nullopt;
}

Items::AttributeType keyType(const QJsonArray &definitions, const QString &name)
{
    for (const QJsonValue &v : definitions) {
        const QJsonObject o = v.toObject();
        if (o.value(u"AttributeName").toString() == name) {
            const QString t = o.value(u"AttributeType").toString();
            return t == u"N" ? Items::AttributeType::N
                             : t == u"B" ? Items::AttributeType::B : Items::AttributeType::S;
        }
    }
    return Items::AttributeType::S;
}

} // namespace

void TableEngine::createTable(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = checkCreateTable(d))
        return done(invalid(*m));

    const QString name = d.value(u"TableName").toString();
    // Looking the name up first also settles a table whose deletion delay has passed.
    if (findTable(name, false).isOk())
        return done(ApiReply::error(Status::error(Items::ErrorCode::ResourceInUse,
                                                  u"Table already exists: " + name)));

    const QJsonArray definitions = d.value(u"AttributeDefinitions").toArray();
    const QJsonArray keySchema = d.value(u"KeySchema").toArray();
    TableMeta meta;
    meta.name = name;
    meta.hashKeyName = keySchema.at(0).toObject().value(u"AttributeName").toString();
    meta.hashKeyType = keyType(definitions, meta.hashKeyName);
    if (keySchema.size() > 1) {
        meta.rangeKeyName = keySchema.at(1).toObject().value(u"AttributeName").toString();
        meta.rangeKeyType = keyType(definitions, meta.rangeKeyName);
    }
    meta.createdAt = now();
    meta.status = m_options.createDelayMs > 0 ? QStringLiteral("CREATING") : QStringLiteral("ACTIVE");

    QJsonObject def;
    for (const char *member : {"AttributeDefinitions", "KeySchema", "BillingMode",
                               "ProvisionedThroughput", "LocalSecondaryIndexes",
                               "GlobalSecondaryIndexes", "Tags", "StreamSpecification",
                               "TableClass", "DeletionProtectionEnabled"}) {
        const QJsonValue v = d.value(QLatin1String(member));
        if (!v.isUndefined())
            def.insert(QLatin1String(member), v);
    }
    def.insert(u"TableId", QUuid::createUuid().toString(QUuid::WithoutBraces));
    meta.definition = def;
    meta.indexes = Store::indexesFromDefinition(def);

    Result<TableMeta> created = m_store->createTable(meta);
    if (!created) {
        if (created.status().code() == Items::ErrorCode::ResourceInUse)
            return done(ApiReply::error(Status::error(Items::ErrorCode::ResourceInUse,
                                                      u"Table already exists: " + name)));
        return done(ApiReply::error(created.status()));
    }
    qCDebug(lcTables) << "created table" << name;
    // The service answers CreateTable with CREATING whatever comes next; without a delay the
    // table is ACTIVE for the next request already (as DynamoDB Local has it).
    TableMeta answered = *created;
    answered.status = QStringLiteral("CREATING");
    done(ApiReply::ok(QJsonObject{{QStringLiteral("TableDescription"), describe(answered)}}));
}

void TableEngine::describeTable(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    Result<TableMeta> table = findTable(req.data.value(u"TableName").toString(), false);
    if (!table)
        return done(ApiReply::error(table.status()));
    done(ApiReply::ok(QJsonObject{{QStringLiteral("Table"), describe(*table)}}));
}

void TableEngine::listTables(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    const int limit = d.contains(u"Limit") ? d.value(u"Limit").toInt() : 100;
    const QString start = d.value(u"ExclusiveStartTableName").toString();
    QStringList names;
    for (const TableMeta &meta : m_store->tables()) {
        if (!start.isEmpty() && meta.name <= start)
            continue;
        // Settles finished deletions so a dropped table is not listed.
        if (meta.status == u"DELETING" && !findTable(meta.name, false).isOk())
            continue;
        names.append(meta.name);
    }
    QJsonObject response;
    if (names.size() > limit) {
        names = names.mid(0, limit);
        response.insert(u"LastEvaluatedTableName", names.last());
    }
    response.insert(u"TableNames", QJsonArray::fromStringList(names));
    done(ApiReply::ok(response));
}

void TableEngine::deleteTable(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QString name = req.data.value(u"TableName").toString();
    Result<TableMeta> table = findTable(name, false);
    if (!table)
        return done(ApiReply::error(table.status()));
    TableMeta meta = *table;
    if (meta.status == u"CREATING")
        return done(ApiReply::error(Status::error(
            Items::ErrorCode::ResourceInUse,
            u"Attempt to change a resource which is still in use: Table is being created: " + name)));
    if (meta.status == u"DELETING")
        return done(ApiReply::error(Status::error(
            Items::ErrorCode::ResourceInUse,
            u"Attempt to change a resource which is still in use: Table is being deleted: " + name)));
    if (meta.definition.value(u"DeletionProtectionEnabled").toBool(false))
        return done(
            invalid(QStringLiteral("Resource cannot be deleted as it is currently protected "
                                   "against deletion. Disable deletion protection first.")));

    meta.status = QStringLiteral("DELETING");
    const QJsonObject description = describe(meta);
    Status s;
    if (m_options.deleteDelayMs > 0) {
        meta.definition.insert(u"DeleteRequestedAtMs", now().toMSecsSinceEpoch());
        s = m_store->updateTable(meta);
    } else {
        s = m_store->deleteTable(name);
    }
    if (!s.isOk())
        return done(ApiReply::error(s));
    done(ApiReply::ok(QJsonObject{{QStringLiteral("TableDescription"), description}}));
}

} // namespace Gatehouse::Tables
