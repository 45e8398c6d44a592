#!/usr/bin/env python3
"""Helpers for bench/gateway/run.sh. Subcommands:
  wait URL SECONDS                until URL answers 200
  check NAME URL_PREFIX           GET /pets/4242 and /pets/0: prints both answers as JSON lines
  same CHECK_FILE...              exits 1 unless every target's answers (from check) are equal
  startup RUNS URL -- CMD...      ms from spawn to the first 200 from URL, polled every ms;
                                  '{port}' in URL and CMD becomes a fresh free port each run;
                                  prints the median then the runs
  cpu PID                         CPU ticks (utime+stime) of PID and its descendants
  report RESULTS.tsv              the table: req/s, p50, p99, CPU per request, ratios
  rss PID                         VmRSS of PID and its descendants, MiB
  report-integrations RESULTS.tsv part 2: integration routes, ratios against serverless-offline,
                                  the gateway's added latency per integration type, RSS over the run
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait(url, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if get(url, timeout=2)[0] == 200:
                return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.02)  # polling interval while the server starts
    return False


def check(name, prefix):
    for pet in ("4242", "0"):
        status, body = get(f"{prefix}/pets/{pet}")
        try:
            value = json.loads(body)
        except ValueError:
            value = body.decode(errors="replace")
        print(json.dumps({"target": name, "pet": pet, "status": status, "bytes": len(body),
                          "body": value}))


def same(paths):
    answers = {}
    for path in paths:
        for line in open(path):
            a = json.loads(line)
            answers.setdefault(a["pet"], []).append(a)
    ok = True
    for pet, rows in answers.items():
        first = rows[0]
        for row in rows[1:]:
            if (row["status"], row["body"]) != (first["status"], first["body"]):
                print(f"different answers for /pets/{pet}:\n  {json.dumps(first)}\n  "
                      f"{json.dumps(row)}", file=sys.stderr)
                ok = False
    return ok


def first_answer(host, port, path, deadline):
    """Polls tightly (1 ms between refused connects) until GET path answers 200."""
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection(host, port, timeout=5)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return True
        except (ConnectionError, OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        time.sleep(0.001)
    return False


def startup(runs, url, argv):
    times = []
    for _ in range(runs):
        port = free_port()
        run_url = url.replace("{port}", str(port))
        parsed = urllib.request.urlparse(run_url)
        command = [a.replace("{port}", str(port)) for a in argv]
        start = time.monotonic()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                stdin=subprocess.DEVNULL)
        try:
            if not first_answer(parsed.hostname, parsed.port, parsed.path, start + 60):
                sys.exit(f"startup: no answer from {command[0]} at {run_url}")
            times.append((time.monotonic() - start) * 1000)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    print("%.1f %s" % (statistics.median(times), " ".join("%.1f" % t for t in times)))


def descendants(pid):
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return seen


def cpu_ticks(pid):
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        except (OSError, IndexError, ValueError):
            pass
    return total


TARGETS = ("gatehouse", "nginx", "mockoon")


def report(path):
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    # target conns round requests duration_us p50_us p99_us errors cpu_ticks
    agg = {}
    for target, conns, _round, requests, duration, p50, p99, errors, ticks in rows:
        a = agg.setdefault((target, int(conns)), {"req": 0, "dur": 0, "p50": [], "p99": [],
                                                  "err": 0, "ticks": 0})
        a["req"] += int(requests)
        a["dur"] += int(duration)
        a["p50"].append(int(p50))
        a["p99"].append(int(p99))
        a["err"] += int(errors)
        a["ticks"] += int(ticks)
    targets = [t for t in TARGETS if any(k[0] == t for k in agg)]
    conns_levels = sorted({k[1] for k in agg})

    def rate(a):
        return a["req"] / (a["dur"] / 1e6) if a["dur"] else 0.0

    print("| target | conns | req/s | p50 ms | p99 ms | server CPU µs/req | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for conns in conns_levels:
        for target in targets:
            a = agg.get((target, conns))
            if not a:
                continue
            cpu = a["ticks"] * tick_us / a["req"] if a["req"] else 0.0
            # p50/p99: the median over the rounds of each round's percentile
            print("| %s | %d | %.0f | %.3f | %.3f | %.1f | %s |" % (
                target, conns, rate(a), statistics.median(a["p50"]) / 1000,
                statistics.median(a["p99"]) / 1000, cpu, a["err"] or ""))
    if "gatehouse" in targets:
        others = [t for t in targets if t != "gatehouse"]
        print()
        print("| conns | " + " | ".join("gatehouse/" + t for t in others) + " |")
        print("| --- |" + " --- |" * len(others))
        for conns in conns_levels:
            ours = agg.get(("gatehouse", conns))
            cells = []
            for t in others:
                theirs = agg.get((t, conns))
                cells.append("%.2f×" % (rate(ours) / rate(theirs))
                             if ours and theirs and rate(theirs) else "-")
            print("| %d | %s |" % (conns, " | ".join(cells)))
    if any(a["err"] for a in agg.values()):
        print("\nerrors: non-2xx answers or socket errors during the run; those rows do not "
              "measure successful requests.")


def rss_mib(pid):
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


# Part 2's comparisons: (ours, theirs, what, issue target).
RATIOS = (("gh-function", "sls-proxy-inproc", "function (AWS_PROXY) ÷ serverless-offline proxy, in-process", 5),
          ("gh-function", "sls-proxy-worker", "function (AWS_PROXY) ÷ serverless-offline proxy, worker threads", None),
          ("gh-dynamodb-vtl", "sls-vtl-inproc", "DynamoDB + VTL ÷ serverless-offline VTL route, in-process", 10),
          ("gh-dynamodb-vtl", "sls-vtl-worker", "DynamoDB + VTL ÷ serverless-offline VTL route, worker threads", None))
# The gateway's added latency: the route through Gatehouse minus its backend measured alone.
ADDED = (("HTTP_PROXY", "gh-http-proxy", "nginx", "nginx alone"),
         ("AWS (DynamoDB, VTL both sides)", "gh-dynamodb-vtl", "tables-getitem", "GetItem on the tables port"),
         ("AWS_PROXY (function)", "gh-function", "gh-mock", "the MOCK route (no direct peer: includes the function)"),
         ("MOCK", "gh-mock", "nginx", "nginx's fixed answer"))
SERVERS = (("gatehouse", ("gh-", "tables-")), ("serverless-offline in-process", ("sls-proxy-inproc", "sls-vtl-inproc")),
           ("serverless-offline worker threads", ("sls-proxy-worker", "sls-vtl-worker")), ("nginx", ("nginx",)))


def report_integrations(path):
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    agg, order = {}, []
    for name, conns, _rd, req, dur, p50, p99, err, ticks, load, rss in rows:
        key = (name, int(conns))
        if key not in agg:
            order.append(key)
        a = agg.setdefault(key, {"req": 0, "dur": 0, "p50": [], "p99": [], "err": 0, "ticks": 0,
                                 "load": [], "rss": []})
        a["req"] += int(req)
        a["dur"] += int(dur)
        a["p50"].append(int(p50))
        a["p99"].append(int(p99))
        a["err"] += int(err)
        a["ticks"] += int(ticks)
        a["load"].append(float(load))
        a["rss"].append(float(rss))

    def rate(a):
        return a["req"] / (a["dur"] / 1e6) if a and a["dur"] else 0.0

    print("| route | conns | req/s | p50 ms | p99 ms | server CPU µs/req | load avg | server RSS MiB | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, conns in sorted(order, key=lambda k: (k[1], order.index(k))):
        a = agg[(name, conns)]
        cpu = a["ticks"] * tick_us / a["req"] if a["req"] else 0.0
        print("| %s | %d | %.0f | %.3f | %.3f | %.1f | %.1f–%.1f | %.0f | %s |" % (
            name, conns, rate(a), statistics.median(a["p50"]) / 1000,
            statistics.median(a["p99"]) / 1000, cpu, min(a["load"]), max(a["load"]),
            max(a["rss"]), a["err"] or ""))
    levels = sorted({k[1] for k in agg})
    print()
    print("| comparison | issue target | " + " | ".join("%d conns" % c for c in levels) + " |")
    print("| --- | --- |" + " --- |" * len(levels))
    for ours, theirs, what, target in RATIOS:
        cells = []
        for c in levels:
            a, b = agg.get((ours, c)), agg.get((theirs, c))
            cells.append("%.1f×" % (rate(a) / rate(b)) if a and b and rate(b) else "-")
        print("| %s | %s | %s |" % (what, "%d×" % target if target else "", " | ".join(cells)))
    print()
    print("| integration type | added latency, p50 / p99 ms | against |")
    print("| --- | --- | --- |")
    for what, ours, base, against in ADDED:
        cells = []
        for c in levels:
            a, b = agg.get((ours, c)), agg.get((base, c))
            if a and b:
                cells.append("%d conns: %+.3f / %+.3f" % (
                    c, (statistics.median(a["p50"]) - statistics.median(b["p50"])) / 1000,
                    (statistics.median(a["p99"]) - statistics.median(b["p99"])) / 1000))
        print("| %s | %s | %s |" % (what, "; ".join(cells) or "-", against))
    print()
    print("| server | RSS MiB over part 2: first, min, max, last |")
    print("| --- | --- |")
    for server, prefixes in SERVERS:
        samples = [float(r[10]) for r in rows if r[0].startswith(prefixes)]
        if samples:
            print("| %s | %.0f, %.0f, %.0f, %.0f |" % (server, samples[0], min(samples), max(samples),
                                                       samples[-1]))
    if any(a["err"] for a in agg.values()):
        print("\nerrors: non-2xx answers or socket errors during the run; those rows do not "
              "measure successful requests.")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "free-port":
        print(free_port())
    elif cmd == "wait":
        sys.exit(0 if wait(args[0], float(args[1])) else 1)
    elif cmd == "check":
        check(args[0], args[1])
    elif cmd == "same":
        sys.exit(0 if same(args) else 1)
    elif cmd == "startup":
        argv = args[3:] if args[2] == "--" else args[2:]
        startup(int(args[0]), args[1], argv)
    elif cmd == "cpu":
        print(cpu_ticks(int(args[0])))
    elif cmd == "report":
        report(args[0])
    elif cmd == "rss":
        print("%.1f" % rss_mib(int(args[0])))
    elif cmd == "report-integrations":
        report_integrations(args[0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
