"""``check``, ``domains`` and ``audit`` with the network: against loopback servers only.

A link that could not be followed is ``unresolved`` (not green "benign") and is counted on
stderr; a network that answers nothing stops the run early with a hint at ``--offline``;
``--concurrency`` also speeds up a list of one host's links (``--per-host``).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.fixtures import fake_web  # noqa: F401
from tests.support.server import LoopbackServer, Reply, Request
from threadscope.cli import cli


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _hanging_web(request: Request) -> Reply:
    """A proxy behind which no site ever answers."""
    return Reply(hang=True)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_link_that_could_not_be_followed_is_unresolved_and_said(tmp_path: Path) -> None:
    with LoopbackServer(_hanging_web) as web:
        common = ("check", "http://t.co/cykVk0lJUJWelt.de", "--proxy", web.url, "--timeout",
                  "1", "--no-cache")
        status, out, err = run(*common, "--format", "json")
        [item] = json.loads(out)
        assert item["verdict"] == "benign" and item["unresolved"] is True
        assert item["error"] == "timeout" and item["card_domain"] == "welt.de"
        assert item["not_followed"] == "failed"
        assert err.strip() == (
            "threadscope: 1 of 1 links could not be followed (timeout 1); their verdicts rest "
            "on the names alone"
        )
        status, table, _ = run(*common)
    assert status == 0
    row = table.splitlines()[1]
    assert row.startswith("unresolved") and "benign" not in row
    assert "could not be followed (timeout)" in table


def test_followed_links_are_not_unresolved(fake_web: LoopbackServer) -> None:  # noqa: F811
    status, out, err = run("check", "http://t.co/x", "--proxy", fake_web.url, "--timeout", "3",
                           "--no-cache", "--format", "jsonl")
    item = json.loads(out)
    assert item["unresolved"] is False and item["error"] is None
    assert item["not_followed"] is None  # followed to where it lands
    assert item["verdict"] == "lookalike" and status == 1
    _, as_csv, _ = run("check", "http://t.co/x", "--proxy", fake_web.url, "--timeout", "3",
                       "--no-cache", "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(as_csv)))
    assert row["not_followed"] == "" and row["chain"]
    assert "could not be followed" not in err


def test_no_network_stops_early_and_says_use_offline(tmp_path: Path) -> None:
    """A proxy that is not running: every request fails before anyone answers."""
    links = tmp_path / "links.txt"
    links.write_text("".join(f"http://site{n}.com/page\n" for n in range(200)), "utf-8")
    proxy = f"http://127.0.0.1:{_closed_port()}"
    started = time.monotonic()
    status, out, err = run("domains", str(links), "--proxy", proxy, "--no-cache",
                           "--format", "jsonl", "--deadline", "120")
    assert status == 2
    assert err.startswith("threadscope: no network:") and "--offline" in err
    assert "the proxy does not answer" in err and len(err.strip().splitlines()) == 1
    assert len(out.splitlines()) < 200  # it stopped, it did not wait out the run
    assert time.monotonic() - started < 60


def test_tarpit_links_behind_a_proxy_do_not_stop_the_run(tmp_path: Path) -> None:
    """A hostile thread opening with links to hosts that take the request and never answer
    (tarpits): the proxy took every connection, so there is a network; each link is its own
    timeout and the run reports them all (not "no network", exit 2)."""
    links = tmp_path / "links.txt"
    links.write_text("".join(f"http://tarpit{n}.com/\n" for n in range(12)), "utf-8")
    with LoopbackServer(_hanging_web) as web:
        status, out, err = run("domains", str(links), "--proxy", web.url, "--timeout", "0.5",
                               "--no-cache", "--format", "jsonl")
    assert status in (0, 1), err
    assert [json.loads(line)["error"] for line in out.splitlines()] == ["timeout"] * 12
    assert "no network" not in err and "12 of 12 links could not be followed" in err


def test_a_proxy_that_is_not_running_is_said_however_few_the_links(tmp_path: Path) -> None:
    """Below the sample size the run is judged at its end: two links (or ten t.co links,
    one host) through a proxy that refuses every connection read "connection refused" each,
    as if the sites refused, and exit 0, until the run named the proxy."""
    proxy = f"http://127.0.0.1:{_closed_port()}"
    for links, said in ((["http://a-site.com/", "http://b-site.com/"], "2 requests to 2 hosts"),
                        ([f"http://t.co/x{n}" for n in range(10)], "to 1 host all failed")):
        status, out, err = run("check", *links, "--proxy", proxy, "--no-cache",
                               "--format", "jsonl")
        assert status == 2, err
        assert err.startswith("threadscope: no network:") and "--offline" in err
        assert "the proxy does not answer" in err and len(err.strip().splitlines()) == 1
        assert said in err


def test_a_few_dead_links_do_not_stop_the_run() -> None:
    """A working proxy that answers 502 for sites that are gone: per-link errors, counted
    at the end, however few."""
    def gone(request: Request) -> Reply:
        return Reply(502, [("Content-Type", "text/plain")], b"bad gateway")

    with LoopbackServer(gone) as web:
        status, out, err = run("check", "http://a-site.com/", "http://b-site.com/",
                               "--proxy", web.url, "--no-cache", "--format", "jsonl")
    assert status == 0, err
    assert "no network" not in err
    assert len(out.splitlines()) == 2


class _Gauge:
    """A loopback site that records how many requests it had in flight at most."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self._lock = threading.Lock()

    async def __call__(self, request: Request) -> Reply:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        await asyncio.sleep(0.2)
        with self._lock:
            self.now -= 1
        return Reply(200, [("Content-Type", "text/plain")], b"ok")


