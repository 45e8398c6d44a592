#!/usr/bin/env python3
"""Helpers for bench/tables/run.sh: free ports, readiness, preloading, start-up timing, RSS and
the final table. Subcommands:
  free-port
  url-from FILE SECONDS          waits for a "tables http://..." line in FILE, prints the URL
  wait URL SECONDS               until ListTables answers 200
  load URL PARTS                 table "bench" with PARTS partitions x 10 items of ~200 bytes
  load-gsi URL PARTS             table "benchg" with GSI byG: PARTS index partitions x 10 items
  create URL TABLE               an empty table like "bench"
  count URL TABLE                its items, by a paged Scan with Select COUNT
  batchload URL TABLE N CONNS    N fresh ~200-byte items by BatchWriteItem (25 a request) over
                                 CONNS keep-alive connections; prints "seconds errors retries"
  startup SECONDS -- CMD...      ms from spawn to the first 200 ListTables (CMD prints its URL)
  rss PID...                     VmRSS, RssAnon, RssFile+RssShmem in MiB of each PID plus
                                 its children, summed
  report RESULTS.tsv             the table, with ratios against Gatehouse
"""

import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PAYLOAD = "v" * 175  # pk(2+6) + sk(2+2) + n(1+~4) + payload(7+175): about 200 bytes
HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Date": "20260101T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/"
                     "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                     "Signature=" + "0" * 64,
}


def call(url, op, payload, timeout=5):
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={**HEADERS, "X-Amz-Target": "DynamoDB_20120810." + op})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as e:
        body = e.read()
        try:
            return e.code, json.loads(body)
        except ValueError:
            return e.code, {"raw": body.decode(errors="replace")}


def answers(url):
    try:
        status, _ = call(url, "ListTables", {}, timeout=2)
        return status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def url_from(path, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            for line in open(path):
                if line.startswith("tables http://"):
                    return line.split()[1]
        except FileNotFoundError:
            pass
        time.sleep(0.02)  # polling interval while the server starts
    return None


def wait(url, seconds):
    deadline = time.monotonic() + seconds
    while not answers(url):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)  # polling interval while the server starts
    return True


def create_table(url, name, gsi=False):
    definition = {
        "TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "S"}]}
    if gsi:
        # An overloaded-GSI shape: g partitions the index, sk sorts it, everything projected.
        definition["AttributeDefinitions"].append({"AttributeName": "g", "AttributeType": "S"})
        definition["GlobalSecondaryIndexes"] = [{
            "IndexName": "byG", "Projection": {"ProjectionType": "ALL"},
            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}]}]
    status, body = call(url, "CreateTable", definition)
    if status != 200:
        sys.exit(f"CreateTable: {status} {body}")
    deadline = time.monotonic() + 30
    while call(url, "DescribeTable", {"TableName": name})[1]["Table"]["TableStatus"] != "ACTIVE":
        if time.monotonic() > deadline:
            sys.exit(f"{name} table not ACTIVE after 30 s")
        time.sleep(0.02)


def load(url, parts, table="bench", gsi=False):
    create_table(url, table, gsi)
    # In benchg the table partitions (pk) and the index partitions (g) cut the items differently:
    # g = g<p> holds the 10 items of table partitions q<p*10>..q<p*10+9>, one each.
    if gsi:
        items = [{"pk": {"S": "q%06d" % (p * 10 + s)}, "sk": {"S": "s%d" % s}, "g": {"S": "g%05d" % p},
                  "n": {"N": str(p * 10 + s)}, "payload": {"S": PAYLOAD}}
                 for p in range(parts) for s in range(10)]
    else:
        items = [{"pk": {"S": "p%05d" % p}, "sk": {"S": "s%d" % s}, "n": {"N": str(p * 10 + s)},
                  "payload": {"S": PAYLOAD}} for p in range(parts) for s in range(10)]
    batches = [items[i:i + 25] for i in range(0, len(items), 25)]

    def write_batch(batch):
        pending = {table: [{"PutRequest": {"Item": item}} for item in batch]}
        while pending:
            status, body = call(url, "BatchWriteItem", {"RequestItems": pending})
            if status != 200:
                return body
            pending = body.get("UnprocessedItems") or {}
        return None

    def put(item):
        status, body = call(url, "PutItem", {"TableName": table, "Item": item})
        if status != 200:
            sys.exit(f"PutItem: {status} {body}")

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        error = write_batch(batches[0])
        if error is None:
            errors = [e for e in pool.map(write_batch, batches[1:]) if e is not None]
            if errors:
                sys.exit(f"BatchWriteItem: {errors[0]}")
        elif "UnknownOperationException" in json.dumps(error):
            print("  (no BatchWriteItem: loading with PutItem)", file=sys.stderr)
            list(pool.map(put, items))
        else:
            sys.exit(f"BatchWriteItem: {error}")
    check = {"TableName": table, "KeyConditionExpression": "pk = :p",
             "ExpressionAttributeValues": {":p": {"S": "p%05d" % (parts - 1)}}}
    if gsi:
        check = {"TableName": table, "IndexName": "byG", "KeyConditionExpression": "g = :g",
                 "ExpressionAttributeValues": {":g": {"S": "g%05d" % (parts - 1)}}}
    status, body = call(url, "Query", check)
    if status != 200 or body.get("Count") != 10:
        sys.exit(f"preload check failed: {status} {body}")


