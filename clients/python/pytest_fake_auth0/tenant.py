"""A running fake-auth0 tenant as a test sees it: its URLs and issuer, the exports an app needs, and
typed helpers over its control API (`/__admin/…`)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from .errors import FakeAuth0Error
from .journal import journal_query, wait_for_event

TIMEOUT_S = 30


def scenario_request(scenario) -> tuple[bytes, str, dict[str, str]]:
    """(body, content type, query) for sending a scenario to the control API.

    A `str` or path names a YAML/JSON file (its fixture paths stay relative to it); a mapping is the
    scenario itself; `bytes` are scenario text."""
    if isinstance(scenario, Mapping):
        return json.dumps(scenario).encode(), "application/json", {}
    if isinstance(scenario, (bytes, bytearray)):
        return bytes(scenario), "application/yaml", {}
    path = Path(scenario).expanduser().resolve()
    return path.read_bytes(), "application/yaml", {"file": str(path)}


def request_json(method: str, url: str, body: Any = None, *, raw: bytes | None = None,
                 content_type: str = "application/json", timeout: float = TIMEOUT_S) -> Any:
    """One HTTP call answering JSON (or nothing); an error answer raises `FakeAuth0Error`."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    headers = {"Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            payload = resp.read()
    except urllib.error.HTTPError as error:
        payload = error.read()
        try:
            parsed = json.loads(payload)
        except ValueError:
            parsed = {}
        if not isinstance(parsed, dict):
            parsed = {}
        raise FakeAuth0Error(error.code, parsed.get("error", "http_error"),
                             parsed.get("error_description", payload.decode(errors="replace")[:500]),
                             parsed) from None
    return json.loads(payload) if payload else None


def _query(**params) -> str:
    present = {k: v for k, v in params.items() if v is not None}
    return "?" + urllib.parse.urlencode(present) if present else ""


