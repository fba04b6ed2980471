"""``threadscope cache info|prune|clear``: what the enrichment cache holds, and making it smaller.

Runs prune the cache themselves once a day (``threadscope.enrich.cache``); these commands say
what it holds and remove entries on demand. Maintenance, like ``update-rdap``: ``prune`` and
``clear`` say what they did in one line on stderr; ``info`` prints to standard output.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click

from threadscope.enrich.cache import (
    CacheInfo,
    Pruned,
    cache_info,
    clear_cache,
    default_path,
    prune_cache,
)
from threadscope.models import NetworkOptions
from threadscope.report import Format
from threadscope.textsafe import visible

_PATH_HELP = "The cache file (default: in the user cache directory)."
_PLURAL = {"resolution": "resolutions", "page": "pages", "registration": "registrations"}


def _cache_path_option(func: Any) -> Any:
    return click.option("--cache", "cache_path", type=click.Path(dir_okay=False), default=None,
                        metavar="PATH", help=_PATH_HELP)(func)


@click.group(short_help="Show what the enrichment cache holds; prune or clear it.")
def cache() -> None:
    """The enrichment cache: resolved links, pages and registrations kept between runs.

    Entries are reused for a week; runs remove older ones themselves, once a day.

    \b
    threadscope cache info
    threadscope cache prune --older-than 1
    threadscope cache clear --cache ./project-cache.sqlite3
    """


@cache.command(short_help="Where the cache is, its size, its entries by kind and age.")
@_cache_path_option
@click.option("--format", "fmt", type=click.Choice([Format.TABLE.value, Format.JSON.value]),
              default=Format.TABLE.value, show_default=True, help="Output format.")
def info(cache_path: str | None, fmt: str) -> None:
    """Where the cache is, how big, how many entries of each kind, observed when."""
    found = cache_info(Path(cache_path) if cache_path else default_path())
    if fmt == Format.JSON.value:
        click.echo(json.dumps(info_json(found), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(info_lines(found)))


@cache.command(short_help="Remove entries older than a number of days (default: 7).")
@_cache_path_option
@click.option("--older-than", "days", type=click.FloatRange(min=0), default=None,
              metavar="DAYS",
              help="Remove entries observed more than DAYS days ago (default: 7, what no run "
                   "reuses).")
def prune(cache_path: str | None, days: float | None) -> None:
    """Remove the entries no run reuses (observed over a week ago), or those older than DAYS."""
    seconds = None if days is None else days * 86400
    pruned = prune_cache(Path(cache_path) if cache_path else default_path(), seconds)
    shown = NetworkOptions().cache_ttl / 86400 if days is None else days
    unit = "day" if f"{shown:g}" == "1" else "days"  # 0.5 days, 1 day, 7 days: no "day(s)"
    click.echo(pruned_line(pruned, f"observed over {shown:g} {unit} ago"), err=True)


@cache.command(short_help="Remove every entry.")
@_cache_path_option
def clear(cache_path: str | None) -> None:
    """Remove every entry: the next runs fetch everything again."""
    pruned = clear_cache(Path(cache_path) if cache_path else default_path())
    click.echo(pruned_line(pruned, None), err=True)


# --------------------------------------------------------------------------- presentation


def info_lines(found: CacheInfo) -> list[str]:
    path = visible(str(found.path), keep_newlines=False)
    if not found.exists:
        return [f"cache          {path}", "               none yet: made by the first run "
                "that goes online"]
    lines = [f"cache          {path}", f"size           {size_text(found.size)}"]
    width = max(len(str(kind.entries)) for kind in found.kinds.values())
    for name, kind in found.kinds.items():
        seen = (f"  observed {_when(kind.oldest)} … {_when(kind.newest)}"
                if kind.oldest is not None and kind.newest is not None else "")
        lines.append(f"{_PLURAL[name]:<14} {kind.entries:>{width}}{seen}")
    pruned = _when(found.pruned_at) if found.pruned_at is not None else "never"
    lines.append(f"last pruned    {pruned} (runs prune once a day)")
    return lines


def info_json(found: CacheInfo) -> dict[str, Any]:
    return {
        "path": str(found.path),
        "exists": found.exists,
        "bytes": found.size,
        "entries": {name: {"count": kind.entries, "oldest": _iso(kind.oldest),
                           "newest": _iso(kind.newest)}
                    for name, kind in found.kinds.items()},
        "pruned_at": _iso(found.pruned_at),
    }


def pruned_line(pruned: Pruned, which: str | None) -> str:
    """One line: what was removed (``which``: which entries; None: all), what is left."""
    path = visible(str(pruned.path), keep_newlines=False)
    total = sum(pruned.removed.values())
    count = f"{total} entry" if total == 1 else f"{total} entries"
    removed = f"all {count}" if which is None else f"{count} {which}"
    kinds = ", ".join(f"{_PLURAL[name]} {count}" for name, count in pruned.removed.items())
    size = (f"{size_text(pruned.size_before)} → {size_text(pruned.size_after)}"
            if pruned.size_after != pruned.size_before else size_text(pruned.size_after))
    return (f"threadscope: removed {removed} from {path} ({kinds}); "
            f"{pruned.left} left, {size}")


def size_text(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB"):
        if value < 1024 or unit == "MiB" and value < 1024 * 1024:
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def _when(moment: float | None) -> str:
    if moment is None:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(moment))


def _iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))
