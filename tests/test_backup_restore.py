"""The README's backup and restore commands, run as written: a site with pages, a draft and an
image is dumped with pg_dump, restored with pg_restore into a new database and media folder, and
serves the same content from the copy."""

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import StandardPageFactory, make_site
from tests.test_production_recipe import (
    bare_env,
    fresh_database,
    readme_block,
    run,
    server_url,
)

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL"),
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs PostgreSQL's client tools"),
    # The dump is taken by another process, so the content must be committed.
    pytest.mark.django_db(transaction=True),
]

# What a visitor and the search see, and the image's file, from the database DATABASE_URL
# names and the folder MEDIA_ROOT names.
DESCRIBE_SITE = """
import hashlib, json, re
import django
django.setup()
from django.test import Client
from wagtail.images.models import Image
from wagtail.models import Page, Revision

client = Client(HTTP_HOST="localhost")
answers = {}
for path in ["/", "/annual-report/", "/search/?q=allotments"]:
    response = client.get(path)
    # Each answer's form has a fresh CSRF token; the rest must match.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    answers[path] = [response.status_code, page]
image = Image.objects.get()
print(json.dumps({
    "answers": answers,
    "pages": sorted(Page.objects.values_list("title", "live", "url_path")),
    "revisions": Revision.objects.count(),
    "image": [image.title, hashlib.sha256(image.file.read()).hexdigest()],
}))
"""


def describe_site(env):
    result = subprocess.run(  # noqa: S603 -- our own snippet
        [sys.executable, "-c", DESCRIBE_SITE],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "hub.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def run_block(name, srv, env_file_values):
    """Writes /srv/hub.env (here under `srv`) and runs the README's block as written, with only
    /srv/ and the backup's date filled in."""
    (srv / "hub.env").write_text("".join(f"{k}={v}\n" for k, v in env_file_values.items()))
    script = readme_block(name)
    for placeholder, value in [
        ("/srv/hub.env", str(srv / "hub.env")),
        ("/srv/hub", str(ROOT)),
        ("/srv/backups", str(srv / "backups")),
    ]:
        script = script.replace(placeholder, value)
    for dump in (srv / "backups").glob("hub-*.dump"):
        script = script.replace("YYYY-MM-DD", dump.stem.removeprefix("hub-"))
    result = run(["/bin/bash", "-euo", "pipefail", "-c", script], bare_env(srv), 300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_the_readme_backup_restores_the_same_site_into_a_new_database(tmp_path, settings):
    media, restored_media = tmp_path / "media", tmp_path / "restored-media"
    settings.MEDIA_ROOT = str(media)
    home = make_site()
    StandardPageFactory(
        parent=home, title="Annual report", slug="annual-report", intro="Community allotments"
    )
    draft = StandardPageFactory(parent=home, title="Draft plans", slug="draft-plans", live=False)
    draft.save_revision()
    Image.objects.create(title="Allotment photo", file=get_test_image_file(colour="green"))

    env_file = {
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": server_url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(media),
    }
    before = describe_site({**bare_env(tmp_path), **env_file})
    run_block("backup", tmp_path, env_file)
    assert [p.suffix for p in sorted((tmp_path / "backups").iterdir())] == [".dump", ".gz"]

    with fresh_database("hub_restored") as restored:
        env_file |= {"DATABASE_URL": server_url(restored), "MEDIA_ROOT": str(restored_media)}
        run_block("restore", tmp_path, env_file)
        after = describe_site({**bare_env(tmp_path), **env_file})

    assert after == before
    # and it is a real site, not two empty answers that happen to match
    assert [status for status, _ in before["answers"].values()] == [200, 200, 200]
    assert "Community allotments" in before["answers"]["/annual-report/"][1]
    assert "Annual report" in before["answers"]["/search/?q=allotments"][1]
    assert ["Draft plans", False, "/test-home/draft-plans/"] in before["pages"]
    assert before["revisions"] >= 1
    assert os.listdir(restored_media / "original_images")
