"""Fuzzing from the OpenAPI description: schemathesis generates requests for every operation the fake
serves (valid ones and ones that break the schema), against a fresh fake on the built-in scenario. No
answer may be a 5xx, every answer must match the description, and the process must survive all of it.

Bounded: a fixed number of examples per operation and generation mode, and a time budget for the
whole run, so it fits in CI. Failures are collected and reported together, not shrunk."""

import os
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import requests
import yaml

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.errors import FailedHealthCheck, Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from reliability_support import start_server, tenant_token, vault_token  # noqa: E402

DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"
EXAMPLES_PER_MODE = int(os.environ.get("FUZZ_EXAMPLES", "30"))
MIN_CASES = 2000
BUDGET_S = float(os.environ.get("FUZZ_BUDGET_S", "240"))
REQUEST_TIMEOUT_S = 10
# Operations that move or wipe what later operations need (the clock, the vault) run last.
LAST_TAGS = ("control",)


@schemathesis.serializer("message/rfc822")
def rfc822(context, value) -> bytes:
    return value.encode() if isinstance(value, str) else str(value).encode()


class OutOfTime(BaseException):
    """Ends an operation's examples when its time slice is spent (a BaseException, so Hypothesis neither
    records it as a failure nor shrinks it)."""


class Run:
    """What the run saw: cases per operation, statuses, failures, crashes."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.server = None
        self.restarts = 0
        self.cases = 0
        self.statuses = Counter()
        self.server_errors = []
        self.failures = defaultdict(list)
        self.crashes = []
        self.started = time.monotonic()
        self.slice_ends = float("inf")

    def start(self):
        self.server = start_server(self.directory / f"run{self.restarts}")

    def over_budget(self) -> bool:
        return time.monotonic() - self.started > BUDGET_S or time.monotonic() > self.slice_ends

    def start_slice(self, seconds: float) -> None:
        """Gives the next operation and mode at most `seconds`, so that a slow run still reaches every one."""
        self.slice_ends = time.monotonic() + seconds

    def headers_for(self, tags: list[str]) -> dict:
        """Credentials a real client of that API would send, fresh for each operation."""
        server = self.server
        try:
            if "gmail" in tags or "calendar" in tags:
                return {"Authorization": "Bearer " + vault_token(server, "google-oauth2")}
            if "github" in tags:
                return {"Authorization": "Bearer " + vault_token(server, "github")}
            if "slack" in tags:
                return {"Authorization": "Bearer " + vault_token(server, "sign-in-with-slack")}
            if "my-account" in tags:
                return {"Authorization": "Bearer " + tenant_token(server, server.issuer + "me/")}
            if "protected" in tags:
                return {"Authorization": "Bearer " + tenant_token(server, "sample-shop-api")}
        except AssertionError:
            return {}  # the seeded refresh token is gone (an earlier operation revoked it): fuzz without
        return {}


def operations(schema):
    found = [result.ok() for result in schema.get_all_operations()]
    return sorted(found, key=lambda op: (any(t in (op.tags or []) for t in LAST_TAGS), op.path, op.method))


def fuzz_operation(run: Run, operation, mode: GenerationMode) -> None:
    headers = run.headers_for(operation.tags or [])
    session = requests.Session()

    @settings(max_examples=EXAMPLES_PER_MODE, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def one(case):
        if run.over_budget() or run.server is None:
            raise OutOfTime()
        label = f"{case.method} {case.formatted_path}"
        try:
            response = case.call(base_url=run.server.base, session=session, headers=headers, timeout=REQUEST_TIMEOUT_S)
        except requests.RequestException as error:
            run.cases += 1
            if run.server.alive():
                run.failures[label].append(f"request failed: {error}")
                return
            run.crashes.append(f"{label}: {case.path_parameters} {case.query} {str(case.body)[:300]}\n"
                               f"{run.server.stderr()[-1500:]}")
            run.server.stop()
            run.restarts += 1
            run.start()
            return
        run.cases += 1
        run.statuses[response.status_code // 100] += 1
        if response.status_code >= 500:
            run.server_errors.append(f"{label} -> {response.status_code} {response.text[:300]}")
        try:
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance], headers=headers)
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001: every check failure is collected
            text = str(failure).strip().splitlines()
            run.failures[label].append(f"{response.status_code}: " + " | ".join(text[:6])[:600])

    try:
        one()
    except OutOfTime:
        pass
    except (Unsatisfiable, FailedHealthCheck):
        pass  # nothing to generate in this mode (e.g. no parameter to break in an operation without any)


def test_the_served_description_is_the_documented_one(tmp_path):
    server = start_server(tmp_path)
    try:
        served = server.get("/__admin/openapi.json").json()
    finally:
        server.stop()
    documented = yaml.safe_load(DOCUMENT.read_text())
    assert served["servers"] == [{"url": server.base}]
    assert set(served["paths"]) == set(documented["paths"])
    assert served["components"] == documented["components"]


def test_fuzz_every_operation(tmp_path):
    run = Run(tmp_path)
    run.start()
    # Fuzz from the description the fake serves about itself.
    document = run.server.get("/__admin/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    ops = operations(schema)
    try:
        slices = [(operation, mode) for operation in ops for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
        for index, (operation, mode) in enumerate(slices):
            remaining = BUDGET_S - (time.monotonic() - run.started)
            run.start_slice(remaining / (len(slices) - index))
            fuzz_operation(run, operation, mode)
        alive = run.server.alive()
    finally:
        run.server.stop()
    elapsed = time.monotonic() - run.started
    failures = {label: found[:3] for label, found in run.failures.items()}
    print(f"\nfuzz: {len(ops)} operations, {run.cases} cases in {elapsed:.0f}s, statuses {dict(run.statuses)}, "
          f"5xx {len(run.server_errors)}, crashes {len(run.crashes)}, failing operations {len(failures)}")
    assert not run.crashes, "the fake died:\n" + "\n\n".join(run.crashes[:5])
    assert not run.server_errors, "5xx answers:\n" + "\n".join(run.server_errors[:20])
    assert not failures, "check failures:\n" + "\n".join(f"{k}: {v}" for k, v in sorted(failures.items()))
    assert alive, "the fake does not answer after the run"
    assert run.cases >= MIN_CASES, f"only {run.cases} cases within the {BUDGET_S:.0f}s budget"
