import pytest

from tests.mailchimp_fake import FakeMailchimp


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
