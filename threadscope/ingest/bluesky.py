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

The app's own thread answer (``app.bsky.unspecced.getPostThreadV2``) is a flat list instead
of a tree: ``{"thread": [{"uri", "depth", "value": {"post"}}]}``, the anchor at depth 0, its
parents above, replies below. ``listNotifications`` gives the replies, mentions and quotes
that reached an account as post views with a ``reason``. Scripts that page through a feed or
a search often save the items themselves, not the pages: feed items, post views or thread
nodes as one JSON array or one a line are read as the pages that held them.

The atproto Python SDK's own dump of an answer (``model_dump_json()``, ``model_dump()``)
names the fields in Python's style: ``py_type`` for ``$type``, ``created_at``,
``byte_start``, ``not_found``; such a dump is read with the API's names put back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from threadscope.ingest.account_labels import bluesky_labels
from threadscope.ingest.accounts import AccountFacts
from threadscope.ingest.across import Read, waits
from threadscope.ingest.authorship import as_handle, as_id
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, mostly, obj, records, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import Platform, Post

MAX_NODES = 100_000
"""A getPostThread response holds a few hundred posts; more means hostile input."""

_GAP_TYPES = ("#notFoundPost", "#blockedPost")
_V2_GAP_TYPES = ("#threadItemNotFound", "#threadItemBlocked", "#threadItemNoUnauthenticated")
"""A getPostThreadV2 item the viewer cannot see: deleted, blocked, or shown only to
signed-in users."""


SDK_TYPE = "py_type"
"""How the atproto Python SDK names ``$type`` in a model dumped without aliases."""

_ANSWER_LISTS = ("thread", "feed", "posts", "notifications", "records")


def is_sdk_dump(values: list[Any]) -> bool:
    """True when the first records carry the SDK's ``py_type`` (a feed item, a post view, a
    thread node), or an answer's first item does."""
    return any(map(_has_sdk_type, _head_records(values)))


def _head_records(values: list[Any]) -> list[Any]:
    """The first 20 top-level values, a JSON array's first 20 items in its place."""
    head: list[Any] = []
    for value in values[:20]:
        head.extend(value[:20] if isinstance(value, list) else [value])
    return head


def _has_sdk_type(record: Any) -> bool:
    if not isinstance(record, dict):
        return False
    if SDK_TYPE in record:
        return True
    for key in _ANSWER_LISTS:
        if key not in record:  # asked of every line a stream reads: no call where no key
            continue
        inner = record[key]
        first = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(first, dict) and (SDK_TYPE in first or SDK_TYPE in obj(first, "value")):
            return True  # a listRecords page names the type in each record's value
    return False


def from_sdk(values: list[Any]) -> list[Any]:
    """The SDK's dump with every key as the API names it (``created_at`` → ``createdAt``)."""
    return [_api_keys(value) for value in values]


def api_name(key: str) -> str:
    """``py_type`` → ``$type``; ``created_at`` → ``createdAt``, as the SDK's aliases map."""
    if key == SDK_TYPE:
        return "$type"
    if key.startswith("_"):
        return key
    key = key.removesuffix("_")  # from_: a Python keyword's field, ``from`` in the API
    if "_" not in key:
        return key
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _api_keys(value: Any) -> Any:
    """A copy of ``value`` with its keys renamed by ``api_name``; iterative, so that hostile
    nesting costs no recursion."""
    out: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, out, 0)]
    while stack:
        source, parent, slot = stack.pop()
        if isinstance(source, dict):
            renamed: dict[str, Any] = {}
            parent[slot] = renamed
            for key, item in source.items():
                name = api_name(key) if isinstance(key, str) else key
                renamed[name] = None
                stack.append((item, renamed, name))
        elif isinstance(source, list):
            copied: list[Any] = [None] * len(source)
            parent[slot] = copied
            stack.extend((item, copied, index) for index, item in enumerate(source))
        else:
            parent[slot] = source
    return out[0]


def is_bluesky(value: Any) -> bool:
    """A getPostThread answer, or a feed (getAuthorFeed, getTimeline) or searchPosts page."""
    thread = obj(value, "thread")
    kind = text(thread, "$type") or ""
    if kind.startswith("app.bsky.feed.defs#") or "uri" in obj(thread, "post"):
        return True
    if mostly(_is_thread_item, items(value, "thread")):
        return True
    feed = items(value, "feed")
    if feed:
        return mostly(lambda item: "uri" in obj(item, "post"), feed)
    if mostly(_is_notification, items(value, "notifications")):
        return True
    return mostly(_is_post_view, items(value, "posts"))


