from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.errors import InputError
from threadscope.ingest import FORMATS, Dump, parse_dump
from threadscope.ingest.parse import Carried, parse_structured, read_line
from threadscope.models import Platform, Post
from threadscope.threads import reassemble

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("x_api_v2.json", "x-api-v2"),
        ("x_api_v2_pages.jsonl", "x-api-v2"),
        ("tweets.js", "x-archive"),
        ("bluesky_thread.json", "bluesky"),
        ("mastodon_context.json", "mastodon"),
        ("x_web_interleaved.txt", "x-web"),
        ("x_copy_closing_markers.txt", "text"),
    ],
)
def test_recognised_by_content_not_name(name: str, fmt: str) -> None:
    dump = parse_dump((FIXTURES / name).read_text("utf-8"))
    assert dump.format == fmt
    assert (dump.posts == ()) == (fmt == "text")


def test_plain_text_has_no_posts() -> None:
    assert parse_dump("Ein ganz normaler Absatz.\n1/3\n") == Dump("text")


def test_broken_json_falls_back_to_text_with_a_warning() -> None:
    dump = parse_dump('{"data": [{"id": "1", "text": "abgeschnitten')
    assert dump.format == "text" and dump.posts == ()
    assert "looks like JSON" in dump.warnings[0]


def test_json_of_unknown_shape_is_text_with_a_warning() -> None:
    dump = parse_dump('{"hello": "world"}')
    assert dump.format == "text" and "no known shape" in dump.warnings[0]
    assert dump.text == "world"


def test_json_of_unknown_shape_is_read_by_its_string_values_not_its_syntax() -> None:
    """A monitoring tool's export: escaped slashes (PHP's default) hide no link, keys that
    look like domains name none, numbers and booleans are no text."""
    export = ('{"items": [{"id": 7, "body": "Lest das: https:\\/\\/welt.ltd\\/politik\\/a",'
              ' "flags": {"admin.report": true}}, {"body": "Quelle: spiegel.ltd \\u2013 ja"}]}')
    dump = parse_dump(export)
    assert dump.text == "Lest das: https://welt.ltd/politik/a\nQuelle: spiegel.ltd \u2013 ja"


def test_nested_json_of_unknown_shape_is_read_in_document_order() -> None:
    nested = '{"a": [{"b": "eins"}, [["zwei", {"c": {"d": "drei"}}]]], "e": "vier"}'
    assert parse_dump(nested).text == "eins\nzwei\ndrei\nvier"
    deep = "[" * 5000 + '"welt.ltd"' + "]" * 5000  # past json's recursion, read all the same
    assert parse_dump(deep).text == "welt.ltd"


def test_plain_text_is_worked_on_as_given() -> None:
    assert parse_dump("1/2 Hallo\n2/2 Welt").text is None


@pytest.mark.parametrize(
    "odd", ['{"title": "Too Many Requests", "status": 429}', '{"data": null}', "[]", "5"]
)
def test_an_odd_line_among_x_api_pages_is_skipped_not_the_dump(odd: str) -> None:
    pages = (FIXTURES / "x_api_v2_pages.jsonl").read_text("utf-8").splitlines()
    whole = parse_dump("\n".join(pages))
    dump = parse_dump("\n".join([pages[0], odd, *pages[1:]]))
    assert dump.format == "x-api-v2" and dump.posts == whole.posts
    assert dump.warnings[0] == "X API v2: 1 line(s) not an X API response; skipped"


def test_lines_mostly_of_no_known_shape_are_text() -> None:
    page = '{"data": [{"id": "1", "text": "Teil 1/2"}]}'
    dump = parse_dump("\n".join([page, '{"a": 1}', '{"b": 2}']))
    assert dump.format == "text" and "no known shape" in dump.warnings[0]


def test_all_posts_puts_context_first_and_drops_repeated_ids() -> None:
    a, b = Post("a", 1, post_id="1"), Post("b", 2, post_id="2")
    dump = Dump("x-api-v2", posts=(b, a), context=(a,))
    assert dump.all_posts == (a, b)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda kids: st.lists(kids, max_size=4)
            | st.dictionaries(
                st.sampled_from(["data", "thread", "post", "replies", "parent", "includes",
                                 "users", "tweet", "status", "context", "descendants", "text",
                                 "id", "account", "content", "record", "$type", "uri"]),
                kids,
                max_size=5,
            ),
            max_leaves=30,
        ).map(lambda v: __import__("json").dumps(v)),
    )
)
def test_hostile_input_gives_a_dump(text: str) -> None:
    dump = parse_dump(text)
    assert dump.format in FORMATS
    assert all(isinstance(p, Post) and isinstance(p.text, str) for p in dump.all_posts)


