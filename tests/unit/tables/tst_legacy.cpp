// The legacy parameters as value types (core/tables/legacy.h): every ComparisonOperator against
// items with and without the attribute, the argument checks, AttributeUpdates and KeyConditions.
#include <tables/legacy.h>

#include <QJsonDocument>
#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Tables;

namespace {

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

Items::Item item(const char *json)
{
    Result<Items::Item> i = Items::itemFromJson(object(json));
    return i ? *i : Items::Item();
}

QString itemText(const Items::Item &i)
{
    return QString::fromUtf8(QJsonDocument(Items::itemToJson(i)).toJson(QJsonDocument::Compact));
}

const char *kItem = R"({"s":{"S":"hello"},"n":{"N":"10"},"b":{"B":"AQID"},"ss":{"SS":["x","y"]},
    "ns":{"NS":["1","2"]},"bs":{"BS":["AQ=="]},"l":{"L":[{"S":"x"},{"N":"7"},{"M":{}}]},
    "m":{"M":{"k":{"S":"v"}}},"t":{"BOOL":true},"z":{"NULL":true}})";

} // namespace

class TestLegacy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void operators_data();
    void operators();
    void conditionChecks_data();
    void conditionChecks();
    void expected_data();
    void expected();
    void attributeUpdates_data();
    void attributeUpdates();
    void keyConditions_data();
    void keyConditions();
};

void TestLegacy::operators_data()
{
    QTest::addColumn<QString>("attribute");
    QTest::addColumn<QString>("op");
    QTest::addColumn<QString>("arguments");  // AttributeValueList JSON
    QTest::addColumn<bool>("expected");
    auto row = [](const char *name, const char *attr, const char *op, const char *args, bool result) {
        QTest::newRow(name) << QString::fromLatin1(attr) << QString::fromLatin1(op) << QString::fromLatin1(args)
                            << result;
    };
    row("EQ string", "s", "EQ", R"([{"S":"hello"}])", true);
    row("EQ other type", "n", "EQ", R"([{"S":"10"}])", false);
    row("EQ number exactly", "n", "EQ", R"([{"N":"10.00"}])", true);
    row("EQ set in any order", "ss", "EQ", R"([{"SS":["y","x"]}])", true);
    row("EQ subset", "ss", "EQ", R"([{"SS":["x"]}])", false);
    row("EQ missing", "nothere", "EQ", R"([{"S":"x"}])", false);
    row("NE other value", "s", "NE", R"([{"S":"bye"}])", true);
    row("NE same value", "s", "NE", R"([{"S":"hello"}])", false);
    row("NE other type", "n", "NE", R"([{"S":"10"}])", true);
    row("NE missing", "nothere", "NE", R"([{"S":"x"}])", true);
    row("LT number", "n", "LT", R"([{"N":"10.5"}])", true);
    row("LT equal", "n", "LT", R"([{"N":"10"}])", false);
    row("LE equal", "n", "LE", R"([{"N":"10"}])", true);
    row("GT string bytes", "s", "GT", R"([{"S":"hell"}])", true);
    row("GE binary", "b", "GE", R"([{"B":"AQIE"}])", false);
    row("GT other type", "n", "GT", R"([{"S":"1"}])", false);
    row("LT missing", "nothere", "LT", R"([{"N":"1"}])", false);
    row("NOT_NULL present", "z", "NOT_NULL", "[]", true);
    row("NOT_NULL missing", "nothere", "NOT_NULL", "[]", false);
    row("NULL missing", "nothere", "NULL", "[]", true);
    row("NULL on a NULL value", "z", "NULL", "[]", false);
    row("CONTAINS substring", "s", "CONTAINS", R"([{"S":"ell"}])", true);
    row("CONTAINS string set", "ss", "CONTAINS", R"([{"S":"y"}])", true);
    row("CONTAINS number set", "ns", "CONTAINS", R"([{"N":"2.0"}])", true);
    row("CONTAINS binary set", "bs", "CONTAINS", R"([{"B":"AQ=="}])", true);
    row("CONTAINS binary", "b", "CONTAINS", R"([{"B":"AgM="}])", true);
    row("CONTAINS list element", "l", "CONTAINS", R"([{"N":"7"}])", true);
    row("CONTAINS list, absent", "l", "CONTAINS", R"([{"S":"7"}])", false);
    row("CONTAINS number in number", "n", "CONTAINS", R"([{"N":"1"}])", false);
    row("CONTAINS missing", "nothere", "CONTAINS", R"([{"S":"x"}])", false);
    row("NOT_CONTAINS substring", "s", "NOT_CONTAINS", R"([{"S":"ell"}])", false);
    row("NOT_CONTAINS set", "ss", "NOT_CONTAINS", R"([{"S":"q"}])", true);
    row("NOT_CONTAINS missing", "nothere", "NOT_CONTAINS", R"([{"S":"x"}])", true);
    row("BEGINS_WITH string", "s", "BEGINS_WITH", R"([{"S":"he"}])", true);
    row("BEGINS_WITH binary", "b", "BEGINS_WITH", R"([{"B":"AQ=="}])", true);
    row("BEGINS_WITH not", "s", "BEGINS_WITH", R"([{"S":"lo"}])", false);
    row("BEGINS_WITH on a set", "ss", "BEGINS_WITH", R"([{"S":"x"}])", false);
    row("IN listed", "n", "IN", R"([{"N":"1"},{"N":"10"}])", true);
    row("IN not listed", "n", "IN", R"([{"N":"1"},{"N":"2"}])", false);
    row("IN missing", "nothere", "IN", R"([{"N":"1"}])", false);
    row("BETWEEN inside", "n", "BETWEEN", R"([{"N":"10"},{"N":"11"}])", true);
    row("BETWEEN outside", "n", "BETWEEN", R"([{"N":"11"},{"N":"12"}])", false);
    row("BETWEEN strings", "s", "BETWEEN", R"([{"S":"a"},{"S":"i"}])", true);
    row("BETWEEN other type", "s", "BETWEEN", R"([{"N":"1"},{"N":"2"}])", false);
}

