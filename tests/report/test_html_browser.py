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

from threadscope.models import AuditReport, BotReport, Post, Thread
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


def test_thread_audit_and_bots_pages_fetch_nothing_and_show_the_new_fields(
    tmp_path: Path, bot_report: BotReport
) -> None:
    """Hostile text in a post, its image description, a coordinated reply and a handle
    points a script, images, a stylesheet, an import, a refresh, a frame and a base at a
    server on this machine: Chromium renders the three pages and no request reaches it, no
    script runs, and the post's edit, its link edited away, its image description, the
    reply's text and the account's status are on the page as text."""
    import dataclasses
    import http.server
    import threading

    from threadscope.models import Assessment, Reassembly, Verdict

    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    attack = (ATTACK.replace("src=x", f"src={base}/img")
              + f"<link rel=stylesheet href={base}/css><style>@import url({base}/imp);"
              f"body{{background:url({base}/bg)}}</style><meta http-equiv=refresh "
              f"content='0;url={base}/refresh'><iframe src={base}/frame></iframe>"
              f"<base href='{base}/'><svg><image href='{base}/svg'/></svg>")
    post = Post("1/1 " + attack, line=1, index=1, total=1, created_at="2025-09-04T08:01:00Z",
                edited_at="2025-09-04T08:30:00Z", edited_away=("https://welt.ltd/a",),
                alt_text=("Bildbeschreibung " + attack,))
    thread = Thread(1, "ina", 1, (1,), (post,), (), ())
    flagged = Assessment(input="https://welt.ltd/a", url="https://welt.ltd/a",
                         domain="welt.ltd", registrable_domain="welt.ltd",
                         verdict=Verdict.LOOKALIKE, score=92, imitates="welt.de")
    audit = AuditReport("attack.json", (thread,), (flagged,), post_links={(1, 0): (0,)})
    accounts = (dataclasses.replace(bot_report.accounts[0], status="takendown"),
                *bot_report.accounts[1:])
    bots = dataclasses.replace(
        bot_report, accounts=accounts,
        flagged_posts={0: Post("Antwort " + attack, line=2, author="MariaSchulz83651")})
    pages = {"thread": HtmlFormatter().threads(Reassembly("attack.json", (thread,))),
             "audit": HtmlFormatter().audit(audit),
             "bots": HtmlFormatter().bots(bots).replace("<details>", "<details open>")}
    try:
        for name, html in pages.items():
            page = tmp_path / f"{name}.html"
            page.write_text(html, encoding="utf-8")
            dom = _chromium(tmp_path, "--virtual-time-budget=2000", "--dump-dom",
                            page.as_uri()).stdout
            assert "<html" in dom, name
            assert "PWNED" not in dom.split("</title>")[0] and "<blink" not in dom, name
            for tag in ("<img", "<iframe", "<base", "<link", "<image", "<script"):
                assert tag not in dom.split("</head>")[1], (name, tag)
            if name != "bots":
                assert "edited 2025-09-04T08:30:00Z (first posted 2025-09-04T08:01:00Z)" in dom
                assert "image description: Bildbeschreibung &lt;script&gt;" in dom
            if name == "audit":
                assert "link edited away: <mark class=\"flag\">hxxps://welt[.]ltd/a" in dom
            if name == "bots":
                assert "Antwort &lt;script&gt;" in dom and "<td>takendown</td>" in dom
    finally:
        server.shutdown()
    assert requests == []
