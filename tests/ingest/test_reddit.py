"""Reddit: the fixtures copy the shape of the Reddit API's answers as PRAW 8.0.3 recorded them
(``tests/integration/cassettes``: a ``/comments/ID`` answer, ``more`` stubs, ``[deleted]``) and of
Pushshift-style archive lines (a thing's ``data`` one a line); the words, users and links are
made up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from threadscope.ingest import parse_dump
from threadscope.ingest.reddit import markdown
from threadscope.ingest.replies import open_replies
from threadscope.models import PostKind
from threadscope.threads import reassemble

ROOT = Path(__file__).resolve().parents[2]
COMMENTS = ROOT / "fixtures" / "threads" / "reddit_comments.json"
ARCHIVE = ROOT / "fixtures" / "bots" / "reddit_pushshift_comments.jsonl"
COLLECTION = ROOT / "fixtures" / "bots" / "reddit_collection.json"


def test_a_submission_page_is_a_thread_of_its_authors_self_replies() -> None:
    result = reassemble(COMMENTS.read_text("utf-8"))
    assert result.format == "reddit"
    (thread,) = result.threads
    assert thread.author == "kiesel_forscherin" and thread.total == 3 and not thread.missing
    assert [p.post_id for p in thread.posts] == ["t3_1bx7kq2", "t1_l0a1b2c", "t1_l0a1c3d"]
    assert thread.posts[1].reply_to == "t3_1bx7kq2" and thread.posts[2].reply_to == "t1_l0a1b2c"
    assert result.warnings == ("Reddit: 2 post(s) deleted or removed (no author or no text)",
                               "Reddit: 5 comment(s) not in the answer ('more' stubs)")


def test_what_a_post_says_and_links_to() -> None:
    posts = {p.post_id: p for p in parse_dump(COMMENTS.read_text("utf-8")).posts}
    head = posts["t3_1bx7kq2"]
    assert head.urls == ("https://kieselstudie-echt.info/2024/zahlen?quelle=reddit&teil=1",)
    assert head.created_at == "2024-04-05T06:53:20Z" and head.conversation_id == "t3_1bx7kq2"
    second = posts["t1_l0a1b2c"]
    assert second.text == "2/3 Die Tabelle auf Seite 4 zählt Messpunkte doppelt & rundet auf."
    assert second.urls == ("https://archiv.example.org/kiesel_tabelle_(2024)",)
    third = posts["t1_l0a1c3d"]
    assert "www.kiesel-amt.de/bericht_2024 > Kapitel" in third.text  # escapes read
    assert third.edited_at == "2024-04-05T08:00:00Z"
    hidden = posts["t1_l0a2e4f"]
    assert "Warum kiesel-amt.de und" in hidden.text
    assert hidden.urls == ("https://kiesel-amt-bericht.ltd/login",)  # the address, not the words


def test_deleted_and_removed_are_no_author_and_no_text() -> None:
    posts = {p.post_id: p for p in parse_dump(COMMENTS.read_text("utf-8")).posts}
    assert (posts["t1_l0a3g7h"].author, posts["t1_l0a3g7h"].text) == (None, "")
    assert (posts["t1_l0a4h8i"].author, posts["t1_l0a4h8i"].text) == ("lea_liest", "")


def test_a_self_post_links_nowhere_and_archive_lines_stream() -> None:
    stream = open_replies(str(ARCHIVE))
    posts = list(stream)
    assert stream.format == "reddit"
    assert posts[0].post_id == "t3_1c02zz9" and posts[0].urls == ()
    assert posts[0].text == ("Neue Messwerte aus dem Kieswerk\n\n"
                             "Die neuen Messwerte sind da. Was meint ihr?")
    assert posts[1].kind is PostKind.REPLY and posts[1].reply_to == "t3_1c02zz9"
    assert posts[1].urls == ("https://kieswerk-skandal.info/beweis",)
    assert posts[1].text == "Die Wahrheit steht hier: Messbericht – teilen!"
    assert posts[-1].author is None and posts[-1].text == ""


def test_pushshift_api_answer_and_morechildren() -> None:
    lines = [json.loads(line) for line in ARCHIVE.read_text("utf-8").splitlines()]
    dump = parse_dump(json.dumps({"data": lines[1:4], "metadata": {}}))
    assert dump.format == "reddit" and [p.post_id for p in dump.posts] == [
        "t1_kx001ab", "t1_kx002ab", "t1_kx003ab"]
    things = [{"kind": "t1", "data": line} for line in lines[1:3]]
    dump = parse_dump(json.dumps({"json": {"errors": [], "data": {"things": things}}}))
    assert dump.format == "reddit" and len(dump.posts) == 2


@pytest.mark.parametrize(("body", "shown", "links"), [
    ("[hier](https://a.de/x \"t\") und [dort](<https://b.de/y>)", "hier und dort",
     ("https://a.de/x", "https://b.de/y")),
    ("siehe [r/news](/r/news) und https://c.de/a\\_b", "siehe r/news und https://c.de/a_b", ()),
    ("&lt;b&gt; &amp;amp; [x](https://d.de/?a=1&amp;b=2)", "<b> &amp; x", ("https://d.de/?a=1&b=2",)),
    ("[unclosed](https://e.de", "[unclosed](https://e.de", ()),
])
def test_markdown(body: str, shown: str, links: tuple[str, ...]) -> None:
    assert markdown(body) == (shown, links)


def test_hostile_records_warn_and_never_raise() -> None:
    records = [
        {"kind": "Listing", "data": {"children": [
            {"kind": "t1", "data": {"id": 5, "author": ["x"], "body": {"a": 1}, "parent_id": None,
                                    "replies": [1], "created_utc": "nan", "edited": "yes"}},
            {"kind": "t3", "data": {"title": 7, "url": 5, "created_utc": 1e300}},
            {"kind": "more", "data": {"count": "x", "children": 5}}, 5, None]}},
        {"kind": "t1", "data": []},
        {"id": "y", "title": "t", "subreddit": "s", "author": "[deleted]", "selftext": "[removed]",
         "created_utc": "1712300000.5", "body": "x" * 1_000_000},
    ]
    dump = parse_dump("\n".join(json.dumps(r) for r in records))
    assert dump.format == "reddit"
    assert [(p.post_id, p.author, p.created_at, p.urls) for p in dump.posts] == [
        ("t1_5", None, None, ()), (None, None, None, ()),
        ("t3_y", None, "2024-04-05T06:53:20Z", ())]
    assert dump.warnings == ("Reddit: 1 record(s) that are not posts skipped",
                             "Reddit: 3 post(s) deleted or removed (no author or no text)")


def test_a_chain_of_answers_past_the_recursion_limit_is_read_whole() -> None:
    """Each answer nests five levels below the one it answers: 300 are past the limit of
    Python's own JSON decoder, which read them as text with a warning before."""
    levels = 300
    node = '""'
    for i in range(levels, 0, -1):
        node = ('{"kind": "Listing", "data": {"children": [{"kind": "t1", "data": '
                f'{{"id": "c{i}", "author": "a", "body": "b", "parent_id": "t1_c{i - 1}", '
                f'"link_id": "t3_x", "replies": {node}}}}}]}}}}')
    dump = parse_dump(node)
    assert dump.format == "reddit" and not dump.warnings
    assert [p.post_id for p in dump.posts] == [f"t1_c{i}" for i in range(1, levels + 1)]


