from __future__ import annotations

import csv
import io
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.errors import InputError
from threadscope.ingest import csv_input
from threadscope.ingest.csv_input import iso_time, looks_like_csv, parse_column_options, read_csv
from threadscope.models import AuthorKind


def test_guesses_common_column_names() -> None:
    text = (
        "screen_name,full_text,created_at,url,in_reply_to\n"
        "@lena_h,\"Hallo, Welt\",2024-03-14T08:00:00Z,https://a.example/x,17\n"
    )
    (reply,) = read_csv(text)
    assert (reply.author, reply.text, reply.created_at) == ("lena_h", "Hallo, Welt",
                                                            "2024-03-14T08:00:00Z")
    assert reply.urls == ("https://a.example/x",) and reply.reply_to == "17"


def test_coordination_csv_with_unix_timestamps_and_space_separated_urls() -> None:
    text = (
        "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n"
        "5,9,MariaSchulz83651,,4,Lies das,1710403200,https://welt.ltd/a https://bit.ly/b\n"
    )
    (reply,) = read_csv(text)
    assert reply.post_id == "5" and reply.reply_to == "4"
    assert reply.created_at == "2024-03-14T08:00:00Z"
    assert reply.urls == ("https://welt.ltd/a", "https://bit.ly/b")


def test_semicolon_csv_from_a_spreadsheet() -> None:
    (reply,) = read_csv("user;content;date\nanna;Guten Morgen;14.03.2024\n")
    assert (reply.author, reply.text, reply.created_at) == ("anna", "Guten Morgen", None)


def test_column_override_wins_over_guess() -> None:
    text = "author,text,tweet\nx,ignored,used\n"
    (reply,) = read_csv(text, parse_column_options(["text=tweet"]))
    assert reply.text == "used"


def test_missing_text_column_names_the_fix() -> None:
    with pytest.raises(InputError, match="--column text=NAME"):
        read_csv("author,likes\nx,3\n")


def test_unknown_override_column() -> None:
    with pytest.raises(InputError, match="no column 'nope'"):
        read_csv("author,text\nx,y\n", {"text": "nope"})


@pytest.mark.parametrize("pair", ["author", "=x", "color=red", "text="])
def test_bad_column_options(pair: str) -> None:
    with pytest.raises(InputError):
        parse_column_options([pair])


def test_column_option_aliases() -> None:
    assert parse_column_options(["in_reply_to=parent", "url=link"]) == {
        "reply_to": "parent", "urls": "link"}


@pytest.mark.parametrize(
    "text", ['{"data": []}', "Maria Schulz\n@MariaSchulz83651\n·\n2h\nHallo", "", "a,b\n1,2\n"]
)
def test_not_reply_csv(text: str) -> None:
    assert not looks_like_csv(text)


def test_times() -> None:
    assert iso_time("Fri Jul 14 09:12:00 +0000 2023") == "2023-07-14T09:12:00Z"
    assert iso_time("2023-07-14T11:12:00+02:00") == "2023-07-14T09:12:00Z"
    assert iso_time("1710403200000") == "2024-03-14T08:00:00Z"
    assert iso_time("99999999999999999999") is None
    assert iso_time("gestern") is None
    assert iso_time(" 2024-03-14T08:00:01Z ") == "2024-03-14T08:00:01Z"
    assert iso_time("2024-02-30T08:00:00Z") is None


@given(st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)))
def test_a_time_in_the_written_form_reads_as_the_full_parse_would(moment: datetime) -> None:
    written = moment.isoformat().replace("+00:00", "Z")
    assert iso_time(written) == written
    assert iso_time(written) == iso_time(moment.isoformat())  # the full parse


