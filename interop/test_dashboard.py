"""The dashboard (`GET /__admin`) in a real headless Chromium: it shows what the agent does as it
happens, approves a pending CIBA request and revokes a Token Vault account through the control API,
and the journal entries of both appear on the page. Also: every page the fake serves at phone width
(no sideways scrolling), the screenshots of docs/images, and the dashboard behind an admin token.

Needs Debian's `chromium` and `chromium-driver`. When the browser cannot start, these tests fail;
they are never skipped. With FAKE_AUTH0_SCREENSHOTS=DIR the screenshots are written to DIR (the
repository's are made with FAKE_AUTH0_SCREENSHOTS=docs/images)."""

import base64
import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from browser_support import PAGE_TIMEOUT_S
from reliability_support import start_server

ALICE = "auth0|alice"
WEB = ("demo-web", "demo-web-secret")
CALLBACK = "http://localhost:3000/auth/callback"
CIBA_GRANT = "urn:openid:params:grant-type:ciba"
VAULT_GRANT = "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token"
TIMEOUT = 10
DESKTOP = (1280, 900)
PHONE = (390, 844)
TEA = [{"type": "product_purchase", "product": "Green Tea", "quantity": 2, "price": "9.00 EUR"}]


@pytest.fixture
def server(tmp_path):
    """A fake on the built-in demo scenario (Alice has Google, GitHub and Slack in the vault)."""
    started = start_server(tmp_path / "fake")
    try:
        yield started
    finally:
        started.stop()


def wait(driver):
    return WebDriverWait(driver, PAGE_TIMEOUT_S)


def viewport(driver, size, mobile: bool) -> None:
    """The page's viewport as a desktop window or a phone (which honours the meta viewport)."""
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def no_sideways_scrolling(driver) -> None:
    """The page fits the window's width, and so does every button, field and table cell (also those
    inside a horizontally scrolling box)."""
    width = driver.execute_script("return window.innerWidth")
    scroll = driver.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width, f"{driver.current_url}: {scroll}px wide in a {width}px window"
    outside = driver.execute_script("""
        return [...document.querySelectorAll('button, input, select, td')]
          .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth + 0.5)
          .map((e) => `${e.tagName} ${e.className} ${e.textContent.trim().slice(0, 30)}`);""")
    assert not outside, f"{driver.current_url}: beyond the {width}px window: {outside}"


def screenshot(driver, name: str, whole: bool = True) -> None:
    """The whole page (or what the window shows) as a PNG in $FAKE_AUTH0_SCREENSHOTS (nothing without it)."""
    folder = os.environ.get("FAKE_AUTH0_SCREENSHOTS")
    if not folder:
        return
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": whole})
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def start_ciba(server, message: str, **extra) -> str:
    resp = server.post("/bc-authorize", data={
        "client_id": WEB[0], "client_secret": WEB[1], "scope": "openid", "binding_message": message,
        "login_hint": json.dumps({"format": "iss_sub", "iss": server.issuer, "sub": ALICE}), **extra})
    assert resp.status_code == 200, resp.text
    return resp.json()["auth_req_id"]


def poll(server, auth_req_id: str) -> requests.Response:
    return server.post("/oauth/token", data={"grant_type": CIBA_GRANT, "auth_req_id": auth_req_id,
                                             "client_id": WEB[0], "client_secret": WEB[1]})


def vault_exchange(server, connection: str) -> requests.Response:
    return server.post("/oauth/token", data={
        "grant_type": VAULT_GRANT, "client_id": WEB[0], "client_secret": WEB[1], "connection": connection,
        "subject_token": "demo-alice-refresh-token",
        "subject_token_type": "urn:ietf:params:oauth:token-type:refresh_token",
        "requested_token_type": "http://auth0.com/oauth/token-type/federated-connection-access-token"})


def journal_row(driver, event: str):
    """Waits for the journal table to show an entry `event` and returns the row."""
    return wait(driver).until(EC.visibility_of_element_located(
        (By.CSS_SELECTOR, f'#journal-table tbody tr[data-event="{event}"]')))


