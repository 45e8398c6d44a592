// Issue 4's single-table-design scenario (../SCENARIO.md, "Single-table design") through the AWS
// SDK for JavaScript v3 with lib-dynamodb (BatchWriteCommand, TransactWriteCommand, paginators):
// an overloaded GSI, a sparse GSI, a cancelled and a committed transaction, pagination through a
// large partition, legacy parameters, TTL expiry. Same steps as ../python/test_single_table.py.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  DynamoDBClient, CreateTableCommand, DescribeTableCommand, ScanCommand, QueryCommand as LowQuery,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, BatchWriteCommand, TransactWriteCommand, TransactGetCommand, GetCommand,
  PutCommand, UpdateCommand, QueryCommand, paginateQuery,
} from '@aws-sdk/lib-dynamodb';

const TABLE = 'js_app';
const ORDERS = 1500;
const PAYLOAD = 'x'.repeat(900);
const CUSTOMERS = 20;
const endpoint = process.env.GATEHOUSE_TABLES_URL;
if (!endpoint) throw new Error('GATEHOUSE_TABLES_URL is not set');
const client = new DynamoDBClient({ endpoint, maxAttempts: 1 });
const doc = DynamoDBDocumentClient.from(client);
const pad = (i, n) => String(i).padStart(n, '0');

const customer = (i) => ({ pk: `CUST#${pad(i, 3)}`, sk: 'PROFILE', gsi1pk: `EMAIL#c${i}@example.com`,
  gsi1sk: `CUST#${pad(i, 3)}`, name: `Customer ${i}`, orderCount: 0 });
const order = (i) => {
  const item = { pk: 'CUST#001', sk: `ORDER#${pad(i, 5)}`, gsi1pk: `STATUS#${i % 5 === 0 ? 'PENDING' : 'SHIPPED'}`,
    gsi1sk: `2026-11-${pad(1 + (i % 28), 2)}#${pad(i, 5)}`, total: i, payload: PAYLOAD };
  if (i % 100 === 0) item.openTicket = `TICKET#${i}`;
  return item;
};

before(async () => {
  const gsi = (name, h, r) => ({ IndexName: name, Projection: { ProjectionType: 'ALL' },
    KeySchema: [{ AttributeName: h, KeyType: 'HASH' }, ...(r ? [{ AttributeName: r, KeyType: 'RANGE' }] : [])] });
  await client.send(new CreateTableCommand({
    TableName: TABLE, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'openTicket'].map((n) => ({ AttributeName: n, AttributeType: 'S' })),
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    GlobalSecondaryIndexes: [gsi('GSI1', 'gsi1pk', 'gsi1sk'), gsi('Open', 'openTicket')],
  }));
  const deadline = Date.now() + 30000;
  while ((await client.send(new DescribeTableCommand({ TableName: TABLE }))).Table.TableStatus !== 'ACTIVE') {
    assert.ok(Date.now() < deadline, 'table not ACTIVE');
    await new Promise((r) => setTimeout(r, 100));
  }
  const items = [];
  for (let i = 1; i <= CUSTOMERS; i++) items.push(customer(i));
  for (let i = 0; i < ORDERS; i++) items.push(order(i));
  for (let i = 0; i < items.length; i += 25) {
    let pending = { [TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
    while (pending && Object.keys(pending).length) {
      const r = await doc.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = r.UnprocessedItems;
    }
  }
});

test('01 overloaded GSI', async () => {
  const byEmail = await doc.send(new QueryCommand({ TableName: TABLE, IndexName: 'GSI1',
    KeyConditionExpression: 'gsi1pk = :e', ExpressionAttributeValues: { ':e': 'EMAIL#c7@example.com' } }));
  assert.deepEqual(byEmail.Items.map((i) => i.pk), ['CUST#007']);
  const pending = [];
  for await (const page of paginateQuery({ client: doc }, { TableName: TABLE, IndexName: 'GSI1',
    KeyConditionExpression: 'gsi1pk = :s AND begins_with(gsi1sk, :d)',
    ExpressionAttributeValues: { ':s': 'STATUS#PENDING', ':d': '2026-11-01#' } })) pending.push(...page.Items);
  const expected = [];
  for (let i = 0; i < ORDERS; i += 5) if (1 + (i % 28) === 1) expected.push(`ORDER#${pad(i, 5)}`);
  assert.deepEqual(pending.map((i) => i.sk).sort(), expected.sort());
});

test('02 sparse index', async () => {
  const count = async () => (await client.send(new ScanCommand({ TableName: TABLE, IndexName: 'Open', Select: 'COUNT' }))).Count;
  assert.equal(await count(), ORDERS / 100);
  await doc.send(new UpdateCommand({ TableName: TABLE, Key: { pk: 'CUST#001', sk: 'ORDER#00300' },
    UpdateExpression: 'REMOVE openTicket' }));
  assert.equal(await count(), ORDERS / 100 - 1);
});

test('03 pagination through a large partition', async () => {
  const keys = [];
  let pages = 0;
  for await (const page of paginateQuery({ client: doc }, { TableName: TABLE, ProjectionExpression: 'sk',
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :o)', ExpressionAttributeValues: { ':p': 'CUST#001', ':o': 'ORDER#' } })) {
    pages++;
    keys.push(...page.Items.map((i) => i.sk));
  }
  assert.ok(pages > 1, `pages: ${pages}`);
  assert.deepEqual(keys, Array.from({ length: ORDERS }, (_, i) => `ORDER#${pad(i, 5)}`));
});

test('04 a transaction cancelled by a condition writes nothing', async () => {
  await assert.rejects(doc.send(new TransactWriteCommand({ TransactItems: [
    { Update: { TableName: TABLE, Key: { pk: 'CUST#002', sk: 'PROFILE' }, UpdateExpression: 'ADD orderCount :one',
      ExpressionAttributeValues: { ':one': 1 } } },
    { Put: { TableName: TABLE, Item: { pk: 'CUST#001', sk: 'ORDER#00001' }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ] })), (err) => {
    assert.equal(err.name, 'TransactionCanceledException');
    assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ['None', 'ConditionalCheckFailed']);
    return true;
  });
  const profile = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'CUST#002', sk: 'PROFILE' }, ConsistentRead: true }));
  assert.equal(profile.Item.orderCount, 0);
});

