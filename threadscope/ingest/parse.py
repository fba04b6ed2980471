"""Recognising a dump by its content and handing it to the right reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from threadscope.ingest.bluesky import (
    from_sdk,
    is_bluesky,
    is_bluesky_items,
    is_sdk_dump,
    parse_bluesky,
    parse_bluesky_items,
)
from threadscope.ingest.dump import Dump
from threadscope.ingest.jetstream import is_jetstream, parse_jetstream
from threadscope.ingest.jsonish import NotJson, load, looks_structured, mostly
from threadscope.ingest.mastodon import is_mastodon, parse_mastodon
from threadscope.ingest.meta_threads import is_meta_threads, parse_meta_threads
from threadscope.ingest.reddit import is_reddit, parse_reddit
from threadscope.ingest.repo_records import is_repo_records, parse_repo_records
from threadscope.ingest.snscrape import is_snscrape, parse_snscrape
from threadscope.ingest.telegram import is_telegram, parse_telegram
from threadscope.ingest.twarc import is_twarc_flat, parse_twarc_flat
from threadscope.ingest.twint import is_twint, parse_twint
from threadscope.ingest.x_api import is_x_api, parse_x_api
from threadscope.ingest.x_archive import is_x_archive, parse_x_archive
from threadscope.ingest.x_web import looks_like_x_web, parse_x_web
from threadscope.ingest.youtube_api import is_youtube_api, parse_youtube_api
from threadscope.ingest.youtube_comments import is_youtube_comments, parse_youtube_comments


def parse_dump(text: str) -> Dump:
    """Recognise ``text`` by its content and read it into posts; never raises on bad input.

    Returns ``Dump(format, posts, warnings, context, gaps)`` with ``format`` one of ``text``,
    ``x-web``, ``x-api-v2``, ``twarc2``, ``x-archive``, ``bluesky``, ``mastodon``,
    ``meta-threads``, ``telegram`` (a Telegram Desktop export or Telethon messages),
    ``snscrape`` (its JSON Lines, of any of its modules), ``twint`` (its JSON),
    ``youtube`` (youtube-comment-downloader's comments, the YouTube Data API's),
    ``reddit`` (the Reddit API's listings, Pushshift-style archives). Plain
    text that is not X web copy gives ``format="text"`` and no posts: the caller works on the
    text itself. A Bluesky Jetstream log is ``bluesky``, as Bluesky's API answers are.
    JSON that does not parse, or parses into no known shape, is read as text with a warning
    (a researcher's half-saved file should still show what it can).
    """
    if looks_structured(text):
        try:
            loaded = load(text)
        except NotJson as error:
            return _as_text(text, f"looks like JSON but is not ({error}); read as plain text")
        structured = parse_structured(loaded.values)
        if structured is not None:
            skipped = loaded.warning()
            if skipped:
                structured = replace(structured, warnings=(skipped, *structured.warnings))
            return structured
        return _as_text(string_values(loaded.values),
                        "JSON of no known shape (X API v2, twarc2, X archive, Bluesky, "
                        "Mastodon, Threads, Telegram, snscrape, twint, YouTube comments, "
                        "Reddit); its text values read as plain text",
                        replaced=True)
    return _as_text(text)


def string_values(values: list[Any]) -> str:
    """The strings of JSON values, keys left out, one a line, in document order.

    JSON of a shape we do not know (a monitoring tool's export, a chat export) is read by
    what it says, not by its syntax: escapes are decoded (``https:\\/\\/welt.ltd\\/a``, as
    PHP writes slashes, is a link), and keys are no text (``"admin.report": true`` names no
    site). Iterative, so that nesting deeper than the recursion limit is read too."""
    out: list[str] = []
    stack: list[Any] = list(reversed(values))
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            stack.extend(reversed(value.values()))
        elif isinstance(value, list):
            stack.extend(reversed(value))
    return "\n".join(out)


def parse_structured(values: list[Any]) -> Dump | None:
    """Values from ``jsonish.load`` → a Dump of the first shape they fit, or None.

    Scripts that page through an API often save the pages as one JSON array
    (``json.dump([page1, page2, …])``): an array that fits no shape itself is read as its
    items, each as one value (the pages one a line would give)."""
    dump = _shaped(values)
    if dump is None and len(values) == 1 and isinstance(values[0], list) and values[0]:
        return _shaped(values[0])
    return dump


Reader = tuple[Callable[[list[Any]], bool], Callable[[list[Any]], Dump]]

_BY_THEIR_OWN_FIELDS: tuple[Reader, ...] = (
    (is_snscrape, parse_snscrape),
    (is_twint, parse_twint),  # before the archive's: a twint record looks like a v1.1 tweet
    (is_youtube_comments, parse_youtube_comments),
    (is_youtube_api, parse_youtube_api),
    (is_reddit, parse_reddit),
    (is_twarc_flat, parse_twarc_flat),
    (is_jetstream, parse_jetstream),
)
"""Shapes told by fields no other shape has, tried in this order before the API answers."""

_AFTER_THE_ARCHIVE: tuple[Reader, ...] = (
    (is_meta_threads, parse_meta_threads),  # media of no text (reposts, photos), or no pages
    (is_bluesky_items, parse_bluesky_items),
    (is_repo_records, parse_repo_records),
    (is_telegram, parse_telegram),
)
"""Shapes tried once the API answers and the archive did not fit."""


def _shaped(values: list[Any]) -> Dump | None:
    pages = [v for v in values if is_x_api(v)]
    if pages and len(pages) * 2 > len(values):
        if is_meta_threads(values):  # Threads' pages look like X API v2 pages
            return parse_meta_threads(values)
        return _x_api_pages(pages, len(values) - len(pages))
    for fits, read in _BY_THEIR_OWN_FIELDS:
        if fits(values):
            return read(values)
    if is_sdk_dump(values):  # the atproto SDK's dump: Bluesky's answers in Python's names
        values = from_sdk(values)
    first = values[0] if values else None
    if is_bluesky(first):
        return parse_bluesky(values)
    if is_mastodon(first):
        return parse_mastodon(values)
    if is_x_archive(values):
        return parse_x_archive(values)
    for fits, read in _AFTER_THE_ARCHIVE:
        if fits(values):
            return read(values)
    return _by_most(values)


def _by_most(values: list[Any]) -> Dump | None:
    """Bluesky or Mastodon values whose first is something else (a collector's note on the
    first line of its log, a rate limit's answer saved first): known by most of the first
    20, as a Jetstream log is, so one odd record does not cost the dump."""
    head = values[:20]
    if mostly(is_bluesky, head):
        return parse_bluesky(values)
    if mostly(is_mastodon, head):
        return parse_mastodon(values)
    return None


def _x_api_pages(pages: list[Any], others: int) -> Dump:
    """X API v2 pages saved one a line, among which a few lines are something else (a rate
    limit's error response, a stray value): the pages are read, the others skipped and
    counted, as a broken line is (``jsonish.load``); one odd line never costs the dump."""
    dump = parse_x_api(pages)
    if not others:
        return dump
    skipped = f"X API v2: {others} line(s) not an X API response; skipped"
    return replace(dump, warnings=(skipped, *dump.warnings))


def _as_text(text: str, warning: str | None = None, *, replaced: bool = False) -> Dump:
    """``text`` read as a paste; ``replaced``: it is not the input itself (``Dump.text``)."""
    warnings = (warning,) if warning else ()
    if looks_like_x_web(text):
        return Dump("x-web", parse_x_web(text), warnings)
    return Dump("text", (), warnings, text=text if replaced else None)
