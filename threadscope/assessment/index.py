"""The brand index: every lookup a domain needs is a dictionary probe, never a loop over brands.

A brand's *key* is the name label of each of its domains (``welt`` for ``welt.de``,
``washingtonpost`` for ``washingtonpost.com``). Three maps cover the techniques:

- ``names``: key → targets (same name under another suffix, combosquat tokens);
- ``skeletons``: TR39 skeleton of the key → targets (homoglyphs, ``rn``/``m``, ``0``/``o``);
- ``deletes``: every key of five letters or more and each of its one-character deletions →
  keys. Two strings are at Damerau–Levenshtein distance 1 only if they share an entry of their
  deletion neighbourhoods (Garbe's *symmetric delete*), so a candidate probes ``len(name) + 1``
  entries whatever the number of brands. Before that, a name meets the *screen* for its
  length: three pieces of it (a few for short names) that every name one edit from a key
  shares with it, in one set (``screen_known``); nine names in ten of a bulk list have none;
- ``slips``: for four-letter keys, only the typos that count for a name that short (a doubled
  letter, two letters swapped, a neighbouring key: ``bildd``, ``bidl``, ``bilf``) → keys. Any
  other edit of a four-letter name is another word (bil, bilk, bald), and their deletion
  neighbourhoods, three-letter strings, would match a quarter of all short names in a large
  registry for nothing. Three-letter keys get only their doubled letters (``fazz``);
- ``folds``: the ASCII look-alike fold of each key (``ascii_fold``: i/l/1, rn/m, vv/w, v/w,
  q/g, cl/d, 0/o) → targets, for ``delfl``, ``blld``, ``govv``, ``qov``.

Building costs time proportional to the total length of all keys; it happens once per registry.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from threadscope.assessment.confusables import ascii_fold, skeleton
from threadscope.assessment.markets import private_suffixes
from threadscope.assessment.suffixes import split_plain
from threadscope.assessment.typos import Typo, classify, neighbours_of
from threadscope.gcpause import cycles_uncollected
from threadscope.models import Brand, Reason
from threadscope.names import DomainParts, split_host

MIN_TYPO_KEY = 4
"""Names of two or three letters (bbc, ard, zdf, orf, wp) have countless real one-letter
neighbours; they are matched by homoglyph and suffix swap only."""
SLIP_KEY = 4
"""Keys this long are matched by ``slips`` only (see the module docstring); the scores in
``techniques._TYPO_POINTS`` give the other typo families nothing at this length."""
SLIP_LENGTHS = (SLIP_KEY - 1, SLIP_KEY, SLIP_KEY + 1)
"""A slip keeps the length of the key or, a letter doubled, adds one (three-letter keys are
probed at four: ``fazz``)."""
SHORT_KEY = 3
"""Keys this long get only their doubled letters as slips."""
_SLIPS = frozenset({Typo.REPETITION, Typo.TRANSPOSITION, Typo.KEYBOARD})
"""The typo families of ``slips_of``."""


_SUFFIXES: dict[str, str] = {}
"""Each suffix string ``Target.of`` has kept, so that a million targets share a few hundred."""

PLAIN_SUBDOMAINS = frozenset("www www2 m mobile amp news edition en online".split())
"""Subdomain labels that name no brand: news.walla.co.il is keyed by walla, not by news."""


class Target(NamedTuple):
    """One official domain of a brand, seen from its name label (a tuple: the index makes
    one per listed domain, 17,000 of them, and a tuple costs a fifth of a frozen dataclass
    to make)."""

    key: str
    domain: str
    suffix: str
    brand: Brand
    main: str
    """What ``imitates`` names: the brand's main registrable domain."""

    @classmethod
    def of(cls, domain: str, brand: Brand) -> Target | None:
        """The target for one official domain. A brand listed by a subdomain of someone
        else's domain (abcnews.go.com) is keyed by its own label (abcnews), not by go."""
        if brand.tier > 1:
            # Tier-2 lists hold registrable domains only (tests/assessment/test_registry.py
            # checks every line), so the split is at the first dot: thousands, no lookups.
            key, _, suffix = domain.partition(".")
            return cls(key, domain, suffix, brand, domain)
        plain = split_plain(domain) if "xn--" not in domain else None
        if plain is not None:  # most domains: no ``DomainParts`` made (a million in --brands)
            subdomain, name, suffix = plain
        else:
            parts = split_host(domain)
            subdomain, name, suffix = parts.subdomain, parts.name, parts.suffix
        if not suffix:
            return None
        if not name:
            # The domain is itself a public suffix (gov.uk, gouv.fr): key it by its first label.
            label, _, rest = suffix.partition(".")
            if not rest:
                return None
            return cls(label, domain, rest, brand, main_domain(brand))
        # The domain itself where it is its registrable domain: one string, not two equal
        # ones (a --brands list of a million single domains kept both)
        registrable = f"{name}.{suffix}"
        if registrable == domain:
            registrable = domain
        # ``main_domain``, without splitting the same domain again where it is the first
        main = registrable if domain is brand.domains[0] else main_domain(brand)
        suffix = _SUFFIXES.setdefault(suffix, suffix)  # one string per suffix
        if subdomain:
            label = subdomain.rsplit(".", 1)[-1]
            if label not in PLAIN_SUBDOMAINS:
                return cls(label, domain, registrable, brand, main)
        return cls(name, registrable, suffix, brand, main)


