"""The enrichment cache: resolutions, pages and registrations, each with the time observed.

SQLite in WAL mode with ``synchronous=NORMAL``: every finished result is committed at once, so
a bulk run killed with ``kill -9`` loses nothing it finished and does not fetch it again (WAL
commits survive a killed process; only a power cut can lose the last ones). One connection,
used under a lock, makes the cache safe to share between threads.

What a fetch returns depends on more than its URL, so resolutions and pages are keyed by URL
*and* by the settings that change the answer (``context_of``): ``--allow-private`` (an
internal page fetched with it must never be served to a guarded run), the proxy (names are
resolved and pages fetched from another place; clones cloak by country), the User-Agent
(clones cloak by client), the hop and body limits, and how pages are read (``PAGE_READING``).
Registrations are facts about a domain, asked of registry servers the bootstrap names (never
an address a link chose): keyed by domain alone.

A cache that turns out damaged (zeroed pages, a schema that is not ours, not a database at all)
is reported once, through ``report``, and bypassed for the rest of the run: results are then
fetched as without a cache, never lost to a cache error. The file may come from anyone (``--cache
PATH``), so "ours" is strict: our three tables and nothing else (a trigger would rewrite every
entry written after it, a view take none), and every entry read back of the types we write (a
title that is a number would fail the link, not the cache); an entry dated in the future is
not fresh (it would be served for ever), and the schema is not trusted to call functions.

What is no longer fresh is never served, so it is pruned: now and then by the runs themselves
(``Cache._prune_now_and_then``: at most once a day per file, a bounded batch, without waiting
for a lock another run holds), and on demand (``prune_cache``, ``clear_cache``; ``cache_info``
says what the file holds). A cache that cannot be written (a read-only file handed over) is
read as before and not pruned; one that is not ours is never touched.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import stat
import sys
import threading
import time
import types
import typing
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from threadscope.enrich.page import LONGEST_REFRESH, FirstShown, RawPage
from threadscope.errors import UsageError
from threadscope.models import Hop, NetworkOptions, Registration
from threadscope.textsafe import visible

SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS resolution (
    context TEXT NOT NULL, url TEXT NOT NULL, observed REAL NOT NULL, final_url TEXT,
    error TEXT, chain TEXT NOT NULL, PRIMARY KEY (context, url)
);
CREATE TABLE IF NOT EXISTS page (
    context TEXT NOT NULL, url TEXT NOT NULL, observed REAL NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (context, url)
);
CREATE TABLE IF NOT EXISTS registration (
    domain TEXT PRIMARY KEY, observed REAL NOT NULL, data TEXT NOT NULL
);
"""
_COLUMNS = {
    "resolution": ["context", "url", "observed", "final_url", "error", "chain"],
    "page": ["context", "url", "observed", "data"],
    "registration": ["domain", "observed", "data"],
}
# The first cache layout (no user_version): resolutions and pages keyed by URL alone. Its
# entries do not say under which settings they were fetched, so they are dropped.
_VERSION_1 = {
    "resolution": ["url", "observed", "final_url", "error", "chain"],
    "page": ["url", "observed", "data"],
    "registration": ["domain", "observed", "data"],
}


KINDS = ("resolution", "page", "registration")
"""What the cache keeps, one table each (``cache_info`` counts them by these names)."""

PRUNE_EVERY = 86400.0
"""Seconds between a file's pruning by the runs that use it (``Cache._prune_now_and_then``)."""

PRUNE_BATCH = 20_000
"""Entries of a kind the runs remove at most in one pruning: what is left goes the next run."""

STAMP_SUFFIX = ".pruned"
"""The file beside the cache whose time says when the runs last pruned it (the cache itself
holds our three tables and nothing else: a fourth would make it foreign to other versions)."""

_VACUUM_PAGES = 256
"""Free pages (of 4 KiB, usually) worth giving back to the disk, when a quarter of the file."""

_FUTURE_SLACK = 86400.0
"""Seconds an entry may be dated ahead of this machine's clock (another machine's, a little
off) and still be fresh; further ahead, it is not."""


