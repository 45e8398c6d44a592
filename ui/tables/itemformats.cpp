#include <ui/tables/itemformats.h>
#include <ui/tables/tablejson.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Gatehouse::Ui::ItemFormats {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Gatehouse::Ui::ItemFormats", text);
}

const QStringList kTypes{QStringLiteral("S"), QStringLiteral("N"), QStringLiteral("B"), QStringLiteral("BOOL"),
                         QStringLiteral("NULL"), QStringLiteral("SS"), QStringLiteral("NS"), QStringLiteral("BS"),
                         QStringLiteral("M"), QStringLiteral("L"), QStringLiteral("JSON")};

QString lineError(int line, const QString &message)
{
    return tr("line %1: %2").arg(line).arg(message);
}

// {"Item": {...}} as S3 exports write it, or the bare item.
QJsonObject unwrap(const QJsonObject &o)
{
    if (o.size() == 1 && o.contains(QLatin1String("Item")) && o.value(QLatin1String("Item")).isObject()) {
        const QJsonObject inner = o.value(QLatin1String("Item")).toObject();
        // A bare item with one attribute named Item would be {"Item":{"S":"..."}}: a type name.
        if (!(inner.size() == 1 && kTypes.contains(inner.begin().key())))
            return inner;
    }
    return o;
}

int lineAt(const QString &text, int offset)
{
    return int(QStringView(text).left(offset).count(u'\n')) + 1;
}

// Sequence parse that records where each value starts.
Parsed parseJsonValues(const QString &text, bool plain)
{
    Parsed out;
    QList<TableJson::Node> nodes;
    TableJson::ParseError error;
    if (plain) {
        TableJson::Node root;
        if (!TableJson::parse(text, &root, &error)) {
            out.error = lineError(error.line, error.message);
            return out;
        }
        if (root.kind != TableJson::Node::Array) {
            out.error = tr("plain JSON import expects an array of objects: [{...}, {...}]");
            return out;
        }
        int line = 1;
        for (const TableJson::Node &n : root.items) {
            auto item = TableJson::itemFromPlain(n);
            if (!item) {
                out.error = tr("element %1: %2").arg(out.items.size() + 1).arg(item.status().message());
                return out;
            }
            out.items << *item;
            out.lines << line++;
        }
        return out;
    }
    // JSON lines: one value per line in the usual case; a value may span lines.
    int pos = 0;
    const QStringView all(text);
    while (pos < all.size()) {
        while (pos < all.size() && all[pos].isSpace())
            ++pos;
        if (pos >= all.size())
            break;
        // Find the end of this value: try the rest of the line first (fast path).
        int end = int(all.indexOf(u'\n', pos));
        if (end < 0)
            end = int(all.size());
        TableJson::Node node;
        if (!TableJson::parse(all.mid(pos, end - pos), &node, &error)) {
            // Spread over lines: parse the rest as a sequence and take the first value.
            QList<TableJson::Node> rest;
            TableJson::ParseError seqError;
            if (!TableJson::parseSequence(all.mid(pos), &rest, &seqError)) {
                out.error = lineError(lineAt(text, pos) + seqError.line - 1, seqError.message);
                return out;
            }
            for (const TableJson::Node &n : rest) {
                out.items << unwrap(TableJson::toQJson(n).toObject());
                out.lines << lineAt(text, pos);
            }
            return out;
        }
        if (node.kind != TableJson::Node::Object) {
            out.error = lineError(lineAt(text, pos), tr("an item is a JSON object"));
            return out;
        }
        out.items << unwrap(TableJson::toQJson(node).toObject());
        out.lines << lineAt(text, pos);
        pos = end;
    }
    return out;
}

Result<QJsonObject> csvValue(const QString &type, const QString &cell)
{
    auto fail = [](const QString &m) { return Status::error(QStringLiteral("ValidationException"), m); };
    if (type == QLatin1String("S") || type.isEmpty())
        return QJsonObject{{QStringLiteral("S"), cell}};
    if (type == QLatin1String("N"))
        return QJsonObject{{QStringLiteral("N"), cell.trimmed()}};
    if (type == QLatin1String("B"))
        return QJsonObject{{QStringLiteral("B"), cell.trimmed()}};
    if (type == QLatin1String("BOOL")) {
        const QString t = cell.trimmed().toLower();
        if (t != QLatin1String("true") && t != QLatin1String("false"))
            return fail(tr("\"%1\" is not true or false").arg(cell));
        return QJsonObject{{QStringLiteral("BOOL"), t == QLatin1String("true")}};
    }
    if (type == QLatin1String("NULL"))
        return QJsonObject{{QStringLiteral("NULL"), true}};
    TableJson::Node node;
    TableJson::ParseError error;
    if (!TableJson::parse(cell, &node, &error))
        return fail(tr("%1 at column %2 of the cell").arg(error.message).arg(error.column));
    if (type == QLatin1String("JSON"))
        return TableJson::toQJson(node).toObject();
    // SS, NS, BS, M, L: plain JSON, the header's type as the hint.
    QJsonObject hint;
    hint.insert(type, type == QLatin1String("M") ? QJsonValue(QJsonObject()) : QJsonValue(QJsonArray()));
    auto v = TableJson::valueFromPlain(node, hint);
    if (v && TableJson::typeOf(*v) != type)
        return fail(tr("\"%1\" is not a %2 value").arg(cell.left(40), type));
    return v;
}

} // namespace

QString formatName(Format format)
{
    switch (format) {
    case Format::DynamoJsonLines: return tr("DynamoDB JSON lines");
    case Format::PlainJson: return tr("Plain JSON (array)");
    case Format::Csv: return tr("CSV");
    }
    return {};
}

