"""Writing results: stdout or ``--output FILE``; stderr for warnings and progress."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Iterable
from typing import IO, AnyStr, BinaryIO, TextIO

import click

from threadscope.errors import ExitStatus, InputError
from threadscope.ingest.source import SourceText, empty_notice, is_blank, read_source
from threadscope.textsafe import visible


def refuse_output_onto_input(file: str, output: str | None,
                             what: str = "the input file") -> None:
    """``InputError`` when the report would be written onto the file it reads: ``-o FILE``
    naming the input (by any path, link or hard link), or standard output appended to the
    input (``>> FILE``, ``< FILE >> FILE``). A streaming command read its own rows back as
    input and grew the file until the disk was full; the others replaced the dump with the
    report. ``file`` is the input path, ``-`` for standard input; only regular files count
    (``/dev/null`` in and out is no loop)."""
    source = _regular_file(file)
    if source is None:
        return
    target = _regular_file(output) if output is not None else _stdout_file()
    if target is None or (source.st_dev, source.st_ino) != (target.st_dev, target.st_ino):
        return
    read = "standard input" if file == "-" else file
    written = f"--output {output}" if output is not None else "standard output"
    raise InputError(f"{visible(written, keep_newlines=False)} is {what} "
                     f"({visible(read, keep_newlines=False)}): the report would overwrite what "
                     "is being read; write it to another file")


def refuse_files_onto_input_or_report(file: str, output: str | None, option: str,
                                      written: Iterable[str]) -> None:
    """``InputError`` when a file an option writes besides the report (``--graph``'s) is the
    input, or the report's own file (``-o FILE`` by any name, or the file standard output
    goes to): the input was replaced by the network, or the report by the network. Checked
    before anything is read or written."""
    source = _regular_file(file)
    report = _regular_file(output) if output is not None else _stdout_file()
    for path in written:
        shown = visible(path, keep_newlines=False)
        target = _regular_file(path)
        if _same(target, source):
            read = "standard input" if file == "-" else file
            raise InputError(f"{option} writes {shown}, the input file "
                             f"({visible(read, keep_newlines=False)}): it would overwrite "
                             "what is being read; write it to another file")
        if _same(target, report) or (output is not None and target is None
                                     and os.path.realpath(path) == os.path.realpath(output)):
            where = f"--output {output}" if output is not None else "standard output"
            raise InputError(f"{option} writes {shown}, where the report goes "
                             f"({visible(where, keep_newlines=False)}): one would overwrite "
                             "the other; write them to different files")


def refuse_files_onto_kept(option: str, written: Iterable[str],
                           kept: Iterable[tuple[str | None, str]]) -> None:
    """``InputError`` when a file an option writes (``--graph``'s) is one of ``kept``, the
    other files the run reads or writes (``(path, "the --brands file")``, the cache), by any
    path, link or hard link, or by name where neither exists yet: the researcher's brand
    list was replaced by the account network, the cache by it and then by SQLite. Checked
    before anything is read or written, as ``refuse_files_onto_input_or_report`` is."""
    for path in written:
        target = _regular_file(path)
        for other, what in kept:
            if other is None:
                continue
            status = _regular_file(other)
            if not (_same(target, status) or (target is None and status is None
                                              and os.path.realpath(path)
                                              == os.path.realpath(other))):
                continue
            raise InputError(f"{option} writes {visible(path, keep_newlines=False)}, {what} "
                             f"({visible(other, keep_newlines=False)}): it would overwrite "
                             "it; write it to another file")


def refuse_report_onto_cache(cache: str, output: str | None) -> None:
    """``InputError`` when the report would be written onto the enrichment cache file
    (``--cache run.json -o run.json``, or standard output sent to it): SQLite wrote its pages
    into the report as the report was written, and the report over the cache."""
    try:
        status: os.stat_result | None = os.stat(cache)
    except (OSError, ValueError):
        status = None
    report = _regular_file(output) if output is not None else _stdout_file()
    if not (_same(report, status) or (output is not None and report is None and status is None
                                     and os.path.realpath(output) == os.path.realpath(cache))):
        return
    where = f"--output {output}" if output is not None else "standard output"
    raise InputError(f"{visible(where, keep_newlines=False)} is the cache file "
                     f"({visible(cache, keep_newlines=False)}): the report and the cache would "
                     "overwrite each other; write the report to another file, or give --cache "
                     "another path")


def _same(one: os.stat_result | None, other: os.stat_result | None) -> bool:
    return (one is not None and other is not None
            and (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino))


def refuse_cache_onto_input(file: str, cache: str | None,
                            what: str = "the input file") -> None:
    """``InputError`` when ``--cache`` names the file being read (by any path, link or hard
    link; ``-``: standard input's file), the input or ``what`` else (the ``--brands``
    list): SQLite would take an empty file for a new cache and write its tables into it
    (``audit x.txt --cache x.txt``, a typo), or fail on one that is no database and tell
    the researcher to delete it. Refused as a report written onto its input is."""
    if cache is None:
        return
    source = _regular_file(file)
    target = _regular_file(cache)
    if not _same(source, target):
        return
    read = "standard input" if file == "-" else file
    raise InputError(f"--cache {visible(cache, keep_newlines=False)} is {what} "
                     f"({visible(read, keep_newlines=False)}): the cache would be written "
                     "into what is being read; give the cache another path")


def _regular_file(path: str) -> os.stat_result | None:
    """The status of the regular file ``path`` names (``-``: standard input's), else None."""
    try:
        if path == "-":
            if sys.stdin is None:
                return None
            status = os.fstat(sys.stdin.fileno())
        else:
            status = os.stat(path)
    except (OSError, ValueError):  # none there, or a stand-in stream with no descriptor
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def _stdout_file() -> os.stat_result | None:
    try:
        status = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def emit(chunks: Iterable[str] | str, output: str | None) -> None:
    """Write chunks as they come, so bulk output streams."""
    if isinstance(chunks, str):
        chunks = (chunks,)
    if output is None:
        _to_stdout(chunks, sys.stdout)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except OSError as error:
        raise InputError(f"{output}: cannot write ({error.strerror or error})") from error


def emit_utf8(chunks: Iterable[bytes], output: str | None) -> None:
    """``emit`` for text that comes encoded as UTF-8 (bulk scoring's worker processes send
    it so): written as it is wherever the text would be written as these very bytes, which
    spares decoding and encoding again tens of megabytes; decoded for ``emit`` where standard
    output encodes otherwise or turns newlines into CR LF."""
    if output is None:
        binary = _utf8_bytes(sys.stdout)
        if binary is None:
            _to_stdout((chunk.decode("utf-8") for chunk in chunks), sys.stdout)
            return
        sys.stdout.flush()  # whatever was written as text goes first
        _to_stdout(chunks, binary)
        return
    try:
        with open(output, "wb") as handle:  # ``emit`` writes UTF-8, newlines untranslated
            for chunk in chunks:
                handle.write(chunk)
    except OSError as error:
        raise InputError(f"{output}: cannot write ({error.strerror or error})") from error


def _to_stdout(chunks: Iterable[AnyStr], stream: IO[AnyStr]) -> None:
    """Each chunk written and flushed (the stream is standard output or its bytes)."""
    try:
        for chunk in chunks:
            stream.write(chunk)
            stream.flush()
    except BrokenPipeError:
        # `threadscope domains big.txt | head`: the reader left; not an error of ours.
        # (click's own EPIPE handling would exit 1, which reads as "flagged".)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(ExitStatus.OK) from None
    except OSError as error:  # a full disk behind `> file`
        reason = error.strerror or error
        raise InputError(f"cannot write to standard output ({reason})") from error


def _utf8_bytes(stream: TextIO) -> BinaryIO | None:
    """The byte stream under ``stream`` where text written to it arrives there as its UTF-8
    encoding unchanged: the stream encodes UTF-8 (not UTF-8 with a byte-order mark) and
    leaves newlines alone (as everywhere but on Windows). None otherwise."""
    binary = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    if binary is None or not isinstance(encoding, str) or os.linesep != "\n":
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    return binary if name == "utf-8" else None


def warn(message: str) -> None:
    click.echo(f"threadscope: {visible(message, keep_newlines=False)}", err=True)


def read_dump(file: str) -> SourceText:
    """FILE (``-``: stdin) as ``thread`` and ``audit`` read it, with what reading it found (a
    guessed encoding, an empty input) said on stderr before any result."""
    source = read_source(file)
    for message in source.warnings:
        warn(message)
    if is_blank(source.text):
        warn(empty_notice(file))
    return source


def use_color(output: str | None) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    return to_terminal(output)


def to_terminal(output: str | None) -> bool:
    """The report is read on a terminal (not ``-o FILE``, nor piped or redirected)."""
    return output is None and sys.stdout.isatty()
