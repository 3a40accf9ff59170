"""Injected faults against the real clients' retry and error paths: google-api-python-client's
`num_retries` rides out Gmail 503s and a 429, slack_sdk's RateLimitErrorRetryHandler waits for the
Retry-After of a `ratelimited` answer, and auth0-python raises RateLimitError with the reset time of an
Auth0 429 at /oauth/token. Faults are added through the control API, as a test harness would."""

import pytest
import requests
import slack_sdk.http_retry.builtin_handlers as slack_handlers
from auth0.authentication import GetToken
from auth0.exceptions import RateLimitError
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from conftest import _stop, start_fake

CLIENT = ("demo-web", "demo-web-secret")
REFRESH_TOKEN = "demo-alice-refresh-token"
TIMEOUT = 10


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    proc, handle = start_fake(tmp_path_factory.mktemp("fake-auth0-faults"))
    try:
        yield handle
    finally:
        _stop(proc)


@pytest.fixture(autouse=True)
def no_faults(fake):
    yield
    assert requests.delete(fake.base_url + "/__admin/faults", timeout=TIMEOUT).status_code == 204


def add_fault(fake, fault: dict) -> dict:
    resp = requests.post(fake.base_url + "/__admin/faults", json=fault, timeout=TIMEOUT)
    assert resp.status_code == 201, resp.text
    return resp.json()


def fault(fake, fault_id: str) -> dict:
    faults = requests.get(fake.base_url + "/__admin/faults", timeout=TIMEOUT).json()["faults"]
    return next(f for f in faults if f["id"] == fault_id)


def vault_token(fake, connection: str) -> str:
    get_token = GetToken(fake.domain, CLIENT[0], client_secret=CLIENT[1], protocol="http")
    return get_token.access_token_for_connection(
        subject_token_type="urn:ietf:params:oauth:token-type:refresh_token",
        subject_token=REFRESH_TOKEN,
        requested_token_type="http://auth0.com/oauth/token-type/federated-connection-access-token",
        connection=connection,
    )["access_token"]


def test_google_client_num_retries_recovers_from_503_twice_and_a_429(fake):
    service = build("gmail", "v1", credentials=Credentials(vault_token(fake, "google-oauth2")),
                    static_discovery=True, cache_discovery=False,
                    client_options={"api_endpoint": fake.base_url + "/google/"})
    add_fault(fake, {"id": "gmail-503", "match": {"endpoint": "provider:google"}, "effect": {"status": 503},
                     "times": 2})
    request = service.users().messages().list(userId="me", maxResults=3)
    sleeps = []
    request._sleep = sleeps.append  # the client's backoff, recorded instead of slept
    listed = request.execute(num_retries=3)
    assert listed["messages"]
    assert len(sleeps) == 2
    assert fault(fake, "gmail-503")["injected"] == 2

    add_fault(fake, {"id": "gmail-429", "match": {"path": "/google/gmail/*"}, "effect": {"status": 429},
                     "times": 1})
    request = service.users().getProfile(userId="me")
    request._sleep = sleeps.append
    assert request.execute(num_retries=1)["emailAddress"]
    assert fault(fake, "gmail-429")["injected"] == 1


def test_google_client_without_retries_sees_the_backend_error(fake):
    from googleapiclient.errors import HttpError

    service = build("gmail", "v1", credentials=Credentials(vault_token(fake, "google-oauth2")),
                    static_discovery=True, cache_discovery=False,
                    client_options={"api_endpoint": fake.base_url + "/google/"})
    add_fault(fake, {"match": {"endpoint": "provider:google"}, "effect": {"status": 503}, "times": 1})
    with pytest.raises(HttpError) as raised:
        service.users().messages().list(userId="me").execute()
    assert raised.value.status_code == 503
    assert raised.value.error_details[0]["reason"] == "backendError"


def test_slack_sdk_rate_limit_handler_honours_retry_after(fake, monkeypatch):
    waited = []
    monkeypatch.setattr(slack_handlers.time, "sleep", waited.append)
    client = WebClient(token=vault_token(fake, "sign-in-with-slack"), base_url=fake.base_url + "/slack/api/")
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    add_fault(fake, {"id": "slack-rl", "match": {"endpoint": "provider:slack"},
                     "effect": {"status": 429, "retry_after": 2}, "times": 1})
    response = client.conversations_list(limit=2)
    assert response["ok"] is True and response["channels"]
    assert len(waited) == 1 and 2 <= waited[0] < 3  # Retry-After plus the handler's jitter
    assert fault(fake, "slack-rl")["injected"] == 1


def test_auth0_python_raises_rate_limit_error_with_the_reset_time(fake):
    now = requests.get(fake.base_url + "/__admin/clock", timeout=TIMEOUT).json()["now"]
    add_fault(fake, {"id": "token-429", "match": {"endpoint": "token", "grant_type": "client_credentials"},
                     "effect": {"status": 429, "retry_after": 30}, "times": 1})
    get_token = GetToken(fake.domain, "demo-m2m", client_secret="demo-m2m-secret", protocol="http")
    with pytest.raises(RateLimitError) as raised:
        get_token.client_credentials("https://api.example.com/")
    assert raised.value.error_code == "too_many_requests"
    assert now + 30 <= raised.value.reset_at <= now + 32
    assert get_token.client_credentials("https://api.example.com/")["access_token"]
