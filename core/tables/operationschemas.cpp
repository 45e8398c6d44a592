// The member types and declarative constraints of each operation, in the order the service
// reports them (the order of dynalite's validations, which were recorded from the service).
#include "requestvalidation.h"

#include <QHash>

namespace Gatehouse::Tables::Validation {

namespace {

const QString kNamePattern = QStringLiteral("[a-zA-Z0-9_.-]+");

Field tableNameRequired()
{
    return Field(QStringLiteral("TableName"), Kind::String)
        .isRequired()
        .isTableName()
        .regex(kNamePattern)
        .lenGe(3)
        .lenLe(255);
}

// The item operations' TableName, as the service checks it since it takes table ARNs too (2026
// captures): an empty name is reported by its length alone, a short one is left to the table
// lookup (ResourceNotFoundException), a long or malformed one as before.
Field tableNameNotNull()
{
    return Field(QStringLiteral("TableName"), Kind::String)
        .notNull()
        .regexUnlessEmpty(kNamePattern)
        .lenGe(1)
        .lastRuleByPath()
        .lenLe(255);
}

Field returnConsumedCapacity()
{
    return Field(QStringLiteral("ReturnConsumedCapacity"), Kind::String)
        .oneOf({QStringLiteral("INDEXES"), QStringLiteral("TOTAL"), QStringLiteral("NONE")});
}

Field returnItemCollectionMetrics()
{
    return Field(QStringLiteral("ReturnItemCollectionMetrics"), Kind::String)
        .oneOf({QStringLiteral("SIZE"), QStringLiteral("NONE")});
}

Field returnValues()
{
    return Field(QStringLiteral("ReturnValues"), Kind::String)
        .oneOf({QStringLiteral("ALL_NEW"), QStringLiteral("UPDATED_OLD"), QStringLiteral("ALL_OLD"),
                QStringLiteral("NONE"), QStringLiteral("UPDATED_NEW")});
}

Field returnValuesOnConditionCheckFailure()
{
    return Field(QStringLiteral("ReturnValuesOnConditionCheckFailure"), Kind::String)
        .oneOf({QStringLiteral("ALL_OLD"), QStringLiteral("NONE")});
}

Field stringField(const char *name)
{
    return Field(QString::fromLatin1(name), Kind::String);
}

Field attrMap(const char *name)
{
    return Field(QString::fromLatin1(name), Kind::AttrMap);
}

Field namesMap()
{
    return Field(QStringLiteral("ExpressionAttributeNames"), Kind::Map)
        .type(QStringLiteral("java.lang.String"))
        .of(Field(QStringLiteral("member"), Kind::String));
}

QStringList comparisonOperators()
{
    return {QStringLiteral("IN"), QStringLiteral("NULL"), QStringLiteral("BETWEEN"),
            QStringLiteral("LT"), QStringLiteral("NOT_CONTAINS"), QStringLiteral("EQ"),
            QStringLiteral("GT"), QStringLiteral("NOT_NULL"), QStringLiteral("NE"),
            QStringLiteral("LE"), QStringLiteral("BEGINS_WITH"), QStringLiteral("GE"),
            QStringLiteral("CONTAINS")};
}

Field attrValueList()
{
    return Field(QStringLiteral("AttributeValueList"), Kind::List)
        .of(Field(QStringLiteral("member"), Kind::AttrValue));
}

// Legacy conditions (part 2 interprets them; here they are type-checked like the service does).
Field expected()
{
    return Field(QStringLiteral("Expected"), Kind::Map)
        .type(QStringLiteral("ExpectedAttributeValue"))
        .of(Field(QStringLiteral("member"), Kind::Struct)
                .type(QStringLiteral("ExpectedAttributeValue"))
                .with({attrValueList(),
                       Field(QStringLiteral("ComparisonOperator"), Kind::String).oneOf(comparisonOperators()),
                       Field(QStringLiteral("Exists"), Kind::Boolean),
                       Field(QStringLiteral("Value"), Kind::AttrValue)}));
}

Field conditions(const char *name, bool operatorFirst)
{
    Field op = Field(QStringLiteral("ComparisonOperator"), Kind::String).notNull().oneOf(comparisonOperators());
    QList<Field> members = operatorFirst ? QList<Field>{op, attrValueList()}
                                         : QList<Field>{attrValueList(), op};
    return Field(QString::fromLatin1(name), Kind::Map)
        .type(QStringLiteral("Condition"))
        .of(Field(QStringLiteral("member"), Kind::Struct).type(QStringLiteral("Condition")).with(members));
}

Field conditionalOperator()
{
    return Field(QStringLiteral("ConditionalOperator"), Kind::String)
        .oneOf({QStringLiteral("OR"), QStringLiteral("AND")});
}

Field attributesToGet()
{
    return Field(QStringLiteral("AttributesToGet"), Kind::List)
        .lenGe(1)
        .lenLe(255)
        .of(Field(QStringLiteral("member"), Kind::String));
}

Field select()
{
    return Field(QStringLiteral("Select"), Kind::String)
        .oneOf({QStringLiteral("SPECIFIC_ATTRIBUTES"), QStringLiteral("COUNT"),
                QStringLiteral("ALL_ATTRIBUTES"), QStringLiteral("ALL_PROJECTED_ATTRIBUTES")});
}

Field indexName()
{
    return Field(QStringLiteral("IndexName"), Kind::String).regex(kNamePattern).lenGe(3).lenLe(255);
}

Field throughput()
{
    return Field(QStringLiteral("ProvisionedThroughput"), Kind::Struct)
        .type(QStringLiteral("ProvisionedThroughput"))
        .with({Field(QStringLiteral("WriteCapacityUnits"), Kind::Long).notNull().ge(1),
               Field(QStringLiteral("ReadCapacityUnits"), Kind::Long).notNull().ge(1)});
}

Field keySchema(bool withEnum)
{
    Field keyType = Field(QStringLiteral("KeyType"), Kind::String).notNull();
    if (withEnum)
        keyType.oneOf({QStringLiteral("HASH"), QStringLiteral("RANGE")});
    return Field(QStringLiteral("KeySchema"), Kind::List)
        .echoedAsJava()
        .notNull()
        .lenGe(1)
        .lenLe(2)
        .of(Field(QStringLiteral("member"), Kind::Struct)
                .type(QStringLiteral("KeySchemaElement"))
                .with({Field(QStringLiteral("AttributeName"), Kind::String).notNull(), keyType}));
}

Field projection()
{
    return Field(QStringLiteral("Projection"), Kind::Struct)
        .notNull()
        .type(QStringLiteral("Projection"))
        .with({Field(QStringLiteral("ProjectionType"), Kind::String)
                   .oneOf({QStringLiteral("ALL"), QStringLiteral("INCLUDE"), QStringLiteral("KEYS_ONLY")}),
               Field(QStringLiteral("NonKeyAttributes"), Kind::List)
                   .lenGe(1)
                   .of(Field(QStringLiteral("member"), Kind::String))});
}

Field secondaryIndexes(const char *name, const char *type, bool global)
{
    QList<Field> members{Field(QStringLiteral("IndexName"), Kind::String)
                             .notNull()
                             .regex(kNamePattern)
                             .lenGe(3)
                             .lenLe(255),
                         keySchema(false), projection()};
    if (global)
        members.append(throughput());
    return Field(QString::fromLatin1(name), Kind::List)
        .of(Field(QStringLiteral("member"), Kind::Struct).type(QString::fromLatin1(type)).with(members));
}

Schema createTable()
{
    return {
        Field(QStringLiteral("AttributeDefinitions"), Kind::List)
            .notNull()
            .of(Field(QStringLiteral("member"), Kind::Struct)
                    .type(QStringLiteral("AttributeDefinition"))
                    .with({Field(QStringLiteral("AttributeName"), Kind::String).notNull(),
                           Field(QStringLiteral("AttributeType"), Kind::String)
                               .notNull()
                               .oneOf({QStringLiteral("B"), QStringLiteral("N"),
                                       QStringLiteral("S")})})),
        tableNameRequired(),
        Field(QStringLiteral("BillingMode"), Kind::String)
            .oneOf({QStringLiteral("PROVISIONED"), QStringLiteral("PAY_PER_REQUEST")}),
        throughput(), keySchema(true),
        // The service reports the global indexes' constraints before the local ones'.
        secondaryIndexes("GlobalSecondaryIndexes", "GlobalSecondaryIndex", true),
        secondaryIndexes("LocalSecondaryIndexes", "LocalSecondaryIndex", false),
        // Accepted and described back; interpreted by later features.
        Field(QStringLiteral("Tags"), Kind::List)
            .of(Field(QStringLiteral("member"), Kind::Struct)
                    .type(QStringLiteral("Tag"))
                    .with({Field(QStringLiteral("Key"), Kind::String).notNull().lenGe(1).lenLe(128),
                           Field(QStringLiteral("Value"), Kind::String).notNull().lenLe(256)})),
        Field(QStringLiteral("StreamSpecification"), Kind::Struct)
            .type(QStringLiteral("StreamSpecification"))
            .with(
                {Field(QStringLiteral("StreamEnabled"), Kind::Boolean).notNull(),
                 Field(QStringLiteral("StreamViewType"), Kind::String)
                     .oneOf({QStringLiteral("NEW_IMAGE"), QStringLiteral("OLD_IMAGE"),
                             QStringLiteral("NEW_AND_OLD_IMAGES"), QStringLiteral("KEYS_ONLY")})}),
        Field(QStringLiteral("TableClass"), Kind::String)
            .oneOf({QStringLiteral("STANDARD"), QStringLiteral("STANDARD_INFREQUENT_ACCESS")}),
        Field(QStringLiteral("DeletionProtectionEnabled"), Kind::Boolean)};
}

// UpdateTable (index and billing changes: indexops.cpp).
Schema updateTable()
{
    Field name = Field(QStringLiteral("IndexName"), Kind::String).notNull().regex(kNamePattern).lenGe(3).lenLe(255);
    Field create = Field(QStringLiteral("Create"), Kind::Struct)
                       .type(QStringLiteral("CreateGlobalSecondaryIndexAction"))
                       .with({projection(), name, throughput(), keySchema(false)});
    Field indexThroughput = throughput();
    indexThroughput.notNull();
    return {Field(QStringLiteral("AttributeDefinitions"), Kind::List)
                .of(Field(QStringLiteral("member"), Kind::Struct)
                        .type(QStringLiteral("AttributeDefinition"))
                        .with({Field(QStringLiteral("AttributeName"), Kind::String).notNull(),
                               Field(QStringLiteral("AttributeType"), Kind::String)
                                   .notNull()
                                   .oneOf({QStringLiteral("B"), QStringLiteral("N"), QStringLiteral("S")})})),
            tableNameRequired(),
            throughput(),
            Field(QStringLiteral("BillingMode"), Kind::String)
                .oneOf({QStringLiteral("PROVISIONED"), QStringLiteral("PAY_PER_REQUEST")}),
            Field(QStringLiteral("GlobalSecondaryIndexUpdates"), Kind::List)
                .of(Field(QStringLiteral("member"), Kind::Struct)
                        .type(QStringLiteral("GlobalSecondaryIndexUpdate"))
                        .with({Field(QStringLiteral("Update"), Kind::Struct)
                                   .type(QStringLiteral("UpdateGlobalSecondaryIndexAction"))
                                   .with({name, indexThroughput}),
                               create,
                               Field(QStringLiteral("Delete"), Kind::Struct)
                                   .type(QStringLiteral("DeleteGlobalSecondaryIndexAction"))
                                   .with({name})})),
            Field(QStringLiteral("StreamSpecification"), Kind::Struct)
                .type(QStringLiteral("StreamSpecification"))
                .with({Field(QStringLiteral("StreamEnabled"), Kind::Boolean).notNull(),
                       Field(QStringLiteral("StreamViewType"), Kind::String)
                           .oneOf({QStringLiteral("NEW_IMAGE"), QStringLiteral("OLD_IMAGE"),
                                   QStringLiteral("NEW_AND_OLD_IMAGES"), QStringLiteral("KEYS_ONLY")})}),
            Field(QStringLiteral("SSESpecification"), Kind::Struct)
                .type(QStringLiteral("SSESpecification"))
                .with({Field(QStringLiteral("Enabled"), Kind::Boolean), stringField("SSEType"),
                       stringField("KMSMasterKeyId")}),
            Field(QStringLiteral("TableClass"), Kind::String)
                .oneOf({QStringLiteral("STANDARD"), QStringLiteral("STANDARD_INFREQUENT_ACCESS")}),
            Field(QStringLiteral("DeletionProtectionEnabled"), Kind::Boolean)};
}

Schema tableNameOnly()
{
    return {tableNameRequired()};
}

Schema listTables()
{
    return {Field(QStringLiteral("Limit"), Kind::Integer).ge(1).le(100),
            Field(QStringLiteral("ExclusiveStartTableName"), Kind::String)
                .regex(kNamePattern)
                .lenGe(3)
                .lenLe(255)};
}

Schema putItem()
{
    return {returnConsumedCapacity(), tableNameNotNull(), attrMap("Item").notNull(),
            conditionalOperator(), expected(), returnValues(), returnItemCollectionMetrics(),
            stringField("ConditionExpression"), attrMap("ExpressionAttributeValues"), namesMap(),
            returnValuesOnConditionCheckFailure()};
}

Schema getItem()
{
    return {returnConsumedCapacity(), attributesToGet(), tableNameNotNull(),
            attrMap("Key").notNull(), Field(QStringLiteral("ConsistentRead"), Kind::Boolean),
            stringField("ProjectionExpression"), namesMap()};
}

Schema deleteItem()
{
    return {returnConsumedCapacity(), tableNameNotNull(), returnItemCollectionMetrics(),
            returnValues(), attrMap("Key").notNull(), conditionalOperator(), expected(),
            stringField("ConditionExpression"), attrMap("ExpressionAttributeValues"), namesMap(),
            returnValuesOnConditionCheckFailure()};
}

Schema updateItem()
{
    // The service lists ConditionalOperator's constraint before Key's (2026 captures).
    return {returnConsumedCapacity(),
            tableNameNotNull(),
            returnItemCollectionMetrics(),
            returnValues(),
            conditionalOperator(),
            attrMap("Key").notNull(),
            expected(),
            Field(QStringLiteral("AttributeUpdates"), Kind::Map)
                .type(QStringLiteral("AttributeValueUpdate"))
                .of(Field(QStringLiteral("member"), Kind::Struct)
                        .type(QStringLiteral("AttributeValueUpdate"))
                        .with({stringField("Action").oneOf({QStringLiteral("ADD"),
                                                            QStringLiteral("PUT"),
                                                            QStringLiteral("DELETE")}),
                               Field(QStringLiteral("Value"), Kind::AttrValue)})),
            stringField("ConditionExpression"),
            stringField("UpdateExpression"),
            attrMap("ExpressionAttributeValues"),
            namesMap(),
            returnValuesOnConditionCheckFailure()};
}

Schema query()
{
    return {select(), indexName(), returnConsumedCapacity(), conditions("QueryFilter", false),
            tableNameNotNull(), conditionalOperator(), attributesToGet(),
            Field(QStringLiteral("Limit"), Kind::Integer).ge(1), conditions("KeyConditions", true),
            attrMap("ExclusiveStartKey"), Field(QStringLiteral("ConsistentRead"), Kind::Boolean),
            Field(QStringLiteral("ScanIndexForward"), Kind::Boolean),
            stringField("KeyConditionExpression"), stringField("FilterExpression"),
            stringField("ProjectionExpression"), attrMap("ExpressionAttributeValues"), namesMap()};
}

Schema scan()
{
    return {select(), indexName(),
            // The API reference bounds TotalSegments to 1..1000000.
            Field(QStringLiteral("TotalSegments"), Kind::Integer).ge(1).le(1000000),
            returnConsumedCapacity(), tableNameNotNull(), conditionalOperator(),
            conditions("ScanFilter", false),
            Field(QStringLiteral("Segment"), Kind::Integer).ge(0).le(999999),
            Field(QStringLiteral("Limit"), Kind::Integer).ge(1), attributesToGet(),
            attrMap("ExclusiveStartKey"), Field(QStringLiteral("ConsistentRead"), Kind::Boolean),
            stringField("FilterExpression"), stringField("ProjectionExpression"),
            attrMap("ExpressionAttributeValues"), namesMap()};
}

// The RequestItems map of the batch operations: table names as keys.
Field requestItems(const char *valueType)
{
    return Field(QStringLiteral("RequestItems"), Kind::Map)
        .type(QString::fromLatin1(valueType))
        .notNull()
        .lenGe(1)
        .lastRuleByPath()
        .mapKeys(
            {Rule(Rule::LenLe, 255), Rule(Rule::LenGe, 3), Rule(Rule::Regex, 0, kNamePattern)});
}

Schema batchGetItem()
{
    Field keys = Field(QStringLiteral("Keys"), Kind::List)
                     .notNull()
                     .lenGe(1)
                     .lastRuleByPath()
                     .lenLe(100)
                     .lastRuleByPath()
                     .of(Field(QStringLiteral("member"), Kind::AttrMap));
    // RequestItems' constraints are listed first (2026 captures).
    return {requestItems("KeysAndAttributes")
                .of(Field(QStringLiteral("member"), Kind::Struct)
                        .type(QStringLiteral("KeysAndAttributes"))
                        .with({keys, attributesToGet(),
                               Field(QStringLiteral("ConsistentRead"), Kind::Boolean),
                               stringField("ProjectionExpression"), namesMap()})),
            returnConsumedCapacity()};
}

Schema batchWriteItem()
{
    Field writeRequest =
        Field(QStringLiteral("member"), Kind::Struct)
            .type(QStringLiteral("WriteRequest"))
            .with({Field(QStringLiteral("DeleteRequest"), Kind::Struct)
                       .type(QStringLiteral("DeleteRequest"))
                       .with({attrMap("Key").notNull()}),
                   Field(QStringLiteral("PutRequest"), Kind::Struct)
                       .type(QStringLiteral("PutRequest"))
                       .with({attrMap("Item").notNull()})});
    return {returnConsumedCapacity(), returnItemCollectionMetrics(),
            // Its RequestItems are checked in a later phase: an unknown enum is reported alone.
            requestItems("java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>")
                .checkedAfterOthers()
                .mapValues({Rule(Rule::LenLe, 25), Rule(Rule::LenGe, 1)})
                .lastRuleByPath()
                .of(Field(QStringLiteral("member"), Kind::List).of(writeRequest))};
}

// The members every action of a TransactWriteItems shares, after its own (Key / Item ...).
QList<Field> transactActionTail(bool conditionRequired)
{
    Field condition = stringField("ConditionExpression");
    if (conditionRequired)
        condition.notNull();
    return {tableNameNotNull(), condition, namesMap(), attrMap("ExpressionAttributeValues"),
            returnValuesOnConditionCheckFailure()};
}

Field transactAction(const char *name, QList<Field> head, bool conditionRequired)
{
    return Field(QString::fromLatin1(name), Kind::Struct)
        .type(QString::fromLatin1(name))
        .with(head + transactActionTail(conditionRequired));
}

Schema transactWriteItems()
{
    Field item = Field(QStringLiteral("member"), Kind::Struct)
                     .type(QStringLiteral("TransactWriteItem"))
                     .with({transactAction("ConditionCheck", {attrMap("Key").notNull()}, true),
                            transactAction("Put", {attrMap("Item").notNull()}, false),
                            transactAction("Delete", {attrMap("Key").notNull()}, false),
                            transactAction("Update",
                                           {attrMap("Key").notNull(),
                                            stringField("UpdateExpression").notNull()},
                                           false)});
    // The service lists ClientRequestToken's constraint ahead of ReturnConsumedCapacity's.
    return {
        Field(QStringLiteral("TransactItems"), Kind::List).notNull().lenGe(1).lenLe(100).of(item),
        stringField("ClientRequestToken").lenGe(1).lenLe(36), returnConsumedCapacity(),
        returnItemCollectionMetrics()};
}

Schema transactGetItems()
{
    Field get = Field(QStringLiteral("Get"), Kind::Struct)
                    .type(QStringLiteral("Get"))
                    .notNull()
                    .with({attrMap("Key").notNull(), tableNameNotNull(),
                           stringField("ProjectionExpression"), namesMap()});
    return {Field(QStringLiteral("TransactItems"), Kind::List)
                .notNull()
                .lenGe(1)
                .lenLe(100)
                .of(Field(QStringLiteral("member"), Kind::Struct)
                        .type(QStringLiteral("TransactGetItem"))
                        .with({get})),
            returnConsumedCapacity()};
}

Schema updateTimeToLive()
{
    return {tableNameRequired(),
            Field(QStringLiteral("TimeToLiveSpecification"), Kind::Struct)
                .type(QStringLiteral("TimeToLiveSpecification"))
                .notNull()
                .with({Field(QStringLiteral("AttributeName"), Kind::String).notNull().lenGe(1).lenLe(255),
                       Field(QStringLiteral("Enabled"), Kind::Boolean).notNull()})};
}

Field tags()
{
    return Field(QStringLiteral("Tags"), Kind::List)
        .of(Field(QStringLiteral("member"), Kind::Struct)
                .type(QStringLiteral("Tag"))
                .with({Field(QStringLiteral("Key"), Kind::String).notNull().lenGe(1).lenLe(128),
                       Field(QStringLiteral("Value"), Kind::String).notNull().lenLe(256)}));
}

// The ARN's own rules come from the operation (its messages depend on what else is missing).
Field resourceArn()
{
    return stringField("ResourceArn");
}

} // namespace

const Schema *schemaFor(const QString &operation)
{
    static const QHash<QString, Schema> schemas = {
        {QStringLiteral("CreateTable"), createTable()},
        {QStringLiteral("DescribeTable"), tableNameOnly()},
        {QStringLiteral("DeleteTable"), tableNameOnly()},
        {QStringLiteral("UpdateTable"), updateTable()},
        {QStringLiteral("ListTables"), listTables()},
        {QStringLiteral("PutItem"), putItem()},
        {QStringLiteral("GetItem"), getItem()},
        {QStringLiteral("DeleteItem"), deleteItem()},
        {QStringLiteral("UpdateItem"), updateItem()},
        {QStringLiteral("Query"), query()},
        {QStringLiteral("Scan"), scan()},
        {QStringLiteral("BatchGetItem"), batchGetItem()},
        {QStringLiteral("BatchWriteItem"), batchWriteItem()},
        {QStringLiteral("TransactWriteItems"), transactWriteItems()},
        {QStringLiteral("TransactGetItems"), transactGetItems()},
        {QStringLiteral("UpdateTimeToLive"), updateTimeToLive()},
        {QStringLiteral("DescribeTimeToLive"), tableNameOnly()},
        {QStringLiteral("TagResource"), {resourceArn(), tags()}},
        {QStringLiteral("UntagResource"),
         {resourceArn(), Field(QStringLiteral("TagKeys"), Kind::List)
                             .of(Field(QStringLiteral("member"), Kind::String))}},
        {QStringLiteral("ListTagsOfResource"), {resourceArn(), stringField("NextToken")}},
        {QStringLiteral("DescribeEndpoints"), {}},
        {QStringLiteral("DescribeLimits"), {}},
    };
    auto it = schemas.constFind(operation);
    return it == schemas.constEnd() ? nullptr : &*it;
}

} // namespace Gatehouse::Tables::Validation
