"""Reading a WHOIS answer with python-whois, in a worker process that is killed when it is slow.

python-whois picks a parser by the domain's TLD, and some of its regular expressions are
quadratic in the whole answer: ``.hk``'s ``[Registrant Contact Information\\w\\W]+Country:``
(twenty-five of that shape) tries every start position to the end, so 8 KB with no such key
took 110 s, 64 KB hours; ``.it``'s ``(?<=Registrant)[\\s\\S]*?Organization:`` 35 s at 64 KB.
A regex holds the GIL for as long as it runs, so a thread parsing such an answer froze the
event loop (the other links, ``--deadline``) with it: no timeout in the process can stop it.

So the answer is read in a worker process (``WhoisReader``), given the look-up's ``--timeout``;
one that cannot finish in time is killed, and the registration's ``error`` says so. Workers
are started on first use, kept for the next answer, and stopped with the run.

This file runs as that worker (``python -P whois_text.py``): it imports only the standard
library and python-whois, not threadscope, so a worker starts in a quarter of a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import json
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WHOIS_PARSE_LIMIT = 64 * 1024
WHOIS_LINE_LIMIT = 256
"""What of an answer python-whois reads: real answers are a few KB of short lines, and a
long line costs time quadratic in its length (a 16 KB line, 15 s)."""
WORKERS = 2
"""Answers read at once, one worker process each (one per core here: a normal answer takes
milliseconds, so a second worker is only started while the first is busy)."""
STARTUP_LIMIT = 30.0
"""Seconds a worker may take to start (a quarter of a second, more on a loaded machine)."""
TOO_SLOW = "whois: answer too slow to read"
"""The ``error`` of an answer python-whois could not read within the look-up's timeout."""
UNREADABLE = "whois: unreadable answer"
UNAVAILABLE = "whois: parser unavailable"
"""The ``error`` when no worker process could be started (or it died): not the answer's fault."""
MAX_REPLY = 64 * 1024
SELF_KILL_GRACE = 5.0
"""Seconds past its limit after which a worker ends itself (``_die_after``)."""


@dataclass(frozen=True)
class WhoisFields:
    """What python-whois read in an answer, as the registry wrote it (judged by the caller:
    ``registration.usable_date``), or why nothing was read."""

    created: str | None = None
    registrar: str | None = None
    expires: str | None = None
    error: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> WhoisFields:
        """A worker's reply; anything else than four strings or nulls is no reading."""
        names = [field.name for field in dataclasses.fields(cls)]
        if not isinstance(data, dict) or set(data) != set(names):
            return cls(error=UNAVAILABLE)
        if not all(value is None or isinstance(value, str) for value in data.values()):
            return cls(error=UNAVAILABLE)
        return cls(**{name: data[name] for name in names})


def bounded_whois(text: str) -> str:
    """The first ``WHOIS_PARSE_LIMIT`` characters, each line cut at ``WHOIS_LINE_LIMIT``."""
    lines = text[:WHOIS_PARSE_LIMIT].splitlines()
    return "\n".join(line[:WHOIS_LINE_LIMIT] for line in lines)


_DATE_KEYS = ("date", "expir", "updated", "changed", "modified", "paid-till")
_AGE_KEYS = ("creat", "registered", "registration date", "registration time")


def _without_other_dates(text: str) -> str:
    """The WHOIS answer without its lines that carry a date other than the creation date
    (expiry, update, the database's own), told by their key."""
    kept = []
    for line in text.splitlines():
        key = line.partition(":")[0].lower()
        if any(word in key for word in _DATE_KEYS) and not any(w in key for w in _AGE_KEYS):
            continue
        kept.append(line)
    return "\n".join(kept)


def _as_date(value: Any) -> str | None:
    if isinstance(value, list):
        value = min((v for v in value if isinstance(v, dt.datetime)), default=None)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return None


def read_whois(domain: str, text: str) -> WhoisFields:
    """python-whois's parser over an answer, in this process (no time limit: ``WhoisReader``
    is the bounded way); junk gives an error, never an exception."""
    import whois.parser

    text = bounded_whois(text)
    try:
        entry = whois.parser.WhoisEntry.load(domain, text)
    except Exception as error:  # python-whois raises its own and bare exceptions for junk
        if "not found" in str(error).lower():
            return WhoisFields(error="whois: not found")
        try:
            # One unreadable date (an expiry of 9999-99-99) sinks the whole answer in
            # python-whois: read it again without the dates that say nothing about age.
            entry = whois.parser.WhoisEntry.load(domain, _without_other_dates(text))
        except Exception:
            return WhoisFields(error=UNREADABLE)
    registrar = entry.get("registrar")
    if isinstance(registrar, list):
        registrar = registrar[0] if registrar else None
    return WhoisFields(
        created=_as_date(entry.get("creation_date")),
        registrar=str(registrar)[:200] if registrar else None,
        expires=_as_date(entry.get("expiration_date")),
    )


# --------------------------------------------------------------------------- the worker side


