#!/usr/bin/env python3
"""Measure exec -> first HTTP 200 from GET /.well-known/jwks.json for fake-auth0.

Each run: fork/exec the binary on a fixed port with an existing --state dir,
poll with a tight socket-connect loop (sleep <= 0.5 ms between attempts) until
the JWKS request returns 200, record the elapsed time, then SIGTERM + wait.
Prints one line: "median_ms min_ms max_ms runs" (plus per-run values on stderr
with -v). With --rss, a fifth value: the median resident memory (MB) read from
/proc when the first 200 arrived.

Options for other servers and cases: --path (the polled path), --scenario (passed
to fake-auth0), --fresh-state (each run starts from a copy of the --state directory,
so the scenario's rows are written again every time, while the signing key and
certificates are loaded, not made), and a command after `--` (with
`{port}` placeholders) that replaces the fake-auth0 command line altogether.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from process import stop

REQUEST = (
    "GET {path} HTTP/1.1\r\n"
    "Host: 127.0.0.1:{port}\r\n"
    "Connection: close\r\n\r\n"
)


def try_get(port: int, path: str) -> int | None:
    """Return the HTTP status, or None if the server is not accepting yet."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(REQUEST.format(port=port, path=path).encode())
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    return None
                data += chunk
            parts = data.split(b"\r\n", 1)[0].split()
            return int(parts[1]) if len(parts) >= 2 else None
    except (ConnectionRefusedError, ConnectionResetError, socket.timeout):
        return None


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def one_run(args: list[str], port: int, path: str, timeout: float) -> tuple[float, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        while True:
            status = try_get(port, path)
            if status == 200:
                elapsed = (time.perf_counter() - t0) * 1000.0
                return elapsed, rss_mb(proc.pid)
            code = proc.poll()
            if code is not None:
                err = proc.stderr.read().decode(errors="replace")
                raise SystemExit(f"startup.py: server exited with {code} before 200:\n{err}")
            if time.perf_counter() - t0 > timeout:
                raise SystemExit(f"startup.py: no 200 within {timeout}s")
            time.sleep(0.0005)
    finally:
        stop(proc)
        if proc.stderr:
            proc.stderr.close()


def command_line(a: argparse.Namespace, run: int, copies: str) -> list[str]:
    if a.command:
        return [part.replace("{port}", str(a.port)) for part in a.command]
    state = a.state
    if a.fresh_state:
        state = os.path.join(copies, f"run{run}")
        shutil.copytree(a.state, state)
    args = [a.bin, "--port", str(a.port), "--https-port", "0", "--state", state, "--log-level", "warning"]
    if a.scenario:
        args += ["--scenario", a.scenario]
    return args


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--state", default="")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--path", default="/.well-known/jwks.json")
    ap.add_argument("--scenario")
    ap.add_argument("--fresh-state", action="store_true")
    ap.add_argument("--rss", action="store_true")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("command", nargs="*", help="a whole command line instead of fake-auth0's ({port} is replaced)")
    a = ap.parse_args()
    samples = []
    memory = []
    copies = tempfile.mkdtemp(prefix="startup-state-") if a.fresh_state else ""
    try:
        for run in range(a.runs):
            elapsed, rss = one_run(command_line(a, run, copies), a.port, a.path, a.timeout)
            samples.append(elapsed)
            memory.append(rss)
    finally:
        if copies:
            shutil.rmtree(copies, ignore_errors=True)
    if a.v:
        print(" ".join(f"{s:.1f}" for s in samples), file=sys.stderr)
    line = f"{statistics.median(samples):.1f} {min(samples):.1f} {max(samples):.1f} {len(samples)}"
    if a.rss:
        line += f" {statistics.median(memory):.1f}"
    print(line)


if __name__ == "__main__":
    main()
