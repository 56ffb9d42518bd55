"""Setup and settings: the interpreter search, environment parsing and production checks."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hub.settings.base import env_bool, env_int, env_list, mailer_from_env

ROOT = Path(__file__).resolve().parent.parent


def run(args, env, **kwargs):
    return subprocess.run(  # noqa: S603 -- the project's own scripts, with fixed arguments
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )


def test_find_python_skips_interpreters_that_fail_and_honours_PYTHON(tmp_path):
    broken_shim = tmp_path / "python3"
    broken_shim.write_text("#!/bin/sh\necho 'pyenv: python3: command not found' >&2\nexit 127\n")
    broken_shim.chmod(0o755)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "PYTHON": sys.executable}
    result = run(["bash", "scripts/find-python"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == sys.executable


def test_find_python_explains_what_to_install_when_there_is_none(tmp_path):
    result = run(["/bin/bash", "scripts/find-python"], {"PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr
    assert "PYTHON=/path/to/python3.13 make run" in result.stderr


def test_environment_values_are_parsed_or_rejected_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("DEBUG", "yes")
    assert env_bool("DEBUG") is True
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false, not 'maybe'"):
        env_bool("DEBUG")
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env_int("EMAIL_PORT", 587)
    monkeypatch.setenv("ALLOWED_HOSTS", " hub.example.org, ,www.example.org ")
    assert env_list("ALLOWED_HOSTS") == ["hub.example.org", "www.example.org"]


def test_mail_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("EMAIL_BACKEND", "smtp")
    monkeypatch.setenv("EMAIL_HOST", "smtp.example.org")
    monkeypatch.setenv("EMAIL_PORT", "2525")
    mailer = mailer_from_env("console")["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"]["host"] == "smtp.example.org"
    assert mailer["OPTIONS"]["port"] == 2525
    monkeypatch.setenv("EMAIL_BACKEND", "carrier-pigeon")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_BACKEND must be one of"):
        mailer_from_env("console")


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "hub.settings.production",
    "SECRET_KEY": "k7#v!x2q9w@e4r$t6y8u0i-o=p[a]s;d'f,g.h/j1l3z5c7b9n_m2q4w6e8r0t",
    "ALLOWED_HOSTS": "hub.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_HOST": "smtp.example.org",
}


def production_env():
    # The test run's own DJANGO_* variables (e.g. DJANGO_ALLOW_ASYNC_UNSAFE) are not production's.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return {**inherited, **PRODUCTION_ENV}


def test_production_settings_pass_the_deploy_checks():
    env = production_env()
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = production_env()
    del env[missing]
    result = run([sys.executable, "manage.py", "check"], env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def redis_is_running(host="127.0.0.1", port=6379):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


SERVE_WITH_THE_CACHE = """
import django
django.setup()
from django.core.cache import cache
from django.test import Client
cache.set("production-check", "cached", 30)
assert cache.get("production-check") == "cached", "the cache did not keep a value"
from django.core.management import call_command
call_command("migrate", verbosity=0)
for _ in range(2):
    response = Client().get("/robots.txt", secure=True, HTTP_HOST="hub.example.org")
print(response.status_code, response["X-Page-Cache"], response.content.decode().splitlines()[0])
"""


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis at 127.0.0.1:6379")
def test_production_with_the_readme_cache_url_keeps_values_in_redis_and_serves_a_page():
    """The README's production recipe sets CACHE_URL to Redis: the Redis client must be
    installed by the production lock, not only by hand; the second visit is a page-cache hit."""
    env = {**production_env(), "CACHE_URL": "redis://127.0.0.1:6379/15"}
    result = run([sys.executable, "-c", SERVE_WITH_THE_CACHE], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "200 hit User-agent: *"
