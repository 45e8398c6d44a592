// CreateTable, DescribeTable, ListTables, DeleteTable on an in-memory engine: exact responses
// and exact validation messages.
#include "enginefixture.h"

#include <QTest>

using namespace Gatehouse;
using namespace Gatehouse::Tables;
using namespace Gatehouse::Tables::Testing;

namespace {

const QByteArray kSimpleTable =
    R"({"TableName":"tab1","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
        "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}})";

} // namespace

class TestTableOps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createTableValidation_data();
    void createTableValidation();
    void createTableDescription();
    void payPerRequestAndIndexes();
    void duplicateTable();
    void describeAndDelete();
    void listTablesPagination();
    void listTablesValidation_data();
    void listTablesValidation();
    void creatingDelay();
};

void TestTableOps::createTableValidation_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("expected");

    QTest::newRow("no table name")
        << QByteArray(R"({})")
        << "ValidationException: The parameter 'TableName' is required but was not present in the request";
    QTest::newRow("short table name")
        << QByteArray(R"({"TableName":"ab"})")
        << "ValidationException: 1 validation error detected: Value 'ab' at 'tableName' failed to satisfy "
           "constraint: Member must have length greater than or equal to 3";
    QTest::newRow("bad table name, reported alone")
        << QByteArray(R"({"TableName":"x!","KeySchema":[]})")
        << "ValidationException: 2 validation errors detected: Value 'x!' at 'tableName' failed to satisfy "
           "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'x!' at "
           "'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3";
    QTest::newRow("constraints collected")
        << QByteArray(R"({"TableName":"abc","BillingMode":"FREE"})")
        << "ValidationException: 3 validation errors detected: Value null at 'attributeDefinitions' "
           "failed to satisfy constraint: Member must not be null; Value 'FREE' at 'billingMode' failed to "
           "satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]; "
           "Value null at 'keySchema' failed to satisfy constraint: Member must not be null";
    QTest::newRow("nested constraints")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"X"}],
                          "KeySchema":[{"KeyType":"HASH"}],
                          "ProvisionedThroughput":{"ReadCapacityUnits":0,"WriteCapacityUnits":1}})")
        << "ValidationException: 3 validation errors detected: Value 'X' at "
           "'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must "
           "satisfy enum value set: [B, N, S]; Value '0' at 'provisionedThroughput.readCapacityUnits' "
           "failed to satisfy constraint: Member must have value greater than or equal to 1; Value null "
           "at 'keySchema.1.member.attributeName' failed to satisfy constraint: Member must not be null";
    QTest::newRow("wrong JSON type")
        << QByteArray(R"({"TableName":5})")
        << "SerializationException: NUMBER_VALUE cannot be converted to String";
    QTest::newRow("list given an object")
        << QByteArray(R"({"TableName":"abc","KeySchema":{}})")
        << "SerializationException: Start of structure or map found where not expected";
    QTest::newRow("no throughput")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"a","KeyType":"HASH"}]})")
        << "ValidationException: One or more parameter values were invalid: ReadCapacityUnits and "
           "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED";
    QTest::newRow("throughput with pay per request")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",
                          "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}})")
        << "ValidationException: One or more parameter values were invalid: Neither ReadCapacityUnits nor "
           "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST";
    QTest::newRow("key not defined")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"b","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})")
        << "ValidationException: One or more parameter values were invalid: Some index key attributes are "
           "not defined in AttributeDefinitions. Keys: [b], AttributeDefinitions: [a]";
    QTest::newRow("more keys than definitions")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"}],
                          "BillingMode":"PAY_PER_REQUEST"})")
        << "ValidationException: Invalid KeySchema: Some index key attribute have no definition";
    QTest::newRow("same hash and range")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},
                          {"AttributeName":"b","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"a","KeyType":"RANGE"}],
                          "BillingMode":"PAY_PER_REQUEST"})")
        << "ValidationException: Both the Hash Key and the Range Key element in the KeySchema have the same name";
    QTest::newRow("range first")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"a","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST"})")
        << "ValidationException: Invalid KeySchema: The first KeySchemaElement is not a HASH key type";
    QTest::newRow("unused definition")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},
                          {"AttributeName":"b","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})")
        << "ValidationException: One or more parameter values were invalid: Number of attributes in KeySchema "
           "does not exactly match number of attributes defined in AttributeDefinitions";
    QTest::newRow("lsi without table range key")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},
                          {"AttributeName":"b","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",
                          "LocalSecondaryIndexes":[{"IndexName":"idx","KeySchema":[{"AttributeName":"a","KeyType":"HASH"},
                          {"AttributeName":"b","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]})")
        << "ValidationException: One or more parameter values were invalid: Table KeySchema does not have a "
           "range key, which is required when specifying a LocalSecondaryIndex";
    QTest::newRow("gsi throughput with pay per request")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},
                          {"AttributeName":"b","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",
                          "GlobalSecondaryIndexes":[{"IndexName":"idx","KeySchema":[{"AttributeName":"b","KeyType":"HASH"}],
                          "Projection":{"ProjectionType":"ALL"},
                          "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}]})")
        << "ValidationException: One or more parameter values were invalid: ProvisionedThroughput should not "
           "be specified for index: idx when BillingMode is PAY_PER_REQUEST";
    QTest::newRow("throughput out of bounds")
        << QByteArray(R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],
                          "ProvisionedThroughput":{"ReadCapacityUnits":1000000000001,"WriteCapacityUnits":1}})")
        << "ValidationException: Given value 1000000000001 for ReadCapacityUnits is out of bounds";
}

void TestTableOps::createTableValidation()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, expected);
    auto engine = makeEngine();
    QVERIFY(engine);
    QCOMPARE(run(*engine, QStringLiteral("CreateTable"), request), expected);
    QCOMPARE(run(*engine, QStringLiteral("ListTables"), "{}"), normalised(R"({"TableNames":[]})"));
}