def _is_post_view(view: dict[str, Any]) -> bool:
    return "uri" in view and "record" in view


def _is_thread_item(item: dict[str, Any]) -> bool:
    """An item of getPostThreadV2's flat ``thread`` list."""
    return "uri" in item and isinstance(item.get("depth"), int) and "value" in item


def _is_notification(item: dict[str, Any]) -> bool:
    return _is_post_view(item) and "reason" in item


def as_answer(record: dict[str, Any]) -> dict[str, Any] | None:
    """A feed item, post view or thread node saved on its own, as the answer that held it;
    None for anything else. A thread node with its ``parent``, or whose post answers no one,
    is an answer's anchor (context, as in the answer); a reply's node without its parent is
    one of the ``replies`` a script saved (``thread.replies``, one a line too): a post."""
    view = obj(record, "post")
    if "uri" in view:
        kind = text(record, "$type") or ""
        tree = kind.endswith("#threadViewPost") or "parent" in record or "replies" in record
        if not tree:
            return {"feed": [record]}
        anchor = "parent" in record or not obj(obj(view, "record"), "reply")
        return {"thread": record} if anchor else {"thread": {"replies": [record]}}
    if _is_post_view(record):
        return {"posts": [record]}
    return None


def is_bluesky_items(values: list[Any]) -> bool:
    """Feed items, post views or thread nodes saved without their pages."""
    return mostly(lambda record: as_answer(record) is not None, records(values))


def parse_bluesky_items(values: list[Any]) -> Dump:
    """Each saved item read as the page it came from; anything else is counted and skipped."""
    found = records(values)
    answers = [answer for record in found if (answer := as_answer(record)) is not None]
    dump = parse_bluesky(list(answers))
    skipped = len(found) - len(answers)
    if not skipped:
        return dump
    return replace(dump, warnings=(*skipped_warning("Bluesky", skipped, "posts"), *dump.warnings))


def parse_bluesky(values: list[Any]) -> Dump:
    """Threads: parents (root first) and the anchor as context, replies depth-first as posts.
    Feeds: each item a post (a repost is the reposter's, ``repost_of`` the original), the
    posts they answer and the originals of reposts as context."""
    context: list[Post] = []
    posts: list[Post] = []
    gaps: list[str] = []
    for value in values:
        if isinstance(value, dict) and ("feed" in value or "posts" in value
                                        or "notifications" in value):
            _read_feed(value, posts, context, gaps)
            continue
        if isinstance(value, dict) and isinstance(value.get("thread"), list):
            _read_flat_thread(value, posts, context, gaps)
            continue
        anchor = obj(value, "thread")
        for node in reversed(_ancestors(anchor)):
            _visit(node, context, gaps)
        _visit(anchor, context, gaps)
        for node in _descendants(anchor):
            _visit(node, posts, gaps)
    handles = {did_of(p.post_id): p.author for p in (*context, *posts) if p.repost_of is None}
    # each post once: a thread saved twice, or two pages, show the same deleted reply twice
    warnings = (f"Bluesky: {len(dict.fromkeys(gaps))} post(s) deleted or blocked",
                ) if gaps else ()
    posts = [_answered(replace(p, line=p.line + len(context)), handles) for p in posts]
    once: dict[str, Post] = {}  # each id's first copy (``dump.context_once``)
    for i, p in enumerate(context):
        once.setdefault(p.post_id or str(i), _answered(p, handles))
    return Dump("bluesky", tuple(posts), warnings, context=tuple(once.values()),
                gaps=unique(gaps))


def bluesky_accounts() -> AccountFacts:
    """Bluesky's accounts by DID (``AccountFacts``): a DID renamed between lines (a feed
    saved again after its author changed handle) is one account, each post under its
    latest handle, the rename said."""
    return AccountFacts("Bluesky", _named_fields, id_key="did", handle_key="handle")


def _named_fields(author: dict[str, Any]) -> dict[str, Any]:
    """How a post names its author, from an account object (a post view's ``author``, a
    repost's ``by``); nothing where the object names no handle."""
    handle = text(author, "handle")
    if not handle:
        return {}
    return {"author": handle, "author_kind": as_handle(handle),
            "display_name": text(author, "displayName")}


