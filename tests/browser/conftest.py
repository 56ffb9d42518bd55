import pytest
from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def assert_accessible():
    """Runs axe-core on the page in its current state; any violation of any impact fails."""

    def check(page):
        results = _axe.run(page)
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def assert_reflows():
    """WCAG 1.4.10: at 320 CSS pixels wide (a 1280px window at 400% zoom) nothing scrolls
    sideways. 200% zoom of a 1280px window is 640px, covered by the same check."""

    def check(page, url):
        size = page.viewport_size
        for width in (640, 320):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(url)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px wide"
        # The journey carries on at the size it had (on a phone, links fold behind Menu).
        page.set_viewport_size(size)

    return check
