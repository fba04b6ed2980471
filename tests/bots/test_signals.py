from __future__ import annotations

import pytest

from threadscope.bots import signals
from threadscope.models import Reply


@pytest.mark.parametrize(
    "handle", ["MariaSchulz83651", "HeinzWeber60412877", "anna_k_1234567", "Tom12345"]
)
def test_machine_handles(handle: str) -> None:
    assert signals.machine_handle(handle) is not None


@pytest.mark.parametrize(
    "handle", ["lena_hartmann", "PeterK85", "Meyer1975", "x12345", "12345678", "Anna123456789"]
)
def test_human_handles(handle: str) -> None:
    assert signals.machine_handle(handle) is None


def test_young_account_and_fast_reply() -> None:
    reply = Reply(0, "a", "t", "2024-03-14T08:05:00Z", "2024-03-06T08:00:00Z")
    young = signals.young_account(reply)
    assert young is not None and "8 days" in young.detail
    original = signals.parse_time("2024-03-14T08:00:00Z")
    assert signals.fast_reply(reply, original) is not None
    assert signals.fast_reply(reply, signals.parse_time("2024-03-14T07:00:00Z")) is None


def test_old_account_and_unusable_times() -> None:
    assert signals.young_account(Reply(0, "a", "t", "2024-03-14T08:05:00Z", "2015-01-01")) is None
    assert signals.young_account(Reply(0, "a", "t", "yesterday", "2024-03-13")) is None
    assert signals.parse_time("not a time") is None


def test_stock_sentence_plus_link() -> None:
    assert signals.stock_with_link(Reply(0, "a", "Must read: https://welt.ltd/a"), 1)
    assert not signals.stock_with_link(Reply(0, "a", "Must read:"), 0)
    assert not signals.stock_with_link(Reply(0, "a", "x" * 200 + " https://welt.ltd/a"), 1)
