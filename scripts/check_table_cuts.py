"""Whether any terminal table cuts a word of its input in two at a point that is not safe.

Every table command (``thread``, ``audit --offline``, ``bots``, ``check --offline``,
``domains --offline``, ``brands``) runs in this process through the CLI, on every fixture and
``../shared/examples``, with ``COLUMNS`` set to each width (the CLI makes it 60 to 160 columns;
100, the width it assumes when the output is a pipe, is one of them), its standard output a
pipe (no colour). The words the table may show are the words of every string of the same
command's ``--format json`` output, as ``textsafe.visible`` shows them and defanged.

A word is cut where one output line has a token that begins it and the next line a token that
goes on with it (a multi-column table puts the rest in the same column of the next line). A cut
is safe only after ``/ ? & # =`` or a defanged ``[.]`` (``report/fitting.py``'s points), next
to a CJK ideograph or kana (text without spaces that breaks between characters), or before
the punctuation that ends a word (``www.seoulbeat.example`` / ``:``). A word whole on one
line, however wide, is not cut; a word cut with ``…`` is not seen as one (the cut is marked).

Run: ``python scripts/check_table_cuts.py [--widths 40,60,...] [--only thread] [--show N]``;
exits 1 when it finds a cut, listing each (command, input, width, word, where).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT.parent / "shared" / "examples"
WIDTHS = (40, 60, 80, 100, 120, 200)
COMMANDS = ("thread", "audit", "bots", "check", "domains", "brands")
BREAK_AFTER = "/?&#="
TRAILING = ",;:.…!?\"'”’»"
"""Punctuation that closes a word and may go to the next line alone (``fitting.TRAILING``)."""


@dataclass(frozen=True)
class Cut:
    """A word of the input shown in two pieces at a point that is not safe."""

    command: str
    source: str
    width: int
    word: str
    at: int
    lines: tuple[str, str]

    def __str__(self) -> str:
        return (f"{self.command} {self.source} COLUMNS={self.width}: {self.word!r} cut after "
                f"{self.word[:self.at]!r}\n    | {self.lines[0]}\n    | {self.lines[1]}")


def inputs() -> list[Path]:
    """Every fixture and shared example, in a fixed order, relative to the repository (where
    the commands run, so that the names they print are the same for any code run)."""
    found = sorted(path for path in (ROOT / "fixtures").rglob("*") if path.is_file())
    if EXAMPLES.is_dir():
        found += sorted(path for path in EXAMPLES.iterdir() if path.is_file())
    return [Path(os.path.relpath(path, ROOT)) for path in found]


def argv(command: str, path: Path | None) -> tuple[list[str], str | None]:
    """The command line and standard input of ``command`` on ``path``."""
    if command == "brands":
        return ["brands"], None
    assert path is not None
    if command == "check":  # one target a line, from standard input
        return ["check", "--offline"], path.read_text(encoding="utf-8", errors="replace")
    offline = ["--offline"] if command in ("audit", "domains") else []
    return [command, *offline, str(path)], None


COMMAND_MODULES = ("thread_cmd", "audit_cmd", "bots_cmd", "check_cmd")
ANSI = re.compile("\x1b\\[[0-9;]*m")


def run(args: list[str], stdin: str | None, width: int, color: bool = False
        ) -> tuple[int, str]:
    """Exit status and standard output of the CLI, ``COLUMNS`` wide, in colour as on a
    terminal (``color``) or not, as into a pipe."""
    import importlib

    from threadscope.cli import cli

    modules = [importlib.import_module(f"threadscope.cli.{name}") for name in COMMAND_MODULES]
    decided = [module.use_color for module in modules]
    for module in modules:  # as the CLI decides it for a terminal, or for a pipe
        module.use_color = lambda output, on=color: on and output is None
    try:
        env = {"COLUMNS": str(width), "NO_COLOR": None, "LINES": "24"}
        result = CliRunner().invoke(cli, args, input=stdin, env=env, catch_exceptions=False)
    finally:
        for module, use_color in zip(modules, decided, strict=True):
            module.use_color = use_color
    return result.exit_code, result.stdout


def strings(value: object) -> Iterator[str]:
    """Every string in a JSON value, keys too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def reference_words(json_text: str) -> set[str]:
    """The words a table may show of this output: each string's words as ``visible`` shows
    them (with and without newlines kept), and each word defanged."""
    from threadscope.report.common import defang
    from threadscope.textsafe import visible

    values: list[object] = []
    try:
        values.append(json.loads(json_text))
    except ValueError:
        values += [json.loads(line) for line in json_text.splitlines() if line.strip()]
    words: set[str] = set()
    for text in strings(values):
        for shown in {visible(text), visible(text, keep_newlines=False)}:
            words.update(shown.split())
    hosts = {host for host in domains(values) if "." in host}
    words.update([defang(word) for word in words])
    words.update([word.replace(host, defang(host)) for host in hosts for word in list(words)
                  if host in word])  # a flagged host defanged inside other text
    return words


