"""Lifecycle faults against real clients: PyJWT's PyJWKClient fetches the JWKS again when a token names a
key it has not seen (after `POST /__admin/keys/rotate`) and verifies tokens of the new key, tokens of a
dropped key stop verifying; PyJWT refuses skewed tokens without leeway; auth0-python's refresh gets
invalid_grant after the user's refresh tokens are revoked; auth0-ai's Token Vault tool lets an injected
5xx through as auth0-python's error and turns a 4xx or a failing upstream refresh into its interrupt.
Each test runs against its own fake, since these faults change the tenant."""

import jwt
import pytest
import requests
from auth0.authentication import GetToken
from auth0.exceptions import Auth0Error
from langgraph.errors import GraphInterrupt

from conftest import _stop, start_fake
from sdk_support import ALICE, call_tool, run
from test_sdk_token_vault import GMAIL, SCENARIO as AGENT_SCENARIO, as_user, vault_accounts, vault_tool

API_AUDIENCE = "https://api.example.com/"
WEB_CLIENT = ("demo-web", "demo-web-secret")
REFRESH_TOKEN = "demo-alice-refresh-token"
TIMEOUT = 10


@pytest.fixture
def fake(tmp_path):
    proc, handle = start_fake(tmp_path)
    try:
        yield handle
    finally:
        _stop(proc)


def admin(fake, path: str, body: dict | None = None) -> requests.Response:
    return requests.post(fake.base_url + "/__admin" + path, json=body or {}, timeout=TIMEOUT)


def user_token(fake) -> str:
    resp = requests.post(fake.base_url + "/oauth/token", data={
        "grant_type": "refresh_token", "refresh_token": REFRESH_TOKEN,
        "client_id": WEB_CLIENT[0], "client_secret": WEB_CLIENT[1], "audience": API_AUDIENCE,
    }, timeout=TIMEOUT)
    assert resp.status_code == 200, resp.text
    return resp.json()["access_token"]


def jwks_fetches(fake) -> int:
    entries = requests.get(fake.base_url + "/__admin/journal", params={"event": "request"}, timeout=TIMEOUT).json()
    return sum(1 for entry in entries["entries"] if entry.get("path") == "/.well-known/jwks.json")


def decode(client: jwt.PyJWKClient, fake, token: str) -> dict:
    key = client.get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], audience=API_AUDIENCE, issuer=fake.issuer)


def test_pyjwkclient_refetches_the_jwks_after_a_rotation(fake):
    # A JWKS cache of five minutes, as an API would keep; no cooldown between kid-miss refreshes.
    client = jwt.PyJWKClient(fake.base_url + "/.well-known/jwks.json", cache_jwk_set=True, lifespan=300,
                             cooldown_duration=0)
    before = user_token(fake)
    assert decode(client, fake, before)["sub"] == "auth0|alice"
    assert decode(client, fake, user_token(fake))["sub"] == "auth0|alice"
    assert jwks_fetches(fake) == 1, "the second token verified from the cached JWKS"

    rotated = admin(fake, "/keys/rotate", {"grace_seconds": 60})
    assert rotated.status_code == 200, rotated.text
    new_kid, old_kid = rotated.json()["kid"], rotated.json()["previous_kid"]
    after = user_token(fake)
    assert jwt.get_unverified_header(after)["kid"] == new_kid != old_kid

    assert decode(client, fake, after)["sub"] == "auth0|alice"
    assert jwks_fetches(fake) == 2, "the unknown kid made PyJWKClient fetch the JWKS again"
    assert decode(client, fake, before)["sub"] == "auth0|alice", "the old key is published during the grace"
    assert [key.key_id for key in client.get_signing_keys()] == [new_kid, old_kid]

    # The grace period ends on the tenant clock: the old key leaves the JWKS and its tokens are refused.
    assert admin(fake, "/clock/advance", {"seconds": 60}).status_code == 200
    fresh = jwt.PyJWKClient(fake.base_url + "/.well-known/jwks.json", cache_jwk_set=False)
    assert [key.key_id for key in fresh.get_signing_keys()] == [new_kid]
    with pytest.raises(jwt.PyJWKClientError):
        fresh.get_signing_key_from_jwt(before)
    info = requests.get(fake.base_url + "/userinfo", headers={"Authorization": f"Bearer {before}"}, timeout=TIMEOUT)
    assert info.status_code == 401 and info.json()["error"] == "invalid_token"
    assert decode(fresh, fake, after)["sub"] == "auth0|alice"


def test_rotation_control_refuses_bad_input_and_changes_nothing(fake):
    keys = requests.get(fake.base_url + "/__admin/keys", timeout=TIMEOUT).json()["keys"]
    for body in ({"grace_seconds": -1}, {"grace_seconds": "60"}, {"grace_seconds": 10**12}, {"grace": 1}):
        resp = admin(fake, "/keys/rotate", body)
        assert resp.status_code == 400 and resp.json()["error"] == "invalid_request", resp.text
    assert requests.get(fake.base_url + "/__admin/keys", timeout=TIMEOUT).json()["keys"] == keys


# --- clock skew: PyJWT's leeway --------------------------------------------------------------------


