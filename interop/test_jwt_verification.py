"""Tokens from fake-auth0 must verify with a real JWT library (PyJWT + PyJWKClient)."""

import jwt
import pytest
import requests

API_AUDIENCE = "https://api.example.com/"
M2M_CLIENT_ID = "demo-m2m"
M2M_CLIENT_SECRET = "demo-m2m-secret"
WEB_CLIENT_ID = "demo-web"
WEB_CLIENT_SECRET = "demo-web-secret"
ALICE_REFRESH_TOKEN = "demo-alice-refresh-token"
TIMEOUT = 10


def jwks_client(fake) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(fake.base_url + "/.well-known/jwks.json", cache_keys=False)


def post_token(fake, form: dict) -> dict:
    resp = requests.post(fake.base_url + "/oauth/token", data=form, timeout=TIMEOUT)
    assert resp.status_code == 200, f"{resp.status_code}: {resp.text}"
    return resp.json()


def client_credentials_token(fake) -> str:
    body = post_token(fake, {
        "grant_type": "client_credentials",
        "client_id": M2M_CLIENT_ID,
        "client_secret": M2M_CLIENT_SECRET,
        "audience": API_AUDIENCE,
    })
    assert body["token_type"] == "Bearer"
    return body["access_token"]


def tamper_signature(token: str) -> str:
    header, payload, sig = token.split(".")
    # Flip a character in the middle: the last base64url char carries padding
    # bits, so changing it may not change the decoded signature at all.
    i = len(sig) // 2
    flipped = "B" if sig[i] != "B" else "C"
    return ".".join([header, payload, sig[:i] + flipped + sig[i + 1:]])


def test_client_credentials_token_verifies_with_pyjwt(fake):
    token = client_credentials_token(fake)
    signing_key = jwks_client(fake).get_signing_key_from_jwt(token)
    claims = jwt.decode(
        token,
        signing_key.key,
        algorithms=["RS256"],
        audience=API_AUDIENCE,
        issuer=fake.issuer,
        options={"require": ["exp", "iat", "iss", "aud", "sub"]},
    )
    assert claims["sub"] == f"{M2M_CLIENT_ID}@clients"
    assert claims["gty"] == "client-credentials"
    assert claims["azp"] == M2M_CLIENT_ID
    assert isinstance(claims["exp"], int) and not isinstance(claims["exp"], bool)
    assert isinstance(claims["iat"], int) and not isinstance(claims["iat"], bool)
    assert claims["exp"] > claims["iat"]
    assert set(claims["scope"].split()) == {"read:data", "write:data"}

    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256"
    jwks = requests.get(fake.base_url + "/.well-known/jwks.json", timeout=TIMEOUT).json()
    assert header["kid"] in {k["kid"] for k in jwks["keys"]}


def test_refresh_token_grant_id_token_and_userinfo(fake):
    body = post_token(fake, {  # client_secret_post
        "grant_type": "refresh_token",
        "client_id": WEB_CLIENT_ID,
        "client_secret": WEB_CLIENT_SECRET,
        "refresh_token": ALICE_REFRESH_TOKEN,
    })
    client = jwks_client(fake)

    id_token = body["id_token"]
    id_claims = jwt.decode(
        id_token,
        client.get_signing_key_from_jwt(id_token).key,
        algorithms=["RS256"],
        audience=WEB_CLIENT_ID,
        issuer=fake.issuer,
    )
    assert id_claims["sub"] == "auth0|alice"
    assert id_claims["name"] == "Alice Example"
    assert id_claims["email"] == "alice@example.com"

    access_token = body["access_token"]
    userinfo_aud = fake.issuer + "userinfo"
    at_claims = jwt.decode(
        access_token,
        client.get_signing_key_from_jwt(access_token).key,
        algorithms=["RS256"],
        audience=userinfo_aud,
        issuer=fake.issuer,
    )
    aud = at_claims["aud"]
    auds = aud if isinstance(aud, list) else [aud]
    assert userinfo_aud in auds
    assert at_claims["sub"] == "auth0|alice"

    resp = requests.get(
        fake.base_url + "/userinfo",
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=TIMEOUT,
    )
    assert resp.status_code == 200, f"{resp.status_code}: {resp.text}"
    info = resp.json()
    assert info["sub"] == "auth0|alice"
    assert info["email"] == "alice@example.com"


def test_tampered_signature_is_rejected(fake):
    token = client_credentials_token(fake)
    bad = tamper_signature(token)
    assert bad != token
    signing_key = jwks_client(fake).get_signing_key_from_jwt(bad)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            bad,
            signing_key.key,
            algorithms=["RS256"],
            audience=API_AUDIENCE,
            issuer=fake.issuer,
        )


def test_discovery_document(fake):
    resp = requests.get(fake.base_url + "/.well-known/openid-configuration", timeout=TIMEOUT)
    assert resp.status_code == 200
    doc = resp.json()
    assert doc["issuer"] == fake.issuer
    jwks = requests.get(doc["jwks_uri"], timeout=TIMEOUT)
    assert jwks.status_code == 200
    keys = jwks.json()["keys"]
    assert keys and all(k["kty"] == "RSA" and k["kid"] for k in keys)
