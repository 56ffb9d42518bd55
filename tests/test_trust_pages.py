"""The pages people check before they trust a site: the accessibility statement and privacy
notice (demo content, chosen in the network's settings and linked where data is collected), the
sitemap for people, and the contact page with its form."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from hub.models import ContactMessage, NetworkSettings, OutgoingEmail
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def network(home):
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    network.contact_email = "team@example.org"
    network.save()
    return network


@pytest.fixture
def privacy(home, network):
    page = StandardPageFactory(parent=home, title="Privacy notice", slug="privacy-notice")
    network.privacy_page = page
    network.save()
    return page


@pytest.fixture(autouse=True)
def limit_of_three(settings, rate_limit_cache):
    """A limit of 3 contact messages an hour, counted in a real cache."""
    settings.CONTACT_RATE_LIMIT_PER_HOUR = 3


# Demo content ---------------------------------------------------------------------------------


def test_demo_builds_the_statement_and_the_notice_and_chooses_them_in_settings(settings, client):
    settings.DEBUG = True
    call_command("load_demo_content", stdout=StringIO())
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))

    statement = network.accessibility_page.specific
    assert statement.live and statement.url_path.endswith("/accessibility/")
    text = soup(client.get(statement.url)).get_text(" ", strip=True)
    for words in (
        "How accessible this website is",
        "What to do if you cannot use part of this website",
        "Reporting accessibility problems",
        "BSL",
        "text message",
        "Enforcement procedure",
        "Equality Advisory and Support Service",
        "How we tested this website",
        "axe-core",
        "320 CSS pixels",
        "PDF",
        "This statement was prepared on",
    ):
        assert words in text, words

    notice = network.privacy_page.specific
    assert notice.live and notice.url_path.endswith("/privacy/")
    text = soup(client.get(notice.url)).get_text(" ", strip=True)
    for words in (
        "Applications to join the network",
        "Member accounts",
        "Mailchimp",
        "consent",
        "contact form",
        "Vacancies and documents",
        "Server logs",
        "Your rights",
        "erase",
        "Information Commissioner",
    ):
        assert words in text, words

    # Running it again neither duplicates them nor overrides what staff chose.
    network.privacy_page = StandardPageFactory(parent=notice.get_parent(), slug="our-privacy")
    network.save()
    call_command("load_demo_content", stdout=StringIO())
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    assert network.privacy_page.slug == "our-privacy"
    assert network.accessibility_page.pk == statement.pk


# The privacy notice where data is collected -----------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/join/", "/account/login/", "/newsletter/", "/contact/", "/", "/sitemap/"]
)
def test_forms_that_collect_personal_data_link_to_the_privacy_notice(client, privacy, url):
    html = soup(client.get(url))
    links = [a for a in html.select("form a") if a["href"] == privacy.url]
    assert links, f"no link to the privacy notice inside a form on {url}"
    # The footer links to it too, beside the accessibility statement when one is chosen.
    assert html.select_one(f"footer a[href='{privacy.url}']")


def test_no_privacy_link_when_none_is_chosen_or_it_is_not_live(client, privacy, network):
    privacy.unpublish()
    assert not soup(client.get("/contact/")).select("a.privacy-note, .privacy-note")
    network.privacy_page = None
    network.save()
    assert not soup(client.get("/join/")).select(".privacy-note")


# The sitemap for people ----------------------------------------------------------------------


def test_the_sitemap_lists_live_public_pages_nested_and_not_drafts_or_private_ones(client, home):
    about = StandardPageFactory(parent=home, title="About us", slug="about")
    team = StandardPageFactory(parent=about, title="Our team", slug="team")
    draft = StandardPageFactory(parent=home, title="Secret plan", slug="plan", live=False)
    StandardPageFactory(parent=draft, title="Under a draft", slug="under")
    private = StandardPageFactory(parent=home, title="Staff only", slug="staff")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    StandardPageFactory(parent=private, title="Also staff only", slug="more")
    deep = StandardPageFactory(parent=team, title="Level three", slug="three")
    StandardPageFactory(parent=deep, title="Level four", slug="four")

    html = soup(client.get("/sitemap/"))
    pages = html.find("nav", attrs={"aria-labelledby": "sitemap-pages-heading"})
    titles = [a.get_text() for a in pages.find_all("a")]
    assert titles == ["Home", "About us", "Our team", "Level three"]
    # Nested: "Our team" sits in a list inside the "About us" item.
    about_item = pages.find("a", string="About us").parent
    assert about_item.find("a", string="Our team")
    assert pages.find("a", string="About us")["href"] == about.url

    places = html.find("nav", attrs={"aria-labelledby": "sitemap-places-heading"})
    hrefs = {a["href"] for a in places.find_all("a")}
    assert hrefs == {"/join/", "/account/login/", "/newsletter/", "/contact/", "/search/"}


def test_the_footer_links_to_the_sitemap_for_people_and_sitemap_xml_stays(client, home):
    footer = soup(client.get("/")).find("footer")
    assert footer.find("a", string="Sitemap")["href"] == "/sitemap/"
    assert client.get("/sitemap.xml").status_code == 200


# The contact page ------------------------------------------------------------------------------


def message_data(**changes):
    return {
        "name": "Sam Example",
        "email": "sam@example.org",
        "phone": "",
        "reply_by": "email",
        "message": "Can I get the bulletin in large print?\nThank you.",
        **changes,
    }


def test_a_message_is_stored_once_and_staff_are_emailed_once(client, network):
    response = client.post(reverse("contact"), message_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("contact_sent")
    message = ContactMessage.objects.get()
    assert message.name == "Sam Example"
    assert message.message == "Can I get the bulletin in large print?\nThank you."
    assert message.created_at is not None

    email = OutgoingEmail.objects.get()
    assert email.key == f"contact-message-{message.pk}"
    assert email.to == "team@example.org"
    assert "Sam Example" in email.subject
    assert "Can I get the bulletin in large print?" in email.text
    assert "sam@example.org" in email.text
    assert f"/admin/contact-messages/inspect/{message.pk}/" in email.text
    assert email.headers["Reply-To"] == "sam@example.org"

    text = soup(client.get(response["Location"])).get_text(" ", strip=True)
    assert "Message sent" in text and "12 months" in text


def test_without_a_contact_address_the_message_is_still_stored(client, network):
    network.contact_email = ""
    network.save()
    assert client.post(reverse("contact"), message_data()).status_code == 302
    assert ContactMessage.objects.count() == 1
    assert not OutgoingEmail.objects.exists()


def test_errors_are_shown_beside_their_fields_and_nothing_typed_is_lost(client, network):
    data = message_data(email="not an address", message="", reply_by="text")
    html = soup(client.post(reverse("contact"), data))
    assert html.title.get_text().startswith("Error:")
    summary = html.select_one(".error-summary")
    assert summary and "#id_email" in str(summary)

    email = html.find(id="id_email")
    assert email["aria-invalid"] == "true" and email["value"] == "not an address"
    assert "Enter an email address" in email.find_parent(class_="form-field").get_text()
    assert "Enter your message" in html.find(id="id_message").find_parent("div").get_text()
    phone_group = html.find(id="id_phone").find_parent(class_="form-field")
    assert "Enter a phone number" in phone_group.get_text()
    assert html.find(id="id_name")["value"] == "Sam Example"
    assert html.find("input", attrs={"name": "reply_by", "value": "text"}).has_attr("checked")
    assert not ContactMessage.objects.exists() and not OutgoingEmail.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Sam\x1b[31m Example"),
        ("message", "Hello\x07 there"),
        ("message", "Hello\x00 there"),
        ("phone", "020\x0b7946 0000"),
    ],
)
def test_control_characters_are_refused(client, network, field, value):
    response = client.post(reverse("contact"), message_data(**{field: value}))
    assert response.status_code == 200
    assert "form-field--error" in str(soup(response).find(id=f"id_{field}").find_parent("div"))
    assert not ContactMessage.objects.exists()


def test_line_breaks_and_tabs_are_allowed_in_the_message(client, network):
    text = "Line one\r\n\tLine two"
    assert client.post(reverse("contact"), message_data(message=text)).status_code == 302
    assert ContactMessage.objects.get().message == text


def test_messages_are_limited_per_email_address_and_per_ip(client, network):
    for attempt in range(3):
        data = message_data(email="same@example.org")
        response = client.post(reverse("contact"), data, REMOTE_ADDR=f"10.0.0.{attempt}")
        assert response.status_code == 302
    data = message_data(email="SAME@example.org")
    assert client.post(reverse("contact"), data, REMOTE_ADDR="10.0.0.9").status_code == 429
    for number in range(3):
        data = message_data(email=f"p{number}@example.org")
        assert client.post(reverse("contact"), data, REMOTE_ADDR="10.1.1.1").status_code == 302
    data = message_data(email="new@example.org")
    response = client.post(reverse("contact"), data, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert ContactMessage.objects.count() == 6
    assert OutgoingEmail.objects.count() == 6


def test_form_errors_do_not_count_towards_the_limit(client, network):
    for _ in range(5):
        assert client.post(reverse("contact"), message_data(message="")).status_code == 200
    assert client.post(reverse("contact"), message_data()).status_code == 302


def test_contact_routes_come_from_the_network_settings(client, network):
    network.phone = "020 7946 0000"
    network.text_number = "07700 900000"
    network.bsl_relay_url = "https://relay.example.org/hub"
    network.save()
    routes = soup(client.get("/contact/")).select_one(".contact-routes")
    assert routes.find("a", href="mailto:team@example.org")
    assert routes.find("a", href="tel:02079460000").get_text() == "020 7946 0000"
    assert routes.find("a", href="sms:07700900000").get_text() == "07700 900000"
    assert routes.find("a", href="https://relay.example.org/hub")
    assert "British Sign Language" in routes.get_text()


def test_contact_routes_are_absent_when_unset(client, network):
    network.contact_email = ""
    network.save()
    html = soup(client.get("/contact/"))
    assert html.select_one(".contact-routes") is None
    assert html.find("form", class_="contact-form")
    text = html.get_text(" ", strip=True)
    assert "Phone:" not in text and "BSL" not in text and "Text message (SMS):" not in text


def test_the_page_at_contact_supplies_the_editable_heading_and_text(client, home):
    StandardPageFactory(parent=home, title="Get in touch", slug="contact", intro="We reply soon.")
    html = soup(client.get("/contact/"))
    assert html.h1.get_text() == "Get in touch"
    assert "We reply soon." in html.select_one(".lead").get_text()


def test_staff_read_and_delete_messages_but_cannot_edit_or_add(client, editor, network):
    client.post(reverse("contact"), message_data())
    message = ContactMessage.objects.get()
    listing = client.get("/admin/contact-messages/")
    assert listing.status_code == 200 and "Sam Example" in listing.text
    inspect = client.get(f"/admin/contact-messages/inspect/{message.pk}/")
    assert "large print" in inspect.text
    assert client.get(f"/admin/contact-messages/edit/{message.pk}/").status_code in (302, 403)
    assert client.get("/admin/contact-messages/new/").status_code in (302, 403)
    response = client.post(f"/admin/contact-messages/delete/{message.pk}/")
    assert response.status_code == 302
    assert not ContactMessage.objects.exists()


def test_the_sitemap_costs_the_same_queries_however_many_pages(client, home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/sitemap/").status_code == 200
        return len(captured)

    StandardPageFactory(parent=home, slug="one")
    queries()  # fills the content-type cache
    few = queries()
    for number in range(8):
        parent = StandardPageFactory(parent=home, slug=f"page-{number}")
        StandardPageFactory(parent=parent, slug=f"child-{number}")
    assert queries() == few
