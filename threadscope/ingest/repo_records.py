"""Bluesky repository records (``com.atproto.repo.listRecords``, ``getRecord``) → posts.

An account's posts can be read straight from its server (its PDS), without the AppView:
``listRecords`` answers ``{"records": [{"uri", "cid", "value"}], "cursor"}``, ``getRecord``
one ``{"uri", "cid", "value"}``, where ``value`` is the record as the author's app wrote it,
the same record a Jetstream log carries. So they are read as Jetstream's records are
(``jetstream.record_post``): a post record is a post, a repost record a repost of its
subject. The answer names no handle: the author is the DID in the URI, shown bare; the time
is the record's ``createdAt``, the author's app's clock (the only one the answer has).
Records of other collections (likes, follows, a profile) are no posts and are counted.
"""

from __future__ import annotations

from typing import Any

from threadscope.ingest.bluesky import did_of
from threadscope.ingest.dump import Dump
from threadscope.ingest.jetstream import POST, REPOST, record_post
from threadscope.ingest.jsonish import items, mostly, records, text
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import Post


def _is_record(record: dict[str, Any]) -> bool:
    """``{"uri": "at://DID/COLLECTION/RKEY", "value": {…}}``."""
    uri = text(record, "uri") or ""
    return uri.startswith("at://") and uri.count("/") >= 4 and isinstance(
        record.get("value"), dict)


def _is_answer(record: dict[str, Any]) -> bool:
    """A ``listRecords`` page, or one record (``getRecord``)."""
    return _is_record(record) or mostly(_is_record, items(record, "records"))


def is_repo_records(values: list[Any]) -> bool:
    return mostly(_is_answer, records(values[:20])[:20])


def _repo_records(values: list[Any]) -> list[dict[str, Any]]:
    """Every record, the pages' in order; what is neither a record nor a page is dropped."""
    found: list[dict[str, Any]] = []
    for record in records(values):
        found.extend([record] if _is_record(record) else items(record, "records"))
    return found


def _post(record: dict[str, Any], line: int) -> Post | None:
    """A post or repost record as a ``Post`` by the DID in its URI; None for others."""
    uri = text(record, "uri") or ""
    did = did_of(uri) or ""
    collection = uri[5:].split("/")[1]
    if collection not in (POST, REPOST):
        return None
    value = record.get("value")
    if not isinstance(value, dict):
        return None
    return record_post(uri, did, value, None, line, repost=collection == REPOST)


def parse_repo_records(values: list[Any]) -> Dump:
    """Posts and reposts in the answer's order; other records counted in a warning."""
    found = [r for r in _repo_records(values) if _is_record(r)]
    posts: list[Post] = []
    for record in found:
        post = _post(record, len(posts) + 1)
        if post is not None:
            posts.append(post)
    skipped = len(found) - len(posts)
    return Dump("bluesky", tuple(posts), skipped_warning("Bluesky", skipped, "posts or reposts"))
