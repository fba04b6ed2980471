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


def test_a_link_dressed_as_a_mention_or_hashtag_is_still_a_link() -> None:
    """Any server may mark a link ``mention`` or ``hashtag`` (Mastodon keeps those classes
    on remote content) and show a look-alike site as ``@tagesschau``: only a link to an
    account the status mentions, or on its own or the answering server, is one."""
    content = (
        '<p><a class="u-url mention" href="https://tröt.example/@ina">@ina</a> '
        '<a class="mention hashtag" href="https://tröt.example/tags/pegel">#pegel</a> '
        '<a class="mention hashtag" href="https://social.example/tags/pegel">#pegel</a> '
        '<a class="u-url mention" href="https://tagesschau.de-news.example/t">@tagesschau</a> '
        '<a class="hashtag" href="https://tagesschau.de-news.example/tags/x">#x</a></p>')
    status = {"id": "1", "url": "https://tröt.example/@olaf/1", "content": content,
              "account": {"id": "2", "acct": "olaf@tröt.example"},
              "mentions": [{"id": "3", "acct": "ina@tröt.example", "url": "https://tröt.example/@ina"}],
              "tags": [{"name": "pegel", "url": "https://social.example/tags/pegel"}]}
    (post,) = parse_dump(json.dumps([status])).posts
    assert post.urls == ("https://tagesschau.de-news.example/t",
                         "https://tagesschau.de-news.example/tags/x")
    assert post.text == "@ina #pegel #pegel @tagesschau #x"


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


def test_statuses_one_a_line_are_the_dumps_posts() -> None:
    """A timeline saved one status a line (``jq -c '.[]'``, a collector's log) is a list of
    statuses like any other, not the anchors of contexts: every one is a post."""
    text = (FIXTURES / "mastodon_statuses.jsonl").read_text("utf-8")
    dump = parse_dump(text)
    assert dump.format == "mastodon" and dump.context == ()
    assert [p.post_id for p in dump.posts] == [
        "114900000000101", "114900000000102", "114900000000103"]
    assert [p.kind for p in dump.posts] == [PostKind.ORIGINAL, PostKind.REPLY, PostKind.REPOST]
    assert dump.posts[1].reply_to_author == "ina_berg"
    assert parse_dump(text.splitlines()[0]).posts[0].author == "ina_berg"


def test_a_status_saved_apart_from_its_context_is_still_its_status() -> None:
    """``{"status": …, "context": …}`` and the same two saved one a line read alike."""
    whole = json.loads((FIXTURES / "mastodon_context.json").read_text("utf-8"))
    apart = parse_dump(json.dumps(whole["status"]) + "\n" + json.dumps(whole["context"]))
    together = parse_dump(json.dumps(whole))
    assert apart.gaps == () and apart.warnings == ()
    assert [p.post_id for p in apart.posts] == [p.post_id for p in together.posts]
    assert {p.post_id for p in apart.context} == {p.post_id for p in together.context}


def test_notifications_posts_are_what_the_notifying_accounts_wrote() -> None:
    """A mention is the mentioner's post; a favourited or boosted status is the user's own,
    context; a boost is also the booster's repost at the notification's time."""
    dump = parse_dump((FIXTURES / "mastodon_notifications.json").read_text("utf-8"))
    assert dump.format == "mastodon" and dump.warnings == ()
    mention, boost = dump.posts
    assert (mention.author, mention.post_id) == ("olaf@tröt.example", "114900000000202")
    assert mention.urls == ("https://spiegel.de-news.example/liste",)
    assert (boost.author, boost.kind, boost.repost_of) == (
        "pia_k", PostKind.REPOST, "114900000000201")
    assert boost.created_at == "2025-09-02T09:01:30Z"
    assert [p.post_id for p in dump.context] == ["114900000000201"]


def test_grouped_notifications_read_by_their_groups() -> None:
    dump = parse_dump((FIXTURES / "mastodon_grouped_notifications.json").read_text("utf-8"))
    assert dump.format == "mastodon"
    assert [(p.author, p.reply_to_author) for p in dump.posts] == [("pia_k", "ina_berg")]
    assert [p.post_id for p in dump.context] == ["114900000000301"]


def test_search_results_and_conversations_are_posts() -> None:
    search = parse_dump((FIXTURES / "mastodon_search.json").read_text("utf-8"))
    assert search.format == "mastodon"
    assert [p.author for p in search.posts] == ["olaf@tröt.example", "pia_k"]
    assert parse_dump('{"accounts": [], "statuses": [], "hashtags": []}').format == "mastodon"
    direct = parse_dump((FIXTURES / "mastodon_conversations.json").read_text("utf-8"))
    assert [p.post_id for p in direct.posts] == ["114900000000501"]