def serve() -> None:
    """The worker: one request (a JSON line: domain, text, limit) in, one JSON line out, until
    the parent closes the pipe. "ready" once python-whois is loaded, so that its loading does
    not count against the first answer's time."""
    import whois.parser  # noqa: F401  (loaded before "ready")

    out = sys.stdout.buffer
    out.write(b"ready\n")
    out.flush()
    for line in sys.stdin.buffer:
        try:
            request = json.loads(line)
            _die_after(min(float(request["limit"]), 86_400.0) + SELF_KILL_GRACE)
            fields = read_whois(str(request["domain"]), str(request["text"]))
            _die_after(0)
        except Exception:  # a request we wrote is never junk; a reply is owed all the same
            fields = WhoisFields(error=UNREADABLE)
        out.write(json.dumps(dataclasses.asdict(fields)).encode("ascii") + b"\n")
        out.flush()


def _die_after(seconds: float) -> None:
    """End this process in ``seconds`` (0: never) whatever it is doing: SIGALRM's default
    action stops a regex the interpreter cannot interrupt. The parent kills a late worker
    itself; this is for a parent that was killed (SIGKILL, out of memory) while its worker
    read an answer for hours. (No such timer on Windows: the parent's kill alone.)"""
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, max(0.0, seconds))


# --------------------------------------------------------------------------- the parent side


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls) -> _Worker:
        """A worker that said "ready" within ``STARTUP_LIMIT``; raises ``OSError`` if none."""
        if not sys.executable:
            raise OSError("no Python interpreter to run a worker with")
        # -P: the worker's folder is not put on sys.path (threadscope/enrich's modules would
        # shadow the names they share with others); the parent's path finds python-whois.
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-P", str(Path(__file__).resolve()),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, env=environment, limit=MAX_REPLY,
        )
        worker = cls(process)
        try:
            async with asyncio.timeout(STARTUP_LIMIT):
                ready = await worker._line()
        except BaseException:
            await worker.kill()
            raise
        if ready != b"ready\n":
            await worker.kill()
            raise OSError("the worker did not start")
        return worker

    async def _line(self) -> bytes:
        assert self.process.stdout is not None
        return await self.process.stdout.readline()

    async def ask(self, domain: str, text: str, limit: float) -> WhoisFields:
        """Send one answer, wait for its reading (the caller bounds the wait to ``limit``)."""
        assert self.process.stdin is not None
        request = json.dumps({"domain": domain, "text": text, "limit": limit})
        self.process.stdin.write(request.encode("ascii") + b"\n")
        await self.process.stdin.drain()
        reply = await self._line()
        if not reply.endswith(b"\n"):
            raise OSError("the worker ended")
        return WhoisFields.from_json(json.loads(reply))

    async def kill(self) -> None:
        """End the process (whatever it is doing) and wait for it: no zombie is left."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        await self.process.wait()


class WhoisReader:
    """Worker processes that read WHOIS answers, each reading bounded in time.

    Made by the ``Enricher`` for its run (``aclose`` with it), or for one look-up. A reading
    that takes longer than its ``limit`` is the answer's fault: its worker is killed (a thread
    could not be stopped) and the reading is ``TOO_SLOW``; the next answer gets a new worker.
    """

    def __init__(self, workers: int = WORKERS) -> None:
        self.workers = workers
        self.started = 0
        """Worker processes started so far (one a run, unless answers were slow)."""
        self._slots: asyncio.Semaphore | None = None
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()

    async def read(self, domain: str, text: str, limit: float) -> WhoisFields:
        """``read_whois`` in a worker, within ``limit`` seconds from when a worker has it."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers)
        async with self._slots:
            try:
                worker = self._idle.pop() if self._idle else await self._start()
            except (OSError, ValueError, TimeoutError):
                return WhoisFields(error=UNAVAILABLE)
            self._busy.add(worker)
            try:
                fields = await self._ask(worker, domain, text, limit)
            finally:
                self._busy.discard(worker)
            if fields.error not in (TOO_SLOW, UNAVAILABLE):
                self._idle.append(worker)
            return fields

    async def _start(self) -> _Worker:
        self.started += 1
        return await _Worker.start()

    @staticmethod
    async def _ask(worker: _Worker, domain: str, text: str, limit: float) -> WhoisFields:
        """The worker's reading; a worker that is late, dies or is cancelled is killed."""
        try:
            async with asyncio.timeout(limit):
                return await worker.ask(domain, text, limit)
        except TimeoutError:
            await worker.kill()
            return WhoisFields(error=TOO_SLOW)
        except (OSError, ValueError):  # the worker died (killed, out of memory) mid-reading
            await worker.kill()
            return WhoisFields(error=UNAVAILABLE)
        except BaseException:  # cancelled (the run's deadline): its reading is left unread
            await asyncio.shield(worker.kill())
            raise

    def pids(self) -> list[int]:
        """The worker processes running now."""
        return [worker.process.pid for worker in (*self._idle, *self._busy)]

    async def aclose(self) -> None:
        """Stop the idle workers (busy ones are killed by the cancellation of their reading)."""
        idle, self._idle = self._idle, []
        for worker in idle:
            await worker.kill()


if __name__ == "__main__":
    serve()