def test_bots_finds_the_crowd_in_an_archive() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "threadscope", "bots", str(ARCHIVE), "--offline",
         "--format", "json"],
        capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["clusters"][0]["verdict"] == "coordinated"
    assert set(report["clusters"][0]["accounts"]) == {
        "MariaSchulz83651", "heinz_w19283", "kies_wahrheit_22", "Uwe_K_55102", "sabine_r_70113"}
    assert "Traceback" not in done.stderr


def test_deleted_accounts_answering_each_other_are_no_thread() -> None:
    def comment(own: str, parent: str) -> dict[str, object]:
        return {"id": own, "author": "[deleted]", "body": f"Antwort {own}", "parent_id": parent,
                "link_id": "t3_s", "created_utc": 1712300000, "subreddit": "s"}

    lines = [comment("a", "t3_s"), comment("b", "t1_a")]
    result = reassemble("\n".join(json.dumps(line) for line in lines))
    assert result.format == "reddit" and result.threads == ()
    assert {p.author_status for p in parse_dump(json.dumps(lines)).posts} == {"deleted"}


def test_comments_whose_submission_is_in_another_file_are_no_lost_threads() -> None:
    lines = ARCHIVE.read_text("utf-8").splitlines()[1:]  # an RC_ file: no submissions
    assert reassemble("\n".join(lines)).threads == ()


@pytest.mark.parametrize("kind", [["t1"], {"t": 1}])
def test_a_kind_that_is_no_string_is_no_thing(kind: object) -> None:
    listing = {"kind": "Listing", "data": {"children": [
        {"kind": "t1", "data": {"id": "a", "author": "u", "body": "hi", "parent_id": "t3_x"}},
        {"kind": kind, "data": {"id": "b", "author": "u", "body": "hi"}}]}}
    dump = parse_dump(json.dumps([listing]))  # raised TypeError (unhashable) before
    assert [p.post_id for p in dump.posts] == ["t1_a"]


