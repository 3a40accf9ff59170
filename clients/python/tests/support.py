"""Helpers shared by the plugin's own tests."""

import asyncio

import jwt

ALICE = "auth0|alice"
BOB = "auth0|bob"
WEB = ("demo-web", "demo-web-secret")
M2M = ("demo-m2m", "demo-m2m-secret")
API = "https://api.example.com/"
ALICE_REFRESH_TOKEN = "demo-alice-refresh-token"


def verify(tenant, token: str, audience: str, **options) -> dict:
    """Verifies `token` with PyJWT against the tenant's JWKS and issuer."""
    keys = jwt.PyJWKClient(tenant.jwks_url, cache_keys=False)
    return jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS256"], audience=audience,
                      issuer=tenant.issuer, **options)


def run(coro):
    return asyncio.run(coro)