def _stderr(message: str) -> None:
    sys.stderr.write(f"threadscope: {visible(message, keep_newlines=False)}\n")
    sys.stderr.flush()


PAGE_READING = 6
"""How pages are read into what a resolution keeps (the landing page, the refresh followed);
raised when that changes, so that results read the old way are not reused (2: relative
claims and refreshes resolved against the page's ``<base href>``; 3: a page whose refresh or
JavaScript redirect fails is the landing page, so a refresh loop kept without it is stale;
4: a proxy's error page is no landing after a refresh, and the page shown first before a
long-delayed refresh is kept beside the landing page; 5: only HTML is read for claims,
charsets as browsers read them, the ``Refresh`` header followed, two different
``Location`` headers refused, heads up to 256 KiB, bad ports refused; 6: the ``Link``
header's canonical address read, on any body, and stacked codings undone)."""


def context_of(options: NetworkOptions) -> str:
    """A short digest of the settings that change what a fetch returns (see the module doc).

    The proxy enters as configured (``--proxy``, else the proxy variables), hashed with the
    rest, so no proxy credentials are written to the cache file.
    """
    proxy: Any = options.proxy
    if proxy is None:
        proxy = sorted(urllib.request.getproxies().items())
    settings = [options.allow_private, proxy, options.user_agent, options.max_hops,
                options.max_body, PAGE_READING]
    return hashlib.sha256(json.dumps(settings).encode("utf-8")).hexdigest()[:32]


def default_path() -> Path:
    return Path(platformdirs.user_cache_dir("threadscope")) / "cache.sqlite3"


@dataclasses.dataclass(frozen=True)
class CachedResolution:
    chain: tuple[Hop, ...]
    final_url: str | None
    error: str | None
    page: RawPage | None
    first: FirstShown | None = None
    """The page seen first, when it is not the landing page (``resolve.Resolution.first``)."""


