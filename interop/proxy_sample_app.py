"""A FastAPI app wired like Auth0's Python samples, for the proxy-mode test: auth0-fastapi's login routes,
and an agent tool protected by auth0-ai's Token Vault that reads the user's Gmail through
google-api-python-client with no endpoint override. It is configured only by the environment
(`eval "$(fake-auth0 env --proxy)"` plus the app's own APP_BASE_URL and AUTH0_SECRET), so its Gmail calls
reach the fake through HTTPS_PROXY.

Run: uvicorn proxy_sample_app:app --port PORT"""

import os

from auth0_ai_langchain.auth0_ai import Auth0AI
from auth0_ai_langchain.token_vault import get_access_token_from_token_vault
from auth0_fastapi.auth.auth_client import AuthClient
from auth0_fastapi.config import Auth0Config
from auth0_fastapi.server.routes import register_auth_routes, router
from fastapi import Depends, FastAPI, Request, Response
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from langchain_core.tools import StructuredTool
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI(title="Inbox assistant")
app.add_middleware(SessionMiddleware, secret_key=os.environ["AUTH0_SECRET"])

config = Auth0Config(
    domain=os.environ["AUTH0_DOMAIN"],
    client_id=os.environ["AUTH0_CLIENT_ID"],
    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
    app_base_url=os.environ["APP_BASE_URL"],
    secret=os.environ["AUTH0_SECRET"],
    authorization_params={"scope": "openid profile email offline_access"},
)
auth_client = AuthClient(config)
app.state.config = config
app.state.auth_client = auth_client
register_auth_routes(router, config)
app.include_router(router)

# auth0-ai reads AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET from the environment
with_gmail = Auth0AI().with_token_vault(
    connection="google-oauth2", scopes=["https://www.googleapis.com/auth/gmail.readonly"])


async def list_invoices() -> list[str]:
    """The subjects of the user's invoice e-mails."""
    gmail = build("gmail", "v1", credentials=Credentials(get_access_token_from_token_vault()))
    found = gmail.users().messages().list(userId="me", q="invoice", maxResults=10).execute()
    subjects = []
    for message in found.get("messages", []):
        full = gmail.users().messages().get(userId="me", id=message["id"], format="metadata").execute()
        subjects += [h["value"] for h in full["payload"]["headers"] if h["name"] == "Subject"]
    return subjects


invoices_tool = with_gmail(StructuredTool.from_function(
    coroutine=list_invoices, name="list_invoices", description="List the user's invoice e-mails"))


@app.get("/health")
async def health():
    return {"ok": True}


@app.get("/agent/invoices")
async def invoices(request: Request, response: Response,
                   session: dict = Depends(auth_client.require_session)):
    call = {"type": "tool_call", "id": "call-1", "name": invoices_tool.name, "args": {}}
    answer = await invoices_tool.ainvoke(call, config={"configurable": {
        "thread_id": session["user"]["sub"], "_credentials": {"refresh_token": session.get("refresh_token")}}})
    return {"user": session["user"]["email"], "answer": answer.artifact if answer.artifact else answer.content}
