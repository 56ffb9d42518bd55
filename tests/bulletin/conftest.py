import pytest
import wagtail_factories

from tests.bulletin.factories import make_bulletin


@pytest.fixture
def bulletin(db):
    return make_bulletin()


@pytest.fixture
def image(db, settings, tmp_path):
    """A real image whose file and renditions go to a temporary media folder."""
    settings.MEDIA_ROOT = tmp_path
    return wagtail_factories.ImageFactory(title="Workshop", file__width=1200, file__height=800)