@pytest.mark.parametrize("text", ['[{"descendants":null},null]', '[null,{"ancestors":[]},7]'])
def test_a_null_page_among_pages_is_skipped(text: str) -> None:
    """Found by the test above: a page that is not an object once reached a dict lookup."""
    dump = parse_dump(text)
    assert dump.format in FORMATS and dump.all_posts == ()


def test_pages_saved_as_one_json_array_are_read_as_pages() -> None:
    """``json.dump([page1, page2])``: the array's items are the pages, as one a line."""
    lines = (FIXTURES / "x_api_v2_pages.jsonl").read_text("utf-8").splitlines()
    as_lines = parse_dump("\n".join(lines))
    as_array = parse_dump("[" + ",\n".join(lines) + "]")
    assert as_array.format == "x-api-v2" and as_array.posts == as_lines.posts


def test_mastodon_pages_saved_as_an_array_of_arrays_are_statuses() -> None:
    text = (FIXTURES / "mastodon_statuses_with_boost.json").read_text("utf-8")
    statuses = json.loads(text)
    pages = json.dumps([statuses[:2], statuses[2:]])
    assert parse_dump(pages).posts == parse_dump(text).posts


def test_an_array_of_unknown_things_stays_text() -> None:
    dump = parse_dump('[{"a": "welt.ltd"}, {"b": 2}]')
    assert dump.format == "text" and dump.text == "welt.ltd"


@pytest.mark.parametrize("name", ["mastodon_statuses.jsonl", "bluesky_author_feed.json"])
@pytest.mark.parametrize("first", ['{"collector": "started"}', '{"error": "Rate limit exceeded"}',
                                   "[]"])
def test_one_odd_first_record_does_not_cost_a_mastodon_or_bluesky_log(name: str,
                                                                       first: str) -> None:
    """Mastodon and Bluesky were known by the first value alone: a collector's note on the
    first line of a log made the whole log text of no known shape, while Jetstream, twarc2
    and X API v2 logs are known by most of their records."""
    text = (FIXTURES / name).read_text()
    values = ([json.loads(line) for line in text.splitlines() if line] if name.endswith("l")
              else [json.loads(text)] * 2)
    lines = "\n".join(json.dumps(value) for value in values)
    plain = parse_dump(lines)
    dump = parse_dump(first + "\n" + lines)
    assert dump.format == plain.format != "text"
    assert [p.post_id for p in dump.posts] == [p.post_id for p in plain.posts] != []


MIXED = Path(__file__).resolve().parents[2] / "fixtures" / "bots" / "mixed_records.json"
"""One JSON list of records from three tools, as a collector merges them: snscrape tweets,
X API v1.1 tweets and Bluesky feed items (each copied from its reader's fixture)."""


def test_a_list_of_records_of_several_shapes_is_read_record_by_record() -> None:
    dump = parse_dump(MIXED.read_text("utf-8"))
    assert dump.format == "mixed" and "mixed" in FORMATS
    assert [p.author for p in dump.posts] == [
        "kiesel_watch", "lena_hartmann_dis", "jana.bsky.social", "nachtfalke_22",
        "lena_hartmann_dis", "jana.bsky.social", "kiesel_watch", "lena_hartmann_dis"]
    assert [p.line for p in dump.posts] == list(range(1, 9))  # counted through the dump
    assert dump.posts[-1].reply_to == "1799000000000000001"
    assert dump.posts[6].reply_to_author == "kiesel_watch"


def test_the_same_records_one_a_line_read_alike() -> None:
    records = json.loads(MIXED.read_text("utf-8"))
    lines = "".join(json.dumps(r) + "\n" for r in records)
    assert parse_dump(lines) == parse_dump(MIXED.read_text("utf-8"))


def test_records_mostly_of_no_known_shape_are_still_text() -> None:
    records = json.loads(MIXED.read_text("utf-8"))[:2]
    unknown = [{"note": f"https://welt.ltd/{n}"} for n in range(5)]
    dump = parse_dump(json.dumps([*records, *unknown]))
    assert dump.format == "text" and dump.text is not None and "welt.ltd/4" in dump.text


