"""Splitting host names into registrable domain and public suffix, offline.

One ``TLDExtract`` for the whole process, built on the suffix list that ships with tldextract
(``suffix_list_urls=()``: never a download) and counting private suffixes such as ``eu.com``
and ``co.com``, because Doppelganger registered ``bild.eu.com`` and ``spiegel.co.com``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import tldextract


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(
        cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True
    )


@dataclass(frozen=True)
class DomainParts:
    subdomain: str
    """Labels left of the registrable domain, joined with dots ('' when none)."""
    name: str
    """The label just left of the suffix (``welt`` in ``www.welt.de``)."""
    suffix: str
    """The public suffix (``de``, ``co.uk``, ``eu.com``); '' when the host has none we know."""

    @property
    def registrable(self) -> str:
        """``name.suffix``, or the bare host when there is no known suffix."""
        if self.name and self.suffix:
            return f"{self.name}.{self.suffix}"
        return self.name or self.suffix


@functools.lru_cache(maxsize=65536)
def split_host(host: str) -> DomainParts:
    """Split a lower-case host name (ASCII or Unicode) along the Public Suffix List."""
    result = _extractor()(host)
    return DomainParts(result.subdomain, result.domain, result.suffix)


def registrable_domain(host: str) -> str:
    return split_host(host).registrable


@functools.lru_cache(maxsize=65536)
def split_host_icann(host: str) -> DomainParts:
    """Split along the ICANN section only: ``github.io`` is then ``github`` under ``io``.

    Link extraction needs this to tell a real site on a private suffix from prose that a
    wildcard suffix would swallow whole.
    """
    result = _extractor()(host, include_psl_private_domains=False)
    if result.is_private:
        return DomainParts("", "", "")
    return DomainParts(result.subdomain, result.domain, result.suffix)
