"""The core names no content app.

`hub` is the bottom layer: settings, URL wiring, base pages and generic helpers. The content
apps build on it, so it must not name them: not by import (import-linter checks that too, see
`[tool.importlinter]` in pyproject.toml), not by string (`apps.get_model("bulletin", ...)`,
`"bulletin.BulletinPost"`, `"members:login"`, `"jobs/vacancy.html"`) and not through a reverse
relation a content app adds to another model (`organisation.bulletin_posts`). The composition
root, `hub/settings/` (INSTALLED_APPS) and `hub/urls.py` (URL includes), is the one exception.

The core templates (the base layout, error pages, the shared components and the hub's own
pages) likewise name no content app's templates, URLs or template tag libraries.
"""

import ast
import functools
import re
from pathlib import Path

from django.apps import apps
from django.db import models

ROOT = Path(__file__).resolve().parent.parent
CONTENT_APPS = ("members", "bulletin", "jobs", "demo", "newsletter")


# Python --------------------------------------------------------------------------------------


def hub_modules():
    """Every module of the core except the composition root."""
    for path in sorted((ROOT / "hub").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "hub/urls.py" or relative.startswith("hub/settings/"):
            continue
        yield path


def app_named_by(value):
    """The content app a string names: its label alone or followed by `.`, `/` or `:`."""
    for label in CONTENT_APPS:
        if value == label or value.startswith((f"{label}.", f"{label}/", f"{label}:")):
            return label
    return None


@functools.cache
def reverse_accessors():
    """{name: relation} for the reverse accessors and query names that the content apps'
    relations add to the models they point at, e.g. "bulletin_posts" on Organisation."""
    names = {}
    for label in CONTENT_APPS:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:  # not installed (yet)
            continue
        for model in app_config.get_models():
            for field in model._meta.get_fields(include_parents=False):
                if not isinstance(field, models.ForeignKey | models.ManyToManyField):
                    continue
                if field.model is not model or field.remote_field.hidden:
                    continue
                relation = f"{model._meta.label}.{field.name}"
                for name in (field.remote_field.get_accessor_name(), field.related_query_name()):
                    names.setdefault(name, relation)
    return names


def accessor_in_lookup(value, accessors):
    """The reverse accessor a query lookup ("bulletin_posts", "vacancies__live") starts with;
    `value` is None for a `**kwargs` keyword."""
    first = (value or "").split("__", 1)[0]
    return first if first in accessors else None


def content_app_references(source, filename, accessors):
    """(line, message) for every place this Python source names a content app."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            for module in modules:
                if label := app_named_by(module):
                    found.append((node.lineno, f"imports {module} (content app {label!r})"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if label := app_named_by(node.value):
                found.append((node.lineno, f"the string {node.value!r} names {label!r}"))
            elif name := accessor_in_lookup(node.value, accessors):
                found.append(
                    (node.lineno, f"the lookup {node.value!r} uses {accessors[name]}'s reverse")
                )
        elif isinstance(node, ast.Attribute) and node.attr in accessors:
            found.append(
                (node.lineno, f".{node.attr} is the reverse accessor of {accessors[node.attr]}")
            )
        elif isinstance(node, ast.keyword) and (name := accessor_in_lookup(node.arg, accessors)):
            found.append((node.lineno, f"the lookup {node.arg}= uses {accessors[name]}'s reverse"))
    return sorted(set(found))


def test_the_core_names_no_content_app():
    accessors = reverse_accessors()
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {message}"
        for path in hub_modules()
        for line, message in content_app_references(path.read_text(), str(path), accessors)
    ]
    assert not problems, "hub names content apps outside settings and urls.py:\n" + "\n".join(
        problems
    )


def test_the_reverse_accessors_come_from_the_app_registry():
    accessors = reverse_accessors()
    assert accessors["bulletin_posts"] == "bulletin.BulletinPost.organisation"
    assert accessors["vacancies"] == "jobs.Vacancy.organisation"
    assert accessors["memberships"] == "members.Membership.user"
    # Multi-table inheritance: page.bulletinpost is bulletin's too.
    assert accessors["bulletinpost"] == "bulletin.BulletinPost.page_ptr"
    assert "+" not in accessors and None not in accessors


# The checker itself, on synthetic sources.

FAKE_ACCESSORS = {"bulletin_posts": "bulletin.BulletinPost.organisation"}

NAMING_SOURCE = '''\
"""A module that names content apps in every way the check knows."""
import bulletin.models
from jobs.models import Vacancy
from django.apps import apps

Post = apps.get_model("bulletin", "BulletinPost")
LABEL = "jobs.Vacancy"
TEMPLATE = "members/join.html"
URL_NAME = "members:login"
DEMO = "demo"


def latest(organisation, Organisation):
    posts = organisation.bulletin_posts.all()
    senders = Organisation.objects.filter(bulletin_posts__isnull=False)
    return posts, senders, Organisation.objects.prefetch_related("bulletin_posts")
'''

CLEAN_SOURCE = '''\
"""Nothing here names a content app: bulletins, jobs and members are only words."""
from django.apps import apps
from hub import sections
from hub.models import HomePage

TEMPLATE = "pages/hub/home_page.html"
WORDS = ["membership", "members_only", "jobseeker", "bulletins", "demonstration", "jobs board"]
CACHE_KEY = "hub:main-menu:{site_id}"


def gather(page, request, organisation):
    return sections.gather(sections.HOME_PAGE_SECTIONS, page, request), organisation.posts
'''


def test_the_checker_finds_each_way_of_naming_a_content_app():
    found = content_app_references(NAMING_SOURCE, "naming.py", FAKE_ACCESSORS)
    lines = [line for line, _ in found]
    assert lines == [2, 3, 6, 7, 8, 9, 10, 14, 15, 16], found
    messages = dict(found)
    assert "'bulletin'" in messages[6]
    assert "bulletin.BulletinPost.organisation" in messages[14]


def test_the_checker_passes_a_module_that_names_no_content_app():
    assert content_app_references(CLEAN_SOURCE, "clean.py", FAKE_ACCESSORS) == []


# Templates -----------------------------------------------------------------------------------

LABELS = "|".join(CONTENT_APPS)
# A content app's template folder or URL path ("components/bulletin/…", "/jobs/"), a URL
# namespace ({% url 'members:login' %}), or a tag library ({% load bulletin_tags %}).
TEMPLATE_PATTERNS = [
    re.compile(rf"(?<![\w-])(?P<label>{LABELS})/"),
    re.compile(rf"""["'](?P<label>{LABELS}):"""),
    re.compile(rf"{{%-?\s*load\s[^%]*?(?<![\w-])(?P<label>{LABELS})\w*"),
]


