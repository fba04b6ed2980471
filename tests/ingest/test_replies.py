"""Reading dumps for ``bots``: CSV and JSON Lines streamed from the file, the rest parsed whole."""

from __future__ import annotations

import io
import json
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.errors import InputError
from threadscope.ingest import parse_dump
from threadscope.ingest.across import Wait
from threadscope.ingest.replies import (
    _Prefixed,
    _settled_ahead,
    add_up,
    open_replies,
    read_replies,
    stream_text,
)
from threadscope.ingest.telegram import TelegramFacts
from threadscope.models import AuthorKind, Post, PostKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bots"


def test_csv_is_recognised_by_content() -> None:
    posts = read_replies((FIXTURES / "replies.csv").read_text("utf-8"))
    assert len(posts) == 14
    assert posts[2].author == "SabineHoffmann40517"
    assert posts[2].urls == ("https://welt.ltd/politik/foerderung-8812",)
    assert posts[2].author_created_at == "2024-03-06T02:14:09Z"
    assert [p.line for p in posts][:3] == [2, 3, 4]


def test_columns_override() -> None:
    text = "who,said\nMariaSchulz83651,hallo welt\n"
    posts = read_replies(text, columns={"author": "who", "text": "said"})
    assert posts == (Post("hallo welt", 2, author="MariaSchulz83651",
                          author_kind=AuthorKind.HANDLE),)


def test_empty_input_is_no_posts_and_a_warning() -> None:
    """Empty input is a dump of no posts, as ``thread`` and ``audit`` read it (``bots``
    exits 0 on it): one warning says so; a dump in no known shape is still an error."""
    assert read_replies("  \n") == ()
    assert stream_text("\n", source="dump.txt").warnings == ["dump.txt is empty"]
    with pytest.raises(InputError):
        read_replies("just some prose, no replies here")


def test_csv_without_text_column_says_so() -> None:
    with pytest.raises(InputError, match="text column"):
        read_replies("author,likes\nx,1\n")


def test_prose_is_no_reply_dump() -> None:
    with pytest.raises(InputError, match="no replies found"):
        read_replies("Das ist einfach ein Absatz Text ohne Antworten.\nNoch eine Zeile.")


def test_prose_is_refused_with_why_and_what_reads_it() -> None:
    """A pasted thread given to ``bots``: the one line says it names no accounts and that
    ``audit`` is the command that reads it (a journalist holding a paste is not left with a
    list of platform formats alone)."""
    with pytest.raises(InputError) as refused:
        read_replies("1/2 Erster Beitrag welt.ltd/a\n2/2 Zweiter Beitrag\n")
    assert "names no accounts" in str(refused.value)
    assert "threadscope audit" in str(refused.value)


def test_x_web_copy_keeps_handles_and_drops_counters(tmp_path: Path) -> None:
    stream = open_replies(str(FIXTURES / "replies_x_web.txt"))
    posts = list(stream)
    assert stream.format == "x-web"
    assert [p.author for p in posts][:3] == ["BMin_Vogt_Digital", "jens_albrecht",
                                             "GretaOlsen_Kiel"]
    assert posts[1].text == "Danke!"


def test_x_api_v2_carries_account_creation_and_context() -> None:
    stream = open_replies(str(FIXTURES / "replies_x_api_v2.json"))
    posts = list(stream)
    bot = next(p for p in posts if p.author == "JamesMiller40511286")
    assert bot.author_created_at is not None and bot.author_created_at.startswith("2024-03-09")
    assert bot.urls == ("https://washingtonpost.pm/world/2024/03/15/sanctions",)


