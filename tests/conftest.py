import os
import shutil
import uuid

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_site

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture
def home(db):
    return make_site()


@pytest.fixture
def rate_limit_cache(settings):
    """Test settings use DummyCache, which counts nothing: give django-ratelimit a fresh real
    cache of its own, leaving Wagtail's (default) cache as it is."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(uuid.uuid4()),
        },
    }
    settings.RATELIMIT_USE_CACHE = "ratelimit"


@pytest.fixture
def editor(client):
    """A superuser, logged in to the admin through `client`."""
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


# Browser tests: pytest-playwright driving Debian's Chromium, since Playwright cannot download
# its own browser here. Sync Playwright runs an event loop beside live_server's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI needs Chromium at {CHROMIUM} for the browser tests.")
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
        "(or set CHROMIUM_PATH) to run the browser tests."
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not shutil.which(CHROMIUM):
        terminalreporter.write_line(
            f"Browser and accessibility tests were skipped: no Chromium at {CHROMIUM}.",
            yellow=True,
        )


def pytest_addoption(parser):
    parser.addoption(
        "--long-faults",
        action="store_true",
        help="Run the fault and load tests at full length (minutes each), not CI's short runs.",
    )


@pytest.fixture(scope="session")
def long_faults(request):
    return request.config.getoption("--long-faults")
