"""``scripts/eval_bots.py --hard``: one table row per set, from the files as a user's are read,
dev and held out alike (the held-out sets are written to a temporary folder first)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import scripts

HARD = Path(__file__).resolve().parents[2] / "fixtures" / "bots" / "hard"


def test_a_row_per_set_with_its_counts_and_the_flagged_cluster_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("reply_squad.jsonl", "reply_squad.truth.tsv", "newsroom_staff.csv",
                 "newsroom_staff.truth.tsv"):
        shutil.copy(HARD / name, tmp_path / name)
    scripts.load_script("eval_bots").hard_table(tmp_path, "dev")
    out = capsys.readouterr().out
    assert out.startswith("Hard sets, dev (")
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:4]}
    assert rows["newsroom_staff"][:6] == ["negative", "261", "0", "0", "0", "0"]
    assert rows["reply_squad"][:6] == ["positive", "324", "8", "8", "0", "0"]
    assert "  reply_squad: cluster 1, score 100, 8 accounts:" in out
    assert "    team-in-crowd 40: 8 accounts (@andreas_garten," in out
