"""Crash safety: kill -9 in the middle of concurrent writes, restart on the same state directory, and
check that the database is intact and that every write the fake acknowledged is still there."""

import json
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from reliability_support import TIMEOUT, start_server

KILLS = 3
WRITERS = 8
WRITE_SECONDS = 1.5  # of load before each kill
MAX_WRITES_PER_ROUND = 3000

SCENARIO = """\
tenant: { name: crash }
clients:
  - { id: agent, type: regular_web, secret: agent-secret, grants: [ciba] }
users:
  - { sub: auth0|alice, email: alice@example.com }
connections:
  - { name: github }
ciba:
  interval: 0
  default: never
"""


def writer(server, stop: threading.Event, acknowledged: list, lock: threading.Lock, n: int) -> None:
    """Writes until told to stop or the server dies; records what the server acknowledged."""
    session = requests.Session()
    hint = json.dumps({"format": "iss_sub", "iss": server.issuer, "sub": "auth0|alice"})
    i = 0
    while not stop.is_set():
        i += 1
        try:
            if i % 2:
                resp = session.post(server.url("/__admin/vault/accounts"), timeout=TIMEOUT,
                                    json={"user": "auth0|alice", "connection": "github", "scopes": [f"w{n}-{i}"]})
                if resp.status_code == 201:
                    with lock:
                        acknowledged.append(("vault", resp.json()["id"]))
            else:
                resp = session.post(server.url("/bc-authorize"), timeout=TIMEOUT, data={
                    "client_id": "agent", "client_secret": "agent-secret", "scope": "openid",
                    "login_hint": hint, "binding_message": f"w{n} {i}"})
                if resp.status_code == 200:
                    with lock:
                        acknowledged.append(("ciba", resp.json()["auth_req_id"]))
        except requests.RequestException:
            return  # the server is gone
        with lock:
            if len(acknowledged) >= MAX_WRITES_PER_ROUND:
                return


def integrity(state_dir) -> str:
    with sqlite3.connect(f"file:{state_dir / 'state.sqlite'}?mode=ro", uri=True) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def test_kill_9_during_writes_loses_no_acknowledged_write(tmp_path):
    state = tmp_path / "state"
    acknowledged: list = []
    for round_ in range(KILLS):
        server = start_server(tmp_path / f"run{round_}", scenario=SCENARIO, state=state)
        try:
            server.assert_alive()
            # Everything acknowledged before, by this or an earlier (killed) process, is there.
            for kind, identifier in acknowledged:
                path = f"/vault/accounts/{identifier}" if kind == "vault" else f"/ciba/requests/{identifier}"
                resp = server.admin("GET", path)
                assert resp.status_code == 200, f"lost {kind} write {identifier}: {resp.status_code} {resp.text}"
            stop = threading.Event()
            lock = threading.Lock()
            before = len(acknowledged)
            with ThreadPoolExecutor(WRITERS) as pool:
                futures = [pool.submit(writer, server, stop, acknowledged, lock, n) for n in range(WRITERS)]
                time.sleep(WRITE_SECONDS)
                server.kill9()  # mid-load: writers are in the middle of requests
                stop.set()
                for future in futures:
                    future.result(timeout=30)
            assert len(acknowledged) > before, "no write was acknowledged before the kill"
            assert integrity(state) == "ok"
        finally:
            server.stop()
    final = start_server(tmp_path / "final", scenario=SCENARIO, state=state)
    try:
        vault_ids = {a["id"] for a in final.admin("GET", "/vault/accounts").json()["accounts"]}
        ciba_ids = {r["auth_req_id"] for r in final.admin("GET", "/ciba/requests").json()["requests"]}
        lost = [(k, i) for k, i in acknowledged if i not in (vault_ids if k == "vault" else ciba_ids)]
        assert not lost, f"{len(lost)} acknowledged writes lost of {len(acknowledged)}: {lost[:5]}"
        final.assert_alive()
    finally:
        final.stop()
