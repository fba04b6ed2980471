"""``scripts/check_split_hosts.py``: it reads hosts from lists and links, keeps those with a
subdomain, and lists the ones the split-name rule flags."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.support.scripts import load_script
from threadscope.assessment import load_registry


@pytest.fixture(scope="module")
def checker() -> ModuleType:
    return load_script("check_split_hosts")


def test_hosts_come_from_lines_and_links(checker: ModuleType) -> None:
    text = "news.yahoo.com\nRead https://Ga.Zetaprawna.pl/a and this\nnot a host\n"
    assert checker.hosts_in(text) == {"news.yahoo.com", "ga.zetaprawna.pl"}


def test_only_hosts_with_a_subdomain_other_than_www_are_checked(checker: ModuleType) -> None:
    hosts = {"welt.de", "www.welt.de", "blogs.nytimes.com", "bbc.co.uk", "news.bbc.co.uk"}
    assert list(checker.with_subdomain(hosts)) == ["blogs.nytimes.com", "news.bbc.co.uk"]


def test_a_split_name_is_listed_and_a_real_subdomain_is_not(
    checker: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hosts = tmp_path / "hosts.txt"
    hosts.write_text("ga.zetaprawna.pl\n6thfloor.blogs.nytimes.com\nau.news.yahoo.com\n")
    flagged = list(checker.split_flags(checker.with_subdomain(
        checker.hosts_in(hosts.read_text())), load_registry()))
    assert [host for host, _ in flagged] == ["ga.zetaprawna.pl"]
    monkeypatch.setattr("sys.argv", ["check_split_hosts.py", str(hosts)])
    assert checker.main() == 1
    out = capsys.readouterr().out
    assert "flagged ga.zetaprawna.pl: ga.zetaprawna is gazetaprawna split by a dot" in out
    assert out.rstrip().endswith("3 hosts with a subdomain, 1 flagged by a split name")
