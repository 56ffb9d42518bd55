"""Feeds that answer a conditional request without reading their items, and are written once
per version for everyone."""

from hashlib import blake2b, md5

from django.contrib.syndication.views import Feed
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date

from hub.generation import remember


class ConditionalFeed(Feed):
    """A syndication feed that answers 304 Not Modified when the reader's copy (its
    `If-None-Match` or `If-Modified-Since`) is current. Subclasses give `version_parts()`:
    the moments their content last changed and any counts that change without a new moment
    (an item unpublished), read with one cheap query."""

    request = None

    def version_parts(self):
        raise NotImplementedError

    def version(self):
        """(ETag, Last-Modified timestamp) of the feed at this address."""
        moments, counts = self.version_parts()
        fingerprint = "|".join(
            str(part) for part in (self.request.get_full_path(), *moments, *counts)
        )
        etag = quote_etag(md5(fingerprint.encode(), usedforsecurity=False).hexdigest())
        latest = max(filter(None, moments), default=None)
        # Whole seconds, as the header carries them and readers send them back.
        return etag, int(latest.timestamp()) if latest else None

    def __call__(self, request, *args, **kwargs):
        """The feed, or 304 when the reader's copy is current. Its version (per address) and
        its text (per version) are kept for everyone until content changes or an item closes
        (hub.generation.remember); a 304 never writes the feed."""
        self.request = request
        address = f"{request.get_host()}{request.get_full_path()}"
        etag, last_modified = remember(
            feed_key("version", address), self.version, until_deadline=True
        )
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        response = remember(
            feed_key("text", f"{address}|{etag}"),
            lambda: super(ConditionalFeed, self).__call__(request, *args, **kwargs),
            until_deadline=True,
        )
        response.headers["ETag"] = etag
        if last_modified is not None:
            response.headers["Last-Modified"] = http_date(last_modified)
        return response


def feed_key(kind, value):
    return f"feed:{kind}:" + blake2b(value.encode(), digest_size=16).hexdigest()