@given(st.from_regex(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", fullmatch=True))
def test_a_time_of_the_written_shape_is_checked_as_the_full_parse_checks_it(text: str) -> None:
    parsed = csv_input._parse_time(text)
    expected = parsed.astimezone(UTC).isoformat().replace("+00:00", "Z") if parsed else None
    assert iso_time(text) == expected


def test_broken_quoting_and_huge_fields_do_not_crash() -> None:
    text = 'author,text\nx,"never closed\n' + "y," + "z" * 2_000_000 + "\n"
    try:
        replies = read_csv(text)
    except InputError:
        return
    assert all(r.author for r in replies)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_hostile_csv_body(body: str) -> None:
    try:
        replies = read_csv("author,text,created_at,urls\n" + body)
    except InputError:
        return
    assert all(isinstance(r.text, str) for r in replies)


def test_a_post_longer_than_the_stdlib_field_limit_is_read_without_changing_it() -> None:
    import csv

    before = csv.field_size_limit()
    long_text = "welt.ltd " * (before // 9 + 10)
    replies = read_csv(f"author,text\nbot1,{long_text}\nbot2,short\n")
    assert [r.author for r in replies] == ["bot1", "bot2"]
    assert csv.field_size_limit() == before


def test_blank_lines_before_the_header_are_skipped_and_lines_still_count() -> None:
    text = "\n   \n\r\nauthor;text\nanna;Guten Morgen\n\nbob;Hallo\n"
    assert looks_like_csv(text)
    posts = read_csv(text)
    assert [(p.author, p.line) for p in posts] == [("anna", 5), ("bob", 7)]


@pytest.mark.parametrize("blank", ["\n", " \n", "\r\n", "\t \u3000\n"])
def test_a_run_of_blank_lines_is_skipped_in_constant_memory(blank: str) -> None:
    """The run was skipped by one regular expression, ``(?:[^\\S\\n]*\\n)*``, whose engine
    keeps a backtracking mark for each line: 120 bytes a blank line, 30 GB for a dump of
    256 MiB of newlines (a paste the input limit admits)."""
    text = blank * 200_000 + "author,text\nanna,Guten Morgen\n"
    tracemalloc.start()
    try:
        found = looks_like_csv(text) and csv_input.tabular(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found
    assert peak < 1_000_000  # was 24 MB
    assert [p.line for p in read_csv(text)] == [200_002]


@given(st.text(alphabet=" \n\r\t\x0b\x0c\x1c\x85\u2028\u3000\ufeffab,"))
def test_blank_lines_are_those_the_expression_skipped(text: str) -> None:
    import re

    start = 1 if text.startswith("\ufeff") else 0
    expected = re.compile(r"(?:[^\S\n]*\n)*").match(text, start)
    assert expected is not None
    assert csv_input.blank_lines_end(text, start) == expected.end()


def test_tab_separated_csv() -> None:
    (reply,) = read_csv("author\ttext\nanna\tGuten Morgen, alle\n")
    assert (reply.author, reply.text) == ("anna", "Guten Morgen, alle")


@pytest.mark.parametrize(("header", "expected"), [
    ("a;b;c", ";"), ("a\tb", "\t"), ("a,b", ","), ("url", ","), ("a,b;c", ","), ("", ","),
])
def test_sniff_delimiter_falls_back_to_comma(header: str, expected: str) -> None:
    assert csv_input.sniff_delimiter(header) == expected


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
                                   "Mon Jan 01 00:00:00 +0100 0001"])
def test_a_time_whose_utc_falls_off_the_calendar_is_no_time(value: str) -> None:
    assert iso_time(value) is None  # raised OverflowError (an internal error in the CLI) before


# ---------------------------------------------------------------- csv_dump (thread, audit)

THREADS = Path(__file__).resolve().parents[2] / "fixtures" / "threads"
BOTS = Path(__file__).resolve().parents[2] / "fixtures" / "bots"


def test_twarc_csv_columns_are_guessed() -> None:
    """twarc-csv 0.7.2's own column list (DEFAULT_TWEET_COLUMNS), as its fixture has it."""
    text = (THREADS / "twarc2_csv.csv").read_text("utf-8")
    posts = {p.post_id: p for p in read_csv(text)}
    reply = posts["1768500000000000002"]
    assert (reply.author, reply.display_name) == ("lena_hartmann_dis", "Lena Hartmann")
    assert reply.reply_to == "1768500000000000001"
    assert reply.conversation_id == "1768500000000000001"
    assert reply.urls == ("https://bild.eu.com/kiesel-studie",)  # entities.urls, a JSON list
    assert reply.created_at == "2024-03-14T09:01:00Z"
    assert reply.author_created_at == "2014-05-02T09:00:00Z"
    retweet = posts["1768500000000000030"]
    assert retweet.repost_of == "1768500000000000001" and retweet.author == "HeinzWeber60412877"


def _twarc_rows_with(cells: dict[str, list[str]]) -> str:
    """The twarc-csv fixture with some of its ``author.*`` cells, row by row, replaced."""
    rows = list(csv.reader(io.StringIO((THREADS / "twarc2_csv.csv").read_text("utf-8"))))
    header = rows[0]
    for name, values in cells.items():
        for row, value in zip(rows[1:], values, strict=False):
            row[header.index(name)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_twarc_csv_author_verified_protected_and_type_are_labels() -> None:
    """twarc-csv writes X's ``verified``/``protected`` as pandas does (``True``/``False``);
    a spreadsheet saved it again as ``TRUE``; nothing else in such a cell counts."""
    text = _twarc_rows_with({
        "author.verified": ["True", "TRUE", "true", "False", "yes", "", "Verified", "True"],
        "author.verified_type": ["blue", "none", "government", "blue", "none", "business",
                                 "none", "Official state media"],
        "author.protected": ["False", "True", "", "True", "1", "", "False", "False"],
    })
    assert [p.author_labels for p in read_csv(text)] == [
        ("X: verified (blue)",), ("X: verified", "X: protected account"),
        ("X: verified (government)",), ("X: protected account",), (),
        ("X: verified (business)",), (), ("X: verified",)]
    plain = (THREADS / "twarc2_csv.csv").read_text("utf-8")  # all False and none
    assert all(p.author_labels == () for p in read_csv(plain))


def test_a_csv_without_those_columns_has_no_labels() -> None:
    (post,) = read_csv("author,text,verified,protected\nanna,hallo,True,True\n")
    assert post.author_labels == ()
    (short,) = read_csv("author.username,text,author.verified\nanna,hallo\n")
    assert short.author_labels == ()


def test_twarc_csv_line_breaks_are_read_back() -> None:
    """twarc-csv writes a line break as backslash-n; other CSV keeps a backslash as it is."""
    twarc = "id,author.username,text,__twarc.version\n1,anna,Erstens\\n2/3 Zweitens,2.14.0\n"
    (post,) = read_csv(twarc)
    assert post.text == "Erstens\n2/3 Zweitens"
    (plain,) = read_csv("id,author,text\n1,anna,C:\\new\n")
    assert plain.text == "C:\\new"


def test_csv_dump_format_and_posts() -> None:
    dump = csv_input.csv_dump((BOTS / "coordination.csv").read_text("utf-8"))
    assert dump.format == "csv" and len(dump.posts) == 10 and dump.warnings == ()
    assert dump.posts[1].reply_to == "1768412450000000001"


@pytest.mark.parametrize(("name", "fmt"), [("twint_tweets.csv", "twint"),
                                           ("youtube_comments.csv", "youtube")])
def test_csv_dump_of_a_tool_is_that_tool(name: str, fmt: str) -> None:
    text = (BOTS / name).read_text("utf-8-sig")
    assert csv_input.csv_dump(text).format == fmt
    named = csv_input.csv_dump(text, {"author": "author" if fmt == "youtube" else "username"})
    assert named.format == "csv"  # --column: read by the columns named, as bots reads it


def test_conversation_without_reply_column_answers_its_first_post() -> None:
    text = (
        "id,thread_id,author,body\n"
        "11,10,anna,zweitens\n"
        "10,10,anna,erstens\n"
        "12,10,bob,danke\n"
        "13,,carl,allein\n"
    )
    posts = csv_input.csv_dump(text).posts
    assert [p.reply_to for p in posts] == ["10", None, "10", None]
    assert [p.conversation_id for p in posts] == ["10", "10", "10", None]
    assert read_csv(text)[0].reply_to is None  # bots reads the rows as they are


def test_a_reply_column_is_never_overridden_by_the_conversation() -> None:
    text = "id,conversation_id,in_reply_to,author,text\n11,10,,anna,b\n12,10,11,anna,c\n"
    assert [p.reply_to for p in csv_input.csv_dump(text).posts] == [None, "11"]


def test_ids_a_spreadsheet_rounded_link_nothing() -> None:
    text = (
        "id;author;text;in_reply_to\n"
        "1,76841E+18;anna;erstens;\n"
        "1,76841E+18;anna;zweitens;1,76841E+18\n"
        "7;bob;drittens;1,76841E+18\n"
    )
    dump = csv_input.csv_dump(text)
    assert [(p.post_id, p.reply_to) for p in dump.posts] == [(None, None), (None, None),
                                                              ("7", None)]
    assert dump.warnings == ("CSV: 2 post id(s) rounded to scientific notation by a "
                             "spreadsheet; not used to link replies",)


def test_csv_dump_raises_as_read_csv_does() -> None:
    with pytest.raises(InputError, match="--column text=NAME"):
        csv_input.csv_dump("author,likes\nx,3\n")


def test_a_header_is_at_most_the_longest_header_long() -> None:
    names = ",".join(["author", "text", *(f"c{i}" for i in range(3000))])[:10_000]
    names = names[: names.rindex(",")]
    assert looks_like_csv(names + "\r\nanna,hallo\n")
    assert not looks_like_csv(names + "," + "x" * (10_001 - len(names)) + "\nanna,hallo\n")
    assert not looks_like_csv("author,text," + "x" * 50_000)  # one line: a dump, not a header


@pytest.mark.parametrize(
    ("author", "kind"),
    [
        ("maria_weber", AuthorKind.HANDLE),
        ("alice.bsky.social", AuthorKind.HANDLE),
        ("anna@mastodon.social", AuthorKind.HANDLE),
        ("Jörg-K", AuthorKind.HANDLE),
        ("Maria Weber", AuthorKind.NAME),
        ('=HYPERLINK("https://welt.ltd","x")', AuthorKind.NAME),
        ("Anna(Berlin)", AuthorKind.NAME),
    ],
)
def test_an_author_cell_is_a_handle_only_if_made_of_what_handles_are(
    author: str, kind: AuthorKind
) -> None:
    """A formula or a name with brackets is no handle: a report must not print it as an
    ``@`` mention of whoever holds that name."""
    quoted = '"' + author.replace('"', '""') + '"'
    (reply,) = read_csv(f"author,text\n{quoted},Guten Morgen\n")
    assert reply.author == author and reply.author_kind is kind
