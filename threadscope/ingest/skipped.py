"""The one wording of a reader's warning about records it passed over.

Every structured reader skips what is not the kind of record it reads (a profile among
tweets, a service message among Telegram messages) and counts it; the warning reads the same
for all of them, so a user, or a script matching it, meets one sentence.
"""

from __future__ import annotations


def skipped_warning(source: str, count: int, what: str) -> tuple[str, ...]:
    """``("SOURCE: N record(s) that are not WHAT skipped",)``, or nothing when none were.

    ``what`` is the plural of what the reader reads: ``tweets``, ``comments``, ``posts``."""
    if count <= 0:
        return ()
    return (f"{source}: {count} record(s) that are not {what} skipped",)
