"""Fuzz every input reader through the CLI with mutated real fixtures, and check the contract.

Each seed is a valid fixture of one input format (plain paste, X API v2, X archive ``tweets.js``,
twarc2 flat, Bluesky, Mastodon, Threads, YouTube, Reddit, CSV). Each is mutated (truncated,
byte-flipped, invalid UTF-8, UTF-16 with and without BOM, NUL bytes, a 10 MB line, deep JSON
nesting, huge numbers, every field given the wrong type, duplicate keys, broken punycode,
IDNA-invalid and 300-character labels, ``%00`` in hosts, terminal escapes, bidi overrides,
zero-width characters, HTML and spreadsheet formulas in text) and fed to ``thread``, ``audit``,
``domains``, ``bots``, ``check`` and ``brands --brands`` in-process (click's ``CliRunner``), in
every output format. A run breaks the contract when it:

- raises, or ends with ``internal error`` (a traceback under ``THREADSCOPE_DEBUG``);
- exits with anything but 0, 1 or 2, or exits 2 with more than one line of error on stderr;
- takes more than ``--limit`` seconds of CPU (a hang; CPU, not wall time, so that a busy
  machine does not make findings);
- prints a control byte, a bidi control or a zero-width character on a terminal format
  (``table``, ``markdown``) or on stderr, or in a CSV cell;
- lets a CSV cell start with a formula sign, or the injected ``<script>`` through unescaped
  in ``--format html``;
- prints JSON (``json``, each line of ``jsonl``) that does not parse.

Deterministic for a given ``--seed``; ``--rounds`` draws more random mutations per seed. It is
kept as a script, not a test: a full run takes minutes (10 MB lines through every command).

    python scripts/fuzz_readers.py --rounds 3 --seed 1
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import resource
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from threadscope.cli import cli

csv.field_size_limit(2**31 - 1)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"

SEEDS: dict[str, Path] = {
    "plain": FIXTURES / "audit" / "cloned_news_thread.txt",
    "x-web": FIXTURES / "audit" / "x_web_clones_thread.txt",
    "x-api-v2": FIXTURES / "threads" / "x_api_v2.json",
    "x-archive": FIXTURES / "threads" / "tweets.js",
    "twarc2": FIXTURES / "threads" / "twarc2_flat.jsonl",
    "bluesky": FIXTURES / "threads" / "bluesky_thread.json",
    "mastodon": FIXTURES / "threads" / "mastodon_context.json",
    "threads": FIXTURES / "threads" / "meta_threads_conversation.json",
    "youtube": FIXTURES / "threads" / "youtube_api_comment_threads.json",
    "reddit": FIXTURES / "threads" / "reddit_comments.json",
    "csv": FIXTURES / "threads" / "numbered_posts.csv",
    "csv-replies": FIXTURES / "bots" / "replies.csv",
    "x-replies": FIXTURES / "bots" / "replies_x_api_v2.json",
    # beyond the brief's list: the other readers FORMATS.md names
    "jetstream": FIXTURES / "threads" / "bluesky_jetstream.jsonl",
    "mastodon-sse": FIXTURES / "threads" / "mastodon_stream.sse",
    "telegram": FIXTURES / "threads" / "telegram_desktop_channel.json",
    "telethon": FIXTURES / "threads" / "telethon_channel.jsonl",
    "snscrape": FIXTURES / "threads" / "snscrape_twitter.jsonl",
    "twarc2-csv": FIXTURES / "threads" / "twarc2_csv.csv",
    "youtube-csv": FIXTURES / "bots" / "youtube_comments.csv",
}

# What may never reach a terminal: C0 (but the newline), DEL, C1, bidi controls and overrides,
# zero-width characters, the BOM, line/paragraph separators, tag characters.
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\u2028\u2029\ufeff\U000e0000-\U000e007f]"
)
FORMULA = re.compile(r"\s*[=+\-@\uff1d\uff0b\uff0d\uff20]")
SCRIPT = "<script>alert(1)</script>"

HOSTILE_HOSTS = [
    "https://xn--zz--.com/a",
    "http://xn--.de/x",
    "https://xn--80ak6aa92e.com/",
    "https://xn--ls8h.la/",
    "https://welt%00.ltd/a",
    "https://welt.ltd%00.evil.com/",
    "http://" + "a" * 300 + ".com/",
    "http://" + ".".join(["b" * 63] * 5) + ".com/",
    "https://-bad-.com/",
    "https://a_b.ltd/",
    "https://xn--w-eja.ltd/",
    "https://we\u200blt.ltd/",
    "https://\u202edl.tlew/",
    "https://welt.ltd\udcff/",
    "http://[::1/",
    "http://[::1]:99999/",
    "https://1e400/",
    "https://999999999999999999999.ltd/",
    "https://spiegel.ltd:-1/",
    "https://\x1b[2Jwelt.ltd/",
    "https://ｗｅｌｔ。ｌｔｄ/",
    "https://welt\u3002ltd/",
    "https://xn--" + "a" * 80 + ".de/",
    "https://" + "x." * 200 + "de/",
]
HOSTILE_TEXTS = [
    "\x1b]0;pwned\x07\x1b[2J \x9b31m",
    "\u202eevil\u202c \u2066x\u2069",
    "zero\u200bwidth\ufeff\u2060",
    SCRIPT + "<img src=x onerror=alert(2)>",
    "=HYPERLINK(\"http://evil\",\"x\")",
    "+1+1", "-2+3", "@SUM(1)", "\t=1", "＝1",
    "\x00nul\x00",
    "\ud800 lone surrogate",
    "\u2028line\u2029para\x85nel",
]
WRONG_VALUES: list[Any] = [
    None, [], {}, ["1", 2], {"a": {"b": 1}}, 12, -1, 1.5, 10**400, True, "", "x" * 5000,
    "1" * 400, float("1e308"), "\x00", "2024-13-45T99:99:99Z", [[[[[]]]]],
]


@dataclass(frozen=True)
class Case:
    seed: str
    mutation: str
    data: bytes


@dataclass(frozen=True)
class Finding:
    case: Case
    args: tuple[str, ...]
    problem: str


# --------------------------------------------------------------------------- mutations


def _json_values(text: str) -> Any:
    """The seed as Python values: one JSON document, JSON Lines, or the archive's assignment."""
    body = text
    prefix = ""
    if text.startswith("window."):
        prefix, _, body = text.partition("=")
        prefix += "="
    try:
        return prefix, "doc", json.loads(body)
    except ValueError:
        pass
    try:
        return prefix, "lines", [json.loads(line) for line in body.splitlines() if line.strip()]
    except ValueError:
        return None


