"""WHOIS answers read by python-whois in worker processes: bounded in time, workers reused,
and none left behind. Real worker processes, real answers (the recorded ones, and bait)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.enrich.helpers import HK_BAIT, children
from threadscope.enrich.whois_text import (
    SELF_KILL_GRACE,
    TOO_SLOW,
    UNAVAILABLE,
    WhoisFields,
    WhoisReader,
    read_whois,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "enrich"
SPIEGEL = (FIXTURES / "whois" / "spiegel.ltd.txt").read_text("utf-8")
def test_an_answer_is_read_as_python_whois_reads_it_and_the_worker_is_reused() -> None:
    async def run() -> tuple[list[WhoisFields], int, list[int]]:
        reader = WhoisReader()
        try:
            readings = [await reader.read("spiegel.ltd", SPIEGEL, 30) for _ in range(3)]
            return readings, reader.started, reader.pids()
        finally:
            await reader.aclose()

    before = children()
    readings, started, pids = asyncio.run(run())
    assert readings == [read_whois("spiegel.ltd", SPIEGEL)] * 3
    assert readings[0].created == "2022-08-30T17:02:09+00:00"
    assert started == 1 and len(pids) == 1  # one worker for the three answers
    assert children() == before  # closed with the reader


def test_an_answer_python_whois_would_read_for_hours_is_cut_at_the_limit() -> None:
    async def run() -> tuple[WhoisFields, WhoisFields, float, int]:
        reader = WhoisReader()
        try:
            started = time.monotonic()
            slow = await reader.read("clone.hk", HK_BAIT, 2)
            took = time.monotonic() - started
            # The worker was killed: the next answer gets a new one and is read.
            after = await reader.read("spiegel.ltd", SPIEGEL, 30)
            return slow, after, took, reader.started
        finally:
            await reader.aclose()

    before = children()
    slow, after, took, started = asyncio.run(run())
    assert slow == WhoisFields(error=TOO_SLOW)
    assert took < 20, f"a 2 s limit took {took:.0f} s"  # the worker's start, then 2 s
    assert after.created == "2022-08-30T17:02:09+00:00" and started == 2
    assert children() == before


def test_a_cancelled_reading_leaves_no_worker_running() -> None:
    """The run's deadline cancels the look-up mid-reading: the worker is killed, not left
    parsing for hours after the run has ended."""

    async def run() -> None:
        reader = WhoisReader()
        reading = asyncio.ensure_future(reader.read("clone.hk", HK_BAIT, 3600))
        while not reader.pids():
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        reading.cancel()
        await asyncio.gather(reading, return_exceptions=True)
        assert reader.pids() == []
        await reader.aclose()

    before = children()
    asyncio.run(asyncio.wait_for(run(), 60))
    assert children() == before


def test_a_worker_that_dies_mid_reading_is_an_error_not_a_hang() -> None:
    async def run() -> tuple[WhoisFields, WhoisFields]:
        reader = WhoisReader(1)
        try:
            reading = asyncio.ensure_future(reader.read("clone.hk", HK_BAIT, 3600))
            while not reader.pids():
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)
            os.kill(reader.pids()[0], signal.SIGKILL)  # out of memory, say
            died = await asyncio.wait_for(reading, 30)
            return died, await reader.read("spiegel.ltd", SPIEGEL, 30)
        finally:
            await reader.aclose()

    died, after = asyncio.run(run())
    assert died == WhoisFields(error=UNAVAILABLE)
    assert after.created == "2022-08-30T17:02:09+00:00"


def test_a_reply_of_the_wrong_shape_is_no_reading() -> None:
    assert WhoisFields.from_json({"created": 5, "registrar": None, "expires": None,
                                  "error": None}).error == UNAVAILABLE
    assert WhoisFields.from_json([1]).error == UNAVAILABLE
    assert WhoisFields.from_json({"created": "2020-01-01"}).error == UNAVAILABLE


ORPHAN = """
import asyncio, sys
from tests.enrich.helpers import HK_BAIT
from threadscope.enrich.whois_text import WhoisReader

async def main():
    reader = WhoisReader()
    reading = asyncio.ensure_future(reader.read("clone.hk", HK_BAIT, 2))
    while not reader.pids():
        await asyncio.sleep(0.05)
    print(reader.pids()[0], flush=True)
    await reading

asyncio.run(main())
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie (its new parent has not reaped it) runs no more


def test_a_worker_whose_run_was_killed_ends_itself() -> None:
    """A run killed outright (SIGKILL, out of memory) cannot kill its worker: the worker
    ends itself past its limit, not hours later."""
    root = Path(__file__).resolve().parents[2]
    run = subprocess.Popen([sys.executable, "-c", ORPHAN], cwd=root, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    try:
        assert run.stdout is not None
        worker = int(run.stdout.readline())
    finally:
        run.kill()
        run.wait()
    killed = time.monotonic()
    while _running(worker) and time.monotonic() - killed < 60:
        time.sleep(0.2)
    assert not _running(worker)
    assert time.monotonic() - killed < 2 + SELF_KILL_GRACE + 20  # a loaded machine's slack
