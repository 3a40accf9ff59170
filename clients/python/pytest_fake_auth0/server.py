"""Running the fake-auth0 binary: one process, its own tenant, and tenants made on demand in it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterable

from .binary import find_binary
from .tenant import Tenant, request_json, scenario_request, _query

READY_TIMEOUT_S = 30.0


class FakeAuth0Process:
    """One `fake-auth0 --port 0 --ephemeral` process (HTTP and HTTPS on free ports, all in memory).

    ```python
    with FakeAuth0Process() as fake:
        tenant = fake.create_tenant("scenarios/ciba-approve.yaml")
        ...
        fake.delete_tenant(tenant)
    ```
    """

    def __init__(self, binary: str | os.PathLike | None = None, scenario: str | os.PathLike | None = None,
                 args: Iterable[str] = (), workdir: str | os.PathLike | None = None,
                 search_from: Iterable[str | os.PathLike] = (), log_level: str = "warning"):
        self.binary = Path(binary) if binary else find_binary(search_from)
        self.scenario = scenario
        self.args = list(args)
        self.log_level = log_level
        self._own_dir = None if workdir else tempfile.TemporaryDirectory(prefix="fake-auth0-")
        self.workdir = Path(workdir) if workdir else Path(self._own_dir.name)
        self.process: subprocess.Popen | None = None
        self.tenant: Tenant | None = None  # the process's own tenant, once started

    @property
    def stderr_path(self) -> Path:
        return self.workdir / "fake-auth0.stderr.log"

    def log(self) -> str:
        """What the fake wrote to stderr (one line per request, errors)."""
        try:
            return self.stderr_path.read_text(errors="replace")
        except OSError:
            return ""

    def start(self, timeout: float = READY_TIMEOUT_S) -> "FakeAuth0Process":
        ready = self.workdir / "ready.json"
        ready.unlink(missing_ok=True)
        command = [str(self.binary), "serve", "--port", "0", "--ephemeral", "--ready-file", str(ready),
                   "--log-level", self.log_level, *self.args]
        if self.scenario is not None:
            command += ["--scenario", str(Path(self.scenario).resolve())]
        with open(self.workdir / "fake-auth0.stdout.log", "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                            cwd=self.workdir)
        deadline = time.monotonic() + timeout
        while True:
            try:
                info = json.loads(ready.read_text())
                break
            except (OSError, ValueError):
                pass  # not written yet (it is written atomically)
            code = self.process.poll()
            if code is not None:
                self.stop()
                raise RuntimeError(f"fake-auth0 exited with code {code} before it was ready.\n"
                                   f"command: {' '.join(command)}\n{self.log()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"fake-auth0 was not ready within {timeout:.0f}s.\n{self.log()}")
            time.sleep(0.01)
        self.tenant = Tenant.from_info(info)
        return self

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not stopped within 10 s."""
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if self._own_dir is not None:
            self._own_dir.cleanup()
            self._own_dir = None

    def __enter__(self) -> "FakeAuth0Process":
        return self.start() if self.process is None else self

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- tenants on demand ---------------------------------------------------------------------------

    def _tenants_url(self, suffix: str = "") -> str:
        if self.tenant is None:
            raise RuntimeError("fake-auth0 is not running")
        return self.tenant.url + "/__admin/tenants" + suffix

    def create_tenant(self, scenario=None) -> Tenant:
        """A new tenant in this process, on its own ports, with its own in-memory state. `scenario`: a
        file path, a mapping or bytes of YAML/JSON; None for a copy of the process's scenario."""
        if scenario is None:
            return Tenant.from_info(request_json("POST", self._tenants_url()))
        raw, content_type, query = scenario_request(scenario)
        return Tenant.from_info(request_json("POST", self._tenants_url(_query(**query)), raw=raw,
                                             content_type=content_type))

    def tenants(self) -> list[Tenant]:
        """The tenants made on demand that are still running."""
        return [Tenant.from_info(info) for info in request_json("GET", self._tenants_url())["tenants"]]

    def delete_tenant(self, tenant: Tenant | str) -> None:
        """Stop a tenant made on demand and forget its state."""
        tenant_id = tenant.id if isinstance(tenant, Tenant) else tenant
        request_json("DELETE", self._tenants_url("/" + str(tenant_id)))