class Cache:
    """Results younger than ``ttl`` seconds are reused, for runs with the same ``context``."""

    def __init__(self, path: Path | None, ttl: float, context: str = "",
                 report: Callable[[str], None] | None = None, prune: bool = True) -> None:
        self.path = path or default_path()
        self.ttl = ttl
        self.context = context
        self._report = report or _stderr
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._reported = False
        self.failure: str | None = None
        """Why the file is not used, once it is found damaged or foreign."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"{self.path}: cannot use as cache ({error})") from error
        refuse_special_file(self.path)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA trusted_schema=OFF")
            self._prepare(self._db)
            # After the check: a database that is not ours is left in its journal mode.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            if prune:
                self._prune_now_and_then(self._db)
        except sqlite3.OperationalError as error:
            if "unable to open" in str(error):  # a directory, no permission …
                raise UsageError(f"{self.path}: cannot use as cache ({error})") from error
            self._broken(str(error))
        except sqlite3.DatabaseError as error:
            self._broken(str(error))
        except _NotOurs as error:
            self._broken(str(error), error.whose)

    @staticmethod
    def _prepare(db: sqlite3.Connection) -> None:
        """Create, upgrade or accept the tables; ``_NotOurs`` for a schema we did not write."""
        version = db.execute("PRAGMA user_version").fetchone()[0]
        found = {table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
                 for table in _COLUMNS}
        present = {table: columns for table, columns in found.items() if columns}
        if version == 0 and present and all(_VERSION_1[t] == c for t, c in present.items()):
            with db:
                db.execute("DROP TABLE IF EXISTS resolution")
                db.execute("DROP TABLE IF EXISTS page")
            present.pop("resolution", None)
            present.pop("page", None)
        elif present and version > SCHEMA_VERSION:
            raise _NotOurs(f"schema version {version}; this one reads {SCHEMA_VERSION}",
                           whose="newer")
        elif present and version != SCHEMA_VERSION:
            raise _NotOurs(f"schema version {version}, not {SCHEMA_VERSION}")
        if any(_COLUMNS[t] != c for t, c in present.items()):
            raise _NotOurs("its tables are not a threadscope cache's")
        foreign = _foreign_objects(db)
        if foreign:
            raise _NotOurs(f"it holds what a threadscope cache does not: {foreign}")
        if len(present) < len(_COLUMNS) or version != SCHEMA_VERSION:
            # Only then written to: a complete cache is used as it is, also read-only.
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.commit()

    def _prune_now_and_then(self, db: sqlite3.Connection) -> None:
        """Remove what no run serves any more (``stale``, with this run's freshness but never
        less than the default week: a script's short ``ttl`` must not empty a shared cache),
        at most ``PRUNE_BATCH`` entries of a kind, once a day per file, inside one
        transaction. A lock another run holds, a read-only file or a full disk skip it (the
        next run tries again); the stamp keeps the day unless some were left for later."""
        now = time.time()
        last = _stamped(self.path)
        if last is not None and 0 <= now - last < PRUNE_EVERY:
            return
        older_than = max(self.ttl, NetworkOptions().cache_ttl)
        db.execute("PRAGMA busy_timeout = 0")  # another run writing: prune another time
        try:
            removed = _remove(db, _stale(now, older_than), PRUNE_BATCH)
            _vacuum_if_worth_it(db)
        except sqlite3.OperationalError:
            return
        finally:
            db.execute("PRAGMA busy_timeout = 30000")
        if all(count < PRUNE_BATCH for count in removed.values()):
            try:
                _stamp(self.path).touch()
            except OSError:
                pass

    def _broken(self, reason: str, whose: str | None = None) -> None:
        """Report the damage once and go on without the cache.

        Deleting the file is advised only for a damaged cache of ours: a file that is no
        SQLite database, or a database laid out by someone else (``whose="foreign"``) or by
        a newer threadscope (``"newer"``), may be what another program or version keeps
        (``--cache`` named the wrong file), so it is said to be left as it is."""
        db, self._db = self._db, None
        if db is not None:
            try:
                db.close()
            except sqlite3.Error:
                pass
        if self._reported:
            return
        self._reported = True
        self.failure = reason
        if whose is None and not _starts_as_sqlite(self.path):
            whose = "foreign"
        if whose == "newer":
            self._report(f"cache {self.path} was written by a newer threadscope ({reason}); "
                         "this run goes without it and leaves it as it is")
        elif whose is not None:
            self._report(f"cache {self.path} is not a threadscope cache ({reason}); this run "
                         "goes without it and leaves it as it is (name another file with --cache)")
        else:
            self._report(f"cache {self.path} is damaged ({reason}); this run goes without "
                         "it (delete the file to start a new cache)")

    @property
    def usable(self) -> bool:
        return self._db is not None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _fresh(self, sql: str, key: tuple[Any, ...]) -> tuple[Any, ...] | None:
        with self._lock:
            if self._db is None:
                return None
            try:
                now = time.time()
                row = self._db.execute(sql, (*key, now - self.ttl, now + _FUTURE_SLACK)
                                       ).fetchone()
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    return None  # another run holds it for now: a miss, not damage
                self._broken(str(error))
                return None
            except sqlite3.DatabaseError as error:
                self._broken(str(error))
                return None
        return tuple(row) if row is not None else None

    def _put(self, sql: str, values: tuple[Any, ...]) -> None:
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute(sql, values)
                self._db.commit()
            except sqlite3.OperationalError:
                pass  # a full disk or a locked file costs us a cache entry, not the run
            except sqlite3.DatabaseError as error:
                self._broken(str(error))

    # ------------------------------------------------------------------ resolution + page

    def get_resolution(self, url: str) -> CachedResolution | None:
        row = self._fresh(
            "SELECT final_url, error, chain FROM resolution "
            "WHERE context = ? AND url = ? AND observed BETWEEN ? AND ?", (self.context, url))
        if row is None:
            return None
        final_url, error, chain_text = row
        try:
            chain, shown = _read_chain(_json(chain_text))
            _check_types((final_url, error), (str | None, str | None))
        except (ValueError, TypeError, KeyError, AttributeError) as failure:
            self._lock_broken(f"unreadable entry: {type(failure).__name__}")
            return None
        page = self.get_page(final_url) if final_url and error is None else None
        first = None
        if shown is not None:
            first_page = self.get_page(shown["url"])
            if first_page is None:
                return None  # its first page is gone: fetch the link again
            first = FirstShown(shown["url"], shown["via"], float(shown["delay"]), first_page)
        return CachedResolution(chain, final_url, error, page, first)

    def _lock_broken(self, reason: str) -> None:
        with self._lock:
            if self._db is not None:
                self._broken(reason)

    def put_resolution(self, url: str, result: CachedResolution) -> None:
        if result.page is not None and result.final_url:
            self.put_page(result.final_url, result.page)
        hops = [dataclasses.asdict(hop) for hop in result.chain]
        if result.first is None:
            chain = json.dumps(hops)
        else:
            self.put_page(result.first.url, result.first.page)
            first = result.first
            shown = {"url": first.url, "via": first.via, "delay": first.delay}
            chain = json.dumps({"hops": hops, "first": shown})
        self._put(
            "INSERT OR REPLACE INTO resolution (context, url, observed, final_url, error, chain)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (self.context, url, time.time(), result.final_url, result.error, chain),
        )

    def get_page(self, url: str) -> RawPage | None:
        row = self._fresh(
            "SELECT data FROM page WHERE context = ? AND url = ? AND observed BETWEEN ? AND ?",
            (self.context, url))
        if row is None:
            return None
        try:
            data = _json(row[0])
            data["assets"] = tuple(data.get("assets", ()))
            return _typed(RawPage, data)
        except (ValueError, TypeError, AttributeError) as failure:
            self._lock_broken(f"unreadable entry: {type(failure).__name__}")
            return None

    def put_page(self, url: str, page: RawPage) -> None:
        self._put(
            "INSERT OR REPLACE INTO page (context, url, observed, data) VALUES (?, ?, ?, ?)",
            (self.context, url, time.time(), json.dumps(dataclasses.asdict(page))),
        )

    # ------------------------------------------------------------------ registration

    def get_registration(self, domain: str) -> Registration | None:
        row = self._fresh(
            "SELECT data FROM registration WHERE domain = ? AND observed BETWEEN ? AND ?",
            (domain,))
        if row is None:
            return None
        try:
            return _typed(Registration, _json(row[0]))
        except (ValueError, TypeError) as failure:
            self._lock_broken(f"unreadable entry: {type(failure).__name__}")
            return None

    def put_registration(self, domain: str, registration: Registration) -> None:
        self._put(
            "INSERT OR REPLACE INTO registration (domain, observed, data) VALUES (?, ?, ?)",
            (domain, time.time(), json.dumps(dataclasses.asdict(registration))),
        )


def _json(text: Any) -> Any:
    """An entry's JSON, read back from a file that may be anyone's: nesting deeper than the
    parser recurses is a ``ValueError`` like any other unreadable entry (``json.loads``
    raises ``RecursionError``, which failed every link the entry was asked for)."""
    try:
        return json.loads(text)
    except RecursionError as error:
        raise ValueError("nested too deeply") from error


def _read_chain(data: Any) -> tuple[tuple[Hop, ...], dict[str, Any] | None]:
    """A resolution's ``chain`` column: the hops, as a list; or, when a page was seen before
    the landing page, ``{"hops": [...], "first": {"url", "via", "delay"}}`` (the page itself
    is in the page table under its URL). No new column: a cache written before reads on."""
    if isinstance(data, dict):
        first = data["first"]
        if not (isinstance(first, dict) and isinstance(first.get("url"), str)
                and isinstance(first.get("via"), str)
                and isinstance(first.get("delay"), int | float)):
            raise TypeError("first page without its url, via or delay")
        # ``json.loads`` reads NaN and Infinity, which the JSON report would write as they
        # came; a page's delay is read as 0 to LONGEST_REFRESH seconds (``page``).
        if not 0 <= first["delay"] <= LONGEST_REFRESH:
            raise ValueError("first page delay no page has")
        return tuple(_typed(Hop, hop) for hop in data["hops"]), first
    return tuple(_typed(Hop, hop) for hop in data), None


_Entry = TypeVar("_Entry")


def _typed(kind: type[_Entry], data: Any) -> _Entry:
    """``kind(**data)`` when every value is of its field's type; TypeError otherwise."""
    if not isinstance(data, dict):
        raise TypeError(f"{kind.__name__} entry is no object")
    hints = typing.get_type_hints(kind)
    for name, value in data.items():
        if name not in hints or not _conforms(value, hints[name]):
            raise TypeError(f"{kind.__name__}.{name} of another type")
    return kind(**data)


def _check_types(values: tuple[Any, ...], hints: tuple[Any, ...]) -> None:
    if not all(map(_conforms, values, hints)):
        raise TypeError("a column of another type")


def _conforms(value: Any, hint: Any) -> bool:
    """``value`` is of ``hint``: ``str``, ``int``, ``float``, ``bool``, ``None``, unions of
    them, ``tuple[str, ...]`` (what the cached dataclasses are made of)."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return any(_conforms(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        return isinstance(value, tuple) and all(_conforms(part, item) for part in value)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(hint, type) and isinstance(value, hint)


# --------------------------------------------------------------------------- maintenance


@dataclasses.dataclass(frozen=True)
class KindInfo:
    """One kind of entry in a cache file: how many, observed when (Unix times)."""

    entries: int
    oldest: float | None
    newest: float | None


@dataclasses.dataclass(frozen=True)
class CacheInfo:
    """What a cache file holds (``threadscope cache info``)."""

    path: Path
    exists: bool
    size: int
    """Bytes on disk: the file and its write-ahead log."""
    kinds: dict[str, KindInfo]
    pruned_at: float | None
    """When the runs last pruned it (``Cache._prune_now_and_then``), if they have."""


@dataclasses.dataclass(frozen=True)
class Pruned:
    """What ``prune_cache`` or ``clear_cache`` removed."""

    path: Path
    removed: dict[str, int]
    left: int
    size_before: int
    size_after: int
    vacuumed: bool


def cache_info(path: Path | None = None) -> CacheInfo:
    """What the cache at ``path`` (default: the user's) holds; never creates it. A file that
    is not a threadscope cache is a ``UsageError`` that names why."""
    path = path or default_path()
    refuse_special_file(path)
    if not path.is_file():
        return CacheInfo(path, False, 0, {}, None)
    with _Maintained(path) as db:
        kinds = {}
        for kind in KINDS:
            count, oldest, newest = db.execute(
                f"SELECT count(*), min(observed), max(observed) FROM {kind}").fetchone()
            kinds[kind] = KindInfo(int(count), _number(oldest), _number(newest))
    return CacheInfo(path, True, _size(path), kinds, _stamped(path))


def prune_cache(path: Path | None = None, older_than: float | None = None) -> Pruned:
    """Remove the entries observed more than ``older_than`` seconds ago (default: what no run
    serves, older than the default freshness of a week) and those dated a day or more ahead
    (never served either), then give the room back to the disk when that is worth it."""
    if older_than is None:
        older_than = NetworkOptions().cache_ttl
    return _maintain(path, _stale(time.time(), older_than))


def clear_cache(path: Path | None = None) -> Pruned:
    """Remove every entry (the file stays, empty, a threadscope cache still)."""
    return _maintain(path, "1")


def _maintain(path: Path | None, where: str) -> Pruned:
    path = path or default_path()
    refuse_special_file(path)
    if not path.is_file():
        return Pruned(path, dict.fromkeys(KINDS, 0), 0, 0, 0, False)
    before = _size(path)
    with _Maintained(path) as db:
        try:
            removed = _remove(db, where)
            vacuumed = _vacuum_if_worth_it(db)
        except sqlite3.OperationalError as error:  # read-only, locked, a full disk
            raise UsageError(f"{path}: cannot prune the cache ({error})") from error
        left = sum(db.execute(f"SELECT count(*) FROM {kind}").fetchone()[0] for kind in KINDS)
    return Pruned(path, removed, left, before, _size(path), vacuumed)


class _Maintained:
    """The cache file at ``path``, checked to be ours (as a run checks it), for
    ``cache_info`` and pruning; a file that is not is a ``UsageError``, left untouched."""

    def __init__(self, path: Path) -> None:
        self.cache = Cache(path, 0.0, report=lambda message: None, prune=False)
        if self.cache._db is None:
            raise UsageError(f"{path}: not a usable threadscope cache, left as it is "
                             f"({self.cache.failure or 'cannot be opened'})")
        self.db = self.cache._db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, *exc: object) -> None:
        self.cache.close()


def _stale(now: float, older_than: float) -> str:
    """The SQL condition of an entry observed before ``now - older_than`` or dated ahead
    further than a clock may be off (``_FUTURE_SLACK``): entries no run serves."""
    return f"observed < {float(now - older_than)!r} OR observed > {float(now + _FUTURE_SLACK)!r}"


def _remove(db: sqlite3.Connection, where: str, limit: int | None = None) -> dict[str, int]:
    """Delete the entries ``where`` holds, at most ``limit`` a kind, in one transaction
    (``BEGIN IMMEDIATE``: it takes the write lock first, or fails at once when it cannot)."""
    removed = {}
    bound = "" if limit is None else f" LIMIT {int(limit)}"
    try:
        db.execute("BEGIN IMMEDIATE")
        for kind in KINDS:
            cursor = db.execute(f"DELETE FROM {kind} WHERE rowid IN "
                                f"(SELECT rowid FROM {kind} WHERE {where}{bound})")
            removed[kind] = max(cursor.rowcount, 0)
        db.execute("COMMIT")
    except sqlite3.Error:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return removed


def _vacuum_if_worth_it(db: sqlite3.Connection) -> bool:
    """Give free pages back to the disk when they are a quarter of the file, and some:
    VACUUM rewrites the whole file, too dear for a few pages."""
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    if free < _VACUUM_PAGES or free * 4 < pages:
        return False
    try:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return False  # another run reads it: the room is given back another time
        raise
    return True


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + STAMP_SUFFIX)


def _stamped(path: Path) -> float | None:
    try:
        return _stamp(path).stat().st_mtime
    except OSError:
        return None


def _size(path: Path) -> int:
    total = 0
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            total += part.stat().st_size
        except OSError:
            pass
    return total


def _number(value: Any) -> float | None:
    """A time read back from a file that may be anyone's: a number a calendar can show
    (``time.gmtime`` takes it), else nothing; ``1e308`` failed ``cache info``."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        time.gmtime(value)
    except (OverflowError, OSError, ValueError):
        return None
    return float(value)


def _foreign_objects(db: sqlite3.Connection) -> list[str]:
    """What the file holds besides our tables and their primary-key indexes (triggers, views,
    other tables and indexes), by name: a cache that holds any of it is not ours."""
    rows = db.execute("SELECT type, name FROM sqlite_master").fetchall()
    return [f"{kind} {visible(str(name))}" for kind, name in rows
            if not ((kind == "table" and name in _COLUMNS)
                    or (kind == "index" and str(name).startswith("sqlite_autoindex_")))]


class _NotOurs(Exception):
    """The file is a database, but not laid out as a threadscope cache (``whose``:
    ``"newer"`` when a newer threadscope wrote it, else ``"foreign"``)."""

    def __init__(self, reason: str, whose: str = "foreign") -> None:
        super().__init__(reason)
        self.whose = whose


_SQLITE_HEADER = b"SQLite format 3\x00"


def _starts_as_sqlite(path: Path) -> bool:
    """True when the file begins as every SQLite database does (so a damaged one may be
    ours); False for any other file, or one that cannot be read."""
    try:
        with path.open("rb") as file:
            return file.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def refuse_special_file(path: Path) -> None:
    """``UsageError`` when ``path`` is there and no regular file (after symlinks): a device,
    a FIFO, a socket. SQLite would open ``/dev/null`` and write its journal beside it
    (``/dev/null-journal``), and a FIFO holds an open until someone writes to it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # not there (made on first use), or a dangling link: SQLite says why
    if not stat.S_ISREG(mode):
        raise UsageError(f"{path}: cannot use as cache (not a regular file)")
