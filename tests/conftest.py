"""Run-wide hooks: a loud line at the end of the run when tests were skipped for want of
``../shared/`` (see ``tests/support/shared.py``)."""

from __future__ import annotations

import pytest

from tests.support.shared import SKIP_PREFIX, shared_skips


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reasons: list[str] = []
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = getattr(report, "longrepr", None)
        if isinstance(longrepr, tuple) and len(longrepr) == 3:
            reasons.append(str(longrepr[2]))
    count = shared_skips(reasons)
    if count:
        terminalreporter.write_sep(
            "!", f"{count} test(s) skipped for want of {SKIP_PREFIX.split()[-1]} (real data the "
            "project may read but not ship): lay the shared folder beside the clone to run them",
            yellow=True, bold=True,
        )
