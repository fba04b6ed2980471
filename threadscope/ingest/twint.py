"""twint's tweets (``twint -s … -o out.csv --csv``, ``--json``) → posts.

twint (2.1.20, storage/write_meta.py) writes one flat record a tweet, as CSV (lists as
Python's ``repr``: ``['https://…']``) or one JSON object a line, with the columns ``id,
conversation_id, created_at`` (milliseconds), ``date, time, timezone`` (the scraping
machine's local time), ``user_id, username, name, tweet, urls, …, link, retweet,
quote_url, …, user_rt_id, user_rt, retweet_id, reply_to, retweet_date, …``.

Read as the columns mean, not as their names suggest:

- A retweet (``retweet`` True) is the *original* tweet's row: ``id``, ``username``, ``name``
  and the times are the original's; the retweeter is ``user_rt`` and the retweet's own id
  ``retweet_id``. So it becomes a repost of ``id`` by ``user_rt``, its time read from
  ``retweet_id`` (an X id holds its time; ``retweet_date`` is in the scraping machine's
  zone, which the file does not say). Read as they stand, every retweet of a tweet would be
  the original author posting it again, with the original's id (a repeat, dropped).
- ``reply_to`` lists the accounts a tweet answers (with its own author among them), not a
  tweet, and is not read. Which tweet a reply answers twint does not record, only the
  conversation's first tweet (``conversation_id``): a tweet of a conversation it did not
  start is read as a reply to that one. A self-thread is then its author's replies to its
  first tweet, in the order posted, which is the thread's order; a reply crowd answers the
  post it gathered under.
- ``user_id`` (a retweet's ``user_rt_id``, the retweeter's) is the author's stable id
  (``Post.author_id``), as X's user id is in its API's answers.
- ``urls`` are the links behind the t.co ones; ``quote_url`` names the quoted tweet.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from threadscope.ingest.authorship import as_handle
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import mostly, records, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import Platform, Post

SIGNATURE = ("tweet", "username", "user_rt", "retweet_id", "quote_url")
"""Columns every twint tweet record has and no other tool's output has together."""
TWITTER_EPOCH_MS = 1288834974657
"""X ids since November 2010 hold their time: milliseconds since this, shifted left 22 bits."""
_FIRST_TIMED_ID = 10**12
"""Smaller ids are older than that scheme and hold no time."""
_STATUS = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/[A-Za-z0-9_]{1,15}/status(?:es)?/([0-9]{1,20})")
_ID = re.compile(r"[0-9]{1,20}")
_TRUE = ("true", "1")


def is_twint_header(header: Sequence[str]) -> bool:
    names = {name.strip().lower() for name in header}
    return all(column in names for column in SIGNATURE)


def is_twint(values: list[Any]) -> bool:
    return mostly(lambda r: all(column in r for column in SIGNATURE), records(values[:20]))


def csv_reader(header: Sequence[str]) -> Callable[[int, Sequence[str]], Post]:
    """A CSV row → Post, for a twint header; cells past the header's end are ignored."""
    names = [name.strip().lower() for name in header]

    def read(line: int, row: Sequence[str]) -> Post:
        return twint_post(dict(zip(names, row, strict=False)), line)

    return read


def parse_twint(values: list[Any]) -> Dump:
    """twint's JSON, one tweet a line: posts in file order."""
    found = records(values)
    tweets = [r for r in found if all(column in r for column in SIGNATURE)]
    posts = tuple(twint_post(t, i) for i, t in enumerate(tweets, 1))
    skipped = len(found) - len(tweets)
    return Dump("twint", posts, skipped_warning("twint", skipped, "tweets"))


def twint_post(record: Mapping[str, Any], line: int) -> Post:
    """One twint record (a CSV row by column name, or a JSON object) → Post."""
    if _flag(record.get("retweet")):
        return _retweet(record, line)
    quoted = _STATUS.match(text(record, "quote_url") or "")
    post_id = _blank(text(record, "id"))
    conversation = _blank(text(record, "conversation_id"))
    author = _blank(text(record, "username"))
    return Post(
        text=text(record, "tweet") or "",
        line=line,
        platform=Platform.X,
        author=author,
        author_kind=as_handle(author),
        author_id=_blank(text(record, "user_id")) if author else None,
        display_name=_blank(text(record, "name")),
        post_id=post_id,
        reply_to=conversation if conversation != post_id else None,
        conversation_id=conversation,
        created_at=iso_time(text(record, "created_at")) or id_time(post_id),
        urls=_links(record.get("urls")),
        quote_of=quoted.group(1) if quoted else None,
    )


def _retweet(record: Mapping[str, Any], line: int) -> Post:
    """The original's row, read as the retweet it records (see the module's docstring)."""
    retweet_id = _blank(text(record, "retweet_id"))
    author = _blank(text(record, "user_rt"))
    return Post(
        text=text(record, "tweet") or "",
        line=line,
        platform=Platform.X,
        author=author,
        author_kind=as_handle(author),
        author_id=_blank(text(record, "user_rt_id")) if author else None,
        post_id=retweet_id,
        created_at=id_time(retweet_id),
        urls=_links(record.get("urls")),
        repost_of=_blank(text(record, "id")) or text(record, "tweet"),
    )


def id_time(post_id: str | None) -> str | None:
    """When an X post was made, read from its id (ISO 8601 UTC); None for an id that holds
    no time (older than November 2010, or no number)."""
    if not post_id or not _ID.fullmatch(post_id) or int(post_id) < _FIRST_TIMED_ID:
        return None
    return iso_time(str((int(post_id) >> 22) + TWITTER_EPOCH_MS))  # milliseconds


def _flag(value: Any) -> bool:
    """twint's ``retweet``: JSON ``true``, CSV ``True``."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in _TRUE


def _blank(value: str | None) -> str | None:
    """An empty cell is no value: twint writes ``""`` where a column does not apply."""
    stripped = value.strip() if value else ""
    return stripped or None


def _links(value: Any) -> tuple[str, ...]:
    """``urls``: a JSON list, or in CSV Python's ``repr`` of one (``['https://…']``)."""
    if isinstance(value, str):
        value = _literal_list(value)
    if not isinstance(value, list):
        return ()
    return unique([v.strip() for v in _strings(value)])


def _literal_list(cell: str) -> list[Any] | None:
    cell = cell.strip()
    if not (cell.startswith("[") and cell.endswith("]")) or len(cell) > 100_000:
        return None
    try:
        found = ast.literal_eval(cell)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return found if isinstance(found, list) else None


def _strings(values: Iterable[Any]) -> list[str]:
    return [v for v in values if isinstance(v, str)]
