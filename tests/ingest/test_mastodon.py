from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadscope.ingest import parse_dump
from threadscope.ingest.mastodon import html_text
from threadscope.models import PostKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def test_status_with_context() -> None:
    dump = parse_dump((FIXTURES / "mastodon_context.json").read_text("utf-8"))
    assert [p.post_id[-1] for p in dump.context if p.post_id] == ["1", "2", "3"]
    assert [p.post_id[-1] for p in dump.posts if p.post_id] == ["4", "5"]
    status = dump.context[2]
    assert status.text == "Der Bericht dazu steht hier: https://www.zeit.de/digital/2024/klone 3/4"
    assert status.urls == ("https://www.zeit.de/digital/2024/klone",)
    assert status.card_title == "Geklonte Nachrichtenseiten"
    assert dump.context[0].text.startswith("Ein Faden über geklonte Nachrichtenseiten & ihre")
    reply = dump.posts[1]
    assert reply.author == "kai@other.example" and reply.urls == ("https://welt.ltd/a/99",)


def test_html_breaks_paragraphs_and_mentions() -> None:
    text, links = html_text(
        '<p>eins<br>zwei</p><p><a class="mention u-url" href="https://s.example/@a">@a</a> '
        '<a href="https://s.example/tags/x" class="mention hashtag">#x</a> '
        '<a href="https://example.org/r">example.org/r</a></p>'
    )
    assert text == "eins\nzwei\n\n@a #x example.org/r"
    assert links == ["https://example.org/r"]


def test_plain_list_of_statuses() -> None:
    dump = parse_dump('[{"id": "1", "content": "<p>hi</p>", "account": {"acct": "x"}}]')
    assert dump.format == "mastodon" and dump.posts[0].text == "hi"


def test_context_without_its_status_names_the_gap() -> None:
    dump = parse_dump((FIXTURES / "mastodon_context_without_status.json").read_text("utf-8"))
    assert dump.gaps == ("112400000000003",) and "not in the file" in dump.warnings[0]
    assert {p.conversation_id for p in dump.all_posts} == {"112400000000001"}
    assert [p.reply_to_author for p in dump.posts] == ["jana", "jana", "jana"]


def test_boost_is_a_repost_with_the_boosted_text() -> None:
    dump = parse_dump((FIXTURES / "mastodon_statuses_with_boost.json").read_text("utf-8"))
    boost = dump.posts[2]
    assert boost.kind is PostKind.REPOST and boost.author == "jana"
    assert boost.repost_of == "112400000000090"
    assert boost.text == "Unsere Liste der Klon-Domains, laufend ergänzt."
    assert [p.author for p in dump.context] == ["medienwatch@chaos.example"]


def test_quote_of_a_status() -> None:
    dump = parse_dump('[{"id": "2", "content": "<p>so</p>", "account": {"acct": "x"},'
                      ' "quote": {"state": "accepted", "quoted_status": {"id": "1",'
                      ' "content": "<p>a</p>", "account": {"acct": "y"}}}}]')
    assert dump.posts[0].quote_of == "1" and dump.posts[0].kind is PostKind.QUOTE


@pytest.mark.parametrize("unit", ["<a ", "<p", "<div>", "<", "<b><i>", "<a href='x' "])
def test_hostile_post_html_is_read_in_one_pass(unit: str) -> None:
    """60 KB of unclosed tags took 20 s with html.parser (quadratic); libxml2 reads it in one
    pass. The text around survives."""
    text, links = html_text("<p>vorher</p>" + unit * (60_000 // len(unit)) + "nachher")
    assert text.startswith("vorher")
    assert isinstance(links, list)


def test_entities_breaks_and_lone_surrogates() -> None:
    assert html_text("<p>a &amp; b &lt; c</p><p>x<br/>y</p>") == ("a & b < c\n\nx\ny", [])
    assert html_text("<p>\ud800</p>") == ("\ufffd", [])
    assert html_text("Tom &amp Jerry") == ("Tom & Jerry", [])


def test_an_odd_record_among_statuses_is_skipped_not_the_file() -> None:
    statuses = json.loads((FIXTURES / "mastodon_statuses_with_boost.json").read_text("utf-8"))
    whole = parse_dump(json.dumps(statuses))
    dump = parse_dump(json.dumps([{"error": "Record not found"}, *statuses]))
    assert dump.format == "mastodon" and dump.posts == whole.posts
    assert dump.warnings == ("Mastodon: 1 record(s) that are not statuses skipped",)