def test_dashboard_approves_a_ciba_request_and_revokes_a_vault_account(chromium, server):
    driver = chromium.require()
    viewport(driver, DESKTOP, mobile=False)
    driver.get(server.url("/__admin"))
    assert driver.title == "fake-auth0 dashboard"
    assert driver.find_element(By.CSS_SELECTOR, "header.brand .tenant").text == "demo"
    assert driver.find_element(By.ID, "ciba").text.endswith("None.")
    for text in ("demo-web", "Demo Web App", "https://api.example.com/", "alice@example.com", "google-oauth2"):
        assert text in driver.find_element(By.ID, "tenant").text

    # The agent asks while the page is open: the request appears without a reload.
    auth_req_id = start_ciba(server, "Manual: buy 2 teas", authorization_details=json.dumps(TEA))
    assert poll(server, auth_req_id).json()["error"] == "authorization_pending"
    assert journal_row(driver, "ciba.requested").find_element(By.CSS_SELECTOR, "td[data-label=Client]").text == WEB[0]
    assert "result=pending" in journal_row(driver, "ciba.polled").text
    row = wait(driver).until(EC.visibility_of_element_located(
        (By.CSS_SELECTOR, f'#ciba tr[data-auth-req-id="{auth_req_id}"]')))
    assert "Manual: buy 2 teas" in row.text and ALICE in row.text

    # Approve on the page: the request leaves the list, the journal shows the decision, the agent gets tokens.
    row.find_element(By.CSS_SELECTOR, "button.approve").click()
    approved = journal_row(driver, "ciba.approved")
    assert f"auth_req_id={auth_req_id}" in approved.text and "decided_by=control" in approved.text
    assert f"/__admin/ciba/requests/{auth_req_id}/approve" in approved.text
    wait(driver).until(EC.invisibility_of_element_located(
        (By.CSS_SELECTOR, f'#ciba tr[data-auth-req-id="{auth_req_id}"]')))
    assert server.admin("POST", "/clock/advance", {"seconds": 1}).status_code == 200  # the poll interval
    tokens = poll(server, auth_req_id)
    assert tokens.status_code == 200 and tokens.json()["access_token"], tokens.text
    journal_row(driver, "token.issued")

    # Revoke Alice's GitHub account on the page: its state changes, her agent's next exchange is refused.
    github = [a for a in server.admin("GET", "/vault/accounts", params={"connection": "github"}).json()["accounts"]
              if a["user"] == ALICE][0]
    assert vault_exchange(server, "github").status_code == 200
    account = driver.find_element(By.CSS_SELECTOR, f'#vault tr[data-account-id="{github["id"]}"]')
    assert account.find_element(By.CSS_SELECTOR, ".state").text.startswith("active")
    account.find_element(By.CSS_SELECTOR, "button.revoke").click()
    revoked = journal_row(driver, "admin.vault.revoked")
    assert f"account={github['id']}" in revoked.text and "connection=github" in revoked.text
    wait(driver).until(EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, f'#vault tr[data-account-id="{github["id"]}"] .state'), "revoked"))
    assert server.admin("GET", f"/vault/accounts/{github['id']}").json()["revoked"] is True
    refused = vault_exchange(server, "github")
    assert refused.status_code == 401, refused.text
    assert "connection=github" in journal_row(driver, "tokenvault.refused").text

    # The journal on the page is the journal of the API, newest first, and nothing was missed.
    entries = server.admin("GET", "/journal").json()["entries"]
    shown = [int(r.get_attribute("data-seq")) for r in driver.find_elements(By.CSS_SELECTOR, "#journal-table tbody tr")]
    assert shown == sorted((e["seq"] for e in entries), reverse=True)
    status = driver.find_element(By.ID, "status").text
    assert status.startswith("POST /__admin/vault/accounts/") and status.endswith("/revoke: 200"), status

    # Filter the journal as the API does.
    driver.find_element(By.CSS_SELECTOR, "#journal-filter input[name=event]").send_keys("ciba.*")
    driver.find_element(By.CSS_SELECTOR, "#journal-filter button[type=submit]").click()
    wait(driver).until(EC.url_contains("event=ciba."))
    events = {r.get_attribute("data-event") for r in driver.find_elements(By.CSS_SELECTOR, "#journal-table tbody tr")}
    assert events == {"ciba.requested", "ciba.polled", "ciba.approved"}, events

    # The clock: freeze it from the page.
    driver.find_element(By.ID, "clock-toggle").click()
    wait(driver).until(EC.text_to_be_present_in_element((By.ID, "clock-state"), "frozen"))
    assert server.admin("GET", "/clock").json()["frozen"] is True
    assert not driver.find_elements(By.CSS_SELECTOR, '#journal-table tr[data-event="admin.clock.frozen"]')  # ciba.* only
    assert server.admin("GET", "/journal", params={"event": "admin.clock.*"}).json()["entries"][-1]["event"] == \
        "admin.clock.frozen"


def test_a_failed_action_is_reported_on_the_page(chromium, server):
    driver = chromium.require()
    viewport(driver, DESKTOP, mobile=False)
    auth_req_id = start_ciba(server, "Manual: decided elsewhere")
    driver.get(server.url("/__admin"))
    row = f'#ciba tr[data-auth-req-id="{auth_req_id}"]'
    stale = driver.find_element(By.CSS_SELECTOR, f"{row} button.deny").get_attribute("outerHTML")
    assert server.admin("POST", f"/ciba/requests/{auth_req_id}/approve").status_code == 200  # someone else was faster
    # The live page drops the decided request's row; a copy of its Deny button, outside the sections
    # the page refreshes, plays a page that was not refreshed yet.
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, row)))
    driver.execute_script("document.body.insertAdjacentHTML('beforeend', arguments[0])", stale)
    driver.find_element(By.CSS_SELECTOR, "body > button.deny").click()
    wait(driver).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#status.error"), "409"))
    assert "deny" in driver.find_element(By.ID, "status").text


