"""A fake Mailchimp Marketing API: a real HTTP server the official client can talk to.

Mocking `mailchimp_marketing`'s methods would skip the parts that break in production: the
URLs and Basic auth the client builds, the JSON it sends, and how it turns answers into
`ApiClientError(text, status_code)`. So the fake listens on 127.0.0.1 and the project points the
real client at it (`client.api_client.host = fake.base_url`).

Request bodies are checked against excerpts of Mailchimp's OpenAPI description
(`/work/shared/reference/mailchimp-marketing-openapi.yaml`, `components/schemas`; each excerpt
names its schema). They are copied here rather than loaded because the description lives
outside the repository and PyYAML is not a dependency. Rules the description does not carry
(quarter-hour schedules, send only from `save`/`paused`, subscriber hashes, forgotten
contacts) come from Mailchimp's documented behaviour.

Tests read and change the state (`lists`, `campaigns`, `sent`, `confirmations`, ...) directly;
do so once the client call has returned, or hold `fake.lock`. Faults: `fail`, `delay` and `drop`
mishandle the next few matching requests; `outage` (errors), `hang` (no answer) and `go_down`
(connections refused) last until `recover()`.
"""

import base64
import contextlib
import hashlib
import json
import re
import socketserver
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

DEFAULT_API_KEY = "0123456789abcdef0123456789abcdef-us21"
DEFAULT_INTEREST_CATEGORIES = {
    "Interests": ("Jobs", "Funding", "Events", "Surveys and consultations", "News"),
}
DEFAULT_MERGE_FIELDS = {"FNAME": "First Name", "LNAME": "Last Name"}
ERROR_DOCS = "https://mailchimp.com/developer/marketing/docs/errors/"
_FOREVER = float("inf")  # a fault's `times` for an outage: it never runs out


def subscriber_hash(email: str) -> str:
    """Mailchimp's member id: the MD5 of the lower-cased address."""
    return hashlib.md5(email.lower().encode(), usedforsecurity=False).hexdigest()


def _make_id(*parts: object) -> str:
    """A Mailchimp-looking 10-hex id, derived from `parts` so that runs are repeatable."""
    seed = ":".join(map(str, parts)).encode()
    return hashlib.md5(seed, usedforsecurity=False).hexdigest()[:10]


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# --- Request body schemas (an OpenAPI subset: type, enum, required, properties, items,
# additionalProperties) -----------------------------------------------------------------------

_STRING, _BOOLEAN, _INTEGER, _OBJECT, _ARRAY = (
    {"type": kind} for kind in ("string", "boolean", "integer", "object", "array")
)


def _enum(*values: str) -> dict:
    return {"type": "string", "enum": list(values)}


def _object(required: tuple[str, ...] = (), **properties: dict) -> dict:
    return {"type": "object", "required": list(required), "properties": properties}


_MEMBER_STATUS = _enum("subscribed", "unsubscribed", "cleaned", "pending", "transactional")

