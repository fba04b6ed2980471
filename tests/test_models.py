"""``to_dict`` of the records a script gets from the library (``reassemble``, ``audit``,
``detect_file``): plain data whose ``json.dumps`` is what the CLI's ``--format json`` prints for
the same input, so a script need not go through the JSON writer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import threadscope
from threadscope.cli import cli
from threadscope.models import AuditReport, BotReport, Card, Reassembly

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

PASTES = [
    FIXTURES / "audit" / "cloned_news_thread.txt",
    FIXTURES / "audit" / "x_api_thread.json",
    FIXTURES / "threads" / "mastodon_context.json",
]
REPLIES = [
    FIXTURES / "bots" / "replies_x_api_v2.json",
    FIXTURES / "bots" / "youtube_api_top_comments_published.jsonl",
]


def _cli_json(*args: str) -> str:
    extra = ["--offline", "--no-cache"] if args[0] != "thread" else []
    result = CliRunner().invoke(cli, [*args, *extra, "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _as_cli_writes(data: dict[str, Any]) -> str:
    """``json.dumps`` as the CLI calls it: Unicode as such, indented by 2, a line end."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> bool:
    """Only the types ``json`` makes: no tuple, no enum (a ``str`` subclass), no dataclass."""
    if isinstance(value, dict):
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(map(_plain, value))
    return value is None or type(value) in (str, int, float, bool)


@pytest.mark.parametrize("path", PASTES, ids=lambda path: path.name)
def test_a_reassembly_is_what_thread_prints(path: Path) -> None:
    result = threadscope.reassemble(path.read_text("utf-8"), source=str(path))
    assert isinstance(result, Reassembly) and result.threads
    data = result.to_dict()
    assert _plain(data)
    assert _as_cli_writes(data) == _cli_json("thread", str(path))


@pytest.mark.parametrize("path", PASTES, ids=lambda path: path.name)
def test_an_audit_is_what_audit_prints(path: Path) -> None:
    report = threadscope.audit(path.read_text("utf-8"), source=str(path))
    assert isinstance(report, AuditReport) and report.links
    data = report.to_dict()
    assert _plain(data)
    assert _as_cli_writes(data) == _cli_json("audit", str(path))


@pytest.mark.parametrize("path", REPLIES, ids=lambda path: path.name)
def test_a_bot_report_is_what_bots_prints(path: Path) -> None:
    report = threadscope.detect_file(str(path))
    assert isinstance(report, BotReport) and report.accounts
    data = report.to_dict()
    assert _plain(data)
    assert _as_cli_writes(data) == _cli_json("bots", str(path))


def test_an_audit_with_cards_and_hostile_text_reads_back_as_its_dict(tmp_path: Path) -> None:
    """Control and bidi characters are escaped by the writer (``\\u202e``), which
    ``json.dumps`` does not do: the data read back is the same all the same."""
    path = tmp_path / "paste.txt"
    path.write_text("Lest selbst \u202eevil\x1b[31m 1/2\nKanzler tritt zurück\nFrom welt.ltd\n",
                    "utf-8")
    report = threadscope.audit(path.read_text("utf-8"), source=str(path))
    assert report.unlinked_cards == (Card("welt.ltd", "From welt.ltd", thread=1),)
    data = report.to_dict()
    assert _plain(data) and data["unlinked_cards"][0]["text"] == "From welt.ltd"
    assert json.loads(_cli_json("audit", str(path))) == data


def test_a_scripts_json_dumps_needs_no_help() -> None:
    """No ``default=`` hook, no custom encoder: the library's records serialise as they are."""
    report = threadscope.audit("Quelle: welt.ltd/a 1/1\n")
    assert json.loads(json.dumps(report.to_dict()))["links"][0]["verdict"] == "lookalike"


def test_not_followed_is_read_from_what_the_run_left() -> None:
    """Why an assessment was not followed to where it lands: ``unresolved`` (false offline)
    cannot say it for a short link judged by its name."""
    from threadscope.models import Assessment, Hop, Reason, Verdict

    plain = Assessment("welt.de", "https://welt.de/", "welt.de", "welt.de", Verdict.BENIGN, 0)
    short = Assessment("t.co/x", "https://t.co/x", "t.co", "t.co", Verdict.BENIGN, 0,
                       reasons=(Reason("shortener", 0, "t.co is a link shortener"),))
    followed = Assessment("t.co/x", "https://t.co/x", "t.co", "t.co", Verdict.BENIGN, 0,
                          reasons=short.reasons, chain=(Hop("https://t.co/x", 301),
                                                        Hop("https://welt.de/", 200)))
    failed = Assessment("t.co/x", "https://t.co/x", "t.co", "t.co", Verdict.BENIGN, 0,
                        chain=(Hop("https://t.co/x", None, error="timeout"),),
                        error="timeout", unresolved=True)
    invalid = Assessment("", None, None, None, Verdict.INVALID, 0, error="empty input")
    assert [a.not_followed for a in (plain, short, followed, failed, invalid)] == [
        "offline", "offline-shortener", None, "failed", "invalid"]
    assert [a.to_dict()["not_followed"] for a in (short, followed)] == ["offline-shortener",
                                                                         None]