def core_templates():
    """The templates outside any app's folder: the base layout, error pages, the components
    directly in templates/components/, and the hub's own pages."""
    templates = ROOT / "templates"
    paths = [templates / name for name in ("base.html", "404.html", "500.html")]
    paths += templates.glob("components/*.html")
    paths += templates.glob("pages/*.html")
    paths += (path for path in templates.glob("pages/hub/**/*") if path.is_file())
    return sorted(path for path in paths if path.exists())


def template_references(text):
    """(line, matched text, label) for every place a template names a content app."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern in TEMPLATE_PATTERNS:
            for match in pattern.finditer(line):
                found.append((number, match.group(0), match["label"]))
    return found


def test_the_core_templates_name_no_content_app():
    assert core_templates(), "found none of the core templates"
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {text!r} names {label!r}"
        for path in core_templates()
        for line, text, label in template_references(path.read_text())
    ]
    assert not problems, "core templates name content apps:\n" + "\n".join(problems)


def test_the_template_checker_finds_folders_urls_and_tag_libraries():
    text = "\n".join(
        [
            '{% include "components/bulletin/post_card.html" %}',
            "{% load wagtailcore_tags bulletin_tags %}",
            "<a href=\"{% url 'members:login' %}\">Log in</a>",
            '<a href="/jobs/">Jobs</a>',
            "{% load static %}",
            '{% include "components/pagination.html" %}',
            "<p>Our members, jobs and bulletin: a demo/newsletter</p>",
        ]
    )
    found = [(line, label) for line, _, label in template_references(text)]
    assert found == [(1, "bulletin"), (2, "bulletin"), (3, "members"), (4, "jobs"), (7, "demo")]