void TestLegacy::operators()
{
    QFETCH(QString, attribute);
    QFETCH(QString, op);
    QFETCH(QString, arguments);
    QFETCH(bool, expected);
    QJsonObject condition{{QStringLiteral("ComparisonOperator"), op},
                          {QStringLiteral("AttributeValueList"), QJsonDocument::fromJson(arguments.toUtf8()).array()}};
    const QJsonObject filter{{attribute, condition}};
    QCOMPARE(Legacy::checkConditions(filter), std::optional<QString>());
    auto tree = Legacy::filterCondition(filter, false);
    QVERIFY(tree);
    QCOMPARE(Expressions::evaluate(*tree, item(kItem)), expected);
}

void TestLegacy::conditionChecks_data()
{
    QTest::addColumn<QString>("conditions");
    QTest::addColumn<QString>("message");
    const QString p = QStringLiteral("One or more parameter values were invalid: ");
    QTest::newRow("EQ without argument") << R"({"a":{"ComparisonOperator":"EQ"}})"
                                         << p + "Invalid number of argument(s) for the EQ ComparisonOperator";
    QTest::newRow("NOT_NULL with argument") << R"({"a":{"ComparisonOperator":"NOT_NULL","AttributeValueList":[{"S":"x"}]}})"
                                            << p + "Invalid number of argument(s) for the NOT_NULL ComparisonOperator";
    QTest::newRow("BETWEEN with three") << R"({"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"N":"2"},{"N":"3"}]}})"
                                        << p + "Invalid number of argument(s) for the BETWEEN ComparisonOperator";
    QTest::newRow("IN of two types") << R"({"a":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"1"},{"S":"2"}]}})"
                                     << p + "AttributeValues inside AttributeValueList must be of same type";
    QTest::newRow("GT with a set") << R"({"a":{"ComparisonOperator":"GT","AttributeValueList":[{"NS":["1"]}]}})"
                                   << p + "ComparisonOperator GT is not valid for NS AttributeValue type";
    QTest::newRow("EQ with a list") << R"({"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"L":[]}]}})"
                                    << p + "ComparisonOperator EQ is not valid for L AttributeValue type";
    QTest::newRow("NE with a boolean") << R"({"a":{"ComparisonOperator":"NE","AttributeValueList":[{"BOOL":true}]}})"
                                       << p + "ComparisonOperator NE is not valid for BOOL AttributeValue type";
    QTest::newRow("BEGINS_WITH with a number") << R"({"a":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"N":"1"}]}})"
                                               << p + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type";
    QTest::newRow("BETWEEN reversed") << R"({"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"S":"b"},{"S":"a"}]}})"
                                      << "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound";
    QTest::newRow("an invalid value") << R"({"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"SS":[]}]}})"
                                      << p + "An string set  may not be empty";
    QTest::newRow("valid") << R"({"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"N":"1"}]}})" << QString();
}

