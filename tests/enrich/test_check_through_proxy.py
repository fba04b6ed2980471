"""The issue's "done when": ``threadscope check http://t.co/x --proxy …`` through the fake web."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.support.server import LoopbackServer
from threadscope.cli import cli


@pytest.mark.usefixtures("trust_fake_web")
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_check_follows_the_chain_to_the_clone(fake_web: LoopbackServer, tmp_path: Path,
                                              scheme: str) -> None:
    result = CliRunner().invoke(
        cli,
        ["check", f"{scheme}://t.co/x", "--proxy", fake_web.url, "--timeout", "3",
         "--cache", str(tmp_path / "cache.sqlite3"), "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    [link] = data if isinstance(data, list) else data["links"]
    assert [hop["url"] for hop in link["chain"]][:2] == [f"{scheme}://t.co/x", "http://bit.ly/y"]
    assert len(link["chain"]) == 3
    assert link["verdict"] == "lookalike" and link["imitates"] == "welt.de"
    assert any(reason["code"] == "claims-brand" for reason in link["reasons"])


def test_check_through_a_wrapper_counts_the_shorteners_behind_it(
    fake_web: LoopbackServer, tmp_path: Path,
) -> None:
    """``l.facebook.com/l.php?u=…`` on a shortener's host names its destination: offline
    and online it is no shortener's link (it said 3 shorteners: facebook.com → t.co →
    bit.ly); the t.co link it names is one, and its row says so."""
    url = "http://l.facebook.com/l.php?u=http%3A%2F%2Ft.co%2Fx"
    result = CliRunner().invoke(
        cli, ["check", url, "--proxy", fake_web.url, "--timeout", "3",
              "--cache", str(tmp_path / "cache.sqlite3"), "--format", "jsonl"],
        catch_exceptions=False,
    )
    wrapper, named = (json.loads(line) for line in result.stdout.splitlines())
    assert [hop["url"] for hop in wrapper["chain"]][:2] == [url, "http://t.co/x"]
    details = {r["code"]: r["detail"] for r in wrapper["reasons"]}
    assert "shortener" not in details
    assert details["shortener-chain"] == "the link passes through 2 shorteners: t.co → bit.ly"
    assert named["url"] == "http://t.co/x"
    assert [r["code"] for r in named["reasons"]][:2] == ["shortener", "shortener-chain"]


@pytest.mark.usefixtures("trust_fake_web")
def _offline_then_through_proxy(url: str, fake_web: LoopbackServer, tmp_path: Path
                                ) -> tuple[dict[str, Any], dict[str, Any]]:
    """``check URL`` offline, then through the loopback web (exit 1: something flagged)."""
    offline = CliRunner().invoke(cli, ["check", url, "--offline", "--format", "json"])
    [before] = json.loads(offline.stdout)
    result = CliRunner().invoke(
        cli,
        ["check", url, "--proxy", fake_web.url, "--timeout", "3",
         "--cache", str(tmp_path / "cache.sqlite3"), "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1, result.output
    [link] = json.loads(result.stdout)
    return before, link


def test_check_names_the_outlet_an_unlisted_clone_copies(fake_web: LoopbackServer,
                                                         tmp_path: Path) -> None:
    url = "http://kurierhistoryczny.link/artykul/tajne-archiwa-traktat"
    before, link = _offline_then_through_proxy(url, fake_web, tmp_path)
    assert before["imitates"] is None
    assert link["imitates"] == "kurierhistoryczny.pl"
    assert link["verdict"] in ("suspicious", "lookalike")
    [claim] = [r for r in link["reasons"] if r["code"] == "claims-namesake"]
    assert "same name as kurierhistoryczny.pl under .link" in claim["detail"]


def test_check_reports_each_failure_on_its_link(fake_web: LoopbackServer,
                                                tmp_path: Path) -> None:
    expected = {
        "http://never-answers.net/": "timeout",
        "http://redirect-loop.net/a": "redirect loop",
        "http://many-redirects.net/0": "too many redirects",
        "http://goes-inside.net/": "blocked: private address",
        "http://decimal-inside.net/": "blocked: private address",
        "http://garbage-bytes.net/": "protocol error",
        "http://huge-body.net/": None,
        "http://gzip-bomb.net/": None,
    }
    result = CliRunner().invoke(
        cli,
        ["check", *expected, "--proxy", fake_web.url, "--timeout", "1", "--deadline", "30",
         "--cache", str(tmp_path / "cache.sqlite3"), "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    links = data if isinstance(data, list) else data["links"]
    assert {link["input"]: link["error"] for link in links} == expected
    truncated = [link for link in links if link["page"] and link["page"]["truncated"]]
    assert len(truncated) == 2


def test_user_agent_is_ours_to_set_and_checked(fake_web: LoopbackServer, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    agent = "verification-desk/2 (+mailto:desk@example.org)"
    args = ["check", "http://slow-pages.net/agent", "--proxy", fake_web.url, "--timeout", "3",
            "--no-cache", "--format", "json"]
    result = CliRunner().invoke(cli, [*args, "--user-agent", agent], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert fake_web.seen("slow-pages.net")[-1].headers["user-agent"] == agent
    monkeypatch.setenv("THREADSCOPE_USER_AGENT", "from-the-environment/1")
    CliRunner().invoke(cli, args, catch_exceptions=False)
    assert fake_web.seen("slow-pages.net")[-1].headers["user-agent"] == "from-the-environment/1"
    refused = CliRunner().invoke(cli, [*args, "--user-agent", "x\r\nCookie: a=b"])
    assert refused.exit_code == 2 and "printable ASCII" in refused.stderr


@pytest.mark.usefixtures("trust_fake_web")
def test_a_link_imitates_what_its_evidence_is_about(fake_web: LoopbackServer,
                                                    tmp_path: Path) -> None:
    """meta-refresh.net's own name scores nothing (``meta`` combined with a word: points
    against); it sends its readers to a clone of welt.de. A journalist reading `imitates`
    must read welt.de, the site every point of the verdict is about, not meta.com (which
    offline, at a score of 0, it is not said to imitate at all)."""
    url = "http://meta-refresh.net/"
    before, link = _offline_then_through_proxy(url, fake_web, tmp_path)
    assert (before["imitates"], before["brand"], before["score"]) == (None, None, 0)
    assert "meta.com" in before["reasons"][0]["detail"]
    assert link["verdict"] == "lookalike"
    assert (link["imitates"], link["brand"]) == ("welt.de", "Die Welt")
