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
link is worth reporting wherever it stands in the paste; pasted text has no post to point to,
but a dump's record in no thread (a reply by another account) is named in
``AuditReport.outside_post_links``.

The network is used only when ``network`` is given (``None`` means offline: names alone).
Progress is reported through callbacks, never printed: ``on_links`` once with the number of
distinct links, ``progress`` once per finished assessment.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from threadscope.assessment.registry import BrandRegistry
from threadscope.auditor import DistinctLinks, LinkAuditor
from threadscope.links import Target, extract_links, post_links, target_key
from threadscope.links.budget import MAX_AUDIT_LINKS, LinkBudget, link_budget
from threadscope.links.posts import (
    PostContent,
    destination_of,
    expanded_link,
    post_content,
    with_destinations,
)
from threadscope.links.target import one_wrapped_link
from threadscope.models import (
    Assessment,
    AuditReport,
    Card,
    Link,
    NetworkOptions,
    Post,
    Reassembly,
    Thread,
)

if TYPE_CHECKING:  # imported where used: check and domains need no ingest
    from threadscope.ingest import Dump

__all__ = ["audit", "check", "collect_links", "dump_records", "loose_records", "pasted_targets"]


def collect_links(
    threads: Sequence[Thread], loose_text: Iterable[str], loose_posts: Iterable[Post] = ()
) -> tuple[DistinctLinks, dict[tuple[int, int], tuple[int, ...]]]:
    """Distinct targets, and for each post the indices of the targets it holds.

    ``loose_text`` and ``loose_posts`` (text and records in no thread) add targets that no post
    points to. Each post's links are its own (``post_links``); ``collect_post_links`` reads
    link cards across posts as well.
    """
    found = collect_post_links(threads, loose_text, loose_posts)
    return found.distinct, found.by_post


PostsOutside = tuple[tuple[Post, tuple[int, ...]], ...]
"""Records in no thread that hold links, in the dump's order, each with the indices of its
links among the distinct ones (``AuditReport.outside_post_links``)."""


class PostLinks(NamedTuple):
    """What ``collect_post_links`` found: the distinct targets, which post of which thread
    holds which, the cards with no link above them, and which record in no thread holds
    which (a reply by another account: a researcher must see who posted a clone)."""

    distinct: DistinctLinks
    by_post: dict[tuple[int, int], tuple[int, ...]]
    cards: tuple[Card, ...]
    outside: PostsOutside
    trailing: dict[int, tuple[int, ...]]
    """Thread id → the indices of the links its trailing text holds
    (``AuditReport.trailing_links``)."""


def collect_post_links(
    threads: Sequence[Thread],
    loose_text: Iterable[str],
    loose_posts: Iterable[Post] = (),
    *,
    lines: Sequence[str] | None = None,
) -> PostLinks:
    """``collect_links``, with the threads' trailing texts read as well (not to be given in
    ``loose_text`` too), link cards read across posts where ``lines`` (a plain-text paste's
    lines) show a card cut from its link (``links.cards``), the ``From welt.de`` lines that
    have no link to belong to kept as ``Card``s, and the records of ``loose_posts`` in no
    thread with their links. ``loose_posts`` may hold the threads' records too (a dump's
    every record): a record is in a thread when a thread's post has its id (its line where
    it has none)."""
    # imported here: check and domains need no thread markers (nor the ingest they load)
    from threadscope.links.cards import read_cards, unlinked_in

    distinct = DistinctLinks()
    read = read_cards(threads, lines, distinct.named)
    post_links_at: dict[tuple[int, int], tuple[int, ...]] = {}
    for key, targets in read.posts.items():  # in thread order, as the threads hold them
        if targets:
            post_links_at[key] = tuple(dict.fromkeys(distinct.add(t) for t in targets))
    threaded = {_record_key(post) for thread in threads for post in thread.posts}
    cards = list(read.unlinked)
    held = [(post, _targets(post, read.read, distinct.named)) for post in loose_posts]
    labels = shown_labels(target for _, targets in held for target in targets)
    loose_links: list[Link] = []
    for text in loose_text:
        links, unlinked = unlinked_in(text)
        loose_links.extend(links)
        cards.extend(unlinked)
    for target in with_destinations(loose_links, distinct.named):
        if target_key(target) not in labels:
            distinct.add(target)
    trailing: dict[int, tuple[int, ...]] = {}
    for thread_id, written in read.trailing.items():
        added = [distinct.add(target) for target in with_destinations(written, distinct.named)
                 if target_key(target) not in labels]
        if added:
            trailing[thread_id] = tuple(dict.fromkeys(added))
    outside: list[tuple[Post, tuple[int, ...]]] = []
    for post, targets in held:
        indices = tuple(dict.fromkeys(distinct.add(target) for target in targets))
        if indices and _record_key(post) not in threaded:
            outside.append((post, indices))
    return PostLinks(distinct, post_links_at, tuple(cards), tuple(outside), trailing)


