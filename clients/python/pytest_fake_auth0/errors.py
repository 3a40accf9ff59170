"""The error a control-API call raises when the fake answers with an error."""

from __future__ import annotations


class FakeAuth0Error(Exception):
    """An error answer of the control API: HTTP `status`, `error` code, `description`, and the whole
    JSON `body` (e.g. `problems` for a refused scenario)."""

    def __init__(self, status: int, error: str, description: str, body: dict | None = None):
        super().__init__(f"{status} {error}: {description}")
        self.status = status
        self.error = error
        self.description = description
        self.body = body or {}

    @property
    def problems(self) -> list[str]:
        """The `file:path: reason` lines of a refused scenario (empty for other errors)."""
        return list(self.body.get("problems", []))