def test_a_link_left_open_before_a_run_of_spaces_is_read_in_linear_time() -> None:
    """``[](`` and 200,000 spaces: the runs of white space around a title backtracked into
    each other (80,000 spaces took 9 s; this size, about a minute)."""
    shown, links = markdown("[](" + " " * 200_000 + "x")
    assert shown.startswith("[](") and links == ()


def test_a_collections_submissions_are_posts() -> None:
    """PRAW 8.0.3 records ``/api/v1/collections/collection`` as a collection whose
    ``sorted_links`` Listing holds its submissions: read whole, they were skipped."""
    dump = parse_dump(COLLECTION.read_text("utf-8"))
    assert dump.format == "reddit"
    assert [p.post_id for p in dump.posts] == ["t3_1c03aa1", "t3_1c03aa2"]
    assert dump.posts[0].urls == ("https://kieswerk-verein.de/maerz.pdf",)
    assert dump.posts[1].text == "Messbericht April\n\nDie Werte für April, Tabelle folgt."
    assert not any("skipped" in warning for warning in dump.warnings)


def _live_update(uuid: str, author: str, body: str, created: float) -> dict[str, object]:
    """A live thread's update as PRAW 8.0.3 recorded ``/live/ID``'s listing: the update
    names neither its live thread nor an update it answers."""
    return {"kind": "LiveUpdate", "data": {
        "body": body, "name": f"LiveUpdate_{uuid}", "mobile_embeds": [], "author": author,
        "embeds": [], "created": created + 28800, "created_utc": created,
        "body_html": "<div class=\"md\"><p>…</p></div>", "stricken": False, "id": uuid}}


def test_a_live_threads_updates_are_posts() -> None:
    """``LiveUpdate`` things in a live thread's listing were skipped as things of no known
    kind: each is a post of its author's, at its time, with the links of its Markdown."""
    listing = {"kind": "Listing", "data": {"modhash": "", "before": None, "after": None,
                                           "children": [
        _live_update("0a1b-11e6", "kies_ticker", "Neue [Zahlen](https://kies-live.info/z)",
                     1477083977.0),
        _live_update("0a1c-11e6", "lea_liest", "Bestätigt &amp; geprüft.", 1477080000.0)]}}
    dump = parse_dump(json.dumps(listing))
    assert dump.format == "reddit" and not dump.warnings
    first, second = dump.posts
    assert (first.post_id, first.author, first.text) == (
        "LiveUpdate_0a1b-11e6", "kies_ticker", "Neue Zahlen")
    assert first.urls == ("https://kies-live.info/z",)
    assert first.created_at == "2016-10-21T21:06:17Z"
    assert first.conversation_id is None and first.reply_to is None
    assert second.text == "Bestätigt & geprüft." and second.author == "lea_liest"


LIVE = ROOT / "fixtures" / "threads" / "reddit_live_thread.jsonl"
"""A live thread's ``/about`` answer, its updates' ``Listing`` and a ``/api/live/by_id``
``Listing``, in the shapes PRAW 8.0.3 recorded (``TestLiveThread``, ``TestReddit.test_live_*``
cassettes); the words and links are made up."""


def test_a_live_thread_is_the_root_post_of_its_own_conversation() -> None:
    """``LiveUpdateEvent`` things were skipped as things of no known kind: the live thread
    is a post, its title and description its text, its links the description's; it names
    no author (and is no deleted one), and its updates name no thread to hang under it."""
    dump = parse_dump(LIVE.read_text("utf-8"))
    assert dump.format == "reddit" and not dump.warnings
    live = dump.posts[0]
    assert live.post_id == live.conversation_id == "LiveUpdateEvent_xk7q2m9t4p1a"
    assert live.text.startswith("Anhörung Kieswerk & Stadtrat – live\n\nLaufende Updates")
    assert live.urls == ("https://rathaus-kiesel.example.org/tagesordnung",)
    assert live.author is None and live.author_status is None and live.reply_to is None
    assert live.created_at == "2024-05-01T08:00:00Z"
    updates = dump.posts[1:4]
    assert {p.post_id.split("_")[0] for p in updates if p.post_id} == {"LiveUpdate"}
    assert all(p.conversation_id is None and p.reply_to is None for p in updates)
    listed = dump.posts[4]
    assert (listed.post_id, listed.text) == ("LiveUpdateEvent_xm3r8v2w6q0b",
                                             "Hochwasser am Kiesweiher – Meldungen")


