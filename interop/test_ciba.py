"""CIBA (asynchronous authorization) against the real binary, as an agent sees it over HTTP:
`POST /bc-authorize`, polling `POST /oauth/token` with the CIBA grant, the scenario's approver
(rules, sequences, delays), the control API under `/__admin/` and the tenant clock, plus the
official auth0-python SDK.

Every test starts its own server from an example scenario in scenarios/ (or interop/scenarios/, or
a variant of one written to tmp_path) and, but for one, freezes the tenant clock: the poll interval
and request expiry are moved with `POST /__admin/clock/advance` instead of sleeping."""

import json
import threading

import pytest
import requests
from auth0.authentication.back_channel_login import BackChannelLogin
from auth0.authentication.get_token import GetToken
from auth0.exceptions import Auth0Error
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ciba_support import (
    AGENT, ALICE, API, APPROVE, AUTH0_TIMING, BOB, CIBA_GRANT, DENY, NO_CIBA_CLIENT, OTHER_AGENT, SHOP_RAR,
    TEA_PURCHASE, TIMEOUT, TWO_TEAS, CibaTenant, ciba_tenants, invalid_grant, oauth_error, tokens,
)


@pytest.fixture
def ciba(tmp_path):
    """ciba(scenario_path) starts a fake on that scenario, clock frozen; all are stopped afterwards."""
    with ciba_tenants(tmp_path) as start:
        yield start


def variant(example, tmp_path, name: str, *replacements: tuple[str, str]):
    """A copy of an example scenario with some lines replaced (each must occur)."""
    text = example.read_text()
    for old, new in replacements:
        assert old in text, f"{example.name} no longer contains {old!r}"
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text)
    return path


# --- approve / deny by scenario -----------------------------------------------------------


def test_approve_after_one_poll_yields_verifiable_tokens_and_a_refresh_token(ciba):
    t = ciba(APPROVE)
    resp = t.bc_authorize(scope="openid profile email offline_access product:buy", audience=API,
                          binding_message="Buy 1 Green Tea")
    assert resp.status_code == 200, resp.text
    started = resp.json()
    assert set(started) == {"auth_req_id", "expires_in", "interval"}
    assert (started["expires_in"], started["interval"]) == (300, 1)
    rid = started["auth_req_id"]

    oauth_error(t.poll(rid), "authorization_pending")
    t.advance(started["interval"])
    body = tokens(t.poll(rid))
    assert set(body["scope"].split()) == {"openid", "profile", "email", "offline_access", "product:buy"}
    assert body["refresh_token"]
    assert "authorization_details" not in body  # none requested

    access = t.claims(body["access_token"], API)
    assert access["sub"] == ALICE and access["azp"] == "shop-agent"
    assert "product:buy" in access["scope"].split()
    ident = t.claims(body["id_token"], "shop-agent")
    assert ident["sub"] == ALICE and ident["email"] == "alice@example.com" and ident["name"] == "Alice Example"

    # single use: the redeemed id is gone
    t.advance(1)
    invalid_grant(t.poll(rid))
    assert t.request_view(rid)["status"] == "redeemed"

    # the refresh token is a working one for the agent
    refreshed = t.http.post(t.fake.base_url + "/oauth/token", data={
        "grant_type": "refresh_token", "refresh_token": body["refresh_token"],
        "client_id": AGENT[0], "client_secret": AGENT[1]}, timeout=TIMEOUT)
    assert refreshed.status_code == 200, refreshed.text
    assert t.claims(refreshed.json()["access_token"], API)["sub"] == ALICE


def test_no_refresh_token_without_offline_access_and_client_secret_basic_works(ciba):
    t = ciba(APPROVE)
    rid = t.start(BOB, scope="openid product:buy", audience=API, basic=True)
    oauth_error(t.poll(rid, basic=True), "authorization_pending")
    t.advance(1)
    body = tokens(t.poll(rid, basic=True))
    assert "refresh_token" not in body
    assert t.claims(body["access_token"], API)["sub"] == BOB


