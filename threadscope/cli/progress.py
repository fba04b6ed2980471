"""Progress on stderr for runs a person waits for: a bar, done of total, rate and time left.

Shown on terminals only (the caller decides). rich draws it; stdout is routed through the same
console only when stdout is that terminal too, so that output lines and the bar do not
overwrite each other, while ``> file`` keeps every byte of output in the file.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich is imported when a bar is shown: scripts' runs do not pay for it
    from rich.progress import Progress, TaskID


def rate(speed: float | None) -> str:
    """Items per second as the bar shows it."""
    return "– /s" if not speed else f"{speed:,.0f}/s"


class Ticker:
    """Counts finished items and hands them to the bar in batches (rich takes a lock per
    update; a hundred thousand names a second must not pay it one by one)."""

    def __init__(self, progress: Progress | None, task: TaskID | None) -> None:
        self._progress = progress
        self._task = task
        self._pending = 0
        self._last = time.monotonic()

    def total(self, total: int | None) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, total=total)

    def advance(self, count: int = 1) -> None:
        if self._progress is None or self._task is None:
            return
        self._pending += count
        now = time.monotonic()
        if now - self._last >= 0.1:
            self.flush()
            self._last = now

    def flush(self) -> None:
        if self._progress is not None and self._task is not None and self._pending:
            self._progress.advance(self._task, self._pending)
            self._pending = 0

    def __call__(self, _item: object = None) -> None:
        self.advance()


@contextlib.contextmanager
def progress_bar(label: str, total: int | None, enabled: bool,
                 console: Any = None) -> Iterator[Ticker]:
    """A bar on stderr (or ``console``) while the block runs (a silent ticker when not
    ``enabled``): done of total, items per second, time left and time elapsed."""
    if not enabled:
        yield Ticker(None, None)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(rate(task.finished_speed or task.speed), style="progress.data.speed")

    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        TextColumn("elapsed"),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=True,
        redirect_stdout=console is None and sys.stdout.isatty(),
        redirect_stderr=False,
    )
    task = bar.add_task(label, total=total)
    ticker = Ticker(bar, task)
    with bar:
        try:
            yield ticker
        finally:
            ticker.flush()