def test_qut_csv_repost_and_reply_ids_say_what_a_post_is(tmp_path: Path) -> None:
    path = tmp_path / "qut.csv"
    path.write_text(
        "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n"
        "1,9,tagesschau,,,Neue Zahlen zur Inflation,0,https://www.tagesschau.de/a\n"
        "2,8,lena_h,1,,RT @tagesschau: Neue Zahlen zur Inflation,59,\n"
        "3,7,paul_k,,1,Und was heißt das für die Renten?,61,\n"
        "4,6,mia_w,,,Gelesen,1606451170.518101,\"['http://example.com/2', 'http://e.com/4']\"\n",
        encoding="utf-8",
    )
    stream = open_replies(str(path))
    posts = list(stream)
    assert stream.format == "csv"
    assert [p.kind for p in posts] == [PostKind.ORIGINAL, PostKind.REPOST, PostKind.REPLY,
                                       PostKind.ORIGINAL]
    assert posts[1].repost_of == "1" and posts[2].reply_to == "1"
    assert posts[1].created_at == "1970-01-01T00:00:59Z"  # seconds of any offset
    assert posts[3].urls == ("http://example.com/2", "http://e.com/4")


def test_csv_is_streamed_row_by_row(tmp_path: Path) -> None:
    """Rows come out before the file is read to its end: a broken row far down fails late."""
    path = tmp_path / "big.csv"
    rows = "".join(f"user{i},Text number {i}\n" for i in range(20_000))
    path.write_text("author,text\n" + rows + 'x,"never closed\n' + "y," + "z" * 2_000_000 + "\n")
    stream = open_replies(str(path))
    iterator = iter(stream)
    first = next(iterator)
    assert (first.author, first.line) == ("user0", 2)
    with pytest.raises(InputError, match="CSV"):
        list(iterator)


def test_json_lines_pages_are_streamed(tmp_path: Path) -> None:
    def page(i: int) -> str:
        return json.dumps({
            "data": [{"id": str(100 + i), "text": f"Antwort {i}", "author_id": "1",
                      "referenced_tweets": [{"type": "retweeted", "id": "7"}]}],
            "includes": {"users": [{"id": "1", "username": "anna"}]},
        })
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(page(i) for i in range(5)) + "\nnot json\n", encoding="utf-8")
    stream = open_replies(str(path))
    posts = list(stream)
    assert len(posts) == 5 and all(p.repost_of == "7" for p in posts)
    assert any("line 6 skipped" in w for w in stream.warnings)


def test_stdin_and_binary_and_missing_files(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    class Stdin:
        buffer = io.BytesIO(b"author,text\nanna,hallo\n")

    monkeypatch.setattr("sys.stdin", Stdin)
    assert [p.author for p in open_replies("-")] == ["anna"]
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="binary"):
        open_replies(str(binary))
    with pytest.raises(InputError, match="no such file"):
        open_replies(str(tmp_path / "missing.csv"))
    with pytest.raises(InputError, match="directory"):
        open_replies(str(tmp_path))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_is_a_csv_not_binary(tmp_path: Path, encoding: str) -> None:
    """Excel's "Unicode text" export: UTF-16 after a byte-order mark, tab-separated. Its NUL
    bytes are UTF-16's, not a binary file's; the CSV is streamed as any other."""
    path = tmp_path / "export.txt"
    rows = "screen_name\ttweet\r\nanna\tGrüße aus Köln 🌍\r\nben\tZweite Antwort\r\n"
    bom = "" if encoding == "utf-16" else "\ufeff"  # the plain codec writes its own
    path.write_bytes((bom + rows).encode(encoding))
    stream = open_replies(str(path))
    assert stream.format == "csv"
    assert [(p.author, p.text) for p in stream] == [
        ("anna", "Grüße aus Köln 🌍"), ("ben", "Zweite Antwort")]
    assert stream.warnings == []


def test_json_lines_in_utf16_are_read_as_json_lines(tmp_path: Path) -> None:
    pages = [json.dumps({"data": [{"id": str(i), "text": "Hallo", "author_id": "9"}],
                         "includes": {"users": [{"id": "9", "username": "anna"}]}})
             for i in range(3)]
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(pages) + "\n", encoding="utf-16")
    stream = open_replies(str(path))
    assert stream.format == "jsonl" and [p.author for p in stream] == ["anna"] * 3


def test_invalid_utf8_in_a_csv_is_read_with_replacement(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"author,text\nanna,caf\xc3\xa9 au lait \xff\n")
    assert [p.text for p in open_replies(str(path))] == ["caf\u00e9 au lait \ufffd"]