def test_deny_rules_and_deny_after_default(ciba):
    t = ciba(DENY)
    bob = t.start(BOB, binding_message="Anything at all")
    oauth_error(t.poll(bob), "access_denied")
    alice_buy = t.start(ALICE, binding_message="Buy 3 Green Tea")
    oauth_error(t.poll(alice_buy), "access_denied")

    # no rule matches: deny_after {polls: 1} from the scenario's default
    alice_other = t.start(ALICE, binding_message="Check the cart")
    oauth_error(t.poll(alice_other), "authorization_pending")
    t.advance(1)
    oauth_error(t.poll(alice_other), "access_denied")
    t.advance(1)
    oauth_error(t.poll(alice_other), "access_denied")  # a denial stays a denial

    statuses = {r["auth_req_id"]: r["status"] for r in t.listed()}
    assert statuses == {bob: "denied", alice_buy: "denied", alice_other: "denied"}


# --- polling etiquette ----------------------------------------------------------------------


def test_slow_down_with_retry_after_when_polling_faster_than_the_interval(ciba):
    t = ciba(AUTH0_TIMING)
    resp = t.bc_authorize(binding_message="Buy 1 Green Tea")
    assert resp.status_code == 200, resp.text
    assert resp.json()["interval"] == 5
    rid = resp.json()["auth_req_id"]

    first = t.poll(rid)
    oauth_error(first, "authorization_pending")  # never slow_down on the first poll
    assert "Retry-After" not in first.headers

    second = t.poll(rid)  # same second
    oauth_error(second, "slow_down")
    assert second.headers.get("Retry-After") == "5"

    t.advance(5)
    oauth_error(t.poll(rid), "authorization_pending")
    assert t.request_view(rid)["polls"] == 2  # slow_down answers are not counted as polls


def test_interval_zero_never_answers_slow_down(ciba, tmp_path):
    t = ciba(variant(APPROVE, tmp_path, "ciba-interval-0.yaml", ("  interval: 1\n", "  interval: 0\n")))
    resp = t.bc_authorize()
    assert resp.json()["interval"] == 0
    rid = resp.json()["auth_req_id"]
    oauth_error(t.poll(rid), "authorization_pending")
    tokens(t.poll(rid))  # same second, no slow_down


def test_expiry_on_the_tenant_clock_gives_expired_token(ciba):
    t = ciba(SHOP_RAR)  # default: never
    resp = t.bc_authorize(binding_message="Buy 1 Green Tea", requested_expiry="60")
    assert resp.status_code == 200, resp.text
    assert resp.json()["expires_in"] == 60
    rid = resp.json()["auth_req_id"]
    oauth_error(t.poll(rid), "authorization_pending")

    t.advance(59)
    oauth_error(t.poll(rid), "authorization_pending")
    t.advance(1)
    oauth_error(t.poll(rid), "expired_token")
    assert t.request_view(rid)["status"] == "expired"
    assert t.listed(user=ALICE, status="pending") == []
    # too late for a manual decision too
    assert t.admin("POST", f"/ciba/requests/{rid}/approve").status_code == 409


def test_expiry_with_expired_error_access_denied(ciba):
    t = ciba(AUTH0_TIMING)
    rid = t.start(binding_message="Buy 1 Green Tea")  # default expires_in 300
    t.advance(300)
    oauth_error(t.poll(rid), "access_denied")


def test_unknown_foreign_and_unauthorized_polls(ciba):
    t = ciba(AUTH0_TIMING)
    rid = t.start(binding_message="Buy 1 Green Tea")
    invalid_grant(t.poll("no-such-auth-req-id"))
    invalid_grant(t.poll(rid, client=OTHER_AGENT))  # another client's id
    oauth_error(t.poll(rid, client=NO_CIBA_CLIENT), "unauthorized_client", status=403)
    oauth_error(t.bc_authorize(client=NO_CIBA_CLIENT), "unauthorized_client", status=403)
    oauth_error(t.poll(rid, client=("shop-agent", "wrong-secret")), "invalid_client", status=401)
    # none of that touched the real request
    oauth_error(t.poll(rid), "authorization_pending")


def test_bc_authorize_refuses_bad_requests(ciba):
    t = ciba(SHOP_RAR)
    wrong_iss = json.dumps({"format": "iss_sub", "iss": "https://elsewhere.example/", "sub": ALICE})
    oauth_error(t.bc_authorize(login_hint=wrong_iss), "invalid_request")
    oauth_error(t.bc_authorize("auth0|nobody"), "invalid_request")
    oauth_error(t.bc_authorize(scope="profile product:buy"), "invalid_request")
    oauth_error(t.bc_authorize(audience="https://unknown.example/"), "invalid_request")
    oauth_error(t.bc_authorize(authorization_details=json.dumps([{"product": "no type"}])), "invalid_request")
    oauth_error(t.bc_authorize(authorization_details="not json"), "invalid_request")
    oauth_error(t.bc_authorize(requested_expiry="0"), "invalid_request")
    assert t.listed() == []


