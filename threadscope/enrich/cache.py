"""The enrichment cache: resolutions, pages and registrations, each with the time observed.

SQLite in WAL mode with ``synchronous=NORMAL``: every finished result is committed at once, so
a bulk run killed with ``kill -9`` loses nothing it finished and does not fetch it again (WAL
commits survive a killed process; only a power cut can lose the last ones). One connection,
used under a lock, makes the cache safe to share between threads.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import platformdirs

from threadscope.enrich.page import RawPage
from threadscope.errors import UsageError
from threadscope.models import Hop, Registration

_SCHEMA = """
CREATE TABLE IF NOT EXISTS resolution (
    url TEXT PRIMARY KEY, observed REAL NOT NULL, final_url TEXT, error TEXT, chain TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS page (
    url TEXT PRIMARY KEY, observed REAL NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS registration (
    domain TEXT PRIMARY KEY, observed REAL NOT NULL, data TEXT NOT NULL
);
"""


def default_path() -> Path:
    return Path(platformdirs.user_cache_dir("threadscope")) / "cache.sqlite3"


@dataclasses.dataclass(frozen=True)
class CachedResolution:
    chain: tuple[Hop, ...]
    final_url: str | None
    error: str | None
    page: RawPage | None


class Cache:
    """Results younger than ``ttl`` seconds are reused."""

    def __init__(self, path: Path | None, ttl: float) -> None:
        self.path = path or default_path()
        self.ttl = ttl
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise UsageError(f"{self.path}: cannot use as cache ({error})") from error

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _fresh(self, table: str, key_column: str, key: str) -> tuple[Any, ...] | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT * FROM {table} WHERE {key_column} = ? AND observed >= ?",
                (key, time.time() - self.ttl),
            ).fetchone()
        return tuple(row) if row is not None else None

    def _put(self, sql: str, values: tuple[Any, ...]) -> None:
        with self._lock:
            try:
                self._db.execute(sql, values)
                self._db.commit()
            except sqlite3.Error:
                pass  # a full disk or a locked file costs us a cache entry, not the run

    # ------------------------------------------------------------------ resolution + page

    def get_resolution(self, url: str) -> CachedResolution | None:
        row = self._fresh("resolution", "url", url)
        if row is None:
            return None
        chain = tuple(Hop(**hop) for hop in json.loads(row[4]))
        final_url = row[2]
        page = self.get_page(final_url) if final_url and row[3] is None else None
        return CachedResolution(chain, final_url, row[3], page)

    def put_resolution(self, url: str, result: CachedResolution) -> None:
        if result.page is not None and result.final_url:
            self.put_page(result.final_url, result.page)
        chain = json.dumps([dataclasses.asdict(hop) for hop in result.chain])
        self._put(
            "INSERT OR REPLACE INTO resolution VALUES (?, ?, ?, ?, ?)",
            (url, time.time(), result.final_url, result.error, chain),
        )

    def get_page(self, url: str) -> RawPage | None:
        row = self._fresh("page", "url", url)
        if row is None:
            return None
        data = json.loads(row[2])
        data["assets"] = tuple(data.get("assets", ()))
        return RawPage(**data)

    def put_page(self, url: str, page: RawPage) -> None:
        self._put(
            "INSERT OR REPLACE INTO page VALUES (?, ?, ?)",
            (url, time.time(), json.dumps(dataclasses.asdict(page))),
        )

    # ------------------------------------------------------------------ registration

    def get_registration(self, domain: str) -> Registration | None:
        row = self._fresh("registration", "domain", domain)
        if row is None:
            return None
        return Registration(**json.loads(row[2]))

    def put_registration(self, domain: str, registration: Registration) -> None:
        self._put(
            "INSERT OR REPLACE INTO registration VALUES (?, ?, ?)",
            (domain, time.time(), json.dumps(dataclasses.asdict(registration))),
        )