def _targets(post: Post, read: dict[PostContent, tuple[Target, ...]],
             named: dict[str, str]) -> tuple[Target, ...]:
    """``post_links(post)`` of a dump's record, taken from ``read`` where the record is a
    thread's post already read: as it is, or less the marker the thread took from its text
    (``post_marker``: ``1/2`` at either end, a word apart from any link, so the links are
    the same). A 1 MB line of links was read twice, for the thread and for the record."""
    known = read.get(post_content(post))
    if known is None and read:
        # imported here: check and domains need no thread markers
        from threadscope.threads.segment import post_marker

        cut = post_marker(post)
        if cut is not None:
            known = read.get((cut[1], post.alt_text, post.urls, post.link_texts))
    return post_links(post, named=named) if known is None else known


def _record_key(post: Post) -> str | int:
    """What tells a record from the others: its platform id, else its line in the dump."""
    return post.post_id if post.post_id is not None else post.line


def shown_labels(targets: Iterable[Target]) -> frozenset[str]:
    """The URLs of the labels the targets were shown as (``Link.shown``: an anchor's text
    ``welt.de/politik/x`` over a link to welt.ltd): in a record's text, read again as loose
    text, such a label is no link of its own, as ``post_links`` says."""
    return frozenset(
        label.url
        for target in targets if isinstance(target, Link) and target.shown
        for label in extract_links(target.shown)
    )


def expansions_in(distinct: DistinctLinks, posts: Iterable[Post]) -> dict[int, int]:
    """Index of each short link among ``distinct`` → index of the address the dump says it
    expands to (``Post.expansions``), where both are among them: the t.co of a text and its
    expansion are two links to assess, and a reader must see that they are one. A redirect
    wrapper (``google.com/url?q=…``) is tied to the destination it writes in itself, as the
    targets' reading found it (``DistinctLinks.named``), in the order of the wrappers."""
    found: dict[int, int] = {}
    tied = []
    for wrapper_key, destination_key in distinct.named.items():
        wrapper, named = distinct.at_key(wrapper_key), distinct.at_key(destination_key)
        if wrapper is not None and named is not None and named != wrapper:
            tied.append((wrapper, named))
    found.update(sorted(tied))
    for post in posts:
        for short, expanded in post.expansions:
            at = distinct.find(expanded_link(short))
            to = distinct.find(expanded_link(expanded))
            if at is not None and to is not None and at != to:
                found.setdefault(at, to)
    return found


def loose_records(
    text: str, reassembly: Reassembly, columns: Mapping[str, str] | None = None
) -> tuple[Post, ...]:
    """Records of a structured dump: their expanded URLs must be assessed even when a record
    is in no thread (a dump of replies by many accounts), since ``unthreaded`` keeps text only.
    ``columns``: the CSV columns the dump was reassembled with.
    """
    if reassembly.format == "text":
        return ()
    from threadscope.ingest import parse_dump  # imported here: check and domains need no ingest

    return dump_records(parse_dump(text, columns=columns), reassembly)


