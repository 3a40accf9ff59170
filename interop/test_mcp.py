"""Auth for MCP with the official MCP Python SDK (`mcp`), over the fake's HTTPS listener.

An MCP server built with the SDK (MCPServer, a token verifier checking the fake's JWTs against its JWKS,
protected-resource metadata naming the fake as its authorization server) runs on 127.0.0.1; the SDK's
OAuthClientProvider does the whole unattended dance against the fake: protected-resource metadata →
authorization-server metadata → Dynamic Client Registration → /authorize with PKCE and `resource`
(the scenario logs the user in) → token → tool call with the bearer token → refresh. The `greet` tool
swaps the caller's token through Custom Token Exchange (auth0-api-python) for one of an upstream API
that the fake hosts."""

import json
import ssl
import time
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
import requests
from auth0_api_python import ApiClient, ApiClientOptions
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata

from mcp_support import (MCP_CLIENT_ID, MCP_CLIENT_SECRET, PRIVATE_SCOPE_RESPONSE, SUBJECT_TOKEN_TYPE, UPSTREAM_API,
                         MemoryTokenStorage, bind_socket, build_mcp_server, serve, write_scenario)
from sdk_support import ALICE, BOB, claims

REDIRECT_URI = "http://127.0.0.1:9/oauth/callback"


class Browser:
    """What a user's browser does for the SDK: follows the authorize URL (the scenario logs the user in
    at once) and hands the callback's code and state back."""

    def __init__(self):
        self.authorize_urls: list[str] = []
        self.callback: dict[str, str] = {}

    async def redirect(self, url: str) -> None:
        self.authorize_urls.append(url)
        response = requests.get(url, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        location = response.headers["Location"]
        assert location.startswith(REDIRECT_URI), location
        self.callback = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}

    async def code(self) -> AuthorizationCodeResult:
        assert "code" in self.callback, self.callback
        return AuthorizationCodeResult(code=self.callback["code"], state=self.callback.get("state"),
                                       iss=self.callback.get("iss"))

    @property
    def last_query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.authorize_urls[-1]).query).items()}


def tool_result(result) -> str | dict:
    text = result.content[0].text
    try:
        return json.loads(text)
    except ValueError:
        return text


class MCPRun:
    """One MCP server on the scenario's tenant, and the SDK client pieces talking to it."""

    def __init__(self, endpoint, resource: str, sock, exchange=None):
        self.endpoint = endpoint
        self.resource = resource
        self.server = build_mcp_server(endpoint.issuer, endpoint.jwks_url, resource, exchange)
        self.sock = sock
        self.browser = Browser()
        self.storage = MemoryTokenStorage()
        self.provider = OAuthClientProvider(
            server_url=resource + "mcp",
            client_metadata=OAuthClientMetadata(
                client_name="fake-auth0 interop agent", redirect_uris=[REDIRECT_URI],
                grant_types=["authorization_code", "refresh_token"], response_types=["code"],
                token_endpoint_auth_method="none"),
            storage=self.storage, redirect_handler=self.browser.redirect, callback_handler=self.browser.code)

    async def call(self, tool: str, args: dict | None = None):
        verify = ssl.create_default_context(cafile=self.endpoint.fake.ca_file)
        async with httpx2.AsyncClient(auth=self.provider, verify=verify, timeout=30) as http:
            async with Client(streamable_http_client(self.resource + "mcp", http_client=http)) as client:
                return await client.call_tool(tool, args or {})


@pytest.fixture
def mcp_setup(https_tenant, tmp_path):
    """(start(auto_login, exchange) -> MCPRun) with the MCP server stopped afterwards."""
    runs = []

    def start(auto_login: str = ALICE, exchange=None) -> MCPRun:
        sock = bind_socket()
        resource = f"http://127.0.0.1:{sock.getsockname()[1]}/"
        endpoint = https_tenant(write_scenario(tmp_path, resource, auto_login=auto_login))
        run = MCPRun(endpoint, resource, sock, exchange)
        runs.append(run)
        return run

    yield start


