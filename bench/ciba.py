#!/usr/bin/env python3
"""CIBA latency for fake-auth0, over one reused HTTP/1.1 keep-alive connection to 127.0.0.1.

1. Full approve flow, N times (default 200): POST /bc-authorize, then POST /oauth/token with the
   CIBA grant until tokens arrive (ciba-bench.yaml: interval 0, approved after one pending poll,
   so three requests per flow). Wall time per flow.
2. Polls on pending requests: creates M pending requests (default 1,000; binding message
   "hold ...", which the scenario never decides), then times K polls (default 500) against ids
   picked at random; each must answer 400 authorization_pending.

Starts its own server (--ephemeral, port 0, the scenario next to this file) and stops it on exit,
also on errors, Ctrl-C and SIGTERM. Every request has a timeout and the whole run a deadline.
Standard library only.

Prints one line on stdout:
  "flows flow_median_ms flow_p95_ms flow_max_ms requests_per_flow polls poll_median_ms poll_p95_ms poll_max_ms pending"
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

HERE = Path(__file__).resolve().parent
CLIENT_ID = "shop-agent"
CLIENT_SECRET = "shop-agent-secret"
API = "https://api.shop.example/"
CIBA_GRANT = "urn:openid:params:grant-type:ciba"
USERS = ["auth0|alice", "auth0|bob"]


class BenchError(Exception):
    pass


class Deadline:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds
        self.seconds = seconds

    def check(self, what: str) -> None:
        if time.monotonic() > self.end:
            raise BenchError(f"time budget of {self.seconds:.0f} s exceeded during {what}")


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
    """Form POSTs over one keep-alive connection."""

    def __init__(self, port: int, timeout: float):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.headers = {"Content-Type": "application/x-www-form-urlencoded", "Connection": "keep-alive"}

    def post(self, path: str, form: dict) -> tuple[int, dict]:
        self.conn.request("POST", path, body=urlencode(form), headers=self.headers)
        resp = self.conn.getresponse()
        body = resp.read()
        if resp.getheader("Connection", "").lower() == "close":
            raise BenchError(f"server closed the keep-alive connection after POST {path}")
        return resp.status, json.loads(body)

    def bc_authorize(self, issuer: str, user: str, message: str) -> str:
        status, body = self.post("/bc-authorize", {
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "scope": "openid product:buy",
            "audience": API, "binding_message": message,
            "login_hint": json.dumps({"format": "iss_sub", "iss": issuer, "sub": user})})
        if status != 200:
            raise BenchError(f"/bc-authorize: {status} {body}")
        return body["auth_req_id"]

    def poll(self, auth_req_id: str) -> tuple[int, dict]:
        return self.post("/oauth/token", {
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "grant_type": CIBA_GRANT,
            "auth_req_id": auth_req_id})

    def close(self) -> None:
        self.conn.close()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def full_flows(client: Client, issuer: str, n: int, max_polls: int, deadline: Deadline) -> tuple[list[float], float]:
    times, requests_made = [], 0
    for i in range(n):
        deadline.check("the approve flows")
        t0 = time.perf_counter()
        rid = client.bc_authorize(issuer, USERS[i % 2], f"Buy {i + 1} Green Tea")
        requests_made += 1
        for _ in range(max_polls):
            status, body = client.poll(rid)
            requests_made += 1
            if status == 200:
                if not body.get("access_token") or not body.get("id_token"):
                    raise BenchError(f"flow {i}: 200 without tokens: {body}")
                break
            if body.get("error") != "authorization_pending":
                raise BenchError(f"flow {i}: unexpected poll answer {status} {body}")
        else:
            raise BenchError(f"flow {i}: no tokens after {max_polls} polls")
        times.append((time.perf_counter() - t0) * 1000)
    return times, requests_made / n


def pending_polls(client: Client, issuer: str, pending: int, polls: int, seed: int,
                  deadline: Deadline) -> list[float]:
    ids = []
    for i in range(pending):
        deadline.check("creating pending requests")
        ids.append(client.bc_authorize(issuer, USERS[i % 2], f"hold request {i}"))
    rng = random.Random(seed)
    times = []
    for _ in range(polls):
        deadline.check("the pending polls")
        rid = rng.choice(ids)
        t0 = time.perf_counter()
        status, body = client.poll(rid)
        times.append((time.perf_counter() - t0) * 1000)
        if (status, body.get("error")) != (400, "authorization_pending"):
            raise BenchError(f"poll of pending {rid}: unexpected {status} {body}")
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="fake-auth0 binary")
    ap.add_argument("--scenario", default=str(HERE / "ciba-bench.yaml"))
    ap.add_argument("--flows", type=int, default=200)
    ap.add_argument("--pending", type=int, default=1000)
    ap.add_argument("--polls", type=int, default=500)
    ap.add_argument("--max-polls-per-flow", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--budget", type=float, default=120.0, help="seconds for the whole run")
    ap.add_argument("--request-timeout", type=float, default=10.0)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    def on_term(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    deadline = Deadline(args.budget)
    with tempfile.TemporaryDirectory(prefix="fake-auth0-ciba-bench.") as tmp:
        proc = None
        try:
            binary, scenario = str(Path(args.bin).resolve()), Path(args.scenario).resolve()
            proc, info = start_server(binary, scenario, Path(tmp), timeout=20)
            client = Client(int(info["port"]), args.request_timeout)
            try:
                flow_ms, per_flow = full_flows(client, info["issuer"], args.flows, args.max_polls_per_flow, deadline)
                poll_ms = pending_polls(client, info["issuer"], args.pending, args.polls, args.seed, deadline)
            finally:
                client.close()
        except (BenchError, OSError, http.client.HTTPException, json.JSONDecodeError) as error:
            print(f"ciba bench: {error}", file=sys.stderr)
            return 1
        finally:
            if proc is not None:
                stop(proc)

    f_med, f_p95, f_max = statistics.median(flow_ms), p95(flow_ms), max(flow_ms)
    p_med, p_p95, p_max = statistics.median(poll_ms), p95(poll_ms), max(poll_ms)
    if args.verbose:
        print(f"approve flow x{len(flow_ms)} ({per_flow:.1f} requests each): median {f_med:.2f} ms, "
              f"p95 {f_p95:.2f} ms, max {f_max:.2f} ms", file=sys.stderr)
        print(f"poll on pending x{len(poll_ms)} (of {args.pending} pending): median {p_med:.2f} ms, "
              f"p95 {p_p95:.2f} ms, max {p_max:.2f} ms", file=sys.stderr)
    print(f"{len(flow_ms)} {f_med:.2f} {f_p95:.2f} {f_max:.2f} {per_flow:.1f} "
          f"{len(poll_ms)} {p_med:.2f} {p_p95:.2f} {p_max:.2f} {args.pending}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
