"""What the platforms say about an account, read from their own fields of each shape."""

from __future__ import annotations

import json
from typing import Any

from threadscope.ingest import parse_dump
from threadscope.ingest.account_labels import (
    BLUESKY_MODERATION,
    bluesky_labels,
    mastodon_labels,
    snscrape_x_labels,
    x_labels,
    x_table_labels,
)


def test_x_v2_verified_type_protected_and_affiliation() -> None:
    user = {"id": "1", "username": "bbcnews", "name": "BBC News ✓ verified", "verified": True,
            "verified_type": "business", "protected": False,
            "affiliation": {"description": "BBC", "user_id": ["19701628"],
                            "badge_url": "https://pbs.twimg.com/x.png"}}
    assert x_labels(user) == ("X: verified (business)",
                              "X: affiliated with an organisation (account id 19701628)")


def test_x_free_text_and_unknown_enums_never_become_labels() -> None:
    """A display name or an unknown ``verified_type`` value is no label; no fields, none."""
    assert x_labels({"name": "Verified government account", "verified": "true",
                     "verified_type": "Official <b>state</b> media"}) == ()
    assert x_labels({"verified": False, "verified_type": "blue"}) == ()
    assert x_labels({"verified_type": "government"}) == ("X: verified (government)",)
    assert x_labels({"affiliation": {"description": "State Media", "user_id": ["x1"]}}) == (
        "X: affiliated with an organisation",)
    assert x_labels({}) == ()


def test_x_v1_verified_and_protected() -> None:
    assert x_labels({"screen_name": "UKMoments", "verified": True, "protected": True}) == (
        "X: verified", "X: protected account")


def test_snscrape_user_legacy_blue_business_and_protected() -> None:
    """snscrape 0.7's ``User``: ``verified`` (the legacy badge), ``blue`` (X's
    ``is_blue_verified``), ``blueType`` (X's ``verified_type``, capitalised), ``protected``;
    named as ``x_labels`` names the same facts."""
    assert snscrape_x_labels({"verified": True, "blue": False, "blueType": None}) == (
        "X: verified",)
    assert snscrape_x_labels({"verified": False, "blue": True, "protected": False}) == (
        "X: verified (blue)",)
    assert snscrape_x_labels({"verified": False, "blue": True, "blueType": "Business"}) == (
        "X: verified (business)",)
    assert snscrape_x_labels({"blue": True, "blueType": "Government", "protected": True}) == (
        "X: verified (government)", "X: protected account")
    assert snscrape_x_labels({"verified": None, "blue": None, "blueType": None,
                              "protected": None}) == ()
    # an unknown type, a text where a boolean belongs, a display name: no label
    assert snscrape_x_labels({"displayname": "Verified ✓", "verified": "true", "blue": 1,
                              "blueType": "Official", "protected": "yes"}) == ()
    assert snscrape_x_labels({"blue": True, "blueType": "State media"}) == (
        "X: verified (blue)",)


def test_table_cells_only_true_or_false_count() -> None:
    """twarc-csv's ``author.verified``/``author.protected`` cells (pandas writes ``True``,
    a spreadsheet ``TRUE``) and ``author.verified_type``; any other text is no label."""
    assert x_table_labels("True", "False", "blue") == ("X: verified (blue)",)
    assert x_table_labels("TRUE", "TRUE", "none") == ("X: verified", "X: protected account")
    assert x_table_labels("true", None, None) == ("X: verified",)
    assert x_table_labels("False", "false", "none") == ()
    assert x_table_labels("False", None, "business") == ()  # verified says no
    assert x_table_labels(None, None, " government ") == ("X: verified (government)",)
    for cell in ("yes", "1", "verified", "Verified ✓", "=TRUE()", "tRuE", ""):
        assert x_table_labels(cell, cell, cell) == ()


def test_mastodon_bot_and_group() -> None:
    assert mastodon_labels({"acct": "news@bots.example", "bot": True, "group": True}) == (
        "Mastodon: marked as automated (bot)", "Mastodon: group account")
    assert mastodon_labels({"acct": "x", "bot": "true", "display_name": "bot"}) == ()


