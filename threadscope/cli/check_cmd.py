"""``threadscope check``, ``threadscope domains``, ``threadscope brands``."""

from __future__ import annotations

import click


@click.command()
@click.argument("targets", nargs=-1)
def check(targets: tuple[str, ...]) -> None:
    """Assess pasted links or domains."""
    raise click.UsageError("not built yet")


@click.command()
@click.argument("file")
def domains(file: str) -> None:
    """Bulk: one domain or URL per line, streamed."""
    raise click.UsageError("not built yet")


@click.command()
def brands() -> None:
    """Show the protected-brand registry in use."""
    raise click.UsageError("not built yet")
