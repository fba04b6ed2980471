"""Bulk runs: reading target lists line by line, now in ``threadscope.ingest.targets`` (input
reading lives in ``ingest``); these names stay importable from here."""

from __future__ import annotations

from threadscope.ingest.csv_input import MAX_FIELD
from threadscope.ingest.targets import MAX_LINE, Warn, csv_column, target_lines

__all__ = ["MAX_FIELD", "MAX_LINE", "Warn", "csv_column", "target_lines"]
