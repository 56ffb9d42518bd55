"""The Content Security Policy in a real Chromium: every public page type and the admin's page
editor load and work with no violation reported, either as a `securitypolicyviolation` event
or as an error in the console. JSON-LD blocks carry no nonce and raise no violation."""

import pytest
from playwright.sync_api import expect

from tests.browser.admin import log_in_to_admin
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import StandardPageFactory, make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.members.factories import OrganisationFactory, make_directory

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched_page(page):
    """The page, recording CSP violation events, console errors and uncaught script errors
    from the first byte. A resource that answers with an error status (the site has no
    favicon yet; the not-found page is a 404) is not a policy violation and is left out."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.console_errors = []

    def record(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            page.console_errors.append(f"{message.text} ({message.location['url']})")

    page.on("console", record)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


def assert_no_violations(page):
    assert page.evaluate("window.cspViolations") == [], page.url
    assert page.console_errors == [], page.url


@pytest.fixture
def public_pages():
    home = make_site()
    about = StandardPageFactory(
        parent=home, title="About", slug="about", body__0__paragraph="Who we are."
    )
    bulletin = BulletinIndexPageFactory(parent=home)
    event = BulletinPostFactory(parent=bulletin, title="Open meeting", event=True)
    jobs = JobsIndexPageFactory(parent=home)
    vacancy = VacancyFactory(parent=jobs, title="Youth worker")
    directory = make_directory(home)
    organisation = OrganisationFactory(name="Deptford Action")
    return {
        "home": "/",
        "standard page": about.url,
        "bulletin": bulletin.url,
        "event with JSON-LD": event.url,
        "jobs board": jobs.url,
        "vacancy with JSON-LD": vacancy.url,
        "member directory": directory.url,
        "organisation profile": f"{directory.url}{organisation.slug}/",
        "search": "/search/?q=meeting",
        "contact": "/contact/",
        "newsletter": "/newsletter/",
        "join": "/join/",
        "log in": "/account/login/",
        "sitemap": "/sitemap/",
        "not found": "/no-such-page/",
    }


def test_public_pages_run_under_the_policy_with_no_violation(
    live_server, watched_page, public_pages
):
    for name, path in public_pages.items():
        response = watched_page.goto(live_server.url + path)
        policy = response.headers["content-security-policy"]
        assert "unsafe-inline" not in policy, name
        assert "script-src 'self'" in policy, name
        assert_no_violations(watched_page)
    # The JSON-LD is there, without a nonce, and Chromium reported nothing about it.
    watched_page.goto(live_server.url + public_pages["vacancy with JSON-LD"])
    json_ld = watched_page.locator('script[type="application/ld+json"]')
    expect(json_ld).to_have_count(1)
    assert json_ld.get_attribute("nonce") is None
    assert "JobPosting" in json_ld.text_content()
    assert_no_violations(watched_page)


def test_an_inline_script_is_refused_on_public_pages(live_server, watched_page, public_pages):
    """The check above can fail: an inline script added to a public page is blocked and
    reported."""
    watched_page.goto(live_server.url + "/")
    watched_page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = true"; document.body.append(s); }"""
    )
    assert watched_page.evaluate("window.injected") is None
    assert any("script-src" in v for v in watched_page.evaluate("window.cspViolations"))


def test_the_admin_editor_loads_and_saves_under_its_own_policy(live_server, watched_page):
    # The dashboard asks Wagtail's site for its latest release; the test has no internet, so
    # the answer comes from here, after the browser has checked the policy allows the request.
    watched_page.route(
        "https://releases.wagtail.org/**",
        lambda route: route.fulfill(json={"version": "8.0.1", "url": "https://wagtail.org/"}),
    )
    bulletin = BulletinIndexPageFactory(parent=make_site())
    survey = BulletinPostFactory(parent=bulletin, title="Youth survey", consultation=True)
    log_in_to_admin(watched_page, live_server)
    assert_no_violations(watched_page)

    response = watched_page.goto(f"{live_server.url}/admin/pages/{survey.pk}/edit/")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy
    assert "no-store" in response.headers["cache-control"]
    # Each date picker is set up by one of Wagtail's inline scripts: they ran.
    expect(watched_page.locator(".xdsoft_datetimepicker")).not_to_have_count(0)
    watched_page.locator("#id_title").fill("Youth survey 2027")
    watched_page.get_by_role("button", name="Save draft").click()
    expect(watched_page.get_by_text("has been updated").first).to_be_visible()
    assert_no_violations(watched_page)

    # The preview panel frames the page under the admin's policy.
    watched_page.goto(f"{live_server.url}/admin/pages/{survey.pk}/edit/")
    watched_page.get_by_role("button", name="Toggle preview").click()
    expect(
        # Wagtail loads the preview in a second iframe, then swaps it for the first.
        watched_page.frame_locator("iframe[title='Preview']").last.get_by_role("heading", level=1)
    ).to_be_visible()
    assert_no_violations(watched_page)

    # Public pages seen by a logged-in editor carry Wagtail's user bar, within the public policy.
    watched_page.goto(live_server.url + survey.url)
    expect(watched_page.locator("wagtail-userbar")).to_be_attached()
    assert_no_violations(watched_page)
