"""Telegram: Telegram Desktop's JSON export (one chat, or the whole account) and Telethon
message dumps (``Message.to_json()`` one a line, or ``to_dict()`` saved as a list).

The Telethon fixture was written by Telethon 1.45's own ``to_json()`` from made-up
messages; the Desktop fixtures follow a Desktop ``result.json`` (field names and value
forms as the export writes them) with made-up chats, names and links.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.cli import cli
from threadscope.ingest import FORMATS, parse_dump
from threadscope.ingest.replies import open_replies
from threadscope.ingest.telegram import utf16_length, utf16_slice, utf16_units
from threadscope.models import PostKind
from threadscope.threads import reassemble

ROOT = Path(__file__).resolve().parents[2]
THREADS = ROOT / "fixtures" / "threads"
CHANNEL = THREADS / "telegram_desktop_channel.json"
ACCOUNT = THREADS / "telegram_desktop_account.json"
TELETHON = THREADS / "telethon_channel.jsonl"
COMMENTS = ROOT / "fixtures" / "bots" / "telegram_discussion_comments.json"
CH = "1987654321"


def _read(path: Path) -> Any:
    return parse_dump(path.read_text("utf-8"))


def _message(**fields: Any) -> dict[str, Any]:
    """A Telethon message as ``to_dict()`` gives it (the fields that matter here)."""
    return {"_": "Message", "id": 7, "peer_id": {"_": "PeerChannel", "channel_id": 55},
            "date": "2024-05-14T07:30:00+00:00", "message": "", "entities": [], **fields}


def _desktop(*messages: dict[str, Any]) -> str:
    return json.dumps({"name": "Kanal", "type": "public_channel", "id": 55,
                       "messages": list(messages)})


# --------------------------------------------------------------------------- Desktop


def test_a_desktop_channel_export_is_telegram_and_service_messages_are_no_posts() -> None:
    dump = _read(CHANNEL)
    assert dump.format == "telegram" and "telegram" in FORMATS
    assert [p.post_id for p in dump.posts] == [f"{CH}/{n}" for n in (401, 402, 403, 405, 406)]
    assert {p.author for p in dump.posts} == {"Klartext Monitor"}
    assert dump.warnings == ()


def test_desktop_times_are_utc_from_date_unixtime_not_the_local_date() -> None:
    first = _read(CHANNEL).posts[0]
    assert first.created_at == "2024-05-14T07:30:00Z"  # "date" says 09:30, Berlin time


def test_a_text_link_is_its_href_not_its_words() -> None:
    first = _read(CHANNEL).posts[0]
    assert "hier nachzulesen" in first.text and "spiegel.pm" not in first.text
    assert first.urls == ("https://spiegel.pm/politik/wahl-2024-skandal",)


def test_text_parts_read_in_order_with_emoji_and_link_entities() -> None:
    second = _read(CHANNEL).posts[1]
    assert second.text == ("2/3 Der Link 🔗👉🏽 tagesschau.de.politik-aktuell.info/eilmeldung "
                           "landet woanders 🤔 (Hinweis von @leserin_hinweise)")
    assert second.urls == ("tagesschau.de.politik-aktuell.info/eilmeldung",)


def test_reply_to_message_id_makes_the_channels_thread() -> None:
    result = reassemble(CHANNEL.read_text("utf-8"), source="c")
    assert result.format == "telegram"
    [thread] = result.threads
    assert [p.post_id for p in thread.posts] == [f"{CH}/401", f"{CH}/402", f"{CH}/403"]
    assert thread.missing == () and thread.author == "Klartext Monitor"


def test_a_forward_is_a_repost_whose_text_stays_as_context() -> None:
    forward = _read(CHANNEL).posts[3]
    assert forward.kind is PostKind.REPOST and forward.repost_of == "@Nachrichten Direkt"
    result = reassemble(CHANNEL.read_text("utf-8"), source="c")
    assert any("bild.eu.com/ticker" in text for text in result.unthreaded)


def test_old_exports_without_date_unixtime_say_their_times_are_local() -> None:
    dump = parse_dump(_desktop({"id": 1, "type": "message", "date": "2019-03-01T10:00:00",
                                "from": "Kanal", "from_id": "channel55", "text": "Hallo"}))
    assert dump.posts[0].created_at == "2019-03-01T10:00:00Z"
    assert "local time" in dump.warnings[0]


def test_text_as_a_list_without_text_entities_is_read_too() -> None:
    dump = parse_dump(_desktop({
        "id": 1, "type": "message", "date_unixtime": "1715671800", "date": "x",
        "from": "Kanal", "from_id": "channel55",
        "text": ["Lesen: ", {"type": "text_link", "text": "hier", "href": "https://welt.ltd/a"},
                 " und ", {"type": "link", "text": "bild.eu.com"}]}))
    [post] = dump.posts
    assert post.text == "Lesen: hier und bild.eu.com"
    assert post.urls == ("https://welt.ltd/a", "bild.eu.com")


def test_a_full_account_export_reads_every_chat_each_id_in_its_chat() -> None:
    dump = _read(ACCOUNT)
    assert dump.format == "telegram"
    ids = [p.post_id for p in dump.posts]
    assert len(ids) == len(set(ids)) == 9
    assert "2011223344/1000" in ids and f"{CH}/401" in ids


def test_chats_as_a_bare_list_are_read_too() -> None:
    """``{"chats": [chat, …]}``, as a chat-export converter's test data has it."""
    chat = json.loads(_desktop({"id": 3, "type": "message", "date_unixtime": "1715671800",
                                "from": "", "from_id": "", "text": "anonym"}))
    dump = parse_dump(json.dumps({"about": "x", "chats": [chat]}))
    [post] = dump.posts
    assert post.post_id == "55/3" and post.author == "Kanal"  # an anonymous admin: the chat


