"""What a landing page says about itself: title, canonical address, og tags, borrowed assets.

Pages are hostile input: they are parsed with beautifulsoup4's tolerant html.parser from at
most ``max_body`` bytes, never executed. Redirects done in HTML (meta refresh) or in plain
JavaScript (``location.href = "…"``) are read from the text with regular expressions.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from bs4.element import Tag

# Asset hosts kept per page: enough for any real page, bounded for hostile ones.
MAX_ASSET_HOSTS = 200
# JavaScript redirects are only followed on small pages: a redirector stub is a few hundred
# bytes, while a real article has many scripts that assign location in event handlers.
JS_REDIRECT_MAX_BYTES = 16 * 1024
_NOT_ASSETS = {"canonical", "alternate", "amphtml", "shortlink"}

_META_REFRESH = re.compile(
    rb"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*>""", re.IGNORECASE
)
_CONTENT = re.compile(rb"""content\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_REFRESH_URL = re.compile(r"""^\s*\d*(?:\.\d+)?\s*[;,]?\s*(?:url\s*=\s*)?(.*)$""", re.I | re.S)
_JS_ASSIGN = re.compile(
    rb"""(?:(?:window|document|top|self|parent)\s*\.\s*)?location"""
    rb"""(?:\s*\.\s*href)?\s*=\s*(["'])([^"'\r\n]{1,2048})\1"""
)
_JS_CALL = re.compile(
    rb"""location\s*\.\s*(?:replace|assign)\s*\(\s*(["'])([^"'\r\n]{1,2048})\1\s*\)"""
)


@dataclass(frozen=True)
class RawPage:
    """The page as parsed, before a brand registry judges it (what the cache keeps)."""

    title: str | None = None
    canonical: str | None = None
    og_url: str | None = None
    site_name: str | None = None
    assets: tuple[str, ...] = ()
    """One absolute URL per distinct host of images, scripts, stylesheets and links."""
    truncated: bool = False


def _decode(body: bytes, encoding: str | None) -> str:
    try:
        return body.decode(encoding or "utf-8", errors="replace")
    except LookupError:  # an unknown charset name from a hostile header
        return body.decode("utf-8", errors="replace")


def _unquote_refresh(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] in "'\"" and value[-1] == value[0]:
        value = value[1:-1]
    return value.strip()


def find_refresh(body: bytes, base_url: str) -> tuple[str, str] | None:
    """``(absolute target, via)`` for an HTML meta refresh or a plain JavaScript redirect."""
    meta = _META_REFRESH.search(body)
    if meta is not None:
        content = _CONTENT.search(meta.group(0))
        if content is not None:
            text = content.group(2).decode("utf-8", errors="replace")
            match = _REFRESH_URL.match(text)
            target = _unquote_refresh(match.group(1)) if match else ""
            if target:
                return urljoin(base_url, target), "meta-refresh"
    if len(body) > JS_REDIRECT_MAX_BYTES:
        return None
    for pattern in (_JS_CALL, _JS_ASSIGN):
        found = pattern.search(body)
        if found is not None:
            target = found.group(2).decode("utf-8", errors="replace").strip()
            if target and not target.lower().startswith(("javascript:", "#")):
                return urljoin(base_url, target), "javascript"
    return None


def _attr(tag: Tag | None, name: str) -> str | None:
    if tag is None:
        return None
    value = tag.get(name)
    if isinstance(value, list):
        value = " ".join(value)
    return value.strip()[:2048] if value and value.strip() else None


def _meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return _attr(tag if isinstance(tag, Tag) else None, "content")


def _rels(tag: Tag) -> set[str]:
    rel: object = tag.get("rel") or []
    values = [str(r) for r in rel] if isinstance(rel, list) else str(rel).split()
    return {value.lower() for value in values}


def _canonical(soup: BeautifulSoup) -> str | None:
    for tag in soup.find_all("link", href=True):
        if "canonical" in _rels(tag):
            return _attr(tag, "href")
    return None


def _assets(soup: BeautifulSoup, base_url: str) -> tuple[str, ...]:
    by_host: dict[str, str] = {}
    for tag_name, attr in (("img", "src"), ("script", "src"), ("link", "href"), ("a", "href")):
        for tag in soup.find_all(tag_name, attrs={attr: True}):
            if tag_name == "link" and _rels(tag) & _NOT_ASSETS:
                continue  # the page's claims about itself are judged on their own
            value = _attr(tag, attr)
            if value is None:
                continue
            absolute = urljoin(base_url, value)
            try:
                host = (urlsplit(absolute).hostname or "").lower()
            except ValueError:
                continue
            if host and host not in by_host:
                by_host[host] = absolute
                if len(by_host) >= MAX_ASSET_HOSTS:
                    return tuple(by_host.values())
    return tuple(by_host.values())


def parse_page(body: bytes, base_url: str, encoding: str | None, truncated: bool) -> RawPage:
    """Parse at most what was read; any bytes give a RawPage (possibly empty), never an error."""
    text = _decode(body, encoding)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "html.parser")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True)[:500] if isinstance(title_tag, Tag) else None
    canonical = _canonical(soup)
    og_url = _meta(soup, "og:url")
    return RawPage(
        title=title or None,
        canonical=urljoin(base_url, canonical) if canonical else None,
        og_url=urljoin(base_url, og_url) if og_url else None,
        site_name=_meta(soup, "og:site_name"),
        assets=_assets(soup, base_url),
        truncated=truncated,
    )
