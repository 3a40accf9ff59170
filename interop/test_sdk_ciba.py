"""CIBA (asynchronous authorization) through the SDKs an agent uses: auth0-ai's
`with_async_authorization` on LangChain tools, in "block" mode (the tool waits while the SDK polls)
and in "interrupt" mode (the tool call is interrupted, the agent resumes it later, alone or inside a
LangGraph graph), and auth0-python's BackChannelLogin/GetToken over both listeners.

Each test runs over HTTP and over HTTPS (auth0-ai and auth0-python take `protocol`). Interrupt-mode
tests freeze the tenant clock and advance it past the poll interval; block mode uses a scenario with
interval 0, so the SDK's sleeps between polls are zero."""

import json

import pytest
from auth0.authentication.back_channel_login import BackChannelLogin
from auth0.authentication.get_token import GetToken
from auth0.exceptions import Auth0Error
from auth0_ai_langchain.async_authorization import get_async_authorization_credentials
from auth0_ai_langchain.auth0_ai import Auth0AI
# after the authorizers: auth0-ai's interrupt module cannot be imported first (circular import)
from auth0_ai.interrupts.async_authorization_interrupts import (  # noqa: I001
    AccessDeniedInterrupt, AuthorizationPendingInterrupt, AuthorizationPollingInterrupt,
    UserDoesNotHavePushNotificationsInterrupt,
)
from langchain_core.messages import AIMessage
from langchain_core.runnables import ensure_config
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.errors import GraphInterrupt
from langgraph.graph import START, END, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

from sdk_support import ALICE, BOB, LEEWAY, async_tool, call_tool, claims, run

AGENT = ("shop-agent", "shop-agent-secret")
API = "https://api.shop.example/"
BLOCK = "ciba-agent-block.yaml"  # interval 0; Alice approves after 2 pending polls, Bob denies after 1
INTERRUPT = "ciba-agent.yaml"  # interval 1; Bob denies, "Manual…" waits, others approve after 1 poll


def auth0_ai(endpoint) -> Auth0AI:
    return Auth0AI(auth0={"domain": endpoint.domain, "client_id": AGENT[0], "client_secret": AGENT[1],
                          "protocol": endpoint.protocol})


def shop_tool(endpoint, mode: str, message: str = "Buy {qty} {product}"):
    """A `buy` tool protected by with_async_authorization, for the user named in the run's config.
    Returns (tool, runs): runs collects the credentials the tool saw, once per execution."""
    runs = []

    async def buy(product: str, qty: int) -> str:
        runs.append(get_async_authorization_credentials())
        return f"bought {qty} {product}"

    protect = auth0_ai(endpoint).with_async_authorization(
        scopes=["product:buy"],
        audience=API,
        binding_message=lambda product, qty: message.format(product=product, qty=qty),
        user_id=lambda *_, **__: ensure_config()["configurable"]["user_id"],
        on_authorization_request=mode,
    )
    return protect(async_tool("buy", buy)), runs


def requests_of(endpoint, **query) -> list[dict]:
    resp = endpoint.admin("GET", "/ciba/requests", **query)
    assert resp.status_code == 200, resp.text
    return resp.json()["requests"]


def interrupt_value(caught: pytest.ExceptionInfo) -> dict:
    """The auth0-ai interrupt a LangChain tool raised, as the LangGraph interrupt carries it."""
    (interrupt,) = caught.value.args[0]
    return interrupt.value


def assert_shop_credentials(endpoint, credentials: dict, user: str, *, leeway: int = 0) -> None:
    assert credentials["token_type"] == "Bearer" and credentials["expires_in"] > 0
    assert set(credentials["scope"]) == {"openid", "product:buy"}  # auth0-ai adds openid
    access = claims(endpoint, credentials["access_token"], API, leeway=leeway)
    assert (access["sub"], access["azp"]) == (user, AGENT[0])
    assert "product:buy" in access["scope"].split()
    assert claims(endpoint, credentials["id_token"], AGENT[0], leeway=leeway)["sub"] == user


