"""The production settings, booted from environment variables as the README says, answer with
every security header; private answers are never stored; errors reach someone."""

import json
import subprocess
import sys

import pytest
from django.db import connection

from tests.factories import make_site
from tests.test_setup import ROOT, production_env

# The production settings, except that static files are served unhashed: tests run no
# collectstatic, so the manifest the production storage reads does not exist.
BOOT_PRODUCTION = """
import hub.settings.production as production
production.STORAGES = {
    **production.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
import django
django.setup()
"""

# Asks the production settings for a public page, an account page, the admin, a page for a
# logged-in member and the health check, and prints each answer's headers and cookies.
ASK_FOR_HEADERS = (
    BOOT_PRODUCTION
    + """
import json
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

if "--migrate" in __import__("sys").argv:
    call_command("migrate", verbosity=0)
member = get_user_model().objects.create_user("member-for-headers", "m@example.org", "pw")
answers = {}
anonymous = Client(HTTP_HOST="hub.example.org")
for name, path in [("public", "/search/"), ("account", "/account/login/"),
                   ("admin", "/admin/login/"), ("health", "/health/")]:
    response = anonymous.get(path, secure=True)
    answers[name] = {"status": response.status_code, "headers": dict(response.headers),
                     "cookies": sorted(response.cookies)}
logged_in = Client(HTTP_HOST="hub.example.org")
logged_in.force_login(member)
response = logged_in.get("/search/", secure=True)
answers["logged in"] = {"status": response.status_code, "headers": dict(response.headers)}
# Load balancers ask over plain HTTP: not redirected to HTTPS (a page is).
plain = {path: anonymous.get(path).status_code for path in ["/health/", "/search/"]}
member.delete()
print(json.dumps({"answers": answers, "plain HTTP": plain}))
"""
)


@pytest.fixture
def production_database(transactional_db, tmp_path):
    """(DATABASE_URL, whether to migrate it first): the test database on PostgreSQL, or a new
    SQLite file, since the test run's own SQLite database lives in memory."""
    if connection.vendor == "postgresql":
        # The server reads this very database, which other transactional tests empty.
        make_site()
        settings = connection.settings_dict
        host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        return f"postgres://{settings['USER']}@{host}/{settings['NAME']}", False
    return f"sqlite:///{tmp_path / 'production.sqlite3'}", True


@pytest.fixture
def production_answers(production_database):
    database_url, migrate = production_database
    env = {**production_env(), "DATABASE_URL": database_url, "EMAIL_BACKEND": "locmem"}
    result = subprocess.run(  # noqa: S603 -- our own script, fixed arguments
        [sys.executable, "-c", ASK_FOR_HEADERS, *(["--migrate"] if migrate else [])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_production_answers_carry_the_security_headers_and_private_ones_are_not_stored(
    production_answers,
):
    """One boot of the production settings for all of these: it takes seconds."""
    answers = production_answers["answers"]
    for name, answer in answers.items():
        assert answer["status"] == 200, name
        headers = answer["headers"]
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), name
        assert headers["Referrer-Policy"] == "same-origin", name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert "Content-Security-Policy" in headers, name

    public_policy = answers["public"]["headers"]["Content-Security-Policy"]
    assert "script-src 'self';" in public_policy
    assert "style-src 'self';" in public_policy
    assert "unsafe-inline" not in public_policy
    assert "frame-ancestors 'none'" in public_policy
    assert answers["public"]["headers"]["X-Frame-Options"] == "DENY"
    admin_policy = answers["admin"]["headers"]["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy
    assert "frame-ancestors 'self'" in admin_policy

    # Account pages, the admin and anything for a logged-in user: never stored.
    for name in ["account", "admin", "logged in"]:
        cache_control = answers[name]["headers"]["Cache-Control"]
        assert "no-store" in cache_control, name
        assert "private" in cache_control, name
    assert "no-store" not in answers["public"]["headers"].get("Cache-Control", "")

    # The health check sets no cookie and is never cached.
    health = answers["health"]
    assert health["cookies"] == []
    assert "Set-Cookie" not in health["headers"]
    assert "no-store" in health["headers"]["Cache-Control"]
    assert production_answers["plain HTTP"] == {"/health/": 200, "/search/": 301}


SERVE_AN_ERROR = (
    BOOT_PRODUCTION
    + """
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from hub.email import send_due

if "--migrate" in __import__("sys").argv:
    call_command("migrate", verbosity=0)  # error mail is queued in the database
with override_settings(ROOT_URLCONF="tests.error_urls"):
    response = Client(raise_request_exception=False, HTTP_HOST="hub.example.org").get(
        "/broken/", secure=True
    )
print(response.status_code)
print(response.content.decode())
print("SENT DURING THE REQUEST", len(getattr(mail, "outbox", [])))
send_due()  # the queue's sender, as the worker or cron runs it
for message in mail.outbox:
    print("MAIL TO", message.to, "SUBJECT", message.subject)
"""
)


def test_an_unhandled_error_is_logged_with_its_traceback_and_mailed_to_admins(
    production_database,
):
    database_url, migrate = production_database
    env = {
        **production_env(),
        "ADMINS": "Ops Team <ops@example.org>, duty@example.org",
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "locmem",
    }
    result = subprocess.run(  # noqa: S603 -- our own script, fixed arguments
        [sys.executable, "-c", SERVE_AN_ERROR, *(["--migrate"] if migrate else [])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "500"
    assert "It has been recorded, with the details, for the people who run the site." in (
        result.stdout
    )
    # stderr: one line with time, level, logger and process, then the traceback.
    assert " ERROR django.request " in result.stderr
    assert "Internal Server Error: /broken/" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: A deliberate failure for the 500 page test" in result.stderr
    mails = [line for line in lines if line.startswith("MAIL TO")]
    # Queued by the request (hub.error_mail), one email per admin, sent by the queue's sender.
    assert "SENT DURING THE REQUEST 0" in lines
    subject = "SUBJECT [Django] ERROR (EXTERNAL IP): Internal Server Error: /broken/"
    assert sorted(mails) == [
        f"MAIL TO ['Ops Team <ops@example.org>'] {subject}",
        f"MAIL TO ['duty@example.org'] {subject}",
    ]