void TestLegacy::conditionChecks()
{
    QFETCH(QString, conditions);
    QFETCH(QString, message);
    const std::optional<QString> m = Legacy::checkConditions(object(conditions.toUtf8().constData()));
    QCOMPARE(m.value_or(QString()), message);
}

void TestLegacy::expected_data()
{
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("useOr");
    QTest::addColumn<bool>("passes");
    QTest::newRow("exists false, missing") << R"({"nothere":{"Exists":false}})" << false << true;
    QTest::newRow("exists false, present") << R"({"s":{"Exists":"false"}})" << false << false;
    QTest::newRow("value alone") << R"({"n":{"Value":{"N":"10"}}})" << false << true;
    QTest::newRow("exists true and value") << R"({"n":{"Exists":true,"Value":{"N":"11"}}})" << false << false;
    QTest::newRow("operator with Value") << R"({"n":{"ComparisonOperator":"GT","Value":{"N":"9"}}})" << false << true;
    QTest::newRow("AND, one false") << R"({"n":{"Value":{"N":"10"}},"s":{"Value":{"S":"x"}}})" << false << false;
    QTest::newRow("OR, one true") << R"({"n":{"Value":{"N":"10"}},"s":{"Value":{"S":"x"}}})" << true << true;
    QTest::newRow("OR, none true") << R"({"n":{"Value":{"N":"1"}},"s":{"Value":{"S":"x"}}})" << true << false;
}

void TestLegacy::expected()
{
    QFETCH(QString, expected);
    QFETCH(bool, useOr);
    QFETCH(bool, passes);
    QJsonObject e = object(expected.toUtf8().constData());
    // The type phase turns "false" into a boolean before the custom checks; do the same.
    for (auto it = e.begin(); it != e.end(); ++it) {
        QJsonObject c = it.value().toObject();
        if (c.value(u"Exists").isString())
            c.insert(u"Exists", c.value(u"Exists").toString() == u"true");
        it.value() = c;
    }
    QCOMPARE(Legacy::checkExpected(e), std::optional<QString>());
    auto tree = Legacy::expectedCondition(e, useOr);
    QVERIFY(tree);
    QCOMPARE(Expressions::evaluate(*tree, item(kItem)), passes);
}