def test_strict_binding_message_enforces_auth0_rules(ciba, tmp_path):
    strict = ("  interval: 1\n", "  interval: 1\n  strict_binding_message: true\n")
    t = ciba(variant(APPROVE, tmp_path, "ciba-strict.yaml", strict))
    oauth_error(t.bc_authorize(), "invalid_binding_message")
    oauth_error(t.bc_authorize(binding_message="x" * 65), "invalid_binding_message")
    oauth_error(t.bc_authorize(binding_message="Buy <script>"), "invalid_binding_message")
    assert t.bc_authorize(binding_message="Order #42: 2 x Green Tea, 9.00 EUR").status_code == 200


def test_parallel_polls_redeem_an_approved_request_once(ciba, tmp_path):
    t = ciba(variant(SHOP_RAR, tmp_path, "ciba-interval-0.yaml", ("  interval: 1\n", "  interval: 0\n")))
    rid = t.start(binding_message="Buy 1 Green Tea")
    assert t.admin("POST", f"/ciba/requests/{rid}/approve").status_code == 200
    answers, barrier = [], threading.Barrier(12)

    def poll():
        with requests.Session() as http:
            barrier.wait(timeout=TIMEOUT)
            resp = http.post(t.fake.base_url + "/oauth/token", data={
                "client_id": AGENT[0], "client_secret": AGENT[1], "grant_type": CIBA_GRANT, "auth_req_id": rid},
                timeout=TIMEOUT)
            answers.append((resp.status_code, resp.json().get("error")))

    threads = [threading.Thread(target=poll) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(answers) == 12
    assert answers.count((200, None)) == 1, answers
    assert all(error == "invalid_grant" for status, error in answers if status != 200), answers


def test_no_refresh_token_when_the_client_may_not_refresh(ciba):
    t = ciba(AUTH0_TIMING)  # other-agent: grants [ciba] only
    rid = t.start(client=OTHER_AGENT, scope="openid offline_access", binding_message="Buy 1 Green Tea")
    assert t.admin("POST", f"/ciba/requests/{rid}/approve").status_code == 200
    body = tokens(t.poll(rid, client=OTHER_AGENT))
    assert "refresh_token" not in body


# --- scripted decisions -----------------------------------------------------------------


def test_sequence_denies_the_first_matching_request_then_approves(ciba):
    t = ciba(SHOP_RAR)
    details = json.dumps(TWO_TEAS)
    first = t.start(scope="openid product:buy", audience=API, binding_message="Buy 2 Green Tea",
                    authorization_details=details)
    oauth_error(t.poll(first), "access_denied")
    second = t.start(scope="openid product:buy", audience=API, binding_message="Buy 2 Green Tea",
                     authorization_details=details)
    body = tokens(t.poll(second))
    assert body["authorization_details"] == TWO_TEAS
    third = t.start(scope="openid", binding_message="Buy 2 Green Tea again", authorization_details=details)
    tokens(t.poll(third))  # the sequence's last decision repeats

    # a purchase the rule does not match stays pending (default: never)
    other = t.start(binding_message="Buy 1 Green Tea", authorization_details=json.dumps(TEA_PURCHASE))
    oauth_error(t.poll(other), "authorization_pending")


def test_control_api_lists_and_approves_a_pending_request(ciba):
    t = ciba(SHOP_RAR)
    rid = t.start(scope="openid offline_access product:buy", audience=API, binding_message="Buy 1 Green Tea",
                  authorization_details=json.dumps(TEA_PURCHASE))
    bob_rid = t.start(BOB, binding_message="Something for Bob")
    oauth_error(t.poll(rid), "authorization_pending")

    pending = t.listed(user=ALICE, status="pending")
    assert [r["auth_req_id"] for r in pending] == [rid]
    view = pending[0]
    assert view["user"] == ALICE and view["client"] == "shop-agent"
    assert view["binding_message"] == "Buy 1 Green Tea"
    assert view["authorization_details"] == TEA_PURCHASE
    assert set(view["scope"].split()) == {"openid", "offline_access", "product:buy"}
    assert view["audience"] == API
    assert view["status"] == "pending" and view["polls"] == 1
    assert view["expires_at"] - view["created_at"] == 300
    assert {r["auth_req_id"] for r in t.listed()} == {rid, bob_rid}

    resp = t.admin("POST", f"/ciba/requests/{rid}/approve")
    assert resp.status_code == 200, resp.text
    assert t.request_view(rid)["status"] == "approved"
    assert t.admin("POST", f"/ciba/requests/{rid}/deny").status_code == 409  # no longer pending

    t.advance(1)
    body = tokens(t.poll(rid))
    assert body["refresh_token"]
    assert t.request_view(rid)["status"] == "redeemed"
    assert t.request_view(bob_rid)["status"] == "pending"
    assert t.admin("POST", "/ciba/requests/no-such-id/approve").status_code == 404


def test_control_api_denies_a_pending_request(ciba):
    t = ciba(SHOP_RAR)
    rid = t.start(binding_message="Buy 1 Green Tea")
    oauth_error(t.poll(rid), "authorization_pending")
    resp = t.admin("POST", f"/ciba/requests/{rid}/deny")
    assert resp.status_code == 200, resp.text
    assert t.request_view(rid)["status"] == "denied"
    t.advance(1)
    oauth_error(t.poll(rid), "access_denied")


def test_control_api_approve_with_scope_and_acr(ciba):
    t = ciba(SHOP_RAR)
    rid = t.start(scope="openid profile product:buy", audience=API, binding_message="Buy 1 Green Tea")
    acr = "http://schemas.openid.net/pape/policies/2007/06/multi-factor"
    resp = t.admin("POST", f"/ciba/requests/{rid}/approve", {"scope": "openid product:buy", "acr": acr})
    assert resp.status_code == 200, resp.text
    body = tokens(t.poll(rid))
    assert body["scope"] == "openid product:buy"
    access = t.claims(body["access_token"], API)
    assert access["scope"] == "openid product:buy"
    assert access["acr"] == acr


def test_armed_next_decision_applies_once_to_the_next_matching_request(ciba):
    t = ciba(SHOP_RAR)  # default: never
    resp = t.admin("POST", "/ciba/next", {"decision": "approve", "match": {"user": BOB}})
    assert resp.status_code in (200, 201), resp.text

    alice = t.start(ALICE, binding_message="For Alice")
    oauth_error(t.poll(alice), "authorization_pending")  # does not match: the scenario decides
    bob = t.start(BOB, binding_message="For Bob")
    tokens(t.poll(bob))
    bob_again = t.start(BOB, binding_message="For Bob again")
    oauth_error(t.poll(bob_again), "authorization_pending")  # armed once only

    # without a match it arms the very next request, and structured decisions work too
    assert t.admin("POST", "/ciba/next", {"decision": "deny"}).status_code in (200, 201)
    denied = t.start(ALICE, binding_message="Next one")
    oauth_error(t.poll(denied), "access_denied")
    assert t.admin("POST", "/ciba/next", {"decision": {"approve_after": {"polls": 1}}}).status_code in (200, 201)
    later = t.start(ALICE, binding_message="After one poll")
    oauth_error(t.poll(later), "authorization_pending")
    t.advance(1)
    tokens(t.poll(later))

    bad = t.admin("POST", "/ciba/next", {"decision": "maybe"})
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_request"


# --- rich authorization requests and JSON bodies ----------------------------------------------


def test_authorization_details_are_echoed_in_the_response_and_the_access_token(ciba):
    t = ciba(SHOP_RAR)
    rid = t.start(scope="openid product:buy", audience=API, binding_message="Buy 1 Green Tea",
                  authorization_details=json.dumps(TEA_PURCHASE))
    assert t.admin("POST", f"/ciba/requests/{rid}/approve").status_code == 200
    body = tokens(t.poll(rid))
    assert body["authorization_details"] == TEA_PURCHASE
    access = t.claims(body["access_token"], API)
    assert access["authorization_details"] == TEA_PURCHASE
    assert access["sub"] == ALICE


def test_json_bodies_for_bc_authorize_and_polls(ciba):
    t = ciba(APPROVE)
    # JSON body: authorization_details as a real array, requested_expiry as a number
    resp = t.bc_authorize(scope="openid product:buy", audience=API, binding_message="Buy 1 Green Tea",
                          authorization_details=TEA_PURCHASE, requested_expiry=120, json_body=True)
    assert resp.status_code == 200, resp.text
    assert resp.json()["expires_in"] == 120
    rid = resp.json()["auth_req_id"]
    assert t.request_view(rid)["authorization_details"] == TEA_PURCHASE

    oauth_error(t.poll(rid, json_body=True), "authorization_pending")
    t.advance(1)
    body = tokens(t.poll(rid, json_body=True))
    assert body["authorization_details"] == TEA_PURCHASE

    # JSON body with Basic client authentication
    rid = t.start(BOB, json_body=True, basic=True)
    oauth_error(t.poll(rid, json_body=True, basic=True), "authorization_pending")
    t.advance(1)
    tokens(t.poll(rid, json_body=True, basic=True))


# --- the official SDK -----------------------------------------------------------------------


def sdk_start(t: CibaTenant, message: str) -> dict:
    login = BackChannelLogin(t.fake.domain, AGENT[0], client_secret=AGENT[1], protocol="http")
    return login.back_channel_login(
        binding_message=message,
        login_hint=json.dumps({"format": "iss_sub", "iss": t.fake.issuer, "sub": ALICE}),
        scope="openid", audience=API)


def sdk_poll_error(get_token: GetToken, auth_req_id: str) -> Auth0Error:
    with pytest.raises(Auth0Error) as caught:
        get_token.backchannel_login(auth_req_id)
    return caught.value


def test_auth0_python_sdk_back_channel_login_approved(ciba):
    t = ciba(SHOP_RAR)  # default: never
    started = sdk_start(t, "Buy 1 Green Tea")
    assert started["interval"] == 1 and started["expires_in"] == 300
    get_token = GetToken(t.fake.domain, AGENT[0], client_secret=AGENT[1], protocol="http")

    error = sdk_poll_error(get_token, started["auth_req_id"])
    assert (error.status_code, error.error_code) == (400, "authorization_pending"), str(error)

    assert t.admin("POST", f"/ciba/requests/{started['auth_req_id']}/approve").status_code == 200
    t.advance(started["interval"])
    body = get_token.backchannel_login(started["auth_req_id"])
    assert body["token_type"] == "Bearer" and body["id_token"]
    assert t.claims(body["access_token"], API)["sub"] == ALICE


def test_auth0_python_sdk_back_channel_login_denied(ciba):
    t = ciba(SHOP_RAR)
    started = sdk_start(t, "Buy 9 Green Tea")
    get_token = GetToken(t.fake.domain, AGENT[0], client_secret=AGENT[1], protocol="http")
    assert sdk_poll_error(get_token, started["auth_req_id"]).error_code == "authorization_pending"
    assert t.admin("POST", f"/ciba/requests/{started['auth_req_id']}/deny").status_code == 200
    t.advance(started["interval"])
    error = sdk_poll_error(get_token, started["auth_req_id"])
    assert (error.status_code, error.error_code) == (400, "access_denied"), str(error)


def test_auth0_python_sdk_with_private_key_jwt(ciba, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    pem_block = "".join(f"        {line}\n" for line in public_pem.strip().splitlines())
    client = ("  - id: shop-agent-jwt\n    type: regular_web\n    grants: [ciba]\n"
              "    public_keys:\n      - |\n" + pem_block)
    t = ciba(variant(APPROVE, tmp_path, "ciba-private-key-jwt.yaml", ("clients:\n", "clients:\n" + client)))

    login = BackChannelLogin(t.fake.domain, "shop-agent-jwt", client_assertion_signing_key=private_pem,
                             protocol="http")
    started = login.back_channel_login(binding_message="Buy 1 Green Tea", login_hint=t.login_hint(ALICE),
                                       scope="openid", audience=API)
    get_token = GetToken(t.fake.domain, "shop-agent-jwt", client_assertion_signing_key=private_pem, protocol="http")
    assert sdk_poll_error(get_token, started["auth_req_id"]).error_code == "authorization_pending"
    t.advance(started["interval"])
    body = get_token.backchannel_login(started["auth_req_id"])
    access = t.claims(body["access_token"], API)
    assert (access["sub"], access["azp"]) == (ALICE, "shop-agent-jwt")
