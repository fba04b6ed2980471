"""How many distinct links one ``audit`` takes before it refuses the paste.

``audit`` keeps every distinct link with its assessment, its posts and its report row until
the report is written: measured on 50,000 and 200,000 distinct ``https://x<N>.example/`` links
(one line, or one a line; ``/usr/bin/time -v``), peak memory grows by about 1.4 KB and run
time by about 0.2 ms for each (188 MB and 17 s, then 390 MB and 41 s, offline, JSON out).
Extraction was about half of it (about 750 B a link: the candidates' matches, ``Link``
records, normalised URL parts), assessment and the report the rest. At the 256 MiB input
limit a paste can hold some ten million links: tens of GB.

A thread, or a dump of replies to one, holds hundreds or thousands of links; 100,000
distinct ones is a bulk list, which ``threadscope domains`` streams with flat memory. So
``audit`` refuses a paste past ``MAX_AUDIT_LINKS`` distinct links, at about 250 MB and 20 s
spent, and counts them where links are found (``extract_links``, and the expanded URLs of a
dump's records through ``DistinctLinks``), so the memory is never spent.

A single text (one post, or the pasted text around the threads) with more than
``MAX_LINKS_IN_ONE_TEXT`` links written in it is refused while its links are still being
found: its candidates are all held before any is normalised, and one line of two million
links would otherwise cost about a gigabyte before the distinct count could stop it.

The budget is a context (``link_budget``) rather than a parameter, because the links of a
paste are found along many paths (threads, link cards, image descriptions, loose text,
labels); ``check`` and ``domains`` stream and set none.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from threadscope.errors import InputError

MAX_AUDIT_LINKS = 100_000
"""Distinct links (by normalised URL) one ``audit`` takes; see the module's docstring."""

TEXT_LINKS_PER_DISTINCT = 4
MAX_LINKS_IN_ONE_TEXT = TEXT_LINKS_PER_DISTINCT * MAX_AUDIT_LINKS
"""Links written in one text, repeats included, before it is refused unread: room for a
thread that repeats each of its links, while the candidates held stay near 150 MB."""

BULK_ADVICE = "use `threadscope domains` for bulk lists of links, which streams them"


class TooManyLinks(InputError):
    """The paste holds more links than ``audit`` takes: a bulk list, not a thread."""


class LinkBudget:
    """The distinct links found so far, and the limits they are held to."""

    def __init__(self, limit: int = MAX_AUDIT_LINKS) -> None:
        self.limit = limit
        self.in_one_text = TEXT_LINKS_PER_DISTINCT * limit
        self._seen: set[str] = set()

    def spend(self, url: str) -> None:
        """Count one link found; ``TooManyLinks`` once more than ``limit`` are distinct.
        Every link found counts, also one later read as a card's domain line or a label:
        counted where it is found, before the paste's links are sorted out."""
        if url in self._seen:
            return
        self._seen.add(url)
        if len(self._seen) > self.limit:
            raise TooManyLinks(
                f"more than {self.limit:,} distinct links: this is a bulk list, not a thread; "
                f"{BULK_ADVICE}"
            )

    def check_text(self, found: int) -> None:
        """``TooManyLinks`` once one text has more than ``in_one_text`` links written in it."""
        if found > self.in_one_text:
            raise TooManyLinks(
                f"more than {self.in_one_text:,} links in one text: this is a bulk list, not a "
                f"thread; {BULK_ADVICE}"
            )

    def __len__(self) -> int:
        return len(self._seen)


_ACTIVE: contextvars.ContextVar[LinkBudget | None] = contextvars.ContextVar(
    "threadscope_link_budget", default=None
)


def active_budget() -> LinkBudget | None:
    """The budget of the ``audit`` running in this context, or None (``check``, ``domains``,
    a library caller's ``extract_links``)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def link_budget(budget: LinkBudget | None) -> Iterator[LinkBudget | None]:
    """Hold every link found inside the block to ``budget`` (None: no limit)."""
    token = _ACTIVE.set(budget)
    try:
        yield budget
    finally:
        _ACTIVE.reset(token)