def test_latin1_in_a_csv_is_read_as_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(b"author,text\nanna,caf\xe9 au lait\n")
    assert [p.text for p in open_replies(str(path))] == ["caf\u00e9 au lait"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_hostile_text_gives_posts_or_input_error(text: str) -> None:
    try:
        posts = read_replies(text)
    except InputError:
        return
    assert all(isinstance(p, Post) for p in posts)


def test_a_headline_with_a_comma_is_prose_not_a_csv_without_columns() -> None:
    text = "NATO und Russland reden offen, aber vorerst aneinander vorbei\n\nBRÜSSEL – Gespräche\n"
    with pytest.raises(InputError, match="no replies found"):
        stream_text(text)


def test_a_csv_file_with_blank_lines_before_its_header_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    path.write_text("\n \nauthor;text\nMariaSchulz83651;hallo welt\n", "utf-8")
    stream = open_replies(str(path))
    assert stream.format == "csv"
    assert list(stream) == [Post("hallo welt", 4, author="MariaSchulz83651",
                                 author_kind=AuthorKind.HANDLE)]


def _csv_after(preamble: str, rows: int = 3) -> str:
    body = "".join(f"user{i},Antwort {i}\n" for i in range(rows))
    return preamble + "author,text\n" + body


@pytest.mark.parametrize("preamble", ["\n" * 70_000, " \r\n" * 30_000, "\ufeff" + "\n" * 70_000])
def test_a_header_past_the_sniffed_bytes_is_found_and_the_csv_streamed(
    preamble: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blank lines filling the first 64 KiB: the header is still found, and the CSV is
    streamed, so a file above the input limit is read (whole, it would be refused)."""
    monkeypatch.setenv("THREADSCOPE_MAX_INPUT_MIB", "1")
    path = tmp_path / "export.csv"
    path.write_text(_csv_after(preamble, rows=60_000), "utf-8")
    assert path.stat().st_size > 1024 * 1024
    stream = open_replies(str(path))
    assert stream.format == "csv"
    posts = list(stream)
    assert len(posts) == 60_000
    assert posts[0].line == preamble.count("\n") + 2


def test_a_header_cut_by_the_sniffed_bytes_is_read_whole(tmp_path: Path) -> None:
    """The header straddles the 64 KiB mark (its start alone names no text column)."""
    preamble = "\n" * (64 * 1024 - len("author,te"))
    path = tmp_path / "export.csv"
    path.write_text(_csv_after(preamble), "utf-8")
    stream = open_replies(str(path))
    assert stream.format == "csv" and [p.author for p in stream] == ["user0", "user1", "user2"]


def test_a_header_past_the_input_limit_is_refused_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THREADSCOPE_MAX_INPUT_MIB", "1")
    path = tmp_path / "export.csv"
    path.write_text(_csv_after("\n" * (1024 * 1024 + 1)), "utf-8")
    with pytest.raises(InputError, match="larger than 1 MiB"):
        open_replies(str(path))


def test_a_first_line_longer_than_the_sniffed_bytes_is_not_held_whole(tmp_path: Path) -> None:
    """A dump whose first line is long (one JSON document, a pasted text) is read as before."""
    path = tmp_path / "page.txt"
    path.write_text("x" * 300_000 + "\n", "utf-8")
    with pytest.raises(InputError, match="no replies found"):
        open_replies(str(path))


def test_mastodon_statuses_one_a_line_are_streamed_as_posts() -> None:
    """Each line is its own dump when streamed: a status alone on a line is a post of the
    dump, so a saved timeline is analysed instead of giving "no replies found"."""
    path = FIXTURES.parent / "threads" / "mastodon_statuses.jsonl"
    stream = open_replies(str(path))
    posts = list(stream)
    assert stream.format == "mastodon"
    assert [p.author for p in posts] == ["ina_berg", "olaf@tröt.example", "pia_k"]
    assert posts[2].kind is PostKind.REPOST and posts[2].repost_of == "114900000000102"


def test_mastodon_streaming_logs_are_reply_dumps() -> None:
    threads = FIXTURES.parent / "threads"
    for name in ("mastodon_stream_websocket.jsonl", "mastodon_stream.sse"):
        stream = open_replies(str(threads / name))
        assert {p.author for p in stream} >= {"olaf@tröt.example", "pia_k"}
        assert stream.format == "mastodon"


def test_a_mastodon_streaming_log_streamed_line_by_line_gives_each_status_once() -> None:
    """Read whole, the log holds three posts, each in its latest version; a line at a time
    too: the edit of the first takes the first's place (a status repeated as it was, on two
    subscriptions or as a mention's notification, is passed over)."""
    path = FIXTURES.parent / "threads" / "mastodon_stream_websocket.jsonl"
    streamed = [replace(p, line=0) for p in open_replies(str(path))]
    whole = [replace(p, line=0) for p in parse_dump(path.read_text("utf-8")).posts]
    assert [p.post_id for p in streamed] == [
        "114900000000801", "114900000000802", "114900000000803"]
    assert streamed == whole
    assert streamed[0].edited_at == "2025-09-03T07:04:00Z"


def test_a_post_saved_twice_is_counted_once(tmp_path: Path) -> None:
    """Overlapping search pages repeat tweets: each is one post, the repeats said once."""
    def page(ids: range) -> str:
        return json.dumps({
            "data": [{"id": str(i), "text": f"Antwort {i}", "author_id": "1"} for i in ids],
            "includes": {"users": [{"id": "1", "username": "anna"}]}})
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join([page(range(0, 5)), page(range(3, 8)), page(range(0, 8))]) + "\n")
    stream = open_replies(str(path))
    assert [p.post_id for p in stream] == [str(i) for i in range(8)]
    assert stream.warnings == [
        f"{path}: 10 post(s) saved more than once (same id), each counted once"]
    whole = stream_text(path.read_text(), source="x")
    assert len(list(whole)) == 8


@pytest.mark.parametrize("rounded", ["1.23457E+18", "1,23457E+18", "1.23457e18"])
def test_ids_a_spreadsheet_rounded_do_not_make_posts_repeats(tmp_path: Path,
                                                             rounded: str) -> None:
    """Excel shows a tweet id as ``1.23457E+18`` and saves it so: one rounded id stands for
    many posts (a bot's fifty replies in one minute), which are no repeats of each other."""
    rows = [f'"{rounded}",bot{i % 2},Antwort {i}' for i in range(6)]
    path = tmp_path / "export.csv"
    path.write_text("id,author,text\n" + "\n".join([*rows, '"7",anna,x', '"7",anna,x']) + "\n")
    stream = open_replies(str(path))
    assert [p.text for p in stream] == [f"Antwort {i}" for i in range(6)] + ["x"]
    assert stream.warnings == [
        f"{path}: 1 post(s) saved more than once (same id), each counted once",
        f"{path}: 6 post id(s) rounded to scientific notation by a spreadsheet "
        "(1.23457E+18); not used to tell repeated posts apart"
        .replace("1.23457E+18", rounded),
    ]


def _status_update(event: str, content: str, edited_at: str | None = None,
                   card: str | None = None, status_id: str = "100") -> str:
    status = {"id": status_id, "created_at": "2024-05-01T10:00:00.000Z", "edited_at": edited_at,
              "account": {"id": "7", "acct": "lena", "username": "lena"},
              "content": f"<p>{content}</p>", "url": "https://tröt.example/@lena/100",
              "mentions": [], "media_attachments": [],
              "card": {"url": card, "title": "Artikel"} if card else None}
    return json.dumps({"stream": ["public"], "event": event, "payload": json.dumps(status)})


def test_an_edit_streamed_after_its_post_is_folded_into_it(tmp_path: Path) -> None:
    """Post something harmless, edit the look-alike link in later: the edit (same id, other
    words) is the post bots sees, in the first version's place, as when the file is read
    whole; the same status streamed again is passed over."""
    path = tmp_path / "stream.jsonl"
    edited = 'Lest das: <a href="https://welt.ltd/a">welt.ltd/a</a>'
    path.write_text("\n".join([_status_update("update", "Guten Morgen"),
                               _status_update("update", "Guten Morgen"),
                               _status_update("status.update", edited,
                                              "2024-05-01T10:05:00.000Z")]) + "\n")
    stream = open_replies(str(path))
    posts = list(stream)
    assert [p.text for p in posts] == ["Lest das: welt.ltd/a"]
    assert posts[0].urls == ("https://welt.ltd/a",) and posts[0].edited_away == ()
    assert posts[0].edited_at == "2024-05-01T10:05:00Z"
    assert stream.warnings == [f"{path}: 1 post(s) saved more than once (same id), "
                               "each counted once"]
    assert [replace(p, line=0) for p in posts] == [
        replace(p, line=0) for p in read_replies(path.read_text())]


def test_a_link_streamed_and_then_edited_away_stays_the_posts(tmp_path: Path) -> None:
    """The look-alike spread first, edited away once it had been read: the post bots sees
    is the latest version, whose links still hold the earlier ones' (its text's and its
    card's), as the whole file gives it; a stream of a million lines holds its posts'
    places and the ids edited, not their lines."""
    path = tmp_path / "stream.jsonl"
    spread = 'Lest das: <a href="https://t.example/x">t.example/x</a>'
    lines = [_status_update("update", "Anderer Beitrag", status_id="99"),
             _status_update("update", spread, card="https://welt.ltd/a"),
             _status_update("update", "Noch einer", status_id="101"),
             _status_update("status.update", "Lest das nicht.", "2024-05-01T10:05:00.000Z")]
    path.write_text("\n".join(lines) + "\n")
    posts = list(open_replies(str(path)))
    assert [p.post_id for p in posts] == ["99", "100", "101"]
    away = ("https://t.example/x", "https://welt.ltd/a")
    assert posts[1].text == "Lest das nicht." and posts[1].edited_away == away
    assert posts[1].urls == away
    whole = read_replies(path.read_text())
    assert [replace(p, line=0) for p in posts] == [replace(p, line=0) for p in whole]


def test_json_lines_with_a_line_separator_in_a_post_are_streamed_whole(tmp_path: Path) -> None:
    """A status whose text holds a raw U+2028 (valid in JSON) is one line of the log: the
    sniff still sees JSON Lines, and no post is lost."""
    statuses = [{"id": str(n), "created_at": "2025-01-01T00:00:00Z",
                 "account": {"id": str(n), "acct": f"konto{n}"},
                 "content": f"<p>Teil {n}\u2028https://welt.ltd/{n}</p>"} for n in range(4)]
    path = tmp_path / "stream.jsonl"
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in statuses), "utf-8")
    stream = open_replies(str(path))
    posts = list(stream)
    assert [p.post_id for p in posts] == ["0", "1", "2", "3"]
    assert stream.format == "mastodon" and stream.warnings == []


