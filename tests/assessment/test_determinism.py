"""The same name gets the same verdict in every run, whatever Python's hash seed.

Ties between equally strong matches (express.top is one edit from several outlets) go to the
first match found; that order must not come from set iteration.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

NAMES = ["express.top", "axis.com", "welt.ltd", "spiegeli.life", "bildd.lol", "20minuts.com"]
SCRIPT = (
    "import json, sys\n"
    "from threadscope.assessment import assess\n"
    "from threadscope.report.shapes import assessment_data\n"
    "print(json.dumps([assessment_data(assess(n)) for n in sys.argv[1:]]))\n"
)


def _run(seed: str) -> object:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *NAMES],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def test_verdicts_do_not_depend_on_the_hash_seed() -> None:
    first = _run("0")
    assert first == _run("7") == _run("4242")