def count_items(url, table):
    """Items in a table, by a paged Scan with Select COUNT."""
    total, start = 0, None
    while True:
        request = {"TableName": table, "Select": "COUNT"}
        if start:
            request["ExclusiveStartKey"] = start
        status, body = call(url, "Scan", request, timeout=120)
        if status != 200:
            sys.exit(f"Scan: {status} {body}")
        total += body["Count"]
        start = body.get("LastEvaluatedKey")
        if not start:
            return total


def described_count(url, table):
    """DescribeTable's ItemCount (kept live by the store, no scan)."""
    status, body = call(url, "DescribeTable", {"TableName": table})
    if status != 200:
        sys.exit(f"DescribeTable: {status} {body}")
    return body["Table"]["ItemCount"]


def get_random(url, table, prefix, n, requests):
    """`requests` GetItems of random keys among prefix%08d, 0 <= i < n (sort key "s"), one
    connection: touches pages all over a large table. Prints how many were found."""
    import random
    found = 0
    for _ in range(requests):
        key = {"pk": {"S": "%s%08d" % (prefix, random.randrange(n))}, "sk": {"S": "s"}}
        status, body = call(url, "GetItem", {"TableName": table, "Key": key})
        if status != 200:
            sys.exit(f"GetItem: {status} {body}")
        found += 1 if "Item" in body else 0
    return found


def batch_load(url, table, n, conns):
    """Loads n fresh items with BatchWriteItem, 25 a request, over conns keep-alive connections
    (one client thread each), and times it from the first request to the last answer. Requests
    are counted, not timed: wrk cannot stop after a number of requests, so this client is ours.
    Unprocessed items are sent again, as an SDK would."""
    import http.client
    import threading
    parsed = urllib.parse.urlparse(url)
    requests = (n + 24) // 25
    lock = threading.Lock()
    state = {"next": 0, "errors": 0, "retries": 0}
    payload = PAYLOAD

    def item_json(i):
        return ('{"pk":{"S":"b%08d"},"sk":{"S":"s"},"n":{"N":"%d"},"payload":{"S":"%s"}}'
                % (i, i, payload))

    def worker():
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        headers = {**HEADERS, "X-Amz-Target": "DynamoDB_20120810.BatchWriteItem"}
        while True:
            with lock:
                r = state["next"]
                state["next"] += 1
            if r >= requests:
                break
            first, last = r * 25, min(n, r * 25 + 25)
            body = ('{"RequestItems":{"%s":[%s]}}' % (table, ",".join(
                '{"PutRequest":{"Item":%s}}' % item_json(i) for i in range(first, last))))
            while body:
                connection.request("POST", "/", body=body.encode(), headers=headers)
                response = connection.getresponse()
                answer = response.read()
                if response.status != 200:
                    with lock:
                        state["errors"] += 1
                    break
                unprocessed = json.loads(answer).get("UnprocessedItems") or {}
                if unprocessed:
                    with lock:
                        state["retries"] += 1
                    body = json.dumps({"RequestItems": unprocessed})
                else:
                    body = None
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(conns)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    return seconds, state["errors"], state["retries"]


def startup(seconds, argv):
    start = time.monotonic()
    out_path = f"/tmp/bench-startup-{os.getpid()}.out"
    with open(out_path, "w") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = url_from(out_path, seconds)
        if url is None or not wait(url, seconds):
            sys.exit(f"startup: no answer from {argv[0]}: {open(out_path).read()}")
        print("%.0f" % ((time.monotonic() - start) * 1000))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.unlink(out_path)


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def cpu_ticks(pid):
    """utime + stime (clock ticks) of a process and its children: the server's CPU."""
    total, todo = 0, [int(pid)]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        except (OSError, IndexError, ValueError):
            pass
        todo.extend(children(p))
    return total


