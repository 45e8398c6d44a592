#include <ui/tables/tableinfo.h>
#include <ui/tables/tablejson.h>

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>

namespace Gatehouse::Ui {

namespace {

KeyPair keyPair(const QJsonArray &schema, const QHash<QString, QString> &types)
{
    KeyPair keys;
    for (const QJsonValue &k : schema) {
        const QString name = k[QLatin1String("AttributeName")].toString();
        if (k[QLatin1String("KeyType")].toString() == QLatin1String("HASH")) {
            keys.hashName = name;
            keys.hashType = types.value(name);
        } else {
            keys.rangeName = name;
            keys.rangeType = types.value(name);
        }
    }
    return keys;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("Gatehouse::Ui::TableInfo", text);
}

} // namespace

KeyPair TableInfo::keysOf(const QString &indexName) const
{
    for (const IndexInfo &i : indexes) {
        if (i.name == indexName)
            return i.keys;
    }
    return keys;
}

TableInfo TableInfo::fromDescription(const QJsonObject &table)
{
    QHash<QString, QString> types;
    for (const QJsonValue &d : table.value(QLatin1String("AttributeDefinitions")).toArray())
        types.insert(d[QLatin1String("AttributeName")].toString(), d[QLatin1String("AttributeType")].toString());
    TableInfo info;
    info.name = table.value(QLatin1String("TableName")).toString();
    info.keys = keyPair(table.value(QLatin1String("KeySchema")).toArray(), types);
    info.itemCount = table.value(QLatin1String("ItemCount")).toInteger();
    info.sizeBytes = table.value(QLatin1String("TableSizeBytes")).toInteger();
    info.status = table.value(QLatin1String("TableStatus")).toString();
    for (const char *kind : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
        for (const QJsonValue &v : table.value(QLatin1String(kind)).toArray()) {
            IndexInfo index;
            index.name = v[QLatin1String("IndexName")].toString();
            index.global = kind[0] == 'G';
            index.keys = keyPair(v[QLatin1String("KeySchema")].toArray(), types);
            index.projection = v[QLatin1String("Projection")][QLatin1String("ProjectionType")].toString();
            info.indexes.append(index);
        }
    }
    return info;
}

QString TableInfo::keyProblem(const QJsonObject &item) const
{
    const QList<QPair<QString, QString>> required{{keys.hashName, keys.hashType},
                                                 {keys.rangeName, keys.rangeType}};
    for (const auto &[name, type] : required) {
        if (name.isEmpty())
            continue;
        if (!item.contains(name))
            return tr("The item has no \"%1\": every item of %2 needs its key attribute%3 (%4).")
                .arg(name, this->name, keys.rangeName.isEmpty() ? QString() : QStringLiteral("s"),
                     keys.names().join(QStringLiteral(", ")));
        const QString actual = TableJson::typeOf(item.value(name).toObject());
        if (!type.isEmpty() && actual != type)
            return tr("The key attribute \"%1\" must be of type %2, not %3.").arg(name, type, actual);
        const QJsonValue v = item.value(name).toObject().value(actual);
        if (v.toString().isEmpty())
            return tr("The key attribute \"%1\" cannot be empty.").arg(name);
    }
    return {};
}

} // namespace Gatehouse::Ui
