"""CSV of replies → ``Reply`` records (for ``threadscope bots``).

Scrapers and spreadsheets name their columns differently, so the common names are guessed
(``author``/``username``/``screen_name``/``user``, ``text``/``full_text``/``content``/
``message``, ``created_at``/``date``/``timestamp``, ``url``/``urls``, ``in_reply_to``/
``reply_id``) and ``--column KEY=NAME`` overrides the guess. The QUT coordination-network
toolkit's CSV (``message_id,user_id,username,repost_id,reply_id,message,timestamp,urls``, also
read by CooRTweet) is one such shape; its ``timestamp`` is Unix seconds and its ``urls`` are
space-separated.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from threadscope.errors import InputError
from threadscope.models import Reply

KEYS = ("author", "text", "created_at", "urls", "reply_to", "post_id", "author_created_at",
        "display_name")
"""The fields a column can fill; ``--column KEY=NAME`` names one of these."""

GUESSES: dict[str, tuple[str, ...]] = {
    "author": ("author", "username", "screen_name", "user", "handle", "user_screen_name",
               "author_username", "account"),
    "text": ("text", "full_text", "content", "message", "tweet", "body", "post"),
    "created_at": ("created_at", "date", "timestamp", "time", "datetime", "posted_at"),
    "urls": ("urls", "url", "links", "expanded_url", "expanded_urls", "link"),
    "reply_to": ("in_reply_to", "reply_id", "in_reply_to_status_id", "in_reply_to_id",
                 "reply_to", "parent_id"),
    "post_id": ("message_id", "id", "tweet_id", "status_id", "post_id", "id_str"),
    "author_created_at": ("author_created_at", "user_created_at", "account_created_at",
                          "account_created"),
    "display_name": ("display_name", "name", "user_name", "author_name"),
}
"""Column names tried in order for each key (compared case-insensitively)."""

ALIASES = {"in_reply_to": "reply_to", "url": "urls", "date": "created_at", "user": "author"}
"""Friendly spellings accepted on the left of ``--column KEY=NAME``."""

MAX_FIELD = 1024 * 1024
_URL_SPLIT = re.compile(r"[\s,;|]+")
_DELIMITERS = ",;\t"


def parse_column_options(pairs: Sequence[str]) -> dict[str, str]:
    """``["author=screen_name", "text=tweet"]`` → ``{"author": "screen_name", ...}``."""
    columns: dict[str, str] = {}
    for pair in pairs:
        key, sep, name = pair.partition("=")
        key = ALIASES.get(key.strip().lower(), key.strip().lower())
        if not sep or not name.strip():
            raise InputError(f"--column {pair!r}: expected KEY=NAME, e.g. author=screen_name")
        if key not in KEYS:
            raise InputError(f"--column {pair!r}: KEY must be one of {', '.join(KEYS)}")
        columns[key] = name.strip()
    return columns


def looks_like_csv(text: str, columns: Mapping[str, str] | None = None) -> bool:
    """True when the first line is a header naming at least an author and a text column."""
    header = _header(text)
    if header is None:
        return False
    try:
        _column_map(header, columns or {})
    except InputError:
        return bool(columns)
    return True


def tabular(text: str) -> bool:
    """True when the first line splits into several delimited cells (a CSV header, perhaps)."""
    return _header(text) is not None


def read_csv(text: str, columns: Mapping[str, str] | None = None) -> tuple[Reply, ...]:
    """Read replies from CSV text; ``InputError`` when the author or text column is missing."""
    header = _header(text)
    if header is None:
        raise InputError("not CSV: no header line with column names")
    delimiter = _delimiter(text)
    mapping = _column_map(header, columns or {})
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    try:
        next(reader)
        return tuple(
            _reply(index, row, mapping)
            for index, row in enumerate(r for r in reader if any(cell.strip() for cell in r))
        )
    except csv.Error as error:
        raise InputError(f"CSV: {error} (line {reader.line_num})") from error


def _header(text: str) -> list[str] | None:
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip("\r")
    if not first or first.lstrip().startswith(("{", "[")) or len(first) > 10_000:
        return None
    delimiter = _delimiter(text)
    try:
        row = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    if len(row) < 2:
        return None
    return [cell.strip() for cell in row]


def _delimiter(text: str) -> str:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return max(_DELIMITERS, key=first.count)


def _column_map(header: Sequence[str], columns: Mapping[str, str]) -> dict[str, int]:
    lower = {name.lower(): i for i, name in reversed(list(enumerate(header)))}
    mapping: dict[str, int] = {}
    for key, name in columns.items():
        if name.lower() not in lower:
            raise InputError(f"CSV has no column {name!r} (columns: {', '.join(header)[:200]})")
        mapping[key] = lower[name.lower()]
    for key, guesses in GUESSES.items():
        if key in mapping:
            continue
        found = next((lower[g] for g in guesses if g in lower), None)
        if found is not None and found not in mapping.values():
            mapping[key] = found
    for key in ("author", "text"):
        if key not in mapping:
            raise InputError(
                f"CSV has no {key} column (columns: {', '.join(header)[:200]}); "
                f"name it with --column {key}=NAME"
            )
    return mapping


def _reply(index: int, row: Sequence[str], mapping: Mapping[str, int]) -> Reply:
    def get(key: str) -> str | None:
        position = mapping.get(key)
        if position is None or position >= len(row):
            return None
        value = row[position].strip()
        return value or None

    author = get("author")
    return Reply(
        index=index,
        author=author.lstrip("@") if author else None,
        text=get("text") or "",
        created_at=iso_time(get("created_at")),
        author_created_at=iso_time(get("author_created_at")),
        display_name=get("display_name"),
        post_id=get("post_id"),
        reply_to=get("reply_to"),
        urls=tuple(u for u in _URL_SPLIT.split(get("urls") or "") if "." in u),
    )


_TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"


def iso_time(value: str | None) -> str | None:
    """Unix seconds, ISO 8601 or Twitter's classic format → ISO 8601 UTC; else None."""
    if not value:
        return None
    moment = _parse_time(value.strip())
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_time(value: str) -> datetime | None:
    try:
        if re.fullmatch(r"\d{9,10}(\.\d+)?", value):
            return datetime.fromtimestamp(float(value), UTC)
        if re.fullmatch(r"\d{12,13}", value):  # milliseconds
            return datetime.fromtimestamp(int(value) / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    for parse in (_iso, _classic):
        moment = parse(value)
        if moment is not None:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _classic(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, _TWITTER_TIME)
    except ValueError:
        return None