def test_mcp_sdk_discovers_registers_logs_in_calls_a_tool_and_refreshes(mcp_setup):
    run = mcp_setup()
    with serve(run.server.streamable_http_app(), run.sock):
        first = anyio_run(run.call("whoami"))
        assert not first.is_error, first
        who = tool_result(first)

        # Dynamic Client Registration gave the SDK a public client of the tenant.
        registered = run.storage.client_info
        assert registered is not None and registered.client_id
        assert registered.token_endpoint_auth_method == "none" and registered.client_secret is None
        assert registered.client_id_issued_at
        listed = run.endpoint.admin("GET", "/clients").json()["clients"]
        assert [c for c in listed if c["client_id"] == registered.client_id and c["dynamically_registered"]]

        # /authorize got PKCE S256 and the MCP server's resource; the token is for that resource.
        query = run.browser.last_query
        assert query["resource"] == run.resource
        assert query["code_challenge_method"] == "S256" and query["client_id"] == registered.client_id
        assert set(query["scope"].split()) == {"tool:whoami", "offline_access"}
        token = run.storage.tokens[0]
        access = claims(run.endpoint, token.access_token, run.resource)
        assert access["sub"] == ALICE and access["client_id"] == registered.client_id
        assert token.refresh_token

        # The tool saw the RFC 9068 token with the RBAC permissions of the user's role.
        assert who["sub"] == ALICE and who["client_id"] == registered.client_id and who["typ"] == "at+jwt"
        assert "tool:whoami" in who["scopes"]
        assert sorted(who["permissions"]) == ["tool:greet", "tool:whoami"]

        # Once the access token is stale the SDK refreshes (with `resource`) instead of logging in again.
        run.provider.context.token_expiry_time = time.time() - 1
        second = anyio_run(run.call("whoami"))
        assert not second.is_error, second
        assert len(run.browser.authorize_urls) == 1 and len(run.storage.tokens) == 2
        refreshed = run.storage.tokens[1]
        assert refreshed.access_token != token.access_token
        assert claims(run.endpoint, refreshed.access_token, run.resource)["sub"] == ALICE


def test_greet_exchanges_the_mcp_token_for_the_upstream_api(mcp_setup):
    holder = {}

    async def exchange(subject_token: str) -> dict:
        endpoint = holder["endpoint"]
        api = ApiClient(ApiClientOptions(domain=endpoint.domain, audience=holder["resource"],
                                         client_id=MCP_CLIENT_ID, client_secret=MCP_CLIENT_SECRET))
        result = await api.get_token_by_exchange_profile(
            subject_token=subject_token, subject_token_type=SUBJECT_TOKEN_TYPE, audience=UPSTREAM_API,
            scope="openid offline_access read:private")
        holder["exchange"] = result
        response = requests.get(endpoint.url("/api/private-scope"),
                                headers={"Authorization": f"Bearer {result['access_token']}"}, timeout=10)
        return response.json()

    run = mcp_setup(exchange=exchange)
    holder.update(endpoint=run.endpoint, resource=run.resource)
    with serve(run.server.streamable_http_app(), run.sock):
        result = anyio_run(run.call("greet", {"name": "Alice"}))
    assert not result.is_error, result
    assert tool_result(result).startswith(f"Hello, Alice ({ALICE})! Upstream: ")
    assert PRIVATE_SCOPE_RESPONSE["msg"] in tool_result(result)

    exchanged = holder["exchange"]
    assert exchanged["issued_token_type"] == "urn:ietf:params:oauth:token-type:access_token"
    assert exchanged["refresh_token"] and exchanged["id_token"]
    upstream = claims(run.endpoint, exchanged["access_token"], UPSTREAM_API)
    assert upstream["sub"] == ALICE and upstream["azp"] == MCP_CLIENT_ID
    assert set(exchanged["scope"].split()) == {"openid", "offline_access", "read:private"}


def test_rbac_user_without_the_permission_gets_the_tool_error(mcp_setup):
    run = mcp_setup(auto_login=BOB)
    with serve(run.server.streamable_http_app(), run.sock):
        who = anyio_run(run.call("whoami"))
        assert not who.is_error, who
        assert tool_result(who)["permissions"] == ["tool:whoami"]
        greet = anyio_run(run.call("greet", {"name": "Bob"}))
    assert greet.is_error
    assert "Missing permission tool:greet" in greet.content[0].text

    # Asked for directly, the permission Bob lacks is not granted either.
    token = run.storage.tokens[-1]
    client_id = run.storage.client_info.client_id
    refreshed = requests.post(run.endpoint.url("/oauth/token"), data={
        "grant_type": "refresh_token", "client_id": client_id, "refresh_token": token.refresh_token,
        "scope": "tool:whoami tool:greet", "resource": run.resource}, timeout=10).json()
    assert refreshed["scope"] == "tool:whoami", refreshed


def anyio_run(coro):
    import anyio

    async def main():
        return await coro

    return anyio.run(main)
