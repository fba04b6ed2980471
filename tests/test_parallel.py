"""Scoring target lists in worker processes, and the written-out jsonl line bulk runs use."""

from __future__ import annotations

import dataclasses
import json
import random
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.assessment import BrandRegistry, assess, assess_many, load_registry
from threadscope.errors import InputError, UsageError
from threadscope.models import Hop, Reason, Registration
from threadscope.parallel import RegistrySpec, Scored, score_lines
from threadscope.report import Format, formatter
from threadscope.report.jsonl_format import assessment_line, line
from threadscope.report.shapes import assessment_data

# --------------------------------------------------------------------------- score_lines

HOSTILE = (
    "",
    "xn--",
    "xn--zz-broken.com",
    "a" * 70 + ".com",
    "b." * 130 + "com",
    "[::1",
    "http://[fe80::1%eth0]:99/",
    "welt.de:99999",
    "192.0.2.7",
    "\x00\x1b[31mwelt.de",
    "https://welt.de@evil.example/",
    "wеlt.de",
    "hxxps://welt[.]ltd/x",
    "\ufffd\ufffd.com",
)


def mixed_targets(count: int) -> list[str]:
    """Look-alikes, official domains, random names and hostile lines, deterministic."""
    rng = random.Random(5)
    pool = ["welt.ltd", "welt.de", "bildd.lol", "spiegel-news.com", "www.bbc.co.uk", *HOSTILE]
    targets = []
    for number in range(count):
        if number % 3:
            name = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 12)))
            targets.append(f"{name}.{rng.choice(('com', 'de', 'ltd', 'co.uk'))}")
        else:
            targets.append(rng.choice(pool))
    return targets


def in_process(targets: list[str], registry: BrandRegistry, fmt: str) -> str:
    return "".join(formatter(Format(fmt)).assessments(assess_many(targets, registry)))


def joined(parts: Iterator[Scored]) -> tuple[str, int, bool]:
    items = list(parts)
    return (
        "".join(p.text for p in items),
        sum(p.count for p in items),
        any(p.flagged for p in items),
    )


@pytest.fixture(scope="module")
def brands_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("brands") / "ours.txt"
    path.write_text("Our Paper\tourpaper.de\nlocalnews.fr\n", "utf-8")
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_parallel_output_is_the_one_process_output_byte_for_byte(
    fmt: str, brands_file: Path
) -> None:
    spec = RegistrySpec(str(brands_file))
    registry = spec.load()
    targets = [*mixed_targets(2500), "ourpaper.com", "0urpaper.de", "localnews.fr"]
    text, count, flagged = joined(
        score_lines(targets, spec, fmt, workers=2, registry=registry, chunk=97)
    )
    assert text == in_process(targets, registry, fmt)
    assert count == len(targets)
    assert flagged


def test_parallel_keeps_input_order_and_sees_the_user_brands(brands_file: Path) -> None:
    targets = mixed_targets(1200) + ["0urpaper.de"]
    text, _, _ = joined(
        score_lines(targets, RegistrySpec(str(brands_file)), "jsonl", workers=2, chunk=50)
    )
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["input"] for line in lines] == targets
    assert lines[-1]["imitates"] == "ourpaper.de"


def test_spawned_workers_rebuild_the_same_registry(brands_file: Path) -> None:
    spec = RegistrySpec(str(brands_file))
    targets = mixed_targets(300) + ["0urpaper.de"]
    parts = score_lines(targets, spec, "jsonl", workers=2, chunk=100, start_method="spawn")
    text, _, _ = joined(parts)
    assert text == in_process(targets, spec.load(), "jsonl")


def test_nothing_flagged_is_reported_as_such() -> None:
    targets = ["welt.de", "www.bbc.co.uk", "example.org"] * 400
    _, count, flagged = joined(score_lines(targets, RegistrySpec(), "jsonl", workers=2, chunk=100))
    assert (count, flagged) == (1200, False)


@pytest.mark.parametrize("workers", [1, 2])
def test_small_or_single_worker_input_is_scored_here(workers: int) -> None:
    registry = load_registry()
    targets = ["welt.ltd", "welt.de"]
    text, count, flagged = joined(
        score_lines(targets, RegistrySpec(), "csv", workers=workers, registry=registry)
    )
    assert text == in_process(targets, registry, "csv")
    assert (count, flagged) == (2, True)


def test_empty_input_still_gets_the_csv_header() -> None:
    text, count, _ = joined(score_lines([], RegistrySpec(), "csv", workers=2))
    assert text.startswith("input,url,") and text.count("\n") == 1 and count == 0


def _rows_then_a_broken_one() -> Iterator[str]:
    """What ``csv_column`` does when a row cannot be read: the rows before it, then the error."""
    yield from ["welt.ltd"] * 250
    raise InputError("CSV line 252: broken row")


def test_a_reading_error_comes_after_what_was_read() -> None:
    seen: list[Scored] = []
    with pytest.raises(InputError):
        for part in score_lines(
            _rows_then_a_broken_one(), RegistrySpec(), "jsonl", workers=2, chunk=40
        ):
            seen.append(part)
    assert sum(part.count for part in seen) == 250


def test_formats_that_are_not_line_streams_are_refused() -> None:
    with pytest.raises(UsageError):
        next(score_lines(["welt.de"], RegistrySpec(), "json", workers=2))


def test_closing_early_stops_the_workers() -> None:
    parts = score_lines(mixed_targets(3000), RegistrySpec(), "jsonl", workers=2, chunk=100)
    next(parts)
    next(parts)
    parts.close()  # as `| head` or Ctrl-C do; must not hang or leave processes
    import multiprocessing

    assert multiprocessing.active_children() == []


# ------------------------------------------------- the written-out jsonl line of bulk runs


def test_the_fast_jsonl_line_is_the_contract_shape_for_every_kind_of_input() -> None:
    registry = load_registry()
    for target in [*mixed_targets(600), *HOSTILE, "bild.eu.com", "xn--wlt-rdd.de", "1.2.3.4",
                   "https://t.co/cykVk0lJUJ", "bit.ly/3xYz12"]:  # not_followed of each kind
        item = assess(target, registry)
        assert assessment_line(item) == line(assessment_data(item)), target


def test_the_fast_jsonl_line_hands_over_what_it_does_not_write_out() -> None:
    item = assess("welt.ltd", load_registry())
    odd = [
        dataclasses.replace(item, chain=(Hop(url="https://welt.ltd/", status=301),)),
        dataclasses.replace(item, registration=Registration(created="2024-05-01")),
        dataclasses.replace(item, score=True),  # not a plain int
        dataclasses.replace(item, error="deadline", unresolved=True),  # not_followed "failed"
        dataclasses.replace(item, reasons=(Reason("x", 5, 'quote " and \u2028 and \x00'),)),
    ]
    for variant in odd:
        assert assessment_line(variant) == line(assessment_data(variant))
        assert json.loads(assessment_line(variant)) == json.loads(line(assessment_data(variant)))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_the_fast_jsonl_line_matches_on_any_text(target: str) -> None:
    item = assess(target, load_registry())
    assert assessment_line(item) == line(assessment_data(item))


def test_the_fast_jsonl_line_is_in_use() -> None:
    """Fails when a field is added to Assessment or Reason: add it to ``assessment_line`` and
    ``_ASSESSMENT_FIELDS`` in report/jsonl_format.py too (else bulk runs get slower)."""
    from threadscope.report import jsonl_format

    assert jsonl_format._FAST