def test_a_json_lines_log_of_many_broken_lines_names_five_and_counts_the_rest(
        tmp_path: Path) -> None:
    """Each skipped line was a warning of its own: a hostile log of 200,000 broken lines
    was 200,000 lines on standard error. The first five are named, as before, the rest
    counted in one line."""
    statuses = [{"id": str(n), "created_at": "2025-01-01T00:00:00Z",
                 "account": {"id": str(n), "acct": f"konto{n}"}, "content": f"<p>{n}</p>"}
                for n in range(3)]
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in statuses) + "{kaputt\n" * 600
                    + '{"note": 1}\n' * 400, "utf-8")
    stream = open_replies(str(path))
    assert len(list(stream)) == 3
    skipped = [w for w in stream.warnings if "skipped" in w]
    assert [w.split(": ", 1)[1].split(" (")[0] for w in skipped[:5]] == [
        f"line {n} skipped" for n in range(4, 9)]
    assert skipped[5:] == [f"{path}: 995 more line(s) skipped (not valid JSON, or no known "
                           "shape)"]


def test_counting_warnings_of_streamed_lines_are_added_up() -> None:
    warnings = ["Reddit: 1 post(s) deleted or removed (no author or no text)"]
    add_up(warnings, ["Reddit: 2 post(s) deleted or removed (no author or no text)",
                      "Reddit: 1 record(s) that are not posts skipped",
                      "Reddit: 1 record(s) that are not posts skipped"])
    add_up(warnings, ["a warning said once", "a warning said once"])
    gaps = "twarc2: 2 referenced post(s) deleted or not visible"  # perhaps on other lines
    add_up(warnings, [gaps, gaps])
    assert warnings == ["Reddit: 3 post(s) deleted or removed (no author or no text)",
                        "Reddit: 2 record(s) that are not posts skipped",
                        "a warning said once", gaps]