def my_account_connect_uri(server) -> str:
    """A Connected Accounts consent page for Alice and GitHub, as a web app starts it."""
    token = server.post("/oauth/token", data={
        "grant_type": "refresh_token", "refresh_token": "demo-alice-refresh-token", "client_id": WEB[0],
        "client_secret": WEB[1], "audience": server.issuer + "me/",
        "scope": "create:me:connected_accounts"}).json()["access_token"]
    verifier = "a-long-random-code-verifier-0123456789-abcdefghijklmnop"
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    started = server.post("/me/v1/connected-accounts/connect", headers={"Authorization": f"Bearer {token}"}, json={
        "connection": "github", "redirect_uri": CALLBACK, "state": "s", "scopes": ["repo", "read:user"],
        "code_challenge": challenge, "code_challenge_method": "S256"})
    assert started.status_code == 201, started.text
    body = started.json()
    return f"{body['connect_uri']}?ticket={quote(body['connect_params']['ticket'])}"


def test_every_page_fits_a_phone_and_shares_the_look(chromium, server):
    driver = chromium.require()
    start_ciba(server, "Manual: buy 2 teas", authorization_details=json.dumps(TEA))
    slack = vault_exchange(server, "sign-in-with-slack")
    assert slack.status_code == 200, slack.text
    posted = server.post("/slack/api/chat.postMessage", json={"channel": "#random", "text": "Lunch at 12:30?"},
                         headers={"Authorization": f"Bearer {slack.json()['access_token']}"})
    assert posted.json()["ok"] is True, posted.text
    login = server.url("/authorize?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in {
        "response_type": "code", "client_id": WEB[0], "redirect_uri": CALLBACK, "scope": "openid profile",
        "state": "s"}.items()))
    pages = {
        "login": (login, "Log in to Demo Web App"),
        "consent": (my_account_connect_uri(server), "Connect GitHub"),
        "device": (server.url("/__device?user=auth0%7Calice"), "Requests for auth0|alice"),
        "dashboard": (server.url("/__admin"), "Dashboard"),
    }
    for name, (url, heading) in pages.items():
        for size, mobile, suffix in ((PHONE, True, "phone"), (DESKTOP, False, "desktop")):
            viewport(driver, size, mobile)
            driver.get(url)
            assert driver.find_element(By.TAG_NAME, "h1").text == heading, name
            assert driver.find_element(By.CSS_SELECTOR, "header.brand .tenant").text == "demo"
            no_sideways_scrolling(driver)
            if name == "login":
                email = driver.find_element(By.CSS_SELECTOR, "#password-login input[name=email]")
                password = driver.find_element(By.CSS_SELECTOR, "#password-login input[name=password]")
                assert email.rect["x"] == password.rect["x"] and email.rect["width"] == password.rect["width"]
            if name in ("login", "consent"):
                assert driver.find_element(By.CSS_SELECTOR, "header.brand .client").text == "Demo Web App"
            if mobile or name == "dashboard":
                screenshot(driver, f"{name}-{suffix}", whole=not (mobile and name == "dashboard"))


def test_behind_an_admin_token_the_page_needs_it_on_every_request(chromium, tmp_path):
    server = start_server(tmp_path / "fake", "--host", "0.0.0.0", "--admin-token", "let-me-in")
    driver = chromium.require()
    try:
        base = f"http://127.0.0.1:{server.info['port']}"
        assert requests.get(base + "/__admin", timeout=TIMEOUT).status_code == 401
        page = requests.get(base + "/__admin", headers={"Authorization": "Bearer let-me-in"}, timeout=TIMEOUT)
        assert page.status_code == 200 and "let-me-in" not in page.text

        # A browser that adds the header to every request (here through the DevTools protocol; a
        # header-adding proxy or extension does the same) can use the page, its calls and its stream.
        auth_req_id = start_ciba(server, "Manual: behind a token")
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": "Bearer let-me-in"}})
        try:
            viewport(driver, DESKTOP, mobile=False)
            driver.get(base + "/__admin")
            driver.find_element(By.CSS_SELECTOR, f'#ciba tr[data-auth-req-id="{auth_req_id}"] button.deny').click()
            journal_row(driver, "ciba.denied")
        finally:
            driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})
        status = server.admin("GET", f"/ciba/requests/{auth_req_id}",
                              headers={"Authorization": "Bearer let-me-in"}).json()["status"]
        assert status == "denied"
    finally:
        server.stop()
