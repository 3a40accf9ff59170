"""The OpenFGA-compatible API (under /fga) with the real clients of the Auth0 for AI Agents docs:
openfga-sdk authenticating with the tenant's client_credentials grant, auth0-ai-langchain's
FGARetriever filtering documents per user, and auth0-ai's FGA tool authorizer.

The scenario is the example scenarios/fga-rag.yaml (the docs' RAG sample). Tests that take `tenant`
run over plain HTTP and over HTTPS (trusting the fake's CA through SSL_CERT_FILE)."""

import asyncio

import pytest
import requests
from auth0_ai.authorizers.fga_authorizer import FGAAuthorizer
from auth0_ai_langchain import FGARetriever
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from openfga_sdk import ClientConfiguration
from openfga_sdk.client.models import (
    ClientBatchCheckItem,
    ClientBatchCheckRequest,
    ClientCheckRequest,
    ClientListObjectsRequest,
    ClientReadChangesRequest,
    ClientTuple,
    ClientWriteRequest,
)
from openfga_sdk.credentials import CredentialConfiguration, Credentials
from openfga_sdk.exceptions import ValidationException
from openfga_sdk.models.create_store_request import CreateStoreRequest
from openfga_sdk.models.read_request_tuple_key import ReadRequestTupleKey
from openfga_sdk.sync import OpenFgaClient

from conftest import REPO_ROOT

SCENARIO = REPO_ROOT / "scenarios" / "fga-rag.yaml"
STORE_ID = "01JFGA0RAG0STREE0000000001"
MODEL_ID = "01JFGA0RAG0MDE10000000000A"
AUDIENCE = "https://api.fga.example/"
CLIENT = ("rag-fga-client", "rag-fga-secret")
DOCS = ["public-handbook", "private-roadmap", "unknown-notes"]


def credentials(endpoint, secret: str = CLIENT[1]) -> Credentials:
    return Credentials(
        method="client_credentials",
        configuration=CredentialConfiguration(
            api_issuer=endpoint.base_url, api_audience=AUDIENCE, client_id=CLIENT[0], client_secret=secret
        ),
    )


def configuration(endpoint, **overrides) -> ClientConfiguration:
    settings = dict(
        api_url=endpoint.url("/fga"), store_id=STORE_ID, authorization_model_id=MODEL_ID,
        credentials=credentials(endpoint),
    )
    settings.update(overrides)
    return ClientConfiguration(**settings)


def test_sdk_write_read_check_batch_check_and_list_objects(tenant):
    endpoint = tenant(SCENARIO)
    with OpenFgaClient(configuration(endpoint)) as fga:
        model = fga.read_authorization_model()
        assert model.authorization_model.id == MODEL_ID
        assert [t.type for t in model.authorization_model.type_definitions] == ["user", "doc"]
        assert fga.read_latest_authorization_model().authorization_model.id == MODEL_ID

        fga.write(ClientWriteRequest(writes=[ClientTuple(user="user:bob", relation="viewer", object="doc:meeting-notes")]))
        read = fga.read(ReadRequestTupleKey(user="user:bob", relation="viewer", object="doc:meeting-notes"))
        assert [(t.key.user, t.key.relation, t.key.object) for t in read.tuples] == [
            ("user:bob", "viewer", "doc:meeting-notes")
        ]
        assert read.tuples[0].timestamp is not None

        assert fga.check(ClientCheckRequest(user="user:bob", relation="viewer", object="doc:meeting-notes")).allowed
        assert fga.check(ClientCheckRequest(user="user:bob", relation="viewer", object="doc:public-handbook")).allowed
        assert not fga.check(ClientCheckRequest(user="user:bob", relation="viewer", object="doc:private-roadmap")).allowed
        contextual = fga.check(
            ClientCheckRequest(
                user="user:carol", relation="owner", object="doc:draft",
                contextual_tuples=[ClientTuple(user="user:carol", relation="owner", object="doc:draft")],
            )
        )
        assert contextual.allowed

        batch = fga.batch_check(
            ClientBatchCheckRequest(
                checks=[
                    ClientBatchCheckItem(user="user:bob", relation="viewer", object=f"doc:{doc}", correlation_id=doc)
                    for doc in DOCS
                ]
            )
        )
        assert {r.correlation_id: r.allowed for r in batch.result} == {
            "public-handbook": True, "private-roadmap": False, "unknown-notes": False,
        }

        objects = fga.list_objects(ClientListObjectsRequest(user="user:alice", relation="viewer", type="doc"))
        assert sorted(objects.objects) == ["doc:private-roadmap", "doc:public-handbook"]

        with pytest.raises(ValidationException) as duplicate:
            fga.write(ClientWriteRequest(writes=[ClientTuple(user="user:bob", relation="viewer", object="doc:meeting-notes")]))
        assert "write_failed_due_to_invalid_input" in str(duplicate.value)
        assert "cannot write a tuple which already exists" in str(duplicate.value)

        with pytest.raises(ValidationException) as missing:
            fga.write(ClientWriteRequest(deletes=[ClientTuple(user="user:bob", relation="owner", object="doc:nope")]))
        assert "cannot delete a tuple which does not exist" in str(missing.value)

        fga.write(ClientWriteRequest(deletes=[ClientTuple(user="user:bob", relation="viewer", object="doc:meeting-notes")]))
        assert not fga.check(ClientCheckRequest(user="user:bob", relation="viewer", object="doc:meeting-notes")).allowed
        changes = fga.read_changes(ClientReadChangesRequest(type="doc"))
        assert [c.operation for c in changes.changes][-2:] == ["TUPLE_OPERATION_WRITE", "TUPLE_OPERATION_DELETE"]