def test_gaps_of_streamed_lines_are_counted_by_their_ids() -> None:
    """A count of posts referred to but not held is the lines' gaps told apart by id: the
    same gaps on two lines are said once, other ones add up; without the ids (a count that
    is not of them), said once, as the first line says."""
    warnings: list[str] = []
    gapped: dict[str, dict[str, None]] = {}
    said = "X API v2: {} referenced post(s) deleted or not visible"
    add_up(warnings, [said.format(2)], ("1", "2"), gapped)
    add_up(warnings, [said.format(2)], ("2", "1"), gapped)
    assert warnings == [said.format(2)]
    add_up(warnings, [said.format(1)], ("3",), gapped)
    assert warnings == [said.format(3)]
    add_up(warnings, [said.format(5)], ("4",), gapped)  # not a count of these ids
    assert warnings == [said.format(3), said.format(5)]


def test_deleted_records_one_a_line_are_counted_all(tmp_path: Path) -> None:
    """A Pushshift dump streamed by ``bots``: one deleted comment a line is one warning with
    their number, not "1" (each line's warning was said once by its wording)."""
    line = {"id": "c{}", "author": "[deleted]", "body": "[deleted]", "link_id": "t3_a",
            "parent_id": "t3_a", "created_utc": 1700000000, "subreddit": "de"}
    kept = {"id": "k", "author": "leser", "body": "Quelle: welt.ltd", "link_id": "t3_a",
            "parent_id": "t3_a", "created_utc": 1700000001, "subreddit": "de"}
    rows = [json.dumps({**line, "id": f"c{n}"}) for n in range(60)] + [json.dumps(kept)]
    path = tmp_path / "RC_2024-01.jsonl"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    stream = open_replies(str(path))
    list(stream)
    assert any(w.startswith("Reddit: 60 post(s) deleted") for w in stream.warnings)


