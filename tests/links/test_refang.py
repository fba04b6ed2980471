"""Refanging a defanged scheme only where it is a scheme.

``hxxp``, ``hxxps`` and ``fxp`` are how researchers write ``http``, ``https`` and ``ftp`` so
nobody clicks; they were once refanged wherever a link or domain started with those letters,
so ``fxpro.com`` was judged as ``ftpro.com`` and ``hxxpsnews.com`` as ``httpsnews.com``.
A scheme is refanged only when ``:`` or a defanged ``://`` (``[:]//``, ``[://]``, ``[:/]/``,
``(:)//``) follows it; the same rule holds in a post's text (``extract_links``) and in a
pasted target (``parse_target``), and so for a ``--brands`` domain."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.assessment.registry import parse_user_brands
from threadscope.links import extract_links, parse_target
from threadscope.models import Link

_SCHEMES = {"hxxp": "http", "hxxps": "https", "fxp": "ftp"}
_SEPARATORS = ("://", "[:]//", "[://]", "[:/]/", "(:)//", ":\\\\")
"""Every form of ``://`` a defanged link is found with, a browser's backslashes included."""
_SUFFIXES = ("com", "de", "net", "org", "ltd", "co.uk", "info")


def _any_case(word: str) -> st.SearchStrategy[str]:
    """``word`` with each letter in either case: ``hXXp``, ``FXP``, ``Hxxps``."""
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(word, upper, strict=True)))


_PREFIX = st.sampled_from(sorted(_SCHEMES)).flatmap(_any_case)
_REST = st.from_regex(r"[a-z0-9]{0,12}(-[a-z0-9]{1,8})?", fullmatch=True)
_SCHEME_LIKE_DOMAIN = st.builds(
    lambda prefix, rest, suffix: f"{prefix}{rest}.{suffix}",
    _PREFIX, _REST, st.sampled_from(_SUFFIXES))
"""A domain that merely starts with a defanged scheme's letters: ``fxpro.com``,
``hXXpsnews.de``, ``fxp.com``, ``hxxp-24.info``."""


def _only(text: str) -> Link:
    links = extract_links(text)
    assert len(links) == 1, links
    return links[0]


@pytest.mark.parametrize("domain", ["fxpro.com", "hxxpsnews.com", "HXXPnews.de", "fxp.com",
                                    "hxxp.example.com", "hxxps-daily.net"])
def test_a_domain_starting_like_a_scheme_is_judged_as_written(domain: str) -> None:
    link = parse_target(domain)
    assert link.host == domain.lower()
    assert link.url == f"https://{domain.lower()}/"
    assert link.evasions == ()
    found = _only(f"Quelle: {domain} (gestern)")
    assert (found.host, found.evasions) == (domain.lower(), ())


@given(_SCHEME_LIKE_DOMAIN)
@settings(max_examples=200, deadline=None)
def test_any_domain_starting_like_a_scheme_is_kept(domain: str) -> None:
    link = parse_target(domain)
    assert (link.host, link.evasions) == (domain.lower(), ())
    found = _only(f"siehe {domain} jetzt")
    assert (found.host, found.evasions) == (domain.lower(), ())


@given(
    st.sampled_from(sorted(_SCHEMES)).flatmap(lambda s: st.tuples(st.just(s), _any_case(s))),
    st.sampled_from(_SEPARATORS),
    _SCHEME_LIKE_DOMAIN,
)
@settings(max_examples=300, deadline=None)
def test_every_defanged_scheme_form_still_refangs(
    scheme: tuple[str, str], separator: str, domain: str
) -> None:
    """Whatever its case and its ``://``, and whatever host follows (one that itself starts
    with ``hxxp`` or ``fxp`` too), a defanged scheme is its real one."""
    defanged, written = scheme
    text = f"{written}{separator}{domain}/a"
    expected = f"{_SCHEMES[defanged]}://{domain.lower()}/a"
    link = parse_target(text)
    assert (link.url, link.host) == (expected, domain.lower())
    assert "defanged" in link.evasions
    found = _only(f"Beleg: {text} dort")
    assert (found.url, found.host, found.input) == (expected, domain.lower(), text)
    assert "defanged" in found.evasions


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("hxxp[:/]/welt.ltd/a", "http://welt.ltd/a"),
        ("hxxps(:)//welt.ltd/a", "https://welt.ltd/a"),
        ("fxp[://]welt.ltd/a", "ftp://welt.ltd/a"),
        ("https[:/]/welt.ltd/a", "https://welt.ltd/a"),
        ("ftp(:)//welt.ltd/a", "ftp://welt.ltd/a"),
    ],
)
def test_a_pasted_target_knows_every_defanged_separator_a_post_does(text: str, url: str) -> None:
    """``check 'hxxp[:/]/welt.ltd'`` was read as a bare name and judged the host ``http``;
    in a post the same link was found whole."""
    link = parse_target(text)
    assert (link.url, link.host) == (url, "welt.ltd")
    assert _only(text).url == url


def test_a_scheme_that_is_no_defang_of_ours_is_not_refanged() -> None:
    """``meow://`` (a defanging tool's disguise for any scheme) stays as written: which
    scheme it hides is not said, so none is made up."""
    link = parse_target("meow://welt.ltd/a")
    assert link.url == "meow://welt.ltd/a"
    assert "defanged" not in link.evasions


def test_a_brands_domain_starting_like_a_scheme_is_stored_as_written() -> None:
    [plain, named] = parse_user_brands(
        ["fxpro.com", "FX Pro\tFXPro.com,hxxpsnews.com,fxpro[.]co[.]uk"], "ours.txt")
    assert plain.domains == ("fxpro.com",)
    assert named.domains == ("fxpro.com", "hxxpsnews.com", "fxpro.co.uk")