def domains(value: object) -> Iterator[str]:
    """The ``domain`` and ``registrable_domain`` of every assessment in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("domain", "registrable_domain") and isinstance(item, str):
                yield item
            else:
                yield from domains(item)
    elif isinstance(value, list):
        for item in value:
            yield from domains(item)


def is_cjk(char: str) -> bool:
    """An ideograph, kana, a Hangul syllable or CJK punctuation: text a line may break
    between characters of."""
    code = ord(char)
    return (0x3000 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF)


def safe_at(word: str, at: int) -> bool:
    """Whether ``word`` may be broken before its character ``at``."""
    before, after = word[:at], word[at:]
    if before.endswith(tuple(BREAK_AFTER)) or before.endswith("[.]"):
        return True
    if is_cjk(before[-1]) or is_cjk(after[0]):
        return True
    return not after.strip(TRAILING)  # only closing punctuation follows


OPENING = "([{\"'“„«"
HANG = 2
"""How much further a piece may start than the one before it (a ``↳`` link's lines)."""


class Token(NamedTuple):
    """A token of an output line, without the opening punctuation before it."""

    text: str
    raw: str
    """The token as printed (a continuation keeps its opening punctuation)."""
    column: int
    ends: bool
    """The line's last token, or two spaces follow it (columns are a space's padding apart):
    it may end a cell."""
    begins: bool
    """Only spaces or two spaces before it: it may begin a cell."""


def line_tokens(line: str) -> list[Token]:
    found = []
    for match in re.finditer(r"\S+", line):
        start, end = match.span()
        text = match.group().lstrip(OPENING) or match.group()
        ends = end == len(line.rstrip()) or line[end:end + 2] == "  "
        begins = not line[:start].strip() or line[max(0, start - 2):start] == "  "
        found.append(Token(text, match.group(), start, ends, begins))
    return found


def cuts(output: str, words: set[str]) -> Iterator[tuple[str, int, int]]:
    """(word, where it is cut, line) for each word of ``words`` shown in pieces on
    consecutive lines: a piece ends a cell of one line and the next begins a cell of the next
    line in the same column (a folded word starts its cell's line, so both pieces start at
    the cell's left edge; a ``↳`` link's further lines ``HANG`` further in). A piece of one
    character, or a word of fewer than five, is too likely a coincidence to count."""
    prefixes: dict[str, set[str]] = {}
    for word in words:
        if len(word) >= MIN_WORD:
            for at in range(MIN_PIECE, len(word)):
                prefixes.setdefault(word[:at], set()).add(word)
    lines = output.split("\n")
    tokens = [line_tokens(line) for line in lines]
    for number in range(len(lines) - 1):
        for token in tokens[number]:
            if token.ends:
                for word in prefixes.get(token.text, ()):
                    yield from _goes_on(word, len(token.text), token.column, tokens, number + 1)


MIN_WORD = 5
MIN_PIECE = 2


def _rest_ends(token: str, rest: str) -> bool:
    """Whether ``token`` is ``rest`` (followed by closing punctuation at most)."""
    return token.startswith(rest) and not token[len(rest):].strip(TRAILING)


def _goes_on(word: str, at: int, column: int, tokens: list[list[Token]], number: int
             ) -> Iterator[tuple[str, int, int]]:
    """The cuts of ``word`` from ``at`` on, when line ``number`` goes on with it."""
    rest = word[at:]
    for token in tokens[number]:
        if not token.begins or not 0 <= token.column - column <= HANG:
            continue
        if _rest_ends(token.raw, rest):
            yield word, at, number - 1
            return
        if (token.ends and rest.startswith(token.raw) and number + 1 < len(tokens)
                and any(True for _ in _goes_on(word, at + len(token.raw), token.column,
                                               tokens, number + 1))):
            yield word, at, number - 1
            yield from _goes_on(word, at + len(token.raw), token.column, tokens, number + 1)
            return


def check(command: str, path: Path | None, widths: Iterable[int], *, colors: Iterable[bool],
          dump: Path | None = None) -> Iterator[Cut]:
    """The unsafe cuts of ``command`` on ``path`` at each width, with colour or not (its
    escape sequences taken out); each output written into ``dump`` when given."""
    args, stdin = argv(command, path)
    status, json_text = run([*args, "--format", "json"], stdin, 100)
    if status == 2 or not json_text.strip():
        return
    words = reference_words(json_text)
    source = "-" if path is None else str(path)
    for width, color in ((width, color) for width in widths for color in colors):
        _, output = run(args, stdin, width, color)
        if dump is not None:
            name = source.replace("../", "").replace("/", "_") + f".{width}"
            name += ".color.txt" if color else ".txt"
            (dump / command).mkdir(parents=True, exist_ok=True)
            (dump / command / name).write_text(output, encoding="utf-8")
        if color:
            output = ANSI.sub("", output)
        lines = output.split("\n")
        for word, at, line in cuts(output, words):
            if not safe_at(word, at):
                yield Cut(command, source, width, word, at, (lines[line], lines[line + 1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--only", choices=COMMANDS, action="append")
    parser.add_argument("--show", type=int, default=40, help="cuts to list (all are counted)")
    parser.add_argument("--color", action="store_true", help="also in colour, as on a terminal")
    parser.add_argument("--dump", type=Path, help="write every output into this folder")
    options = parser.parse_args()
    widths = [int(width) for width in options.widths.split(",")]
    found: list[Cut] = []
    runs = 0
    for command in options.only or COMMANDS:
        for path in ([None] if command == "brands" else inputs()):
            colors = (False, True) if options.color else (False,)
            runs += len(widths) * len(colors)
            found += check(command, path, widths, colors=colors, dump=options.dump)
    for cut in found[:options.show]:
        print(cut)
    words = {(cut.command, cut.word) for cut in found}
    print(f"{len(found)} unsafe cut(s) of {len(words)} word(s) in {runs} table(s)")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
