"""threadscope: reassemble pasted threads, audit their links, flag coordinated bot replies.

The public API; the CLI is a thin layer over these functions::

    import threadscope
    result = threadscope.reassemble(open("dump.txt").read())
    for link in threadscope.extract_links(result.threads[0].posts[0].text):
        print(threadscope.assess(link).verdict)

Names are imported on first use, so ``import threadscope`` stays cheap for scripts that need
one part only.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "reassemble": "threadscope.threads",
    "parse_dump": "threadscope.ingest",
    "read_source": "threadscope.ingest",
    "extract_links": "threadscope.links",
    "parse_target": "threadscope.links",
    "assess": "threadscope.assessment",
    "assess_many": "threadscope.assessment",
    "load_registry": "threadscope.assessment.registry",
    "enrich_stream": "threadscope.enrich",
    "audit": "threadscope.pipeline",
    "read_replies": "threadscope.ingest.replies",
    "open_replies": "threadscope.ingest.replies",
    "detect": "threadscope.bots",
}

__all__ = sorted(_EXPORTS)

def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'threadscope' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