def test_quote_post_reads_as_its_quote_not_as_its_fallback_line() -> None:
    """Mastodon 4.4+ writes ``RE: <link>`` in a ``quote-inline`` paragraph for clients that
    do not show quotes; the quote says it better. The quoted status is in the file: context.
    Its own quote, nested, is shallow (an id)."""
    dump = parse_dump((FIXTURES / "mastodon_quote.json").read_text("utf-8"))
    quoting = dump.posts[0]
    assert quoting.text == "Alles gelogen." and quoting.urls == ()
    assert quoting.kind is PostKind.QUOTE and quoting.quote_of == "114900000000601"
    quoted = dump.context[0]
    assert quoted.post_id == "114900000000601" and quoted.quote_of == "114900000000600"
    assert quoted.urls == ("https://www.tagesschau.de/faktenfinder/pegel-100.html",)


def test_quote_inline_kept_when_no_quote_says_what_is_quoted() -> None:
    """Without a structured quote, the fallback line is the only sign of what was quoted."""
    dump = parse_dump('[{"id": "2", "account": {"acct": "x"}, "quote": null, "content": '
                      '"<p class=\\"quote-inline\\">RE: <a href=\\"https://s.example/@y/1\\">'
                      'https://s.example/@y/1</a></p><p>so</p>"}]')
    assert dump.posts[0].urls == ("https://s.example/@y/1",)
    assert dump.posts[0].text.startswith("RE: https://s.example/@y/1")


def test_a_link_hidden_in_a_quote_fallback_is_still_a_link_of_the_post() -> None:
    """A server may wrap a post's own words in ``quote-inline``: quote-aware clients hide
    them, but the link is still in the post, and an audit must see it. Only the link to the
    quoted status itself is the fallback's."""
    quoting = json.loads((FIXTURES / "mastodon_quote.json").read_text("utf-8"))[0]
    quoting["content"] = quoting["content"].replace(
        "</p>", ' <a href="https://welt.ltd/politik">welt.ltd/politik</a></p>', 1)
    post = parse_dump(json.dumps([quoting])).posts[0]
    assert "welt.ltd" not in post.text
    assert post.urls == ("https://welt.ltd/politik",)


def test_boost_of_a_quote_shows_the_quote_without_its_fallback_line() -> None:
    quoting = json.loads((FIXTURES / "mastodon_quote.json").read_text("utf-8"))[0]
    boost = {"id": "3", "content": "", "account": {"id": "9", "acct": "z"}, "reblog": quoting}
    post = parse_dump(json.dumps([boost])).posts[0]
    assert post.kind is PostKind.REPOST and post.text == "Alles gelogen." and post.urls == ()


def test_a_reply_to_a_status_the_file_lacks_says_whose_it_was_by_its_mention() -> None:
    """A reply mentions the account it answers: ``in_reply_to_account_id`` resolves through
    ``mentions`` when the answered status is not in the file (a reply to someone else starts
    a thread; it is not the middle of the author's own)."""
    reply = (FIXTURES / "mastodon_statuses.jsonl").read_text("utf-8").splitlines()[1]
    post = parse_dump(reply).posts[0]
    assert post.reply_to == "114900000000101" and post.reply_to_author == "ina_berg"


def test_a_deleted_status_is_read_from_its_source_text() -> None:
    """Deleting a status answers with the status, its typed ``text`` instead of ``content``."""
    dump = parse_dump((FIXTURES / "mastodon_deleted_status.json").read_text("utf-8"))
    assert dump.format == "mastodon"
    post = dump.posts[0]
    assert post.author == "olaf@tröt.example" and post.reply_to_author == "ina_berg"
    assert post.text == ("@ina_berg Gelöscht, aber gesichert: "
                         "https://tagesschau.de.pegel-news.example/artikel/100")