test('05 a transaction that commits', async () => {
  const r = await doc.send(new TransactWriteCommand({ ReturnConsumedCapacity: 'TOTAL', TransactItems: [
    { Update: { TableName: TABLE, Key: { pk: 'CUST#002', sk: 'PROFILE' }, UpdateExpression: 'ADD orderCount :one',
      ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':one': 1 } } },
    { Put: { TableName: TABLE, ConditionExpression: 'attribute_not_exists(pk)', Item: { pk: 'CUST#002',
      sk: 'ORDER#00001', gsi1pk: 'STATUS#PENDING', gsi1sk: '2026-12-01#00001', total: 42 } } },
  ] }));
  assert.equal(r.ConsumedCapacity[0].TableName, TABLE);
  assert.ok(r.ConsumedCapacity[0].CapacityUnits >= 4);
  const got = await doc.send(new TransactGetCommand({ TransactItems: [
    { Get: { TableName: TABLE, Key: { pk: 'CUST#002', sk: 'PROFILE' } } },
    { Get: { TableName: TABLE, Key: { pk: 'CUST#002', sk: 'ORDER#00001' } } }] }));
  assert.equal(got.Responses[0].Item.orderCount, 1);
  assert.equal(got.Responses[1].Item.total, 42);
});

test('06 legacy parameters', async () => {
  const r = await client.send(new LowQuery({ TableName: TABLE, AttributesToGet: ['sk', 'total'],
    KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'CUST#001' }] },
      sk: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ S: 'ORDER#00010' }, { S: 'ORDER#00019' }] } },
    QueryFilter: { total: { ComparisonOperator: 'GE', AttributeValueList: [{ N: '15' }] } } }));
  assert.deepEqual(r.Items.map((i) => i.sk.S), [15, 16, 17, 18, 19].map((i) => `ORDER#${pad(i, 5)}`));
  assert.equal(r.ScannedCount, 10);
});

test('07 TTL expiry', async () => {
  await client.send(new UpdateTimeToLiveCommand({ TableName: TABLE,
    TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
  const now = Math.floor(Date.now() / 1000);
  await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'SESSION#old', sk: 'S', expires: now - 60 } }));
  await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'SESSION#new', sk: 'S', expires: now + 3600 } }));
  const get = (pk) => doc.send(new GetCommand({ TableName: TABLE, Key: { pk, sk: 'S' }, ConsistentRead: true }));
  const deadline = Date.now() + 40000;
  while ((await get('SESSION#old')).Item) {
    assert.ok(Date.now() < deadline, 'the expired item was not swept within 40 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok((await get('SESSION#new')).Item);
});
