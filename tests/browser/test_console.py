"""No page type leaves an error in the browser's console: no script error, no console.error,
and no request that fails or answers with an error (a missing favicon, stylesheet or script)."""

import pytest

from tests.browser.every_page import NOT_FOUND, build_demo_site, log_in, member_paths, public_paths
from tests.factories import make_site

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_page_type_logs_an_error(live_server, page):
    build_demo_site()
    problems = []
    current = {"name": "", "url": ""}

    def on_console(message):
        # The 404 page's own status is meant; Chromium logs it as a failed load.
        if message.type == "error" and message.location.get("url") != expected_404():
            problems.append(f"{current['name']}: console error: {message.text}")

    def on_response(response):
        if response.status >= 400 and response.url != expected_404():
            problems.append(f"{current['name']}: {response.status} for {response.url}")

    def expected_404():
        return live_server.url + NOT_FOUND if current["url"].endswith(NOT_FOUND) else None

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{current['name']}: {error}"))
    page.on(
        "requestfailed",
        lambda request: problems.append(
            f"{current['name']}: {request.url} failed ({request.failure})"
        ),
    )
    page.on("response", on_response)

    def visit(name, path):
        current.update(name=name, url=live_server.url + path)
        page.goto(current["url"])
        # Icons and deferred scripts load after the document; wait until nothing is pending.
        page.wait_for_load_state("networkidle")

    paths = public_paths()
    for name, path in paths.items():
        visit(name, path)
    log_in(page, live_server.url)
    for name, path in member_paths().items():
        visit(name, path)

    assert not problems, "\n".join(problems)


def test_the_favicons_are_served(live_server, page):
    """Headless Chromium may not fetch icons itself, so ask for both as a browser would."""
    make_site()
    page.goto(live_server.url + "/")
    icon = page.locator('link[rel="icon"]').get_attribute("href")

    svg = page.request.get(live_server.url + icon)
    ico = page.request.get(live_server.url + "/favicon.ico")

    assert svg.status == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert ico.status == 200 and ico.headers["content-type"] in {
        "image/x-icon",
        "image/vnd.microsoft.icon",
    }


def test_a_missing_resource_is_caught(live_server, page):
    """The listeners above see what they must: a page whose image is missing fails."""
    make_site()
    failures = []
    page.on("response", lambda response: response.status >= 400 and failures.append(response.url))
    page.on("console", lambda message: message.type == "error" and failures.append(message.text))

    page.goto(live_server.url + "/")
    page.evaluate(
        "() => new Promise(done => { const img = new Image(); img.onerror = done;"
        " img.src = '/static/img/no-such-image.png'; })"
    )

    assert any(url.endswith("/static/img/no-such-image.png") for url in failures)
