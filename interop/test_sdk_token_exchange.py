"""Custom Token Exchange with auth0-api-python's get_token_by_exchange_profile, Dynamic Client Registration
and refresh-token revocation as plain HTTP clients and auth0-python see them."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from auth0.authentication import RevokeToken
from auth0_api_python import ApiClient, ApiClientOptions
from auth0_api_python.errors import ApiError

from mcp_support import (MCP_CLIENT_ID, MCP_CLIENT_SECRET, OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, SUBJECT_TOKEN_TYPE,
                         UPSTREAM_API, write_scenario)
from sdk_support import ALICE, claims, run

MCP_RESOURCE = "https://mcp.example/"
REDIRECT_URI = "http://127.0.0.1:9/callback"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"


def register(endpoint, **metadata) -> requests.Response:
    body = {"client_name": "interop agent", "redirect_uris": [REDIRECT_URI],
            "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
            "token_endpoint_auth_method": "none", **metadata}
    return requests.post(endpoint.url("/oidc/register"), json=body, timeout=10)


def log_in(endpoint, client: dict, scope: str = "openid tool:whoami offline_access",
           resource: str = MCP_RESOURCE) -> dict:
    """The authorization-code flow with PKCE and `resource`, the way an MCP client runs it."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    response = requests.get(endpoint.url("/authorize"), allow_redirects=False, timeout=10, params={
        "response_type": "code", "client_id": client["client_id"], "redirect_uri": REDIRECT_URI, "scope": scope,
        "state": "s1", "code_challenge": challenge, "code_challenge_method": "S256", "resource": resource})
    assert response.status_code == 302, response.text
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert "code" in query, query
    form = {"grant_type": "authorization_code", "client_id": client["client_id"], "code": query["code"][0],
            "redirect_uri": REDIRECT_URI, "code_verifier": verifier, "resource": resource}
    if client.get("client_secret"):
        form["client_secret"] = client["client_secret"]
    token = requests.post(endpoint.url("/oauth/token"), data=form, timeout=10)
    assert token.status_code == 200, token.text
    return token.json()


def api_client(endpoint, client_id=MCP_CLIENT_ID, secret=MCP_CLIENT_SECRET) -> ApiClient:
    return ApiClient(ApiClientOptions(domain=endpoint.domain, audience=MCP_RESOURCE, client_id=client_id,
                                      client_secret=secret))


@pytest.fixture
def mcp_tenant(https_tenant, tmp_path):
    return https_tenant(write_scenario(tmp_path, MCP_RESOURCE))


@pytest.fixture
def mcp_token(mcp_tenant) -> str:
    client = register(mcp_tenant).json()
    return log_in(mcp_tenant, client)["access_token"]


def exchange(endpoint, subject_token, token_type=SUBJECT_TOKEN_TYPE, **kwargs):
    return run(api_client(endpoint, **kwargs).get_token_by_exchange_profile(
        subject_token=subject_token, subject_token_type=token_type, audience=UPSTREAM_API, scope="read:private"))


# --- Custom Token Exchange ----------------------------------------------------------------------


def test_on_behalf_of_exchange_then_the_upstream_api_accepts_the_token(mcp_tenant, mcp_token):
    result = exchange(mcp_tenant, mcp_token)
    assert result["issued_token_type"] == ACCESS_TOKEN_TYPE and result["scope"] == "read:private"
    assert "refresh_token" not in result  # no offline_access asked for
    token_claims = claims(mcp_tenant, result["access_token"], UPSTREAM_API)
    assert token_claims["sub"] == ALICE and token_claims["azp"] == MCP_CLIENT_ID
    api = requests.get(mcp_tenant.url("/api/private-scope"), timeout=10,
                       headers={"Authorization": f"Bearer {result['access_token']}"})
    assert api.status_code == 200 and "read:private" in api.json()["msg"]


