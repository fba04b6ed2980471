from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadscope.cli import cli

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bots"
ORGANIC = "author,text\nlena,Danke!\ntom,Great thread\nanna,👏👏\n"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["bots", *args], input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_flagged_cluster_exits_1_with_contract_json() -> None:
    code, out, _ = run(str(FIXTURES / "replies.csv"), "--offline", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["replies"] == 14
    cluster = data["clusters"][0]
    assert {"id", "verdict", "score", "accounts", "replies", "reasons"} <= set(cluster)
    assert cluster["verdict"] == "coordinated"
    assert all(not handle.startswith("@") for handle in cluster["accounts"])
    assert {"code", "points", "detail"} == set(cluster["reasons"][0])


def test_organic_replies_exit_0_from_stdin() -> None:
    code, out, _ = run("-", "--offline", "--format", "json", stdin=ORGANIC)
    assert code == 0
    assert json.loads(out)["clusters"] == []


def test_column_overrides() -> None:
    text = "who,tweet\n" + "".join(
        f"Bot{n}Acct8365{n}11,\"Endlich zeigt ein Bericht was die Regierung verschweigt "
        f"Lesen Sie selbst https://welt.ltd/a/{n}\"\n" for n in range(3)
    )
    code, out, _ = run("-", "--offline", "--column", "author=who", "--column", "text=tweet",
                       "--format", "json", stdin=text)
    assert code == 1
    assert len(json.loads(out)["clusters"][0]["accounts"]) == 3


@pytest.mark.parametrize("fmt", ["table", "jsonl", "csv", "markdown", "html", "stix", "misp"])
def test_every_format_renders(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"out.{fmt}"
    code, _, _ = run(str(FIXTURES / "coordination.csv"), "--offline", "--format", fmt,
                     "-o", str(target))
    assert code == 1
    assert "HeinzWeber60412877" in target.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["/nonexistent/replies.csv"], None, "no such file"),
        (["-", "--column", "bogus"], ORGANIC, "KEY=NAME"),
        (["-", "--column", "text=missing"], ORGANIC, "no column"),
        (["-"], "author,likes\nx,1\n", "text column"),
    ],
)
def test_input_errors_exit_2_with_one_line(
    args: list[str], stdin: str | None, message: str
) -> None:
    code, _, err = run(*args, "--offline", stdin=stdin)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_binary_input_is_an_input_error() -> None:
    result = CliRunner().invoke(cli, ["bots", "-", "--offline"], input=b"\x00\x01\xff" * 20)
    assert result.exit_code == 2


def test_unknown_format_is_a_usage_error() -> None:
    code, _, _ = run(str(FIXTURES / "replies.csv"), "--format", "yaml")
    assert code == 2


