"""Shared pieces of the SDK interop tests: claims checks with a real JWT library, the in-memory stores
auth0-server-python needs, and a way to call a LangChain tool wrapped by auth0-ai the way an agent
runtime does (a tool call with an id, a thread in the config)."""

import asyncio
from itertools import count

import jwt
from langchain_core.tools import StructuredTool

from conftest import Endpoint

ALICE = "auth0|alice"
BOB = "auth0|bob"
# Tokens carry the tenant clock's iat; tests that advance that clock verify with this leeway.
LEEWAY = 600



def claims(endpoint: Endpoint, token: str, audience: str, *, leeway: int = 0) -> dict:
    """Verifies `token` with PyJWT against the JWKS of the listener that minted it."""
    keys = jwt.PyJWKClient(endpoint.jwks_url, cache_keys=False)
    return jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS256"], audience=audience,
                      issuer=endpoint.issuer, leeway=leeway, options={"require": ["exp", "iat", "iss", "aud", "sub"]})


def audiences(token_claims: dict) -> list[str]:
    aud = token_claims["aud"]
    return aud if isinstance(aud, list) else [aud]


def run(coro):
    """Runs one coroutine of an async SDK to completion."""
    return asyncio.run(coro)


class MemoryStore:
    """A dict as auth0-server-python's transaction or state store (what a cookie store does for one browser)."""

    def __init__(self):
        self.data = {}

    async def set(self, identifier, state, remove_if_expires=False, options=None):
        self.data[identifier] = state

    async def get(self, identifier, options=None):
        return self.data.get(identifier)

    async def delete(self, identifier, options=None):
        self.data.pop(identifier, None)

    async def delete_by_logout_token(self, claims, options=None):
        self.data.clear()


_call_ids = count(1)


def async_tool(name: str, coroutine) -> StructuredTool:
    """A plain LangChain tool around `coroutine`, ready to be wrapped by an auth0-ai authorizer."""
    return StructuredTool.from_function(coroutine=coroutine, name=name, description=f"The {name} tool")


async def call_tool(tool, args: dict | None = None, *, call_id: str | None = None, thread: str = "thread-1",
                    **configurable):
    """Invokes `tool` as an agent runtime does: a tool call with an id, and a thread id (plus anything
    else, e.g. `_credentials`) in the config. Returns the ToolMessage."""
    call = {"type": "tool_call", "id": call_id or f"call-{next(_call_ids)}", "name": tool.name, "args": args or {}}
    return await tool.ainvoke(call, config={"configurable": {"thread_id": thread, **configurable}})
