"""Django's Redis cache without a new client per call, and the default cache on Redis, forgiving
an outage.

Django's RedisCacheClient makes a `redis.Redis` for every cache call, which builds its table of
some two hundred response callbacks each time (about 0.2 ms, several times per page). A client
is thread-safe and holds nothing but its pool, so one per pool does for every call.

The default cache forgives an outage: what is cached there (Wagtail's site root
paths, menus, pages) can always be built again, so while Redis cannot be reached every call
is a miss and the page is built from the database instead of failing.

A Redis that hangs costs its socket timeout (settings.redis_cache) once: after a failure this
process stops asking for RETRY_SECONDS, so a page that makes several cache calls does not
wait for each. /health/ still reports the cache as failing (it reads back what it stored).

Rate limits do not use this: their counts must not be forgotten (see hub.ratelimit)."""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
# Seconds between attempts to reach Redis again after it failed.
RETRY_SECONDS = 5


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


def _on_outage(answer):
    """Runs the cache call unless Redis failed lately; on an outage, answers `answer(...)`
    with the call's own arguments."""

    def decorator(method):
        @wraps(method)
        def forgiving(self, *args, **kwargs):
            if time.monotonic() < self.unavailable_until:
                return answer(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except REDIS_UNAVAILABLE as error:
                self.unavailable_until = time.monotonic() + RETRY_SECONDS
                logger.warning(
                    "Cache unavailable, not asking again for %s s: %s", RETRY_SECONDS, error
                )
                return answer(*args, **kwargs)

        return forgiving

    return decorator


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found: the cache is unavailable.")


class ForgivingRedisCache(RedisCache):
    unavailable_until = 0.0

    add = _on_outage(lambda *args, **kwargs: False)(RedisCache.add)
    get = _on_outage(lambda key, default=None, version=None: default)(RedisCache.get)
    set = _on_outage(lambda *args, **kwargs: None)(RedisCache.set)
    touch = _on_outage(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _on_outage(lambda *args, **kwargs: False)(RedisCache.delete)
    get_many = _on_outage(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _on_outage(lambda *args, **kwargs: False)(RedisCache.has_key)
    # incr raises ValueError for a missing key; during an outage every key is missing.
    incr = _on_outage(_missing)(RedisCache.incr)
    # set_many answers the keys it could not store: all of them.
    set_many = _on_outage(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = _on_outage(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = _on_outage(lambda: False)(RedisCache.clear)