SCHEMAS = {
    # Add_List_Members_2 (PUT /lists/{list_id}/members/{subscriber_hash}). merge_fields values
    # are typed "object" there but are strings in practice, so they are left unchecked.
    "member": _object(
        ("email_address", "status_if_new"),
        email_address=_STRING,
        status_if_new=_MEMBER_STATUS,
        email_type=_STRING,
        status=_MEMBER_STATUS,
        merge_fields=_OBJECT,
        interests={"type": "object", "additionalProperties": _BOOLEAN},
        language=_STRING,
        vip=_BOOLEAN,
        location=_OBJECT,
        marketing_permissions={
            "type": "array",
            "items": _object(marketing_permission_id=_STRING, enabled=_BOOLEAN),
        },
        ip_signup=_STRING,
        timestamp_signup=_STRING,
        ip_opt=_STRING,
        timestamp_opt=_STRING,
    ),
    # Campaign_1 (POST /campaigns), with List_4 and Campaign_Settings_3 inside.
    "campaign": _object(
        ("type",),
        type=_enum("regular", "plaintext", "absplit", "rss", "variate"),
        recipients=_object(("list_id",), list_id=_STRING, segment_opts=_OBJECT),
        settings=_object(
            subject_line=_STRING,
            preview_text=_STRING,
            title=_STRING,
            from_name=_STRING,
            reply_to=_STRING,
            use_conversation=_BOOLEAN,
            to_name=_STRING,
            folder_id=_STRING,
            authenticate=_BOOLEAN,
            auto_footer=_BOOLEAN,
            inline_css=_BOOLEAN,
            auto_tweet=_BOOLEAN,
            auto_fb_post=_ARRAY,
            fb_comments=_BOOLEAN,
            template_id=_INTEGER,
        ),
        variate_settings=_object(("winner_criteria",)),
        tracking=_OBJECT,
        rss_opts=_object(("feed_url", "frequency")),
        social_card=_OBJECT,
        content_type=_enum("template", "multichannel"),
    ),
    # Campaign_Content_1 (PUT /campaigns/{campaign_id}/content)
    "content": _object(
        plain_text=_STRING,
        html=_STRING,
        url=_STRING,
        template=_object(("id",)),
        archive=_object(("archive_content",)),
        variate_contents=_ARRAY,
    ),
    # postCampaignsIdActionsTest_request
    "test": _object(
        ("send_type", "test_emails"),
        test_emails={"type": "array", "items": _STRING},
        send_type=_enum("html", "plaintext"),
    ),
    # postCampaignsIdActionsSchedule_request
    "schedule": _object(
        ("schedule_time",),
        schedule_time=_STRING,
        timewarp=_BOOLEAN,
        batch_delivery=_object(("batch_count", "batch_delay")),
    ),
}

# What a regular campaign needs although the description marks it optional. (Mailchimp itself
# accepts such a draft and refuses it only at send time; the fake refuses it early.)
_REGULAR_REQUIRED = (
    ("recipients", "list_id"),
    ("settings", "subject_line"),
    ("settings", "from_name"),
    ("settings", "reply_to"),
)


def _json_type(value: object) -> str:
    kinds = [("null", type(None)), ("boolean", bool), ("integer", int), ("number", float)]
    kinds += [("string", str), ("array", list), ("object", dict)]
    return next(name for name, kind in kinds if isinstance(value, kind))


def _error(field: str, message: str) -> dict:
    return {"field": field, "message": message}


def _schema_errors(value: Any, schema: dict, field: str = "") -> list[dict]:
    """The `errors` entries Mailchimp would give for `value`, worded as the real API words them."""
    expected, found = schema.get("type"), _json_type(value)
    if expected not in (None, found) and (expected, found) != ("number", "integer"):
        return [_error(field, f"Schema describes {expected}, {found} found instead")]
    if "enum" in schema and value not in schema["enum"]:
        accepted = ", ".join(schema["enum"])
        return [_error(field, f"Data presented is not one of the accepted values: {accepted}.")]
    prefix = f"{field}." if field else ""
    errors = [
        _error(prefix + name, f"Required fields were not provided: {name}")
        for name in schema.get("required", ())
        if name not in value
    ]
    properties = schema.get("properties", {})
    for name, item in value.items() if found == "object" else ():
        item_schema = properties.get(name, schema.get("additionalProperties"))
        if item_schema:
            errors += _schema_errors(item, item_schema, prefix + name)
    for index, item in enumerate(value) if "items" in schema else ():
        errors += _schema_errors(item, schema["items"], f"{prefix}{index}")
    return errors


# --- Answers ----------------------------------------------------------------------------------


class _Problem(Exception):
    """Raised by an endpoint to answer with Mailchimp's problem document."""

    def __init__(self, status: int, title: str, detail: str, errors: list | None = None):
        super().__init__(detail)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors

    def document(self) -> dict:
        document = {
            "type": ERROR_DOCS,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": str(uuid.uuid4()),
        }
        return document | ({"errors": self.errors} if self.errors else {})


def _invalid(errors: list[dict]) -> _Problem:
    detail = (
        "The resource submitted could not be validated. "
        "For field-specific details, see the 'errors' array."
    )
    return _Problem(400, "Invalid Resource", detail, errors)


