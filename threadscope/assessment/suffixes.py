"""Splitting plain host names along the Public Suffix List, faster than ``split_host``.

Bulk runs split every name once, and ``tldextract``'s general entry point (URL parsing,
punycode decoding of every label, a result object) costs as much as judging the name. For
the common case, a lower-case ASCII host without punycode, the split is a walk over the
same suffixes (``TLDExtract.tlds`` of the one extractor in ``threadscope.names``) with the
same rules as tldextract's own trie: the longest listed suffix wins, ``*`` takes one more
label, ``!label`` is an exception to it. tests/assessment/test_suffixes.py checks the result
against ``split_host`` on every listed suffix and on random names.
"""

from __future__ import annotations

import functools
import pkgutil
from typing import Any

from tldextract.suffix_list import extract_tlds_from_suffix_list

from threadscope.gcpause import cycles_uncollected
from threadscope.names import _extractor

_END = "."
"""Trie key marking the end of a listed suffix; no label contains a dot."""

Node = dict[str, Any]


@functools.cache
def suffix_lists() -> tuple[frozenset[str], frozenset[str]]:
    """The public and the private section of the suffix list ``_extractor`` splits by (it
    has no URL to fetch, so it reads tldextract's bundled snapshot), parsed by tldextract's
    own function, without building its trie: that costs 0.15 s, more than judging a name."""
    snapshot = pkgutil.get_data("tldextract", ".tld_set_snapshot")
    if snapshot is None:  # a tldextract without its snapshot: ask the extractor itself
        lists = _extractor()._get_tld_extractor()
        return frozenset(lists.public_tlds), frozenset(lists.private_tlds)
    public, private = extract_tlds_from_suffix_list(snapshot.decode("utf-8"))
    return frozenset(public), frozenset(private)


@functools.cache
def _trie() -> Node:
    """10,000 small dicts that live as long as the process: built with the garbage collector
    paused, whose full passes over them would free nothing and cost five times the build."""
    root: Node = {}
    public, private = suffix_lists()
    with cycles_uncollected():
        for suffix in public | private:
            node = root
            for label in reversed(suffix.split(".")):
                node = node.setdefault(label, {})
            node[_END] = True
    return root


def split_plain(host: str) -> tuple[str, str, str] | None:
    """``(subdomain, name, suffix)`` of a lower-case ASCII host without ``xn--`` labels or
    empty labels, as ``split_host`` gives them; None when no listed suffix ends the host
    (the caller asks ``split_host``, which knows the rarer cases)."""
    head, _, last = host.rpartition(".")
    top = _trie().get(last)
    if head and top is not None and _END in top and "*" not in top:
        subdomain, _, name = head.rpartition(".")
        if name and name not in top:
            # Most hosts: a name under a one-label suffix (com, de), which the walk below
            # would find after two lookups and a list of labels.
            return subdomain, name, last
    labels = host.split(".")
    count = len(labels)
    node = _trie()
    position = found = count
    for label in reversed(labels):
        child = node.get(label)
        if child is not None:
            position -= 1
            node = child
            if _END in child:
                found = position
            continue
        if "*" in node:
            found = position if f"!{label}" in node else position - 1
        break
    if found == count:
        return None
    if found == 0:
        return "", "", host
    name = labels[found - 1]
    suffix = ".".join(labels[found:]) if count - found > 1 else labels[-1]
    subdomain = ".".join(labels[: found - 1]) if found > 1 else ""
    return subdomain, name, suffix
