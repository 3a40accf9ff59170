"""Finding the fake-auth0 binary: FAKE_AUTH0_BIN, then PATH, then a SwiftPM build folder nearby."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable

ENV_VARIABLE = "FAKE_AUTH0_BIN"
BINARY_NAME = "fake-auth0"


class BinaryNotFound(RuntimeError):
    """No fake-auth0 binary where the plugin looks for one."""


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _build_candidates(start: Path) -> list[Path]:
    """`.build/debug/fake-auth0` and `.build/release/fake-auth0` in `start` and each of its parents."""
    found = []
    for directory in (start, *start.parents):
        for configuration in ("debug", "release"):
            candidate = directory / ".build" / configuration / BINARY_NAME
            if _executable(candidate):
                found.append(candidate)
        if found:
            break
    return found


def find_binary(search_from: Iterable[str | os.PathLike] = ()) -> Path:
    """The fake-auth0 binary to run.

    1. `FAKE_AUTH0_BIN` (an error if it names no executable file);
    2. `fake-auth0` on `PATH`;
    3. `.build/debug/fake-auth0` or `.build/release/fake-auth0` (the newer of the two) in one of
       `search_from` (e.g. pytest's rootdir, the working directory) or their parents, then next to this
       package (an editable install inside the fake-auth0 repository).
    """
    explicit = os.environ.get(ENV_VARIABLE)
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        if not _executable(path):
            raise BinaryNotFound(f"{ENV_VARIABLE}={explicit} is not an executable file")
        return path.resolve()
    on_path = shutil.which(BINARY_NAME)
    if on_path:
        return Path(on_path).resolve()
    starts = [Path(p).resolve() for p in search_from] + [Path(__file__).resolve().parent]
    for start in starts:
        candidates = _build_candidates(start)
        if candidates:
            return max(candidates, key=lambda p: p.stat().st_mtime)
    raise BinaryNotFound(
        f"fake-auth0 binary not found: set {ENV_VARIABLE}, put fake-auth0 on PATH, or build it "
        "(swift build) in the fake-auth0 repository you run the tests from"
    )
