"""The public API reads as documentation: ``help(threadscope)`` lists every exported name,
and each one says what it is for in its own docstring (not one inherited from ``str``/``Enum``)."""

from __future__ import annotations

import pydoc

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
