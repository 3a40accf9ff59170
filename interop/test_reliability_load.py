"""Concurrency under load, bounded in count and time: 500 CIBA requests started and polled concurrently
(each redeemed exactly once), and refresh-token rotation raced by many clients at once (exactly one
winner per token, the family revoked by the reuse)."""

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from reliability_support import TIMEOUT, start_server

CIBA_GRANT = "urn:openid:params:grant-type:ciba"
CIBA_REQUESTS = 500
WORKERS = 32
ROTATION_TOKENS = 10
RACERS = 16

SCENARIO = """\
tenant: { name: load }
clients:
  - { id: agent, type: regular_web, secret: agent-secret, grants: [ciba, refresh_token] }
  - { id: rotating, type: regular_web, secret: rotating-secret, grants: [refresh_token], refresh_token_rotation: true }
apis:
  - { audience: https://api.load.example/, scopes: [read] }
users:
  - { sub: auth0|alice, email: alice@example.com }
ciba:
  interval: 0
  default: { approve_after: { polls: 1 } }
refresh_tokens:
""" + "".join(f"  - {{ token: rotate-{i}, client: rotating, user: auth0|alice, scope: openid offline_access }}\n"
              for i in range(ROTATION_TOKENS))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("load"), scenario=SCENARIO)
    yield server
    server.stop()


def session_pool():
    local = threading.local()

    def session() -> requests.Session:
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=2, pool_maxsize=2))
        return local.session

    return session


def test_500_concurrent_ciba_requests_are_each_redeemed_exactly_once(server):
    session = session_pool()
    hint = json.dumps({"format": "iss_sub", "iss": server.issuer, "sub": "auth0|alice"})

    def start(i: int) -> str:
        resp = session().post(server.url("/bc-authorize"), timeout=TIMEOUT, data={
            "client_id": "agent", "client_secret": "agent-secret", "scope": "openid offline_access",
            "login_hint": hint, "binding_message": f"Order {i}"})
        assert resp.status_code == 200, resp.text
        return resp.json()["auth_req_id"]

    def poll(auth_req_id: str) -> requests.Response:
        return session().post(server.url("/oauth/token"), timeout=TIMEOUT, data={
            "grant_type": CIBA_GRANT, "auth_req_id": auth_req_id, "client_id": "agent", "client_secret": "agent-secret"})

    with ThreadPoolExecutor(WORKERS) as pool:
        ids = list(pool.map(start, range(CIBA_REQUESTS)))
        assert len(set(ids)) == CIBA_REQUESTS
        # First round: every request is pending once (approve_after one poll), polled concurrently.
        first = list(pool.map(poll, ids))
        assert Counter(r.json().get("error") for r in first) == {"authorization_pending": CIBA_REQUESTS}
        # Then two racing polls per request: exactly one gets tokens, the other a refusal.
        racing = list(pool.map(poll, ids + ids))
    tokens = Counter()
    refusals = Counter()
    for auth_req_id, resp in zip(ids + ids, racing):
        assert resp.status_code < 500, resp.text
        if resp.status_code == 200:
            assert resp.json()["access_token"]
            tokens[auth_req_id] += 1
        else:
            refusals[resp.json()["error"]] += 1
    assert all(tokens[i] == 1 for i in ids), f"requests not redeemed exactly once: {[i for i in ids if tokens[i] != 1][:5]}"
    assert sum(refusals.values()) == CIBA_REQUESTS and set(refusals) == {"invalid_grant"}, refusals
    # Redeemed for good: a later poll is refused too, and the control API says so.
    assert poll(ids[0]).json()["error"] == "invalid_grant"
    statuses = Counter(r["status"] for r in server.admin("GET", "/ciba/requests").json()["requests"])
    assert statuses == {"redeemed": CIBA_REQUESTS}
    server.assert_alive()


def test_racing_refresh_rotations_have_exactly_one_winner(server):
    session = session_pool()

    def refresh(token: str) -> requests.Response:
        return session().post(server.url("/oauth/token"), timeout=TIMEOUT, data={
            "grant_type": "refresh_token", "refresh_token": token, "client_id": "rotating", "client_secret": "rotating-secret"})

    with ThreadPoolExecutor(RACERS) as pool:
        for i in range(ROTATION_TOKENS):
            answers = list(pool.map(refresh, [f"rotate-{i}"] * RACERS))
            winners = [r for r in answers if r.status_code == 200]
            assert len(winners) == 1, [(r.status_code, r.text) for r in answers]
            assert all(r.status_code == 403 and r.json()["error"] == "invalid_grant" for r in answers if r.status_code != 200)
            rotated = winners[0].json()["refresh_token"]
            assert rotated != f"rotate-{i}"
            # The losers presented a used token: reuse revokes the family, the winner's new token included.
            assert refresh(rotated).status_code == 403
    server.assert_alive()
