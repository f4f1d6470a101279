"""The Redis cache that keeps one client per pool: the same answers as Django's, from many
threads at once."""

import os
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest

from config.cache import SharedClientRedisCache

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL"),
    pytest.mark.no_reference_data,
]


@pytest.fixture
def cache():
    cache = SharedClientRedisCache(
        os.environ.get("REDIS_URL", ""), {"KEY_PREFIX": f"cg-test-{secrets.token_hex(4)}"}
    )
    yield cache
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
    if keys:
        client.delete(*keys)


def test_one_client_is_reused(cache):
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)


def test_add_incr_get_delete_behave_as_djangos(cache):
    assert cache.add("counter", 1, timeout=60) is True
    assert cache.add("counter", 5, timeout=60) is False  # already there
    assert cache.incr("counter") == 2
    assert cache.get("counter") == 2
    cache.delete("counter")
    assert cache.get("counter") is None
    with pytest.raises(ValueError):
        cache.incr("counter")  # Django's contract: a missing key cannot be incremented


def test_shared_client_counts_right_from_many_threads(cache):
    cache.add("counter", 0, timeout=60)

    def bump(_n: int) -> None:
        for _ in range(50):
            cache.incr("counter")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(bump, range(8)))

    assert cache.get("counter") == 400