void TestTableOps::createTableDescription()
{
    auto engine = makeEngine();
    QVERIFY(engine);
    QCOMPARE(run(*engine, QStringLiteral("CreateTable"), kSimpleTable),
             normalised(R"({"TableDescription":{
                 "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
                 "TableName":"tab1","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
                 "TableStatus":"CREATING","CreationDateTime":1700000000,
                 "ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":5,"WriteCapacityUnits":5},
                 "TableSizeBytes":0,"ItemCount":0,
                 "TableArn":"arn:aws:dynamodb:ddblocal:000000000000:table/tab1","TableId":"*",
                 "DeletionProtectionEnabled":false}})"));
    const QJsonObject created = ok(*engine, QStringLiteral("CreateTable"),
                                   R"({"TableName":"tab2","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
                                       "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
    const QString id = created.value(u"TableDescription").toObject().value(u"TableId").toString();
    QCOMPARE(id.size(), 36);  // a UUID
    const QJsonObject described = ok(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"tab2"})");
    QCOMPARE(described.value(u"Table").toObject().value(u"TableId").toString(), id);
    // Answered CREATING, as the service does, and ACTIVE from the next request on (no delay).
    QCOMPARE(described.value(u"Table").toObject().value(u"TableStatus").toString(), QStringLiteral("ACTIVE"));
}

void TestTableOps::payPerRequestAndIndexes()
{
    auto engine = makeEngine();
    QVERIFY(engine);
    ok(*engine, QStringLiteral("CreateTable"),
       R"({"TableName":"idx","BillingMode":"PAY_PER_REQUEST",
           "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},
                                   {"AttributeName":"g","AttributeType":"S"}],
           "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
           "GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
                                      "Projection":{"ProjectionType":"KEYS_ONLY"}}]})");
    QCOMPARE(run(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"idx"})"),
             normalised(R"({"Table":{
                 "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},
                                         {"AttributeName":"g","AttributeType":"S"}],
                 "TableName":"idx",
                 "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
                 "TableStatus":"ACTIVE","CreationDateTime":1700000000,
                 "ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":0,"WriteCapacityUnits":0},
                 "BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST","LastUpdateToPayPerRequestDateTime":1700000000},
                 "TableSizeBytes":0,"ItemCount":0,
                 "TableArn":"arn:aws:dynamodb:ddblocal:000000000000:table/idx","TableId":"*",
                 "GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
                     "Projection":{"ProjectionType":"KEYS_ONLY"},"IndexStatus":"ACTIVE",
                     "ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":0,"WriteCapacityUnits":0},
                     "IndexSizeBytes":0,"ItemCount":0,
                     "IndexArn":"arn:aws:dynamodb:ddblocal:000000000000:table/idx/index/byG"}],
                 "DeletionProtectionEnabled":false}})"));
}

