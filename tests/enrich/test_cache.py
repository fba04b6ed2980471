from __future__ import annotations

import threading
from pathlib import Path

import pytest

from threadscope.enrich.cache import Cache, CachedResolution
from threadscope.enrich.page import RawPage
from threadscope.errors import UsageError
from threadscope.models import Hop, Registration


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
