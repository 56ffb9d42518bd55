"""The demo content command: builds a browsable site once, and changes nothing the second time."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from bulletin.models import BulletinIndexPage
from hub.models import HomePage, NetworkSettings, StandardPage
from jobs.models import JobsIndexPage
from members.models import MemberDirectoryPage

pytestmark = pytest.mark.django_db


def load(**options):
    out = StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


def test_demo_content_builds_the_site_and_prints_working_credentials(settings, client):
    settings.DEBUG = True
    output = load()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert NetworkSettings.for_site(site).network_name == "HEAR Equality and Human Rights Network"
    for page_class in (BulletinIndexPage, JobsIndexPage, MemberDirectoryPage):
        assert page_class.objects.live().child_of(site.root_page).count() == 1
    assert set(StandardPage.objects.live().values_list("slug", flat=True)) >= {
        "about",
        "human-rights-communities",
        "membership",
        "contact",
    }

    assert "username admin, password demo-admin-password" in output
    assert "username member, password demo-member-password" in output
    # The demo accounts' published passwords, as the command prints them.
    admin = authenticate(username="admin", password="demo-admin-password")  # noqa: S106
    member = authenticate(username="member", password="demo-member-password")  # noqa: S106
    assert admin.is_superuser
    assert not member.is_staff and not member.is_superuser

    response = client.get("/")
    assert response.status_code == 200
    assert "Working together for equality and human rights" in response.text
    assert client.get("/about/").status_code == 200


def test_running_it_again_duplicates_nothing(settings):
    settings.DEBUG = True
    load()
    pages, users = Page.objects.count(), get_user_model().objects.count()
    output = load()
    assert Page.objects.count() == pages
    assert get_user_model().objects.count() == users
    assert "pages: 0 created" in output


def test_demo_content_has_no_personal_contact_details(settings):
    settings.DEBUG = True
    load()
    emails = set(get_user_model().objects.values_list("email", flat=True))
    emails.add(NetworkSettings.objects.get().contact_email)
    assert all(email.endswith("@example.org") for email in emails), emails


def test_demo_content_refuses_to_run_on_a_production_site(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Demo content is for local sites only"):
        load()
    assert not get_user_model().objects.filter(username="admin").exists()