def test_pyjwt_refuses_skewed_tokens_without_leeway_and_accepts_them_with_it(fake):
    assert admin(fake, "/tokens/skew", {"seconds": 120}).json() == {"seconds": 120}
    token = user_token(fake)
    key = jwt.PyJWKClient(fake.base_url + "/.well-known/jwks.json").get_signing_key_from_jwt(token)
    with pytest.raises(jwt.ImmatureSignatureError):
        jwt.decode(token, key.key, algorithms=["RS256"], audience=API_AUDIENCE, issuer=fake.issuer)
    claims = jwt.decode(token, key.key, algorithms=["RS256"], audience=API_AUDIENCE, issuer=fake.issuer, leeway=180)
    assert claims["nbf"] == claims["iat"]

    assert admin(fake, "/tokens/skew", {"seconds": 0}).json() == {"seconds": 0}
    plain = user_token(fake)
    assert "nbf" not in jwt.decode(plain, key.key, algorithms=["RS256"], audience=API_AUDIENCE, issuer=fake.issuer)
    for body in ({"seconds": 1.5}, {"seconds": "1"}, {"seconds": 10**10}, {}):
        resp = admin(fake, "/tokens/skew", body)
        assert resp.status_code == 400 and resp.json()["error"] == "invalid_request", resp.text


# --- refresh tokens revoked: auth0-python ------------------------------------------------------------


def test_auth0_python_refresh_fails_with_invalid_grant_after_revocation(fake):
    get_token = GetToken(fake.domain, WEB_CLIENT[0], client_secret=WEB_CLIENT[1], protocol="http")
    assert get_token.refresh_token(REFRESH_TOKEN)["access_token"]
    revoked = admin(fake, "/refresh-tokens/revoke", {"user": "auth0|alice"})
    assert revoked.status_code == 200 and revoked.json()["revoked"] == 1, revoked.text
    with pytest.raises(Auth0Error) as caught:
        get_token.refresh_token(REFRESH_TOKEN)
    assert caught.value.status_code == 403 and caught.value.error_code == "invalid_grant"
    assert admin(fake, "/refresh-tokens/revoke", {"user": "auth0|nobody"}).status_code == 400


# --- auth0-ai's Token Vault tool: injected 5xx, 429 and a failing upstream refresh -----------------------


def test_auth0_ai_token_vault_raises_on_an_injected_5xx_and_interrupts_on_a_4xx(tenant):
    endpoint = tenant(AGENT_SCENARIO)
    tool, runs = vault_tool(endpoint, "google-oauth2", ["openid", GMAIL])
    fault = endpoint.admin("POST", "/faults", {"id": "vault-down", "match": {"endpoint": "tokenvault"},
                                               "effect": {"status": 503}, "times": 1})
    assert fault.status_code == 201, fault.text
    # auth0-ai: a 5xx from the exchange is no authorization problem, the SDK lets auth0-python's error through
    with pytest.raises(Auth0Error) as caught:
        run(call_tool(tool, thread="t-5xx", **as_user(ALICE)))
    assert caught.value.status_code == 503 and caught.value.error_code == "temporarily_unavailable"
    assert runs == []
    assert run(call_tool(tool, thread="t-5xx", **as_user(ALICE))).content == "called google-oauth2"
    (injected,) = endpoint.admin("GET", "/journal", event="fault.injected").json()["entries"]
    assert injected["details"]["fault"] == "vault-down" and injected["status"] == 503
    assert injected["path"] == "/oauth/token" and "tokenvault" in injected["details"]["endpoints"]

    # a 4xx (here Auth0's 429) becomes TokenVaultError, which the tool turns into its interrupt
    endpoint.admin("POST", "/faults", {"match": {"endpoint": "tokenvault"}, "effect": {"status": 429}, "times": 1})
    with pytest.raises(GraphInterrupt) as interrupted:
        run(call_tool(tool, thread="t-429", **as_user(ALICE)))
    (interrupt,) = interrupted.value.args[0]
    assert interrupt.value["code"] == "TOKEN_VAULT_ERROR" and interrupt.value["connection"] == "google-oauth2"
    assert len(runs) == 1


def test_auth0_ai_token_vault_interrupts_when_the_upstream_refresh_fails(tenant):
    endpoint = tenant(AGENT_SCENARIO)
    (account,) = vault_accounts(endpoint, ALICE, "google-oauth2")
    failing = endpoint.admin("POST", f"/vault/accounts/{account['id']}/refresh-fails", {})
    assert failing.status_code == 200 and failing.json()["refresh_fails"] is True, failing.text
    tool, runs = vault_tool(endpoint, "google-oauth2", ["openid", GMAIL])
    assert run(call_tool(tool, thread="before", **as_user(ALICE))).content == "called google-oauth2"

    assert endpoint.admin("POST", f"/vault/accounts/{account['id']}/expire").status_code == 200
    with pytest.raises(GraphInterrupt) as interrupted:
        run(call_tool(tool, thread="after", **as_user(ALICE)))
    (interrupt,) = interrupted.value.args[0]
    assert interrupt.value["code"] == "TOKEN_VAULT_ERROR"
    assert "refresh" in interrupt.value["message"]
    assert len(runs) == 1
