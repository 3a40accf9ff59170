"""A corpus of broken scenario files (interop/scenarios/broken/): `validate` refuses each one quickly
with `file:path: reason`, naming the key at fault, and `serve` refuses the worst ones the same way
without starting. Each file says in a `# expect: PATH` comment which key must be named."""

import re
import subprocess
import time
from pathlib import Path

import pytest

from conftest import _binary_path

BROKEN = Path(__file__).resolve().parent / "scenarios" / "broken"
FILES = sorted(BROKEN.glob("*.yaml"))
# A refusal is a parse and a few checks: far below this even on a busy debug build. A file that makes
# the loader expand aliases or recurse without bound blows through it (or through the memory limit).
TIME_BOUND_S = 15
MEMORY_LIMIT_BYTES = 2 << 30


def expected_path(file: Path) -> str:
    match = re.search(r"^# expect: (\S+)$", file.read_text(errors="replace"), re.MULTILINE)
    assert match, f"{file.name} has no '# expect: PATH' line"
    return match.group(1)


def limit_memory():
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def run_bounded(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    try:
        result = subprocess.run([str(_binary_path()), *args], capture_output=True, text=True, timeout=TIME_BOUND_S,
                                stdin=subprocess.DEVNULL, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(args)}: no answer within {TIME_BOUND_S}s")
    return result, time.monotonic() - started


def problems(output: str, file: str) -> list[tuple[str, str]]:
    """The `file:path: reason` lines of `output` as (path, reason); fails on any other line."""
    found = []
    for line in output.splitlines():
        assert line.startswith(file + ":"), f"not a 'file:path: reason' line: {line!r}"
        path, sep, reason = line[len(file) + 1:].partition(": ")
        assert sep and path and reason.strip(), f"not a 'file:path: reason' line: {line!r}"
        found.append((path, reason))
    return found


def test_the_corpus_is_large_enough():
    assert len(FILES) >= 50


@pytest.mark.parametrize("file", FILES, ids=[f.stem for f in FILES])
def test_validate_refuses_with_file_path_reason(file):
    result, _ = run_bounded("validate", str(file))
    assert result.returncode == 1, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr[-2000:]}"
    found = problems(result.stderr, str(file))
    assert found, "no problem reported"
    want = expected_path(file)
    assert any(path == want for path, _ in found), f"expected a problem at {want}, got {found}"
    for _, reason in found:
        assert "Swift." not in reason and "DecodingError" not in reason, f"internal type in {reason!r}"


@pytest.mark.parametrize("name", ["yaml-billion-laughs", "tenant-access-lifetime-max-int", "yaml-deep-nesting",
                                  "protected-api-status-huge"])
def test_serve_refuses_without_starting(name, tmp_path):
    file = BROKEN / f"{name}.yaml"
    result, _ = run_bounded("serve", "--scenario", str(file), "--port", "0", "--no-https", "--ephemeral")
    assert result.returncode == 2, f"exit {result.returncode}\n{result.stderr[-2000:]}"
    assert "fake-auth0 ready" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(file) + ":")]
    assert any(line.startswith(f"{file}:{expected_path(file)}: ") for line in lines), result.stderr[-2000:]
