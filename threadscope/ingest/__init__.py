"""Bytes → posts: plain text, X web copy, X API v2, twarc2, X archive, Bluesky (API answers
and Jetstream logs), Mastodon, Telegram (Desktop exports, Telethon dumps), CSV; and target
lists for ``check`` and ``domains`` (``ingest.targets``). All input reading is here.

The public API::

    read_source(path: str) -> SourceText           # a path or "-" → text + warnings
    parse_dump(text: str) -> Dump                  # recognise by content, parse into posts
    Dump(format, posts, warnings, context, gaps)   # format in FORMATS; all_posts property

Formats are recognised by content, never by file name: JSON (or JSON Lines, or an archive
``window.YTD…`` assignment) is tried against each platform's shape; text with X post headers
is web copy; anything else is ``text`` with no posts, for ``threadscope.threads`` to read.

Names are imported on first use: ``check`` reads a target list without loading every
platform's parser (nor lxml, which Mastodon's HTML needs).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from threadscope.ingest.dump import FORMATS, Dump
    from threadscope.ingest.parse import parse_dump
    from threadscope.ingest.source import SourceText, read_source

_EXPORTS = {
    "FORMATS": "threadscope.ingest.dump",
    "Dump": "threadscope.ingest.dump",
    "parse_dump": "threadscope.ingest.parse",
    "SourceText": "threadscope.ingest.source",
    "read_source": "threadscope.ingest.source",
}

__all__ = ["FORMATS", "Dump", "SourceText", "parse_dump", "read_source"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'threadscope.ingest' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
