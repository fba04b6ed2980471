"""Evidence that does not depend on a brand: the suffix's record, evasions, IP hosts, ports."""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

from threadscope.assessment.confusables import scripts
from threadscope.models import Reason

# Evasions recorded on a Link by ``threadscope.links``, as evidence. Defanging is what
# researchers do to make links unclickable, so it earns no points, but it is still said.
_EVASIONS: dict[str, tuple[int, str]] = {
    "unicode-compat": (
        20,
        "is written in Unicode look-alike letters or dots (such as mathematical bold, or the "
        "ideographic full stop 。) that display like ordinary ones and fold to them",
    ),
    "zero-width": (25, "contains invisible zero-width characters that break up the name"),
    "bidi-control": (30, "contains bidirectional control characters that reorder the text"),
    "punycode": (10, "is written in punycode (xn--), which hides how the name really displays"),
    "defanged": (0, "was defanged (hxxp, [.]) as researchers do; not suspicious by itself"),
    "userinfo": (35, "puts text before an @ in the address, which browsers skip over"),
    "percent-encoded": (
        20,
        "writes its host in percent-escapes (%77elt for welt), which browsers decode and "
        "readers and filters do not",
    ),
    "ip-spelling": (
        20,
        "writes an IP address as one number or in hex or octal (such as 2130706433 or 0x7f.1 "
        "for 127.0.0.1), a spelling browsers accept and readers and filters do not recognise",
    ),
}

ABUSED_TLD_POINTS = 10
ABUSED_TLD_WITH_BRAND_POINTS = 20
"""A brand's name under a suffix known for abuse is a stronger sign than either alone."""
IP_HOST_POINTS = 30
PORT_POINTS = 10
MIXED_SCRIPT_POINTS = 15
SHOWN_ELSEWHERE_CODE = "shown-elsewhere"
SHOWN_ELSEWHERE_POINTS = 40
"""A link shown as one site while it goes to another: a link card's ``From welt.de`` over a
link to welt.ltd, an anchor or Markdown label ``welt.de/politik/x`` over the same. Set as
the card mismatch a followed link earns (``enrich.evidence.CARD_MISMATCH``): the same
deceit, seen before following. Hand-set, not fitted: the look-alike model's table
(``data/weights.tsv``) scores names, and no labelled name carries what it was shown as."""


@functools.cache
def abused_suffixes() -> dict[str, str]:
    """Suffix → where its record of abuse comes from (``data/abused-tlds.tsv``)."""
    text = resources.files("threadscope.data").joinpath("abused-tlds.tsv").read_text("utf-8")
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            suffix, _, source = line.partition("\t")
            found[suffix.strip()] = source.strip()
    return found


_SOURCES = {
    "spamhaus": "Spamhaus's most-abused TLD listings",
    "interisle": "Interisle's phishing landscape reports",
    "doppelganger": "the Doppelganger campaign's clone sites",
}


@functools.lru_cache(maxsize=4096)
def abused_tld(suffix: str, *, with_brand: bool) -> Reason | None:
    """``with_brand``: the name also imitates a curated brand."""
    source = abused_suffixes().get(suffix)
    if source is None:
        return None
    named = " and ".join(_SOURCES.get(s, s) for s in source.split(","))
    points = ABUSED_TLD_WITH_BRAND_POINTS if with_brand else ABUSED_TLD_POINTS
    return Reason("abused-tld", points, f"the suffix .{suffix} has a record of abuse ({named})")


def evasion(code: str, hidden: str = "") -> Reason:
    """The reason for one evasion; ``hidden`` names the invisible characters a ``zero-width``
    or ``bidi-control`` link holds, so a reader can find them (``U+E0041 TAG LATIN CAPITAL
    LETTER A``): the link shows as if they were not there."""
    points, detail = _EVASIONS.get(code, (10, f"disguised ({code})"))
    if hidden:
        detail = f"{detail}: {named_characters(hidden)}"
    return Reason(code, points, f"the link {detail}")


_MAX_NAMED = 4


def named_characters(chars: str) -> str:
    """``U+200B ZERO WIDTH SPACE, U+E0041 TAG LATIN CAPITAL LETTER A``: code points and
    Unicode names (reserved code points have none), the first few and how many more."""
    names = [
        f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip() for char in chars[:_MAX_NAMED]
    ]
    more = len(chars) - _MAX_NAMED
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def mixed_script(name: str) -> Reason | None:
    found = scripts(name)
    if len(found) < 2:
        return None
    listed = " and ".join(s.title() for s in found)
    return Reason(
        "mixed-script", MIXED_SCRIPT_POINTS, f"the name mixes {listed} letters, as spoofs do"
    )


def ip_host(host: str) -> Reason:
    return Reason(
        "ip-host", IP_HOST_POINTS, f"the link points at a bare IP address ({host}), not a name"
    )


def port(number: int) -> Reason:
    return Reason("port", PORT_POINTS, f"the link names an unusual port ({number})")


def shown_elsewhere(shown: str, goes_to: str, *, card: bool, shortener: str = "",
                    wrapper: str = "") -> Reason:
    """The link is shown as ``shown`` (a card's domain, a label's text) and goes to the
    registrable domain ``goes_to``, another site; through ``shortener`` when a shortener's
    link was followed to find out where it lands (``enrich.evidence.shown_reasons``), through
    ``wrapper``'s redirect when it is a redirect wrapper that names ``goes_to`` in itself
    (``l.facebook.com/l.php?u=…``: ``shorteners.leads``)."""
    link = "the link card shows" if card else "the link shows"
    but = "but the link" if card else "but"
    if shortener:
        detail = f"{link} {shown} {but} goes through the shortener {shortener} to {goes_to}"
    elif wrapper:
        detail = f"{link} {shown} {but} goes through {wrapper}'s redirect to {goes_to}"
    else:
        detail = f"{link} {shown} {but} goes to {goes_to}"
    return Reason(SHOWN_ELSEWHERE_CODE, SHOWN_ELSEWHERE_POINTS, detail)