def test_a_websocket_streaming_log_gives_each_post_once_at_its_latest() -> None:
    """A status comes once per subscribed stream and again when edited; a mention comes as
    an update and as a notification; each is one post, the edit's text, in first-seen order.
    The link the status was streamed with and then edited away is still its link, as an
    edit history's is (the audit read the edit alone and never saw the look-alike)."""
    dump = parse_dump((FIXTURES / "mastodon_stream_websocket.jsonl").read_text("utf-8"))
    assert dump.format == "mastodon" and dump.warnings == ()
    assert [p.post_id for p in dump.posts] == [
        "114900000000801", "114900000000802", "114900000000803"]
    edited = dump.posts[0]
    away = "https://tagesschau.de.pegel-news.example/artikel/100"
    assert edited.urls == ("https://tagesschau.de.pegel-news.example/artikel/101", away)
    assert edited.edited_away == (away,) and edited.edited_at is not None
    assert edited.created_at == "2025-09-03T07:00:00Z"
    assert all(p.edited_away == () for p in dump.posts[1:])  # repeats as they were: no edits


def test_a_status_repeated_on_overlapping_pages_has_no_earlier_version() -> None:
    status = {"id": "1", "account": {"id": "2", "acct": "a"},
              "content": '<p><a href="https://welt.ltd/a">welt.ltd/a</a></p>'}
    edited = {**status, "content": '<p><a href="https://welt.de/a">welt.de/a</a></p>'}
    repeated = parse_dump(json.dumps([status, status, status]))
    assert [p.edited_away for p in repeated.posts] == [()]
    (post,) = parse_dump(json.dumps([status, edited, edited])).posts
    assert post.urls == ("https://welt.de/a", "https://welt.ltd/a")


def test_a_server_sent_event_stream_is_read_like_the_websocket_log() -> None:
    dump = parse_dump((FIXTURES / "mastodon_stream.sse").read_text("utf-8"))
    assert dump.format == "mastodon" and dump.warnings == ()
    assert [(p.post_id, p.author) for p in dump.posts] == [
        ("114900000000801", "olaf@tröt.example"), ("114900000000802", "pia_k")]


def test_overlapping_pages_give_each_status_once() -> None:
    statuses = [json.loads(line) for line in
                (FIXTURES / "mastodon_statuses.jsonl").read_text("utf-8").splitlines()]
    pages = json.dumps(statuses[:2]) + "\n" + json.dumps(statuses[1:]) + "\n"
    assert [p.post_id for p in parse_dump(pages).posts] == [
        "114900000000101", "114900000000102", "114900000000103"]


@pytest.mark.parametrize("line", ["5", "null", '"x"', "true", "1.5"])
def test_a_line_that_is_no_object_is_skipped_among_statuses(line: str) -> None:
    """A JSON Lines log with a stray scalar line (a collector's ``null`` for a missed
    page): the statuses are read and the line is said, not an internal error."""
    status = '{"id": "%s", "account": {"id": "2", "acct": "a"}, "content": "<p>hi</p>"}'
    dump = parse_dump("\n".join([status % 1, line, status % 3]))
    assert dump.format == "mastodon"
    assert [p.post_id for p in dump.posts] == ["1", "3"]
    assert any("1 record(s) that are not statuses skipped" in w for w in dump.warnings)


# --------------------------------------------------------------------------- beside the body


def test_an_edit_history_is_one_post_at_its_latest_with_its_first_time() -> None:
    """``/statuses/:id/history`` lists every version (StatusEdit, no id): one post, not one
    per version. What it says now is the latest version; when it was posted, the first."""
    dump = parse_dump((FIXTURES / "mastodon_history.json").read_text("utf-8"))
    (post,) = dump.posts
    assert post.text == "Pegelstand gefälscht? Seht selbst." and post.author == "olaf@tröt.example"
    assert post.created_at == "2025-09-04T09:00:00Z" and post.edited_at == "2025-09-04T10:05:00Z"
    assert post.alt_text == ("Foto der Messlatte am Rhein",)


def test_links_edited_away_are_still_the_posts_links() -> None:
    """A link spread and then edited away is evidence: in ``urls``, named by
    ``edited_away``, and assessed by the audit."""
    post = parse_dump((FIXTURES / "mastodon_history.json").read_text("utf-8")).posts[0]
    earlier = ("https://www.tagesschau.de-aktuell.info/pegel/200",
               "https://tagesschau.de-news.online/pegel/201")
    assert post.edited_away == earlier and post.urls == earlier
    from threadscope.pipeline import audit

    report = audit((FIXTURES / "mastodon_history.json").read_text("utf-8"))
    assert [link.imitates for link in report.links] == ["tagesschau.de", "tagesschau.de"]


