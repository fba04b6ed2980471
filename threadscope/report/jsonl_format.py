"""``--format jsonl``: one thread, assessment, cluster or brand per line, for pipelines."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from json import encoder
from typing import Any

from threadscope.models import (
    NOT_FOLLOWED_FAILED,
    NOT_FOLLOWED_INVALID,
    NOT_FOLLOWED_OFFLINE,
    NOT_FOLLOWED_OFFLINE_SHORTENER,
    SHORTENER_CODE,
    UNOPENABLE_CODE,
    Assessment,
    AuditReport,
    BotReport,
    Brand,
    Reason,
    Reassembly,
    Verdict,
)
from threadscope.report import shapes
from threadscope.report.base import Format, Formatter, FoundIn
from threadscope.textsafe import json_safe


def _compact_encoder() -> Callable[[Any], str]:
    """``json.dumps(data, ensure_ascii=False)``, same bytes, built once: ``dumps`` with any
    option builds a new encoder per call, which cost as much as assessing a domain in bulk
    runs. The C encoder is made without the circular-reference check (our shapes are trees)."""
    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(encoder, "c_make_encoder", None)  # not in typeshed
    if make is None:  # a Python without the _json accelerator
        return plain.encode
    chunks = make(
        None, plain.default, encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda data: "".join(chunks(data, 0))


_encode = _compact_encoder()


def line(data: Any) -> str:
    return json_safe(_encode(data)) + "\n"


# The fields the written-out line below knows, in declaration (= output) order. If the models
# change, the fast line switches itself off and every assessment takes the generic path.
_ASSESSMENT_FIELDS = (
    "input",
    "url",
    "domain",
    "registrable_domain",
    "verdict",
    "score",
    "imitates",
    "reasons",
    "final_url",
    "chain",
    "error",
    "registration",
    "page",
    "brand",
    "card_domain",
    "unresolved",
    "first_page",
    "shown",
)
_FAST = (
    tuple(f.name for f in dataclasses.fields(Assessment)) == _ASSESSMENT_FIELDS
    and tuple(f.name for f in dataclasses.fields(Reason)) == ("code", "points", "detail")
    and getattr(encoder, "c_make_encoder", None) is not None
)
_string = encoder.encode_basestring  # what the encoder above uses for every str
_BENIGN = Verdict.BENIGN
_BENIGN_TEXT = _string(_BENIGN)
"""Most lines' verdict, encoded once."""


_INVALID = f'"{NOT_FOLLOWED_INVALID}"'
_FAILED = f'"{NOT_FOLLOWED_FAILED}"'
_OFFLINE = f'"{NOT_FOLLOWED_OFFLINE}"'
_OFFLINE_SHORTENER = f'"{NOT_FOLLOWED_OFFLINE_SHORTENER}"'


def _not_followed(item: Assessment) -> str:
    """``Assessment.not_followed`` as JSON for the fast line, which has no ``chain`` (so the
    link was not followed), written out as the property reads it: asked of every line of a
    bulk run, the property's call cost a fifth of the line. tests/test_parallel.py holds the
    two to the same bytes."""
    if item.verdict is Verdict.INVALID:
        return _INVALID
    if item.unresolved:
        return _FAILED
    shortener = False
    for reason in item.reasons:
        code = reason.code
        if code == UNOPENABLE_CODE:
            return _INVALID
        if code == SHORTENER_CODE:
            shortener = True
    return _OFFLINE_SHORTENER if shortener else _OFFLINE


class _NotPlain(Exception):
    """A value of a type the written-out line does not handle: take the generic path."""


