"""Salesforce, Microsoft Graph and a declared stub API against real clients, with upstream tokens from
the fake's Token Vault exchange: simple-salesforce (SOQL queries, paging, sObject reads and writes,
a malformed query), msgraph-sdk pointed at the fake's Graph prefix (messages, sendMail, a foreign
token's 401) and `requests` on a declared Spotify-like API."""

import asyncio

import pytest
import requests
from auth0.authentication import GetToken
from kiota_abstractions.authentication import (AccessTokenProvider, AllowedHostsValidator,
                                               BaseBearerTokenAuthenticationProvider)
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.email_address import EmailAddress
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.message import Message
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.recipient import Recipient
from msgraph.generated.users.item.messages.messages_request_builder import MessagesRequestBuilder
from msgraph.generated.users.item.send_mail.send_mail_post_request_body import SendMailPostRequestBody
from simple_salesforce import Salesforce, SalesforceMalformedRequest, SalesforceExpiredSession
from simple_salesforce.exceptions import SalesforceResourceNotFound

from conftest import _stop, start_fake

CLIENT = ("agent-app", "agent-secret")
REFRESH_TOKEN = "alice-refresh-token"
TIMEOUT = 10


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    proc, handle = start_fake(tmp_path_factory.mktemp("fake-auth0-upstreams"), scenario="upstreams.yaml")
    try:
        yield handle
    finally:
        _stop(proc)


def exchange(fake, connection: str) -> dict:
    """auth0-python's Token Vault exchange of Alice's refresh token for `connection`."""
    get_token = GetToken(fake.domain, CLIENT[0], client_secret=CLIENT[1], protocol="http")
    return get_token.access_token_for_connection(
        subject_token_type="urn:ietf:params:oauth:token-type:refresh_token",
        subject_token=REFRESH_TOKEN,
        requested_token_type="http://auth0.com/oauth/token-type/federated-connection-access-token",
        connection=connection,
    )


def salesforce(fake, token: str | None = None) -> Salesforce:
    """simple-salesforce on the fake's HTTPS listener (it keeps only host and port of instance_url)."""
    session = requests.Session()
    session.trust_env = False  # a CA bundle from the environment would override the session's
    session.verify = fake.ca_file
    return Salesforce(instance_url=fake.https_url, session_id=token or exchange(fake, "sfdc")["access_token"],
                      session=session)


# Salesforce ----------------------------------------------------------------------------------------

def test_vault_answer_names_the_instance(fake):
    answer = exchange(fake, "sfdc")
    assert answer["instance_url"] == "https://fake-org.my.salesforce.com"
    assert answer["scope"] == "api refresh_token openid"
    assert answer["access_token"].startswith("00D")


def test_soql_query_with_relationships_and_dates(fake):
    sf = salesforce(fake)
    result = sf.query("SELECT Id, Name, Amount, StageName, CloseDate, Account.Name FROM Opportunity "
                      "WHERE IsClosed = false AND CloseDate = NEXT_N_DAYS:31 ORDER BY Amount DESC NULLS LAST")
    assert result["done"] is True
    assert [r["Name"] for r in result["records"]] == ["Globex - Grid upgrade", "Acme Corp - Annual renewal"]
    first = result["records"][0]
    assert first["Account"]["Name"] == "Globex"
    assert first["attributes"]["type"] == "Opportunity"
    assert first["attributes"]["url"].startswith("/services/data/v59.0/sobjects/Opportunity/006")
    count = sf.query("SELECT COUNT() FROM Opportunity WHERE StageName LIKE 'Closed%'")
    assert count["totalSize"] == 2 and count["records"] == []


def test_query_pages_with_next_records_url(fake):
    sf = salesforce(fake)
    first = sf.query("SELECT Name FROM Opportunity ORDER BY CreatedDate", headers={"Sforce-Query-Options": "batchSize=4"})
    assert first["totalSize"] == 6 and first["done"] is False and len(first["records"]) == 4
    assert first["nextRecordsUrl"].startswith("/services/data/v59.0/query/")
    rest = sf.query_more(first["nextRecordsUrl"], identifier_is_url=True)
    assert rest["done"] is True and len(rest["records"]) == 2
    everything = sf.query_all("SELECT Id, Name FROM Opportunity", headers={"Sforce-Query-Options": "batchSize=2"})
    assert everything["totalSize"] == 6 and len(everything["records"]) == 6


