"""Token Vault through the SDKs: auth0-ai's `with_token_vault` on LangChain tools (the agent's
refresh token, or a user's access token with a Custom API Client) for Google, GitHub and Slack, with
the TokenVaultInterrupt it raises when the user has not connected an account or has not granted a
scope; and auth0-api-python's access-token exchange (`get_access_token_for_connection`), which
always talks to https://{domain} and so runs over HTTPS only.

The auth0-ai tests run over HTTP and over HTTPS."""

import pytest
import requests
from auth0_ai_langchain.auth0_ai import Auth0AI
from auth0_ai_langchain.token_vault import get_credentials_from_token_vault
from auth0_api_python import ApiClient, ApiClientOptions
from auth0_api_python.errors import ApiError
from langgraph.errors import GraphInterrupt

from sdk_support import ALICE, BOB, async_tool, call_tool, claims, run

SCENARIO = "token-vault-agent.yaml"
AGENT = ("agent-app", "agent-secret")
CUSTOM_API_CLIENT = ("agent-api-client", "agent-api-secret")
AGENT_API = "https://agent-api.example/"
OTHER_API = "https://other-api.example/"
REFRESH_TOKENS = {ALICE: "alice-agent-refresh-token", BOB: "bob-agent-refresh-token"}
GMAIL = "https://www.googleapis.com/auth/gmail.readonly"
FREEBUSY = "https://www.googleapis.com/auth/calendar.freebusy"
# what Alice granted each provider in the scenario, and what its tokens look like
ALICE_ACCOUNTS = {
    "google-oauth2": ({"openid", GMAIL, FREEBUSY}, "ya29."),
    "github": ({"repo", "read:user"}, "gho_"),
    "sign-in-with-slack": ({"channels:read", "groups:read", "chat:write"}, "xoxp-"),
}
TIMEOUT = 10


def vault_tool(endpoint, connection: str, scopes: list[str], client=AGENT, **authorizer):
    """A tool protected by with_token_vault; returns (tool, runs) where runs collects the credentials
    the tool saw, once per execution."""
    runs = []

    async def use_provider() -> str:
        runs.append(get_credentials_from_token_vault())
        return f"called {connection}"

    ai = Auth0AI(auth0={"domain": endpoint.domain, "client_id": client[0], "client_secret": client[1],
                        "protocol": endpoint.protocol})
    protect = ai.with_token_vault(connection=connection, scopes=scopes, **authorizer)
    return protect(async_tool(f"use_{connection.replace('-', '_')}", use_provider)), runs


def as_user(user: str) -> dict:
    """The run config an agent framework passes: the logged-in user's refresh token."""
    return {"_credentials": {"refresh_token": REFRESH_TOKENS[user]}}


def vault_accounts(endpoint, user: str, connection: str | None = None) -> list[dict]:
    query = {"user": user} if connection is None else {"user": user, "connection": connection}
    resp = endpoint.admin("GET", "/vault/accounts", **query)
    assert resp.status_code == 200, resp.text
    return resp.json()["accounts"]


def interrupt_value(caught: pytest.ExceptionInfo) -> dict:
    (interrupt,) = caught.value.args[0]
    return interrupt.value


def user_access_token(endpoint, user: str, audience: str = AGENT_API) -> str:
    """The user's access token for an API, as an SPA holds it (here by multi-resource refresh)."""
    resp = requests.post(endpoint.url("/oauth/token"), data={
        "grant_type": "refresh_token", "client_id": AGENT[0], "client_secret": AGENT[1],
        "refresh_token": REFRESH_TOKENS[user], "audience": audience}, timeout=TIMEOUT)
    assert resp.status_code == 200, resp.text
    return resp.json()["access_token"]


# --- auth0-ai with_token_vault -------------------------------------------------------------------


@pytest.mark.parametrize("connection, scopes", [
    ("google-oauth2", ["openid", GMAIL]),
    ("github", ["repo"]),
    ("sign-in-with-slack", ["channels:read", "groups:read"]),
])
def test_auth0_ai_token_vault_gives_the_tool_a_provider_token(tenant, connection, scopes):
    endpoint = tenant(SCENARIO)
    tool, runs = vault_tool(endpoint, connection, scopes)
    message = run(call_tool(tool, **as_user(ALICE)))
    assert message.content == f"called {connection}"

    (credentials,) = runs
    granted, prefix = ALICE_ACCOUNTS[connection]
    assert set(credentials["scope"]) == granted  # every scope the account holds, so none is missing
    assert credentials["access_token"].startswith(prefix)
    assert credentials["token_type"] == "Bearer" and 0 < credentials["expires_in"] <= 3599
    (account,) = vault_accounts(endpoint, ALICE, connection)
    assert credentials["access_token"] == account["access_token"]


