"""The HTML report in a real browser (headless Chromium): input shows as text, runs nothing,
fetches nothing, and the page reads on a laptop and on a phone.

Hostile text reaches the report in every way a user's input can: post text, link text, account
names, the title and claims of pages fetched through ``--proxy`` (a loopback server plays the
sites), redirects to ``javascript:`` addresses, platform labels, right-to-left overrides and
tokens hundreds of characters long. In the DOM Chromium builds, no injected element exists and
no script ran; every link stays in the page; the recording proxy every browser request goes
to (``tests.support.browser``) sees none from the page. The Content-Security-Policy is tested
on its own, by an escaping mistake made on purpose. Layout is measured, not judged by eye: at
1280 and 390 CSS pixels nothing outside the boxes that scroll sideways on their own
(``.wide``: tables and charts) sticks out past the window; at 390 no chart text is under 12
pixels; in the dark colour scheme (``prefers-color-scheme``, emulated) and in light, every text
has a contrast of 4.5 or more to what it is written on, read from Chromium's computed colours.

Skipped when chromium is absent, except in CI (``CI`` set): ``.ci/run`` installs Debian's
``chromium``, and there a missing browser fails these tests. With ``THREADSCOPE_SCREENSHOTS``
set to a folder, the end-to-end test also leaves screenshots of every page there, at both
widths, for a person to look at.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.bots.test_platform_labels import team
from tests.support.browser import SKIP_REASON, Browser, chromium, chromium_path
from tests.support.inert import inert_problems, read
from tests.support.server import LoopbackServer, Reply, Request, TlsHosts
from threadscope.cli import cli
from threadscope.models import AuditReport, BotReport, Post, Thread
from threadscope.report.html_format import HtmlFormatter

pytestmark = pytest.mark.skipif(
    chromium_path() is None and not os.environ.get("CI"),
    reason=SKIP_REASON,
)

ATTACK = (
    "<script>document.title='PWNED';"
    "document.body.appendChild(document.createElement('blink')).id='pwned-script'</script>"
    "<img src=x onerror=\"document.title='PWNED-IMG';"
    "document.body.appendChild(document.createElement('blink')).id='pwned-img'\">"
)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[Browser]:
    with chromium(tmp_path / "profile") as running:
        yield running


def _chromium(browser: Browser, *args: str) -> Any:
    return browser.run(*args)


def test_report_renders_as_text_and_runs_nothing(tmp_path: Path, audit_report: AuditReport,
                                               browser: Browser) -> None:
    hostile = Thread(
        id=9,
        author="attacker",
        total=1,
        declared_totals=(1,),
        posts=(Post(ATTACK, line=1, index=1, total=1),),
        missing=(),
        duplicates=(),
    )
    article = "\n".join([f"Titel {ATTACK}", "zwei", *["lang"] * 9,
                         f"https://welt.ltd/politik {ATTACK}", "Ende"])  # shortened
    report = AuditReport(
        source="attack.txt",
        threads=(*audit_report.threads, hostile),
        links=audit_report.links,
        post_links=audit_report.post_links,
        unthreaded=(article,),
    )
    page = tmp_path / "report.html"
    page.write_text(HtmlFormatter().audit(report), encoding="utf-8")

    result = _chromium(browser, "--dump-dom", page.as_uri())
    dom = result.stdout
    assert "<html" in dom, result.stderr[-2000:]
    assert "PWNED" not in dom.split("</title>")[0]
    assert "<title>Link audit: attack.txt</title>" in dom
    assert 'id="pwned-script"' not in dom and 'id="pwned-img"' not in dom
    assert "<blink" not in dom
    assert dom.count("&lt;script&gt;document.title='PWNED'") == 3  # a post, the excerpt's two
    assert "… 9 lines left out …" in dom and "hxxps://welt[.]ltd/politik" in dom
    assert "&lt;img src=x onerror=" in dom
    assert "<svg" in dom and "<rect" in dom

    shot = tmp_path / "report.png"
    _chromium(browser, "--window-size=1100,1600", f"--screenshot={shot}", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000


def test_audit_command_report_in_the_browser(tmp_path: Path, browser: Browser) -> None:
    """The page ``threadscope audit --format html`` writes for our fixture, end to end."""
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "audit" / "cloned_news_thread.txt"
    page = tmp_path / "audit.html"
    result = CliRunner().invoke(
        cli,
        ["audit", str(fixture), "--offline", "--format", "html", "-o", str(page)],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    dom = browser.dom(page)
    assert "<title>Link audit: " in dom and "pwned" not in dom.split("</title>")[0]
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "<svg" in dom
    assert "hxxps://spiegel[.]cfd" in dom


def test_thread_audit_and_bots_pages_fetch_nothing_and_show_the_new_fields(
    tmp_path: Path, bot_report: BotReport, browser: Browser
) -> None:
    """Hostile text in a post, its image description, a coordinated reply, a handle and a
    platform label points a script, images, a stylesheet, an import, a refresh, a frame and a
    base at a made-up host: Chromium renders the three pages and no request leaves them, no
    script runs, and the post's edit, its link edited away, its image description, the
    reply's text, the account's status and its label are on the page as text."""
    from threadscope.models import Assessment, Reassembly, Verdict

    base = "http://attacker.test"
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
    accounts = (dataclasses.replace(bot_report.accounts[0], status="takendown",
                                    platform_labels=("Label " + attack,)),
                *bot_report.accounts[1:])
    clusters = (dataclasses.replace(bot_report.clusters[0], platform_labels=("Says " + attack,)),
                *bot_report.clusters[1:])
    bots = dataclasses.replace(
        bot_report, accounts=accounts, clusters=clusters,
        flagged_posts={0: Post("Antwort " + attack, line=2, author="MariaSchulz83651")})
    pages = {"thread": HtmlFormatter().threads(Reassembly("attack.json", (thread,))),
             "audit": HtmlFormatter().audit(audit),
             "bots": HtmlFormatter().bots(bots).replace("<details>", "<details open>")}
    for name, html in pages.items():
        page = tmp_path / f"{name}.html"
        page.write_text(html, encoding="utf-8")
        dom = browser.dom(page)
        assert "PWNED" not in dom.split("</title>")[0] and "<blink" not in dom, name
        assert inert_problems(dom) == [], name
        for tag in ("<img", "<iframe", "<base", "<link", "<image", "<script"):
            assert tag not in dom.split("</head>")[1], (name, tag)
        if name != "bots":
            assert "edited 2025-09-04T08:30:00Z (first posted 2025-09-04T08:01:00Z)" in dom
            assert "image description: Bildbeschreibung &lt;script&gt;" in dom
        if name == "audit":
            assert "link edited away: <mark class=\"flag\">hxxps://welt[.]ltd/a" in dom
        if name == "bots":
            assert "Antwort &lt;script&gt;" in dom and "<td>takendown</td>" in dom
            assert "Label &lt;script&gt;" in dom and "Says &lt;script&gt;" in dom
    assert browser.recorder.page_requests() == []


# --------------------------------------------------------------------------- the CSP itself

def test_the_content_security_policy_stops_what_escaping_would_have_let_through(
        tmp_path: Path, audit_report: AuditReport, browser: Browser) -> None:
    """An escaping mistake made on purpose: a script, an image, a stylesheet, an import, a
    background, a frame and an object written raw into the page. With the report's CSP none
    runs or fetches; without it (the control: the harness sees what it should) they do."""
    injected = (
        "<script>document.title='RAN'</script>"
        "<img src='http://attacker.test/img'>"
        "<link rel=stylesheet href='http://attacker.test/css'>"
        "<style>@import url('http://attacker.test/import');</style>"
        "<div style=\"background:url('http://attacker.test/bg')\">x</div>"
        "<iframe src='http://attacker.test/frame'></iframe>"
        "<object data='http://attacker.test/object'></object>"
    )
    html = HtmlFormatter().audit(audit_report).replace("<main>", "<main>" + injected, 1)
    guarded = tmp_path / "guarded.html"
    guarded.write_text(html, encoding="utf-8")
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r"<meta http-equiv='Content-Security-Policy'[^>]*>", "", html),
                    encoding="utf-8")

    assert read(browser.dom(guarded)).title != "RAN"
    assert [t for t in browser.recorder.page_requests() if "attacker.test" in t] == []

    assert read(browser.dom(bare)).title == "RAN"
    assert any("attacker.test" in t for t in browser.recorder.page_requests())


# --------------------------------------------------------------------------- end to end

XSS = ("<script>document.title='PWNED'</script>\"><img src=x onerror=\"document.title='PWNED'\">"
       "<style>body{display:none}</style>")
RLO = "\u202egpj.exe"
LONG = "A" * 400
WIDTHS = (1280, 390)
"""A laptop's window and a phone's (CSS pixels)."""
LONG_URL = "https://welt.ltd/politik/" + "sehr-langer-pfad-" * 30 + "?q=" + "x" * 200


def _hostile_site(request: Request) -> Reply:
    """Every made-up site: a page whose title, site name, canonical and og:url are attacks;
    ``t.co`` sends to a ``javascript:`` address, ``bit.ly`` to one that breaks out of an
    attribute."""
    if request.host == "t.co":
        return Reply(302, [("Location", "javascript:alert(document.domain)")])
    if request.host == "bit.ly":
        return Reply(302, [("Location", "http://welt.ltd/\"><img src=x onerror=alert(1)>")])
    escaped = XSS.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    body = (f"<html><head><title>{escaped} WELT</title>"
            f"<meta property='og:site_name' content=\"WELT {escaped}\">"
            "<link rel=canonical href='javascript:alert(1)'>"
            "<meta property='og:url' "
            "content='https://www.welt.de/&quot;&gt;&lt;svg onload=alert(1)&gt;'>"
            f"<style>@import url(http://attacker.test/page-css)</style></head>"
            f"<body>Die Welt <script>fetch('http://attacker.test/page-js')</script></body></html>")
    return Reply(200, [("Content-Type", "text/html; charset=utf-8")], body.encode())


def _hostile_inputs(folder: Path) -> dict[str, Path]:
    thread = (
        f"Hostile thread {XSS}\n"
        f"1/4 Look: https://welt.ltd/politik/a {XSS} and javascript:alert(1) "
        "and <a href=\"javascript:alert(1)\">click</a>\n"
        f"2/4 Short: https://bit.ly/abc and https://t.co/xyz RTL {RLO} long {LONG}\n"
        f"3/4 Long url {LONG_URL}\n"
        "4/4 defanged hxxps://spiegel[.]cfd/x\"><img src=x onerror=alert(2)> and "
        "https://www.spiegel.de/ ok\n"
    )
    statuses: list[dict[str, Any]] = team(labelled=True)
    for number, status in enumerate(statuses[1:]):
        status["account"]["acct"] = [XSS, "user" + RLO, LONG, "voter3", "voter4"][number]
        status["account"]["display_name"] = XSS
        status["content"] += f"<p>{XSS.replace('<', '&lt;')} https://welt.ltd/politik/8812</p>"
    inputs = {"thread": thread, "replies": json.dumps(statuses),
              "domains": "\n".join(["welt.ltd", "javascript:alert(1)", XSS, "http://t.co/x",
                                    LONG_URL, "spiegel.cfd", RLO + ".com"]) + "\n"}
    paths = {name: folder / f"{name}.txt" for name in inputs}
    for name, text in inputs.items():
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_reports_from_hostile_input_are_inert_and_fit_the_screen(
        tmp_path: Path, browser: Browser, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command's ``--format html`` on hostile input, pages fetched through ``--proxy``:
    in Chromium the page runs nothing, links nowhere, fetches nothing, shows the attacks as
    text, and at 1280 and 390 pixels nothing but the sideways-scrolling tables and charts is
    wider than the window."""
    inputs = _hostile_inputs(tmp_path)
    tls = TlsHosts()
    monkeypatch.setenv("SSL_CERT_FILE", tls.write_ca(str(tmp_path / "ca.pem")))
    shots = os.environ.get("THREADSCOPE_SCREENSHOTS")
    with LoopbackServer(_hostile_site, tls=tls) as sites:
        online = ["--proxy", sites.url, "--timeout", "3", "--no-cache"]
        commands = {
            "thread": ["thread", str(inputs["thread"])],
            "audit": ["audit", str(inputs["thread"]), *online],
            "bots": ["bots", str(inputs["replies"]), *online],
            "check": ["check", "http://welt.ltd/x", "http://t.co/x", "http://bit.ly/y",
                      "javascript:alert(1)", LONG_URL, *online],
            "domains": ["domains", str(inputs["domains"]), *online],
        }
        for name, args in commands.items():
            page = tmp_path / f"{name}.html"
            result = CliRunner().invoke(cli, [*args, "--format", "html", "-o", str(page)])
            assert result.exit_code in (0, 1), (name, result.output)
        assert sites.count("welt.ltd") > 0  # the pages were fetched, their titles read
    htmls: dict[str, str] = {}
    for name in commands:
        page = tmp_path / f"{name}.html"
        dom = browser.dom(page)
        seen = read(dom)
        assert inert_problems(dom) == [], name
        assert "PWNED" not in seen.title and "<blink" not in dom, name
        assert "<script>document.title='PWNED'</script>" in seen.text, name  # shown, as text
        assert "\u202e" not in seen.text, name  # an override shows as its escape
        assert "\\u202e" in seen.text or name == "check", name
        if name in ("audit", "check"):
            assert "javascript:alert(1)" in seen.text
            assert "https://welt.ltd" not in seen.text and "hxxps://welt[.]ltd" in seen.text
            assert "WELT <script>" in seen.text or "WELT \"><img" in seen.text, name
        htmls[name] = page.read_text("utf-8")
        for width in WIDTHS if shots else ():
            browser.screenshot(page, Path(shots or ".") / f"{name}-{width}.png", width, 6000)
    for name, html in htmls.items():
        for width in WIDTHS:
            assert browser.overflow(html, tmp_path, width) == [], (name, width)
    assert browser.recorder.page_requests() == []