# --- block mode ----------------------------------------------------------------------------------------


def test_auth0_ai_block_mode_polls_until_the_user_approves(tenant):
    endpoint = tenant(BLOCK)
    tool, runs = shop_tool(endpoint, "block")
    message = run(call_tool(tool, {"product": "Green Tea", "qty": 2}, user_id=ALICE))
    assert message.content == "bought 2 Green Tea"
    assert len(runs) == 1
    assert_shop_credentials(endpoint, runs[0], ALICE)

    (request,) = requests_of(endpoint)
    assert (request["user"], request["client"], request["binding_message"]) == (ALICE, AGENT[0], "Buy 2 Green Tea")
    assert (request["audience"], request["scope"]) == (API, "openid product:buy")
    assert request["status"] == "redeemed"
    assert request["polls"] == 3  # two authorization_pending answers, then the tokens


def test_auth0_ai_block_mode_denied_raises_access_denied(tenant):
    endpoint = tenant(BLOCK)
    tool, runs = shop_tool(endpoint, "block")
    with pytest.raises(AccessDeniedInterrupt) as caught:
        run(call_tool(tool, {"product": "Green Tea", "qty": 1}, user_id=BOB))
    assert caught.value.code == "ASYNC_AUTHORIZATION_ACCESS_DENIED"
    assert caught.value.request["id"] == requests_of(endpoint, user=BOB)[0]["auth_req_id"]
    assert runs == []


def test_auth0_ai_unknown_user_is_refused_at_bc_authorize(tenant):
    endpoint = tenant(BLOCK)
    tool, runs = shop_tool(endpoint, "block")
    with pytest.raises(UserDoesNotHavePushNotificationsInterrupt):  # how auth0-ai reports invalid_request
        run(call_tool(tool, {"product": "Green Tea", "qty": 1}, user_id="auth0|nobody"))
    assert runs == [] and requests_of(endpoint) == []


# --- interrupt mode ------------------------------------------------------------------------------------


def test_auth0_ai_interrupt_mode_pending_slow_down_then_approved(tenant):
    endpoint = tenant(INTERRUPT, frozen=True)
    tool, runs = shop_tool(endpoint, "interrupt", message="Manual check: buy {qty} {product}")
    call = {"product": "Green Tea", "qty": 3}

    with pytest.raises(GraphInterrupt) as caught:
        run(call_tool(tool, call, call_id="call-buy", user_id=ALICE))
    pending = interrupt_value(caught)
    assert pending["code"] == AuthorizationPendingInterrupt.code
    assert (pending["_request"]["interval"], pending["_request"]["expires_in"]) == (1, 300)
    (request,) = requests_of(endpoint, status="pending")
    assert request["auth_req_id"] == pending["_request"]["id"]
    assert request["binding_message"] == "Manual check: buy 3 Green Tea" and request["polls"] == 1

    # resumed within the interval: slow_down, with the Retry-After the SDK reads
    with pytest.raises(GraphInterrupt) as caught:
        run(call_tool(tool, call, call_id="call-buy", user_id=ALICE))
    polling = interrupt_value(caught)
    assert polling["code"] == AuthorizationPollingInterrupt.code and polling["retry_after"] == 1

    assert endpoint.admin("POST", f"/ciba/requests/{request['auth_req_id']}/approve").status_code == 200
    endpoint.advance(1)
    message = run(call_tool(tool, call, call_id="call-buy", user_id=ALICE))
    assert message.content == "bought 3 Green Tea" and len(runs) == 1
    assert_shop_credentials(endpoint, runs[0], ALICE, leeway=LEEWAY)
    assert [r["auth_req_id"] for r in requests_of(endpoint)] == [request["auth_req_id"]]  # one request only


