"""Factories for the site core. Each app's tests add their own beside these."""

import factory
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from hub.models import HomePage, StandardPage


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Working together for equality"
    intro = "<p>A network of organisations across London.</p>"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "An introduction to this page."
    body = wagtail_factories.StreamFieldFactory(
        {"paragraph": factory.SubFactory(wagtail_factories.CharBlockFactory)}
    )

    class Meta:
        model = StandardPage


def make_site():
    """A site whose root is a fresh home page, replacing the page Wagtail's migrations create."""
    # Transactional (browser) tests flush the rows Wagtail's migrations made, so remake them.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    # Images and documents go in the root collection, which a flush removes too.
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    home = HomePageFactory(parent=root, slug="test-home")
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Test network",
    )
    return home
