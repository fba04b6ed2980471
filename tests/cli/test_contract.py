"""Claims of ``docs/CONTRACT.md`` (and the shared contract it extends) that scripts rely on
and no other test pinned: each test names the claim it holds the CLI to.

Every run is offline, or against a loopback server only.
"""

from __future__ import annotations

import csv
import io
import json
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.support.fixtures import fake_web  # noqa: F401
from tests.support.server import LoopbackServer
from threadscope.cli import cli
from threadscope.links import extract_links
from threadscope.textsafe import visible

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
AUDITED = FIXTURES / "audit" / "cloned_news_thread.txt"
REPLIES = FIXTURES / "bots" / "replies.csv"
TARGETS = ("hxxps://welt[.]ltd/a", "welt.de", "bild.eu.com", "http://t.co/abc", "no host here",
           "=cmd|' /C calc'!A0")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Status, stdout as written (click's ``Result.stdout`` turns CRLF into LF), stderr."""
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def _targets_file(tmp_path: Path) -> Path:
    path = tmp_path / "targets.txt"
    path.write_text("\n".join(TARGETS) + "\n", "utf-8")
    return path


# --------------------------------------------------------------------------- --offline


def _network_runs(tmp_path: Path) -> list[list[str]]:
    return [
        ["check", *TARGETS],
        ["domains", str(_targets_file(tmp_path))],
        ["audit", str(AUDITED)],
        ["audit", str(FIXTURES / "audit" / "shortened_links_thread.txt")],
        ["bots", str(REPLIES)],
    ]


def test_offline_makes_no_request_and_resolves_no_name_even_with_a_proxy(
    fake_web: LoopbackServer,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--offline``: no network at all (no resolving, no WHOIS/RDAP, no page fetch), even
    when a proxy is named on the command line and in the environment, and private addresses
    are allowed."""
    asked: list[object] = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(*args: Any, **kwargs: Any) -> Any:
        asked.append(args[0])
        return real_getaddrinfo(*args, **kwargs)

    def connect(self: socket.socket, address: Any) -> Any:
        asked.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(variable, fake_web.url)
    for args in _network_runs(tmp_path):
        status, out, err = run(*args, "--offline", "--proxy", fake_web.url, "--allow-private",
                               "--cache", str(tmp_path / "cache.sqlite3"), "--format", "json")
        assert status in (0, 1), (args, err)
        for link in _assessments(args[0], out):
            assert link["chain"] == [] and link["final_url"] == link["url"], link
            assert link["registration"] is None and link["page"] is None, link
    assert asked == [] and not fake_web.hits


def _assessments(command: str, out: str) -> list[dict[str, Any]]:
    data = json.loads(out)
    links: list[dict[str, Any]] = data if command in ("check", "domains") else data["links"]
    return links


# --------------------------------------------------------------------------- exit statuses


def _flagged(command: str, out: str) -> bool:
    data = json.loads(out)
    if command == "bots":
        return any(cluster["verdict"] == "coordinated" for cluster in data["clusters"])
    return any(link["verdict"] in ("lookalike", "suspicious")
               for link in _assessments(command, out))


@pytest.mark.parametrize(
    ("args", "flagged"),
    [
        (["check", "hxxps://welt[.]ltd/a"], True),
        (["check", "welt.de", "no host here"], False),
        (["audit", str(AUDITED)], True),
        (["audit", str(FIXTURES / "threads" / "opening_markers.txt")], False),
        (["bots", str(REPLIES)], True),
        (["bots", str(FIXTURES / "bots" / "telegram_birthday_names.json")], False),
    ],
    ids=lambda value: Path(value[-1]).name if isinstance(value, list) else str(value),
)
def test_exit_status_is_1_exactly_when_something_is_flagged(
    args: list[str], flagged: bool
) -> None:
    """Exit status ``0`` nothing flagged; ``1`` a link or domain is ``lookalike`` or
    ``suspicious`` (for ``bots``, a cluster is ``coordinated``): the JSON and the status
    agree."""
    status, out, _ = run(*args, "--offline", "--format", "json")
    assert _flagged(args[0], out) is flagged
    assert status == (1 if flagged else 0)


@pytest.mark.parametrize("command", ["thread", "audit", "check", "domains", "bots", "brands"])
@pytest.mark.parametrize("bad", [["--format", "yaml"], ["--no-such-option"]])
def test_usage_errors_are_exit_2_with_one_line_on_stderr(
    command: str, bad: list[str], tmp_path: Path
) -> None:
    """An unknown ``--format`` value (and any usage error) is exit 2, one line on stderr,
    nothing on stdout, no traceback."""
    file = [] if command in ("check", "brands") else [str(_targets_file(tmp_path))]
    status, out, err = run(command, *file, "--offline", *bad)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("threadscope: ") and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["stix", "misp"])
def test_thread_refuses_the_indicator_formats(fmt: str) -> None:
    """``--format`` is limited to what fits the command: ``thread`` has no links to make
    indicators of, and ``stix``/``misp`` are usage errors there (exit 2)."""
    status, out, err = run("thread", str(AUDITED), "--format", fmt)
    assert status == 2 and out == "" and err.count("\n") == 1


# --------------------------------------------------------------------------- common options


def _every_command(tmp_path: Path) -> list[list[str]]:
    return [
        ["thread", str(AUDITED)],
        ["audit", str(AUDITED)],
        ["check", *TARGETS],
        ["domains", str(_targets_file(tmp_path))],
        ["bots", str(REPLIES)],
        ["brands", "--curated"],
    ]


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_every_command_takes_format_output_and_offline(fmt: str, tmp_path: Path) -> None:
    """Every command takes ``--format``, ``--output FILE`` (``-`` for stdout) and
    ``--offline``: the file holds the bytes stdout would, and nothing else goes to stdout."""
    for args in _every_command(tmp_path):
        common = [*args, "--offline", "--format", fmt]
        status, shown, _ = run(*common)
        assert status in (0, 1), args
        target = tmp_path / f"out.{fmt}"
        assert run(*common, "--output", str(target))[:2] == (status, "")
        assert target.read_bytes().decode("utf-8") == shown
        assert run(*common, "-o", "-")[:2] == (status, shown)


def test_file_dash_reads_standard_input(tmp_path: Path) -> None:
    """``FILE`` may be ``-`` for stdin: the same result as the file, but for ``source``."""
    for args in _every_command(tmp_path)[:5]:
        if args[0] == "check":
            continue
        path = Path(args[1])
        common = ["--offline", "--format", "json"]
        status, from_file, _ = run(args[0], str(path), *common)
        piped = run(args[0], "-", *common, stdin=path.read_text("utf-8"))
        assert piped[0] == status
        if args[0] == "domains":
            assert piped[1] == from_file
        else:
            assert {**json.loads(piped[1]), "source": None} == {
                **json.loads(from_file), "source": None}


# --------------------------------------------------------------------------- JSON shapes


def test_jsonl_is_one_assessment_or_one_thread_a_line(tmp_path: Path) -> None:
    """``jsonl`` is one assessment (``check``, ``domains``) or one thread (``thread``) a
    line: the same objects as ``--format json`` gives."""
    for args in (["check", *TARGETS], ["domains", str(_targets_file(tmp_path))]):
        _, whole, _ = run(*args, "--offline", "--format", "json")
        _, lines, _ = run(*args, "--offline", "--format", "jsonl")
        assert [json.loads(line) for line in lines.splitlines()] == json.loads(whole)
    _, whole, _ = run("thread", str(AUDITED), "--format", "json")
    _, lines, _ = run("thread", str(AUDITED), "--format", "jsonl")
    assert [json.loads(line) for line in lines.splitlines()] == json.loads(whole)["threads"]


def test_a_thread_posts_links_index_audits_links_and_thread_has_none() -> None:
    """``audit``: each post's ``links`` indexes into ``links``; ``thread`` assesses no links,
    so its posts carry no ``links`` field (there is no list for it to index)."""
    _, out, _ = run("audit", str(AUDITED), "--offline", "--format", "json")
    report = json.loads(out)
    posts = [post for thread in report["threads"] for post in thread["posts"]]
    indices = [index for post in posts for index in post["links"]]
    assert indices and all(0 <= index < len(report["links"]) for index in indices)
    _, out, _ = run("thread", str(AUDITED), "--format", "json")
    assert all("links" not in post for thread in json.loads(out)["threads"]
               for post in thread["posts"])


# --------------------------------------------------------------------------- CSV = JSON


def _reasons_cell(reasons: list[dict[str, Any]]) -> str:
    return "; ".join(f"{r['code']} ({r['points']:+d}): {r['detail']}" for r in reasons)


def _cell(value: object) -> str:
    """A JSON value as the contract says its CSV cell holds it (an empty cell for null,
    a spreadsheet's formula disarmed with ``'``, control characters escaped)."""
    if value is None:
        return ""
    text = visible(str(value))
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _assessment_cells(link: dict[str, Any]) -> dict[str, str]:
    registration, page, first = link["registration"], link["page"], link["first_page"]
    return {
        **{key: _cell(link[key]) for key in (
            "input", "url", "domain", "registrable_domain", "verdict", "score", "imitates",
            "brand", "final_url", "error", "card_domain", "shown", "not_followed")},
        "reasons": _cell(_reasons_cell(link["reasons"])),
        "chain": _cell(" -> ".join(f"{hop['url']} [{hop['status'] or hop['error']}]"
                                   for hop in link["chain"])),
        "registered": _cell(registration and registration["created"]),
        "registrar": _cell(registration and registration["registrar"]),
        "page_title": _cell(page and page["title"]),
        "unresolved": "true" if link["unresolved"] else "false",
        "first_page_url": _cell(first and first["url"]),
        "first_page_title": _cell(first and first["title"]),
    }


def _rows(text: str) -> list[dict[str, str]]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")  # RFC 4180, CRLF
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _both(*args: str) -> tuple[Any, list[dict[str, str]]]:
    _, as_json, _ = run(*args, "--offline", "--format", "json")
    _, as_csv, _ = run(*args, "--offline", "--format", "csv")
    return json.loads(as_json), _rows(as_csv)


def test_check_csv_columns_hold_the_json_fields_of_the_same_run(tmp_path: Path) -> None:
    """``check`` and ``domains`` CSV: one row per assessment, each column the JSON field the
    contract's table names, flattened as it says."""
    for args in (["check", *TARGETS], ["domains", str(_targets_file(tmp_path))]):
        links, rows = _both(*args)
        assert len(rows) == len(links) == len(TARGETS)
        for link, row in zip(links, rows, strict=True):
            expected = _assessment_cells(link)
            assert {key: row[key] for key in expected} == expected


def test_audit_csv_rows_are_the_posts_links_then_the_links_outside_them() -> None:
    """``audit`` CSV: one row per link in each post that holds it (thread, author, post,
    post_line, link, the assessment's columns of ``links[link]``), each thread's trailing
    text's links after its posts' (the thread's columns, the post's empty: JSON's ``found_in``
    entries with ``post`` null), then one per link found outside the threads with empty
    thread and post columns; ``link_number`` is ``link`` + 1. The line added after the dump
    stands after thread 1's last post: it is that thread's trailing text."""
    dump = AUDITED.read_text("utf-8") + "\n\nAußerhalb jedes Threads: https://bild.eu.com/x\n"
    _, as_json, _ = run("audit", "-", "--offline", "--format", "json", stdin=dump)
    _, as_csv, _ = run("audit", "-", "--offline", "--format", "csv", stdin=dump)
    report, rows = json.loads(as_json), _rows(as_csv)
    expected: list[dict[str, str]] = []
    for thread in report["threads"]:
        for post in thread["posts"]:
            expected += [{"thread": str(thread["id"]), "author": _cell(thread["author"]),
                          "post": str(post["index"]), "post_line": str(post["line"]),
                          "link": str(index), "author_kind": _cell(thread["author_kind"]),
                          "post_author": _cell(post.get("author")),
                          "post_author_kind": _cell(post.get("author_kind")),
                          "edited_away": "false", "post_id": _cell(post.get("post_id")),
                          "link_number": str(index + 1),
                          "post_author_labels": "; ".join(post.get("author_labels", [])),
                          "unlinked_card": "",
                          **_assessment_cells(report["links"][index])}
                         for index in post["links"]]
        expected += [{"thread": str(thread["id"]), "author": _cell(thread["author"]),
                      "post": "", "post_line": "", "link": str(index),
                      "author_kind": _cell(thread["author_kind"]), "post_author": "",
                      "post_author_kind": "", "edited_away": "false", "post_id": "",
                      "link_number": str(index + 1), "post_author_labels": "",
                      "unlinked_card": "", **_assessment_cells(link)}
                     for index, link in enumerate(report["links"])
                     if {"thread": thread["id"], "post": None} in [
                         {"thread": e["thread"], "post": e["post"]} for e in link["found_in"]]]
    assert "https://bild.eu.com/x" in [row["url"] for row in expected if row["post"] == ""]
    inside = {int(row["link"]) for row in expected}
    outside = [index for index in range(len(report["links"])) if index not in inside]
    expected += [{"thread": "", "author": "", "post": "", "post_line": "", "link": str(index),
                  "author_kind": "", "post_author": "", "post_author_kind": "",
                  "edited_away": "", "post_id": "", "link_number": str(index + 1),
                  "post_author_labels": "", "unlinked_card": "",
                  **_assessment_cells(report["links"][index])} for index in outside]
    assert [{key: row[key] for key in want} for row, want in zip(rows, expected, strict=True)
            ] == expected and len(rows) == len(expected)
    assert set(rows[0]) - set(expected[0]) == {"top_reason"}  # the tables' reason: no field


def test_bots_csv_is_one_row_per_account_from_its_json() -> None:
    """``bots`` CSV: one row per account; cluster columns from its cluster; ``replies``
    separated by spaces; ``reasons`` the account's, else its cluster's; ``platform_labels``
    joined by ``; `` (a JSON account without labels has no such field)."""
    report, rows = _both("bots", str(REPLIES))
    clusters = {cluster["id"]: cluster for cluster in report["clusters"]}
    expected = []
    for account in report["accounts"]:
        cluster = clusters.get(account["cluster"])
        expected.append({
            "account": _cell(account["handle"]), "cluster": _cell(account["cluster"]),
            "cluster_verdict": _cell(cluster and cluster["verdict"]),
            "cluster_score": _cell(cluster and cluster["score"]),
            "account_score": _cell(account["score"]),
            "replies": " ".join(map(str, account["replies"])),
            "created_at": _cell(account["created_at"]),
            "reasons": _cell(_reasons_cell(account["reasons"]
                                           or (cluster["reasons"] if cluster else []))),
            "author_kind": _cell(account["author_kind"]),
            "status": _cell(account.get("status")),
            "platform_labels": "; ".join(account.get("platform_labels", [])),
        })
    assert report["accounts"] and rows == expected


def test_input_echoes_the_line_or_argument_exactly_as_given(tmp_path: Path) -> None:
    """``input`` echoes the line or argument exactly as given (white space and all, the line
    break aside), so bulk output can be joined to input."""
    lines = ["  welt.ltd  ", "hxxp://welt[.]ltd\t", "WELT.LTD/Politik"]
    path = tmp_path / "padded.txt"
    path.write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
    _, out, _ = run("domains", str(path), "--offline", "--format", "jsonl")
    assert [json.loads(line)["input"] for line in out.splitlines()] == lines
    _, out, _ = run("check", " welt.ltd ", "--offline", "--format", "jsonl")
    assert json.loads(out)["input"] == " welt.ltd "
    _, out, _ = run("check", "--offline", "--format", "jsonl", stdin="  welt.ltd  \n")
    assert json.loads(out)["input"] == "  welt.ltd  "


# --------------------------------------------------------------------------- --cache


def test_the_cache_is_an_sqlite_file_in_the_user_cache_directory_by_default(
    fake_web: LoopbackServer,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--cache PATH``, ``--no-cache``: enrichment results are kept between runs, in an
    SQLite file in the user cache directory unless ``--cache`` names one; ``--no-cache``
    neither reads nor writes one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    common = ["check", "http://t.co/x", "--proxy", fake_web.url, "--timeout", "3",
              "--format", "jsonl"]
    run(*common, "--no-cache")
    assert not (tmp_path / "xdg").exists()
    named = tmp_path / "named.sqlite3"
    run(*common, "--cache", str(named))
    assert named.read_bytes().startswith(b"SQLite format 3\x00")
    assert not (tmp_path / "xdg").exists()
    run(*common)
    default = tmp_path / "xdg" / "threadscope" / "cache.sqlite3"
    assert default.read_bytes().startswith(b"SQLite format 3\x00")


# --------------------------------------------------------------------------- FORMATS.md


SHAPES = {
    "X API v2": "threads/x_api_v2.json",
    "X API v2 pages, JSON Lines": "threads/x_api_v2_pages.jsonl",
    "X archive tweets.js": "threads/tweets.js",
    "Bluesky getPostThread": "threads/bluesky_thread.json",
    "Mastodon status and context": "threads/mastodon_context.json",
    "Mastodon context alone": "threads/mastodon_context_without_status.json",
    "CSV": "threads/numbered_posts.csv",
    "QUT coordination CSV": "bots/activity_qut.csv",
}


@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_of_formats_md_is_read_by_thread_audit_and_bots(name: str) -> None:
    """Each input shape of ``FORMATS.md`` is read by ``thread``, ``audit`` and (it names its
    accounts) ``bots``, each in the contract's JSON shape: a thread's posts in index order,
    ``total`` the last of its distinct ``declared_totals`` (null without), authors and
    handles without ``@``, offline links with an empty ``chain``."""
    path = str(FIXTURES / SHAPES[name])
    status, out, err = run("thread", path, "--format", "json")
    assert status == 0, err
    threads = json.loads(out)
    assert threads["format"] != "text" and set(threads) >= {"source", "threads", "unthreaded"}
    status, out, err = run("audit", path, "--offline", "--format", "json")
    report = json.loads(out)
    assert status == (1 if _flagged("audit", out) else 0), err
    assert report["threads"] == [_with_links(thread, report) for thread in threads["threads"]]
    for thread in report["threads"]:
        _assert_thread_shape(thread)
    for link in report["links"]:
        assert link["chain"] == [] and link["final_url"] == link["url"]
    status, out, err = run("bots", path, "--offline", "--format", "json")
    accounts = json.loads(out)
    assert status == (1 if _flagged("bots", out) else 0), err
    assert accounts["replies"] > 0  # no account rows where all are the thread owner's posts
    handles = [handle for cluster in accounts["clusters"] for handle in cluster["accounts"]]
    assert not any(handle.startswith("@") for handle in handles)
    assert all(0 <= reply < accounts["replies"] for cluster in accounts["clusters"]
               for reply in cluster["replies"])


@pytest.mark.parametrize(("name", "platform"), [
    ("threads/x_api_v2.json", "x"), ("threads/reddit_comments.json", "reddit"),
    ("threads/youtube_api_comment_threads.json", "youtube"),
    ("threads/numbered_posts.csv", None)])
def test_thread_and_audit_json_say_each_posts_platform(name: str, platform: str | None
                                                       ) -> None:
    """``threads[].posts[].platform``: where the reader knew it; no key where it did not."""
    for command in (("thread",), ("audit", "--offline")):
        status, out, err = run(*command, str(FIXTURES / name), "--format", "json")
        posts = [post for thread in json.loads(out)["threads"] for post in thread["posts"]]
        assert posts, err
        assert {post.get("platform", None) for post in posts} == {platform}
        assert all("platform" in post for post in posts) == (platform is not None)


def _with_links(thread: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """``thread``'s thread as ``audit`` gives it: each post with its ``links``."""
    found = {(t["id"], p["index"], p["line"]): p["links"]
             for t in report["threads"] for p in t["posts"]}
    posts = [{**{key: value for key, value in post.items() if key in ("index", "total",
                                                                      "text", "line")},
              "links": found.get((thread["id"], post["index"], post["line"]), []),
              **{key: value for key, value in post.items()
                 if key not in ("index", "total", "text", "line")}}
             for post in thread["posts"]]
    return {**thread, "posts": posts}


def _assert_thread_shape(thread: dict[str, Any]) -> None:
    indices = [post["index"] for post in thread["posts"]]
    assert indices == sorted(indices)
    declared = thread["declared_totals"]
    assert len(declared) == len(set(declared))
    assert thread["total"] == (declared[-1] if declared else None)
    assert not (thread["author"] or "").startswith("@")
    assert thread["trailing"] is None or isinstance(thread["trailing"], str)


# --------------------------------------------------------------------------- --brands


def test_brands_file_domains_are_official_and_imitates_is_never_the_links_own(
    tmp_path: Path,
) -> None:
    """``--brands FILE``: ``domain`` or ``Brand name<TAB>domain1,domain2,...``, all domains of
    a brand official; ``imitates`` is the registrable domain of the brand's main domain. A
    brand listed by ``www.`` or ``news.`` owns that registrable domain too: before, it was
    judged a look-alike of itself (``exampledaily.com`` imitating ``exampledaily.com``)."""
    brands = tmp_path / "brands.txt"
    brands.write_text("news.example-paper.co.uk\n"
                      "Example Daily\twww.exampledaily.com,exampledaily.net\n", "utf-8")
    targets = {
        "exampledaily.net": ("official", None), "www.exampledaily.com": ("official", None),
        "exampledaily.com": ("official", None), "news.example-paper.co.uk": ("official", None),
        "example-paper.co.uk": ("official", None),
        "exampledaily.ltd": ("lookalike", "exampledaily.com"),
        "example-paper.ltd": ("lookalike", "example-paper.co.uk"),
    }
    _, out, _ = run("check", *targets, "--offline", "--brands", str(brands), "--format",
                    "json")
    found = {link["input"]: (link["verdict"], link["imitates"]) for link in json.loads(out)}
    assert found == targets
    assert all(link["imitates"] != link["registrable_domain"] for link in json.loads(out))


# --------------------------------------------------------------------------- jsonl


def test_audit_jsonl_is_jsons_links_each_with_where_it_was_found() -> None:
    """``audit`` jsonl: one assessment a line, in the order of ``links``, each with
    ``found_in`` (every post holding it, named by thread, index, line, id and author; its
    thread with no post for a thread's trailing text; ``[]`` for a link only pasted text
    outside the threads holds), as JSON's ``links`` carry it."""
    dump = AUDITED.read_text("utf-8") + "\n\nAußerhalb jedes Threads: https://bild.eu.com/x\n"
    _, whole, _ = run("audit", "-", "--offline", "--format", "json", stdin=dump)
    _, lines, _ = run("audit", "-", "--offline", "--format", "jsonl", stdin=dump)
    report = json.loads(whole)
    found: dict[int, list[dict[str, object]]] = {}
    for thread in report["threads"]:
        for post in thread["posts"]:
            for index in post["links"]:
                found.setdefault(index, []).append(
                    {"thread": thread["id"], "post": post["index"], "line": post["line"],
                     "post_id": post.get("post_id"), "author": post.get("author"),
                     "author_kind": post.get("author_kind")})
        # the thread's trailing text (the line added stands after its last post): its
        # links are found with the thread, no post
        after = {link.url for link in extract_links(thread["trailing"] or "")}
        for index, link in enumerate(report["links"]):
            if link["url"] in after:
                found.setdefault(index, []).append(
                    {"thread": thread["id"], "post": None, "line": None, "post_id": None,
                     "author": None, "author_kind": None})
    expected = [{**link, "found_in": found.get(index, [])}
                for index, link in enumerate(report["links"])]
    assert [json.loads(line) for line in lines.splitlines()] == expected
    assert {"thread": 1, "post": None, "line": None, "post_id": None, "author": None,
            "author_kind": None} in [entry for link in expected for entry in link["found_in"]]


def test_bots_and_brands_jsonl_are_jsons_clusters_and_brands_a_line() -> None:
    """``bots`` jsonl: one cluster a line, as in ``clusters``; ``brands`` jsonl: one brand a
    line, as ``--format json`` lists them (``name``, ``domains``, ``country``, ``category``,
    ``tier``)."""
    _, whole, _ = run("bots", str(REPLIES), "--offline", "--format", "json")
    _, lines, _ = run("bots", str(REPLIES), "--offline", "--format", "jsonl")
    assert [json.loads(line) for line in lines.splitlines()] == json.loads(whole)["clusters"]
    _, whole, _ = run("brands", "--curated", "--format", "json")
    _, lines, _ = run("brands", "--curated", "--format", "jsonl")
    brands = json.loads(whole)
    assert [json.loads(line) for line in lines.splitlines()] == brands
    assert all(list(brand) == ["name", "domains", "country", "category", "tier"]
               for brand in brands)


# --------------------------------------------------------------------------- options


NETWORK = ("--timeout", "--concurrency", "--per-host", "--deadline", "--proxy",
           "--allow-private", "--cache", "--no-cache", "--user-agent")
OPTIONS = {
    "thread": ("--format", "--output", "--offline", "--column"),
    "audit": ("--format", "--output", "--offline", "--column", "--explain", "--brands",
              *NETWORK),
    "check": ("--format", "--output", "--offline", "--explain", "--brands", *NETWORK),
    "domains": ("--format", "--output", "--offline", "--column", "--explain", "--workers",
                "--brands", *NETWORK),
    "bots": ("--format", "--output", "--offline", "--column", "--window", "--min-repeats",
             "--graph", "--brands", *NETWORK),
    "brands": ("--format", "--output", "--offline", "--brands", "--curated"),
    "update-rdap": ("--url", "--to", "--proxy", "--timeout"),
}


@pytest.mark.parametrize("command", OPTIONS)
def test_each_command_takes_the_options_the_contract_and_readme_name(command: str) -> None:
    """The contract's and README's option lists: every command but ``update-rdap`` takes
    ``--format``, ``--output``, ``--offline``; the network commands the network options;
    ``thread``, ``audit``, ``bots`` ``--column KEY=NAME``; ``check``, ``domains``, ``audit``
    ``--explain``; ``domains`` ``--workers`` (and ``--column NAME``)."""
    import click

    group = cli
    assert isinstance(group, click.Group)
    found = group.get_command(click.Context(group), command)
    assert found is not None
    names = {name for param in found.params for name in getattr(param, "opts", ())}
    assert set(OPTIONS[command]) <= names


def test_brands_exits_2_on_a_brands_file_it_cannot_read(tmp_path: Path) -> None:
    """``brands``: exit 0, or 2 with one line for an input error (README's "0 / 2")."""
    bad = tmp_path / "brands.txt"
    bad.write_text("https://welt.de/politik\n", "utf-8")
    assert run("brands", "--curated", "--format", "csv")[0] == 0
    status, out, err = run("brands", "--brands", str(bad))
    assert status == 2 and out == "" and err.count("\n") == 1


def test_network_defaults_are_network_options_own() -> None:
    """Defaults of all network options are ``NetworkOptions``' (``--timeout 10``,
    ``--concurrency 16``, ``--deadline 300``); ``--per-host`` defaults to a quarter of
    ``--concurrency``, at least 4; the command passes them as given."""
    from threadscope.cli.options import network_settings
    from threadscope.models import NetworkOptions

    defaults = NetworkOptions()
    assert (defaults.timeout, defaults.concurrency, defaults.deadline) == (10, 16, 300)
    assert network_settings() == defaults
    assert [NetworkOptions(concurrency=n).host_limit for n in (1, 16, 64)] == [4, 4, 16]
    assert NetworkOptions(concurrency=64, per_host=7).host_limit == 7


def test_bots_exit_status_follows_the_clusters_not_the_links(tmp_path: Path) -> None:
    """For ``bots``, exit 1 means a cluster is flagged: a look-alike link posted by one
    account among organic replies is in ``links`` but flags nothing."""
    dump = tmp_path / "replies.csv"
    dump.write_text("author,text,created_at\n"
                    'anna_k,"Schaut mal https://welt.ltd/politik",2024-01-01T10:00:00Z\n'
                    'bernd_m,"Ich sehe das anders.",2024-01-01T12:00:00Z\n', "utf-8")
    status, out, _ = run("bots", str(dump), "--offline", "--format", "json")
    report = json.loads(out)
    assert [link["verdict"] for link in report["links"]] == ["lookalike"]
    assert report["clusters"] == [] and status == 0


def test_audit_summary_counts_what_the_report_holds() -> None:
    """``audit`` JSON: ``summary`` = ``{threads, posts, links, verdicts: {verdict: count},
    flagged, imitated}``, each counted from the same report."""
    _, out, _ = run("audit", str(AUDITED), "--offline", "--format", "json")
    report = json.loads(out)
    links = report["links"]
    assert report["summary"] == {
        "threads": len(report["threads"]),
        "posts": sum(len(thread["posts"]) for thread in report["threads"]),
        "links": len(links),
        "verdicts": {verdict: sum(link["verdict"] == verdict for link in links)
                     for verdict in ("lookalike", "suspicious", "benign", "official",
                                     "invalid")},
        "unknown_landing": sum(link["verdict"] == "benign" and link["not_followed"]
                               in ("offline-shortener", "failed") for link in links),
        "flagged": True,
        "imitated": sorted({link["imitates"] for link in links
                            if link["verdict"] in ("lookalike", "suspicious")}),
    }
    assert report["summary"]["imitated"] == ["bild.de", "spiegel.de"]


def test_audit_summary_counts_the_short_links_the_table_shows_apart_from_benign() -> None:
    """The table says ``benign 0 … not followed / unresolved 1`` for a t.co link offline;
    JSON's ``verdicts`` keeps it ``benign`` (the contract), and ``unknown_landing`` says how
    many of those the reports show as not followed, so the two formats can be reconciled."""
    paste = "Quelle: https://t.co/cykVk0lJUJ und welt.ltd/a 1/1\n"
    _, out, _ = run("audit", "-", "--offline", "--format", "json", stdin=paste)
    summary = json.loads(out)["summary"]
    assert summary["verdicts"]["benign"] == 1 and summary["unknown_landing"] == 1
    _, table, _ = run("audit", "-", "--offline", stdin=paste)
    assert "benign 0" in table and "not followed / unresolved 1" in table
