// Runs every case of tests/golden/expressions/*.test. A case is a block of lines:
//   ### name
//   input: {"ConditionExpression": "...", "ExpressionAttributeNames": {...}, ...}
//   item: {...}              optional, DynamoDB JSON item (default: empty item)
//   schema: pk [sk]          optional, key schema for KeyConditionExpression resolution
//   expect: true | false | ok
//   expect-item: {...}       item after the update, or the projection of `item`
//   expect-updated: {...}    updatedAttributes() of the update on `item`
//   expect-key: pk=<json> [sk=<name> <OP> <json> [<json>]]
//   error: <exact ValidationException message>
// Lines starting with "# " are comments; blocks are separated by blank lines.
#include <expressions/expressions.h>
#include <items/attributevalue.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Expressions;

namespace {

struct GoldenCase
{
    QString name;
    QMap<QString, QString> fields;
};

QList<std::pair<QString, GoldenCase>> loadCases(QString *problem)
{
    QList<std::pair<QString, GoldenCase>> cases;
    const QDir dir(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/golden/expressions"));
    const QStringList files = dir.entryList({QStringLiteral("*.test")}, QDir::Files, QDir::Name);
    for (const QString &fileName : files) {
        QFile f(dir.filePath(fileName));
        if (!f.open(QIODevice::ReadOnly)) {
            *problem = u"cannot open " + fileName;
            return {};
        }
        const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n');
        GoldenCase current;
        int startLine = 0;
        auto flush = [&]() {
            if (!current.name.isEmpty())
                cases.append({fileName + u':' + QString::number(startLine), current});
            current = GoldenCase();
        };
        for (int i = 0; i < lines.size(); ++i) {
            const QString line = lines.at(i);
            if (line.startsWith(QLatin1String("### "))) {
                flush();
                current.name = line.mid(4).trimmed();
                startLine = i + 1;
            } else if (line.trimmed().isEmpty() || line.startsWith(QLatin1String("# "))) {
                continue;
            } else {
                const qsizetype colon = line.indexOf(QLatin1String(": "));
                if (colon < 0 || current.name.isEmpty()) {
                    *problem = fileName + u':' + QString::number(i + 1) + u": bad line: " + line;
                    return {};
                }
                current.fields.insert(line.left(colon), line.mid(colon + 2));
            }
        }
        flush();
    }
    return cases;
}

QJsonObject parseObject(const QString &text, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    *ok = error.error == QJsonParseError::NoError && doc.isObject();
    return doc.object();
}

QString compact(const Items::Item &item)
{
    return QString::fromUtf8(QJsonDocument(Items::itemToJson(item)).toJson(QJsonDocument::Compact));
}

QString compactValue(const Items::AttributeValue &v)
{
    QJsonObject o{{QStringLiteral("v"), v.toJson()}};
    const QString s = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    return s.mid(5, s.size() - 6);  // strip {"v": and }
}

QString keyText(const KeyCondition &k)
{
    static const char *ops[] = {"", "=", "<", "<=", ">", ">=", "BETWEEN", "BEGINS_WITH"};
    QString s = k.partitionName + u'=' + compactValue(k.partitionValue);
    if (!k.sortName.isEmpty()) {
        s += u' ' + k.sortName + u' ' + QLatin1String(ops[int(k.sortOp)]) + u' '
             + compactValue(k.sortValue1);
        if (k.sortOp == KeyCondition::SortOp::Between)
            s += u' ' + compactValue(k.sortValue2);
    }
    return s;
}

} // namespace

class TestGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void caseCount()
    {
        QString problem;
        const auto cases = loadCases(&problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Guards against an emptied or misplaced golden directory passing silently.
        QVERIFY2(cases.size() >= 250, qPrintable(QString::number(cases.size())));
    }

    void golden_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QVariantMap>("fields");
        QString problem;
        const auto cases = loadCases(&problem);
        for (const auto &[where, c] : cases) {
            QVariantMap fields;
            for (auto it = c.fields.begin(); it != c.fields.end(); ++it)
                fields.insert(it.key(), it.value());
            QTest::newRow(qPrintable(where)) << c.name << fields;
        }
    }

