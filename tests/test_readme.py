"""The README as a newcomer meets it: its commands and its library examples work as written.

The Python examples run in a fresh interpreter started in a folder that holds a directory
named ``threadscope`` without ``__init__.py``, as the clone's parent folder does: that folder
once shadowed the installed package. The online example follows its links through the
loopback web (a forward proxy playing made-up hosts), never the internet.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.fixtures import fake_web  # noqa: F401
from tests.support.server import LoopbackServer

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
FIXTURE = ROOT / "fixtures" / "audit" / "cloned_news_thread.txt"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, re.MULTILINE | re.DOTALL)


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def test_quick_start_installs_into_a_virtual_environment_first() -> None:
    install, tests = re.findall(r"^```sh\n(.*?)\n```", _section("Quick start"), re.M | re.S)
    for command in (install, tests):
        steps = [step.strip() for step in command.split("&&")]
        assert steps[0] == "python3 -m venv .venv" and steps[1] == ". .venv/bin/activate"
        assert steps[2].startswith("python -m pip install")  # the venv's pip, not the system's
    assert install.endswith("threadscope audit fixtures/audit/cloned_news_thread.txt --offline")
    assert tests.endswith("python -m pytest")
    assert "exit status is\n**1 because look-alikes were found**" in _section("Quick start")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    tests = re.findall(r"^```sh\n(.*?)\n```", _section("Quick start"), re.M | re.S)[1]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert tests in ci.splitlines()


def test_the_quick_start_audit_exits_1_for_look_alikes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "threadscope", "audit", str(FIXTURE), "--offline"],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1, done.stderr
    assert "2 look-alike links imitating bild.de, spiegel.de" in done.stdout


def _run_example(code: str, folder: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True,
        timeout=180, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture()
def parent_folder(tmp_path: Path) -> Path:
    """Where a newcomer stands after ``git clone``: beside a folder named threadscope."""
    (tmp_path / "threadscope" / "fixtures").mkdir(parents=True)
    (tmp_path / "dump.txt").write_text(FIXTURE.read_text("utf-8"), "utf-8")
    return tmp_path


def test_the_library_example_runs_from_the_clones_parent_folder(
    parent_folder: Path,
) -> None:
    first = _blocks("python")[0]
    env = {**os.environ, "XDG_CACHE_HOME": str(parent_folder / "cache")}
    out = _run_example(first, parent_folder, env).splitlines()
    assert out[0].split()[:3] == ["1", "None", "6"]  # thread 1, no author in the paste, 6 posts
    assert out[1].startswith("lookalike welt.de [")
    assert out[2].startswith("{'input': 'hxxps://welt[.]ltd/politik'")


def test_the_online_bulk_example_runs_against_the_loopback_web(
    parent_folder: Path, fake_web: LoopbackServer,  # noqa: F811
) -> None:
    online = next(block for block in _blocks("python") if "NetworkOptions" in block)
    (parent_folder / "urls.txt").write_text(
        "http://t.co/x\nhttp://garbage-bytes.net/\n\nhttp://spiegel.ltd/\n", "utf-8"
    )
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(parent_folder / "cache"),
        # Every request, http and https alike, goes to the loopback web.
        "HTTP_PROXY": fake_web.url, "HTTPS_PROXY": fake_web.url, "ALL_PROXY": fake_web.url,
        "NO_PROXY": "",
    }
    out = _run_example(online, parent_folder, env)
    assert "lookalike http://t.co/x → http://welt.ltd/politik/ausland/" in out
    assert "not followed: http://garbage-bytes.net/ protocol error" in out
    written = (parent_folder / "verdicts.jsonl").read_text("utf-8").splitlines()
    assert len(written) == 3 and '"unresolved": true' in written[1]


@pytest.mark.parametrize("document", ["README.md", "docs/CONTRACT.md"])
def test_the_example_assessment_is_what_check_prints(document: str) -> None:
    import json

    from click.testing import CliRunner

    from threadscope.cli import cli

    text = (ROOT / document).read_text("utf-8")
    block = next(found for found in re.findall(r"^```json\n(.*?)^```", text,
                                                re.MULTILINE | re.DOTALL)
                 if '"input": "hxxps://welt[.]ltd/a"' in found)
    shown = json.loads(block)
    result = CliRunner().invoke(cli, ["check", "--offline", "--format", "json",
                                      "hxxps://welt[.]ltd/a"])
    real = json.loads(result.stdout)[0]
    assert list(shown) == list(real)
    for key in real:
        if key != "reasons":
            assert shown[key] == real[key], key
    assert [(r["code"], r["points"]) for r in shown["reasons"]] == [
        (r["code"], r["points"]) for r in real["reasons"]]
    for cut, whole in zip(shown["reasons"], real["reasons"], strict=True):
        assert whole["detail"].startswith(cut["detail"].removesuffix(" …")), cut
    assert sum(r["points"] for r in shown["reasons"]) == shown["score"]


def test_the_quoted_not_in_any_thread_line_is_what_audit_prints() -> None:
    """The README quotes the count an audit prints over a pasted article; it had drifted to
    a line no audit prints (``no links in it; shown: the first lines and those with links,
    24 lines left out`` for 27 lines without a link)."""
    from click.testing import CliRunner

    from threadscope.cli import cli

    found = re.search(r"`(Not in any thread: 1 piece of text, 27\s+lines[^`]*)`", README)
    assert found is not None
    quoted = " ".join(found.group(1).split())
    article = "".join(f"Zeile {n} eines eingefügten Artikels.\n" for n in range(27))
    result = CliRunner().invoke(cli, ["audit", "-", "--offline"], input=article,
                                env={"COLUMNS": "300"})
    assert quoted in " ".join(result.stdout.split())
