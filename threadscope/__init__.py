"""threadscope: reassemble pasted threads, audit their links, flag coordinated bot replies.

The public API; the CLI is a thin layer over these functions.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__: list[str] = []
