#!/usr/bin/env python3
"""Reset and tenants-on-demand latency for fake-auth0, from a client on 127.0.0.1.

1. Reset: POST /__admin/reset on the process's own tenant (the built-in demo scenario), N times
   (default 200) over one reused keep-alive connection, after a CIBA request, a vault change and a
   clock move each time, so there is something to forget. Wall time per reset.
2. New tenant to discovery: POST /__admin/tenants (no body: a copy of the demo scenario), then
   GET /.well-known/openid-configuration on the new tenant's own port until it answers 200 (a new
   connection, as a test's SDK makes). Wall time from the first byte of the POST to the discovery
   document, M times (default 50); the tenants stay alive, so the last ones are made next to M-1
   others. Then every tenant must still answer discovery, the process's resident memory is read
   from /proc, and all tenants are deleted (each must answer 204).

Starts its own server (--ephemeral, port 0) and stops it on exit, also on errors and Ctrl-C. Every
request has a timeout and the whole run a deadline. Standard library only.

Prints one line on stdout:
  "resets reset_median_ms reset_p95_ms reset_max_ms tenants new_median_ms new_p95_ms new_max_ms rss_mb"
and a readable summary on stderr with -v.
"""

import argparse
import http.client
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from process import stop


class BenchError(Exception):
    pass


def start_server(binary: str, workdir: Path, timeout: float) -> tuple[subprocess.Popen, dict]:
    ready = workdir / "ready.json"
    with open(workdir / "stderr.log", "wb") as stderr:
        proc = subprocess.Popen([binary, "--port", "0", "--ephemeral", "--ready-file", str(ready),
                                 "--log-level", "warning"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, cwd=workdir)
    end = time.monotonic() + timeout
    while True:
        try:
            return proc, json.loads(ready.read_text())
        except (OSError, ValueError):
            pass
        if proc.poll() is not None or time.monotonic() > end:
            stop(proc)
            raise BenchError("server did not become ready:\n" + (workdir / "stderr.log").read_text(errors="replace"))
        time.sleep(0.01)


class Client:
    """One keep-alive connection to host:port."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)

    def call(self, method: str, path: str, body: dict | None = None, expect: int = 200) -> dict | None:
        data = None if body is None else json.dumps(body)
        headers = {} if body is None else {"Content-Type": "application/json"}
        self.conn.request(method, path, body=data, headers=headers)
        resp = self.conn.getresponse()
        payload = resp.read()
        if resp.status != expect:
            raise BenchError(f"{method} {path}: {resp.status} {payload[:300]!r}")
        return json.loads(payload) if payload else None

    def close(self):
        self.conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


def dirty(client: Client, issuer: str, i: int) -> None:
    """Something for a reset to forget: a CIBA request, an unlinked vault account, a clock move."""
    client.call("POST", "/__admin/ciba/next", {"decision": "approve", "match": {"user": "auth0|alice"}}, expect=201)
    accounts = client.call("GET", "/__admin/vault/accounts?user=auth0%7Calice&connection=github")["accounts"]
    if accounts:
        client.call("DELETE", f"/__admin/vault/accounts/{accounts[0]['id']}", expect=204)
    client.call("POST", "/__admin/clock/advance", {"seconds": 60 + i})


def bench_reset(client: Client, issuer: str, runs: int) -> list[float]:
    times = []
    for i in range(runs):
        dirty(client, issuer, i)
        start = time.perf_counter()
        if client.call("POST", "/__admin/reset") != {"reset": True}:
            raise BenchError("reset did not answer {\"reset\":true}")
        times.append((time.perf_counter() - start) * 1000)
        if not client.call("GET", "/__admin/vault/accounts?user=auth0%7Calice&connection=github")["accounts"]:
            raise BenchError("reset did not bring the vault account back")
    return times


def discovery(url: str) -> dict:
    client = Client(url)
    try:
        return client.call("GET", "/.well-known/openid-configuration")
    finally:
        client.close()


def bench_tenants(client: Client, count: int, deadline: float) -> tuple[list[float], list[dict]]:
    times, tenants = [], []
    for _ in range(count):
        if time.monotonic() > deadline:
            raise BenchError("time budget exceeded while creating tenants")
        start = time.perf_counter()
        tenant = client.call("POST", "/__admin/tenants", expect=201)
        document = discovery(tenant["http_url"])
        times.append((time.perf_counter() - start) * 1000)
        if document["issuer"] != tenant["issuer"]:
            raise BenchError(f"tenant {tenant['id']} answered issuer {document['issuer']}, not {tenant['issuer']}")
        tenants.append(tenant)
    return times, tenants


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=".build/release/fake-auth0")
    parser.add_argument("--resets", type=int, default=200)
    parser.add_argument("--tenants", type=int, default=50)
    parser.add_argument("--budget", type=float, default=120.0, help="seconds for the whole run")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not (1 <= args.resets <= 100_000 and 1 <= args.tenants <= 500):
        parser.error("--resets must be 1..100000 and --tenants 1..500")
    deadline = time.monotonic() + args.budget
    with tempfile.TemporaryDirectory(prefix="fake-auth0-bench-") as tmp:
        proc, info = start_server(str(Path(args.bin).resolve()), Path(tmp), timeout=30)
        client = Client(info["http_url"])
        try:
            resets = bench_reset(client, info["issuer"], args.resets)
            created, tenants = bench_tenants(client, args.tenants, deadline)
            for tenant in tenants:  # all still alive and answering
                if discovery(tenant["http_url"])["issuer"] != tenant["issuer"]:
                    raise BenchError(f"tenant {tenant['id']} stopped answering")
            listed = client.call("GET", "/__admin/tenants")["tenants"]
            if len(listed) != len(tenants):
                raise BenchError(f"{len(listed)} tenants listed, {len(tenants)} created")
            memory = rss_mb(proc.pid)
            for tenant in tenants:
                client.call("DELETE", f"/__admin/tenants/{tenant['id']}", expect=204)
        finally:
            client.close()
            stop(proc)
    fields = [len(resets), statistics.median(resets), percentile(resets, 95), max(resets),
              len(created), statistics.median(created), percentile(created, 95), max(created), memory]
    print(" ".join(str(f) if isinstance(f, int) else f"{f:.2f}" for f in fields))
    if args.verbose:
        print(f"reset: {len(resets)} runs, median {fields[1]:.2f} ms, p95 {fields[2]:.2f} ms, max {fields[3]:.2f} ms\n"
              f"new tenant to discovery: {len(created)} tenants (all alive at the end), median {fields[5]:.2f} ms, "
              f"p95 {fields[6]:.2f} ms, max {fields[7]:.2f} ms\n"
              f"resident memory with {len(created)} tenants alive: {memory:.0f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"tenants.py: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