void TestTableOps::duplicateTable()
{
    auto engine = makeEngine();
    QVERIFY(engine);
    ok(*engine, QStringLiteral("CreateTable"), kSimpleTable);
    QCOMPARE(run(*engine, QStringLiteral("CreateTable"), kSimpleTable),
             QStringLiteral("ResourceInUseException: Table already exists: tab1"));
}

void TestTableOps::describeAndDelete()
{
    auto engine = makeEngine();
    QVERIFY(engine);
    QCOMPARE(run(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"tab1"})"),
             QStringLiteral("ResourceNotFoundException: Requested resource not found: Table: tab1 not found"));
    ok(*engine, QStringLiteral("CreateTable"), kSimpleTable);
    ok(*engine, QStringLiteral("PutItem"), R"({"TableName":"tab1","Item":{"id":{"S":"a"},"v":{"N":"1"}}})");
    const QJsonObject described = ok(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"tab1"})");
    QCOMPARE(described.value(u"Table").toObject().value(u"ItemCount").toInteger(), 1);

    const QJsonObject deleted = ok(*engine, QStringLiteral("DeleteTable"), R"({"TableName":"tab1"})");
    QCOMPARE(deleted.value(u"TableDescription").toObject().value(u"TableStatus").toString(),
             QStringLiteral("DELETING"));
    QCOMPARE(run(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"tab1"})"),
             QStringLiteral("ResourceNotFoundException: Requested resource not found: Table: tab1 not found"));
    QCOMPARE(run(*engine, QStringLiteral("GetItem"), R"({"TableName":"tab1","Key":{"id":{"S":"a"}}})"),
             QStringLiteral("ResourceNotFoundException: Requested resource not found"));
    QCOMPARE(run(*engine, QStringLiteral("DeleteTable"), R"({"TableName":"tab1"})"),
             QStringLiteral("ResourceNotFoundException: Requested resource not found: Table: tab1 not found"));
    // The name is free again, and the new table starts empty.
    ok(*engine, QStringLiteral("CreateTable"), kSimpleTable);
    QCOMPARE(run(*engine, QStringLiteral("GetItem"), R"({"TableName":"tab1","Key":{"id":{"S":"a"}}})"),
             QStringLiteral("{}"));
}

void TestTableOps::listTablesPagination()
{
    auto engine = makeEngine();
    QVERIFY(engine);
    for (const char *name : {"delta", "alpha", "charlie", "bravo", "echo"}) {
        QByteArray request = kSimpleTable;
        request.replace(QByteArray("\"tab1\""), QByteArray("\"" + QByteArray(name) + "\""));
        ok(*engine, QStringLiteral("CreateTable"), request);
    }
    QCOMPARE(run(*engine, QStringLiteral("ListTables"), "{}"),
             normalised(R"({"TableNames":["alpha","bravo","charlie","delta","echo"]})"));
    QCOMPARE(run(*engine, QStringLiteral("ListTables"), R"({"Limit":2})"),
             normalised(R"({"TableNames":["alpha","bravo"],"LastEvaluatedTableName":"bravo"})"));
    QCOMPARE(run(*engine, QStringLiteral("ListTables"), R"({"Limit":2,"ExclusiveStartTableName":"bravo"})"),
             normalised(R"({"TableNames":["charlie","delta"],"LastEvaluatedTableName":"delta"})"));
    QCOMPARE(run(*engine, QStringLiteral("ListTables"), R"({"Limit":2,"ExclusiveStartTableName":"delta"})"),
             normalised(R"({"TableNames":["echo"]})"));
    QCOMPARE(run(*engine, QStringLiteral("ListTables"), R"({"ExclusiveStartTableName":"b"})"),
             QStringLiteral("ValidationException: 1 validation error detected: Value 'b' at "
                            "'exclusiveStartTableName' failed to satisfy constraint: Member must have "
                            "length greater than or equal to 3"));
}

