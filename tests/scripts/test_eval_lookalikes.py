"""The evaluation script's counting, on a labelled set of our own."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from tests.support import scripts
from threadscope.assessment import assess

ROOT = Path(__file__).resolve().parents[2]


def load_script() -> ModuleType:
    return scripts.load_script("eval_lookalikes")


def test_labelled_set_reads_and_scores(tmp_path: Path) -> None:
    script = load_script()
    labelled = tmp_path / "set.tsv"
    labelled.write_text(
        "# domain\tlabel\tbrand\tsplit\tnote\n"
        "welt.ltd\tlookalike\twelt.de\tdev\tDoppelganger\n"
        "immowelt.de\tbenign\t-\tdev\tcompound\n"
        "example.org\tlookalike\twelt.de\theld\ta deliberate miss\n",
        "utf-8",
    )
    rows = script.read_labelled(labelled)
    assert [r.domain for r in rows] == ["welt.ltd", "immowelt.de", "example.org"]
    scores, misses = script.score(rows, {r.domain: assess(r.domain) for r in rows})
    assert (scores.tp, scores.fp, scores.fn, scores.tn) == (1, 0, 1, 1)
    assert scores.precision == 1.0 and scores.recall == 0.5
    assert len(misses) == 1 and misses[0].startswith("missed  example.org")


def test_shipped_labelled_set_is_well_formed() -> None:
    rows = load_script().read_labelled(ROOT / "fixtures/lookalikes/labelled.tsv")
    assert len(rows) >= 100
    assert {r.label for r in rows} == {"lookalike", "benign"}
    assert {r.split for r in rows} == {"dev", "held"}
    assert all(r.brand for r in rows if r.label == "lookalike")
