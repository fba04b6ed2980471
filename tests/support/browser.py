"""Headless Chromium for the HTML report tests: render a page, read its DOM, measure it.

Every request the browser makes goes to a recording proxy on 127.0.0.1 (``--proxy-server``
with loopback not bypassed), so a page that tried to load anything is seen, and nothing ever
leaves the machine. Chromium's own background traffic (its update and account services, which
no flag silences) is told apart by host (``BROWSER_OWN_HOSTS``): every other request is the
page's.

Chromium is Debian's ``chromium`` package. Without it the calling test is skipped, except in CI
(``CI`` set, as ``.ci/run`` runs and installs it), where a missing browser fails the test: the
browser tests are never skipped there without a sound.
"""

from __future__ import annotations

import html as html_module
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SKIP_REASON = "chromium is not installed (apt-get install chromium; CI installs it)"
BROWSER_OWN_HOSTS = frozenset({
    "accounts.google.com", "clients2.google.com", "update.googleapis.com",
    "redirector.gvt1.com", "optimizationguide-pa.googleapis.com",
    "content-autofill.googleapis.com", "safebrowsingohttpgateway.googleapis.com",
})
"""Hosts Chromium itself calls while it runs, whatever page it shows (none serves pages)."""
QUIET = (
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--disable-domain-reliability",
    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter",
    "--no-pings", "--no-first-run", "--no-default-browser-check",
)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """The browser's path; skips the calling test without one (fails it in CI)."""
    path = chromium_path()
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{SKIP_REASON}: CI must have it (.ci/run installs Debian's chromium)")
    pytest.skip(SKIP_REASON)


def _host(target: str) -> str:
    """The host of a proxy request line's target: ``http://h/p`` or ``h:443`` (CONNECT)."""
    if "://" in target:
        return (urlsplit(target).hostname or "").lower()
    return target.rsplit(":", 1)[0].strip("[]").lower()


@dataclass
class Recorder:
    """The proxy every browser request goes to: it notes the target and answers 204."""

    targets: list[str] = field(default_factory=list)
    url: str = ""

    def page_requests(self) -> list[str]:
        """The requests that were not Chromium's own background calls."""
        return [target for target in self.targets if _host(target) not in BROWSER_OWN_HOSTS]


@contextmanager
def recording_proxy() -> Iterator[Recorder]:
    recorder = Recorder()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _note(self) -> None:
            recorder.targets.append(self.path)
            self.send_response(204)
            self.end_headers()

        do_GET = do_POST = do_HEAD = do_CONNECT = _note  # noqa: N815 (http.server's names)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Browser:
    """One headless Chromium profile whose every request goes to ``recorder``."""

    path: str
    profile: Path
    recorder: Recorder

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [
            self.path, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            *QUIET, f"--user-data-dir={self.profile}",
            f"--proxy-server={self.recorder.url}", "--proxy-bypass-list=<-loopback>", *args,
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def dom(self, page: Path, width: int = 1280, *, dark: bool = False) -> str:
        """The DOM after load (scripts, had any run, would have run by then); ``dark``: with
        the system's dark colour scheme (``prefers-color-scheme: dark``), as a phone or a
        desktop set to dark shows pages."""
        scheme = ("--blink-settings=preferredColorScheme=0",) if dark else ()
        result = self.run(f"--window-size={width},2000", "--virtual-time-budget=2000",
                          *scheme, "--dump-dom", page.as_uri())
        assert "<html" in result.stdout, result.stderr[-2000:]
        return result.stdout

    def screenshot(self, page: Path, shot: Path, width: int, height: int = 2400) -> Path:
        """A picture of ``page`` laid out ``width`` CSS pixels wide (``narrowed``)."""
        copy = shot.with_suffix(".html")
        copy.write_text(narrowed(page.read_text("utf-8"), width), encoding="utf-8")
        self.run(f"--window-size={max(width, MIN_WINDOW)},{height}", f"--screenshot={shot}",
                 copy.as_uri())
        assert shot.is_file() and shot.stat().st_size > 5_000, shot
        return shot

    def overflow(self, html: str, scratch: Path, width: int) -> list[str]:
        """The elements of the page, laid out ``width`` CSS pixels wide (``narrowed``), that
        stick out past its right edge, outside the ``.wide`` boxes that scroll sideways on
        their own; [] when the page never scrolls sideways. Measured on a copy of the page
        with our own measuring script added and the CSP meta taken out (the report itself
        runs no script)."""
        probe = (
            f"<script>const out=[...document.querySelectorAll('body *')].filter(e=>"
            f"!e.closest('.wide')&&e.getBoundingClientRect().right>{width}+1)"
            ".map(e=>e.tagName.toLowerCase()+'.'+e.className).slice(0,8);"
            "const p=document.createElement('pre');p.id='measured';"
            "p.textContent='['+out.join(',')+']';document.body.append(p)</script>"
        )
        copy = re.sub(r"<meta http-equiv='Content-Security-Policy'[^>]*>", "", html)
        page = scratch / f"measure-{width}.html"
        page.write_text(narrowed(copy, width).replace("</body>", probe + "</body>"),
                        encoding="utf-8")
        found = re.search(r"<pre id=\"measured\">\[([^<]*)\]</pre>",
                          self.dom(page, max(width, MIN_WINDOW)))
        assert found, "the measuring script did not run"
        return [name for name in found.group(1).split(",") if name]


    def measured(self, html: str, scratch: Path, width: int, script: str, *,
                 dark: bool = False) -> object:
        """What ``script`` (JavaScript that leaves its answer in ``out``) finds in the page
        laid out ``width`` CSS pixels wide (``narrowed``), in the dark colour scheme when
        ``dark``: read back as JSON, from a copy of the page with the script added and the
        CSP meta taken out, as ``overflow`` measures."""
        probe = (f"<script>let out;{script};const p=document.createElement('pre');"
                 "p.id='measured';p.textContent=JSON.stringify(out);"
                 "document.body.append(p)</script>")
        copy = re.sub(r"<meta http-equiv='Content-Security-Policy'[^>]*>", "", html)
        page = scratch / f"measure-{width}-{'dark' if dark else 'light'}.html"
        page.write_text(narrowed(copy, width).replace("</body>", probe + "</body>"),
                        encoding="utf-8")
        dom = self.dom(page, max(width, MIN_WINDOW), dark=dark)
        found = re.search(r"<pre id=\"measured\">([^<]*)</pre>", dom)
        assert found, "the measuring script did not run"
        return json.loads(html_module.unescape(found.group(1)))


MIN_WINDOW = 500
"""Headless Chromium's window is never narrower (a narrower ``--window-size`` gives 500)."""


def narrowed(html: str, width: int) -> str:
    """The page as a window ``width`` CSS pixels wide lays it out, where that is narrower than
    Chromium's narrowest window: the root element held to that width. The report's own
    narrow-screen rules (below 640 pixels) hold at 500 as at 390, and it uses no ``vw``."""
    if width >= MIN_WINDOW:
        return html
    return html.replace("</head>", f"<style>html{{width:{width}px}}</style></head>", 1)


@contextmanager
def chromium(profile: Path) -> Iterator[Browser]:
    """A browser (skipped without one, failed in CI) and the proxy it reports to."""
    path = require_chromium()
    with recording_proxy() as recorder:
        yield Browser(path, profile, recorder)
