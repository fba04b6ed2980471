"""The scoring model: a match's points, as a readable sum of fitted integer points.

A candidate match (``techniques.Match``) is described by features of eight kinds:

- ``technique``: the variant (``swap``, ``typo-slip``, ``homoglyph-ascii``, ``combo-own`` …);
- ``length``: of the imitated name (2–3, 4, 5–6, 7–9, 10+ letters): short names have many
  innocent neighbours;
- ``target``: what is imitated (a curated brand or your ``--brands``, a known news outlet, a
  popular domain, a platform);
- ``suffix``: the look-alike's suffix seen from the brand (``markets.SuffixClass``; its own
  suffix weighed apart for curated brands and listed sites); ``suffix-use``: where few
  known sites use the suffix;
- ``shared``: how many other known names contain the imitated one (``BrandIndex.shared``),
  where any do; ``spread``: where listed sites of several owners hold the name; ``dressed``:
  for a name with a news word or a number, where known names already carry the imitated one
  so (abc15 beside abc7 and abcnews: ``BrandIndex.dressed``).

Each feature value has integer points in ``data/weights.tsv``, fitted by
``scripts/fit_weights.py`` (a logistic regression on labelled real data, 10 points per unit of
log-odds, so that a sum of 40 is even odds and 70 is 20 to 1). The points become up to three
reasons: the technique's (base + technique + length + target, its sentence naming the
technique and the brand), the suffix's and the shared name's; their sum is the score.
"""

from __future__ import annotations

import functools
from importlib import resources

from threadscope.assessment import techniques
from threadscope.assessment.index import BrandIndex, Target
from threadscope.assessment.markets import (
    SuffixClass,
    market_of_suffix,
    private_suffixes,
    suffix_class,
)
from threadscope.assessment.newswords import OUTLET_CATEGORIES
from threadscope.assessment.signals import abused_tld
from threadscope.models import LOOKALIKE_THRESHOLD, SUSPICIOUS_THRESHOLD, Reason

POINTS_PER_LOGIT = 10
"""The fit's scale: 10 points per unit of log-odds."""
RARE_SUFFIX = 5
COMMON_SUFFIX = 30
"""Listed sites (outlets, popular domains, brands) under a suffix: fewer than 5 is a suffix
where almost no known site lives (.ltd .cfd .frl .wf), 30 or more one that many do (.io .tv
.in .co). Clone campaigns buy where no one they imitate lives."""
SUFFIX_USE = "suffix-use"
SHORT_NAME = 4
"""Names this short (bbc, cnn, wto, ndtv) are weighed against ``crowded``."""
CROWDED = 6
"""Listed names of ``SHORT_NAME`` letters or fewer under a suffix from which it counts as
crowded with short names (.io .to .tv .co .in .me, the big country codes): nearly every short
name there is someone's service or link domain (lnk.to, wto.to, cnn.io), so the same short
name there is weak evidence. Clone campaigns' short-name suffixes (.pe .frl .ws .ltd) hold
few."""
MEMO_SIZE = 200_000
"""Remembered (target, variant, suffix) combinations before the memo starts afresh."""
MIN_LISTED = 1000
"""A registry this small (curated brands alone, a test's) says nothing about which suffixes
known sites use: ``suffix-use`` is left out."""

# Reason codes of the suffix and shared-name reasons.
SAME_SUFFIX = "same-suffix"
SUFFIX_SLIP = "suffix-slip"
PRIVATE_SUFFIX = "private-suffix"
GENERIC_CCTLD = "generic-cctld"
OWN_MARKET = "own-market"
OTHER_MARKET = "other-market"
LEGACY_GTLD = "legacy-gtld"
NONPROFIT = "nonprofit-suffix"
RESTRICTED = "restricted-suffix"
NEW_GTLD = "new-gtld"
COMMON_NAME = "common-name"
SPREAD_NAME = "spread-name"
CROWDED_SUFFIX = "crowded-suffix"
DRESSED_NAME = "dressed-name"
DRAWN_BRAND = "drawn-brand"
NEWS_WORD_BRAND = "news-word-brand"
CREDENTIAL_BRAND = "credential-word-brand"


def use_key(suffix: str) -> str:
    """What ``BrandIndex.suffix_use`` counts: the top-level label (.com.pl is a Polish name
    like .pl), but a private suffix whole (eu.com is no .com)."""
    if suffix in private_suffixes():
        return suffix
    return suffix.rsplit(".", 1)[-1]


