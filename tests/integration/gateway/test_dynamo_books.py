#!/usr/bin/env python3
"""The demo's DynamoDB-backed /books routes (AWS integration, VTL on both sides) through Python
requests over real HTTP, checked through boto3 against the tables port of the same process.

    run_with_server.py --gatehouse PATH --openapi resources/demo/apis/bookstore.yaml --stage dev
        -- python3 THIS

The server starts on the demo project, so its Books table is seeded with 8 books."""

import os
import unittest
import uuid

import boto3

from gatewayclient import GatewayTestCase, describe

TABLES = os.environ.get("GATEHOUSE_TABLES_URL", "")
CLEAN_CODE = {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin",
              "year": 2008, "price": 37.99}


def new_isbn():
    return "978" + str(uuid.uuid4().int)[:10]


class DynamoBooks(GatewayTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = boto3.resource("dynamodb", endpoint_url=TABLES).Table("Books")
        cls.client = boto3.client("dynamodb", endpoint_url=TABLES)

    def test_get_item_through_the_response_template(self):
        response = self.call("GET", "/books/9780132350884")
        self.assertJson(response, 200, CLEAN_CODE)
        self.assertRequestId(response)

    def test_missing_item_is_404_by_response_override(self):
        self.assertJson(self.call("GET", "/books/0000000000000"), 404, {"message": "Book not found"})

    def test_post_puts_an_item_that_boto3_reads(self):
        isbn = new_isbn()
        response = self.call("POST", "/books", json={
            "isbn": isbn, "title": "Gateway \"Quoted\" Title", "author": "Ada", "price": 12.5})
        body = self.assertJson(response, 201)
        self.assertEqual(body, {"message": "Book created",
                                "requestId": response.headers["x-amzn-RequestId"]},
                         describe(response))
        item = self.client.get_item(TableName="Books", Key={"isbn": {"S": isbn}})["Item"]
        self.assertEqual(item, {"isbn": {"S": isbn}, "title": {"S": 'Gateway "Quoted" Title'},
                                "author": {"S": "Ada"}, "price": {"N": "12.5"}})

    def test_item_put_with_boto3_is_listed_and_read_through_the_gateway(self):
        isbn = new_isbn()
        self.client.put_item(TableName="Books", Item={
            "isbn": {"S": isbn}, "title": {"S": "Put by boto3"}, "author": {"S": "Bo"},
            "price": {"N": "9.90"}, "year": {"N": "2026"}})
        listing = self.assertJson(self.call("GET", "/books"), 200)
        self.assertIn({"isbn": isbn, "title": "Put by boto3", "author": "Bo", "price": 9.9},
                      listing["books"])
        self.assertEqual(listing["count"], len(listing["books"]))
        self.assertEqual(listing["count"], self.client.scan(TableName="Books", Select="COUNT")["Count"])
        self.assertJson(self.call("GET", "/books/" + isbn), 200, {
            "isbn": isbn, "title": "Put by boto3", "author": "Bo", "year": 2026, "price": 9.9})

    def test_conditional_check_failure_maps_through_the_400_pattern(self):
        isbn = new_isbn()
        book = {"isbn": isbn, "title": "Once", "author": "Ada", "price": 1}
        self.assertStatus(self.call("POST", "/books", json=book), 201)
        again = self.call("POST", "/books", json=dict(book, title="Twice"))
        self.assertJson(again, 409, {"message": "A book with this ISBN already exists"})
        # The first write stands.
        item = self.table.get_item(Key={"isbn": isbn})["Item"]
        self.assertEqual(item["title"], "Once")

    def test_validation_error_maps_through_the_400_pattern(self):
        # An item over DynamoDB's 400 KB limit passes the API's model but not the table.
        isbn = new_isbn()
        response = self.call("POST", "/books", json={
            "isbn": isbn, "title": "x" * 420000, "author": "Ada", "price": 1})
        self.assertJson(response, 400, {"message": "Item size has exceeded the maximum allowed size"})
        self.assertNotIn("Item", self.client.get_item(TableName="Books", Key={"isbn": {"S": isbn}}))


if __name__ == "__main__":
    unittest.main(verbosity=2)
