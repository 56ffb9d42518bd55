"""One page of every type on the demo site, for the checks that run over them all (HTML
validity, console errors). The demo content has every kind of post, open and closed vacancies,
member profiles, the trust pages and a member's account, so the pages are realistic."""

from importlib import import_module
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Site

from bulletin.choices import Kind
from bulletin.models import BulletinPost
from demo.accounts import DEMO_ACCOUNTS
from hub.models import NetworkSettings
from jobs.models import Vacancy
from members.models import Organisation
from tests.factories import make_site
from tests.jobs.posting_helpers import page_moderation_workflow, root_collection

MEMBER = next(account for account in DEMO_ACCOUNTS if account["username"] == "member")
NOT_FOUND = "/no-such-page/"


def build_demo_site():
    # Browser tests flush the database, so first remake what migrations seed.
    import_module("members.migrations.0003_seed_areas_and_workflow").seed(apps, None)
    make_site()
    page_moderation_workflow()
    root_collection()
    with override_settings(DEBUG=True):
        call_command("load_demo_content", stdout=StringIO())


def public_paths():
    """{name: path} of one page of each public type, from the content the demo built."""
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    posts = BulletinPost.objects.live()
    paths = {
        "home": "/",
        "bulletin index": "/bulletin/",
        "bulletin index, filtered": "/bulletin/?kind=funding&status=open&sort=closing",
        "jobs board": "/jobs/",
        "member directory": "/members/",
        "search results": "/search/?q=equality",
        "join": "/join/",
        "log in": "/account/login/",
        "contact": "/contact/",
        "sitemap": "/sitemap/",
        "newsletter sign-up": "/newsletter/",
        "accessibility statement": network.accessibility_page.url,
        "privacy notice": network.privacy_page.url,
        "not found": NOT_FOUND,
        # The pages a form leads to.
        "join: thanks": "/join/thanks/",
        "password reset": "/account/password-reset/",
        "password reset: sent": "/account/password-reset/sent/",
        "newsletter: thanks": "/newsletter/thanks/",
        "contact: sent": "/contact/sent/",
    }
    for kind in Kind:
        paths[f"post: {kind.label}"] = posts.filter(kind=kind).first().url
    tag = posts.filter(tags__isnull=False).first().tags.first()
    paths["tag"] = f"/bulletin/tag/{tag.slug}/"
    vacancies = Vacancy.objects.live()
    now = timezone.now()
    paths["vacancy, open"] = vacancies.filter(closes_at__gt=now).first().url
    paths["vacancy, closed"] = vacancies.filter(closes_at__lte=now).first().url
    organisation = Organisation.objects.filter(memberships__user__username="member").first()
    paths["organisation profile"] = organisation.get_absolute_url()
    return paths


def member_paths():
    """{name: path} of the pages only a signed-in member sees."""
    organisation = Organisation.objects.filter(memberships__user__username="member").first()
    return {
        "account dashboard": "/account/",
        "vacancy form": f"/account/organisations/{organisation.slug}/vacancies/new/",
    }


def log_in(page, base_url):
    page.goto(base_url + "/account/login/")
    main = page.get_by_role("main")
    main.get_by_label("Email address or username").fill(MEMBER["username"])
    main.get_by_label("Password").fill(MEMBER["password"])
    main.get_by_role("button", name="Log in").click()
    page.wait_for_url(base_url + "/account/")
