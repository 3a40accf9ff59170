"""Shared pieces of the reliability suite: a fake-auth0 process the test owns (its own scenario, state
directory and flags, so a test may kill it), and the calls the suite makes against it."""

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from conftest import _binary_path

TIMEOUT = 10
READY_TIMEOUT_S = 30
VAULT_GRANT = "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token"
REFRESH_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:refresh_token"
UPSTREAM_TOKEN_TYPE = "http://auth0.com/oauth/token-type/federated-connection-access-token"


@dataclass
class Server:
    """One fake-auth0 process started by a test."""

    proc: subprocess.Popen
    info: dict
    directory: Path
    args: list = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.info["http_url"].rstrip("/")

    @property
    def issuer(self) -> str:
        return self.info["issuer"]

    def url(self, path: str) -> str:
        return self.base + path

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url(path), timeout=TIMEOUT, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url(path), timeout=TIMEOUT, **kwargs)

    def admin(self, method: str, path: str, body=None, **kwargs) -> requests.Response:
        return requests.request(method, self.url("/__admin" + path), json=body, timeout=TIMEOUT, **kwargs)

    def alive(self) -> bool:
        """The process runs and answers a request."""
        if self.proc.poll() is not None:
            return False
        try:
            return requests.get(self.url("/.well-known/jwks.json"), timeout=TIMEOUT).status_code == 200
        except requests.RequestException:
            return False

    def assert_alive(self) -> None:
        code = self.proc.poll()
        assert code is None, f"fake-auth0 exited with {code}:\n{self.stderr()[-4000:]}"
        assert self.alive(), f"fake-auth0 does not answer:\n{self.stderr()[-4000:]}"

    def stderr(self) -> str:
        try:
            return (self.directory / "stderr.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def kill9(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)


def start_server(directory: Path, *args: str, scenario: str | None = None, state: Path | None = None,
                 env: dict | None = None, https: bool = False) -> Server:
    """Starts fake-auth0 in `directory` (ephemeral unless `state` is given), with `scenario` as YAML text."""
    directory.mkdir(parents=True, exist_ok=True)
    ready = directory / "ready.json"
    ready.unlink(missing_ok=True)
    command = [str(_binary_path()), "serve", "--port", "0", "--ready-file", str(ready), "--log-level", "warning"]
    command += ["--https-port", "0"] if https else ["--no-https"]
    command += ["--state", str(state)] if state is not None else ["--ephemeral"]
    if scenario is not None:
        path = directory / "scenario.yaml"
        path.write_text(scenario)
        command += ["--scenario", str(path)]
    command += list(args)
    environment = {**os.environ, **(env or {})}
    with open(directory / "stdout.log", "wb") as out, open(directory / "stderr.log", "wb") as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=directory, env=environment)
    server = Server(proc=proc, info={}, directory=directory, args=command)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while True:
        if ready.exists():
            try:
                server.info = json.loads(ready.read_text())
                return server
            except (json.JSONDecodeError, OSError):
                pass
        if proc.poll() is not None:
            raise AssertionError(f"fake-auth0 exited with {proc.returncode} before ready:\n{server.stderr()}")
        if time.monotonic() > deadline:
            server.stop()
            raise AssertionError(f"fake-auth0 not ready after {READY_TIMEOUT_S}s:\n{server.stderr()}")
        time.sleep(0.02)


def vault_token(server: Server, connection: str, refresh_token: str = "demo-alice-refresh-token",
                client=("demo-web", "demo-web-secret")) -> str:
    """The upstream token the Token Vault hands out for the built-in scenario's Alice."""
    resp = server.post("/oauth/token", data={
        "grant_type": VAULT_GRANT, "client_id": client[0], "client_secret": client[1],
        "subject_token_type": REFRESH_TOKEN_TYPE, "subject_token": refresh_token,
        "requested_token_type": UPSTREAM_TOKEN_TYPE, "connection": connection,
    })
    assert resp.status_code == 200, resp.text
    return resp.json()["access_token"]


def tenant_token(server: Server, audience: str, refresh_token: str = "demo-alice-refresh-token",
                 client=("demo-web", "demo-web-secret")) -> str:
    """An access token of the tenant for `audience`, by multi-resource refresh."""
    resp = server.post("/oauth/token", data={
        "grant_type": "refresh_token", "client_id": client[0], "client_secret": client[1],
        "refresh_token": refresh_token, "audience": audience,
    })
    assert resp.status_code == 200, resp.text
    return resp.json()["access_token"]
