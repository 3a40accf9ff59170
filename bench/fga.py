#!/usr/bin/env python3
"""FGA check latency for fake-auth0's OpenFGA-compatible API, over one reused HTTP/1.1 keep-alive
connection to 127.0.0.1.

The scenario (written to a temporary directory) has a 3-level tupleset chain, org -> folder -> doc,
and 10,000 tuples: 2,000 org members, 1,000 folder parents, 7,000 doc parents. The script gets a
client_credentials token for the FGA audience, then times:

1. N checks (default 1,000) `user viewer doc`, each resolved through doc -> folder -> org
   (half allowed, half denied), one request each: median, p95, max.
2. M batch-checks of 100 items (default 50 rounds), sent as the SDKs send them: two requests of 50
   (OpenFGA's per-request limit): wall time per 100 items, median and p95.

Starts its own server (--ephemeral, port 0) and stops it on exit, also on errors, Ctrl-C and SIGTERM.
Every request has a timeout and the whole run a deadline. Standard library only.

Prints one line on stdout:
  "tuples checks check_median_ms check_p95_ms check_max_ms batches batch100_median_ms batch100_p95_ms"
and a readable summary on stderr with -v.
"""

import argparse
import http.client
import json
import math
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from process import stop

STORE = "01JFGA0BENCH0STREE00000001"
CLIENT_ID = "fga-bench"
CLIENT_SECRET = "fga-bench-secret"
AUDIENCE = "https://api.fga.example/"
ORGS, MEMBERS, FOLDERS, DOCS = 20, 100, 1000, 7000


class BenchError(Exception):
    pass


def scenario_text() -> str:
    lines = [
        "clients:",
        f"  - {{ id: {CLIENT_ID}, type: m2m, secret: {CLIENT_SECRET} }}",
        "apis:",
        f"  - {{ audience: '{AUDIENCE}', clients: [{CLIENT_ID}] }}",
        "fga:",
        f"  audience: '{AUDIENCE}'",
        "  stores:",
        f"    - id: {STORE}",
        "      name: bench",
        "      model: |",
        "        model",
        "          schema 1.1",
        "        type user",
        "        type org",
        "          relations",
        "            define member: [user]",
        "        type folder",
        "          relations",
        "            define parent: [org]",
        "            define viewer: [user] or member from parent",
        "        type doc",
        "          relations",
        "            define parent: [folder]",
        "            define viewer: [user] or viewer from parent",
        "      tuples:",
    ]
    for org in range(ORGS):
        for user in range(MEMBERS):
            lines.append(f"        - {{ user: 'user:u{org}_{user}', relation: member, object: 'org:{org}' }}")
    for folder in range(FOLDERS):
        lines.append(f"        - {{ user: 'org:{folder % ORGS}', relation: parent, object: 'folder:{folder}' }}")
    for doc in range(DOCS):
        lines.append(f"        - {{ user: 'folder:{doc % FOLDERS}', relation: parent, object: 'doc:{doc}' }}")
    return "\n".join(lines) + "\n"


