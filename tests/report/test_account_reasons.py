"""The accounts table's top reason is the account's own strongest signal, not its cluster
membership (the cluster column says that already)."""

from __future__ import annotations

import pytest

from threadscope.models import AccountSummary, BotReport, Cluster, ClusterVerdict, Reason
from threadscope.report import common, formatter, stacked
from threadscope.report.table_format import TableFormatter

MEMBER = Reason("coordinated-cluster", 100, "member of coordinated cluster 1")
HANDLE = Reason("machine-handle", 15, "@SabineHoffmann40517 is a name plus 5–8 digits")
YOUNG = Reason("young-account", 10, "created 3 days before replying")


def _report(*accounts: AccountSummary) -> BotReport:
    cluster = Cluster(1, ClusterVerdict.COORDINATED, 100, ("SabineHoffmann40517",), (0,),
                      (Reason("same-text", 40, "near-identical text"),))
    return BotReport(source="replies.json", replies=2, clusters=(cluster,), accounts=accounts)


def test_the_top_reason_is_the_strongest_other_than_membership() -> None:
    account = AccountSummary("SabineHoffmann40517", (0,), 1, 100, (YOUNG, MEMBER, HANDLE))
    assert common.account_top_reason(account) == HANDLE.detail


def test_membership_is_shown_only_when_the_account_has_no_reason_of_its_own() -> None:
    alone = AccountSummary("anna", (0,), 1, 100, (MEMBER,))
    assert common.account_top_reason(alone) == MEMBER.detail
    assert common.account_top_reason(AccountSummary("tom", (1,), None, 0)) == ""


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_every_human_format_shows_the_accounts_own_reason(fmt: str) -> None:
    report = _report(AccountSummary("SabineHoffmann40517", (0,), 1, 100, (MEMBER, HANDLE)))
    out = formatter(fmt).bots(report)
    assert "5–8 digits" in " ".join(out.split())
    assert "member of coordinated cluster" not in out
    if fmt != "table":
        assert "top reason" in out


@pytest.mark.parametrize("width", [80, 160])
def test_the_table_shows_the_accounts_own_reason_wide_and_stacked(width: int) -> None:
    """In columns (a wide terminal) under "top reason", in entries beneath the account's
    line (``stacked``) on a narrow one."""
    report = _report(AccountSummary("SabineHoffmann40517", (0,), 1, 100, (MEMBER, HANDLE)))
    out = TableFormatter(width=width).bots(report)
    assert "5–8 digits" in " ".join(out.split())
    assert "member of coordinated cluster" not in out
    assert ("top reason" in out) == (width >= stacked.NARROW_BOTS)


def test_json_keeps_every_reason() -> None:
    report = _report(AccountSummary("SabineHoffmann40517", (0,), 1, 100, (MEMBER, HANDLE)))
    assert "member of coordinated cluster 1" in formatter("json").bots(report)
