"""Attack every command as a real process: huge, binary and misencoded inputs, hostile numbers
and names, FIFOs, directories, devices, closed standard streams and a terminal.

``scripts/fuzz_readers.py`` mutates fixtures in-process (click's ``CliRunner``), which cannot
measure one run's memory, hand a FIFO or ``/dev/zero`` as FILE, close stdin or stdout, or be a
terminal (so the coloured table, the one written only to a terminal, is never fuzzed there).
This script runs ``python -m threadscope`` under ``/usr/bin/time -v`` for each attack, as an
attacker who writes the text and would run the servers:

- binary, NUL bytes, invalid UTF-8, UTF-16 with and without BOM, UTF-32, ``/dev/zero`` and
  ``/dev/urandom`` as FILE, an empty file, a lone BOM;
- one huge line (``--mb`` MiB, 100 by default): bare text, links, a JSON string, a CSV field;
- JSON nested a million deep, JSON with a million keys, CSV with a million columns;
- ids and timestamps as ``1e999``, ``-0``, ``NaN``, 400-digit integers, year 10000, in every
  JSON reader's fixture;
- broken punycode (``xn--``, ``xn--a-``, ``xn--zz--``), bidi controls, ANSI/OSC escapes and
  zero-width characters in handles, names, URLs, ``--column`` names, ``--brands`` lines and
  file names;
- a FIFO (with a writer) and a directory as FILE, stdin closed (``<&-``), stdout closed
  (``>&-``), stdout a pipe closed early, ``-o /dev/full``;
- the hostile-everywhere mutation of every fixture with stdout a terminal (a pty), so that
  the coloured table is read too;
- ``cache info|prune|clear --cache FILE`` on every hostile FILE.

A run breaks the contract when it exits with anything but 0, 1 or 2; exits 2 with other than
one line of error; prints a traceback or ``internal error``; prints a control byte, bidi
control or zero-width character on a terminal format or stderr (on the pty, after the SGR
colour sequences the table itself writes are removed); lets ``<script>`` through unescaped in
HTML; prints JSON that does not parse; takes longer than ``--timeout`` seconds (wall); or
peaks above ``--rss-base`` MiB plus ``--rss-ratio`` times its input in resident memory.

    python scripts/fuzz_processes.py --mb 100            # everything (about an hour here)
    python scripts/fuzz_processes.py --mb 5 --only numbers fifo tty
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import re
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fuzz_readers  # noqa: E402  (a sibling script: its hostile lists and output oracle)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
MIB = 1024 * 1024
SGR = re.compile(r"\x1b\[[0-9;]*m")
"""The colour sequences rich writes on a terminal: the table's own, removed before the check
for raw control bytes. (An attacker's own ``\\x1b[31m`` would pass as one: the hostile texts
carry ``\\x1b[2J`` and OSC sequences, which do not.)"""

JSON_SEEDS = {name: path for name, path in fuzz_readers.SEEDS.items()
              if path.suffix in (".json", ".jsonl", ".js")}
NUMBERS = ["1e999", "-1e999", "-0", "-0.0", "1e-999", "9" * 400, "-" + "9" * 400,
           "1.7976931348623157e308", "253402300800", "253402300800000", "NaN", "-Infinity",
           "0", "-1", '"1e999"', '"-0"', '"' + "9" * 400 + '"', '"NaN"', '"253402300800"']
"""Placed as every id, date and time field of a JSON fixture at once (quoted ones as strings,
as ids and Unix times come quoted in many exports)."""
NUMBER_KEY = re.compile(r'"(\w*(?:id|Id|ID|created\w*|date\w*|time\w*|Time\w*|indexedAt|'
                        r'timestamp\w*|published\w*|updated\w*|edited\w*))": '
                        r'(?:"[^"\\]*"|-?\d[\d.eE+-]*)')
BROKEN_HOSTS = [
    "xn--", "xn--.de", "xn--a-", "xn--a-.com", "xn--zz--", "xn--zz--.com", "xn--zz.xn--zz",
    "xn--ab--c.ltd", "xn---.de", "xn--" + "9" * 60 + ".de", "xn--mnchen-3ya-.de",
    "https://xn--a-/x", "http://xn--/", "xn--\u202eed.tlew", "xn--\x1b[2J.de",
    "\x1b]8;;https://evil/\x07welt.de\x1b]8;;\x07", "we\u200blt.de", "\u202ewelt.de",
    "https://welt.de\x1b[2J/", "https://user\x1b[31m@welt.ltd/", "xn--80ak6aa92e.com",
    "xn--80ak6aa92e.xn--p1ai", "xn--e1afmkfd.xn--80akhbyknj4f", "\udcff.de",
]
HOSTILE_NAME = "\x1b]0;pwned\x07\x1b[2J\u202eevil\u200b\x9b31m<script>alert(1)</script>"


@dataclass
class Attack:
    """One input and the commands it is fed to."""

    name: str
    make: Callable[[Path], Path]
    """Writes the input under the work folder (or names a device) and returns its path."""
    commands: tuple[str, ...] = ("thread", "audit", "bots", "domains", "check", "brands",
                                 "cache")
    formats: tuple[str, ...] = ("table",)
    stdin: str = "file"
    """``file``: FILE is the path; ``closed``: run with stdin closed and FILE ``-``;
    ``write-only``: stdin open on a file for appending only (``0>>FILE``), FILE ``-``."""
    stdout: str = "file"
    """``file``, ``closed``, ``pipe-early`` (a reader that stops after 100 bytes),
    ``full`` (``-o /dev/full``) or ``tty`` (a pty)."""
    extra: tuple[str, ...] = ()
    writer: bool = False
    """Feed the input through a FIFO, written by a thread while the command reads it."""
    size: int = field(default=0)


@dataclass(frozen=True)
class Finding:
    attack: str
    command: str
    problem: str


# --------------------------------------------------------------------------- inputs


def _written(name: str, data: bytes | Callable[[Path], None]) -> Callable[[Path], Path]:
    def make(work: Path) -> Path:
        path = work / name
        if not path.exists():
            if callable(data):
                data(path)
            else:
                path.write_bytes(data)
        return path
    return make


def _stream(path: Path, parts: Iterator[bytes]) -> None:
    with path.open("wb") as handle:
        for part in parts:
            handle.write(part)


def _repeat(unit: bytes, total: int) -> Iterator[bytes]:
    block = unit * max(1, MIB // len(unit))
    written = 0
    while written < total:
        yield block
        written += len(block)


def _huge(mb: int) -> list[Attack]:
    size = mb * MIB
    x_text = b'{"data":[{"id":"1","author_id":"2","text":"'
    every = ("thread", "audit", "bots", "domains", "check", "brands")
    return [
        Attack("huge-line-text", _written("huge-line-text.txt", lambda p: _stream(
            p, _repeat(b"x", size))), every),
        Attack("huge-line-links", _written("huge-line-links.txt", lambda p: _stream(
            p, _repeat(b"https://a.b/c ", size))), every),
        Attack("huge-line-hosts", _written("huge-line-host.txt", lambda p: _stream(
            p, iter([b"https://", *_repeat(b"a", size), b".com/\n"]))), every),
        Attack("huge-json-string", _written("huge-json-string.json", lambda p: _stream(
            p, iter([x_text, *_repeat(b"welt.ltd ", size), b'"}]}\n']))), every),
        Attack("huge-csv-field", _written("huge-csv-field.csv", lambda p: _stream(
            p, iter([b"id,author,text\n1,a,\"", *_repeat(b"welt.ltd/x ", size), b'"\n']))),
               every),
    ]


def _structural() -> list[Attack]:
    rng = random.Random(7)
    million_keys = b"{" + b",".join(b'"k%d":%d' % (i, i) for i in range(10**6)) + b"}"
    tweet_keys = (b'{"data":[{"id":"1","author_id":"2","text":"https://welt.ltd/a",'
                  + b",".join(b'"k%d":"https://x%d.ltd/"' % (i, i) for i in range(10**6))
                  + b"}]}")
    columns = b",".join(b"c%d" % i for i in range(10**6))
    csv_columns = columns + b"\n" + b",".join(b"https://x%d.ltd/" % i for i in range(10**6))
    csv_named = (b"text,author," + columns + b"\nhttps://welt.ltd/a,bot,"
                 + b",".join(b"v" for _ in range(10**6)) + b"\n")
    return [
        Attack("binary-random", _written("random.bin", rng.randbytes(4 * MIB))),
        Attack("binary-no-nul", _written("random-nonul.bin", bytes(
            b or 1 for b in rng.randbytes(4 * MIB)))),
        Attack("dev-zero", lambda work: Path("/dev/zero"),
               ("thread", "bots", "domains", "brands", "check")),
        Attack("dev-urandom", lambda work: Path("/dev/urandom"),
               ("thread", "bots", "domains", "brands", "check")),
        Attack("empty", _written("empty.txt", b"")),
        Attack("lone-bom", _written("bom.txt", b"\xef\xbb\xbf")),
        Attack("lone-utf16-bom", _written("bom16.txt", b"\xff\xfe")),
        Attack("directory", lambda work: work),
        Attack("deep-array", _written("deep-array.json", b"[" * 10**6 + b"]" * 10**6)),
        Attack("deep-object", _written("deep-object.json",
                                       b'{"a":' * 10**6 + b"1" + b"}" * 10**6)),
        Attack("deep-unclosed", _written("deep-unclosed.json", b"[{" * 10**6)),
        Attack("deep-lines", _written("deep-lines.jsonl",
                                      (b"[" * 10**5 + b"]" * 10**5 + b"\n") * 20)),
        Attack("million-keys", _written("million-keys.json", million_keys)),
        Attack("million-keys-tweet", _written("million-keys-tweet.json", tweet_keys)),
        Attack("million-columns", _written("million-columns.csv", csv_columns)),
        Attack("million-columns-named", _written("million-columns-named.csv", csv_named)),
        Attack("million-lines-of-commas", _written("commas.csv", b"a,b\n" + b",,,\n" * 10**6)),
    ]


def _encodings() -> list[Attack]:
    attacks = []
    for seed in ("plain", "x-api-v2", "csv", "bluesky", "telegram"):
        data = fuzz_readers.SEEDS[seed].read_bytes()
        text = data.decode("utf-8", "replace")
        for name, encoded in (("utf16-bom", text.encode("utf-16")),
                              ("utf16le", text.encode("utf-16-le")),
                              ("utf16be", text.encode("utf-16-be")),
                              ("utf32", text.encode("utf-32")),
                              ("nul", data.replace(b" ", b" \x00", 3)),
                              ("invalid-utf8", data.replace(b"e", b"e\xff\xc3", 50))):
            attacks.append(Attack(f"{name}/{seed}", _written(
                f"{name}-{seed}{fuzz_readers.SEEDS[seed].suffix}", encoded)))
    return attacks


def _numbers() -> list[Attack]:
    attacks = []
    for seed, path in JSON_SEEDS.items():
        text = path.read_text(encoding="utf-8")
        for number in NUMBERS:
            changed = NUMBER_KEY.sub(r'"\1": ' + number, text)
            if changed == text:
                continue
            slug = re.sub(r"\W", "_", number)[:12]
            attacks.append(Attack(
                f"numbers {number[:12]}/{seed}",
                _written(f"num-{seed}-{slug}{path.suffix}", changed.encode()),
                ("thread", "audit", "bots"), formats=("table", "json")))
    return attacks


def _names() -> list[Attack]:
    hosts = "\n".join(BROKEN_HOSTS + fuzz_readers.HOSTILE_HOSTS).encode("utf-8", "surrogatepass")
    brands = "\n".join(
        [f"Welt{HOSTILE_NAME}\twelt.de,{host}" for host in BROKEN_HOSTS[:12]]
        + BROKEN_HOSTS + [f"{HOSTILE_NAME}\t{HOSTILE_NAME}"]
    ).encode("utf-8", "surrogatepass")
    csv_hosts = b"url\n" + hosts
    every = ("table", "json", "jsonl", "csv", "markdown", "html")
    return [
        Attack("broken-hosts", _written("broken-hosts.txt", hosts),
               ("audit", "domains", "check", "brands"), formats=every),
        Attack("broken-hosts-csv", _written("broken-hosts.csv", csv_hosts),
               ("audit", "domains", "bots"), formats=every, extra=("--column", "urls=url")),
        Attack("hostile-brands", _written("hostile-brands.txt", brands),
               ("brands",), formats=("table", "json", "csv")),
        Attack("hostile-column", _written("hostile-column.csv", csv_hosts),
               ("thread", "audit", "bots", "domains"),
               extra=("--column", f"text={HOSTILE_NAME}")),
        Attack("hostile-column-key", _written("hostile-column.csv", csv_hosts),
               ("thread", "audit", "bots"), extra=("--column", f"{HOSTILE_NAME}=url")),
        Attack("hostile-file-name", lambda work: work / f"no{HOSTILE_NAME}.txt",
               ("thread", "audit", "bots", "domains", "brands", "cache")),
        Attack("hostile-window", _written("broken-hosts.csv", csv_hosts), ("bots",),
               extra=("--window", f"{HOSTILE_NAME}=5")),
    ]


def _hostile_fixtures(stdout: str) -> list[Attack]:
    attacks = []
    for seed, path in fuzz_readers.SEEDS.items():
        rng = random.Random(seed)
        for case in fuzz_readers.structured(seed, path.read_bytes(), rng):
            if case.mutation.startswith("hostile-everywhere"):
                attacks.append(Attack(
                    f"{case.mutation}/{seed}/{stdout}",
                    _written(f"hostile-{seed}-{case.mutation}{path.suffix}", case.data),
                    ("thread", "audit", "bots"), stdout=stdout,
                    formats=("table",) if stdout == "tty" else ("table", "html", "csv")))
    return attacks


def _streams() -> list[Attack]:
    plain = fuzz_readers.SEEDS["plain"]
    x_api = fuzz_readers.SEEDS["x-api-v2"]
    return [
        Attack("fifo/plain", _written("fifo-plain.txt", plain.read_bytes()), writer=True),
        Attack("fifo/x-api", _written("fifo-x-api.json", x_api.read_bytes()), writer=True),
        Attack("stdin-closed", lambda work: Path("-"),
               ("thread", "audit", "bots", "domains", "check"), stdin="closed"),
        Attack("stdin-write-only", lambda work: Path("-"),
               ("thread", "audit", "bots", "domains", "check"), stdin="write-only"),
        Attack("stdout-closed", lambda work: plain, stdout="closed"),
        Attack("stdout-pipe-early", _written("many-links.txt", b"".join(
            b"https://welt%d.ltd/a\n" % i for i in range(20000))), stdout="pipe-early",
               formats=("table", "jsonl")),
        Attack("stdout-full", lambda work: plain, stdout="full"),
    ]


def attacks(mb: int) -> list[Attack]:
    return [*_structural(), *_encodings(), *_numbers(), *_names(), *_streams(),
            *_hostile_fixtures("tty"), *_huge(mb)]


# --------------------------------------------------------------------------- running


def argv(command: str, path: str, fmt: str, extra: tuple[str, ...]) -> tuple[list[str], bool]:
    """The command line, and whether the input goes to standard input."""
    fmt_args = ["--format", fmt]
    if command == "check":
        return ["check", "--offline", "-", *fmt_args], True
    if command == "brands":
        if fmt not in fuzz_readers.BRANDS_FORMATS:
            fmt_args = []
        return ["brands", "--brands", path, *fmt_args], False
    if command == "cache":
        return ["cache", "info", "--cache", path], False
    if command == "thread" and fmt not in fuzz_readers.THREAD_FORMATS:
        fmt_args = []
    offline = [] if command == "thread" else ["--offline"]
    return [command, path, *offline, *fmt_args, *extra], False


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    rss_mib: float
    timed_out: bool


def _rss(report: str) -> float:
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    return int(found.group(1)) / 1024 if found else 0.0


def _inner(args: list[str], stdin_path: Path | None, stdin: str, stdout: str,
           out_path: Path) -> str:
    """The shell line that runs threadscope with its streams as the attack wants them. It is
    run by ``time`` through ``bash -c 'exec …'``, so that a stream closed here is closed for
    threadscope alone (closed before ``time`` starts, the descriptor would be taken by the
    report ``time -o`` opens, and threadscope would read or write that)."""
    command = [sys.executable, "-m", "threadscope", *args]
    if stdout == "full":
        command += ["-o", "/dev/full"]
    line = "exec " + shlex.join(command)
    if stdin == "closed":
        line += " <&-"
    elif stdin == "write-only":
        line += f" 0>>{shlex.quote(str(out_path.with_suffix('.stdin')))}"
    elif stdin_path is not None:
        line += f" < {shlex.quote(str(stdin_path))}"
    else:
        line += " < /dev/null"
    if stdout == "closed":
        line += " >&-"
    elif stdout == "file":
        line += f" > {shlex.quote(str(out_path))}"
    return line


def _read_tty(master: int, deadline: float) -> bytes:
    """All a pty's other end was sent, until it closes or ``deadline`` passes."""
    chunks = []
    while time.perf_counter() < deadline:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the last writer closed the other end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return b"".join(chunks)


def run(args: list[str], *, stdin_path: Path | None, stdin: str, stdout: str,
        timeout: float, work: Path) -> Run:
    """One process under ``/usr/bin/time -v``, its streams as the attack wants them."""
    timing = work / "time.txt"
    out_path = work / "stdout.bin"
    err_path = work / "stderr.bin"
    timing.unlink(missing_ok=True)
    out_path.unlink(missing_ok=True)
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("THREADSCOPE_DEBUG", None)
    env.pop("NO_COLOR", None)
    timed = ["/usr/bin/time", "-v", "-o", str(timing), "bash", "-c",
             _inner(args, stdin_path, stdin, stdout, out_path)]
    started = time.perf_counter()
    out = b""
    with err_path.open("wb") as errors:
        if stdout == "tty":
            master, slave = pty.openpty()
            process = subprocess.Popen(timed, stdout=slave, stderr=errors, env=env,
                                       start_new_session=True)
            os.close(slave)
            out = _read_tty(master, started + timeout)
        elif stdout == "pipe-early":
            process = subprocess.Popen(timed, stdout=subprocess.PIPE, stderr=errors, env=env,
                                       start_new_session=True)
            assert process.stdout is not None
            out = process.stdout.read(100)
            process.stdout.close()
        else:
            process = subprocess.Popen(timed, stderr=errors, env=env, start_new_session=True)
        timed_out = False
        try:
            code = process.wait(timeout=max(1.0, timeout - (time.perf_counter() - started)))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            code = process.wait()
            timed_out = True
    if stdout == "file" and out_path.exists():
        with out_path.open("rb") as handle:
            out = handle.read(64 * MIB)
    report = timing.read_text(errors="replace") if timing.exists() else ""
    stderr = err_path.read_bytes()[: 4 * MIB].decode("utf-8", "replace")
    return Run(code, out.decode("utf-8", "replace"), stderr,
               time.perf_counter() - started, _rss(report), timed_out)


def judge(result: Run, fmt: str, stdout: str, size: int, options: argparse.Namespace) -> str | None:
    """What the run broke of the contract, or None."""
    if result.timed_out:
        return f"hang: over {options.timeout:.0f} s"
    limit = options.rss_base + options.rss_ratio * size / MIB
    if result.rss_mib > limit:
        return f"peak RSS {result.rss_mib:.0f} MiB over {limit:.0f} MiB"
    code = result.code
    if code not in (0, 1, 2):
        return f"exit {code}: {result.stderr.strip()[-300:]!r}"
    if "Traceback" in result.stderr or "internal error" in result.stderr:
        return f"stderr: {result.stderr.strip()[-300:]!r}"
    found = fuzz_readers.FORBIDDEN.search(result.stderr)
    if found:
        return f"raw {found.group()!r} on stderr: {result.stderr[:200]!r}"
    if code == 2:
        lines = [line for line in result.stderr.splitlines()
                 if "invalid UTF-8" not in line and "warning" not in line.lower()]
        return None if len(lines) == 1 else (
            f"exit 2 with {len(lines)} error lines: {result.stderr[:300]!r}")
    if stdout == "tty":
        text = SGR.sub("", result.stdout.replace("\r\n", "\n"))
        return fuzz_readers.check_output("table", text)
    if stdout != "file":
        return None
    return fuzz_readers.check_output(fmt, result.stdout)


def _feed(fifo: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        try:
            with fifo.open("wb") as handle:
                handle.write(data)
        except (BrokenPipeError, OSError):
            pass
    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def _input_for(attack: Attack, work: Path) -> tuple[Path, int]:
    path = attack.make(work)
    size = path.stat().st_size if path.is_file() else 0
    if attack.writer:
        fifo = work / f"fifo-{os.getpid()}"
        if fifo.exists():
            fifo.unlink()
        os.mkfifo(fifo)
        return fifo, size
    return path, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=100, help="MiB of the huge-line inputs")
    parser.add_argument("--timeout", type=float, default=600.0, help="wall seconds per run")
    parser.add_argument("--rss-base", type=float, default=400.0, help="MiB any run may use")
    parser.add_argument("--rss-ratio", type=float, default=20.0,
                        help="MiB of peak RSS allowed per MiB of input, above --rss-base")
    parser.add_argument("--only", nargs="*", help="attacks whose name contains one of these")
    parser.add_argument("--commands", nargs="*", help="only these commands")
    parser.add_argument("--work", default="/tmp/fuzz_processes")
    options = parser.parse_args()
    work = Path(options.work)
    work.mkdir(parents=True, exist_ok=True)
    findings: list[Finding] = []
    runs = 0
    heaviest = (0.0, "")
    started = time.perf_counter()
    for attack in attacks(options.mb):
        if options.only and not any(word in attack.name for word in options.only):
            continue
        for command in attack.commands:
            if options.commands and command not in options.commands:
                continue
            for fmt in attack.formats:
                path, size = _input_for(attack, work)
                args, via_stdin = argv(command, str(path), fmt, attack.extra)
                if command == "domains" and path.suffix == ".csv" and "--column" not in args:
                    args += ["--column", "text" if "field" in attack.name else "c0"]
                feeder = _feed(path, attack.make(work).read_bytes()) if attack.writer else None
                if feeder is not None and via_stdin:
                    path_in: Path | None = path
                else:
                    path_in = path if via_stdin and attack.stdin == "file" else None
                result = run(args, stdin_path=path_in, stdin=attack.stdin,
                             stdout=attack.stdout, timeout=options.timeout, work=work)
                if feeder is not None:
                    feeder.join(timeout=5)
                    path.unlink()
                runs += 1
                label = f"{attack.name} :: {command} {fmt}"
                if result.rss_mib > heaviest[0]:
                    heaviest = (result.rss_mib, label)
                problem = judge(result, fmt, attack.stdout, size, options)
                print(f"{'FAIL' if problem else 'ok  '} {label} exit {result.code} "
                      f"{result.seconds:.1f} s {result.rss_mib:.0f} MiB"
                      + (f"\n    {problem}" if problem else ""), flush=True)
                if problem:
                    findings.append(Finding(attack.name, command, problem))
    took = time.perf_counter() - started
    print(f"{runs} runs in {took:.0f} s; {len(findings)} failing; heaviest "
          f"{heaviest[0]:.0f} MiB ({heaviest[1]})")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
