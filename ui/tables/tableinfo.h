// Thread affinity: any thread (value type).
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Gatehouse::Ui {

// What the browser needs of a DescribeTable answer: the key schema of the table and of each
// secondary index, with the attribute types.
struct KeyPair
{
    QString hashName, hashType;
    QString rangeName, rangeType;  // empty: hash only
    QStringList names() const
    {
        return rangeName.isEmpty() ? QStringList{hashName} : QStringList{hashName, rangeName};
    }
};

struct IndexInfo
{
    QString name;
    bool global = true;
    KeyPair keys;
    QString projection;  // ALL, KEYS_ONLY, INCLUDE
};

struct TableInfo
{
    QString name;
    KeyPair keys;
    QList<IndexInfo> indexes;
    qint64 itemCount = 0;
    qint64 sizeBytes = 0;
    QString status;

    bool isValid() const { return !name.isEmpty() && !keys.hashName.isEmpty(); }
    // The keys of the table (empty index name) or of one of its indexes.
    KeyPair keysOf(const QString &indexName) const;
    // From DescribeTable's "Table" object.
    static TableInfo fromDescription(const QJsonObject &table);
    // Checks an item (DynamoDB JSON) has the table's key attributes with their declared types;
    // empty when it does, otherwise the message to show.
    QString keyProblem(const QJsonObject &item) const;
};

} // namespace Gatehouse::Ui