def _dump(prefix: str, kind: str, value: Any) -> bytes:
    if kind == "lines":
        text = "\n".join(json.dumps(item, ensure_ascii=False) for item in value) + "\n"
    else:
        text = json.dumps(value, ensure_ascii=False)
    return (prefix + text).encode("utf-8", "surrogatepass")


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _set(root: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = new
    return root


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


def structured(seed: str, data: bytes, rng: random.Random) -> Iterator[Case]:
    parsed = _json_values(data.decode("utf-8", "replace"))
    if parsed is None:
        return
    prefix, kind, value = parsed
    paths = [path for path, _ in _paths(value) if path]
    keyed = [path for path in paths if isinstance(path[-1], str)]
    interesting = [
        path for path in keyed
        if re.search(r"id|created|date|time|text|url|name|user|author|handle|uri|body|content",
                     str(path[-1]), re.I)
    ]
    # Every interesting field, each given every wrong type in turn (a sample per round).
    for path in rng.sample(interesting, min(len(interesting), 40)):
        wrong = rng.choice(WRONG_VALUES)
        yield Case(seed, f"wrong-type {'/'.join(map(str, path))}={type(wrong).__name__}",
                   _dump(prefix, kind, _set(_copy(value), path, wrong)))
    # Every string field given hostile text or a hostile link.
    strings = [path for path, item in _paths(value) if path and isinstance(item, str)]
    for path in rng.sample(strings, min(len(strings), 20)):
        hostile = rng.choice(HOSTILE_TEXTS) + " " + rng.choice(HOSTILE_HOSTS)
        yield Case(seed, f"hostile-string {'/'.join(map(str, path))}",
                   _dump(prefix, kind, _set(_copy(value), path, hostile)))
    # All text-like strings at once: terminal and HTML and CSV payloads everywhere.
    everything = _copy(value)
    for path, item in list(_paths(everything)):
        if path and isinstance(item, str) and re.search(r"text|body|content|name|title",
                                                        str(path[-1]), re.I):
            _set(everything, path, item + " " + " ".join(HOSTILE_TEXTS) + " "
                 + rng.choice(HOSTILE_HOSTS))
    yield Case(seed, "hostile-everywhere", _dump(prefix, kind, everything))
    # The same, with the payload as JSON escapes (``\\ud800``, ``\\u001b``), as an API sends it.
    escaped = json.dumps(everything) if kind == "doc" else "\n".join(map(json.dumps, everything))
    yield Case(seed, "hostile-everywhere-escaped", (prefix + escaped).encode())
    # Containers deleted or swapped.
    for path in rng.sample(paths, min(len(paths), 10)):
        yield Case(seed, f"null {'/'.join(map(str, path))}",
                   _dump(prefix, kind, _set(_copy(value), path, None)))
    # Deep nesting in place of a field, and at the top.
    deep = "[" * 100_000 + "]" * 100_000
    yield Case(seed, "deep-nesting-top", deep.encode())
    if interesting:
        path = rng.choice(interesting)
        text = _dump(prefix, kind, _set(_copy(value), path, "@@DEEP@@")).decode()
        yield Case(seed, f"deep-nesting {'/'.join(map(str, path))}",
                   text.replace('"@@DEEP@@"', '{"a":' * 5000 + "1" + "}" * 5000).encode())
        text = _dump(prefix, kind, _set(_copy(value), path, "@@NUM@@")).decode()
        yield Case(seed, f"huge-number {'/'.join(map(str, path))}",
                   text.replace('"@@NUM@@"', "9" * 5000).encode())
        yield Case(seed, f"huge-exponent {'/'.join(map(str, path))}",
                   text.replace('"@@NUM@@"', "1e99999").encode())
        yield Case(seed, f"nan {'/'.join(map(str, path))}",
                   text.replace('"@@NUM@@"', "NaN").encode())
    # Duplicate keys: the same object with each key given twice, the second a wrong type.
    text = _dump(prefix, kind, value).decode()
    yield Case(seed, "duplicate-keys", re.sub(
        r'"(id|text|created_at|author_id|uri|content)": ', r'"\1": [], "\1": ', text,
    ).encode())


def byte_level(seed: str, data: bytes, rng: random.Random) -> Iterator[Case]:
    yield Case(seed, "truncated-half", data[: len(data) // 2])
    yield Case(seed, "truncated-random", data[: rng.randrange(1, max(2, len(data)))])
    flipped = bytearray(data)
    for _ in range(max(1, len(data) // 200)):
        position = rng.randrange(len(flipped))
        flipped[position] ^= 1 << rng.randrange(8)
    yield Case(seed, "byte-flips", bytes(flipped))
    mangled = bytearray(data)
    for _ in range(20):
        mangled.insert(rng.randrange(len(mangled)), rng.choice([0xFF, 0xC3, 0xED, 0x80, 0xF8]))
    yield Case(seed, "invalid-utf8", bytes(mangled))
    text = data.decode("utf-8", "replace")
    yield Case(seed, "utf16-bom", text.encode("utf-16"))
    yield Case(seed, "utf16le-no-bom", text.encode("utf-16-le"))
    yield Case(seed, "utf16be-no-bom", text.encode("utf-16-be"))
    yield Case(seed, "utf32", text.encode("utf-32"))
    yield Case(seed, "utf8-bom", b"\xef\xbb\xbf" + data)
    nul = bytearray(data)
    for _ in range(10):
        nul.insert(rng.randrange(len(nul)), 0)
    yield Case(seed, "nul-bytes", bytes(nul))
    yield Case(seed, "crlf-cr", data.replace(b"\n", b"\r"))
    yield Case(seed, "10mb-line-appended", data + b"\n" + b"https://a.b/c " * (10 * 2**20 // 14))
    if seed == "plain":  # the same bytes whatever the seed: tried once
        yield Case(seed, "10mb-one-line", (b"x" * (10 * 2**20)))
        yield Case(seed, "10mb-one-host", b"https://" + b"a" * (10 * 2**20) + b".com/\n")
        yield Case(seed, "10mb-dots", b"." * (10 * 2**20))
    hostile_lines = "\n".join(HOSTILE_HOSTS + HOSTILE_TEXTS).encode("utf-8", "surrogatepass")
    yield Case(seed, "hostile-lines-appended", data + b"\n" + hostile_lines)


def cases(rounds: int, seed: int, only: set[str] | None) -> Iterator[Case]:
    for round_ in range(rounds):
        for name, path in SEEDS.items():
            if only and name not in only:
                continue
            rng = random.Random(f"{seed}/{round_}/{name}")
            data = path.read_bytes()
            if round_ == 0:
                yield from byte_level(name, data, rng)
            yield from structured(name, data, rng)


# --------------------------------------------------------------------------- running

FORMATS = ["table", "json", "jsonl", "csv", "markdown", "html", "stix", "misp"]
COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "thread": lambda path: ["thread", path],
    "audit": lambda path: ["audit", path, "--offline"],
    "domains": lambda path: ["domains", path, "--offline"],
    "bots": lambda path: ["bots", path, "--offline"],
    "check": lambda path: ["check", "--offline", "-"],
    "brands": lambda path: ["brands", "--brands", path],
}
THREAD_FORMATS = {"table", "json", "jsonl", "csv", "markdown", "html"}
BRANDS_FORMATS = {"table", "json", "jsonl", "csv"}


class Hang(BaseException):
    """Raised by the CPU timer: a BaseException, so that no ``except Exception`` in the code
    under test (which turns errors into one-line messages) can take it for an error."""


_fired: list[bool] = []
"""Set by ``_alarm``: a Hang raised inside a gc callback (hypothesis registers one) is
reported as unraisable and swallowed, so the run goes on; the flag still tells it hung."""


def _alarm(signum: int, frame: Any) -> None:
    _fired.append(True)
    raise Hang


def _formats(command: str, rng: random.Random, big: bool) -> list[str]:
    allowed = THREAD_FORMATS if command == "thread" else (
        BRANDS_FORMATS if command == "brands" else set(FORMATS))
    if big:
        return ["table"]
    chosen = {"table", rng.choice(sorted(allowed)), rng.choice(sorted(allowed))}
    return sorted(chosen & allowed)


def check_output(fmt: str, stdout: str) -> str | None:
    if fmt in ("table", "markdown"):
        found = FORBIDDEN.search(stdout)
        if found:
            start = max(0, found.start() - 40)
            return f"raw {found.group()!r} in {fmt} output: {stdout[start:found.end() + 20]!r}"
    if fmt == "csv":
        for row in csv.reader(io.StringIO(stdout)):
            for value in row:
                if FORMULA.match(value):
                    return f"formula cell {value[:60]!r}"
                found = FORBIDDEN.search(value.replace("\r", "").replace("\n", ""))
                if found:
                    return f"raw {found.group()!r} in csv cell {value[:60]!r}"
    if fmt == "html" and "<script>alert(1)" in stdout:
        return "unescaped <script> in html"
    if fmt == "html" and "<img src=x onerror=alert" in stdout:
        return "unescaped <img onerror> in html"
    if fmt in ("json", "stix", "misp") and stdout.strip():
        try:
            json.loads(stdout)
        except ValueError as error:
            return f"{fmt} does not parse as JSON: {error}"
    if fmt == "jsonl":
        for line in stdout.splitlines():
            try:
                json.loads(line)
            except ValueError as error:
                return f"jsonl line does not parse: {error}: {line[:80]!r}"
    return None


def run_one(args: list[str], stdin: bytes | None, limit: float) -> tuple[str | None, float]:
    runner = CliRunner()
    started = time.process_time()
    _fired.clear()
    previous = signal.signal(signal.SIGPROF, _alarm)
    # Fires again every tenth of the limit: a Hang swallowed once is raised again elsewhere.
    signal.setitimer(signal.ITIMER_PROF, limit, limit / 10)
    try:
        result = runner.invoke(cli, args, input=stdin, catch_exceptions=True)
    except Hang:
        return f"hang: over {limit:.0f} s of CPU", time.process_time() - started
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    elapsed = time.process_time() - started
    if isinstance(result.exception, Hang) or _fired:
        return f"hang: over {limit:.0f} s of CPU", elapsed
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error = result.exception
        tb = error.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
        where = where.replace(str(ROOT) + "/", "")
        return f"exception {type(error).__name__}: {str(error)[:150]} at {where}", elapsed
    if result.exit_code not in (0, 1, 2):
        return f"exit {result.exit_code}", elapsed
    stderr = result.stderr
    if "Traceback" in stderr or "internal error" in stderr:
        return f"stderr: {stderr.strip()[-300:]}", elapsed
    found = FORBIDDEN.search(stderr)
    if found:
        return f"raw {found.group()!r} on stderr: {stderr[:200]!r}", elapsed
    if result.exit_code == 2:
        lines = [line for line in stderr.splitlines() if "invalid UTF-8" not in line
                 and "warning" not in line.lower()]
        if len(lines) != 1:
            return f"exit 2 with {len(lines)} error lines: {stderr[:300]!r}", elapsed
        return None, elapsed
    fmt = args[args.index("--format") + 1] if "--format" in args else "table"
    return check_output(fmt, result.stdout), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=60.0,
                        help="CPU seconds before a run counts as hung")
    parser.add_argument("--only", nargs="*", help="seed names (default: all)")
    parser.add_argument("--commands", nargs="*", default=sorted(COMMANDS))
    parser.add_argument("--work", default="/tmp/fuzz_readers")
    options = parser.parse_args()
    os.environ.pop("THREADSCOPE_DEBUG", None)
    work = Path(options.work)
    work.mkdir(parents=True, exist_ok=True)
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    runs = 0
    slowest = (0.0, "")
    started = time.perf_counter()
    for number, case in enumerate(cases(options.rounds, options.seed, set(options.only or []))):
        path = work / f"case-{number}.bin"
        path.write_bytes(case.data)
        rng = random.Random(f"{options.seed}/{number}")
        big = len(case.data) > 2**20
        for command in options.commands:
            for fmt in _formats(command, rng, big):
                args = [*COMMANDS[command](str(path)), "--format", fmt]
                stdin = case.data if command == "check" else None
                problem, elapsed = run_one(args, stdin, options.limit)
                runs += 1
                if elapsed > slowest[0]:
                    slowest = (elapsed, f"{case.seed}/{case.mutation} {' '.join(args[:1])} {fmt}")
                if problem is None:
                    continue
                key = (command, re.sub(r"\d+", "N", problem)[:120])
                finding = Finding(case, tuple(args), problem)
                findings.append(finding)
                if key in seen:
                    continue
                seen.add(key)
                kept = work / f"finding-{len(seen)}.bin"
                kept.write_bytes(case.data)
                shown = " ".join(args).replace(str(path), str(kept))
                print(f"FINDING {case.seed}/{case.mutation} :: {shown}\n    {problem}", flush=True)
        path.unlink()
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{runs} runs in {took:.0f} s; {len(findings)} failing runs, {len(seen)} distinct; "
          f"slowest {slowest[0]:.1f} s CPU ({slowest[1]}); peak RSS {peak:.0f} MiB")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
