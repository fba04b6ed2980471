from __future__ import annotations

import json
from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.models import PostKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"
DID = "did:plc:n4tq8wz2fk7hvm3xbc5rld6e"


def test_list_records_page_of_posts() -> None:
    """listRecords from the author's PDS: no handle, so the DID in the URI is the author."""
    dump = parse_dump((FIXTURES / "bluesky_list_records.json").read_text("utf-8"))
    assert dump.format == "bluesky" and dump.warnings == ()
    third, second, first = dump.posts
    assert {p.author for p in dump.posts} == {DID}
    assert second.reply_to == first.post_id and second.reply_to_author == DID
    assert second.urls == ("https://stadtbote-aktuell.example/impressum",)  # a link facet
    assert (third.urls, third.card_title) == (
        ("https://medienaufsicht.example.org/meldung/12",), "Meldung 12")
    assert first.created_at == "2025-05-06T10:00:00Z"


def test_get_record_reposts_and_other_collections_one_a_line() -> None:
    page = json.loads((FIXTURES / "bluesky_list_records.json").read_text("utf-8"))
    subject = "at://did:plc:x9/app.bsky.feed.post/3k1"
    repost = {"uri": f"at://{DID}/app.bsky.feed.repost/3lzr1", "cid": "bafy", "value": {
        "$type": "app.bsky.feed.repost", "createdAt": "2025-05-06T11:00:00.000Z",
        "subject": {"cid": "bafy", "uri": subject}}}
    like = {"uri": f"at://{DID}/app.bsky.feed.like/3lzl1", "cid": "bafy", "value": {
        "$type": "app.bsky.feed.like", "createdAt": "2025-05-06T11:01:00.000Z",
        "subject": {"cid": "bafy", "uri": subject}}}
    lines = [page["records"][2], repost, like]
    dump = parse_dump("\n".join(json.dumps(line) for line in lines))
    assert [p.kind for p in dump.posts] == [PostKind.ORIGINAL, PostKind.REPOST]
    assert dump.posts[1].repost_of == subject and dump.posts[1].author == DID
    assert dump.warnings == ("Bluesky: 1 record(s) that are not posts or reposts skipped",)
