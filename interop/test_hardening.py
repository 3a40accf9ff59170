"""Requests a hostile or careless client sends: numbers far out of range, huge bodies, PKCE downgrades,
forged token headers, oddly encoded secrets. Each gets the real service's error for a bad parameter,
and after each one the fake still answers."""

import base64
import hashlib
import json
import os
import secrets
import stat
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from reliability_support import TIMEOUT, start_server, tenant_token, vault_token

BIG = 9223372036854775807
HUGE_NUMBERS = [1e300, -1e300, BIG, -BIG - 1, 9223372036854775808, 1.5]
MIB = 1 << 20
INTERNAL_NAMES = ("NIO", "Hummingbird", "HTTPError", "Swift.", "DecodingError", "Optional(", "FakeAuth0")


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("hardening"), state=tmp_path_factory.mktemp("hardening-state"))
    yield server
    server.stop()


def b64url(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def assert_no_internal_names(resp: requests.Response) -> None:
    for name in INTERNAL_NAMES:
        assert name not in resp.text, f"internal name {name!r} in {resp.text[:500]}"


# --- numbers from outside -------------------------------------------------------------------------

@pytest.mark.parametrize("seconds", HUGE_NUMBERS + ["60", None, [1], 315360001])
def test_clock_advance_refuses_numbers_out_of_range(fake, seconds):
    before = fake.admin("GET", "/clock").json()["now"]
    resp = fake.admin("POST", "/clock/advance", {"seconds": seconds})
    assert resp.status_code == 400, resp.text
    assert resp.json()["error"] == "invalid_request"
    assert_no_internal_names(resp)
    fake.assert_alive()
    assert abs(fake.admin("GET", "/clock").json()["now"] - before) < 60


def test_clock_advance_takes_a_range_of_seconds(fake):
    before = fake.admin("GET", "/clock").json()["now"]
    assert fake.admin("POST", "/clock/advance", {"seconds": 3600}).status_code == 200
    assert fake.admin("POST", "/clock/advance", {"seconds": -3600}).status_code == 200
    assert abs(fake.admin("GET", "/clock").json()["now"] - before) < 60


@pytest.mark.parametrize("expires_in", HUGE_NUMBERS + [-1, "soon"])
def test_vault_link_refuses_lifetimes_out_of_range(fake, expires_in):
    resp = fake.admin("POST", "/vault/accounts",
                      {"user": "auth0|bob", "connection": "github", "scopes": ["repo"], "expires_in": expires_in})
    assert resp.status_code == 400, resp.text
    assert resp.json()["error"] == "invalid_request"
    fake.assert_alive()


@pytest.mark.parametrize("path", ["/github/user/repos", "/github/user/orgs", "/github/repos/alice-example/agent-demo/issues"])
@pytest.mark.parametrize("page", [str(BIG), "99999999999999999999", "1000001"])
def test_github_pages_out_of_range_answer_422(fake, path, page):
    token = vault_token(fake, "github")
    resp = fake.get(path, params={"page": page, "per_page": "100"}, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 422, resp.text
    assert "message" in resp.json()
    fake.assert_alive()


def test_github_per_page_out_of_range_is_clamped(fake):
    token = vault_token(fake, "github")
    resp = fake.get("/github/user/repos", params={"per_page": str(BIG), "page": "1"}, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.text
    fake.assert_alive()


@pytest.mark.parametrize("path", ["/google/gmail/v1/users/me/messages", "/google/gmail/v1/users/me/threads",
                                  "/google/calendar/v3/calendars/primary/events"])
@pytest.mark.parametrize("token_text", [f"offset:{BIG}", "offset:99999999999999999999", "offset:-1", "garbage"])
def test_google_page_tokens_out_of_range_answer_400(fake, path, token_text):
    token = vault_token(fake, "google-oauth2")
    resp = fake.get(path, params={"pageToken": b64url(token_text), "maxResults": "500"}, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 400, resp.text
    assert resp.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert resp.json()["error"]["errors"][0]["reason"] == "invalidArgument"
    fake.assert_alive()


@pytest.mark.parametrize("path", ["/google/gmail/v1/users/me/messages", "/google/calendar/v3/calendars/primary/events"])
@pytest.mark.parametrize("max_results", [str(BIG), "99999999999999999999", "-1", "ten"])
def test_google_max_results_out_of_range(fake, path, max_results):
    token = vault_token(fake, "google-oauth2")
    resp = fake.get(path, params={"maxResults": max_results}, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code in (200, 400), resp.text
    if resp.status_code == 400:
        assert resp.json()["error"]["status"] == "INVALID_ARGUMENT"
    fake.assert_alive()


@pytest.mark.parametrize("method", ["conversations.list", "users.list", "conversations.history"])
@pytest.mark.parametrize("cursor", [f"next:{BIG}", "next:99999999999999999999", "next:-5"])
def test_slack_cursors_out_of_range_answer_invalid_cursor(fake, method, cursor):
    token = vault_token(fake, "sign-in-with-slack")
    params = {"cursor": base64.b64encode(cursor.encode()).decode(), "limit": str(BIG)}
    if method == "conversations.history":
        channels = fake.get("/slack/api/conversations.list", headers={"Authorization": f"Bearer {token}"}).json()["channels"]
        params["channel"] = channels[0]["id"]
    resp = fake.get(f"/slack/api/{method}", params=params, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"ok": False, "error": "invalid_cursor"}
    fake.assert_alive()


EVENT = {"summary": "Standup", "start": {"dateTime": "2026-12-01T09:00:00Z"}, "end": {"dateTime": "2026-12-01T09:15:00Z"}}


@pytest.mark.parametrize("sequence", [1e300, BIG, -1, 2147483648, "7"])
def test_calendar_refuses_sequences_out_of_range(fake, sequence):
    token = vault_token(fake, "google-oauth2")
    headers = {"Authorization": f"Bearer {token}"}
    resp = fake.post("/google/calendar/v3/calendars/primary/events", json={**EVENT, "sequence": sequence}, headers=headers)
    assert resp.status_code == 400, resp.text
    assert resp.json()["error"]["status"] == "INVALID_ARGUMENT"
    created = fake.post("/google/calendar/v3/calendars/primary/events", json=EVENT, headers=headers).json()
    url = f"/google/calendar/v3/calendars/primary/events/{created['id']}"
    resp = requests.patch(fake.url(url), json={"sequence": sequence}, headers=headers, timeout=TIMEOUT)
    assert resp.status_code == 400, resp.text
    fake.assert_alive()


def test_calendar_sequence_at_its_largest_survives_patches_and_restarts(tmp_path):
    state = tmp_path / "state"
    server = start_server(tmp_path / "a", state=state)
    try:
        headers = {"Authorization": f"Bearer {vault_token(server, 'google-oauth2')}"}
        event = server.post("/google/calendar/v3/calendars/primary/events", json={**EVENT, "sequence": 2147483647},
                            headers=headers).json()
        url = server.url(f"/google/calendar/v3/calendars/primary/events/{event['id']}")
        moved = {"start": {"dateTime": "2026-12-01T10:00:00Z"}, "end": {"dateTime": "2026-12-01T10:15:00Z"}}
        resp = requests.patch(url, json=moved, headers=headers, timeout=TIMEOUT)
        assert resp.status_code == 200, resp.text
        assert resp.json()["sequence"] == 2147483647  # Google's sequence is an int32: it stays at its largest
    finally:
        server.stop()
    server = start_server(tmp_path / "b", state=state)
    try:
        headers = {"Authorization": f"Bearer {vault_token(server, 'google-oauth2')}"}
        url = server.url(f"/google/calendar/v3/calendars/primary/events/{event['id']}")
        moved = {"start": {"dateTime": "2026-12-01T11:00:00Z"}, "end": {"dateTime": "2026-12-01T11:15:00Z"}}
        assert requests.patch(url, json=moved, headers=headers, timeout=TIMEOUT).status_code == 200
        server.assert_alive()
    finally:
        server.stop()


# --- private_key_jwt with absurd times -----------------------------------------------------------

def rsa_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def indent(pem: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in pem.strip().splitlines())


@pytest.fixture(scope="module")
def keyed(tmp_path_factory):
    """A tenant whose signing key and whose client's assertion key the test holds."""
    signing_private, signing_public = rsa_key()
    client_private, client_public = rsa_key()
    scenario = f"""\
tenant:
  name: keyed
  signing_key: |
{indent(signing_private, 4)}
clients:
  - id: jwt-client
    type: m2m
    public_keys:
      - |
{indent(client_public, 8)}
  - id: web
    type: regular_web
    secret: "p@ss:w+rd%41/é"
    grants: [authorization_code, refresh_token, client_credentials]
    callbacks: [http://localhost:3000/callback]
apis:
  - {{ audience: https://api.keyed.example/, scopes: [read], clients: [jwt-client, web] }}
users:
  - {{ sub: auth0|alice, email: alice@example.com }}
login:
  auto_login: auth0|alice
"""
    server = start_server(tmp_path_factory.mktemp("keyed"), scenario=scenario)
    server.signing_private = signing_private
    server.signing_public = signing_public
    server.client_private = client_private
    yield server
    server.stop()


@pytest.mark.parametrize("claim", ["exp", "iat", "nbf"])
@pytest.mark.parametrize("value", [1e300, -1e300, BIG, 9223372036854775808])
def test_client_assertion_with_absurd_times_is_invalid_client(keyed, claim, value):
    now = keyed.admin("GET", "/clock").json()["now"]
    claims = {"iss": "jwt-client", "sub": "jwt-client", "aud": keyed.issuer, "iat": now, "exp": now + 60,
              "jti": secrets.token_hex(8)}
    claims[claim] = value
    body = json.dumps({"alg": "RS256", "typ": "JWT"})
    assertion = jwt.encode(claims, keyed.client_private, algorithm="RS256") if claim != "exp" or value != 1e300 else None
    if assertion is None:  # PyJWT refuses to encode 1e300 as exp: build the JWS by hand
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding
        key = serialization.load_pem_private_key(keyed.client_private.encode(), None)
        signing_input = b64url(body) + "." + b64url(json.dumps(claims))
        signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        assertion = signing_input + "." + base64.urlsafe_b64encode(signature).decode().rstrip("=")
    resp = keyed.post("/oauth/token", data={
        "grant_type": "client_credentials", "audience": "https://api.keyed.example/",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion})
    if (claim == "exp" and value != BIG) or (claim != "exp" and value > 0):
        # exp past every date, or issued / valid only in the future (or never): refused
        assert resp.status_code == 401, resp.text
        assert resp.json()["error"] == "invalid_client"
    else:
        assert resp.status_code in (200, 401), resp.text
    keyed.assert_alive()


# --- token headers: RS256 with a known kid only --------------------------------------------------

def forged(keyed, header: dict, key=None, algorithm="RS256") -> str:
    now = keyed.admin("GET", "/clock").json()["now"]
    claims = {"iss": keyed.issuer, "sub": "auth0|alice", "aud": [keyed.issuer + "userinfo"], "iat": now, "exp": now + 600,
              "scope": "openid email"}
    return jwt.encode(claims, key or keyed.signing_private, algorithm=algorithm, headers=header)


def kid_of(keyed) -> str:
    return keyed.get("/.well-known/jwks.json").json()["keys"][0]["kid"]


def userinfo(keyed, token: str) -> requests.Response:
    return keyed.get("/userinfo", headers={"Authorization": f"Bearer {token}"})


def test_a_token_signed_by_the_tenant_key_with_its_kid_is_accepted(keyed):
    assert userinfo(keyed, forged(keyed, {"kid": kid_of(keyed)})).status_code == 200


@pytest.mark.parametrize("case", ["no-kid", "unknown-kid", "rs384", "rs512", "ps256", "hs256-with-public-key", "none"])
def test_tokens_with_another_alg_or_kid_are_refused(keyed, case):
    kid = kid_of(keyed)
    if case == "no-kid":
        token = forged(keyed, {})
        assert "kid" not in json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    elif case == "unknown-kid":
        token = forged(keyed, {"kid": "not-a-key"})
    elif case in ("rs384", "rs512", "ps256"):
        token = forged(keyed, {"kid": kid}, algorithm=case.upper())
    elif case == "hs256-with-public-key":
        segments = [b64url(json.dumps({"alg": "HS256", "kid": kid, "typ": "JWT"})),
                    forged(keyed, {"kid": kid}).split(".")[1]]
        import hmac
        signature = hmac.new(keyed.signing_public.encode(), ".".join(segments).encode(), hashlib.sha256).digest()
        token = ".".join(segments + [base64.urlsafe_b64encode(signature).decode().rstrip("=")])
    else:
        segments = [b64url(json.dumps({"alg": "none", "kid": kid})), forged(keyed, {"kid": kid}).split(".")[1]]
        token = ".".join(segments) + "."
    resp = userinfo(keyed, token)
    assert resp.status_code == 401, resp.text
    assert resp.json()["error"] == "invalid_token"
    keyed.assert_alive()


# --- client secrets: one decoding, as the encoding requires ------------------------------------

SECRET = "p@ss:w+rd%41/é"


def client_credentials(keyed, **kwargs) -> requests.Response:
    return keyed.post("/oauth/token", data={"grant_type": "client_credentials", "audience": "https://api.keyed.example/",
                                            **kwargs.pop("data", {})}, **kwargs)


def basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_basic_credentials_are_form_encoded_then_base64(keyed):
    form = lambda text: quote(text, safe="")  # noqa: E731
    assert client_credentials(keyed, headers=basic(form("web"), form(SECRET))).status_code == 200


@pytest.mark.parametrize("presented", [
    SECRET,  # not form-encoded inside Basic: '+' reads as a space, '%41' as 'A'
    quote(quote(SECRET, safe=""), safe=""),  # encoded twice
])
def test_basic_credentials_decoded_exactly_once(keyed, presented):
    resp = client_credentials(keyed, headers=basic("web", presented))
    assert resp.status_code == 401, resp.text
    assert resp.json()["error"] == "invalid_client"


def test_form_secret_is_read_as_sent(keyed):
    assert client_credentials(keyed, data={"client_id": "web", "client_secret": SECRET}).status_code == 200
    # A secret that is itself percent-encoded is not decoded a second time.
    resp = client_credentials(keyed, data={"client_id": "web", "client_secret": quote(SECRET, safe="")})
    assert resp.status_code == 401, resp.text


# --- PKCE ----------------------------------------------------------------------------------------

def authorize(keyed, **params) -> str:
    query = {"client_id": "web", "response_type": "code", "redirect_uri": "http://localhost:3000/callback",
             "scope": "openid", "state": "s", **params}
    resp = keyed.get("/authorize?" + urlencode(query), allow_redirects=False)
    assert resp.status_code == 302, resp.text
    return parse_qs(urlparse(resp.headers["Location"]).query)["code"][0]


def redeem(keyed, code: str, **extra) -> requests.Response:
    return keyed.post("/oauth/token", data={"grant_type": "authorization_code", "code": code, "client_id": "web",
                                            "client_secret": SECRET, "redirect_uri": "http://localhost:3000/callback", **extra})


def test_pkce_downgrade_is_refused(keyed):
    code = authorize(keyed)  # no code_challenge
    resp = redeem(keyed, code, code_verifier="a" * 50)
    assert resp.status_code in (400, 403), resp.text
    assert resp.json()["error"] == "invalid_grant"


def test_a_wrong_verifier_invalidates_the_code(keyed):
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    code = authorize(keyed, code_challenge=challenge, code_challenge_method="S256")
    assert redeem(keyed, code, code_verifier="wrong" * 10).json()["error"] == "invalid_grant"
    resp = redeem(keyed, code, code_verifier=verifier)
    assert resp.status_code in (400, 403), resp.text
    assert resp.json()["error"] == "invalid_grant"


def test_a_right_verifier_still_works(keyed):
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    code = authorize(keyed, code_challenge=challenge, code_challenge_method="S256")
    assert redeem(keyed, code, code_verifier=verifier).status_code == 200


# --- big bodies ----------------------------------------------------------------------------------

def big_body() -> bytes:
    return b"a=" + b"x" * (MIB + 10)


@pytest.mark.parametrize("path,shape", [
    ("/oauth/token", "oauth"), ("/bc-authorize", "oauth"), ("/__admin/vault/accounts", "oauth"),
    ("/__admin/clock/advance", "oauth"), ("/api/shop/buy", "oauth"), ("/login", "oauth"),
    ("/me/v1/connected-accounts/connect", "problem"),
    ("/google/gmail/v1/users/me/messages/send", "google"), ("/google/calendar/v3/calendars/primary/events", "google"),
    ("/github/repos/alice-example/agent-demo/issues", "github"), ("/slack/api/chat.postMessage", "slack"),
])
def test_bodies_over_1_mib_answer_413_in_the_endpoint_shape(fake, path, shape):
    token = tenant_token(fake, fake.issuer + "me/") if shape == "problem" else "whatever"
    resp = fake.post(path, data=big_body(), headers={"Content-Type": "application/x-www-form-urlencoded",
                                                     "Authorization": f"Bearer {token}"})
    assert resp.status_code == 413, f"{resp.status_code} {resp.text[:300]}"
    body = resp.json()
    if shape == "oauth":
        assert body["error"] == "invalid_request", body
    elif shape == "problem":
        assert body["status"] == 413 and body["title"], body
    elif shape == "google":
        assert body["error"]["code"] == 413, body
    elif shape == "github":
        assert body["message"], body
    else:
        assert body["ok"] is False and body["error"], body
    assert_no_internal_names(resp)
    fake.assert_alive()


def test_a_body_of_exactly_1_mib_is_read(fake):
    body = b'{"user":"auth0|bob","connection":"github","login_hint":"' + b"x" * (MIB - 100) + b'"}'
    assert len(body) <= MIB
    resp = fake.post("/__admin/vault/accounts", data=body, headers={"Content-Type": "application/json"})
    assert resp.status_code == 201, resp.text[:300]


def test_no_error_names_an_internal_type(fake):
    for resp in [
        fake.post("/oauth/token", data=b"\xff\xfe", headers={"Content-Type": "application/json"}),
        fake.post("/__admin/ciba/next", json={"decision": {"approve_after": {"polls": "x"}}}),
        fake.post("/__admin/ciba/next", json={"decision": {"approve_after": {"polls": BIG}}}),
        fake.post("/__admin/ciba/next", json={"decision": "approve", "match": {"user": 5}}),
        fake.post("/__admin/vault/accounts", json=[1, 2]),
    ]:
        assert 400 <= resp.status_code < 500, resp.text
        assert_no_internal_names(resp)
    fake.assert_alive()


# --- HEAD ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/.well-known/jwks.json", "/.well-known/openid-configuration", "/__admin/clock",
                                  "/__device", "/nothing-here"])
def test_head_mirrors_get_without_a_body(fake, path):
    get = fake.get(path)
    head = requests.head(fake.url(path), timeout=TIMEOUT)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head.headers.get("Content-Type") == get.headers.get("Content-Type")


# --- files ---------------------------------------------------------------------------------------

def test_state_files_are_private(fake):
    state = Path(fake.info["state"])
    assert stat.S_IMODE(state.stat().st_mode) == 0o700, oct(state.stat().st_mode)
    files = [p for p in state.iterdir() if p.name.startswith("state.sqlite")]
    assert {p.name for p in files} >= {"state.sqlite"}
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, f"{file.name}: {oct(file.stat().st_mode)}"


def test_stale_ca_files_of_dead_processes_are_removed(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    dead = temp / "fake-auth0-ca-999999999-deadbeef.pem"
    live = temp / f"fake-auth0-ca-{os.getpid()}-cafecafe.pem"
    other = temp / "something-else.pem"
    for file in (dead, live, other):
        file.write_text("x")
    server = start_server(tmp_path / "run", env={"TMPDIR": str(temp)}, https=True)
    try:
        assert not dead.exists()
        assert live.exists() and other.exists()
        own = Path(server.info["ca_file"])
        assert own.parent == temp and own.exists()
    finally:
        server.stop()
    assert not own.exists()


# --- the control API beyond loopback -------------------------------------------------------------

def test_control_api_needs_the_admin_token_beyond_loopback(tmp_path):
    server = start_server(tmp_path, "--host", "0.0.0.0", "--admin-token", "let-me-in")
    try:
        base = f"http://127.0.0.1:{server.info['port']}"
        warning = [line for line in server.stderr().splitlines() if "warning" in line.lower()]
        assert warning and "admin" in warning[0].lower(), server.stderr()
        assert server.info["admin_token"] == "let-me-in"
        resp = requests.get(base + "/__admin/clock", timeout=TIMEOUT)
        assert resp.status_code == 401, resp.text
        assert resp.json()["error"] == "invalid_token"
        assert requests.get(base + "/__admin/clock", headers={"Authorization": "Bearer wrong"}, timeout=TIMEOUT).status_code == 401
        ok = requests.get(base + "/__admin/clock", headers={"Authorization": "Bearer let-me-in"}, timeout=TIMEOUT)
        assert ok.status_code == 200, ok.text
        # Only the control API is guarded: the tenant's own endpoints answer as always.
        assert requests.get(base + "/.well-known/jwks.json", timeout=TIMEOUT).status_code == 200
    finally:
        server.stop()


def test_a_generated_admin_token_is_in_the_ready_file(tmp_path):
    server = start_server(tmp_path, "--host", "0.0.0.0")
    try:
        base = f"http://127.0.0.1:{server.info['port']}"
        token = server.info["admin_token"]
        assert len(token) >= 32
        assert requests.get(base + "/__admin/clock", timeout=TIMEOUT).status_code == 401
        assert requests.get(base + "/__admin/clock", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT).status_code == 200
    finally:
        server.stop()


def test_the_admin_token_from_the_environment_beyond_loopback(tmp_path):
    server = start_server(tmp_path, "--host", "0.0.0.0", env={"FAKE_AUTH0_ADMIN_TOKEN": "from-the-env"})
    try:
        assert server.info["admin_token"] == "from-the-env"
        base = f"http://127.0.0.1:{server.info['port']}"
        assert requests.get(base + "/__admin/clock", timeout=TIMEOUT).status_code == 401
        ok = requests.get(base + "/__admin/clock", headers={"Authorization": "Bearer from-the-env"}, timeout=TIMEOUT)
        assert ok.status_code == 200, ok.text
    finally:
        server.stop()
    # an empty variable counts as none: a token is made
    server = start_server(tmp_path / "empty", "--host", "0.0.0.0", env={"FAKE_AUTH0_ADMIN_TOKEN": ""})
    try:
        assert len(server.info["admin_token"]) >= 32
    finally:
        server.stop()


def test_loopback_needs_no_admin_token(fake):
    assert "admin_token" not in fake.info
    assert fake.admin("GET", "/clock").status_code == 200
