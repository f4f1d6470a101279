"""Django's Redis cache, keeping one redis-py client per connection pool.

Django makes a new `redis.Redis` for every cache call, and redis-py 8 reads its own package
metadata each time one is made (`importlib.metadata.version`): about 1.5 ms a call, more than
the round trip to Redis. The chat's rate limit and notice throttle make several cache calls per
message. A redis-py client is safe to share between threads (it borrows a connection from the
pool for each command), so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write: bool = False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