@pytest.mark.parametrize(("options", "expected"), [
    ((), 4),                                      # default 16 in flight: 4 to one host
    (("--concurrency", "64"), 16),                # a quarter of --concurrency
    (("--concurrency", "64", "--per-host", "32"), 32),
    (("--per-host", "2"), 2),
])
def test_concurrency_matters_for_one_host(
    tmp_path: Path, options: tuple[str, ...], expected: int
) -> None:
    gauge = _Gauge()
    with LoopbackServer(gauge) as site:
        links = tmp_path / "links.txt"
        links.write_text("".join(f"{site.url}/{n}\n" for n in range(3 * expected)), "utf-8")
        status, out, _ = run("domains", str(links), "--allow-private", "--no-cache",
                             "--format", "jsonl", *options)
    assert len(out.splitlines()) == 3 * expected
    assert gauge.most == expected


@pytest.mark.parametrize(
    "target",
    ["http://0x7f.1/", "http://2130706433/", "http://0177.0.0.1/", "http:\\\\127.0.0.1/",
     "http://127.0.0.1\\@welt.ltd/", "http://%31%32%37.0.0.1/"],
)
def test_loopback_in_any_spelling_needs_allow_private(
    fake_web: LoopbackServer, target: str  # noqa: F811
) -> None:
    """Each spelling reaches 127.0.0.1 in a browser; ``check`` refuses it as it refuses
    127.0.0.1, and reports the address a browser visits."""
    common = ("check", target, "--proxy", fake_web.url, "--timeout", "2", "--no-cache",
              "--format", "json")
    before = fake_web.count("127.0.0.1")
    _, out, _ = run(*common)
    [item] = json.loads(out)
    assert item["domain"] == "127.0.0.1" and item["url"].startswith("http://127.0.0.1/")
    assert item["error"] == "blocked: private address"
    assert fake_web.count("127.0.0.1") == before
    _, out, _ = run(*common, "--allow-private")
    [item] = json.loads(out)
    assert item["error"] != "blocked: private address"
    assert fake_web.count("127.0.0.1") > before


def _no_name_resolves(request: Request) -> Reply:
    """A proxy that can reach no site: its own error page for every name (and it opens no
    tunnel for https://: the client is told so)."""
    return Reply(502, [("Content-Type", "text/plain")], b"unknown host")


def test_links_that_could_not_be_followed_keep_their_name_reason_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the loopback proxy, to names it cannot reach: the look-alike's citable reason
    leads its row and the failure has a line of its own; the brand's own site reads
    ``official`` (its JSON verdict, as before) and the summary says which it is."""
    monkeypatch.setenv("COLUMNS", "120")  # the table's columns, not its narrow entries
    with LoopbackServer(_no_name_resolves) as web:
        common = ("check", "https://washingtonpost.pm/a", "https://www.washingtonpost.com/x",
                  "--proxy", web.url, "--timeout", "3", "--no-cache")
        status, out, err = run(*common, "--format", "json")
        lookalike, official = json.loads(out)
        status, table, _ = run(*common)
    assert lookalike["verdict"] == "lookalike" and lookalike["unresolved"] is True
    assert official["verdict"] == "official" and official["unresolved"] is True
    assert official["error"] == lookalike["error"] == "proxy error"
    assert err.strip() == (
        "threadscope: 2 of 2 links could not be followed (proxy error 2); their verdicts rest "
        "on the names alone (1 of them an official site: a brand's own domain)"
    )
    assert status == 1
    shown = " ".join(table.split())  # the reasons wrap at words in their column
    failure = "could not be followed (proxy error): judged by its name alone"
    assert (f"lookalike {lookalike['score']} hxxps://washingtonpost[.]pm/a washingtonpost.com "
            "same name as "
            f"washingtonpost.com under .pm (+2 more: --explain) {failure} official 0 "
            f"https://www.washingtonpost.com/x - official domain of The Washington Post "
            f"{failure}") in shown


def test_a_table_names_where_a_short_link_landed(fake_web: LoopbackServer,  # noqa: F811
                                                   tmp_path: Path) -> None:
    """t.co → bit.ly → welt.ltd is flagged by its landing: a table said only "same name as
    welt.de under .ltd" beside t.co, naming no site; it now says where the link landed
    (defanged), in ``check``'s rows and in ``audit``'s, as JSON's ``final_url`` does."""
    network = ("--proxy", fake_web.url, "--no-cache", "--timeout", "5")
    status, out, _ = run("check", "http://t.co/x", "http://welt.ltd/", *network)
    assert status == 1
    rows = out.split("\nlookalike")
    assert "lands on welt[.]ltd" in rows[1]
    assert "lands on" not in rows[2]  # a link that stayed on its site
    dump = tmp_path / "thread.txt"
    dump.write_text("1/1 Seht: http://t.co/x\n", encoding="utf-8")
    status, out, _ = run("audit", str(dump), *network)
    assert status == 1
    assert "hxxp://t[.]co/x (lands on welt[.]ltd) imitates welt.de" in out
    assert out.count("lands on welt[.]ltd") == 2  # under the post, and in the links table
    status, out, _ = run("check", "http://t.co/x", *network, "--explain")
    assert "lands on" not in out and "t[.]co leads to welt[.]ltd" in out  # a reason, defanged