def start_server(binary: str, scenario: Path, workdir: Path, timeout: float) -> tuple[subprocess.Popen, dict]:
    ready = workdir / "ready.json"
    stderr = open(workdir / "stderr.log", "wb")
    proc = subprocess.Popen(
        [binary, "--port", "0", "--ephemeral", "--scenario", str(scenario), "--ready-file", str(ready),
         "--log-level", "warning"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, cwd=workdir)
    stderr.close()
    end = time.monotonic() + timeout
    while True:
        if ready.exists():
            try:
                return proc, json.loads(ready.read_text())
            except (json.JSONDecodeError, OSError):
                pass  # partially written
        if proc.poll() is not None or time.monotonic() > end:
            stop(proc)
            log = (workdir / "stderr.log").read_text(errors="replace")
            raise BenchError(f"server did not become ready (exit {proc.returncode}):\n{log}")
        time.sleep(0.01)


class Client:
    def __init__(self, port: int, timeout: float):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.token = ""

    def request(self, method: str, path: str, body: bytes, content_type: str) -> tuple[int, dict]:
        headers = {"Content-Type": content_type}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")

    def authenticate(self) -> None:
        form = urlencode({"grant_type": "client_credentials", "client_id": CLIENT_ID,
                          "client_secret": CLIENT_SECRET, "audience": AUDIENCE}).encode()
        status, body = self.request("POST", "/oauth/token", form, "application/x-www-form-urlencoded")
        if status != 200:
            raise BenchError(f"token request failed: {status} {body}")
        self.token = body["access_token"]

    def fga(self, path: str, body: dict) -> dict:
        status, answer = self.request("POST", f"/fga/stores/{STORE}{path}", json.dumps(body).encode(), "application/json")
        if status != 200:
            raise BenchError(f"{path} failed: {status} {answer}")
        return answer


def query(i: int) -> tuple[str, str, bool]:
    doc = (i * 7919) % DOCS
    org = (doc % FOLDERS) % ORGS
    allowed = i % 2 == 0
    user_org = org if allowed else (org + 1) % ORGS
    return f"user:u{user_org}_{i % MEMBERS}", f"doc:{doc}", allowed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--checks", type=int, default=1000)
    ap.add_argument("--batches", type=int, default=50)
    ap.add_argument("--budget", type=float, default=180.0)
    ap.add_argument("--request-timeout", type=float, default=10.0)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    def on_term(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    end = time.monotonic() + args.budget
    with tempfile.TemporaryDirectory(prefix="fake-auth0-fga-bench.") as tmp:
        work = Path(tmp)
        scenario = work / "fga-bench.yaml"
        scenario.write_text(scenario_text())
        proc, info = start_server(str(Path(args.bin).resolve()), scenario, work, timeout=min(60.0, args.budget))
        try:
            client = Client(int(info["port"]), args.request_timeout)
            client.authenticate()
            check_ms = []
            for i in range(args.checks):
                if time.monotonic() > end:
                    raise BenchError("time budget exceeded during checks")
                user, obj, expected = query(i)
                start = time.perf_counter()
                answer = client.fga("/check", {"tuple_key": {"user": user, "relation": "viewer", "object": obj}})
                check_ms.append((time.perf_counter() - start) * 1000)
                if answer.get("allowed") is not expected:
                    raise BenchError(f"check {user} viewer {obj}: expected {expected}, got {answer}")
            batch_ms = []
            for round_ in range(args.batches):
                if time.monotonic() > end:
                    raise BenchError("time budget exceeded during batch-checks")
                items = [query(round_ * 100 + i) for i in range(100)]
                start = time.perf_counter()
                for half in (items[:50], items[50:]):
                    checks = [{"tuple_key": {"user": u, "relation": "viewer", "object": o}, "correlation_id": str(n)}
                              for n, (u, o, _) in enumerate(half)]
                    answer = client.fga("/batch-check", {"checks": checks})
                    for n, (_, _, expected) in enumerate(half):
                        if answer["result"][str(n)].get("allowed") is not expected:
                            raise BenchError(f"batch-check item {n}: expected {expected}")
                batch_ms.append((time.perf_counter() - start) * 1000)
            client.conn.close()
        finally:
            stop(proc)
    tuples = ORGS * MEMBERS + FOLDERS + DOCS
    print(f"{tuples} {len(check_ms)} {statistics.median(check_ms):.3f} {p95(check_ms):.3f} {max(check_ms):.3f} "
          f"{len(batch_ms)} {statistics.median(batch_ms):.3f} {p95(batch_ms):.3f}")
    if args.verbose:
        print(f"{tuples} tuples; check over HTTP: median {statistics.median(check_ms):.3f} ms, p95 {p95(check_ms):.3f} ms; "
              f"batch-check of 100 (2 x 50): median {statistics.median(batch_ms):.3f} ms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"fga.py: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
