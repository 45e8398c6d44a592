// Update application and parameter checks beyond what the golden files show: value semantics of
// the input item, the names an update touches, UPDATED_NEW shapes, and the request-level checks.
#include <expressions/expressions.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Expressions;
using Items::AttributeValue;

namespace {

Items::Item item(const char *json)
{
    auto parsed = Items::itemFromJson(QJsonDocument::fromJson(json).object());
    Q_ASSERT(parsed.isOk());
    return *parsed;
}

QString text(const Items::Item &i)
{
    return QString::fromUtf8(QJsonDocument(Items::itemToJson(i)).toJson(QJsonDocument::Compact));
}

std::shared_ptr<const UpdatePlan> plan(const QString &expression,
                                       QMap<QString, AttributeValue> values = {},
                                       QMap<QString, QString> names = {})
{
    ExpressionInput in;
    in.updateExpression = expression;
    if (!values.isEmpty())
        in.values = values;
    if (!names.isEmpty())
        in.names = names;
    auto parsed = parse(in);
    if (!parsed) {
        qWarning() << parsed.status().message();
        return nullptr;
    }
    return parsed->update;
}

AttributeValue num(const char *n)
{
    return AttributeValue::fromNumber(*Items::Decimal::parse(QString::fromLatin1(n)));
}

} // namespace

