#!/usr/bin/env python3
"""Nothing acknowledged is lost when the process dies: boto3 clients write items from several
threads against a headless gatehouse on a data file, the process is killed with SIGKILL in the
middle of the load (no shutdown, no final checkpoint), a new process opens the same file, and
every write that had been answered 200 must be there with the value it was written with.

    test_crash_durability.py GATEHOUSE_BINARY

The load writes several thousand WAL pages, past the threshold of a background checkpoint, so
the kill finds items both copied into the database file and still only in the WAL. Deleting the
WAL file before the restart makes this test fail (checked by hand when it was written)."""
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

import boto3
from botocore.config import Config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from run_with_server import Server  # noqa: E402

THREADS = 8
LOAD_SECONDS = 3.0
PAYLOAD = "v" * 300


def start(binary, data):
    server = Server([binary, "--headless", "--data", data, "--synchronous", "normal",
                     "--tables-port", "0", "--gateway-port", "0"])
    line = server.wait_for_line("tables ", time.monotonic() + 60)
    if not line:
        sys.exit("gatehouse did not print its tables URL:\n" + "\n".join(server.lines))
    return server, line.split()[-1]


def client(url):
    return boto3.client(
        "dynamodb", endpoint_url=url, region_name="us-east-1", aws_access_key_id="AKID",
        aws_secret_access_key="secret",
        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=10))


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "crash.sqlite")
        server, url = start(binary, data)
        ddb = client(url)
        ddb.create_table(TableName="crash",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                    {"AttributeName": "sk", "KeyType": "RANGE"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                               {"AttributeName": "sk", "AttributeType": "N"}],
                         BillingMode="PAY_PER_REQUEST")

        acknowledged = {}  # (pk, sk) -> n
        lock = threading.Lock()
        stop = threading.Event()

        def writer(t):
            c = client(url)
            i = 0
            while not stop.is_set():
                pk, sk, n = f"t{t}-p{i % 50}", i, i * 7 + t
                try:
                    c.put_item(TableName="crash",
                               Item={"pk": {"S": pk}, "sk": {"N": str(sk)}, "n": {"N": str(n)},
                                     "payload": {"S": PAYLOAD}})
                except Exception:
                    return  # the process died under this request: not acknowledged
                with lock:
                    acknowledged[(pk, sk)] = n
                i += 1

        threads = [threading.Thread(target=writer, args=(t,)) for t in range(THREADS)]
        for th in threads:
            th.start()
        time.sleep(LOAD_SECONDS)
        with lock:
            before_kill = len(acknowledged)
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait(timeout=20)
        stop.set()
        for th in threads:
            th.join(timeout=30)
        if before_kill < 500:
            sys.exit(f"only {before_kill} writes were acknowledged before the kill: too few to "
                     "say anything")
        if not os.path.exists(data + "-wal"):
            sys.exit("no WAL file after the kill: the test did not kill a process mid-load")

        server, url = start(binary, data)
        try:
            ddb = client(url)
            stored = {}
            kwargs = {"TableName": "crash", "ConsistentRead": True}
            while True:
                page = ddb.scan(**kwargs)
                for item in page["Items"]:
                    stored[(item["pk"]["S"], int(item["sk"]["N"]))] = int(item["n"]["N"])
                if "LastEvaluatedKey" not in page:
                    break
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            missing = [k for k in acknowledged if k not in stored]
            wrong = [k for k, n in acknowledged.items() if k in stored and stored[k] != n]
            print(f"{len(acknowledged)} writes acknowledged before SIGKILL, {len(stored)} items "
                  f"after the restart, {len(missing)} missing, {len(wrong)} with another value")
            if missing or wrong:
                sys.exit(f"acknowledged writes lost: missing {missing[:5]}, wrong {wrong[:5]}")
            # At most the writes in flight at the kill (one per thread) exist unacknowledged.
            extra = len(stored) - len(acknowledged)
            if extra > THREADS:
                sys.exit(f"{extra} items nobody wrote")
            count = ddb.describe_table(TableName="crash")["Table"]["ItemCount"]
            print(f"DescribeTable ItemCount after the restart: {count}")
        finally:
            server.proc.send_signal(signal.SIGTERM)
            if server.proc.wait(timeout=20) != 0:
                sys.exit("the restarted gatehouse did not stop cleanly")


if __name__ == "__main__":
    main()
