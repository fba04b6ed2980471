"""Posts → clusters of coordinated accounts and the account network (``threadscope bots``).

``detect(posts)`` takes ``threadscope.models.Post`` records (read by ``threadscope.ingest``:
``open_replies(path)`` streams a file, ``read_replies(text)`` reads text; ``detect_file(path)``
does both) and returns a
``BotReport``: clusters with verdict, score and reasons, a summary per account, and the
coordination network's edges. Modules, in pipeline order: ``links`` (assess each distinct
link) → ``normalise`` + ``minhash`` (near-identical text via LSH) → ``actions`` (what each post
does, and when) → ``network`` (co-retweet, co-reply, co-link, co-text within a time window)
→ ``cluster`` (join by text, link and network group) → ``signals`` + ``score`` (reasons and
verdict) → ``detect``.
"""

from __future__ import annotations

from threadscope.bots.detect import detect, detect_file
from threadscope.bots.minhash import JACCARD_THRESHOLD
from threadscope.bots.network import DEFAULT_MIN_REPEATS, DEFAULT_WINDOW, KINDS
from threadscope.bots.score import COORDINATED_THRESHOLD

__all__ = [
    "COORDINATED_THRESHOLD",
    "DEFAULT_MIN_REPEATS",
    "DEFAULT_WINDOW",
    "JACCARD_THRESHOLD",
    "KINDS",
    "detect",
    "detect_file",
]
