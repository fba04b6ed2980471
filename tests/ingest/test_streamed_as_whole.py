"""``bots`` streams JSON Lines one line at a time; ``thread`` and ``audit`` read them whole.
Both must give the same posts, however the file is laid out or mixed.

The records are the fixtures' own (every JSON Lines file under ``fixtures/``), rearranged as
researchers' files come: lines in another order (a reply before the post it answers, a
``UserRef`` before its ``User``), lines repeated, blank lines, CRLF, a byte-order mark on the
first line only, a line that is not JSON in the middle, one line far longer than the bytes
read ahead, and lines of two tools' files in one (``cat a.jsonl b.jsonl``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from threadscope.errors import InputError
from threadscope.ingest.jsonish import load
from threadscope.ingest.parse import Carried, read_line
from threadscope.ingest.replies import (
    SNIFF_BYTES,
    PostStream,
    open_replies,
    read_replies,
    stream_text,
)
from threadscope.ingest.source import decode
from threadscope.models import Post

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

HISTORY_APART = ("mastodon_thread_with_history.jsonl",)
"""A Mastodon edit history on a line of its own is folded into its status streamed as read
whole (``PostStream``), whatever the order, but not mixed with other tools' lines here: a
dump of records of several platforms is read record by record, and a history (a list of
versions) is no record."""
JETSTREAM = ("bluesky_jetstream.jsonl", "bluesky_jetstream_teams.jsonl")
"""A Jetstream log is streamed whole (``_jetstream_posts``): never mixed with others here."""


def _lines(path: Path) -> list[bytes]:
    return [line for line in path.read_bytes().splitlines() if line.strip()]


LINES = {path.name: _lines(path) for path in sorted(FIXTURES.glob("*/*.jsonl"))}
MIXABLE = sorted(name for name in LINES if name not in (*JETSTREAM, *HISTORY_APART))


def _posts(data: bytes, tmp_path: Path) -> tuple[list[Post] | str, list[Post] | str]:
    """The posts of ``data`` streamed from a file and read whole (line numbers aside: a
    stream numbers each line's posts), or the one-line error of each."""
    path = tmp_path / "dump.jsonl"
    path.write_bytes(data)
    try:
        streamed: list[Post] | str = [replace(post, line=0) for post in open_replies(str(path))]
    except InputError as error:
        streamed = str(error)
    try:
        text = decode(data, str(path)).text
        whole: list[Post] | str = [replace(post, line=0) for post in read_replies(text)]
    except InputError as error:
        whole = str(error)
    return streamed, whole


@dataclass(frozen=True)
class _Seen:
    """What ``bots`` sees of a dump: its posts (line numbers aside), each post id's first
    post that names an author, the context's before the dump's (``detect._authored_by_id``:
    who wrote the post a reply answers, and when), and the warnings a reader said."""

    posts: list[Post]
    authored: dict[str, tuple[str | None, str | None]]
    warnings: list[str]
    skipped: int | None
    """Records skipped, however each path words it (``_skipped``)."""


def _said_by_a_reader(warning: str, source: str) -> bool:
    """A warning a reader said of the posts (a gap, a rename, deleted posts), not one of
    what was skipped, which a stream says line by line (``PATH: line 3 skipped``) and a
    whole read at once (``JSON Lines: line 3 not valid JSON``, ``2 record(s) of no known
    shape skipped``), nor of posts saved again, which a stream counts (``PATH: 2 post(s)
    saved more than once``) and a whole dump's reader folds as it reads."""
    return not (warning.startswith((source, "JSON Lines:", "JSON:")) or "skipped" in warning)


_LINE_SKIPPED = re.compile(r"line \d+ skipped \(")
_MORE_SKIPPED = re.compile(r"(\d+) more line\(s\) skipped")
_BAD_LINES = re.compile(r"JSON Lines: lines? ([\d, ]+?)(?: and (\d+) more)? not valid JSON")
_COUNT_SKIPPED = re.compile(r"(\d+) (?:record|line)\(s\)[^;]*;? skipped")


def _skipped(warnings: list[str], source: str) -> int | None:
    """How many records the warnings say were skipped: a stream names its lines one by one
    (``PATH: line 3 skipped (…)``, then ``PATH: 4 more line(s) skipped``), a whole read
    counts them (``JSON Lines: lines 3, 9 not valid JSON``, ``2 record(s) of no known shape
    skipped``), and a reader counts what it passed over either way (``Mastodon: 1
    record(s) that are not statuses skipped``). None: documents were read up to a point,
    the rest skipped uncounted."""
    count = 0
    for warning in warnings:
        own = warning.startswith(source + ": ")
        rest = warning[len(source) + 2 :] if own else warning
        if own and _LINE_SKIPPED.match(rest):
            count += 1
        elif own and (more := _MORE_SKIPPED.match(rest)):
            count += int(more[1])
        elif bad := _BAD_LINES.match(warning):
            count += len(bad[1].split(",")) + int(bad[2] or 0)
        elif warning.startswith("JSON: ") and "skipped" in warning:
            return None
        elif counted := _COUNT_SKIPPED.search(warning):
            count += int(counted[1])
    return count


def _stream_seen(stream: PostStream) -> _Seen:
    posts = [replace(post, line=0) for post in stream]
    authored: dict[str, tuple[str | None, str | None]] = {}
    for post in (*stream.context, *posts):
        if post.post_id and post.author:
            authored.setdefault(post.post_id, (post.author, post.created_at))
    return _Seen(posts, authored, [w for w in stream.warnings
                                   if _said_by_a_reader(w, stream.source)],
                 _skipped(stream.warnings, stream.source))


def _seen(data: bytes, tmp_path: Path) -> tuple[_Seen | str, _Seen | str]:
    """``_posts``, with the authors of the posts replies answer and the readers' warnings."""
    path = tmp_path / "dump.jsonl"
    path.write_bytes(data)
    try:
        streamed: _Seen | str = _stream_seen(open_replies(str(path)))
    except InputError as error:
        streamed = str(error)
    try:
        whole: _Seen | str = _stream_seen(
            stream_text(decode(data, str(path)).text, source=str(path)))
    except InputError as error:
        whole = str(error)
    return streamed, whole


def _parses(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def _holds_posts(line: bytes) -> bool:
    try:
        read = read_line([json.loads(line)], Carried())
    except ValueError:
        return False
    return read is not None and bool(read.dump.posts)


def _file(lines: list[bytes], *, end: bytes = b"\n", bom: bool = False,
          blank: bool = False, broken_at: int | None = None) -> bytes:
    if broken_at is not None:
        lines = [*lines[:broken_at], b'{"cut off": "mid-rec', *lines[broken_at:]]
    if blank:
        lines = [part for line in lines for part in (line, b"  ")]
    return (b"\xef\xbb\xbf" if bom else b"") + end.join(lines) + end


@pytest.mark.parametrize("name", sorted(LINES))
@pytest.mark.parametrize("layout", ["as-saved", "reversed", "twice", "crlf", "bom-blank",
                                    "broken-line"])
def test_each_fixture_streamed_gives_the_posts_read_whole(
        name: str, layout: str, tmp_path: Path) -> None:
    lines = LINES[name]
    data = {
        "as-saved": lambda: _file(lines),
        "reversed": lambda: _file(lines[::-1]),  # replies before what they answer
        "twice": lambda: _file(lines + lines),
        "crlf": lambda: _file(lines, end=b"\r\n"),
        "bom-blank": lambda: _file(lines, bom=True, blank=True),
        "broken-line": lambda: _file(lines, broken_at=len(lines) // 2),
    }[layout]()
    streamed, whole = _seen(data, tmp_path)
    assert streamed == whole


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(first=st.sampled_from(MIXABLE), second=st.sampled_from(MIXABLE), data=st.data())
def test_lines_of_two_tools_files_streamed_give_the_posts_read_whole(
        first: str, second: str, data: st.DataObject, tmp_path: Path) -> None:
    """Lines of two files in any order (``cat``, or interleaved by a collector), some
    repeated, with blank lines, CRLF or a broken line among them.

    Broken lines stay fewer than the records: where they are not, the text read whole is
    not JSON Lines (``jsonish.load``), while a stream, which cannot see a million lines
    ahead, has told JSON Lines from the first two (a fixture's cut-off line drawn twice
    among two records)."""
    pool = LINES[first] + LINES[second]
    lines = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=12))
    end = data.draw(st.sampled_from([b"\n", b"\r\n"]))
    broken = data.draw(st.none() | st.integers(0, len(lines)))
    records = sum(map(_parses, lines))
    assume(records > len(lines) - records + (broken is not None))
    # one line of posts among more lines of no known shape is read whole as text, by design
    # (``parse._answers_with_posts``): a stream, which cannot see ahead, reads its posts
    holding = sum(map(_holds_posts, lines))
    assume(holding * 2 > records or len(set(filter(_holds_posts, lines))) > 1)
    text = _file(lines, end=end, bom=data.draw(st.booleans()), blank=data.draw(st.booleans()),
                 broken_at=broken)
    streamed, whole = _seen(text, tmp_path)
    assert streamed == whole


_HANDLE_KEYS = ("username", "acct", "handle", "screen_name")
"""Where the fixtures' records name an account's handle (X, twarc2, snscrape, Mastodon,
Bluesky, v1.1)."""


def _renamed(line: bytes, handle: str) -> bytes | None:
    """The line with every account's handle changed to ``handle``: the same records fetched
    again after the accounts were renamed (None: the line names no handle)."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    found = False
    stack = [record]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key in _HANDLE_KEYS:
                if isinstance(value.get(key), str):
                    value[key] = handle
                    found = True
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return json.dumps(record, ensure_ascii=False).encode() if found else None


RENAMABLE = sorted(name for name in MIXABLE
                   if any(_renamed(line, "x") for line in LINES[name]))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(RENAMABLE), data=st.data(),
       handle=st.sampled_from(["renamed_2025", "Renamed.Example", "ümlaut_neu"]))
def test_a_line_fetched_again_after_a_rename_streamed_gives_what_is_read_whole(
        name: str, data: st.DataObject, handle: str, tmp_path: Path) -> None:
    """A file's lines with one of them again, its accounts renamed (a search run again a
    week later, a bot that changed its handle), before or after the others: streamed and
    read whole give the same posts, warnings and authors of the posts replies answer
    (whatever each reader's rule for a rename is): the context is one rule in both paths
    (``dump.context_once``: each id's first copy, none of the file's own posts). Before, a
    post answered, shown on two lines under two handles, was shown first under another in
    a few readers' context (Bluesky, snscrape, v1.1, Mastodon's anchor status), which
    ``bots`` took for its author."""
    lines = LINES[name]
    again = data.draw(st.sampled_from([line for line in lines if _renamed(line, handle)]))
    renamed = _renamed(again, handle)
    assert renamed is not None
    at = data.draw(st.integers(0, len(lines)))
    streamed, whole = _seen(_file([*lines[:at], renamed, *lines[at:]]), tmp_path)
    assert isinstance(streamed, _Seen) and isinstance(whole, _Seen)
    assert streamed == whole


def test_a_status_saved_again_under_a_renamed_account_is_its_first_copy(
        tmp_path: Path) -> None:
    """The same status twice, saying the same, its account renamed in between (found by the
    property above): a stream passes over the second copy and keeps the first; read whole,
    ``parse_mastodon`` kept the last, so the reply had another author streamed and whole.
    Both keep the first copy now."""
    lines = LINES["mastodon_statuses.jsonl"]
    renamed = _renamed(lines[1], "renamed_2025")
    assert renamed is not None
    streamed, whole = _seen(_file([renamed, *lines]), tmp_path)
    assert isinstance(whole, _Seen) and isinstance(streamed, _Seen)
    assert streamed.posts == whole.posts
    assert "renamed_2025" in {post.author for post in whole.posts}


def test_a_line_longer_than_the_bytes_read_ahead_is_read_alike(tmp_path: Path) -> None:
    """A page far longer than the bytes read ahead to tell the format, between short ones."""
    lines = LINES["replies_snscrape.jsonl"]
    record = json.loads(lines[0])
    record["rawContent"] = record.get("rawContent", "") + " " + "x" * (3 * SNIFF_BYTES)
    huge = json.dumps(record).encode()
    streamed, whole = _posts(_file([lines[1], huge, *lines[2:]]), tmp_path)
    assert isinstance(streamed, list) and streamed == whole
    assert any(len(post.text) > 3 * SNIFF_BYTES for post in streamed)


@pytest.mark.parametrize(("name", "line", "path", "value"), [
    # the account renamed and scraped again: the first full User names its UserRefs
    ("snscrape_user_refs.jsonl", 5, ("user", "username"), "heimat_echo_45"),
    # a message id saved again with another sender: the first names the replies' author
    ("telethon_discussion_newest_first.jsonl", 0, ("from_id", "user_id"), 4242),
])
def test_an_account_or_message_given_twice_differently_is_read_alike(
        name: str, line: int, path: tuple[str, str], value: object, tmp_path: Path) -> None:
    lines = LINES[name]
    record = json.loads(lines[line])
    record[path[0]][path[1]] = value
    for again in ([*lines, json.dumps(record).encode()], [json.dumps(record).encode(), *lines]):
        streamed, whole = _posts(_file(again), tmp_path)
        assert isinstance(streamed, list) and streamed == whole


def test_a_desktop_export_and_telethon_messages_in_one_file_are_read_alike(
        tmp_path: Path) -> None:
    """A Desktop chat line, then Telethon's messages (``cat export.jsonl messages.jsonl``):
    read whole as one Telegram dump, the Desktop reader skipped the messages a stream reads
    (found by the property above, 11 posts streamed, 5 read whole)."""
    desktop = LINES["telegram_desktop_chats.jsonl"][:1]
    telethon = LINES["telethon_discussion_newest_first.jsonl"]
    for lines in ([*desktop, *telethon], [*desktop, *desktop, telethon[0]],
                  [*telethon, *desktop]):
        streamed, whole = _posts(_file(lines), tmp_path)
        assert isinstance(whole, list) and streamed == whole
        assert {post.post_id.split("/")[0] for post in whole if post.post_id} == {
            "1987654321", "1777000111"}


def test_snscrapes_reddit_submission_among_pushshift_comments_is_read_alike(
        tmp_path: Path) -> None:
    """snscrape's Reddit submission has the fields of a Pushshift record: read whole among
    Pushshift's comments, the Reddit reader took it (id ``t3_t3_…``, no time, the link
    lost), where a stream reads each line by its own shape."""
    pushshift = LINES["reddit_pushshift_comments.jsonl"][1:2]
    submission = [line for line in LINES["snscrape_other_modules.jsonl"]
                  if b"reddit.Submission" in line][:1]
    streamed, whole = _posts(_file([*pushshift, *pushshift, *submission]), tmp_path)
    assert isinstance(whole, list) and streamed == whole
    assert not any(post.post_id and post.post_id.startswith("t3_t3_") for post in whole)


def test_an_edited_status_then_another_platforms_empty_record_is_read_alike(
        tmp_path: Path) -> None:
    """A Mastodon status and its update, then a Telegram chat with no messages: the file is
    of two platforms, read record by record whole, and so streamed (the versions were folded
    streamed, as the last line brought no post)."""
    mastodon = LINES["mastodon_stream_websocket.jsonl"]
    update = [line for line in mastodon if b'"status.update"' in line][:1]
    status_id = json.loads(json.loads(update[0])["payload"])["id"]
    first = [line for line in mastodon
             if b'"event": "update"' in line and status_id.encode() in line][:1]
    empty_chat = [line for line in LINES["telegram_desktop_chats.jsonl"]
                  if b'"messages": []' in line][:1]
    streamed, whole = _posts(_file([*update, *first, *empty_chat]), tmp_path)
    assert isinstance(whole, list) and streamed == whole


def _documents_of(path: Path) -> list[object]:
    return load(path.read_text("utf-8")).values


def _read_alone(document: object) -> bool:
    read = read_line([document], Carried())
    return read is not None and bool(read.dump.posts)


DOCUMENTS = [document for path in sorted(FIXTURES.glob("*/*.json"))
             for document in _documents_of(path) if _read_alone(document)]
"""Every whole JSON document of the fixtures (the concatenated ones give each of theirs)
that holds posts read alone, as a line is: an array of records of several tools
(``mixed_records.json``) is read record by record as a file, not as a line among others,
and lines most of which hold no posts are read whole as text, where a stream reads the
posts of the few (the rules of ``parse._lines``, which this test does not change)."""

_TAILS = st.sampled_from([
    "", "", "Gesendet von meinem Telefon\n", "]}{ \x00 https://welt.ltd/x\n" * 50,
    '{\n  "data": [\n    {"id": "1", "te', "{", "[\n"])


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(documents=st.lists(st.sampled_from(DOCUMENTS), min_size=1, max_size=4),
       indent=st.sampled_from([None, 1, 2, 4, "\t"]), between=st.sampled_from(["\n", "", "\n\n"]),
       end=st.sampled_from([b"\n", b"\r\n"]), tail=_TAILS, bom=st.booleans())
def test_documents_one_after_another_streamed_give_the_posts_read_whole(
        documents: list[object], indent: int | str | None, between: str, end: bytes,
        tail: str, bom: bool, tmp_path: Path) -> None:
    """``cat a.json b.json``: whole documents, pretty-printed or minified, one after another,
    maybe with a tail that is no JSON (text, a document cut off). ``bots`` reads them whole
    as ``thread`` does (their first line is no JSON value) or streams them as JSON Lines
    (minified, one a line), and gives the posts of the same documents one a line."""
    text = between.join(json.dumps(d, indent=indent, ensure_ascii=False) for d in documents)
    text = (text + "\n" + tail).replace("\n", end.decode())
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
    streamed, whole = _seen(data, tmp_path)
    assert streamed == whole
    if not tail:
        lines = "".join(json.dumps(d) + "\n" for d in documents).encode()
        assert _seen(lines, tmp_path)[1] == whole


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(documents=st.lists(st.tuples(st.sampled_from(DOCUMENTS), st.sampled_from([None, 2, "\t"])),
                          min_size=1, max_size=5),
       end=st.sampled_from([b"\n", b"\r\n"]), blank=st.booleans())
def test_lines_and_pretty_printed_documents_mixed_streamed_give_the_posts_read_whole(
        documents: list[tuple[object, int | str | None]], end: bytes, blank: bool,
        tmp_path: Path) -> None:
    """``cat small.jsonl big.json`` (JSON Lines, then a pretty-printed document), and any
    mix of one-line and pretty-printed documents: read whole, each document was read;
    streamed, the lines were read and a pretty-printed document's lines skipped as broken.
    Now both read every document, and give the posts of the same documents one a line."""
    text = ("\n\n" if blank else "\n").join(
        json.dumps(document, indent=indent, ensure_ascii=False) for document, indent in documents)
    data = (text + "\n").replace("\n", end.decode()).encode("utf-8", "surrogatepass")
    streamed, whole = _seen(data, tmp_path)
    assert streamed == whole
    assert load(text).values == [document for document, _ in documents]
    lines = "".join(json.dumps(document) + "\n" for document, _ in documents).encode()
    assert _seen(lines, tmp_path)[1] == whole


def _document(name: str) -> object:
    (document,) = _documents_of(FIXTURES / "threads" / name)
    return document


def test_threads_pages_among_x_api_pages_keep_their_authors(tmp_path: Path) -> None:
    """A Threads page has an X API v2 page's fields: among X pages, read whole, the X reader
    took it and found no authors in its ``includes``; a stream reads it by its own reader."""
    threads, x_api = _document("meta_threads_conversation.json"), _document("x_api_v2.json")
    for documents in ([x_api, x_api, threads], [threads, x_api], [threads, threads, x_api]):
        lines = "".join(json.dumps(document) + "\n" for document in documents).encode()
        streamed, whole = _posts(lines, tmp_path)
        assert isinstance(whole, list) and streamed == whole
        assert all(post.author for post in whole)


def test_a_reply_answers_the_name_its_own_answer_gives(tmp_path: Path) -> None:
    """One account seen from two servers: ``jana@social.example`` in one context answer,
    ``jana`` in her own server's. Read whole, the dump's last name was given to the replies
    of every answer; streamed, each answer's own: a reply answers the name its answer
    gives (its author's name in the same answer)."""
    remote = _document("mastodon_context.json")
    local = _document("mastodon_context_without_status.json")
    lines = "".join(json.dumps(d) + "\n" for d in (remote, remote, local)).encode()
    streamed, whole = _posts(lines, tmp_path)
    assert isinstance(whole, list) and streamed == whole
    names = {post.reply_to_author for post in whole if post.reply_to_author}
    assert {"jana@social.example", "jana"} <= names


def test_a_status_on_its_own_line_then_its_context_is_context_streamed_too(
        tmp_path: Path) -> None:
    """A status, then the context answer requested for it, each on its line (with an
    instance's answer first, so that the file is streamed): read whole, the status is the
    context's, not a post (``parse_mastodon``); a stream had given it as a post, having
    handed it on before the context came. Either order, repeated or not."""
    instance, _, status, context, *_ = LINES["mastodon_answers_status_refetched.jsonl"]
    for lines in ([instance, status, context], [status, context, status],
                  [instance, context, status], [context, status, context]):
        streamed, whole = _posts(_file(lines), tmp_path)
        assert isinstance(whole, list) and streamed == whole
        assert json.loads(status)["id"] not in {post.post_id for post in whole}


def test_a_requested_status_on_another_line_is_no_gap_streamed_or_whole(
        tmp_path: Path) -> None:
    """A context answer's descendants reply to the status it was requested for, which the
    answer does not hold: a gap, unless another line holds the status. Streamed, the
    answer's line said "1 status(es) replied to but not in the file" whatever came before or
    after it (and read whole record by record, among an instance's answer, so did the whole
    read); an answer saved twice without its status said 2. Now the gap is counted once the
    dump has ended (``MastodonFacts.warnings``), over every line, streamed as whole."""
    instance, _, status, context, *_ = LINES["mastodon_answers_status_refetched.jsonl"]
    missing = ("Mastodon: 1 status(es) replied to but not in the file (the status a context "
               "was requested for is not part of the answer)")
    for lines, said in (([instance, status, context], []), ([context, status, context], []),
                        ([instance, context, status], []), ([context, instance, context],
                                                            [missing]),
                        ([context, context], [missing])):
        streamed, whole = _seen(_file(lines), tmp_path)
        assert isinstance(whole, _Seen) and streamed == whole
        assert whole.warnings == said


def test_an_instances_answer_among_statuses_is_skipped_and_said_read_whole(
        tmp_path: Path) -> None:
    """An instance's answer, then statuses (found by the property above, comparing how many
    records each path skipped): streamed, "line 1 skipped (no known shape)"; read whole as
    one Mastodon dump, the answer was taken for a context answer holding nothing, and
    passed over without a word. Now it is a record that is no status, counted."""
    instance, _, status, *_ = LINES["mastodon_answers_status_refetched.jsonl"]
    streamed, whole = _seen(_file([instance, status, status]), tmp_path)
    assert isinstance(whole, _Seen) and streamed == whole
    assert whole.skipped == 1


def test_posts_deleted_on_two_lines_are_counted_by_their_ids(tmp_path: Path) -> None:
    """Two Bluesky threads one a line, each with 2 deleted or blocked posts of its own (found
    by the property of documents one after another): read whole, 4; streamed, the first
    line's 2 was said, the second line's dropped as the same warning. The gaps are counted
    by their ids now (``across.add_up``): 4 streamed, and the same thread twice is 2."""
    thread, other = _document("bluesky_thread.json"), _document("bluesky_thread_v2.json")
    for documents, count in (([thread, other], 4), ([thread, thread], 2),
                             ([thread, other, thread], 4)):
        lines = "".join(json.dumps(document) + "\n" for document in documents).encode()
        streamed, whole = _seen(lines, tmp_path)
        assert isinstance(whole, _Seen) and streamed == whole
        assert whole.warnings == [f"Bluesky: {count} post(s) deleted or blocked"]


def _quoting(state: str, quoted: dict[str, object] | None) -> bytes:
    """A status quoting another, its quote in ``state``, as Mastodon 4.4+ answers."""
    link = "https://social.example/@ina/1"
    return json.dumps({
        "id": "9", "created_at": "2025-10-03T07:00:00.000Z", "url": "https://social.example/@o/9",
        "account": {"id": "5", "username": "olaf", "acct": "olaf"},
        "content": f'<p class="quote-inline">RE: <a href="{link}">{link}</a></p><p>Seht her</p>',
        "quote": {"state": state, "quoted_status": quoted}}).encode()


def test_a_status_saved_again_once_its_quote_was_revoked_is_an_edit(tmp_path: Path) -> None:
    """The same status fetched twice, its words the same, its quote accepted, then revoked
    (``quoted_status`` null: the fallback line's link may now be the post's). A stream reads
    the two as two versions (their links differ); read whole, they were one status saved
    again unchanged, its first copy kept (found on Mastodon.py's recorded answers): each is
    a version now, the latest shown, quoting nothing, its link the post's."""
    quoted = {"id": "1", "url": "https://social.example/@ina/1", "content": "<p>Original</p>",
              "account": {"id": "6", "username": "ina", "acct": "ina"}}
    lines = [_quoting("accepted", quoted), _quoting("revoked", None)]
    streamed, whole = _seen(_file([*lines, *LINES["mastodon_statuses.jsonl"]]), tmp_path)
    assert isinstance(whole, _Seen) and isinstance(streamed, _Seen)
    assert (streamed.posts, streamed.warnings) == (whole.posts, whole.warnings)
    (status,) = [post for post in whole.posts if post.post_id == "9"]
    assert status.quote_of is None and status.urls == ("https://social.example/@ina/1",)


@pytest.mark.parametrize(("name", "line", "post_id"), [
    # a quoted tweet shown on two lines: read whole, v1.1 kept its last copy
    ("v11_tweets.jsonl", 1, "1799000000000000050"),
    # a post of the file shown in another line's context: streamed, its copy came first
    ("bluesky_feed_items.jsonl", 0,
     "at://did:plc:q7wk2mfz5rtn3xbh4lpcs6ya/app.bsky.feed.post/3lsa1"),
    # the status a context was requested for, saved three times, refetched after an edit
    ("mastodon_answers_status_refetched.jsonl", 2, "1151000000000301"),
])
def test_the_post_a_reply_answers_has_one_author_streamed_and_whole(
        name: str, line: int, post_id: str, tmp_path: Path) -> None:
    """A line saved again first, its accounts renamed (found by the rename property once it
    compared authors): the post answered was shown under the old handle one way and the new
    one the other. Now the context is each id's first copy (a status's versions folded),
    none of the file's own posts, streamed as read whole."""
    lines = LINES[name]
    renamed = _renamed(lines[line], "renamed_2025")
    assert renamed is not None
    streamed, whole = _seen(_file([renamed, *lines]), tmp_path)
    assert isinstance(whole, _Seen) and streamed == whole
    assert post_id in whole.authored


@pytest.mark.parametrize("at", ["first", "last"])
def test_a_bluesky_account_renamed_between_lines_is_one_account(at: str,
                                                                tmp_path: Path) -> None:
    """A feed item saved again after its author changed handle: a DID is one account, each
    of its posts (and the replies' answered author) under its latest handle, the rename
    said (``AccountFacts``, the rule of X API v2 and twarc2), streamed as read whole.
    Before, the DID showed two handles both ways: two accounts to ``bots``. The latest is
    by the posts' times, wherever the line stands: the copy is of her post of 07:01, and
    her repost of 07:05 (the third line's ``reason.by``) shows the handle she went by then."""
    lines = LINES["bluesky_feed_items.jsonl"]
    renamed = _renamed(lines[0], "renamed_2025")
    assert renamed is not None
    ordered = [renamed, *lines] if at == "first" else [*lines, renamed]
    streamed, whole = _seen(_file(ordered), tmp_path)
    assert isinstance(whole, _Seen) and streamed == whole
    jana = "did:plc:q7wk2mfz5rtn3xbh4lpcs6ya"
    names = ["renamed_2025", "jana.bsky.social"]
    assert {post.author for post in whole.posts if jana in (post.post_id or "")} == {names[1]}
    assert [warning for warning in whole.warnings if "renamed" in warning] == [
        f"Bluesky: 1 account(s) renamed within the dump, each post shown under its account's "
        f"latest handle: {names[0]} → {names[1]} (id {jana})"]


RENAMED = {
    # snscrape 0.7 searches run a day apart: a User, then the User renamed, then a UserRef
    "snscrape_renamed_between_searches.jsonl": (
        "wahrheit_nord", "wahrheit_nord_24", "snscrape", "7301", 3),
    # v1.1 tweets (tweepy's ``Status._json``, twarc 1) fetched again after the rename
    "v11_renamed_between_fetches.jsonl": (
        "elbe_insider", "elbe_insider_2", "X archive", "990077", 2),
    # an archive's replies to one account (``in_reply_to_user_id_str``) under two names
    "tweets_one_a_line_answered_renamed.jsonl": (
        "fluss_fakten", "fluss_fakten_neu", "X archive", "1400000000000000042", 0),
    # Mastodon.py's statuses one a line: a local account renamed; the same id on
    # toot.example is another account (ids are the server's own)
    "mastodon_renamed_account.jsonl": (
        "klartext_nord", "klartext_nord_neu", "Mastodon",
        "109000000000000077@https://social.example", 2),
}


@pytest.mark.parametrize("name", sorted(RENAMED))
@pytest.mark.parametrize("order", ["as-saved", "reversed"])
def test_an_account_renamed_mid_file_is_one_account_on_every_platform(
        name: str, order: str, tmp_path: Path) -> None:
    """An account renamed between two fetches (same stable id, a new handle) in snscrape's
    lines, v1.1 tweets, an X archive's replies and Mastodon's statuses: one account, every
    post by it and every reply to it under its latest handle, the rename said once, streamed
    as read whole (``AccountFacts``, the rule of X API v2, twarc2 and Bluesky). Before, the
    old and the new handle were two accounts to ``thread``, ``audit`` and ``bots``, and a
    renamed bot a cluster of one with itself. Latest is by the posts' times (an archive lists
    the newest first, a search's pages too), so reversing the lines changes nothing."""
    before, after, label, account_id, posts = RENAMED[name]
    lines = LINES[name] if order == "as-saved" else LINES[name][::-1]
    latest, earlier = after, before
    streamed, whole = _seen(_file(lines), tmp_path)
    assert isinstance(whole, _Seen) and streamed == whole
    named = [name for post in whole.posts for name in (post.author, post.reply_to_author)]
    assert earlier not in named
    assert sum(post.author == latest for post in whole.posts) == posts
    assert any(post.reply_to_author == latest for post in whole.posts)
    assert [warning for warning in whole.warnings if "renamed" in warning] == [
        f"{label}: 1 account(s) renamed within the dump, each post shown under its account's "
        f"latest handle: {earlier} → {latest} (id {account_id})"]


def test_the_same_mastodon_id_on_two_servers_is_two_accounts(tmp_path: Path) -> None:
    """A Mastodon account id is its server's own: ``109000000000000077`` on social.example
    (renamed) and on toot.example (``moewe``) are two accounts, never merged."""
    streamed, whole = _seen(_file(LINES["mastodon_renamed_account.jsonl"]), tmp_path)
    assert isinstance(whole, _Seen) and streamed == whole
    by_id = {post.post_id: post.author for post in whole.posts}
    assert by_id["113000000000000102"] == "moewe"
    assert by_id["113000000000000004"] == "klartext_nord_neu"
