"""The approval page (`/__device`, the simulated authenticator app) in a real headless Chromium:
the user sees the agent's binding message and authorization details, taps Approve or Deny, and the
agent's next poll gets tokens or access_denied.

Needs Debian's `chromium` and `chromium-driver` (.ci/run installs them). When the browser cannot
start, these tests fail; they are never skipped."""

import json
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from browser_support import PAGE_TIMEOUT_S
from ciba_support import ALICE, API, BOB, SHOP_RAR, TEA_PURCHASE, ciba_tenants, oauth_error, tokens


@pytest.fixture
def shop(tmp_path):
    """A fake on the approval-page scenario (default: never), clock frozen."""
    with ciba_tenants(tmp_path) as start:
        yield start(SHOP_RAR)


def device_url(tenant, user: str) -> str:
    return f"{tenant.fake.base_url}/__device?user={quote(user, safe='')}"


def start_purchase(tenant) -> str:
    rid = tenant.start(ALICE, scope="openid offline_access product:buy", audience=API,
                       binding_message="Buy 1 Green Tea for 4.50 EUR",
                       authorization_details=json.dumps(TEA_PURCHASE))
    oauth_error(tenant.poll(rid), "authorization_pending")
    return rid


def open_request(driver, tenant, rid: str):
    """Opens Alice's device page and returns the section of request `rid`, after checking what it shows."""
    driver.get(device_url(tenant, ALICE))
    assert "/__device?user=auth0%7Calice" in driver.current_url
    section = WebDriverWait(driver, PAGE_TIMEOUT_S).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, f'section.request[data-auth-req-id="{rid}"]')))

    binding = section.find_element(By.CSS_SELECTOR, "p.binding")
    assert binding.is_displayed() and binding.text == "Buy 1 Green Tea for 4.50 EUR"
    assert section.find_element(By.TAG_NAME, "h3").text == "product_purchase"
    details = section.find_element(By.CSS_SELECTOR, "dl.details")
    assert details.is_displayed()
    names = [dt.text for dt in details.find_elements(By.TAG_NAME, "dt")]
    values = [dd.text for dd in details.find_elements(By.TAG_NAME, "dd")]
    shown = dict(zip(names, values))
    assert shown == {"product": "Green Tea", "quantity": "1", "price": "4.50 EUR"}, shown
    assert "auth0|alice" in section.text and "shop-agent" in section.text and API in section.text
    return section


def wait_for_empty_page(driver) -> None:
    empty = WebDriverWait(driver, PAGE_TIMEOUT_S).until(EC.visibility_of_element_located((By.ID, "empty")))
    assert empty.text == "No pending requests."
    assert driver.find_elements(By.CSS_SELECTOR, "section.request") == []
    assert "/__device?user=auth0%7Calice" in driver.current_url  # redirected back to the same page


def test_approve_on_the_device_page_releases_tokens(chromium, shop):
    browser = chromium.require()
    rid = start_purchase(shop)
    section = open_request(browser, shop, rid)
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.request")) == 1

    section.find_element(By.CSS_SELECTOR, "button.approve").click()
    wait_for_empty_page(browser)

    shop.advance(1)  # the scenario's poll interval
    body = tokens(shop.poll(rid))
    assert body["refresh_token"]
    assert body["authorization_details"] == TEA_PURCHASE
    assert shop.claims(body["access_token"], API)["authorization_details"] == TEA_PURCHASE


def test_deny_on_the_device_page_gives_access_denied(chromium, shop):
    browser = chromium.require()
    bob_rid = shop.start(BOB, binding_message="Bob's own request")
    rid = start_purchase(shop)
    section = open_request(browser, shop, rid)
    assert "Bob's own request" not in browser.page_source  # only Alice's requests are on her device

    section.find_element(By.CSS_SELECTOR, "button.deny").click()
    wait_for_empty_page(browser)

    shop.advance(1)
    oauth_error(shop.poll(rid), "access_denied")
    assert shop.request_view(bob_rid)["status"] == "pending"
