"""Suffixes seen from a brand: its own market, a country code sold as generic, a new suffix …

The same name under another suffix means different things. Under the country code of the
brand's own market it is most often the brand's or a local namesake's (companies hold their
name in their own market); under another country's code it is most often another outlet
(gazeta.pl, gazeta.ru; delfi.lv, delfi.ee); under a country code that its registry sells
worldwide as a generic name (.in .pe .cx .wf .fm .bz) or a suffix with a record of abuse it
is what clone campaigns buy. ``suffix_class`` names the case; the points for each come from
the fitted table (``model``).
"""

from __future__ import annotations

import enum
import functools

from threadscope.assessment.signals import abused_suffixes
from threadscope.assessment.suffixes import suffix_lists


class SuffixClass(enum.Enum):
    SAME = "same"
    """The brand's own suffix (a typo that keeps it: welr.de)."""
    SLIP = "slip"
    """The brand's own suffix with one letter dropped, where that is a suffix too (reuters.cm,
    bloomberg.om, bloomberg.co for .com; .ne and .et for .net): a slip in typing the
    brand's own address, the typosquatting that the .cm and .om registries live off."""
    ABUSED = "abused"
    """On ``data/abused-tlds.tsv`` (Spamhaus, Interisle, the Doppelganger sites)."""
    PRIVATE = "private"
    """A name a company sells as if it were a suffix (eu.com, co.com, uk.net): the Public
    Suffix List's private section."""
    GENERIC_CC = "generic-cc"
    """A country code sold worldwide as a generic name (``GENERIC_CCTLDS``)."""
    OWN_MARKET = "own-market"
    """The country code of the brand's own market."""
    OTHER_MARKET = "other-market"
    """The country code of another market."""
    LEGACY = "legacy"
    """.com .net .info and the other generic suffixes of before 2012."""
    NONPROFIT = "nonprofit"
    """.org: associations, public media and non-profit newsrooms."""
    RESTRICTED = "restricted"
    """Registered only to vetted institutions (.gov .edu .mil .int, gov.uk, ac.uk, gouv.fr):
    no clone campaign can buy a name there."""
    NEW_GTLD = "new-gtld"
    """Any other generic suffix (.agency .frl .media .day): open to anyone."""


GENERIC_CCTLDS = frozenset(
    # Google Search Central's list of "generic country-code top-level domains", which Google
    # treats as generic because they are used and sold as such:
    "ad as bz cc cd co dj fm io la me ms nu sc sr su tv tk ws "
    # registries that sell to anyone worldwide and market the code as a word or a generic
    # name (AFNIC's overseas codes open to all EU residents, .in's open registration,
    # domain hacks .ly .to .sh .ac .gg .ai .cx .li .pe .re); the Freenom codes (.ml .ga .cf
    # .gq); .pw sold as "professional web".
    "ac ai cf cx ga gg gq gs im in je ky li ly mn mu nf pe pm pw re sh so st tf tl to vc "
    "vg wf yt".split()
)
LEGACY_GTLDS = frozenset(
    "com net info biz edu gov int mil mobi name aero coop museum jobs travel tel asia cat "
    "post xxx arpa".split()
)
EU_MARKETS = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
"""Members of the European Union, whose outlets may hold .eu as a name of their market."""
COUNTRY_ALIASES = {"uk": "UK", "gb": "UK"}
"""brands.tsv writes UK for the United Kingdom, whose code is .uk (and the unused .gb)."""


def market_of_suffix(suffix: str) -> str | None:
    """The country whose market a suffix serves (``co.uk`` → UK, ``de`` → DE); None for
    generic suffixes and for country codes sold as generic names."""
    last = suffix.rsplit(".", 1)[-1]
    if len(last) != 2 or not last.isalpha() or last in GENERIC_CCTLDS:
        return None
    if suffix in private_suffixes():
        return None
    return COUNTRY_ALIASES.get(last, last.upper())


@functools.cache
def private_suffixes() -> frozenset[str]:
    """The Public Suffix List's private section, from tldextract's bundled snapshot."""
    return suffix_lists()[1]


