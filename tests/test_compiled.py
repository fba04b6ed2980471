"""The mypyc build (setup.py) answers exactly as the source does.

``pip install .`` compiles the modules pyproject.toml lists under ``[tool.threadscope]
compiled``; the tests otherwise run the source (an editable install compiles nothing). Here a
compiled install, named by ``THREADSCOPE_COMPILED_PYTHON`` (its interpreter), and this source
run the same commands over some 20,000 names and a thread dump, and must print the same bytes
and exit alike. Skipped without that install, except in CI (``CI`` set), where ``.ci/run``
builds it and a missing one fails.
"""

from __future__ import annotations

import os
import random
import string
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from threadscope.assessment import load_registry
from threadscope.names import split_host

ROOT = Path(__file__).resolve().parent.parent
COMPILED_PYTHON = os.environ.get("THREADSCOPE_COMPILED_PYTHON", "")

pytestmark = pytest.mark.skipif(
    not COMPILED_PYTHON and not os.environ.get("CI"),
    reason="no compiled build: python3 -m venv /tmp/ts-compiled && /tmp/ts-compiled/bin/pip "
    "install . && THREADSCOPE_COMPILED_PYTHON=/tmp/ts-compiled/bin/python",
)

SUFFIXES = ("com", "net", "de", "ltd", "info", "top", "co.uk", "fr", "eu.com", "xyz", "pm", "in")
WORDS = ("news", "live", "login", "the", "24", "online", "daily", "magazin", "secure")
HOSTILE = [
    "xn--", "xn--a-", "xn--zzzzzzzz.com", "xn--80ak6aa92e.com", "wеlt.de", "𝐰𝐞𝐥𝐭.𝐥𝐭𝐝",
    "ｗｅｌｔ．ｌｔｄ", "welt\u200b.ltd", "we\u00adlt.ltd", "spiegel.ltd:99999", "welt%00.ltd",
    "https://l.facebook.com/l.php?u=https%3A%2F%2Fwelt.ltd%2Fa", "hxxps://bild[.]eu[.]com/x",
    "http://[::1]/", "http://127.0.0.1/", "a" * 300 + ".com", "-bad-.com", "..", "\x1b[31m.com",
    "bbc.co.uk.ltd", "watson.ch.ltd", "spiegel.de.com", "washingtonpost.pm", "1.2.3.4",
]  # fmt: skip


def corpus(count: int = 20_000) -> list[str]:
    """Every technique's look-alikes of the built-in brands, unrelated names and hostile ones."""
    rng = random.Random(20261202)
    brands = load_registry().brands
    names = [n for b in brands if b.tier == 1 and (n := split_host(b.domains[0]).name)]
    names += [n for b in brands[:: max(1, len(brands) // 2000)] if (n := b.domains[0])]
    found = list(HOSTILE)
    while len(found) < count:
        name = rng.choice(names).split(".")[0]
        i = rng.randrange(len(name))
        letter = rng.choice(string.ascii_lowercase)
        found += [
            f"{name}.{rng.choice(SUFFIXES)}",
            f"{name[:i]}{name[i + 1 :]}.{rng.choice(SUFFIXES)}",
            f"{name[:i]}{letter}{name[i:]}.com",
            f"{name}-{rng.choice(WORDS)}.{rng.choice(SUFFIXES)}",
            f"{rng.choice(WORDS)}{name}.com",
            f"https://{name}.com.{rng.choice(SUFFIXES)}/{letter}",
            "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 14))) + ".com",
        ]
    return found


def run(python: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """``args`` run by ``python``; the compiled install without PYTHONPATH, which could put a
    source checkout before it."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    if python != sys.executable:
        env.pop("PYTHONPATH", None)
    return subprocess.run(
        [python, "-m", "threadscope", *args], cwd=cwd, capture_output=True, env=env, timeout=600
    )


@pytest.fixture(scope="module")
def compiled() -> str:
    if not COMPILED_PYTHON:
        pytest.fail("CI is set but THREADSCOPE_COMPILED_PYTHON is not: .ci/run builds it")
    return COMPILED_PYTHON


def test_the_compiled_build_has_every_listed_module_as_an_extension(
    compiled: str, tmp_path: Path
) -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    modules = [
        path.removesuffix(".py").replace("/", ".")
        for path in config["tool"]["threadscope"]["compiled"]
    ]
    script = (
        "import importlib, sys\n"
        "for m in sys.argv[1:]: print(importlib.import_module(m).__file__)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    shown = subprocess.run(
        [compiled, "-c", script, *modules], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    files = shown.stdout.split()
    assert len(files) == len(modules), shown.stderr
    assert all(f.endswith(".so") and str(ROOT) not in f for f in files), files


@pytest.mark.parametrize("output", ["jsonl", "json", "csv", "table"])
def test_domains_answers_alike_compiled_and_from_source(
    compiled: str, tmp_path: Path, output: str
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("\n".join(corpus()) + "\n", "utf-8")
    args = ["domains", str(names), "--offline", "--format", output]
    source, built = run(sys.executable, args, tmp_path), run(compiled, args, tmp_path)
    assert source.returncode == 1, source.stderr
    assert (built.returncode, built.stderr) == (source.returncode, source.stderr)
    assert built.stdout == source.stdout


@pytest.mark.parametrize("output", ["json", "table", "markdown"])
def test_audit_and_check_answer_alike_compiled_and_from_source(
    compiled: str, tmp_path: Path, output: str
) -> None:
    dump = ROOT / "fixtures" / "audit" / "cloned_news_thread.txt"
    for args in (
        ["audit", str(dump), "--offline", "--format", output],
        ["check", "--offline", "--format", output, *HOSTILE],
    ):
        source, built = run(sys.executable, args, tmp_path), run(compiled, args, tmp_path)
        assert source.returncode in (1, 2), source.stderr
        assert (built.returncode, built.stdout, built.stderr) == (
            source.returncode,
            source.stdout,
            source.stderr,
        )
