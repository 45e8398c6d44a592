"""A small HTTP/1.1 backend for the gateway's HTTP_PROXY tests, run on a free loopback port.

Every request is recorded with the client port it came on (one port per TCP connection) and can
be read back, outside the gateway, at GET /__requests (DELETE clears). Answers by path:
  /status/N   status N, {"code": N}
  /binary     the 256 byte values, application/octet-stream
  /slow       after 2 s
  otherwise   200, a JSON echo of the request, with an x-backend header
"""

import http.server
import json
import threading
import time


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse is observable

    def log_message(self, *args):
        pass

    def _answer(self, status, body, content_type="application/json", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        server = self.server
        if self.path == "/__requests":
            with server.lock:
                if self.command == "DELETE":
                    server.recorded.clear()
                data = json.dumps(server.recorded).encode()
            return self._answer(200, data)
        entry = {"method": self.command, "target": self.path, "port": self.client_address[1],
                 "headers": {k.lower(): v for k, v in self.headers.items()},
                 "body": body.hex()}
        with server.lock:
            server.recorded.append(entry)
        path = self.path.split("?", 1)[0]
        if path.startswith("/status/"):
            code = int(path[len("/status/"):])
            return self._answer(code, json.dumps({"code": code}).encode())
        if path == "/binary":
            return self._answer(200, bytes(range(256)), "application/octet-stream")
        if path == "/slow":
            time.sleep(2)
            return self._answer(200, b"{}")
        echo = {"method": self.command, "target": self.path,
                "headers": entry["headers"], "body": body.decode("utf-8", "replace")}
        return self._answer(200, json.dumps(echo).encode(), extra=[("x-backend", "yes")])

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _handle


def start():
    """Starts the backend on a thread; returns the server (server_address[1] is the port)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.recorded = []
    server.lock = threading.Lock()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
