"""The browser login flow driven with plain HTTP requests over both listeners, as any OAuth client
library drives it: a confidential client, a public (SPA) client with PKCE alone, prompt=none with and
without a session, and logout."""

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlparse

import requests

from sdk_support import claims

CALLBACK = "http://localhost:3000/auth/callback"
SPA_CALLBACK = "http://localhost:5173/callback"
TIMEOUT = 10


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize(browser: requests.Session, endpoint, client_id: str, redirect_uri: str, challenge: str, **extra):
    params = {
        "response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "state": "st-1", "nonce": "n-1",
        "scope": "openid profile email offline_access", "code_challenge": challenge, "code_challenge_method": "S256", **extra,
    }
    return browser.get(endpoint.url("/authorize"), params=params, allow_redirects=False, timeout=TIMEOUT)


def log_in(browser: requests.Session, endpoint, client_id: str, redirect_uri: str, challenge: str, user="auth0|alice"):
    """/authorize, then picking `user` on the login page; returns the redirect's query parameters."""
    page = authorize(browser, endpoint, client_id, redirect_uri, challenge)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"], page.text
    tx = re.search(r'name="tx" value="([^"]+)"', page.text).group(1)
    back = browser.post(endpoint.url("/login"), data={"tx": tx, "user": user}, allow_redirects=False, timeout=TIMEOUT)
    assert back.status_code == 302, back.text
    assert back.headers["Location"].startswith(redirect_uri + "?")
    return {k: v[0] for k, v in parse_qs(urlparse(back.headers["Location"]).query).items()}


def test_confidential_client_logs_in_and_redeems_the_code_with_basic_auth(tenant):
    endpoint = tenant()
    verifier, challenge = pkce()
    back = log_in(requests.Session(), endpoint, "demo-web", CALLBACK, challenge)
    assert back["state"] == "st-1"
    resp = requests.post(endpoint.url("/oauth/token"), auth=("demo-web", "demo-web-secret"), timeout=TIMEOUT, data={
        "grant_type": "authorization_code", "code": back["code"], "redirect_uri": CALLBACK, "code_verifier": verifier})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert {"access_token", "id_token", "refresh_token"} <= body.keys() and body["token_type"] == "Bearer"
    id_token = claims(endpoint, body["id_token"], "demo-web")
    assert id_token["sub"] == "auth0|alice" and id_token["nonce"] == "n-1" and id_token["iss"] == endpoint.issuer
    assert isinstance(id_token["auth_time"], int) and id_token["email"] == "alice@example.com"


def test_public_client_authenticates_with_pkce_alone(tenant):
    endpoint = tenant()
    verifier, challenge = pkce()
    back = log_in(requests.Session(), endpoint, "demo-spa", SPA_CALLBACK, challenge, user="auth0|bob")
    redeem = {"grant_type": "authorization_code", "client_id": "demo-spa", "code": back["code"], "redirect_uri": SPA_CALLBACK}
    wrong = requests.post(endpoint.url("/oauth/token"), data={**redeem, "code_verifier": "x" * 43}, timeout=TIMEOUT)
    assert wrong.status_code == 403 and wrong.json()["error"] == "invalid_grant"
    assert wrong.headers["Content-Type"] == "application/json"

    verifier2, challenge2 = pkce()
    browser = requests.Session()
    back2 = log_in(browser, endpoint, "demo-spa", SPA_CALLBACK, challenge2, user="auth0|bob")
    resp = requests.post(endpoint.url("/oauth/token"), timeout=TIMEOUT, data={
        "grant_type": "authorization_code", "client_id": "demo-spa", "code": back2["code"], "redirect_uri": SPA_CALLBACK,
        "code_verifier": verifier2})
    assert resp.status_code == 200, resp.text
    assert claims(endpoint, resp.json()["id_token"], "demo-spa")["sub"] == "auth0|bob"


def test_prompt_none_needs_a_session_and_logout_ends_it(tenant):
    endpoint = tenant()
    _, challenge = pkce()
    browser = requests.Session()
    silent = authorize(browser, endpoint, "demo-web", CALLBACK, challenge, prompt="none")
    assert silent.status_code == 302
    assert parse_qs(urlparse(silent.headers["Location"]).query)["error"] == ["login_required"]

    log_in(browser, endpoint, "demo-web", CALLBACK, challenge)
    again = authorize(browser, endpoint, "demo-web", CALLBACK, challenge, prompt="none")
    assert "code" in parse_qs(urlparse(again.headers["Location"]).query), "the session cookie logs in silently"

    refused = browser.get(endpoint.url("/oidc/logout"), allow_redirects=False, timeout=TIMEOUT,
                          params={"post_logout_redirect_uri": "https://elsewhere.example/", "client_id": "demo-web"})
    assert refused.status_code == 400 and "Location" not in refused.headers
    out = browser.get(endpoint.url("/oidc/logout"), allow_redirects=False, timeout=TIMEOUT,
                      params={"post_logout_redirect_uri": "http://localhost:3000", "client_id": "demo-web", "state": "bye"})
    assert out.status_code == 302 and out.headers["Location"] == "http://localhost:3000?state=bye"
    after = authorize(browser, endpoint, "demo-web", CALLBACK, challenge, prompt="none")
    assert parse_qs(urlparse(after.headers["Location"]).query)["error"] == ["login_required"]
