"""Shared pieces of the CIBA interop tests: the example scenarios, an agent/test client for one
running fake (`CibaTenant`) and assertions on OAuth answers."""

import base64
import json
from contextlib import contextmanager
from pathlib import Path

import jwt
import requests

from conftest import REPO_ROOT, SCENARIOS_DIR, FakeAuth0, _stop, start_fake

EXAMPLES = REPO_ROOT / "scenarios"
APPROVE = EXAMPLES / "ciba-approve.yaml"
DENY = EXAMPLES / "ciba-deny.yaml"
SHOP_RAR = EXAMPLES / "ciba-shop-rar.yaml"
AUTH0_TIMING = SCENARIOS_DIR / "ciba-auth0-timing.yaml"

CIBA_GRANT = "urn:openid:params:grant-type:ciba"
AGENT = ("shop-agent", "shop-agent-secret")
OTHER_AGENT = ("other-agent", "other-agent-secret")
NO_CIBA_CLIENT = ("shop-web", "shop-web-secret")
API = "https://api.shop.example/"
ALICE = "auth0|alice"
BOB = "auth0|bob"
TIMEOUT = 10
# Tokens carry the tenant clock's iat, which the tests move ahead of the wall clock.
LEEWAY = 600

TEA_PURCHASE = [{"type": "product_purchase", "product": "Green Tea", "quantity": 1, "price": "4.50 EUR"}]
TWO_TEAS = [{"type": "product_purchase", "product": "Green Tea", "quantity": 2}]


class CibaTenant:
    """A running fake with a CIBA scenario, and the calls an agent and a test make against it."""

    def __init__(self, fake: FakeAuth0):
        self.fake = fake
        self.http = requests.Session()

    # --- the agent ------------------------------------------------------------------

    def login_hint(self, user: str) -> str:
        return json.dumps({"format": "iss_sub", "iss": self.fake.issuer, "sub": user})

    def bc_authorize(self, user: str = ALICE, client=AGENT, scope: str = "openid", *, json_body: bool = False,
                     basic: bool = False, **params) -> requests.Response:
        body = {"login_hint": self.login_hint(user), "scope": scope, **params}  # params may replace login_hint
        return self._post_client("/bc-authorize", body, client, json_body=json_body, basic=basic)

    def start(self, user: str = ALICE, **kwargs) -> str:
        """Starts a request that must be accepted; returns its auth_req_id."""
        resp = self.bc_authorize(user, **kwargs)
        assert resp.status_code == 200, f"/bc-authorize: {resp.status_code} {resp.text}"
        return resp.json()["auth_req_id"]

    def poll(self, auth_req_id: str, client=AGENT, *, json_body: bool = False,
             basic: bool = False) -> requests.Response:
        body = {"grant_type": CIBA_GRANT, "auth_req_id": auth_req_id}
        return self._post_client("/oauth/token", body, client, json_body=json_body, basic=basic)

    def _post_client(self, path: str, body: dict, client, *, json_body: bool, basic: bool) -> requests.Response:
        client_id, secret = client
        headers = {}
        if basic:
            token = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        else:
            body = {"client_id": client_id, "client_secret": secret, **body}
        url = self.fake.base_url + path
        if json_body:
            return self.http.post(url, json=body, headers=headers, timeout=TIMEOUT)
        return self.http.post(url, data=body, headers=headers, timeout=TIMEOUT)

    # --- the test's controls ----------------------------------------------------------

    def admin(self, method: str, path: str, body=None, **query) -> requests.Response:
        return self.http.request(method, self.fake.base_url + "/__admin" + path, json=body, params=query or None,
                                 timeout=TIMEOUT)

    def advance(self, seconds: int) -> None:
        resp = self.admin("POST", "/clock/advance", {"seconds": seconds})
        assert resp.status_code == 200, resp.text

    def listed(self, **query) -> list[dict]:
        resp = self.admin("GET", "/ciba/requests", **query)
        assert resp.status_code == 200, resp.text
        return resp.json()["requests"]

    def request_view(self, auth_req_id: str) -> dict:
        matches = [r for r in self.listed() if r["auth_req_id"] == auth_req_id]
        assert len(matches) == 1, f"{auth_req_id} not listed once"
        return matches[0]

    def claims(self, token: str, audience: str) -> dict:
        key = jwt.PyJWKClient(self.fake.base_url + "/.well-known/jwks.json", cache_keys=False)
        return jwt.decode(token, key.get_signing_key_from_jwt(token).key, algorithms=["RS256"], audience=audience,
                          issuer=self.fake.issuer, leeway=LEEWAY)


def oauth_error(resp: requests.Response, code: str, status: int = 400) -> dict:
    body = resp.json()
    assert (resp.status_code, body.get("error")) == (status, code), f"{resp.status_code} {resp.text}"
    assert body.get("error_description"), "error_description should explain the error"
    return body


def invalid_grant(resp: requests.Response) -> None:
    """invalid_grant: RFC 6749 says 400, Auth0 (and this fake) answers 403; either is accepted."""
    assert resp.status_code in (400, 403), f"{resp.status_code} {resp.text}"
    oauth_error(resp, "invalid_grant", status=resp.status_code)


def tokens(resp: requests.Response) -> dict:
    assert resp.status_code == 200, f"expected tokens, got {resp.status_code} {resp.text}"
    body = resp.json()
    assert body["token_type"] == "Bearer"
    assert isinstance(body["expires_in"], int) and body["expires_in"] > 0
    assert body["access_token"] and body["id_token"]
    return body


@contextmanager
def ciba_tenants(tmp_path: Path):
    """Yields start(scenario_path, frozen=True) -> CibaTenant: a fake on that scenario, its clock
    frozen unless asked otherwise. Every fake started is stopped on exit."""
    procs = []

    def start(scenario: Path, frozen: bool = True) -> CibaTenant:
        work = tmp_path / f"fake-{len(procs)}"
        work.mkdir()
        proc, fake = start_fake(work, str(scenario))  # an absolute path is used as it is
        procs.append(proc)
        tenant = CibaTenant(fake)
        if frozen:
            resp = tenant.admin("POST", "/clock/freeze")
            assert resp.status_code == 200 and resp.json()["frozen"] is True, resp.text
        return tenant

    try:
        yield start
    finally:
        for proc in procs:
            _stop(proc)
