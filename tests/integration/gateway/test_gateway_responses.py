#!/usr/bin/env python3
"""Gateway responses customised in a JSON document (gateway-responses.json), through Python
requests over real HTTP.

    run_with_server.py --gatehouse PATH --openapi gateway-responses.json --stage test -- python3 THIS
"""

import unittest

from gatewayclient import STAGE, GatewayTestCase, describe


class GatewayResponses(GatewayTestCase):
    def test_the_json_document_is_served(self):
        response = self.call("GET", "/hello?name=Ada")
        self.assertJson(response, 200, {"hello": "Ada", "stage": STAGE})
        self.assertEqual(response.headers.get("X-Greeting"), "hello", describe(response))

    def test_missing_authentication_token_customised(self):
        for method, path in (("GET", "/nothing"), ("DELETE", "/hello?name=x")):
            with self.subTest(method=method, path=path):
                response = self.call(method, path)
                self.assertJson(response, 404, {
                    "message": "Missing Authentication Token",
                    "type": "MISSING_AUTHENTICATION_TOKEN",
                    "stage": STAGE})
                self.assertEqual(response.headers.get("X-Gateway-Response"), "missing-token",
                                 describe(response))
                self.assertEqual(response.headers.get("Access-Control-Allow-Origin"), "*",
                                 describe(response))
                self.assertTrue(response.headers.get("x-amzn-RequestId"), describe(response))

    def test_default_4xx_covers_a_type_not_customised(self):
        # BAD_REQUEST_PARAMETERS is not in the document: DEFAULT_4XX's customisation applies,
        # with the type's own status code.
        response = self.call("GET", "/hello")
        self.assertJson(response, 400, {
            "error": "Missing required request parameters: [name]", "kind": "default-4xx"})
        self.assertEqual(response.headers.get("X-Default-4xx"), "yes", describe(response))


if __name__ == "__main__":
    unittest.main(verbosity=2)
