"""The fake Mailchimp answers the official client as Mailchimp does, faults included."""

import json
from datetime import UTC, datetime, timedelta

import mailchimp_marketing
import pytest
import requests
from mailchimp_marketing.api_client import ApiClientError

from tests.mailchimp_fake import running_fake_mailchimp, subscriber_hash


def make_client(fake, *, api_key=None, timeout=5):
    """The real client, configured as the project does, pointed at the fake."""
    client = mailchimp_marketing.Client()
    client.set_config({"api_key": api_key or fake.api_key, "server": "us21", "timeout": timeout})
    client.api_client.host = fake.base_url
    return client


@pytest.fixture
def fake():
    with running_fake_mailchimp() as fake:
        yield fake


@pytest.fixture
def client(fake):
    return make_client(fake)


def problem(error: ApiClientError) -> dict:
    """The problem document, which the client leaves unparsed in `ApiClientError.text`."""
    return json.loads(error.text)


def member_body(email, **fields):
    return {"email_address": email, "status_if_new": "pending", **fields}


def campaign_body(fake, **settings):
    settings = {
        "subject_line": "News",
        "from_name": "Hub",
        "reply_to": "hub@example.org",
    } | settings
    return {"type": "regular", "recipients": {"list_id": fake.list_id}, "settings": settings}


def ready_campaign(client, fake):
    campaign = client.campaigns.create(campaign_body(fake, title="Digest 2026-05-01"))
    client.campaigns.set_content(campaign["id"], {"html": "<p>Hi</p>", "plain_text": "Hi"})
    return campaign["id"]


def quarter_hour(hours_ahead: int, minute: int = 0) -> str:
    when = datetime.now(UTC).replace(minute=minute, second=0, microsecond=0)
    return (when + timedelta(hours=hours_ahead)).isoformat()


def test_ping(client):
    assert client.ping.get() == {"health_status": "Everything's Chimpy!"}


def test_list_details(client, fake):
    assert client.lists.get_list(fake.list_id)["marketing_permissions"] is True
    category = client.lists.get_list_interest_categories(fake.list_id)["categories"][0]
    interests = client.lists.list_interest_category_interests(fake.list_id, category["id"])
    names = [i["name"] for i in interests["interests"]]
    assert names == ["Jobs", "Funding", "Events", "Surveys and consultations", "News"]
    merge_fields = client.lists.get_list_merge_fields(fake.list_id)["merge_fields"]
    assert "FNAME" in [f["tag"] for f in merge_fields]


def test_list_without_gdpr_fields():
    with running_fake_mailchimp(marketing_permissions=()) as fake:
        assert make_client(fake).lists.get_list(fake.list_id)["marketing_permissions"] is False


def test_set_list_member_creates_then_updates_keeping_the_status(client, fake):
    email, jobs = "Ann@Example.org", fake.interest_id("Jobs")
    consent = {"marketing_permission_id": fake.permission_id("Email"), "enabled": True}
    created = client.lists.set_list_member(
        fake.list_id,
        subscriber_hash(email),
        member_body(
            email,
            merge_fields={"FNAME": "Ann"},
            interests={jobs: True},
            marketing_permissions=[consent],
        ),
    )
    assert created["id"] == subscriber_hash("ann@example.org")
    assert created["status"] == "pending"
    assert created["interests"][jobs] is True
    assert created["marketing_permissions"][0]["enabled"] is True

    updated = client.lists.set_list_member(
        fake.list_id,
        subscriber_hash(email),
        member_body(email, status_if_new="subscribed", merge_fields={"FNAME": "Anne"}),
    )
    assert updated["status"] == "pending"
    assert updated["merge_fields"]["FNAME"] == "Anne"
    assert updated["interests"][jobs] is True
    assert client.lists.get_list_member(fake.list_id, subscriber_hash(email)) == updated

    request = fake.requests[-2]
    assert (request["method"], request["body"]["status_if_new"]) == ("PUT", "subscribed")
    assert request["headers"]["Authorization"].startswith("Basic ")


def test_an_explicit_status_changes_an_existing_member(client, fake):
    member_hash = subscriber_hash("ann@example.org")
    client.lists.set_list_member(fake.list_id, member_hash, member_body("ann@example.org"))
    body = member_body("ann@example.org", status="unsubscribed")
    assert client.lists.set_list_member(fake.list_id, member_hash, body)["status"] == "unsubscribed"


