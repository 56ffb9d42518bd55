"""Issue 10's phone layout and focus handling, measured in a real Chromium: the header's share of
a 390×844 screen, the menu as a disclosure (and as a link without JavaScript), "Closing soon"
within two screens, filters folded behind a Filter control, focus after a failed submit and
after filtering, reflow at 320px and axe at desktop and 320px widths."""

import re

import pytest
from playwright.sync_api import expect

from bulletin.choices import Kind
from bulletin.models import BulletinPost
from jobs.models import Vacancy
from members.models import Membership
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory, in_days
from tests.factories import StandardPageFactory, UserFactory, make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.members.factories import (
    BoroughFactory,
    EqualityAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    make_directory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
NARROWEST = {"width": 320, "height": 800}
PASSWORD = "correct horse battery staple"  # noqa: S105 -- the test accounts' password


@pytest.fixture
def site():
    home = make_site()
    for title in ("About the network", "Contact us", "Accessibility"):
        StandardPageFactory(parent=home, title=title, show_in_menus=True)
    bulletin = BulletinIndexPageFactory(parent=home, show_in_menus=True)
    jobs = JobsIndexPageFactory(parent=home, show_in_menus=True)
    make_directory(home)
    # Enough recent posts that "Latest from the bulletin" is long, and some closing soon.
    for number in range(6):
        BulletinPostFactory(parent=bulletin, title=f"Network news {number}")
    for number, days in enumerate((3, 6, 9)):
        BulletinPostFactory(
            parent=bulletin,
            title=f"Community fund round {number}",
            funding=True,
            deadline=in_days(days),
            tags=["Grants"],
        )
    BulletinPostFactory(parent=bulletin, title="Past fund", funding=True, deadline=in_days(-3))
    for number, days in enumerate((1, 2, 20)):
        VacancyFactory(parent=jobs, title=f"Advice worker {number}", closes_at=in_days(days))
    hackney = BoroughFactory(name="Hackney", slug="hackney")
    BoroughFactory(name="Lewisham", slug="lewisham")
    EqualityAreaFactory(name="Older people", slug="older-people")
    forum = OrganisationFactory(name="Hackney Deaf Forum", boroughs=[hackney])
    OrganisationFactory(name="Lewisham Pensioners", boroughs=[])
    MembershipFactory(
        organisation=forum,
        role=Membership.Role.ADMIN,
        user=UserFactory(
            username="forum-admin",
            first_name="Alexandra",
            last_name="Featherstonehaugh-Wetherington",
            email="alexandra.featherstonehaugh@hackney-deaf-forum.example.org",
        ),
    )
    return home


def top(page, locator):
    """Where an element starts, in CSS pixels from the top of the page."""
    return locator.evaluate("element => element.getBoundingClientRect().top + window.scrollY")


def header_height(page):
    return page.locator(".site-header").evaluate("header => header.getBoundingClientRect().height")


@pytest.mark.parametrize("path", ["/", "/bulletin/", "/jobs/", "/members/", "/about-the-network/"])
def test_on_a_phone_the_header_takes_at_most_a_fifth_of_the_screen(live_server, page, site, path):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    height = header_height(page)
    assert height <= PHONE["height"] / 5, f"{path}: header is {height}px of {PHONE['height']}"
    heading = page.get_by_role("heading", level=1)
    assert top(page, heading) < PHONE["height"] / 3
    # Search stays in the header; the menu is folded behind its button.
    expect(
        page.get_by_role("search").get_by_role("searchbox", name="Search the site")
    ).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


def test_phone_menu_is_a_disclosure_button(live_server, page, site, assert_accessible):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-menu")
    navigation = page.get_by_role("navigation", name="Main")

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation).to_be_visible()
    expect(page.get_by_role("navigation", name="Your account")).to_be_visible()
    assert_accessible(page)

    # Escape closes it and gives focus back to the button.
    navigation.get_by_role("link", name="Jobs board").focus()
    page.keyboard.press("Escape")
    expect(navigation).to_be_hidden()
    expect(menu).to_be_focused()
    expect(menu).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Enter")
    navigation.get_by_role("link", name="About the network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the network")


