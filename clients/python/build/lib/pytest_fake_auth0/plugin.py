"""The pytest plugin: one fake-auth0 process per session (per xdist worker) and an isolated tenant for
every test that asks for `fake_auth0`.

```python
@pytest.mark.fake_auth0_scenario("scenarios/ciba-approve.yaml")
def test_agent_buys(fake_auth0):
    agent = Agent(domain=fake_auth0.domain, ...)
    fake_auth0.approve_next("auth0|alice")
```
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .binary import BinaryNotFound, find_binary
from .server import FakeAuth0Process
from .tenant import Tenant

MARKER = "fake_auth0_scenario"


def pytest_addoption(parser):
    group = parser.getgroup("fake-auth0")
    group.addoption("--fake-auth0-bin", default=None,
                    help="the fake-auth0 binary (default: $FAKE_AUTH0_BIN, PATH, then .build/ of the repository)")
    parser.addini("fake_auth0_scenario", "scenario file for tests without a fake_auth0_scenario marker "
                  "(relative to the rootdir; default: the built-in demo scenario)", default=None)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"{MARKER}(scenario): the scenario of the test's fake_auth0 tenant: a YAML/JSON file "
        "(relative to the test file, else the rootdir) or a mapping")


def _resolve(scenario, request: pytest.FixtureRequest):
    """A relative scenario path: next to the test file, else under the rootdir, else the working directory."""
    if scenario is None or not isinstance(scenario, (str, os.PathLike)):
        return scenario
    path = Path(scenario)
    if path.is_absolute():
        return path
    bases = [Path(str(request.path)).parent, Path(str(request.config.rootpath)), Path.cwd()]
    for base in bases:
        if (base / path).exists():
            return base / path
    raise pytest.UsageError(f"fake-auth0 scenario not found: {scenario} (looked in {', '.join(map(str, bases))})")


@pytest.fixture(scope="session")
def fake_auth0_process(request, tmp_path_factory):
    """The session's fake-auth0 process (one per xdist worker). Its own tenant is `.tenant`; tests get
    tenants of their own from `fake_auth0`."""
    config = request.config
    binary = config.getoption("--fake-auth0-bin")
    try:
        if binary is None:
            binary = find_binary([config.rootpath, Path.cwd()])
    except BinaryNotFound as error:
        raise pytest.UsageError(str(error)) from None
    process = FakeAuth0Process(binary=binary, workdir=tmp_path_factory.mktemp("fake-auth0"),
                               search_from=[config.rootpath])
    process.start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def fake_auth0(request, fake_auth0_process) -> Tenant:
    """An isolated tenant for this test, on its own ports, deleted afterwards.

    The scenario comes from `@pytest.mark.fake_auth0_scenario(...)`, else an indirect parameter
    (`@pytest.mark.parametrize("fake_auth0", ["x.yaml"], indirect=True)`), else the
    `fake_auth0_scenario` ini option, else the built-in demo scenario."""
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None:
        if len(marker.args) != 1:
            raise pytest.UsageError(f"@pytest.mark.{MARKER} takes one scenario")
        scenario = marker.args[0]
    elif hasattr(request, "param"):
        scenario = request.param
    else:
        scenario = request.config.getini("fake_auth0_scenario") or None
    tenant = fake_auth0_process.create_tenant(_resolve(scenario, request))
    try:
        yield tenant
    finally:
        fake_auth0_process.delete_tenant(tenant)


@pytest.fixture
def fake_auth0_env(fake_auth0, monkeypatch) -> dict[str, str]:
    """The test's tenant's `fake-auth0 env` variables, set in os.environ for the test (AUTH0_DOMAIN,
    AUTH0_CLIENT_ID, …, and the CA variables); restored afterwards."""
    variables = fake_auth0.env()
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return variables
