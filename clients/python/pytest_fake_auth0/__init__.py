"""fake-auth0 for pytest: `fake_auth0` gives each test an isolated fake Auth0 tenant.

Outside pytest, `FakeAuth0Process` starts the binary and `Tenant` drives a tenant's control API."""

from .binary import BinaryNotFound, find_binary
from .errors import FakeAuth0Error
from .journal import EventTimeout
from .server import FakeAuth0Process
from .tenant import Tenant

__all__ = ["BinaryNotFound", "EventTimeout", "FakeAuth0Error", "FakeAuth0Process", "Tenant", "find_binary"]