def assessment_line(item: Assessment) -> str:
    """``line(shapes.assessment_data(item))``, the same bytes, written out for the offline
    case (no chain, registration or page), which halves the cost of a line in bulk runs.
    tests/test_parallel.py compares the two on every technique and hostile input.

    Strings go straight to the encoder's own string function, which refuses anything but a
    ``str`` (``TypeError``: the generic path takes over) and writes a ``str`` subclass as the
    encoder does; numbers must be plain ints (the encoder writes a bool as ``true``). The
    verdict, a ``StrEnum`` member, is a ``str`` of its value already (``.value`` costs more
    than the rest of its field)."""
    if (not _FAST or item.chain or item.registration is not None or item.page is not None
            or item.first_page is not None):
        return line(shapes.assessment_data(item))
    text = _string
    try:
        if type(item.score) is not int:
            raise _NotPlain
        reasons = item.reasons
        url, domain, registrable = item.url, item.domain, item.registrable_domain
        if (
            not reasons and url is item.final_url and url is not None and domain is not None
            and registrable is not None and item.imitates is None and item.error is None
            and item.brand is None and item.card_domain is None and item.shown is None
        ):  # fmt: skip
            # Most lines of a bulk run: a name with nothing to say, fewer fields to ask. The
            # input is most often the domain as it was written, and the registrable domain
            # the domain itself (``assess`` passes the one string): encoded once.
            url_text = text(url)
            domain_text = text(domain)
            raw = item.input
            # no reasons, not invalid and not unresolved: offline, as _not_followed reads it
            plain_not_followed = (_OFFLINE if item.verdict is _BENIGN and not item.unresolved
                                  else _not_followed(item))
            return json_safe(
                f'{{"input": {domain_text if raw == domain else text(raw)}, "url": {url_text}, '
                f'"domain": {domain_text}, "registrable_domain": '
                f'{domain_text if registrable is domain else text(registrable)}, '
                f'"verdict": {_BENIGN_TEXT if item.verdict is _BENIGN else text(item.verdict)}, '
                f'"score": {int.__repr__(item.score)}, '
                f'"imitates": null, "reasons": [], "final_url": {url_text}, "chain": [], '
                f'"error": null, "registration": null, "page": null, "brand": null, '
                f'"card_domain": null, '
                f'"unresolved": {"true" if item.unresolved is True else "false"}, '
                f'"first_page": null, "shown": null, '
                f'"not_followed": {plain_not_followed}}}\n'
            )
        listed = (
            ", ".join([_reason(text, reason) for reason in reasons]) if reasons else ""
        )
        final_url = item.final_url
        url_text = "null" if url is None else text(url)
        if final_url is not url:
            final_text = "null" if final_url is None else text(final_url)
        else:
            final_text = url_text  # offline: the final URL is the URL itself
        imitates, error, brand, card = item.imitates, item.error, item.brand, item.card_domain
        domain_text = "null" if domain is None else text(domain)
        raw = item.input
        if registrable is None:
            registrable_text = "null"
        else:
            registrable_text = domain_text if registrable is domain else text(registrable)
        return json_safe(
            f'{{"input": {domain_text if raw == domain else text(raw)}, "url": {url_text}, '
            f'"domain": {domain_text}, "registrable_domain": {registrable_text}, '
            f'"verdict": {text(item.verdict)}, "score": {int.__repr__(item.score)}, '
            f'"imitates": {"null" if imitates is None else text(imitates)}, '
            f'"reasons": [{listed}], "final_url": {final_text}, "chain": [], '
            f'"error": {"null" if error is None else text(error)}, '
            f'"registration": null, "page": null, '
            f'"brand": {"null" if brand is None else text(brand)}, '
            f'"card_domain": {"null" if card is None else text(card)}, '
            f'"unresolved": {"true" if item.unresolved is True else "false"}, '
            f'"first_page": null, '
            f'"shown": {"null" if item.shown is None else text(item.shown)}, '
            f'"not_followed": {_not_followed(item)}}}\n'
        )
    except (_NotPlain, TypeError):
        return line(shapes.assessment_data(item))


def _reason(text: Callable[[str], str], reason: Reason) -> str:
    """A reason's JSON object. Most reasons in a bulk run are a few shared objects (the
    abused suffix's, a brand's suffix and name reasons: ``signals.abused_tld`` and
    ``model.reasons`` remember them), whose long sentences would be encoded again on every
    line: they are remembered by identity (the reason is kept beside its text, so its id
    cannot be reused while it is there), and a ``Reason`` is frozen."""
    known = _SAID.get(id(reason))
    if known is not None and known[0] is reason:
        return known[1]
    if type(reason.points) is not int:
        raise _NotPlain
    said = (
        f'{{"code": {text(reason.code)}, "points": {int.__repr__(reason.points)}, '
        f'"detail": {text(reason.detail)}}}'
    )
    if len(_SAID) >= _SAID_SIZE:
        _SAID.clear()
    _SAID[id(reason)] = (reason, said)
    return said


_SAID: dict[int, tuple[Reason, str]] = {}
_SAID_SIZE = 4096
"""Reasons remembered with their JSON (``_reason``): the shared ones are a few hundred; the
rest, made for one match each, are dropped with them when it fills."""


class JsonLinesFormatter(Formatter):
    name = Format.JSONL

    def __init__(self, found_in: FoundIn = "all") -> None:
        self.first = found_in == "first"

    def threads(self, result: Reassembly) -> str:
        return "".join(line(shapes.thread_data(thread)) for thread in result.threads)

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        for item in items:
            yield assessment_line(item)

    def audit(self, report: AuditReport) -> str:
        # One assessment per line, each with where it was found, so a pipeline needs no join.
        found = shapes.found_in(report)
        return "".join(
            line({**shapes.assessment_data(link),
                  **shapes.found_in_fields(found, index, self.first),
                  "expands_to": report.expands_to.get(index)})
            for index, link in enumerate(report.links)
        )

    def bots(self, report: BotReport) -> str:
        return "".join(line(shapes.cluster_data(cluster)) for cluster in report.clusters)

    def brands(self, brands: Sequence[Brand]) -> str:
        return "".join(line(shapes.brand_data(brand)) for brand in brands)
