"""``threadscope.audit``: every distinct link assessed once and placed under its posts.

These run the real pipeline offline (reassembly, extraction, assessment); the example dump from
the project brief is used when it is present beside the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.server import LoopbackServer
from tests.support.shared import shared_file
from tests.support.web import FakeWeb
from threadscope.models import AuditReport, NetworkOptions, Verdict
from threadscope.pipeline import audit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/003_b7ef94e99e87645a.txt"
FIXTURE = ROOT / "fixtures" / "audit" / "cloned_news_thread.txt"


def _by_domain(report: AuditReport) -> dict[str, int]:
    return {link.domain or link.input: index for index, link in enumerate(report.links)}


@pytest.fixture(scope="module")
def example() -> AuditReport:
    example = shared_file(EXAMPLE)
    return audit(example.read_text("utf-8"), source=example.name)


def test_example_has_six_threads_and_the_three_links(example: AuditReport) -> None:
    assert len(example.threads) == 6
    urls = {link.url for link in example.links}
    assert "https://t.co/cykVk0lJUJ" in urls
    domains = _by_domain(example)
    welt = example.links[domains["welt.ltd"]]
    assert welt.verdict is Verdict.LOOKALIKE
    assert welt.imitates == "welt.de"
    wiki = example.links[domains["de.wikipedia.org"]]
    assert wiki.verdict in (Verdict.BENIGN, Verdict.OFFICIAL)
    assert example.flagged


def test_example_links_sit_under_their_posts(example: AuditReport) -> None:
    domains = _by_domain(example)
    placed = {
        (thread_id, example.threads[thread_id - 1].posts[position].index): indices
        for (thread_id, position), indices in example.post_links.items()
    }
    thread = next(t for t in example.threads if t.total == 14)
    post_2 = next(i for (tid, idx), i in placed.items() if tid == thread.id and idx == 2)
    assert domains["welt.ltd"] in post_2
    assert domains["t.co"] in post_2


def test_each_distinct_link_is_assessed_once() -> None:
    text = (
        "Look at hxxps://spiegel[.]cfd/a 1/3\n"
        "again https://spiegel.cfd/a and spiegel[.]cfd/a 2/3\n"
        "and https://www.spiegel.de/ 3/3\n"
    )
    report = audit(text, source="dup.txt")
    urls = [link.url for link in report.links]
    assert len(urls) == len(set(urls))
    cfd = [i for i, link in enumerate(report.links) if link.domain == "spiegel.cfd"]
    assert len(cfd) == 1
    holding = [key for key, indices in report.post_links.items() if cfd[0] in indices]
    assert len(holding) >= 2


def test_fixture_offline() -> None:
    report = audit(FIXTURE.read_text("utf-8"), source=FIXTURE.name)
    assert len(report.threads) == 1
    thread = report.threads[0]
    assert 3 in thread.missing
    verdicts = {link.domain: link.verdict for link in report.links}
    assert verdicts["spiegel.cfd"].flagged
    assert verdicts["bild.today"].flagged
    assert verdicts["www.spiegel.de"] is Verdict.OFFICIAL
    assert report.flagged


def test_progress_and_count_callbacks() -> None:
    seen: list[str] = []
    counts: list[int] = []
    report = audit(
        FIXTURE.read_text("utf-8"), progress=lambda a: seen.append(a.input), on_links=counts.append
    )
    assert counts == [len(report.links)]
    assert len(seen) == len(report.links)


def test_no_links_and_junk() -> None:
    assert audit("").links == ()
    report = audit("\x00\x1b[2J\ufffd" * 100 + "\n1/2\n" + "x" * 100_000)
    assert isinstance(report, AuditReport)


def test_network_enrichment_through_loopback_proxy() -> None:
    """With ``network``, each distinct link is enriched and keeps its place in ``links``."""
    text = (ROOT / "fixtures" / "audit" / "shortened_links_thread.txt").read_text("utf-8")
    offline = audit(text)
    with LoopbackServer(FakeWeb()) as web:
        options = NetworkOptions(proxy=web.url, timeout=3, use_cache=False)
        online = audit(text, network=options)
    assert [link.url for link in online.links] == [link.url for link in offline.links]
    assert online.post_links == offline.post_links
    short = next(link for link in online.links if link.url == "http://t.co/x")
    assert [hop.url for hop in short.chain][:2] == ["http://t.co/x", "http://bit.ly/y"]
    assert short.verdict is Verdict.LOOKALIKE
    assert all(link.chain == () for link in offline.links)


def test_public_api_name_is_the_function() -> None:
    import threadscope
    import threadscope.pipeline  # noqa: F401

    report = threadscope.audit("see hxxps://spiegel[.]cfd/x 1/1\n", source="api")
    assert isinstance(report, AuditReport) and report.source == "api"


def test_structured_dump_uses_expanded_urls_in_and_outside_threads() -> None:
    """X API v2: the t.co link and its expanded_url under the post; a reply's link too."""
    file = ROOT / "fixtures" / "audit" / "x_api_thread.json"
    report = audit(file.read_text("utf-8"), source=file.name)
    assert len(report.threads) == 1
    domains = _by_domain(report)
    thread = report.threads[0]
    position = next(i for i, post in enumerate(thread.posts) if post.index == 2)
    held = report.post_links[(thread.id, position)]
    urls = [link.url for link in report.links]
    assert domains["spiegel.cfd"] in held and urls.index("https://t.co/Ab12Cd34Ef") in held
    assert report.links[domains["spiegel.cfd"]].verdict is Verdict.LOOKALIKE
    # The reply by another account is in no thread, but its expanded link is still assessed.
    assert report.links[domains["bild.today"]].verdict.flagged
    assert domains["bild.today"] not in {i for held in report.post_links.values() for i in held}


