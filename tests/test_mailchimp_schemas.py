"""The fake Mailchimp API checks requests as Mailchimp's published API description does: its
request schemas are compared here with that description (`../shared/reference/`)."""

from pathlib import Path

import pytest

from tests.mailchimp_fake import SCHEMAS

yaml = pytest.importorskip("yaml")

SPEC = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "reference"
    / "mailchimp-marketing-openapi.yaml"
)
ENDPOINTS = {
    "member": ("/lists/{list_id}/members/{subscriber_hash}", "put"),
    "campaign": ("/campaigns", "post"),
    "content": ("/campaigns/{campaign_id}/content", "put"),
    "test": ("/campaigns/{campaign_id}/actions/test", "post"),
    "schedule": ("/campaigns/{campaign_id}/actions/schedule", "post"),
}


@pytest.fixture(scope="module")
def spec():
    if not SPEC.exists():
        pytest.skip(f"Mailchimp's API description is not at {SPEC}.")
    with SPEC.open(encoding="utf-8") as description:
        return yaml.safe_load(description)


def resolve(spec, node):
    while "$ref" in node:
        *_, name = node["$ref"].split("/")
        node = spec["components"]["schemas"][name]
    return node


def request_schema(spec, path, method):
    body = spec["paths"][path][method]["requestBody"]
    return resolve(spec, body["content"]["application/json"]["schema"])


def differences(spec, ours, theirs, where):
    theirs = resolve(spec, theirs)
    found = []
    if "enum" in ours and sorted(ours["enum"]) != sorted(theirs.get("enum", [])):
        found.append(f"{where}: enum {ours['enum']} != {theirs.get('enum')}")
    if sorted(ours.get("required", [])) != sorted(theirs.get("required", [])):
        found.append(f"{where}: required {ours.get('required')} != {theirs.get('required')}")
    if "type" in ours and "type" in theirs and ours["type"] != theirs["type"]:
        found.append(f"{where}: type {ours['type']} != {theirs['type']}")
    for name, schema in ours.get("properties", {}).items():
        if name not in theirs.get("properties", {}):
            found.append(f"{where}.{name}: not in the description")
            continue
        found += differences(spec, schema, theirs["properties"][name], f"{where}.{name}")
    return found


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_the_fake_checks_what_the_description_says(spec, name):
    path, method = ENDPOINTS[name]
    assert not differences(spec, SCHEMAS[name], request_schema(spec, path, method), name)
