"""Evidence about one account or one reply, independent of any other account.

Each function answers with a ``Reason`` or None. The points here are the *account's* own
evidence (shown in the per-account table); a cluster weighs the same facts across its members
in ``threadscope.bots.score``.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime

from threadscope.bots import codes
from threadscope.bots.normalise import stripped_length
from threadscope.models import Post, PostKind, Reason

MACHINE_HANDLE = re.compile(r"[A-Za-z][A-Za-z_]{2,}\d{5,8}")
"""A name plus 5–8 digits: the shape of the handles X proposes at sign-up (``MariaSchulz83651``)."""

YOUNG_DAYS = 30
"""An account created at most this many days before it replied is young."""
FAST_MINUTES = 10
"""A reply within this many minutes of the post it answers is fast."""
STOCK_MAX_CHARS = 80
"""'A stock sentence plus a link and nothing else': at most this much text beside the link."""


def parse_time(value: str | None) -> datetime | None:
    """ISO 8601 → aware datetime (UTC assumed when no zone is given); None when unusable."""
    if not value:
        return None
    return _parse_time(value)


@functools.lru_cache(maxsize=1 << 16)
def _parse_time(value: str) -> datetime | None:
    """Cached: an account's creation time is read once per reply it wrote."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def machine_handle(handle: str) -> Reason | None:
    if not MACHINE_HANDLE.fullmatch(handle):
        return None
    return Reason(codes.MACHINE_HANDLE, 15, f"@{handle} is a name plus 5–8 digits, as generated")


def account_age_days(reply: Post) -> float | None:
    created = parse_time(reply.author_created_at)
    posted = parse_time(reply.created_at)
    if created is None or posted is None:
        return None
    return (posted - created).total_seconds() / 86400


def young_account(reply: Post) -> Reason | None:
    age = account_age_days(reply)
    if age is None or age < 0 or age > YOUNG_DAYS:
        return None
    return Reason(codes.YOUNG_ACCOUNT, 15, f"account created {age:.0f} days before it replied")


def delay_minutes(reply: Post, original: datetime | None) -> float | None:
    posted = parse_time(reply.created_at)
    if posted is None or original is None:
        return None
    return (posted - original).total_seconds() / 60


def is_reply(post: Post) -> bool:
    """A reply, or a post of a dump that does not say (CSV without ids, web copy): not a
    repost or quote, nor a platform record that names no post it answers."""
    if post.kind in (PostKind.REPOST, PostKind.QUOTE):
        return False
    return post.reply_to is not None or post.post_id is None


def fast_reply(reply: Post, original: datetime | None) -> Reason | None:
    if not is_reply(reply):
        return None
    delay = delay_minutes(reply, original)
    if delay is None or delay < 0 or delay > FAST_MINUTES:
        return None
    return Reason(codes.FAST_REPLY, 5, f"replied {delay:.0f} minutes after the original post")


def stock_with_link(reply: Post, link_count: int) -> bool:
    """A short sentence plus a link and nothing else: the shape of link-drop spam."""
    return link_count > 0 and 0 < stripped_length(reply.text) <= STOCK_MAX_CHARS
