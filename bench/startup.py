#!/usr/bin/env python3
"""Measure exec -> first HTTP 200 from GET /.well-known/jwks.json for fake-auth0.

Each run: fork/exec the binary on a fixed port with an existing --state dir,
poll with a tight socket-connect loop (sleep <= 0.5 ms between attempts) until
the JWKS request returns 200, record the elapsed time, then SIGTERM + wait.
Prints one line: "median_ms min_ms max_ms runs" (plus per-run values on stderr
with -v).
"""

import argparse
import socket
import statistics
import subprocess
import sys
import time

from process import stop

REQUEST = (
    "GET /.well-known/jwks.json HTTP/1.1\r\n"
    "Host: 127.0.0.1:{port}\r\n"
    "Connection: close\r\n\r\n"
)


def try_get(port: int) -> int | None:
    """Return the HTTP status, or None if the server is not accepting yet."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(REQUEST.format(port=port).encode())
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


def one_run(binary: str, port: int, state: str, timeout: float) -> float:
    args = [binary, "--port", str(port), "--https-port", "0", "--state", state, "--log-level", "warning"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        while True:
            status = try_get(port)
            if status == 200:
                elapsed = (time.perf_counter() - t0) * 1000.0
                return elapsed
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--state", required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    samples = [one_run(a.bin, a.port, a.state, a.timeout) for _ in range(a.runs)]
    if a.v:
        print(" ".join(f"{s:.1f}" for s in samples), file=sys.stderr)
    print(f"{statistics.median(samples):.1f} {min(samples):.1f} {max(samples):.1f} {len(samples)}")


if __name__ == "__main__":
    main()
