"""The fixture's tenant driven by the real SDKs, with the control helpers deciding what happens."""

import json

import pytest
import requests
from auth0.authentication import GetToken, Users
from auth0.authentication.back_channel_login import BackChannelLogin
from auth0.exceptions import Auth0Error
from auth0_ai_langchain.async_authorization import get_async_authorization_credentials
from auth0_ai_langchain.auth0_ai import Auth0AI
from auth0_ai.interrupts.async_authorization_interrupts import AccessDeniedInterrupt  # noqa: I001
from langchain_core.tools import StructuredTool
from slack_sdk import WebClient

from support import ALICE, ALICE_REFRESH_TOKEN, API, BOB, M2M, WEB, run, verify

SHOP_API = "sample-shop-api"
VAULT_GRANT = "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token"


def ask(tenant, user: str, message: str) -> tuple[str, GetToken]:
    """Starts a CIBA request with auth0-python; returns its id and a GetToken to poll with."""
    login = BackChannelLogin(tenant.domain, WEB[0], client_secret=WEB[1], protocol="http")
    started = login.back_channel_login(
        binding_message=message, login_hint=json.dumps({"format": "iss_sub", "iss": tenant.issuer, "sub": user}),
        scope="openid product:buy", audience=SHOP_API)
    return started["auth_req_id"], GetToken(tenant.domain, WEB[0], client_secret=WEB[1], protocol="http")


def vault_exchange(tenant, connection: str, refresh_token: str = ALICE_REFRESH_TOKEN) -> requests.Response:
    return requests.post(tenant.url_for("/oauth/token"), timeout=10, data={
        "grant_type": VAULT_GRANT, "client_id": WEB[0], "client_secret": WEB[1], "connection": connection,
        "subject_token": refresh_token, "subject_token_type": "urn:ietf:params:oauth:token-type:refresh_token",
        "requested_token_type": "http://auth0.com/oauth/token-type/federated-connection-access-token"})


def test_client_credentials_token_verifies_at_the_tenants_issuer(fake_auth0):
    token = GetToken(fake_auth0.domain, M2M[0], client_secret=M2M[1], protocol="http").client_credentials(API)
    claims = verify(fake_auth0, token["access_token"], API)
    assert claims["iss"] == fake_auth0.issuer == f"https://{fake_auth0.domain}/"
    assert claims["sub"] == f"{M2M[0]}@clients"


def test_https_listener_with_the_exported_ca(fake_auth0, monkeypatch):
    variables = fake_auth0.env()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", variables["REQUESTS_CA_BUNDLE"])
    assert variables["REQUESTS_CA_BUNDLE"] == fake_auth0.ca_file
    token = GetToken(fake_auth0.https_domain, M2M[0], client_secret=M2M[1]).client_credentials(API)  # https
    claims = verify(fake_auth0, token["access_token"], API, options={"verify_iss": False})
    assert claims["iss"] == f"https://{fake_auth0.https_domain}/"


def test_approve_next_overrides_the_scenario_rules(fake_auth0):
    fake_auth0.approve_next(ALICE)
    auth_req_id, poller = ask(fake_auth0, ALICE, "Manual check: buy 1 apple")  # a rule would make it wait
    tokens = poller.backchannel_login(auth_req_id)
    assert verify(fake_auth0, tokens["access_token"], SHOP_API)["sub"] == ALICE
    (request,) = fake_auth0.ciba_requests(user=ALICE)
    assert request["status"] == "redeemed" and request["auth_req_id"] == auth_req_id


def test_deny_next_and_a_manual_approval(fake_auth0):
    fake_auth0.deny_next(ALICE, binding_message="Buy *")
    denied_id, poller = ask(fake_auth0, ALICE, "Buy 2 pears")
    with pytest.raises(Auth0Error) as denied:
        poller.backchannel_login(denied_id)
    assert denied.value.error_code == "access_denied"

    waiting_id, _ = ask(fake_auth0, ALICE, "Manual check")
    with pytest.raises(Auth0Error) as pending:
        poller.backchannel_login(waiting_id)
    assert pending.value.error_code == "authorization_pending"
    assert fake_auth0.approve(waiting_id, scope="openid")["status"] == "approved"
    fake_auth0.advance_clock(1)  # past the interval, no slow_down
    assert "access_token" in poller.backchannel_login(waiting_id)


