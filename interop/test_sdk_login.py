"""Browser login (authorization code + PKCE) as real clients do it: auth0-server-python's interactive
login (HTTPS only: it always talks to https://{domain}), following the authorize URL without a browser
on a scenario that logs Alice in at once, and a real headless Chromium clicking "Alice Example" on the
login page of the demo tenant, over HTTP and over HTTPS."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, quote, urlencode, urlparse

import pytest
import requests
from auth0_server_python.auth_server.server_client import ServerClient
from auth0_server_python.auth_types import LogoutOptions, StartInteractiveLoginOptions
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from browser_support import PAGE_TIMEOUT_S, Chromium, trust_server_key_args
from conftest import endpoint_for
from sdk_support import ALICE, MemoryStore, audiences, claims, run

CALLBACK = "http://localhost:3000/auth/callback"  # nothing listens there: the tests read the redirect
WEB_APP = ("web-app", "web-app-secret")
WEB_API = "https://api.web.example/"
TIMEOUT = 10


def server_client(endpoint, **options) -> ServerClient:
    return ServerClient(domain=endpoint.domain, client_id=WEB_APP[0], client_secret=WEB_APP[1], redirect_uri=CALLBACK,
                        secret=secrets.token_urlsafe(32), transaction_store=MemoryStore(), state_store=MemoryStore(),
                        **options)


def follow_to_callback(authorize_url: str) -> str:
    """What the browser does between the app's redirect and its callback, with auto_login on."""
    resp = requests.get(authorize_url, allow_redirects=False, timeout=TIMEOUT)
    assert resp.status_code == 302, f"/authorize: {resp.status_code} {resp.text[:500]}"
    location = resp.headers["Location"]
    assert location.startswith(CALLBACK + "?"), location
    return location


def query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlparse(url).query).items()}


def challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def redeem(endpoint, code: str, verifier: str) -> dict:
    resp = requests.post(endpoint.url("/oauth/token"), data={
        "grant_type": "authorization_code", "client_id": "demo-web", "client_secret": "demo-web-secret",
        "code": code, "redirect_uri": CALLBACK, "code_verifier": verifier}, timeout=TIMEOUT)
    assert resp.status_code == 200, f"/oauth/token: {resp.status_code} {resp.text}"
    return resp.json()


# --- auth0-server-python -----------------------------------------------------------------------------


class Raised(str):
    """What a step of the SDK raised, as text."""


async def interactive_login(endpoint, scope: str, **steps) -> dict:
    """Drives auth0-server-python through a whole login and returns what it reported, as plain data:
    the SDK objects (and their open connections) end with this call, whatever the assertions say."""
    client = server_client(endpoint, authorization_params={"scope": scope})
    seen = {}
    seen["authorize_url"] = await client.start_interactive_login(StartInteractiveLoginOptions(
        app_state={"return": "/cart"}))
    seen["callback"] = follow_to_callback(seen["authorize_url"])
    seen["result"] = await client.complete_interactive_login(seen["callback"])
    seen["user"] = await client.get_user()
    seen["session"] = await client.get_session()
    for name, step in steps.items():  # step(client, seen so far)
        try:
            seen[name] = await step(client, seen)
        except Exception as error:  # noqa: BLE001 - reported as data, without the traceback that holds the client
            seen[name] = Raised(f"{type(error).__name__}: {error}")
    return seen


def test_auth0_server_python_interactive_login_with_pkce(https_tenant):
    endpoint = https_tenant("login-auto-alice.yaml")
    seen = run(interactive_login(endpoint, "openid profile email offline_access",
                                 api_token=lambda client, _: client.get_access_token(audience=WEB_API)))

    assert seen["authorize_url"].startswith(endpoint.url("/authorize?"))
    sent = query(seen["authorize_url"])
    assert (sent["client_id"], sent["redirect_uri"], sent["code_challenge_method"]) == (WEB_APP[0], CALLBACK, "S256")
    assert query(seen["callback"])["state"] == sent["state"]
    assert seen["result"]["app_state"] == {"return": "/cart"}

    user = seen["user"]
    assert user is not None, "the SDK kept no user: the token response had no ID token"
    assert (user["sub"], user["email"], user["name"]) == (ALICE, "alice@example.com", "Alice Example")
    assert user["iss"] == endpoint.issuer and user["aud"] == WEB_APP[0]
    session = seen["session"]
    assert session["refresh_token"] and session["id_token"]
    assert set(session["token_sets"][0]["scope"].split()) == {"openid", "profile", "email", "offline_access"}
    assert claims(endpoint, session["token_sets"][0]["access_token"], endpoint.issuer + "userinfo")["sub"] == ALICE

    # the refresh token from the login buys an access token for an API (multi-resource refresh)
    assert not isinstance(seen["api_token"], Raised), seen["api_token"]
    assert WEB_API in audiences(claims(endpoint, seen["api_token"], WEB_API))


