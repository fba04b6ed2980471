"""What an HTML report page is made of, read with ``html.parser``: the checks that make it inert.

Used on the formatter's output (pure Python, every run) and on the DOM Chromium built from it
(``tests/report/test_html_browser.py``): the browser's DOM is the proof, the parser the quick
guard. A page is inert when it has only the elements the formatter writes, no event handler,
no attribute that fetches, only in-page links (``#link-3``), no ``url(`` or ``@import`` in its
styles, and a Content-Security-Policy that would stop a script or a fetch had any slipped in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

ELEMENTS = frozenset({
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
    "article", "div", "span", "p", "b", "i", "mark", "code", "h1", "h2", "h3", "ul", "ol",
    "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "a", "br",
    "details", "summary", "svg", "rect", "text", "line", "circle",
})
"""Every element the formatter writes (``title`` is also an SVG tooltip)."""
HEAD_ONLY = frozenset({"meta", "style"})
FETCHING = frozenset({"src", "srcset", "action", "formaction", "data", "poster", "background",
                      "xlink:href", "ping", "manifest", "codebase", "archive", "lowsrc"})
CSP_REQUIRED = ("default-src 'none'", "base-uri 'none'", "form-action 'none'")
CSP_FORBIDDEN = ("script-src", "connect-src", "unsafe-eval", "http:", "https:", "*")


@dataclass
class Page:
    elements: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    title: str = ""
    text: str = ""
    """All text content, entities decoded, as a reader sees it."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.in_head = False
        self.stack: list[str] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        page = self.page
        page.elements.add(tag)
        if tag == "head":
            self.in_head = True
        if tag == "body":
            self.in_head = False
        if tag not in ELEMENTS:
            page.problems.append(f"element <{tag}>")
        if tag in HEAD_ONLY and not self.in_head:
            page.problems.append(f"<{tag}> outside the head")
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                page.problems.append(f"event handler {name} on <{tag}>")
            if name in FETCHING:
                page.problems.append(f"fetching attribute {name}={value!r} on <{tag}>")
            if name == "href":
                page.hrefs.append(value or "")
                if tag != "a" or not (value or "").startswith("#"):
                    page.problems.append(f"link out of the page: <{tag} href={value!r}>")
            if name == "style" and value and ("url(" in value.lower() or "@" in value):
                page.problems.append(f"style that may fetch on <{tag}>: {value!r}")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == (
                "content-security-policy"):
            page.csp.append(values.get("content") or "")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            page.problems.append("meta refresh")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        current = self.stack[-1] if self.stack else ""
        if current == "style":
            lowered = data.lower()
            if "url(" in lowered or "@import" in lowered or "@font-face" in lowered:
                self.page.problems.append("a style rule that fetches")
            return
        if current == "title" and self.in_head:
            self.page.title += data
        self.chunks.append(data)


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    page = reader.page
    page.text = "".join(reader.chunks)
    return page


def inert_problems(html: str) -> list[str]:
    """Everything that would let the page run, fetch or send a reader elsewhere; [] for none."""
    page = read(html)
    problems = list(page.problems)
    if len(page.csp) != 1:
        problems.append(f"{len(page.csp)} Content-Security-Policy metas (want one)")
    for policy in page.csp:
        problems += [f"CSP lacks {part}" for part in CSP_REQUIRED if part not in policy]
        problems += [f"CSP allows {part}" for part in CSP_FORBIDDEN if part in policy]
    return problems