def read_bluesky(values: list[Any], facts: AccountFacts,
                 parse: Callable[[list[Any]], Dump] | None = None) -> Read:
    """``parse`` (``parse_bluesky``, or ``parse_bluesky_items`` for items saved without
    their pages) of one line (or of all), its accounts learnt by ``facts`` in the
    order the values show them: each post (and context post) waits on its author's DID
    (the DID of the account its handle names in these values: a repost's is the
    reposter's) and the answered author's (its parent URI's), settled once the dump has
    ended (``AccountFacts.settle``)."""
    shown = list(_accounts_shown(values))
    facts.learn_shown(shown)
    dids = {text(account, "handle"): text(account, "did") for account, _ in shown}
    dump = (parse or parse_bluesky)(values)

    def key(post: Post) -> str:
        return f"{dids.get(post.author) or ''} {did_of(post.reply_to) or ''}"

    return Read(dump, waits(facts, map(key, dump.posts)), waits(facts, map(key, dump.context)))


def _accounts_shown(values: list[Any]) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Every account object (a ``did`` and a ``handle``) in the values, in document order,
    with when the post that shows it was made (``_made_at`` of the innermost post view,
    quoted record, repost reason or notification around it; None outside any): the latest
    post names the account, whatever the order of the file's lines."""
    stack: list[tuple[Any, str | None]] = [
        (value, None) for value in reversed(values) if type(value) in _CONTAINERS]
    while stack:  # containers only are pushed: a page's strings are most of its values
        value, at = stack.pop()
        if type(value) is not dict:
            stack.extend([(one, at) for one in reversed(value) if type(one) in _CONTAINERS])
            continue
        if type(value.get("did")) is str and type(value.get("handle")) is str:
            yield value, at  # an account's own times (its creation, its indexing) date no post
        else:
            at = _made_at(value) or at
        stack.extend([(one, at) for one in reversed(value.values()) if type(one) in _CONTAINERS])


def _made_at(view: dict[str, Any]) -> str | None:
    """When a post view (its ``record``), a quoted record view (its ``value``), a
    notification or a repost reason (its ``indexedAt``) was made, as ``_post`` dates them."""
    record = view.get("record")
    if type(record) is not dict:
        record = view.get("value")
    made = record.get("createdAt") if type(record) is dict else None
    if type(made) is not str:
        made = view.get("indexedAt")
    return iso_time(made) if type(made) is str else None


_CONTAINERS = (dict, list)


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


def _read_flat_thread(answer: dict[str, Any], posts: list[Post], context: list[Post],
                      gaps: list[str]) -> None:
    """getPostThreadV2: the anchor (depth 0) and its parents are context, as in a tree answer;
    the replies below it are the posts, in the answer's order."""
    for item in filter(_is_thread_item, items(answer, "thread")[:MAX_NODES]):
        value = obj(item, "value")
        if (text(value, "$type") or "").endswith(_V2_GAP_TYPES):
            gaps.append(text(item, "uri") or "")
            continue
        view = obj(value, "post")
        if not _is_post_view(view):
            continue
        into = posts if item["depth"] > 0 else context
        into.append(_post(view, len(into) + 1))


def _is_post_record(record: dict[str, Any]) -> bool:
    """A post's record (a like's or a follow's record is no post)."""
    return text(record, "$type") in (None, "app.bsky.feed.post") and "text" in record


def _read_feed(page: dict[str, Any], posts: list[Post], context: list[Post],
               gaps: list[str]) -> None:
    for view in filter(_is_post_view, items(page, "posts")):
        posts.append(_post(view, len(posts) + 1))
    for note in items(page, "notifications")[:MAX_NODES]:
        if not _is_notification(note):
            continue
        if _is_post_record(obj(note, "record")):
            posts.append(_post(note, len(posts) + 1))
        elif text(note, "reason") == "repost":
            posts.append(_reposted(note, len(posts) + 1))
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
            author_kind=as_handle(text(by, "handle")),
            display_name=text(by, "displayName"), reply_to=None, reply_to_author=None,
            conversation_id=None, quote_of=None, repost_of=original.post_id,
            post_id=text(reason, "uri"), created_at=iso_time(text(reason, "indexedAt")),
            author_status=author_labels(by),
            author_status_by=LABELLED_BY if author_labels(by) else None,
            author_labels=bluesky_labels(by)))


