from __future__ import annotations

import json
from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.ingest.replies import open_replies
from threadscope.ingest.x_api import tweet_post

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def test_users_urls_and_replies_are_kept() -> None:
    dump = parse_dump((FIXTURES / "x_api_v2.json").read_text("utf-8"))
    first, second = dump.posts[:2]
    assert first.author == "lena_hartmann_dis" and first.display_name == "Lena Hartmann"
    assert first.author_created_at == "2015-04-02T10:00:00Z"
    assert first.created_at == "2024-03-15T10:01:00Z"
    assert second.reply_to == first.post_id and second.conversation_id == first.post_id
    # unwound_url (where X followed redirects) wins over expanded_url
    assert second.urls == ("https://tagesschau.de.ltd/inland/foerderung",)
    bot = dump.posts[-1]
    assert bot.author == "KarlMeier48213077" and bot.urls == ("https://welt.ltd/politik/artikel-771",)


def test_json_lines_pages_are_merged_in_order() -> None:
    dump = parse_dump((FIXTURES / "x_api_v2_pages.jsonl").read_text("utf-8"))
    assert len(dump.posts) == 6
    assert [p.line for p in dump.posts] == [1, 2, 3, 4, 5, 6]
    assert all(p.author == "lena_hartmann_dis" for p in dump.posts if "Klon" in p.text)


def test_single_tweet_lookup_and_includes_as_context() -> None:
    text = (
        '{"data": {"id": "9", "text": "Antwort", "author_id": "1",'
        ' "referenced_tweets": [{"type": "quoted", "id": "3"}, {"type": "replied_to", "id": "8"}]},'
        ' "includes": {"users": [{"id": "1", "username": "a"}],'
        ' "tweets": [{"id": "8", "text": "Original", "author_id": "1"}]}}'
    )
    dump = parse_dump(text)
    assert [p.text for p in dump.posts] == ["Antwort"] and dump.posts[0].reply_to == "8"
    assert [p.text for p in dump.context] == ["Original"]
    assert [p.text for p in dump.all_posts] == ["Original", "Antwort"]


def test_entities_long_posts_and_missing_references() -> None:
    text = (
        '{"data": [{"id": "2", "text": "kurz &amp; knapp", "author_id": "1",'
        ' "note_tweet": {"text": "lang &amp; ausführlich &lt;3",'
        '   "entities": {"urls": [{"expanded_url": "https://example.org/n"}]}},'
        ' "referenced_tweets": [{"type": "replied_to", "id": "1"}]}],'
        ' "errors": [{"resource_id": "1", "resource_type": "tweet", "title": "Not Found Error"},'
        '            {"resource_id": "9", "resource_type": "user", "title": "Not Found Error"}]}'
    )
    dump = parse_dump(text)
    (post,) = dump.posts
    assert post.text == "lang & ausführlich <3" and post.urls == ("https://example.org/n",)
    assert dump.gaps == ("1",) and "deleted or not visible" in dump.warnings[-1]


def test_an_attached_photo_is_no_link_of_the_post() -> None:
    """A v2 tweet with a photo lists its pic.x.com link in ``entities.urls`` with a
    ``media_key``: it leads to the tweet itself; the author's own links stay."""
    dump = parse_dump((FIXTURES / "x_api_v2_media.json").read_text("utf-8"))
    second, first = dump.posts
    assert first.urls == ()
    assert first.text == "So sieht die gefälschte Titelseite aus 1/2"  # its t.co cut, as X shows
    assert second.text.startswith("Die echte steht hier: https://t.co/")  # a link's stays
    assert second.urls == ("https://www.rheinzeitung-echt.example/titel/2024-09-02",)
    assert second.reply_to == first.post_id and second.card_title == "Titelseite"


def test_thousands_of_attachment_links_are_cut_in_linear_time() -> None:
    """A tweet ending in 30 000 attachment t.co links (hostile: X attaches four at most) took
    a minute when every cut asked every link again; each is cut, the author's words stay."""
    links = [f"https://t.co/m{number}" for number in range(30_000)]
    tweet = {"id": "1", "text": "Words stay " + " ".join(links),
             "entities": {"urls": [{"url": link, "media_key": f"3_{number}"}
                                   for number, link in enumerate(links)]}}
    post = tweet_post(tweet, {}, 1)
    assert post.text == "Words stay" and post.urls == ()


def test_each_short_link_is_paired_with_its_expansion() -> None:
    tweet = {"id": "1", "text": "see https://t.co/Ab https://t.co/Cd", "entities": {"urls": [
        {"url": "https://t.co/Ab", "expanded_url": "https://bit.ly/x",
         "unwound_url": "https://welt.ltd/a"},
        {"url": "https://t.co/Cd", "expanded_url": "https://spiegel.cfd/b"},
        {"url": "https://t.co/Ef"},
    ]}}
    assert tweet_post(tweet, {}, 0).expansions == (
        ("https://t.co/Ab", "https://welt.ltd/a"), ("https://t.co/Cd", "https://spiegel.cfd/b"),
    )


def _page(tweet_id: int, handle: str) -> str:
    tweet = {"id": str(tweet_id), "text": f"Lest das welt.ltd/a {tweet_id}", "author_id": "9000",
             "in_reply_to_user_id": "2222", "conversation_id": "1",
             "referenced_tweets": [{"type": "replied_to", "id": "1"}]}
    users = [{"id": "9000", "username": handle, "name": "Maria"},
             {"id": "2222", "username": "target", "name": "T"}]
    return json.dumps({"data": [tweet], "includes": {"users": users}}) + "\n"


def test_an_account_renamed_between_pages_is_one_account_streamed_and_whole(
    tmp_path: Path,
) -> None:
    """Streamed, each line was read by its own ``includes``: one bot that changed its handle
    became two accounts, a "coordinated cluster" of itself. Streamed or whole, each of its
    posts is shown under its latest handle, and the rename is said."""
    text = _page(11, "maria_old") + _page(12, "maria_old") + _page(13, "maria_new")
    path = tmp_path / "pages.jsonl"
    path.write_text(text)
    stream = open_replies(str(path))
    streamed = [(p.author, p.reply_to_author) for p in stream]
    whole = parse_dump(text)
    assert streamed == [(p.author, p.reply_to_author) for p in whole.posts]
    assert streamed == [("maria_new", "target")] * 3
    said = [w for w in whole.warnings if "renamed" in w]
    assert said == [w for w in stream.warnings if "renamed" in w]
    assert said and "maria_old → maria_new (id 9000)" in said[0]
