"""The fake-auth0 command line as a test harness in any language sees it: ready line and file,
clean shutdown, state kept across restarts, `validate`, `env` and refusal of bad scenarios."""

import json
import re
import signal
import subprocess
import time
from pathlib import Path

import requests

from conftest import _binary_path, _stop

TIMEOUT = 10
BAD_SCENARIO = """\
clients:
  - { id: web, type: regular_web, secret: s }
  - { id: web, type: spa, callbacks: [not-a-url] }
apis:
  - { audience: https://api/, clients: [ghost] }
"""


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(_binary_path()), *args], capture_output=True, text=True, timeout=30, **kwargs)


def serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, dict]:
    ready = tmp_path / "ready.json"
    ready.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [str(_binary_path()), "serve", "--port", "0", "--ready-file", str(ready), "--log-level", "warning", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    deadline = time.monotonic() + 20
    while not ready.exists():
        assert proc.poll() is None, f"fake-auth0 exited early: {proc.stderr.read()}"
        assert time.monotonic() < deadline, "no ready file after 20 s"
        time.sleep(0.02)
    return proc, json.loads(ready.read_text())


def test_ready_line_matches_ready_file_and_sigterm_stops_cleanly(tmp_path):
    proc, info = serve(tmp_path, "--ephemeral")
    try:
        line = proc.stdout.readline().strip()
        assert line == (f"fake-auth0 ready: {info['http_url']} (issuer {info['issuer']}), "
                        f"{info['https_url']} (issuer {info['https_issuer']}); "
                        f"dashboard {info['http_url']}/__admin")
        assert info["http_url"] == f"http://127.0.0.1:{info['port']}"
        assert info["issuer"] == f"https://127.0.0.1:{info['port']}/"
        assert info["https_issuer"] == f"https://127.0.0.1:{info['https_port']}/"
        assert requests.get(info["http_url"] + "/.well-known/jwks.json", timeout=TIMEOUT).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_state_directory_keeps_the_signing_key_and_tokens_across_restarts(tmp_path):
    state = tmp_path / "state"
    proc, info = serve(tmp_path, "--state", str(state), "--domain", "restart.example.test")
    try:
        kid = requests.get(info["http_url"] + "/.well-known/jwks.json", timeout=TIMEOUT).json()["keys"][0]["kid"]
        token = requests.post(info["http_url"] + "/oauth/token", data={
            "grant_type": "refresh_token", "refresh_token": "demo-alice-refresh-token",
            "client_id": "demo-web", "client_secret": "demo-web-secret"}, timeout=TIMEOUT).json()["access_token"]
    finally:
        _stop(proc)
    assert (state / "state.sqlite").is_file()

    proc, info = serve(tmp_path, "--state", str(state), "--domain", "restart.example.test")
    try:
        assert requests.get(info["http_url"] + "/.well-known/jwks.json", timeout=TIMEOUT).json()["keys"][0]["kid"] == kid
        me = requests.get(info["http_url"] + "/userinfo", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT)
        assert me.status_code == 200 and me.json()["sub"] == "auth0|alice"
        doc = requests.get(info["http_url"] + "/.well-known/openid-configuration", timeout=TIMEOUT).json()
        assert doc["issuer"] == "https://restart.example.test/"
    finally:
        _stop(proc)


def test_the_state_directory_however_the_command_line_names_it(tmp_path):
    # An existing state database starts opening before the arguments are parsed when the command line
    # names it plainly; every spelling must still serve the directory the parser reads.
    a, b = tmp_path / "a", tmp_path / "b"

    def kid_served(*args: str) -> str:
        proc, info = serve(tmp_path, "--no-https", *args)
        try:
            return requests.get(info["http_url"] + "/.well-known/jwks.json", timeout=TIMEOUT).json()["keys"][0]["kid"]
        finally:
            _stop(proc)

    made = {"a": kid_served(f"--state={a}"), "b": kid_served("--state", str(b)), "default": kid_served()}
    assert len(set(made.values())) == 3, made
    assert (tmp_path / ".fake-auth0" / "state.sqlite").is_file()
    assert kid_served("--state", str(a)) == made["a"]
    assert kid_served(f"--state={b}") == made["b"]
    assert kid_served() == made["default"]
    # given twice, the last one counts (as the parser reads it)
    assert kid_served("--state", str(a), "--state", str(b)) == made["b"]
    assert kid_served(f"--state={b}", "--state", str(a)) == made["a"]


def test_options_that_shape_the_tenant_count_on_an_existing_state(tmp_path):
    # With an existing database the tenant may start while the arguments are parsed; it must not when
    # they name the domain or the journal.
    state = tmp_path / "state"

    def served(*args: str) -> tuple[dict, dict]:
        proc, info = serve(tmp_path, "--no-https", "--state", str(state), *args)
        try:
            journal = requests.get(info["http_url"] + "/__admin/journal", timeout=TIMEOUT).json()
            doc = requests.get(info["http_url"] + "/.well-known/openid-configuration", timeout=TIMEOUT).json()
            return journal, doc
        finally:
            _stop(proc)

    journal, doc = served()
    assert journal["capacity"] == 10000 and doc["issuer"].startswith("https://127.0.0.1:")
    assert served("--journal-size", "3")[0]["capacity"] == 3
    assert served("--journal-size=4")[0]["capacity"] == 4
    assert served("--domain", "shaped.example.test")[1]["issuer"] == "https://shaped.example.test/"
    assert served("--domain=eq.example.test")[1]["issuer"] == "https://eq.example.test/"
    lines = tmp_path / "journal.jsonl"
    served("--journal", str(lines))
    assert lines.is_file() and lines.read_text().strip(), "the journal file got no entries"
    journal, doc = served()
    assert journal["capacity"] == 10000 and doc["issuer"].startswith("https://127.0.0.1:")


def test_a_scenario_file_however_the_command_line_names_it(tmp_path):
    # The scenario file the command line names is read while the arguments are parsed; the file the parser
    # reads must be the one served, and a mistake in the arguments must be all a user is told.
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text("tenant: { domain: first.example.test }\n")
    second.write_text("tenant: { domain: second.example.test }\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SCENARIO)

    def issuer(*args: str) -> str:
        proc, info = serve(tmp_path, "--no-https", "--ephemeral", *args)
        try:
            return requests.get(info["http_url"] + "/.well-known/openid-configuration", timeout=TIMEOUT).json()["issuer"]
        finally:
            _stop(proc)

    assert issuer("--scenario", "first.yaml") == "https://first.example.test/"  # relative to the working directory
    assert issuer(f"--scenario={second}") == "https://second.example.test/"
    assert issuer("--scenario", str(first), "--scenario", str(second)) == "https://second.example.test/"
    assert issuer(f"--scenario={second}", "--scenario", str(first)) == "https://first.example.test/"
    mistake = run("--scenario", str(bad), "--port", "abc", cwd=tmp_path)
    assert mistake.returncode == 64, mistake.stderr
    assert "--port" in mistake.stderr and "bad.yaml" not in mistake.stderr, mistake.stderr
    refused = run("--scenario", str(bad), "--port", "0", "--no-https", "--ephemeral", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.count(f"{bad}:") >= 2, refused.stderr


def test_a_state_database_that_is_not_one_is_refused_the_same_however_it_is_named(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "state.sqlite").write_bytes(b"not a database, " * 16)
    for args in (["--state", str(bad)], [f"--state={bad}"], ["--state", str(tmp_path), "--state", str(bad)]):
        done = run("serve", "--port", "0", "--no-https", *args, cwd=tmp_path)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert "file is not a database" in done.stderr, (args, done.stderr)


def test_validate_reports_every_problem_as_file_path_reason(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SCENARIO)
    result = run("validate", str(bad))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert f"{bad}:clients[1].id: duplicate client id 'web' (first at clients[0])" in lines
    assert f"{bad}:clients[1].callbacks[0]: 'not-a-url' is not an absolute URL" in lines
    assert f"{bad}:apis[0].clients[0]: no client has the id 'ghost'" in lines
    assert all(re.match(rf"^{re.escape(str(bad))}:\S+: .+", line) for line in lines)

    good = run("validate", str(Path(__file__).resolve().parent.parent / "scenarios" / "default.yaml"))
    assert good.returncode == 0 and good.stdout.strip().endswith(": ok")


def test_serve_refuses_a_bad_scenario_without_starting(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SCENARIO)
    result = run("serve", "--scenario", str(bad), "--port", "0", "--ephemeral",
                 "--ready-file", str(tmp_path / "ready.json"))
    assert result.returncode == 2
    assert "duplicate client id 'web'" in result.stderr
    assert not (tmp_path / "ready.json").exists()
    # nor does it make a state directory: that waits until the scenario has passed
    state = tmp_path / "state"
    refused = run("serve", "--scenario", str(bad), "--port", "0", "--state", str(state))
    assert refused.returncode == 2 and "duplicate client id 'web'" in refused.stderr
    assert not state.exists()


def test_help_mistakes_and_completion_scripts_read_as_the_command_line_parser_prints_them():
    # what a user sees for help, a mistake or a completion script names the commands as they type them
    help_ = run("--help")
    assert help_.returncode == 0 and "USAGE: fake-auth0 <subcommand>" in help_.stdout
    serve_help = run("help", "serve")
    assert serve_help.returncode == 0 and "USAGE: fake-auth0 serve <options>" in serve_help.stdout
    mistake = run("--port", "abc")
    assert mistake.returncode == 64
    assert "Error: The value 'abc' is invalid for '--port <port>'" in mistake.stderr
    assert "Usage: fake-auth0 serve <options>" in mistake.stderr
    refused = run("serve", "--https-port", "5", "--no-https")
    assert refused.returncode == 64 and "--https-port cannot be combined with --no-https" in refused.stderr
    script = run("--generate-completion-script", "bash")
    assert script.returncode == 0 and script.stdout.startswith("#!/bin/bash") and "validate" in script.stdout
    for result in (help_, serve_help, mistake, refused, script):
        assert not re.search(r"(?<![\w-])fake-auth0 fake-auth0", result.stdout + result.stderr)


def test_a_plain_command_lines_later_errors_read_as_the_command_line_parser_prints_them(tmp_path):
    # a plain serve line is read without the parser; what goes wrong once serving has begun is still
    # printed by it, with its exit codes
    journal = tmp_path / "missing" / "journal.jsonl"
    for args in (["serve", "--port", "0", "--ephemeral", "--journal", str(journal)],
                 ["--port=0", "--ephemeral", f"--journal={journal}", "--log-level", "warning"]):
        done = run(*args, cwd=tmp_path)
        assert done.returncode == 64, (args, done.stderr)
        assert done.stderr.startswith(f"Error: --journal: cannot write {journal}: "), done.stderr
        assert "Usage: fake-auth0" in done.stderr and "--help' for more information." in done.stderr, done.stderr
    (tmp_path / "file").write_text("not a directory")
    not_a_directory = run("--port", "0", "--no-https", "--state", str(tmp_path / "file"), cwd=tmp_path)
    assert not_a_directory.returncode == 1 and not_a_directory.stderr.startswith("Error: "), not_a_directory.stderr


def test_env_prints_the_exports_for_a_running_fake(tmp_path):
    proc, info = serve(tmp_path, "--ephemeral")
    try:
        for flags, domain in [((), info["https_domain"]), (("--http",), info["domain"])]:
            result = run("env", "--ready-file", str(tmp_path / "ready.json"), *flags)
            assert result.returncode == 0
            exports = dict(re.findall(r"^export (\w+)='(.*)'$", result.stdout, re.M))
            assert {k: v for k, v in exports.items() if k.startswith("AUTH0_")} == {
                "AUTH0_DOMAIN": domain,
                "AUTH0_ISSUER_BASE_URL": f"https://{domain}",
                "AUTH0_CLIENT_ID": "demo-web",
                "AUTH0_CLIENT_SECRET": "demo-web-secret",
                "AUTH0_AUDIENCE": "https://api.example.com/",
            }
            for name in ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "HTTPLIB2_CA_CERTS",
                         "CURL_CA_BUNDLE"]:
                assert exports[name] == info["ca_file"]
            assert not {"HTTPS_PROXY", "NO_PROXY"} & set(exports), "proxy variables only with --proxy"
        assert info["https_domain"] == f"127.0.0.1:{info['https_port']}"
        assert run("env", "--client", "nobody").returncode != 0
    finally:
        _stop(proc)
