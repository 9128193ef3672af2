"""Small cache entries a page reads, fetched in one round trip.

A signed-in page reads several small cache entries that different apps own: the content
generation (publishing), the header's review count (review), the "in a group" flag (groups).
Each read is a round trip to Redis, about as costly as the rest of what it is used for. An
app names the keys it will read for a request with `register(keys_for)`; a view that renders
without changing any of those entries first calls `prefetch(request, keys)`: one `get_many`
for its own keys and the apps'. The apps' readers then ask `read_many(request, keys)`, which
answers from that batch for the keys it holds (a missing entry included) and from the cache
for the others. The batch lives on the request only, so nothing outlives the request.
"""

from django.core.cache import cache

# Functions request -> the keys an app will read for it (registered in AppConfig.ready).
_KEYS_FOR = []


def register(keys_for):
    """Say which cache keys an app reads for a request: keys_for(request) -> list of keys."""
    if keys_for not in _KEYS_FOR:
        _KEYS_FOR.append(keys_for)


def prefetch(request, keys=()):
    """Read `keys` and every registered app's keys for `request` in one round trip, and keep
    the answers on the request; returns them ({key: value or None})."""
    wanted = list(keys)
    for keys_for in _KEYS_FOR:
        wanted.extend(keys_for(request))
    found = cache.get_many(wanted)
    request._cache_batch = batch = {key: found.get(key) for key in wanted}
    return batch


def read_many(request, keys):
    """`cache.get_many(keys)`, answered from the request's batch when it holds every key."""
    batch = getattr(request, "_cache_batch", None) if request is not None else None
    if batch is not None and all(key in batch for key in keys):
        return {key: batch[key] for key in keys if batch[key] is not None}
    return cache.get_many(keys)
