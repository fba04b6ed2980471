"""Concurrency limits: so many requests in flight in total, and fewer to any one host.

A per-host limit keeps one slow shortener from taking every slot, and is polite to the sites
we visit. The per-host semaphores are dropped when idle so that a million-line run keeps a
bounded table.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class Limiter:
    def __init__(self, total: int, per_host: int) -> None:
        self._total = asyncio.Semaphore(max(1, total))
        self._per_host = max(1, per_host)
        self._hosts: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one request slot for ``host``; the host slot is taken first, so a request
        waiting for its host never holds one of the global slots."""
        semaphore, users = self._hosts.get(host, (asyncio.Semaphore(self._per_host), 0))
        self._hosts[host] = (semaphore, users + 1)
        try:
            async with semaphore, self._total:
                yield
        finally:
            semaphore, users = self._hosts[host]
            if users <= 1:
                del self._hosts[host]
            else:
                self._hosts[host] = (semaphore, users - 1)
