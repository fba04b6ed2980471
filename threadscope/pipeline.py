"""The whole jobs behind ``threadscope.audit`` and ``threadscope.check``: reassemble, find
links, assess, enrich.

    report = threadscope.audit(open("dump.txt").read(), source="dump.txt")
    for link in report.links:
        print(link.verdict, link.url)

    for result in threadscope.check(["welt.ltd", "https://t.co/x"], network=NetworkOptions()):
        print(result.verdict, result.unresolved, result.error)

Each distinct link (by normalised URL) is assessed once, however often it is pasted;
``AuditReport.post_links`` says which post holds which link. Links in text that belongs to no
thread (an introduction, a remark after the last post) are assessed too, because a look-alike
link is worth reporting wherever it stands in the paste; they simply have no post to point to.

The network is used only when ``network`` is given (``None`` means offline: names alone).
Progress is reported through callbacks, never printed: ``on_links`` once with the number of
distinct links, ``progress`` once per finished assessment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from threadscope.assessment import assess_many
from threadscope.assessment.registry import BrandRegistry, load_registry
from threadscope.errors import ThreadscopeError
from threadscope.links import extract_links, parse_target
from threadscope.models import (
    Assessment,
    AuditReport,
    Link,
    NetworkOptions,
    Post,
    Reassembly,
    Thread,
)

Target = Link | str
"""A link to assess: extracted and normalised, or a raw string no parser could make sense of."""


class _Distinct:
    """Targets in order of first appearance, one per normalised URL."""

    def __init__(self) -> None:
        self.targets: list[Target] = []
        self._index: dict[str, int] = {}

    def add(self, target: Target) -> int:
        key = target if isinstance(target, str) else target.url or target.input
        if key not in self._index:
            self._index[key] = len(self.targets)
            self.targets.append(target)
        return self._index[key]


def post_targets(post: Post) -> list[Target]:
    """Links in the post's text, then the links the platform expanded for us (``post.urls``)."""
    targets: list[Target] = list(extract_links(post.text))
    for raw in post.urls:
        try:
            targets.append(parse_target(raw))
        except ThreadscopeError:
            targets.append(raw)  # assessed as given; the verdict will say why it is unusable
    return targets


def collect_links(
    threads: Sequence[Thread], loose_text: Iterable[str], loose_posts: Iterable[Post] = ()
) -> tuple[list[Target], dict[tuple[int, int], tuple[int, ...]]]:
    """Distinct targets, and for each post the indices of the targets it holds.

    ``loose_text`` and ``loose_posts`` (text and records in no thread) add targets that no post
    points to.
    """
    distinct = _Distinct()
    post_links: dict[tuple[int, int], tuple[int, ...]] = {}
    for thread in threads:
        for position, post in enumerate(thread.posts):
            indices = tuple(dict.fromkeys(distinct.add(t) for t in post_targets(post)))
            if indices:
                post_links[(thread.id, position)] = indices
    for text in loose_text:
        for link in extract_links(text):
            distinct.add(link)
    for post in loose_posts:
        for target in post_targets(post):
            distinct.add(target)
    return distinct.targets, post_links


def loose_records(text: str, reassembly: Reassembly) -> tuple[Post, ...]:
    """Records of a structured dump: their expanded URLs must be assessed even when a record
    is in no thread (a dump of replies by many accounts), since ``unthreaded`` keeps text only.
    """
    if reassembly.format == "text":
        return ()
    from threadscope.ingest import parse_dump  # imported here: check and domains need no ingest

    return parse_dump(text).all_posts


def pasted_targets(texts: Iterable[str]) -> Iterator[Target]:
    """What a person pastes into ``check``: a link or a domain, or a whole sentence.

    A text with white space inside is read as prose and its links are found as ``audit``
    finds them (each distinct one once per text); a text without links is passed on as given,
    so that its verdict says why it is not one. A single word goes on unchanged: ``input``
    then echoes it exactly.
    """
    for text in texts:
        if not any(character.isspace() for character in text.strip()):
            yield text
            continue
        found = _Distinct()
        for link in extract_links(text):
            found.add(link)
        yield from found.targets or [text]


def check(
    targets: Iterable[Target],
    *,
    registry: BrandRegistry | None = None,
    network: NetworkOptions | None = None,
    progress: Callable[[Assessment], None] | None = None,
) -> Iterator[Assessment]:
    """Assess each target by name and, given ``network``, follow it; streamed in input order.

    What ``threadscope check`` and ``domains`` run: a million targets go through with flat
    memory. Without ``network`` nothing is fetched. With it, a link that could not be followed
    keeps its verdict by name and says so (``unresolved``, ``error``); a network that answers
    nothing at all stops the stream with ``NetworkUnreachable`` (see ``threadscope.enrich``).
    """
    registry = registry if registry is not None else load_registry(None)
    assessments = assess_many(targets, registry)
    if network is None:
        if progress is None:
            return assessments
        return _reporting(assessments, progress)
    # Imported here: offline runs need no HTTP stack.
    from threadscope.enrich import enrich_stream

    return enrich_stream(assessments, network, registry, progress)


def _reporting(
    items: Iterable[Assessment], progress: Callable[[Assessment], None]
) -> Iterator[Assessment]:
    for item in items:
        progress(item)
        yield item


def assess_all(
    targets: Sequence[Target],
    registry: BrandRegistry,
    network: NetworkOptions | None,
    progress: Callable[[Assessment], None] | None,
) -> tuple[Assessment, ...]:
    """Assess each target; enrich over the network when allowed; keep the targets' order
    (``enrich_stream`` yields in input order, so the indices in ``post_links`` stay valid)."""
    return tuple(check(targets, registry=registry, network=network, progress=progress))


def audit(
    text: str,
    *,
    source: str = "<text>",
    registry: BrandRegistry | None = None,
    network: NetworkOptions | None = None,
    progress: Callable[[Assessment], None] | None = None,
    on_links: Callable[[int], None] | None = None,
) -> AuditReport:
    """Reassemble ``text``, assess every distinct link once, and say where each one stands."""
    from threadscope.threads import reassemble  # imported here: check and domains need none

    registry = registry if registry is not None else load_registry(None)
    reassembly = reassemble(text, source=source)
    loose = [*reassembly.unthreaded, *(t.trailing for t in reassembly.threads if t.trailing)]
    targets, post_links = collect_links(reassembly.threads, loose, loose_records(text, reassembly))
    if on_links is not None:
        on_links(len(targets))
    links = assess_all(targets, registry, network, progress)
    return AuditReport(
        source=reassembly.source,
        threads=reassembly.threads,
        links=links,
        post_links=post_links,
        unthreaded=reassembly.unthreaded,
        warnings=reassembly.warnings,
    )
