"""Bytes → posts: plain text, X web copy, X API v2, twarc2, X archive, Bluesky, Mastodon, CSV.

The public API::

    read_source(path: str) -> SourceText           # a path or "-" → text + warnings
    parse_dump(text: str) -> Dump                  # recognise by content, parse into posts
    Dump(format, posts, warnings, context, gaps)   # format in FORMATS; all_posts property

Formats are recognised by content, never by file name: JSON (or JSON Lines, or an archive
``window.YTD…`` assignment) is tried against each platform's shape; text with X post headers
is web copy; anything else is ``text`` with no posts, for ``threadscope.threads`` to read.
"""

from __future__ import annotations

from threadscope.ingest.dump import FORMATS, Dump
from threadscope.ingest.parse import parse_dump
from threadscope.ingest.source import SourceText, read_source

__all__ = ["FORMATS", "Dump", "SourceText", "parse_dump", "read_source"]
