"""``threadscope audit FILE``."""

from __future__ import annotations

import click


@click.command()
@click.argument("file")
def audit(file: str) -> None:
    """Reassemble, find every link in every post, assess each link, report."""
    raise click.UsageError("not built yet")
