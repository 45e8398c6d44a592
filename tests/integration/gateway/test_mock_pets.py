#!/usr/bin/env python3
"""MOCK serving of mock-pets.yaml (or its twin) through Python requests, over real HTTP.

    run_with_server.py --gatehouse PATH --openapi mock-pets.yaml --stage test -- python3 THIS

Expected answers are API Gateway's documented behaviour for the same definition."""

import unittest

from gatewayclient import GATEWAY, STAGE, GatewayTestCase, describe

PET_7 = {"route": "pet", "id": "7", "name": "pet-7", "type": "dog", "price": 249.99,
         "tags": ["friendly", "house-trained"], "owner": {"name": "Ada", "city": "London"}}


class Routing(GatewayTestCase):
    def test_static_beats_parameter(self):
        self.assertJson(self.call("GET", "/pets/search?q=rex"), 200, {"route": "search", "q": "rex"})

    def test_parameter_route(self):
        self.assertJson(self.call("GET", "/pets/7"), 200, PET_7)

    def test_method_beats_any(self):
        self.assertEqual(self.assertJson(self.call("GET", "/pets/7"), 200)["route"], "pet")
        for method in ("DELETE", "PUT", "PATCH", "POST"):
            with self.subTest(method=method):
                self.assertJson(self.call(method, "/pets/7", json={}), 200,
                                {"route": "pet-any", "method": method, "id": "7"})

    def test_static_then_parameter_then_greedy(self):
        self.assertJson(self.call("GET", "/shop/items"), 200, {"route": "items"})
        self.assertJson(self.call("GET", "/shop/items/5"), 200, {"route": "item", "itemId": "5"})
        self.assertJson(self.call("GET", "/shop/items/5/reviews"), 200, {
            "route": "greedy", "method": "GET", "proxy": "items/5/reviews",
            "resourcePath": "/shop/{proxy+}"})
        self.assertJson(self.call("POST", "/shop/cart/add", data=b"{}"), 200, {
            "route": "greedy", "method": "POST", "proxy": "cart/add",
            "resourcePath": "/shop/{proxy+}"})

    def test_root_resource(self):
        response = self.call("GET", "")
        if response.status_code != 200:  # "/test" and "/test/" both name the root
            response = self.call("GET", "/")
        self.assertStatus(response, 200)
        self.assertEqual(response.headers.get("Content-Type", "").split(";")[0], "text/html",
                         describe(response))
        self.assertEqual(response.text, "<html><body>pets on %s</body></html>" % STAGE,
                         describe(response))

    def test_unknown_path_is_missing_authentication_token(self):
        for path in ("/nothing", "/pets/7/toys", "/shop", "/PETS"):
            with self.subTest(path=path):
                self.assertMissingToken(self.call("GET", path))

    def test_unknown_method_is_missing_authentication_token(self):
        self.assertMissingToken(self.call("DELETE", "/pets"))
        self.assertMissingToken(self.call("GET", "/echo/word"))

    def test_unknown_stage_is_not_served(self):
        response = self.call("GET", GATEWAY + "/no-such-stage/pets/7")
        self.assertIn(response.status_code, (403, 404), describe(response))
        self.assertNotIn("pet-7", response.text, describe(response))


class InvokeUrls(GatewayTestCase):
    def api_id(self):
        body = self.assertJson(self.call("POST", "/echo/id", json={}), 200)
        self.assertRegex(body["apiId"], r"^[a-z0-9]+$", describe(self.call("POST", "/echo/id")))
        return body["apiId"]

    def test_restapis_user_request_form(self):
        api = self.api_id()
        url = f"{GATEWAY}/restapis/{api}/{STAGE}/_user_request_/pets/7"
        self.assertJson(self.call("GET", url), 200, PET_7)
        body = self.assertJson(self.call("POST", f"{GATEWAY}/restapis/{api}/{STAGE}/_user_request_"
                                                 "/echo/w?q=1", json={}), 200)
        self.assertEqual((body["word"], body["q"], body["stage"], body["apiId"]),
                         ("w", "1", STAGE, api))
        self.assertMissingToken(self.call("GET", f"{GATEWAY}/restapis/{api}/{STAGE}"
                                                 "/_user_request_/nothing"))

    def test_execute_api_host_form(self):
        api = self.api_id()
        port = GATEWAY.rsplit(":", 1)[1]
        for host in (f"{api}.execute-api.localhost", f"{api}.execute-api.localhost:{port}"):
            with self.subTest(host=host):
                response = self.call("GET", self.url("/pets/7"), headers={"Host": host})
                self.assertJson(response, 200, PET_7)
                response = self.call("GET", self.url("/nothing"), headers={"Host": host})
                self.assertMissingToken(response)


