"""From reasons to a score and a verdict.

The score is the sum of the reasons' points, clamped to 0–100, so that every verdict can be
read back as the evidence behind it. ``official`` and ``invalid`` are facts about the name, not
scores: they are kept whatever the points say.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from threadscope.models import (
    LOOKALIKE_THRESHOLD,
    SUSPICIOUS_THRESHOLD,
    Assessment,
    Reason,
    Verdict,
)


def total(reasons: Sequence[Reason]) -> int:
    return max(0, min(100, sum(reason.points for reason in reasons)))


def verdict_for(score: int) -> Verdict:
    if score >= LOOKALIKE_THRESHOLD:
        return Verdict.LOOKALIKE
    if score >= SUSPICIOUS_THRESHOLD:
        return Verdict.SUSPICIOUS
    return Verdict.BENIGN


def rescore(assessment: Assessment, extra: Sequence[Reason]) -> Assessment:
    """Add evidence (from enrichment) to an assessment and recompute score and verdict.

    A reason whose code is already present is not added twice.
    """
    known = {reason.code for reason in assessment.reasons}
    reasons = assessment.reasons + tuple(r for r in extra if r.code not in known)
    score = total(reasons)
    verdict = assessment.verdict
    if verdict not in (Verdict.OFFICIAL, Verdict.INVALID):
        verdict = verdict_for(score)
    return dataclasses.replace(assessment, reasons=reasons, score=score, verdict=verdict)
