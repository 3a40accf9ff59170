"""Pieces of the Auth for MCP interop tests: a scenario written for the ports of the run, an MCP server
(the official `mcp` SDK) protected by the fake's access tokens, and an in-memory token store for the
SDK's OAuth client.

The MCP server's URL is the API identifier of the scenario, so a socket is bound first (port 0), the
scenario is written with its port, the fake is started on it, and the MCP server is then served on
that socket."""

import asyncio
import contextlib
import socket
import threading
import time
from pathlib import Path

import jwt
import uvicorn
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken

UPSTREAM_API = "https://api.mcp.example/"
SUBJECT_TOKEN_TYPE = "urn:fastmcp:mcp"
MCP_CLIENT_ID = "mcp-server-client"
MCP_CLIENT_SECRET = "mcp-server-secret"
OTHER_CLIENT_ID = "reporting-m2m"
OTHER_CLIENT_SECRET = "reporting-secret"
PRIVATE_SCOPE_RESPONSE = {"msg": "Hello from a private endpoint! You need read:private to see this."}


def bind_socket() -> socket.socket:
    """A listening socket on 127.0.0.1 and a free port, kept until the MCP server takes it over."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


def write_scenario(directory: Path, resource: str, *, auto_login: str = "auth0|alice",
                   dynamic_client_registration: bool = True, profile: str = "compatibility") -> Path:
    """The MCP quickstart's tenant: the MCP server as an API with RBAC and the RFC 9068 authz dialect,
    two roles, an upstream API behind Custom Token Exchange, and open DCR."""
    text = f"""
tenant:
  name: mcp
  dynamic_client_registration: {str(dynamic_client_registration).lower()}
  resource_parameter_profile: {profile}

clients:
  - id: {MCP_CLIENT_ID}
    name: MCP Server Client
    type: resource_server
    secret: {MCP_CLIENT_SECRET}
    resource_server_identifier: {resource}
    grants: [token_exchange, refresh_token]
  - id: {OTHER_CLIENT_ID}
    type: m2m
    secret: {OTHER_CLIENT_SECRET}

apis:
  - audience: {resource}
    name: MCP Tools API
    scopes: [tool:whoami, tool:greet]
    rbac: true
    token_dialect: rfc9068_profile_authz
    third_party_clients: true
  - audience: {UPSTREAM_API}
    name: Upstream API
    scopes: [read:private]

roles:
  - name: Tool Administrator
    permissions: [{{api: "{resource}", scopes: [tool:whoami, tool:greet]}}]
  - name: Tool User
    permissions: [{{api: "{resource}", scopes: [tool:whoami]}}]

users:
  - sub: auth0|alice
    email: alice@example.com
    name: Alice Example
    roles: [Tool Administrator]
  - sub: auth0|bob
    email: bob@example.com
    name: Bob Example
    roles: [Tool User]

login:
  auto_login: {auto_login}

token_exchange_profiles:
  - name: MCP on-behalf-of
    subject_token_type: {SUBJECT_TOKEN_TYPE}
    on_behalf_of: {{audience: "{resource}"}}
    allow_offline_access: true
  - name: Legacy session tokens
    subject_token_type: urn:acme:legacy-session
    subject_tokens: {{legacy-session-alice: auth0|alice}}
  - name: Suspended partner tokens
    subject_token_type: urn:acme:partner
    deny: {{message: Partner tokens are not accepted any more}}

protected_apis:
  - path: /api/private-scope
    audience: {UPSTREAM_API}
    scope: read:private
    response: {{msg: "{PRIVATE_SCOPE_RESPONSE['msg']}"}}
"""
    path = directory / "mcp-scenario.yaml"
    path.write_text(text)
    return path


class FakeJWTVerifier:
    """Verifies the fake's access tokens the way the MCP quickstart asks: RS256 against the tenant JWKS,
    issuer and audience enforced."""

    def __init__(self, issuer: str, jwks_url: str, resource: str):
        self.issuer = issuer
        self.resource = resource
        self.keys = jwt.PyJWKClient(jwks_url, cache_keys=False)

    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            key = await asyncio.to_thread(self.keys.get_signing_key_from_jwt, token)
            claims = jwt.decode(token, key.key, algorithms=["RS256"], audience=self.resource, issuer=self.issuer,
                                options={"require": ["exp", "iat", "iss", "aud", "sub"]})
        except jwt.PyJWTError:
            return None
        header = jwt.get_unverified_header(token)
        claims["_typ"] = header.get("typ")
        return AccessToken(token=token, client_id=claims.get("client_id") or claims.get("azp") or "",
                           scopes=claims.get("scope", "").split(), expires_at=claims["exp"], resource=self.resource,
                           subject=claims["sub"], claims=claims)


def build_mcp_server(issuer: str, jwks_url: str, resource: str, exchange=None) -> MCPServer:
    """The quickstart's tools: `whoami` (needs `tool:whoami`), `greet` (needs the `tool:greet`
    permission; with `exchange`, it swaps the caller's token for one of the upstream API and calls it)."""
    server = MCPServer(
        "fake-auth0 MCP tools",
        token_verifier=FakeJWTVerifier(issuer, jwks_url, resource),
        auth=AuthSettings(issuer_url=issuer, resource_server_url=resource, required_scopes=["tool:whoami"],
                          validate_token_resource=True),
    )

    @server.tool()
    async def whoami() -> dict:
        token = get_access_token()
        claims = token.claims or {}
        return {"sub": token.subject, "client_id": token.client_id, "typ": claims.get("_typ"),
                "scopes": token.scopes, "permissions": claims.get("permissions", [])}

    @server.tool()
    async def greet(name: str) -> str:
        token = get_access_token()
        if "tool:greet" not in (token.claims or {}).get("permissions", []):
            raise ToolError("Missing permission tool:greet")
        upstream = await exchange(token.token) if exchange else None
        return f"Hello, {name} ({token.subject})! Upstream: {upstream}"

    return server


@contextlib.contextmanager
def serve(app, sock: socket.socket):
    """Serves the ASGI `app` on `sock` in a thread until the block ends."""
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the MCP server did not start")
        time.sleep(0.01)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class MemoryTokenStorage:
    """The SDK's TokenStorage in memory, keeping every token set it was given."""

    def __init__(self):
        self.tokens: list[OAuthToken] = []
        self.client_info: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens[-1] if self.tokens else None

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens.append(tokens)

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client_info

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client_info = client_info
