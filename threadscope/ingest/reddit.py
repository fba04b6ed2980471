"""Reddit: the Reddit API's answers as PRAW records them, and Pushshift-style archives → posts.

Two shapes researchers bring, one reader (``format: reddit``):

- **The Reddit API** (``/comments/ID``, ``/r/SUB/new``, ``/user/NAME/comments``,
  ``/api/info``; recorded in PRAW 8.0.3's ``tests/integration/cassettes``): a ``Listing``
  (``{"kind": "Listing", "data": {"children": [thing, …], "after"}}``), a submission's page
  being two of them in a list (the submission, then its comments); a thing is
  ``{"kind": "t3" | "t1" | "more", "data": {…}}`` and a comment's ``replies`` is a nested
  ``Listing`` (or ``""``). ``/api/morechildren`` answers ``{"json": {"data": {"things"}}}``,
  a collection (``/api/v1/collections/collection``) ``{"collection_id", "title",
  "sorted_links": Listing}``: its submissions are posts.
  A ``more`` stub names comments the answer left out: counted in a warning. A live
  thread's updates (``/live/ID``: a ``Listing`` of ``{"kind": "LiveUpdate", "data":
  {"id", "name", "author", "body", "created_utc", "stricken"}}``) are posts too; an update
  names neither its live thread nor an update it answers (the thread's id is in the
  request's address only), so each stands alone (no conversation, no parent). The live
  thread itself (``/api/live/ID/about``, ``/api/live/by_id``, ``/api/live/happening_now``:
  ``{"kind": "LiveUpdateEvent", "data": {"id", "name", "title", "description",
  "created_utc", "state", "resources", "websocket_url"}}``) is a post too: its title and
  description its text, the root of a conversation of its own. It names no author (its
  contributors are a separate answer) and no address but its websocket's, and its updates
  name no thread, so none is hung under it: what ties them is the request's address.
- **Pushshift-style archives** (the monthly ``RC_``/``RS_`` dumps and Arctic Shift's, one
  comment or submission a line; pmaw 3.0.0 and arcshiftwrap 0.4.1 read the same records from
  the APIs' ``{"data": […]}``): each line is a thing's ``data`` without its ``kind``, so a
  record with ``body``, ``link_id`` and ``parent_id`` is a comment, one with ``title`` and
  ``subreddit`` a submission.

What is read, and why:

- Ids are Reddit's full names (``t3_…`` a submission, ``t1_…`` a comment; ``name``, else
  the kind's prefix and ``id``), so ``parent_id`` is the reply graph as it stands, and
  ``link_id`` (the submission) the conversation.
- A submission's text is its title and its ``selftext``; its ``url`` is its link unless it
  is a self post (``is_self``, a ``self.SUB`` domain) or a path on Reddit (a crosspost).
- Bodies are Markdown, with ``&``, ``<`` and ``>`` escaped unless asked for raw JSON: a link
  ``[words](address)`` is shown as its words and links to its address (the words can hide
  another site: the address is the link); escapes (``\\_``, which Reddit's editor writes
  into bare URLs) are read as the characters they stand for.
- The author's stable id (``Post.author_id``) is its full name, ``author_fullname``
  (``t2_…``), where the record has one; a deleted author has none.
- ``[deleted]`` as an author is an account gone: no author (not one account named
  ``[deleted]`` that every deleted comment would join, nor one that answers itself in a
  thread), its ``author_status`` ``deleted``; ``[deleted]``/``[removed]`` as a body
  is no text (not the same text said many times). Both are counted in a warning.
- ``created_utc`` (seconds, a number or a string) is the time; ``edited`` a later time when
  the post was edited (``false`` otherwise).
- A post saved in several versions (fetched twice, an archive's record and the API's answer
  of later, edited or with another score: the same full name) is one post (``fold_edits``),
  as a Mastodon status read in several versions is: its first place, its latest version's
  words, the links only earlier versions had kept as ``edited_away``. Counted once per
  version, one account seemed to say the same thing again and again (``bots``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from threadscope.ingest.across import Read, settle_all, waits
from threadscope.ingest.authorship import as_handle
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, mostly, obj, records, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.ingest.snscrape import item_type
from threadscope.models import Platform, Post

GONE = frozenset({"[deleted]", "[removed]"})
"""What Reddit (and the archives) write for a deleted account or text and a removed text."""
_COMMENT = ("id", "body", "link_id", "parent_id")
_SUBMISSION = ("id", "title", "subreddit")
_LIVE_UPDATE = "LiveUpdate"
_LIVE_THREAD = "LiveUpdateEvent"
_THINGS = frozenset({"t1", "t3", "more", _LIVE_UPDATE, _LIVE_THREAD})
_LINK = re.compile(
    r"\[([^\[\]\n]*)\]\(\s*+<?([^\s()<>\[\]]*(?:\([^\s()<>\[\]]*\)[^\s()<>\[\]]*)*)>?"
    r"(?:\s++\"[^\"\n]*\")?\s*+\)")
"""``[words](address "title")``, an address with balanced parentheses (Wikipedia's). The
runs of white space are possessive: ``[](`` and 80,000 spaces took 9 s of backtracking."""
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _archived(record: Mapping[str, Any]) -> str | None:
    """``t1``/``t3`` for a Pushshift-style record (a thing's data without its kind); None
    for an item snscrape wrote (its ``_type`` names the module): its Reddit submissions
    have an archive's fields but snscrape's ids and links, and are its reader's."""
    if item_type(record):
        return None
    if all(key in record for key in _COMMENT):
        return "t1"
    if all(key in record for key in _SUBMISSION) and "author" in record:
        return "t3"
    return None


def _is_reddit(record: dict[str, Any]) -> bool:
    kind = record.get("kind")
    if kind == "Listing":
        return isinstance(obj(record, "data").get("children"), list)
    if kind in ("t1", "t3", _LIVE_UPDATE, _LIVE_THREAD):
        return bool(obj(record, "data"))
    if "json" in record:
        return isinstance(obj(obj(record, "json"), "data").get("things"), list)
    if "collection_id" in record:
        return _is_reddit(obj(record, "sorted_links"))
    if isinstance(record.get("data"), list):  # an archive API's {"data": […]}
        return mostly(lambda r: _archived(r) is not None, items(record, "data"))
    return _archived(record) is not None


def is_reddit(values: list[Any]) -> bool:
    return mostly(_is_reddit, records(values[:20]))  # mostly reads 20


@dataclass
class _Read:
    posts: list[Post] = field(default_factory=list)
    gone: int = 0
    unloaded: int = 0
    skipped: int = 0


def parse_reddit(values: list[Any]) -> Dump:
    """Posts in document order: a submission, then its comments depth-first."""
    return settle_all(read_reddit(values, RedditFacts()))


def read_reddit(values: list[Any], facts: RedditFacts) -> Read:
    """``parse_reddit`` with the posts earlier lines held (``facts``, which learns this
    line's): a comment waits on the post it answers (``RedditFacts.settle``), which a
    Pushshift-style archive, one record a line, may hold on any line."""
    read = _Read()
    for kind, data in _things(values, read):
        if kind == "more":
            read.unloaded += _count(data)
            continue
        read.posts.append(_post(kind, data, len(read.posts) + 1, read))
    read.posts = one_each(read.posts)
    facts.learn(read.posts)
    warnings = skipped_warning("Reddit", read.skipped, "posts")
    if read.gone:
        warnings += (f"Reddit: {read.gone} post(s) deleted or removed (no author or no text)",)
    if read.unloaded:
        warnings += (f"Reddit: {read.unloaded} comment(s) not in the answer ('more' stubs)",)
    return Read(Dump("reddit", tuple(read.posts), warnings),
                waits(facts, (post.reply_to for post in read.posts)))


@dataclass
class RedditFacts:
    """Each post's author by its full name, as the first post of that name in the dump gave
    it (``""``: deleted).

    A comment is told with the author it answers: the parent's, where the dump has it, else
    no one's (``""``). Reddit names no parent's author, and Pushshift's archives keep
    comments and submissions in separate files: a comment whose parent is elsewhere starts
    a thread of its own (its markers may still number it), it is not taken for the middle
    of its author's thread whose head is lost (X, Bluesky and Mastodon say whom a reply
    answers; Reddit does not). Bounded by the dump's posts, which ``bots`` keeps anyway."""

    authors: dict[str, str] = field(default_factory=dict)

    def learn(self, posts: list[Post]) -> None:
        for post in posts:
            if post.post_id:
                self.authors.setdefault(post.post_id, post.author or "")

    def settle(self, post: Post, key: str, *, final: bool) -> Post | None:
        """The comment ``post`` with the author of the post ``key`` it answers, once the dump
        has shown that post, or has ended without it."""
        author = self.authors.get(key)
        if author is None and not final:
            return None
        return replace(post, reply_to_author=author or "")


def _things(found: list[Any], read: _Read) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every thing, nested replies too, in document order; iterative, so that no nesting
    is too deep. Arrays are read for their items at any depth: a submission's page (two
    ``Listing``s in a list) saved in an array among other answers is read as it is on a
    line of its own."""
    stack: list[Any] = list(reversed(found))
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
            continue
        if not isinstance(value, dict):
            continue
        kind = value.get("kind")
        data = value.get("data")
        if kind == "Listing":
            stack.extend(reversed(items(data, "children")))
        elif isinstance(kind, str) and kind in _THINGS and isinstance(data, dict):
            yield kind, data
            replies = data.get("replies")
            if isinstance(replies, dict):
                stack.append(replies)
        elif "json" in value:
            stack.extend(reversed(items(obj(obj(value, "json"), "data"), "things")))
        elif "collection_id" in value and isinstance(value.get("sorted_links"), dict):
            stack.append(value["sorted_links"])
        elif isinstance(data, list) and kind is None:
            stack.extend(reversed(items(data)))
        elif (archived := _archived(value)) is not None:
            yield archived, value
        else:
            read.skipped += 1


def _count(data: dict[str, Any]) -> int:
    count = data.get("count")
    if isinstance(count, int) and not isinstance(count, bool) and count > 0:
        return count
    children = data.get("children")
    return len(children) if isinstance(children, list) else 0


def _post(kind: str, data: dict[str, Any], order: int, read: _Read) -> Post:
    author = (text(data, "author") or "").strip()
    deleted = author in GONE
    if deleted:
        author = ""
    if kind == "t3":
        body, links = _submission(data)
        gone = text(data, "selftext") in GONE
    elif kind == _LIVE_THREAD:
        body, links = _live_thread(data)
        gone = False
    else:  # a comment, a live update: Markdown bodies both
        raw = text(data, "body")
        gone = raw in GONE
        body, links = markdown("" if gone else raw or "")
    if gone or not (author or kind == _LIVE_THREAD):  # a live thread names no author
        read.gone += 1
    name = _name(kind, data)
    created = _seconds(data.get("created_utc"))
    edited = _seconds(data.get("edited"))
    return Post(
        text=body,
        line=order,
        platform=Platform.REDDIT,
        author=author or None,
        author_kind=as_handle(author),
        author_id=_account(data) if author else None,
        author_status="deleted" if deleted else None,
        post_id=name,
        reply_to=text(data, "parent_id") if kind == "t1" else None,
        conversation_id=_conversation(kind, data, name),
        created_at=created,
        edited_at=edited if edited and created and edited > created else None,
        urls=links,
    )


def _account(data: dict[str, Any]) -> str | None:
    """The author's full name (``author_fullname``: ``t2_`` and the account's id), its
    stable id: a name deleted and registered again is another account. None where the record
    has none (an archive's records older than the field, a live update)."""
    said = (text(data, "author_fullname") or "").strip()
    return said or None


def _live_thread(data: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """A live thread's title and its description (Markdown), as a submission's title and
    self text are read."""
    title = _unescape(text(data, "title") or "")
    body, links = markdown(text(data, "description") or "")
    return (f"{title}\n\n{body}" if title and body else title or body), links


def one_each(posts: list[Post]) -> list[Post]:
    """Each post once, in its first place, its versions folded (``fold_edits``), numbered
    again in order; the list itself when no full name came twice (the usual dump)."""
    versions: dict[str, list[Post]] = {}
    for post in posts:
        if post.post_id is not None:
            versions.setdefault(post.post_id, []).append(post)
    if len(versions) == sum(post.post_id is not None for post in posts):
        return posts
    out: list[Post] = []
    for post in posts:
        found = versions.get(post.post_id) if post.post_id is not None else [post]
        if found:
            out.append(replace(fold_edits(found), line=len(out) + 1))
            found.clear()  # its later versions are in it
    return out


def fold_edits(versions: Sequence[Post]) -> Post:
    """One Reddit post read in several versions (in the order read) → one post: the latest
    that still says something, by its ``edited`` time (the order read where the times
    agree, as two fetches of an unedited post do), in the first one's place, with the links
    only earlier versions had kept as ``edited_away`` (a look-alike link edited out is
    still the post's). A version deleted or removed since (an archive's record, then the
    API's ``[deleted]``) says nothing new: the words it had are kept."""
    said = [version for version in versions if version.text and version.author] or versions
    latest = sorted(said, key=lambda version: version.edited_at or "")[-1]
    shown = latest.urls[: len(latest.urls) - len(latest.edited_away)]
    earlier = [link for version in versions if version is not latest for link in version.urls]
    away = unique([link for link in (*earlier, *latest.edited_away) if link not in shown])
    return replace(latest, line=versions[0].line, urls=(*shown, *away), edited_away=away)


def _conversation(kind: str, data: dict[str, Any], name: str | None) -> str | None:
    """A comment's submission (``link_id``); a submission is its own; a live update names
    no live thread, so it has none."""
    if kind == "t1":
        return text(data, "link_id")
    return None if kind == _LIVE_UPDATE else name


def _name(kind: str, data: dict[str, Any]) -> str | None:
    name = text(data, "name")
    if name:
        return name
    own = text(data, "id")
    return f"{kind}_{own}" if own else None


def _submission(data: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    title = text(data, "title") or ""
    selftext = text(data, "selftext") or ""
    body, links = markdown("" if selftext in GONE else selftext)
    title = _unescape(title)
    said = f"{title}\n\n{body}" if title and body else title or body
    return said, unique([_link_url(data), *links])


def _link_url(data: dict[str, Any]) -> str | None:
    """A link post's ``url``: not a self post's (its own page), not a path on Reddit."""
    url = data.get("url")
    url = _unescape(url).strip() if isinstance(url, str) else ""
    domain = text(data, "domain") or ""
    if data.get("is_self") is True or domain.startswith("self.") or not url:
        return None
    return None if _internal(url) else url


def _internal(address: str) -> bool:
    """A path on Reddit itself (``/r/sub``, ``/u/name``, ``#anchor``)."""
    return address.startswith("#") or (address.startswith("/") and not address.startswith("//"))


def markdown(body: str) -> tuple[str, tuple[str, ...]]:
    """A Markdown body as a reader sees it, and the addresses its links lead to."""
    body = _unescape(body)
    links: list[str] = []

    def words(found: re.Match[str]) -> str:
        address = _ESCAPE.sub(r"\1", found.group(2))
        if address and not _internal(address):
            links.append(address)
        return found.group(1)

    shown = _LINK.sub(words, body) if "](" in body else body
    return _ESCAPE.sub(r"\1", shown), unique(links)


def _unescape(said: str) -> str:
    """Reddit's escapes of ``<``, ``>`` and ``&`` (all its JSON has, unless ``raw_json``)."""
    if "&" not in said:
        return said
    return said.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _seconds(value: Any) -> str | None:
    """``created_utc``/``edited``: seconds as a number or a string; ``false`` is none."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if value != value or not 0 < value < 1e11:  # NaN, or no time of this world
            return None
        value = str(int(value))
    if not isinstance(value, str):
        return None
    return iso_time(value.split(".")[0] if value.replace(".", "", 1).isdigit() else value)