def test_sdk_creates_a_store_and_writes_a_model_the_latest_becomes_the_default(tenant):
    endpoint = tenant(SCENARIO)
    with OpenFgaClient(configuration(endpoint, store_id=None, authorization_model_id=None)) as admin:
        store = admin.create_store(CreateStoreRequest(name="fresh-store"))
        assert store.id and store.name == "fresh-store"
        assert "fresh-store" in [s.name for s in admin.list_stores().stores]
    with OpenFgaClient(configuration(endpoint, store_id=store.id, authorization_model_id=None)) as fga:
        written = fga.write_authorization_model(
            {
                "schema_version": "1.1",
                "type_definitions": [
                    {"type": "user"},
                    {
                        "type": "folder",
                        "relations": {"viewer": {"this": {}}},
                        "metadata": {"relations": {"viewer": {"directly_related_user_types": [{"type": "user"}]}}},
                    },
                ],
            }
        )
        assert written.authorization_model_id
        assert fga.read_latest_authorization_model().authorization_model.id == written.authorization_model_id
        fga.write(ClientWriteRequest(writes=[ClientTuple(user="user:dan", relation="viewer", object="folder:x")]))
        assert fga.check(ClientCheckRequest(user="user:dan", relation="viewer", object="folder:x")).allowed
        with pytest.raises(ValidationException) as refused:
            fga.write(ClientWriteRequest(writes=[ClientTuple(user="folder:y", relation="viewer", object="folder:x")]))
        assert "is not an allowed type restriction for 'folder#viewer'" in str(refused.value)


def test_missing_or_foreign_credentials_get_fga_401s(tenant):
    endpoint = tenant(SCENARIO)
    check = endpoint.url(f"/fga/stores/{STORE_ID}/check")
    body = {"tuple_key": {"user": "user:bob", "relation": "viewer", "object": "doc:public-handbook"}}
    missing = requests.post(check, json=body, timeout=10)
    assert missing.status_code == 401
    assert missing.json() == {"code": "bearer_token_missing", "message": "missing bearer token"}
    foreign = requests.post(check, json=body, headers={"Authorization": "Bearer not-a-token"}, timeout=10)
    assert foreign.status_code == 401 and foreign.json()["code"] == "unauthenticated"
    unknown = requests.post(
        endpoint.url("/fga/stores/01JFGA0RAG0STREE0000000009/check"), json=body,
        headers={"Authorization": "Bearer not-a-token"}, timeout=10,
    )
    assert unknown.status_code == 401
    with pytest.raises(Exception):  # the SDK's token request fails: wrong client secret
        with OpenFgaClient(configuration(endpoint, credentials=credentials(endpoint, secret="wrong"))) as fga:
            fga.check(ClientCheckRequest(user="user:bob", relation="viewer", object="doc:public-handbook"))