void TestLegacy::attributeUpdates_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("updates");
    QTest::addColumn<QString>("after");  // the item, or the error message
    QTest::newRow("PUT replaces") << R"({"a":{"S":"x"}})" << R"({"a":{"Action":"PUT","Value":{"N":"1"}}})"
                                  << R"({"a":{"N":"1"}})";
    QTest::newRow("PUT is the default") << R"({})" << R"({"a":{"Value":{"BOOL":false}}})" << R"({"a":{"BOOL":false}})";
    QTest::newRow("ADD to a number") << R"({"a":{"N":"1.5"}})" << R"({"a":{"Action":"ADD","Value":{"N":"-0.5"}}})"
                                     << R"({"a":{"N":"1"}})";
    QTest::newRow("ADD to a missing number") << R"({})" << R"({"a":{"Action":"ADD","Value":{"N":"7"}}})"
                                             << R"({"a":{"N":"7"}})";
    QTest::newRow("ADD to a set") << R"({"a":{"NS":["1","2"]}})" << R"({"a":{"Action":"ADD","Value":{"NS":["2","3"]}}})"
                                  << R"({"a":{"NS":["1","2","3"]}})";
    QTest::newRow("ADD to a list appends") << R"({"a":{"L":[{"S":"x"}]}})"
                                           << R"({"a":{"Action":"ADD","Value":{"L":[{"S":"x"}]}}})"
                                           << R"({"a":{"L":[{"S":"x"},{"S":"x"}]}})";
    QTest::newRow("ADD of a number to a set") << R"({"a":{"NS":["1"]}})" << R"({"a":{"Action":"ADD","Value":{"N":"1"}}})"
                                              << "Type mismatch for attribute to update";
    QTest::newRow("ADD overflow") << R"({"a":{"N":"9E+125"}})" << R"({"a":{"Action":"ADD","Value":{"N":"9E+125"}}})"
                                  << "Number overflow. Attempting to store a number with magnitude larger than supported range";
    QTest::newRow("DELETE members") << R"({"a":{"SS":["x","y"]}})" << R"({"a":{"Action":"DELETE","Value":{"SS":["y","z"]}}})"
                                    << R"({"a":{"SS":["x"]}})";
    QTest::newRow("DELETE last member") << R"({"a":{"BS":["AQ=="]}})" << R"({"a":{"Action":"DELETE","Value":{"BS":["AQ=="]}}})"
                                        << R"({})";
    QTest::newRow("DELETE from a missing set") << R"({})" << R"({"a":{"Action":"DELETE","Value":{"SS":["x"]}}})" << R"({})";
    QTest::newRow("DELETE from another type") << R"({"a":{"S":"x"}})" << R"({"a":{"Action":"DELETE","Value":{"SS":["x"]}}})"
                                              << "Type mismatch for attribute to update";
    QTest::newRow("DELETE without value") << R"({"a":{"M":{}},"b":{"N":"1"}})" << R"({"a":{"Action":"DELETE"}})"
                                          << R"({"b":{"N":"1"}})";
}

void TestLegacy::attributeUpdates()
{
    QFETCH(QString, before);
    QFETCH(QString, updates);
    QFETCH(QString, after);
    const QJsonObject u = object(updates.toUtf8().constData());
    QCOMPARE(Legacy::checkAttributeUpdates(u), std::optional<QString>());
    Result<Items::Item> result = Legacy::applyAttributeUpdates(u, item(before.toUtf8().constData()));
    QCOMPARE(result ? itemText(*result) : result.status().message(), after);
}

void TestLegacy::keyConditions_data()
{
    QTest::addColumn<bool>("withRange");
    QTest::addColumn<QString>("conditions");
    QTest::addColumn<QString>("outcome");  // "sortOp" index or the message
    QTest::newRow("hash EQ") << true << R"({"h":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}})" << "0";
    QTest::newRow("range BEGINS_WITH")
        << true << R"({"h":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]},"r":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"a"}]}})"
        << QString::number(int(Expressions::KeyCondition::SortOp::BeginsWith));
    QTest::newRow("range only") << true << R"({"r":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}})"
                                << "Query condition missed key schema element: h";
    QTest::newRow("two on a hash-only table")
        << false << R"({"h":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]},"r":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}})"
        << "Query key condition not supported";
    QTest::newRow("hash GT") << true << R"({"h":{"ComparisonOperator":"GT","AttributeValueList":[{"S":"a"}]}})"
                             << "Query key condition not supported";
    QTest::newRow("hash IN") << true << R"({"h":{"ComparisonOperator":"IN","AttributeValueList":[{"S":"a"}]}})"
                             << "Attempted conditional constraint is not an indexable operation";
    QTest::newRow("type") << true << R"({"h":{"ComparisonOperator":"EQ","AttributeValueList":[{"B":"AQ=="}]}})"
                          << "One or more parameter values were invalid: Condition parameter type does not match schema type";
}

void TestLegacy::keyConditions()
{
    QFETCH(bool, withRange);
    QFETCH(QString, conditions);
    QFETCH(QString, outcome);
    KeySchema schema;
    schema.hashName = QStringLiteral("h");
    if (withRange)
        schema.rangeName = QStringLiteral("r");
    Result<Expressions::KeyCondition> kc = Legacy::keyCondition(object(conditions.toUtf8().constData()), schema);
    QCOMPARE(kc ? QString::number(int(kc->sortOp)) : kc.status().message(), outcome);
    if (kc)
        QCOMPARE(kc->partitionValue, Items::AttributeValue::fromString(QStringLiteral("a")));
}

QTEST_GUILESS_MAIN(TestLegacy)
#include "tst_legacy.moc"