def test_a_few_records_of_no_known_shape_among_many_are_skipped_and_counted() -> None:
    records = json.loads(MIXED.read_text("utf-8"))
    dump = parse_dump(json.dumps([*records, {"note": "export ended"}]))
    assert dump.format == "mixed" and len(dump.posts) == 8
    assert dump.warnings[0] == "1 record(s) of no known shape skipped"


# --------------------------------------------------------------------------- CSV

BOT_FIXTURES = FIXTURES.parent / "bots"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (FIXTURES / "twarc2_csv.csv", "csv"),
        (FIXTURES / "spreadsheet_in_reply_to.csv", "csv"),
        (FIXTURES / "conversation_column.csv", "csv"),
        (FIXTURES / "numbered_posts.csv", "csv"),
        (BOT_FIXTURES / "activity_qut.csv", "csv"),
        (BOT_FIXTURES / "twint_tweets.csv", "twint"),
        (BOT_FIXTURES / "youtube_comments.csv", "youtube"),
    ],
)
def test_csv_is_read_as_bots_reads_it(path: Path, fmt: str) -> None:
    dump = parse_dump(path.read_text("utf-8-sig"))
    assert dump.format == fmt and dump.posts and "csv" in FORMATS


@pytest.mark.parametrize(
    "text",
    [
        "Hallo, Welt, wie geht es euch?\n1/2 Erstens, zweitens\n2/2 Ende\n",
        "Der Autor, der Text, die Links\nanna, bob\n",  # prose names no column
        "Datum,Ort,Teilnehmer\n14.03.,Kiel,40\n",  # a table of no posts
        "username,bio\nanna,https://welt.ltd/\n",
    ],
)
def test_text_with_commas_is_never_csv(text: str) -> None:
    assert parse_dump(text).format == "text"


def test_csv_that_breaks_off_is_read_as_text_with_a_warning() -> None:
    text = 'author,text\nanna,"' + "x" * (2 * 1024 * 1024) + "\nbob,https://welt.ltd/a\n"
    dump = parse_dump(text)
    assert dump.format == "text" and dump.posts == ()
    assert dump.warnings[0].startswith("looks like CSV but is not (CSV: field larger")


def test_named_columns_make_the_text_csv() -> None:
    dump = parse_dump("wer;was\nanna;1/2 hallo\n", columns={"author": "wer", "text": "was"})
    assert dump.format == "csv" and dump.posts[0].author == "anna"


@pytest.mark.parametrize("text", ['{"data": []}', "author,text\nanna,hi\n",
                                  'author,text\nanna,"' + "x" * (2 * 1024 * 1024) + "\n"])
def test_named_columns_that_do_not_fit_are_an_error(text: str) -> None:
    with pytest.raises(InputError):
        parse_dump(text, columns={"text": "tweet"})


# ------------------------------------------------- JSON documents one after another

CONCATENATED = {
    "x_api_v2_pages_concatenated.json": ("x-api-v2", [("faktenlage_nord", 5)]),
    "bluesky_threads_concatenated.json": (
        "bluesky", [("ostsee-check.bsky.social", 3), ("ostsee-check.bsky.social", 2)]),
    "mastodon_context_then_status.json": ("mastodon", [("watt_watch@social.example", 3)]),
}
"""``cat a.json b.json``: pretty-printed answers saved one after another (two pages of an X
search, two Bluesky threads, a Mastodon context and then its status). Read as text before
("no replies found")."""


def _documents(text: str) -> list[object]:
    decoder, values, at = json.JSONDecoder(), [], 0
    while text[at:].strip():
        value, at = decoder.raw_decode(text, len(text) - len(text[at:].lstrip()))
        values.append(value)
    return values


@pytest.mark.parametrize("name", sorted(CONCATENATED))
def test_documents_one_after_another_read_as_the_same_one_a_line(name: str) -> None:
    text = (FIXTURES / name).read_text("utf-8")
    documents = _documents(text)
    assert len(documents) == 2
    dump = parse_dump(text)
    assert dump == parse_dump("".join(json.dumps(d) + "\n" for d in documents))
    assert dump == parse_dump("".join(json.dumps(d) for d in documents))  # no newline between
    fmt, threads = CONCATENATED[name]
    assert dump.format == fmt and not any(w.startswith("JSON") for w in dump.warnings)
    found = reassemble(text).threads
    assert [(thread.author, len(thread.posts)) for thread in found] == threads
    assert not any(thread.missing for thread in found)


