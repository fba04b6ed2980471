from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadscope.cli import cli

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"
QUICK_START = FIXTURES / "x_copy_closing_markers.txt"


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["thread", *args], input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_json_follows_the_contract() -> None:
    code, out, err = run(str(QUICK_START), "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["source"] == str(QUICK_START) and data["unthreaded"] == []
    first = data["threads"][0]
    assert {"id", "author", "total", "declared_totals", "posts", "missing", "duplicates",
            "trailing"} <= set(first)
    assert first["missing"] == [4] and first["declared_totals"] == [6]
    assert {"index", "total", "text", "line"} <= set(first["posts"][0])
    assert data["threads"][2]["declared_totals"] == [5, 9]


def test_jsonl_is_one_thread_per_line() -> None:
    code, out, _ = run(str(QUICK_START), "--format", "jsonl")
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1, 2, 3]


def test_jsonl_says_on_stderr_what_it_cannot_hold() -> None:
    dump = "Ein Satz ohne Nummer, in keinem Thread.\n"
    code, out, err = run("-", "--format", "jsonl", stdin=dump)
    assert code == 0 and out == ""
    assert "1 piece of text in no thread is not in" in err
    assert "--format json keeps it under" in err
    _, out, _ = run("-", "--format", "json", stdin=dump)
    assert json.loads(out)["unthreaded"] == ["Ein Satz ohne Nummer, in keinem Thread."]


def test_csv_says_on_stderr_what_it_cannot_hold() -> None:
    """A dump of replies by many accounts has no thread: a header-only CSV must not pass for
    an empty dump. CSV keeps a row per post of a thread (the contract's columns are thread
    fields), so the rest is said on stderr, as jsonl says it."""
    replies = Path(__file__).resolve().parents[2] / "fixtures" / "bots" / "replies_x_api_v2.json"
    code, out, err = run(str(replies), "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 1  # the header
    assert "8 pieces of text in no thread are not in csv output" in err
    assert "--format json" in err
    code, out, err = run(str(QUICK_START), "--format", "csv")
    assert code == 0 and "no thread" not in err


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_human_formats_show_the_threads(fmt: str) -> None:
    code, out, _ = run(str(QUICK_START), "--format", fmt)
    assert code == 0 and "Drei Fragen an die Plattformen" in out


def test_stdin_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run("-", "--format", "json", "-o", str(target),
                       stdin=QUICK_START.read_text("utf-8"))
    assert code == 0 and out == ""
    assert json.loads(target.read_text("utf-8"))["source"] == "<stdin>"


def test_structured_input_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "export.txt"
    renamed.write_text((FIXTURES / "bluesky_thread.json").read_text("utf-8"), "utf-8")
    code, out, err = run(str(renamed), "--format", "json")
    assert code == 0 and json.loads(out)["format"] == "bluesky"
    assert "deleted or blocked" in err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
    ],
)
def test_unreadable_input_is_one_line_exit_2(tmp_path: Path, make: object, message: str) -> None:
    code, out, err = run(str(make(tmp_path)))  # type: ignore[operator]
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_binary_input_exit_2(tmp_path: Path) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x7fELF\x00\x00\x01" * 50)
    code, _, err = run(str(binary))
    assert code == 2 and "binary" in err and "Traceback" not in err