class Templates(GatewayTestCase):
    def echo(self, **kwargs):
        headers = {"x-test": "from-header", "x-quote": 'say "hi" \\ ok'}
        headers.update(kwargs.pop("headers", {}))
        response = self.call("POST", "/echo/hello?q=a%20b%26c", json={"kind": "normal"},
                             headers=headers, **kwargs)
        return response, self.assertJson(response, 200)

    def test_parameters_reach_the_template(self):
        response, body = self.echo()
        self.assertEqual(body["word"], "hello", describe(response))
        self.assertEqual(body["q"], "a b&c", describe(response))
        self.assertEqual(body["hdr"], "from-header", describe(response))
        self.assertEqual(body["pathMap"], "hello", describe(response))
        self.assertEqual(body["queryMap"], "a b&c", describe(response))

    def test_params_precedence_path_then_query_then_header(self):
        response = self.call("POST", "/echo/from-path?word=from-query&q=from-query",
                             json={}, headers={"word": "from-header", "q": "from-header",
                                               "x-test": "h"})
        body = self.assertJson(response, 200)
        self.assertEqual(body["word"], "from-path", describe(response))
        self.assertEqual(body["q"], "from-query", describe(response))
        self.assertEqual(body["hdr"], "h", describe(response))

    def test_header_names_ignore_case(self):
        response, body = self.echo(headers={"X-TEST": "upper"})
        self.assertEqual(body["hdr"], "upper", describe(response))

    def test_context_fields(self):
        response, body = self.echo()
        self.assertEqual(body["method"], "POST", describe(response))
        self.assertEqual(body["resourcePath"], "/echo/{word}", describe(response))
        self.assertEqual(body["path"], f"/{STAGE}/echo/hello", describe(response))
        self.assertEqual(body["stage"], STAGE, describe(response))
        self.assertEqual(body["sourceIp"], "127.0.0.1", describe(response))
        self.assertEqual(body["userAgent"], response.request.headers["User-Agent"],
                         describe(response))
        self.assertEqual(body["protocol"], "HTTP/1.1", describe(response))
        self.assertIs(body["epochPositive"], True, describe(response))
        self.assertEqual(body["requestId"], response.headers.get("x-amzn-RequestId"),
                         describe(response))
        self.assertEqual(body["stageVar"], "", describe(response))

    def test_util_functions(self):
        response, body = self.echo()
        self.assertEqual(body["urlEncoded"], "a+b%26c", describe(response))
        self.assertEqual(body["b64"], "aGVsbG8=", describe(response))
        self.assertEqual(body["b64back"], "hello", describe(response))
        self.assertEqual(body["escaped"], 'say "hi" \\ ok', describe(response))

    def test_foreach_in_a_response_template(self):
        self.assertJson(self.call("GET", "/pets"), 200, {"route": "list", "pets": [
            {"id": 1, "index": 0}, {"id": 2, "index": 1}, {"id": 3, "index": 2}]})

    def test_response_override(self):
        response = self.call("POST", "/echo/o?override=yes", json={})
        body = self.assertJson(response, 201)
        self.assertEqual(body["word"], "o", describe(response))
        self.assertEqual(response.headers.get("X-Override"), "applied", describe(response))


