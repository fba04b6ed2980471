"""A page's ``<base href>``: relative claims and refreshes resolved as a browser resolves them,
through the loopback web (``tests.support.web``), with ``fixtures/enrich/pages``' base pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.support.server import LoopbackServer
from threadscope.cli import cli

ARTICLE = "/artykul/tajne-archiwa-traktat"


def check(fake_web: LoopbackServer, tmp_path: Path, url: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli,
        ["check", url, "--proxy", fake_web.url, "--timeout", "3",
         "--cache", str(tmp_path / "cache.sqlite3"), "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.output
    [link] = json.loads(result.stdout)
    assert isinstance(link, dict)
    return link


def codes(link: dict[str, Any]) -> list[str]:
    return [reason["code"] for reason in link["reasons"]]


def test_a_clone_that_kept_the_originals_base_claims_its_namesake(
    fake_web: LoopbackServer, tmp_path: Path
) -> None:
    """The first base with an href (scheme-relative: resolved against the page's URL) is
    what the relative canonical and og:url resolve against; the second base is ignored."""
    link = check(fake_web, tmp_path, f"http://kurierhistoryczny.news{ARTICLE}")
    assert link["page"]["canonical"] == f"http://www.kurierhistoryczny.pl{ARTICLE}"
    assert link["page"]["og_url"] == f"http://www.kurierhistoryczny.pl{ARTICLE}"
    assert link["imitates"] == "kurierhistoryczny.pl"
    [claim] = [r for r in link["reasons"] if r["code"] == "claims-namesake"]
    assert "names www.kurierhistoryczny.pl as its canonical address" in claim["detail"]


def test_a_base_alone_claims_no_namesake(fake_web: LoopbackServer, tmp_path: Path) -> None:
    link = check(fake_web, tmp_path, f"http://kurierhistoryczny.site{ARTICLE}")
    assert link["page"]["canonical"] is None and link["page"]["og_url"] is None
    assert link["imitates"] is None and "claims-namesake" not in codes(link)


def test_a_javascript_base_is_no_base_and_the_next_one_does_not_count(
    fake_web: LoopbackServer, tmp_path: Path
) -> None:
    link = check(fake_web, tmp_path, f"http://kurierhistoryczny.online{ARTICLE}")
    assert link["page"]["canonical"] == f"http://kurierhistoryczny.online{ARTICLE}"
    assert link["page"]["og_url"].startswith("data:")  # as written: no host, no claim
    assert link["imitates"] is None and "claims-namesake" not in codes(link)


def test_a_refresh_relative_to_a_base_is_followed_there(fake_web: LoopbackServer,
                                                        tmp_path: Path) -> None:
    link = check(fake_web, tmp_path, "http://base-refresh-clone.net/")
    assert [(hop["url"], hop["via"]) for hop in link["chain"]] == [
        ("http://base-refresh-clone.net/", "start"),
        ("http://welt.ltd/politik/ausland/article123456789/geheime-gespraeche.html",
         "meta-refresh"),
    ]
    assert link["imitates"] == "welt.de"


def test_a_refresh_relative_to_a_loopback_base_meets_the_address_guard(
    fake_web: LoopbackServer, tmp_path: Path
) -> None:
    link = check(fake_web, tmp_path, "http://base-refresh.net/")
    assert [hop["url"] for hop in link["chain"]] == ["http://base-refresh.net/",
                                                     "http://127.0.0.1/admin"]
    assert link["error"] == "blocked: private address"
    assert fake_web.seen("127.0.0.1") == []  # refused before any request, proxy or not
