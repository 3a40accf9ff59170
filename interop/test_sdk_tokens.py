"""Token endpoint, userinfo and token verification with clients nobody on this project wrote:
auth0-python (client_secret_post, private_key_jwt, refresh, userinfo, TokenVerifier), Authlib and
requests-oauthlib (client_secret_basic), PyJWT, python-jose and auth0-api-python.

Every test that takes `endpoint` or `tenant` runs over plain HTTP and over HTTPS (trusting the fake's
CA through SSL_CERT_FILE / REQUESTS_CA_BUNDLE / HTTPLIB2_CA_CERTS); auth0-api-python only speaks
https://{domain}, so its tests run over HTTPS only."""

import jwt
import pytest
import requests
from auth0.authentication import GetToken, Users
from auth0.authentication.token_verifier import AsymmetricSignatureVerifier, TokenVerifier
from auth0.exceptions import Auth0Error, TokenValidationError
from auth0_api_python import ApiClient, ApiClientOptions
from auth0_api_python.errors import VerifyAccessTokenError
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwt as jose_jwt
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session as OAuthlibSession

from sdk_support import ALICE, audiences, claims, run

API = "https://api.example.com/"
API_SCOPES = {"read:data", "write:data"}
M2M = ("demo-m2m", "demo-m2m-secret")
WEB = ("demo-web", "demo-web-secret")
ALICE_REFRESH_TOKEN = "demo-alice-refresh-token"
TIMEOUT = 10


def assert_m2m_token(endpoint, body: dict, client_id: str) -> dict:
    assert body["token_type"] == "Bearer"
    assert isinstance(body["expires_in"], int) and body["expires_in"] > 0
    scope = body["scope"]  # oauthlib hands it back already split
    assert set(scope if isinstance(scope, list) else scope.split()) == API_SCOPES
    access = claims(endpoint, body["access_token"], API)
    assert (access["sub"], access["azp"], access["gty"]) == (f"{client_id}@clients", client_id, "client-credentials")
    assert set(access["scope"].split()) == API_SCOPES
    return access


