"""The sections registry: gathering pages ask a hook and render what the apps return."""

from wagtail import hooks

from hub.sections import Section, gather


def test_sections_are_gathered_from_every_function_in_order():
    calls = []

    def jobs(*args):
        calls.append(args)
        return [Section("jobs.html", order=30, count=2)]

    def bulletin(*args):
        return [Section("closing.html", order=20), Section("latest.html", order=10)]

    def nothing_to_show(*args):
        return []

    with hooks.register_temporarily(
        [("test_sections", jobs), ("test_sections", bulletin), ("test_sections", nothing_to_show)]
    ):
        sections = gather("test_sections", "the page", "the request")

    assert [s.template_name for s in sections] == ["latest.html", "closing.html", "jobs.html"]
    assert sections[2].context == {"count": 2}
    assert calls == [("the page", "the request")]


def test_a_hook_nobody_fills_gathers_nothing():
    assert gather("no_app_registered_this") == []
