"""A look-alike address inside a redirect wrapper is shown defanged wherever a report
defangs: the wrapper holds it percent-encoded (``l.php?u=https%3A%2F%2Fwelt.ltd%2Fa``), and
``defang`` bracketed the wrapper's host and left the encoded address live in the table,
Markdown, HTML, ``written as:`` and MISP's and STIX's ``Written as: …``. The wrappers are
written as the platforms write them (Facebook's ``&h=``, Google's ``&sa=D&usg=``, Tumblr's
``&t=``, Reddit's ``&token=``). JSON, jsonl and CSV keep every address as it is (data), and
so do MISP's and STIX's values and patterns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadscope.cli import cli

FACEBOOK = "https://l.facebook.com/l.php?u=https%3A%2F%2Fwelt.ltd%2Fa&h=AT0xYz"
TUMBLR = "https://t.umblr.com/redirect?z=https%3A%2F%2Fspiegel.ltd%2Fb&t=ZjQ2&b=t%3A1"
REDDIT = "https://out.reddit.com/t3_1abcde?url=https%3A%2F%2Fbild.ltd%2Fc&token=AQAA"
GOOGLE = "https://www.google.com/url?q=https://faz.ltd/d&sa=D&source=editors&usg=AOv"
POST = (f"1/ Lies das: [welt.de]({FACEBOOK}) und {TUMBLR}\n"
        f"2/ Auch {REDDIT} und {GOOGLE}\n")

LIVE = re.compile(r"(?i)https?(?::|%(?:25)*3a)(?:/|%(?:25)*2f){2}(?:welt|spiegel|bild|faz)\.ltd")
"""A look-alike address a reader, a terminal or an IOC search takes for a live link: plain
or percent-encoded, once or more."""
DEFANGED = ["hxxps://l[.]facebook[.]com/l.php?u=hxxps%3A%2F%2Fwelt[.]ltd%2Fa&h=AT0xYz",
            "hxxps://t[.]umblr[.]com/redirect?z=hxxps%3A%2F%2Fspiegel[.]ltd%2Fb&t=ZjQ2&b=t%3A1",
            "hxxps://out[.]reddit[.]com/t3_1abcde?url=hxxps%3A%2F%2Fbild[.]ltd%2Fc&token=AQAA",
            "hxxps://www[.]google[.]com/url?q=hxxps://faz[.]ltd/d&sa=D&source=editors&usg=AOv"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "thread.txt"
    path.write_text(POST, "utf-8")
    return path


@pytest.mark.parametrize("kind", ["table", "markdown", "html"])
def test_audit_shows_no_look_alike_address_live(dump: Path, kind: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the table's rows whole, not cut at 80 columns
    status, out = run("audit", str(dump), "--offline", "--explain", "--format", kind)
    assert status == 1
    assert LIVE.findall(out) == [], kind
    shown = out.replace("&amp;", "&") if kind == "html" else out
    if kind == "markdown":  # the post's text is Markdown-escaped; the links are code
        shown = shown.replace("\\", "")
    for form in DEFANGED:
        assert form in shown, (kind, form)


def test_check_writes_each_wrapper_defanged_under_its_destination() -> None:
    status, out = run("check", "--offline", FACEBOOK, TUMBLR, REDDIT, GOOGLE)
    assert status == 1 and LIVE.findall(out) == []
    written = [line.split("written as: ", 1)[1] for line in out.splitlines()
               if "written as: " in line]
    assert [line.rstrip("…") for line in written] == [form[: len(line.rstrip("…"))]
                                                       for form, line in zip(DEFANGED, written,
                                                                             strict=True)]


@pytest.mark.parametrize("kind", ["markdown", "html"])
def test_check_markdown_and_html_show_no_look_alike_address_live(kind: str) -> None:
    status, out = run("check", "--offline", "--format", kind, FACEBOOK, TUMBLR, REDDIT, GOOGLE)
    assert status == 1 and LIVE.findall(out) == []
    shown = out.replace("&amp;", "&")
    assert all(form in shown for form in DEFANGED)


def test_misp_comments_write_the_wrapper_defanged_and_keep_values_live(dump: Path) -> None:
    status, out = run("audit", str(dump), "--offline", "--format", "misp")
    assert status == 1
    attributes = json.loads(out)["Event"]["Attribute"]
    comments = [a["comment"] for a in attributes]
    assert all(LIVE.search(comment) is None for comment in comments)
    for form in DEFANGED:
        assert any(comment.endswith(f"Written as: {form}") for comment in comments), form
    urls = {a["value"] for a in attributes if a["type"] == "url"}
    assert {FACEBOOK, TUMBLR, REDDIT, GOOGLE, "https://welt.ltd/a"} <= urls


def test_stix_descriptions_write_the_wrapper_defanged(dump: Path) -> None:
    status, out = run("audit", str(dump), "--offline", "--format", "stix")
    assert status == 1
    objects = json.loads(out)["objects"]
    described = [o["description"] for o in objects if o["type"] == "indicator"]
    assert described and all(LIVE.search(text) is None for text in described)
    written = [text.rsplit("Written as: ", 1)[1] for text in described]
    assert sorted(written) == sorted(DEFANGED)
    patterns = " ".join(o["pattern"] for o in objects if o["type"] == "indicator")
    assert "welt.ltd" in patterns  # an indicator's pattern is the live value


def test_json_keeps_the_wrapper_as_written(dump: Path) -> None:
    status, out = run("audit", str(dump), "--offline", "--format", "json")
    assert status == 1
    urls = [link["url"] for link in json.loads(out)["links"]]
    assert FACEBOOK in urls and "https://welt.ltd/a" in urls
