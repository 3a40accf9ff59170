"""The HTTPS listener against real clients: requests and urllib trusting the local CA (with the strict
X.509 checks Python 3.13 turns on by default), PyJWT fetching the JWKS over HTTPS, the CA kept in the
state directory across restarts, `fake-auth0 ca` and the CA variables of `fake-auth0 env`."""

import json
import re
import signal
import socket
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

import jwt
import pytest
import requests

from conftest import _binary_path, _stop, start_fake

API_AUDIENCE = "https://api.example.com/"
TIMEOUT = 10
CA_VARIABLES = ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "HTTPLIB2_CA_CERTS", "CURL_CA_BUNDLE"]


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    proc, handle = start_fake(tmp_path_factory.mktemp("fake-auth0-https"))
    try:
        yield handle
    finally:
        _stop(proc)


def session() -> requests.Session:
    """A session that ignores REQUESTS_CA_BUNDLE and friends from the caller's environment."""
    s = requests.Session()
    s.trust_env = False
    return s


def strict_context(cafile: str) -> ssl.SSLContext:
    """Python 3.13's default context: strict X.509 checks and partial chains, trusting only `cafile`."""
    context = ssl.create_default_context(cafile=cafile)
    context.verify_flags |= ssl.VERIFY_X509_STRICT | ssl.VERIFY_X509_PARTIAL_CHAIN
    return context


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(_binary_path()), *args], capture_output=True, text=True, timeout=30, **kwargs)


def serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, dict, str]:
    """Starts `fake-auth0 serve` on free ports; returns the process, its ready file and its ready line."""
    ready = tmp_path / "ready.json"
    ready.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [str(_binary_path()), "serve", "--port", "0", "--ready-file", str(ready), "--log-level", "warning", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    deadline = time.monotonic() + 20
    while not ready.exists():
        if proc.poll() is not None:
            pytest.fail(f"fake-auth0 exited early: {proc.stderr.read()}", pytrace=False)
        assert time.monotonic() < deadline, "no ready file after 20 s"
        time.sleep(0.02)
    return proc, json.loads(ready.read_text()), proc.stdout.readline().strip()


def test_discovery_over_https_trusting_the_ca_names_the_https_issuer(fake):
    assert fake.https_url == f"https://127.0.0.1:{fake.https_port}"
    resp = session().get(fake.https_url + "/.well-known/openid-configuration", verify=fake.ca_file, timeout=TIMEOUT)
    assert resp.status_code == 200
    doc = resp.json()
    assert doc["issuer"] == f"https://127.0.0.1:{fake.https_port}/"
    assert doc["token_endpoint"] == fake.https_url + "/oauth/token"
    assert doc["jwks_uri"] == fake.https_url + "/.well-known/jwks.json"


def test_certificate_passes_strict_x509_checks_by_ip_and_by_name(fake):
    context = strict_context(fake.ca_file)
    for base in (fake.https_url, f"https://localhost:{fake.https_port}"):
        with urllib.request.urlopen(base + "/.well-known/jwks.json", context=context, timeout=TIMEOUT) as resp:
            assert resp.status == 200
            assert json.load(resp)["keys"]


def test_client_credentials_token_over_https_verifies_against_the_https_jwks(fake):
    resp = session().post(fake.https_url + "/oauth/token", data={
        "grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "demo-m2m-secret",
        "audience": API_AUDIENCE}, verify=fake.ca_file, timeout=TIMEOUT)
    assert resp.status_code == 200, resp.text
    token = resp.json()["access_token"]
    jwks = jwt.PyJWKClient(fake.https_url + "/.well-known/jwks.json", cache_keys=False,
                           ssl_context=strict_context(fake.ca_file))
    claims = jwt.decode(token, jwks.get_signing_key_from_jwt(token).key, algorithms=["RS256"],
                        audience=API_AUDIENCE, issuer=f"https://127.0.0.1:{fake.https_port}/",
                        options={"require": ["exp", "iat", "iss", "aud", "sub"]})
    assert claims["sub"] == "demo-m2m@clients"


def test_without_trusting_the_ca_the_request_fails_with_an_ssl_error(fake):
    with pytest.raises(requests.exceptions.SSLError):
        session().get(fake.https_url + "/.well-known/jwks.json", timeout=TIMEOUT)
    with pytest.raises(ssl.SSLCertVerificationError):
        with socket.create_connection(("127.0.0.1", fake.https_port), timeout=TIMEOUT) as raw:
            ssl.create_default_context().wrap_socket(raw, server_hostname="127.0.0.1")


def test_ready_line_and_file_name_both_listeners_and_the_temporary_ca(tmp_path):
    proc, info, line = serve(tmp_path, "--ephemeral")
    try:
        assert line == (f"fake-auth0 ready: {info['http_url']} (issuer {info['issuer']}), "
                        f"{info['https_url']} (issuer {info['https_issuer']}); "
                        f"dashboard {info['http_url']}/__admin")
        assert info["https_url"] == f"https://127.0.0.1:{info['https_port']}"
        assert info["issuer"] == f"https://127.0.0.1:{info['port']}/"
        ca = Path(info["ca_file"])
        assert ca.is_file() and ca.read_text().startswith("-----BEGIN CERTIFICATE-----")
        assert "PRIVATE KEY" not in ca.read_text()
        assert not (tmp_path / ".fake-auth0").exists(), "--ephemeral writes nothing to the state directory"
        assert session().get(info["https_url"] + "/.well-known/jwks.json", verify=str(ca), timeout=TIMEOUT).ok
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    assert not ca.exists(), "the temporary CA file goes away with the process"


def test_no_https_serves_plain_http_only(tmp_path):
    proc, info, line = serve(tmp_path, "--ephemeral", "--no-https")
    try:
        assert line == f"fake-auth0 ready: {info['http_url']} (issuer {info['issuer']}); dashboard {info['http_url']}/__admin"
        assert not {"https_url", "https_port", "https_domain", "https_issuer", "ca_file"} & set(info)
    finally:
        _stop(proc)


def test_state_directory_keeps_the_ca_across_restarts_and_a_new_domain_keeps_it_too(tmp_path):
    state = tmp_path / "state"
    proc, info, _ = serve(tmp_path, "--state", str(state))
    try:
        assert Path(info["ca_file"]).resolve() == (state / "ca.pem").resolve()
        trusted = tmp_path / "trusted-ca.pem"  # what a user copied into their trust store once
        trusted.write_bytes(Path(info["ca_file"]).read_bytes())
        server_pem = (state / "server.pem").read_bytes()
    finally:
        _stop(proc)

    proc, info, _ = serve(tmp_path, "--state", str(state))
    try:
        assert (state / "server.pem").read_bytes() == server_pem, "same names: the server certificate is reused"
        assert session().get(info["https_url"] + "/.well-known/jwks.json", verify=str(trusted), timeout=TIMEOUT).ok
    finally:
        _stop(proc)

    proc, info, _ = serve(tmp_path, "--state", str(state), "--domain", "tenant.example.test")
    try:
        assert (state / "server.pem").read_bytes() != server_pem, "a new domain re-issues the server certificate"
        assert Path(info["ca_file"]).read_bytes() == trusted.read_bytes(), "…under the same CA"
        doc = session().get(info["https_url"] + "/.well-known/openid-configuration", verify=str(trusted),
                            timeout=TIMEOUT).json()
        assert doc["issuer"] == "https://tenant.example.test/"
    finally:
        _stop(proc)


def test_ca_command_prints_the_path_of_an_existing_ca_or_the_pem(tmp_path):
    state = tmp_path / "state"
    first = run("ca", "--state", str(state))
    assert first.returncode == 0, first.stderr
    path = Path(first.stdout.strip())
    assert path.is_absolute() and path.is_file() and path.resolve() == (state / "ca.pem").resolve()
    pem = run("ca", "--state", str(state), "--pem")
    assert pem.returncode == 0 and pem.stdout.strip() == path.read_text().strip()
    assert pem.stdout.startswith("-----BEGIN CERTIFICATE-----")
    assert run("ca", "--state", str(state)).stdout.strip() == str(path), "the CA is reused, not replaced"


def test_env_exports_the_ca_variables_from_the_ready_file_or_the_state_directory(fake, tmp_path):
    ready = tmp_path / "ready.json"
    ready.write_text(json.dumps({"domain": fake.domain, "ca_file": fake.ca_file}))
    result = run("env", "--ready-file", str(ready))
    assert result.returncode == 0, result.stderr
    exports = dict(re.findall(r"^export (\w+)='(.*)'$", result.stdout, re.M))
    assert {name: exports.get(name) for name in CA_VARIABLES} == {name: fake.ca_file for name in CA_VARIABLES}
    assert exports["AUTH0_DOMAIN"] == fake.domain

    state = tmp_path / "state"
    result = run("env", "--state", str(state))
    assert result.returncode == 0, result.stderr
    exports = dict(re.findall(r"^export (\w+)='(.*)'$", result.stdout, re.M))
    ca = exports["SSL_CERT_FILE"]
    assert Path(ca).is_absolute() and Path(ca).resolve() == (state / "ca.pem").resolve() and Path(ca).is_file()
    assert {name: exports.get(name) for name in CA_VARIABLES} == {name: ca for name in CA_VARIABLES}


@pytest.mark.parametrize("listener", ["http_url", "https_url"])
def test_sigterm_stops_promptly_with_an_idle_keep_alive_connection_open(tmp_path, listener):
    proc, info, _ = serve(tmp_path, "--ephemeral")
    try:
        with requests.Session() as kept:  # a harness's session: the connection stays open after the answer
            assert kept.get(info[listener] + "/.well-known/jwks.json", verify=info["ca_file"], timeout=TIMEOUT).ok
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=1.5)
            except subprocess.TimeoutExpired:
                pass
            assert proc.poll() == 0, f"still running {time.monotonic() - started:.1f} s after SIGTERM"
    finally:
        _stop(proc)
