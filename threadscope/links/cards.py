"""Link cards that a copy cut from their links: read across the posts of a pasted thread.

X shows a link's card (its title, then ``From welt.de`` or the domain alone) under the post.
Copied as text, the card often stands under the link (``extract`` reads it there), but just as
often the counter of the post comes between (``… 3/22 https://t.co/…`` then ``4/22`` and
the card), so that segmenting puts the card at the top of the next post, or in the text after
the thread's last post. Read post by post, the card's domain was then a link of the next post
of its own, and the link it belongs to lost what it was shown as.

Here a post (or a thread's trailing text) whose first lines are a card, in the paste right
under a post that ends with a link (nothing between but the counter's line), gives that link
its ``card_domain`` and lists no link of its own for the card: the same rule ``extract`` keeps
inside one text (``card_line``), with the counter not counted. Only for plain text, whose
lines say what stood next to what: a record of a structured dump is a post of its own.

A ``From welt.de`` line with no link to belong to (the copy lost the link, or the card is all
that was pasted) is kept as a ``Card`` without a link, saying where it stands, and its domain
stays a link of its post: the platform writes on the card the site of the link that was
posted, so a card ``From welt.ltd`` is a clone's link even where the copy lost the address
(in every format, STIX and MISP included, and in the exit status).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from threadscope.links.extract import extract_links, from_line, read_as_card
from threadscope.links.posts import PostContent, Target, post_content, post_links, target_key
from threadscope.models import Card, Link, Thread
from threadscope.threads.markers import Position, find_marker

_MAX_GAP = 1
"""Lines that may stand between a post's last line and the next post's first: the counter's."""
_MAX_COUNTER = 40
"""A line longer than this is no counter alone (``find_marker`` is not asked)."""
_COUNTER_BEFORE_CARD = re.compile(
    r"[^\S\n]*[(\[]?[1-9]\d{0,2}/(?:[1-9]\d{0,2})?[)\]]?[^\S\n]+(?=(?:From|Von)[^\S\n])")
"""``4/22 From welt.de``: a counter the segmenting read as text (it stood where the dump's
counters do not), before a card's line at the top of a post."""


@dataclass(frozen=True)
class CardsRead:
    """The targets of each post and of each loose text, with cards put where they belong."""

    posts: dict[tuple[int, int], tuple[Target, ...]]
    """(thread id, position in ``thread.posts``) → the post's targets (``post_links``)."""
    trailing: dict[int, tuple[Link, ...]]
    """Thread id → the links of its trailing text."""
    unlinked: tuple[Card, ...]
    read: dict[PostContent, tuple[Target, ...]] = dataclasses.field(default_factory=dict)
    """Each threaded post's own targets (``post_links``, before cards are put in) by what
    they were read from (``post_content``): a dump's records are its threads' posts again,
    and a record alike is not read twice (a 1 MB line of links took as long again)."""


@dataclass(slots=True)
class _Chunk:
    """A post or a trailing text, where it stands in the paste."""

    text: str
    first: int
    """0-based source line of its first line."""
    key: tuple[int, int] | None
    """The post's (thread id, position); None for a trailing text."""
    thread: int
    index: int | None = None
    links: list[Link] = dataclasses.field(default_factory=list)
    own_text: bool = True
    """The text is all the post says of its links: a record with expanded URLs may be
    the link a card line stands for, so its card lines are left as they are."""


def read_cards(threads: Sequence[Thread], lines: Sequence[str] | None,
               named: dict[str, str] | None = None) -> CardsRead:
    """Each post's targets and each trailing text's links, cards read across posts where
    ``lines`` (the pasted text's lines; None for a structured dump) show them cut apart.
    ``named``: where the posts' redirect wrappers are noted (``posts.with_destinations``).

    Only posts with links are chunks (most have none): a card and its link are both links.
    """
    posts: dict[tuple[int, int], tuple[Target, ...]] = {}
    read: dict[PostContent, tuple[Target, ...]] = {}
    chunks: list[_Chunk] = []
    lasts: dict[int, int] = {}  # thread id → first line of its last post in the paste
    for thread in threads:
        if thread.posts:
            lasts[thread.id] = max(post.line for post in thread.posts) - 1
        for position, post in enumerate(thread.posts):
            links = extract_links(post.text)
            posts[(thread.id, position)] = read[post_content(post)] = post_links(post, links, named)
            if links:
                chunks.append(_Chunk(_counter_blanked(post.text), post.line - 1,
                                     (thread.id, position), thread.id, post.index, list(links),
                                     not post.urls))
    trailing = {thread.id: thread.trailing for thread in threads if thread.trailing}
    if lines is not None:
        _place_trailing(chunks, trailing, lasts, lines)
        _join_cut_cards(chunks, posts, lines)
    unlinked: list[Card] = []
    for chunk in chunks:
        unlinked.extend(_unlinked_cards(chunk))
    found = {chunk.thread: tuple(chunk.links) for chunk in chunks if chunk.key is None}
    for thread_id, text in trailing.items():
        if thread_id not in found:
            chunk = _Chunk(_counter_blanked(text), -1, None, thread_id, None,
                           list(extract_links(text)))
            unlinked.extend(_unlinked_cards(chunk))
            found[thread_id] = tuple(chunk.links)
    return CardsRead(posts, {thread_id: found[thread_id] for thread_id in trailing},
                     tuple(unlinked), read)


