import pytest

from tests.mailchimp_fake import FakeMailchimp
from tests.newsletter.processes import Commands, SharedDatabase


@pytest.fixture
def mailchimp(settings):
    """A fake Mailchimp Marketing API on a local port, with the site configured to use it."""
    with FakeMailchimp() as fake:
        settings.MAILCHIMP_API_KEY = fake.api_key
        settings.MAILCHIMP_SERVER_PREFIX = "us21"
        settings.MAILCHIMP_AUDIENCE_ID = fake.list_id
        settings.MAILCHIMP_API_BASE_URL = fake.base_url
        settings.MAILCHIMP_TIMEOUT = 1
        yield fake
        fake.wait_idle()


@pytest.fixture
def fake():
    """A fake Mailchimp for processes the test starts (the test's own settings are left alone)."""
    with FakeMailchimp() as fake:
        yield fake


@pytest.fixture
def commands(transactional_db, fake, tmp_path):
    """`manage.py send_digest` as processes. Torn down before the database and the fake: no
    process outlives the test."""
    runs = Commands(fake, SharedDatabase(tmp_path))
    try:
        yield runs
    finally:
        runs.kill_leftovers()