def length_bucket(key: str) -> str:
    size = len(key)
    if size <= 3:
        return "2-3"
    if size == 4:
        return "4"
    if size <= 6:
        return "5-6"
    return "7-9" if size <= 9 else "10+"


def target_class(target: Target) -> str:
    brand = target.brand
    if brand.category == "platform":
        return "platform"
    if brand.tier == 1:
        return "curated"
    return "outlet" if brand.category == "news" else "popular"


def shared_bucket(count: int) -> str:
    if count == 0:
        return "none"
    return "few" if count <= 4 else "many"


SAME_NAME = frozenset({"swap", "swap-appended"})
"""Variants that show the brand's name itself."""
DISPLAY_NAME = frozenset({"homoglyph-unicode", "homoglyph-display"})
"""Variants that display as the brand's name: letters of other scripts, digits for letters,
rn for m."""
WITH_NAME = frozenset(
    {"combo-own", "combo-word", "combo-credential", "combo-other", "missing-dot"}
)
"""Variants that show the brand's name whole, with something added; the others (typos, ASCII
look-alike letters, a hyphen wedged in) show a name one edit from it. Length and target are
weighed apart for the four families: a short name swapped to a cheap suffix is a
Doppelganger favourite (faz.ltd), a short name one letter off is most often another outlet
(ktla, ktka), a short name with a number is a local station (abc15, cbs8)."""


DRAWN_FLOOR = "floor:drawn"
NEWS_WORD_FLOOR = "floor:news-word"
CREDENTIAL_FLOOR = "floor:credential"
FLOORS = {
    DRAWN_FLOOR: LOOKALIKE_THRESHOLD,
    NEWS_WORD_FLOOR: SUSPICIOUS_THRESHOLD,
    CREDENTIAL_FLOOR: SUSPICIOUS_THRESHOLD,
}
"""Three patterns of clone campaigns and phishing that no fitted sum may talk down, each a
verdict it is at least: a curated brand's name drawn in look-alike letters (rnicrosoft,
we1t, wеlt) is a look-alike; a curated outlet's name with a news word, an article or a number
(welt-news, spiegel24, derspiegel) is suspicious, however many other names contain it; so is
a curated brand's or platform's name with a credential word (github-login, paypal-verify,
spiegel-account). The fitted points cannot say this: the tuning data holds few such names,
and the news list's outlets with numbers and news words (abc15, thetimesnews) pull the points
of the whole family down, as the platforms' own service domains of the top-10k
(microsoftonline, amazon-adsystem) pull down every name built on a platform's. Of the
news list's and the top-10k's 29,000 names, none writes a credential word beside a listed
brand's name with a hyphen but one (defense-update.com, where update is a news word); those
glued to one are the brands' own (adobelogin, windowsupdate, b2clogin), which is why a word
glued to a platform's name still counts for nothing (``index.distinctive``). Where the sum
falls short, a reason of its own adds the difference and says why."""
OUTLETS = OUTLET_CATEGORIES
"""Categories of outlets: curated news, broadcasters and agencies, the known-outlet tier
(news), and ``--brands`` entries, which the user protects. Outlets' names are what the news
words dress; a platform's or a popular site's (google-login, paypal-secure) is weighed
without ``dressed``, which the news list says nothing about."""

DRAWN = frozenset({"curated", "platform"})
"""Targets whose name drawn in look-alike letters is a look-alike under any suffix: from four
letters in ASCII (1tv is Channel One, not itv), at any length in other scripts (bbс)."""
UNICODE = frozenset({"homoglyph-unicode"})


def family(variant: str) -> str:
    if variant in SAME_NAME:
        return "same"
    if variant in DISPLAY_NAME:
        return "display"
    return "with" if variant in WITH_NAME else "edit"


_FAMILY: dict[str, str] = {}
"""``family`` of each variant seen, so that a bulk run computes each once."""