DISTINCT_KEY = 4
DISTINCT_SHARED = 4
"""``BrandIndex.distinctive``: a name of four letters or more, part of at most four other
known names (``model.shared_bucket``'s "few")."""
GLUE_KEY = 5
"""Keys glued to a section or account word from this length: a four-letter name glued to a
word is as often a word of its own (weltpolitik, sportbild, zeitgeist)."""
GLUE_PROBE = 4
"""Letters of a key's start and end that ``BrandIndex.glue_ends`` keeps."""
GlueEnds = tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]
"""``BrandIndex.glue_ends``: keys by their first, and by their last, ``GLUE_PROBE`` letters."""


def _curated_not_platform(target: Target) -> bool:
    """A curated brand's, not a platform's: platforms name their own services with words
    (youtubekids, githubstatus), so a word beside their names says nothing."""
    return target.brand.tier == 1 and target.brand.category != "platform"


SCANNED = 64
"""Names looked up by scanning the keys before the typo index is built: a one-domain check
needs no index over thousands of keys, a bulk run builds it after this many names."""


class _Built:
    """What a ``BrandIndex`` builds on first use, each map None until then. Plain attributes
    set once, not ``functools.cached_property``: mypyc (setup.py) compiles a cached property
    to a plain one, which built the map again on every access (a 100,000-name run took
    minutes); a mutable holder in a field of the frozen index compiles to typed slots."""

    def __init__(self) -> None:
        self.keys: frozenset[str] | None = None
        self.hyphen_heads: dict[str, tuple[str, ...]] | None = None
        self.typos: TypoIndex | None = None
        self.by_length: dict[int, list[str]] | None = None
        self.shared_counts: dict[str, int] | None = None
        self.dressed: frozenset[str] | None = None
        self.glue_ends: GlueEnds | None = None
        self.size: int | None = None
        self.suffix_use: dict[str, int] | None = None
        self.short_use: dict[str, int] | None = None
        self.hosts: dict[str, list[Target]] | None = None
        self.skeletons: dict[str, list[Target]] | None = None
        self.lines: str | None = None