def _reposted(note: dict[str, Any], order: int) -> Post:
    """A repost notification: who reposted the account's post, and when (the co-repost
    evidence ``bots`` weighs)."""
    author = obj(note, "author")
    record = obj(note, "record")
    status = author_labels(author)
    handle = text(author, "handle")
    return Post(
        text="", line=order, platform=Platform.BLUESKY, author=handle or text(author, "did"),
        author_kind=as_handle(handle) or as_id(text(author, "did")),
        display_name=text(author, "displayName"), post_id=text(note, "uri"),
        created_at=iso_time(text(record, "createdAt") or text(note, "indexedAt")),
        repost_of=text(note, "reasonSubject") or text(obj(record, "subject"), "uri"),
        author_status=status, author_status_by=LABELLED_BY if status else None,
        author_labels=bluesky_labels(author))


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
        platform=Platform.BLUESKY,
        author=text(author, "handle"),
        author_kind=as_handle(text(author, "handle")),
        display_name=text(author, "displayName"),
        post_id=uri,
        reply_to=text(obj(reply, "parent"), "uri"),
        conversation_id=text(obj(reply, "root"), "uri") or uri,
        created_at=iso_time(text(record, "createdAt")),
        urls=unique([*facet_links(body, record), text(external, "uri")]),
        card_title=text(external, "title"),
        link_texts=facet_texts(body, record),
        quote_of=quoted,
        author_status=status,
        author_status_by=LABELLED_BY if status else None,
        alt_text=alt_texts(record),
        author_labels=bluesky_labels(author),
    )


LABEL_STATUSES = {"!takedown": "takendown", "!suspend": "suspended"}
"""Labels on an account that say the platform removed it, as the account status they mean
(``Post.author_status``). Deactivation is the holder's and shows no label: the AppView
stops serving the account's posts instead."""
LABELLED_BY = "Bluesky, labelled so when the data was saved"


def author_labels(author: dict[str, Any]) -> str | None:
    """The status a removal label on the author says (``LABEL_STATUSES``), unless a later
    label of the same value negates it (``neg: true``); None when none does. A label the
    account set on itself (``src`` its own DID) says nothing of what the platform did."""
    status: dict[str, str | None] = {}
    own = text(author, "did")
    for label in items(author, "labels"):
        value = text(label, "val") or ""
        if own and text(label, "src") == own:
            continue
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
    card of its own); a quote embeds a post record (``app.bsky.embed.record``), or
    ``recordWithMedia`` wraps one."""
    embed = obj(record, "embed")
    card = obj(embed, "external") or obj(obj(embed, "media"), "external")
    quoted = obj(embed, "record")
    quoted = obj(quoted, "record") if "record" in quoted else quoted
    uri = text(quoted, "uri")
    return card, uri if _is_post_uri(uri) else None


def _is_post_uri(uri: str | None) -> bool:
    """``at://DID/app.bsky.feed.post/RKEY``: an embedded record that is a post. A post can
    embed a custom feed, a list or a starter pack the same way; sharing one quotes no post."""
    return uri is not None and "/app.bsky.feed.post/" in uri


def facet_links(body: str, record: dict[str, Any]) -> list[str]:
    """Link facets whose byte range lies inside the text (UTF-8 offsets, as Bluesky counts)."""
    return [address for address, _, _ in _link_facets(body, record)]


def facet_texts(body: str, record: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(uri, the characters its facet covers) of each link facet whose text is not its uri:
    what a reader is shown for the link (``Post.link_texts``)."""
    found: list[tuple[str, str]] = []
    for address, start, end in _link_facets(body, record):
        shown = facet_text(body, start, end).strip()
        if shown != address:
            found.append((address, shown))
    return tuple(found)


def _link_facets(body: str, record: dict[str, Any]) -> Iterator[tuple[str, int, int]]:
    """(uri, byte start, byte end) of each link facet whose range lies inside the text."""
    size = len(_utf8(body))
    for facet in items(record, "facets"):
        index = obj(facet, "index")
        start, end = index.get("byteStart"), index.get("byteEnd")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size):
            continue
        for feature in items(facet, "features"):
            if (text(feature, "$type") or "").endswith("#link") and (
                    address := text(feature, "uri")):
                yield address, start, end


def facet_text(body: str, start: int, end: int) -> str:
    """The characters a facet covers: slice the UTF-8 bytes, not the string."""
    return _utf8(body)[start:end].decode("utf-8", errors="replace")


def _utf8(body: str) -> bytes:
    """The text as the UTF-8 bytes facets count in; a lone surrogate (a ``\\ud800`` escape in
    hostile JSON, which no UTF-8 text can hold) takes the three bytes it would, not an error."""
    return body.encode("utf-8", errors="surrogatepass")
