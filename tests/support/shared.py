"""Data from ``../shared/`` (beside the clone): real pastes and public lists we may read in
tests but not copy into the project.

A clone without it cannot run those tests. They are skipped with a reason that names the
missing path, and the run ends with a warning that counts them (``tests/conftest.py``), so that
a green run on a newcomer's machine does not hide that part of the suite did not run. In CI
(``CI`` set, as ``.ci/run`` runs), where ``../shared/`` is always laid beside the clone, a
missing file fails the test instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SKIP_PREFIX = "needs ../shared/"


def shared_file(relative: str, root: Path = SHARED) -> Path:
    """``root / relative``; skips (or, in CI, fails) the calling test when it is missing."""
    path = root / relative
    if path.exists():
        return path
    message = f"{SKIP_PREFIX}{relative}: not beside this clone ({root} is missing it)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI lays ../shared/ beside the clone, so this is an error")
    pytest.skip(message)


def shared_skips(reasons: list[str]) -> int:
    """How many of the skip reasons of a run are missing ``../shared/`` data."""
    return sum(1 for reason in reasons if SKIP_PREFIX in reason)
