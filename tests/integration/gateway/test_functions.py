#!/usr/bin/env python3
"""AWS_PROXY routes served by the JavaScript functions beside functions.yaml, through Python
requests over real HTTP (boto3 creates the table the notes function uses):

    run_with_server.py --gatehouse PATH --openapi functions.yaml --stage test -- python3 THIS

The Lambda event is checked field by field as the echo function returns it; the answers to
thrown errors, timeouts and malformed results are API Gateway's."""

import os
import re
import unittest
from urllib.parse import urlparse

import boto3

from gatewayclient import GATEWAY, STAGE, GatewayTestCase, describe

API_ID = "fnc0ffee01"
INTERNAL_ERROR = '{"message": "Internal server error"}'


class LambdaEvent(GatewayTestCase):
    def echo(self, method, path, **kwargs):
        response = self.call(method, path, **kwargs)
        self.assertStatus(response, 200)
        return response, response.json()

    def test_event_field_by_field(self):
        response, answer = self.echo(
            "POST", "/echo/42?color=red&size=m&color=blue",
            headers={"X-Custom": "yes", "User-Agent": "functions-test/1.0",
                     "Content-Type": "application/json"},
            data=b'{"hello": "world"}')
        event = answer["event"]
        host = urlparse(GATEWAY).netloc
        self.assertEqual(set(event), {
            "resource", "path", "httpMethod", "headers", "multiValueHeaders",
            "queryStringParameters", "multiValueQueryStringParameters", "pathParameters",
            "stageVariables", "requestContext", "body", "isBase64Encoded"})
        self.assertEqual(event["resource"], "/echo/{id}")
        self.assertEqual(event["path"], "/echo/42")
        self.assertEqual(event["httpMethod"], "POST")
        self.assertEqual(event["headers"]["X-Custom"], "yes")
        self.assertEqual(event["headers"]["User-Agent"], "functions-test/1.0")
        self.assertEqual(event["headers"]["Host"], host)
        self.assertEqual(event["multiValueHeaders"]["X-Custom"], ["yes"])
        self.assertEqual(event["queryStringParameters"], {"color": "blue", "size": "m"})
        self.assertEqual(event["multiValueQueryStringParameters"],
                         {"color": ["red", "blue"], "size": ["m"]})
        self.assertEqual(event["pathParameters"], {"id": "42"})
        self.assertIsNone(event["stageVariables"])
        self.assertEqual(event["body"], '{"hello": "world"}')
        self.assertIs(event["isBase64Encoded"], False)

        rc = event["requestContext"]
        self.assertEqual(set(rc), {
            "resourceId", "resourcePath", "httpMethod", "extendedRequestId", "requestTime",
            "path", "accountId", "protocol", "stage", "domainPrefix", "requestTimeEpoch",
            "requestId", "identity", "domainName", "apiId"})
        self.assertEqual(rc["resourcePath"], "/echo/{id}")
        self.assertEqual(rc["httpMethod"], "POST")
        self.assertEqual(rc["path"], f"/{STAGE}/echo/42")
        self.assertEqual(rc["accountId"], "123456789012")
        self.assertEqual(rc["protocol"], "HTTP/1.1")
        self.assertEqual(rc["stage"], STAGE)
        self.assertEqual(rc["apiId"], API_ID)
        self.assertRegex(rc["resourceId"], r"^[a-z0-9]{10}$")
        self.assertRegex(rc["requestTime"], r"^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$")
        self.assertIsInstance(rc["requestTimeEpoch"], int)
        self.assertEqual(rc["requestId"], response.headers["x-amzn-RequestId"])
        self.assertTrue(rc["extendedRequestId"])
        self.assertTrue(rc["domainName"])
        identity = rc["identity"]
        self.assertEqual(identity["sourceIp"], "127.0.0.1")
        self.assertEqual(identity["userAgent"], "functions-test/1.0")
        for name in ("cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller",
                     "principalOrgId", "accessKey", "cognitoAuthenticationType",
                     "cognitoAuthenticationProvider", "userArn", "user"):
            self.assertIsNone(identity[name], name)

    def test_nulls_when_the_request_has_none(self):
        _, answer = self.echo("GET", "/echo/7")
        event = answer["event"]
        for name in ("queryStringParameters", "multiValueQueryStringParameters", "body"):
            self.assertIsNone(event[name], name)
        self.assertEqual(event["httpMethod"], "GET")

    def test_greedy_path_and_alias(self):
        _, answer = self.echo("GET", "/proxy/a/b/c")
        self.assertEqual(answer["event"]["pathParameters"], {"proxy": "a/b/c"})
        self.assertEqual(answer["event"]["resource"], "/proxy/{proxy+}")
        self.assertEqual(answer["context"]["invokedFunctionArn"],
                         "arn:aws:lambda:us-east-1:123456789012:function:echo:live")

    def test_binary_body_is_base64(self):
        png = b"\x89PNG\r\n\x1a\n\x00\xff"
        _, answer = self.echo("PUT", "/echo/img", data=png, headers={"Content-Type": "image/png"})
        import base64
        self.assertEqual(answer["event"]["body"], base64.b64encode(png).decode())
        self.assertIs(answer["event"]["isBase64Encoded"], True)

    def test_context(self):
        response, answer = self.echo("GET", "/echo/1")
        context = answer["context"]
        self.assertEqual(context["functionName"], "echo")
        self.assertEqual(context["functionVersion"], "$LATEST")
        self.assertEqual(context["invokedFunctionArn"],
                         "arn:aws:lambda:us-east-1:123456789012:function:echo")
        self.assertEqual(context["memoryLimitInMB"], "128")
        self.assertRegex(context["awsRequestId"],
                         r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        self.assertEqual(context["logGroupName"], "/aws/lambda/echo")
        self.assertRegex(context["logStreamName"], r"^\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}$")
        self.assertTrue(0 < context["remaining"] <= 3000, context["remaining"])
        self.assertIs(context["callbackWaitsForEmptyEventLoop"], True)

    def test_result_headers(self):
        response, _ = self.echo("GET", "/echo/1")
        self.assertEqual(response.headers["X-Function"], "echo")
        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertEqual(response.headers["X-Multi"], "one, two")  # requests joins repeated headers


class Failures(GatewayTestCase):
    def assertInternalError(self, response, status):
        self.assertStatus(response, status)
        self.assertEqual(response.text, INTERNAL_ERROR, describe(response))
        self.assertEqual(response.headers.get("x-amzn-ErrorType"), "InternalServerErrorException",
                         describe(response))

    def test_thrown_error_is_502(self):
        self.assertInternalError(self.call("GET", "/throws"), 502)

    def test_malformed_result_is_502(self):
        self.assertInternalError(self.call("GET", "/malformed"), 502)

    def test_function_timeout_is_502_and_the_gateway_serves_on(self):
        self.assertInternalError(self.call("GET", "/loop"), 502)
        self.echoStillWorks()

    def test_integration_timeout_is_504(self):
        response = self.call("GET", "/loop-short")
        self.assertStatus(response, 504)
        self.assertEqual(response.text, '{"message": "Endpoint request timed out"}',
                         describe(response))
        self.echoStillWorks()

    def echoStillWorks(self):
        for _ in range(4):  # every worker, whichever ran the loop
            self.assertStatus(self.call("GET", "/echo/after"), 200)

    def test_binary_result(self):
        response = self.call("GET", "/image", headers={"Accept": "image/png"})
        self.assertStatus(response, 200)
        self.assertEqual(response.content, b"\x89PNG\r\n\x1a\n")
        text = self.call("GET", "/image", headers={"Accept": "application/json"})
        self.assertEqual(text.text, "iVBORw0KGgo=")


class TablesClient(GatewayTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dynamodb = boto3.client(
            "dynamodb", endpoint_url=os.environ["GATEHOUSE_TABLES_URL"], region_name="us-east-1",
            aws_access_key_id="local", aws_secret_access_key="local")
        dynamodb.create_table(
            TableName="Notes", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        cls.dynamodb = dynamodb

    def test_put_get_conflict_delete(self):
        self.assertJson(self.call("PUT", "/notes/n1", json={"text": "hi"}), 201, {"id": "n1"})
        self.assertJson(self.call("GET", "/notes/n1"), 200, {"id": "n1", "text": "hi", "views": 1})
        self.assertJson(self.call("GET", "/notes/n1"), 200, {"id": "n1", "text": "hi", "views": 2})
        # What the function wrote is what DynamoDB clients see.
        item = self.dynamodb.get_item(TableName="Notes", Key={"id": {"S": "n1"}})["Item"]
        self.assertEqual(item, {"id": {"S": "n1"}, "text": {"S": "hi"}, "views": {"N": "2"}})
        self.assertJson(self.call("PUT", "/notes/n1", json={"text": "again"}), 409, {
            "code": "ConditionalCheckFailedException",
            "message": "The conditional request failed"})
        self.assertStatus(self.call("DELETE", "/notes/n1"), 204)
        self.assertJson(self.call("GET", "/notes/n1"), 404)


if __name__ == "__main__":
    unittest.main(verbosity=2)
