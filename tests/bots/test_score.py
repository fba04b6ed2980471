from __future__ import annotations

from dataclasses import replace

from tests.bots.conftest import reply
from threadscope.bots import detect
from threadscope.bots.score import independent
from threadscope.models import AuthorKind, ClusterVerdict

TEMPLATE = [
    "Endlich zeigt ein Bericht, was die Regierung verschweigt. Die Sanktionen schaden uns selbst.",
    "Endlich beweist ein Bericht, was die Regierung verheimlicht. Die Sanktionen schaden uns.",
    "Jetzt endlich zeigt eine Recherche, was die Regierung verschweigt. Die Sanktionen schaden.",
]


def test_independence_needs_both_content_families_or_three() -> None:
    assert independent({"text", "link"})
    assert independent({"text", "handle", "age"})
    assert not independent({"text", "handle"})
    assert not independent({"link", "timing"})


def test_same_text_alone_is_organic() -> None:
    replies = [reply(i, f"person_{i}", text) for i, text in enumerate(TEMPLATE)]
    report = detect(replies)
    assert [c.verdict for c in report.clusters] == [ClusterVerdict.ORGANIC]
    assert [r.code for r in report.clusters[0].reasons] == ["same-text"]
    assert not report.flagged


def test_same_text_and_lookalike_link_is_coordinated() -> None:
    replies = [
        reply(i, f"person_{i}", f"{text} https://welt.ltd/p/{i}") for i, text in enumerate(TEMPLATE)
    ]
    report = detect(replies)
    cluster = report.clusters[0]
    assert cluster.verdict is ClusterVerdict.COORDINATED
    assert {"same-text", "imitated-brand"} <= {r.code for r in cluster.reasons}
    assert cluster.score == min(100, sum(r.points for r in cluster.reasons))
    assert cluster.imitates == ("welt.de",)
    assert report.flagged


def test_same_text_with_machine_handles_young_accounts_and_bunching() -> None:
    replies = [
        reply(i, handle, text, created_at=f"2024-03-14T08:0{i}:00Z",
              author_created_at="2024-03-10T00:00:00Z")
        for i, (handle, text) in enumerate(
            zip(["MariaSchulz83651", "HeinzWeber60412877", "PaulRoth1234567"], TEMPLATE,
                strict=True)
        )
    ]
    cluster = detect(replies).clusters[0]
    codes = {r.code for r in cluster.reasons}
    assert codes == {"same-text", "machine-handles", "young-accounts", "bunched-replies"}
    assert cluster.verdict is ClusterVerdict.COORDINATED


def test_a_display_name_among_machine_handles_counts_as_an_account_not_a_handle() -> None:
    """Three generated handles and a display name of the same shape: three of four accounts,
    the name neither one of them nor left out of the count."""
    names = ["MariaSchulz83651", "HeinzWeber60412877", "PaulRoth1234567", "Moni_19580707"]
    kinds = [AuthorKind.HANDLE] * 3 + [AuthorKind.NAME]
    replies = [
        replace(reply(i, name, TEMPLATE[0]), author_kind=kind)
        for i, (name, kind) in enumerate(zip(names, kinds, strict=True))
    ]
    [reason] = [r for r in detect(replies).clusters[0].reasons if r.code == "machine-handles"]
    assert reason.detail.startswith("3 of 4 accounts have handles that are a name plus")
    assert "Moni_19580707" not in reason.detail


def test_lookalike_link_alone_is_organic() -> None:
    replies = [reply(i, f"person_{i}", f"Gelesen: https://welt.ltd/p/{i}") for i in range(3)]
    cluster = detect(replies).clusters[0]
    assert cluster.verdict is ClusterVerdict.ORGANIC