def test_exchanged_refresh_token_refreshes(mcp_tenant, mcp_token):
    result = run(api_client(mcp_tenant).get_token_by_exchange_profile(
        subject_token=mcp_token, subject_token_type=SUBJECT_TOKEN_TYPE, audience=UPSTREAM_API,
        scope="offline_access read:private"))
    refreshed = requests.post(mcp_tenant.url("/oauth/token"), timeout=10, data={
        "grant_type": "refresh_token", "refresh_token": result["refresh_token"], "client_id": MCP_CLIENT_ID,
        "client_secret": MCP_CLIENT_SECRET})
    assert refreshed.status_code == 200, refreshed.text
    assert claims(mcp_tenant, refreshed.json()["access_token"], UPSTREAM_API)["sub"] == ALICE


def test_opaque_subject_token_table(mcp_tenant):
    result = exchange(mcp_tenant, "legacy-session-alice", "urn:acme:legacy-session")
    assert claims(mcp_tenant, result["access_token"], UPSTREAM_API)["sub"] == ALICE
    with pytest.raises(ApiError) as error:
        exchange(mcp_tenant, "legacy-session-mallory", "urn:acme:legacy-session")
    assert error.value.code == "invalid_request" and error.value.status_code == 400


def test_denied_profile_surfaces_the_action_message(mcp_tenant, mcp_token):
    with pytest.raises(ApiError) as error:
        exchange(mcp_tenant, mcp_token, "urn:acme:partner")
    assert error.value.code == "access_denied" and error.value.status_code == 403
    assert "Partner tokens are not accepted any more" in str(error.value)


@pytest.mark.parametrize("token_type", ["urn:acme:unknown", "urn:ietf:params:oauth:token-type:access_token",
                                        "urn:auth0:anything", "urn:okta:anything"])
def test_unknown_and_reserved_token_types_are_refused(mcp_tenant, mcp_token, token_type):
    with pytest.raises(ApiError) as error:
        exchange(mcp_tenant, mcp_token, token_type)
    assert error.value.code == "invalid_request" and error.value.status_code == 400


def test_client_without_token_exchange_is_refused(mcp_tenant, mcp_token):
    with pytest.raises(ApiError) as error:
        exchange(mcp_tenant, mcp_token, client_id=OTHER_CLIENT_ID, secret=OTHER_CLIENT_SECRET)
    assert error.value.code == "unauthorized_client" and error.value.status_code == 403


def test_bad_subject_tokens_are_refused(mcp_tenant, mcp_token, https_tenant, tmp_path):
    for bad in ["not-a-jwt", mcp_token[:-4] + "AAAA"]:
        with pytest.raises(ApiError) as error:
            exchange(mcp_tenant, bad)
        assert error.value.code == "invalid_request"
    # A token of another tenant (its own keys), and one for another API.
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = https_tenant(write_scenario(other_dir, MCP_RESOURCE))
    foreign = log_in(other, register(other).json())["access_token"]
    with pytest.raises(ApiError):
        exchange(mcp_tenant, foreign)
    upstream = exchange(mcp_tenant, mcp_token)["access_token"]
    with pytest.raises(ApiError) as error:
        exchange(mcp_tenant, upstream)
    assert error.value.code == "invalid_request"
    # Expired on the tenant clock.
    mcp_tenant.advance(86_400 * 2)
    with pytest.raises(ApiError) as error:
        exchange(mcp_tenant, mcp_token)
    assert error.value.code == "invalid_request"


# --- Dynamic Client Registration -------------------------------------------------------------------