def test_sobject_get_create_update_and_query_all(fake):
    sf = salesforce(fake)
    account = sf.query("SELECT Id FROM Account WHERE Name = 'Initech'")["records"][0]["Id"]
    created = sf.Opportunity.create({"Name": "Initech - Stapler refresh", "StageName": "Prospecting",
                                     "CloseDate": "2027-01-15", "Amount": 1800, "AccountId": account})
    assert created["success"] is True and created["errors"] == [] and created["id"].startswith("006")
    record = sf.Opportunity.get(created["id"])
    assert record["Name"] == "Initech - Stapler refresh" and record["Amount"] == 1800 and record["IsClosed"] is False
    assert sf.Opportunity.update(created["id"], {"StageName": "Closed Won"}) == 204
    updated = sf.query(f"SELECT StageName, IsWon, Account.Name FROM Opportunity WHERE Id = '{created['id']}'")
    assert updated["records"][0]["StageName"] == "Closed Won" and updated["records"][0]["IsWon"] is True
    assert updated["records"][0]["Account"]["Name"] == "Initech"
    assert sf.Opportunity.delete(created["id"]) == 204
    assert sf.query(f"SELECT COUNT() FROM Opportunity WHERE Id = '{created['id']}'")["totalSize"] == 0
    deleted = sf.query_all(f"SELECT Id, IsDeleted FROM Opportunity WHERE Id = '{created['id']}'", include_deleted=True)
    assert deleted["records"][0]["IsDeleted"] is True
    with pytest.raises(SalesforceResourceNotFound):
        sf.Opportunity.get("006000000000000AAA")
    described = sf.Opportunity.describe()
    assert {"Name", "Amount", "CloseDate", "StageName"} <= {f["name"] for f in described["fields"]}
    written = requests.get(fake.base_url + "/__admin/providers/salesforce/records", timeout=TIMEOUT).json()
    assert any(r["record"]["Id"] == created["id"] and r["record"]["IsDeleted"] for r in written["records"])


def test_errors_in_salesforce_shape(fake):
    sf = salesforce(fake)
    with pytest.raises(SalesforceMalformedRequest) as malformed:
        sf.query("SELECT Id FRM Opportunity")
    assert malformed.value.content[0]["errorCode"] == "MALFORMED_QUERY"
    with pytest.raises(SalesforceMalformedRequest) as field:
        sf.query("SELECT Id, Nope FROM Opportunity")
    assert field.value.content[0]["errorCode"] == "INVALID_FIELD"
    with pytest.raises(SalesforceMalformedRequest) as create:
        sf.Opportunity.create({"Name": "No stage"})
    assert create.value.content[0]["errorCode"] == "REQUIRED_FIELD_MISSING"
    google = exchange(fake, "google-oauth2")["access_token"]
    with pytest.raises(SalesforceExpiredSession) as expired:
        salesforce(fake, token=google).query("SELECT Id FROM Account")
    assert expired.value.content == [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]


# Microsoft Graph -----------------------------------------------------------------------------------

class VaultToken(AccessTokenProvider):
    """Hands the SDK the token the Token Vault gave, for any host."""

    def __init__(self, token: str):
        self.token = token

    async def get_authorization_token(self, uri, additional_authentication_context=None) -> str:
        return self.token

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return AllowedHostsValidator([])


def graph(fake, token: str) -> GraphServiceClient:
    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(VaultToken(token)))
    adapter.base_url = fake.base_url + "/microsoft/v1.0"
    return GraphServiceClient(request_adapter=adapter)


