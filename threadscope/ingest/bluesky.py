"""Bluesky ``app.bsky.feed.getPostThread`` JSON → posts.

The response is a tree around one anchor post: ``parent`` links lead up to the root,
``replies`` fan out below. Parents and the anchor are context (a reply dump is about the
replies); deleted or blocked posts (``#notFoundPost``, ``#blockedPost``) are gaps, not errors.
Links live in ``facets`` (their offsets count UTF-8 bytes, not characters) and in an
``embed.external`` card.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, obj, text, unique
from threadscope.models import Post

MAX_NODES = 100_000
"""A getPostThread response holds a few hundred posts; more means hostile input."""

_GAP_TYPES = ("#notFoundPost", "#blockedPost")


def is_bluesky(value: Any) -> bool:
    thread = obj(value, "thread")
    kind = text(thread, "$type") or ""
    return kind.startswith("app.bsky.feed.defs#") or "uri" in obj(thread, "post")


def parse_bluesky(values: list[Any]) -> Dump:
    """Parents (root first) and the anchor as context; replies depth-first as posts."""
    context: list[Post] = []
    posts: list[Post] = []
    gaps: list[str] = []
    for value in values:
        anchor = obj(value, "thread")
        for node in reversed(_ancestors(anchor)):
            _visit(node, context, gaps)
        _visit(anchor, context, gaps)
        for node in _descendants(anchor):
            _visit(node, posts, gaps)
    warnings = (f"Bluesky: {len(gaps)} post(s) deleted or blocked",) if gaps else ()
    posts = [replace(p, line=p.line + len(context)) for p in posts]  # numbered after context
    return Dump("bluesky", tuple(posts), warnings, context=tuple(context), gaps=tuple(gaps))


def _ancestors(anchor: dict[str, Any]) -> list[dict[str, Any]]:
    chain: list[dict[str, Any]] = []
    node = obj(anchor, "parent")
    while node and len(chain) < MAX_NODES:
        chain.append(node)
        node = obj(node, "parent")
    return chain


def _descendants(anchor: dict[str, Any]) -> list[dict[str, Any]]:
    """Depth-first, in the order the API gave, without recursion (hostile depth is cheap)."""
    out: list[dict[str, Any]] = []
    stack = list(reversed(items(anchor, "replies")))
    while stack and len(out) < MAX_NODES:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(items(node, "replies")))
    return out


def _visit(node: dict[str, Any], into: list[Post], gaps: list[str]) -> None:
    kind = text(node, "$type") or ""
    if kind.endswith(_GAP_TYPES) or node.get("notFound") or node.get("blocked"):
        uri = text(node, "uri")
        if uri:
            gaps.append(uri)
        return
    view = obj(node, "post")
    if view:
        into.append(_post(view, len(into) + 1))


def _post(view: dict[str, Any], order: int) -> Post:
    record = obj(view, "record")
    author = obj(view, "author")
    reply = obj(record, "reply")
    external = obj(obj(record, "embed"), "external") or obj(obj(view, "embed"), "external")
    body = text(record, "text") or ""
    uri = text(view, "uri")
    return Post(
        text=body,
        line=order,
        author=text(author, "handle"),
        display_name=text(author, "displayName"),
        post_id=uri,
        reply_to=text(obj(reply, "parent"), "uri"),
        conversation_id=text(obj(reply, "root"), "uri") or uri,
        created_at=iso_time(text(record, "createdAt")),
        urls=unique([*facet_links(body, record), text(external, "uri")]),
        card_title=text(external, "title"),
    )


def facet_links(body: str, record: dict[str, Any]) -> list[str]:
    """Link facets whose byte range lies inside the text (UTF-8 offsets, as Bluesky counts)."""
    size = len(body.encode("utf-8"))
    links: list[str] = []
    for facet in items(record, "facets"):
        index = obj(facet, "index")
        start, end = index.get("byteStart"), index.get("byteEnd")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size):
            continue
        for feature in items(facet, "features"):
            if (text(feature, "$type") or "").endswith("#link") and text(feature, "uri"):
                links.append(text(feature, "uri") or "")
    return links


def facet_text(body: str, start: int, end: int) -> str:
    """The characters a facet covers: slice the UTF-8 bytes, not the string."""
    return body.encode("utf-8")[start:end].decode("utf-8", errors="replace")
