"""The README's "Use it in your tests" examples, run as a user would run them: the pytest example with
the plugin, the Node example with `node --test`, and the Swift example, which must be the body of a
Swift test (Tests/FakeAuth0Tests/ReadmeExampleTests.swift) so `swift test` compiles and runs it."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import REPO_ROOT, _binary_path

README = (REPO_ROOT / "README.md").read_text()


def example(heading: str, language: str) -> str:
    """The first ```language block after `### heading` in the README's "Use it in your tests"."""
    section = README.split("## Use it in your tests", 1)[1]
    after = section.split(f"### {heading}\n", 1)[1]
    match = re.search(rf"```{language}\n(.*?)```", after, re.S)
    assert match, f"no {language} example under ### {heading}"
    return match.group(1)


def test_the_pytest_example_passes(tmp_path):
    (tmp_path / "test_readme_example.py").write_text(example("pytest", "python"))
    env = {**os.environ, "FAKE_AUTH0_BIN": str(_binary_path())}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         str(tmp_path / "test_readme_example.py")],
        capture_output=True, text=True, timeout=300, cwd=REPO_ROOT, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_node_example_passes(tmp_path):
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "fake-auth0").symlink_to(REPO_ROOT / "clients" / "node")
    (tmp_path / "readme.test.mjs").write_text(example("Node", "js"))
    env = {**os.environ, "FAKE_AUTH0_BIN": str(_binary_path())}
    result = subprocess.run(["node", "--test", str(tmp_path / "readme.test.mjs")], capture_output=True, text=True,
                            timeout=300, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 1" in result.stdout


def test_the_swift_example_is_a_test():
    swift_test = (REPO_ROOT / "Tests" / "FakeAuth0Tests" / "ReadmeExampleTests.swift").read_text()

    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    wanted, have = lines(example("Swift", "swift")), lines(swift_test)
    starts = [i for i, line in enumerate(have) if line == wanted[0]]
    assert any(have[i:i + len(wanted)] == wanted for i in starts), "README's Swift example differs from the test"
