"""Sign-up without Mailchimp: the site stores the consent, runs its own double opt-in by email,
and every email carries a working unsubscribe link."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from wagtail.models import Site

from hub.email import send_due
from hub.models import OutgoingEmail
from newsletter.models import DEFAULT_CONSENT_WORDING, Interest, NewsletterSettings, Subscriber

pytestmark = pytest.mark.django_db

SIGNUP = "/newsletter/"


def sign_up(client, email="reader@example.org", **extra):
    data = {
        "email": email,
        "first_name": "Sam",
        "interests": ["jobs", "funding"],
        "consent": "on",
        "source": "/bulletin/",
        **extra,
    }
    return client.post(SIGNUP, data)


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def test_sign_up_stores_the_record_with_the_consent_wording_time_and_page(client, home):
    response = sign_up(client, email=" Reader@Example.org ")
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/thanks/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert subscriber.first_name == "Sam"
    assert subscriber.interests == ["jobs", "funding"]
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_text == DEFAULT_CONSENT_WORDING
    assert subscriber.consented_at is not None
    assert subscriber.consent_source == "/bulletin/"
    assert subscriber.sync_state == Subscriber.SyncState.LOCAL


@pytest.mark.parametrize(
    "forged", ["https://elsewhere.example/", "//elsewhere.example/", "/news\x00", "/a\x1bb", ""]
)
def test_a_forged_source_page_is_recorded_as_the_sign_up_page(client, home, forged):
    assert sign_up(client, source=forged).status_code == 302
    assert Subscriber.objects.get().consent_source == SIGNUP


def test_the_consent_wording_is_what_staff_set_and_is_kept_per_subscriber(client, home):
    settings = NewsletterSettings.for_site(Site.objects.get())
    settings.consent_wording = "Email me the newsletter (version 2)."
    settings.save()
    page = BeautifulSoup(client.get(SIGNUP).content, "html.parser")
    assert "Email me the newsletter (version 2)." in page.select_one("main form").get_text()
    sign_up(client)
    assert Subscriber.objects.get().consent_text == "Email me the newsletter (version 2)."


def test_without_consent_nothing_is_stored_and_the_error_is_beside_the_box(client, home):
    response = sign_up(client, consent="")
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert "Tick the box to agree" in page.select_one(".error-summary").get_text()
    assert page.select_one("main input[name=email]")["value"] == "reader@example.org"
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_confirmation_email_link_confirms_and_unsubscribe_link_unsubscribes(client, home):
    sign_up(client)
    assert not mail.outbox  # queued, sent by the worker
    send_due()
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    confirm, unsubscribe = links_in(message)[:2]
    assert "/newsletter/confirm/" in confirm and "/newsletter/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    html = message.alternatives[0][0]
    assert confirm in html and unsubscribe in html

    response = client.get(confirm.removeprefix("http://testserver"))
    assert "Subscription confirmed" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert subscriber.confirmed_at is not None

    path = unsubscribe.removeprefix("http://testserver")
    assert "Stop sending the newsletter" in client.get(path).content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.SUBSCRIBED  # GET changes nothing
    client.post(path)
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_a_forged_or_changed_link_does_nothing(client, home):
    sign_up(client)
    send_due()
    confirm = links_in(mail.outbox[0])[0].removeprefix("http://testserver")
    response = client.get(confirm[:-3] + "abc/")
    assert response.status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_signing_up_twice_updates_the_record_and_answers_the_same(client, home):
    first = sign_up(client)
    second = sign_up(client, first_name="Samira", interests=["events"])
    assert first["Location"] == second["Location"] == "/newsletter/thanks/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.first_name, subscriber.interests) == ("Samira", ["events"])
    # One confirmation email for the two.
    assert send_due() == (1, 0)
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]


def test_signing_up_again_after_unsubscribing_asks_for_confirmation_again(client, home):
    sign_up(client)
    send_due()
    Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    sign_up(client)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    send_due()
    assert len(mail.outbox) == 2


def test_a_mail_server_failure_is_retried_by_the_queue(client, home, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    response = sign_up(client)
    assert response.status_code == 302  # the visitor sees no failure
    assert Subscriber.objects.get().sync_state == Subscriber.SyncState.LOCAL
    assert send_due() == (0, 1)
    waiting = OutgoingEmail.objects.get(to="reader@example.org", sent_at=None)
    assert waiting.last_error

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert send_due(waiting.next_attempt_at) == (1, 0)
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]


def test_the_footer_and_home_page_carry_the_form_with_unique_ids(client, home):
    page = BeautifulSoup(client.get("/").content, "html.parser")
    forms = page.select("form.newsletter-form")
    assert len(forms) == 2
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids))
    labels = [label.get_text(strip=True) for label in forms[0].select("fieldset label")]
    assert labels == [label for _, label in Interest.choices]
    # The sign-up page shows one form only.
    signup_page = BeautifulSoup(client.get(SIGNUP).content, "html.parser")
    assert len(signup_page.select("form.newsletter-form")) == 1
