"""`manage.py mailchimp_check` says in plain words what is wrong with the Mailchimp set-up."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.mailchimp_fake import FakeMailchimp

pytestmark = pytest.mark.django_db


def check():
    out = StringIO()
    call_command("mailchimp_check", stdout=out)
    return out.getvalue()


def test_a_ready_audience_passes(mailchimp):
    output = check()
    assert "The API key works" in output
    assert "Audience: Network news" in output
    assert "Interest groups: one for each newsletter topic." in output
    assert "GDPR fields: on." in output
    assert "Mailchimp is ready for the newsletter." in output


def test_missing_interest_groups_are_named(settings):
    with FakeMailchimp(interest_categories={"Topics": ("Jobs", "News")}) as fake:
        settings.MAILCHIMP_API_KEY = fake.api_key
        settings.MAILCHIMP_AUDIENCE_ID = fake.list_id
        settings.MAILCHIMP_API_BASE_URL = fake.base_url
        with pytest.raises(CommandError) as error:
            check()
    assert "no interest group named “Funding”, “Events”, “Surveys and consultations”" in str(
        error.value
    )


def test_a_wrong_key_audience_or_address_is_explained(mailchimp, settings):
    settings.MAILCHIMP_API_KEY = "not-the-key-us21"
    with pytest.raises(CommandError, match="refused the API key.*MAILCHIMP_API_KEY"):
        check()
    settings.MAILCHIMP_API_KEY = mailchimp.api_key
    settings.MAILCHIMP_AUDIENCE_ID = "nope"
    with pytest.raises(CommandError, match="no audience 'nope'.*MAILCHIMP_AUDIENCE_ID"):
        check()
    settings.MAILCHIMP_API_BASE_URL = "http://127.0.0.1:9/3.0"
    with pytest.raises(CommandError, match="did not answer"):
        check()


def test_without_a_key_it_says_the_site_works_alone():
    with pytest.raises(CommandError, match="MAILCHIMP_API_KEY is not set"):
        check()