    void golden()
    {
        QFETCH(QString, name);
        QFETCH(QVariantMap, fields);
        const auto field = [&](const char *key) { return fields.value(QLatin1String(key)).toString(); };
        const bool hasError = fields.contains(QStringLiteral("error"));

        bool ok = false;
        const QJsonObject in = parseObject(field("input"), &ok);
        QVERIFY2(ok, "input is not a JSON object");
        ExpressionInput input;
        const auto str = [&](const char *key, std::optional<QString> &out) {
            if (in.contains(QLatin1String(key)))
                out = in.value(QLatin1String(key)).toString();
        };
        str("ConditionExpression", input.conditionExpression);
        str("FilterExpression", input.filterExpression);
        str("KeyConditionExpression", input.keyConditionExpression);
        str("UpdateExpression", input.updateExpression);
        str("ProjectionExpression", input.projectionExpression);
        if (in.contains(QLatin1String("ExpressionAttributeNames"))) {
            QMap<QString, QString> names;
            const QJsonObject o = in.value(QLatin1String("ExpressionAttributeNames")).toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                names.insert(it.key(), it.value().toString());
            input.names = names;
        }
        if (in.contains(QLatin1String("ExpressionAttributeValues"))) {
            QMap<QString, Items::AttributeValue> values;
            const QJsonObject o = in.value(QLatin1String("ExpressionAttributeValues")).toObject();
            for (auto it = o.begin(); it != o.end(); ++it) {
                auto v = Items::AttributeValue::fromJson(it.value());
                QVERIFY2(v.isOk(), qPrintable(u"bad value " + it.key() + u": "
                                              + v.status().message()));
                values.insert(it.key(), *v);
            }
            input.values = values;
        }
        Items::Item item;
        if (fields.contains(QStringLiteral("item"))) {
            auto parsed = Items::itemFromJson(parseObject(field("item"), &ok));
            QVERIFY2(ok && parsed.isOk(), "item is not a valid DynamoDB item");
            item = *parsed;
        }

        Result<ParsedExpressions> parsed = parse(input);
        if (!parsed) {
            QVERIFY2(hasError, qPrintable(u"unexpected error: " + parsed.status().message()));
            QCOMPARE(parsed.status().code(), QStringLiteral("ValidationException"));
            QCOMPARE(parsed.status().message(), field("error"));
            return;
        }
        const ParsedExpressions &p = *parsed;
        QString runtimeError;

        if (fields.contains(QStringLiteral("schema"))) {
            QVERIFY(p.keyCondition);
            const QStringList schema = field("schema").split(u' ', Qt::SkipEmptyParts);
            auto key = resolveKeyCondition(*p.keyCondition, schema.value(0), schema.value(1));
            if (!key)
                runtimeError = key.status().message();
            else if (fields.contains(QStringLiteral("expect-key")))
                QCOMPARE(keyText(*key), field("expect-key"));
        }
        if (fields.contains(QStringLiteral("expect"))) {
            const QString expect = field("expect");
            if (expect != QLatin1String("ok")) {
                const ConditionNode *c = p.condition ? p.condition.get() : p.filter.get();
                QVERIFY2(c, "expect: true/false needs a ConditionExpression or FilterExpression");
                QCOMPARE(evaluate(*c, item) ? QStringLiteral("true") : QStringLiteral("false"),
                         expect);
            }
        }
        if (p.update && (fields.contains(QStringLiteral("expect-item")) || hasError)) {
            auto updated = applyUpdate(*p.update, item);
            if (!updated) {
                runtimeError = updated.status().message();
                QCOMPARE(updated.status().code(), QStringLiteral("ValidationException"));
            } else if (fields.contains(QStringLiteral("expect-item"))) {
                auto expected = Items::itemFromJson(parseObject(field("expect-item"), &ok));
                QVERIFY2(ok && expected.isOk(), "expect-item is not a valid DynamoDB item");
                QVERIFY2(*updated == *expected,
                         qPrintable(u"got " + compact(*updated) + u"\nwant " + compact(*expected)));
            }
        } else if (p.projection && fields.contains(QStringLiteral("expect-item"))) {
            const Items::Item projected = project(*p.projection, item);
            auto expected = Items::itemFromJson(parseObject(field("expect-item"), &ok));
            QVERIFY2(ok && expected.isOk(), "expect-item is not a valid DynamoDB item");
            QVERIFY2(projected == *expected,
                     qPrintable(u"got " + compact(projected) + u"\nwant " + compact(*expected)));
        }
        if (p.update && fields.contains(QStringLiteral("expect-updated"))) {
            const Items::Item updated = updatedAttributes(*p.update, item);
            auto expected = Items::itemFromJson(parseObject(field("expect-updated"), &ok));
            QVERIFY2(ok && expected.isOk(), "expect-updated is not a valid DynamoDB item");
            QVERIFY2(updated == *expected,
                     qPrintable(u"got " + compact(updated) + u"\nwant " + compact(*expected)));
        }
        if (hasError)
            QCOMPARE(runtimeError, field("error"));
        else
            QVERIFY2(runtimeError.isEmpty(), qPrintable(u"unexpected error: " + runtimeError));
        Q_UNUSED(name);
    }
};

QTEST_GUILESS_MAIN(TestGolden)
#include "tst_golden.moc"