def private_key_jwt_scenario(tmp_path, client_id: str) -> tuple[str, str]:
    """A fresh RSA key pair and a scenario whose m2m client verifies assertions with its public half.
    Returns (private key PEM, scenario path)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    pem_block = "".join(f"        {line}\n" for line in public_pem.strip().splitlines())
    scenario = tmp_path / "private-key-jwt.yaml"
    scenario.write_text(
        "clients:\n"
        f"  - id: {client_id}\n"
        "    type: m2m\n"
        "    public_keys:\n"
        "      - |\n" + pem_block +
        "apis:\n"
        f"  - audience: {API}\n"
        "    scopes: [read:data, write:data]\n"
        f"    clients: [{client_id}]\n")
    return private_pem, str(scenario)


# --- client credentials, four ways of authenticating the client ------------------------------------


def test_client_credentials_auth0_python_client_secret_post(endpoint):
    get_token = GetToken(endpoint.domain, M2M[0], client_secret=M2M[1], protocol=endpoint.protocol)
    body = get_token.client_credentials(API)
    assert_m2m_token(endpoint, body, M2M[0])

    wrong = GetToken(endpoint.domain, M2M[0], client_secret="not-the-secret", protocol=endpoint.protocol)
    with pytest.raises(Auth0Error) as caught:
        wrong.client_credentials(API)
    assert (caught.value.status_code, caught.value.error_code) == (401, "invalid_client")


def test_client_credentials_authlib_client_secret_basic(endpoint):
    session = OAuth2Session(M2M[0], M2M[1])  # token_endpoint_auth_method defaults to client_secret_basic
    assert session.token_endpoint_auth_method == "client_secret_basic"
    token = session.fetch_token(endpoint.url("/oauth/token"), grant_type="client_credentials", audience=API)
    assert_m2m_token(endpoint, dict(token), M2M[0])

    with pytest.raises(OAuthError) as caught:
        OAuth2Session(M2M[0], "not-the-secret").fetch_token(endpoint.url("/oauth/token"),
                                                            grant_type="client_credentials", audience=API)
    assert caught.value.error == "invalid_client"


def test_client_credentials_requests_oauthlib_backend_application_client(endpoint, monkeypatch):
    if endpoint.scheme == "http":
        monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # oauthlib refuses http:// token URLs otherwise
    session = OAuthlibSession(client=BackendApplicationClient(client_id=M2M[0]))
    # client_id + client_secret without include_client_id: HTTP Basic authentication
    token = session.fetch_token(endpoint.url("/oauth/token"), client_id=M2M[0], client_secret=M2M[1], audience=API)
    assert_m2m_token(endpoint, dict(token), M2M[0])
    assert session.authorized


def test_client_credentials_auth0_python_private_key_jwt(tenant, tmp_path):
    private_pem, scenario = private_key_jwt_scenario(tmp_path, "jwt-m2m")
    endpoint = tenant(scenario)
    get_token = GetToken(endpoint.domain, "jwt-m2m", client_assertion_signing_key=private_pem,
                         protocol=endpoint.protocol)
    assert_m2m_token(endpoint, get_token.client_credentials(API), "jwt-m2m")

    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    impostor = GetToken(endpoint.domain, "jwt-m2m", client_assertion_signing_key=other_key,
                        protocol=endpoint.protocol)
    with pytest.raises(Auth0Error) as caught:
        impostor.client_credentials(API)
    assert (caught.value.status_code, caught.value.error_code) == (401, "invalid_client")


# --- refresh and userinfo ----------------------------------------------------------------------------


def refresh(endpoint) -> dict:
    get_token = GetToken(endpoint.domain, WEB[0], client_secret=WEB[1], protocol=endpoint.protocol)
    return get_token.refresh_token(ALICE_REFRESH_TOKEN)  # sends "scope": "" (no change)


def test_refresh_token_with_auth0_python(endpoint):
    body = refresh(endpoint)
    assert body["token_type"] == "Bearer" and isinstance(body["expires_in"], int)
    assert set(body["scope"].split()) == {"openid", "profile", "email", "offline_access"}
    assert "refresh_token" not in body  # demo-web does not rotate refresh tokens
    ident = claims(endpoint, body["id_token"], WEB[0])
    assert (ident["sub"], ident["name"], ident["email"]) == (ALICE, "Alice Example", "alice@example.com")
    access = claims(endpoint, body["access_token"], endpoint.issuer + "userinfo")
    assert access["sub"] == ALICE and access["azp"] == WEB[0]

    narrowed = GetToken(endpoint.domain, WEB[0], client_secret=WEB[1], protocol=endpoint.protocol).refresh_token(
        ALICE_REFRESH_TOKEN, scope="openid email")
    assert set(narrowed["scope"].split()) == {"openid", "email"}
    assert "name" not in claims(endpoint, narrowed["id_token"], WEB[0])


def test_userinfo_with_auth0_python(endpoint):
    access_token = refresh(endpoint)["access_token"]
    info = Users(endpoint.domain, protocol=endpoint.protocol).userinfo(access_token)
    assert info["sub"] == ALICE
    assert (info["email"], info["email_verified"]) == ("alice@example.com", True)
    assert (info["name"], info["given_name"], info["family_name"]) == ("Alice Example", "Alice", "Example")
    assert info["picture"] == "https://example.com/avatars/alice.png"

    with pytest.raises(Auth0Error) as caught:
        Users(endpoint.domain, protocol=endpoint.protocol).userinfo(access_token[:-4] + "AAAA")
    assert caught.value.status_code == 401


# --- ID token verification with three libraries ---------------------------------------------------


def test_id_token_verifies_with_auth0_python_token_verifier(endpoint):
    id_token = refresh(endpoint)["id_token"]
    verifier = TokenVerifier(signature_verifier=AsymmetricSignatureVerifier(endpoint.jwks_url),
                             issuer=endpoint.issuer, audience=WEB[0])
    payload = verifier.verify(id_token)
    assert payload["sub"] == ALICE and payload["aud"] == WEB[0] and payload["iss"] == endpoint.issuer
    assert isinstance(payload["exp"], int) and isinstance(payload["iat"], int)

    for wrong in (TokenVerifier(AsymmetricSignatureVerifier(endpoint.jwks_url), endpoint.issuer, "another-client"),
                  TokenVerifier(AsymmetricSignatureVerifier(endpoint.jwks_url), "https://elsewhere.example/",
                                WEB[0])):
        with pytest.raises(TokenValidationError):
            wrong.verify(id_token)


def test_id_token_verifies_with_pyjwt_jwks_client(endpoint):
    id_token = refresh(endpoint)["id_token"]
    signing_key = jwt.PyJWKClient(endpoint.jwks_url).get_signing_key_from_jwt(id_token)
    payload = jwt.decode(id_token, signing_key.key, algorithms=["RS256"], audience=WEB[0], issuer=endpoint.issuer,
                         options={"require": ["exp", "iat", "iss", "aud", "sub"]})
    assert payload["sub"] == ALICE and payload["email"] == "alice@example.com"


def test_id_token_verifies_with_python_jose(endpoint):
    body = refresh(endpoint)
    jwks = requests.get(endpoint.jwks_url, timeout=TIMEOUT).json()
    # python-jose tries every key of the set, and checks at_hash when the access token is given
    payload = jose_jwt.decode(body["id_token"], jwks, algorithms=["RS256"], audience=WEB[0], issuer=endpoint.issuer,
                              access_token=body["access_token"])
    assert payload["sub"] == ALICE and payload["name"] == "Alice Example"
    access = jose_jwt.decode(body["access_token"], jwks, algorithms=["RS256"], audience=endpoint.issuer + "userinfo",
                             issuer=endpoint.issuer)
    assert access["sub"] == ALICE


# --- access-token verification by an API (auth0-api-python, HTTPS only) ------------------------------


def api_client(endpoint, audience: str = API) -> ApiClient:
    return ApiClient(ApiClientOptions(domain=endpoint.domain, audience=audience))


def test_access_tokens_verify_with_auth0_api_python(https_endpoint):
    endpoint = https_endpoint
    m2m = GetToken(endpoint.domain, M2M[0], client_secret=M2M[1], protocol="https").client_credentials(API)
    verified = run(api_client(endpoint).verify_access_token(m2m["access_token"]))
    assert verified["sub"] == "demo-m2m@clients" and verified["iss"] == endpoint.issuer
    assert set(verified["scope"].split()) == API_SCOPES

    # a user's access token for the API, by multi-resource refresh
    resp = requests.post(endpoint.url("/oauth/token"), data={
        "grant_type": "refresh_token", "client_id": WEB[0], "client_secret": WEB[1],
        "refresh_token": ALICE_REFRESH_TOKEN, "audience": API}, timeout=TIMEOUT)
    assert resp.status_code == 200, resp.text
    user = run(api_client(endpoint).verify_access_token(resp.json()["access_token"], required_claims=["scope"]))
    assert user["sub"] == ALICE and API in audiences(user)
    assert API_SCOPES <= set(user["scope"].split())


def test_auth0_api_python_refuses_other_audiences_and_other_issuers(https_endpoint, fake):
    endpoint = https_endpoint
    m2m = GetToken(endpoint.domain, M2M[0], client_secret=M2M[1], protocol="https").client_credentials(API)
    with pytest.raises(VerifyAccessTokenError, match="[Aa]udience"):
        run(api_client(endpoint, "https://another-api.example/").verify_access_token(m2m["access_token"]))

    # the same tenant through its HTTP listener mints tokens for another issuer
    over_http = GetToken(fake.domain, M2M[0], client_secret=M2M[1], protocol="http").client_credentials(API)
    assert jwt.decode(over_http["access_token"], options={"verify_signature": False})["iss"] == fake.issuer
    with pytest.raises(VerifyAccessTokenError, match="issuer"):
        run(api_client(endpoint).verify_access_token(over_http["access_token"]))
