"""``threadscope bots FILE``."""

from __future__ import annotations

import click


@click.command()
@click.argument("file")
def bots(file: str) -> None:
    """Flag coordinated spam-bot replies in a dump of replies."""
    raise click.UsageError("not built yet")