# --------------------------------------------------------------------------- dark mode, phones

CONTRAST_PROBE = """
const clear = c => c === 'rgba(0, 0, 0, 0)' || c === 'transparent';
const back = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e)
  .backgroundColor; if (!clear(c)) return c; } return 'rgb(255, 255, 255)'; };
const inside = (a, b) => { const x = a.x + a.width / 2, y = a.y + a.height / 2;
  return x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height; };
out = [];
for (const e of document.querySelectorAll('body *')) {
  if (e.closest('svg') || !e.getClientRects().length) continue;
  if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
  out.push([e.tagName.toLowerCase() + '.' + e.className, getComputedStyle(e).color, back(e)]);
}
for (const t of document.querySelectorAll('svg text')) {
  const rect = [...t.parentNode.querySelectorAll('rect')].reverse()
    .find(r => inside(t.getBBox(), r.getBBox()));
  out.push(['svg text ' + t.textContent.slice(0, 20), getComputedStyle(t).fill,
            rect ? getComputedStyle(rect).fill : back(t.closest('svg'))]);
}
"""
"""Each element's own text (HTML and chart): its colour and the colour behind it (the first
background up its ancestors; in a chart, the bar it is written on, else the chart's)."""

FONT_PROBE = """
out = [...document.querySelectorAll('svg.chart text')].map(t => {
  const svg = t.closest('svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [t.textContent.slice(0, 30), parseFloat(getComputedStyle(t).fontSize) * scale];
});
"""
"""Each chart text's size on the screen, in CSS pixels: its font size scaled as its chart is."""