QString fileFilter(Format format)
{
    switch (format) {
    case Format::DynamoJsonLines: return tr("DynamoDB JSON lines (*.jsonl *.ndjson *.json)");
    case Format::PlainJson: return tr("Plain JSON (*.json)");
    case Format::Csv: return tr("CSV (*.csv)");
    }
    return {};
}

Format guessFormat(const QString &path, const QByteArray &head)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return Format::Csv;
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson"))
        return Format::DynamoJsonLines;
    return head.trimmed().startsWith('[') ? Format::PlainJson : Format::DynamoJsonLines;
}

Parsed parse(Format format, const QByteArray &data, const TableInfo &table)
{
    QString text = QString::fromUtf8(data);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    if (format != Format::Csv)
        return parseJsonValues(text, format == Format::PlainJson);

    Parsed out;
    QList<int> lines;
    const QList<QStringList> records = parseCsv(text, &lines);
    if (records.isEmpty())
        return out;
    static const QRegularExpression typed(QStringLiteral(R"(^(.*\S)\s*\(([A-Z]+)\)$)"));
    QStringList names, types;
    for (const QString &h : records.first()) {
        const auto m = typed.match(h.trimmed());
        if (m.hasMatch() && kTypes.contains(m.captured(2))) {
            names << m.captured(1);
            types << m.captured(2);
        } else {
            const QString name = h.trimmed();
            names << name;
            types << (name == table.keys.hashName ? table.keys.hashType
                      : name == table.keys.rangeName ? table.keys.rangeType
                                                     : QStringLiteral("S"));
        }
    }
    for (int r = 1; r < records.size(); ++r) {
        const QStringList &cells = records[r];
        if (cells.size() == 1 && cells.first().isEmpty())
            continue;   // a blank line
        QJsonObject item;
        for (int c = 0; c < cells.size() && c < names.size(); ++c) {
            if (cells[c].isEmpty() || names[c].isEmpty())
                continue;
            auto v = csvValue(types[c], cells[c]);
            if (!v) {
                out.error = lineError(lines.value(r), tr("%1: %2").arg(names[c], v.status().message()));
                return out;
            }
            item.insert(names[c], *v);
        }
        out.items << item;
        out.lines << lines.value(r);
    }
    return out;
}

QByteArray jsonLine(const QJsonObject &item)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("Item"), item}}).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray plainJsonElement(const QJsonObject &item, bool first)
{
    return (first ? QByteArray() : QByteArrayLiteral(",\n"))
           + TableJson::write(TableJson::plainFromItem(item), -1).toUtf8();
}

CsvColumns::CsvColumns(const QStringList &keysFirst)
    : m_names(keysFirst)
{
    m_names.removeAll(QString());
}

void CsvColumns::add(const QJsonObject &item)
{
    for (auto it = item.begin(); it != item.end(); ++it) {
        const QString type = TableJson::typeOf(it.value().toObject());
        if (!m_names.contains(it.key()))
            m_names << it.key();
        auto seen = m_types.find(it.key());
        if (seen == m_types.end())
            m_types.insert(it.key(), type);
        else if (*seen != type)
            *seen = QStringLiteral("JSON");
    }
}

QString CsvColumns::typeOf(const QString &name) const
{
    const QString t = m_types.value(name);
    return t == QLatin1String("S") ? QString() : t;
}

QByteArray CsvColumns::header() const
{
    QStringList cells;
    for (const QString &n : m_names) {
        const QString t = typeOf(n);
        cells << csvField(t.isEmpty() ? n : QStringLiteral("%1 (%2)").arg(n, t));
    }
    return cells.join(u',').toUtf8() + "\r\n";
}

QByteArray CsvColumns::row(const QJsonObject &item) const
{
    QStringList cells;
    for (const QString &n : m_names) {
        const auto it = item.constFind(n);
        if (it == item.constEnd()) {
            cells << QString();
            continue;
        }
        const QJsonObject v = it.value().toObject();
        const QString column = typeOf(n);
        QString text;
        if (column == QLatin1String("JSON")) {
            text = QString::fromUtf8(QJsonDocument(v).toJson(QJsonDocument::Compact));
        } else {
            const QString type = TableJson::typeOf(v);
            const QJsonValue inner = v.value(type);
            if (type == QLatin1String("S") || type == QLatin1String("N") || type == QLatin1String("B"))
                text = inner.toString();
            else if (type == QLatin1String("BOOL"))
                text = inner.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            else if (type == QLatin1String("NULL"))
                text = QStringLiteral("null");
            else
                text = TableJson::write(TableJson::plainFromValue(v), -1);
        }
        cells << csvField(text);
    }
    return cells.join(u',').toUtf8() + "\r\n";
}

QString csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r')
        && !(text.startsWith(u' ') || text.endsWith(u' ')))
        return text;
    QString quoted = text;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

QList<QStringList> parseCsv(const QString &text, QList<int> *recordLines)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    int line = 1;
    int recordLine = 1;
    auto endField = [&] {
        record << field;
        field.clear();
        fieldStarted = false;
    };
    auto endRecord = [&] {
        endField();
        records << record;
        if (recordLines)
            recordLines->append(recordLine);
        record.clear();
    };
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text[i + 1] == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == u'"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            endField();
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
            endRecord();
            ++line;
            recordLine = line;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !field.isEmpty() || !record.isEmpty())
        endRecord();
    return records;
}

} // namespace Gatehouse::Ui::ItemFormats
