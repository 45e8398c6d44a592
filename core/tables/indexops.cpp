// Secondary indexes at the table level: their descriptions in DescribeTable (and every answer
// carrying a TableDescription), the clock settling GSI creations and deletions, UpdateTable.
#include "tableengine.h"

#include "enginesupport.h"
#include "indexsupport.h"

#include <QJsonArray>

namespace Gatehouse::Tables {

using namespace Support;

namespace {

QJsonObject zeroThroughput()
{
    return QJsonObject{{QStringLiteral("NumberOfDecreasesToday"), 0},
                       {QStringLiteral("ReadCapacityUnits"), 0},
                       {QStringLiteral("WriteCapacityUnits"), 0}};
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
            const qint64 decreases = given.value(u"NumberOfDecreasesToday").toInteger();
            t.insert(u"NumberOfDecreasesToday", decreases);
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

} // namespace Gatehouse::Tables
