"""Run-wide settings and hooks: Hypothesis's profiles (deterministic by default), and a loud
line at the end of the run when tests were skipped for want of ``../shared/`` (see
``tests/support/shared.py``) or of Chromium (``tests/support/browser.py``)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.support.browser import SKIP_REASON as BROWSER_SKIP
from tests.support.shared import SKIP_PREFIX, shared_skips

settings.register_profile("default", derandomize=True)
"""The suite is deterministic: every run draws the same examples, so a red run (CI's, a
colleague's) is reproduced by running it again, and no run is red by the luck of the draw."""
settings.register_profile("explore", max_examples=500)
"""Random search for new counter-examples: ``HYPOTHESIS_PROFILE=explore python -m pytest``.
What it finds becomes a plain example test, then the reader is fixed."""
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reasons: list[str] = []
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = getattr(report, "longrepr", None)
        if isinstance(longrepr, tuple) and len(longrepr) == 3:
            reasons.append(str(longrepr[2]))
    browser = sum(1 for reason in reasons if BROWSER_SKIP in reason)
    if browser:
        terminalreporter.write_sep(
            "!", f"{browser} browser test(s) of the HTML report skipped: {BROWSER_SKIP}",
            yellow=True, bold=True,
        )
    count = shared_skips(reasons)
    if count:
        terminalreporter.write_sep(
            "!", f"{count} test(s) skipped for want of {SKIP_PREFIX.split()[-1]} (real data the "
            "project may read but not ship): lay the shared folder beside the clone to run them",
            yellow=True, bold=True,
        )
