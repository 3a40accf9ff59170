"""The stub Google, GitHub and Slack APIs against the official Python clients, through the path-prefix
routes their base URL settings reach: google-api-python-client (Gmail list + get, Calendar events and
freeBusy), PyGithub (the user's repositories, paginated with Link headers) and slack_sdk (conversations
and posting). The provider tokens come from the fake's Token Vault exchange with the seeded refresh
token, as an agent gets them."""

import base64
from datetime import datetime, timedelta, timezone

import pytest
import requests
from auth0.authentication import GetToken
from github import Auth, BadCredentialsException, Github
from google.auth.exceptions import RefreshError
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from conftest import _stop, start_fake

CLIENT = ("demo-web", "demo-web-secret")
REFRESH_TOKEN = "demo-alice-refresh-token"
TIMEOUT = 10


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    proc, handle = start_fake(tmp_path_factory.mktemp("fake-auth0-providers"))
    try:
        yield handle
    finally:
        _stop(proc)


def vault_token(fake, connection: str) -> str:
    """The user's upstream token for `connection`, by auth0-python's Token Vault exchange."""
    get_token = GetToken(fake.domain, CLIENT[0], client_secret=CLIENT[1], protocol="http")
    response = get_token.access_token_for_connection(
        subject_token_type="urn:ietf:params:oauth:token-type:refresh_token",
        subject_token=REFRESH_TOKEN,
        requested_token_type="http://auth0.com/oauth/token-type/federated-connection-access-token",
        connection=connection,
    )
    return response["access_token"]


def gmail(fake, token: str):
    return build("gmail", "v1", credentials=Credentials(token), static_discovery=True, cache_discovery=False,
                 client_options={"api_endpoint": fake.base_url + "/google/"})


def calendar(fake, token: str):
    return build("calendar", "v3", credentials=Credentials(token), static_discovery=True, cache_discovery=False,
                 client_options={"api_endpoint": fake.base_url + "/google/calendar/v3/"})


def test_gmail_search_and_read(fake):
    service = gmail(fake, vault_token(fake, "google-oauth2"))
    found = service.users().messages().list(userId="me", q="invoice from:billing", maxResults=5).execute()
    assert found["resultSizeEstimate"] == 1
    message_id = found["messages"][0]["id"]
    message = service.users().messages().get(userId="me", id=message_id, format="full").execute()
    headers = {h["name"]: h["value"] for h in message["payload"]["headers"]}
    assert headers["Subject"] == "Invoice #1042 for November"
    assert headers["From"] == "Acme Billing <billing@acme.example>"
    text_part = next(p for p in message["payload"]["parts"] if p["mimeType"] == "text/plain")
    text = base64.urlsafe_b64decode(text_part["body"]["data"].encode("ascii")).decode()
    assert "Amount due: 249.00 EUR" in text
    profile = service.users().getProfile(userId="me").execute()
    assert profile["emailAddress"] == "alice@gmail.example"


def test_gmail_pages_to_the_end(fake):
    service = gmail(fake, vault_token(fake, "google-oauth2"))
    messages = service.users().messages()
    request = messages.list(userId="me", maxResults=3)
    ids = []
    while request is not None:
        page = request.execute()
        ids += [m["id"] for m in page.get("messages", [])]
        request = messages.list_next(request, page)
    assert len(ids) == len(set(ids)) == 7


def test_gmail_refuses_a_foreign_token(fake):
    github_token = vault_token(fake, "github")
    # google-auth answers a 401 by refreshing, which a bare access token cannot do
    with pytest.raises(RefreshError):
        gmail(fake, github_token).users().messages().list(userId="me").execute()
    answer = requests.get(fake.base_url + "/google/gmail/v1/users/me/messages",
                          headers={"Authorization": f"Bearer {github_token}"}, timeout=TIMEOUT)
    assert answer.status_code == 401
    assert answer.json()["error"]["status"] == "UNAUTHENTICATED"
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="https://accounts.google.com/", error="invalid_token"'


def test_calendar_events_and_freebusy(fake):
    service = calendar(fake, vault_token(fake, "google-oauth2"))
    clock = requests.get(fake.base_url + "/__admin/clock", timeout=TIMEOUT).json()
    today = datetime.fromtimestamp(clock["now"], tz=timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = today + timedelta(days=1)
    events = service.events().list(
        calendarId="primary", timeMin=tomorrow.isoformat(), timeMax=(tomorrow + timedelta(days=1)).isoformat(),
        singleEvents=True, orderBy="startTime", maxResults=50,
    ).execute().get("items", [])
    assert [e["summary"] for e in events][:2] == ["Team stand-up", "Lunch with Bob"]
    assert events[0]["start"].get("dateTime", events[0]["start"].get("date")).endswith("T09:00:00Z")

    noon = tomorrow + timedelta(hours=12)
    answer = service.freebusy().query(body={
        "timeMin": noon.isoformat(), "timeMax": (noon + timedelta(hours=1)).isoformat(), "timeZone": "UTC",
        "items": [{"id": "primary"}],
    }).execute()
    busy = answer["calendars"]["primary"].get("busy", [])
    assert busy == [{"start": (noon + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "end": (noon + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}]


def test_pygithub_lists_the_users_repositories(fake):
    client = Github(auth=Auth.Token(vault_token(fake, "github")), base_url=fake.base_url + "/github", per_page=2)
    user = client.get_user()
    names = [repo.name for repo in user.get_repos()]
    assert names == ["agent-platform", "website", "agent-demo", "dotfiles", "private-notes", "tax-scripts", "awesome-agents"]
    assert user.login == "alice-example"
    repo = client.get_repo("alice-example/agent-demo")
    assert [issue.number for issue in repo.get_issues()] == [2, 1]
    client.close()


def test_pygithub_bad_credentials(fake):
    client = Github(auth=Auth.Token("gho_not-from-the-vault"), base_url=fake.base_url + "/github", retry=None)
    with pytest.raises(BadCredentialsException):
        client.get_user().login
    client.close()


def test_slack_sdk_conversations_and_posting(fake):
    client = WebClient(token=vault_token(fake, "sign-in-with-slack"), base_url=fake.base_url + "/slack/api/")
    assert client.auth_test()["user_id"] == "U0ALICE001"
    listed = client.conversations_list(exclude_archived=True, types="public_channel,private_channel", limit=10)
    assert [c["name"] for c in listed["channels"]] == ["general", "random", "engineering", "leads"]
    pages = [page["channels"] for page in client.conversations_list(limit=2)]
    assert [len(p) for p in pages] == [2, 2]
    posted = client.chat_postMessage(channel="#general", text="Hello from the agent")
    assert posted["ok"] and posted["channel"] == "C0GENERAL1"
    history = client.conversations_history(channel="C0GENERAL1", limit=1)
    assert history["messages"][0]["text"] == "Hello from the agent"
    recorded = requests.get(fake.base_url + "/__admin/providers/slack/messages", timeout=TIMEOUT).json()["messages"]
    assert [(m["channel_name"], m["text"]) for m in recorded] == [("general", "Hello from the agent")]


def test_slack_sdk_raises_on_a_bad_token(fake):
    client = WebClient(token="xoxp-not-from-the-vault", base_url=fake.base_url + "/slack/api/")
    with pytest.raises(SlackApiError) as raised:
        client.conversations_list()
    assert raised.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as raised:
        WebClient(base_url=fake.base_url + "/slack/api/").conversations_list()
    assert raised.value.response["error"] == "not_authed"
