"""Links written so that a filter drops them, and redirect wrappers in bulk lists.

A link no browser opens (a port out of range, ``%00`` in its host, a stray ``%``) still puts
its name before the reader; ``audit`` dropped it ("No links found", exit 0) and ``check`` and
``domains`` called it ``invalid``. A redirect wrapper (``google.com/url?q=…``) in a
``domains`` list was judged by the platform's name alone. ``l.facebook.com/l.php?u=…`` was
called a shortener whose destination is unknown while it names it. Through click's runner,
offline, and through the library functions the commands are made of.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from threadscope.assessment import assess, load_registry
from threadscope.cli import cli
from threadscope.links import extract_links
from threadscope.links.posts import listed_batch, listed_targets
from threadscope.links.redirects import embedded_destination
from threadscope.models import Link
from threadscope.outcomes import Tally
from threadscope.parallel import RegistrySpec, score_lines
from threadscope.pipeline import audit
from threadscope.report import common


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


POST = "Look https://spiegel.ltd:99999/artikel and https://welt%00.ltd/x"


# --------------------------------------------------------------------------- unopenable links


def test_audit_reports_links_no_browser_opens_and_exits_1(tmp_path: Path) -> None:
    dump = tmp_path / "post.txt"
    dump.write_text(POST + "\n", "utf-8")
    status, out, err = run("audit", str(dump), "--offline", "--format", "json")
    assert status == 1
    links = json.loads(out)["links"]
    assert [(a["domain"], a["verdict"], a["imitates"]) for a in links] == [
        ("spiegel.ltd", "lookalike", "spiegel.de"), ("welt.ltd", "lookalike", "welt.de")]
    assert [(a["url"], a["final_url"], a["not_followed"]) for a in links] == [
        (url, url, "invalid") for url in ("https://spiegel.ltd:99999/artikel",
                                          "https://welt%00.ltd/x")]
    assert [a["error"] for a in links] == ["invalid port", "character not allowed in a host name"]
    assert [a["reasons"][-1]["code"] for a in links] == ["unopenable", "unopenable"]
    assert "2 of 2 links cannot be opened in a browser" in err
    status, out, _ = run("audit", str(dump), "--offline")
    assert status == 1 and "No links found" not in out
    assert "hxxps://spiegel[.]ltd:99999/artikel" in out
    assert "2 links no browser opens (judged by the host name alone" in " ".join(out.split())


def test_every_format_that_defangs_shows_a_link_no_browser_opens_defanged(
    tmp_path: Path,
) -> None:
    """MISP's comments and STIX's descriptions end ``Written as: …``, text for a reader: a
    flagged link there is defanged as in the table, Markdown and HTML, one no browser opens
    too (it showed ``https://spiegel.ltd:99999/artikel`` live); values stay live."""
    dump = tmp_path / "post.txt"
    dump.write_text(POST + " and https://welt.ltd/politik\n", "utf-8")
    written = ["https://spiegel.ltd:99999/artikel", "https://welt%00.ltd/x",
               "https://welt.ltd/politik"]
    defanged = ["hxxps://spiegel[.]ltd:99999/artikel", "hxxps://welt%00[.]ltd/x",
                "hxxps://welt[.]ltd/politik"]
    outputs = {kind: run("audit", str(dump), "--offline", "--format", kind)[1]
               for kind in ("table", "markdown", "html", "misp", "stix")}
    for kind, out in outputs.items():  # STIX: one indicator per domain, the first link's
        assert all(form in out for form in defanged[: 2 if kind == "stix" else 3]), kind
    for kind in ("table", "markdown", "html"):
        assert not any(form in outputs[kind] for form in written), kind
    event = json.loads(outputs["misp"])["Event"]
    comments = [a["comment"] for a in event["Attribute"]]
    assert all(c.endswith(tuple(f"Written as: {form}" for form in defanged)) for c in comments)
    assert {a["value"] for a in event["Attribute"] if a["type"] == "url"} == set(written)
    objects = json.loads(outputs["stix"])["objects"]
    described = [o["description"] for o in objects if o["type"] == "indicator"]
    assert described and all("Written as: hxxps://" in text for text in described)
    assert not any(form in text for form in written for text in described)
    # a link never followed lands nowhere else: no indicator of the host as written
    patterns = sorted(o["pattern"] for o in objects if o["type"] == "indicator")
    assert patterns == ["[domain-name:value = 'spiegel.ltd']",
                        "[domain-name:value = 'welt.ltd']"]


def test_check_domains_and_audit_agree_on_a_link_no_browser_opens(tmp_path: Path) -> None:
    lines = ["https://spiegel.ltd:99999/artikel", "https://welt%00.ltd/x"]
    listed = tmp_path / "list.txt"
    listed.write_text("\n".join(lines) + "\n", "utf-8")
    dump = tmp_path / "post.txt"
    dump.write_text(POST + "\n", "utf-8")
    _, checked, _ = run("check", *lines, "--offline", "--format", "jsonl")
    _, bulk, _ = run("domains", str(listed), "--offline", "--format", "jsonl", "--workers", "1")
    _, audited, _ = run("audit", str(dump), "--offline", "--format", "json")
    from_audit = json.loads(audited)["links"]
    shape = ("input", "url", "domain", "verdict", "score", "imitates", "reasons", "error",
             "not_followed")
    for kind in (checked, bulk):
        rows = [json.loads(line) for line in kind.splitlines()]
        assert [{k: r[k] for k in shape} for r in rows] == [
            {k: a[k] for k in shape} for a in from_audit]
    status, out, err = run("check", POST, "--offline")  # a sentence: its links found
    assert status == 1 and out.count("no browser opens this link") == 2
    assert "inputs are not a usable link" not in err


@pytest.mark.parametrize(
    ("written", "domain", "error"),
    [
        ("https://spiegel.ltd:" + "9" * 50_000 + "/a", "spiegel.ltd", "invalid port"),
        ("https://spiegel.ltd%", "spiegel.ltd", "character not allowed in a host name"),
        ("https://spiegel.ltd%/artikel", "spiegel.ltd", "character not allowed in a host name"),
        ("https://spiegel%ff.ltd/", "spiegel.ltd", "invalid percent-encoding in host name"),
        ("https://xn--wlt-rdd.de:99999/", "wеlt.de", "invalid port"),
        ("hxxps://spiegel[.]ltd:-1/a", "spiegel.ltd", "invalid port"),
    ],
)
def test_hostile_links_no_browser_opens(tmp_path: Path, written: str, domain: str,
                                        error: str) -> None:
    dump = tmp_path / "post.txt"
    dump.write_text(f"Seht {written} jetzt\n", "utf-8")
    for args in (("check", written), ("audit", str(dump))):
        status, out, err = run(*args, "--offline", "--format", "jsonl")
        rows = [json.loads(line) for line in out.splitlines()]
        found = [r for r in rows if "domain" in r]  # audit's jsonl: threads, then links
        assert [(r["domain"], r["verdict"], r["error"]) for r in found] == [
            (domain, "lookalike", error)]
        assert status == 1 and "Traceback" not in err


def test_a_host_no_one_name_is_stays_invalid_in_check_and_out_of_an_audit(
    tmp_path: Path,
) -> None:
    """``welt.de%2Fevil.example``: a browser's ``/`` inside the host, read as no one name."""
    written = "https://welt.de%2Fevil.example/"
    status, out, _ = run("check", written, "--offline", "--format", "jsonl")
    assert status == 0 and json.loads(out)["verdict"] == "invalid"
    assert extract_links(f"see {written}") == ()


def test_a_link_no_browser_opens_is_never_followed() -> None:
    """The enricher has nothing to request (``enrich.stream`` and ``Enricher.enrich`` pass
    on what is ``unopenable``)."""
    from threadscope.enrich.stream import _needs_network

    judged = assess("https://welt.ltd:99999/x", load_registry(None))
    assert judged.unopenable and not _needs_network(judged)


def test_the_tally_counts_links_no_browser_opens_apart() -> None:
    tally = Tally()
    registry = load_registry(None)
    for raw in ("https://welt.ltd:99999/x", "https://bit.ly:99999/x", "bit.ly/x", "welt.de"):
        tally.add(assess(raw, registry))
    assert tally.unopenable == {"invalid port": 2}
    assert tally.shortened == {"bit.ly": 1}
    assert tally.flagged
    assert any("2 of 4 links cannot be opened in a browser (invalid port 2)" in line
               for line in tally.summary(offline=True))


# --------------------------------------------------------------------------- wrappers in bulk


WRAPPER = "https://www.google.com/url?q=https://spiegel.ltd/x"


def test_domains_assesses_the_destination_a_wrapper_names(tmp_path: Path) -> None:
    listed = tmp_path / "list.txt"
    listed.write_text(f"welt.de\n{WRAPPER}\nbild.de\n", "utf-8")
    for workers in ("1", "2"):
        status, out, _ = run("domains", str(listed), "--offline", "--format", "jsonl",
                             "--workers", workers)
        rows = [json.loads(line) for line in out.splitlines()]
        assert status == 1
        assert [(r["input"], r["domain"], r["verdict"]) for r in rows] == [
            ("welt.de", "welt.de", "official"),
            (WRAPPER, "www.google.com", "official"),
            (WRAPPER, "spiegel.ltd", "lookalike"),
            ("bild.de", "bild.de", "official")]
    status, out, _ = run("domains", str(listed), "--offline")
    assert status == 1 and "written as:" in out and "hxxps://spiegel[.]ltd/x" in out


def test_domains_reads_a_wrapper_in_a_csv_column(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(f'id,url\n1,"{WRAPPER}"\n2,welt.de\n', "utf-8")
    status, out, _ = run("domains", str(export), "--column", "url", "--offline", "--format",
                         "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 1
    assert [(r["input"], r["domain"], r["verdict"]) for r in rows] == [
        (WRAPPER, "www.google.com", "official"), (WRAPPER, "spiegel.ltd", "lookalike"),
        ("welt.de", "welt.de", "official")]


def test_lines_without_a_wrapper_go_through_untouched() -> None:
    """The bulk path's chunk is passed on as the same list (no parse, no generator step a
    line), and its bytes are those of a run without the wrapper reading."""
    names = ["welt.de", "spiegel.ltd", "https://welt.ltd/a#x", "bbc.co.uk"]
    assert listed_batch(names) is names
    assert list(listed_targets(names)) == names
    registry = load_registry(None)
    with_wrapper = [*names, WRAPPER]
    parts = b"".join(s.data for s in score_lines(
        with_wrapper, RegistrySpec(), "jsonl", workers=1, registry=registry, chunk=2))
    alone = b"".join(s.data for s in score_lines(
        names, RegistrySpec(), "jsonl", workers=1, registry=registry, chunk=2))
    assert parts.startswith(alone)
    assert [json.loads(line)["domain"] for line in parts.splitlines()[len(names):]] == [
        "www.google.com", "spiegel.ltd"]


def nested(url: str, depth: int) -> str:
    for _ in range(depth):
        url = "https://www.google.com/url?q=" + quote(url, safe="")
    return url


def test_hostile_wrappers() -> None:
    """Nested 5 deep, pointing to itself, an IDN inside, a destination no browser opens."""
    five = nested("https://spiegel.ltd/x", 5)
    assert embedded_destination(five) == "https://spiegel.ltd/x"
    itself = "https://www.google.com/url?q=https://www.google.com/url"
    assert embedded_destination(itself) == "https://www.google.com/url"
    targets = list(listed_targets([
        five, itself, "https://www.google.com/url?q=https://xn--wlt-rdd.ltd/x",
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fspiegel.ltd%3A99999%2Fx",
        "https://www.google.com/url?q=" + "q" * 100_000,
    ]))
    hosts = [t.host if isinstance(t, Link) else None for t in targets]
    assert hosts == [None, "spiegel.ltd", None, "www.google.com", None, "wеlt.ltd", None,
                     "spiegel.ltd", None]
    assert isinstance(targets[-2], Link) and targets[-2].malformed == "invalid port"


def test_domains_on_hostile_wrappers_exits_1_without_traceback(tmp_path: Path) -> None:
    listed = tmp_path / "list.txt"
    listed.write_text(
        nested("https://spiegel.ltd/x", 5) + "\nhttps://www.google.com/url?q=https://"
        "www.google.com/url?q=https://www.google.com/url\nhttps://www.google.com/url?q=%\n"
        "https://www.google.com/url?q=https://xn--zz.ltd/\n", "utf-8")
    status, out, err = run("domains", str(listed), "--offline", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 1 and "Traceback" not in err
    assert [r["domain"] for r in rows if r["verdict"] == "lookalike"] == ["spiegel.ltd"]


# --------------------------------------------------------------------------- l.facebook.com


FACEBOOK = "https://l.facebook.com/l.php?u=https%3A%2F%2Fspiegel.ltd%2Fx"


def test_a_facebook_wrapper_is_no_unknown_short_link(tmp_path: Path) -> None:
    dump = tmp_path / "post.txt"
    dump.write_text(f"Look {FACEBOOK} and https://l.facebook.com/ too\n", "utf-8")
    status, out, err = run("audit", str(dump), "--offline", "--format", "markdown")
    assert status == 1
    assert "expands to #2 (a redirect: the link itself names it)" in out
    rows = [line for line in out.splitlines() if line.startswith(("| 1 |", "| 3 |"))]
    assert ["link shortener" in row for row in rows] == [False, True]  # the bare one's
    assert "1 short link not followed (offline: destination unknown)" in out
    assert "offline: 1 of 3 links go through a shortener (facebook.com 1)" in err
    report = audit(dump.read_text("utf-8"))
    wrapper, destination, bare = report.links
    assert (wrapper.verdict.value, wrapper.not_followed) == ("official", "offline")
    assert common.verdict_label(wrapper) == "official"
    assert (destination.domain, destination.verdict.value) == ("spiegel.ltd", "lookalike")
    assert (bare.not_followed, common.verdict_label(bare)) == (
        "offline-shortener", common.NOT_FOLLOWED)


def test_a_wrapper_whose_destination_no_browser_opens(tmp_path: Path) -> None:
    """The destination is judged by its name and shown as written; the wrapper's row says
    the link itself names it."""
    dump = tmp_path / "post.txt"
    dump.write_text("Look https://l.facebook.com/l.php?u=https%3A%2F%2Fspiegel.ltd%3A99999"
                    "%2Fx now\n", "utf-8")
    status, out, _ = run("audit", str(dump), "--offline", "--format", "markdown")
    assert status == 1
    assert "expands to #2 (a redirect: the link itself names it)" in out
    assert "| 2 | `hxxps://spiegel[.]ltd:99999/x` | **lookalike** |" in out


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        (FACEBOOK, "offline"),
        ("https://l.facebook.com/", "offline-shortener"),
        ("https://l.facebook.com/l.php?x=1", "offline-shortener"),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fl.facebook.com%2Fl.php",
         "offline"),  # the wrapper names a page, itself a bare wrapper: that row says so
        ("https://l.facebook.com/l.php?u=javascript:alert(1)", "offline-shortener"),
    ],
)
def test_check_says_which_facebook_links_lead_somewhere_unknown(written: str,
                                                                kind: str) -> None:
    _, out, _ = run("check", written, "--offline", "--format", "jsonl")
    assert json.loads(out.splitlines()[0])["not_followed"] == kind
