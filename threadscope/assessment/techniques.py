"""Look-alike techniques: each turns a registrable name into candidate matches against brands.

Every technique looks the name up in the ``BrandIndex`` (dictionary probes only) and yields
``Match`` records: the brand, the reason code a reader sees (``tld-swap``, ``typo`` …), the
*variant* the scoring model weighs (``typo-slip`` is weighed apart from ``typo-edit``) and the
sentence. Techniques give no points: ``model`` scores each match from the fitted table, and
``assess`` keeps the strongest. ``candidates`` runs them in order, each behind the cheap probe
that decides whether it can match at all (most names in a bulk list match nothing, and the
probes are then their whole cost), as dnstwist lists its fuzzers.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from threadscope.assessment.confusables import ASCII_LETTERS, ascii_fold, describe, skeleton
from threadscope.assessment.index import (
    GLUE_PROBE,
    MIN_TYPO_KEY,
    SHORT_KEY,
    SLIP_KEY,
    BrandIndex,
    Target,
)
from threadscope.assessment.markets import spells_brand_suffix
from threadscope.assessment.newswords import (
    CREDENTIAL_HINT,
    TITLES,
    credential,
    described,
    read_in,
    words,
)
from threadscope.assessment.signals import named_characters
from threadscope.assessment.typos import Typo, classify, first_difference

# Reason codes (the contract's ``reasons[].code``) of the name techniques.
TLD_SWAP = "tld-swap"
TYPO = "typo"
HOMOGLYPH = "homoglyph"
MISSING_DOT = "missing-dot"
HYPHENATED = "hyphenated-brand"
COMBOSQUAT = "combosquat"
BRAND_SUBDOMAIN = "brand-subdomain"
USERINFO = "userinfo"
NAME_CODES = frozenset(
    {TLD_SWAP, TYPO, HOMOGLYPH, MISSING_DOT, HYPHENATED, COMBOSQUAT, BRAND_SUBDOMAIN, USERINFO}
)
"""The codes of reasons that name the imitated brand and how its name was copied."""

# Words that clone sites put beside a brand (welt-news, bild24, spiegel-online, der-spiegel):
# news vocabulary, articles and the like, seen in Doppelganger and typosquatting reports. A
# compound with any other word (tagesspiegel, immowelt, welthungerhilfe) is an ordinary name.
COMBO_WORDS = frozenset(
    "news online live today now daily info media tv web net official breaking update updates "
    "latest press report reports aktuell nachrichten actu actualite noticias notizie "
    "wiadomosci novosti the my real true top new app login secure mobile mail video times "
    "der die das le la les el il lo magazin magazine mag zeitung journal edition".split()
)
# Glued without a hyphen, only the words clone sites glue on; a wider list would turn
# ordinary compounds (europapress, webgo) into combosquats.
GLUED_TAILS = frozenset(
    "news online live today tv aktuell nachrichten breaking daily official info magazin "
    "magazine".split()
)
GLUED_HEADS = frozenset("the der die das le la el il news my real".split())
_TAIL_SIZES = sorted({len(word) for word in GLUED_TAILS})
_HEAD_SIZES = sorted({len(word) for word in GLUED_HEADS})
_TAILS = tuple(sorted(GLUED_TAILS))
_HEADS = tuple(sorted(GLUED_HEADS))
"""The words again as tuples, for ``str.endswith`` and ``str.startswith`` (``may_be_glued``)."""
_FIRST_TWO = frozenset(word[:2] for word in GLUED_HEADS)

SLIP_TYPOS = frozenset({Typo.REPETITION, Typo.TRANSPOSITION, Typo.KEYBOARD})
"""The typos of a slipping finger; the others (a letter added, dropped, replaced) are as
often another word."""


class Match(NamedTuple):
    """One technique's evidence against one brand (a tuple: built for every candidate). Its
    sentence, ``detail``, is written only when read: only the strongest candidate of a name
    is said (four candidates in ten lose, on the bench's list), and the output reads it."""

    target: Target
    code: str
    """The reason code a reader sees."""
    variant: str
    """What the model weighs (``model.VARIANTS``)."""
    sentence: Callable[[Match], str]
    """Writes ``detail`` from the match: the technique's wording, a function of this module."""
    name: str
    """The look-alike's name (its registrable label), as the sentence quotes it."""
    suffix: str
    """The look-alike's public suffix."""
    words: tuple[str, ...] = ()
    """What the sentence says beyond the name, the suffix and the target: a typo's family and
    letters, the words a combosquat adds."""
    shown: str = ""
    """The brand's name as the look-alike shows it, where longer than the key (``bmi.bund``
    for a host swap of bmi.bund.de); the model weighs its length."""
    written: str = ""
    """The name as written where symbols stand as separators in it (``tagesschau❤news``,
    matched as ``name``, ``tagesschau-news``); "" for every other match."""

    @property
    def detail(self) -> str:
        """The sentence a reader sees: which technique, which brand (and, for a name with
        symbols as separators, which symbols, by their Unicode names)."""
        said = self.sentence(self)
        if not self.written:
            return said
        symbols = "".join(dict.fromkeys(c for c in self.written if _separator(c)))
        return (
            f"{said}; written {self.written}, with {named_characters(symbols)} standing as a "
            f"separator, read as {self.name}"
        )


def _suffix_note(target: Target, suffix: str) -> str:
    if suffix == target.suffix:
        return f" under the same suffix .{suffix}"
    return f" under .{suffix}"


# --------------------------------------------------------------------------- sentences
# One per wording, each a function of a ``Match`` alone (its ``sentence``).


def _same_name(match: Match) -> str:
    return f"same name as {match.target.domain} under .{match.suffix}"


def _suffix_appended(match: Match) -> str:
    domain = match.target.domain
    return (
        f"same name as {domain} under .{match.suffix}, which reads as {domain} with a suffix "
        "appended"
    )


def whole_appended(match: Match) -> str:
    """A brand's whole address before the public suffix (``core._whole_address``): what was
    bought is the label before the suffix, the brand's own last label, under it."""
    domain, suffix = match.target.domain, match.suffix
    return (
        f"{domain}.{suffix} is {domain}'s whole address with .{suffix} appended, as in "
        f"brand.com.co or brand.gr.com; what was bought is {match.name}.{suffix}, which is "
        "not theirs"
    )


def _same_host(match: Match) -> str:
    return f"same host name as {match.target.domain} under .{match.suffix}"


def _looks_like(match: Match) -> str:
    target, name = match.target, match.name
    detail = f"{name} looks like {target.key} ({target.domain}){_suffix_note(target, match.suffix)}"
    swaps = _differences(name, target.key)
    return f"{detail}: {swaps}" if swaps else detail


def _typo(match: Match) -> str:
    family, letters = match.words
    target = match.target
    return (
        f"{match.name} {family} {target.key} ({letters}), the name of {target.domain}"
        f"{_suffix_note(target, match.suffix)}"
    )


def _dot_left_out(match: Match) -> str:
    target = match.target
    return (
        f"{match.name} is www.{target.key} with its dot left out, the name of {target.domain}"
        f"{_suffix_note(target, match.suffix)}"
    )


def _hyphen_wedged(match: Match) -> str:
    target = match.target
    return f"{match.name} is {target.key} ({target.domain}) with a hyphen wedged in"


def _own_spelt_out(match: Match) -> str:
    target = match.target
    return (
        f"{match.name} combines {target.key} ({target.domain}) with '{match.words[0]}', "
        "spelling out the brand's own suffix or country"
    )


ARTICLES = frozenset("the der die das le la les el il lo".split())
NEWS_VOCABULARY = frozenset(
    "news online live today now daily info media tv breaking update updates latest press "
    "report reports aktuell nachrichten actu actualite noticias notizie wiadomosci novosti "
    "magazin magazine mag zeitung journal edition times video".split()
)
"""Of ``COMBO_WORDS``, the articles and the news words; the rest (official, real, my, app,
web, mobile, mail …) are words that make a name look like the brand's own."""


def _kind_of(word: str) -> str:
    """What a word of ``COMBO_WORDS``, or a number, is, as a sentence names it."""
    if word.isdigit():
        return "a number"
    if word in ARTICLES:
        return "an article"
    return "a news word" if word in NEWS_VOCABULARY else "a word that makes it look official"


def _news_word(match: Match) -> str:
    """``thetimesnews combines thetimes (thetimes.com) with 'news', a news word, as clone
    sites dress an outlet's name``: each word said for what it is (a number, an article, a
    news word), not a list of what it might be."""
    target = match.target
    said = ", ".join(
        f"'{w}' ({_kind_of(w)})" if w.isdigit() or w in COMBO_WORDS else f"'{w}'"
        for w in match.words
    )
    return f"{match.name} combines {target.key} ({target.domain}) with {said}"


def _credential_word(match: Match) -> str:
    target = match.target
    word = next(w for w in match.words if credential(w, target.brand.category))
    return (
        f"{match.name} combines {target.key} ({target.domain}) with '{word}', "
        f"{CREDENTIAL_HINT}"
    )


def _market_word(match: Match) -> str:
    target = match.target
    word = next(w for w in match.words if _dressing(w, target))
    language = read_in(word, target.brand.country) or ""
    return (
        f"{match.name} combines {target.key} ({target.domain}), a name few other known sites "
        f"carry, with {described(word, language)}, which makes it look like "
        f"{target.domain}'s own"
    )


def _dressing(word: str, target: Target) -> bool:
    """A digit string or a word of ``COMBO_WORDS`` or, in the target's market,
    ``newswords``."""
    return word.isdigit() or word in COMBO_WORDS or read_in(word, target.brand.country) is not None


def _other_word(match: Match) -> str:
    target = match.target
    words = "', '".join(match.words)
    return f"{match.name} combines {target.key} ({target.domain}) with '{words}'"


# --------------------------------------------------------------------------- same name


def tld_swap(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """``welt.ltd`` for ``welt.de``: the brand's own name under another suffix; appended to
    the brand's own suffix (``brand.com.co``, ``brand.gr.com``) it reads as the brand's
    address."""
    if len(name) < 2:
        return
    for target in index.names.get(name, ()):
        if spells_brand_suffix(suffix, target.suffix, target.brand.country):
            yield Match(target, TLD_SWAP, "swap-appended", _suffix_appended, name, suffix)
            continue
        yield Match(target, TLD_SWAP, "swap", _same_name, name, suffix)


def host_swap(index: BrandIndex, subdomain: str, name: str, suffix: str) -> Iterator[Match]:
    """``bmi.bund.pe`` for ``bmi.bund.de``: a brand listed by its subdomain, its whole host
    name under another suffix."""
    host = f"{subdomain.rsplit('.', 1)[-1]}.{name}"
    for target in index.hosts.get(host, ()):
        yield Match(target, TLD_SWAP, "swap", _same_host, name, suffix, (), host.replace(".", ""))


# --------------------------------------------------------------------------- homoglyphs


def homoglyph(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """``wеlt`` (Cyrillic е), ``we1t``, ``rnicrosoft``, ``delfl``, ``blld``: the same
    skeleton (TR39 for Unicode, ``ascii_fold`` for ASCII), other characters."""
    if name.isascii():
        yield from _homoglyphs(index.folds.get(_fold(name), ()), name, suffix)
        return
    drawn = skeleton(name)
    targets = index.skeletons.get(drawn, [])
    if drawn.isascii():
        # Other scripts' letters and ASCII look-alikes in one name (qaźźetta: ź for z, q
        # for g): the skeleton is ASCII, folded as an ASCII name is.
        folded = index.folds.get(_fold(drawn), ())
        targets = [*targets, *(t for t in folded if t not in targets)]
    yield from _homoglyphs(targets, name, suffix)


def _homoglyphs(targets: Iterable[Target], name: str, suffix: str) -> Iterator[Match]:
    ascii_name = name.isascii()
    for target in targets:
        if target.key == name or len(target.key) < 3 and ascii_name:
            continue
        if not ascii_name:
            variant = "homoglyph-unicode"
        elif len(name) != len(target.key) or _digit_for_letter(name, target.key):
            variant = "homoglyph-display"  # rn for m, vv for w, 1 for l, 0 for o
        else:
            variant = "homoglyph-ascii"
        yield Match(target, HOMOGLYPH, variant, _looks_like, name, suffix)


def _digit_for_letter(name: str, key: str) -> bool:
    """``we1t``, ``g00gle``: a digit where the brand has a letter, which no word does."""
    return sum(c.isdigit() for c in name) > sum(c.isdigit() for c in key)


def _fold(name: str) -> str:
    """``ascii_fold``, its letter table alone for the many names without a folded sequence,
    applied to the bytes of an ASCII name (a quarter of the time ``str.translate`` takes)."""
    if "rn" in name or "vv" in name or "cl" in name:
        return ascii_fold(name)
    if name.isascii():
        return name.encode("ascii").translate(_ASCII_BYTES).decode("ascii")
    return name.translate(ASCII_LETTERS)


_ASCII_BYTES = bytes(ASCII_LETTERS.get(byte, byte) for byte in range(256))
"""``ASCII_LETTERS`` as a table for ``bytes.translate``."""


def _differences(name: str, key: str) -> str:
    if len(name) != len(key):
        return ""
    pairs = [f"{describe(a)} in place of {b}" for a, b in zip(name, key, strict=True) if a != b]
    return ", ".join(pairs[:3])


# --------------------------------------------------------------------------- typos


def typos(index: BrandIndex, name: str, suffix: str, near: set[str]) -> Iterator[Match]:
    """``spiegeli``, ``bildd``, ``fazz``, ``20minuts``: one letter added, dropped, repeated,
    swapped, for the keys ``near`` the name (``BrandIndex.near``, which most names have none
    of: ``candidates`` asks it first). Four-letter keys are matched by a slip only,
    three-letter keys by a doubled letter only."""
    for key in sorted(near):  # ties go to the first: independent of hash order
        found = classify(name, key)
        if found is None:
            continue
        family, letters = found
        if _sibling(family, letters) and not _digit_typo(name, key, family):
            continue
        if len(key) < MIN_TYPO_KEY and family is not Typo.REPETITION:
            continue
        if _in_short_stem(name, key, family):
            continue
        variant = "typo-slip" if family in SLIP_TYPOS else "typo-edit"
        words = (family.phrase(letters), letters)
        for target in index.names[key]:
            yield Match(target, TYPO, variant, _typo, name, suffix, words)


STEM_TAILS = GLUED_TAILS | {"times", "post", "press"}
"""Words that end many outlets' names after a short stem: call letters or initials plus news
(cbsnews, gbnews, ctvnews), a city's initials plus times or post (latimes, nytimes, nypost)."""


def _in_short_stem(name: str, key: str, family: Typo) -> bool:
    """An edit inside the short stem of such a name makes another outlet's name (cnsnews,
    bgnews, covnews, atimes, h-online): it is judged as a typo of the stem alone, so a stem of
    four letters counts by a slip only, of three by a doubled letter only, of two not at all.
    An edit in the word (nytimess) is judged on the whole name."""
    for word in STEM_TAILS:
        if key.endswith(word) and name.endswith(word):
            stem = len(key) - len(word) - key[: -len(word)].endswith("-")
            if stem > SLIP_KEY:
                return False
            if stem == SLIP_KEY:
                return family not in SLIP_TYPOS
            return stem < SHORT_KEY or family is not Typo.REPETITION
    return False


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


DIGIT_TYPO_KEY = 7
"""Keys of this many letters or more count a digit put between two letters, or in place of
one, as a typo (h7ffpost, g1azetaprawna): in a long name a stray digit is a slip or a
squatter's edit, as a letter would be. Shorter names are left to ``_sibling`` (9gag, 4chan,
t3n: digits in short names are names)."""


def _digit_typo(name: str, key: str, family: Typo) -> bool:
    """A digit inserted between two letters, or standing for a letter with letters on both
    sides, in a long key of letters (and hyphens). A digit at either end (xvideos2, channel4)
    or beside another digit (cdnhwc10) still marks a numbered sibling, and one taken out is
    no typo."""
    if family not in (Typo.INSERTION, Typo.REPLACEMENT, Typo.KEYBOARD):
        return False
    letters = key.replace("-", "")
    if len(letters) < DIGIT_TYPO_KEY or not letters.isalpha():
        return False
    i = first_difference(name, key)
    if not name[i].isdigit():
        return False
    return 0 < i < len(name) - 1 and name[i - 1].isalpha() and name[i + 1].isalpha()


# --------------------------------------------------------------------------- missing dot


def missing_dot(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """``wwwspiegel.de``, ``www-bild.de``: the address ``www.spiegel.de`` with its first dot
    left out or turned into a hyphen, a classic of typosquatting (dnstwist's "various")."""
    rest = name[3:].removeprefix("-")
    if len(rest) < 3:
        return
    for target in index.names.get(rest, ()):
        yield Match(target, MISSING_DOT, "missing-dot", _dot_left_out, name, suffix)


# --------------------------------------------------------------------------- combosquats


def hyphenated(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """``fox-news`` for ``foxnews``, ``welt-de`` for ``welt.de``, ``pravda-ua`` and
    ``ua-pravda`` for pravda.com.ua, ``mfa-qov`` for mfa.gov.ua: the brand's name with a
    hyphen wedged in, or next to another word."""
    tokens = tuple(name.split("-"))
    if len(tokens) < 2 or not all(tokens):
        return
    joined = "".join(tokens)
    vocabulary = all(t in COMBO_WORDS for t in tokens)  # breaking-news is just words
    for target in index.names.get(joined, ()):
        if vocabulary or "-" in target.key or len(joined) < 4:
            continue
        yield Match(target, HYPHENATED, "hyphenated", _hyphen_wedged, name, suffix)
    if len(tokens) > 2 and not vocabulary:
        for unwedged in _one_hyphen_less(tokens):
            for target in index.names.get(unwedged, ()):
                yield Match(target, HYPHENATED, "hyphenated", _hyphen_wedged, name, suffix)
    count = len(tokens)
    for i in range(count):
        for j in range(i + 1, count + 1):
            if j - i == count:
                continue
            others = tokens[:i] + tokens[j:]
            span = "-".join(tokens[i:j])
            for target in index.names.get(span, ()):
                yield from _combo(index, target, span, others, name, suffix)
            if j - i > 1:
                glued_span = "".join(tokens[i:j])
                for target in index.names.get(glued_span, ()):
                    yield from _combo(index, target, glued_span, others, name, suffix)


def _one_hyphen_less(tokens: tuple[str, ...] | list[str]) -> Iterator[str]:
    """``ouest-fra-nce`` → ``ouestfra-nce``, ``ouest-france``: the name with one of its
    hyphens taken out, for a brand whose own name has a hyphen (ouest-france, nd-aktuell)
    and gets another wedged in. Names of three words or more only: of two, the one left is
    the joined name."""
    if len(tokens) < 3:
        return
    for i in range(1, len(tokens)):
        yield "-".join([*tokens[: i - 1], tokens[i - 1] + tokens[i], *tokens[i + 1 :]])


def may_be_hyphenated(index: BrandIndex, name: str) -> bool:
    """The cheap test before ``hyphenated``: a brand among the words, or all of them joined.
    (A brand may span two or three words: washington-post-news, auswaertiges-amt-info.)"""
    if "-" not in name:
        return False
    names = index.keys
    tokens = name.split("-")
    if name.replace("-", "") in names or not names.isdisjoint(tokens):
        return True
    if len(tokens) == 2:
        return name in names  # the only span the loop below would add
    if not names.isdisjoint(_one_hyphen_less(tokens)):
        return True
    for width in (2, 3):
        for i in range(len(tokens) - width + 1):
            span = tokens[i : i + width]
            if "".join(span) in names or "-".join(span) in names:
                return True
    return False


def glued(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """``weltnews``, ``bild24``, ``thewashingtonpost``, ``derspiegel``: brand plus a news word,
    an article or digits, no hyphen. Only listed words and digits count, so compounds
    (tagesspiegel) stay clear."""
    stem = name.rstrip("0123456789")
    if stem != name and stem in index.names:
        for target in index.names[stem]:
            yield from _combo(index, target, stem, (name[len(stem) :],), name, suffix)
    for size in (2, 3):
        head, tail = name[:-size], name[-size:]
        for target in index.names.get(head, ()):
            if tail in target.suffix.split(".") or tail == (target.brand.country or "").lower():
                yield from _combo(index, target, head, (tail,), name, suffix)
    length = len(name)
    for size in _TAIL_SIZES:
        if size + 3 > length:
            break
        head, tail = name[:-size], name[-size:]
        if tail in GLUED_TAILS and head in index.names:
            for target in index.names[head]:
                yield from _combo(index, target, head, (tail,), name, suffix)
    for size in _HEAD_SIZES:
        if size + 3 > length:
            break
        head, tail = name[:size], name[size:]
        if head in GLUED_HEADS and tail in index.names:
            for target in index.names[tail]:
                yield from _combo(index, target, tail, (head,), name, suffix)


def may_be_glued(index: BrandIndex, name: str) -> bool:
    """The cheap test before ``glued``: does the name start or end with a listed word, a
    number, or a brand followed by a short suffix label (weltde)? Each is what one of
    ``glued``'s branches needs before it can match: digits for the stem, a word of
    ``GLUED_TAILS`` ending the name or of ``GLUED_HEADS`` starting it for the words, a key
    before the last two or three letters for the suffix label; so a name refused here is one
    ``glued`` finds nothing in (tests/assessment/test_probes.py holds ``candidates`` to every
    technique run without its probe). The words are tested whole, in C (``str.endswith``
    with a tuple), not by their last two letters, which let names ending in -ne, -in or -ly
    through to ``glued`` for nothing. A name with a hyphen is
    asked too: a brand whose own name has one (ouest-france24, nd-aktuellnews) is glued to
    as any other (``glued`` looks up the whole head or tail, so only such a brand matches,
    and its first word starts the name, or follows an article glued before it)."""
    if "-" in name:
        first = name.partition("-")[0]
        heads = index.hyphen_heads
        for key in heads.get(first, ()):
            if name.startswith(key):
                return True
        if first[:2] not in _FIRST_TWO:
            return False
        for size in _HEAD_SIZES:
            if first[:size] in GLUED_HEADS:
                for key in heads.get(first[size:], ()):
                    if name.endswith(key):
                        return True
        return False
    if name[-1:].isdigit() or name.endswith(_TAILS) or name.startswith(_HEADS):
        return True
    return name[:-2] in index.keys or name[:-3] in index.keys


GLUED_WORDS = (COMBO_WORDS | words()) - TITLES
"""What ``glued_words`` looks for beside a distinctive name: every news, article, section
and account word, of any language (``_combo`` then asks whether the brand's market reads
it), but no word that outlets take for their own title (``newswords.TITLES``)."""


def glued_words(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """``golempolitik``, ``golemmedia``, ``dailygolem``, ``24golem``: a distinctive name
    (``BrandIndex.distinctive``) glued to a word of ``GLUED_WORDS`` or after a number, where
    ``glued`` reads only the few words glued to any name. Only the keys that start or end
    the name as its first or last letters do (``BrandIndex.glue_starts``, ``glue_ends_with``)
    are tried."""
    for key in index.glue_starts(name[:GLUE_PROBE]):
        word = name[len(key) :]
        if word in GLUED_WORDS and word not in GLUED_TAILS and name.startswith(key):
            yield from _glued_word(index, key, word, name, suffix)
    for key in index.glue_ends_with(name[-GLUE_PROBE:]):
        word = name[: len(name) - len(key)]
        if not word or not name.endswith(key):
            continue
        if word.isdigit() or word in GLUED_WORDS and word not in GLUED_HEADS:
            yield from _glued_word(index, key, word, name, suffix)


def _glued_word(
    index: BrandIndex, key: str, word: str, name: str, suffix: str
) -> Iterator[Match]:
    for target in index.names[key]:
        if index.distinctive(target) and _dressing(word, target):
            yield from _combo(index, target, key, (word,), name, suffix)


def _combo(
    index: BrandIndex, target: Target, key: str, others: tuple[str, ...], name: str, suffix: str
) -> Iterator[Match]:
    """``key`` is the target's (the name it was found by), ``others`` the words beside it."""
    if len(key) < 3 or key in COMBO_WORDS:
        return  # two letters (go, wp) and vocabulary (news.at, web.de) are in countless names
    for word in others:
        if _spells_own(word, target):
            # welt-de.com, pravda-ua.com, mfa-qov: the brand's own address spelt out in the name.
            yield Match(target, COMBOSQUAT, "combo-own", _own_spelt_out, name, suffix, (word,))
            return
    category = target.brand.category
    if any(credential(w, category) for w in others):
        # github-login, paypal-verify: a phishing or spyware lure's name (``newswords``).
        yield Match(
            target, COMBOSQUAT, "combo-credential", _credential_word, name, suffix, others
        )
        return
    if any(w.isdigit() or w in COMBO_WORDS for w in others):
        yield Match(target, COMBOSQUAT, "combo-word", _news_word, name, suffix, others)
        return
    if any(_dressing(w, target) for w in others) and index.distinctive(target):
        yield Match(target, COMBOSQUAT, "combo-word", _market_word, name, suffix, others)
        return
    if len(key) >= 4:
        # Any other word (karlsruhe-insider, spiegel-reflex): an ordinary compound unless the
        # brand's name is unmistakable; the model weighs it by the name's length.
        yield Match(target, COMBOSQUAT, "combo-other", _other_word, name, suffix, others)


def _spells_own(word: str, target: Target) -> bool:
    """The brand's suffix label or country code, also in look-alike letters (``qov``)."""
    labels = target.suffix.split(".")
    country = (target.brand.country or "").lower()
    if word in labels or word == country or (country == "uk" and word == "gb"):
        return True
    if len(word) < 3:
        return False
    folded = _fold(word)
    return any(folded == _folded_label(label) for label in labels)


@functools.cache
def _folded_label(label: str) -> str:
    """``ascii_fold`` of a suffix label: a few hundred labels, asked for again and again."""
    return ascii_fold(label)


# --------------------------------------------------------------------------- symbols


def _separator(char: str) -> bool:
    """A symbol or emoji (anything but a letter, digit, mark, hyphen or underscore): in a
    host label, where ``links.hosts`` admits only pictographs (``❤``, ``📰``, ``👍🏽``) beside
    those, it reads as a break between words, as a hyphen does."""
    return not (char.isalnum() or char in "-_" or unicodedata.category(char)[0] == "M")


def symbols_as_separators(name: str) -> str | None:
    """``tagesschau❤news`` → ``tagesschau-news``, ``📰welt`` → ``welt``: each run of
    symbols (with any hyphens beside it) a hyphen, none at either end; None for a name
    without symbols. Emoji names are hosts browsers visit (``links.hosts``), and an emoji
    where a hyphen or nothing would be must not hide a brand's name from the techniques."""
    if name.isascii() or not any(_separator(c) for c in name):
        return None
    words = _SEPARATORS.sub(" ", "".join(" " if _separator(c) else c for c in name))
    return "-".join(words.split())


_SEPARATORS = re.compile(r"-* +-*")
"""A run of symbols, already spaces, with the hyphens beside it."""


def _symbol_separated(index: BrandIndex, name: str, suffix: str) -> Iterator[Match]:
    """Every technique's matches for the name read with its symbols as separators, each
    saying how it was written."""
    read = symbols_as_separators(name)
    if not read:
        return
    for match in candidates(index, read, suffix):
        yield match._replace(written=name)


# --------------------------------------------------------------------------- the table


def candidates(index: BrandIndex, name: str, suffix: str, subdomain: str = "") -> list[Match]:
    """Every technique's matches for a registrable name (its label and its suffix), and for
    the whole host of brands listed by a subdomain. Each technique runs only where a cheap
    probe says it can match: most names in a bulk list match nothing, and the probes are then
    their whole cost, so they are written out here in order (same name, look-alike letters,
    typos, missing dot, hyphenated, glued) rather than called through a table."""
    found: list[Match] = []
    if subdomain and subdomain != "www" and index.hosts:
        found.extend(host_swap(index, subdomain, name, suffix))
    if not name.isascii():
        if name in index.keys:
            found.extend(tld_swap(index, name, suffix))
        found.extend(homoglyph(index, name, suffix))
        found.extend(_symbol_separated(index, name, suffix))
        return found  # the other techniques compare ASCII letters
    folded = index.folds.get(_fold(name))
    if folded:  # every key has its fold here: a name without one is no key either
        if name in index.keys:
            found.extend(tld_swap(index, name, suffix))
        found.extend(_homoglyphs(folded, name, suffix))
    if len(name) > SHORT_KEY:
        near = index.near(name)  # ``typo``, without a generator for the many with none
        if near:
            found.extend(typos(index, name, suffix, near))
    if name.startswith("www"):
        found.extend(missing_dot(index, name, suffix))
    if "-" in name and may_be_hyphenated(index, name):
        found.extend(hyphenated(index, name, suffix))
    if may_be_glued(index, name):
        found.extend(glued(index, name, suffix))
    if index.glue_starts(name[:GLUE_PROBE]) or index.glue_ends_with(name[-GLUE_PROBE:]):
        found.extend(glued_words(index, name, suffix))
    return found
