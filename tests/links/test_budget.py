"""``links.budget``: how many links one ``audit`` takes, counted where they are found."""

from __future__ import annotations

import pytest

from threadscope.errors import InputError
from threadscope.links import extract_links
from threadscope.links.budget import LinkBudget, TooManyLinks, link_budget
from threadscope.pipeline import audit


def _paste(count: int, per_line: int = 7) -> str:
    links = [f"https://x{number}.example/a" for number in range(count)]
    return "\n".join(
        " ".join(links[start : start + per_line]) for start in range(0, count, per_line)
    )


def test_an_audit_at_its_link_limit_assesses_every_link() -> None:
    report = audit(_paste(60) + "\n" + _paste(60), link_limit=60, network=None)
    assert len(report.links) == 60


def test_an_audit_past_its_link_limit_refuses_the_paste() -> None:
    with pytest.raises(TooManyLinks, match="more than 60 distinct links") as raised:
        audit(_paste(61), link_limit=60)
    assert isinstance(raised.value, InputError)  # the CLI's one line and exit 2
    assert "threadscope domains" in str(raised.value)


def test_a_dumps_expanded_urls_count_as_links() -> None:
    """A CSV whose link column holds the links (its text none) is held to the same limit."""
    rows = "".join(f"{n},look,https://y{n}.example/a\n" for n in range(31))
    with pytest.raises(TooManyLinks, match="more than 30 distinct links"):
        audit("id,text,url\n" + rows, link_limit=30)
    assert len(audit("id,text,url\n" + rows, link_limit=31).links) == 31


def test_one_text_is_refused_while_its_links_are_found() -> None:
    budget = LinkBudget(10)
    repeated = "https://welt.ltd/a " * (budget.in_one_text + 1)
    with link_budget(budget), pytest.raises(TooManyLinks, match="links in one text"):
        extract_links(repeated)
    assert len(budget) == 0  # refused before a single one was normalised
    with link_budget(LinkBudget(10)):
        assert len(extract_links("https://welt.ltd/a " * budget.in_one_text)) == 40


def test_bare_domains_count_in_one_text_too() -> None:
    budget = LinkBudget(2)
    with link_budget(budget), pytest.raises(TooManyLinks, match="links in one text"):
        extract_links(" ".join(f"welt{n}.com" for n in range(budget.in_one_text + 1)))


def test_no_budget_outside_audit() -> None:
    """``check``, ``domains`` and a library caller's ``extract_links`` stream: no limit."""
    assert len(extract_links(_paste(500))) == 500
    with link_budget(None):
        assert len(extract_links(_paste(500))) == 500
