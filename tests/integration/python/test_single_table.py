#!/usr/bin/env python3
"""Issue 4's single-table-design scenario (../SCENARIO.md, "Single-table design") through boto3:
one table holding customers and their orders, an overloaded GSI, a sparse GSI, transactions (one
cancelled by a condition, one that commits), pagination through a large partition, legacy
parameters, consumed capacity and TTL expiry.

Endpoint from GATEHOUSE_TABLES_URL. TTL: the running server's sweeper deletes expired items
every 10 s, so the expiry step waits for the item to disappear with a 40 s deadline.
"""

import os
import time
import unittest

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config
from botocore.exceptions import ClientError

TABLE = "py_app"
ORDERS = 1500            # orders of customer 1: a partition larger than one 1 MB page
PAYLOAD = "x" * 900      # ~1 KB an order
CUSTOMERS = 20


def customer(i):
    return {"pk": f"CUST#{i:03d}", "sk": "PROFILE", "gsi1pk": f"EMAIL#c{i}@example.com",
            "gsi1sk": f"CUST#{i:03d}", "name": f"Customer {i}", "orderCount": 0}


def order(i):
    status = "PENDING" if i % 5 == 0 else "SHIPPED"
    item = {"pk": "CUST#001", "sk": f"ORDER#{i:05d}", "gsi1pk": f"STATUS#{status}",
            "gsi1sk": f"2026-11-{1 + i % 28:02d}#{i:05d}", "total": i, "payload": PAYLOAD}
    if i % 100 == 0:
        item["openTicket"] = f"TICKET#{i}"   # the sparse index holds only these
    return item