def test_comments_answer_the_channels_post_in_its_discussion_group() -> None:
    posts = {p.post_id: p for p in _read(ACCOUNT).posts}
    copy = posts["2011223344/1000"]
    assert copy.kind is PostKind.ORIGINAL  # the channel's own post, forwarded by itself
    comment = posts["2011223344/1001"]
    assert comment.reply_to == "2011223344/1000"
    assert comment.reply_to_author == "Klartext Monitor"


def test_one_name_for_two_senders_is_told_apart_by_from_id() -> None:
    dump = _read(COMMENTS)
    martas = {p.author for p in dump.posts if p.display_name == "Marta Vogel"}
    assert martas == {"Marta Vogel (user6701234501)", "Marta Vogel (user5099887766)"}


def test_a_sender_without_a_name_is_its_from_id() -> None:
    dump = parse_dump(_desktop({"id": 1, "type": "message", "date_unixtime": "1715671800",
                                "from": None, "from_id": "user123456789", "text": "x"}))
    assert dump.posts[0].author == "user123456789"


# --------------------------------------------------------------------------- Telethon


def test_telethon_to_json_lines_are_telegram() -> None:
    dump = _read(TELETHON)
    assert dump.format == "telegram"
    assert [p.post_id for p in dump.posts] == [f"{CH}/{n}" for n in (401, 402, 403, 405)]
    first = dump.posts[0]
    assert first.author == f"channel{CH}" and first.display_name == "Redaktion"
    assert first.created_at == "2024-05-14T07:30:00Z"
    assert first.urls == ("https://welt.ltd/politik/wahl-2024-skandal",)


def test_telethon_url_entities_are_cut_by_utf16_offsets() -> None:
    second = _read(TELETHON).posts[1]
    assert second.urls == ("tagesschau.de.politik-aktuell.info/eilmeldung",)


def test_a_webpage_preview_is_the_posts_card() -> None:
    third = _read(TELETHON).posts[2]
    assert third.urls == ("https://www.tagesschau.de/inland/wahl-faktencheck-100.html",)
    assert third.card_title == "Faktencheck: Gefälschte Artikel zur Wahl"


def test_a_telethon_forward_of_a_channel_post_reposts_that_post() -> None:
    forward = _read(TELETHON).posts[3]
    assert forward.repost_of == "1555000111/7781" and forward.kind is PostKind.REPOST


def test_telethon_replies_make_the_thread() -> None:
    [thread] = reassemble(TELETHON.read_text("utf-8"), source="t").threads
    assert [p.post_id for p in thread.posts] == [f"{CH}/401", f"{CH}/402", f"{CH}/403"]


def test_to_dict_saved_as_a_list_with_str_dates_is_read() -> None:
    """``json.dump([m.to_dict() for m in messages], f, default=str)``: dates as str()."""
    saved = [_message(id=1, message="a", date="2024-05-14 07:30:00+00:00",
                      from_id={"_": "PeerUser", "user_id": 4242}),
             _message(id=2, message="b", reply_to={"_": "MessageReplyHeader",
                                                   "reply_to_msg_id": 1,
                                                   "reply_to_top_id": 1}),
             {"_": "MessageService", "id": 3, "peer_id": {"_": "PeerChannel", "channel_id": 55},
              "action": {"_": "MessageActionPinMessage"}}]
    dump = parse_dump(json.dumps(saved))
    assert dump.format == "telegram"
    first, second = dump.posts
    assert first.created_at == "2024-05-14T07:30:00Z" and first.author == "user4242"
    assert second.reply_to == "55/1" and second.conversation_id == "55/1"
    assert second.reply_to_author == "user4242"