@pytest.mark.parametrize("tail", [
    "\n" + "Anhang: https://welt.ltd/x \x00\x1b[2J ]}{\n" * 100_000,  # a huge garbage tail
    '\n{\n  "data": [\n    {"id": "1", "text": "abgeschnit',  # a third document cut off
    "\nGesendet von meinem Telefon\n",  # text after the documents
])
def test_documents_then_anything_read_the_whole_documents_and_say_the_rest(tail: str) -> None:
    text = (FIXTURES / "x_api_v2_pages_concatenated.json").read_text("utf-8")
    dump = parse_dump(text + tail)
    assert [p.post_id for p in dump.posts] == [p.post_id for p in parse_dump(text).posts]
    rest = text.count("\n") + 2
    assert dump.warnings[0].startswith(
        f"JSON: 2 whole document(s) read; the rest, from line {rest} on, skipped (invalid "
        "JSON at line ")


def test_one_document_cut_off_after_another_reads_the_first() -> None:
    text = (FIXTURES / "mastodon_context_then_status.json").read_text("utf-8")
    first, second = _documents(text)
    cut = json.dumps(first, indent=2) + "\n" + json.dumps(second, indent=2)[:400]
    dump = parse_dump(cut)
    assert dump.format == "mastodon" and dump.posts == parse_dump(json.dumps(first)).posts
    assert dump.warnings[0].startswith("JSON: 1 whole document(s) read; the rest, from line")


def test_documents_of_no_known_shape_then_anything_are_text_as_before() -> None:
    """Nothing to read in the whole documents: the text is read as it was, all of it."""
    text = '{\n  "note": "Liste"\n}\n{"a": 1}\nweiter bei https://welt.ltd/b\n'
    dump = parse_dump(text)
    assert dump.format == "text" and dump.text is None  # the input itself, links and all
    assert dump.warnings == ("looks like JSON but is not (invalid JSON at line 4 column 1: "
                             "Extra data); read as plain text",)


def test_one_document_reads_as_before() -> None:
    text = (FIXTURES / "x_api_v2.json").read_text("utf-8")
    assert parse_dump(text) == parse_dump(json.dumps(json.loads(text), indent=4))


# ------------------------------------------- a short array and the same records one a line

def _fixture(path: str) -> Any:
    return json.loads((FIXTURES.parent / path).read_text("utf-8"))


_RECORDS = {
    "x-page": _fixture("audit/x_api_thread.json"),
    "mastodon-context": _fixture("threads/mastodon_context_without_status.json"),
    "reddit-listing": _fixture("threads/reddit_comments.json")[1],
    "bluesky-thread": _fixture("threads/bluesky_thread.json"),
    "snscrape-tweet": _fixture("bots/mixed_records.json")[0],
    "v1.1-tweet": _fixture("bots/mixed_records.json")[1],
    "bluesky-item": _fixture("bots/mixed_records.json")[2],
    "mastodon-status": _fixture("threads/mastodon_context.json")["status"],
    "note": {"note": "https://welt.ltd/1"},
    "user": {"data": {"id": "9", "name": "N", "username": "u9"}},
}
"""API pages (several posts), bare posts (one) and records of no known shape."""


def _distinct_posts(dump: Dump) -> list[tuple[str | None, str]]:
    return list(dict.fromkeys((post.post_id, post.text) for post in dump.posts))


def _a_collectors_list(records: list[Any]) -> bool:
    """Most records of no known shape, and no page among the few that hold posts: an array
    of them is read as text (``_saved_answers``), the lines for their posts."""
    held = [len(parse_dump(json.dumps(record)).posts) for record in records]
    return sum(count == 0 for count in held) * 2 > len(records) and max(held) < 2 and sum(
        count > 0 for count in held) >= 2


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.sampled_from(sorted(_RECORDS)), min_size=2, max_size=5))
def test_a_short_array_of_mixed_records_gives_the_posts_of_its_lines(names: list[str]) -> None:
    """Pages, bare posts and other records in one short array read as the same records one
    a line. Were apart: an array whose first item was a Mastodon context (or a Bluesky
    thread) was read as that shape, an X page among it skipped with the records of no shape;
    two bare posts beside as many other records were text, the lines gave the posts."""
    records = [_RECORDS[name] for name in names]
    array = parse_dump(json.dumps(records))
    lines = parse_dump("\n".join(json.dumps(record) for record in records))
    if array.format == "text" and lines.format != "text":
        # Only a collector's list may stay text (its records' words and links kept).
        assert _a_collectors_list(records)
    else:
        assert _distinct_posts(array) == _distinct_posts(lines)


