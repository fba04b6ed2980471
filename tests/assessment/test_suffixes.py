"""``split_plain`` must split exactly as ``split_host`` (tldextract) does."""

from __future__ import annotations

import random
import string

from threadscope.assessment.suffixes import split_plain
from threadscope.names import _extractor, split_host


def _expected(host: str) -> tuple[str, str, str] | None:
    parts = split_host(host)
    if not parts.suffix:
        return None
    return parts.subdomain, parts.name, parts.suffix


def _plain(suffix: str) -> bool:
    return suffix.isascii() and "xn--" not in suffix and "!" not in suffix


def test_every_listed_suffix_with_names_in_front() -> None:
    suffixes = [s.replace("*", "wild") for s in _extractor().tlds if _plain(s)]
    assert len(suffixes) > 5000
    for suffix in suffixes:
        for host in (suffix, f"name.{suffix}", f"www.name.{suffix}", f"a.b.name.{suffix}"):
            assert split_plain(host) == _expected(host), host


def test_wildcards_and_their_exceptions() -> None:
    hosts = [s.replace("!", "") for s in _extractor().tlds if s.startswith("!")]
    hosts += [f"x.{h}" for h in hosts]
    assert hosts
    for host in hosts:
        assert split_plain(host) == _expected(host), host


def test_random_hosts() -> None:
    rng = random.Random(3)
    tails = ["com", "de", "co.uk", "eu.com", "ck", "unknownsuffix", "github.io", "1", "x"]
    for _ in range(3000):
        labels = [
            "".join(rng.choices(string.ascii_lowercase + "-_0123456789", k=rng.randint(1, 8)))
            for _ in range(rng.randint(0, 3))
        ]
        host = ".".join([*labels, rng.choice(tails)])
        assert split_plain(host) == _expected(host), host