def test_a_wrong_subscriber_hash_is_refused_with_a_problem_document(client, fake):
    with pytest.raises(ApiClientError) as caught:
        client.lists.set_list_member(
            fake.list_id, subscriber_hash("bob@example.org"), member_body("ann@example.org")
        )
    assert caught.value.status_code == 400
    document = problem(caught.value)
    assert {"type", "title", "status", "detail", "instance"} <= document.keys()
    assert (document["status"], document["title"]) == (400, "Invalid Resource")
    assert [e["field"] for e in document["errors"]] == ["email_address"]
    assert fake.member("ann@example.org") is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status_if_new": "maybe"}, "status_if_new"),
        ({"email_address": None}, "email_address"),
        ({"vip": "yes"}, "vip"),
        ({"interests": {"0000000000": True}}, "interests.0000000000"),
        ({"merge_fields": {"SURNAME": "Smith"}}, "merge_fields.SURNAME"),
        ({"marketing_permissions": [{"marketing_permission_id": "x"}]}, "marketing_permissions"),
    ],
)
def test_an_invalid_member_body_is_refused_naming_the_field(client, fake, fields, field):
    body = member_body("ann@example.org") | fields
    with pytest.raises(ApiClientError) as caught:
        client.lists.set_list_member(fake.list_id, subscriber_hash("ann@example.org"), body)
    assert caught.value.status_code == 400
    assert field in [e["field"] for e in problem(caught.value)["errors"]]


def test_a_missing_required_field_is_named(client, fake):
    with pytest.raises(ApiClientError) as caught:
        client.lists.set_list_member(
            fake.list_id, subscriber_hash("ann@example.org"), {"email_address": "ann@example.org"}
        )
    assert [e["field"] for e in problem(caught.value)["errors"]] == ["status_if_new"]


def test_an_invalid_api_key_is_refused(fake):
    client = make_client(fake, api_key="ffffffffffffffffffffffffffffffff-us21")
    with pytest.raises(ApiClientError) as caught:
        client.ping.get()
    assert caught.value.status_code == 401
    assert problem(caught.value)["title"] == "API Key Invalid"


def test_a_campaign_is_created_filled_and_sent_once(client, fake):
    campaign = client.campaigns.create(
        campaign_body(fake, title="Digest", preview_text="This week")
    )
    assert (campaign["status"], campaign["settings"]["title"]) == ("save", "Digest")
    client.campaigns.set_content(campaign["id"], {"html": "<p>Hi</p>", "plain_text": "Hi"})
    assert client.campaigns.get_content(campaign["id"])["plain_text"] == "Hi"

    client.campaigns.send(campaign["id"])
    assert client.campaigns.get(campaign["id"])["status"] == "sent"
    with pytest.raises(ApiClientError) as caught:
        client.campaigns.send(campaign["id"])
    assert caught.value.status_code == 400
    assert "already been sent" in problem(caught.value)["detail"]
    with pytest.raises(ApiClientError):
        client.campaigns.set_content(campaign["id"], {"html": "<p>Changed</p>"})
    assert [(s["campaign_id"], s["html"]) for s in fake.sent] == [(campaign["id"], "<p>Hi</p>")]


@pytest.mark.parametrize(
    "body",
    [
        {"type": "newsletter"},
        {"type": "regular", "recipients": {"list_id": "nope"}},
        {"type": "regular", "recipients": {"list_id": "a1b2c3d4e5"}, "settings": {"title": "x"}},
    ],
)
def test_an_invalid_campaign_is_refused(client, body):
    with pytest.raises(ApiClientError) as caught:
        client.campaigns.create(body)
    assert caught.value.status_code == 400


def test_a_campaign_without_content_is_not_sent(client, fake):
    campaign = client.campaigns.create(campaign_body(fake))
    with pytest.raises(ApiClientError) as caught:
        client.campaigns.send(campaign["id"])
    assert caught.value.status_code == 400
    assert fake.sent == []


def test_campaigns_are_listed_by_status_and_page(client, fake):
    sent = ready_campaign(client, fake)
    client.campaigns.send(sent)
    for _ in range(2):
        client.campaigns.create(campaign_body(fake))
    drafts = client.campaigns.list(status="save", fields=["campaigns.id"])
    assert drafts["total_items"] == 2
    assert sent not in [c["id"] for c in drafts["campaigns"]]
    page = client.campaigns.list(count=1, offset=2)
    assert (page["total_items"], len(page["campaigns"])) == (3, 1)
    newest_first = client.campaigns.list(sort_field="create_time", sort_dir="DESC")
    assert newest_first["campaigns"][-1]["id"] == sent


