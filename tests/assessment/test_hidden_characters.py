"""An invisible character never makes a look-alike read as benign or as another host.

Inserted anywhere in a known look-alike, written bare, as a URL or pasted as one target, it
gives the same registrable domain and a verdict at least as strong (the evasion adds points).
A character that made the host unusable would have to be a per-link error (verdict
``invalid``, with its ``error``), never a silent split into another host; none does: the host
is the one a reader sees, the character named in a reason.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.assessment import BrandRegistry
from threadscope.assessment.core import assess
from threadscope.links import extract_links
from threadscope.links.fold import BIDI_CONTROL, INVISIBLE, SELECTORS, ZERO_WIDTH
from threadscope.links.hosts import decode_label
from threadscope.models import Assessment, Verdict

LOOKALIKES = (
    "welt.ltd",
    "bild.ltd",
    "20minutes.ltd",
    "t-online.ltd",
    "wasbingtonpost.com",
    "foxnews.com.co",
    "wеlt.de",  # Cyrillic е
    "xn--wlt-rdd.de",
    "tagesspiegel.de-news.info",
    "pravda.com.ua.ltd",
    "bbc-news.co.uk",
)
HIDDEN = sorted(ZERO_WIDTH | BIDI_CONTROL | INVISIBLE | {"\U000e0000"}) + [
    chr(code) for code in (*range(0xFE00, 0xFE10), *range(0xE0001, 0xE0080, 7), 0xE0100, 0xE01EF)
]
assert set(HIDDEN) <= ZERO_WIDTH | BIDI_CONTROL | INVISIBLE | SELECTORS
FORMS = ("{}", "siehe {} heute", "https://{}/a?b=1", "hxxps://{}/a")
_RANK = {
    Verdict.INVALID: 0,
    Verdict.BENIGN: 1,
    Verdict.OFFICIAL: 1,
    Verdict.SUSPICIOUS: 2,
    Verdict.LOOKALIKE: 3,
}


def _unicode(domain: str | None) -> str:
    """A pasted ASCII name keeps its punycode (``xn--wlt-rdd.de``), a link shows it decoded."""
    assert domain
    return ".".join(decode_label(label) for label in domain.split("."))


def _never_weaker(hidden: Assessment, plain: Assessment) -> None:
    if hidden.verdict is Verdict.INVALID:
        assert hidden.error  # a per-link error, said
        return
    assert _unicode(hidden.registrable_domain) == _unicode(plain.registrable_domain)
    assert _RANK[hidden.verdict] >= _RANK[plain.verdict]
    assert hidden.score >= plain.score
    assert {"zero-width", "bidi-control"} & {reason.code for reason in hidden.reasons}


@pytest.mark.parametrize("host", LOOKALIKES)
def test_the_plain_hosts_are_flagged(host: str, registry: BrandRegistry) -> None:
    assert assess(host, registry).verdict.flagged


@settings(max_examples=400, deadline=None)
@given(
    host=st.sampled_from(LOOKALIKES),
    form=st.sampled_from(FORMS),
    chars=st.lists(st.sampled_from(HIDDEN), min_size=1, max_size=3),
    data=st.data(),
)
def test_an_invisible_character_never_weakens_a_lookalike(
    host: str, form: str, chars: list[str], data: st.DataObject, registry: BrandRegistry
) -> None:
    written = host
    for char in chars:
        # strictly inside the host: before its first or after its last character the
        # character is outside the link, which is then found without it
        at = data.draw(st.integers(1, len(written) - 1))
        written = written[:at] + char + written[at:]
    plain_text, text = form.format(host), form.format(written)
    plain = assess(extract_links(plain_text)[0], registry)
    [link] = extract_links(text)  # one link, not a split into two or a shorter one
    _never_weaker(assess(link, registry), plain)
    if form == "{}":
        _never_weaker(assess(text, registry), assess(plain_text, registry))  # a pasted target
