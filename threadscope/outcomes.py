"""What a run could not check, and why: counted as assessments stream past.

Every command that assesses links ends with these counts on stderr, so that no failure is
silent: a link that could not be followed looks, by its name alone, as harmless as one that was.
Kept apart from ``pipeline`` so that worker processes (``threadscope.parallel``) count too
without importing the whole pipeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from threadscope.models import (
    NOT_FOLLOWED_INVALID,
    NOT_FOLLOWED_OFFLINE_SHORTENER,
    Assessment,
    Verdict,
)

_INVALID, _LOOKALIKE, _SUSPICIOUS = Verdict.INVALID, Verdict.LOOKALIKE, Verdict.SUSPICIOUS
_OFFICIAL = Verdict.OFFICIAL
"""As globals: an enum member looked up on its class costs 50 ns, four per assessment."""


@dataclass
class Tally:
    """What a run could not check, and why, counted as the assessments stream past: the
    summary every command ends with on stderr, so that no failure is silent."""

    total: int = 0
    flagged: bool = False
    not_usable: Counter[str] = field(default_factory=Counter)
    """Inputs that are no usable link or domain (``invalid``), by reason."""
    not_followed: Counter[str] = field(default_factory=Counter)
    """Links that could not be followed to where they land (``unresolved``), by error."""
    shortened: Counter[str] = field(default_factory=Counter)
    """Offline: links through a shortener, by service; where they lead was not looked at."""
    on_a_page: int = 0
    """Of ``not_followed``: links judged by the page whose refresh or JavaScript redirect
    failed, as well as by name (the page a reader is left on)."""
    cut_off: int = 0
    """Of ``not_followed``: links judged by what arrived of their page before the timeout
    cut it off, as well as by name."""
    official: int = 0
    """Of ``not_followed``: a brand's own domains (``official``), said as such: counted with
    the rest alone, the brand's own sites read as unknown ones."""
    unopenable: Counter[str] = field(default_factory=Counter)
    """Links no browser opens (``Assessment.unopenable``: a port out of range, ``%00`` in the
    host), by ``error``: judged by their host names, never followed."""

    def add(self, item: Assessment) -> None:
        """Count one assessment (most, in bulk runs, are a plain name with nothing to say)."""
        self.total += 1
        verdict = item.verdict
        if verdict is _INVALID:
            self.not_usable[_reason_kind(item.error or "not a link or domain")] += 1
            return
        if verdict is _LOOKALIKE or verdict is _SUSPICIOUS:
            self.flagged = True
        if item.unresolved:
            self.not_followed[item.error or "not followed"] += 1
            if verdict is _OFFICIAL:
                self.official += 1
            if item.page_cut_off:
                self.cut_off += 1
            elif item.page is not None:
                self.on_a_page += 1
        elif item.reasons and not item.chain:
            # Neither invalid nor unresolved: ``not_followed`` says unopenable or short link.
            why = item.not_followed
            if why == NOT_FOLLOWED_INVALID:
                self.unopenable[item.error or "malformed"] += 1
            elif why == NOT_FOLLOWED_OFFLINE_SHORTENER:
                self.shortened[item.registrable_domain or "?"] += 1

    def watch(self, items: Iterable[Assessment]) -> Iterator[Assessment]:
        for item in items:
            self.add(item)
            yield item

    def merge(self, other: Tally) -> None:
        self.total += other.total
        self.flagged = self.flagged or other.flagged
        self.not_usable.update(other.not_usable)
        self.not_followed.update(other.not_followed)
        self.on_a_page += other.on_a_page
        self.cut_off += other.cut_off
        self.official += other.official
        self.shortened.update(other.shortened)
        self.unopenable.update(other.unopenable)

    def summary(self, *, offline: bool, found: bool = False) -> list[str]:
        """One sentence per kind of gap; nothing when everything was checked. ``found``: what
        was assessed are links found in posts (``audit``, ``bots``), which the unusable ones
        are counted among, rather than a list of inputs (``check``, ``domains``)."""
        lines: list[str] = []
        of = f" of {self.total:,}"
        if self.not_followed:
            count = sum(self.not_followed.values())
            pages = (f" (and, for {self.on_a_page:,}, on the page whose redirect failed)"
                     if self.on_a_page else "")
            if self.cut_off:
                pages += (f" (and, for {self.cut_off:,}, on what arrived of a page the timeout "
                          "cut off)")
            if self.official:
                pages += (" (1 of them an official site: a brand's own domain)"
                          if self.official == 1 else f" ({self.official:,} of them official "
                          "sites: the brands' own domains)")
            lines.append(
                f"{count:,}{of} links could not be followed ({_counts(self.not_followed)}); "
                f"their verdicts rest on the names alone{pages}"
            )
        if offline and self.shortened:
            count = sum(self.shortened.values())
            lines.append(
                f"offline: {count:,}{of} links go through a shortener "
                f"({_counts(self.shortened)}) and were not followed"
            )
        if self.unopenable:
            count = sum(self.unopenable.values())
            lines.append(
                f"{count:,}{of} links cannot be opened in a browser "
                f"({_counts(self.unopenable)}): judged by their host names alone, not followed"
            )
        if self.not_usable:
            count = sum(self.not_usable.values())
            what = ("links found are not usable" if found
                    else "inputs are not a usable link or domain")
            lines.append(f"{count:,}{of} {what} ({_counts(self.not_usable)})")
        return lines


def _reason_kind(error: str) -> str:
    """``welt: no known public suffix`` → ``no known public suffix``: counted by kind, and
    attacker text stays out of the summary."""
    head, separator, rest = error.partition(": ")
    return rest if separator and rest and not any(c.isspace() for c in head) else error


def _counts(counter: Counter[str], shown: int = 5) -> str:
    common = counter.most_common()
    text = ", ".join(f"{name} {count:,}" for name, count in common[:shown])
    if len(common) > shown:
        text += f", {len(common) - shown} more"
    return text