class StatusSelection(GatewayTestCase):
    def test_request_template_chooses_404(self):
        response = self.call("GET", "/pets/0")
        self.assertJson(response, 404, {"message": "Pet 0 not found"})
        self.assertIsNone(response.headers.get("X-Route"), describe(response))

    def test_selection_pattern_regex(self):
        # 418 from the request template; "404" does not match it, 4\d{2} does -> 400.
        self.assertJson(self.call("GET", "/pets/teapot"), 400,
                        {"message": "rejected by the pattern 4\\d{2}"})

    def test_request_body_chooses_status(self):
        # $input.path('$.kind') == "boom" -> 500, matched by 5\d{2}.
        self.assertJson(self.call("POST", "/echo/x", json={"kind": "boom"}), 500,
                        {"message": "boom selected by 5\\d{2}"})

    def test_unmatched_status_takes_the_default_response(self):
        # $input.json('$.count') == "404" -> 404; no pattern matches it, so the default (200).
        response = self.call("POST", "/echo/x", json={"count": 404})
        self.assertEqual(self.assertJson(response, 200)["word"], "x", describe(response))

    def test_ids_render_into_the_body(self):
        for pet_id in ("1", "42", "abc-DEF_9"):
            with self.subTest(pet_id=pet_id):
                expected = dict(PET_7, id=pet_id, name="pet-" + pet_id)
                self.assertJson(self.call("GET", "/pets/" + pet_id), 200, expected)


class Headers(GatewayTestCase):
    def test_response_parameters(self):
        response = self.call("GET", "/pets/7")
        self.assertStatus(response, 200)
        self.assertEqual(response.headers.get("X-Route"), "pet-by-id", describe(response))
        self.assertEqual(response.headers.get("X-Request-Id-Copy"),
                         response.headers.get("x-amzn-RequestId"), describe(response))

    def test_request_id_on_every_response_and_unique(self):
        calls = [("GET", "/pets/7"), ("GET", "/pets/0"), ("GET", "/nothing"), ("HEAD", "/pets/7"),
                 ("OPTIONS", "/pets"), ("POST", "/echo/x"), ("GET", "/validated")] * 5
        seen = set()
        for method, path in calls:
            response = self.call(method, path, data=b"{}" if method == "POST" else None)
            request_id = self.assertRequestId(response)
            self.assertRegex(request_id, r"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$",
                             describe(response))
            self.assertNotIn(request_id, seen, "request id reused" + describe(response))
            seen.add(request_id)

    def test_head(self):
        response = self.call("HEAD", "/pets/7")
        self.assertStatus(response, 200)
        self.assertEqual(response.content, b"", describe(response))
        self.assertRequestId(response)
        self.assertMissingToken(self.call("HEAD", "/nothing"))
        # No body after a HEAD answer: the next exchange on the same connection reads cleanly.
        self.assertJson(self.call("GET", "/pets/3"), 200,
                        dict(PET_7, id="3", name="pet-3"))

    def test_options_preflight(self):
        response = self.call("OPTIONS", "/pets", headers={
            "Origin": "http://example.com", "Access-Control-Request-Method": "GET"})
        self.assertStatus(response, 200)
        self.assertEqual(response.headers.get("Access-Control-Allow-Origin"), "*",
                         describe(response))
        self.assertEqual(response.headers.get("Access-Control-Allow-Methods"), "GET,OPTIONS",
                         describe(response))
        self.assertEqual(response.headers.get("Access-Control-Allow-Headers"),
                         "Content-Type,X-Amz-Date,Authorization,X-Api-Key", describe(response))
        self.assertEqual(response.content, b"", describe(response))


class MethodRequest(GatewayTestCase):
    def test_required_query_parameter(self):
        response = self.call("GET", "/validated")
        self.assertJson(response, 400,
                        {"message": "Missing required request parameters: [token]"})
        self.assertEqual(response.headers.get("x-amzn-ErrorType"), "BadRequestException",
                         describe(response))
        self.assertJson(self.call("GET", "/validated?token=t1"), 200, {"token": "t1"})


class KeepAlive(GatewayTestCase):
    def test_many_requests_on_one_connection(self):
        # A Session reuses its connection; each answer must still be complete and in order.
        for i in range(50):
            pet = str(i + 1)
            response = self.call("GET", "/pets/" + pet)
            self.assertEqual(self.assertJson(response, 200)["id"], pet, describe(response))


if __name__ == "__main__":
    unittest.main(verbosity=2)