def _rgb(css: str) -> tuple[float, float, float]:
    parts = re.findall(r"[\d.]+", css)
    assert len(parts) == 3 or float(parts[3]) == 1.0, css  # opaque: no blending to guess
    red, green, blue = (float(part) / 255 for part in parts[:3])
    return red, green, blue


def _luminance(css: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = map(linear, _rgb(css))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(ink: str, paper: str) -> float:
    """WCAG 2's contrast ratio of two CSS ``rgb(…)`` colours (1 to 21)."""
    light, dark = sorted((_luminance(ink), _luminance(paper)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_ratio_as_wcag_defines_it() -> None:
    assert round(contrast("rgb(255, 255, 255)", "rgb(0, 0, 0)"), 1) == 21.0
    assert round(contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)"), 2) == 4.54


@pytest.fixture()
def report_pages(tmp_path: Path, audit_report: AuditReport, bot_report: BotReport
                 ) -> dict[str, str]:
    """Pages with every verdict's badge and every chart: the check page offline (a
    look-alike, a suspicious name, an official and a benign domain, a short link not
    followed, an invalid target), the audit and bots fixtures' pages."""
    page = tmp_path / "check.html"
    targets = ["welt.ltd", "welt-nachrichten.info", "welt.de", "example.org", "bit.ly/x",
               "http://exa mple.org"]
    result = CliRunner().invoke(cli, ["check", *targets, "--offline", "--format", "html",
                                      "-o", str(page)])
    assert result.exit_code == 1, result.output
    formatter = HtmlFormatter()
    return {"check": page.read_text("utf-8"), "audit": formatter.audit(audit_report),
            "bots": formatter.bots(bot_report)}


@pytest.mark.parametrize("dark", [True, False], ids=["dark", "light"])
def test_every_text_keeps_its_contrast_in_either_colour_scheme(
        tmp_path: Path, browser: Browser, report_pages: dict[str, str], dark: bool) -> None:
    """``prefers-color-scheme: dark`` turns the page dark; every text (verdict badges,
    flagged text, notes, chart labels and the counts on the bars) keeps a contrast of 4.5
    to what it is written on (WCAG AA for text), in dark as in light."""
    badges: set[str] = set()
    for name, html in report_pages.items():
        found = browser.measured(html, tmp_path, 1280, CONTRAST_PROBE, dark=dark)
        assert isinstance(found, list) and found, name
        poor = [(what, ink, paper, round(contrast(ink, paper), 2))
                for what, ink, paper in found if contrast(ink, paper) < 4.5]
        assert poor == [], (name, poor)
        badges |= {what for what, _, _ in found if what.startswith("span.badge")}
        backgrounds = {paper for what, _, paper in found if what.startswith("h2")}
        assert all(_luminance(paper) < 0.05 if dark else _luminance(paper) > 0.9
                   for paper in backgrounds), (name, backgrounds)
    assert {f"span.badge v-{verdict}" for verdict in
            ("lookalike", "suspicious", "benign", "official", "invalid")} <= badges


def test_the_printout_stays_light_in_the_dark_scheme() -> None:
    """The dark colours are for screens only: a report printed from a dark phone is ink on
    white paper, as before."""
    css = re.sub(r"\s+", "", HtmlFormatter().brands([]))
    assert "@mediascreenand(prefers-color-scheme:dark)" in css
    assert "@media(prefers-color-scheme:dark)" not in css


def test_chart_text_reads_on_a_phone(tmp_path: Path, browser: Browser,
                                     report_pages: dict[str, str]) -> None:
    """On a phone (390 CSS pixels) a chart keeps its own size in its sideways-scrolling box
    rather than shrink to the screen: no label, count or year under 12 pixels (at 390 a
    chart shrunk to the screen had 6-pixel text). On a laptop it is as wide as the page."""
    for name, html in report_pages.items():
        for width, least in ((390, 12.0), (1280, 12.0)):
            sizes = browser.measured(html, tmp_path, width, FONT_PROBE)
            assert isinstance(sizes, list) and sizes, (name, width)
            small = [(text, round(size, 1)) for text, size in sizes if size < least - 0.01]
            assert small == [], (name, width, small)
