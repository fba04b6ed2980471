"""A CSV whose rows show one account id under two handles says so, as every reader of a
platform's ids does (``AccountFacts.warnings``), streamed (``bots``) and whole (``thread``,
``audit``); ``thread`` and ``audit`` show each row under the account's latest handle by
the time column, as ``bots`` names the account. Before, a CSV said nothing of a rename."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bots.conftest import FIXTURES
from threadscope import reassemble
from threadscope.ingest import parse_dump
from threadscope.ingest.csv_input import csv_dump
from threadscope.ingest.replies import open_replies, read_replies, stream_text

TAKEN_OVER = FIXTURES / "qut_handle_taken_over.csv"
"""The QUT toolkit's CSV: account 888 renamed (``fluss_blick`` → ``fluss_blick_neu``), and
the handle ``elbe_wahrheit`` given up by 501 and taken by 777: a handle under two ids is
no rename."""
SAID = ("CSV: 1 account(s) renamed within the dump, each post shown under its account's "
        "latest handle: fluss_blick → fluss_blick_neu (id 888)")


def _newest_first(text: str) -> str:
    """The rows newest first (the header stays on top), as a search tool lists them."""
    header, *rows = text.splitlines(keepends=True)
    return header + "".join(reversed(rows))


@pytest.mark.parametrize("order", ["oldest-first", "newest-first"])
def test_a_renamed_account_is_said_streamed_and_whole(order: str, tmp_path: Path) -> None:
    text = TAKEN_OVER.read_text("utf-8")
    if order == "newest-first":
        text = _newest_first(text)
    path = tmp_path / "rows.csv"
    path.write_text(text, "utf-8")
    stream = open_replies(str(path))
    rows = list(stream)
    assert stream.warnings == [SAID]
    assert [post.author for post in rows if post.author_id == "888"] == (
        ["fluss_blick", "fluss_blick_neu"][:: 1 if order == "oldest-first" else -1])  # as read
    in_memory = stream_text(text)
    assert list(in_memory) == rows and in_memory.warnings == [SAID]
    dump = parse_dump(text)
    assert dump.warnings == (SAID,)
    assert {post.author for post in dump.posts if post.author_id == "888"} == {"fluss_blick_neu"}
    assert [post.author for post in dump.posts if post.author_id == "777"] == [
        "elbe_wahrheit"] * 2


def test_no_warning_without_a_rename_or_an_id_column() -> None:
    """One handle per id, and a handle under two ids (given up and taken over), is no rename;
    a CSV without an id column tells no accounts apart by id."""
    text = TAKEN_OVER.read_text("utf-8")
    kept = "".join(line for line in text.splitlines(keepends=True) if ",888," not in line)
    assert csv_dump(kept).warnings == ()
    without_ids = ("author,text,created_at\nanna,eins,2024-05-01T10:00:00Z\n"
                   "anna_neu,zwei,2024-05-02T10:00:00Z\n")
    assert csv_dump(without_ids).warnings == ()
    assert [post.author for post in read_replies(without_ids)] == ["anna", "anna_neu"]


def test_a_self_thread_across_a_rename_is_one_authors_thread() -> None:
    """Rows of two fetches in one sheet, the newer on top: the account's thread is shown
    under the handle of its latest row by time, not the sheet's last row, and is one
    thread, where its old and new handle made two."""
    text = ("message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n"
            "1003,42,elbe_blick_neu,,1002,Die Quelle fehlt bis heute. 3/3,1718100600,\n"
            "1002,42,elbe_blick,,1001,Der Artikel ist eine Kopie. 2/3,1718100300,\n"
            "1001,42,elbe_blick,,,Ein Thread zur gefälschten Seite 1/3,1718100000,\n")
    dump = csv_dump(text)
    assert [post.author for post in dump.posts] == ["elbe_blick_neu"] * 3
    (thread,) = reassemble(text).threads
    assert (thread.author, len(thread.posts)) == ("elbe_blick_neu", 3)
    assert dump.warnings == (
        "CSV: 1 account(s) renamed within the dump, each post shown under its account's "
        "latest handle: elbe_blick → elbe_blick_neu (id 42)",)
