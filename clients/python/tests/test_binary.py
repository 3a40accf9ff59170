"""Where the plugin finds the binary: FAKE_AUTH0_BIN, then PATH, then a .build folder."""

import os
from pathlib import Path

import pytest

from pytest_fake_auth0 import BinaryNotFound, find_binary


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    monkeypatch.delenv("FAKE_AUTH0_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    return monkeypatch


def test_the_variable_wins(clean_env, tmp_path):
    explicit = executable(tmp_path / "custom" / "fake-auth0")
    executable(tmp_path / "bin" / "fake-auth0")
    clean_env.setenv("PATH", str(tmp_path / "bin"))
    clean_env.setenv("FAKE_AUTH0_BIN", str(explicit))
    assert find_binary([tmp_path]) == explicit.resolve()


def test_a_variable_naming_nothing_is_an_error(clean_env, tmp_path):
    clean_env.setenv("FAKE_AUTH0_BIN", str(tmp_path / "missing"))
    with pytest.raises(BinaryNotFound, match="FAKE_AUTH0_BIN"):
        find_binary([tmp_path])


def test_then_path(clean_env, tmp_path):
    on_path = executable(tmp_path / "bin" / "fake-auth0")
    executable(tmp_path / "repo" / ".build" / "debug" / "fake-auth0")
    clean_env.setenv("PATH", str(tmp_path / "bin"))
    assert find_binary([tmp_path / "repo"]) == on_path.resolve()


def test_then_the_newer_build_above_the_search_start(clean_env, tmp_path):
    debug = executable(tmp_path / "repo" / ".build" / "debug" / "fake-auth0")
    release = executable(tmp_path / "repo" / ".build" / "release" / "fake-auth0")
    os.utime(debug, (1_000_000, 1_000_000))
    assert find_binary([tmp_path / "repo" / "tests" / "deep"]) == release


def test_the_running_binary_came_from_the_variable_when_set(fake_auth0_process):
    if os.environ.get("FAKE_AUTH0_BIN"):
        assert fake_auth0_process.binary == Path(os.environ["FAKE_AUTH0_BIN"]).resolve()
    assert os.access(fake_auth0_process.binary, os.X_OK)