class TestUpdate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inputItemIsUntouched()
    {
        auto p = plan(QStringLiteral("SET m.k = :v, l[0] = :v REMOVE r ADD n :v"),
                      {{QStringLiteral(":v"), num("1")}});
        QVERIFY(p);
        const Items::Item before =
            item(R"({"m":{"M":{"k":{"N":"0"}}},"l":{"L":[{"N":"0"}]},"r":{"S":"x"},"n":{"N":"1"}})");
        const Items::Item copy = before;
        auto after = applyUpdate(*p, before);
        QVERIFY2(after.isOk(), qPrintable(after.status().message()));
        QCOMPARE(text(before), text(copy));
        QCOMPARE(text(*after), QStringLiteral(R"({"l":{"L":[{"N":"1"}]},"m":{"M":{"k":{"N":"1"}}},"n":{"N":"2"}})"));
    }

    void topLevelNames()
    {
        auto p = plan(QStringLiteral("SET a.b = :v, #c = :v, a.d = :v REMOVE e[1] ADD f :v"),
                      {{QStringLiteral(":v"), num("1")}}, {{QStringLiteral("#c"), QStringLiteral("c")}});
        QVERIFY(p);
        QCOMPARE(updatedTopLevelNames(*p),
                 QStringList({QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("e"),
                              QStringLiteral("f")}));
    }

    // UPDATED_NEW projects the touched paths from the new item: removed ones are absent.
    void updatedNewShape()
    {
        auto p = plan(QStringLiteral("SET m.k = :v REMOVE m.j ADD s :s"),
                      {{QStringLiteral(":v"), num("2")},
                       {QStringLiteral(":s"), AttributeValue::fromStringSet({QStringLiteral("x")})}});
        QVERIFY(p);
        const Items::Item old = item(R"({"id":{"S":"1"},"m":{"M":{"k":{"N":"1"},"j":{"N":"9"},"z":{"N":"0"}}}})");
        auto updated = applyUpdate(*p, old);
        QVERIFY(updated.isOk());
        QCOMPARE(text(updatedAttributes(*p, *updated)),
                 QStringLiteral(R"({"m":{"M":{"k":{"N":"2"}}},"s":{"SS":["x"]}})"));
        QCOMPARE(text(updatedAttributes(*p, old)),
                 QStringLiteral(R"({"m":{"M":{"j":{"N":"9"},"k":{"N":"1"}}}})"));
    }

    // Removing many elements by their original indexes from a long list.
    void removeManyListElements()
    {
        Items::AttributeList list;
        for (int i = 0; i < 50; ++i)
            list.append(num(QByteArray::number(i).constData()));
        Items::Item it;
        it.insert(QStringLiteral("l"), AttributeValue::fromList(list));
        QStringList paths;
        for (int i = 0; i < 50; i += 3)
            paths << QStringLiteral("l[%1]").arg(i);
        auto p = plan(u"REMOVE " + paths.join(u", "));
        QVERIFY(p);
        auto after = applyUpdate(*p, it);
        QVERIFY(after.isOk());
        const Items::AttributeList rest = after->value(QStringLiteral("l")).list();
        QCOMPARE(rest.size(), 50 - 17);
        for (const AttributeValue &v : rest)
            QVERIFY(v.number().toString().toInt() % 3 != 0);
    }

    void setUnionKeepsExistingOrder()
    {
        auto p = plan(QStringLiteral("ADD s :s"),
                      {{QStringLiteral(":s"), AttributeValue::fromStringSet(
                                                  {QStringLiteral("c"), QStringLiteral("a")})}});
        QVERIFY(p);
        auto after = applyUpdate(*p, item(R"({"s":{"SS":["b","a"]}})"));
        QVERIFY(after.isOk());
        QCOMPARE(after->value(QStringLiteral("s")).stringSet(),
                 QStringList({QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")}));
    }

    void parameterChecks_data()
    {
        QTest::addColumn<QStringList>("present");      // expression parameters given
        QTest::addColumn<bool>("names");
        QTest::addColumn<bool>("values");
        QTest::addColumn<QStringList>("operation");
        QTest::addColumn<QStringList>("legacy");
        QTest::addColumn<QString>("message");
        const QStringList update{QStringLiteral("UpdateExpression"), QStringLiteral("ConditionExpression")};
        const QStringList query{QStringLiteral("ProjectionExpression"), QStringLiteral("FilterExpression"),
                                QStringLiteral("KeyConditionExpression")};
        const QStringList get{QStringLiteral("ProjectionExpression")};
        QTest::newRow("fine") << QStringList{QStringLiteral("UpdateExpression")} << true << true
                              << update << QStringList() << QString();
        QTest::newRow("mixed") << QStringList{QStringLiteral("ConditionExpression")} << false << false
                               << update << QStringList{QStringLiteral("AttributeUpdates")}
                               << "Can not use both expression and non-expression parameters in the "
                                  "same request: Non-expression parameters: {AttributeUpdates} "
                                  "Expression parameters: {ConditionExpression}";
        QTest::newRow("names alone") << QStringList() << true << false << update << QStringList()
                                     << "ExpressionAttributeNames can only be specified when using "
                                        "expressions";
        QTest::newRow("values alone, update")
            << QStringList() << false << true << update << QStringList()
            << "ExpressionAttributeValues can only be specified when using expressions: "
               "UpdateExpression and ConditionExpression are null";
        QTest::newRow("values with projection only")
            << QStringList{QStringLiteral("ProjectionExpression")} << false << true << query
            << QStringList()
            << "ExpressionAttributeValues can only be specified when using expressions: "
               "FilterExpression and KeyConditionExpression are null";
        QTest::newRow("values on GetItem") << QStringList{QStringLiteral("ProjectionExpression")}
                                           << false << true << get << QStringList() << QString();
        QTest::newRow("legacy alone") << QStringList() << false << false << update
                                      << QStringList{QStringLiteral("Expected")} << QString();
    }
    void parameterChecks()
    {
        QFETCH(QStringList, present);
        QFETCH(bool, names);
        QFETCH(bool, values);
        QFETCH(QStringList, operation);
        QFETCH(QStringList, legacy);
        QFETCH(QString, message);
        ExpressionInput in;
        for (const QString &p : present) {
            if (p == QLatin1String("UpdateExpression"))
                in.updateExpression = QStringLiteral("SET a = :v");
            else if (p == QLatin1String("ConditionExpression"))
                in.conditionExpression = QStringLiteral("attribute_exists(a)");
            else if (p == QLatin1String("ProjectionExpression"))
                in.projectionExpression = QStringLiteral("a");
        }
        if (names)
            in.names = QMap<QString, QString>{{QStringLiteral("#a"), QStringLiteral("a")}};
        if (values)
            in.values = QMap<QString, AttributeValue>{{QStringLiteral(":v"), num("1")}};
        const Status s = checkExpressionParameters(in, operation, legacy);
        QCOMPARE(s.message(), message);
        QCOMPARE(s.isOk(), message.isEmpty());
    }

    void readValues_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("code");      // empty when the values are accepted
        QTest::addColumn<QString>("prefix");    // start of the expected message
        QTest::newRow("fine") << QByteArray(R"({":a":{"S":"x"},":b":{"N":"1.50"}})") << QString()
                              << QString();
        QTest::newRow("bad number")
            << QByteArray(R"({":a":{"N":"abc"}})") << QStringLiteral("ValidationException")
            << QStringLiteral("ExpressionAttributeValues contains invalid value: ");
        QTest::newRow("empty value")
            << QByteArray(R"({":a":{}})") << QStringLiteral("ValidationException")
            << QStringLiteral("ExpressionAttributeValues contains invalid value: ");
        QTest::newRow("wrong JSON type") << QByteArray(R"({":a":{"S":true}})")
                                         << QStringLiteral("SerializationException") << QString();
    }
    void readValues()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, code);
        QFETCH(QString, prefix);
        auto r = readExpressionAttributeValues(QJsonDocument::fromJson(json).object());
        QCOMPARE(r.isOk(), code.isEmpty());
        if (r.isOk()) {
            QCOMPARE(r->value(QStringLiteral(":b")).number().toString(), QStringLiteral("1.5"));
            return;
        }
        QCOMPARE(r.status().code(), code);
        QVERIFY2(r.status().message().startsWith(prefix), qPrintable(r.status().message()));
        if (code == QLatin1String("ValidationException"))
            QVERIFY2(r.status().message().endsWith(QLatin1String(" for key :a")),
                     qPrintable(r.status().message()));
        else
            QVERIFY(!r.status().message().contains(QLatin1String("ExpressionAttributeValues")));
    }
};

QTEST_GUILESS_MAIN(TestUpdate)
#include "tst_update.moc"
