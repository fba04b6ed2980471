"""Bluesky ``app.bsky.feed.getPostThread`` JSON → posts.

The response is a tree around one anchor post: ``parent`` links lead up to the root,
``replies`` fan out below. Parents and the anchor are context (a reply dump is about the
replies); deleted or blocked posts (``#notFoundPost``, ``#blockedPost``) are gaps, not errors.
A feed (``getAuthorFeed``, ``getTimeline``: ``{"feed": [{"post", "reply", "reason"}]}``) or a
``searchPosts`` page lists posts; a feed item with ``reason`` ``#reasonRepost`` is a repost
by ``reason.by`` of someone's post, which is the only place Bluesky's answers show reposts.
Links live in ``facets`` (their offsets count UTF-8 bytes, not characters) and in an
``embed.external`` card; images' and videos' ``alt`` texts are kept apart (``alt_texts``).
Bluesky's moderation shows on a post's author as a label (``!takedown``; ``!suspend``): the
account's status as the answer was saved (``author_labels``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, mostly, obj, text, unique
from threadscope.models import Post

MAX_NODES = 100_000
"""A getPostThread response holds a few hundred posts; more means hostile input."""

_GAP_TYPES = ("#notFoundPost", "#blockedPost")


def is_bluesky(value: Any) -> bool:
    """A getPostThread answer, or a feed (getAuthorFeed, getTimeline) or searchPosts page."""
    thread = obj(value, "thread")
    kind = text(thread, "$type") or ""
    if kind.startswith("app.bsky.feed.defs#") or "uri" in obj(thread, "post"):
        return True
    feed = items(value, "feed")
    if feed:
        return mostly(lambda item: "uri" in obj(item, "post"), feed)
    return mostly(_is_post_view, items(value, "posts"))


def _is_post_view(view: dict[str, Any]) -> bool:
    return "uri" in view and "record" in view


def parse_bluesky(values: list[Any]) -> Dump:
    """Threads: parents (root first) and the anchor as context, replies depth-first as posts.
    Feeds: each item a post (a repost is the reposter's, ``repost_of`` the original), the
    posts they answer and the originals of reposts as context."""
    context: list[Post] = []
    posts: list[Post] = []
    gaps: list[str] = []
    for value in values:
        if isinstance(value, dict) and ("feed" in value or "posts" in value):
            _read_feed(value, posts, context, gaps)
            continue
        anchor = obj(value, "thread")
        for node in reversed(_ancestors(anchor)):
            _visit(node, context, gaps)
        _visit(anchor, context, gaps)
        for node in _descendants(anchor):
            _visit(node, posts, gaps)
    handles = {did_of(p.post_id): p.author for p in (*context, *posts) if p.repost_of is None}
    warnings = (f"Bluesky: {len(gaps)} post(s) deleted or blocked",) if gaps else ()
    posts = [_answered(replace(p, line=p.line + len(context)), handles) for p in posts]
    once = {p.post_id or str(i): _answered(p, handles) for i, p in enumerate(context)}
    return Dump("bluesky", tuple(posts), warnings, context=tuple(once.values()),
                gaps=unique(gaps))


def did_of(uri: str | None) -> str | None:
    """``at://did:plc:abc/app.bsky.feed.post/3k…`` → ``did:plc:abc``: whose post it is."""
    if not uri or not uri.startswith("at://"):
        return None
    return uri[5:].split("/", 1)[0] or None


def _answered(post: Post, handles: dict[str | None, str | None]) -> Post:
    """Name the author of the answered post: its URI holds their DID."""
    did = did_of(post.reply_to)
    if did is None:
        return post
    author = post.author if did == did_of(post.post_id) else handles.get(did)
    return replace(post, reply_to_author=author) if author else post


def _read_feed(page: dict[str, Any], posts: list[Post], context: list[Post],
               gaps: list[str]) -> None:
    for view in filter(_is_post_view, items(page, "posts")):
        posts.append(_post(view, len(posts) + 1))
    for item in items(page, "feed")[:MAX_NODES]:
        view = obj(item, "post")
        if not view:
            continue
        reply = obj(item, "reply")
        for key in ("root", "parent"):
            _visit_view(obj(reply, key), context, gaps)
        reason = obj(item, "reason")
        if not (text(reason, "$type") or "").endswith("#reasonRepost"):
            posts.append(_post(view, len(posts) + 1))
            continue
        original = _post(view, len(context) + 1)
        context.append(original)
        by = obj(reason, "by")
        posts.append(replace(
            original, line=len(posts) + 1, author=text(by, "handle"),
            display_name=text(by, "displayName"), reply_to=None, reply_to_author=None,
            conversation_id=None, quote_of=None, repost_of=original.post_id,
            post_id=text(reason, "uri"), created_at=iso_time(text(reason, "indexedAt")),
            author_status=author_labels(by),
            author_status_by=LABELLED_BY if author_labels(by) else None))


def _visit_view(view: dict[str, Any], into: list[Post], gaps: list[str]) -> None:
    """A ``reply.root`` / ``reply.parent`` of a feed item: a post view or a gap."""
    kind = text(view, "$type") or ""
    if kind.endswith(_GAP_TYPES) or view.get("notFound") or view.get("blocked"):
        if text(view, "uri"):
            gaps.append(text(view, "uri") or "")
        return
    if text(view, "uri") and obj(view, "record"):
        into.append(_post(view, len(into) + 1))


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
    card, quoted = embedded(record)
    external = card or obj(obj(view, "embed"), "external")
    body = text(record, "text") or ""
    uri = text(view, "uri")
    status = author_labels(author)
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
        quote_of=quoted,
        author_status=status,
        author_status_by=LABELLED_BY if status else None,
        alt_text=alt_texts(record),
    )