def test_an_edit_history_on_its_own_line_is_the_status_it_is_a_history_of(
        tmp_path: Path) -> None:
    """A thread, then the history of its edited second post, one a line: streamed, the
    history is the second post again with the link its first version had, not one more
    post of its author's with no id (which ``bots`` took for a reply, and a fast one)."""
    path = FIXTURES.parent / "threads" / "mastodon_thread_with_history.jsonl"
    lines = path.read_text("utf-8").splitlines()
    away = "https://hochwasserzentralen.de.pegel-news.example/"
    whole = [replace(p, line=0) for p in parse_dump(path.read_text("utf-8")).posts]
    for order in (lines, lines[::-1]):  # the history after its status, or before it
        reordered = tmp_path / "reordered.jsonl"
        reordered.write_text("\n".join(order) + "\n", "utf-8")
        streamed = [replace(p, line=0) for p in open_replies(str(reordered))]
        assert [p.post_id for p in streamed] == [
            p.post_id for p in read_replies(reordered.read_text("utf-8"))]
        assert {p.post_id for p in streamed} == {
            "114900000000901", "114900000000902", "114900000000903"}
        (edited,) = [p for p in streamed if p.post_id == "114900000000902"]
        assert edited == whole[1] and edited.edited_away == (away,)


def test_a_post_without_id_of_no_edited_post_stays_a_post() -> None:
    versions = [{"content": f"<p>{n}</p>", "created_at": f"2025-09-04T0{n}:00:00.000Z",
                 "account": {"id": "7", "acct": "a"}} for n in (1, 2)]
    (post,) = list(stream_text(json.dumps(versions)))
    assert post.post_id is None and post.edited_at == "2025-09-04T02:00:00Z"


# --------------------------------------------------------------------------- across lines

ACROSS = ("snscrape_user_refs.jsonl", "youtube_api_namesakes.jsonl",
          "telethon_discussion_newest_first.jsonl")


