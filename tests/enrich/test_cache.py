from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.enrich.helpers import filled_cache, name_only
from tests.support.server import LoopbackServer, Reply, Request
from threadscope.assessment.registry import load_registry
from threadscope.enrich import EnrichSettings, enrich_stream
from threadscope.enrich import cache as cache_module
from threadscope.enrich.cache import Cache, CachedResolution
from threadscope.enrich.page import RawPage
from threadscope.errors import UsageError
from threadscope.models import Assessment, Hop, NetworkOptions, Registration

ROOT = Path(__file__).resolve().parents[2]


def test_round_trip(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3", ttl=3600)
    page = RawPage(title="t", canonical="https://www.welt.de/", assets=("https://img.welt.de/a",))
    result = CachedResolution((Hop("http://t.co/x", 301, "start"), Hop("http://w.ltd/", 200)),
                              "http://w.ltd/", None, page)
    cache.put_resolution("http://t.co/x", result)
    cache.put_registration("w.ltd", Registration("2022-06-28", "R", "rdap"))
    cache.close()
    again = Cache(tmp_path / "c.sqlite3", ttl=3600)
    assert again.get_resolution("http://t.co/x") == result
    assert again.get_registration("w.ltd") == Registration("2022-06-28", "R", "rdap")
    assert again.get_resolution("http://other/") is None


def test_old_entries_are_not_reused(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3", ttl=-1)
    cache.put_registration("w.ltd", Registration("2022-06-28"))
    assert cache.get_registration("w.ltd") is None


def test_unusable_path_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError):
        Cache(tmp_path / "file" / "cache.sqlite3", ttl=1)


def test_threads_share_one_cache(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3", ttl=3600)

    def work(n: int) -> None:
        for i in range(50):
            cache.put_registration(f"d{n}-{i}.ltd", Registration(f"2020-01-{1 + i % 28:02d}"))
            assert cache.get_registration(f"d{n}-{i}.ltd") is not None

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(cache.get_registration(f"d{n}-49.ltd") for n in range(4))


# --------------------------------------------------------------------------- attacks on the cache


def _page_server(request: Request) -> Reply:
    agent = request.headers.get("user-agent", "")
    title = f"internal admin for {agent}"
    body = f'<title>{title}</title><link rel="canonical" href="https://www.welt.de/">'
    return Reply(200, [("Content-Type", "text/html")], body.encode())


def _enrich(url: str, options: NetworkOptions) -> Assessment:
    [result] = enrich_stream([name_only(url)], options, load_registry(), None,
                             EnrichSettings(registration=False))
    return result


def test_a_page_fetched_with_allow_private_is_not_served_to_a_guarded_run(
        tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite3"
    with LoopbackServer(_page_server) as inside:
        url = f"http://127.0.0.1:{inside.port}/admin"
        allowed = _enrich(url, NetworkOptions(timeout=3, cache_path=cache, allow_private=True))
        assert allowed.page is not None and allowed.page.title is not None
        guarded = _enrich(url, NetworkOptions(timeout=3, cache_path=cache))
        again = _enrich(url, NetworkOptions(timeout=3, cache_path=cache, allow_private=True))
        assert inside.count("127.0.0.1", "/admin") == 1  # the allowed run's entry was reused
    assert guarded.error == "blocked: private address" and guarded.page is None
    assert again.page == allowed.page


def test_the_user_agent_is_part_of_the_key(tmp_path: Path) -> None:
    """Clones cloak: a crawler's User-Agent may be shown another page than a browser's."""
    cache = tmp_path / "c.sqlite3"
    with LoopbackServer(_page_server) as server:
        url = f"http://127.0.0.1:{server.port}/"
        titles = [
            _enrich(url, NetworkOptions(timeout=3, cache_path=cache, allow_private=True,
                                        user_agent=agent)).page
            for agent in ("crawler/1", "browser/2", "crawler/1")
        ]
        assert server.count("127.0.0.1", "/") == 2
    assert [page.title if page else None for page in titles] == [
        "internal admin for crawler/1", "internal admin for browser/2",
        "internal admin for crawler/1",
    ]


def test_a_cache_of_the_first_layout_drops_what_it_cannot_vouch_for(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE resolution (url TEXT PRIMARY KEY, observed REAL NOT NULL,
                final_url TEXT, error TEXT, chain TEXT NOT NULL);
            CREATE TABLE page (url TEXT PRIMARY KEY, observed REAL NOT NULL, data TEXT NOT NULL);
            CREATE TABLE registration (domain TEXT PRIMARY KEY, observed REAL NOT NULL,
                data TEXT NOT NULL);
        """)
        now = time.time()
        db.execute("INSERT INTO resolution VALUES (?, ?, ?, NULL, '[]')",
                   ("http://10.0.0.5/", now, "http://10.0.0.5/"))
        db.execute("INSERT INTO registration VALUES (?, ?, ?)",
                   ("w.ltd", now, json.dumps({"created": "2022-06-28"})))
    db.close()
    reports: list[str] = []
    cache = Cache(path, ttl=3600, report=reports.append)
    assert cache.get_resolution("http://10.0.0.5/") is None
    assert cache.get_registration("w.ltd") == Registration("2022-06-28")
    assert reports == []


def _zero_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    size = 65536 if size == 1 else size
    data[size:] = bytes(len(data) - size)  # every page but the first (header and schema)
    path.write_bytes(bytes(data))


def _wrong_schema(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE resolution (id INTEGER PRIMARY KEY, payload BLOB)")
        db.execute("PRAGMA user_version = 7")
    db.close()


def _not_a_database(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)


def _entries_of_other_types(path: Path) -> None:
    """Entries a hostile cache file may hold: every field of another JSON type."""
    with sqlite3.connect(path) as db:
        db.execute("UPDATE resolution SET chain = ?",
                   (json.dumps([{"url": 5, "status": "301", "via": None, "error": [1]}]),))
        db.execute("UPDATE page SET data = ?", (json.dumps(
            {"title": {"a": 1}, "canonical": 5, "og_url": ["x"], "site_name": 3.5,
             "assets": [1, None], "truncated": "yes"}),))
        db.execute("UPDATE registration SET data = ?", (json.dumps(
            {"created": 20200101, "registrar": ["x"], "source": None, "expires": {}}),))
    db.close()


def _entries_nested_deeper_than_the_parser_goes(path: Path) -> None:
    """Entries of JSON nested deeper than Python's parser recurses: ``json.loads`` raises
    ``RecursionError``, no ``ValueError``."""
    deep = "[" * 100_000 + "]" * 100_000
    with sqlite3.connect(path) as db:
        db.execute("UPDATE resolution SET chain = ?", (deep,))
        db.execute("UPDATE page SET data = ?", (deep,))
        db.execute("UPDATE registration SET data = ?", (deep,))
    db.close()


def _final_url_of_another_type(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE resolution SET final_url = x'00ff', error = NULL")
    db.close()


def _with_a_trigger(path: Path) -> None:
    """A file laid out as ours that rewrites every entry written to it (poisons the runs
    after it): not ours."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TRIGGER rewrite AFTER INSERT ON registration BEGIN "
                   "UPDATE registration SET data = '{\"created\": \"1990-01-01\"}'; END")
    db.close()


def _a_table_that_is_a_view(path: Path) -> None:
    """``page`` as a view with the columns of ours: it reads, and takes no entry."""
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE page")
        db.execute("CREATE VIEW page AS SELECT context, url, observed, chain AS data "
                   "FROM resolution")
    db.close()


def _run(fake_web: LoopbackServer, cache: Path | None) -> subprocess.CompletedProcess[str]:
    cache_args = ["--cache", str(cache)] if cache else ["--no-cache"]
    return subprocess.run(
        [sys.executable, "-m", "threadscope", "check", "http://t.co/x", "http://spiegel.ltd/",
         "http://welt.ltd/politik/a.html", "--format", "jsonl", "--proxy", fake_web.url,
         "--timeout", "5", *cache_args],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


_DAMAGED = "is damaged"
_FOREIGN = "is not a threadscope cache"
_NEWER = "was written by a newer threadscope"


@pytest.mark.parametrize(("damage", "said"), [
    (_zero_pages, _DAMAGED), (_wrong_schema, _NEWER), (_not_a_database, _DAMAGED),
    (_entries_of_other_types, _DAMAGED), (_entries_nested_deeper_than_the_parser_goes, _DAMAGED),
    (_final_url_of_another_type, _DAMAGED), (_with_a_trigger, _FOREIGN),
    (_a_table_that_is_a_view, _FOREIGN)])
def test_a_damaged_cache_is_reported_once_and_bypassed(
        fake_web: LoopbackServer, tmp_path: Path, damage: Callable[[Path], None],
        said: str) -> None:
    cache = tmp_path / "cache.sqlite3"
    reference = _run(fake_web, None)
    assert reference.returncode == 1 and reference.stderr == ""
    assert _run(fake_web, cache).returncode == 1  # fills the cache
    padding = Cache(cache, 3600)
    for extra in range(200):  # and a few more pages of entries
        padding.put_registration(f"padding-{extra}.ltd", Registration("2020-01-01"))
    padding.close()
    damage(cache)
    damaged = _run(fake_web, cache)
    assert damaged.returncode == 1, damaged.stderr
    lines = damaged.stderr.splitlines()
    assert len(lines) == 1 and "cache" in lines[0] and said in lines[0], damaged.stderr
    assert str(cache) in lines[0]
    # Only a damaged cache of ours is worth deleting: another's file may be all it has.
    assert ("delete the file" in lines[0]) == (said == _DAMAGED), lines[0]

    def verdicts(done: subprocess.CompletedProcess[str]) -> list[tuple[str, int, list[str]]]:
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        return [(r["verdict"], r["score"], sorted(x["code"] for x in r["reasons"]))
                for r in rows]

    assert verdicts(damaged) == verdicts(reference)
    assert verdicts(damaged)[0][0] == "lookalike"
    assert all(r["error"] is None for r in map(json.loads, damaged.stdout.splitlines()))


def test_an_entry_dated_in_the_future_is_not_fresh(tmp_path: Path) -> None:
    """A hostile (or a clock turned back) entry observed years ahead would be served for
    ever: an entry is fresh only when it was observed in the last ``ttl`` seconds."""
    path = tmp_path / "c.sqlite3"
    cache = Cache(path, ttl=3600)
    cache.put_registration("welt.ltd", Registration("1990-01-01"))
    cache.put_resolution("http://welt.ltd/", CachedResolution((), "https://www.welt.de/", None,
                                                              RawPage(title="WELT")))
    cache.close()
    with sqlite3.connect(path) as db:
        for table in ("resolution", "page", "registration"):
            db.execute(f"UPDATE {table} SET observed = ?", (time.time() + 10 * 365 * 86400,))
    db.close()
    cache = Cache(path, ttl=3600)
    assert cache.get_registration("welt.ltd") is None
    assert cache.get_resolution("http://welt.ltd/") is None
    assert cache.get_page("https://www.welt.de/") is None


# --------------------------------------------------------------------------- pruning

WEEK = 7 * 86400


def _domains(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        found = {row[0] for row in db.execute("SELECT domain FROM registration")}
    db.close()
    return found


def test_a_run_prunes_what_no_run_serves_once_a_day(tmp_path: Path) -> None:
    """Older than the week a run reuses entries for, or dated ahead further than a clock is
    off: removed when a run opens the file, and not again before a day has passed."""
    path = tmp_path / "c.sqlite3"
    filled_cache(path, {"fresh.de": 3600, "old.de": WEEK + 3600, "ahead.de": -10 * 86400})
    Cache(path, ttl=3600).close()
    assert _domains(path) == {"fresh.de"}
    assert cache_module.cache_info(path).pruned_at is not None
    with sqlite3.connect(path) as db:
        db.execute("UPDATE registration SET observed = 0")
    db.close()
    Cache(path, ttl=3600).close()
    assert _domains(path) == {"fresh.de"}  # pruned today already


def test_a_scripts_short_freshness_does_not_empty_a_shared_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    filled_cache(path, {"day.de": 86400, "old.de": 2 * WEEK})
    Cache(path, ttl=60).close()
    assert _domains(path) == {"day.de"}


def test_a_run_prunes_a_batch_and_leaves_the_rest_for_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3"
    filled_cache(path, {f"old{n}.de": WEEK + 3600 for n in range(5)})
    monkeypatch.setattr(cache_module, "PRUNE_BATCH", 3)
    Cache(path, ttl=3600).close()
    assert len(_domains(path)) == 2
    assert cache_module.cache_info(path).pruned_at is None  # not done: the next run goes on
    Cache(path, ttl=3600).close()
    assert _domains(path) == set()


def test_a_cache_another_run_writes_is_not_pruned_nor_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    filled_cache(path, {"old.de": 2 * WEEK})
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        cache = Cache(path, ttl=3600, report=pytest.fail)
        assert cache.usable
        cache.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _domains(path) == {"old.de"}
    assert cache_module.cache_info(path).pruned_at is None


def test_a_read_only_cache_is_read_and_not_pruned(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    filled_cache(path, {"fresh.de": 3600, "old.de": 2 * WEEK})
    path.chmod(0o444)
    with _unwritable(path):
        cache = Cache(path, ttl=2 * 3600, report=pytest.fail)
        assert cache.get_registration("fresh.de") == Registration("2020-01-01")
        cache.close()
    assert _domains(path) == {"fresh.de", "old.de"}


@contextlib.contextmanager
def _unwritable(path: Path) -> Iterator[None]:
    """``path`` read-only for this user too: root writes a 0444 file, not an immutable one
    (``chattr +i``, where the file system has it; CI runs as root)."""
    if not os.access(path, os.W_OK):
        yield
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("root writes read-only files, and chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_prune_and_clear_on_demand(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    filled_cache(path, {"hour.de": 3600, "days.de": 3 * 86400, "old.de": 2 * WEEK})
    found = cache_module.cache_info(path)
    assert found.exists and found.kinds["registration"].entries == 3
    assert found.kinds["resolution"].entries == 0 and found.kinds["page"].oldest is None
    oldest = found.kinds["registration"].oldest
    assert oldest is not None and time.time() - oldest > 2 * WEEK - 60
    pruned = cache_module.prune_cache(path)
    assert pruned.removed == {"resolution": 0, "page": 0, "registration": 1}
    assert pruned.left == 2
    assert cache_module.prune_cache(path, older_than=86400).removed["registration"] == 1
    assert _domains(path) == {"hour.de"}
    cleared = cache_module.clear_cache(path)
    assert cleared.removed["registration"] == 1 and cleared.left == 0
    assert Cache(path, ttl=3600).usable  # still a cache


def test_pruning_gives_the_room_back_when_worth_it(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    cache = Cache(path, ttl=3600)
    for n in range(3000):
        cache.put_page(f"https://example.org/{n}", RawPage(title="x" * 1000))
    cache.close()
    big = cache_module.cache_info(path).size
    cleared = cache_module.clear_cache(path)
    assert cleared.vacuumed and cleared.size_before == big
    assert cleared.size_after < big / 10
    assert not cache_module.clear_cache(path).vacuumed  # nothing to give back


def test_a_missing_cache_is_not_made_by_info_or_prune(tmp_path: Path) -> None:
    path = tmp_path / "none" / "c.sqlite3"
    assert not cache_module.cache_info(path).exists
    assert cache_module.prune_cache(path).left == 0
    assert cache_module.clear_cache(path).removed == dict.fromkeys(cache_module.KINDS, 0)
    assert not path.parent.exists()


@pytest.mark.parametrize("content", [b"not a database at all\n", None])
def test_a_file_that_is_no_cache_of_ours_is_left_as_it_is(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "c.sqlite3"
    if content is None:  # someone else's database
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (domain TEXT, observed REAL, data TEXT)")
            db.execute("INSERT INTO notes VALUES ('x.de', 0, '{}')")
        db.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    for maintain in (cache_module.cache_info, cache_module.prune_cache,
                     cache_module.clear_cache):
        with pytest.raises(UsageError, match="not a usable threadscope cache, left as it is"):
            maintain(path)
    messages: list[str] = []
    Cache(path, ttl=3600, report=messages.append).close()  # a run: reported, not pruned
    assert len(messages) == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", ["fifo", "link to a fifo"])
def test_a_cache_path_that_is_no_regular_file_is_refused_before_sqlite_opens_it(
        tmp_path: Path, kind: str) -> None:
    """SQLite opened ``--cache /dev/null`` and wrote ``/dev/null-journal`` beside it, then
    advised deleting /dev/null as a damaged cache; a FIFO took the same way."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    path = fifo if kind == "fifo" else tmp_path / "cache.sqlite3"
    if path != fifo:
        path.symlink_to(fifo)
    with pytest.raises(UsageError, match="cannot use as cache \\(not a regular file\\)"):
        Cache(path, ttl=3600, report=pytest.fail)
    for maintain in (cache_module.cache_info, cache_module.prune_cache,
                     cache_module.clear_cache):
        with pytest.raises(UsageError, match="not a regular file"):
            maintain(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"fifo", path.name})


def test_a_fifo_as_cache_is_one_line_and_exit_2(tmp_path: Path) -> None:
    fifo = tmp_path / "cache.sqlite3"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "threadscope", "check", "http://welt.ltd/", "--cache", str(fifo),
         "--timeout", "1", "--deadline", "2"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"threadscope: {fifo}: cannot use as cache (not a regular file)\n"
    assert done.stdout == ""


def test_a_cache_of_a_newer_threadscope_is_left_as_it_is_and_not_called_damaged(
        tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    Cache(path, ttl=3600).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {cache_module.SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    messages: list[str] = []
    cache = Cache(path, ttl=3600, report=messages.append)
    assert not cache.usable
    cache.close()
    assert len(messages) == 1 and "newer threadscope" in messages[0], messages
    assert "damaged" not in messages[0] and "delete" not in messages[0]
    assert path.read_bytes() == before


def test_a_file_of_another_program_is_never_advised_for_deletion(tmp_path: Path) -> None:
    """``--cache notes.txt`` by mistake: not SQLite at all, so not a damaged cache."""
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n" * 200)
    messages: list[str] = []
    Cache(path, ttl=3600, report=messages.append).close()
    assert len(messages) == 1 and "is not a threadscope cache" in messages[0], messages
    assert "delete" not in messages[0]
    assert path.read_text() == "my notes\n" * 200