def test_auth0_ai_token_vault_interrupts_until_the_user_connects(tenant):
    endpoint = tenant(SCENARIO)
    tool, runs = vault_tool(endpoint, "google-oauth2", ["openid", FREEBUSY])
    with pytest.raises(GraphInterrupt) as caught:
        run(call_tool(tool, thread="bob-thread", **as_user(BOB)))  # 401 federated_connection_refresh_token_not_found
    interrupt = interrupt_value(caught)
    assert interrupt["code"] == "TOKEN_VAULT_ERROR" and interrupt["name"] == "AUTH0_AI_INTERRUPT"
    assert interrupt["connection"] == "google-oauth2"
    assert interrupt["scopes"] == interrupt["required_scopes"] == ["openid", FREEBUSY]
    assert "Federated connection Refresh Token not found" in interrupt["message"]
    assert runs == []

    # Bob connects Google (what the Connected Accounts flow does); the same thread now gets a token
    linked = endpoint.admin("POST", "/vault/accounts", {"user": BOB, "connection": "google-oauth2",
                                                        "scopes": ["openid", FREEBUSY]})
    assert linked.status_code == 201, linked.text
    assert run(call_tool(tool, thread="bob-thread", **as_user(BOB))).content == "called google-oauth2"
    assert set(runs[0]["scope"]) == {"openid", FREEBUSY}
    assert runs[0]["access_token"] == linked.json()["access_token"]


def test_auth0_ai_token_vault_interrupts_on_a_missing_scope_until_it_is_granted(tenant):
    endpoint = tenant(SCENARIO)
    tool, runs = vault_tool(endpoint, "github", ["repo", "admin:org"])
    with pytest.raises(GraphInterrupt) as caught:
        run(call_tool(tool, **as_user(ALICE)))
    interrupt = interrupt_value(caught)
    assert interrupt["code"] == "TOKEN_VAULT_ERROR" and interrupt["connection"] == "github"
    assert interrupt["message"].endswith("Missing scopes: admin:org")
    assert interrupt["scopes"] == ["repo", "admin:org"]
    assert interrupt["required_scopes"] == ["admin:org", "read:user", "repo"]  # granted ∪ required
    assert runs == []

    (account,) = vault_accounts(endpoint, ALICE, "github")
    resp = endpoint.admin("POST", f"/vault/accounts/{account['id']}/scopes", {"scopes": ["repo", "read:user",
                                                                                     "admin:org"]})
    assert resp.status_code == 200, resp.text
    assert run(call_tool(tool, **as_user(ALICE))).content == "called github"
    assert set(runs[0]["scope"]) == {"repo", "read:user", "admin:org"}


def test_auth0_ai_token_vault_with_an_access_token_and_a_custom_api_client(tenant):
    endpoint = tenant(SCENARIO)
    access_token = user_access_token(endpoint, ALICE)
    tool, runs = vault_tool(endpoint, "sign-in-with-slack", ["channels:read"], client=CUSTOM_API_CLIENT,
                            access_token=lambda *_, **__: access_token)
    assert run(call_tool(tool)).content == "called sign-in-with-slack"
    assert runs[0]["access_token"].startswith("xoxp-")
    assert set(runs[0]["scope"]) == ALICE_ACCOUNTS["sign-in-with-slack"][0]


# --- auth0-api-python: an API exchanges the caller's access token (HTTPS) ----------------------------


def api_client(endpoint) -> ApiClient:
    return ApiClient(ApiClientOptions(domain=endpoint.domain, audience=AGENT_API, client_id=CUSTOM_API_CLIENT[0],
                                      client_secret=CUSTOM_API_CLIENT[1]))


def test_auth0_api_python_exchanges_the_callers_access_token(https_tenant):
    endpoint = https_tenant(SCENARIO)
    api = api_client(endpoint)
    access_token = user_access_token(endpoint, ALICE)
    caller = run(api.verify_access_token(access_token))  # what the API does first with the Bearer token
    assert caller["sub"] == ALICE and claims(endpoint, access_token, AGENT_API)["azp"] == AGENT[0]

    for connection, (granted, prefix) in ALICE_ACCOUNTS.items():
        token = run(api.get_access_token_for_connection({"connection": connection, "access_token": access_token}))
        assert token["access_token"].startswith(prefix), connection
        assert set(token["scope"].split()) == granted
        assert isinstance(token["expires_at"], int)

    hinted = run(api.get_access_token_for_connection({"connection": "google-oauth2", "access_token": access_token,
                                                      "login_hint": "alice@gmail.example"}))
    (google,) = vault_accounts(endpoint, ALICE, "google-oauth2")
    assert hinted["access_token"] == google["access_token"]

    # an expired upstream token is refreshed by the vault at the next exchange
    assert endpoint.admin("POST", f"/vault/accounts/{google['id']}/expire").status_code == 200
    renewed = run(api.get_access_token_for_connection({"connection": "google-oauth2", "access_token": access_token}))
    assert renewed["access_token"].startswith("ya29.") and renewed["access_token"] != google["access_token"]


def test_auth0_api_python_exchange_errors(https_tenant):
    endpoint = https_tenant(SCENARIO)
    api = api_client(endpoint)

    with pytest.raises(ApiError) as caught:  # Bob connected nothing
        run(api.get_access_token_for_connection({"connection": "github",
                                                 "access_token": user_access_token(endpoint, BOB)}))
    assert (caught.value.code, caught.value.status_code) == ("federated_connection_refresh_token_not_found", 401)

    with pytest.raises(ApiError) as caught:  # a token for another API than the Custom API Client's
        run(api.get_access_token_for_connection({"connection": "github",
                                                 "access_token": user_access_token(endpoint, ALICE, OTHER_API)}))
    assert caught.value.code == "invalid_grant" and 400 <= caught.value.status_code < 500
