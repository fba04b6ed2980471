"""Unwrapping recorded API answers (``scripts/real_sets.py``) and the real-data table of
``scripts/eval_bots.py --real``, on cassettes written here: the posts are made up, the shapes
are those of Betamax (PRAW) and VCR (tweepy, Mastodon.py) cassettes."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import scripts

ROOT = Path(__file__).resolve().parents[2]
CAMPAIGN = ROOT / "fixtures" / "bots" / "replies_mastodon_suspended.json"


def load_script(name: str) -> ModuleType:
    return scripts.load_script(name)


def status(number: int, who: str, text: str) -> dict[str, object]:
    return {"id": f"11490000000{number:04d}", "created_at": f"2025-09-06T08:{number:02d}:00.000Z",
            "in_reply_to_id": None, "in_reply_to_account_id": None, "content": f"<p>{text}</p>",
            "spoiler_text": "", "url": f"https://social.example/@{who}/{number}", "card": None,
            "account": {"id": str(number), "username": who, "acct": who,
                        "display_name": who.title(), "created_at": "2019-01-01T00:00:00.000Z"}}


def interaction(uri: str, body: dict[str, object]) -> dict[str, object]:
    return {"request": {"method": "GET", "uri": uri}, "response": {"body": body}}


def betamax(path: Path, *interactions: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"interactions": list(interactions)}), "utf-8")


def test_bodies_of_the_sets_hosts_are_kept_one_a_line(tmp_path: Path) -> None:
    real_sets = load_script("real_sets")
    statuses = [status(1, "ina", "Guten Morgen aus Leipzig"), status(2, "ole", "Kaffee?")]
    zipped = base64.b64encode(gzip.compress(json.dumps(statuses[:1]).encode())).decode()
    betamax(tmp_path / "pkg-1" / "tests" / "cassettes" / "one.json",
            interaction("https://social.example/api/v1/timelines/public",
                        {"string": json.dumps(statuses)}),
            interaction("https://social.example/api/v1/statuses/1", {"base64_string": zipped}),
            interaction("https://social.example/oauth/token", {"string": "not json"}),
            interaction("https://elsewhere.example/api/v1/instance", {"string": "{}"}))
    package = real_sets.Package("pkg", "1", "MIT", "pypi")
    real = real_sets.RealSet("toots", package, ("*/tests/cassettes/*.json",),
                             ("social.example",), True, "made up")
    sets = tmp_path / "sets"
    sets.mkdir()
    counts = real_sets.build(real, tmp_path, sets)
    assert counts == {"cassettes": 1, "bodies": 2, "not JSON": 1, "other hosts": 1}
    lines = (sets / "toots.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [statuses, statuses[:1]]
    assert json.loads((sets / "toots.about.json").read_text("utf-8"))["package"]["version"] == "1"


def test_a_vcr_cassettes_gzipped_binary_body_is_unwrapped(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    real_sets = load_script("real_sets")
    body = json.dumps({"data": [{"id": "1", "text": "hallo"}]})
    cassette = tmp_path / "c.yaml"
    cassette.write_text(yaml.safe_dump({"interactions": [interaction(
        "https://api.x.example/2/tweets", {"string": gzip.compress(body.encode())})]}), "utf-8")
    assert list(real_sets.cassette_bodies(cassette)) == [("https://api.x.example/2/tweets", body)]


def test_the_real_table_counts_posts_accounts_and_shows_each_flagged_cluster(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real_sets = load_script("real_sets")
    eval_bots = load_script("eval_bots")
    package = real_sets.Package("pkg", "1", "MIT", "pypi")
    betamax(tmp_path / "pkg-1" / "calm.json", interaction(
        "https://social.example/api/v1/timelines/public", {"string": json.dumps(
            [status(1, "ina", "Guten Morgen aus Leipzig"), status(2, "ole", "Kaffee?")])}))
    betamax(tmp_path / "pkg-1" / "campaign.json", interaction(
        "https://social.example/api/v1/statuses/114900000000930/context",
        {"string": CAMPAIGN.read_text("utf-8")}))
    sets = tmp_path / "sets"
    sets.mkdir()
    for name, pattern, organic in (("calm", "*/calm.json", True),
                                   ("campaign", "*/campaign.json", False)):
        real_sets.build(real_sets.RealSet(name, package, (pattern,), ("social.example",),
                                          organic, "made up"), tmp_path, sets)
    eval_bots.real_table(tmp_path)
    shown = capsys.readouterr().out.splitlines()
    assert shown[2].split() == ["calm", "pkg", "1", "2", "2", "0", "0.000"]
    assert shown[3].split()[:2] == ["campaign", "pkg"]
    assert shown[3].split()[-1] == "scripted" and int(shown[3].split()[-2]) > 0
    assert shown[4:7] == ["What each set is:", "  calm (pkg 1, MIT): made up",
                          "  campaign (pkg 1, MIT): made up"]
    assert shown[7] == "Flagged clusters:"
    assert shown[8].startswith("  campaign: cluster ") and shown[9].startswith("    ")


def test_source_packages_come_from_the_machines_own_debian_archive(tmp_path: Path) -> None:
    real_sets = load_script("real_sets")
    (tmp_path / "debian.sources").write_text(
        "Types: deb\nURIs: http://archive.example/debian\nSuites: bookworm bookworm-updates\n"
        "Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
        "Types: deb\nURIs: http://archive.example/debian-security\n"
        "Suites: bookworm-security\nComponents: main\n", "utf-8")
    assert real_sets.debian_sources(tmp_path) == (
        "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
        "http://archive.example/debian bookworm main\n")
