"""The database out of reach while a middleware, not the view, asks for it: still the friendly
503, never a 500. Django turns a middleware's exception into a response inside that
middleware's own wrapper, so the view-level `process_exception` never sees it; hub.urls'
handler500 (hub.middleware.server_error) does."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import path
from wagtail.contrib.redirects.models import Redirect

from tests import servers
from tests.factories import make_site
from tests.test_database_down import assert_friendly_503
from tests.test_health import database_unreachable

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="cuts the connection to PostgreSQL (SQLite's test database is in memory)",
    ),
    pytest.mark.django_db(transaction=True),
]

# Wagtail's page tree takes only paths of word characters and hyphens: a legacy path like
# this one is a 404 that only Wagtail's RedirectMiddleware can answer, from the database.
LEGACY_PATH = "/old-page.html"


@pytest.fixture
def visitor():
    # As a real server does: an exception becomes a response, not a test failure.
    return Client(raise_request_exception=False)


def get_while_unreachable(client, path):
    with database_unreachable():
        response = client.get(path)
    return response.status_code, response.headers, response.content.decode()


def test_a_path_only_the_redirects_middleware_answers(visitor, settings, mailoutbox, caplog):
    settings.ADMINS = ["ops@example.org"]
    make_site()
    Redirect.objects.create(old_path=LEGACY_PATH, redirect_link="/about/")
    assert visitor.get(LEGACY_PATH).headers["Location"] == "/about/"

    assert_friendly_503(*get_while_unreachable(visitor, LEGACY_PATH))
    assert f"Database unavailable for {LEGACY_PATH}" in caplog.text
    assert mailoutbox == []
    # Back by itself.
    assert visitor.get(LEGACY_PATH).headers["Location"] == "/about/"


@pytest.fixture
def member(visitor, django_user_model):
    user = django_user_model.objects.create_user("member", "member@example.org", "pw")
    visitor.force_login(user)
    return visitor


def test_a_logged_in_member_gets_the_503_on_every_kind_of_path(member, settings, mailoutbox):
    settings.ADMINS = ["ops@example.org"]
    make_site()
    for page in ["/", "/account/", LEGACY_PATH, "/admin/"]:
        assert_friendly_503(*get_while_unreachable(member, page))
    assert mailoutbox == []
    assert member.get("/account/").status_code == 200


def test_a_middleware_that_looks_up_the_members_session_before_the_view(
    member, settings, mailoutbox
):
    """Django's LoginRequiredMiddleware stands in for any middleware that asks who the visitor
    is before the view runs (as a cache of anonymous pages must): the session, then the user,
    are read from the database inside the middleware."""
    settings.ADMINS = ["ops@example.org"]
    auth = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: auth + 1],
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
        *settings.MIDDLEWARE[auth + 1 :],
    ]
    make_site()
    assert member.get("/account/").status_code == 200

    assert_friendly_503(*get_while_unreachable(member, "/account/"))
    assert mailoutbox == []


def test_the_production_server_answers_503_from_its_middleware(django_user_model, settings):
    """Real gunicorn, real HTTP, a real session cookie; PostgreSQL reached through a proxy the
    test cuts."""
    make_site()
    # A password the production settings' hasher can check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    django_user_model.objects.create_user("member", "member@example.org", "pw-for-the-test")
    settings = connection.settings_dict
    proxy = servers.SwitchableProxy(
        (settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))
    )
    try:
        env = servers.server_env(
            servers.shared_test_database_url(host="127.0.0.1", port=proxy.port)
        )
        with servers.production_server(env) as server:
            member = servers.Browser(server.url)
            fields = {"username": "member", "password": "pw-for-the-test"}
            assert member.post_form("/account/login/", fields)[0] == 302

            proxy.cut()
            for page in ["/", "/account/", LEGACY_PATH]:
                assert_friendly_503(*member.request(page))
            assert_friendly_503(*servers.fetch(server.url + LEGACY_PATH))
    finally:
        proxy.cut()


def test_other_errors_still_get_the_500_page_and_are_mailed(visitor, settings, mailoutbox):
    settings.ADMINS = ["ops@example.org"]
    settings.ROOT_URLCONF = "tests.test_database_down_middleware"
    response = visitor.get("/broken/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
    assert [mail.to for mail in mailoutbox] == [["ops@example.org"]]


def broken_view(request):
    raise RuntimeError("A deliberate failure")


# This module is also the URLconf of the test above, with the site's handler500.
urlpatterns = [path("broken/", broken_view)]
handler500 = "hub.middleware.server_error"
