"""Lifecycle faults against real clients: PyJWT's PyJWKClient fetches the JWKS again when a token names a
key it has not seen (after `POST /__admin/keys/rotate`) and verifies tokens of the new key; tokens of a
dropped key stop verifying. Each test runs against its own fake, since these faults change the tenant."""

import jwt
import pytest
import requests

from conftest import _stop, start_fake

API_AUDIENCE = "https://api.example.com/"
WEB_CLIENT = ("demo-web", "demo-web-secret")
REFRESH_TOKEN = "demo-alice-refresh-token"
TIMEOUT = 10


@pytest.fixture
def fake(tmp_path):
    proc, handle = start_fake(tmp_path)
    try:
        yield handle
    finally:
        _stop(proc)


def admin(fake, path: str, body: dict | None = None) -> requests.Response:
    return requests.post(fake.base_url + "/__admin" + path, json=body or {}, timeout=TIMEOUT)


def user_token(fake) -> str:
    resp = requests.post(fake.base_url + "/oauth/token", data={
        "grant_type": "refresh_token", "refresh_token": REFRESH_TOKEN,
        "client_id": WEB_CLIENT[0], "client_secret": WEB_CLIENT[1], "audience": API_AUDIENCE,
    }, timeout=TIMEOUT)
    assert resp.status_code == 200, resp.text
    return resp.json()["access_token"]


def jwks_fetches(fake) -> int:
    entries = requests.get(fake.base_url + "/__admin/journal", params={"event": "request"}, timeout=TIMEOUT).json()
    return sum(1 for entry in entries["entries"] if entry.get("path") == "/.well-known/jwks.json")


def decode(client: jwt.PyJWKClient, fake, token: str) -> dict:
    key = client.get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], audience=API_AUDIENCE, issuer=fake.issuer)


def test_pyjwkclient_refetches_the_jwks_after_a_rotation(fake):
    # A JWKS cache of five minutes, as an API would keep; no cooldown between kid-miss refreshes.
    client = jwt.PyJWKClient(fake.base_url + "/.well-known/jwks.json", cache_jwk_set=True, lifespan=300,
                             cooldown_duration=0)
    before = user_token(fake)
    assert decode(client, fake, before)["sub"] == "auth0|alice"
    assert decode(client, fake, user_token(fake))["sub"] == "auth0|alice"
    assert jwks_fetches(fake) == 1, "the second token verified from the cached JWKS"

    rotated = admin(fake, "/keys/rotate", {"grace_seconds": 60})
    assert rotated.status_code == 200, rotated.text
    new_kid, old_kid = rotated.json()["kid"], rotated.json()["previous_kid"]
    after = user_token(fake)
    assert jwt.get_unverified_header(after)["kid"] == new_kid != old_kid

    assert decode(client, fake, after)["sub"] == "auth0|alice"
    assert jwks_fetches(fake) == 2, "the unknown kid made PyJWKClient fetch the JWKS again"
    assert decode(client, fake, before)["sub"] == "auth0|alice", "the old key is published during the grace"
    assert [key.key_id for key in client.get_signing_keys()] == [new_kid, old_kid]

    # The grace period ends on the tenant clock: the old key leaves the JWKS and its tokens are refused.
    assert admin(fake, "/clock/advance", {"seconds": 60}).status_code == 200
    fresh = jwt.PyJWKClient(fake.base_url + "/.well-known/jwks.json", cache_jwk_set=False)
    assert [key.key_id for key in fresh.get_signing_keys()] == [new_kid]
    with pytest.raises(jwt.PyJWKClientError):
        fresh.get_signing_key_from_jwt(before)
    info = requests.get(fake.base_url + "/userinfo", headers={"Authorization": f"Bearer {before}"}, timeout=TIMEOUT)
    assert info.status_code == 401 and info.json()["error"] == "invalid_token"
    assert decode(fresh, fake, after)["sub"] == "auth0|alice"


def test_rotation_control_refuses_bad_input_and_changes_nothing(fake):
    keys = requests.get(fake.base_url + "/__admin/keys", timeout=TIMEOUT).json()["keys"]
    for body in ({"grace_seconds": -1}, {"grace_seconds": "60"}, {"grace_seconds": 10**12}, {"grace": 1}):
        resp = admin(fake, "/keys/rotate", body)
        assert resp.status_code == 400 and resp.json()["error"] == "invalid_request", resp.text
    assert requests.get(fake.base_url + "/__admin/keys", timeout=TIMEOUT).json()["keys"] == keys
