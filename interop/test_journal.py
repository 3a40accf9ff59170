"""The journal as a test suite in another language reads it: `--journal FILE` (JSON lines),
`GET /__admin/journal` filters, the server-sent-event stream, and no secret in any of them."""

import json
import signal
import threading
from pathlib import Path

import requests

from conftest import _stop
from test_cli import serve

TIMEOUT = 10
M2M = {"grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "demo-m2m-secret"}


def test_journal_file_queries_and_stream(tmp_path: Path):
    journal_file = tmp_path / "journal.jsonl"
    proc, ready = serve(tmp_path, "--ephemeral", "--no-https", "--journal", str(journal_file))
    base = ready["http_url"]
    try:
        since = requests.get(f"{base}/__admin/journal", timeout=TIMEOUT).json()["last_seq"]
        received: list[dict] = []

        def listen():
            with requests.get(f"{base}/__admin/journal/stream",
                              params={"event": "token.*", "since": since, "limit": 2},
                              stream=True, timeout=TIMEOUT) as stream:
                assert stream.headers["Content-Type"] == "text/event-stream"
                for line in stream.iter_lines(decode_unicode=True):
                    if line.startswith("data: "):
                        received.append(json.loads(line[len("data: "):]))

        listener = threading.Thread(target=listen)
        listener.start()
        issued = requests.post(f"{base}/oauth/token", data=M2M, timeout=TIMEOUT)
        assert issued.status_code == 200
        refused = requests.post(f"{base}/oauth/token", data={**M2M, "client_secret": "not-the-secret"},
                                timeout=TIMEOUT)
        assert refused.status_code == 401
        listener.join(TIMEOUT)
        assert not listener.is_alive(), "the stream did not close after limit=2 entries"
        assert [e["event"] for e in received] == ["token.issued", "token.refused"]

        body = requests.get(f"{base}/__admin/journal", params={"event": "token.*", "client": "demo-m2m"},
                            timeout=TIMEOUT).json()
        entries = body["entries"]
        assert [e["event"] for e in entries] == ["token.issued", "token.refused"]
        assert entries[0]["details"]["grant"] == "client_credentials"
        assert entries[0]["details"]["audience"] == "https://api.example.com/"
        assert entries[0]["status"] == 200 and entries[0]["path"] == "/oauth/token"
        assert entries[1]["details"]["error"] == "invalid_client" and entries[1]["status"] == 401
        assert requests.get(f"{base}/__admin/journal", params={"limit": "0"}, timeout=TIMEOUT).status_code == 400
    finally:
        proc.send_signal(signal.SIGTERM)
        _stop(proc)
    lines = [json.loads(line) for line in journal_file.read_text().splitlines()]
    assert [e["event"] for e in lines if e["event"].startswith("token.")] == ["token.issued", "token.refused"]
    assert [e["seq"] for e in lines] == list(range(1, len(lines) + 1))
    text = journal_file.read_text()
    for secret in ["demo-m2m-secret", "not-the-secret", issued.json()["access_token"]]:
        assert secret not in text
