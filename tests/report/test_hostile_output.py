"""Attacker text through the machine-readable and pasteable formats, judged by real tools:
Python's JSON parser, GitHub's Markdown renderer (cmark-gfm, through cmarkgfm) and the OASIS
STIX 2.1 validator (stix2-validator)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from stix2validator import ValidationOptions, validate_string

from threadscope.models import Assessment, Hop, Reason, Verdict
from threadscope.report.stix_format import StixFormatter, uri

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_TEXTS = [
    "1/2 look https://welt.ltd/a\ud800b \u202eevil\u202c \u0085next\u2028line \u200bzw 1/2",
    "2/2 ftp://welt.ltd/files/x _https://spiegel.ltd/a _www.bild.eu.com mailto:desk@welt.ltd "
    "press@example.org http://example.org/\u0007bell *www.example.org* @someone 2/2",
]


def _dump(tmp_path: Path) -> Path:
    """An X API v2 page (the shape researchers export) carrying the hostile texts."""
    tweets = [{"id": str(n), "author_id": "9", "text": text}
              for n, text in enumerate(HOSTILE_TEXTS, 1)]
    data = {"data": tweets, "includes": {"users": [{"id": "9", "username": "x\ud800y"}]}}
    path = tmp_path / "dump.json"
    # ensure_ascii keeps the lone surrogate as the \ud800 escape, as in a real dump.
    path.write_text(json.dumps(data), "utf-8")
    return path


def _audit(tmp_path: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "threadscope", "audit", str(_dump(tmp_path)), "--offline",
         "--format", fmt],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
    )


def _raw_unsafe(text: str) -> list[str]:
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl",
                                                                           "Zp", "Cs")]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "stix"])
def test_lone_surrogates_controls_and_bidi_are_escaped_not_fatal(tmp_path: Path,
                                                                 fmt: str) -> None:
    done = _audit(tmp_path, fmt)
    assert done.returncode == 1, done.stderr  # flagged, not an error
    assert _raw_unsafe(done.stdout) == []
    lines = done.stdout.splitlines() if fmt == "jsonl" else [done.stdout]
    parsed = [json.loads(line) for line in lines]
    assert "\\ud800" in done.stdout  # a link's input
    if fmt == "stix":  # URLs percent-encoded, as RFC 3986 wants; the bundle valid
        assert "http://example.org/%07bell" in done.stdout
        assert validate_string(done.stdout, ValidationOptions(version="2.1")).is_valid
    else:
        assert "\\u0007" in done.stdout
    if fmt == "json":  # the posts' text too
        assert "\\u202e" in done.stdout and "\\u200b" in done.stdout
        # The data read back is the data: nothing was dropped or replaced.
        assert "\u202eevil" in json.dumps(parsed, ensure_ascii=False)


def test_markdown_carries_no_link_github_would_render(tmp_path: Path) -> None:
    done = _audit(tmp_path, "markdown")
    assert done.returncode == 1, done.stderr
    html = cmarkgfm.github_flavored_markdown_to_html(done.stdout,
                                                     options=Options.CMARK_OPT_UNSAFE)
    assert re.findall(r"<a\b[^>]*>", html) == []
    # ... and still shows what was written, defanged where flagged.
    assert "fxp://welt[.]ltd/files/x" in html and "desk@" in html


def _assessment(url: str, host: str, **changes: object) -> Assessment:
    base = Assessment(
        input=url, url=url, domain=host, registrable_domain=host, verdict=Verdict.LOOKALIKE,
        score=90, imitates="welt.de", brand="Die Welt",
        reasons=(Reason("tld-swap", 60, "same name as welt.de under .ltd \u202e\ud800"),),
    )
    return Assessment(**{**base.__dict__, **changes})  # type: ignore[arg-type]


HOSTILE_ASSESSMENTS = [
    _assessment("https://wеlt.de/\u0007a b", "wеlt.de"),  # IDN (Cyrillic е), control, space
    _assessment("https://welt.ltd/a\ud800b?q=\u202e", "welt.ltd"),  # surrogate, bidi
    _assessment("https://_www.bild.eu.com/", "_www.bild.eu.com"),  # no host name for STIX
    _assessment("https://xn--ls8h.la/", "\U0001f4a9.la"),  # IDNA 2003 emoji domain
    _assessment("http://t.co/x", "t.co", card_domain="Welt.de",
                final_url="https://wеlt.ltd/\x1b[31mred",
                chain=(Hop("http://t.co/x", 301), Hop("https://wеlt.ltd/\x1b[31mred", 200))),
    _assessment("https://welt.ltd/'quote'\\back", "welt.ltd", input="x\ud800"),
    # A "%" that begins no escape, in every part: no URI holds it as written.
    _assessment("http://u%er@welt.ltd/%ZZ/a%?q=%2#%zz", "welt.ltd"),
]


def test_stix_bundles_with_hostile_values_pass_the_oasis_validator() -> None:
    bundle = "".join(StixFormatter().assessments(iter(HOSTILE_ASSESSMENTS)))
    assert _raw_unsafe(bundle) == []
    result = validate_string(bundle, ValidationOptions(version="2.1"))
    assert result.is_valid, [str(error) for error in result.errors]
    values = [obj["value"] for obj in json.loads(bundle)["objects"] if obj["type"] == "url"]
    assert "https://xn--wlt-rdd.de/%07a%20b" in values
    assert all(value.isascii() and value.isprintable() for value in values)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://wеlt.de/a", "https://xn--wlt-rdd.de/a"),
    ("https://welt.ltd/a%20b/ü?x=1#f", "https://welt.ltd/a%20b/%C3%BC?x=1#f"),
    ("https://u:p@wеlt.de:8443/", "https://u:p@xn--wlt-rdd.de:8443/"),
    ("http://[bad/\x00", "http://%5Bbad/%00"),
    ("http://welt.ltd/%ZZ/%41%?q=%2&r=%e4#%", "http://welt.ltd/%25ZZ/%41%25?q=%252&r=%e4#%25"),
    ("http://u%:p@welt.ltd/", "http://u%25:p@welt.ltd/"),
])
def test_stix_urls_are_rfc3986(url: str, expected: str) -> None:
    assert uri(url) == expected