@pytest.mark.fake_auth0_scenario("scenarios/agent-block.yaml")
def test_auth0_ai_block_mode_in_a_scenario_of_the_marker(fake_auth0):
    runs = []

    async def buy(product: str) -> str:
        runs.append(get_async_authorization_credentials())
        return f"bought {product}"

    ai = Auth0AI(auth0={"domain": fake_auth0.domain, "client_id": "shop-agent",
                        "client_secret": "shop-agent-secret", "protocol": "http"})
    protect = ai.with_async_authorization(
        scopes=["product:buy"], audience="https://api.shop.example/", binding_message="Buy {product}",
        user_id=lambda *_, **__: ALICE, on_authorization_request="block")
    tool = protect(StructuredTool.from_function(coroutine=buy, name="buy", description="buy"))
    call = {"type": "tool_call", "id": "call-1", "name": "buy", "args": {"product": "tea"}}
    message = run(tool.ainvoke(call, config={"configurable": {"thread_id": "t1"}}))
    assert message.content == "bought tea"
    assert verify(fake_auth0, runs[0]["access_token"], "https://api.shop.example/")["sub"] == ALICE
    (request,) = fake_auth0.ciba_requests()
    assert request["polls"] == 3 and request["status"] == "redeemed"

    fake_auth0.deny_next(ALICE)  # the helper beats the scenario's "approve after 2 polls"
    with pytest.raises(AccessDeniedInterrupt):
        run(tool.ainvoke({**call, "id": "call-2"}, config={"configurable": {"thread_id": "t2"}}))
    assert len(runs) == 1


def test_revoke_and_link_accounts_in_the_token_vault(fake_auth0):
    assert vault_exchange(fake_auth0, "github").status_code == 200
    revoked = fake_auth0.revoke_account(ALICE, "github")
    assert revoked["revoked"] is True
    refused = vault_exchange(fake_auth0, "github")
    assert refused.status_code == 401, refused.text

    fake_auth0.unlink_account(revoked)
    account = fake_auth0.link_account(ALICE, "github", ["read:user"])
    assert account["scopes"] == ["read:user"]
    granted = vault_exchange(fake_auth0, "github")
    assert granted.status_code == 200 and granted.json()["scope"] == "read:user"


def test_provider_writes_are_read_back(fake_auth0):
    upstream = vault_exchange(fake_auth0, "sign-in-with-slack").json()["access_token"]
    slack = WebClient(token=upstream, base_url=fake_auth0.url_for("/slack/api/"))
    assert slack.chat_postMessage(channel="#general", text="hello from the agent")["ok"] is True
    (message,) = fake_auth0.slack_messages(user=ALICE)
    assert (message["channel_name"], message["text"]) == ("general", "hello from the agent")
    fake_auth0.clear_provider_writes()
    assert fake_auth0.slack_messages() == []


def test_advance_clock_expires_access_tokens(fake_auth0):
    tokens = GetToken(fake_auth0.domain, WEB[0], client_secret=WEB[1], protocol="http").refresh_token(
        ALICE_REFRESH_TOKEN)
    users = Users(fake_auth0.domain, protocol="http")
    assert users.userinfo(tokens["access_token"])["sub"] == ALICE
    fake_auth0.advance_clock(86400 + 1)  # the demo tenant's access_token_lifetime
    with pytest.raises(Auth0Error) as expired:
        users.userinfo(tokens["access_token"])
    assert expired.value.status_code == 401


def test_bob_is_denied_by_the_default_scenario(fake_auth0):
    auth_req_id, poller = ask(fake_auth0, BOB, "Buy 1 apple")
    with pytest.raises(Auth0Error) as denied:
        poller.backchannel_login(auth_req_id)
    assert denied.value.error_code == "access_denied"
