"""``report.shapes``: the JSON shapes of the contract."""

from __future__ import annotations

import json

from threadscope.models import AuditReport, Card
from threadscope.report.shapes import audit_data

CARD = Card("n-tv.de", "From n-tv.de", thread=1, post=8, line=23)


def test_cards_without_a_link_are_listed_apart_from_the_links() -> None:
    data = audit_data(AuditReport("dump.txt", (), (), unlinked_cards=(CARD,)))
    assert data["unlinked_cards"] == [
        {"domain": "n-tv.de", "text": "From n-tv.de", "thread": 1, "post": 8, "line": 23}]
    assert data["links"] == [] and data["summary"]["links"] == 0
    assert json.loads(json.dumps(data)) == data


def test_an_audit_without_such_cards_has_no_such_key() -> None:
    assert "unlinked_cards" not in audit_data(AuditReport("dump.txt", (), ()))
