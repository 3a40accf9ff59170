"""Proxy mode: unchanged clients, configured only by `eval "$(fake-auth0 env --proxy)"`, reach the stub
APIs and the tenant through the fake's HTTP port. Each client runs in a child process whose whole
environment is PATH, HOME and the exports `fake-auth0 env --proxy` printed: no base_url, no
api_endpoint, no client_options. Then the bad input: malformed CONNECT lines, other ports, odd absolute
URLs, a client that never starts TLS, and 100 abandoned tunnels leaving no descriptor behind."""

import json
import os
import secrets
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from browser_support import PAGE_TIMEOUT_S, Chromium, trust_server_key_args
from conftest import REPO_ROOT, _binary_path, _stop, start_fake

TIMEOUT = 10
PROXY_TIMEOUT_S = 1  # --proxy-timeout: how long a CONNECT head and a tunnel's TLS handshake may take
CLIENT_TIMEOUT_S = 90
REFRESH_TOKEN = "demo-alice-refresh-token"


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """A fake on the demo tenant, with the environment `env --proxy` exports for it."""
    tmp = tmp_path_factory.mktemp("fake-auth0-proxy")
    proc, handle = start_fake(tmp, extra_args=("--proxy-timeout", str(PROXY_TIMEOUT_S)))
    try:
        yield handle, exported_environment(tmp / "ready.json")
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def named_tenant(tmp_path_factory):
    """A fake whose tenant has a real-looking domain, reachable only through the proxy."""
    tmp = tmp_path_factory.mktemp("fake-auth0-proxy-domain")
    proc, handle = start_fake(tmp, extra_args=("--domain", "tenant.example.test"))
    try:
        yield handle, exported_environment(tmp / "ready.json")
    finally:
        _stop(proc)


def exported_environment(ready_file) -> dict[str, str]:
    """PATH, HOME and what `fake-auth0 env --proxy --ready-file …` exports, as `eval` would set them."""
    result = subprocess.run([str(_binary_path()), "env", "--proxy", "--ready-file", str(ready_file)],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    for line in result.stdout.splitlines():
        words = shlex.split(line)
        assert words[0] == "export" and len(words) == 2, line
        name, value = words[1].split("=", 1)
        env[name] = value
    return env


VAULT = textwrap.dedent("""
    import json, os
    from auth0.authentication import GetToken

    def vault_token(connection):
        get_token = GetToken(os.environ["AUTH0_DOMAIN"], os.environ["AUTH0_CLIENT_ID"],
                             client_secret=os.environ["AUTH0_CLIENT_SECRET"])
        return get_token.access_token_for_connection(
            subject_token_type="urn:ietf:params:oauth:token-type:refresh_token",
            subject_token=%r,
            requested_token_type="http://auth0.com/oauth/token-type/federated-connection-access-token",
            connection=connection)["access_token"]
""" % REFRESH_TOKEN)


def run_client(env: dict[str, str], code: str):
    """Runs `code` (after the vault helper) in a child process with `env` alone; returns what it printed
    as JSON on its last line."""
    result = subprocess.run([sys.executable, "-c", VAULT + textwrap.dedent(code)], env=env, capture_output=True,
                            text=True, timeout=CLIENT_TIMEOUT_S)
    assert result.returncode == 0, f"client failed:\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_env_proxy_exports_the_proxy_next_to_the_ca_variables(proxied):
    fake, env = proxied
    proxy = f"http://127.0.0.1:{fake.port}"
    assert {name: env[name] for name in ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"]} == {
        "HTTPS_PROXY": proxy, "HTTP_PROXY": proxy, "https_proxy": proxy, "http_proxy": proxy}
    assert env["NO_PROXY"] == env["no_proxy"] == "localhost,127.0.0.1,::1"
    for name in ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "HTTPLIB2_CA_CERTS", "CURL_CA_BUNDLE"]:
        assert env[name] == fake.ca_file
    assert env["AUTH0_DOMAIN"] == f"127.0.0.1:{fake.https_port}", "the HTTPS listener, reached directly"


def test_google_api_python_client_gmail_list_with_no_endpoint_override(proxied):
    _, env = proxied
    found = run_client(env, """
        from google.oauth2.credentials import Credentials
        from googleapiclient.discovery import build
        service = build("gmail", "v1", credentials=Credentials(vault_token("google-oauth2")))
        found = service.users().messages().list(userId="me", q="invoice from:billing", maxResults=5).execute()
        message = service.users().messages().get(userId="me", id=found["messages"][0]["id"]).execute()
        subject = [h["value"] for h in message["payload"]["headers"] if h["name"] == "Subject"]
        print(json.dumps({"estimate": found["resultSizeEstimate"], "subject": subject}))
    """)
    assert found == {"estimate": 1, "subject": ["Invoice #1042 for November"]}