def _not_found() -> _Problem:
    return _Problem(404, "Resource Not Found", "The requested resource could not be found.")


def _bad_request(detail: str) -> _Problem:
    return _Problem(400, "Bad Request", detail)


_FAULT_DETAILS = {
    429: "You have exceeded the limit of 10 simultaneous connections.",
    500: "An unexpected internal error has occurred. Please contact Support for more information.",
}


@dataclass
class _Fault:
    """How to mishandle the next `times` requests matching `method` and `pattern`."""

    method: str
    pattern: str
    times: float  # requests left to mishandle; _FOREVER for an outage
    status: int | None = None  # answer with this error instead of handling the request
    body: dict | str | None = None
    seconds: float = 0  # wait this long first
    apply: bool = False  # whether the request still changes the state
    drop: bool = False  # close the connection instead of answering
    hold: bool = False  # answer nothing until `recover()` or `stop()`, then close unhandled

    def answer(self) -> tuple[int, bytes, str]:
        if isinstance(self.body, str):  # e.g. a proxy's HTML page, or "" for an empty answer
            return self.status, self.body.encode(), "text/html; charset=utf-8"
        title = HTTPStatus(self.status).phrase
        document = (
            self.body
            or _Problem(self.status, title, _FAULT_DETAILS.get(self.status, title)).document()
        )
        return self.status, json.dumps(document).encode(), "application/problem+json"


class _Call(NamedTuple):
    body: Any
    query: dict[str, str]


def _route(template: str) -> re.Pattern:
    return re.compile("/3.0" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template))


# --- The fake ---------------------------------------------------------------------------------


