"""Shared pieces of the gateway tests run by run_with_server.py --openapi: the invoke URLs of the
served stage and assertion helpers whose failure messages show the whole exchange."""

import json
import os
import sys
import unittest

import requests

GATEWAY = os.environ.get("GATEHOUSE_GATEWAY_URL", "").rstrip("/")
STAGE = os.environ.get("GATEHOUSE_STAGE", "test")
MISSING_TOKEN_BODY = '{"message":"Missing Authentication Token"}'


def require_gateway():
    if not GATEWAY:
        sys.exit("GATEHOUSE_GATEWAY_URL is not set: run this through "
                 "tests/integration/run_with_server.py --openapi FILE")


def describe(response):
    """The exchange, for failure messages."""
    request = response.request
    headers = "\n".join(f"  {k}: {v}" for k, v in response.headers.items())
    return (f"\n{request.method} {request.url}\n-> {response.status_code}\n{headers}\n"
            f"  body: {response.text!r}")


class GatewayTestCase(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        require_gateway()
        cls.http = requests.Session()

    @classmethod
    def tearDownClass(cls):
        cls.http.close()

    def url(self, path):
        """The stage invoke URL form: http://HOST:PORT/{stage}/{path}."""
        return f"{GATEWAY}/{STAGE}{path}"

    def call(self, method, path, **kwargs):
        kwargs.setdefault("timeout", 10)
        kwargs.setdefault("allow_redirects", False)
        url = path if path.startswith("http") else self.url(path)
        return self.http.request(method, url, **kwargs)

    def assertStatus(self, response, status):
        self.assertEqual(response.status_code, status, describe(response))

    def assertJson(self, response, status, expected=None):
        """The status, an application/json content type and, when given, the exact JSON value;
        returns the parsed body."""
        self.assertStatus(response, status)
        self.assertIn("application/json", response.headers.get("Content-Type", ""),
                      describe(response))
        try:
            body = response.json()
        except ValueError:
            self.fail("the body is not JSON" + describe(response))
        if expected is not None:
            self.assertEqual(body, expected, describe(response))
        return body

    def assertRequestId(self, response):
        request_id = response.headers.get("x-amzn-RequestId")
        self.assertTrue(request_id, "no x-amzn-RequestId" + describe(response))
        return request_id

    def assertMissingToken(self, response):
        """API Gateway's answer to an unknown path or method, byte for byte."""
        self.assertStatus(response, 403)
        if response.request.method != "HEAD":
            self.assertEqual(response.text, MISSING_TOKEN_BODY, describe(response))
        self.assertIn("application/json", response.headers.get("Content-Type", ""),
                      describe(response))
        self.assertEqual(response.headers.get("x-amzn-ErrorType"),
                         "MissingAuthenticationTokenException", describe(response))
        self.assertRequestId(response)


def dump(value):
    return json.dumps(value, indent=2, sort_keys=True)
