"""The HTML report in a real browser (headless Chromium): input shows as text and runs nothing.

A post carries a ``<script>`` that would change the title and add an element, and an
``<img onerror>`` that would do the same; after rendering, the DOM must show neither effect,
the text must be visible, and the SVG chart must be there. Skipped when chromium is absent (CI
installs Debian's ``chromium``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from threadscope.models import AuditReport, Post, Thread
from threadscope.report.html_format import HtmlFormatter

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

ATTACK = (
    "<script>document.title='PWNED';"
    "document.body.appendChild(document.createElement('blink')).id='pwned-script'</script>"
    "<img src=x onerror=\"document.title='PWNED-IMG';"
    "document.body.appendChild(document.createElement('blink')).id='pwned-img'\">"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_report_renders_as_text_and_runs_nothing(tmp_path: Path, audit_report: AuditReport) -> None:
    hostile = Thread(
        id=9,
        author="attacker",
        total=1,
        declared_totals=(1,),
        posts=(Post(ATTACK, line=1, index=1, total=1),),
        missing=(),
        duplicates=(),
    )
    report = AuditReport(
        source="attack.txt",
        threads=(*audit_report.threads, hostile),
        links=audit_report.links,
        post_links=audit_report.post_links,
    )
    page = tmp_path / "report.html"
    page.write_text(HtmlFormatter().audit(report), encoding="utf-8")

    result = _chromium(tmp_path, "--dump-dom", page.as_uri())
    dom = result.stdout
    assert "<html" in dom, result.stderr[-2000:]
    assert "PWNED" not in dom.split("</title>")[0]
    assert "<title>Link audit: attack.txt</title>" in dom
    assert 'id="pwned-script"' not in dom and 'id="pwned-img"' not in dom
    assert "<blink" not in dom
    assert "&lt;script&gt;document.title='PWNED'" in dom
    assert "&lt;img src=x onerror=" in dom
    assert "<svg" in dom and "<rect" in dom

    shot = tmp_path / "report.png"
    _chromium(tmp_path, "--window-size=1100,1600", f"--screenshot={shot}", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000


def test_audit_command_report_in_the_browser(tmp_path: Path) -> None:
    """The page ``threadscope audit --format html`` writes for our fixture, end to end."""
    from click.testing import CliRunner

    from threadscope.cli import cli

    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "audit" / "cloned_news_thread.txt"
    page = tmp_path / "audit.html"
    result = CliRunner().invoke(
        cli,
        ["audit", str(fixture), "--offline", "--format", "html", "-o", str(page)],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "<title>Link audit: " in dom and "pwned" not in dom.split("</title>")[0]
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "<svg" in dom
    assert "hxxps://spiegel[.]cfd" in dom
