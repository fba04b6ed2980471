"""Compile the look-alike hot path with mypyc where a C compiler is at hand.

``threadscope domains`` spends its time in a few modules' Python, about a thousand bytecodes
a name (README, "Speed"); mypyc compiles those modules as they are, type hints and all, to C
extensions that do the same work in about half the time, with the same output byte for byte
(tests/test_compiled.py). Everything else stays Python. With ``THREADSCOPE_PURE_PYTHON=1``,
without a C compiler, or in an editable install (``pip install -e .``, where a compiled module
would hide edits to its source), the package installs as plain Python and answers the same,
only slower. The modules are listed in pyproject.toml, ``[tool.threadscope] compiled``.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

BUILDS = {"bdist_wheel", "build", "build_ext", "install"}
"""The setup commands that build extensions: pip's metadata steps (``egg_info``,
``dist_info``) and ``editable_wheel`` run this file too, and compile nothing."""

MYPY_FLAGS = ["--ignore-missing-imports", "--no-warn-unused-ignores", "--follow-imports=silent"]
"""In pip's isolated build environment the runtime dependencies are not installed: their types
read as Any, which compiles to the generic operations the interpreter runs anyway; modules not
compiled are read for their types only (the tests' ``mypy`` checks them all)."""


class OptionalBuildExt(build_ext):
    """A compiler that fails leaves that module pure Python, with a warning: the package still
    installs and answers the same."""

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as error:
            print(f"threadscope: {ext.name} not compiled ({error})", file=sys.stderr)


def compiled_modules() -> list[str]:
    config = tomllib.loads(Path(__file__).with_name("pyproject.toml").read_text("utf-8"))
    return list(config["tool"]["threadscope"]["compiled"])


def extensions() -> list[Extension]:
    if os.environ.get("THREADSCOPE_PURE_PYTHON") or not BUILDS & set(sys.argv):
        return []
    try:
        from mypyc.build import mypycify

        return list(mypycify([*MYPY_FLAGS, *compiled_modules()], opt_level="3"))
    except (Exception, SystemExit) as error:  # mypyc reports a type error by exiting
        print(f"threadscope: not compiled ({error}); installing pure Python", file=sys.stderr)
        return []


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
