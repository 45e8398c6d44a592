"""Secondary indexes through boto3 (client and resource API) against a headless gatehouse:
a GSI and an LSI declared at creation, queries and scans on them with pagination, the
service's refusals, and a GSI added with update_table, waited for and queried."""

import os
import sys
import time
import unittest

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config
from botocore.exceptions import ClientError

T = "py_indexes"
T2 = "py_indexes_added"


class Indexes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        url = os.environ["GATEHOUSE_TABLES_URL"]
        config = Config(retries={"max_attempts": 1, "mode": "standard"})
        cls.client = boto3.client("dynamodb", endpoint_url=url, config=config)
        cls.resource = boto3.resource("dynamodb", endpoint_url=url, config=config)
        cls.client.create_table(
            TableName=T, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t in
                                  (("pk", "S"), ("sk", "S"), ("gpk", "S"), ("gsk", "N"), ("lsk", "S"))],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "gsi1",
                "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"},
                              {"AttributeName": "gsk", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["label"]}}],
            LocalSecondaryIndexes=[{
                "IndexName": "lsi1",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                              {"AttributeName": "lsk", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"}}])
        cls.client.get_waiter("table_exists").wait(TableName=T, WaiterConfig={"Delay": 1})
        cls.table = cls.resource.Table(T)
        # An overloaded GSI: orders and customers share it; only orders have gsk (sparse).
        with cls.table.batch_writer() as batch:
            for i in range(300):
                batch.put_item(Item={"pk": "cust#%d" % (i % 3), "sk": "order#%03d" % i,
                                     "gpk": "status#%s" % ("open" if i % 2 else "done"),
                                     "gsk": i, "lsk": "d%03d" % (299 - i),
                                     "label": "L%d" % i, "payload": "p" * 100})
            for c in range(3):
                batch.put_item(Item={"pk": "cust#%d" % c, "sk": "profile", "gpk": "status#open",
                                     "name": "customer %d" % c})

    @classmethod
    def tearDownClass(cls):
        for name in (T, T2):
            try:
                cls.client.delete_table(TableName=name)
            except ClientError:
                pass

    def test_gsi_query_paginates_in_index_order(self):
        items, pages, start = [], 0, None
        while True:
            kwargs = {"IndexName": "gsi1", "Limit": 40,
                      "KeyConditionExpression": Key("gpk").eq("status#open") & Key("gsk").gte(100)}
            if start:
                kwargs["ExclusiveStartKey"] = start
            page = self.table.query(**kwargs)
            items += page["Items"]
            pages += 1
            start = page.get("LastEvaluatedKey")
            if start:
                self.assertEqual(set(start), {"pk", "sk", "gpk", "gsk"})
            if not start:
                break
        self.assertEqual(len(items), 100)
        self.assertEqual([int(i["gsk"]) for i in items], list(range(101, 300, 2)))
        self.assertEqual(set(items[0]), {"pk", "sk", "gpk", "gsk", "label"})  # INCLUDE projection
        self.assertGreaterEqual(pages, 3)

    def test_paginator_scans_gsi_segments(self):
        seen = []
        paginator = self.client.get_paginator("scan")
        for segment in range(2):
            for page in paginator.paginate(TableName=T, IndexName="gsi1", Segment=segment,
                                           TotalSegments=2, PaginationConfig={"PageSize": 25}):
                seen += [i["sk"]["S"] for i in page["Items"]]
        self.assertEqual(len(seen), 300)  # the profiles have no gsk: not in the index
        self.assertEqual(len(set(seen)), 300)

    def test_lsi_fetches_unprojected_attributes(self):
        page = self.table.query(IndexName="lsi1", Select="ALL_ATTRIBUTES", Limit=2,
                                KeyConditionExpression=Key("pk").eq("cust#0"))
        self.assertEqual([i["lsk"] for i in page["Items"]], ["d002", "d005"])
        self.assertEqual(page["Items"][0]["payload"], "p" * 100)
        projected = self.table.query(IndexName="lsi1", KeyConditionExpression=Key("pk").eq("cust#0"),
                                     FilterExpression=Attr("label").eq("L0"))
        self.assertEqual(projected["Items"], [{"pk": "cust#0", "sk": "order#000", "lsk": "d299"}])

    def test_refusals(self):
        with self.assertRaises(ClientError) as caught:
            self.table.query(IndexName="gsi1", ConsistentRead=True,
                             KeyConditionExpression=Key("gpk").eq("status#open"))
        self.assertEqual(caught.exception.response["Error"]["Message"],
                         "Consistent reads are not supported on global secondary indexes")
        with self.assertRaises(ClientError) as caught:
            self.table.put_item(Item={"pk": "x", "sk": "y", "gsk": "not a number"})
        self.assertEqual(caught.exception.response["Error"]["Message"],
                         "One or more parameter values were invalid: Type mismatch for Index Key "
                         "gsk Expected: N Actual: S IndexName: gsi1")

    def test_gsi_added_by_update_table(self):
        self.client.create_table(
            TableName=T2, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        self.client.get_waiter("table_exists").wait(TableName=T2, WaiterConfig={"Delay": 1})
        table = self.resource.Table(T2)
        for i in range(20):
            table.put_item(Item={"id": str(i), "colour": "red" if i % 4 == 0 else "blue"})
        response = self.client.update_table(
            TableName=T2, AttributeDefinitions=[{"AttributeName": "colour", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": {
                "IndexName": "byColour", "Projection": {"ProjectionType": "ALL"},
                "KeySchema": [{"AttributeName": "colour", "KeyType": "HASH"}]}}])
        index = response["TableDescription"]["GlobalSecondaryIndexes"][0]
        self.assertEqual(index["IndexStatus"], "CREATING")
        deadline = time.monotonic() + 15
        while True:
            described = self.client.describe_table(TableName=T2)["Table"]
            if described["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE":
                break
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)  # polling interval
        self.assertEqual(described["GlobalSecondaryIndexes"][0]["ItemCount"], 20)
        red = table.query(IndexName="byColour", KeyConditionExpression=Key("colour").eq("red"))
        self.assertEqual(sorted(i["id"] for i in red["Items"]), ["0", "12", "16", "4", "8"])


if __name__ == "__main__":
    result = unittest.main(verbosity=2, exit=False).result
    failed = len(result.failures) + len(result.errors)
    passed = max(0, result.testsRun - failed - len(result.skipped))
    print(f"{passed} passed, {failed} failed")
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
