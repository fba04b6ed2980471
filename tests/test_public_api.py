"""The public API reads as documentation: ``help(threadscope)`` lists every exported name,
and each one says what it is for in its own docstring (not one inherited from ``str``/``Enum``)."""

from __future__ import annotations

import pydoc
from pathlib import Path

import pytest

import threadscope


@pytest.mark.parametrize("name", threadscope.__all__)
def test_every_export_has_its_own_docstring(name: str) -> None:
    value = getattr(threadscope, name)
    doc = value.__dict__.get("__doc__") if isinstance(value, type) else value.__doc__
    assert doc and doc.strip(), f"threadscope.{name} has no docstring of its own"


def test_help_lists_the_whole_api() -> None:
    page = pydoc.render_doc(threadscope, renderer=pydoc.plaintext)
    missing = [name for name in threadscope.__all__ if f"\n    {name}" not in page
               and f"\n    class {name}" not in page]
    assert missing == []


def test_every_result_a_notebook_handles_is_a_name_of_the_package() -> None:
    """What the API returns can be annotated and checked with ``threadscope.<name>``, without
    knowing the module it lives in."""
    result = threadscope.reassemble("Erster Teil welt.ltd/a 1/2\n\nZweiter Teil 2/2")
    assert isinstance(result, threadscope.Reassembly)
    assert isinstance(result.threads[0], threadscope.Thread)
    assert isinstance(result.threads[0].posts[0], threadscope.Post)
    assert isinstance(threadscope.assess("welt.ltd").reasons[0], threadscope.Reason)
    replies = Path(__file__).parent.parent / "fixtures" / "bots" / "replies_x_web.txt"
    report = threadscope.detect_file(str(replies))
    assert isinstance(report, threadscope.BotReport)
    assert report.clusters
    assert all(isinstance(cluster, threadscope.Cluster) for cluster in report.clusters)
