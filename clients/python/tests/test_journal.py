"""The plugin's journal helpers: `journal(...)` with the API's filters, `expect_event(...)` on the stream."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from auth0.authentication import GetToken
from auth0.authentication.back_channel_login import BackChannelLogin
from auth0.exceptions import Auth0Error

from pytest_fake_auth0 import EventTimeout, FakeAuth0Error
from support import ALICE, API, M2M, WEB


def test_journal_filters_like_the_api(fake_auth0):
    GetToken(fake_auth0.domain, M2M[0], client_secret=M2M[1], protocol="http").client_credentials(API)
    with pytest.raises(Auth0Error):
        GetToken(fake_auth0.domain, M2M[0], client_secret="wrong", protocol="http").client_credentials(API)

    issued, refused = fake_auth0.journal("token.*", client=M2M[0])
    assert (issued["event"], refused["event"]) == ("token.issued", "token.refused")
    assert issued["details"]["audience"] == API and issued["details"]["access_token"].startswith("sha256:")
    assert refused["details"]["error"] == "invalid_client"
    assert [e["seq"] for e in fake_auth0.journal("*.refused", since=issued["seq"])] == [refused["seq"]]
    assert len(fake_auth0.journal(limit=1)) == 1
    assert fake_auth0.journal_seq() >= refused["seq"]
    assert M2M[1] not in json.dumps(fake_auth0.journal()), "no client secret in the journal"
    with pytest.raises(FakeAuth0Error) as error:
        fake_auth0.journal(limit=0)
    assert error.value.status == 400 and error.value.error == "invalid_request"
    fake_auth0.clear_journal()
    assert [e["event"] for e in fake_auth0.journal()] == ["admin.journal.cleared"]


def test_expect_event_waits_for_what_happens_next(fake_auth0):
    seq = fake_auth0.journal_seq()
    login = BackChannelLogin(fake_auth0.domain, WEB[0], client_secret=WEB[1], protocol="http")
    auth_req_id = login.back_channel_login(
        binding_message="Plugin journal test", scope="openid",
        login_hint=json.dumps({"format": "iss_sub", "iss": fake_auth0.issuer, "sub": ALICE}))["auth_req_id"]
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(fake_auth0.expect_event, "ciba.approved", user=ALICE, since=seq,
                              details={"auth_req_id": auth_req_id})
        fake_auth0.approve(auth_req_id)
        approved = waiting.result()
    assert approved["details"]["decided_by"] == "control"
    assert approved["path"] == f"/__admin/ciba/requests/{auth_req_id}/approve"
    requested = fake_auth0.expect_event("ciba.requested", since=seq, where=lambda e: e["seq"] < approved["seq"])
    assert requested["details"]["binding_message"] == "Plugin journal test"


def test_expect_event_gives_up_after_its_timeout_and_names_what_happened(fake_auth0):
    seq = fake_auth0.journal_seq()
    fake_auth0.advance_clock(1)
    with pytest.raises(EventTimeout) as error:
        fake_auth0.expect_event("admin.clock.advanced", since=seq, details={"seconds": 2}, timeout=0.3)
    assert "no journal entry with event='admin.clock.advanced'" in str(error.value)
    assert [e["details"]["seconds"] for e in error.value.seen] == [1]
    with pytest.raises(EventTimeout):
        fake_auth0.expect_event("gmail.message.sent", timeout=0.2)
    with pytest.raises(ValueError):
        fake_auth0.expect_event("x", timeout=0)