def features(match: techniques.Match, suffix: str, index: BrandIndex) -> tuple[str, ...]:
    """The feature values of a match, as ``kind:value`` keys of the points table: one each of
    technique, length, target and suffix, and ``suffix-use``, ``shared`` and ``spread`` where
    they apply."""
    target = match.target
    variant = match.variant
    near = _FAMILY.get(variant)
    if near is None:
        near = _FAMILY[variant] = family(variant)
    kind = suffix_class(suffix, target.suffix, target.brand.country)
    aimed = target_class(target)
    shown = match.shown or target.key
    if near == "display" and aimed in DRAWN and (len(shown) > SHORT_NAME - 1 or variant in UNICODE):
        # A curated brand's name drawn in look-alike letters (rnicrosoft, we1t, wеlt) is never
        # an accident: no suffix, shared or spread name weakens it.
        return (
            f"technique:{variant}",
            f"length:{length_bucket(shown)}:{near}",
            f"target:{aimed}:{near}",
            "suffix:any:display",
            DRAWN_FLOOR,
        )
    if kind is SuffixClass.SAME:
        if near == "display":
            suffix_feature = "suffix:same:display"  # g00gle.com: no namesake writes 0 for o
        elif near == "edit" and len(shown) < SHORT_NAME:
            suffix_feature = "suffix:same:short"  # zdff.de, bbcc.com: another site as often
        else:
            suffix_feature = "suffix:same:curated" if aimed == "curated" else "suffix:same:listed"
    else:
        suffix_feature = f"suffix:{kind.value}"
    found: tuple[str, ...] = (
        f"technique:{variant}",
        f"length:{length_bucket(shown)}:{near}",
        f"target:{aimed}:{near}",
        suffix_feature,
    )
    if kind is not SuffixClass.SAME and index.size >= MIN_LISTED:
        used = use_key(suffix)
        use = index.suffix_use.get(used, 0)
        if use < COMMON_SUFFIX:
            found += ("suffix-use:rare" if use < RARE_SUFFIX else "suffix-use:some",)
        if (
            len(shown) <= SHORT_NAME
            and near != "with"
            and index.short_use.get(used, 0) >= CROWDED
        ):
            found += ("crowded:short",)
    shared = index.shared(target.key)
    if shared:
        found += (f"shared:{shared_bucket(shared)}:{near}",)
    if _spread(index, target):
        found += ("spread:several",)
    if variant == "combo-credential":
        if target.brand.tier == 1 and kind is not SuffixClass.RESTRICTED:
            found += (CREDENTIAL_FLOOR,)
    elif variant == "combo-word" and target.brand.category in OUTLETS:
        if target.key in index.dressed:
            found += ("dressed:with",)
        elif _sibling_dressed(index, target) is not None:
            found += (DRESSED_SIBLING,)
        elif aimed == "curated" and kind is not SuffixClass.RESTRICTED:
            found += (NEWS_WORD_FLOOR,)
    return found


DRESSED_SIBLING = "dressed:sibling"
"""A combination on one of a brand's names when known sites carry another of its names with a
news word or a number: abcnews4 while abc7 and abc15 are known. A network's stations and
namesakes dress each of its names so (abcnews4 is Charleston's ABC station); the next one is
as likely another of them. Weighed as ``dressed:with``, said with the name that is dressed."""


def _sibling_dressed(index: BrandIndex, target: Target) -> str | None:
    """The first other name of ``target``'s brand that known sites dress, or None."""
    dressed = index.dressed
    for domain in target.brand.domains:
        other = Target.of(domain, target.brand)
        if other is not None and other.key != target.key and other.key in dressed:
            return other.key
    return None


def _spread(index: BrandIndex, target: Target) -> bool:
    """Several listed sites of different owners hold the name (delfi.lv, delfi.ee; the
    mirrors of a site that hops suffixes): one more suffix is as likely another of them."""
    holders = index.names.get(target.key, ())
    if len(holders) < 2:
        return False
    first = holders[0].brand.name
    return any(other.brand.name != first for other in holders[1:])


@functools.cache
def points_table() -> dict[str, int]:
    """``feature → points`` from ``data/weights.tsv``."""
    text = resources.files("threadscope.data").joinpath("weights.tsv").read_text("utf-8")
    table: dict[str, int] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            feature, points, *_ = line.split("\t")
            table[feature] = int(points)
    return table


MemoKey = tuple[Target, str, str, str]
"""What ``points`` and ``reasons`` remember an answer by (``BrandIndex.memo``, ``said``)."""


