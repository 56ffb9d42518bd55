"""Sending a digest through Mailchimp (the real client against the fake API) and by the site's
own email: every item in the HTML and the text, and never sent twice whatever fails."""

from datetime import timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsletter import digests, sending
from newsletter.models import Digest
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

CONTENT = "/3.0/campaigns/*/content"
SEND = "/3.0/campaigns/*/actions/send"


@pytest.fixture
def news():
    home = make_site()
    bulletin = BulletinIndexPageFactory(parent=home)
    jobs = JobsIndexPageFactory(parent=home)
    yesterday = timezone.now() - timedelta(days=1)
    return [
        BulletinPostFactory(
            parent=bulletin, title="Grant round", funding=True, first_published_at=yesterday
        ),
        BulletinPostFactory(
            parent=bulletin, title="Workshop", event=True, first_published_at=yesterday
        ),
        VacancyFactory(parent=jobs, title="Partnerships Officer", first_published_at=yesterday),
    ]


def send_digest(*args):
    out = StringIO()
    call_command("send_digest", *args, stdout=out)
    return out.getvalue()


def test_the_digest_goes_out_once_with_every_item(mailchimp, news):
    output = send_digest()
    assert "Compiled digest 1 (3 items" in output
    [campaign] = mailchimp.campaigns.values()
    assert campaign["settings"]["title"] == Digest.objects.get().campaign_title
    assert campaign["recipients"]["list_id"] == mailchimp.list_id
    [sent] = mailchimp.sent
    html = BeautifulSoup(sent["html"], "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in html.select("h3 a")}
    for page in news:
        assert page.title in links
        assert links[page.title].startswith(f"http://localhost{page.url}")
        assert "utm_campaign=digest-1-" in links[page.title]
        assert page.title in sent["plain_text"] and page.summary in sent["plain_text"]
    assert "*|UNSUB|*" in sent["html"] and "*|UNSUB|*" in sent["plain_text"]
    assert "<script" not in sent["html"] and "stylesheet" not in sent["html"]
    assert html.select_one("h1").get("style")  # CSS inlined
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.SENT and digest.sent_at is not None

    assert "Nothing new since the last digest" in send_digest()
    assert len(mailchimp.sent) == 1


def test_nothing_new_creates_no_campaign(mailchimp):
    make_site()
    assert "Nothing new" in send_digest()
    assert not mailchimp.campaigns and not Digest.objects.exists()


def test_a_failed_content_update_sends_nothing_then_the_rerun_sends_fresh_content(mailchimp, news):
    mailchimp.fail("PUT", CONTENT, status=500)
    with pytest.raises(CommandError, match="was not sent"):
        send_digest()
    assert not mailchimp.sent
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.FAILED and "HTTP 500" in digest.last_error
    Digest.objects.update(introduction="Written after the failure.")
    send_digest()
    [sent] = mailchimp.sent
    assert "Written after the failure." in sent["html"]
    assert len(mailchimp.campaigns) == 1


def test_a_send_without_an_answer_is_checked_not_repeated(mailchimp, news):
    mailchimp.delay("POST", SEND, 2, apply=True)  # longer than the client's 1s timeout
    output = send_digest()
    assert "went out through Mailchimp" in output
    mailchimp.wait_idle()
    assert len(mailchimp.sent) == 1
    assert Digest.objects.get().status == Digest.Status.SENT
    send_digest()
    assert len(mailchimp.sent) == 1


def test_a_lost_campaign_id_is_found_again_by_its_title(mailchimp, news):
    mailchimp.drop("PUT", CONTENT)  # the run dies after create, before the content
    with pytest.raises(CommandError):
        send_digest()
    Digest.objects.update(campaign_id="")  # as if the id had never been stored
    send_digest()
    assert len(mailchimp.campaigns) == 1
    assert len(mailchimp.sent) == 1


def test_a_test_send_goes_to_the_given_addresses_and_the_digest_stays_unsent(mailchimp, news):
    output = send_digest("--test-to", "editor@example.org", "second@example.org")
    assert "Test sent through Mailchimp" in output
    [test] = mailchimp.test_sends
    assert sorted(test["test_emails"]) == ["editor@example.org", "second@example.org"]
    assert not mailchimp.sent
    assert Digest.objects.get().status == Digest.Status.DRAFT


def test_output_writes_the_files_and_contacts_nobody(mailchimp, news, tmp_path):
    output = send_digest("--output", str(tmp_path))
    html = (tmp_path / "digest-1.html").read_text()
    text = (tmp_path / "digest-1.txt").read_text()
    assert "Grant round" in html and "Partnerships Officer" in text
    assert str(tmp_path) in output
    assert not mailchimp.requests


def test_without_mailchimp_confirmed_subscribers_get_it_once_by_email(news, settings, tmp_path):
    settings.NEWSLETTER_OUTBOX_DIR = tmp_path
    confirmed = SubscriberFactory(email="reader@example.org")
    SubscriberFactory(email="pending@example.org", status="pending")
    SubscriberFactory(email="gone@example.org", status="unsubscribed")
    output = send_digest()
    assert "emailed to 1 subscriber(s)" in output
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "Grant round" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in message.body and unsubscribe in message.alternatives[0][0]
    assert (tmp_path / "digest-1.html").exists()

    send_digest()
    assert len(mail.outbox) == 1
    assert confirmed.digest_deliveries.count() == 1


def quarter_hour_tomorrow():
    tomorrow = timezone.now() + timedelta(days=1)
    return tomorrow.replace(minute=30, second=0, microsecond=0)


def test_a_scheduled_campaign_is_held_by_mailchimp_and_recorded_once_it_goes(mailchimp, news):
    digest, _ = digests.compile_next()
    sending.schedule(digest, quarter_hour_tomorrow())
    [campaign] = mailchimp.campaigns.values()
    assert campaign["status"] == "schedule" and campaign["content"]["html"]
    assert "is scheduled for" in send_digest()
    assert Digest.objects.get().status == Digest.Status.SCHEDULED
    campaign["status"] = "sent"  # Mailchimp sent it at the time
    send_digest()
    assert Digest.objects.get().status == Digest.Status.SENT
    assert not mailchimp.sent  # never sent by us as well


def test_without_mailchimp_a_scheduled_digest_goes_when_its_time_comes(news, settings, tmp_path):
    settings.NEWSLETTER_OUTBOX_DIR = tmp_path
    SubscriberFactory(email="reader@example.org")
    digest, _ = digests.compile_next()
    moment = quarter_hour_tomorrow()
    sending.schedule(digest, moment)
    assert "is scheduled for" in send_digest()
    assert not mail.outbox
    Digest.objects.update(scheduled_for=timezone.now() - timedelta(minutes=1))
    send_digest()
    assert len(mail.outbox) == 1
    assert Digest.objects.get().status == Digest.Status.SENT


def test_a_campaign_of_the_same_title_to_another_audience_is_never_taken(mailchimp, news):
    digest, _ = digests.compile_next()
    other_audience = mailchimp.add_list("Staging")
    with mailchimp.lock:
        mailchimp.campaigns["old"] = {
            "id": "old",
            "type": "regular",
            "status": "sent",
            "recipients": {"list_id": other_audience},
            "settings": {"title": digest.campaign_title, "subject_line": "Old"},
            "create_time": "2026-01-01T00:00:00+00:00",
        }
    send_digest()
    [sent] = mailchimp.sent
    assert sent["settings"]["title"] == digest.campaign_title
    digest.refresh_from_db()
    assert digest.campaign_id != "old" and digest.status == Digest.Status.SENT


def test_the_command_schedules_on_a_quarter_hour_and_refuses_other_times(mailchimp, news):
    when = timezone.localtime(quarter_hour_tomorrow())
    with pytest.raises(CommandError, match="quarter hour"):
        send_digest("--schedule", when.replace(minute=10).strftime("%Y-%m-%d %H:%M"))
    with pytest.raises(CommandError, match="Give the time as"):
        send_digest("--schedule", "tomorrow morning")
    assert "is scheduled for" in send_digest("--schedule", when.strftime("%Y-%m-%d %H:%M"))
    [campaign] = mailchimp.campaigns.values()
    assert campaign["status"] == "schedule"
    assert Digest.objects.get().status == Digest.Status.SCHEDULED