def unlinked_in(text: str) -> tuple[list[Link], list[Card]]:
    """(the links of a loose text, its ``From welt.de`` lines with no link to belong to)."""
    chunk = _Chunk(_counter_blanked(text), -1, None, 0, None, list(extract_links(text)))
    cards = [dataclasses.replace(card, thread=None) for card in _unlinked_cards(chunk)]
    return chunk.links, cards


def _place_trailing(chunks: list[_Chunk], trailing: dict[int, str], lasts: dict[int, int],
                    lines: Sequence[str]) -> None:
    """A trailing text as a chunk of its own, at the line where it stands: right under its
    thread's last post in the paste (``lasts``), when that post has links; or not at all
    (then it is read alone)."""
    last_chunks: dict[int, _Chunk] = {}
    for chunk in chunks:
        if chunk.first == lasts.get(chunk.thread):
            last_chunks[chunk.thread] = chunk
    for thread_id, text in trailing.items():
        last = last_chunks.get(thread_id)
        if last is None:
            continue
        head = text.split("\n", 1)[0].strip()
        end = _last_line(last)
        for first in range(end + 1, min(end + 2 + _MAX_GAP, len(lines))):
            if lines[first].strip() == head and _only_counters(lines, end + 1, first):
                chunks.append(_Chunk(_counter_blanked(text), first, None, thread_id, None,
                                     list(extract_links(text))))
                break


def _join_cut_cards(chunks: list[_Chunk], posts: dict[tuple[int, int], tuple[Target, ...]],
                    lines: Sequence[str]) -> None:
    """Each chunk whose head is a card under the link that ends the chunk above it in the
    paste: the card becomes that link's ``card_domain``, and no link of the chunk."""
    ordered = sorted(chunks, key=lambda chunk: chunk.first)
    for above, below in zip(ordered, ordered[1:], strict=False):
        if not above.links or not below.links or above.first < 0:
            continue
        end = _last_line(above)
        if not 0 <= below.first - end - 1 <= _MAX_GAP or not _only_counters(
                lines, end + 1, below.first):
            continue
        link = above.links[-1]
        card = below.links[0]
        if not _ends_with(above.text, link) or not read_as_card(link, below.text, card):
            continue
        if link.card_domain not in (None, card.host) or not _attach(above, card.host, posts):
            continue
        del below.links[0]
        if below.key is not None:
            posts[below.key] = _without(posts[below.key], card, below)


def _ends_with(text: str, link: Link) -> bool:
    """``link`` ends ``text``: nothing after it but white space, or the card title X glued
    to it (``https://t.co/cykVk0lJUJWelt.de``, read as its ``card_domain``)."""
    rest = text[link.end :].strip()
    return not rest or (link.card_domain is not None and not any(map(str.isspace, rest)))


def _attach(chunk: _Chunk, domain: str,
            posts: dict[tuple[int, int], tuple[Target, ...]]) -> bool:
    """The chunk's last link shown as ``domain``, in its post's targets too; False when the
    post lists it not (a link cut short by the platform): then the card stays where it is."""
    link = chunk.links[-1]
    if chunk.key is not None:
        key = target_key(link)
        targets = posts[chunk.key]
        if not any(isinstance(t, Link) and target_key(t) == key for t in targets):
            return False
        posts[chunk.key] = tuple(
            dataclasses.replace(t, card_domain=domain)
            if isinstance(t, Link) and target_key(t) == key and t.card_domain is None else t
            for t in targets
        )
    chunk.links[-1] = dataclasses.replace(link, card_domain=domain)
    return True


def _without(targets: tuple[Target, ...], card: Link, chunk: _Chunk) -> tuple[Target, ...]:
    """``targets`` less the card's domain, unless the text links it elsewhere too."""
    key = target_key(card)
    if any(target_key(link) == key for link in chunk.links):
        return targets
    return tuple(target for target in targets if target_key(target) != key)


def _unlinked_cards(chunk: _Chunk) -> list[Card]:
    """The chunk's ``From welt.de`` lines that are still links: cards with no link above
    them, kept as ``Card``s. They stay among the chunk's links (and its post's targets):
    the card names the site of the link that was posted."""
    if not chunk.own_text or ("From" not in chunk.text and "Von" not in chunk.text):
        return []
    cards: list[Card] = []
    line, counted = 0, 0  # line numbers counted once over the text, not once per card
    for link in chunk.links:
        if not from_line(chunk.text, link):
            continue
        line += chunk.text.count("\n", counted, link.start)
        counted = link.start
        start = chunk.text.rfind("\n", max(0, link.start - 2 * _CARD_LINE), link.start) + 1
        where = chunk.first + line + 1 if chunk.first >= 0 else None
        cards.append(Card(link.host, chunk.text[start : link.end].strip(), chunk.thread,
                          chunk.index, where))
    return cards


_CARD_LINE = 64
"""A card's line is its domain after ``From`` and a little white space (``from_line``)."""


def _last_line(chunk: _Chunk) -> int:
    return chunk.first + chunk.text.count("\n")


def _only_counters(lines: Sequence[str], start: int, stop: int) -> bool:
    """Lines ``start`` to ``stop`` (not included) hold nothing but a thread's counter each."""
    for line in lines[start:stop]:
        if len(line) > _MAX_COUNTER:
            return False
        marker = find_marker(line)
        if marker is None or marker.position is not Position.ALONE or marker.rest.strip():
            return False
    return True


def _counter_blanked(text: str) -> str:
    """``text`` with a counter before a card's line at its top blanked out (the same length:
    the links' offsets hold)."""
    match = _COUNTER_BEFORE_CARD.match(text) if "/" in text[:16] else None
    if match is None:
        return text
    return " " * match.end() + text[match.end() :]
