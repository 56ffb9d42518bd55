"""The benchmark (`make bench`): the production settings, served over plain HTTP on 127.0.0.1,
plus the floor, a minimal view that renders a small template from one indexed query, served by
the same workers so every page can be measured against it. Never deployed."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from .production import *  # noqa: F403
from .production import BASE_DIR

# wrk speaks plain HTTP on the loopback: no redirect to HTTPS, no secure-only cookies.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"
