"""``LinkAuditor``: each distinct link once, assessed by name, through an injected enricher."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from threadscope.assessment import load_registry
from threadscope.auditor import DistinctLinks, LinkAuditor, NetworkEnricher, Progress
from threadscope.links import extract_links
from threadscope.models import Assessment, NetworkOptions, Verdict


class LandsElsewhere:
    """An enricher of a script's own: says every link lands on one page (no network)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(
        self, assessments: Iterable[Assessment], progress: Progress | None = None
    ) -> Iterator[Assessment]:
        for item in assessments:
            self.seen.append(item.input)
            done = dataclasses.replace(item, final_url="https://example.org/landing")
            if progress is not None:
                progress(done)
            yield done


def test_offline_assesses_in_input_order_and_counts_what_it_could_not_use() -> None:
    auditor = LinkAuditor(load_registry(None))
    results = list(auditor.assess(["welt.ltd", "welt.de", "xx", "bit.ly/abc"]))
    verdicts = [r.verdict for r in results][:3]
    assert verdicts == [Verdict.LOOKALIKE, Verdict.OFFICIAL, Verdict.INVALID]
    assert auditor.offline and auditor.tally.total == 4 and auditor.tally.flagged
    summary = auditor.summary()
    assert any("shortener" in line for line in summary)
    assert any("not a usable link" in line for line in summary)


def test_the_injected_enricher_sees_each_distinct_link_once_in_order() -> None:
    links = DistinctLinks()
    text = "welt.ltd/a then spiegel.ltd and welt.ltd/a again"
    positions = [links.add(link) for link in extract_links(text)]
    assert positions == [0, 1, 0] and len(links) == 2
    enricher = LandsElsewhere()
    heard: list[str] = []
    auditor = LinkAuditor(load_registry(None), enricher)
    found = auditor.assess_distinct(links, heard.append)
    assert [a.url for a in found] == ["https://welt.ltd/a", "https://spiegel.ltd/"]
    assert enricher.seen == [link.input for link in links.targets]
    assert heard == list(found) and all(a.final_url for a in found)
    assert not auditor.offline and auditor.summary() == []


def test_nothing_to_assess_never_calls_the_enricher() -> None:
    enricher = LandsElsewhere()
    assert LinkAuditor(load_registry(None), enricher).assess_distinct(DistinctLinks()) == ()
    assert enricher.seen == []


def test_over_a_network_uses_the_network_enricher() -> None:
    registry = load_registry(None)
    auditor = LinkAuditor.from_options(registry, NetworkOptions())
    assert isinstance(auditor.enricher, NetworkEnricher)
    assert auditor.enricher.registry is registry
    assert LinkAuditor.from_options(registry, None).enricher is None
