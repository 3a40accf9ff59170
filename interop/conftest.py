"""Fixtures for the interop suite: runs the real fake-auth0 binary on a free port."""

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SCENARIOS_DIR = Path(__file__).resolve().parent / "scenarios"
READY_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class FakeAuth0:
    base_url: str  # e.g. http://127.0.0.1:PORT (what clients actually talk to)
    issuer: str  # e.g. https://127.0.0.1:PORT/ (what tokens carry in "iss")
    domain: str  # e.g. 127.0.0.1:PORT
    port: int
    pid: int
    https_url: str | None = None  # e.g. https://127.0.0.1:PORT2 (the TLS listener)
    https_port: int | None = None
    ca_file: str | None = None  # the local CA certificate to trust for https_url


def _binary_path() -> Path:
    raw = os.environ.get("FAKE_AUTH0_BIN")
    path = Path(raw) if raw else REPO_ROOT / ".build" / "debug" / "fake-auth0"
    if not path.is_absolute():
        path = (Path.cwd() / path).resolve()
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(
            f"fake-auth0 binary not found or not executable: {path}\n"
            "Build it (swift build) or point FAKE_AUTH0_BIN at it.",
            pytrace=False,
        )
    return path


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _read_log(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def start_fake(tmp_dir: Path, scenario: str | None = None):
    """Start fake-auth0 and return (process, FakeAuth0). Caller must stop it."""
    binary = _binary_path()
    ready_file = tmp_dir / "ready.json"
    stderr_path = tmp_dir / "stderr.log"
    stdout_path = tmp_dir / "stdout.log"
    args = [
        str(binary),
        "--port", "0",
        "--https-port", "0",
        "--ephemeral",
        "--ready-file", str(ready_file),
        "--log-level", "warning",
    ]
    if scenario is not None:
        args += ["--scenario", str(SCENARIOS_DIR / scenario)]

    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=tmp_dir)

    deadline = time.monotonic() + READY_TIMEOUT_S
    info = None
    try:
        while True:
            if ready_file.exists():
                try:
                    info = json.loads(ready_file.read_text())
                    break
                except (json.JSONDecodeError, OSError):
                    pass  # partially written; retry
            code = proc.poll()
            if code is not None:
                pytest.fail(
                    f"fake-auth0 exited early with code {code} before becoming ready.\n"
                    f"command: {' '.join(args)}\n--- stderr ---\n{_read_log(stderr_path)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"fake-auth0 did not write {ready_file} within {READY_TIMEOUT_S:.0f}s.\n"
                    f"command: {' '.join(args)}\n--- stderr ---\n{_read_log(stderr_path)}",
                    pytrace=False,
                )
            time.sleep(0.02)
    except BaseException:
        _stop(proc)
        raise

    fake = FakeAuth0(
        base_url=info["http_url"].rstrip("/"),
        issuer=info["issuer"],
        domain=info["domain"],
        port=int(info["port"]),
        pid=proc.pid,
        https_url=info.get("https_url"),
        https_port=info.get("https_port"),
        ca_file=info.get("ca_file"),
    )
    return proc, fake


@pytest.fixture(scope="session")
def fake(tmp_path_factory):
    proc, handle = start_fake(tmp_path_factory.mktemp("fake-auth0"))
    try:
        yield handle
    finally:
        _stop(proc)
