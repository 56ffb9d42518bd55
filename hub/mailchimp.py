"""The one gateway to Mailchimp's Marketing API, through its official client.

Everything that talks to Mailchimp goes through `Mailchimp`, which turns the client's loose error
reporting into one exception: `ApiClientError` carries a problem document as raw text, a network
error carries no status, and an error answered with an empty body is returned rather than raised.
`MailchimpError.transient` says whether trying again later can help.
"""

import hashlib
import json
import logging

import mailchimp_marketing
import requests
from django.conf import settings
from mailchimp_marketing.api_client import ApiClientError

logger = logging.getLogger(__name__)


class MailchimpError(Exception):
    """A failed call: `status` is the HTTP status, or None when no answer came (a timeout, a
    refused or dropped connection); `title` and `detail` come from Mailchimp's problem
    document when there is one."""

    def __init__(self, status, title, detail="", errors=()):
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = list(errors)
        super().__init__(self.message)

    @property
    def transient(self):
        """No answer, rate limited, or Mailchimp's own fault: worth retrying later."""
        return self.status is None or self.status == 429 or self.status >= 500

    @property
    def message(self):
        """In plain words, for logs, the admin and `manage.py mailchimp_check`."""
        status = f"HTTP {self.status}" if self.status else "no answer"
        parts = [f"{self.title} ({status})"]
        if self.detail:
            parts.append(self.detail)
        parts += [f"{error.get('field')}: {error.get('message')}" for error in self.errors]
        return ". ".join(parts)

    @classmethod
    def from_client_error(cls, error):
        if error.status_code is None:
            return cls(None, "Mailchimp did not answer", str(error.text))
        return cls.from_response(error.status_code, error.text)

    @classmethod
    def from_response(cls, status, body):
        problem = body
        if isinstance(body, str | bytes):
            try:
                problem = json.loads(body or "{}")
            except ValueError:
                problem = {"detail": str(body)[:200]}
        if not isinstance(problem, dict):
            problem = {}
        return cls(
            status,
            problem.get("title") or "Mailchimp refused the request",
            problem.get("detail", ""),
            problem.get("errors") or (),
        )


def subscriber_hash(email):
    """Mailchimp's id for a contact: the MD5 of the lower-cased address."""
    return hashlib.md5(email.strip().lower().encode(), usedforsecurity=False).hexdigest()


def is_configured():
    return bool(settings.MAILCHIMP_API_KEY)


class Mailchimp:
    """The calls the hub makes, each raising `MailchimpError` on failure."""

    def __init__(self):
        self.client = mailchimp_marketing.Client()
        self.client.set_config(
            {
                "api_key": settings.MAILCHIMP_API_KEY,
                "server": settings.MAILCHIMP_SERVER_PREFIX,
                "timeout": settings.MAILCHIMP_TIMEOUT,
            }
        )
        self.client.api_client.host = settings.MAILCHIMP_API_BASE_URL
        # The client replaces "server" anywhere in the URL with the prefix; a base URL already
        # names its host, so that rewriting is switched off.
        self.client.api_client.server = ""
        self.audience_id = settings.MAILCHIMP_AUDIENCE_ID

    def _call(self, action, *args, **kwargs):
        try:
            result = action(*args, **kwargs)
        except ApiClientError as error:
            raise MailchimpError.from_client_error(error) from None
        if isinstance(result, requests.Response):
            # An answer without a body: fine for the 204s of actions, an error otherwise.
            if not result.ok:
                raise MailchimpError.from_response(result.status_code, result.text)
            return None
        return result

    # The audience

    def ping(self):
        return self._call(self.client.ping.get)

    def audience(self):
        return self._call(self.client.lists.get_list, self.audience_id)

    def interest_categories(self):
        found = self._call(self.client.lists.get_list_interest_categories, self.audience_id)
        return found["categories"]

    def interests(self, category_id):
        found = self._call(
            self.client.lists.list_interest_category_interests, self.audience_id, category_id
        )
        return found["interests"]

    def set_member(self, email, merge_fields, interests, marketing_permissions=(), status=None):
        """Create or update a contact. A new contact is "pending": Mailchimp emails the double
        opt-in. An existing one keeps its status (an unsubscribe made in Mailchimp stands)
        unless `status` is given."""
        body = {
            "email_address": email,
            "status_if_new": "pending",
            "merge_fields": merge_fields,
            "interests": interests,
        }
        if marketing_permissions:
            body["marketing_permissions"] = list(marketing_permissions)
        if status:
            body["status"] = status
        return self._call(
            self.client.lists.set_list_member, self.audience_id, subscriber_hash(email), body
        )

    def member(self, email):
        return self._call(
            self.client.lists.get_list_member, self.audience_id, subscriber_hash(email)
        )

    def delete_member_permanently(self, email):
        """Erase a contact from the audience for good; an address already gone is no error."""
        try:
            self._call(
                self.client.lists.delete_list_member_permanent,
                self.audience_id,
                subscriber_hash(email),
            )
        except MailchimpError as error:
            if error.status != 404:
                raise

    # Campaigns

    def create_campaign(self, title, subject, preview_text, from_name, reply_to):
        return self._call(
            self.client.campaigns.create,
            {
                "type": "regular",
                "recipients": {"list_id": self.audience_id},
                "settings": {
                    "title": title,
                    "subject_line": subject,
                    "preview_text": preview_text,
                    "from_name": from_name,
                    "reply_to": reply_to,
                },
            },
        )

    def find_campaign(self, title):
        """The campaign with this title to this audience, if one was created (by a run that
        crashed before it could store the id, say)."""
        found = self._call(
            self.client.campaigns.list,
            list_id=self.audience_id,
            count=1000,
            sort_field="create_time",
            sort_dir="DESC",
        )
        return next(
            (
                campaign
                for campaign in found["campaigns"]
                if campaign["settings"].get("title") == title
                and campaign.get("recipients", {}).get("list_id") == self.audience_id
            ),
            None,
        )

    def campaign(self, campaign_id):
        return self._call(self.client.campaigns.get, campaign_id)

    def set_content(self, campaign_id, html, plain_text):
        return self._call(
            self.client.campaigns.set_content,
            campaign_id,
            {"html": html, "plain_text": plain_text},
        )

    def send_test(self, campaign_id, addresses):
        return self._call(
            self.client.campaigns.send_test_email,
            campaign_id,
            {"test_emails": list(addresses), "send_type": "html"},
        )

    def schedule(self, campaign_id, moment):
        return self._call(
            self.client.campaigns.schedule,
            campaign_id,
            {"schedule_time": moment.isoformat()},
        )

    def send(self, campaign_id):
        return self._call(self.client.campaigns.send, campaign_id)
