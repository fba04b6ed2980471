"""One interface for every output format.

A format is a class with one method per payload. Methods a format cannot express raise
``UsageError`` (``--format stix`` for ``thread`` makes no sense), which the CLI turns into exit 2.
``assessments`` yields chunks so that ``domains`` can stream a million lines with flat memory.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar, Literal

from threadscope.errors import UsageError
from threadscope.models import Assessment, AuditReport, BotReport, Brand, Reassembly


class Format(enum.StrEnum):
    """The output formats, by their ``--format`` names."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"
    STIX = "stix"
    MISP = "misp"


FoundIn = Literal["all", "first"]
"""How much of where a link was found an audit's CSV, JSON and jsonl give (``--found-in``):
``all``, every post that holds it (a CSV row each); ``first``, the first such post and how
many hold it (``found_in_count``; one CSV row per link)."""

FOUND_IN: tuple[FoundIn, ...] = ("all", "first")


class Formatter:
    name: ClassVar[Format]

    def _unsupported(self, what: str) -> UsageError:
        return UsageError(f"--format {self.name} does not fit {what}")

    def threads(self, result: Reassembly) -> str:
        raise self._unsupported("threads")

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        raise self._unsupported("link assessments")

    def audit(self, report: AuditReport) -> str:
        raise self._unsupported("audit reports")

    def bots(self, report: BotReport) -> str:
        raise self._unsupported("bot reports")

    def brands(self, brands: Sequence[Brand]) -> str:
        raise self._unsupported("the brand registry")

    # The CLI writes reports through these: pieces written as they are made, so a report on
    # a dump at the input limit is never held whole as text next to the data it is made of.
    # Joined, the pieces are exactly what ``threads``, ``audit`` and ``bots`` return; formats
    # that build their text whole give it in one piece.

    def threads_chunks(self, result: Reassembly) -> Iterable[str]:
        return (self.threads(result),)

    def audit_chunks(self, report: AuditReport) -> Iterable[str]:
        return (self.audit(report),)

    def bots_chunks(self, report: BotReport) -> Iterable[str]:
        return (self.bots(report),)
