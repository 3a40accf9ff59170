"""Waiting for journal entries on the fake's event stream (`/__admin/journal/stream`), bounded in time."""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.parse
from typing import Any, Callable, Mapping

from .errors import FakeAuth0Error


class EventTimeout(AssertionError):
    """No journal entry fitting the filters arrived in time. `seen` holds the entries that fitted the
    filters but not `details`/`where` (the newest last), to show what happened instead."""

    def __init__(self, message: str, seen: list[dict]):
        super().__init__(message)
        self.seen = seen


def journal_query(event=None, client=None, user=None, since=None, limit=None) -> str:
    """The journal API's query string (`?event=…&client=…`), without the unset filters."""
    params = {"event": event, "client": client, "user": user, "since": since, "limit": limit}
    present = {k: str(v) for k, v in params.items() if v is not None}
    return "?" + urllib.parse.urlencode(present) if present else ""


def fits(entry: Mapping[str, Any], details: Mapping[str, Any] | None,
         where: Callable[[dict], bool] | None) -> bool:
    """Whether `entry` has every `details` field with that value, and passes `where`."""
    own = entry.get("details") or {}
    if details and any(own.get(key) != value for key, value in details.items()):
        return False
    return where is None or bool(where(dict(entry)))


def wait_for_event(base_url: str, *, event: str | None, client: str | None, user: str | None, since: int | None,
                   details: Mapping[str, Any] | None, where: Callable[[dict], bool] | None,
                   timeout: float) -> dict:
    """The first entry on `{base_url}/__admin/journal/stream` fitting the filters (the journal API's),
    `details` and `where`; with `since` the kept entries after it count too. Raises `EventTimeout`
    after `timeout` seconds."""
    if not 0 < timeout <= 3600:
        raise ValueError("timeout must be more than 0 and at most 3600 seconds")
    described = ", ".join(f"{k}={v!r}" for k, v in
                          {"event": event, "client": client, "user": user, "since": since, "details": details}.items()
                          if v is not None) + (", where=…" if where else "")
    target = urllib.parse.urlsplit(base_url)
    path = target.path.rstrip("/") + "/__admin/journal/stream" + journal_query(event, client, user, since)
    deadline = time.monotonic() + timeout
    seen: list[dict] = []
    connection = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": "text/event-stream"})
        sock = connection.sock  # the response reads from it; the connection may let go of it
        response = connection.getresponse()
        if response.status != 200:
            body = response.read()
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = {}
            raise FakeAuth0Error(response.status, parsed.get("error", "http_error"),
                                 parsed.get("error_description", body.decode(errors="replace")[:500]), parsed)
        data: list[str] = []
        while (remaining := deadline - time.monotonic()) > 0:
            sock.settimeout(remaining)
            line = response.readline()
            if not line:
                break  # the fake closed the stream (it stopped)
            text = line.decode("utf-8").rstrip("\r\n")
            if text.startswith("data:"):
                data.append(text[5:].lstrip(" "))
            elif text == "" and data:
                entry = json.loads("\n".join(data))
                data = []
                if fits(entry, details, where):
                    return entry
                seen = (seen + [entry])[-20:]
    except (socket.timeout, TimeoutError):
        pass
    finally:
        connection.close()
    recent = "; ".join(f"#{e.get('seq')} {e.get('event')} {json.dumps(e.get('details', {}))}" for e in seen[-5:])
    raise EventTimeout(f"no journal entry with {described or 'any event'} within {timeout:g}s"
                       + (f" (fitting the filters but not the rest: {recent})" if seen else ""), seen)