void TestTableOps::listTablesValidation_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("expected");
    QTest::newRow("limit 0") << QByteArray(R"({"Limit":0})")
                             << "ValidationException: 1 validation error detected: Value '0' at 'limit' "
                                "failed to satisfy constraint: Member must have value greater than or equal to 1";
    QTest::newRow("limit and name")
        << QByteArray(R"({"Limit":101,"ExclusiveStartTableName":"a;"})")
        << "ValidationException: 3 validation errors detected: Value '101' at 'limit' failed to satisfy "
           "constraint: Member must have value less than or equal to 100; Value 'a;' at "
           "'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression "
           "pattern: [a-zA-Z0-9_.-]+; Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: "
           "Member must have length greater than or equal to 3";
    QTest::newRow("limit as string") << QByteArray(R"({"Limit":"5"})")
                                     << "SerializationException: STRING_VALUE cannot be converted to Integer";
}

void TestTableOps::listTablesValidation()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, expected);
    auto engine = makeEngine();
    QVERIFY(engine);
    QCOMPARE(run(*engine, QStringLiteral("ListTables"), request), expected);
}

void TestTableOps::creatingDelay()
{
    QDateTime now = fixedNow();
    EngineOptions options;
    options.createDelayMs = 5000;
    options.clock = [&now] { return now; };
    auto engine = makeEngine(options);
    QVERIFY(engine);
    const QJsonObject created = ok(*engine, QStringLiteral("CreateTable"), kSimpleTable);
    QCOMPARE(created.value(u"TableDescription").toObject().value(u"TableStatus").toString(),
             QStringLiteral("CREATING"));
    QCOMPARE(run(*engine, QStringLiteral("PutItem"), R"({"TableName":"tab1","Item":{"id":{"S":"a"}}})"),
             QStringLiteral("ResourceNotFoundException: Requested resource not found"));
    QCOMPARE(run(*engine, QStringLiteral("DeleteTable"), R"({"TableName":"tab1"})"),
             QStringLiteral("ResourceInUseException: Attempt to change a resource which is still in use: "
                            "Table is being created: tab1"));
    now = now.addMSecs(4999);
    QCOMPARE(ok(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"tab1"})")
                 .value(u"Table").toObject().value(u"TableStatus").toString(),
             QStringLiteral("CREATING"));
    now = now.addMSecs(1);
    QCOMPARE(ok(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"tab1"})")
                 .value(u"Table").toObject().value(u"TableStatus").toString(),
             QStringLiteral("ACTIVE"));
    ok(*engine, QStringLiteral("PutItem"), R"({"TableName":"tab1","Item":{"id":{"S":"a"}}})");

    ok(*engine, QStringLiteral("DeleteTable"), R"({"TableName":"tab1"})");
    QCOMPARE(ok(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"tab1"})")
                 .value(u"Table").toObject().value(u"TableStatus").toString(),
             QStringLiteral("DELETING"));
    QCOMPARE(run(*engine, QStringLiteral("ListTables"), "{}"), normalised(R"({"TableNames":["tab1"]})"));
    now = now.addMSecs(5000);
    QCOMPARE(run(*engine, QStringLiteral("DescribeTable"), R"({"TableName":"tab1"})"),
             QStringLiteral("ResourceNotFoundException: Requested resource not found: Table: tab1 not found"));
    QCOMPARE(run(*engine, QStringLiteral("ListTables"), "{}"), normalised(R"({"TableNames":[]})"));
}

QTEST_GUILESS_MAIN(TestTableOps)
#include "tst_tableops.moc"
