// Thread affinity: any thread (pure functions on value types).
#pragma once

#include <ui/tables/tableinfo.h>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Gatehouse::Ui::ItemFormats {

// The file formats of import and export.
// - DynamoJsonLines: one item per line as DynamoDB's export to S3 writes it ({"Item":{...}});
//   import also takes bare items, and items spread over several lines.
// - PlainJson: a JSON array of plain objects (numbers exact); sets and binary come out as arrays
//   and base64 text, and go back in as lists and strings (use DynamoDB JSON to keep them).
// - Csv: RFC 4180 with a header row; a column whose values all have one type other than S says
//   so in its header ("price (N)", "tags (SS)"), so a round trip keeps the types; cells of maps,
//   lists and sets hold plain JSON; a column of mixed types is "name (JSON)" with DynamoDB JSON
//   cells. An empty cell is an absent attribute.
enum class Format { DynamoJsonLines, PlainJson, Csv };

QString formatName(Format format);
QString fileFilter(Format format);
// By the file's suffix, then by its first character for .json ('[' is an array).
Format guessFormat(const QString &path, const QByteArray &head);

struct Parsed
{
    QList<QJsonObject> items;
    QList<int> lines;            // the line each item starts on, for messages
    QString error;               // a file that cannot be read at all
};
Parsed parse(Format format, const QByteArray &data, const TableInfo &table);

QByteArray jsonLine(const QJsonObject &item);
QByteArray plainJsonElement(const QJsonObject &item, bool first);   // with its separator

// CSV columns, learnt from every item before the header can be written.
class CsvColumns
{
public:
    explicit CsvColumns(const QStringList &keysFirst = {});
    void add(const QJsonObject &item);
    QByteArray header() const;
    QByteArray row(const QJsonObject &item) const;
    QStringList names() const { return m_names; }

private:
    QString typeOf(const QString &name) const;  // "" (strings), "N", ..., "JSON" (mixed)
    QStringList m_names;
    QHash<QString, QString> m_types;            // first type seen, or "JSON" once mixed
};

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
QList<QStringList> parseCsv(const QString &text, QList<int> *recordLines = nullptr);
QString csvField(const QString &text);

} // namespace Gatehouse::Ui::ItemFormats