def test_confidential_registration_logs_in_with_its_secret(tenant, tmp_path):
    endpoint = tenant(write_scenario(tmp_path, MCP_RESOURCE))
    response = register(endpoint, token_endpoint_auth_method="client_secret_post", client_name="Inspector")
    assert response.status_code == 201, response.text
    client = response.json()
    assert client["client_secret"] and client["client_secret_expires_at"] == 0
    assert client["redirect_uris"] == [REDIRECT_URI] and client["client_name"] == "Inspector"
    assert client["grant_types"] == ["authorization_code", "refresh_token"]
    tokens = log_in(endpoint, client)
    assert claims(endpoint, tokens["access_token"], MCP_RESOURCE)["client_id"] == client["client_id"]
    # Without its secret the confidential client is refused.
    refused = requests.post(endpoint.url("/oauth/token"), timeout=10, data={
        "grant_type": "refresh_token", "client_id": client["client_id"], "refresh_token": tokens["refresh_token"]})
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"


@pytest.mark.parametrize("metadata, error", [
    ({"redirect_uris": ["not a url"]}, "invalid_redirect_uri"),
    ({"redirect_uris": ["http://example.com/cb#frag"]}, "invalid_redirect_uri"),
    ({"redirect_uris": []}, "invalid_redirect_uri"),
    ({"token_endpoint_auth_method": "tls_client_auth"}, "invalid_client_metadata"),
    ({"grant_types": ["password"]}, "invalid_client_metadata"),
    ({"response_types": ["token"]}, "invalid_client_metadata"),
    ({"client_name": 42}, "invalid_client_metadata"),
])
def test_registration_errors(tenant, tmp_path, metadata, error):
    endpoint = tenant(write_scenario(tmp_path, MCP_RESOURCE))
    response = register(endpoint, **metadata)
    assert response.status_code == 400 and response.json()["error"] == error, response.text
    assert endpoint.admin("GET", "/clients").json()["clients"] == [] or all(
        not c["dynamically_registered"] for c in endpoint.admin("GET", "/clients").json()["clients"])


def test_registration_refuses_non_json_and_huge_bodies(tenant, tmp_path):
    endpoint = tenant(write_scenario(tmp_path, MCP_RESOURCE))
    not_json = requests.post(endpoint.url("/oidc/register"), data="client_name=x", timeout=10,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert not_json.status_code == 400 and not_json.json()["error"] == "invalid_client_metadata"
    huge = register(endpoint, client_name="x" * 2_000_000)
    assert huge.status_code in (400, 413) and huge.json()["error"] in ("invalid_client_metadata", "invalid_request")


def test_registration_is_off_unless_the_scenario_opens_it(tenant, tmp_path):
    endpoint = tenant(write_scenario(tmp_path, MCP_RESOURCE, dynamic_client_registration=False))
    discovery = requests.get(endpoint.url("/.well-known/oauth-authorization-server"), timeout=10).json()
    assert "registration_endpoint" not in discovery
    response = register(endpoint)
    assert response.status_code == 403 and response.json()["error"] == "access_denied"


def test_discovery_advertises_what_is_served(endpoint):
    for path in ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"]:
        document = requests.get(endpoint.url(path), timeout=10).json()
        assert "S256" in document["code_challenge_methods_supported"]
        assert "device_authorization_endpoint" not in document and "mfa_challenge_endpoint" not in document
        assert document["revocation_endpoint"] == endpoint.url("/oauth/revoke")
        assert "urn:ietf:params:oauth:grant-type:token-exchange" in document["grant_types_supported"]


# --- Revocation -------------------------------------------------------------------------------------


def test_revoked_refresh_token_stops_working(tenant, tmp_path):
    endpoint = tenant(write_scenario(tmp_path, MCP_RESOURCE))
    client = register(endpoint).json()
    tokens = log_in(endpoint, client)
    revoker = RevokeToken(endpoint.domain, client["client_id"], protocol=endpoint.protocol)
    revoker.revoke_refresh_token(tokens["refresh_token"])
    refused = requests.post(endpoint.url("/oauth/token"), timeout=10, data={
        "grant_type": "refresh_token", "client_id": client["client_id"], "refresh_token": tokens["refresh_token"]})
    assert refused.status_code == 403 and refused.json()["error"] == "invalid_grant"
    # Unknown tokens are no error (RFC 7009).
    revoker.revoke_refresh_token("v1.never-issued")
