"""Every bots format shows what the platforms say about the accounts, beside the scores."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.bots.test_platform_labels import team
from threadscope.cli import cli

BOT = "Mastodon: marked as automated (bot)"


@pytest.fixture()
def labelled(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.json"
    path.write_text(json.dumps(team(labelled=True)), "utf-8")
    return path


@pytest.fixture()
def plain(tmp_path: Path) -> Path:
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(team(labelled=False)), "utf-8")
    return path


def run(path: Path, *options: str, columns: int = 200) -> str:
    result = CliRunner().invoke(cli, ["bots", "--offline", str(path), *options],
                                env={"COLUMNS": str(columns)})
    return result.output


def test_json_gives_accounts_and_clusters_their_platform_labels(labelled: Path,
                                                                 plain: Path) -> None:
    data = json.loads(run(labelled, "--format", "json"))
    accounts = {a["handle"]: a for a in data["accounts"]}
    assert accounts["voter1@example.social"]["platform_labels"] == [BOT]
    assert "platform_labels" not in accounts["voter4@example.social"]  # said only where said
    assert data["clusters"][0]["platform_labels"][0] == f"{BOT}, 3 of 5 accounts"
    bare = json.loads(run(plain, "--format", "json"))
    assert "platform_labels" not in json.dumps(bare)
    for item in (*data["accounts"], *data["clusters"]):
        item.pop("platform_labels", None)
    # nothing else changed: no score, no verdict, no reason
    assert {**data, "source": ""} == {**bare, "source": ""}


def test_csv_has_a_last_column_of_labels(labelled: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(labelled, "--format", "csv"))))
    assert list(rows[0])[-1] == "platform_labels"
    by_account = {row["account"]: row["platform_labels"] for row in rows}
    assert by_account["voter0@example.social"] == f"{BOT}; Mastodon: group account"
    assert by_account["voter4@example.social"] == ""


def test_the_table_and_the_entries_say_it(labelled: Path, plain: Path) -> None:
    table = run(labelled)
    clusters, accounts = table.split("\nAccounts\n")
    assert f"platform says: {BOT}, 3 of 5 accounts" in clusters
    assert "platform says" in accounts.splitlines()[1]
    assert BOT in next(line for line in accounts.splitlines() if "voter1" in line)
    narrow = run(labelled, columns=60)
    assert f"platform says: {BOT}" in narrow.split("\nAccounts\n")[1]
    assert "platform says" not in run(plain) + run(plain, columns=60)


def test_markdown_and_html_say_it(labelled: Path, plain: Path) -> None:
    markdown = run(labelled, "--format", "markdown")
    assert "| platform says |" in markdown and f"platform says: {BOT}, 3 of 5" in markdown
    html = run(labelled, "--format", "html")
    assert "<th>platform says</th>" in html and f"{BOT}, 3 of 5 accounts" in html
    assert "platform says" not in run(plain, "--format", "markdown")
    assert "platform says" not in run(plain, "--format", "html")
