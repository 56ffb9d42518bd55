"""Factories for bulletin pages. Posts are live and published "now" unless told otherwise."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from bulletin.choices import AttendanceMode, Kind
from bulletin.models import BulletinIndexPage, BulletinPost
from tests.factories import make_site


class BulletinIndexPageFactory(wagtail_factories.PageFactory):
    title = "Bulletin"
    slug = "bulletin"
    intro = "<p>News and opportunities from across the network.</p>"

    class Meta:
        model = BulletinIndexPage


def in_days(days, hour=17):
    """A London time `days` from today at `hour` o'clock."""
    today = timezone.localtime()
    return (today + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


class BulletinPostFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Bulletin post {n}")
    slug = factory.Sequence(lambda n: f"bulletin-post-{n}")
    kind = Kind.NEWS
    summary = factory.LazyAttribute(lambda post: f"What {post.title} is about.")
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyAttribute(lambda post: post.first_published_at)

    class Meta:
        model = BulletinPost
        skip_postgeneration_save = True

    class Params:
        consultation = factory.Trait(
            kind=Kind.CONSULTATION,
            deadline=factory.LazyFunction(lambda: in_days(30)),
            audience="Equality organisations in London.",
            cta_text="Take the survey",
            cta_url="https://survey.example.org/",
        )
        funding = factory.Trait(
            kind=Kind.FUNDING,
            deadline=factory.LazyFunction(lambda: in_days(30)),
            funder="London Community Response",
            amount_min=1000,
            amount_max=10000,
            audience="Charitable groups working with Londoners.",
            how_to_apply="Apply online.",
            cta_text="Apply",
            cta_url="https://funder.example.org/apply",
        )
        event = factory.Trait(
            kind=Kind.EVENT,
            starts_at=factory.LazyFunction(lambda: in_days(20, hour=10)),
            ends_at=factory.LazyAttribute(lambda post: post.starts_at + timedelta(hours=2)),
            attendance_mode=AttendanceMode.IN_PERSON,
            venue="Community Hall",
            address="1 High Street\nLondon\nE1 1AA",
            step_free=True,
            cta_text="Register",
            cta_url="https://events.example.org/register",
        )
        online_event = factory.Trait(
            event=True,
            attendance_mode=AttendanceMode.ONLINE,
            venue="",
            address="",
            online_url="https://meet.example.org/webinar",
        )
        member_message = factory.Trait(kind=Kind.MEMBER_MESSAGE)

    @factory.post_generation
    def tags(post, create, extracted, **kwargs):
        if extracted:
            post.tags.add(*extracted)
            if create:
                post.save()


def make_bulletin():
    """A site with a live bulletin index under its home page."""
    home = make_site()
    return BulletinIndexPageFactory(parent=home)


KIND_TRAITS = ["consultation", "funding", "event", "member_message", None]
TAG_SETS = [["Data", "Funders"], ["Youth"], ["Hate crime", "Human rights"], [], ["Data"]]


def make_posts(index, count, image=None, start=0):
    """`count` posts of every kind in turn, tagged, published an hour apart, newest last."""
    posts = []
    for number in range(start, start + count):
        trait = KIND_TRAITS[number % len(KIND_TRAITS)]
        published = timezone.now() - timedelta(days=60) + timedelta(hours=number)
        posts.append(
            BulletinPostFactory(
                parent=index,
                title=f"Post {number}",
                slug=f"post-{number}",
                first_published_at=published,
                tags=TAG_SETS[number % len(TAG_SETS)],
                listing_image=image,
                listing_image_alt="People around a table" if image else "",
                **({trait: True} if trait else {}),
            )
        )
    return posts
