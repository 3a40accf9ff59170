"""The binary scripts/build-static makes runs without a Swift toolchain: `ldd` lists no Swift runtime,
Foundation, libcrypto, SQLite or C++ runtime library (glibc's only), it serves, and the pytest plugin and the Node helper run it through
FAKE_AUTH0_BIN. Runs only when that binary exists (the release build is too slow for every CI run)."""

import json
import os
import shutil
import subprocess
import sys

import pytest
import requests

from conftest import REPO_ROOT

STATIC_BIN = REPO_ROOT / ".build-static" / "release" / "fake-auth0"

pytestmark = pytest.mark.skipif(not STATIC_BIN.is_file(), reason="no static binary: run scripts/build-static")


def test_ldd_lists_glibc_only():
    linked = subprocess.run(["ldd", str(STATIC_BIN)], capture_output=True, text=True, timeout=30).stdout
    libraries = [line.split()[0] for line in linked.splitlines() if line.strip()]
    assert libraries, linked
    assert not [lib for lib in libraries if lib.startswith(("libswift", "libFoundation", "lib_Foundation",
                                                             "libdispatch", "libBlocksRuntime", "libcrypto",
                                                             "libssl", "libsqlite3", "libstdc++"))], linked


def test_the_pytest_plugin_runs_it(tmp_path):
    test_file = tmp_path / "test_static.py"
    test_file.write_text(
        "from pathlib import Path\n"
        "import requests\n"
        "def test_discovery(fake_auth0, fake_auth0_process):\n"
        f"    assert Path(fake_auth0_process.binary).resolve() == Path({str(STATIC_BIN)!r}).resolve()\n"
        "    doc = requests.get(fake_auth0.url_for('/.well-known/openid-configuration'), timeout=10).json()\n"
        "    assert doc['issuer'] == fake_auth0.issuer\n")
    env = {**os.environ, "FAKE_AUTH0_BIN": str(STATIC_BIN)}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_node_helper_runs_it():
    script = (
        f"import {{ startFakeAuth0 }} from {json.dumps(str(REPO_ROOT / 'clients' / 'node' / 'index.js'))};\n"
        "const fake = await startFakeAuth0();\n"
        "try {\n"
        "  const tenant = await fake.createTenant();\n"
        "  const doc = await (await fetch(`${tenant.url}/.well-known/openid-configuration`)).json();\n"
        "  console.log(JSON.stringify({ issuer: doc.issuer, expected: tenant.issuer }));\n"
        "} finally { await fake.stop(); }\n")
    env = {**os.environ, "FAKE_AUTH0_BIN": str(STATIC_BIN)}
    result = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["issuer"] == answer["expected"]
