from __future__ import annotations

import json
from pathlib import Path

from threadscope.ingest import FORMATS, parse_dump
from threadscope.models import PostKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"
ROOT = "17900000000000101"


def test_conversation_answer_is_read_with_authors_times_and_replies() -> None:
    """``/{post}/conversation`` looks like an X API v2 page; read as Threads, not as X."""
    dump = parse_dump((FIXTURES / "meta_threads_conversation.json").read_text("utf-8"))
    assert dump.format == "meta-threads" and "meta-threads" in FORMATS
    second, third, thanks, quote = dump.posts
    assert [p.author for p in dump.posts] == [
        "lokalcheck_nrw", "lokalcheck_nrw", "ella.schreibt", "nachrichten_frei24"]
    assert (second.reply_to, second.conversation_id) == (ROOT, ROOT)
    assert second.created_at == "2025-02-10T09:01:00Z"
    assert (third.reply_to, third.reply_to_author) == (second.post_id, "lokalcheck_nrw")
    assert third.urls == ("https://medienwache.example.org/bericht/2025-02",)
    assert thanks.reply_to_author == "lokalcheck_nrw"
    assert quote.kind is PostKind.QUOTE and quote.quote_of == "17900000000000099"


def test_user_threads_pages_one_a_line_with_a_repost() -> None:
    """``/me/threads`` pages as JSON Lines; fields as asked (no permalink, no product type)."""
    pages = [
        {"data": [{"id": "1", "text": "Eigener Beitrag", "username": "kim",
                   "timestamp": "2025-01-02T10:00:00+0000", "shortcode": "Ab1"}],
         "paging": {"cursors": {"after": "x"}}},
        {"data": [{"id": "2", "media_type": "REPOST_FACADE", "username": "kim",
                   "timestamp": "2025-01-02T11:00:00+0000", "shortcode": "Ab2",
                   "reposted_post": {"id": "9"}}, {"note": "no media"},
                  {"id": "3", "text": "Noch einer", "username": "kim",
                   "timestamp": "2025-01-02T12:00:00+0000", "shortcode": "Ab3"}]},
    ]
    dump = parse_dump("\n".join(json.dumps(page) for page in pages))
    assert dump.format == "meta-threads"
    own, repost, _ = dump.posts
    assert own.kind is PostKind.ORIGINAL and repost.kind is PostKind.REPOST
    assert repost.repost_of == "9"
    assert dump.warnings == ("Threads: 1 record(s) that are not posts skipped",)


def test_an_x_api_page_stays_x() -> None:
    dump = parse_dump((FIXTURES / "x_api_v2.json").read_text("utf-8"))
    assert dump.format == "x-api-v2"


def test_an_instagram_graph_api_page_is_no_threads_answer() -> None:
    """Instagram media have a shortcode and a timestamp too, but a caption, not a text: read
    as Threads posts, their captions (and links) were lost."""
    page = {"data": [{"id": "1789", "caption": "Neuer Beitrag https://kopie.example/a",
                      "media_type": "IMAGE", "media_product_type": "FEED",
                      "permalink": "https://www.instagram.com/p/Cxyz/", "shortcode": "Cxyz",
                      "timestamp": "2024-07-01T10:00:00+0000", "username": "marke"}]}
    dump = parse_dump(json.dumps(page))
    assert dump.format != "meta-threads"
    assert "https://kopie.example/a" in (dump.text or "")
