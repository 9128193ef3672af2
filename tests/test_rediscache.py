"""core.rediscache: Django's Redis cache, one client object per connection pool."""

import uuid

import pytest
import redis

from core.rediscache import RedisCache
from tests.services import service_missing

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        service_missing(f"no Redis reachable on 127.0.0.1:6379 ({error})")
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["answer", "count"])


def test_the_cache_works_through_one_client(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache.get("missing") is None
    redis_cache.set("answer", {"value": 42}, 30)
    assert redis_cache.get("answer") == {"value": 42}
    assert redis_cache.add("answer", "other", 30) is False
    assert redis_cache.add("count", 1, 30) is True
    assert redis_cache.incr("count") == 2
    assert redis_cache.get_many(["answer", "count", "missing"]) == {
        "answer": {"value": 42},
        "count": 2,
    }
    redis_cache.delete("answer")
    assert redis_cache.get("answer") is None
