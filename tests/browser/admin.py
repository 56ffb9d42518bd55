"""Journeys through the Wagtail admin that several browser tests share."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect


def log_in_to_admin(page, live_server):
    """Makes a superuser and signs in to the admin as them, as staff would."""
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a long passphrase")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
