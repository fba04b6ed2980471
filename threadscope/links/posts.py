"""The links a post holds, read by one set of rules for ``audit`` and ``bots`` alike.

The links in the text come first, as written (a disguise such as 𝐰𝐞𝐥𝐭.𝐥𝐭𝐝 is evidence),
less those cut short by the platform (``https://t.co/b8kO…`` at the end of a truncated retweet
text): a fragment of a longer URL is no link at all. Then the links the platform expanded for
us (``Post.urls``), which name the real target of a shortened link. Between the two, links
written in the descriptions of the post's images (``Post.alt_text``): no platform makes them
links, but a reader of the description can follow them, and a text filter misses them.

An expanded URL that no parser can read is kept as the raw string, so that an audit can say
why it is unusable (its verdict is ``invalid``).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator, Sequence

from threadscope.errors import ThreadscopeError
from threadscope.links.extract import extract_links
from threadscope.links.redirects import embedded_destination
from threadscope.links.shown import shown_site
from threadscope.links.target import parse_target
from threadscope.models import Link, Post

Target = Link | str
"""A link to assess: extracted and normalised, or a raw string no parser could make sense of."""

TRUNCATION = ("…", "...")
"""What a platform puts where it cut a text, and a link with it."""


def truncated(link: Link, text: str) -> bool:
    """The link runs into an ellipsis: a fragment of a longer URL the platform cut off."""
    return text.startswith(TRUNCATION, link.end) or link.input.endswith(TRUNCATION)


def target_key(target: Target) -> str:
    """What makes two targets the same link: the normalised URL (the raw text when there is
    none)."""
    return target if isinstance(target, str) else target.url or target.input


@functools.lru_cache(maxsize=1 << 12)
def expanded_link(raw: str) -> Target:
    """A URL the platform expanded for us, as a ``Link``; the raw string when it is none.
    Cached: a crowd shares the same few articles (records are frozen, so sharing is safe)."""
    try:
        return parse_target(raw)
    except ThreadscopeError:
        return raw


PostContent = tuple[str, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]


def post_content(post: Post) -> PostContent:
    """What ``post_links`` reads of a post: two posts alike in it have the same targets (a
    dump's record and the thread's post made of it), so they are read once."""
    return post.text, post.alt_text, post.urls, post.link_texts


def post_links(post: Post, text_links: Sequence[Link] | None = None,
               named: dict[str, str] | None = None) -> tuple[Target, ...]:
    """The text's links, the image descriptions' links, then the expanded URLs, each
    normalised URL once (the one that says what it was shown as, where one does).
    ``text_links``: ``extract_links(post.text)``, where the caller has it already;
    ``named``: where the redirect wrappers found are noted (``with_destinations``).

    A link the platform marks up with text that shows another site (``Post.link_texts``:
    an anchor ``welt.de/politik/x`` or ``Quelle: welt.de`` to welt.ltd) is its address, shown
    so (``Link.shown``, the site's text); that text is no link of its own."""
    if text_links is None:
        text_links = extract_links(post.text)
    found: list[Target] = [link for link in text_links if not truncated(link, post.text)]
    for described in post.alt_text:  # a link in an image description evades text filters
        found.extend(link for link in extract_links(described) if not truncated(link, described))
    expanded = [expanded_link(raw) for raw in post.urls]
    if post.link_texts:
        expanded = _shown_as(dict(post.link_texts), post.urls, expanded, found)
    found.extend(expanded)
    kept: dict[str, Target] = {}
    for target in with_destinations(found, named):
        key = target_key(target)
        if key not in kept or told_more(target, kept[key]):
            kept[key] = target
    return tuple(kept.values())


def with_destinations(targets: Sequence[Target],
                      named: dict[str, str] | None = None) -> list[Target]:
    """``targets`` with the destination a redirect wrapper writes into its link
    (``google.com/url?q=…``, ``l.facebook.com/l.php?u=…``: ``redirects.embedded_destination``)
    put right after it, as a link of its own: judged by the wrapper's name alone, a link to a
    clone read as the platform's official one. ``named``, when given, gets each wrapper's
    ``target_key`` → its destination's: ``audit`` ties the two in its report from it, where
    asking every distinct link again cost a 1 MB line of 45,000 links as many calls."""
    found: list[Target] = []
    for target in targets:
        found.append(target)
        destination = destination_of(target)
        if destination is not None:
            found.append(destination)
            if named is not None:
                named[target_key(target)] = target_key(destination)
    return found


def destination_of(target: Target) -> Link | None:
    """The link a redirect wrapper ``target`` names as its destination, or None. Its
    ``input`` is the wrapper's, as written: where the reader met it (reports show it as
    ``written as``), and what a row of ``check`` is joined to its input by."""
    if not isinstance(target, Link) or not target.url:
        return None
    destination = embedded_destination(target.url)
    if destination is None:
        return None
    link = expanded_link(destination)
    return dataclasses.replace(link, input=target.input) if isinstance(link, Link) else None


def listed_targets(lines: Iterable[str]) -> Iterator[Target]:
    """The lines of a bulk list (``domains``), each as given, and after a redirect wrapper
    (``google.com/url?q=…``) the destination it writes into its link, joined to the same
    line (``destination_of``: its ``input`` is the line): judged by the wrapper's name
    alone, a line leading to a clone read as the platform's official link. Every wrapper
    holds its destination after a ``?`` or between Proofpoint's ``__``, so the other lines
    (a list of names) are passed on as they are, with no parsing."""
    for line in lines:
        yield line
        if "?" in line or "__" in line:
            destination = destination_of(expanded_link(line))
            if destination is not None:
                yield destination


def listed_batch(lines: list[str]) -> Iterable[Target]:
    """``listed_targets`` of a list held whole (a chunk of ``domains``' bulk path): the list
    itself when no line can be a wrapper, found by one search of the joined text rather than
    a generator's step a line (1.5 % more calls on 100,000 names)."""
    joined = "\n".join(lines)
    return listed_targets(lines) if "?" in joined or "__" in joined else lines


def told_more(target: Target, known: Target) -> bool:
    """``target`` says what its link was shown as (a card's domain, a label) and ``known``,
    the same link found before, does not: the evidence is kept."""
    return (isinstance(target, Link) and isinstance(known, Link)
            and (target.shown, target.card_domain) != (None, None)
            and (known.shown, known.card_domain) == (None, None))


def _shown_as(
    shown_for: dict[str, str], urls: tuple[str, ...], expanded: list[Target],
    found: list[Target],
) -> list[Target]:
    """The expanded links (of ``urls``) with ``shown`` set where their text shows another
    site (``shown.shown_site``); the text's link for that site is taken out of ``found``
    (once: it was the label)."""
    result: list[Target] = []
    for raw, target in zip(urls, expanded, strict=True):
        label = shown_for.get(raw)
        site = shown_site(label, target.host) if label and isinstance(target, Link) else None
        if site is None or not isinstance(target, Link):
            result.append(target)
            continue
        for position, link in enumerate(found):
            if isinstance(link, Link) and target_key(link) == site.url:
                del found[position]
                break
        result.append(dataclasses.replace(target, shown=site.text))
    return result
