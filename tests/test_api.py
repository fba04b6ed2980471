"""The public API: ``threadscope.<name>`` is the documented function, whatever was imported
before it (a subpackage of the same name once shadowed ``threadscope.assess``)."""

from __future__ import annotations

import subprocess
import sys

import threadscope

SCRIPT = """
import threadscope.assessment.core, threadscope.threads, threadscope.links, threadscope.bots
import threadscope.enrich, threadscope.pipeline, threadscope.cli
import threadscope
print(threadscope.assess("hxxps://welt[.]ltd/politik").verdict.value)
print(all(callable(getattr(threadscope, name)) for name in threadscope.__all__))
"""


def test_every_export_is_a_function_after_every_subpackage_is_imported() -> None:
    # A fresh interpreter: in this one the import order is whatever the test run made it.
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.split() == ["lookalike", "True"]


def test_the_readme_example_runs() -> None:
    posts = threadscope.reassemble("Erster Teil welt.ltd/a 1/2\n\nZweiter Teil 2/2").threads
    links = threadscope.extract_links(posts[0].posts[0].text)
    assert [threadscope.assess(link).verdict.value for link in links] == ["lookalike"]
