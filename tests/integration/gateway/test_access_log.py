#!/usr/bin/env python3
"""Access-log lines of the served stage, checked field by field against the configured format
for requests whose every value the test knows (the request id, API Gateway's extended id, the
status and length come from the response; the time lies between sending and answering).

    run_with_server.py --gatehouse PATH --openapi resources/demo/apis/bookstore.yaml --stage dev
        --access-log-format clf|json -- python3 THIS

The log is written off the listener threads about once a second: each check waits for its line
with a deadline."""

import datetime
import json
import os
import re
import time
import unittest

from gatewayclient import GatewayTestCase, describe

LOG = os.environ.get("GATEHOUSE_ACCESS_LOG", "")
FORMAT = os.environ.get("GATEHOUSE_ACCESS_LOG_FORMAT", "")
UA = 'access-log-test/1.0 "quoted"'
TIME = re.compile(r"(\d\d)/(\w{3})/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000")


def log_line(request_id, deadline_s=10.0):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if os.path.exists(LOG):
            with open(LOG, encoding="utf-8") as f:
                for line in f:
                    if request_id in line:
                        return line.rstrip("\n")
        time.sleep(0.05)
    raise AssertionError(f"no access log line for {request_id} in {LOG} within {deadline_s} s")


def parse_time(text):
    return datetime.datetime.strptime(text, "%d/%b/%Y:%H:%M:%S %z")


class AccessLog(GatewayTestCase):
    def exchange(self, method, path, **kwargs):
        before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        response = self.call(method, path, headers={"User-Agent": UA}, **kwargs)
        after = datetime.datetime.now(datetime.timezone.utc)
        return response, before, after

    def expected(self, response, method, resource):
        return {"requestId": response.headers["x-amzn-RequestId"],
                "extendedRequestId": response.headers["x-amz-apigw-id"],
                "ip": "127.0.0.1", "caller": "-", "user": "-", "httpMethod": method,
                "resourcePath": resource, "status": str(response.status_code),
                "protocol": "HTTP/1.1", "responseLength": str(len(response.content))}

    def check(self, response, before, after, method, resource):
        want = self.expected(response, method, resource)
        line = log_line(want["requestId"])
        if FORMAT == "json":
            got = json.loads(line)
            when = parse_time(got.pop("requestTime"))
            self.assertEqual(got, want, line + describe(response))
            self.assertEqual(list(json.loads(line).keys()), [
                "requestId", "extendedRequestId", "ip", "caller", "user", "requestTime",
                "httpMethod", "resourcePath", "status", "protocol", "responseLength"])
        else:
            match = TIME.search(line)
            self.assertTrue(match, line)
            when = parse_time(match.group(0))
            self.assertEqual(
                line,
                '{ip} {caller} {user} [{time}]"{httpMethod} {resourcePath} {protocol}" {status} '
                '{responseLength} {requestId} {extendedRequestId}'.format(time=match.group(0), **want),
                describe(response))
        self.assertTrue(before <= when <= after, f"{when} not within {before}..{after}")

    def test_get_through_the_dynamodb_integration(self):
        response, before, after = self.exchange("GET", "/books/9780132350884")
        self.assertStatus(response, 200)
        self.check(response, before, after, "GET", "/books/{isbn}")

    def test_mock_route(self):
        response, before, after = self.exchange("GET", "/health")
        self.assertStatus(response, 200)
        self.check(response, before, after, "GET", "/health")

    def test_unknown_route_answered_by_the_gateway(self):
        response, before, after = self.exchange("DELETE", "/no/such/route")
        self.assertStatus(response, 404)  # the demo customises MISSING_AUTHENTICATION_TOKEN
        want = self.expected(response, "DELETE", "-")
        line = log_line(want["requestId"])
        if FORMAT == "json":
            got = json.loads(line)
            got.pop("requestTime")
            self.assertEqual(got, want, line)
        else:
            self.assertIn('"DELETE - HTTP/1.1" 404 %d ' % len(response.content), line)

    def test_tables_port_is_not_in_the_gateway_log(self):
        import boto3
        client = boto3.client("dynamodb", endpoint_url=os.environ["GATEHOUSE_TABLES_URL"])
        table_id = client.describe_table(TableName="Books")["ResponseMetadata"]["RequestId"]
        response, _, _ = self.exchange("GET", "/health")  # a later line the log must reach
        log_line(response.headers["x-amzn-RequestId"])
        with open(LOG, encoding="utf-8") as f:
            self.assertNotIn(table_id, f.read())


if __name__ == "__main__":
    if not LOG:
        raise SystemExit("run through run_with_server.py --access-log-format FORMAT")
    unittest.main(verbosity=2)