@dataclass
class Tenant:
    """One tenant of a running fake (the process's own, or one made by `POST /__admin/tenants`).

    The control API is reached through `url` (plain HTTP); the SDK under test may use either listener."""

    url: str  # http://127.0.0.1:PORT
    domain: str  # what an SDK is given as its Auth0 domain (host:port of the HTTP listener)
    issuer: str  # https://{domain}/, the `iss` of tokens minted through `url`
    port: int
    https_url: str | None = None  # https://127.0.0.1:PORT2, under the fake's local CA
    https_port: int | None = None
    ca_file: str | None = None  # the CA certificate to trust for `https_url`
    id: str | None = None  # the tenant id (None for the process's own tenant)
    info: dict = field(default_factory=dict, repr=False)  # everything the fake reported

    @classmethod
    def from_info(cls, info: Mapping[str, Any]) -> "Tenant":
        """From a ready file or a `POST /__admin/tenants` answer."""
        return cls(url=info["http_url"].rstrip("/"), domain=info["domain"], issuer=info["issuer"],
                   port=int(info["port"]), https_url=(info.get("https_url") or "").rstrip("/") or None,
                   https_port=info.get("https_port"), ca_file=info.get("ca_file"), id=info.get("id"),
                   info=dict(info))

    # --- addresses -----------------------------------------------------------------------------------

    def url_for(self, path: str) -> str:
        """`url + path`, e.g. `url_for("/oauth/token")`."""
        return self.url + path

    @property
    def https_domain(self) -> str | None:
        """host:port of the HTTPS listener, for SDKs that insist on https://{domain} (its issuer is
        https://{https_domain}/ unless the scenario fixes `tenant.domain`)."""
        return None if self.https_port is None else f"127.0.0.1:{self.https_port}"

    @property
    def jwks_url(self) -> str:
        return self.url + "/.well-known/jwks.json"

    def env(self, client: str | None = None) -> dict[str, str]:
        """The variables `fake-auth0 env` exports for this tenant: AUTH0_DOMAIN, AUTH0_ISSUER_BASE_URL,
        AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_AUDIENCE and the CA variables (SSL_CERT_FILE,
        REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, HTTPLIB2_CA_CERTS, CURL_CA_BUNDLE). `client` picks the
        client (default: the first regular_web one)."""
        return self.admin("GET", "/env" + _query(client=client))["variables"]

    # --- the control API -------------------------------------------------------------------------------

    def admin(self, method: str, path: str, body: Any = None, **kwargs) -> Any:
        """A raw control-API call: `admin("GET", "/clock")`."""
        return request_json(method, self.url + "/__admin" + path, body, **kwargs)

    def reset(self) -> None:
        """Back to the scenario's initial state (keys and the CA are kept)."""
        self.admin("POST", "/reset")

    def load_scenario(self, scenario) -> None:
        """Swap in another scenario (a file path, a mapping, or bytes of YAML/JSON); a bad one raises
        `FakeAuth0Error` (`.problems` lists `file:path: reason`) and the old one keeps serving."""
        raw, content_type, query = scenario_request(scenario)
        self.admin("PUT", "/scenario" + _query(**query), raw=raw, content_type=content_type)

    # clock
    def clock(self) -> dict:
        """`{"now": epoch seconds, "iso": …, "frozen": bool}`."""
        return self.admin("GET", "/clock")

    def advance_clock(self, seconds: int) -> dict:
        """Move the tenant clock forward (expiry, `slow_down`, timed CIBA decisions)."""
        return self.admin("POST", "/clock/advance", {"seconds": int(seconds)})

    def freeze_clock(self) -> dict:
        return self.admin("POST", "/clock/freeze")

    def resume_clock(self) -> dict:
        return self.admin("POST", "/clock/resume")

    # CIBA
    def ciba_requests(self, user: str | None = None, status: str | None = None) -> list[dict]:
        """Back-channel requests, newest first (`status`: pending, approved, denied, redeemed, expired)."""
        return self.admin("GET", "/ciba/requests" + _query(user=user, status=status))["requests"]

    def ciba_request(self, auth_req_id: str) -> dict:
        return self.admin("GET", f"/ciba/requests/{urllib.parse.quote(auth_req_id, safe='')}")

    def approve(self, auth_req_id: str, *, scope: str | None = None, acr: str | None = None) -> dict:
        """Approve a pending request now; the next poll gets tokens."""
        body = {k: v for k, v in {"scope": scope, "acr": acr}.items() if v is not None}
        return self.admin("POST", f"/ciba/requests/{urllib.parse.quote(auth_req_id, safe='')}/approve", body)

    def deny(self, auth_req_id: str) -> dict:
        """Deny a pending request now; the next poll gets `access_denied`."""
        return self.admin("POST", f"/ciba/requests/{urllib.parse.quote(auth_req_id, safe='')}/deny")

    def decide_next(self, decision: str | Mapping[str, Any], **match) -> None:
        """The next request that fits `match` (user, client, binding_message, scope, audience,
        authorization_details) gets `decision` (e.g. "approve", {"approve_after": {"polls": 2}})."""
        self.admin("POST", "/ciba/next", {"decision": decision, "match": match})

    def approve_next(self, user: str | None = None, **match) -> None:
        """The next request (of `user`, fitting `match`) is approved at its first poll."""
        self.decide_next("approve", **({"user": user} if user else {}), **match)

    def deny_next(self, user: str | None = None, **match) -> None:
        """The next request (of `user`, fitting `match`) is denied."""
        self.decide_next("deny", **({"user": user} if user else {}), **match)

    # Token Vault
    def vault_accounts(self, user: str | None = None, connection: str | None = None) -> list[dict]:
        """Connected accounts in the Token Vault."""
        return self.admin("GET", "/vault/accounts" + _query(user=user, connection=connection))["accounts"]

    def link_account(self, user: str, connection: str, scopes: list[str] | str = (), **extra) -> dict:
        """Connect `user` to `connection` with `scopes` (extra: expires_in, refresh_token, login_hint,
        user_id, access_token). Returns the account."""
        scope_list = scopes.split() if isinstance(scopes, str) else list(scopes)
        return self.admin("POST", "/vault/accounts",
                          {"user": user, "connection": connection, "scopes": scope_list, **extra})

    def _account_id(self, account: str | Mapping[str, Any], connection: str | None) -> str:
        if isinstance(account, Mapping):
            return account["id"]
        if connection is None:
            return account
        found = self.vault_accounts(user=account, connection=connection)
        if not found:
            raise FakeAuth0Error(404, "not_found", f"{account} has no {connection} account")
        return found[0]["id"]

    def revoke_account(self, account: str | Mapping[str, Any], connection: str | None = None) -> dict:
        """Revoke an account upstream (by id, account dict, or user + connection): the next exchange fails."""
        return self.admin("POST", f"/vault/accounts/{self._account_id(account, connection)}/revoke")

    def unlink_account(self, account: str | Mapping[str, Any], connection: str | None = None) -> None:
        """Remove an account: the next exchange gets `federated_connection_refresh_token_not_found`."""
        self.admin("DELETE", f"/vault/accounts/{self._account_id(account, connection)}")

    def expire_account(self, account: str | Mapping[str, Any], connection: str | None = None) -> dict:
        """Expire the account's upstream access token: the next exchange refreshes it."""
        return self.admin("POST", f"/vault/accounts/{self._account_id(account, connection)}/expire")

    # provider writes
    def sent_mail(self, user: str | None = None) -> list[dict]:
        """Mail sent through the stub Gmail API, oldest first."""
        return self.admin("GET", "/providers/google/sent" + _query(user=user))["messages"]

    def drafts(self, user: str | None = None) -> list[dict]:
        return self.admin("GET", "/providers/google/drafts" + _query(user=user))["drafts"]

    def calendar_events(self, user: str | None = None) -> list[dict]:
        """Calendar events created, updated or deleted through the stub Calendar API."""
        return self.admin("GET", "/providers/google/events" + _query(user=user))["events"]

    def slack_messages(self, user: str | None = None, channel: str | None = None) -> list[dict]:
        return self.admin("GET", "/providers/slack/messages" + _query(user=user, channel=channel))["messages"]

    def github_issues(self, user: str | None = None) -> list[dict]:
        return self.admin("GET", "/providers/github/issues" + _query(user=user))["issues"]

    def api_calls(self, user: str | None = None) -> list[dict]:
        """Accepted calls to the scenario's protected_apis."""
        return self.admin("GET", "/providers/api/calls" + _query(user=user))["calls"]

    def clear_provider_writes(self) -> None:
        self.admin("DELETE", "/providers")

    # the journal
    def journal(self, event: str | None = None, *, client: str | None = None, user: str | None = None,
                since: int | None = None, limit: int | None = None) -> list[dict]:
        """Journal entries, oldest first, with the journal API's filters: `event` (a name or a pattern
        with `*`: "ciba.*", "*.refused"), `client`, `user`, `since` (entries after that `seq`), `limit`."""
        return self.admin("GET", "/journal" + journal_query(event, client, user, since, limit))["entries"]

    def journal_seq(self) -> int:
        """The `seq` of the newest entry so far (0 before the first): pass it as `since` to wait only
        for what happens next."""
        return self.admin("GET", "/journal?limit=1")["last_seq"]

    def clear_journal(self) -> None:
        """Forget the kept entries (sequence numbers go on)."""
        self.admin("DELETE", "/journal")

    def expect_event(self, event: str | None = None, *, client: str | None = None, user: str | None = None,
                     since: int | None = 0, details: Mapping[str, Any] | None = None,
                     where: Callable[[dict], bool] | None = None, timeout: float = 10.0) -> dict:
        """The first journal entry fitting the filters (as `journal`), with these `details` fields
        (`{"result": "slow_down"}`) and passing `where(entry)`, waiting for it on the event stream for at
        most `timeout` seconds, then raising `EventTimeout` (an AssertionError that names what did
        happen). The kept entries after `since` count too (default 0: all of them); pass
        `since=journal_seq()` taken before acting to wait only for later ones, or `since=None`."""
        return wait_for_event(self.url, event=event, client=client, user=user, since=since, details=details,
                              where=where, timeout=timeout)
