"""Bytes → posts: plain text, X web copy, X API v2, archive tweets.js, Bluesky, Mastodon, CSV."""

from threadscope.ingest.source import SourceText, read_source

__all__ = ["SourceText", "read_source"]