def test_httplib2_trusts_only_httplib2_ca_certs(proxied):
    """httplib2 ignores SSL_CERT_FILE and REQUESTS_CA_BUNDLE: without HTTPLIB2_CA_CERTS it trusts certifi's
    bundle, and the tunnel's certificate fails verification (docs/proxy.md)."""
    _, env = proxied
    without = {name: value for name, value in env.items() if name != "HTTPLIB2_CA_CERTS"}
    answer = run_client(without, """
        import ssl, httplib2
        try:
            httplib2.Http().request("https://gmail.googleapis.com/gmail/v1/users/me/profile")
            print(json.dumps("answered"))
        except ssl.SSLCertVerificationError as error:
            print(json.dumps(error.verify_message))
    """)
    assert answer == "unable to get local issuer certificate"


def test_google_api_python_client_calendar_freebusy_with_no_endpoint_override(proxied):
    fake, env = proxied
    clock = requests.get(fake.base_url + "/__admin/clock", timeout=TIMEOUT).json()
    today = datetime.fromtimestamp(clock["now"], tz=timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    noon = today + timedelta(days=1, hours=12)
    busy = run_client(env, f"""
        from google.oauth2.credentials import Credentials
        from googleapiclient.discovery import build
        service = build("calendar", "v3", credentials=Credentials(vault_token("google-oauth2")))
        answer = service.freebusy().query(body={{
            "timeMin": {noon.isoformat()!r}, "timeMax": {(noon + timedelta(hours=1)).isoformat()!r},
            "timeZone": "UTC", "items": [{{"id": "primary"}}]}}).execute()
        print(json.dumps(answer["calendars"]["primary"].get("busy", [])))
    """)
    assert busy == [{"start": (noon + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "end": (noon + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}]


def test_pygithub_with_the_default_base_url(proxied):
    _, env = proxied
    answer = run_client(env, """
        from github import Auth, Github
        client = Github(auth=Auth.Token(vault_token("github")), per_page=2)
        user = client.get_user()
        print(json.dumps({"login": user.login, "repos": [r.name for r in user.get_repos()]}))
    """)
    assert answer == {"login": "alice-example", "repos": [
        "agent-platform", "website", "agent-demo", "dotfiles", "private-notes", "tax-scripts", "awesome-agents"]}


def test_slack_sdk_with_the_default_url(proxied):
    _, env = proxied
    answer = run_client(env, """
        from slack_sdk import WebClient
        client = WebClient(token=vault_token("sign-in-with-slack"))
        listed = client.conversations_list(exclude_archived=True, types="public_channel,private_channel")
        print(json.dumps({"user": client.auth_test()["user_id"], "channels": [c["name"] for c in listed["channels"]]}))
    """)
    assert answer == {"user": "U0ALICE001", "channels": ["general", "random", "engineering", "leads"]}


def test_requests_to_an_unstubbed_host_is_refused_naming_it(proxied):
    fake, env = proxied
    answer = run_client(env, """
        import requests
        try:
            requests.get("https://example.org", timeout=10)
            print(json.dumps({"refused": None}))
        except requests.exceptions.ProxyError as error:
            plain = requests.get("http://example.org/some/page", timeout=10)
            print(json.dumps({"refused": str(error), "plain": [plain.status_code, plain.json()]}))
    """)
    assert "Tunnel connection failed: 403 fake-auth0 is offline: example.org is not a stubbed host" in answer["refused"]
    status, body = answer["plain"]
    assert status == 403 and body["error"] == "proxy_refused"
    assert body["error_description"].startswith("fake-auth0 is offline: example.org is not a stubbed host.")
    assert "gmail.googleapis.com" in body["error_description"]
    log = (fake_log_dir(fake) / "stderr.log").read_text()
    assert "proxy refused CONNECT example.org:443" in log and "proxy refused example.org" in log


def fake_log_dir(fake):
    return Path(os.readlink(f"/proc/{fake.pid}/cwd"))


def test_absolute_form_http_reaches_a_stub(proxied):
    _, env = proxied
    answer = run_client(env, """
        import requests
        token = vault_token("github")
        user = requests.get("http://api.github.com/user", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        print(json.dumps([user.status_code, user.json()["login"]]))
    """)
    assert answer == [200, "alice-example"]


def test_auth0_python_against_the_tenant_domain_through_the_proxy(named_tenant):
    fake, env = named_tenant
    assert env["AUTH0_DOMAIN"] == "tenant.example.test"
    answer = run_client(env, """
        import base64, requests
        token = vault_token("github")
        discovery = requests.get(f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
                                 timeout=10).json()
        print(json.dumps({"token": token[:4], "issuer": discovery["issuer"],
                          "token_endpoint": discovery["token_endpoint"]}))
    """)
    assert answer == {"token": "gho_", "issuer": "https://tenant.example.test/",
                      "token_endpoint": "https://tenant.example.test/oauth/token"}


# --- bad input ------------------------------------------------------------------------------------


def exchange(fake, raw: bytes) -> bytes:
    """Sends `raw` to the HTTP port and reads until the fake closes the connection."""
    with socket.create_connection(("127.0.0.1", fake.port), timeout=TIMEOUT) as sock:
        sock.sendall(raw)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


@pytest.mark.parametrize("line, status, reason", [
    (b"CONNECT nonsense HTTP/1.1", 400, b"malformed CONNECT target 'nonsense' (expected host:port)"),
    (b"CONNECT api.github.com:443", 400, b"malformed CONNECT line"),
    (b"CONNECT a b HTTP/1.1", 400, b"malformed CONNECT line"),
    (b"CONNECT api.github.com:99999 HTTP/1.1", 400, b"malformed CONNECT target"),
    (b"CONNECT user@api.github.com:443 HTTP/1.1", 400, b"malformed CONNECT target"),
    (b"CONNECT api.github.com:22 HTTP/1.1", 403, b"fake-auth0 proxies tunnels to port 443 only, not api.github.com:22"),
    (b"CONNECT example.org:443 HTTP/1.1", 403, b"fake-auth0 is offline: example.org is not a stubbed host"),
    (b"CONNECT 10.0.0.1:443 HTTP/1.1", 403, b"fake-auth0 is offline: 10.0.0.1 is not a stubbed host"),
])
def test_bad_connect_requests_are_refused_and_closed(proxied, line, status, reason):
    fake, _ = proxied
    answer = exchange(fake, line + b"\r\nHost: x\r\n\r\n")
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 %d " % status) and reason in status_line, status_line
    body = json.loads(rest.split(b"\r\n\r\n", 1)[1])
    assert body["error"] == "proxy_refused"


@pytest.mark.parametrize("target, status, reason", [
    (b"http://example.org/", 403, b"example.org is not a stubbed host"),
    (b"http://api.github.com:8080/user", 403, b"port 80 only, not api.github.com:8080"),
    (b"http://user:pw@api.github.com/user", 400, b"malformed request target"),
    (b"ftp://api.github.com/user", 400, b"malformed request target"),
    (b"http://[::1/", 400, b"malformed request target"),
    (b"http:///user", 400, b"malformed request target"),
    (b"*", 400, b"malformed request target"),
])
def test_odd_absolute_urls_are_refused(proxied, target, status, reason):
    fake, _ = proxied
    answer = exchange(fake, b"GET " + target + b" HTTP/1.1\r\nHost: api.github.com\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 %d " % status), answer
    body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    assert body["error"] == "proxy_refused" and reason.decode() in body["error_description"], body


def test_a_connect_head_that_never_ends_and_a_tunnel_that_never_starts_tls_are_closed(proxied):
    fake, _ = proxied
    # each is closed by the fake after --proxy-timeout; the client's socket timeout (10 s) would raise
    assert exchange(fake, b"CONNECT api.github.com:443 HTTP/1.1\r\n") == b""
    assert exchange(fake, b"CONNECT api.github.com:443 HTTP/1.1\r\n\r\n") == (
        b"HTTP/1.1 200 Connection Established\r\n\r\n")


def open_tunnel(fake, host="api.github.com") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", fake.port), timeout=TIMEOUT)
    sock.sendall(b"CONNECT %s:443 HTTP/1.1\r\nHost: %s:443\r\n\r\n" % (host.encode(), host.encode()))
    answer = b""
    while not answer.endswith(b"\r\n\r\n"):
        chunk = sock.recv(1)
        assert chunk, "closed before the tunnel opened"
        answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 ")
    return sock


def test_the_tunnel_certificate_names_the_host_whatever_the_sni(proxied):
    fake, _ = proxied
    context = ssl.create_default_context(cafile=fake.ca_file)
    context.check_hostname = False
    with open_tunnel(fake, "slack.com") as sock:
        with context.wrap_socket(sock, server_hostname="not-slack.example") as tls:
            names = [value for kind, value in tls.getpeercert()["subjectAltName"] if kind == "DNS"]
            assert names == ["slack.com"]
            tls.sendall(b"GET /api/auth.test HTTP/1.1\r\nHost: slack.com\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := tls.recv(65536):
                answer += chunk
    assert answer.startswith(b"HTTP/1.1 200") and b'"error":"not_authed"' in answer, answer


def descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def test_a_hundred_abandoned_tunnels_leave_no_descriptor_behind(proxied):
    fake, _ = proxied
    open_tunnel(fake).close()  # the host's certificate is issued once, before the baseline
    baseline = descriptors(fake.pid)
    context = ssl.create_default_context(cafile=fake.ca_file)
    kept = []
    for index in range(100):
        sock = open_tunnel(fake)
        if index % 3 == 0:
            sock.close()  # gone right after the 200
        elif index % 3 == 1:
            kept.append(sock)  # never starts TLS: the fake closes it after --proxy-timeout
        else:
            context.wrap_socket(sock, server_hostname="api.github.com").close()  # TLS, then nothing
    deadline = time.monotonic() + 30
    while descriptors(fake.pid) > baseline and time.monotonic() < deadline:
        time.sleep(0.05)
    count = descriptors(fake.pid)
    for sock in kept:
        assert sock.recv(1) == b"", "the fake closed the tunnel that never started TLS"
        sock.close()
    assert count <= baseline, f"{count} descriptors open, {baseline} before the tunnels"


# --- a sample app, unchanged, logged in by a browser ------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sample_app(tmp_path):
    """The demo tenant (its callback set to the app's port) and the FastAPI sample app of
    proxy_sample_app.py, run by uvicorn with only the exported environment and the app's own settings."""
    port = free_port()
    resources = REPO_ROOT / "Sources" / "FakeAuth0" / "Resources"
    shutil.copytree(resources / "fixtures", tmp_path / "fixtures")
    scenario = (resources / "default.yaml").read_text().replace(
        "http://localhost:8000/auth/callback", f"http://localhost:{port}/auth/callback")
    (tmp_path / "scenario.yaml").write_text(scenario)
    proc, fake = start_fake(tmp_path, scenario=str(tmp_path / "scenario.yaml"))
    app = None
    try:
        env = exported_environment(tmp_path / "ready.json")
        env.update(APP_BASE_URL=f"http://localhost:{port}", AUTH0_SECRET=secrets.token_hex(32))
        with open(tmp_path / "app.log", "wb") as log:
            app = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "proxy_sample_app:app", "--host", "127.0.0.1", "--port", str(port),
                 "--app-dir", str(Path(__file__).resolve().parent), "--log-level", "warning"],
                env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            assert app.poll() is None, f"the app exited:\n{(tmp_path / 'app.log').read_text()}"
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=TIMEOUT).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, f"the app did not start:\n{(tmp_path / 'app.log').read_text()}"
            time.sleep(0.05)
        yield fake, f"http://localhost:{port}", tmp_path / "app.log"
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=10)
        _stop(proc)


def test_a_fastapi_sample_app_logs_in_and_its_token_vault_tool_reads_the_stub_gmail(sample_app):
    fake, app_url, app_log = sample_app
    chromium = Chromium(trust_server_key_args("127.0.0.1", fake.https_port))
    try:
        driver = chromium.require()
        driver.get(app_url + "/auth/login")
        alice = WebDriverWait(driver, PAGE_TIMEOUT_S).until(
            EC.element_to_be_clickable((By.CSS_SELECTOR, 'button.user[data-sub="auth0|alice"]')))
        alice.click()
        WebDriverWait(driver, PAGE_TIMEOUT_S).until(lambda d: d.current_url.startswith(app_url))
        driver.get(app_url + "/agent/invoices")
        answer = json.loads(driver.find_element(By.TAG_NAME, "body").text)
    finally:
        chromium.quit()
    assert answer == {"user": "alice@example.com", "answer": [
        "Invoice #1042 for November", "Q4 planning notes", "Your Cloudy Hosting invoice is available",
        "Booking confirmation: Berlin, next month"]}, app_log.read_text()
    # the tool got Alice's Google token from the vault, and its Gmail calls reached the stub (through the
    # proxy: the app knows no other way there)
    journal = requests.get(fake.base_url + "/__admin/journal", timeout=TIMEOUT).json()["entries"]
    exchanged = [e for e in journal if e["event"] == "tokenvault.exchanged"]
    assert [(e["user"], e["details"]["connection"]) for e in exchanged] == [("auth0|alice", "google-oauth2")]
    assert any(e.get("path", "").startswith("/gmail/v1/users/me/messages") for e in journal), journal
