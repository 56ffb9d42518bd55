"""Every page type is valid HTML by the W3C's Nu Html Checker (npm's `vnu-jar`, installed into
node_modules/ by `scripts/bootstrap test`), run once over all pages in one batch: a Java start
costs a second or two. The HTML checked is what the server sent, fetched by the browser."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.every_page import NOT_FOUND, build_demo_site, log_in, member_paths, public_paths

pytestmark = pytest.mark.django_db(transaction=True)

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture
def vnu_command():
    """The checker's command line; CI must have it, elsewhere its absence skips the test."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("java (17 or newer) is not on PATH")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR} is missing: run scripts/bootstrap test (needs npm)")
    if missing:
        reason = "Nu Html Checker unavailable: " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def check_html(vnu_command, documents, folder):
    """{name: html} checked in one run of the checker; returns {name: [error, …]}."""
    files = {}
    for number, (name, html) in enumerate(documents.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    run = subprocess.run(  # noqa: S603 -- the checker, on files this test wrote
        [*vnu_command, *(str(folder / file_name) for file_name in files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # The checker writes its JSON report to stderr, and exits 1 when it finds errors.
    report = json.loads(run.stderr)
    errors = {}
    for message in report["messages"]:
        name = files.get(Path(urlparse(message.get("url", "")).path).name, message.get("url"))
        where = f"line {message.get('lastLine')}: " if message.get("lastLine") else ""
        extract = message.get("extract", "").strip()
        errors.setdefault(name, []).append(f"{where}{message['message']} [{extract}]")
    return errors


def test_every_page_type_is_valid_html(live_server, page, vnu_command, tmp_path):
    build_demo_site()
    documents = {}

    def fetch(name, path):
        response = page.goto(live_server.url + path)
        expected = 404 if path == NOT_FOUND else 200
        assert response.status == expected, f"{name} ({path}) answered {response.status}"
        documents[f"{name} ({path})"] = response.text()

    for name, path in public_paths().items():
        fetch(name, path)
    log_in(page, live_server.url)
    for name, path in member_paths().items():
        fetch(name, path)

    errors = check_html(vnu_command, documents, tmp_path)

    assert not errors, "\n".join(
        f"{name}:\n  " + "\n  ".join(messages) for name, messages in errors.items()
    )


def test_the_checker_reports_what_html_forbids(vnu_command, tmp_path):
    """The checker runs and its report is read: six digits of a second, as the templates once
    wrote, are an error."""
    bad = (
        '<!doctype html><html lang="en"><title>t</title>'
        '<time datetime="2026-11-23T08:54:44.430118+00:00">23 November</time>'
    )
    good = bad.replace(".430118", "")

    errors = check_html(vnu_command, {"bad": bad, "good": good}, tmp_path)

    assert list(errors) == ["bad"]
    assert "fraction of a second" in errors["bad"][0]
