"""Writing results: stdout or ``--output FILE``; stderr for warnings and progress."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

import click

from threadscope.errors import ExitStatus, InputError
from threadscope.textsafe import visible


def emit(chunks: Iterable[str] | str, output: str | None) -> None:
    """Write chunks as they come, so bulk output streams."""
    if isinstance(chunks, str):
        chunks = (chunks,)
    if output is None:
        try:
            for chunk in chunks:
                sys.stdout.write(chunk)
                sys.stdout.flush()
        except BrokenPipeError:
            # `threadscope domains big.txt | head`: the reader left; not an error of ours.
            # (click's own EPIPE handling would exit 1, which reads as "flagged".)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(ExitStatus.OK) from None
        except OSError as error:  # a full disk behind `> file`
            reason = error.strerror or error
            raise InputError(f"cannot write to standard output ({reason})") from error
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except OSError as error:
        raise InputError(f"{output}: cannot write ({error.strerror or error})") from error


def warn(message: str) -> None:
    click.echo(f"threadscope: {visible(message, keep_newlines=False)}", err=True)


def use_color(output: str | None) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (no-color.org)."""
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()