def test_a_reply_into_another_chat_names_that_chats_message() -> None:
    message = _message(reply_to={"_": "MessageReplyHeader", "reply_to_msg_id": 9,
                                 "reply_to_peer_id": {"_": "PeerChannel", "channel_id": 77}})
    dump = parse_dump(json.dumps([message, _message(id=8)]))
    assert dump.posts[0].reply_to == "77/9"


def test_a_channel_forwarding_its_own_post_is_not_reposting() -> None:
    own = {"_": "PeerChannel", "channel_id": 55}
    message = _message(from_id=own, fwd_from={"_": "MessageFwdHeader", "from_id": own,
                                              "channel_post": 3, "saved_from_peer": own})
    dump = parse_dump(json.dumps([message, _message(id=8)]))
    assert dump.posts[0].kind is PostKind.ORIGINAL


# --------------------------------------------------------------------------- UTF-16


_PIECES = ["a", "ß", " ", "\n", "😀", "🇩🇪", "👨\u200d👩\u200d👧", "👉🏽", "𝐰", "中", "\u200b",
           "é", "🧵"]
_EMOJI_RICH = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)
"""Text where many characters are two UTF-16 units (emoji, flags, 𝐰), joined or not."""


@settings(max_examples=200, deadline=None)
@given(before=_EMOJI_RICH, after=_EMOJI_RICH,
       host=st.sampled_from(["welt.ltd", "bild.eu.com", "xn--wlt-xla.de"]))
def test_url_entities_are_found_wherever_emoji_stand(before: str, after: str,
                                                      host: str) -> None:
    url = f"https://{host}/a"
    body = f"{before} {url} {after}"
    offset = utf16_length(f"{before} ")
    entity = {"_": "MessageEntityUrl", "offset": offset, "length": utf16_length(url)}
    dump = parse_dump(json.dumps([_message(message=body, entities=[entity])]))
    assert dump.posts[0].urls == (url,)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30), st.text(max_size=10))
def test_utf16_slice_takes_back_what_was_put_between(before: str, piece: str,
                                                     after: str) -> None:
    body = before + piece + after
    assert utf16_slice(utf16_units(body), utf16_length(before), utf16_length(piece)) == piece


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.integers(-5, 60), st.integers(-5, 60))
def test_entities_out_of_range_or_splitting_a_pair_never_raise(body: str, offset: int,
                                                                length: int) -> None:
    entity = {"_": "MessageEntityUrl", "offset": offset, "length": length}
    parse_dump(json.dumps([_message(message=body, entities=[entity])]))


