"""threadscope: reassemble pasted threads, audit their links, flag coordinated bot replies.

The public API; the CLI is a thin layer over these functions::

    import threadscope
    result = threadscope.reassemble(open("dump.txt", encoding="utf-8").read())
    for link in threadscope.extract_links(result.threads[0].posts[0].text):
        print(threadscope.assess(link).verdict)

    options = threadscope.NetworkOptions(concurrency=32)   # or network=None: names alone
    for found in threadscope.check(["welt.ltd", "https://t.co/x"], network=options):
        print(found.to_dict())

Names are imported on first use, so ``import threadscope`` stays cheap for scripts that need
one part only.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
"""The one place of the version: pyproject.toml reads it from here, so does ``--version``."""

if TYPE_CHECKING:  # what type checkers and editors see; at run time, ``__getattr__`` below
    from threadscope.assessment import assess, assess_many
    from threadscope.assessment.registry import load_registry
    from threadscope.auditor import LinkAuditor, NetworkEnricher
    from threadscope.bots.detect import detect, detect_file
    from threadscope.enrich import enrich_stream
    from threadscope.enrich.registration import update_rdap_bootstrap
    from threadscope.errors import NetworkUnreachable, ThreadscopeError
    from threadscope.ingest import parse_dump, read_source
    from threadscope.ingest.replies import open_replies, read_replies
    from threadscope.links import extract_links, parse_target, post_links
    from threadscope.models import (
        Assessment,
        AuditReport,
        BotReport,
        Cluster,
        NetworkOptions,
        Post,
        Reason,
        Reassembly,
        Thread,
        Verdict,
    )
    from threadscope.pipeline import audit, check, pasted_targets
    from threadscope.threads import reassemble

_EXPORTS = {
    "reassemble": "threadscope.threads",
    "parse_dump": "threadscope.ingest",
    "read_source": "threadscope.ingest",
    "extract_links": "threadscope.links",
    "parse_target": "threadscope.links",
    "post_links": "threadscope.links",
    "LinkAuditor": "threadscope.auditor",
    "NetworkEnricher": "threadscope.auditor",
    "assess": "threadscope.assessment",
    "assess_many": "threadscope.assessment",
    "load_registry": "threadscope.assessment.registry",
    "enrich_stream": "threadscope.enrich",
    "update_rdap_bootstrap": "threadscope.enrich.registration",
    "audit": "threadscope.pipeline",
    "check": "threadscope.pipeline",
    "pasted_targets": "threadscope.pipeline",
    "Assessment": "threadscope.models",
    "AuditReport": "threadscope.models",
    "NetworkOptions": "threadscope.models",
    "Verdict": "threadscope.models",
    "Reason": "threadscope.models",
    "Reassembly": "threadscope.models",
    "Thread": "threadscope.models",
    "Post": "threadscope.models",
    "BotReport": "threadscope.models",
    "Cluster": "threadscope.models",
    "ThreadscopeError": "threadscope.errors",
    "NetworkUnreachable": "threadscope.errors",
    "read_replies": "threadscope.ingest.replies",
    "open_replies": "threadscope.ingest.replies",
    "detect": "threadscope.bots",
    "detect_file": "threadscope.bots",
}

__all__ = [
    "Assessment",
    "AuditReport",
    "BotReport",
    "Cluster",
    "LinkAuditor",
    "NetworkEnricher",
    "NetworkOptions",
    "NetworkUnreachable",
    "Post",
    "Reason",
    "Reassembly",
    "Thread",
    "ThreadscopeError",
    "Verdict",
    "assess",
    "assess_many",
    "audit",
    "check",
    "detect",
    "detect_file",
    "enrich_stream",
    "extract_links",
    "load_registry",
    "parse_dump",
    "parse_target",
    "open_replies",
    "pasted_targets",
    "post_links",
    "read_replies",
    "read_source",
    "reassemble",
    "update_rdap_bootstrap",
]
"""Written out (not derived from ``_EXPORTS``) so that linters and type checkers read it;
tests/test_pipeline.py checks that the two agree."""


def __getattr__(name: str) -> Any:
    """``threadscope.<name>`` imported from its module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'threadscope' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    """The API beside the module's own names: ``help(threadscope)`` and editors list it."""
    return sorted({*globals(), *__all__})
