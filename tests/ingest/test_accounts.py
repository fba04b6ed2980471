"""``AccountFacts``: one account under its latest handle, keyed by the platform's stable id."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from threadscope.ingest.accounts import AccountFacts
from threadscope.models import Post


def _fields(user: dict[str, Any]) -> dict[str, Any]:
    return {"author": user.get("handle"), "display_name": user.get("name")}


def _facts() -> AccountFacts:
    return AccountFacts("Example", _fields, id_key="did", handle_key="handle")


def test_a_renamed_account_is_one_account_under_its_latest_handle() -> None:
    facts = _facts()
    facts.learn_users([{"did": "d1", "handle": "old", "name": "A"},
                       {"did": "d2", "handle": "other"},
                       {"did": "d1", "handle": "new", "name": "A B"}])
    post = Post(text="hi", line=1, author="old", display_name="A", reply_to_author="other")
    assert facts.settle(post, "d1 d2", final=False) is None  # a later line may rename it
    settled = facts.settle(post, "d1 d2", final=True)
    assert settled is not None
    assert (settled.author, settled.display_name, settled.reply_to_author) == (
        "new", "A B", "other")
    assert facts.warnings() == [
        "Example: 1 account(s) renamed within the dump, each post shown under its account's "
        "latest handle: old → new (id d1)"]


def test_back_to_an_earlier_handle_lists_it_last() -> None:
    facts = _facts()
    facts.learn_users([{"did": "d1", "handle": h} for h in ("a", "b", "a")])
    assert facts.handles == {"d1": ("b", "a")}


def test_what_the_dump_never_showed_stays_as_read() -> None:
    facts = _facts()
    facts.learn_users([{"did": "d1", "handle": "only"}])
    post = Post(text="hi", line=1, author="someone", reply_to_author="them")
    assert facts.settle(post, "d9 d8", final=True) == replace(post, author_id="d9")
    assert facts.warnings() == []