# --------------------------------------------------------------------------- CLI


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("path", [CHANNEL, ACCOUNT, TELETHON])
def test_thread_json_says_telegram(path: Path) -> None:
    result = _run("thread", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "telegram"


def test_audit_finds_the_link_hidden_behind_words() -> None:
    result = _run("audit", str(CHANNEL), "--offline", "--format", "json")
    assert result.exit_code == 1
    found = {link["domain"]: link["verdict"] for link in json.loads(result.stdout)["links"]}
    assert found["spiegel.pm"] == "lookalike"


def test_bots_streams_telethon_lines() -> None:
    stream = open_replies(str(TELETHON))
    posts = list(stream)
    assert stream.format == "telegram" and len(posts) == 4


HOSTILE = [
    '{"name": "x", "messages": [{"id": 1, "type": "message", "date": null, "text": [[[]]]}]}',
    '{"messages": [{"id": [], "type": "message", "date_unixtime": "99999999999999999999", '
    '"from": 5, "from_id": {}, "text": {"a": 1}, "text_entities": "no", '
    '"reply_to_message_id": {"x": 1}, "forwarded_from": null}]}',
    '{"chats": {"list": [null, 1, {"messages": [{"id": 1, "type": "service", "date": 1}]}]}}',
    '{"chats": {"list": [{"id": "channel", "messages": [{"id": 2, "type": "message", '
    '"date": "2024-13-45T99:00:00", "text_entities": [null, 1, {"type": "text_link"}]}]}]}}',
    '[{"_": "Message", "id": 1, "peer_id": "x", "message": 5, "entities": [{"_": '
    '"MessageEntityUrl", "offset": true, "length": 1e308}], "media": {"_": '
    '"MessageMediaWebPage", "webpage": []}, "fwd_from": {"from_id": 3}, "reply_to": 1}]',
    '{"_": "Message", "id": 1, "message": "\\ud83d lone", "entities": [{"_": '
    '"MessageEntityUrl", "offset": 0, "length": 1}]}\n{"_": "MessageEmpty", "id": 2}\n'
    '{"_": "Message"}\n',
]


@pytest.mark.parametrize("command", [["thread"], ["audit", "--offline"], ["bots", "--offline"]])
@pytest.mark.parametrize("data", HOSTILE)
def test_hostile_telegram_is_a_result_or_one_line(command: list[str], data: str,
                                                  tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(data, "utf-8")
    result = _run(command[0], str(path), *command[1:])
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize("tag", [["Message"], {"_": "Message"}])
def test_a_telethon_type_tag_that_is_no_string_is_no_telethon_message(tag: Any) -> None:
    line = json.dumps({"_": tag, "id": 1, "message": "x"})
    dump = parse_dump(f"{line}\n{line}\n{line}\n")  # raised TypeError (unhashable) before
    assert dump.format != "telegram"


def test_a_message_in_a_forum_topic_answers_no_one() -> None:
    """Telethon names the topic's first message in ``reply_to_msg_id`` of every message of
    the topic (``forum_topic``, no ``reply_to_top_id``): its conversation, not its parent;
    a reply inside the topic names both."""
    topic = {"_": "MessageReplyHeader", "forum_topic": True, "reply_to_msg_id": 5}
    inner = {**topic, "reply_to_msg_id": 7, "reply_to_top_id": 5}
    lines = [_message(id=8, from_id={"_": "PeerUser", "user_id": 1}, reply_to=topic),
             _message(id=9, from_id={"_": "PeerUser", "user_id": 2}, reply_to=inner)]
    first, second = parse_dump("\n".join(map(json.dumps, lines))).posts
    assert (first.reply_to, first.conversation_id) == (None, "55/5")
    assert (second.reply_to, second.conversation_id) == ("55/7", "55/5")


def test_a_message_the_exporter_sent_to_a_person_is_not_that_persons() -> None:
    to_person = {"_": "PeerUser", "user_id": 555}
    sent = _message(id=3, peer_id=to_person, out=True)
    received = _message(id=4, peer_id=to_person, out=False)
    first, second = parse_dump("\n".join(map(json.dumps, [sent, received]))).posts
    assert (first.author, second.author) == (None, "user555")


def test_a_thousand_harmless_entities_do_not_hide_a_text_link() -> None:
    """Only the cutting of ``MessageEntityUrl``s out of the text is bounded: a text link
    after a thousand bold letters is still the message's link."""
    bold = [{"_": "MessageEntityBold", "offset": i, "length": 1} for i in range(1500)]
    hidden = {"_": "MessageEntityTextUrl", "offset": 0, "length": 4,
              "url": "https://tagesschau.de-news.example/a"}
    cuts = [{"_": "MessageEntityUrl", "offset": 0, "length": 8}] * 1500
    message = _message(message="welt.ltd" + "x" * 1492, entities=[*bold, hidden, *cuts])
    (post,) = parse_dump(json.dumps(message)).posts
    assert post.urls == ("https://tagesschau.de-news.example/a", "welt.ltd")


# --------------------------------------------------------------------------- across lines

NEWEST_FIRST = ROOT / "fixtures" / "bots" / "telethon_discussion_newest_first.jsonl"
"""A discussion group's Telethon messages (fields as ``to_dict()`` gives them, from the
channel fixture) newest first, as ``iter_messages`` yields them: every reply comes before the
message it answers; message 88 was not saved."""


def test_a_reply_is_told_whose_message_it_answers_from_a_later_line() -> None:
    dump = _read(NEWEST_FIRST)
    assert [(p.post_id, p.reply_to_author) for p in dump.posts] == [
        ("1777000111/96", "user5002"), ("1777000111/95", None),
        ("1777000111/94", "user5001"), ("1777000111/93", "user5001"),
        ("1777000111/92", "user5001"), ("1777000111/91", None)]


def test_bots_streams_the_answered_authors_the_whole_file_gives() -> None:
    streamed = list(open_replies(str(NEWEST_FIRST)))
    whole = _read(NEWEST_FIRST).posts
    assert [replace(p, line=0) for p in streamed] == [replace(p, line=0) for p in whole]


def test_the_first_message_of_an_id_tells_its_author() -> None:
    reply = _message(id=2, from_id={"_": "PeerUser", "user_id": 3},
                     reply_to={"_": "MessageReplyHeader", "reply_to_msg_id": 1})
    first = _message(id=1, from_id={"_": "PeerUser", "user_id": 1})
    again = _message(id=1, from_id={"_": "PeerUser", "user_id": 2})
    text = "\n".join(json.dumps(m) for m in (reply, first, again)) + "\n"
    assert parse_dump(text).posts[0].reply_to_author == "user1"


# --------------------------------------------------------------------------- a chat a line

CHATS = ROOT / "fixtures" / "bots" / "telegram_desktop_chats.jsonl"
"""An account's Desktop export a chat a line (``jq -c '.chats.list[]' result.json``): the
channel, a neighbourhood group where one Marta Vogel writes, an empty personal chat, and
the channel's discussion group where another Marta Vogel is one of the team."""


def _chats() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CHATS.read_text("utf-8").splitlines()]


def _unnumbered(posts: Any) -> list[Any]:
    return [replace(p, line=0) for p in posts]


def test_a_chat_per_line_export_read_whole_reads_every_chat() -> None:
    dump = _read(CHATS)
    assert dump.format == "telegram" and dump.warnings == ()
    chats = {p.post_id.split("/")[0] for p in dump.posts if p.post_id}
    assert chats == {CH, "4455667788", "2011223344"} and len(dump.posts) == 19


def test_a_chat_per_line_gives_the_posts_of_the_whole_export(tmp_path: Path) -> None:
    """Streamed, read whole, as the export's ``chats.list``, or that list split a chat a line
    (``{"chats": {"list": [chat]}}``): the same posts."""
    export = {"about": "Here is the data you requested.",
              "chats": {"about": "This page lists all chats from this export.",
                        "list": _chats()}}
    whole = _unnumbered(parse_dump(json.dumps(export)).posts)
    split = tmp_path / "split.jsonl"
    split.write_text("".join(json.dumps({"chats": {"list": [chat]}}) + "\n"
                             for chat in _chats()), "utf-8")
    stream = open_replies(str(CHATS))
    assert _unnumbered(stream) == whole and stream.warnings == []
    assert _unnumbered(_read(CHATS).posts) == whole
    assert _unnumbered(open_replies(str(split))) == whole
    assert _unnumbered(parse_dump(split.read_text("utf-8")).posts) == whole


def test_namesakes_chats_apart_are_told_apart_and_so_are_their_replies() -> None:
    """The two Marta Vogels write in different chats, on different lines: each is shown
    with the ``from_id`` beside the name, and so is the one a reply answers."""
    posts = {p.post_id: p for p in open_replies(str(CHATS))}
    assert posts["4455667788/311"].author == "Marta Vogel (user5099887766)"
    assert posts["2011223344/1010"].author == "Marta Vogel (user6701234501)"
    assert posts["4455667788/312"].reply_to_author == "Marta Vogel (user5099887766)"
    assert posts["2011223344/1001"].author == "Heike Brandt"  # a name no one else has


def test_an_empty_chat_on_its_own_line_is_a_chat_not_a_skipped_line() -> None:
    empty = {"name": "Anna", "type": "personal_chat", "id": 5512345678, "messages": []}
    dump = parse_dump(json.dumps(empty))
    assert dump.format == "telegram" and dump.posts == () and dump.warnings == ()


def test_an_empty_chat_whose_type_is_no_string_is_skipped_not_raised() -> None:
    """A hostile ``type`` (a list: unhashable) on an empty chat of a chat-per-line export
    raised TypeError while the lines were told apart (found by the hostile-records test)."""
    chat = {"name": "Nachbarschaft", "type": "private_group", "id": 4455667788, "messages": [
        {"id": 311, "type": "message", "date": "2024-05-14T03:30:00",
         "date_unixtime": "1715650200", "from": "Marta Vogel", "from_id": "user5099887766",
         "text": "Hat jemand am Samstag Zeit?", "text_entities": []}]}
    hostile = {"name": "Anna", "type": [], "id": 5512345678, "messages": []}
    dump = parse_dump(json.dumps(chat) + "\n" + json.dumps(hostile) + "\n")
    assert dump.format == "telegram" and [p.text for p in dump.posts] == [
        "Hat jemand am Samstag Zeit?"]
