"""Bluesky Jetstream logs: posts and reposts from the firehose, one event a line."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.cli import cli
from threadscope.errors import InputError
from threadscope.ingest import FORMATS, parse_dump
from threadscope.ingest.jetstream import ACCOUNTS_KEPT, JetstreamLog
from threadscope.ingest.replies import open_replies
from threadscope.models import Post, PostKind
from threadscope.threads import reassemble

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"
LOG = FIXTURES / "bluesky_jetstream.jsonl"
LEA = "did:plc:l3asommr7wq2xkdyhz4ptv6e"
REPOSTER = "did:plc:x7rp2ktv4dq6nfl3wzj5ybhc"  # announced as handle.invalid: stays a DID
START = 1725904800000000  # 2024-09-09T18:00:00Z


def event(did: str, seconds: float, collection: str = "app.bsky.feed.post",
          rkey: str = "3l3qo2vutsw2b", record: Any = None, operation: str = "create",
          ) -> dict[str, Any]:
    """A commit event as Jetstream writes it."""
    commit: dict[str, Any] = {"rev": "3l3qo2vv5g22b", "operation": operation,
                              "collection": collection, "rkey": rkey}
    if operation != "delete":
        commit["record"] = record if record is not None else {
            "$type": collection, "text": f"Beitrag {rkey}", "createdAt": "2024-09-09T18:00:00Z"}
    return {"did": did, "time_us": START + int(seconds * 1e6), "kind": "commit",
            "commit": commit}


def identity(did: str, handle: Any) -> dict[str, Any]:
    return {"did": did, "time_us": START, "kind": "identity",
            "identity": {"did": did, "handle": handle, "seq": 1, "time": "2024-09-09T18:00:00Z"}}


def lines(*events: Any) -> str:
    return "\n".join(json.dumps(e) for e in events) + "\n"


# --------------------------------------------------------------------------- the fixture


def test_a_thread_is_reassembled_from_jetstream_posts() -> None:
    result = reassemble(LOG.read_text("utf-8"), source=LOG.name)
    assert result.format == "bluesky"
    (thread,) = result.threads
    assert thread.author == "lea-sommer.bsky.social"  # announced after her first post
    assert [p.index for p in thread.posts] == [1, 2, 3, 4] and thread.missing == ()
    assert thread.posts[3].text.endswith("danke an alle, die es schon getan haben.")
    # the quoted post and a reply by someone else are no part of it; the repost has no text
    assert result.unthreaded == (
        "Umfrage: 62 % halten die Briefwahl für sicher.",
        "Danke, genau den habe ich heute auch per Messenger bekommen.")


def test_what_each_event_becomes() -> None:
    dump = parse_dump(LOG.read_text("utf-8"))
    quoted, first, second, answer, repost, third, fourth = dump.posts
    assert dump.context == () and [p.line for p in dump.posts] == list(range(1, 8))
    assert first.post_id == f"at://{LEA}/app.bsky.feed.post/3l3qi5cee222b"
    assert second.reply_to == first.post_id and second.conversation_id == first.post_id
    assert second.urls == ("https://www.tagesschau.de-aktuell.info/inland/wahl-2024-ergebnisse",)
    assert answer.author == "jonas-k.bsky.social"
    assert answer.reply_to_author == "lea-sommer.bsky.social"
    assert repost.kind is PostKind.REPOST and repost.author == REPOSTER
    assert repost.repost_of == first.post_id and repost.text == ""
    assert repost.created_at == "2024-09-09T18:01:40.800000Z"  # Jetstream's clock, not the app's
    # a quote with a card of its own (recordWithMedia)
    assert third.quote_of == quoted.post_id and third.card_title is not None
    assert third.urls == ("https://spiegel.de-news.online/politik/umfrage-briefwahl",)
    assert third.created_at == "2024-09-09T18:02:00.800000Z"
    assert fourth.line == 7 and "danke an alle" in fourth.text  # edited: the latest version
    assert dump.warnings == (
        "JSON Lines: line 19 not valid JSON (invalid JSON at column 96: Unterminated string "
        "starting at); skipped, 18 record(s) read",
        "Bluesky Jetstream: 1 record(s) that are not Jetstream events skipped",
        "Bluesky Jetstream: 1 post(s) edited in the log; each read in its latest version",
        "Bluesky Jetstream: 1 post(s) or repost(s) deleted later in the log; kept as logged",
    )


def test_streamed_for_bots_as_read_whole() -> None:
    whole = parse_dump(LOG.read_text("utf-8"))
    stream = open_replies(str(LOG))
    assert tuple(stream) == whole.posts
    assert stream.format == "bluesky"
    assert stream.warnings == list(whole.warnings)


def test_a_facet_link_to_a_look_alike_is_found_by_audit() -> None:
    from threadscope.models import Verdict
    from threadscope.pipeline import audit

    report = audit(LOG.read_text("utf-8"), source=LOG.name)
    found = {link.domain: link for link in report.links}
    clone = found["www.tagesschau.de-aktuell.info"]
    assert clone.verdict is Verdict.LOOKALIKE and clone.imitates == "tagesschau.de"
    assert found["spiegel.de-news.online"].imitates == "spiegel.de"  # the card's link
    assert report.post_links[(1, 1)] == (report.links.index(clone),)  # under post 2 of 4


# --------------------------------------------------------------------------- decisions


def test_an_account_has_one_name_the_last_handle_it_was_given() -> None:
    ana, ben = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb"
    dump = parse_dump(lines(
        event(ana, 0, rkey="3a"), identity(ana, "ana-old.bsky.social"),
        event(ana, 1, rkey="3b"), identity(ana, "Ana.Example.org"),
        event(ben, 2, rkey="3c"), identity(ben, "ana-old.bsky.social"),  # handed over
    ))
    assert [p.author for p in dump.posts] == ["ana.example.org", "ana.example.org",
                                              "ana-old.bsky.social"]
    taken = parse_dump(lines(event(ana, 0), identity(ana, "x.bsky.social"),
                             event(ben, 1), identity(ben, "x.bsky.social")))
    assert [p.author for p in taken.posts] == [ana, "x.bsky.social"]


@pytest.mark.parametrize("handle", ["handle.invalid", "", None, 5, ["a.b"], "nodots",
                                    "a b.bsky.social", "x" * 300 + ".com"])
def test_a_handle_that_names_no_one_leaves_the_did(handle: Any) -> None:
    did = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"
    dump = parse_dump(lines(identity(did, handle), event(did, 0, rkey="3a"),
                            event(did, 1, rkey="3b")))
    assert [p.author for p in dump.posts] == [did, did]


def test_replays_and_edits_count_once_and_deletes_are_kept() -> None:
    did = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"
    edited = {"text": "Neu", "createdAt": "2024-09-09T18:00:00Z"}
    dump = parse_dump(lines(
        event(did, 0, rkey="3a"), event(did, 1, rkey="3b"),
        event(did, 5, rkey="3b", record=edited, operation="update"),
        # a collector reconnected with a cursor a little back: the creates come again
        event(did, 0, rkey="3a"), event(did, 1, rkey="3b"),
        event(did, 6, rkey="3c", record=edited, operation="update"),  # created before the log
        event(did, 7, rkey="3a", operation="delete"),
        event(did, 7, rkey="3a", operation="delete"),  # replayed too
        event(did, 8, rkey="3z", operation="delete"),  # not in the log: nothing to say
        event(did, 9, collection="app.bsky.feed.like", rkey="3l", record={"subject": {}}),
    ))
    assert [(p.post_id or "")[-2:] for p in dump.posts] == ["3a", "3b", "3c"]
    assert [p.text for p in dump.posts] == ["Beitrag 3a", "Neu", "Neu"]
    assert dump.warnings == (
        "Bluesky Jetstream: 2 post(s) logged more than once (replayed events), each counted "
        "once",
        "Bluesky Jetstream: 1 post(s) edited in the log; each read in its latest version",
        "Bluesky Jetstream: 1 post(s) or repost(s) deleted later in the log; kept as logged",
    )


def test_jetstreams_first_form_is_read_too() -> None:
    """Until the autumn of 2024 Jetstream wrote ``"type": "com"`` and ``commit.type``."""
    did = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"
    old = [{"did": did, "time_us": START, "type": "id",
            "identity": {"did": did, "handle": "alt.bsky.social"}},
           {"did": did, "time_us": START, "type": "com",
            "commit": {"rev": "3l", "type": "c", "collection": "app.bsky.feed.post",
                       "rkey": "3a", "record": {"text": "Hallo"}}},
           {"did": did, "time_us": START, "type": "com",
            "commit": {"rev": "3m", "type": "d", "collection": "app.bsky.feed.post",
                       "rkey": "3a"}}]
    dump = parse_dump(lines(*old))
    assert [(p.author, p.text, p.created_at) for p in dump.posts] == [
        ("alt.bsky.social", "Hallo", "2024-09-09T18:00:00Z")]


def test_known_by_most_events_not_the_first_and_as_a_saved_array() -> None:
    text = LOG.read_text("utf-8")
    assert json.loads(text.splitlines()[0])["kind"] == "account"  # no post opens the log
    events = [json.loads(line) for line in text.splitlines()[:-1]]
    as_array = parse_dump(json.dumps(events))
    assert as_array.format == "bluesky" and as_array.posts == parse_dump(text).posts
    stray = [{"note": f"collector restarted {i}"} for i in range(12)]
    assert parse_dump(lines(*stray, *events[:8])).format == "text"  # most records: no events


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize("start,end", [(-1, 5), (0, 10**30), (3, 3), (5, 2), ("0", "4"),
                                       (0.0, 4.0), (None, 4), (1, 2)])
def test_facet_offsets_that_lie_are_skipped(start: Any, end: Any) -> None:
    """Byte offsets beyond the text, reversed, of the wrong type, or cutting a character in
    half (``ü`` is two bytes): a link whose span is in the text is kept, nothing raises."""
    record = {"text": "ü welt.ltd", "facets": [
        {"index": {"byteStart": start, "byteEnd": end},
         "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://welt.ltd"}]}]}
    (post,) = parse_dump(lines(event("did:plc:a", 0, record=record),
                               event("did:plc:a", 1, rkey="3b"))).posts[:1]
    inside = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= 11
    assert post.urls == (("https://welt.ltd",) if inside else ())


@pytest.mark.parametrize("odd", [
    {"did": 5, "time_us": START, "kind": "commit"},
    {"did": "did:plc:a", "time_us": START, "kind": "commit", "commit": []},
    {"did": "did:plc:a", "time_us": START, "kind": "commit",
     "commit": {"collection": "app.bsky.feed.post", "operation": "create", "rkey": "a/b",
                "record": {"text": "x"}}},
    {"did": "did:plc:a", "time_us": START, "kind": "commit",
     "commit": {"collection": "app.bsky.feed.post", "operation": "create", "rkey": "x" * 600,
                "record": {"text": "x"}}},
    {"did": "not a did", "time_us": START, "kind": "commit",
     "commit": {"collection": "app.bsky.feed.post", "operation": "create", "rkey": "3a",
                "record": {"text": "x"}}},
    {"did": "did:plc:a", "time_us": START, "kind": "commit",
     "commit": {"collection": "app.bsky.feed.post", "operation": 7, "rkey": "3a",
                "record": {"text": "x"}}},
    {"did": "did:plc:a", "time_us": START, "kind": "commit",
     "commit": {"collection": "app.bsky.feed.post", "operation": "create", "rkey": "3a",
                "record": ["text"]}},
    {"did": "did:plc:a", "time_us": START, "kind": "commit",
     "commit": {"collection": "app.bsky.feed.repost", "operation": "create", "rkey": "3a",
                "record": {"subject": "at://x"}}},
    {"did": "did:plc:a", "time_us": START, "kind": "identity", "identity": "alice"},
    {"did": "did:plc:a", "time_us": START, "kind": "account", "account": None},
    {"did": "did:plc:a", "time_us": START, "kind": ["commit"]},
    [1, "two", None],
    "a string",
])
def test_an_odd_event_costs_itself_only(odd: Any) -> None:
    good = [event("did:plc:b", i, rkey=f"3k{i}") for i in range(4)]
    dump = parse_dump(lines(good[0], odd, *good[1:]))
    assert dump.format == "bluesky"
    assert [p.text for p in dump.posts] == [f"Beitrag 3k{i}" for i in range(4)]


@pytest.mark.parametrize("time_us", [10**40, -5, "1725904800000000", True, None, 1.5e15])
@pytest.mark.parametrize("created", ["99999-01-01T00:00:00Z", 17, None, "gestern"])
def test_times_that_are_no_times(time_us: Any, created: Any) -> None:
    record = {"text": "x", "createdAt": created}
    one = {**event("did:plc:a", 0, rkey="3a", record=record), "time_us": time_us}
    dump = parse_dump(lines(one, event("did:plc:a", 1, rkey="3b"), event("did:plc:a", 2)))
    assert dump.posts[0].created_at is None


def test_wrong_types_inside_a_post_record() -> None:
    record = {"text": ["x"], "reply": {"parent": "at://x", "root": {"uri": 5}},
              "embed": {"external": "https://welt.ltd", "record": {"record": []},
                        "media": {"external": {"uri": None, "title": 3}}},
              "facets": {"index": 1}}
    (post, _) = parse_dump(lines(event("did:plc:a", 0, record=record),
                                 event("did:plc:a", 1, rkey="3b"))).posts
    assert post.text == "" and post.reply_to is None and post.urls == ()
    assert post.conversation_id == "5"  # ids that are numbers are read as text, as elsewhere


def test_a_log_of_likes_and_follows_has_no_replies_for_bots(tmp_path: Path) -> None:
    did = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"
    path = tmp_path / "likes.jsonl"
    path.write_text(lines(*(event(did, i, collection="app.bsky.feed.like", rkey=f"3l{i}",
                                  record={"subject": {"uri": "at://x"}}) for i in range(5))))
    with pytest.raises(InputError, match="no posts or reposts among the 5 Jetstream event"):
        list(open_replies(str(path)))
    result = CliRunner().invoke(cli, ["bots", str(path), "--offline"], catch_exceptions=False)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_broken_lines_of_a_streamed_log_are_named_once(tmp_path: Path) -> None:
    good = [json.dumps(event("did:plc:b", i, rkey=f"3k{i}")) for i in range(9)]
    broken = ['{"did": "did:plc:b", "time', "}{", "nicht json", "[1,", '{"a":', "{{"]
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join([good[0], good[1], *broken, *good[2:]]) + "\n")
    stream = open_replies(str(path))
    assert len(list(stream)) == 9
    assert stream.warnings[0].startswith("JSON Lines: lines 3, 4, 5, 6, 7 and 1 more not "
                                         "valid JSON (invalid JSON at column")
    assert stream.warnings[0].endswith("; skipped, 9 record(s) read")


_KEYS = st.sampled_from([
    "did", "time_us", "kind", "type", "commit", "operation", "collection", "rkey", "record",
    "text", "facets", "index", "byteStart", "byteEnd", "features", "uri", "embed", "external",
    "media", "reply", "parent", "root", "subject", "createdAt", "identity", "handle"])


def _nested(kids: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(kids, max_size=3) | st.dictionaries(_KEYS, kids, max_size=5)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12), _nested,
    max_leaves=20)
_EVENTS = st.fixed_dictionaries(
    {"did": st.sampled_from(["did:plc:a", "did:web:b.example", "x"]),
     "time_us": st.integers() | st.none(),
     "kind": st.sampled_from(["commit", "identity", "account", "com"]),
     "commit": st.fixed_dictionaries(
         {"operation": st.sampled_from(["create", "update", "delete", "c", 3]),
          "collection": st.sampled_from(["app.bsky.feed.post", "app.bsky.feed.repost"]),
          "rkey": st.sampled_from(["3a", "3b", "", "a/b"]) | st.integers(),
          "record": _VALUES})},
    optional={"identity": _VALUES},
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_EVENTS | _VALUES, min_size=2, max_size=6))
def test_hostile_logs_give_posts_never_a_traceback(events: list[Any]) -> None:
    text = "\n".join(json.dumps(e) for e in events)
    dump = parse_dump(text)
    assert dump.format in FORMATS
    assert all(isinstance(p, Post) and isinstance(p.text, str) for p in dump.all_posts)
    assert reassemble(text, source="x").format in FORMATS


@settings(max_examples=60, deadline=None)
@given(st.lists(_EVENTS | _VALUES, min_size=3, max_size=6))
def test_hostile_logs_streamed_give_posts_or_one_input_error(events: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.jsonl"
        path.write_text("\n".join(json.dumps(e) for e in events) + "\n", "utf-8")
        try:
            posts = list(open_replies(str(path)))
        except InputError:
            return
    assert all(isinstance(p, Post) and isinstance(p.text, str) for p in posts)


def test_times_are_the_networks_clock_and_an_edit_keeps_its_post_time() -> None:
    """createdAt is what the author's app writes (a backdated import, a team spreading its
    posts on paper); time_us is when Jetstream saw the record, the clock bots needs."""
    backdated = {"$type": "app.bsky.feed.post", "text": "Alt", "createdAt": "2019-01-01T00:00:00Z"}
    created = event(LEA, 0, record=backdated)
    edited = event(LEA, 600, record=dict(backdated, text="Neu"), operation="update")
    (post,) = parse_dump(lines(created, edited)).posts
    assert (post.text, post.created_at) == ("Neu", "2024-09-09T18:00:00Z")
    (post,) = parse_dump(lines(dict(created, time_us=None), identity(LEA, "lea.example"))).posts
    assert post.created_at == "2019-01-01T00:00:00Z"


def test_alt_text_of_a_logged_post_is_kept_apart_and_named_by_whom() -> None:
    record = {"$type": "app.bsky.feed.post", "text": "Seht selbst.",
              "createdAt": "2024-09-09T18:00:00Z",
              "embed": {"$type": "app.bsky.embed.images", "images": [
                  {"alt": "Quelle: welt.ltd/wahl", "image": {"$type": "blob"}}]}}
    gone = {"did": LEA, "time_us": START + 9, "kind": "account",
            "account": {"active": False, "did": LEA, "seq": 1, "status": "takendown",
                        "time": "2024-09-09T18:00:00Z"}}
    (post,) = parse_dump(lines(event(LEA, 1, record=record), event(LEA, 2, "app.bsky.feed.like"),
                               gone)).posts
    assert post.text == "Seht selbst." and post.alt_text == ("Quelle: welt.ltd/wahl",)
    assert post.author_status == "takendown"
    assert post.author_status_by == "Bluesky later in the log"


def _did(number: int) -> str:
    return f"did:plc:{number:024d}"


def test_accounts_announced_past_the_limit_are_not_kept_and_that_is_said() -> None:
    """A hostile log of millions of identity (or account) events of accounts that never
    post would make what the log carries grow with it, and ``bots`` streams a log however
    large: past ``ACCOUNTS_KEPT`` accounts an announcement is passed over, counted, said;
    a post of such an account is shown by its DID, as when no handle was announced."""
    log = JetstreamLog(kept=2)
    for number in range(1, 6):
        log.add(identity(_did(number), f"konto{number}.bsky.social"))
    log.add(identity(_did(1), "umbenannt.bsky.social"))  # a known account: still followed
    log.add({"did": _did(7), "time_us": START, "kind": "account",
             "account": {"did": _did(7), "active": False, "status": "suspended"}})
    log.add(event(_did(1), 1, rkey="3l3qo2vutsw2a"))
    log.add(event(_did(5), 2, rkey="3l3qo2vutsw2c"))
    assert len(log.handles) == 2 and list(log.statuses) == [_did(7)]  # a limit each
    assert [(p.author, p.author_status) for p in log.posts()] == [
        ("umbenannt.bsky.social", None), (_did(5), None)]
    assert log.warnings() == ["Bluesky Jetstream: more than 2 accounts announced; 3 later "
                              "announcement(s) not kept (their posts shown by DID)"]
    assert JetstreamLog().kept == ACCOUNTS_KEPT >= 100_000