def memo_key(match: techniques.Match, suffix: str) -> MemoKey:
    """The target by value, not by ``id``: the answers depend on its fields alone, and an id
    names an object only while it lives. A target made for one look-up is freed after it and
    the next one made may get its id (miningweekly.com.net was given epicgames' reasons).
    Not its key and domain alone: a ``--brands`` entry may list a curated brand's domain.
    Hashing a target hashes its brand too (``Brand.__hash__``, Python even in a compiled
    build): half a microsecond a look-up, some 20 ms of CPU for the bench's 50,000 names
    (12,000 candidates); a hit on the index's own target then compares by identity."""
    return match.target, match.variant, match.shown, suffix


def points(match: techniques.Match, suffix: str, index: BrandIndex) -> tuple[int, tuple[str, ...]]:
    """The match's total points and its features (``reasons`` turns them into sentences,
    for the one match that is kept). Remembered per target, variant, shown name and suffix
    (``memo_key``): a bulk run meets the same few thousand combinations again and again."""
    memo = index.memo
    key = memo_key(match, suffix)
    known = memo.get(key)
    if known is not None:
        return known
    table = points_table()
    found = features(match, suffix, index)
    total = table["base"]
    for feature in found:
        total += table.get(feature, 0)
    total = floored(total, found)
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = total, found
    return total, found


def floored(total: int, found: tuple[str, ...]) -> int:
    """The sum raised to the verdict a pattern in ``FLOORS`` is at least (its last feature)."""
    floor = FLOORS.get(found[-1])
    return floor if floor is not None and total < floor else total


def reasons(
    match: techniques.Match, suffix: str, index: BrandIndex, found: tuple[str, ...]
) -> list[Reason]:
    """The readable sum: the technique's reason (base + technique + length + target), then
    the suffix's and the name's where they have points. All but the technique's sentence
    depend only on what ``points`` remembers a match by, and are remembered the same way:
    the few thousand combinations of a bulk run share their sentences."""
    memo = index.said
    key = memo_key(match, suffix)
    known = memo.get(key)
    if known is None:
        known = _main_and_rest(match.target, suffix, index, found)
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[key] = known
    main, rest = known
    return [Reason(match.code, main, match.detail), *rest]


def _main_and_rest(
    target: Target, suffix: str, index: BrandIndex, found: tuple[str, ...]
) -> tuple[int, tuple[Reason, ...]]:
    """The technique reason's points, and the reasons after it."""
    table = points_table()
    technique, length, aimed, kind, *features = found
    main = table["base"] + table[technique] + table[length] + table[aimed]
    listed: list[Reason] = []
    suffix_points = table.get(kind, 0)
    if suffix_points:
        listed.append(_suffix_reason(kind, suffix, target, suffix_points))
    for feature in features:
        floor = FLOORS.get(feature)
        if floor is not None:
            shortfall = floor - main - sum(reason.points for reason in listed)
            if shortfall > 0:
                listed.append(_floor_reason(feature, target, shortfall))
            continue
        extra = table.get(feature, 0)
        if extra:
            listed.append(_name_reason(feature, target, suffix, index, extra))
    return main, tuple(listed)


def _floor_reason(feature: str, target: Target, points: int) -> Reason:
    name, domain = target.key, target.domain
    if feature == DRAWN_FLOOR:
        detail = (
            f"{name} ({domain}) drawn in look-alike letters is never an accident: a look-alike "
            "under any suffix"
        )
        return Reason(DRAWN_BRAND, points, detail)
    if feature == CREDENTIAL_FLOOR:
        detail = (
            f"a brand's name with a credential word is how phishing and spyware lures name "
            f"their domains (paypal-login, whatsapp-update): at least suspicious for {domain}"
        )
        return Reason(CREDENTIAL_BRAND, points, detail)
    detail = (
        f"an outlet's name with a news word, article or number is how clone campaigns dress "
        f"their domains (welt-news, spiegel24, derspiegel): at least suspicious for {domain}"
    )
    return Reason(NEWS_WORD_BRAND, points, detail)


def score(match: techniques.Match, suffix: str, index: BrandIndex) -> tuple[int, list[Reason]]:
    """The match's reasons and their sum."""
    total, found = points(match, suffix, index)
    return total, reasons(match, suffix, index, found)


