"""Look-alike techniques: each turns a registrable name into evidence against one brand.

Every function looks the name up in the ``BrandIndex`` (dictionary probes only) and returns
``Match`` records; ``assess`` keeps the strongest. Points grow with the length of the imitated
name, because a short name (``bild``, ``welt``) has many innocent neighbours and a long one
(``washingtonpost``) almost none, and shrink for tier-2 targets (popular domains in general).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from threadscope.assessment.confusables import describe
from threadscope.assessment.index import MIN_TYPO_KEY, BrandIndex, Target
from threadscope.assessment.signals import abused_suffixes
from threadscope.assessment.typos import Typo, classify
from threadscope.models import Reason

TIER2_PENALTY = 35
"""Popular domains in general weigh less than curated outlets and institutions."""
TIER2_MIN_KEY = 5
TIER2_TLD_SWAP = 25
ODD_WORD_COMBO = 30
"""Tier-2 names shorter than this (vk, ok, t, x) are matched by homoglyph only."""

# Words that clone sites append to a brand (welt-news, bild24, spiegel-online): news vocabulary
# and the like, seen in Doppelganger and typosquatting reports. A compound with any other word
# (tagesspiegel, immowelt, welthungerhilfe) is an ordinary name, not a combosquat.
COMBO_WORDS = frozenset(
    "news online live today now daily info media tv web net official breaking update updates "
    "latest press report reports aktuell nachrichten actu noticias notizie wiadomosci novosti "
    "the my real true top new app login secure mobile mail video times".split()
)
# Glued without a hyphen, only the words clone sites glue on; a wider list would turn
# ordinary compounds (europapress, webgo) into combosquats.
GLUED_WORDS = frozenset(
    "news online live today tv aktuell nachrichten breaking daily official info the".split()
)
_WORD_SIZES = sorted({len(word) for word in GLUED_WORDS})
_LAST_TWO = frozenset(word[-2:] for word in GLUED_WORDS)
_FIRST_TWO = frozenset(word[:2] for word in GLUED_WORDS)


class Match(NamedTuple):
    """One technique's evidence against one brand (a tuple: built for every candidate)."""

    target: Target
    reason: Reason


def full_weight(target: Target) -> bool:
    """Curated outlets and institutions; not popular domains in general, nor platforms,
    which hold their names under every suffix."""
    return target.brand.tier == 1 and target.brand.category != "platform"


def _weight(target: Target, points: int) -> int:
    return points - TIER2_PENALTY if target.brand.tier > 1 else points


def _allowed(target: Target, length: int) -> bool:
    return target.brand.tier == 1 or length >= TIER2_MIN_KEY


def _by_length(length: int, table: tuple[int, int, int, int]) -> int:
    """Points for names of length ≤3, 4, 5–6 and ≥7."""
    if length <= 3:
        return table[0]
    if length == 4:
        return table[1]
    return table[2] if length <= 6 else table[3]


def _suffix_note(target: Target, suffix: str) -> str:
    if suffix == target.suffix:
        return f" under the same suffix .{suffix}"
    return f" under .{suffix}"


# --------------------------------------------------------------------------- same name