def _as_read(posts: Iterable[Post]) -> list[Post]:
    """Posts as read, their line aside: a streamed line numbers its own records."""
    return [replace(post, line=0) for post in posts]


@pytest.mark.parametrize("name", ACROSS)
def test_streamed_json_lines_give_the_posts_the_whole_file_gives(name: str) -> None:
    stream = open_replies(str(FIXTURES / name))
    streamed = list(stream)
    whole = parse_dump((FIXTURES / name).read_text("utf-8"))
    assert stream.format == whole.format
    assert _as_read(streamed) == _as_read(whole.posts)


def test_records_of_several_shapes_stream_as_the_list_of_them_is_read(tmp_path: Path) -> None:
    records = json.loads((FIXTURES / "mixed_records.json").read_text("utf-8"))
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    lines = open_replies(str(path))
    listed = open_replies(str(FIXTURES / "mixed_records.json"))  # one document: read whole
    assert _as_read(lines) == _as_read(listed)
    assert lines.format == listed.format == "mixed"
    assert _as_read(lines.context) == _as_read(listed.context)


def test_posts_are_handed_on_as_soon_as_no_later_line_can_change_them() -> None:
    facts = TelegramFacts()
    reply = Post("Genau.", 1, author="user2", post_id="9/2", reply_to="9/1")
    plain = Post("Hallo", 1, author="user3", post_id="9/3")
    waiting: deque[tuple[Post, Wait | None]] = deque(
        [(plain, None), (reply, Wait(facts, "9/1")), (plain, None)])
    assert list(_settled_ahead(waiting)) == [plain]  # the reply waits, and what follows it
    assert len(waiting) == 2
    facts.learn([Post("Wer?", 1, author="user1", post_id="9/1")])
    assert [p.reply_to_author for p in _settled_ahead(waiting)] == ["user1", None]
    assert not waiting


# --------------------------------------------------------------------------- long lines


def _long_lines(path: Path, pattern: str, key: str, *, per_line: int, lines: int) -> str:
    """The fixture's first page as JSON Lines of ``per_line`` times as many records a line
    (copies of its ``key`` list), as real pages of 100 tweets with their ``includes`` or of
    100 comment threads are: longer than ``bots`` reads ahead to tell the format. Every id
    matching ``pattern`` (the page's post ids, and those that point at them) is made each
    copy's own."""
    page = path.read_text("utf-8").splitlines()[0]
    out = []
    for number in range(lines):
        copies = [json.loads(re.sub(pattern, lambda found, n=n: f"{found[0]}{n:04d}", page))
                  for n in range(number * per_line, (number + 1) * per_line)]
        for copy in copies[1:]:
            copies[0][key].extend(copy[key])
        out.append(json.dumps(copies[0], ensure_ascii=False) + "\n")
    return "".join(out)


LONG_LINED = [
    ("retweet_crowd_x_api_v2.jsonl", r"17684\d+", "data", "x-api-v2", 8),
    ("youtube_api_comment_threads.jsonl", r"UgyTop0\w+", "items", "youtube", 50),
]


