"""What the benchmark measures: each app adds the pages that grow with its content."""

from hub.models import HomePage, StandardPage
from tests.factories import StandardPageFactory, make_site


def build(size):
    """Tops the database up to `size` items of each kind; returns (label, url) pairs to time."""
    home = HomePage.objects.first() or make_site()
    for n in range(StandardPage.objects.count(), size):
        StandardPageFactory(parent=home, title=f"Equality page {n}", show_in_menus=n < 8)
    return [
        ("home", "/"),
        ("standard page", "/equality-page-0/"),
        ("search 'equality'", "/search/?q=equality"),
        ("sitemap.xml", "/sitemap.xml"),
    ]