def test_auth0_ai_interrupt_mode_denied_on_resume(tenant):
    endpoint = tenant(INTERRUPT, frozen=True)
    tool, runs = shop_tool(endpoint, "interrupt", message="Manual check: buy {qty} {product}")
    call = {"product": "Green Tea", "qty": 9}
    with pytest.raises(GraphInterrupt) as caught:
        run(call_tool(tool, call, call_id="call-buy", user_id=ALICE))
    rid = interrupt_value(caught)["_request"]["id"]

    assert endpoint.admin("POST", f"/ciba/requests/{rid}/deny").status_code == 200
    endpoint.advance(1)
    with pytest.raises(AccessDeniedInterrupt) as denied:
        run(call_tool(tool, call, call_id="call-buy", user_id=ALICE))
    assert denied.value.request["id"] == rid
    assert runs == []


def test_auth0_ai_interrupt_and_resume_in_a_langgraph_agent(tenant):
    endpoint = tenant(INTERRUPT, frozen=True)
    tool, runs = shop_tool(endpoint, "interrupt")
    graph = StateGraph(MessagesState)
    graph.add_node("tools", ToolNode([tool], handle_tool_errors=False))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    agent = graph.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "order-1", "user_id": ALICE}}
    asked = AIMessage(content="", tool_calls=[{"name": "buy", "args": {"product": "Green Tea", "qty": 1},
                                               "id": "call-1"}])

    first = run(agent.ainvoke({"messages": [asked]}, config))
    (interrupt,) = first["__interrupt__"]
    assert interrupt.value["code"] == AuthorizationPendingInterrupt.code
    assert run(agent.aget_state(config)).next == ("tools",)

    endpoint.advance(1)  # the scenario approves at the next poll, once the interval has passed
    resumed = run(agent.ainvoke(None, config))
    assert "__interrupt__" not in resumed
    assert resumed["messages"][-1].content == "bought 1 Green Tea"
    assert resumed["messages"][-1].tool_call_id == "call-1"
    assert_shop_credentials(endpoint, runs[0], ALICE, leeway=LEEWAY)


# --- auth0-python over both listeners ---------------------------------------------------------------


def back_channel(endpoint, user: str, message: str) -> tuple[dict, GetToken]:
    login = BackChannelLogin(endpoint.domain, AGENT[0], client_secret=AGENT[1], protocol=endpoint.protocol)
    started = login.back_channel_login(
        binding_message=message, login_hint=json.dumps({"format": "iss_sub", "iss": endpoint.issuer, "sub": user}),
        scope="openid offline_access product:buy", audience=API)
    assert set(started) == {"auth_req_id", "expires_in", "interval"}
    return started, GetToken(endpoint.domain, AGENT[0], client_secret=AGENT[1], protocol=endpoint.protocol)


def poll_error(get_token: GetToken, auth_req_id: str) -> tuple[int, str]:
    with pytest.raises(Auth0Error) as caught:
        get_token.backchannel_login(auth_req_id)
    return caught.value.status_code, caught.value.error_code


def test_auth0_python_back_channel_login_pending_approved_and_denied(tenant):
    endpoint = tenant(INTERRUPT, frozen=True)

    started, get_token = back_channel(endpoint, ALICE, "Manual check: buy 1 Green Tea")
    rid = started["auth_req_id"]
    assert poll_error(get_token, rid) == (400, "authorization_pending")
    endpoint.advance(started["interval"])
    assert poll_error(get_token, rid) == (400, "authorization_pending")  # still undecided
    assert endpoint.admin("POST", f"/ciba/requests/{rid}/approve").status_code == 200
    endpoint.advance(started["interval"])
    body = get_token.backchannel_login(rid)
    assert body["token_type"] == "Bearer" and body["refresh_token"]
    assert claims(endpoint, body["access_token"], API, leeway=LEEWAY)["sub"] == ALICE

    started, get_token = back_channel(endpoint, BOB, "Buy 1 Green Tea")
    assert poll_error(get_token, started["auth_req_id"]) == (400, "authorization_pending")
    endpoint.advance(started["interval"])
    assert poll_error(get_token, started["auth_req_id"]) == (400, "access_denied")