def test_bluesky_verification_and_labels() -> None:
    author = {"did": "did:plc:abc", "handle": "a.bsky.social",
              "verification": {"verifiedStatus": "valid", "trustedVerifierStatus": "none"},
              "labels": [
                  {"src": BLUESKY_MODERATION, "val": "spam", "uri": "did:plc:abc"},
                  {"src": "did:plc:otherlabeller", "val": "impersonation"},
                  {"src": "did:plc:abc", "val": "!no-unauthenticated"},  # self-label
                  {"src": BLUESKY_MODERATION, "val": "!takedown"},  # the account's status
                  {"src": BLUESKY_MODERATION, "val": "rude", "neg": False},
                  {"src": BLUESKY_MODERATION, "val": "rude", "neg": True},  # taken back
                  {"src": BLUESKY_MODERATION, "val": "Verified Journalist"},  # no label value
              ]}
    assert bluesky_labels(author) == ("Bluesky: verified", "Bluesky: labelled spam",
                                      "Bluesky: labelled impersonation (by another labeller)")


def _lines(*records: Any) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_readers_carry_the_labels_on_posts() -> None:
    """X API v2 (``includes.users``), twarc2's flattened ``author``, v1.1 ``user``, Mastodon
    ``account`` and a Bluesky feed's ``author``: each post carries its author's labels."""
    v2 = {"data": [{"id": "10", "text": "hello", "author_id": "1"}],
          "includes": {"users": [{"id": "1", "username": "gov", "name": "Gov",
                                  "verified": True, "verified_type": "government"}]}}
    assert parse_dump(json.dumps(v2)).posts[0].author_labels == ("X: verified (government)",)
    twarc = {"id": "11", "text": "hi", "author_id": "2", "conversation_id": "11",
             "author": {"id": "2", "username": "locked", "protected": True}}
    assert parse_dump(_lines(twarc, {**twarc, "id": "12"})).posts[0].author_labels == (
        "X: protected account",)
    v1 = {"id_str": "13", "text": "moment", "created_at": "Wed Jul 10 16:00:00 +0000 2019",
          "user": {"id_str": "3", "screen_name": "UKMoments", "verified": True}}
    assert parse_dump(_lines(v1, {**v1, "id_str": "14"})).posts[0].author_labels == (
        "X: verified",)
    status = {"id": "15", "content": "<p>beep</p>", "created_at": "2024-01-01T00:00:00Z",
              "account": {"id": "4", "acct": "feed@bots.example", "bot": True,
                          "display_name": "Not a bot"}}
    assert parse_dump(json.dumps([status])).posts[0].author_labels == (
        "Mastodon: marked as automated (bot)",)
    feed = {"feed": [{"post": {
        "uri": "at://did:plc:abc/app.bsky.feed.post/1", "cid": "c",
        "author": {"did": "did:plc:abc", "handle": "a.bsky.social",
                   "verification": {"verifiedStatus": "valid"}},
        "record": {"$type": "app.bsky.feed.post", "text": "hey",
                   "createdAt": "2024-01-01T00:00:00Z"},
        "indexedAt": "2024-01-01T00:00:00Z"}}]}
    assert parse_dump(json.dumps(feed)).posts[0].author_labels == ("Bluesky: verified",)


def test_a_bluesky_repost_carries_the_reposter_labels_not_the_author() -> None:
    author = {"did": "did:plc:orig", "handle": "orig.bsky.social",
              "verification": {"verifiedStatus": "valid"}}
    by = {"did": "did:plc:rep", "handle": "rep.bsky.social"}
    feed = {"feed": [{"post": {
        "uri": "at://did:plc:orig/app.bsky.feed.post/1", "cid": "c", "author": author,
        "record": {"$type": "app.bsky.feed.post", "text": "hey",
                   "createdAt": "2024-01-01T00:00:00Z"},
        "indexedAt": "2024-01-01T00:00:00Z"},
        "reason": {"$type": "app.bsky.feed.defs#reasonRepost", "by": by,
                   "indexedAt": "2024-01-01T00:01:00Z"}}]}
    dump = parse_dump(json.dumps(feed))
    assert [(p.author, p.author_labels) for p in dump.posts] == [("rep.bsky.social", ())]
