"""A bot that changed its handle between two fetches is one account to ``bots``, on every
platform whose data carries a stable account id (``ingest.accounts.AccountFacts``): its
replies before and after the rename are the replies of one account, under its latest
handle, streamed as read whole; and two accounts are never made one."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadscope.bots import detect
from threadscope.ingest.replies import open_replies, read_replies
from threadscope.models import BotReport

THREADS = Path(__file__).resolve().parents[2] / "fixtures" / "threads"

RENAMED = {
    "snscrape_renamed_between_searches.jsonl": ("wahrheit_nord", "wahrheit_nord_24", 3),
    "v11_renamed_between_fetches.jsonl": ("elbe_insider", "elbe_insider_2", 2),
    # the same id on toot.example is another account: merged, its reply made it 3
    "mastodon_renamed_account.jsonl": ("klartext_nord", "klartext_nord_neu", 2),
}


def _replies(report: BotReport) -> dict[str, int]:
    return {account.handle: len(account.replies) for account in report.accounts}


@pytest.mark.parametrize("name", sorted(RENAMED))
def test_a_renamed_bot_is_one_account_streamed_and_whole(name: str) -> None:
    before, after, replies = RENAMED[name]
    path = THREADS / name
    streamed = detect(open_replies(str(path)), source=str(path))
    whole = detect(read_replies(path.read_text("utf-8")), source=str(path))
    assert _replies(streamed) == _replies(whole)
    assert before not in _replies(whole)
    assert _replies(whole)[after] == replies