def test_a_history_saved_beside_its_status_is_that_status() -> None:
    """A thread, then the history of its edited second post: three posts, the second in its
    place with its id, the link its first version had among its links."""
    dump = parse_dump((FIXTURES / "mastodon_thread_with_history.jsonl").read_text("utf-8"))
    assert [p.post_id for p in dump.posts] == ["114900000000901", "114900000000902",
                                                "114900000000903"]
    edited = dump.posts[1]
    assert edited.created_at == "2025-09-04T08:01:00Z"
    assert edited.edited_at == "2025-09-04T08:30:00Z"
    assert edited.urls == ("https://www.hochwasserzentralen.de/",
                           "https://hochwasserzentralen.de.pegel-news.example/")
    assert edited.edited_away == ("https://hochwasserzentralen.de.pegel-news.example/",)
    from threadscope.threads import reassemble

    (thread,) = reassemble(
        (FIXTURES / "mastodon_thread_with_history.jsonl").read_text("utf-8")).threads
    assert [p.index for p in thread.posts] == [1, 2, 3] and thread.duplicates == ()


def test_a_history_beside_its_status_in_one_array_is_read_as_on_its_own_line() -> None:
    """The same log saved as one JSON array (``jq -s``): the history, an array in the array,
    was dropped, and with it the link edited away."""
    lines = (FIXTURES / "mastodon_thread_with_history.jsonl").read_text("utf-8").splitlines()
    array = parse_dump("[" + ",".join(lines) + "]")
    assert array.posts == parse_dump("\n".join(lines)).posts
    assert array.posts[1].edited_away == ("https://hochwasserzentralen.de.pegel-news.example/",)


def test_versions_of_several_accounts_are_no_history() -> None:
    """Statuses without ids by different accounts stay separate posts."""
    versions = [{"content": f"<p>{n}</p>", "created_at": "2025-09-04T08:00:00.000Z",
                 "account": {"id": str(n), "acct": f"a{n}"}} for n in range(2)]
    dump = parse_dump(json.dumps(versions))
    assert [p.text for p in dump.posts] == ["0", "1"]
    assert all(p.edited_at is None for p in dump.posts)


@pytest.mark.parametrize("extra", [{}, {"url": "https://tröt.example/@a/1"}])
def test_one_accounts_statuses_cut_down_newest_first_are_no_history(
        extra: dict[str, str]) -> None:
    """A ``jq`` projection of a timeline (content, time, account; newest first), or statuses
    with a Status's own fields: separate posts, not versions of one (two were lost)."""
    statuses = [{"content": f"<p>{n}</p>", "created_at": f"2025-09-04T0{9 - n}:00:00.000Z",
                 "account": {"id": "7", "acct": "a"}, **extra} for n in range(3)]
    dump = parse_dump(json.dumps(statuses))
    assert [p.text for p in dump.posts] == ["0", "1", "2"]


def test_a_poll_option_is_one_line_whatever_it_holds() -> None:
    """An option with line breaks would put lines without ``[ ] `` into the text, and the
    thread marker search reads the lines above the options by that prefix."""
    status = {"id": "1", "created_at": "2025-09-04T08:00:00.000Z", "content": "<p>Umfrage 1/2</p>",
              "account": {"id": "7", "acct": "a"},
              "poll": {"options": [{"title": "Ja\n2/2 nein"}, {"title": "  "}, {"title": 7}]}}
    (post,) = parse_dump(json.dumps([status])).posts
    assert post.text == "Umfrage 1/2\n\n[ ] Ja 2/2 nein\n[ ] 7"


def test_a_poll_is_shown_with_its_post_and_its_options_are_text() -> None:
    """Poll options are the author's words, shown under the post: a line each in its text,
    so a reader of ``thread`` sees them, ``bots`` compares them and links in them count."""
    dump = parse_dump((FIXTURES / "mastodon_poll_and_media.json").read_text("utf-8"))
    poll = dump.posts[0]
    assert poll.text == ("Wem glaubt ihr beim Pegel?\n\n[ ] Dem Landesamt\n"
                         "[ ] tagesschau.de-aktuell.info/wahrheit")
    from threadscope.links import post_links
    from threadscope.models import Link

    (found,) = post_links(poll)
    assert isinstance(found, Link) and found.host == "tagesschau.de-aktuell.info"


def test_media_descriptions_are_no_text_but_their_links_are_links() -> None:
    dump = parse_dump((FIXTURES / "mastodon_poll_and_media.json").read_text("utf-8"))
    pictured = dump.posts[1]
    assert pictured.text == "Das Foto sagt alles."  # an empty description is none
    assert pictured.alt_text == ("Messlatte, Quelle: hxxps://pegel-news[.]example/foto-7",)
    from threadscope.links import post_links
    from threadscope.models import Link

    (found,) = post_links(pictured)
    assert isinstance(found, Link) and found.host == "pegel-news.example"
    assert "defanged" in found.evasions


