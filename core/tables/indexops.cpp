// Secondary indexes at the table level: their descriptions in DescribeTable (and every answer
// carrying a TableDescription), the clock settling GSI creations and deletions, UpdateTable.
#include "tableengine.h"

#include "enginesupport.h"
#include "indexsupport.h"

#include <tables/store/indexentries.h>

#include <QJsonArray>

namespace Gatehouse::Tables {

using namespace Support;

namespace {

const QString kInvalid = QStringLiteral("One or more parameter values were invalid: ");

Status limitExceeded()
{
    return Status::error(Items::ErrorCode::LimitExceeded,
                         QStringLiteral("Subscriber limit exceeded: Only 1 online index can be "
                                        "created or deleted simultaneously per table"));
}

QStringList namesOf(const QJsonArray &elements)
{
    QStringList names;
    for (const QJsonValue &v : elements)
        names.append(v.toObject().value(u"AttributeName").toString());
    return names;
}

// The request's own rules, before the table is looked up.
std::optional<QString> checkUpdateRequest(const QJsonObject &d)
{
    const QJsonArray updates = d.value(u"GlobalSecondaryIndexUpdates").toArray();
    bool any = false;
    for (const char *member : {"ProvisionedThroughput", "BillingMode", "StreamSpecification",
                               "SSESpecification", "DeletionProtectionEnabled", "TableClass"})
        any = any || d.contains(QLatin1String(member));
    if (!any && updates.isEmpty())
        return QStringLiteral("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                              "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, "
                              "MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
                              "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or "
                              "TableClass is required");
    if (d.value(u"BillingMode").toString() == u"PROVISIONED" && !d.contains(u"ProvisionedThroughput"))
        return kInvalid + u"ProvisionedThroughput must be specified when BillingMode is PROVISIONED";
    const QJsonObject pt = d.value(u"ProvisionedThroughput").toObject();
    for (const char *unit : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
        const double v = pt.value(QLatin1String(unit)).toDouble();
        if (v > 1e12)
            return u"Given value " + longShown(v) + u" for " + QLatin1String(unit) +
                   u" is out of bounds";
    }
    QSet<QString> names;
    for (const QJsonValue &v : updates) {
        const QJsonObject u = v.toObject();
        int actions = 0;
        QString name;
        for (const char *action : {"Update", "Create", "Delete"}) {
            if (u.contains(QLatin1String(action))) {
                ++actions;
                if (name.isEmpty())
                    name = u.value(QLatin1String(action)).toObject().value(u"IndexName").toString();
            }
        }
        if (actions == 0)
            return kInvalid + u"One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                              u"GlobalSecondaryIndexUpdate.Delete must not be null";
        if (actions > 1)
            return kInvalid + u"Only one global secondary index action is allowed per "
                              u"GlobalSecondaryIndexUpdate object";
        if (names.contains(name))
            return kInvalid + u"Only one global secondary index update per index is allowed "
                              u"simultaneously. Index: " + name;
        names.insert(name);
    }
    return std::nullopt;
}

QString schemaText(const QJsonArray &keySchema, const QHash<QString, QString> &types)
{
    QStringList elements;
    for (const QJsonValue &v : keySchema) {
        const QJsonObject k = v.toObject();
        const QString name = k.value(u"AttributeName").toString();
        elements.append(u"SchemaElement: key{" + name + u':' + types.value(name) + u':' +
                        k.value(u"KeyType").toString() + u'}');
    }
    return u"Schema:[" + elements.join(u", ") + u']';
}

QJsonObject zeroThroughput()
{
    return QJsonObject{{QStringLiteral("NumberOfDecreasesToday"), 0},
                       {QStringLiteral("ReadCapacityUnits"), 0},
                       {QStringLiteral("WriteCapacityUnits"), 0}};
}

// Applies a wanted ProvisionedThroughput to `current` (a table's or an index's description) as
// the service records it: the new units and the dates and count of increases and decreases.
// `owner` names it in the service's message ("the index X" / "the table"), `ownerKind` in its
// short form ("the index" / "the table"). An unchanged value is refused when `mustChange`.
Status changeThroughput(QJsonObject &current, const QJsonObject &wanted, double nowSeconds,
                        const QString &owner, const QString &ownerKind, bool mustChange)
{
    const qint64 rcu = wanted.value(u"ReadCapacityUnits").toInteger();
    const qint64 wcu = wanted.value(u"WriteCapacityUnits").toInteger();
    const qint64 oldRcu = current.value(u"ReadCapacityUnits").toInteger();
    const qint64 oldWcu = current.value(u"WriteCapacityUnits").toInteger();
    if (rcu == oldRcu && wcu == oldWcu && mustChange)
        return validation(u"The provisioned throughput for " + owner +
                          u" will not change. The requested value equals the current value. "
                          u"Current ReadCapacityUnits provisioned for " + ownerKind + u": " +
                          QString::number(oldRcu) + u". Requested ReadCapacityUnits: " +
                          QString::number(rcu) + u". Current WriteCapacityUnits provisioned for " +
                          ownerKind + u": " + QString::number(oldWcu) +
                          u". Requested WriteCapacityUnits: " + QString::number(wcu) +
                          u". Refer to the Amazon DynamoDB Developer Guide for current limits "
                          u"and how to request higher limits.");
    if (rcu < oldRcu || wcu < oldWcu) {
        current.insert(u"LastDecreaseDateTime", nowSeconds);
        current.insert(u"NumberOfDecreasesToday", current.value(u"NumberOfDecreasesToday").toInteger() + 1);
    }
    if (rcu > oldRcu || wcu > oldWcu)
        current.insert(u"LastIncreaseDateTime", nowSeconds);
    current.insert(u"ReadCapacityUnits", rcu);
    current.insert(u"WriteCapacityUnits", wcu);
    return Status::ok();
}

} // namespace

void TableEngine::describeIndexes(const TableMeta &meta, const QString &tableArn,
                                  QJsonObject &d) const
{
    const QJsonObject &def = meta.definition;
    auto counts = [&meta](QJsonObject &index) {
        const IndexMeta *stored = meta.index(index.value(u"IndexName").toString());
        index.insert(u"IndexSizeBytes", stored ? stored->sizeBytes : 0);
        index.insert(u"ItemCount", stored ? stored->itemCount : 0);
    };
    if (def.contains(u"LocalSecondaryIndexes")) {
        QJsonArray out;
        for (const QJsonValue &v : def.value(u"LocalSecondaryIndexes").toArray()) {
            QJsonObject index = v.toObject();
            counts(index);
            index.insert(u"IndexArn", QString(tableArn + u"/index/" + index.value(u"IndexName").toString()));
            out.append(index);
        }
        d.insert(u"LocalSecondaryIndexes", out);
    }
    const QJsonArray gsis = def.value(u"GlobalSecondaryIndexes").toArray();
    if (!gsis.isEmpty() && meta.status != u"DELETING") {
        QJsonArray out;
        for (const QJsonValue &v : gsis) {
            QJsonObject index = v.toObject();
            const QString name = index.value(u"IndexName").toString();
            QJsonObject t = zeroThroughput();
            const QJsonObject given = index.value(u"ProvisionedThroughput").toObject();
            if (!given.isEmpty()) {
                t.insert(u"ReadCapacityUnits", given.value(u"ReadCapacityUnits").toInteger());
                t.insert(u"WriteCapacityUnits", given.value(u"WriteCapacityUnits").toInteger());
            }
            t.insert(u"NumberOfDecreasesToday", given.value(u"NumberOfDecreasesToday").toInteger());
            for (const char *stamp : {"LastIncreaseDateTime", "LastDecreaseDateTime"})
                if (given.contains(QLatin1String(stamp)))
                    t.insert(QLatin1String(stamp), given.value(QLatin1String(stamp)));
            index.insert(u"ProvisionedThroughput", t);
            const QString status = meta.status == u"CREATING" ? QStringLiteral("CREATING")
                                                              : gsiStatus(meta, name);
            index.insert(u"IndexStatus", status);
            if (status == u"CREATING" && meta.status != u"CREATING")
                index.insert(u"Backfilling", true);
            counts(index);
            index.insert(u"IndexArn", QString(tableArn + u"/index/" + name));
            out.append(index);
        }
        d.insert(u"GlobalSecondaryIndexes", out);
    }
}

void TableEngine::settleIndexes(TableMeta &meta) const
{
    QJsonObject states = meta.definition.value(kIndexStates).toObject();
    if (states.isEmpty())
        return;
    const qint64 nowMs = now().toMSecsSinceEpoch();
    bool changed = false;
    QJsonArray gsis = meta.definition.value(u"GlobalSecondaryIndexes").toArray();
    for (const QString &name : states.keys()) {
        const QJsonObject state = states.value(name).toObject();
        const QString status = state.value(u"IndexStatus").toString();
        const qint64 since = state.value(u"SinceMs").toInteger();
        const int delay = status == u"DELETING" ? m_options.deleteDelayMs : m_options.createDelayMs;
        if (nowMs - since < qint64(delay))
            continue;
        states.remove(name);
        changed = true;
        if (status != u"DELETING")
            continue;
        for (qsizetype i = 0; i < gsis.size(); ++i) {
            if (gsis.at(i).toObject().value(u"IndexName").toString() == name) {
                gsis.removeAt(i);
                break;
            }
        }
        meta.indexes.removeIf([&name](const IndexMeta &index) { return index.name == name; });
    }
    if (!changed)
        return;
    if (gsis.isEmpty())
        meta.definition.remove(u"GlobalSecondaryIndexes");
    else
        meta.definition.insert(u"GlobalSecondaryIndexes", gsis);
    // Attribute definitions only the dropped indexes used go with them.
    QSet<QString> used{meta.hashKeyName, meta.rangeKeyName};
    for (const char *kind : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"})
        for (const QJsonValue &v : meta.definition.value(QLatin1String(kind)).toArray())
            for (const QString &k : namesOf(v.toObject().value(u"KeySchema").toArray()))
                used.insert(k);
    QJsonArray definitions;
    for (const QJsonValue &v : meta.definition.value(u"AttributeDefinitions").toArray())
        if (used.contains(v.toObject().value(u"AttributeName").toString()))
            definitions.append(v);
    meta.definition.insert(u"AttributeDefinitions", definitions);
    if (states.isEmpty())
        meta.definition.remove(kIndexStates);
    else
        meta.definition.insert(kIndexStates, states);
    const Status s = m_store->updateTable(meta);
    if (!s.isOk())
        qCWarning(lcTables) << "cannot settle the indexes of" << meta.name << s.toString();
    // The store's statistics of the kept indexes are the current ones.
    if (std::optional<TableMeta> stored = m_store->table(meta.name))
        meta.indexes = stored->indexes;
}

void TableEngine::updateTable(const Validation::CheckedRequest &req, const ReplyFn &done)
{
    const QJsonObject &d = req.data;
    if (auto m = checkUpdateRequest(d))
        return done(invalid(*m));
    const QString name = d.value(u"TableName").toString();
    Result<TableMeta> found = findTable(name, false);
    if (!found)
        return done(ApiReply::error(found.status()));
    TableMeta meta = *found;
    if (meta.status != u"ACTIVE")
        return done(ApiReply::error(Status::error(
            Items::ErrorCode::ResourceInUse,
            u"Attempt to change a resource which is still in use: Table is being " +
                (meta.status == u"CREATING" ? QStringLiteral("created") : QStringLiteral("deleted")) +
                u": " + name)));

    QJsonObject def = meta.definition;
    const bool wasPayPerRequest = def.value(u"BillingMode").toString() == u"PAY_PER_REQUEST";
    const QString billing = d.value(u"BillingMode").toString(
        wasPayPerRequest ? QStringLiteral("PAY_PER_REQUEST") : QStringLiteral("PROVISIONED"));
    const bool payPerRequest = billing == u"PAY_PER_REQUEST";
    if (d.contains(u"ProvisionedThroughput") && payPerRequest)
        return done(invalid(kInvalid + u"Neither ReadCapacityUnits nor WriteCapacityUnits can be "
                                       u"specified when BillingMode is PAY_PER_REQUEST"));

    const QJsonArray updates = d.value(u"GlobalSecondaryIndexUpdates").toArray();
    int onlineChanges = 0;
    for (const QJsonValue &v : updates)
        onlineChanges += v.toObject().contains(u"Create") || v.toObject().contains(u"Delete") ? 1 : 0;
    QJsonObject states = def.value(kIndexStates).toObject();
    if (onlineChanges > 1 || (onlineChanges == 1 && !states.isEmpty()))
        return done(ApiReply::error(limitExceeded()));

    const qint64 nowMs = now().toMSecsSinceEpoch();
    const double nowSeconds = double(nowMs) / 1000.0;
    QJsonArray gsis = def.value(u"GlobalSecondaryIndexes").toArray();
    const QJsonArray lsis = def.value(u"LocalSecondaryIndexes").toArray();
    auto findIn = [](const QJsonArray &list, const QString &indexName) -> qsizetype {
        for (qsizetype i = 0; i < list.size(); ++i)
            if (list.at(i).toObject().value(u"IndexName").toString() == indexName)
                return i;
        return -1;
    };
    QSet<QString> throughputGiven;
    bool statusChange = false;

    for (const QJsonValue &v : updates) {
        const QJsonObject u = v.toObject();
        if (u.contains(u"Create")) {
            const QJsonObject c = u.value(u"Create").toObject();
            const QString indexName = c.value(u"IndexName").toString();
            if (findIn(gsis, indexName) >= 0 || findIn(lsis, indexName) >= 0)
                return done(invalid(QStringLiteral("Attempting to create an index which already exists")));
            if (!d.contains(u"AttributeDefinitions"))
                return done(invalid(kInvalid + u"AttributeDefinitions is not specified for index: " + indexName));
            // The request's definitions add to the table's; a redefinition must keep the type.
            QHash<QString, QString> types;
            for (const QJsonValue &a : def.value(u"AttributeDefinitions").toArray())
                types.insert(a.toObject().value(u"AttributeName").toString(),
                             a.toObject().value(u"AttributeType").toString());
            const QJsonArray given = d.value(u"AttributeDefinitions").toArray();
            QHash<QString, QString> newTypes = types;
            for (const QJsonValue &a : given) {
                const QString attr = a.toObject().value(u"AttributeName").toString();
                const QString type = a.toObject().value(u"AttributeType").toString();
                if (types.contains(attr) && types.value(attr) != type) {
                    QHash<QString, QString> requested = types;
                    requested.insert(attr, type);
                    const QJsonArray keys = c.value(u"KeySchema").toArray();
                    return done(invalid(kInvalid + u"Attributes cannot be redefined. Please check that "
                                        u"your attribute has the same type as previously defined. "
                                        u"Existing schema: " + schemaText(keys, types) +
                                        u" New schema: " + schemaText(keys, requested)));
                }
                newTypes.insert(attr, type);
            }
            const QStringList givenNames = namesOf(given);
            const QStringList keyNames = namesOf(c.value(u"KeySchema").toArray());
            for (const QString &k : keyNames) {
                if (!givenNames.contains(k))
                    return done(invalid(kInvalid + u"Some index key attributes are not defined in "
                                        u"AttributeDefinitions. Keys: [" + keyNames.join(u", ") +
                                        u"], AttributeDefinitions: [" + givenNames.join(u", ") + u']'));
            }
            QSet<QString> seen;
            if (auto m = checkIndexDefinition(c, false, givenNames, meta.hashKeyName, payPerRequest, seen))
                return done(invalid(*m));
            if (!payPerRequest && !c.contains(u"ProvisionedThroughput"))
                return done(invalid(kInvalid + u"ProvisionedThroughput must be specified for index: " + indexName));
            if (gsis.size() >= 20)
                return done(ApiReply::error(Status::error(
                    Items::ErrorCode::LimitExceeded,
                    kInvalid + u"GlobalSecondaryIndex count exceeds the per-table limit of 20")));

            // Declared order first, then the new ones.
            QJsonArray ordered = def.value(u"AttributeDefinitions").toArray();
            for (const QJsonValue &a : given)
                if (!types.contains(a.toObject().value(u"AttributeName").toString()))
                    ordered.append(a);
            def.insert(u"AttributeDefinitions", ordered);
            QJsonObject index{{QStringLiteral("IndexName"), indexName},
                              {QStringLiteral("KeySchema"), c.value(u"KeySchema")},
                              {QStringLiteral("Projection"), c.value(u"Projection")}};
            if (c.contains(u"ProvisionedThroughput"))
                index.insert(u"ProvisionedThroughput", c.value(u"ProvisionedThroughput"));
            gsis.append(index);
            QJsonObject defForIndex = def;
            defForIndex.insert(u"GlobalSecondaryIndexes", QJsonArray{index});
            defForIndex.remove(u"LocalSecondaryIndexes");
            const QList<IndexMeta> created = Store::indexesFromDefinition(defForIndex);
            meta.indexes.append(created);
            states.insert(indexName, QJsonObject{{QStringLiteral("IndexStatus"), QStringLiteral("CREATING")},
                                                 {QStringLiteral("SinceMs"), nowMs}});
            statusChange = true;
        } else if (u.contains(u"Delete")) {
            const QString indexName = u.value(u"Delete").toObject().value(u"IndexName").toString();
            if (findIn(gsis, indexName) < 0) {
                if (findIn(lsis, indexName) >= 0)
                    return done(invalid(u"Cannot delete an index that is not a GlobalSecondaryIndex: " + indexName));
                return done(ApiReply::error(Status::error(
                    Items::ErrorCode::ResourceNotFound,
                    u"Requested resource not found: Index: " + indexName + u" not found")));
            }
            states.insert(indexName, QJsonObject{{QStringLiteral("IndexStatus"), QStringLiteral("DELETING")},
                                                 {QStringLiteral("SinceMs"), nowMs}});
            statusChange = true;
        } else {
            const QJsonObject up = u.value(u"Update").toObject();
            const QString indexName = up.value(u"IndexName").toString();
            const qsizetype at = findIn(gsis, indexName);
            if (at < 0) {
                if (findIn(lsis, indexName) >= 0)
                    return done(invalid(u"Cannot update an index that is not a GlobalSecondaryIndex: " + indexName));
                return done(ApiReply::error(Status::error(
                    Items::ErrorCode::ResourceNotFound,
                    u"Requested resource not found: Index: " + indexName + u" not found")));
            }
            if (payPerRequest)
                return done(invalid(kInvalid + u"The only Updates for index: " + indexName +
                                    u" when TableThroughputMode is PAY_PER_REQUEST can be to "
                                    u"OnDemandThroughput, WarmThroughput"));
            QJsonObject index = gsis.at(at).toObject();
            QJsonObject current = index.value(u"ProvisionedThroughput").toObject();
            if (Status st = changeThroughput(current, up.value(u"ProvisionedThroughput").toObject(),
                                             nowSeconds, u"the index " + indexName,
                                             QStringLiteral("the index"), !wasPayPerRequest);
                !st.isOk())
                return done(ApiReply::error(st));
            index.insert(u"ProvisionedThroughput", current);
            gsis.replace(at, index);
            throughputGiven.insert(indexName);
            statusChange = true;
        }
    }

    // Billing mode and table throughput.
    if (payPerRequest && !wasPayPerRequest) {
        def.insert(u"BillingMode", QStringLiteral("PAY_PER_REQUEST"));
        def.remove(u"ProvisionedThroughput");
        def.insert(u"LastUpdateToPayPerRequestDateTime", nowSeconds);
        for (qsizetype i = 0; i < gsis.size(); ++i) {
            QJsonObject index = gsis.at(i).toObject();
            index.remove(u"ProvisionedThroughput");
            gsis.replace(i, index);
        }
        statusChange = true;
    } else if (!payPerRequest && wasPayPerRequest) {
        QStringList missing;
        for (const QJsonValue &v : std::as_const(gsis)) {
            const QString indexName = v.toObject().value(u"IndexName").toString();
            if (!throughputGiven.contains(indexName) && !v.toObject().contains(u"ProvisionedThroughput"))
                missing.append(indexName);
        }
        if (!missing.isEmpty())
            return done(invalid(kInvalid + u"ProvisionedThroughput must be specified for index: " +
                                missing.join(u',')));
        def.insert(u"BillingMode", QStringLiteral("PROVISIONED"));
        def.insert(u"ProvisionedThroughput", d.value(u"ProvisionedThroughput"));
        statusChange = true;
    } else if (d.contains(u"ProvisionedThroughput")) {
        QJsonObject current = def.value(u"ProvisionedThroughput").toObject();
        if (Status st = changeThroughput(current, d.value(u"ProvisionedThroughput").toObject(),
                                         nowSeconds, QStringLiteral("the table"),
                                         QStringLiteral("the table"), true);
            !st.isOk())
            return done(ApiReply::error(st));
        def.insert(u"ProvisionedThroughput", current);
        statusChange = true;
    }
    for (const char *member : {"DeletionProtectionEnabled", "TableClass"}) {
        if (d.contains(QLatin1String(member)))
            def.insert(QLatin1String(member), d.value(QLatin1String(member)));
    }
    if (d.contains(u"StreamSpecification"))
        def.insert(u"StreamSpecification", d.value(u"StreamSpecification"));

    if (gsis.isEmpty())
        def.remove(u"GlobalSecondaryIndexes");
    else
        def.insert(u"GlobalSecondaryIndexes", gsis);
    if (states.isEmpty())
        def.remove(kIndexStates);
    else
        def.insert(kIndexStates, states);
    meta.definition = def;
    if (Status s = m_store->updateTable(meta); !s.isOk())
        return done(ApiReply::error(s));
    // The store's view: new indexes have their ids and backfilled statistics.
    if (std::optional<TableMeta> stored = m_store->table(name))
        meta = *stored;
    QJsonObject description = describe(meta);
    if (statusChange)
        description.insert(u"TableStatus", QStringLiteral("UPDATING"));
    qCDebug(lcTables) << "updated table" << name;
    done(ApiReply::ok(QJsonObject{{QStringLiteral("TableDescription"), description}}));
}

} // namespace Gatehouse::Tables