def test_a_live_thread_streams_as_read_whole() -> None:
    stream = open_replies(str(LIVE))
    streamed = [(p.post_id, p.text, p.conversation_id) for p in stream]
    whole = [(p.post_id, p.text, p.conversation_id) for p in parse_dump(LIVE.read_text()).posts]
    assert stream.format == "reddit" and streamed == whole


FETCHED = ROOT / "fixtures" / "bots" / "reddit_fetched_three_times.jsonl"
"""Four accounts' comments, each saved three times (an archive's record as first posted, an
API fetch a day later after an edit that replaced the link and the punctuation, one a week
later with other scores), a submission and a reply fetched once."""


def test_a_post_fetched_in_several_versions_is_one_post_its_latest() -> None:
    dump = parse_dump(FETCHED.read_text("utf-8"))
    assert dump.format == "reddit"
    assert [p.post_id for p in dump.posts] == [
        "t3_1ch9k2m", "t1_l3a01bc", "t1_l3a02cd", "t1_l3a03de", "t1_l3a04ef", "t1_l3a09zz"]
    assert [p.line for p in dump.posts] == list(range(1, 7))
    lena = dump.posts[1]
    assert lena.text.startswith("Bitte unterschreibt die Petition gegen die Erweiterung des "
                                "Kieswerks! Jede Stimme")
    assert lena.edited_at is not None
    assert lena.urls == ("https://petition-kieswerk.example.org/unterschreiben",
                         "https://petition-kieswerk.example.org/jetzt")
    assert lena.edited_away == ("https://petition-kieswerk.example.org/jetzt",)


@pytest.mark.parametrize("order", ["as-saved", "newest-first"])
def test_versions_streamed_fold_as_read_whole(order: str, tmp_path: Path) -> None:
    """The latest version is the latest edit, whatever order the fetches were saved in."""
    lines = FETCHED.read_text("utf-8").splitlines()
    if order == "newest-first":
        lines = [lines[0], *lines[9:], *lines[5:9], *lines[1:5]]
    path = tmp_path / "fetched.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    streamed = [(p.post_id, p.text, p.urls) for p in open_replies(str(path))]
    whole = [(p.post_id, p.text, p.urls) for p in parse_dump(path.read_text("utf-8")).posts]
    assert len(streamed) == 6 and sorted(streamed) == sorted(whole)
    assert all("Kieswerks!" in said for _, said, _ in streamed[1:5] if said.startswith("Bitte"))


def test_a_version_deleted_since_keeps_the_words_it_had() -> None:
    """An archive's record, then the API's answer after the account was deleted: the post
    is still the one its author wrote."""
    first = json.loads(FETCHED.read_text("utf-8").splitlines()[1])
    gone = {**first, "author": "[deleted]", "body": "[deleted]", "score": 0}
    (post,) = parse_dump("\n".join(json.dumps(r) for r in (first, gone))).posts
    assert post.author == "anwohnerin_lena" and post.text.startswith("Bitte unterschreibt")


def test_bots_does_not_take_versions_of_one_post_for_an_account_repeating_itself() -> None:
    """Counted once per version, each of the four accounts posted the petition's text twice
    (the third fetch, the same words, was passed over as a repeat): "posted the very same
    text 2 times or more each" made a copied petition a coordinated cluster."""
    done = subprocess.run(
        [sys.executable, "-m", "threadscope", "bots", str(FETCHED), "--offline",
         "--format", "json"],
        capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    assert report["replies"] == 6
    codes = {reason["code"] for cluster in report["clusters"] for reason in cluster["reasons"]}
    assert "repeated-text" not in codes
    assert all(cluster["verdict"] != "coordinated" for cluster in report["clusters"])


def test_a_submission_page_in_an_array_of_answers_is_read_as_on_its_own_line() -> None:
    """``[listing, [submission listing, comments listing]]``: the page in the array was
    dropped (its two Listings are no dicts of the array), where one a line it was read."""
    page = json.loads(COMMENTS.read_text("utf-8"))
    listing = {"kind": "Listing", "data": {"children": [
        {"kind": "t1", "data": {"id": "zz1", "author": "kies_chronik", "body": "Nachtrag",
                                "parent_id": "t3_1bx7kq2", "link_id": "t3_1bx7kq2"}}]}}
    array = parse_dump(json.dumps([listing, page]))
    as_lines = parse_dump(json.dumps(listing) + "\n" + json.dumps(page))
    assert [p.post_id for p in array.posts] == [p.post_id for p in as_lines.posts]
    assert len(array.posts) == 1 + len(parse_dump(COMMENTS.read_text("utf-8")).posts)
