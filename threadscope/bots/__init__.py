"""Replies → clusters of coordinated accounts (``threadscope bots``).

``read_replies(text)`` reads a dump of replies (CSV, X web copy, X API v2, Bluesky, Mastodon);
``detect(replies)`` returns a ``BotReport``: clusters with verdict, score and reasons, and a
summary per account. Modules, in pipeline order: ``read`` → ``links`` (assess each distinct
link) → ``normalise`` + ``minhash`` (near-identical text via LSH) → ``cluster`` (join by text,
link and account) → ``signals`` + ``score`` (reasons and verdict) → ``detect``.
"""

from __future__ import annotations

from threadscope.bots.detect import detect
from threadscope.bots.minhash import JACCARD_THRESHOLD
from threadscope.bots.read import read_replies
from threadscope.bots.score import COORDINATED_THRESHOLD

__all__ = ["COORDINATED_THRESHOLD", "JACCARD_THRESHOLD", "detect", "read_replies"]