def test_phone_menu_works_without_javascript(browser, live_server, site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation).to_be_hidden()
    page.get_by_role("link", name="Menu").click()
    expect(page).to_have_url(re.compile(r"#site-menu$"))
    expect(navigation).to_be_visible()
    navigation.get_by_role("link", name="Jobs board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jobs board")
    context.close()


def test_desktop_shows_the_menu_without_a_button(live_server, page, site, assert_accessible):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    assert_accessible(page)


def test_home_page_reaches_closing_soon_within_two_screens_and_repeats_nothing(
    live_server, page, site, assert_accessible, assert_reflows
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    closing_soon = page.get_by_role("heading", name="Closing soon", exact=True)
    assert top(page, closing_soon) < 2 * PHONE["height"]
    deadlines = page.locator(".home-deadlines .card__title")
    expect(deadlines).to_have_text(
        ["Advice worker 0", "Advice worker 1", "Community fund round 0", "Community fund round 1"]
        + ["Community fund round 2"]
    )
    titles = page.locator("main .card__title").all_inner_texts()
    assert len(titles) == len(set(titles)), f"an item repeats on the home page: {titles}"
    assert_accessible(page)
    assert_reflows(page, live_server.url + "/")
    page.set_viewport_size(NARROWEST)
    assert_accessible(page)


def test_bulletin_filters_fold_on_a_phone_and_focus_goes_to_the_results(
    live_server, page, site, assert_accessible
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/bulletin/")
    filters = page.locator("details[data-filters]")
    expect(filters).not_to_have_attribute("open", "")
    first_post = page.locator(".bulletin-list .card").first
    assert top(page, first_post) < PHONE["height"], "the first post is below the first screen"

    page.get_by_text("Filter posts").click()
    page.get_by_role("main").get_by_label("Kind of post").select_option(Kind.FUNDING.value)
    page.get_by_role("main").get_by_label("Status").select_option(label="Open")
    page.get_by_role("button", name="Show posts").click()

    results = page.get_by_role("heading", name="3 posts match your filters.")
    expect(results).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Open funding calls \| Bulletin \| "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bulletin: Funding call, Open")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    expect(filters).to_have_attribute("open", "")  # a wide screen has room for them
    assert_accessible(page)


def test_bulletin_filters_stay_open_on_a_wide_screen(live_server, page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/bulletin/tag/grants/")
    expect(page.locator("details[data-filters]")).to_have_attribute("open", "")
    expect(page).to_have_title(re.compile(r"^Posts tagged Grants \| Bulletin \| "))
    # Reached by a link, not by filtering: focus stays at the top of the page.
    expect(page.get_by_role("heading", name="3 posts match your filters.")).not_to_be_focused()


def test_jobs_and_directory_filters_move_focus_to_the_results(
    live_server, page, site, assert_accessible
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/jobs/")
    assert top(page, page.locator(".jobs-list .card").first) < PHONE["height"]
    page.get_by_text("Filter vacancies").click()
    page.get_by_role("main").get_by_label("Order").select_option(label="Newest first")
    page.get_by_role("button", name="Show vacancies").click()
    expect(page.get_by_role("heading", name="3 open vacancies, newest first.")).to_be_focused()
    assert_accessible(page)

    page.goto(live_server.url + "/members/")
    page.get_by_text("Search and filter members").click()
    page.get_by_role("main").get_by_label("Borough").select_option("hackney")
    page.get_by_role("button", name="Show organisations").click()
    expect(page.get_by_role("heading", name="1 organisation matches your search.")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Members: Hackney \| "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Members: Hackney")
    assert_accessible(page)


def field_order(page, selector):
    """Each error link's target, in the order it comes on the page: (link text, position)."""
    return page.locator(selector).evaluate_all(
        """links => links.map(link => {
            const target = document.getElementById(link.hash.slice(1));
            const all = [...document.querySelectorAll('input, select, textarea')];
            return [link.textContent, all.indexOf(target)];
        })"""
    )


def test_failed_submit_focuses_the_error_summary_in_page_order(
    live_server, page, site, assert_accessible
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/join/")
    page.get_by_role("main").get_by_label("Website (optional)").fill("not a web address")
    page.get_by_role("button", name="Send application").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    order = field_order(page, ".error-summary a")
    positions = [position for _text, position in order]
    assert -1 not in positions, order
    assert positions == sorted(positions), f"error links are not in page order: {order}"
    assert_accessible(page)

    # The link to a group of checkboxes shows its question and its error, not only a box.
    summary.get_by_role("link", name="Choose at least one area.").click()
    group = page.get_by_role("group", name="Where does your organisation work?")
    expect(group.get_by_role("checkbox").first).to_be_focused()
    expect(group.locator("legend")).to_be_in_viewport()
    expect(group.get_by_text("Choose at least one area.")).to_be_in_viewport()


def test_optional_fields_say_so(live_server, page, site):
    page.goto(live_server.url + "/join/")
    main = page.get_by_role("main")
    for label in ("Website (optional)", "Charity number (optional)"):
        expect(main.get_by_label(label, exact=True)).to_be_visible()
    expect(main.get_by_label("Organisation name", exact=True)).to_be_visible()
    # A lone checkbox is a choice in itself, and the filters are all optional.
    expect(main.get_by_label("Our organisation is user-led", exact=True)).to_be_visible()
    page.goto(live_server.url + "/members/")
    expect(main.get_by_label("Borough", exact=True)).to_be_attached()


def log_in(page, live_server):
    page.goto(live_server.url + "/account/login/")
    page.get_by_role("main").get_by_label("Email address or username").fill("forum-admin")
    page.get_by_role("main").get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")


# Each word of each cell (a hyphen, a space or a <wbr> may end a line; nothing else may).
WORDS_SPLIT_ACROSS_LINES = """cells => cells.flatMap(cell => {
    const split = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        for (const match of node.textContent.matchAll(/[^\\s-]+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
            if (lines.size > 1) split.push(match[0]);
        }
    }
    return split;
})"""


def test_account_pages_reflow_at_320_pixels(
    live_server, page, site, assert_accessible, assert_reflows
):
    log_in(page, live_server)
    assert_reflows(page, live_server.url + "/account/")
    # At 320px no word in the table of people breaks in the middle.
    split = page.locator(".members-table td").evaluate_all(WORDS_SPLIT_ACROSS_LINES)
    assert split == [], f"words broken across lines: {split}"
    expect(page.get_by_role("cell", name="Organisation admin")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Edit the profile of Hackney Deaf Forum").click()
    assert_reflows(page, page.url)
    expect(page.get_by_role("main").get_by_label("New logo (optional)")).to_be_visible()
    assert_accessible(page)


def public_pages():
    """A page of every public type, with content."""
    return [
        "/",
        "/about-the-network/",
        "/bulletin/",
        "/bulletin/?kind=funding&status=open",
        "/bulletin/tag/grants/",
        BulletinPost.objects.get(title="Community fund round 0").url,
        "/jobs/",
        Vacancy.objects.get(title="Advice worker 0").url,
        "/members/",
        "/members/?borough=hackney",
        "/members/hackney-deaf-forum/",
        "/search/?q=fund",
        "/join/",
        "/account/login/",
        "/contact/",
        "/newsletter/",
        "/sitemap/",
        "/no-such-page/",
    ]


def test_every_page_reflows_at_320_pixels(live_server, page, site, assert_reflows):
    for path in public_pages():
        assert_reflows(page, live_server.url + path)
    log_in(page, live_server)
    organisation = "/account/organisations/hackney-deaf-forum/"
    for path in ("/account/", organisation + "profile/", organisation + "vacancies/new/"):
        assert_reflows(page, live_server.url + path)


@pytest.mark.parametrize("viewport", [DESKTOP, NARROWEST], ids=["desktop", "320px"])
def test_changed_pages_pass_axe_at_both_widths(
    live_server, page, site, assert_accessible, viewport
):
    page.set_viewport_size(viewport)
    for path in ("/", "/bulletin/?kind=funding", "/jobs/?sort=newest", "/members/?q=forum"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(live_server.url + "/join/")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("alert")).to_be_focused()
    assert_accessible(page)
    log_in(page, live_server)
    assert_accessible(page)
    page.get_by_role("link", name="Edit the profile of Hackney Deaf Forum").click()
    assert_accessible(page)