def rss(pids):

    def vmrss(pid):
        # VmRSS and its parts: RssAnon (heap, caches: the process's own memory) and
        # RssFile + RssShmem (pages of mapped files, here SQLite's mmap of the data file and
        # its WAL index, which the kernel can drop and reread).
        fields = {"VmRSS:": 0, "RssAnon:": 0, "RssFile:": 0, "RssShmem:": 0}
        try:
            for line in open(f"/proc/{pid}/status"):
                key = line.split(":")[0] + ":"
                if key in fields:
                    fields[key] = int(line.split()[1])
        except OSError:
            pass
        return fields["VmRSS:"], fields["RssAnon:"], fields["RssFile:"] + fields["RssShmem:"]

    total, anon, mapped, todo = 0, 0, 0, [int(p) for p in pids]
    while todo:
        pid = todo.pop()
        t, a, m = vmrss(pid)
        total, anon, mapped = total + t, anon + a, mapped + m
        todo.extend(children(pid))
    print("%.0f %.0f %.0f" % (total / 1024, anon / 1024, mapped / 1024))


def report(path):
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    # target op conns requests duration_us p50_us p99_us errors cpu_ticks
    results = {}
    for target, op, conns, requests, duration, p50, p99, errors, ticks in rows:
        rate = int(requests) / (int(duration) / 1e6) if int(duration) else 0.0
        cpu = int(ticks) * tick_us / int(requests) if int(requests) else 0.0
        results[(target, op, int(conns))] = (rate, int(p50) / 1000, int(p99) / 1000, int(errors), cpu)
    targets = [t for t in ("gatehouse", "dynalite", "moto", "nginx") if any(k[0] == t for k in results)]
    ops = list(dict.fromkeys(k[1] for k in results))  # in the order they ran
    print("%-10s %-18s %5s %10s %9s %9s %11s %7s" % ("target", "op", "conns", "req/s", "p50 ms",
                                                     "p99 ms", "CPU us/req", "errors"))
    for op in ops:
        for conns in sorted({k[2] for k in results}):
            for target in targets:
                if (target, op, conns) not in results:
                    continue
                rate, p50, p99, errors, cpu = results[(target, op, conns)]
                print("%-10s %-18s %5d %10.0f %9.2f %9.2f %11.1f %7s" % (
                    target, op, conns, rate, p50, p99, cpu, errors if errors else ""))
    if "gatehouse" in targets:
        print()
        others = [t for t in ("dynalite", "moto", "nginx") if t in targets]
        print("%-18s %5s " % ("op", "conns") + " ".join("%16s" % ("gatehouse/" + t) for t in others))
        for op in ops:
            for conns in sorted({k[2] for k in results}):
                ours = results.get(("gatehouse", op, conns))
                if not ours:
                    continue
                cells = []
                for t in others:
                    theirs = results.get((t, op, conns))
                    cells.append("%15.2fx" % (ours[0] / theirs[0]) if theirs and theirs[0] else "%16s" % "-")
                print("%-18s %5d " % (op, conns) + " ".join(cells))
        if "dynalite" in targets:
            # Server CPU per request: less noisy than req/s on a shared machine, and what a
            # rate ratio approaches when both servers are CPU-bound.
            print()
            print("%-18s %5s %22s" % ("op", "conns", "CPU/req dynalite/gatehouse"))
            for op in ops:
                for conns in sorted({k[2] for k in results}):
                    ours = results.get(("gatehouse", op, conns))
                    theirs = results.get(("dynalite", op, conns))
                    if ours and theirs and ours[4]:
                        print("%-18s %5d %21.2fx" % (op, conns, theirs[4] / ours[4]))
    if any(v[3] for v in results.values()):
        print("\nerrors: non-2xx answers or socket errors during the run; those rows do not measure "
              "successful requests.")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "free-port":
        print(free_port())
    elif cmd == "url-from":
        url = url_from(args[0], float(args[1]))
        if not url:
            sys.exit(1)
        print(url)
    elif cmd == "wait":
        sys.exit(0 if wait(args[0], float(args[1])) else 1)
    elif cmd == "load":
        load(args[0], int(args[1]))
    elif cmd == "load-gsi":
        load(args[0], int(args[1]), "benchg", gsi=True)
    elif cmd == "create":
        create_table(args[0], args[1])
    elif cmd == "batchload":
        print("%.3f %d %d" % batch_load(args[0], args[1], int(args[2]), int(args[3])))
    elif cmd == "count":
        print(count_items(args[0], args[1]))
    elif cmd == "described-count":
        print(described_count(args[0], args[1]))
    elif cmd == "get-random":
        print(get_random(args[0], args[1], args[2], int(args[3]), int(args[4])))
    elif cmd == "startup":
        startup(float(args[0]), args[2:] if args[1] == "--" else args[1:])
    elif cmd == "cpu":
        print(cpu_ticks(args[0]))
    elif cmd == "rss":
        rss(args)
    elif cmd == "report":
        report(args[0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