def test_a_context_then_an_x_page_in_one_array_gives_both() -> None:
    records = [_RECORDS["mastodon-context"], _RECORDS["x-page"], _RECORDS["note"],
               _RECORDS["user"]]
    dump = parse_dump(json.dumps(records))
    assert dump.format == "mixed" and len(dump.posts) == 3 + 4
    assert dump.warnings[0] == "2 record(s) of no known shape skipped"


def test_two_bare_posts_beside_as_many_other_records_are_read_as_posts() -> None:
    records = [_RECORDS["snscrape-tweet"], _RECORDS["note"], _RECORDS["v1.1-tweet"],
               _RECORDS["user"]]
    dump = parse_dump(json.dumps(records))
    assert dump.format == "mixed" and [p.author for p in dump.posts] == [
        "kiesel_watch", "lena_hartmann_dis"]


PLATFORMS = {
    "x_api_v2.json": Platform.X,
    "tweets.js": Platform.X,
    "v11_tweets.jsonl": Platform.X,
    "twarc2_flat.jsonl": Platform.X,
    "twarc2_csv.csv": Platform.X,  # twarc-csv's columns say whose it is
    "snscrape_twitter.jsonl": Platform.X,
    "x_web_unnumbered.txt": Platform.X,
    "../bots/twint_tweets.csv": Platform.X,
    "bluesky_thread.json": Platform.BLUESKY,
    "bluesky_jetstream.jsonl": Platform.BLUESKY,
    "mastodon_context.json": Platform.MASTODON,
    "meta_threads_conversation.json": Platform.THREADS,
    "reddit_comments.json": Platform.REDDIT,
    "telegram_desktop_channel.json": Platform.TELEGRAM,
    "telethon_channel.jsonl": Platform.TELEGRAM,
    "youtube_api_comment_threads.json": Platform.YOUTUBE,
    "../bots/youtube_comments.json": Platform.YOUTUBE,
    "../bots/youtube_api_two_videos_published.jsonl": Platform.YOUTUBE,  # videos too
    "numbered_posts.csv": None,  # a CSV says no platform
    "../bots/activity_qut.csv": None,
}


@pytest.mark.parametrize("name", PLATFORMS)
def test_each_reader_says_which_platform_its_posts_are_from(name: str) -> None:
    dump = parse_dump((FIXTURES / name).read_text("utf-8"))
    assert dump.all_posts
    assert {post.platform for post in dump.all_posts} == {PLATFORMS[name]}


def test_snscrape_records_are_each_of_their_own_platform() -> None:
    dump = parse_dump((FIXTURES / "snscrape_other_modules.jsonl").read_text("utf-8"))
    assert sorted(str(post.platform) for post in dump.all_posts) == [
        "mastodon", "mastodon", "reddit", "reddit", "telegram", "telegram"]


def test_pasted_text_says_no_platform() -> None:
    dump = parse_dump((FIXTURES / "x_web_unnumbered.txt").read_text("utf-8"))
    assert dump.format == "x-web"
    posts = reassemble((FIXTURES / "open_ended.txt").read_text("utf-8"))
    assert all(post.platform is None for thread in posts.threads for post in thread.posts)


class _Bottom(list[Any]):
    """The innermost array of a line nested deep, counting how often it is gone through: each
    walk for the line's records (``jsonish.records``) reaches it once, and nothing else does."""

    def __init__(self) -> None:
        super().__init__([{"note": "kein Beitrag"}])
        self.walks = 0

    def __iter__(self) -> Iterator[Any]:
        self.walks += 1
        return super().__iter__()


def _nested(bottom: _Bottom, depth: int = 300) -> list[Any]:
    line: list[Any] = bottom
    for _ in range(depth):
        line = [line]
    return line


def test_a_deep_line_is_walked_once_for_all_the_shapes() -> None:
    """A line of ``[[[…]]]`` 100,000 deep cost seconds of CPU in ``bots``: each shape check
    (and ``read_line``'s second look at the line's array) walked it again, 24 walks."""
    bottom = _Bottom()
    assert read_line([_nested(bottom)], Carried()) is None
    assert bottom.walks == 1


def test_deep_lines_read_whole_are_walked_a_few_times_each_not_once_a_shape() -> None:
    """``thread`` and ``audit`` read the lines together (``parse_structured``), then each
    alone: three walks a line (48 before), whatever the number of shapes."""
    bottoms = [_Bottom() for _ in range(20)]
    assert parse_structured([_nested(bottom) for bottom in bottoms]) is None
    assert max(bottom.walks for bottom in bottoms) <= 3
