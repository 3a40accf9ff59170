"""The JSON Schema of the scenario format: `fake-auth0 schema` prints the committed copy, every example
scenario validates against it (with the `jsonschema` package, as an editor or CI would), and what it
refuses the fake refuses too."""

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO_ROOT, _binary_path

SCHEMA_FILE = REPO_ROOT / "docs" / "scenario.schema.json"
EXAMPLES = sorted([*REPO_ROOT.glob("scenarios/*.yaml"), *REPO_ROOT.glob("interop/scenarios/*.yaml"),
                   *REPO_ROOT.glob("clients/python/tests/scenarios/*.yaml")])


class _Loader(yaml.SafeLoader):
    """YAML as the fake reads it: a date-like scalar stays a string."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path):
    return yaml.load(path.read_text(), Loader=_Loader) or {}


@pytest.fixture(scope="module")
def schema() -> dict:
    printed = subprocess.run([str(_binary_path()), "schema"], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(printed.stdout)


@pytest.fixture(scope="module")
def validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_copy_is_what_the_binary_prints(schema):
    printed = subprocess.run([str(_binary_path()), "schema"], capture_output=True, text=True, timeout=30).stdout
    assert printed == SCHEMA_FILE.read_text(), "docs/scenario.schema.json is stale: run fake-auth0 schema > it"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_there_are_examples():
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_example_scenario_validates(validator, path):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(load_yaml(path))]
    assert errors == []


def test_the_schema_describes_the_top_level_sections(schema):
    assert set(schema["properties"]) >= {
        "tenant", "clients", "apis", "users", "connections", "refresh_tokens", "ciba", "connect", "login",
        "fixtures", "providers", "protected_apis"}
    assert schema["additionalProperties"] is False
    client = schema["$defs"]["ClientConfig"]
    assert "id" in client["required"] and "ciba" in client["properties"]["grants"]["items"]["enum"]


BAD = {
    "an unknown top-level key": {"tenants": {}},
    "an unknown client key": {"clients": [{"id": "a", "type": "m2m", "secrett": "x"}]},
    "an unknown client type": {"clients": [{"id": "a", "type": "native-ish"}]},
    "a client without an id": {"clients": [{"type": "m2m"}]},
    "a lifetime that is not a number": {"tenant": {"access_token_lifetime": "long"}},
    "an unknown CIBA decision": {"ciba": {"default": "maybe"}},
    "a CIBA delay with two units": {"ciba": {"default": {"approve_after": {"polls": 1, "seconds": 2}}}},
}


@pytest.mark.parametrize("scenario", BAD.values(), ids=BAD.keys())
def test_the_schema_and_the_fake_both_refuse(validator, scenario, tmp_path):
    assert list(validator.iter_errors(scenario)), "the schema accepted it"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(scenario))
    result = subprocess.run([str(_binary_path()), "validate", str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and result.stderr.startswith(f"{path}:")