def test_graph_lists_messages_and_sends_mail(fake):
    client = graph(fake, exchange(fake, "windowslive")["access_token"])

    async def run():
        me = await client.me.get()
        assert me.mail == "alice@contoso.example" and me.display_name == "Alice Example"
        query = MessagesRequestBuilder.MessagesRequestBuilderGetQueryParameters(
            top=2, select=["subject", "from", "isRead", "receivedDateTime"], orderby=["receivedDateTime desc"],
            filter="parentFolderId eq 'inbox'")
        config = MessagesRequestBuilder.MessagesRequestBuilderGetRequestConfiguration(query_parameters=query)
        page = await client.me.messages.get(request_configuration=config)
        assert [m.subject for m in page.value] == ["Lunch on Thursday?", "Invoice INV-2291 due Friday"]
        assert page.odata_next_link is not None
        rest = await client.me.messages.with_url(page.odata_next_link).get()
        assert [m.subject for m in rest.value] == ["Benefits enrollment closes soon", "Q4 planning deck"]
        unread = await client.me.messages.get(request_configuration=MessagesRequestBuilder.MessagesRequestBuilderGetRequestConfiguration(
            query_parameters=MessagesRequestBuilder.MessagesRequestBuilderGetQueryParameters(filter="isRead eq false")))
        assert {m.subject for m in unread.value} == {"Invoice INV-2291 due Friday", "Benefits enrollment closes soon"}

        body = SendMailPostRequestBody(message=Message(
            subject="Re: Invoice INV-2291", body=ItemBody(content_type=BodyType.Text, content="Paid today."),
            to_recipients=[Recipient(email_address=EmailAddress(address="billing@contoso.example"))]))
        await client.me.send_mail.post(body)
        sent = await client.me.messages.get(request_configuration=MessagesRequestBuilder.MessagesRequestBuilderGetRequestConfiguration(
            query_parameters=MessagesRequestBuilder.MessagesRequestBuilderGetQueryParameters(
                filter="subject eq 'Re: Invoice INV-2291'")))
        assert len(sent.value) == 1 and sent.value[0].to_recipients[0].email_address.address == "billing@contoso.example"

    asyncio.run(run())
    recorded = requests.get(fake.base_url + "/__admin/providers/microsoft/messages", timeout=TIMEOUT).json()
    assert [m["message"]["subject"] for m in recorded["messages"]] == ["Re: Invoice INV-2291"]


def test_graph_refuses_a_google_token(fake):
    client = graph(fake, exchange(fake, "google-oauth2")["access_token"])

    async def run():
        with pytest.raises(ODataError) as refused:
            await client.me.messages.get()
        assert refused.value.response_status_code == 401
        assert refused.value.error.code == "InvalidAuthenticationToken"

    asyncio.run(run())


# A declared API ------------------------------------------------------------------------------------

def test_declared_api_through_the_vault(fake):
    token = exchange(fake, "spotify")["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    me = requests.get(fake.base_url + "/apis/spotify/v1/me", headers=headers, timeout=TIMEOUT)
    assert me.status_code == 200
    assert me.json() == {"id": "alice", "email": "alice@example.com", "display_name": "Alice Example", "product": "premium"}
    playlist = requests.get(fake.base_url + "/apis/spotify/v1/playlists/37i9dQZF1", headers=headers, timeout=TIMEOUT)
    assert playlist.json()["id"] == "37i9dQZF1" and playlist.json()["owner"]["display_name"] == "Alice Example"
    play = requests.put(fake.base_url + "/apis/spotify/v1/me/player/play", headers=headers, timeout=TIMEOUT)
    assert play.status_code == 403 and play.json() == {"error": {"status": 403, "message": "Insufficient client scope"}}
    foreign = exchange(fake, "google-oauth2")["access_token"]
    refused = requests.get(fake.base_url + "/apis/spotify/v1/me", headers={"Authorization": f"Bearer {foreign}"},
                           timeout=TIMEOUT)
    assert refused.status_code == 401 and refused.json()["error"]["status"] == 401
    https = requests.get(fake.https_url.rstrip("/") + "/v1/me", headers={**headers, "Host": "api.spotify.com"},
                         verify=fake.ca_file, timeout=TIMEOUT)
    assert https.json()["id"] == "alice"
    calls = requests.get(fake.base_url + "/__admin/providers/upstream/calls", timeout=TIMEOUT).json()["calls"]
    assert [c["path"] for c in calls if c["connection"] == "spotify"][:2] == ["/v1/me", "/v1/playlists/37i9dQZF1"]
