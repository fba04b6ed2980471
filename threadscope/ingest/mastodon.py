"""Mastodon ``/api/v1/statuses/:id/context`` JSON → posts.

The context holds ``ancestors`` and ``descendants`` but not the status itself; researchers save
it beside, often as ``{"status": Status, "context": {…}}``. Ancestors and the status are
context; descendants are the dump's posts. ``content`` is HTML, read by libxml2's HTML parser
(lxml) in one linear pass of events: a regex would miss entities, nested markup and ``<br>``
line breaks, and html.parser took 20 s on 60 KB of unclosed tags in a hostile dump.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, obj, text, unique
from threadscope.models import Post


def is_status(value: Any) -> bool:
    return isinstance(value, dict) and "content" in value and isinstance(value.get("account"), dict)


def is_mastodon(value: Any) -> bool:
    if isinstance(value, dict):
        if "ancestors" in value or "descendants" in value:
            return True
        return is_status(value.get("status")) or is_status(value)
    records = items(value)
    return bool(records) and all(is_status(r) for r in records[:20])


def parse_mastodon(values: list[Any]) -> Dump:
    context: list[dict[str, Any]] = []
    posts: list[dict[str, Any]] = []
    for value in values:
        if isinstance(value, list):
            posts.extend(items(value))
            continue
        ctx = obj(value, "context") or value
        context.extend(items(ctx, "ancestors"))
        if is_status(value.get("status")):
            context.append(value["status"])
        elif is_status(value):
            context.append(value)
        posts.extend(items(ctx, "descendants"))
    return Dump(
        "mastodon",
        tuple(_post(s, len(context) + i) for i, s in enumerate(posts, 1)),
        context=tuple(_post(s, i) for i, s in enumerate(context, 1)),
    )


def _post(status: dict[str, Any], order: int) -> Post:
    account = obj(status, "account")
    body, links = html_text(text(status, "content") or "")
    spoiler = text(status, "spoiler_text")
    card = obj(status, "card")
    return Post(
        text=f"{spoiler}\n{body}" if spoiler else body,
        line=order,
        author=text(account, "acct") or text(account, "username"),
        display_name=text(account, "display_name"),
        post_id=text(status, "id"),
        reply_to=text(status, "in_reply_to_id"),
        created_at=iso_time(text(status, "created_at")),
        author_created_at=iso_time(text(account, "created_at")),
        urls=unique([*links, text(card, "url")]),
        card_title=text(card, "title"),
    )


_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_POST_LINKS = frozenset({"mention", "hashtag", "u-url"})


class _PostText:
    """lxml parser target: the text with ``<br>`` and paragraph breaks, and the links."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.links: list[str] = []

    def start(self, tag: str, attrib: Any) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            href = attrib.get("href")
            classes = set(str(attrib.get("class") or "").split())
            if isinstance(href, str) and not _NOT_POST_LINKS & classes:
                self.links.append(href)

    def end(self, tag: str) -> None:
        if tag == "p":
            self.parts.append("\n\n")

    def data(self, text: str) -> None:
        self.parts.append(text)

    def close(self) -> None:
        return None


def html_text(html: str) -> tuple[str, list[str]]:
    """Visible text (paragraphs and ``<br>`` as line breaks) and the hrefs of real links.

    Mentions and hashtags are links too, to profiles and tag pages; they are not what a
    post links to, so they are left out of the links.
    """
    if "<" not in html and "&" not in html:
        return html, []
    target = _PostText()
    parser = etree.HTMLParser(target=target, encoding="utf-8", recover=True, no_network=True,
                              remove_comments=True, remove_pis=True)
    # Lone surrogates (a "\ud800" escape in the JSON) cannot be handed to libxml2 as UTF-8.
    data = _SURROGATE.sub("\ufffd", html).encode("utf-8")
    try:
        parser.feed(data)
        parser.close()
    except (etree.LxmlError, ValueError, TypeError):
        pass  # what was read before the parser gave up is kept
    return "".join(target.parts).strip(), target.links