def tld_swap(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """``welt.ltd`` for ``welt.de``: the brand's own name, registered under another suffix.

    Alone this is *suspicious*; it becomes *lookalike* with a suffix that has a record of
    abuse (``signals.abused_tld``), as in every Doppelganger clone. Under a country-code
    suffix it is weak evidence: outlets in different countries share names (gazeta.pl,
    gazeta.ru; publico.es, publico.pt), and companies hold theirs in every country.
    """
    length = len(name)
    if length < 2:
        return
    for target in index.names.get(name, ()):
        if not _allowed(target, length):
            continue
        points = _by_length(length, (20 if length == 2 else 35, 50, 55, 60))
        if _country_code(suffix) and not abused(suffix):
            points = min(points, COUNTRY_SWAP)
        if not full_weight(target):
            # Platforms hold their name under many suffixes (google.cf, canva.site); for
            # them a suffix swap alone is a hint for enrichment, never a verdict.
            points = min(points, TIER2_TLD_SWAP)
        detail = f"same name as {target.domain} under .{suffix}"
        yield Match(target, Reason("tld-swap", points, detail))


# Country codes that are sold as generic names (.co company, .io, .me, .tv …): for a swap
# they count as generic suffixes.
GENERIC_CCTLDS = frozenset("co io me tv cc fm ai ly gg ws pm".split())
COUNTRY_SWAP = 30


def _country_code(suffix: str) -> bool:
    last = suffix.rsplit(".", 1)[-1]
    return (len(last) == 2 or last.startswith("xn--")) and last not in GENERIC_CCTLDS


def abused(suffix: str) -> bool:
    return suffix in abused_suffixes()


# --------------------------------------------------------------------------- homoglyphs


def homoglyph(index: BrandIndex, name: str, suffix: str, skel: str) -> Iterator[Match]:
    """``wеlt`` (Cyrillic е), ``we1t``, ``rnicrosoft``: the same skeleton, other characters."""
    unicode = not name.isascii()
    if not unicode and skel == name:
        return  # the look-alike characters are the brand's own (tf1): nothing disguised here
    for target in index.skeletons.get(skel, ()):
        if target.key == name:
            continue
        length = len(target.key)
        if unicode:
            points = _weight(target, 80 if length >= 3 else 70)
        elif length >= 3 and _allowed(target, length):
            points = _weight(target, 55 if length == 3 else 65)
        else:
            continue
        if suffix == target.suffix:
            points += 10
        swaps = _differences(name, target.key)
        detail = f"{name} looks like {target.key} ({target.domain}){_suffix_note(target, suffix)}"
        if swaps:
            detail += f": {swaps}"
        yield Match(target, Reason("homoglyph", points, detail))


def _differences(name: str, key: str) -> str:
    if len(name) != len(key):
        return ""
    pairs = [f"{describe(a)} in place of {b}" for a, b in zip(name, key, strict=True) if a != b]
    return ", ".join(pairs[:3])


# --------------------------------------------------------------------------- typos

_TYPO_POINTS: dict[Typo, tuple[int, int, int, int]] = {
    # name length:            ≤3   4   5-6  ≥7      (under the brand's own suffix)
    Typo.REPETITION: (0, 50, 60, 70),
    Typo.TRANSPOSITION: (0, 50, 60, 70),
    Typo.KEYBOARD: (0, 35, 55, 65),
    Typo.INSERTION: (0, 0, 55, 65),
    Typo.OMISSION: (0, 0, 55, 65),
    Typo.REPLACEMENT: (0, 0, 45, 50),
}
OTHER_SUFFIX_PENALTY = 20
"""A typosquat keeps the suffix (welr.de) or takes a cheap abused one (bildd.lol); a near
name under some other suffix is most often another real name (kurir.rs, honey.io)."""


def typo(index: BrandIndex, name: str, suffix: str, near: Iterable[str]) -> Iterator[Match]:
    """``spiegeli``, ``bildd``, ``20minuts``: one letter added, dropped, repeated, swapped.
    ``near`` are the keys ``index.near(name)`` found within one edit."""
    if len(name) + 1 < MIN_TYPO_KEY:
        return
    for key in sorted(near):  # ties go to the first match: keep them independent of hash order
        found = classify(name, key)
        if found is None:
            continue
        family, letters = found
        if _sibling(family, letters):
            continue
        points = _by_length(len(key), _TYPO_POINTS[family])
        if len(key) >= 9:
            points += 5
        for target in index.names[key]:
            if points <= 0 or not _allowed(target, len(key) + 1):
                continue
            weighted = _near_name_points(target, points, suffix)
            detail = (
                f"{name} {family.value} {key} ({letters}), the name of {target.domain}"
                f"{_suffix_note(target, suffix)}"
            )
            yield Match(target, Reason("typo", weighted, detail))


def _near_name_points(target: Target, points: int, suffix: str) -> int:
    """Points for a name near a brand's (a typo, a dropped dot): less for the popular tier,
    and less under another suffix unless it is an abused one (``OTHER_SUFFIX_PENALTY``)."""
    weighted = _weight(target, points)
    if suffix != target.suffix and not abused(suffix):
        weighted -= OTHER_SUFFIX_PENALTY
    return weighted


def _sibling(family: Typo, letters: str) -> bool:
    """A digit changed (xvideos2/xvideos3, cdnhwc1/cdnhwc10) marks numbered siblings of one
    owner, not a typo; a hyphen added is judged by ``hyphenated``."""
    if family in (Typo.INSERTION, Typo.REPETITION):
        return letters.isdigit() or letters == "-"
    if family is Typo.OMISSION:
        return letters.isdigit()
    if family in (Typo.REPLACEMENT, Typo.KEYBOARD):
        new, _, old = letters.partition(" for ")
        return new.isdigit() or old.isdigit()
    return False


# --------------------------------------------------------------------------- missing dot

MISSING_DOT_POINTS = 70


def missing_dot(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """``wwwspiegel.de``, ``www-bild.de``: the address ``www.spiegel.de`` with its first dot
    left out or turned into a hyphen, a classic of typosquatting (dnstwist's "various")."""
    if not name.startswith("www"):
        return
    rest = name[3:].removeprefix("-")
    for target in index.names.get(rest, ()):
        if len(rest) < 3 or not _allowed(target, len(rest)):
            continue
        points = _near_name_points(target, MISSING_DOT_POINTS, suffix)
        detail = f"{name} is www.{rest} with its dot left out, the name of {target.domain}"
        yield Match(target, Reason("missing-dot", points, detail + _suffix_note(target, suffix)))


# --------------------------------------------------------------------------- combosquats


def hyphenated(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """``fox-news`` for ``foxnews``, ``welt-de`` for ``welt.de``, ``pravda-ua`` for pravda.com.ua:
    the brand's name with a hyphen wedged in, or next to another word."""
    tokens = name.split("-")
    if len(tokens) < 2 or not all(tokens):
        return
    joined = "".join(tokens)
    vocabulary = all(t in COMBO_WORDS for t in tokens)  # breaking-news is just words
    for target in index.names.get(joined, ()):
        if vocabulary or "-" in target.key or not _allowed(target, len(joined)):
            continue
        points = _weight(target, _by_length(len(joined), (0, 50, 60, 70)))
        if points > 0:
            detail = f"{name} is {target.key} ({target.domain}) with a hyphen wedged in"
            yield Match(target, Reason("hyphenated-brand", points, detail))
    count = len(tokens)
    for i in range(count):
        for j in range(i + 1, count + 1):
            if j - i == count:
                continue
            span = "-".join(tokens[i:j])
            for target in index.names.get(span, ()):
                others = tokens[:i] + tokens[j:]
                yield from _combo(target, span, others, name, suffix)
            if j - i > 1:
                glued = "".join(tokens[i:j])
                for target in index.names.get(glued, ()):
                    yield from _combo(target, glued, tokens[:i] + tokens[j:], name, suffix)


def may_be_hyphenated(index: BrandIndex, name: str) -> bool:
    """The cheap test before ``hyphenated``: a brand among the words, or all of them joined.
    (A brand may span two or three words: washington-post-news, auswaertiges-amt-info.)"""
    names = index.keys
    tokens = name.split("-")
    if name.replace("-", "") in names or not names.isdisjoint(tokens):
        return True
    if len(tokens) == 2:
        return name in names  # the only span the loop below would add
    for width in (2, 3):
        for i in range(len(tokens) - width + 1):
            span = tokens[i : i + width]
            if "".join(span) in names or "-".join(span) in names:
                return True
    return False


def glued(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """``weltnews``, ``bild24``, ``thewashingtonpost``: brand plus a news word or digits, no
    hyphen. Only listed words and digits count, so compounds (tagesspiegel) stay clear."""
    if "-" in name or not may_be_glued(index, name):
        return
    stem = name.rstrip("0123456789")
    if stem != name and stem in index.names:
        for target in index.names[stem]:
            yield from _combo(target, stem, [name[len(stem) :]], name, suffix)
    for size in (2, 3):
        head, tail = name[:-size], name[-size:]
        for target in index.names.get(head, ()):
            if tail in target.suffix.split("."):
                yield from _combo(target, head, [tail], name, suffix)
    for size in _WORD_SIZES:
        if size + 2 > len(name):
            break
        head, tail = name[:-size], name[-size:]
        if tail in GLUED_WORDS and head in index.names:
            for target in index.names[head]:
                yield from _combo(target, head, [tail], name, suffix)
        head, tail = name[:size], name[size:]
        if head in GLUED_WORDS and tail in index.names:
            for target in index.names[tail]:
                yield from _combo(target, tail, [head], name, suffix)


def may_be_glued(index: BrandIndex, name: str) -> bool:
    """The cheap test before ``glued``: does the name start or end with a listed word, a
    number, or a brand followed by a short suffix label (weltde)?"""
    if name[-1:].isdigit() or name[-2:] in _LAST_TWO or name[:2] in _FIRST_TWO:
        return True
    return name[:-2] in index.keys or name[:-3] in index.keys


def _combo(
    target: Target, key: str, others: list[str], name: str, suffix: str
) -> Iterator[Match]:
    length = len(key)
    if length < 3 or key in COMBO_WORDS:
        return  # two letters (go, wp) and vocabulary (news.at, web.de) are in countless names
    telling = [w for w in others if _telling(w, target)]
    if length < 4 and not telling:
        return
    if not _allowed(target, length):
        return
    points = _by_length(length, (40, 45, 50, 55))
    if not telling and not any(w in target.suffix.split(".") for w in others):
        # Any other word (karlsruhe-insider, campaign-archive): an ordinary compound unless
        # the brand's name is long enough to be unmistakable.
        points = ODD_WORD_COMBO if length < 10 else points - 10
    if not full_weight(target):
        points -= TIER2_PENALTY
    words = "', '".join(others)
    detail = f"{name} combines {key} ({target.domain}) with '{words}'"
    own = [w for w in others if w in target.suffix.split(".")] if target.brand.tier == 1 else []
    if own:
        # welt-de.com, pravda-ua.com: the brand's own address spelt out in the name.
        points += 25
        detail += f", spelling out the brand's own suffix .{own[0]}"
    elif telling:
        points += 15
        detail += " (a country code, number or news word that makes it look official)"
    yield Match(target, Reason("combosquat", points, detail))


def _telling(word: str, target: Target) -> bool:
    """Words that make a combination look like the brand's own: its suffix or country code,
    numbers, news vocabulary."""
    if word.isdigit() or word in COMBO_WORDS:
        return True
    labels = target.suffix.split(".")
    country = (target.brand.country or "").lower()
    return word in labels or word == country or (country == "uk" and word == "gb")