class SingleTable(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        url = os.environ["GATEHOUSE_TABLES_URL"]
        config = Config(retries={"max_attempts": 1, "mode": "standard"})
        cls.client = boto3.client("dynamodb", endpoint_url=url, config=config)
        cls.table = boto3.resource("dynamodb", endpoint_url=url, config=config).Table(TABLE)
        gsi = lambda name, h, r: {"IndexName": name, "Projection": {"ProjectionType": "ALL"},
                                  "KeySchema": [{"AttributeName": h, "KeyType": "HASH"}]
                                  + ([{"AttributeName": r, "KeyType": "RANGE"}] if r else [])}
        cls.client.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"}
                                  for n in ("pk", "sk", "gsi1pk", "gsi1sk", "openTicket")],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[gsi("GSI1", "gsi1pk", "gsi1sk"), gsi("Open", "openTicket", None)])
        cls.client.get_waiter("table_exists").wait(TableName=TABLE, WaiterConfig={"Delay": 1})
        with cls.table.batch_writer() as batch:
            for i in range(1, CUSTOMERS + 1):
                batch.put_item(Item=customer(i))
            for i in range(ORDERS):
                batch.put_item(Item=order(i))

    def test_01_overloaded_gsi(self):
        # One index, two access patterns: a customer by e-mail, orders by status.
        by_email = self.table.query(IndexName="GSI1", KeyConditionExpression=Key("gsi1pk").eq("EMAIL#c7@example.com"))
        self.assertEqual([i["pk"] for i in by_email["Items"]], ["CUST#007"])
        pending, start = [], None
        while True:
            kwargs = {"ExclusiveStartKey": start} if start else {}
            page = self.table.query(IndexName="GSI1", KeyConditionExpression=Key("gsi1pk").eq("STATUS#PENDING")
                                    & Key("gsi1sk").begins_with("2026-11-01#"), **kwargs)
            pending += page["Items"]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        expected = sorted(f"ORDER#{i:05d}" for i in range(0, ORDERS, 5) if 1 + i % 28 == 1)
        self.assertEqual(sorted(i["sk"] for i in pending), expected)
        with self.assertRaises(ClientError) as e:
            self.table.query(IndexName="GSI1", ConsistentRead=True,
                             KeyConditionExpression=Key("gsi1pk").eq("STATUS#PENDING"))
        self.assertEqual(e.exception.response["Error"]["Message"],
                         "Consistent reads are not supported on global secondary indexes")

    def test_02_sparse_index(self):
        scanned = self.client.scan(TableName=TABLE, IndexName="Open", Select="COUNT")
        self.assertEqual(scanned["Count"], ORDERS // 100)
        one = self.table.query(IndexName="Open", KeyConditionExpression=Key("openTicket").eq("TICKET#300"))
        self.assertEqual([i["sk"] for i in one["Items"]], ["ORDER#00300"])
        # Removing the attribute takes the item out of the index.
        self.table.update_item(Key={"pk": "CUST#001", "sk": "ORDER#00300"}, UpdateExpression="REMOVE openTicket")
        self.assertEqual(self.client.scan(TableName=TABLE, IndexName="Open", Select="COUNT")["Count"],
                         ORDERS // 100 - 1)

    def test_03_pagination_through_a_large_partition(self):
        paginator = self.client.get_paginator("query")
        pages = list(paginator.paginate(TableName=TABLE, KeyConditionExpression="pk = :p AND begins_with(sk, :o)",
                                        ExpressionAttributeValues={":p": {"S": "CUST#001"}, ":o": {"S": "ORDER#"}},
                                        ProjectionExpression="sk", ReturnConsumedCapacity="TOTAL"))
        self.assertGreater(len(pages), 1)
        keys = [i["sk"]["S"] for p in pages for i in p["Items"]]
        self.assertEqual(keys, [f"ORDER#{i:05d}" for i in range(ORDERS)])
        for p in pages[:-1]:
            self.assertIn("LastEvaluatedKey", p)
            # Capacity counts the bytes read (about 1 MB a page), not the projected bytes returned.
            self.assertGreater(p["ConsumedCapacity"]["CapacityUnits"], 100)
        self.assertNotIn("LastEvaluatedKey", pages[-1])

    def test_04_transaction_cancelled_by_a_condition(self):
        with self.assertRaises(ClientError) as e:
            self.client.transact_write_items(TransactItems=[
                {"Update": {"TableName": TABLE, "Key": {"pk": {"S": "CUST#002"}, "sk": {"S": "PROFILE"}},
                            "UpdateExpression": "ADD orderCount :one",
                            "ExpressionAttributeValues": {":one": {"N": "1"}}}},
                {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "CUST#001"}, "sk": {"S": "ORDER#00001"}},
                         "ConditionExpression": "attribute_not_exists(pk)",
                         "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}])
        error = e.exception.response
        self.assertEqual(error["Error"]["Code"], "TransactionCanceledException")
        reasons = error["CancellationReasons"]
        self.assertEqual([r["Code"] for r in reasons], ["None", "ConditionalCheckFailed"])
        self.assertEqual(reasons[1]["Item"]["sk"], {"S": "ORDER#00001"})
        # Nothing of the transaction was written.
        profile = self.table.get_item(Key={"pk": "CUST#002", "sk": "PROFILE"}, ConsistentRead=True)["Item"]
        self.assertEqual(profile["orderCount"], 0)

    def test_05_transaction_that_commits(self):
        answer = self.client.transact_write_items(ReturnConsumedCapacity="TOTAL", TransactItems=[
            {"Update": {"TableName": TABLE, "Key": {"pk": {"S": "CUST#002"}, "sk": {"S": "PROFILE"}},
                        "UpdateExpression": "ADD orderCount :one", "ConditionExpression": "attribute_exists(pk)",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"Put": {"TableName": TABLE, "ConditionExpression": "attribute_not_exists(pk)",
                     "Item": {"pk": {"S": "CUST#002"}, "sk": {"S": "ORDER#00001"}, "gsi1pk": {"S": "STATUS#PENDING"},
                              "gsi1sk": {"S": "2026-12-01#00001"}, "total": {"N": "42"}}}}])
        self.assertEqual(answer["ConsumedCapacity"][0]["TableName"], TABLE)
        self.assertGreaterEqual(answer["ConsumedCapacity"][0]["CapacityUnits"], 4)
        profile = self.table.get_item(Key={"pk": "CUST#002", "sk": "PROFILE"}, ConsistentRead=True)["Item"]
        self.assertEqual(profile["orderCount"], 1)
        got = self.client.transact_get_items(TransactItems=[
            {"Get": {"TableName": TABLE, "Key": {"pk": {"S": "CUST#002"}, "sk": {"S": "ORDER#00001"}}}}])
        self.assertEqual(got["Responses"][0]["Item"]["total"], {"N": "42"})
        december = self.table.query(IndexName="GSI1", KeyConditionExpression=Key("gsi1pk").eq("STATUS#PENDING")
                                    & Key("gsi1sk").begins_with("2026-12"))
        self.assertEqual([i["pk"] for i in december["Items"]], ["CUST#002"])

    def test_06_legacy_parameters(self):
        # What older mappers send: KeyConditions, QueryFilter, AttributesToGet, Expected.
        answer = self.client.query(TableName=TABLE, KeyConditions={
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "CUST#001"}]},
            "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"S": "ORDER#00010"}, {"S": "ORDER#00019"}]}},
            QueryFilter={"total": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "15"}]}},
            AttributesToGet=["sk", "total"])
        self.assertEqual([i["sk"]["S"] for i in answer["Items"]], [f"ORDER#{i:05d}" for i in range(15, 20)])
        self.assertEqual(answer["ScannedCount"], 10)
        with self.assertRaises(ClientError) as e:
            self.client.put_item(TableName=TABLE, Item={"pk": {"S": "CUST#003"}, "sk": {"S": "PROFILE"}},
                                 Expected={"pk": {"Exists": False}})
        self.assertEqual(e.exception.response["Error"]["Code"], "ConditionalCheckFailedException")
        with self.assertRaises(ClientError) as e:
            self.client.get_item(TableName=TABLE, Key={"pk": {"S": "CUST#003"}, "sk": {"S": "PROFILE"}},
                                 AttributesToGet=["name"], ProjectionExpression="name")
        self.assertEqual(e.exception.response["Error"]["Message"],
                         "Can not use both expression and non-expression parameters in the same request: "
                         "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")

    def test_07_ttl_expiry(self):
        self.client.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={"Enabled": True,
                                                                                   "AttributeName": "expires"})
        described = self.client.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"]
        self.assertEqual(described["AttributeName"], "expires")
        now = int(time.time())
        self.table.put_item(Item={"pk": "SESSION#old", "sk": "S", "expires": now - 60})
        self.table.put_item(Item={"pk": "SESSION#new", "sk": "S", "expires": now + 3600})
        deadline = time.monotonic() + 40
        while "Item" in self.table.get_item(Key={"pk": "SESSION#old", "sk": "S"}, ConsistentRead=True):
            self.assertLess(time.monotonic(), deadline, "the expired item was not swept within 40 s")
            time.sleep(0.5)
        self.assertIn("Item", self.table.get_item(Key={"pk": "SESSION#new", "sk": "S"}, ConsistentRead=True))


if __name__ == "__main__":
    unittest.main(verbosity=2)
