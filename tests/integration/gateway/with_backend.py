#!/usr/bin/env python3
"""Starts backend.py on a free port, writes TEMPLATE with BACKEND replaced by its host:port, and
runs run_with_server.py with that document:

    with_backend.py TEMPLATE RUN_WITH_SERVER_ARGS... -- CMD [ARGS...]

The command also gets GATEHOUSE_BACKEND_URL. The exit code is run_with_server.py's."""

import os
import subprocess
import sys
import tempfile

import backend


def main():
    template, rest = sys.argv[1], sys.argv[2:]
    split = rest.index("--")
    runner_args, command = rest[:split], rest[split:]
    server = backend.start()
    address = f"127.0.0.1:{server.server_address[1]}"
    with open(template, encoding="utf-8") as f:
        document = f.read().replace("BACKEND", address)
    suffix = os.path.splitext(template)[1]
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False) as out:
        out.write(document)
    env = dict(os.environ, GATEHOUSE_BACKEND_URL=f"http://{address}")
    runner = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "run_with_server.py")
    try:
        code = subprocess.call([sys.executable, runner, *runner_args, "--openapi", out.name,
                                *command], env=env)
    finally:
        os.unlink(out.name)
        server.shutdown()
    sys.exit(code)


if __name__ == "__main__":
    main()
