#!/usr/bin/env python3
"""Starts a DynamoDB-speaking server on a free loopback port, runs one client command against it
and stops the server again.

    run_with_server.py --gatehouse PATH [--openapi FILE]... [--stage NAME] -- CMD [ARGS...]
    run_with_server.py --dynalite [DIR] -- CMD [ARGS...]

The command runs with GATEHOUSE_TABLES_URL set to the server's tables URL, GATEHOUSE_TARGET set to
"gatehouse" or "dynalite" (the scenarios use it to name the few places where dynalite differs from
the AWS documentation) and dummy AWS credentials, region and retry settings, so no user
configuration leaks in. With --openapi, gatehouse serves those documents under --stage (default
"test"), the runner also waits for the gateway listener to answer, and the command gets
GATEHOUSE_GATEWAY_URL and GATEHOUSE_STAGE. The exit code is the client's; a Gatehouse that does not stop cleanly on
SIGTERM (exit code 0) turns a passing client run into a failure.

--dynalite is for validating the scenarios against a reference implementation: DIR is the
dynalite package (default: tests/integration/js/node_modules/dynalite, installed by
js/setup.sh). dynalite's own cli.js cannot listen on port 0 (it treats 0 as "unset"), so a one-line
node launcher starts it with listen(0) and prints the port it got.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
START_DEADLINE_S = 60.0
STOP_DEADLINE_S = 20.0

DYNALITE_LAUNCHER = r"""
const dynalite = require(process.argv[1]);
// Tables become ACTIVE at once, as Gatehouse does by default: the scenarios still poll
// DescribeTable for ACTIVE, as code written for the real service must.
const server = dynalite({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0});
server.listen(0, '127.0.0.1', () => {
  console.log('tables http://127.0.0.1:' + server.address().port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
"""


class Server:
    """A child process whose stdout is drained on a thread, so a chatty server never blocks on
    a full pipe and its output can be shown when something goes wrong."""

    def __init__(self, argv, cwd=None, env=None):
        self.argv = argv
        self.lines = []
        self._cond = threading.Condition()
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     text=True, bufsize=1)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self):
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_for_line(self, prefix, deadline):
        """Returns the first output line starting with prefix, or None at the deadline or when
        the process ends without printing it."""
        with self._cond:
            while True:
                for line in self.lines:
                    if line.startswith(prefix):
                        return line
                if self.proc.poll() is not None and not self._reader.is_alive():
                    return None
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(min(remaining, 0.5))

    def output(self):
        with self._cond:
            return "\n".join(self.lines)

    def stop(self):
        """SIGTERM, then waits; returns the exit code (None if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_DEADLINE_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        self._reader.join(timeout=5)
        return self.proc.returncode


def answers(url):
    """True when the server answers a ListTables call with HTTP 200."""
    request = urllib.request.Request(
        url, data=b"{}", method="POST",
        headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810.ListTables",
            "X-Amz-Date": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()),
            # Shaped like SigV4; servers that mimic DynamoDB Local accept any signature.
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/"
                             "dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, "
                             "Signature=" + "0" * 64,
        })
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            json.load(response)
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def gateway_answers(url):
    """True when the gateway answers HTTP at all (an unknown route's 403 counts)."""
    try:
        with urllib.request.urlopen(url + "/", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def start_server(args, scratch):
    if args.gatehouse:
        argv = [args.gatehouse, "--headless", "--in-memory", "--tables-port", "0",
                "--gateway-port", "0"]
        for document in args.openapi:
            argv += ["--openapi", os.path.abspath(document)]
        if args.openapi:
            argv += ["--stage", args.stage]
        if args.access_log_format:
            argv += ["--access-log", os.path.join(scratch, "access.log"),
                     "--access-log-format", args.access_log_format]
        # Its own data home: the bundled demo project is installed there on first use, and
        # parallel test runs must not race over (or leave anything in) the user's one.
        env = dict(os.environ, XDG_DATA_HOME=os.path.join(scratch, "data"),
                   XDG_CONFIG_HOME=os.path.join(scratch, "config"))
        return "gatehouse", Server(argv, env=env)
    package = os.path.abspath(args.dynalite)
    if not os.path.isfile(os.path.join(package, "package.json")):
        sys.exit(f"run_with_server: no dynalite package at {package} (run js/setup.sh)")
    return "dynalite", Server(["node", "-e", DYNALITE_LAUNCHER, package])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--gatehouse", metavar="PATH", help="the gatehouse executable")
    which.add_argument("--dynalite", metavar="DIR", nargs="?",
                       const=os.path.join(HERE, "js", "node_modules", "dynalite"),
                       help="the dynalite package directory")
    parser.add_argument("--openapi", metavar="FILE", action="append", default=[],
                        help="an OpenAPI document for gatehouse to serve (repeatable)")
    parser.add_argument("--stage", default="test", help="the stage --openapi documents serve under")
    parser.add_argument("--access-log-format", metavar="FORMAT",
                        help="gatehouse writes an access log in FORMAT to a scratch file whose "
                             "path the command gets as GATEHOUSE_ACCESS_LOG")
    parser.add_argument("--print-output", action="store_true",
                        help="show the server's output even when everything passed")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no client command given")

    with tempfile.TemporaryDirectory(prefix="gatehouse-it-") as scratch:
        return run(args, command, scratch)


def run(args, command, scratch):
    target, server = start_server(args, scratch)
    deadline = time.monotonic() + START_DEADLINE_S
    line = server.wait_for_line("tables http://", deadline)
    if line is None:
        server.stop()
        print(f"run_with_server: {target} printed no tables URL; its output:\n{server.output()}",
              file=sys.stderr)
        return 1
    url = line.split(None, 1)[1].strip()
    while not answers(url):
        if time.monotonic() > deadline or server.proc.poll() is not None:
            server.stop()
            print(f"run_with_server: {target} at {url} never answered ListTables; its output:\n"
                  f"{server.output()}", file=sys.stderr)
            return 1
        time.sleep(0.05)  # polling interval while waiting for the condition, not a timing guess

    env = dict(os.environ)
    if args.openapi:
        gateway_line = server.wait_for_line("gateway http://", deadline)
        gateway_url = gateway_line.split(None, 1)[1].strip() if gateway_line else None
        while gateway_url is None or not gateway_answers(gateway_url):
            if gateway_url is None or time.monotonic() > deadline or server.proc.poll() is not None:
                server.stop()
                print(f"run_with_server: the gateway of {target} never answered; its output:\n"
                      f"{server.output()}", file=sys.stderr)
                return 1
            time.sleep(0.05)  # polling interval while waiting for the condition
        env["GATEHOUSE_GATEWAY_URL"] = gateway_url
        env["GATEHOUSE_STAGE"] = args.stage
    if args.access_log_format:
        env["GATEHOUSE_ACCESS_LOG"] = os.path.join(scratch, "access.log")
        env["GATEHOUSE_ACCESS_LOG_FORMAT"] = args.access_log_format
        print(f"run_with_server: gateway at {gateway_url}, stage {args.stage}", flush=True)
    env.update({
        "GATEHOUSE_TABLES_URL": url,
        "GATEHOUSE_TARGET": target,
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        # One attempt: a retried 500 or a dropped connection must fail the test, not hide.
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_RETRY_MODE": "standard",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_PAGER": "",
    })
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    print(f"run_with_server: {target} at {url}", flush=True)
    client_rc = subprocess.call(command, env=env)

    alive_at_end = server.proc.poll() is None
    server_rc = server.stop()
    failed = False
    if not alive_at_end:
        print(f"run_with_server: {target} died during the run (exit code "
              f"{server.proc.returncode})", file=sys.stderr)
        failed = True
    elif target == "gatehouse" and server_rc != 0:
        print(f"run_with_server: gatehouse did not stop cleanly on SIGTERM (exit code "
              f"{server_rc})", file=sys.stderr)
        failed = True
    if failed or client_rc != 0 or args.print_output:
        print(f"--- {target} output ---\n{server.output()}\n--- end ---", file=sys.stderr)
    if client_rc != 0:
        return client_rc
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