@pytest.mark.parametrize(("name", "pattern", "key", "form", "per_line"), LONG_LINED)
def test_json_lines_longer_than_the_read_ahead_are_streamed(
        name: str, pattern: str, key: str, form: str, per_line: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """X API v2 pages of 100 tweets and their ``includes`` (200 KB to 1 MB a line as twarc2
    saves them), the YouTube API's pages of 100 comments: longer lines than the 64 KiB read
    ahead, they are still JSON Lines and streamed, so a file above the input limit is read
    (whole, it is refused), and gives the posts the whole file read at once gives."""
    text = _long_lines(FIXTURES / name, pattern, key, per_line=per_line, lines=5)
    path = tmp_path / "pages.jsonl"
    path.write_text(text, "utf-8")
    assert 200_000 < min(map(len, text.splitlines())) and len(text) > 1024 * 1024
    monkeypatch.setenv("THREADSCOPE_MAX_INPUT_MIB", "1")
    stream = open_replies(str(path))
    streamed = list(stream)
    whole = parse_dump(text)
    assert stream.format == whole.format == form
    assert len(streamed) > 1000 and _in_order(streamed) == _in_order(whole.posts)


@pytest.mark.parametrize("ends", ["\n", "\r\n", "\r"])
def test_long_lines_after_a_byte_order_mark_and_blank_lines_are_streamed(
        ends: str, tmp_path: Path) -> None:
    text = _long_lines(FIXTURES / "retweet_crowd_x_api_v2.jsonl", r"17684\d+", "data",
                       per_line=3, lines=3)
    path = tmp_path / "pages.jsonl"
    path.write_bytes(("\ufeff\n \n" + text.replace("\n", ends + ends)).encode("utf-8"))
    stream = open_replies(str(path))
    assert _in_order(stream) == _in_order(parse_dump(text).posts)
    assert stream.warnings == []


def test_two_long_lines_are_one_dump_read_whole(tmp_path: Path) -> None:
    """Two lines are no stream (a JSON document and a note after it): read whole, as
    before, whatever their length."""
    text = _long_lines(FIXTURES / "retweet_crowd_x_api_v2.jsonl", r"17684\d+", "data",
                       per_line=3, lines=2)
    path = tmp_path / "pages.jsonl"
    path.write_text(text, "utf-8")
    stream = open_replies(str(path))
    assert stream.format == "x-api-v2"
    assert list(stream) == list(parse_dump(text).posts)


def test_a_long_document_then_more_lines_is_read_whole(tmp_path: Path) -> None:
    """A first line that is no JSON alone (a pretty-printed document's ``{``, a long JSON
    value cut short) is not JSON Lines however long: the file is read whole, as before."""
    page = json.loads((FIXTURES / "retweet_crowd_x_api_v2.jsonl").read_text().splitlines()[0])
    text = json.dumps(page)[:-1] + "\n}\n"  # the page, its closing brace on a line of its own
    path = tmp_path / "page.json"
    path.write_text(text + "\n" * 3, "utf-8")
    stream = open_replies(str(path))
    assert stream.format == "x-api-v2" and len(list(stream)) == 100


def _in_order(posts: Iterable[Post]) -> list[Post]:
    """Posts as read (``_as_read``), by id: pages read at once are ordered through the
    dump, streamed a page at a time."""
    return sorted(_as_read(posts), key=lambda post: post.post_id or "")


class _Endless(io.RawIOBase):
    """A pipe that never ends, and never breaks its line."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = b"x" * len(buffer)
        return len(buffer)


@pytest.mark.parametrize("start", [b"", b"[", b'{"data": "', b"author,text\nanna,"])
def test_one_endless_line_is_refused_by_the_input_limit(
        start: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile input: one line that never ends, on stdin. Whatever it opens like, it is
    refused with the one line of the input limit, never held on to without bound."""
    class Stdin:
        buffer = io.BufferedReader(_Prefixed(start, _Endless()))

    monkeypatch.setattr("sys.stdin", Stdin)
    monkeypatch.setenv("THREADSCOPE_MAX_INPUT_MIB", "1")
    with pytest.raises(InputError, match=r"^<stdin>: (line 2 is longer|larger) than 1 MiB"):
        list(open_replies("-"))


@pytest.mark.parametrize("first", ["{\"id\": 1}\n{\"id\": 2}\n", "author,text\nanna,hallo\n"])
def test_a_streamed_line_past_the_input_limit_is_refused_with_one_line(
        first: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Short lines, then one longer than the limit: the stream reads up to it, and refuses it
    by its number rather than hold it whole (a streamed file may be larger than the limit,
    none of its lines)."""
    statuses = "".join(json.dumps({"id": str(n), "created_at": "2025-01-01T00:00:00Z",
                                   "account": {"id": str(n), "acct": f"konto{n}"},
                                   "content": f"<p>{n}</p>"}) + "\n" for n in range(2))
    text = (statuses if first.startswith("{") else first) + "x" * (1024 * 1024 + 10)
    path = tmp_path / "log.txt"
    path.write_text(text, "utf-8")
    monkeypatch.setenv("THREADSCOPE_MAX_INPUT_MIB", "1")
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}: line 3 is longer than "
                                         "1 MiB, the most threadscope reads at once"):
        list(open_replies(str(path)))