def test_auth0_server_python_interactive_login_with_a_single_scope(https_tenant):
    """The same flow where the authorize URL holds no encoded space: code + PKCE redeemed with
    client_secret_basic and no client_id in the body, ID token verified by the SDK, replay refused,
    logout URL."""
    endpoint = https_tenant("login-auto-alice.yaml")

    async def replay(client, seen):
        return await client.complete_interactive_login(seen["callback"])

    async def log_out(client, _):
        url = await client.logout(LogoutOptions(return_to="http://localhost:3000"))
        return url, await client.get_user()

    seen = run(interactive_login(endpoint, "openid", replay=replay, logout=log_out))

    assert query(seen["authorize_url"])["scope"] == "openid"
    user = seen["user"]
    assert user is not None
    assert (user["sub"], user["iss"], user["aud"]) == (ALICE, endpoint.issuer, WEB_APP[0])
    assert user.get("email") is None  # the email scope was not asked for
    session = seen["session"]
    assert session["refresh_token"] is None and session["id_token"]
    assert session["token_sets"][0]["scope"] == "openid"

    assert isinstance(seen["replay"], Raised), "a code is single-use: replaying the callback must fail"

    logout_url, user_after = seen["logout"]
    assert logout_url.startswith(endpoint.url("/v2/logout?"))
    assert user_after is None
    resp = requests.get(logout_url, allow_redirects=False, timeout=TIMEOUT)
    assert resp.status_code == 302 and resp.headers["Location"] == "http://localhost:3000"


# --- the query string of /authorize, as form encoders write it ----------------------------------


def test_authorize_reads_plus_in_the_query_as_a_space(fake):
    endpoint = endpoint_for(fake, "http")
    verifier = secrets.token_urlsafe(48)
    params = {"response_type": "code", "client_id": "demo-web", "redirect_uri": CALLBACK,
              "scope": "openid profile email", "state": "s1", "code_challenge": challenge(verifier),
              "code_challenge_method": "S256"}
    with requests.Session() as browser:
        # urlencode writes scope=openid+profile+email
        page = browser.get(endpoint.url("/authorize?" + urlencode(params)), timeout=TIMEOUT)
        assert page.status_code == 200, page.text[:300]
        tx = page.text.split('name="tx" value="', 1)[1].split('"', 1)[0]
        login = browser.post(endpoint.url("/login"), data={"tx": tx, "user": ALICE}, allow_redirects=False,
                             timeout=TIMEOUT)
        assert login.status_code in (302, 303), login.text[:300]
        code = query(login.headers["Location"])["code"]
    body = redeem(endpoint, code, verifier)
    assert set(body["scope"].split()) == {"openid", "profile", "email"}
    assert body.get("id_token")


# --- a real browser on the login page ------------------------------------------------------------------


@pytest.fixture
def browser(endpoint):
    extra = trust_server_key_args("127.0.0.1", endpoint.fake.https_port) if endpoint.scheme == "https" else []
    chromium = Chromium(extra)
    try:
        yield chromium
    finally:
        chromium.quit()


def test_chromium_picks_alice_on_the_login_page_and_the_code_is_redeemed(endpoint, browser):
    driver = browser.require()
    verifier, state, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    params = {"response_type": "code", "client_id": "demo-web", "redirect_uri": CALLBACK,
              "scope": "openid profile email offline_access", "state": state, "nonce": nonce,
              "code_challenge": challenge(verifier), "code_challenge_method": "S256"}
    # spaces as %20, as JavaScript's encodeURIComponent writes them
    driver.get(endpoint.url("/authorize?" + urlencode(params, quote_via=quote)))

    alice = WebDriverWait(driver, PAGE_TIMEOUT_S).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, 'button.user[data-sub="auth0|alice"]')))
    assert "Demo Web App" in driver.find_element(By.TAG_NAME, "h1").text
    assert "Alice Example" in alice.text
    alice.click()
    WebDriverWait(driver, PAGE_TIMEOUT_S).until(lambda d: d.current_url.startswith(CALLBACK + "?"))

    answer = query(driver.current_url)
    assert answer["state"] == state and "error" not in answer
    body = redeem(endpoint, answer["code"], verifier)
    assert body["token_type"] == "Bearer" and body["refresh_token"]
    assert set(body["scope"].split()) == {"openid", "profile", "email", "offline_access"}
    ident = claims(endpoint, body["id_token"], "demo-web")
    assert (ident["sub"], ident["nonce"], ident["email"]) == (ALICE, nonce, "alice@example.com")
    assert claims(endpoint, body["access_token"], endpoint.issuer + "userinfo")["sub"] == ALICE

    # the session cookie skips the page the second time
    again = {**params, "state": "second", "code_challenge": challenge(verifier + "x")}
    try:
        driver.get(endpoint.url("/authorize?" + urlencode(again, quote_via=quote)))
    except WebDriverException as error:  # the redirect lands on the callback, where nothing listens
        assert "ERR_CONNECTION_REFUSED" in str(error), error
    WebDriverWait(driver, PAGE_TIMEOUT_S).until(lambda d: d.current_url.startswith(CALLBACK + "?"))
    assert query(driver.current_url)["state"] == "second"