@dataclass(frozen=True)
class BrandIndex:
    names: dict[str, list[Target]]
    folds: dict[str, list[Target]]
    _scans: list[int] = field(default_factory=lambda: [0, 0, 0], compare=False, repr=False)
    """Lookups answered by scanning so far: typo neighbours, shared counts, glued keys."""
    _shared: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    memo: dict[tuple[Target, str, str, str], tuple[int, tuple[str, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """``model.points`` per (target, variant, shown name, suffix): ``model.memo_key``."""
    said: dict[tuple[Target, str, str, str], tuple[int, tuple[Reason, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """``model.reasons`` by the same keys: the technique's points and the reasons after its
    own, which depend on the key alone (the technique's sentence quotes the name)."""
    _built: _Built = field(default_factory=lambda: _Built(), compare=False, repr=False)
    """The maps built on first use (the properties below); see ``_Built``."""

    @property
    def keys(self) -> frozenset[str]:
        """The keys of ``names`` again: the cheap probes ask only "is it there?", and a set
        answers that touching half the memory a dict does, which counts once there are
        thousands."""
        built = self._built.keys
        if built is None:
            built = self._built.keys = self._make_keys()
        return built

    def _make_keys(self) -> frozenset[str]:
        return frozenset(self.names)

    @property
    def hyphen_heads(self) -> dict[str, tuple[str, ...]]:
        """The keys with a hyphen by their first word (ouest: ouest-france; t: t-online): a
        name with a hyphen can be such a brand with a word or number glued on only where it
        starts with one of them, or does after an article glued before it
        (``techniques.may_be_glued``)."""
        built = self._built.hyphen_heads
        if built is None:
            built = self._built.hyphen_heads = self._make_hyphen_heads()
        return built

    def _make_hyphen_heads(self) -> dict[str, tuple[str, ...]]:
        heads: dict[str, list[str]] = defaultdict(list)
        for key in self.names:
            if "-" in key:
                heads[key.partition("-")[0]].append(key)
        return {first: tuple(keys) for first, keys in heads.items()}

    @property
    def typos(self) -> TypoIndex:
        """The typo index over all keys, built on first use (see ``near``)."""
        built = self._built.typos
        if built is None:
            built = self._built.typos = self._make_typos()
        return built

    def _make_typos(self) -> TypoIndex:
        return TypoIndex.build(self.names)

    @property
    def _by_length(self) -> dict[int, list[str]]:
        built = self._built.by_length
        if built is None:
            built = self._built.by_length = self._make_by_length()
        return built

    def _make_by_length(self) -> dict[int, list[str]]:
        grouped: dict[int, list[str]] = defaultdict(list)
        for key in self.names:
            grouped[len(key)].append(key)
        return dict(grouped)

    def complete(self) -> BrandIndex:
        """Build every lazy part now (before forking workers that should share them)."""
        self.typos.variants  # noqa: B018
        self.hosts  # noqa: B018
        self.skeletons  # noqa: B018
        self.shared_counts  # noqa: B018
        self.suffix_use  # noqa: B018
        self.short_use  # noqa: B018
        self.dressed  # noqa: B018
        self.keys  # noqa: B018
        self.hyphen_heads  # noqa: B018
        self.size  # noqa: B018
        self.glue_ends  # noqa: B018
        return self

    def expect(self, names: int) -> None:
        """A caller is about to look up ``names`` names: with more than ``SCANNED`` of them the
        typo index would be built after the scans anyway, so it is built now and the scans (as
        costly as building it, a hundred distinct links in) are saved. Answers do not change."""
        if names > SCANNED:
            self.typos  # noqa: B018

    def near(self, name: str) -> set[str]:
        """Keys within one edit (insertion, omission, replacement, transposition) of ``name``;
        four-letter keys only by a slip, three-letter keys only by a doubled letter. The first
        ``SCANNED`` names are answered by a scan of the keys of neighbouring lengths, the rest
        by the typo index; both give the same answer."""
        if self._built.typos is None and self._scans[0] < SCANNED:
            self._scans[0] += 1
            return self._scan(name)
        return self.typos.near(name)

    def may_be_near(self, name: str) -> bool:
        return self.typos.may_be_near(name)

    def _scan(self, name: str) -> set[str]:
        found: set[str] = set()
        size = len(name)
        for length in (size - 1, size, size + 1):
            if length < SHORT_KEY:
                continue
            for key in self._by_length.get(length, ()):
                typo = classify(name, key)
                if typo is None:
                    continue
                if length >= MIN_TYPO_KEY + 1:
                    found.add(key)
                elif length == SLIP_KEY and typo[0] in _SLIPS:
                    found.add(key)
                elif length == SHORT_KEY and typo[0] is Typo.REPETITION:
                    found.add(key)
        return found

    def shared(self, key: str) -> int:
        """How many other keys start or end with ``key`` (``abc`` in abc15, abcnews, abclive;
        ``state`` in thestate, statenews): a name that many known names contain is an ordinary
        word or a network's, and a match on it is weak. Scanned for the first few keys asked,
        then counted for all at once."""
        if len(key) < 3:
            return 0
        if self._built.shared_counts is not None or self._scans[1] >= SCANNED:
            return self.shared_counts.get(key, 0)
        found = self._shared.get(key)
        if found is None:
            self._scans[1] += 1
            found = self._shared[key] = self._count_sharing(key)
        return found

    def _count_sharing(self, key: str) -> int:
        """``shared`` by a search of all keys written one a line: the lines that start with
        ``key`` and those that end with it, less those that do both (the key's own line among
        them), found by ``str.count`` in C. A million keys take milliseconds, where a loop
        over them took half a second a key asked."""
        lines = self._lines
        if lines is None:  # a key with a line break (none in any list we read): one by one
            return sum(
                1 for other in self.names if other != key and (
                    other.startswith(key) or other.endswith(key)
                )
            )  # fmt: skip
        head = "\n" + key
        both = 0
        start = lines.find(head)
        while start >= 0:
            end = lines.find("\n", start + 1)
            if lines.endswith(key, start + 1, end):
                both += 1
            start = lines.find(head, end)
        return lines.count(head) + lines.count(key + "\n") - both - (key in self.names)

    @property
    def _lines(self) -> str | None:
        """Every key, one a line, between line breaks (``_count_sharing``); None where a key
        holds a line break itself."""
        built = self._built.lines
        if built is None:
            built = "\n" + "\n".join(self.names) + "\n"
            if built.count("\n") != len(self.names) + 1:
                built = ""
            self._built.lines = built
        return built or None

    @property
    def shared_counts(self) -> dict[str, int]:
        """``shared`` for every key (keys of three letters or more)."""
        built = self._built.shared_counts
        if built is None:
            built = self._built.shared_counts = self._make_shared_counts()
        return built

    def _make_shared_counts(self) -> dict[str, int]:
        keys = self.keys
        counts: dict[str, int] = {}
        for key in keys:
            size = len(key)
            for cut in range(3, size):
                head, tail = key[:cut], key[size - cut :]
                if head in keys:
                    counts[head] = counts.get(head, 0) + 1
                if tail in keys and tail != head:
                    counts[tail] = counts.get(tail, 0) + 1
        return counts

    @property
    def dressed(self) -> frozenset[str]:
        """Keys that other known names already carry with a news word, an article or a number
        (abc in abc15 and abc-7, guardian in theguardian, times in latimes and newstimes): a
        network's or a common word's, whose next such name is as likely another outlet. Built
        on the first such combination judged (welt-news: none dress welt)."""
        built = self._built.dressed
        if built is None:
            built = self._built.dressed = self._make_dressed()
        return built

    def _make_dressed(self) -> frozenset[str]:
        from threadscope.assessment.techniques import COMBO_WORDS

        keys = self.keys
        found: set[str] = set()
        for key in keys:
            stem = key.rstrip("0123456789")
            if stem != key:
                stem = stem.rstrip("-")
                if stem in keys:
                    found.add(stem)
            for cut in range(2, len(key) - 1):
                head, tail = key[:cut].rstrip("-"), key[cut:].lstrip("-")
                if tail in COMBO_WORDS and head in keys:
                    found.add(head)
                if head in COMBO_WORDS and tail in keys:
                    found.add(tail)
        return frozenset(found)

    def distinctive(self, target: Target) -> bool:
        """A curated brand's name of four letters or more that few other known names carry
        (``shared``) and none with a news word or a number (``dressed``): golem, krone,
        lesechos, not time, guardian or defense. Only such a name reads as the brand's beside
        a section or account word (``newswords``): sportzeit, businessworld and
        defensedaily are outlets of their own. Not a platform's: platforms name their own
        services so (youtubekids, githubstatus, facebookmail), more than any list holds."""
        key = target.key
        return (
            _curated_not_platform(target)
            and len(key) >= DISTINCT_KEY
            and self.shared(key) <= DISTINCT_SHARED
            and key not in self.dressed
        )

    def glue_starts(self, probe: str) -> tuple[str, ...]:
        """The keys of ``glue_ends`` that start with ``probe`` (a name's first ``GLUE_PROBE``
        letters). The first ``SCANNED`` probes are answered by a search of the keys written
        one a line (``_lines``), the rest by ``glue_ends``, built then: a one-name check
        against a million-domain --brands list needs no map of them all."""
        built = self._built.glue_ends
        if built is None and self._scans[2] < SCANNED and self._lines is not None:
            self._scans[2] += 1
            return self._glue_scan(probe, at_start=True)
        return self.glue_ends[0].get(probe, ())

    def glue_ends_with(self, probe: str) -> tuple[str, ...]:
        """The keys of ``glue_ends`` that end with ``probe`` (``glue_starts``'s other half)."""
        built = self._built.glue_ends
        if built is None and self._scans[2] < SCANNED and self._lines is not None:
            self._scans[2] += 1
            return self._glue_scan(probe, at_start=False)
        return self.glue_ends[1].get(probe, ())

    def _glue_scan(self, probe: str, at_start: bool) -> tuple[str, ...]:
        """``glue_starts`` or ``glue_ends_with`` by a search of ``_lines``, keys in the order
        of ``names`` (the order ``glue_ends`` keeps)."""
        lines = self._lines
        if lines is None or len(probe) != GLUE_PROBE or "\n" in probe:
            return ()
        found: list[str] = []
        seek = "\n" + probe if at_start else probe + "\n"
        where = lines.find(seek)
        while where >= 0:
            if at_start:
                begin, end = where + 1, lines.find("\n", where + 1)
            else:
                begin, end = lines.rfind("\n", 0, where + 1) + 1, where + GLUE_PROBE
            key = lines[begin:end]
            if len(key) >= GLUE_KEY:
                for target in self.names[key]:
                    if _curated_not_platform(target):
                        found.append(key)
                        break
            where = lines.find(seek, end)
        return tuple(found)

    @property
    def glue_ends(self) -> GlueEnds:
        """The curated keys of ``GLUE_KEY`` letters or more (not a platform's; ouest-france
        among them: ouest-francelogin) by their first and by their last ``GLUE_PROBE``
        letters: a name glued of such a key and a word (golempolitik, dailygolem) starts or
        ends so, which most names do not, and then only those keys are tried
        (``techniques.glued_words``)."""
        built = self._built.glue_ends
        if built is None:
            built = self._built.glue_ends = self._make_glue_ends()
        return built

    def _make_glue_ends(self) -> GlueEnds:
        starts: dict[str, list[str]] = defaultdict(list)
        ends: dict[str, list[str]] = defaultdict(list)
        for key, targets in self.names.items():
            if len(key) < GLUE_KEY:
                continue
            for target in targets:  # ``any(...)``, without a generator a key: a million keys
                if _curated_not_platform(target):
                    starts[key[:GLUE_PROBE]].append(key)
                    ends[key[-GLUE_PROBE:]].append(key)
                    break
        return (
            {start: tuple(keys) for start, keys in starts.items()},
            {end: tuple(keys) for end, keys in ends.items()},
        )

    @property
    def size(self) -> int:
        """How many targets (listed domains) the index holds."""
        built = self._built.size
        if built is None:
            built = self._built.size = self._make_size()
        return built

    def _make_size(self) -> int:
        return sum(len(targets) for targets in self.names.values())

    @property
    def suffix_use(self) -> dict[str, int]:
        """How many listed domains each top-level suffix (and each private suffix) has:
        com 8,700, io 190, ltd 0, eu.com 2."""
        built = self._built.suffix_use
        if built is None:
            built = self._built.suffix_use = self._make_suffix_use()
        return built

    def _make_suffix_use(self) -> dict[str, int]:
        return _suffix_counts(self.names.values())

    @property
    def short_use(self) -> dict[str, int]:
        """``suffix_use`` counting only names of four letters or fewer: io 31, to 12, pe 2."""
        built = self._built.short_use
        if built is None:
            built = self._built.short_use = self._make_short_use()
        return built

    def _make_short_use(self) -> dict[str, int]:
        return _suffix_counts(
            targets for key, targets in self.names.items() if len(key) <= SLIP_KEY
        )

    @classmethod
    def build(cls, brands: Iterable[Brand]) -> BrandIndex:
        with cycles_uncollected():
            return cls._build(brands)

    @classmethod
    def _build(cls, brands: Iterable[Brand]) -> BrandIndex:
        names: dict[str, list[Target]] = {}
        for brand in brands:
            for domain in brand.domains:
                if brand.tier > 1:  # Target.of's tier-2 case, inline: 16,000 of them
                    key, _, suffix = domain.partition(".")
                    target: Target | None = Target(key, domain, suffix, brand, domain)
                else:
                    target = Target.of(domain, brand)
                if target is not None:
                    found = names.get(target.key)
                    if found is None:
                        names[target.key] = [target]
                    else:
                        found.append(target)
        return cls(names=names, folds=_folds(names))

    @property
    def hosts(self) -> dict[str, list[Target]]:
        """``bmi.bund`` → the target of bmi.bund.de, ``diplomatie.gouv`` → diplomatie.gouv.fr:
        curated brands whose host has a label between their name and the top level (a
        subdomain of a registrable name, or a second-level public suffix such as gouv.fr,
        gov.ua, co.uk), by their labels before the top level. A look-alike that keeps that
        label and swaps only the top level (diplomatie.gouv.fm, mfa.gov.pe, bbc.co.pe) has
        ``gouv`` or ``gov`` as its registrable name. Built on the first host with a
        subdomain."""
        built = self._built.hosts
        if built is None:
            built = self._built.hosts = self._make_hosts()
        return built

    def _make_hosts(self) -> dict[str, list[Target]]:
        hosts: dict[str, list[Target]] = {}
        for key, targets in self.names.items():
            for target in targets:
                # Only curated brands: tier-2 lists hold names directly under their suffix.
                if target.brand.tier == 1 and "." in target.suffix:
                    host = f"{key}.{target.suffix.split('.', 1)[0]}"
                    hosts.setdefault(host, []).append(target)
        return hosts

    @property
    def skeletons(self) -> dict[str, list[Target]]:
        """TR39 skeleton of each key → targets; built on the first name in another script."""
        built = self._built.skeletons
        if built is None:
            built = self._built.skeletons = self._make_skeletons()
        return built

    def _make_skeletons(self) -> dict[str, list[Target]]:
        skeletons: dict[str, list[Target]] = {}
        with cycles_uncollected():
            for key, targets in self.names.items():
                skeletons.setdefault(skeleton(key), []).extend(targets)
        return skeletons


@dataclass(frozen=True)
class TypoIndex:
    """Typo neighbourhoods of the keys: ``deletes``, ``slips`` and the screens before them."""

    deletes: dict[str, Keys]
    slips: dict[str, Keys]
    """Variant → the key it comes from, or a tuple of the keys where several share it."""
    screens: tuple[Screen, ...]
    """``may_be_near``'s test for names of each length (see ``screen_known``)."""
    _variants: list[frozenset[str]] = field(default_factory=list, compare=False, repr=False)
    """``variants`` once built (an empty list until then: a mutable field of the frozen
    index, see ``_Built``)."""

    @classmethod
    def build(cls, keys: Iterable[str]) -> TypoIndex:
        """The maps hold strings (a key, or a tuple of keys where several share a variant),
        not a list per entry: 150,000 entries, half the time and memory."""
        with cycles_uncollected():
            return cls._build(keys)

    @classmethod
    def _build(cls, keys: Iterable[str]) -> TypoIndex:
        deletes: dict[str, Keys] = {}
        slips: dict[str, Keys] = {}
        by_length: dict[int, list[str]] = defaultdict(list)
        for key in keys:
            size = len(key)
            if size < MIN_TYPO_KEY:
                if size == SHORT_KEY:
                    for variant in doubled(key):
                        _add(slips, variant, key)
                continue
            if size == SLIP_KEY:
                for variant in slips_of(key):
                    _add(slips, variant, key)
                continue
            by_length[size].append(key)
            _add(deletes, key, key)
            previous = ""
            for i in range(size):
                variant = key[:i] + key[i + 1 :]
                if variant != previous:  # a doubled letter deletes to the same string twice
                    # Most variants come from one key: set here, without a call to ``_add``.
                    if deletes.setdefault(variant, key) is not key:
                        _add(deletes, variant, key)
                    previous = variant
        top = max(by_length, default=0) + 1
        screens = tuple(
            Screen(operator.itemgetter(*screen_slices(size)), screen_known(by_length, size))
            for size in range(top + 1)
        )
        return cls(deletes=deletes, slips=slips, screens=screens)

    @property
    def variants(self) -> frozenset[str]:
        """The keys of ``deletes`` again: a set answers "is it there?" touching half the
        memory a dict does."""
        if not self._variants:
            self._variants.append(self._make_variants())
        return self._variants[0]

    def _make_variants(self) -> frozenset[str]:
        return frozenset(self.deletes)

    def near(self, name: str) -> set[str]:
        """Keys within one edit of ``name`` (``BrandIndex.near``)."""
        size = len(name)
        screens = self.screens
        if size < len(screens):  # ``may_be_near``, inline: it is asked for every name
            pieces, known = screens[size]
            found = set() if known.isdisjoint(pieces(name + name)) else self.near_unprobed(name)
        else:
            found = set()
        if size in SLIP_LENGTHS:
            slipped = self.slips.get(name)
            if slipped is not None:
                if type(slipped) is str:
                    found.add(slipped)
                else:
                    found.update(slipped)
        return found

    def near_unprobed(self, name: str) -> set[str]:
        """Keys of five letters or more within one edit of a name that passed
        ``may_be_near`` (a superset: the caller classifies each)."""
        variants = deletions(name)
        variants.append(name)
        shared = self.variants.intersection(variants)  # in C; usually empty
        if not shared:
            return set()
        deletes = self.deletes
        found: set[str] = set()
        for variant in shared:
            keys = deletes[variant]
            if type(keys) is str:
                found.add(keys)
            else:
                found.update(keys)
        found.discard(name)
        return found

    def may_be_near(self, name: str) -> bool:
        """False when no key of five letters or more is one edit away: a few pieces of the
        name, cut by one ``itemgetter`` in C, meet none of the pieces the keys leave intact
        (``screen_known``). Nine names in ten of a bulk list stop here."""
        size = len(name)
        if size >= len(self.screens):
            return False
        pieces, known = self.screens[size]
        return not known.isdisjoint(pieces(name + name))


class Screen(NamedTuple):
    pieces: Callable[[str], tuple[str, ...]]
    """``operator.itemgetter`` of ``screen_slices``, applied to the name written twice."""
    known: frozenset[str]
    """``screen_known``: the same pieces of every name one edit from a key."""


SPELLED_OUT = 6
"""Names this short are screened by each of their one-letter deletions, exactly; longer
ones by three pieces (``screen_known``), which in a name this short would be three letters
long and let one in five through."""
MIN_DELETE_KEY = MIN_TYPO_KEY + 1
"""The shortest keys in ``deletes`` (and in the screens)."""


def screen_known(by_length: dict[int, list[str]], size: int) -> frozenset[str]:
    """The screen for names of ``size`` letters: the pieces that every name one edit from a
    key (of five letters or more, ``by_length``) has in common with it. A piece is a slice
    of the name written twice (``name + name``), so that a piece may run from the end of the
    name round to its start, and ``screen_slices`` cuts them all in one ``itemgetter`` call.
    Built length by length, in comprehensions: 150,000 pieces, 30 ms.

    Names up to ``SPELLED_OUT`` letters, by their one-letter deletions, each written from
    the letter deleted on (``name[i+1:] + name[:i]``) and the name itself: a name one letter
    longer than a key, less the letter added, is the key (so: each rotation of the key); as
    long, less the letter replaced or the first of two swapped, is the key less that letter
    (or less the second, with the first put in its place); one letter shorter, the name
    itself is the key less a letter.

    Longer names, by pigeonhole: with ``cut`` (``screen_cut``) and ``rest = size - 1 - cut``,
    an edit in a key's last letters leaves its first ``rest`` letters at the start of the
    name, one in its first letters its last ``rest`` letters at the end, and one between
    its first ``cut`` and last ``cut`` letters both of those (written as tail, then head).
    For a key as long as the name, start and end are one letter shorter than they need be,
    which covers a swap across a boundary too; a key one letter longer or shorter has the
    slack it needs."""
    found: set[str] = set()
    shorter, same, longer = (by_length.get(size + d, ()) for d in (-1, 0, 1))
    if size <= SPELLED_OUT:
        for i in range(size):
            found.update([k[i:] + k[:i] for k in shorter])
            found.update([k[i + 1 :] + k[:i] for k in same])
            if i < size - 1:
                found.update([k[i] + k[i + 2 :] + k[:i] for k in same])
            found.update([k[:i] + k[i + 1 :] for k in longer])
        found.update([k[:size] for k in longer])  # the last letter deleted
        return frozenset(found)
    cut = screen_cut(size)
    rest = size - 1 - cut
    for keys in (shorter, same, longer):
        found.update([k[:rest] for k in keys])
        found.update([k[-rest:] for k in keys])
        found.update([k[-cut:] + k[:cut] for k in keys])
    return frozenset(found)


def screen_slices(size: int) -> tuple[slice, ...]:
    """The slices of ``name + name`` that cut a name of ``size`` letters into the pieces of
    ``screen_known`` (at least two, so that ``itemgetter`` gives a tuple)."""
    whole = slice(0, size)
    if size < MIN_DELETE_KEY:
        return (whole, whole)  # only keys one letter longer can be near
    if size <= SPELLED_OUT:
        return (whole, *(slice(i + 1, i + size) for i in range(size)))
    cut = screen_cut(size)
    rest = size - 1 - cut
    return (slice(0, rest), slice(size - rest, size), slice(size - cut, size + cut))


def screen_cut(size: int) -> int:
    """A third of the name: the start and end pieces are then two thirds of it less one
    letter, the tail and head together two thirds, all as long as can be at once."""
    return size // 3


Keys = str | tuple[str, ...]


def _add(table: dict[str, Keys], variant: str, key: str) -> None:
    found = table.get(variant)
    if found is None:
        table[variant] = key
    elif type(found) is str:
        if found != key:
            table[variant] = (found, key)
    elif key not in found:
        table[variant] = (*found, key)


def _folds(names: dict[str, list[Target]]) -> dict[str, list[Target]]:
    """``ascii_fold`` of each key → the targets of every key that folds so, in the order of
    ``names``. Most folds are one key's: that key's list serves both maps (a million keys of
    a ``--brands`` list, 90 MB), and a fold shared by several keys gets a list of its own."""
    folds: dict[str, list[Target]] = {}
    own: set[str] = set()
    for key, targets in names.items():
        fold = ascii_fold(key)
        found = folds.get(fold)
        if found is None:
            folds[key if fold == key else fold] = targets
        elif fold in own:
            found.extend(targets)
        else:
            folds[fold] = [*found, *targets]
            own.add(fold)
    return folds


def main_domain(brand: Brand) -> str:
    """The registrable form of a brand's first domain (the domain itself when it is a public
    suffix, as gov.uk is)."""
    first = brand.domains[0]
    plain = split_plain(first) if "xn--" not in first else None
    parts = DomainParts(*plain) if plain is not None else split_host(first)
    return parts.registrable if parts.name else first


def slips_of(key: str) -> set[str]:
    """The slips of a key: each letter doubled, each pair of neighbours swapped, each letter
    replaced by a neighbouring key."""
    found = {key[: i + 1] + key[i:] for i in range(len(key))}
    found.update(
        key[:i] + key[i + 1] + key[i] + key[i + 2 :]
        for i in range(len(key) - 1)
        if key[i] != key[i + 1]
    )
    for i, char in enumerate(key):
        found.update(key[:i] + other + key[i + 1 :] for other in neighbours_of(char))
    found.discard(key)
    return found


def doubled(key: str) -> set[str]:
    """Each letter of a short key doubled: ``fazz``, ``faaz``, ``ffaz``."""
    return {key[: i + 1] + key[i:] for i in range(len(key))}


def deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _suffix_counts(groups: Iterable[Iterable[Target]]) -> dict[str, int]:
    """Listed domains per top-level suffix, a private suffix (eu.com) counted as itself."""
    private = private_suffixes()
    counts: dict[str, int] = {}
    for targets in groups:
        for target in targets:
            suffix = target.suffix
            if suffix not in private:
                suffix = suffix.rsplit(".", 1)[-1]
            counts[suffix] = counts.get(suffix, 0) + 1
    return counts
