"""A member posts a vacancy through the public form (with a document), staff approve it in
the Wagtail admin, and it appears on the jobs board. axe-core (any impact, target sizes
included) on the empty form, the form with errors and the dashboard listing vacancies."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from jobs.models import Vacancy
from tests.jobs.factories import VacancyFactory
from tests.jobs.posting_helpers import PASSWORD, in_days_london, pdf_bytes, posting_site
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

_axe = Axe()


@pytest.fixture
def assert_accessible():
    """As the shared check, plus axe's target-size rule (WCAG 2.2 2.5.8), off by default."""

    def check(page):
        results = _axe.run(
            page,
            options={"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}},
        )
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def site():
    site = posting_site()
    VacancyFactory(parent=site["board"], organisation=site["org_a"], title="Cook")
    ended = VacancyFactory(parent=site["board"], organisation=site["org_a"], title="Driver")
    ended.end("filled", site["admin_a"])
    # A second organisation: its sections must stay distinguishable.
    MembershipFactory(organisation=site["org_b"], user=site["contributor_a"])
    VacancyFactory(parent=site["board"], organisation=site["org_b"], title="Adviser")
    return site


def log_in(page, live_server, username):
    page.goto(live_server.url + "/account/login/")
    page.get_by_role("main").get_by_label("Email address or username").fill(username)
    page.get_by_role("main").get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")


def test_a_member_posts_a_vacancy_that_staff_approve_in_the_admin(
    live_server, page, site, assert_accessible, assert_reflows
):
    log_in(page, live_server, "contributor-a")
    page.get_by_role("link", name="Post a vacancy for Peckham Youth Project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Post a vacancy")
    form_url = page.url
    assert_accessible(page)
    assert_reflows(page, form_url)

    # Sent with problems: a summary whose links lead to the fields, and nothing typed is lost.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(form_url)
    main = page.get_by_role("main")
    main.get_by_label("Job title").fill("Youth worker")
    main.get_by_label("Hours a week").fill("60")
    main.get_by_label("Document 1 (optional)").set_input_files(
        {"name": "Job description.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Send for approval").click()
    expect(page).to_have_title(re.compile(r"^Error: Post a vacancy"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(page.get_by_text("Choose your documents again.")).to_be_visible()
    expect(main.get_by_label("Job title")).to_have_value("Youth worker")
    assert_accessible(page)
    summary.get_by_role("link", name="The hours a week can be at most 48").click()
    hours = main.get_by_label("Hours a week")
    expect(hours).to_be_focused()
    expect(hours).to_have_attribute("aria-invalid", "true")

    hours.fill("17.5")
    main.get_by_label("Summary").fill("Run our Friday youth club in Peckham.")
    main.get_by_label("About the job").fill("We run a youth club.\n\n- Plan sessions\n- Listen")
    main.get_by_role("group", name="Where is the job?").get_by_label("In a London borough").check()
    main.get_by_label("Borough", exact=True).select_option(label="Southwark")
    main.get_by_role("group", name="How is the work done?").get_by_label("Hybrid").check()
    main.get_by_label("Salary from (£)").fill("28,000")
    main.get_by_label("Closing date").fill(in_days_london(10).isoformat())
    main.get_by_label("Application link").fill("https://example.org/apply")
    main.get_by_label("Topics (optional)").fill("youth work, Peckham")
    main.get_by_label("Document 1 (optional)").set_input_files(
        {"name": "Job description.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Send for approval").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_role("status")).to_contain_text("“Youth worker” is with the network's staff")
    vacancies = page.get_by_role("region", name="Our vacancies at Peckham Youth Project")
    expect(vacancies).to_contain_text("Youth worker Awaiting approval")
    expect(vacancies).to_contain_text("Cook Live")
    expect(vacancies).to_contain_text("Driver Filled")
    expect(vacancies).not_to_contain_text("Adviser")
    expect(
        page.get_by_role("region", name="Our vacancies at Barnet Advice Centre")
    ).to_contain_text("Adviser Live")
    assert_accessible(page)
    assert_reflows(page, live_server.url + "/account/")
    vacancy = Vacancy.objects.get(title="Youth worker")
    assert not vacancy.live
    assert vacancy.application_pack.get().kind == "job-description"

    # Staff approve it in the admin.
    page.get_by_role("navigation", name="Your account").get_by_role(
        "button", name="Log out"
    ).click()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/admin/pages/{vacancy.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Page 'Youth worker' has been updated")
    assert Vacancy.objects.get(pk=vacancy.pk).live

    page.goto(live_server.url + site["board"].url)
    page.get_by_role("link", name="Youth worker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Youth worker")
    expect(page.get_by_text("Plan sessions")).to_be_visible()
