"""rnk_site.filecache: the file store of the page cache culls without listing on every write."""

from unittest import mock

from rnk_site.filecache import PageFileCache


def make(tmp_path, **options):
    return PageFileCache(str(tmp_path), {"OPTIONS": options})


def test_the_directory_is_listed_once_every_cull_every_writes(tmp_path):
    cache = make(tmp_path, MAX_ENTRIES=10_000)
    with mock.patch.object(cache, "_list_cache_files", wraps=cache._list_cache_files) as listed:
        for n in range(2 * PageFileCache.CULL_EVERY + 1):
            cache.set(f"k{n}", n)
    assert listed.call_count == 3  # the first write, then every CULL_EVERY writes
    assert cache.get("k5") == 5


def test_the_store_stays_near_its_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(PageFileCache, "CULL_EVERY", 10)
    cache = make(tmp_path, MAX_ENTRIES=20, CULL_FREQUENCY=2)
    for n in range(200):
        cache.set(f"k{n}", n)
    # Culled back below the limit whenever a look finds it full; at most CULL_EVERY more.
    assert len(cache._list_cache_files()) <= 20 + 10