def dump_records(dump: Dump, reassembly: Reassembly) -> tuple[Post, ...]:
    """``loose_records`` of a dump already read: none for text, every record otherwise."""
    return () if reassembly.format == "text" else dump.all_posts


def pasted_targets(texts: Iterable[str]) -> Iterator[Target]:
    """What a person pastes into ``check``: a link or a domain, or a whole sentence.

    A text with white space inside is read as prose and its links are found as ``audit``
    finds them (each distinct one once per text); a text without links is passed on as given,
    so that its verdict says why it is not one. A single word goes on unchanged: ``input``
    then echoes it exactly; so does one link broken over lines (``one_wrapped_link``).
    """
    for text in texts:
        if not any(character.isspace() for character in text.strip()) or one_wrapped_link(text):
            yield text
            destination = destination_of(expanded_link(text))
            if destination is not None:  # joined to the same input, exactly as given
                yield dataclasses.replace(destination, input=text)
            continue
        found = DistinctLinks()
        for link in with_destinations(extract_links(text)):
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

    What ``threadscope check`` and ``domains`` run (through ``LinkAuditor``): a million targets
    go through with flat memory. Without ``network`` nothing is fetched. With it, a link that
    could not be followed keeps its verdict by name and says so (``unresolved``, ``error``); a
    network that answers nothing at all stops the stream with ``NetworkUnreachable`` (see
    ``threadscope.enrich``).
    """
    return LinkAuditor.from_options(registry, network).assess(targets, progress)


def audit(
    text: str,
    *,
    source: str = "<text>",
    registry: BrandRegistry | None = None,
    network: NetworkOptions | None = None,
    progress: Callable[[Assessment], None] | None = None,
    on_links: Callable[[int], None] | None = None,
    auditor: LinkAuditor | None = None,
    columns: Mapping[str, str] | None = None,
    link_limit: int | None = MAX_AUDIT_LINKS,
) -> AuditReport:
    """Reassemble ``text``, assess every distinct link once, and say where each one stands.

    ``auditor``, when given, is used instead of ``registry`` and ``network``: its enricher
    follows the links, its tally counts what could not be checked. ``columns`` names the
    columns of a CSV (``--column``; see ``parse_dump``): its link column's links are assessed
    with those in its text. ``link_limit``: past this many distinct links the paste is a
    bulk list and ``TooManyLinks`` is raised while its links are found, before their memory
    is spent (``links.budget``; None: no limit).
    """
    # imported here: check and domains need neither
    from threadscope.ingest import parse_dump
    from threadscope.threads import reassemble_dump

    if auditor is None:
        auditor = LinkAuditor.from_options(registry, network)
    dump = parse_dump(text, columns=columns)  # read once: threads and loose records from it
    reassembly = reassemble_dump(dump, text, source=source)
    pasted = text if dump.text is None else dump.text  # what the threads were cut from
    lines = pasted.splitlines() if dump.format == "text" == reassembly.format else None
    budget = None if link_limit is None else LinkBudget(link_limit)
    with link_budget(budget):
        distinct, post_links_at, cards, outside, trailing = collect_post_links(
            reassembly.threads, reassembly.unthreaded, dump_records(dump, reassembly), lines=lines
        )
    if on_links is not None:
        on_links(len(distinct))
    records = [post for thread in reassembly.threads for post in thread.posts]
    expands_to = expansions_in(distinct, [*records, *dump_records(dump, reassembly)])
    links = auditor.assess_distinct(distinct, progress)
    return AuditReport(
        source=reassembly.source,
        threads=reassembly.threads,
        links=links,
        post_links=post_links_at,
        outside_post_links=outside,
        expands_to=expands_to,
        unthreaded=reassembly.unthreaded,
        warnings=reassembly.warnings,
        unlinked_cards=cards,
        trailing_links=trailing,
    )
