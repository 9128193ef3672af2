"""Django's Redis cache without a new client object for every cache call.

django.core.cache.backends.redis makes a `redis.Redis` for each get or set; building one
costs about as much as the round trip to Redis itself (it sets up its response callbacks
and options each time), and a signed-in page makes a dozen cache calls. A `redis.Redis` may
be shared by every thread of a process (it takes a connection from its pool for each
command), so this backend keeps one per connection pool. Settings: CACHES in
msportal/settings.py.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
