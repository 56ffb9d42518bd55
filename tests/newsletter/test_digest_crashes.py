"""A digest goes out exactly once even when `manage.py send_digest` really dies: each test runs
the command as its own process against the fake Mailchimp and the test's database, holds one
request at the fake, kills the process there with SIGKILL (no `finally`, no `atexit`: its lock
goes only because the process is gone) and runs the command again; or runs two at once
(`tests/newsletter/processes.py` runs them; `test_at_scale` does the same with a big digest).

Request order of a first run (newsletter/sending.py): GET /campaigns (find by title), POST
/campaigns (create; the id is stored at once), GET the campaign, PUT its content, GET the
campaign (the check before sending), POST .../actions/send, GET the campaign."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.models import Digest
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.newsletter.processes import (
    CAMPAIGN,
    CAMPAIGNS,
    CONTENT,
    HOLD,
    SEND,
    assert_sent_once,
)

pytestmark = pytest.mark.django_db(transaction=True)

AFTER_THE_CRASH = "Written after the crash."
TITLES = ("Grant round", "Workshop", "Partnerships Officer")


@pytest.fixture(autouse=True)
def news(transactional_db):
    """What the command will compile: made before any process starts."""
    home = make_site()
    bulletin = BulletinIndexPageFactory(parent=home)
    jobs = JobsIndexPageFactory(parent=home)
    yesterday = timezone.now() - timedelta(days=1)
    BulletinPostFactory(
        parent=bulletin, title="Grant round", funding=True, first_published_at=yesterday
    )
    BulletinPostFactory(parent=bulletin, title="Workshop", event=True, first_published_at=yesterday)
    VacancyFactory(parent=jobs, title="Partnerships Officer", first_published_at=yesterday)


def test_a_crash_during_create_leaves_a_campaign_the_rerun_finds_by_its_title(commands, fake):
    fake.delay("POST", CAMPAIGNS, 3, apply=True)  # Mailchimp creates it; the process is gone
    commands.kill_at("POST", CAMPAIGNS)
    assert fake.wait_idle(timeout=10)
    assert len(fake.campaigns) == 1
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.SENDING and digest.campaign_id == ""

    output = commands.run()

    assert "Taking digest 1" in output and "went out through Mailchimp" in output
    assert_sent_once(fake, TITLES)


def test_a_crash_after_create_before_the_content_is_set(commands, fake):
    fake.delay("PUT", CONTENT, HOLD, apply=False)
    commands.kill_at("PUT", CONTENT)
    [campaign] = fake.campaigns.values()
    assert campaign["content"]["html"] == ""  # the held update never landed
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.SENDING
    assert digest.campaign_id == campaign["id"]  # stored the moment create answered
    Digest.objects.update(introduction=AFTER_THE_CRASH)

    output = commands.run()

    assert "went out through Mailchimp" in output
    _, sent = assert_sent_once(fake, TITLES)
    assert AFTER_THE_CRASH in sent["html"] and AFTER_THE_CRASH in sent["plain_text"]


def test_a_crash_after_the_content_is_set_before_send(commands, fake):
    fake.delay("GET", CAMPAIGN, 0)  # the check after create: answered at once
    fake.delay("GET", CAMPAIGN, HOLD, apply=False)  # the check before send: held
    commands.kill_at("GET", CAMPAIGN, nth=2)
    assert commands.received("PUT", CONTENT) == 1
    assert not commands.received("POST", SEND)
    [campaign] = fake.campaigns.values()
    stale_html = campaign["content"]["html"]
    assert "Grant round" in stale_html and AFTER_THE_CRASH not in stale_html
    assert Digest.objects.get().status == Digest.Status.SENDING
    Digest.objects.update(introduction=AFTER_THE_CRASH)

    commands.run()

    _, sent = assert_sent_once(fake, TITLES)
    assert AFTER_THE_CRASH in sent["html"] and AFTER_THE_CRASH in sent["plain_text"]
    assert sent["html"] != stale_html
    assert commands.received("PUT", CONTENT) == 2  # set again by the rerun


def test_a_crash_during_send_that_mailchimp_carried_out_is_recorded_not_repeated(commands, fake):
    fake.delay("POST", SEND, 3, apply=True)
    commands.kill_at("POST", SEND)
    assert Digest.objects.get().status == Digest.Status.SENDING  # died before hearing back
    assert fake.wait_idle(timeout=10)  # Mailchimp sends it all the same
    assert len(fake.sent) == 1
    before_rerun = len(fake.requests)

    output = commands.run()

    assert "went out through Mailchimp" in output
    digest, _ = assert_sent_once(fake, TITLES)
    [campaign] = fake.campaigns.values()
    assert digest.sent_at.isoformat() == campaign["send_time"]
    # The rerun only asked: no content update, no second send.
    assert {request["method"] for request in fake.requests[before_rerun:]} == {"GET"}


def test_two_runs_at_once_send_it_once_and_one_says_the_other_is_busy(commands, fake):
    """Cron overlapping a staff member's click: whichever run takes the lock sends; the other
    finds it held while the send is under way."""
    fake.delay("POST", SEND, 5, apply=True)  # keeps the lock held while the other arrives
    first, second = commands.start(count=2, mailchimp_timeout=30)
    outputs = commands.finish(first, second)

    assert (first.returncode, second.returncode) == (0, 0), outputs
    sender = [output for output in outputs if "went out through Mailchimp" in output]
    busy = [output for output in outputs if "is being sent by another run" in output]
    assert len(sender) == 1 and len(busy) == 1, outputs
    assert "Nothing more to do." in busy[0]
    assert_sent_once(fake, TITLES)
    assert commands.received("POST", CAMPAIGNS) == 1
    assert commands.received("POST", SEND) == 1