def _name_reason(
    feature: str, target: Target, suffix: str, index: BrandIndex, points: int
) -> Reason:
    key = target.key
    if feature.startswith("suffix-use:"):
        used = use_key(suffix)
        count = index.suffix_use.get(used, 0)
        detail = (
            f"{'no' if not count else f'only {count}'} known outlet{'s' if count != 1 else ''} "
            f"or popular site{'s' if count != 1 else ''} use{'s' if count == 1 else ''} .{used}"
        )
        return Reason(SUFFIX_USE, points, detail)
    if feature.startswith("crowded:"):
        used = use_key(suffix)
        count = index.short_use.get(used, 0)
        detail = (
            f"{count} known sites with names of {SHORT_NAME} letters or fewer use .{used}: a "
            f"name as short as {key} there is most often someone's own"
        )
        return Reason(CROWDED_SUFFIX, points, detail)
    if feature.startswith("shared:"):
        count = index.shared(key)
        detail = (
            f"{key} is part of {count} other known name{'s' if count > 1 else ''}, so a name "
            "built on it is often another site's"
        )
        return Reason(COMMON_NAME, points, detail)
    if feature == DRESSED_SIBLING:
        other = _sibling_dressed(index, target) or key
        detail = (
            f"other known sites already carry {other}, {target.brand.name}'s other name, with "
            f"a news word or a number, as a network's stations and namesakes do: {key} with "
            "one is as likely another of them"
        )
        return Reason(DRESSED_NAME, points, detail)
    if feature.startswith("dressed:"):
        detail = (
            f"other known sites already carry {key} with a news word or a number, so one "
            "more such name is as likely another outlet of the kind"
        )
        return Reason(DRESSED_NAME, points, detail)
    holders = sorted({t.domain for t in index.names[key]})
    shown = ", ".join(holders[:3]) + (" …" if len(holders) > 3 else "")
    detail = f"{key} is held by several listed sites ({shown}), so one more may be another"
    return Reason(SPREAD_NAME, points, detail)


def _suffix_reason(kind: str, suffix: str, target: Target, points: int) -> Reason:
    value = SuffixClass(kind.split(":")[1])
    if value is SuffixClass.ABUSED:
        reason = abused_tld(suffix, with_brand=True)
        if reason is not None:
            return Reason(reason.code, points, reason.detail)
    code, detail = _SUFFIX_DETAILS[value]
    brand = target.brand.name
    if value is SuffixClass.OTHER_MARKET and not _market(target):
        detail = _NO_MARKET_DETAIL  # Reuters, NATO: no country whose code is "theirs"
    market = f" ({target.brand.country})" if target.brand.country else ""
    return Reason(
        code, points, detail.format(suffix=suffix, brand=brand, market=market, own=target.suffix)
    )


def _market(target: Target) -> str | None:
    return target.brand.country or market_of_suffix(target.suffix)


_NO_MARKET_DETAIL = (
    ".{suffix} is a country's code, and {brand} has no country of its own: outlets in "
    "different countries share names"
)
_SUFFIX_DETAILS = {
    SuffixClass.SAME: (SAME_SUFFIX, "it keeps {brand}'s own suffix .{suffix}"),
    SuffixClass.SLIP: (
        SUFFIX_SLIP,
        ".{suffix} is {brand}'s own suffix .{own} with a letter dropped: a slip in typing its "
        "address that typosquatters register (.cm and .om for .com)",
    ),
    SuffixClass.ABUSED: ("abused-tld", "the suffix .{suffix} has a record of abuse"),
    SuffixClass.PRIVATE: (
        PRIVATE_SUFFIX,
        ".{suffix} is a name a company sells as if it were a suffix, not a country's",
    ),
    SuffixClass.GENERIC_CC: (
        GENERIC_CCTLD,
        ".{suffix} is a country code sold worldwide as a generic name",
    ),
    SuffixClass.OWN_MARKET: (
        OWN_MARKET,
        ".{suffix} serves {brand}'s own market{market}, where outlets hold their names",
    ),
    SuffixClass.OTHER_MARKET: (
        OTHER_MARKET,
        ".{suffix} is another country's code than {brand}'s: outlets in different countries "
        "share names",
    ),
    SuffixClass.LEGACY: (LEGACY_GTLD, ".{suffix} is a classic generic suffix"),
    SuffixClass.NONPROFIT: (
        NONPROFIT,
        ".{suffix} is where associations, public media and non-profit newsrooms live",
    ),
    SuffixClass.RESTRICTED: (
        RESTRICTED,
        ".{suffix} is registered only to vetted institutions (governments, universities), "
        "not to whoever pays",
    ),
    SuffixClass.NEW_GTLD: (
        NEW_GTLD,
        ".{suffix} is one of the new generic suffixes, open to anyone",
    ),
}
