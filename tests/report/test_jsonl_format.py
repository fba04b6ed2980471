"""The written-out JSON line (``assessment_line``) against the generic path, on what its
shortcuts rest on: reasons remembered by identity, strings encoded once for several fields."""

from __future__ import annotations

import dataclasses

from threadscope.assessment import assess, load_registry
from threadscope.models import Reason
from threadscope.report.jsonl_format import assessment_line, line
from threadscope.report.shapes import assessment_data


def test_a_new_reason_is_never_written_as_a_remembered_one() -> None:
    """Reasons made and dropped one after another often reuse one address (``id``): each
    must still be written with its own words and points."""
    item = assess("welt.ltd", load_registry())
    for number in range(300):
        reason = Reason("x", number, f"sentence {number} \u201cquoted\u201d")
        variant = dataclasses.replace(item, reasons=(reason, *item.reasons))
        assert assessment_line(variant) == line(assessment_data(variant))
        del reason, variant


def test_a_shared_reason_is_written_alike_each_time() -> None:
    registry = load_registry()
    first, second = assess("qsoaopq-uxo.top", registry), assess("isgpaucx.top", registry)
    assert first.reasons[0] is second.reasons[0]  # signals.abused_tld remembers it
    for item in (first, second, first):
        assert assessment_line(item) == line(assessment_data(item))


def test_a_benign_line_writes_each_field_from_its_own_string() -> None:
    """The input as written (capitals, a final dot), a subdomain, a registrable domain that
    is the domain itself: the line reuses an encoded string only where the values agree."""
    registry = load_registry()
    for target in ("Qwertyuiop.COM.", "qwertyuiop.com", "www.qwertyuiop.com", "a.b.qwertyu.de"):
        item = assess(target, registry)
        assert not item.reasons, target
        assert assessment_line(item) == line(assessment_data(item)), target
    plain = assess("qwertyuiop.com", registry)
    renamed = dataclasses.replace(plain, registrable_domain="other.com", input="x\u2028y")
    assert assessment_line(renamed) == line(assessment_data(renamed))