def test_network_options_and_graph_export(tmp_path: Path) -> None:
    graph = tmp_path / "net.graphml"
    code, out, _ = run(str(FIXTURES / "activity_qut.csv"), "--offline", "--format", "json",
                       "--window", "60", "--window", "co-text=600", "--min-repeats", "3",
                       "--graph", str(graph))
    assert code == 1
    data = json.loads(out)
    assert data["network"]["window"]["co-text"] == 600 and data["network"]["min_repeats"] == 3
    assert graph.read_text("utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')
    edges = tmp_path / "net.csv"
    run(str(FIXTURES / "activity_qut.csv"), "--offline", "--graph", str(edges))
    assert edges.read_text("utf-8").startswith("Source,Target,Type,Weight,")
    assert (tmp_path / "net.nodes.csv").read_text("utf-8").startswith("Id,Label,")


@pytest.mark.parametrize(
    "args",
    [["--graph", "net.txt"], ["--window", "co-foo=3"], ["--window", "-5"],
     ["--window", "nan"], ["--min-repeats", "0"], ["--window", "0"], ["--window", "-0"],
     ["--window", "co-text=0"], ["--window", "60", "--window", "co-link=0.0"]],
)
def test_bad_network_options_are_usage_errors(args: list[str]) -> None:
    code, _, err = run(str(FIXTURES / "activity_qut.csv"), "--offline", *args)
    assert code == 2 and "Traceback" not in err
    if "--window" in args:  # one line, as click says it of any bad value
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "--window" in lines[0], err
        assert "above 0" in lines[0] or "KIND" in lines[0], err


def test_a_higher_min_repeats_flags_fewer() -> None:
    _, out, _ = run(str(FIXTURES / "activity_qut.csv"), "--offline", "--format", "json",
                    "--min-repeats", "20")
    codes = {r["code"] for c in json.loads(out)["clusters"] if c["verdict"] == "coordinated"
             for r in c["reasons"]}
    assert not codes & {"co-retweet", "co-link", "co-reply", "co-text"}


def test_the_run_ends_saying_what_was_not_followed_offline() -> None:
    csv = "author,text\nbot1,Lies das https://bit.ly/3xYz12 jetzt\nbot2,Lies das https://bit.ly/3xYz12\n"
    code, _, err = run("-", "--offline", "--format", "json", stdin=csv)
    assert code in (0, 1)
    assert "offline: 1 of 1 links go through a shortener (bit.ly 1) and were not followed" in err


def test_records_of_several_shapes_give_one_report_as_a_list_or_one_a_line(
        tmp_path: Path) -> None:
    listed = FIXTURES / "mixed_records.json"
    lines = tmp_path / "mixed.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in json.loads(listed.read_text())))
    code, out, _ = run(str(listed), "--offline", "--format", "json")
    again, out_lines, _ = run(str(lines), "--offline", "--format", "json")
    assert code == again == 0
    report = json.loads(out)
    assert report["replies"] == 8
    assert {**report, "source": ""} == {**json.loads(out_lines), "source": ""}


def test_the_unusable_links_of_replies_are_called_links_found() -> None:
    replies = "author,text\nlena,see https://a.b/x\ntom,and welt.de/y\n"
    _, _, err = run("-", "--offline", stdin=replies)
    assert "1 of 2 links found are not usable" in err and "inputs" not in err


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_no_cluster_is_said_in_words_with_what_was_checked(fmt: str) -> None:
    """Empty "Clusters" and "Accounts" sections look like a failure: each says plainly that
    none was found, and what was checked."""
    code, out, _ = run("-", "--offline", "--format", fmt, stdin=ORGANIC)
    assert code == 0
    assert out.count("None found") == 2
    assert "3 replies" in out and "within 60 s" in out
    clusters, accounts = out.index("Clusters"), out.index("Accounts")
    assert clusters < out.index("None found") < accounts < out.rindex("None found")
    assert "| cluster | verdict" not in out and "| account | cluster" not in out  # no empty table


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_found_clusters_are_not_said_to_be_none(fmt: str) -> None:
    code, out, _ = run(str(FIXTURES / "replies.csv"), "--offline", "--format", fmt)
    assert code == 1 and "None found" not in out


def test_html_names_replies_and_where_links_were_posted_as_a_reader_counts() -> None:
    """The cluster card counts its replies from 1, as the quoted replies beneath it do ("post
    2 of the dump"), and each posted link says which replies spread it: the card said "input
    positions 1, 2, 4, 6, 9" for posts 2, 3, 5, 7, 10, and every link was "found in: text not
    in any thread", a section no bots report has."""
    code, out, _ = run(str(FIXTURES / "coordination.csv"), "--offline", "--format", "html")
    assert code == 1
    assert "input positions" not in out and "text not in any thread" not in out
    assert "<dt>replies</dt><dd>5 (posts 2, 3, 5, 7 and 10 of the dump)</dd>" in out
    assert "post 2 of the dump · @HeinzWeber60412877" in out
    assert "found in</dt><dd>coordinated cluster 1: posts 2, 3, 7 and 10 of the dump" in out
    assert "found in</dt><dd>the dump&#x27;s replies" in out  # the official link, in no cluster
