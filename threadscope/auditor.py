"""Each distinct link once → assess by name → enrich (when an enricher is given): the one
object behind ``audit``, ``check``, ``domains`` and ``bots``.

    auditor = LinkAuditor(registry)                                   # offline: names alone
    auditor = LinkAuditor(registry, NetworkEnricher(options, registry))  # follow each link
    for found in auditor.assess(["welt.ltd", "https://t.co/x"]):
        print(found.verdict)
    auditor.summary()   # what the run could not check, for stderr

The enricher is injected (as pip-audit's ``Auditor`` takes its vulnerability service), so a
script or a test can add its own evidence, and an offline run never imports the HTTP stack.
Every assessment the auditor hands out is counted in ``tally`` (``threadscope.outcomes``):
each command ends with the same account of what it could not check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

from threadscope.assessment import assess_many
from threadscope.assessment.registry import BrandRegistry, load_registry
from threadscope.links.budget import active_budget
from threadscope.links.posts import Target, target_key, told_more
from threadscope.models import Assessment, NetworkOptions
from threadscope.outcomes import Tally

Progress = Callable[[Assessment], None]


class EvidenceSource(Protocol):
    """What ``LinkAuditor`` takes as its enricher: adds evidence to assessments, yielding them
    in the order given; ``progress`` hears of each finished one. (Named apart from
    ``threadscope.enrich.Enricher``, the async core that ``NetworkEnricher`` drives.)"""

    def __call__(
        self, assessments: Iterable[Assessment], progress: Progress | None = None
    ) -> Iterator[Assessment]: ...


class NetworkEnricher:
    """Follows each link over the network (``threadscope.enrich.enrich_stream``): redirects,
    the landing page, registration data. A network that answers nothing at all stops the
    stream with ``NetworkUnreachable``."""

    def __init__(self, options: NetworkOptions, registry: BrandRegistry) -> None:
        self.options = options
        self.registry = registry

    def __call__(
        self, assessments: Iterable[Assessment], progress: Progress | None = None
    ) -> Iterator[Assessment]:
        # Imported here: offline runs need no HTTP stack.
        from threadscope.enrich import enrich_stream

        return enrich_stream(assessments, self.options, self.registry, progress)


class DistinctLinks:
    """Targets in order of first appearance, one per normalised URL (the one that says what
    it was shown as, where a later one does: ``told_more``)."""

    def __init__(self) -> None:
        self.targets: list[Target] = []
        self._index: dict[str, int] = {}
        self.named: dict[str, str] = {}
        """Each redirect wrapper's ``target_key`` → that of the destination it names, as
        ``links.posts.with_destinations`` found them while the targets were read (filled by
        ``pipeline.collect_post_links``), so that no target is asked twice."""

    def add(self, target: Target) -> int:
        """The target's position among the distinct ones (its first appearance's)."""
        key = target_key(target)
        position = self._index.get(key)
        if position is None:
            budget = active_budget()  # audit's: a dump's expanded URLs count too
            if budget is not None:
                budget.spend(key)
            position = self._index[key] = len(self.targets)
            self.targets.append(target)
        elif told_more(target, self.targets[position]):
            self.targets[position] = target  # what it was shown as is evidence: kept
        return position

    def find(self, target: Target) -> int | None:
        """The target's position among the distinct ones, or None when it is not among them."""
        return self._index.get(target_key(target))

    def at_key(self, key: str) -> int | None:
        """``find`` by a ``target_key`` already made."""
        return self._index.get(key)

    def __len__(self) -> int:
        return len(self.targets)


class LinkAuditor:
    """Assesses targets by name and passes them through the enricher, if any; counts what it
    hands out in ``tally``."""

    def __init__(
        self, registry: BrandRegistry | None = None, enricher: EvidenceSource | None = None
    ) -> None:
        self.registry = registry if registry is not None else load_registry(None)
        self.enricher = enricher
        self.tally = Tally()

    @classmethod
    def from_options(
        cls, registry: BrandRegistry | None, network: NetworkOptions | None
    ) -> LinkAuditor:
        """Offline when ``network`` is None; else following links with these options."""
        registry = registry if registry is not None else load_registry(None)
        enricher = NetworkEnricher(network, registry) if network is not None else None
        return cls(registry, enricher)

    @property
    def offline(self) -> bool:
        return self.enricher is None

    def assess(
        self, targets: Iterable[Target], progress: Progress | None = None
    ) -> Iterator[Assessment]:
        """One assessment per target, streamed in input order with flat memory (a million
        targets go through); nothing is fetched without an enricher."""
        assessments = assess_many(targets, self.registry)
        if self.enricher is not None:
            assessments = self.enricher(assessments, progress)
        elif progress is not None:
            assessments = _reporting(assessments, progress)
        return self.tally.watch(assessments)

    def assess_distinct(
        self, links: DistinctLinks | Sequence[Target], progress: Progress | None = None
    ) -> tuple[Assessment, ...]:
        """Each distinct link once, in the order of ``links`` (so positions taken from
        ``DistinctLinks.add`` index the result)."""
        targets = links.targets if isinstance(links, DistinctLinks) else links
        if not targets:
            return ()
        self.registry.index.expect(len(targets))
        return tuple(self.assess(targets, progress))

    def summary(self, *, found: bool = False) -> list[str]:
        """What the run could not check, one sentence per kind of gap (see ``Tally``);
        ``found``: the targets are links found in posts (``audit``, ``bots``), not inputs."""
        return self.tally.summary(offline=self.offline, found=found)


def _reporting(items: Iterable[Assessment], progress: Progress) -> Iterator[Assessment]:
    for item in items:
        progress(item)
        yield item
