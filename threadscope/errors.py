"""One hierarchy of errors, mapped to exit statuses in one place (``threadscope.cli``).

    ThreadscopeError            anything we raise on purpose; exit 2, one line on stderr
    ├── InputError              the input cannot be read or understood (missing, binary, …)
    ├── UsageError              options that do not fit together
    ├── NetworkUnreachable      nothing on the network answers: the run stops, --offline helps
    └── FetchError              one network operation failed; recorded per link, never fatal

Third-party exceptions are translated where they enter (``raise FetchError("timeout") from e``),
so the CLI never prints a traceback.
"""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    OK = 0
    FLAGGED = 1
    ERROR = 2


class ThreadscopeError(Exception):
    """Base class; ``str(error)`` is the one-line message shown to the user."""


class InputError(ThreadscopeError):
    pass


class UsageError(ThreadscopeError):
    pass


class NetworkUnreachable(ThreadscopeError):
    """The first requests of a run all failed before any server or proxy answered, and the
    check that followed found no working network: following more links would only spend the
    deadline. The message says what failed and suggests ``--offline``."""


class FetchError(ThreadscopeError):
    """A short, stable reason: ``timeout``, ``redirect loop``, ``blocked: private address`` …"""
