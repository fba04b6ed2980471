"""Mastodon ``/api/v1/statuses/:id/context`` JSON → posts.

The context holds ``ancestors`` and ``descendants`` but not the status itself; researchers save
it beside, often as ``{"status": Status, "context": {…}}``. Ancestors and the status are
context; descendants are the dump's posts. A context saved without its status still shows
where the status stood: descendants answer an id the file does not hold, a gap in the thread.
A boost (``reblog``) is the booster's repost of another status, never part of their thread.
``content`` is HTML, read by libxml2's HTML parser (lxml) in one linear pass of events: a
regex would miss entities, nested markup and ``<br>`` line breaks, and html.parser took 20 s
on 60 KB of unclosed tags in a hostile dump.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, mostly, obj, text, unique
from threadscope.models import Post


def is_status(value: Any) -> bool:
    return isinstance(value, dict) and "content" in value and isinstance(value.get("account"), dict)


def is_mastodon(value: Any) -> bool:
    if isinstance(value, dict):
        if "ancestors" in value or "descendants" in value:
            return True
        return is_status(value.get("status")) or is_status(value)
    return mostly(is_status, items(value))


def parse_mastodon(values: list[Any]) -> Dump:
    """Ancestors and the status as context, descendants as posts; a status the answer implies
    but does not hold (the one the context was requested for, saved without it) is a gap."""
    context: list[dict[str, Any]] = []
    posts: list[dict[str, Any]] = []
    conversation: dict[int, str] = {}
    """id() of a status → the root of the context answer it came in."""
    gaps: list[str] = []
    skipped = 0
    for value in values:
        if isinstance(value, list):
            statuses = [s for s in items(value) if is_status(s)]
            skipped += len(items(value)) - len(statuses)
            posts.extend(statuses)
            continue
        ctx = obj(value, "context") or value
        ancestors, descendants = items(ctx, "ancestors"), items(ctx, "descendants")
        status = value.get("status") if is_status(value.get("status")) else (
            value if is_status(value) else None)
        shown = [*ancestors, *([status] if status else []), *descendants]
        held = {text(s, "id") for s in shown}
        absent = unique([text(d, "in_reply_to_id") for d in descendants
                         if text(d, "in_reply_to_id") not in held])
        gaps.extend(absent)
        root = text(ancestors[0], "id") if ancestors else text(status, "id") if status else (
            absent[0] if absent else None)
        for one in shown:
            if root:
                conversation[id(one)] = root
        context.extend([*ancestors, *([status] if status else [])])
        posts.extend(descendants)
    accounts = {text(obj(s, "account"), "id"): _handle(obj(s, "account"))
                for s in (*context, *posts)}
    reblogged = [obj(s, "reblog") for s in (*context, *posts) if obj(s, "reblog")]
    held_ids = {text(s, "id") for s in (*context, *posts)}
    context.extend(r for r in reblogged if text(r, "id") not in held_ids)

    def read(status: dict[str, Any], order: int) -> Post:
        return _post(status, order, accounts, conversation.get(id(status)))

    warnings: tuple[str, ...] = (
        (f"Mastodon: {skipped} record(s) that are not statuses skipped",) if skipped else ())
    if gaps:
        warnings += (f"Mastodon: {len(gaps)} status(es) replied to but not in the file (the "
                     "status a context was requested for is not part of the answer)",)
    return Dump(
        "mastodon",
        tuple(read(s, len(context) + i) for i, s in enumerate(posts, 1)),
        warnings,
        context=tuple(read(s, i) for i, s in enumerate(context, 1)),
        gaps=tuple(gaps),
    )


def _handle(account: dict[str, Any]) -> str | None:
    return text(account, "acct") or text(account, "username")


def _post(status: dict[str, Any], order: int, accounts: dict[str | None, str | None],
          conversation: str | None) -> Post:
    account = obj(status, "account")
    # A boost carries no text of its own: the boosted status is the content.
    reblog = obj(status, "reblog")
    shown = reblog or status
    body, links = html_text(text(shown, "content") or "")
    spoiler = text(shown, "spoiler_text")
    card = obj(shown, "card")
    quote = obj(status, "quote")
    quoted = obj(quote, "quoted_status") or (quote if is_status(quote) else {})
    answered = text(status, "in_reply_to_account_id")
    return Post(
        text=f"{spoiler}\n{body}" if spoiler else body,
        line=order,
        author=_handle(account),
        display_name=text(account, "display_name"),
        post_id=text(status, "id"),
        reply_to=text(status, "in_reply_to_id"),
        conversation_id=conversation,
        created_at=iso_time(text(status, "created_at")),
        author_created_at=iso_time(text(account, "created_at")),
        urls=unique([*links, text(card, "url")]),
        card_title=text(card, "title"),
        repost_of=text(reblog, "id"),
        quote_of=text(quoted, "id") or text(status, "quote_id"),
        reply_to_author=accounts.get(answered) if answered else None,
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
