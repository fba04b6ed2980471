"""What a platform says about an account, as short labels for a reader (``Post.author_labels``).

Verified badges, protected accounts, self-declared bots and moderation labels are context a
journalist needs beside a coordination verdict: a cluster of verified regional editions of one
publisher reads differently from a cluster of fresh accounts, though both co-post. They are read
only from the platform's own boolean and enum fields: an account's display name or bio is
written by its holder (an impostor calls itself "Verified ✓"), so no free text ever becomes a
label; an enum value outside the few known ones is left out rather than shown.
"""

from __future__ import annotations

import re
from typing import Any

from threadscope.ingest.jsonish import items, obj, text

X_VERIFIED_TYPES = frozenset({"blue", "business", "government"})
"""X API v2 ``verified_type`` values shown after "verified" (``none`` is no badge)."""

_DIGITS = re.compile(r"[0-9]{1,20}")

BLUESKY_MODERATION = "did:plc:ar7c4by46qjdydhdevvrndac"
"""Bluesky's own moderation service: its labels are the platform's; another labeller's are
said to be another's."""

_LABEL_VALUE = re.compile(r"!?[a-z0-9][a-z0-9-]{0,63}")
"""A Bluesky label value as the spec allows it (lowercase ASCII letters, digits, hyphens;
``!`` for the system's): anything else is not shown."""

_BLUESKY_STATUS_LABELS = frozenset({"!takedown", "!suspend"})
"""Removal labels: already the account's ``status`` (``bluesky.LABEL_STATUSES``)."""


def x_labels(user: dict[str, Any]) -> tuple[str, ...]:
    """An X user object's labels: v2 ``includes.users`` / twarc2's ``author`` (``verified``,
    ``verified_type``, ``protected``, ``affiliation``) and v1.1's ``user`` (``verified``,
    ``protected``)."""
    found: list[str] = []
    verified = user.get("verified")
    kind = user.get("verified_type")
    known = kind if isinstance(kind, str) and kind in X_VERIFIED_TYPES else None
    if verified is True or (known and verified is not False):
        found.append(f"X: verified ({known})" if known else "X: verified")
    if user.get("protected") is True:
        found.append("X: protected account")
    affiliation = user.get("affiliation")
    if isinstance(affiliation, dict) and affiliation:
        found.append(_affiliated(affiliation))
    return tuple(found)


SNSCRAPE_BLUE_TYPES = {"Business": "business", "Government": "government"}
"""snscrape's ``blueType``: X's web ``verified_type`` as it sends it (capitalised), as
``x_labels`` names it; any other value is no label."""


def snscrape_x_labels(user: dict[str, Any]) -> tuple[str, ...]:
    """An snscrape twitter ``User``'s labels, as ``x_labels`` says them: ``verified`` is the
    legacy badge, ``blue`` X's ``is_blue_verified`` (the paid check, ``verified (blue)``),
    ``blueType`` a business's or government's check, ``protected`` a protected account."""
    blue, kind, verified = user.get("blue"), user.get("blueType"), user.get("verified")
    if blue is not True and kind is None and verified is not True and (
            user.get("protected") is not True):
        return ()  # most users: said once per tweet, so said quickly
    known = SNSCRAPE_BLUE_TYPES.get(kind) if isinstance(kind, str) else None
    return x_labels({
        "verified": True if verified is True or blue is True else None,
        "verified_type": known or ("blue" if blue is True else None),
        "protected": user.get("protected"),
    })


TABLE_TRUTH = {"true": True, "True": True, "TRUE": True,
               "false": False, "False": False, "FALSE": False}
"""A true/false cell as twarc-csv (pandas: ``True``) or a spreadsheet (``TRUE``) writes it;
any other text is neither."""


def x_table_labels(verified: str | None, protected: str | None,
                   verified_type: str | None) -> tuple[str, ...]:
    """An X user's labels from the cells of a table (twarc-csv's ``author.verified``,
    ``author.protected``, ``author.verified_type``), as ``x_labels`` says them."""
    return x_labels({
        "verified": TABLE_TRUTH.get(verified.strip()) if verified else None,
        "protected": TABLE_TRUTH.get(protected.strip()) if protected else None,
        "verified_type": verified_type.strip() if verified_type else None,
    })


def _affiliated(affiliation: dict[str, Any]) -> str:
    """An X affiliation badge: the organisation by its account id only (its ``description``
    is a name the organisation chose, free text)."""
    ids = affiliation.get("user_id")
    ids = ids if isinstance(ids, list) else [ids]
    numbers = [str(i) for i in ids if isinstance(i, (str, int)) and not isinstance(i, bool)
               and _DIGITS.fullmatch(str(i))]
    if numbers:
        return f"X: affiliated with an organisation (account id {numbers[0]})"
    return "X: affiliated with an organisation"


def mastodon_labels(account: dict[str, Any]) -> tuple[str, ...]:
    """A Mastodon account's ``bot`` (the holder declares it automated) and ``group`` flags."""
    found: list[str] = []
    if account.get("bot") is True:
        found.append("Mastodon: marked as automated (bot)")
    if account.get("group") is True:
        found.append("Mastodon: group account")
    return tuple(found)


def bluesky_labels(author: dict[str, Any]) -> tuple[str, ...]:
    """A Bluesky profile view's verification (``verification.verifiedStatus``,
    ``trustedVerifierStatus``) and the labels others put on the account (not its own
    self-labels, not negated ones, not the removal labels its ``status`` already says)."""
    found: list[str] = []
    verification = obj(author, "verification")
    if text(verification, "verifiedStatus") == "valid":
        found.append("Bluesky: verified")
    if text(verification, "trustedVerifierStatus") == "valid":
        found.append("Bluesky: trusted verifier")
    found += _moderation_labels(author)
    return tuple(dict.fromkeys(found))


def _moderation_labels(author: dict[str, Any]) -> list[str]:
    """Labels on the account by a labeller, the last word on each value deciding (a later
    ``neg: true`` takes one back)."""
    own = text(author, "did")
    said: dict[tuple[str, bool], bool] = {}
    for label in items(author, "labels"):
        value = text(label, "val") or ""
        source = text(label, "src") or ""
        if (own and source == own) or value in _BLUESKY_STATUS_LABELS:
            continue
        if _LABEL_VALUE.fullmatch(value):
            said[(value, source == BLUESKY_MODERATION)] = label.get("neg") is not True
    return [f"Bluesky: labelled {value}" + ("" if by_bluesky else " (by another labeller)")
            for (value, by_bluesky), kept in said.items() if kept]
