"""The demo bulletin: enough posts of every kind and status, built once however often it runs."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from bulletin.choices import Kind
from bulletin.models import BulletinPost
from demo import bulletin, site

pytestmark = pytest.mark.django_db


def test_demo_posts_cover_every_kind_and_status_and_run_once():
    reports = []

    def report(what, count):
        reports.append((what, count))

    site.build(report)
    bulletin.build(report)
    posts = BulletinPost.objects.live()
    assert posts.count() >= 25
    assert set(posts.values_list("kind", flat=True)) == set(Kind.values)
    statuses = {post.status() for post in posts}
    assert {"open", "closing_soon", "closed", "past_event", None} <= statuses
    assert posts.filter(kind=Kind.EVENT, starts_at__gt=timezone.now()).count() >= 3
    published = set(posts.values_list("first_published_at__date", flat=True))
    assert len(published) >= 10
    for post in posts:
        post.full_clean()
        text = post.summary + str(post.body) + post.audience + post.how_to_apply
        for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*", text):
            assert address.endswith("@example.org"), address

    bulletin.build(report)
    assert reports[-1] == ("bulletin posts", 0)
    assert BulletinPost.objects.count() == posts.count()


def test_load_demo_content_command_includes_the_bulletin(settings):
    settings.DEBUG = True
    call_command("load_demo_content", "--no-accounts", stdout=io.StringIO())
    assert BulletinPost.objects.live().count() >= 25
    sent = BulletinPost.objects.filter(organisation__isnull=False)
    assert dict(sent.values_list("slug", "organisation__slug")) == bulletin.SENDERS
    call_command("load_demo_content", "--no-accounts", stdout=io.StringIO())
    assert BulletinPost.objects.live().count() == len(bulletin.demo_posts())