CARDS = ROOT / "fixtures" / "links" / "cards_cut_from_links.txt"


def test_a_card_cut_from_its_link_shows_it_elsewhere_and_is_no_link_of_its_own() -> None:
    report = audit(CARDS.read_text("utf-8"), source=CARDS.name)
    domains = _by_domain(report)
    assert "welt.de" not in domains and "tagesschau.de" not in domains
    welt = report.links[domains["welt.ltd"]]
    assert welt.card_domain == "welt.de"
    assert "shown-elsewhere" in [reason.code for reason in welt.reasons]
    assert report.links[domains["bild.ltd"]].card_domain == "bild.de"  # from the trailing text
    assert report.links[domains["t.co"]].card_domain == "tagesschau.de"


def test_a_card_without_a_link_is_reported_and_its_site_assessed() -> None:
    """The card names the site of the link that was posted: n-tv.de is its post's link."""
    report = audit(CARDS.read_text("utf-8"), source=CARDS.name)
    assert report.links[_by_domain(report)["n-tv.de"]].verdict.value == "official"
    assert [(card.domain, card.post, card.line) for card in report.unlinked_cards] == [
        ("n-tv.de", 8, 23)]


def test_a_structured_dump_reads_no_card_across_records() -> None:
    report = audit((ROOT / "fixtures" / "audit" / "x_api_thread.json").read_text("utf-8"))
    assert report.unlinked_cards == ()


def test_a_card_naming_a_clone_without_its_link_flags_the_audit() -> None:
    """X writes on a card the site of the link posted: ``From welt.ltd`` with the address
    lost in the copy is still a clone's link, in every format and in the exit status."""
    text = "Neue Enthüllung 1/2\n2/2 Lest selbst\nKanzler tritt zurück\nFrom welt.ltd\n"
    report = audit(text, source="paste.txt")
    assert report.flagged
    assert report.links[_by_domain(report)["welt.ltd"]].imitates == "welt.de"
    assert [card.domain for card in report.unlinked_cards] == ["welt.ltd"]