class FakeMailchimp:
    """In-memory Mailchimp behind a local HTTP server; see the module docstring."""

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        list_id: str = "a1b2c3d4e5",
        list_name: str = "Network news",
        interest_categories: dict[str, tuple[str, ...]] = DEFAULT_INTEREST_CATEGORIES,
        marketing_permissions: tuple[str, ...] = ("Email",),
        merge_fields: dict[str, str] = DEFAULT_MERGE_FIELDS,
    ):
        self.api_key = api_key
        self.base_url: str | None = None
        self.lock = threading.RLock()
        self.lists: dict[str, dict] = {}
        self.campaigns: dict[str, dict] = {}
        # method, path, query, body, headers and the status answered, of every request
        self.requests: list[dict] = []
        self.test_sends: list[dict] = []
        self.sent: list[dict] = []  # one entry per campaign send, with the content sent
        # One entry per double opt-in email Mailchimp would send: a contact became "pending".
        self.confirmations: list[dict] = []
        self.list_id = self.add_list(
            list_name,
            list_id=list_id,
            interest_categories=interest_categories,
            marketing_permissions=marketing_permissions,
            merge_fields=merge_fields,
        )
        self._faults: list[_Fault] = []
        self._in_flight = 0
        self._idle = threading.Condition(self.lock)
        self._stopping = threading.Event()
        self._released = threading.Event()  # ends what `hang()` holds
        self._port = 0  # kept, so that `recover()` after `go_down()` listens where it did
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # Setting up

    def add_list(
        self,
        name: str,
        *,
        list_id: str | None = None,
        interest_categories: dict[str, tuple[str, ...]] = DEFAULT_INTEREST_CATEGORIES,
        marketing_permissions: tuple[str, ...] = ("Email",),
        merge_fields: dict[str, str] = DEFAULT_MERGE_FIELDS,
    ) -> str:
        """Add an audience; no `marketing_permissions` means GDPR fields are off for it."""
        list_id = list_id or _make_id("list", name)
        categories = [
            {
                "id": _make_id(list_id, title),
                "title": title,
                "interests": [{"id": _make_id(list_id, title, n), "name": n} for n in names],
            }
            for title, names in interest_categories.items()
        ]
        with self.lock:
            self.lists[list_id] = {
                "id": list_id,
                "web_id": len(self.lists) + 1,
                "name": name,
                "interest_categories": categories,
                "marketing_permissions": [
                    {"marketing_permission_id": _make_id(list_id, text), "text": text}
                    for text in marketing_permissions
                ],
                "merge_fields": [
                    {"merge_id": i, "tag": tag, "name": label, "type": "text", "required": False}
                    for i, (tag, label) in enumerate(merge_fields.items(), start=1)
                ],
                "members": {},  # by subscriber hash
                "forgotten": set(),  # hashes deleted permanently
            }
        return list_id

    def interest_id(self, name: str, list_id: str | None = None) -> str:
        audience = self.lists[list_id or self.list_id]
        categories = audience["interest_categories"]
        return next(i["id"] for c in categories for i in c["interests"] if i["name"] == name)

    def permission_id(self, text: str, list_id: str | None = None) -> str:
        permissions = self.lists[list_id or self.list_id]["marketing_permissions"]
        return next(p["marketing_permission_id"] for p in permissions if p["text"] == text)

    def member(self, email: str, list_id: str | None = None) -> dict | None:
        return self.lists[list_id or self.list_id]["members"].get(subscriber_hash(email))

    # Fault injection. Patterns are fnmatch patterns on the method and the full request path,
    # such as "/3.0/campaigns/*/actions/send"; the first rule with `times` left applies.

    def fail(
        self,
        method: str,
        path_pattern: str,
        *,
        status: int = 500,
        times: int = 1,
        body: dict | str | None = None,
    ) -> None:
        """Answer with `status` without handling the request. `body`: None for Mailchimp's
        problem document, a dict for another document, a string for a raw (HTML) answer."""
        self._add_fault(_Fault(method, path_pattern, times, status=status, body=body))

    def delay(
        self, method: str, path_pattern: str, seconds: float, *, times: int = 1, apply: bool = True
    ) -> None:
        """Wait `seconds` before handling, so a client with a shorter timeout gives up. With
        `apply` the request then takes effect, as at Mailchimp when only the answer is lost;
        without it the connection is closed unhandled."""
        fault = _Fault(method, path_pattern, times, seconds=seconds, apply=apply, drop=not apply)
        self._add_fault(fault)

    def drop(self, method: str, path_pattern: str, *, times: int = 1, apply: bool = False) -> None:
        """Close the connection without an answer, after handling the request if `apply`."""
        self._add_fault(_Fault(method, path_pattern, times, apply=apply, drop=True))

    # Outages: every matching request, until `recover()`.

    def outage(self, status: int = 503, method: str = "*", path_pattern: str = "*") -> None:
        """Answer every matching request with `status`, handling none, until `recover()`."""
        self._add_fault(_Fault(method, path_pattern, _FOREVER, status=status))

    def hang(self, method: str = "*", path_pattern: str = "*") -> None:
        """Accept every matching request and answer nothing: only the client's timeout ends
        its wait. Held requests are closed unhandled at `recover()` or `stop()`."""
        self._released.clear()
        self._add_fault(_Fault(method, path_pattern, _FOREVER, hold=True))

    def go_down(self) -> None:
        """Stop listening: connections are refused (the state is kept) until `recover()`."""
        if self._httpd is not None:
            self._close_server()

    def recover(self) -> None:
        """End every fault and outage: listen again on the same port, close held requests."""
        with self.lock:
            self._faults.clear()
        self._released.set()
        if self._httpd is None:
            self.start()

    def _add_fault(self, fault: _Fault) -> None:
        with self.lock:
            self._faults.append(fault)

    def _take_fault(self, method: str, path: str) -> _Fault | None:
        for fault in self._faults:
            if (
                fault.times
                and fnmatchcase(method, fault.method)
                and fnmatchcase(path, fault.pattern)
            ):
                fault.times -= 1
                return fault
        return None

    # Running

    def start(self) -> "FakeMailchimp":
        self._httpd = _Server(("127.0.0.1", self._port), _Handler)
        self._httpd.fake = self
        self._port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}/3.0"
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes delayed requests, which then give up
        self._released.set()
        if self._httpd is not None:
            self._close_server()

    def _close_server(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
        self._httpd = None

    def __enter__(self) -> "FakeMailchimp":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def wait_idle(self, timeout: float = 5) -> bool:
        """Wait for requests still being handled, e.g. a delayed one whose client timed out."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)

    # HTTP

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        url = urlsplit(request.path)
        raw = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        try:
            body, parsed = json.loads(raw or b"null"), True
        except ValueError:
            body, parsed = raw.decode(errors="replace"), False
        call = _Call(body, dict(parse_qsl(url.query)))
        record = {
            "method": request.command,
            "path": url.path,
            "query": call.query,
            "body": body,
            "headers": dict(request.headers.items()),
            "status": None,  # the status answered; None while held, or when none was
        }
        with self.lock:
            self._in_flight += 1
            self.requests.append(record)
            fault = self._take_fault(request.command, url.path)
        try:
            if fault and fault.hold:
                self._released.wait()
                request.close_connection = True
                return
            if fault and self._stopping.wait(fault.seconds):
                return
            answer = None
            if fault and fault.status:
                answer = fault.answer()
            elif fault is None or fault.apply:
                answer = self._dispatch(request, url.path, call, parsed)
            if answer and not (fault and fault.drop):
                with self.lock:
                    record["status"] = answer[0]
                _respond(request, *answer)
            else:
                request.close_connection = True
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def _dispatch(
        self, request: BaseHTTPRequestHandler, path: str, call: _Call, parsed: bool
    ) -> tuple[int, bytes, str]:
        try:
            self._authenticate(request.headers.get("Authorization", ""))
            if not parsed:
                detail = "We encountered an unspecified JSON parsing error."
                raise _Problem(400, "JSON Parse Exception", detail)
            for method, pattern, endpoint in self._ROUTES:
                match = pattern.fullmatch(path)
                if match and method == request.command:
                    with self.lock:
                        payload = endpoint(self, call, **match.groupdict())
                        if payload is None:
                            return 204, b"", ""
                        return 200, json.dumps(payload).encode(), "application/json; charset=utf-8"
            raise _not_found()
        except _Problem as problem:
            document = json.dumps(problem.document()).encode()
            return problem.status, document, "application/problem+json; charset=utf-8"

    def _authenticate(self, header: str) -> None:
        scheme, _, credentials = header.partition(" ")
        try:
            password = base64.b64decode(credentials, validate=True).decode().partition(":")[2]
        except ValueError:
            password = None
        if scheme.lower() != "basic" or password != self.api_key:
            detail = (
                "Your API key may be invalid, or you've attempted to access the wrong datacenter."
            )
            raise _Problem(401, "API Key Invalid", detail)

    # Endpoints: each takes the call and the path's parameters and returns a JSON payload, or
    # None for "204 No Content". They run holding the lock.

    def _ping(self, call: _Call) -> dict:
        return {"health_status": "Everything's Chimpy!"}

    def _audience(self, list_id: str) -> dict:
        if list_id not in self.lists:
            raise _not_found()
        return self.lists[list_id]

    def _get_list(self, call: _Call, list_id: str) -> dict:
        audience = self._audience(list_id)
        subscribed = [m for m in audience["members"].values() if m["status"] == "subscribed"]
        return {
            "id": list_id,
            "web_id": audience["web_id"],
            "name": audience["name"],
            "double_optin": True,
            "marketing_permissions": bool(audience["marketing_permissions"]),
            "stats": {"member_count": len(subscribed)},
        }

    def _get_interest_categories(self, call: _Call, list_id: str) -> dict:
        categories = [
            {
                "list_id": list_id,
                "id": c["id"],
                "title": c["title"],
                "display_order": order,
                "type": "checkboxes",
            }
            for order, c in enumerate(self._audience(list_id)["interest_categories"])
        ]
        return {"list_id": list_id} | _page("categories", categories, call.query)

    def _get_interests(self, call: _Call, list_id: str, category_id: str) -> dict:
        categories = self._audience(list_id)["interest_categories"]
        category = next((c for c in categories if c["id"] == category_id), None)
        if category is None:
            raise _not_found()
        interests = [
            {
                "category_id": category_id,
                "list_id": list_id,
                "id": i["id"],
                "name": i["name"],
                "subscriber_count": "0",
                "display_order": order,
            }
            for order, i in enumerate(category["interests"])
        ]
        page = _page("interests", interests, call.query)
        return {"list_id": list_id, "category_id": category_id} | page

    def _get_merge_fields(self, call: _Call, list_id: str) -> dict:
        fields = [f | {"list_id": list_id} for f in self._audience(list_id)["merge_fields"]]
        return {"list_id": list_id} | _page("merge_fields", fields, call.query)

    def _put_member(self, call: _Call, list_id: str, member_hash: str) -> dict:
        audience = self._audience(list_id)
        body = _valid(call.body, "member")
        email = body["email_address"]
        errors = []
        if "@" not in email:
            errors.append(_error("email_address", "Please provide a valid email address."))
        if subscriber_hash(email) != member_hash:
            message = "The subscriber hash in the URL is not the MD5 of this lower-cased address."
            errors.append(_error("email_address", message))
        categories = audience["interest_categories"]
        interest_ids = [i["id"] for c in categories for i in c["interests"]]
        errors += [
            _error(f"interests.{i}", f"Invalid interest ID: '{i}'")
            for i in body.get("interests", {})
            if i not in interest_ids
        ]
        permission_ids = {p["marketing_permission_id"] for p in audience["marketing_permissions"]}
        errors += [
            _error("marketing_permissions", f"Invalid marketing permission ID: '{p_id}'")
            for p in body.get("marketing_permissions", [])
            if (p_id := p.get("marketing_permission_id")) not in permission_ids
        ]
        # Mailchimp drops unknown merge tags silently; refusing them catches a lost field early.
        tags = [f["tag"] for f in audience["merge_fields"]]
        errors += [
            _error(f"merge_fields.{tag}", f"Unknown merge field: {tag}")
            for tag in body.get("merge_fields", {})
            if tag not in tags
        ]
        if errors:
            raise _invalid(errors)
        if member_hash in audience["forgotten"]:
            detail = (
                f"{email} was permanently deleted and cannot be re-imported. "
                "The contact must re-subscribe to get back on the list."
            )
            raise _Problem(400, "Forgotten Email Not Subscribed", detail)

        member = audience["members"].get(member_hash)
        was_pending = member is not None and member["status"] == "pending"
        if member is None:
            member = audience["members"][member_hash] = {
                "id": member_hash,
                "email_address": email,
                "unique_email_id": _make_id("member", list_id, member_hash),
                "email_type": "html",
                "status": body["status_if_new"],
                "merge_fields": dict.fromkeys(tags, ""),
                "interests": dict.fromkeys(interest_ids, False),
                "marketing_permissions": [
                    p | {"enabled": False} for p in audience["marketing_permissions"]
                ],
                "list_id": list_id,
                "timestamp_signup": _now(),
            }
        else:
            member["status"] = body.get("status", member["status"])
        member["email_address"] = email
        member["merge_fields"].update(body.get("merge_fields", {}))
        member["interests"].update(body.get("interests", {}))
        enabled = {
            p["marketing_permission_id"]: p.get("enabled", False)
            for p in body.get("marketing_permissions", [])
        }
        for permission in member["marketing_permissions"]:
            permission["enabled"] = enabled.get(
                permission["marketing_permission_id"], permission["enabled"]
            )
        member["last_changed"] = _now()
        if member["status"] == "pending" and not was_pending:
            self.confirmations.append({"email_address": email, "list_id": list_id})
        return member

    def _get_member(self, call: _Call, list_id: str, member_hash: str) -> dict:
        member = self._audience(list_id)["members"].get(member_hash)
        if member is None:
            raise _not_found()
        return member

    def _delete_member_permanently(self, call: _Call, list_id: str, member_hash: str) -> None:
        audience = self._audience(list_id)
        if audience["members"].pop(member_hash, None) is None:
            raise _not_found()
        audience["forgotten"].add(member_hash)

    def _create_campaign(self, call: _Call) -> dict:
        body = _valid(call.body, "campaign")
        recipients, settings = body.get("recipients", {}), body.get("settings", {})
        errors = [
            _error(f"{group}.{name}", "This value should not be blank.")
            for group, name in _REGULAR_REQUIRED
            if body["type"] == "regular" and not body.get(group, {}).get(name)
        ]
        if recipients.get("list_id") and recipients["list_id"] not in self.lists:
            errors.append(_error("recipients.list_id", "The list you provided does not exist."))
        if errors:
            raise _invalid(errors)
        number = len(self.campaigns) + 1
        campaign_id = _make_id("campaign", number)
        list_name = self.lists[recipients["list_id"]]["name"] if recipients else ""
        self.campaigns[campaign_id] = {
            "id": campaign_id,
            "web_id": 1000 + number,
            "type": body["type"],
            "create_time": _now(),
            "status": "save",
            "emails_sent": 0,
            "send_time": "",
            "content_type": body.get("content_type", "template"),
            "recipients": recipients | {"list_name": list_name},
            "settings": {"subject_line": "", "preview_text": "", "title": ""} | settings,
            "content": {"html": "", "plain_text": ""},
        }
        return _public(self.campaigns[campaign_id])

    def _campaign(self, campaign_id: str) -> dict:
        if campaign_id not in self.campaigns:
            raise _not_found()
        return self.campaigns[campaign_id]

    def _get_campaign(self, call: _Call, campaign_id: str) -> dict:
        return _public(self._campaign(campaign_id))

    def _list_campaigns(self, call: _Call) -> dict:
        status = call.query.get("status")
        campaigns = [_public(c) for c in self.campaigns.values() if status in (None, c["status"])]
        # Kept in creation order, so `sort_dir` reverses it whatever the `sort_field`.
        if call.query.get("sort_dir") == "DESC":
            campaigns.reverse()
        return _page("campaigns", campaigns, call.query)

    def _set_content(self, call: _Call, campaign_id: str) -> dict:
        campaign = self._campaign(campaign_id)
        body = _valid(call.body, "content")
        if campaign["status"] not in ("save", "paused"):
            raise _bad_request(
                f"The content of a campaign in status '{campaign['status']}' cannot be changed."
            )
        # Stored as given: Mailchimp would derive a missing plain_text from the html, but the
        # fake leaves it empty so that tests see the project sent none.
        campaign["content"] = {
            "html": body.get("html", ""),
            "plain_text": body.get("plain_text", ""),
        }
        return campaign["content"]

    def _get_content(self, call: _Call, campaign_id: str) -> dict:
        return self._campaign(campaign_id)["content"]

    def _send_test(self, call: _Call, campaign_id: str) -> None:
        campaign = _ready(self._campaign(campaign_id))
        body = _valid(call.body, "test")
        self.test_sends.append({"campaign_id": campaign_id, **body, **campaign["content"]})

    def _schedule(self, call: _Call, campaign_id: str) -> None:
        campaign = _ready(self._campaign(campaign_id))
        body = _valid(call.body, "schedule")
        try:
            when = datetime.fromisoformat(body["schedule_time"])
        except ValueError:
            raise _invalid([_error("schedule_time", "Invalid date-time.")]) from None
        when = when.replace(tzinfo=when.tzinfo or UTC).astimezone(UTC)
        if when.minute % 15 or when.second or when.microsecond:
            message = "Schedule time must be on the quarter-hour (:00, :15, :30, :45)."
            raise _invalid([_error("schedule_time", message)])
        if when <= datetime.now(UTC):
            raise _invalid([_error("schedule_time", "Schedule time must be in the future.")])
        campaign.update(status="schedule", send_time=when.isoformat())

    def _unschedule(self, call: _Call, campaign_id: str) -> None:
        campaign = self._campaign(campaign_id)
        if campaign["status"] != "schedule":
            raise _bad_request("This campaign is not scheduled.")
        campaign.update(status="save", send_time="")

    def _send(self, call: _Call, campaign_id: str) -> None:
        campaign = _ready(self._campaign(campaign_id))
        members = self.lists[campaign["recipients"]["list_id"]]["members"].values()
        emails_sent = sum(m["status"] == "subscribed" for m in members)
        campaign.update(status="sent", send_time=_now(), emails_sent=emails_sent)
        self.sent.append(
            {
                "campaign_id": campaign_id,
                "settings": dict(campaign["settings"]),
                **campaign["content"],
            }
        )

    _ROUTES = [
        (method, _route(template), endpoint)
        for method, template, endpoint in [
            ("GET", "/ping", _ping),
            ("GET", "/lists/{list_id}", _get_list),
            ("GET", "/lists/{list_id}/interest-categories", _get_interest_categories),
            ("GET", "/lists/{list_id}/interest-categories/{category_id}/interests", _get_interests),
            ("GET", "/lists/{list_id}/merge-fields", _get_merge_fields),
            ("PUT", "/lists/{list_id}/members/{member_hash}", _put_member),
            ("GET", "/lists/{list_id}/members/{member_hash}", _get_member),
            (
                "POST",
                "/lists/{list_id}/members/{member_hash}/actions/delete-permanent",
                _delete_member_permanently,
            ),
            ("POST", "/campaigns", _create_campaign),
            ("GET", "/campaigns", _list_campaigns),
            ("GET", "/campaigns/{campaign_id}", _get_campaign),
            ("PUT", "/campaigns/{campaign_id}/content", _set_content),
            ("GET", "/campaigns/{campaign_id}/content", _get_content),
            ("POST", "/campaigns/{campaign_id}/actions/test", _send_test),
            ("POST", "/campaigns/{campaign_id}/actions/schedule", _schedule),
            ("POST", "/campaigns/{campaign_id}/actions/unschedule", _unschedule),
            ("POST", "/campaigns/{campaign_id}/actions/send", _send),
        ]
    ]


def _valid(body: Any, schema: str) -> dict:
    errors = _schema_errors(body, SCHEMAS[schema])
    if errors:
        raise _invalid(errors)
    return body


def _ready(campaign: dict) -> dict:
    """The campaign, if it can still go out: Mailchimp sends only from `save` or `paused`."""
    if campaign["status"] in ("sending", "sent"):
        raise _bad_request("This campaign has already been sent.")
    if campaign["status"] not in ("save", "paused"):
        raise _bad_request(f"A campaign in status '{campaign['status']}' cannot be sent.")
    needed = "plain_text" if campaign["type"] == "plaintext" else "html"
    if not (campaign["recipients"].get("list_id") and campaign["content"][needed]):
        raise _bad_request("Your Campaign is not ready to send: it has no list or no content.")
    return campaign


def _public(campaign: dict) -> dict:
    """A campaign as the API shows it: its content has an endpoint of its own."""
    return {key: value for key, value in campaign.items() if key != "content"}


def _page(key: str, items: list, query: dict[str, str]) -> dict:
    """Mailchimp's pagination: `count` (default 10, at most 1000) items from `offset`.
    The `fields`/`exclude_fields` selectors are ignored: answers carry every field."""
    count, offset = min(int(query.get("count", 10)), 1000), int(query.get("offset", 0))
    return {key: items[offset : offset + count], "total_items": len(items)}


def _respond(request: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str) -> None:
    with contextlib.suppress(ConnectionError):  # the client gave up waiting (timeout)
        request.send_response(status)
        if body:
            request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)


class _Server(ThreadingHTTPServer):
    fake: FakeMailchimp

    def server_bind(self) -> None:
        """Skip HTTPServer's reverse DNS lookup of the host, which can stall on some machines."""
        socketserver.TCPServer.server_bind(self)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _serve(self) -> None:
        self.server.fake._serve(self)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet: `FakeMailchimp.requests` is the log."""


@contextlib.contextmanager
def running_fake_mailchimp(**options: Any):
    """A started `FakeMailchimp(**options)`, stopped on exit; for fixtures anywhere."""
    with FakeMailchimp(**options) as fake:
        yield fake