def test_test_emails_are_recorded(client, fake):
    campaign_id = ready_campaign(client, fake)
    client.campaigns.send_test_email(
        campaign_id, {"test_emails": ["editor@example.org"], "send_type": "html"}
    )
    assert fake.test_sends[0]["test_emails"] == ["editor@example.org"]
    with pytest.raises(ApiClientError) as caught:
        client.campaigns.send_test_email(campaign_id, {"test_emails": [], "send_type": "pdf"})
    assert problem(caught.value)["errors"][0]["field"] == "send_type"
    assert client.campaigns.get(campaign_id)["status"] == "save"


def test_schedule_accepts_only_quarter_hours(client, fake):
    campaign_id = ready_campaign(client, fake)
    with pytest.raises(ApiClientError) as caught:
        client.campaigns.schedule(campaign_id, {"schedule_time": quarter_hour(2, minute=10)})
    assert caught.value.status_code == 400
    assert problem(caught.value)["errors"][0]["field"] == "schedule_time"

    client.campaigns.schedule(campaign_id, {"schedule_time": quarter_hour(2, minute=45)})
    assert client.campaigns.get(campaign_id)["status"] == "schedule"
    with pytest.raises(ApiClientError):
        client.campaigns.send(campaign_id)
    client.campaigns.unschedule(campaign_id)
    assert client.campaigns.get(campaign_id)["status"] == "save"


@pytest.mark.parametrize("status", [500, 503, 429])
def test_an_injected_error_is_raised_with_its_status(client, fake, status):
    fake.fail("GET", "/3.0/ping", status=status)
    with pytest.raises(ApiClientError) as caught:
        client.ping.get()
    assert caught.value.status_code == status
    assert problem(caught.value)["status"] == status
    assert client.ping.get()["health_status"]  # only the next request failed


def test_an_error_with_an_empty_body_is_returned_not_raised(client, fake):
    fake.fail("GET", "/3.0/ping", status=503, body="")
    assert client.ping.get().status_code == 503


@pytest.mark.parametrize(("apply", "status"), [(True, "sent"), (False, "save")])
def test_a_delay_beyond_the_timeout_raises_without_status(fake, apply, status):
    client = make_client(fake, timeout=0.2)
    campaign_id = ready_campaign(client, fake)
    fake.delay("POST", "/3.0/campaigns/*/actions/send", 0.6, apply=apply)
    with pytest.raises(ApiClientError) as caught:
        client.campaigns.send(campaign_id)
    assert caught.value.status_code is None
    assert isinstance(caught.value.text, requests.exceptions.Timeout)
    assert fake.wait_idle()
    assert fake.campaigns[campaign_id]["status"] == status


def test_a_dropped_connection_raises_without_status(client, fake):
    campaign_id = ready_campaign(client, fake)
    fake.drop("POST", "*/actions/send", apply=True)
    with pytest.raises(ApiClientError) as caught:
        client.campaigns.send(campaign_id)
    assert caught.value.status_code is None
    assert isinstance(caught.value.text, requests.exceptions.ConnectionError)
    assert len(fake.sent) == 1


def test_a_permanently_deleted_member_is_gone_and_cannot_be_re_added(client, fake):
    member_hash = subscriber_hash("ann@example.org")
    client.lists.set_list_member(fake.list_id, member_hash, member_body("ann@example.org"))
    response = client.lists.delete_list_member_permanent(fake.list_id, member_hash)
    assert response.status_code == 204
    with pytest.raises(ApiClientError) as caught:
        client.lists.get_list_member(fake.list_id, member_hash)
    assert caught.value.status_code == 404
    with pytest.raises(ApiClientError) as caught:
        client.lists.set_list_member(fake.list_id, member_hash, member_body("ann@example.org"))
    assert problem(caught.value)["title"] == "Forgotten Email Not Subscribed"


def test_an_unknown_path_is_not_found(client):
    with pytest.raises(ApiClientError) as caught:
        client.api_client.call_api("/lists/a1b2c3d4e5/segments", "GET")
    assert caught.value.status_code == 404
