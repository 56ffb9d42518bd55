"""Hostile and random input at every public form and query parameter (hypothesis): the answer is
a 200 with field errors, a redirect after a complete save, a 400 or a 404, never a 500; nothing
is half-saved; HTML sent in comes back escaped. Control characters are refused with a message.

Each test is one database test running a modest number of examples (HOSTILE), so the whole
file takes well under a minute; raise max_examples locally for a longer hunt."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.contact import ContactForm
from hub.forms import ControlCharacterValidator, NoControlCharactersMixin
from hub.models import ContactMessage
from jobs.models import Vacancy
from members.models import MembershipApplication
from newsletter.models import Subscriber
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.jobs.posting_helpers import posting_site, vacancy_data
from tests.members.factories import (
    BoroughFactory,
    EqualityAreaFactory,
    OrganisationFactory,
    make_directory,
)

HOSTILE = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# A tag no template writes: seen raw in a page, it means injected HTML was not escaped.
MARKER = "<hostile-marker onmouseover=alert(1)>"
FRAGMENTS = [
    MARKER,
    f"</textarea>{MARKER}",
    f'"><script>alert(1)</script>{MARKER}',
    "'; DROP TABLE members_organisation; --",
    "1 OR 1=1",
    "%s%s%s%n",
    "{{ settings.SECRET_KEY }}",
    "\x00",
    "\x07\x1b[31m\x7f",
    "2026-02-31",
    "31/02/2026",
    "not-an-email@",
    "@example.org",
    "-1",
    "99999999999999999999999",
    "NaN",
    "../../etc/passwd",
    "\u202etxt.exe",
    "\ud7ff\ufeff\u200b",
]
hostile_text = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=200),
    st.integers(min_value=1_000, max_value=30_000).map(lambda n: "x" * n),
    st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=4).map("".join),
)


def assert_escaped(response):
    assert MARKER.encode() not in response.content
    assert b"<script>alert(1)</script>" not in response.content


def assert_never_an_error(response):
    assert response.status_code in {200, 302, 400, 404}, response.status_code


def assert_saved_at_most_once(response, before, after):
    """A refusal stores nothing; an acceptance stores one record, or none when the same form
    was already sent (the forms keep one record for a repeated submission)."""
    if response.status_code == 302:
        assert after - before in {0, 1}
    else:
        assert after == before


def hostile_form(fields, valid):
    """Valid data with some fields replaced by hostile values (or left out)."""
    return st.dictionaries(st.sampled_from(fields), hostile_text, min_size=1).map(
        lambda changes: {**valid, **changes}
    )


# Forms ------------------------------------------------------------------------------------


@pytest.fixture
def join_data():
    southwark = BoroughFactory(name="Southwark", slug="southwark")
    roma = EqualityAreaFactory(name="Roma communities", slug="roma-communities")
    return {
        "name": "Peckham Travellers Group",
        "public_email": "travellers@example.org",
        "boroughs": [southwark.pk],
        "equality_areas": [roma.pk],
        "short_description": "Gypsies and Travellers in Southwark, together.",
        "contact_name": "Alex Example",
        "contact_email": "alex@example.org",
        "agrees_to_values": "on",
        "agrees_to_privacy": "on",
    }


JOIN_FIELDS = [
    "name",
    "website",
    "public_email",
    "charity_number",
    "company_number",
    "boroughs",
    "equality_areas",
    "short_description",
    "contact_name",
    "contact_email",
    "user_led",
    "agrees_to_values",
]


@pytest.mark.django_db
def test_the_join_form_never_fails_or_half_saves(client, home, join_data):
    @HOSTILE
    @given(data=hostile_form(JOIN_FIELDS, join_data))
    def post(data):
        before = MembershipApplication.objects.count()
        response = client.post(reverse("members:join"), data)
        assert_never_an_error(response)
        assert_escaped(response)
        assert_saved_at_most_once(response, before, MembershipApplication.objects.count())
        if response.status_code == 302:
            stored = MembershipApplication.objects.order_by("-pk").first()
            assert stored.name and stored.contact_email  # whole, not half

    post()


CONTACT = {
    "name": "Sam Visitor",
    "email": "sam@example.org",
    "phone": "",
    "reply_by": "email",
    "message": "Hello",
}


@pytest.mark.django_db
def test_the_contact_form_never_fails_or_half_saves(client, home):
    @HOSTILE
    @given(data=hostile_form(list(CONTACT), CONTACT))
    def post(data):
        before = ContactMessage.objects.count()
        response = client.post(reverse("contact"), data)
        assert_never_an_error(response)
        assert_escaped(response)
        assert_saved_at_most_once(response, before, ContactMessage.objects.count())

    post()


SIGNUP = {
    "email": "reader@example.org",
    "first_name": "Sam",
    "interests": ["jobs"],
    "consent": "on",
}


@pytest.mark.django_db
def test_the_newsletter_sign_up_never_fails_or_half_saves(client, home):
    @HOSTILE
    @given(data=hostile_form([*SIGNUP, "source"], SIGNUP))
    def post(data):
        before = Subscriber.objects.count()
        response = client.post("/newsletter/", data)
        assert_never_an_error(response)
        assert_escaped(response)
        assert_saved_at_most_once(response, before, Subscriber.objects.count())

    post()


VACANCY_FIELDS = [
    "title",
    "summary",
    "description",
    "positions",
    "location",
    "borough",
    "place",
    "postcode",
    "hours_per_week",
    "contract_type",
    "contract_months",
    "salary_min",
    "salary_max",
    "salary_period",
    "closes_on",
    "closes_time",
    "interviews_on",
    "apply_url",
    "apply_email",
    "tags",
]


@pytest.mark.django_db
def test_the_vacancy_form_of_a_logged_in_member_never_fails_or_half_saves(client):
    people = posting_site()
    organisation = people["org_a"]
    client.force_login(people["admin_a"])
    valid = vacancy_data()
    new_vacancy = reverse("jobs:new_vacancy", args=[organisation.slug])

    @HOSTILE
    @given(data=hostile_form(VACANCY_FIELDS, valid))
    def post(data):
        before = Vacancy.objects.count()
        response = client.post(new_vacancy, data)
        assert_never_an_error(response)
        assert_escaped(response)
        assert_saved_at_most_once(response, before, Vacancy.objects.count())
        if response.status_code == 302:
            assert_escaped(client.get(reverse("members:dashboard")))

    post()


# Query parameters ---------------------------------------------------------------------------


@pytest.fixture
def listings(home):
    bulletin = BulletinIndexPageFactory(parent=home)
    BulletinPostFactory(parent=bulletin, title="Open meeting", event=True, tags=["Youth"])
    jobs = JobsIndexPageFactory(parent=home)
    VacancyFactory(parent=jobs, title="Youth worker")
    directory = make_directory(home)
    OrganisationFactory(name="Deptford Action")
    return {
        "/search/": ["q", "page"],
        bulletin.url: ["kind", "tag", "status", "sort", "page"],
        f"{bulletin.url}feed/rss/": ["kind", "tag"],
        jobs.url: [
            "location",
            "contract",
            "hours",
            "salary",
            "pattern",
            "organisation",
            "sort",
            "page",
        ],
        directory.url: ["q", "borough", "area", "user_led", "page"],
    }


@pytest.mark.django_db
def test_listing_filters_and_search_never_fail_and_escape_what_they_echo(client, listings):
    @HOSTILE
    @given(
        path=st.sampled_from(list(listings)),
        values=st.lists(hostile_text, min_size=1, max_size=5),
        data=st.data(),
    )
    def get(path, values, data):
        names = data.draw(st.lists(st.sampled_from(listings[path]), min_size=1, max_size=5))
        response = client.get(path, dict(zip(names, values, strict=False)))
        assert_never_an_error(response)
        assert_escaped(response)

    get()


# Control characters -----------------------------------------------------------------------


class NoteForm(NoControlCharactersMixin, forms.Form):
    title = forms.CharField()
    body = forms.CharField(widget=forms.Textarea)
    password = forms.CharField(widget=forms.PasswordInput)


def test_control_characters_are_refused_with_a_message_naming_them():
    form = NoteForm({"title": "Bell\x07 and escape\x1b", "body": "ok", "password": "a\x07b"})
    assert form.errors == {
        "title": [
            "This has an invisible control character in it (U+0007, U+001B), perhaps from "
            "copying and pasting. Type the text again, or paste it as plain text."
        ]
    }


def test_multi_line_boxes_keep_tabs_and_line_breaks_but_not_delete():
    assert NoteForm({"title": "t", "body": "a\tb\r\nc", "password": "p"}).is_valid()
    form = NoteForm({"title": "t\tx", "body": "a\x7fb", "password": "p"})
    assert set(form.errors) == {"title", "body"}
    assert "U+007F" in form.errors["body"][0]


@given(st.text(alphabet=st.characters(categories=["Cc"]), min_size=1))
@settings(max_examples=50)
def test_every_control_character_but_tab_and_line_breaks_is_refused(text):
    validator = ControlCharacterValidator(multiline=True)
    if set(text) <= {"\t", "\n", "\r"}:
        validator(text)
    else:
        with pytest.raises(ValidationError):
            validator(text)


@pytest.mark.django_db
def test_the_public_forms_refuse_control_characters(client, home, join_data):
    response = client.post(reverse("members:join"), {**join_data, "name": "Ring\x07ing"})
    assert response.status_code == 200
    assert "invisible control character in it (U+0007)" in response.content.decode()
    assert not MembershipApplication.objects.exists()

    form = ContactForm({**CONTACT, "message": "Line one\nLine\ttwo\x1b"})
    assert list(form.errors) == ["message"]
    assert ContactForm({**CONTACT, "message": "Line one\r\nLine\ttwo"}).is_valid()