LABEL_STATUSES = {"!takedown": "takendown", "!suspend": "suspended"}
"""Labels on an account that say the platform removed it, as the account status they mean
(``Post.author_status``). Deactivation is the holder's and shows no label: the AppView
stops serving the account's posts instead."""
LABELLED_BY = "Bluesky, labelled so when the data was saved"


def author_labels(author: dict[str, Any]) -> str | None:
    """The status a removal label on the author says (``LABEL_STATUSES``), unless a later
    label of the same value negates it (``neg: true``); None when none does."""
    status: dict[str, str | None] = {}
    for label in items(author, "labels"):
        value = text(label, "val") or ""
        if value in LABEL_STATUSES:
            status[value] = None if label.get("neg") is True else LABEL_STATUSES[value]
    return next((s for s in status.values() if s), None)


def alt_texts(record: dict[str, Any]) -> tuple[str, ...]:
    """The alt texts of a post record's images and video (``app.bsky.embed.images``,
    ``app.bsky.embed.video``, or either as the media of a ``recordWithMedia``): described
    things, not the post's words, but links written in them are links of the post."""
    embed = obj(record, "embed")
    found: list[str | None] = []
    for media in (embed, obj(embed, "media")):
        found.extend(text(image, "alt") for image in items(media, "images"))
        if "video" in media:
            found.append(text(media, "alt"))
    return unique([(alt or "").strip() for alt in found])


def embedded(record: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """A post record's link card and the URI of the record it quotes.

    The card is ``embed.external``, or the media of a ``recordWithMedia`` (a quote with a
    card of its own); a quote embeds a record (``app.bsky.embed.record``), or
    ``recordWithMedia`` wraps one."""
    embed = obj(record, "embed")
    card = obj(embed, "external") or obj(obj(embed, "media"), "external")
    quoted = obj(embed, "record")
    quoted = obj(quoted, "record") if "record" in quoted else quoted
    return card, text(quoted, "uri")


def facet_links(body: str, record: dict[str, Any]) -> list[str]:
    """Link facets whose byte range lies inside the text (UTF-8 offsets, as Bluesky counts)."""
    size = len(_utf8(body))
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
    return _utf8(body)[start:end].decode("utf-8", errors="replace")


def _utf8(body: str) -> bytes:
    """The text as the UTF-8 bytes facets count in; a lone surrogate (a ``\\ud800`` escape in
    hostile JSON, which no UTF-8 text can hold) takes the three bytes it would, not an error."""
    return body.encode("utf-8", errors="surrogatepass")