@functools.lru_cache(maxsize=8192)
def suffix_class(suffix: str, brand_suffix: str, brand_market: str | None) -> SuffixClass:
    """What ``suffix`` is for a brand registered under ``brand_suffix`` in ``brand_market``."""
    if suffix == brand_suffix:
        return SuffixClass.SAME
    own = brand_market or market_of_suffix(brand_suffix)
    if own is not None and _country_code(suffix) == own:
        return SuffixClass.OWN_MARKET  # .in for an Indian outlet, .co for a Colombian one
    if _restricted(suffix):
        return SuffixClass.RESTRICTED
    if suffix in dropped_letter(brand_suffix):
        return SuffixClass.SLIP
    if suffix in abused_suffixes():
        return SuffixClass.ABUSED
    if suffix in private_suffixes():
        return SuffixClass.PRIVATE
    last = suffix.rsplit(".", 1)[-1]
    if len(last) == 2:
        if last in GENERIC_CCTLDS:
            return SuffixClass.GENERIC_CC
        market = market_of_suffix(suffix)
        if market == "EU" and own in EU_MARKETS:
            return SuffixClass.OWN_MARKET
        return SuffixClass.OTHER_MARKET
    if last.startswith("xn--"):
        return SuffixClass.OTHER_MARKET  # internationalised country codes (.рф, .中国)
    if last == "org":
        return SuffixClass.NONPROFIT
    return SuffixClass.LEGACY if last in LEGACY_GTLDS else SuffixClass.NEW_GTLD


SLIPPED_SUFFIXES = frozenset({"com", "net"})
"""The brand suffixes whose one-letter slips were studied as typosquatting (below); under
others a dropped letter is mostly another market's or sector's suffix of its own (.edu → .eu,
.int → .it, .dev → .de, .mil → .il), which is not evidence of a slip."""


@functools.lru_cache(maxsize=1024)
def dropped_letter(brand_suffix: str) -> frozenset[str]:
    """The public suffixes that ``brand_suffix`` becomes with one letter dropped (com → co,
    cm, om; net → ne, et): where a hurried typist of the brand's address lands. Typosquatting
    studies name .cm and .om as the ccTLDs that live off .com typos (McAfee's Mapping the
    Mal Web 2009 on Cameroon's .cm; Endgame's 2016 study of .om, Oman, holding typo domains
    of hundreds of major brands); .co (Colombia) is the third. Only ``SLIPPED_SUFFIXES``."""
    if brand_suffix not in SLIPPED_SUFFIXES:
        return frozenset()
    public = suffix_lists()[0]
    dropped = {brand_suffix[:i] + brand_suffix[i + 1 :] for i in range(len(brand_suffix))}
    return frozenset(dropped & public)


RESTRICTED_TLDS = frozenset("gov edu mil int".split())
RESTRICTED_LABELS = frozenset("gov gouv gob govt gv go ac edu mil police nhs".split())
"""Top-level suffixes and country second levels (gov.uk, ac.uk, gouv.fr, gv.at, go.jp,
gob.mx) that registries give only to vetted public institutions and universities."""


def _restricted(suffix: str) -> bool:
    first, dot, last = suffix.partition(".")
    if not dot:
        return suffix in RESTRICTED_TLDS
    return first in RESTRICTED_LABELS and len(last) == 2


def _country_code(suffix: str) -> str | None:
    """The country whose code ends ``suffix``, generic-sold codes included (``in`` → IN);
    None for generic suffixes and private ones."""
    last = suffix.rsplit(".", 1)[-1]
    if len(last) != 2 or not last.isalpha() or suffix in private_suffixes():
        return None
    return COUNTRY_ALIASES.get(last, last.upper())


_NOT_APPENDED = (SuffixClass.OWN_MARKET, SuffixClass.OTHER_MARKET, SuffixClass.RESTRICTED)
"""Suffixes that are a country's own: its market (brand.com.au) or its government's
namespace (mfa.gov.kz beside mfa.gov.ua), never the brand's address with one appended."""


def spells_brand_suffix(suffix: str, brand_suffix: str, brand_market: str | None) -> bool:
    """``brand.com.co``, ``brand.gr.com``, ``brand.uk.net``: the brand's own address with a
    suffix appended, read at a glance as the brand's domain. Not a country's own second
    level (brand.com.au for brand.com is how outlets name themselves in Australia, mfa.gov.kz
    is Kazakhstan's ministry)."""
    first, dot, _ = suffix.partition(".")
    if not dot:
        return False
    if suffix_class(suffix, brand_suffix, brand_market) in _NOT_APPENDED:
        return False
    own = set(brand_suffix.split("."))
    if brand_market:
        own.update({brand_market.lower(), "uk" if brand_market == "UK" else ""} - {""})
    return first in own