def test_invalid_utf8_warns_and_still_reads(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Eins \xff\xfe\n1/2\nZwei\n2/2\n")
    code, out, err = run(str(bad), "--format", "json")
    assert code == 0 and "invalid UTF-8" in err
    assert [p["index"] for p in json.loads(out)["threads"][0]["posts"]] == [1, 2]


def test_empty_input_is_an_empty_result() -> None:
    code, out, _ = run("-", "--format", "json", stdin="")
    assert code == 0 and json.loads(out)["threads"] == []


def test_broken_json_warns_and_reads_as_text() -> None:
    code, out, err = run("-", "--format", "json", stdin='{"data": [1/2')
    assert code == 0 and "looks like JSON" in err and json.loads(out)["format"] == "text"


def test_huge_single_line(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("wort " * 2_000_000 + "1/2\n", "utf-8")
    code, out, _ = run(str(big), "--format", "jsonl")
    assert code == 0 and json.loads(out)["posts"][0]["index"] == 1


def test_unknown_format_is_a_usage_error() -> None:
    code, _, _ = run(str(QUICK_START), "--format", "stix")
    assert code == 2


def test_json_says_when_a_post_was_edited_and_which_links_it_lost() -> None:
    """``edited_at`` and ``edited_away`` (and ``alt_text``) appear only where they say
    something: the other posts' JSON is as before."""
    code, out, _ = run(str(FIXTURES / "mastodon_thread_with_history.jsonl"), "--format", "json")
    first, edited, last = json.loads(out)["threads"][0]["posts"]
    assert edited["edited_at"] == "2025-09-04T08:30:00Z"
    assert edited["edited_away"] == ["https://hochwasserzentralen.de.pegel-news.example/"]
    assert edited["urls"][-1] == "https://hochwasserzentralen.de.pegel-news.example/"
    assert last["alt_text"] == ["Die Kopie im Vergleich, links das Original"]
    assert not {"edited_at", "edited_away", "alt_text"} & set(first)
    assert not {"edited_at", "edited_away"} & set(last)


def test_poll_options_are_shown_with_their_post() -> None:
    code, out, _ = run(str(FIXTURES / "mastodon_poll_and_media.json"))
    assert code == 0 and "[ ] Dem Landesamt" in out


# --------------------------------------------------------------------------- CSV

BOTS = FIXTURES.parent / "bots"


def test_the_qut_csv_is_read_as_csv() -> None:
    code, out, err = run(str(BOTS / "activity_qut.csv"), "--format", "json")
    data = json.loads(out)
    assert code == 0 and err == "" and data["format"] == "csv"
    assert "read as csv" in run(str(BOTS / "activity_qut.csv"))[1]


def test_twint_csv_keeps_being_twint() -> None:
    code, out, _ = run(str(BOTS / "twint_tweets.csv"), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["format"] == "twint" and len(data["threads"]) == 1


def test_a_twarc_csv_export_is_threaded() -> None:
    code, out, _ = run(str(FIXTURES / "twarc2_csv.csv"), "--format", "jsonl")
    threads = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [t["author"] for t in threads] == ["lena_hartmann_dis", "juliane_k"]
    assert threads[0]["posts"][1]["urls"] == ["https://bild.eu.com/kiesel-studie"]


def test_column_option_names_the_columns() -> None:
    csv_text = "Konto;Inhalt\nanna;Erstens 1/2\nanna;Zweitens 2/2\n"
    code, out, _ = run("-", "--column", "author=Konto", "--column", "text=Inhalt",
                       "--format", "json", stdin=csv_text)
    data = json.loads(out)
    assert code == 0 and data["format"] == "csv"
    assert [p["text"] for p in data["threads"][0]["posts"]] == ["Erstens", "Zweitens"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["-", "--column", "bogus"], "author,text\na,b\n", "KEY=NAME"),
        (["-", "--column", "color=red"], "author,text\na,b\n", "KEY must be one of"),
        (["-", "--column", "text=missing"], "author,text\na,b\n", "no column 'missing'"),
        (["-", "--column", "text=tweet"], '{"data": []}', "not CSV"),
    ],
)
def test_column_errors_exit_2_with_one_line(args: list[str], stdin: str, message: str) -> None:
    code, _, err = run(*args, stdin=stdin)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_a_csv_without_an_author_column_is_read_as_text_as_before() -> None:
    code, out, _ = run("-", "--format", "json", stdin="Datum,Ort\n1/2 Kiel,40\n2/2 Lübeck,3\n")
    assert code == 0 and json.loads(out)["format"] == "text"


@pytest.mark.parametrize("address", ["https://x.com/someone/status/1790000000000000000",
                                     "www.threadreaderapp.com/thread/1790000000000000000"])
def test_a_web_address_given_as_file_says_to_save_the_thread(address: str) -> None:
    """A journalist pastes the thread's URL where its saved text goes: one line that says
    threadscope fetches no threads and what to do instead, not only 'no such file'."""
    code, out, err = run(address)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "no such file" in err and "save the thread" in err and "threadscope check" in err
