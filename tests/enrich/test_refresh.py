"""``threadscope update-rdap`` (threadscope/cli/refresh_cmd.py) and the library call under it,
``threadscope.update_rdap_bootstrap``, against a loopback server."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import threadscope
from tests.support.server import LoopbackServer, Reply
from threadscope.cli import cli
from threadscope.enrich.registration import DOWNLOAD_BUDGET
from threadscope.errors import UsageError


def test_update_rdap_writes_the_bootstrap(rdap_server: LoopbackServer, tmp_path: Path) -> None:
    target = tmp_path / "data" / "dns.json"
    result = CliRunner().invoke(
        cli, ["update-rdap", "--url", rdap_server.url + "/dns.json", "--to", str(target)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["services"][0][0] == ["ltd", "test"]


def test_update_rdap_refuses_junk(rdap_server: LoopbackServer, tmp_path: Path) -> None:
    target = tmp_path / "dns.json"
    result = CliRunner().invoke(
        cli, ["update-rdap", "--url", rdap_server.url + "/domain/nobody.ltd", "--to",
              str(target)],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert "status 404" in result.output
    assert not target.exists()


def test_a_download_that_fails_says_what_to_do_and_what_stays(tmp_path: Path) -> None:
    """With no network it said only "https://data.iana.org/rdap/dns.json: dns failure"."""
    with socket.socket() as probe:  # a port nothing listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    target = tmp_path / "dns.json"
    result = CliRunner().invoke(cli, ["update-rdap", "--url", f"http://127.0.0.1:{port}/dns.json",
                                      "--to", str(target)])
    assert result.exit_code == 2 and not target.exists()
    [line] = result.output.splitlines()
    assert line.startswith("threadscope: the list of RDAP servers was not refreshed: http://")
    assert "connection refused (check the connection or --proxy)" in line
    assert line.endswith(")") and "registration look-ups keep the one they use (" in line


def test_update_rdap_with_an_odd_no_proxy(rdap_server: LoopbackServer, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_PROXY=[::1] made every download fail with "unusable proxy URL"."""
    monkeypatch.setenv("NO_PROXY", "[::1],fe80::1%eth0")
    target = tmp_path / "dns.json"
    result = CliRunner().invoke(cli, ["update-rdap", "--url", f"{rdap_server.url}/dns.json",
                                      "--to", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file()


def test_a_script_updates_the_bootstrap_with_one_call(rdap_server: LoopbackServer,
                                                      tmp_path: Path) -> None:
    target = tmp_path / "dns.json"
    bootstrap = threadscope.update_rdap_bootstrap(target, f"{rdap_server.url}/dns.json")
    assert bootstrap.services and json.loads(target.read_text())["services"]


def test_an_unusable_proxy_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unusable proxy URL"):
        threadscope.update_rdap_bootstrap(tmp_path / "dns.json", proxy="ftp://[::1")
    assert not (tmp_path / "dns.json").exists()


def test_a_download_that_trickles_ends_within_its_budget(tmp_path: Path) -> None:
    """A byte every 0.3 s is inside every read's timeout: the download went on for as long
    as the server liked. Now it ends after ``DOWNLOAD_BUDGET`` timeouts."""

    async def trickle() -> AsyncIterator[bytes]:
        yield b'{"services": ['
        for _ in range(200):  # a minute at most, if the budget did not hold
            await asyncio.sleep(0.3)
            yield b" "

    target = tmp_path / "dns.json"
    with LoopbackServer(lambda request: Reply(200, [("Content-Type", "application/json")],
                                              trickle)) as server:
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["update-rdap", "--url", f"{server.url}/dns.json",
                                          "--to", str(target), "--timeout", "1"])
        elapsed = time.monotonic() - started
    assert result.exit_code == 2 and "timeout" in result.output, result.output
    assert DOWNLOAD_BUDGET * 1 <= elapsed < DOWNLOAD_BUDGET * 1 + 5
    assert not target.exists()