def test_a_revoked_or_deleted_quote_leaves_its_fallback_line_out() -> None:
    """Mastodon 4.4+: a quote the quoted author revoked, or whose status was deleted, is
    ``{"state": "revoked", "quoted_status": null}``; ``content`` still opens with "RE:
    <link>", which no client shows. The link stays (nothing says it is the quoted one)."""
    dump = parse_dump((FIXTURES / "mastodon_quote_revoked.json").read_text("utf-8"))
    assert [p.text for p in dump.posts] == ["Alles gelogen.", "Weg ist es."]
    assert all(p.urls == ("https://social.example/@ina_berg/114900000000601",)
               for p in dump.posts)


def test_a_suspended_account_says_so_and_who_did_it() -> None:
    bots = FIXTURES.parent / "bots" / "replies_mastodon_suspended.json"
    dump = parse_dump(bots.read_text("utf-8"))
    assert [p.author_status for p in dump.posts] == ["suspended"] * 4 + [None]
    assert dump.posts[0].author_status_by == (
        "the Mastodon server, marked so when the data was saved")
    assert dump.context[0].author_status is None


def test_an_earlier_version_of_a_quote_keeps_its_fallback_link_the_quotes() -> None:
    """A version says nothing of the quote: its "RE:" line is the quote's as in the status,
    so only a link the author took away is ``edited_away``."""
    quoting = json.loads((FIXTURES / "mastodon_quote.json").read_text("utf-8"))[0]
    quoting["edited_at"] = "2025-09-02T12:09:00.000Z"
    first = {"content": quoting["content"].replace(
        "Alles gelogen.", 'Alles gelogen: <a href="https://welt.ltd/x">welt.ltd/x</a>'),
        "created_at": quoting["created_at"], "account": quoting["account"]}
    latest = {"content": quoting["content"], "created_at": quoting["edited_at"],
              "account": quoting["account"]}
    (post,) = parse_dump(json.dumps(quoting) + "\n" + json.dumps([first, latest]) + "\n").posts
    assert post.post_id == "114900000000602" and post.text == "Alles gelogen."
    assert post.edited_away == ("https://welt.ltd/x",) and post.urls == ("https://welt.ltd/x",)


def test_a_page_of_statuses_in_an_array_of_answers_is_read_as_on_its_own_line() -> None:
    """Statuses, an error, a page of two (an array) and accounts saved as one array (found
    by ``test_answers_saved_as_one_array_read_as_one_a_line_or_as_text``): the page was
    dropped, one post of three, where the answers one a line gave its statuses."""
    path = FIXTURES.parent / "bots" / "api_answers" / "mastodon_api_answers.jsonl"
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    status, error, page, account = lines[4], lines[3], lines[5], lines[1]
    answers = [status, status, status, error, page, account, account, status]
    array = parse_dump("[" + ",".join(answers) + "]")
    as_lines = parse_dump("\n".join(answers))
    assert array.format == as_lines.format == "mastodon"
    assert [p.post_id for p in array.posts] == list(dict.fromkeys(
        p.post_id for p in as_lines.posts))
    assert len(array.posts) == 3


def test_an_anchor_shown_as_another_site_is_read_as_its_href() -> None:
    """``<a href="https://welt.ltd/…">welt.de/politik/x</a>``: the link goes to welt.ltd; the
    text a reader sees is kept beside it, and is no welt.de link of the post."""
    from threadscope.links import post_links
    from threadscope.models import Link

    content = ('<p>Lest <a href="https://welt.ltd/politik/x" rel="nofollow">'
               '<span class="invisible">https://</span>welt.de/politik/x</a> und '
               '<a href="https://welt.de/a"><span class="invisible">https://</span>welt.de/a</a></p>')
    status = {"id": "1", "content": content, "account": {"id": "2", "acct": "olaf"}}
    (post,) = parse_dump(json.dumps([status])).posts
    # an anchor shown as its own address has nothing to add
    assert post.link_texts == (("https://welt.ltd/politik/x", "https://welt.de/politik/x"),)
    links = post_links(post)
    assert [(link.url, link.shown) for link in links if isinstance(link, Link)] == [
        ("https://welt.de/a", None),
        ("https://welt.ltd/politik/x", "https://welt.de/politik/x"),
    ]
