"""Fixtures for the interop suite: runs the real fake-auth0 binary on a free port.

`fake` is one server on the built-in demo tenant for the whole session. `endpoint` and `tenant` are
parametrized over the two listeners, so a test that takes them runs once over plain HTTP and once
over HTTPS; while it runs over HTTPS the Python CA variables point at the fake's CA."""

import gc
import importlib
import json
import os
import signal
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
SCENARIOS_DIR = Path(__file__).resolve().parent / "scenarios"
READY_TIMEOUT_S = 20.0


def pytest_configure(config):
    # auth0-server-python calls pydantic v1 methods that pydantic 2 marks deprecated: noise here.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:auth0_server_python")


def _import_quietly(*modules: str) -> None:
    """authlib forces its deprecation warnings on (its filter wins over pytest's) and warns about its own
    modules while auth0-api-python imports them: import them once, silenced."""
    with warnings.catch_warnings():
        for module in modules:
            warnings.simplefilter("ignore")  # again after each: an import may put its own filters first
            try:
                importlib.import_module(module)
            except ImportError:
                pass  # requirements.txt not installed: the tests that need it say so


_import_quietly("authlib.deprecate", "authlib.jose")


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
    # Client connections kept alive only by reference cycles (an SDK error's traceback holding its
    # HTTP connection) are closed first, as leaving the process would close them.
    gc.collect()
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


def start_fake(tmp_dir: Path, scenario: str | None = None, extra_args: tuple[str, ...] = ()):
    """Start fake-auth0 and return (process, FakeAuth0). Caller must stop it. Its ready file is
    tmp_dir/ready.json."""
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
    args += list(extra_args)

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


# --- one test, both listeners ------------------------------------------------------------------

TRANSPORTS = ("http", "https")
# What Python's HTTP stacks read to trust a CA: ssl/urllib/httpx, requests, httplib2. They replace
# the system trust store, and whatever the machine presets must be overwritten, not kept.
CA_VARIABLES = ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "HTTPLIB2_CA_CERTS")
ADMIN_TIMEOUT_S = 10


@dataclass(frozen=True)
class Endpoint:
    """A running fake as a client sees it through one of its listeners."""

    fake: FakeAuth0
    scheme: str  # "http" or "https": also auth0-python's `protocol`
    base_url: str  # e.g. https://127.0.0.1:PORT2
    domain: str  # host:port, what an SDK is given as its Auth0 domain
    issuer: str  # https://{domain}/, the `iss` of every token minted through this listener

    @property
    def protocol(self) -> str:
        return self.scheme

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def jwks_url(self) -> str:
        return self.base_url + "/.well-known/jwks.json"

    # The test's own controls go through the plain HTTP listener: they are not the client under test.
    def admin(self, method: str, path: str, body=None, **query) -> requests.Response:
        return requests.request(method, self.fake.base_url + "/__admin" + path, json=body, params=query or None,
                                timeout=ADMIN_TIMEOUT_S)

    def advance(self, seconds: int) -> None:
        resp = self.admin("POST", "/clock/advance", {"seconds": seconds})
        assert resp.status_code == 200, resp.text

    def freeze(self) -> None:
        resp = self.admin("POST", "/clock/freeze")
        assert resp.status_code == 200 and resp.json()["frozen"] is True, resp.text


def endpoint_for(fake: FakeAuth0, scheme: str) -> Endpoint:
    """The endpoint of one listener, for a scenario without `tenant.domain` (the issuer then follows
    the host:port the client uses)."""
    if scheme == "http":
        return Endpoint(fake, "http", fake.base_url, fake.domain, fake.issuer)
    if not fake.https_url:
        pytest.fail("fake-auth0 did not report an HTTPS listener (https_url) in its ready file", pytrace=False)
    domain = f"127.0.0.1:{fake.https_port}"
    return Endpoint(fake, "https", fake.https_url.rstrip("/"), domain, f"https://{domain}/")


class _CaTrust:
    """Points the CA variables at the CAs of the fakes a test talks to over HTTPS (each ephemeral
    fake has its own CA, so several are joined into one bundle). monkeypatch restores them."""

    def __init__(self, monkeypatch, bundle_dir: Path):
        self.monkeypatch = monkeypatch
        self.bundle_dir = bundle_dir
        self.ca_files: list[str] = []

    def add(self, ca_file: str | None) -> None:
        if not ca_file:
            pytest.fail("fake-auth0 did not report its CA certificate (ca_file) in its ready file", pytrace=False)
        if ca_file in self.ca_files:
            return
        self.ca_files.append(ca_file)
        target = ca_file
        if len(self.ca_files) > 1:
            target = str(self.bundle_dir / f"ca-bundle-{len(self.ca_files)}.pem")
            Path(target).write_text("".join(Path(f).read_text() for f in self.ca_files))
        for name in CA_VARIABLES:
            self.monkeypatch.setenv(name, target)


class Tenants:
    """Starts fakes on scenarios and hands out their endpoint for one transport; stops them all."""

    def __init__(self, tmp_path: Path, scheme: str, trust: _CaTrust):
        self.tmp_path = tmp_path
        self.scheme = scheme
        self.trust = trust
        self.procs: list[subprocess.Popen] = []

    def __call__(self, scenario: str | Path | None = None, *, frozen: bool = False) -> Endpoint:
        """A fresh fake on `scenario` (a name in interop/scenarios/ or a path), clock frozen if asked."""
        work = self.tmp_path / f"fake-{len(self.procs)}"
        work.mkdir()
        proc, fake = start_fake(work, None if scenario is None else str(scenario))
        self.procs.append(proc)
        endpoint = self.endpoint(fake)
        if frozen:
            endpoint.freeze()
        return endpoint

    def endpoint(self, fake: FakeAuth0) -> Endpoint:
        if self.scheme == "https":
            self.trust.add(fake.ca_file)
        return endpoint_for(fake, self.scheme)

    def stop(self) -> None:
        for proc in self.procs:
            _stop(proc)


@pytest.fixture(params=TRANSPORTS)
def transport(request) -> str:
    """"http" or "https": each test that depends on it runs once per listener."""
    return request.param


def _tenants(tmp_path, monkeypatch, scheme: str):
    tenants = Tenants(tmp_path, scheme, _CaTrust(monkeypatch, tmp_path))
    try:
        yield tenants
    finally:
        tenants.stop()


@pytest.fixture
def tenant(tmp_path, monkeypatch, transport):
    """tenant(scenario) -> Endpoint of a fresh fake over the parametrized transport."""
    yield from _tenants(tmp_path, monkeypatch, transport)


@pytest.fixture
def https_tenant(tmp_path, monkeypatch):
    """tenant(scenario) -> Endpoint over HTTPS only, for SDKs that insist on https://{domain}."""
    yield from _tenants(tmp_path, monkeypatch, "https")


@pytest.fixture
def endpoint(fake, tmp_path, monkeypatch, transport) -> Endpoint:
    """The session's demo tenant over the parametrized transport (tests must not change its state)."""
    return Tenants(tmp_path, transport, _CaTrust(monkeypatch, tmp_path)).endpoint(fake)


@pytest.fixture
def https_endpoint(fake, tmp_path, monkeypatch) -> Endpoint:
    """The session's demo tenant over HTTPS only."""
    return Tenants(tmp_path, "https", _CaTrust(monkeypatch, tmp_path)).endpoint(fake)


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for a test module (the browser tests); quit when the module is done."""
    from browser_support import Chromium

    browser = Chromium()
    try:
        yield browser
    finally:
        browser.quit()