def test_unknown_store_and_model_answer_openfga_errors(tenant):
    endpoint = tenant(SCENARIO)
    token = requests.post(
        endpoint.url("/oauth/token"),
        data={"grant_type": "client_credentials", "client_id": CLIENT[0], "client_secret": CLIENT[1], "audience": AUDIENCE},
        timeout=10,
    ).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    store = requests.get(endpoint.url("/fga/stores/01JFGA0RAG0STREE0000000009"), headers=auth, timeout=10)
    assert store.status_code == 404 and store.json()["code"] == "store_id_not_found"
    model = requests.get(
        endpoint.url(f"/fga/stores/{STORE_ID}/authorization-models/01JFGA0RAG0MDE10000000000B"), headers=auth, timeout=10
    )
    assert model.status_code == 400 and model.json()["code"] == "authorization_model_not_found"
    nowhere = requests.post(endpoint.url(f"/fga/stores/{STORE_ID}/nowhere"), json={}, headers=auth, timeout=10)
    assert nowhere.status_code == 404 and nowhere.json()["code"] == "undefined_endpoint"
    bad = requests.post(endpoint.url(f"/fga/stores/{STORE_ID}/check"), data="{", headers=auth, timeout=10)
    assert bad.status_code == 400 and bad.json()["code"] == "validation_error"


class _ListRetriever(BaseRetriever):
    """The vector store of the sample, reduced to returning every document."""

    documents: list[Document]

    def _get_relevant_documents(self, query, *, run_manager):
        return list(self.documents)

    async def _aget_relevant_documents(self, query, *, run_manager):
        return list(self.documents)


def test_fga_retriever_filters_documents_per_user(tenant):
    # The synchronous path: auth0-ai-langchain 1.0.1's async path keys a dict by Document, which is unhashable.
    endpoint = tenant(SCENARIO)
    documents = [Document(page_content=f"content of {doc}", metadata={"id": doc}, id=doc) for doc in DOCS]

    def retrieve(user: str) -> list[str]:
        retriever = FGARetriever(
            retriever=_ListRetriever(documents=documents),
            build_query=lambda doc: ClientBatchCheckItem(
                user=f"user:{user}", object=f"doc:{doc.metadata['id']}", relation="viewer"
            ),
            fga_configuration=configuration(endpoint),
        )
        return [doc.metadata["id"] for doc in retriever.invoke("what is in the roadmap?")]

    assert retrieve("alice") == ["public-handbook", "private-roadmap"]
    assert retrieve("bob") == ["public-handbook"]


def test_fga_tool_authorizer_allows_the_owner_and_refuses_another_user(tenant):
    endpoint = tenant(SCENARIO)
    fga = FGAAuthorizer.create(
        {
            "api_url": endpoint.url("/fga"),
            "store_id": STORE_ID,
            "authorization_model_id": MODEL_ID,
            "credentials": {
                "method": "client_credentials",
                "config": {
                    "api_issuer": endpoint.base_url, "api_audience": AUDIENCE,
                    "client_id": CLIENT[0], "client_secret": CLIENT[1],
                },
            },
        }
    )

    async def refuse(context):
        return f"{context['user']} may not delete {context['doc']}"

    @fga(
        build_query=lambda context: {"user": f"user:{context['user']}", "relation": "owner", "object": f"doc:{context['doc']}"},
        on_unauthorized=refuse,
    )
    async def delete_document(user: str, doc: str) -> str:
        return f"{doc} deleted by {user}"

    assert asyncio.run(delete_document(user="alice", doc="private-roadmap")) == "private-roadmap deleted by alice"
    assert asyncio.run(delete_document(user="bob", doc="private-roadmap")) == "bob may not delete private-roadmap"


def test_control_api_reads_and_writes_tuples(tenant):
    endpoint = tenant(SCENARIO)
    stores = endpoint.admin("GET", "/fga/stores").json()["stores"]
    assert stores == [{"id": STORE_ID, "name": "rag-sample", "authorization_model_id": MODEL_ID, "tuples": 3}]
    written = endpoint.admin(
        "POST", f"/fga/stores/{STORE_ID}/tuples",
        {"writes": [{"user": "user:bob", "relation": "viewer", "object": "doc:private-roadmap"}]},
    )
    assert written.status_code == 200, written.text
    assert len(written.json()["tuples"]) == 4
    check = endpoint.admin(
        "POST", f"/fga/stores/{STORE_ID}/check", {"user": "user:bob", "relation": "viewer", "object": "doc:private-roadmap"}
    )
    assert check.json() == {"allowed": True}
    refused = endpoint.admin(
        "POST", f"/fga/stores/{STORE_ID}/tuples",
        {"writes": [{"user": "user:bob", "relation": "editor", "object": "doc:private-roadmap"}]},
    )
    assert refused.status_code == 400 and refused.json()["code"] == "relation_not_found"
