"""Feeds that answer a conditional request without reading their items."""

from hashlib import md5

from django.contrib.syndication.views import Feed
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date


class ConditionalFeed(Feed):
    """A syndication feed that answers 304 Not Modified when the reader's copy (its
    `If-None-Match` or `If-Modified-Since`) is current. Subclasses give `version_parts()`:
    the moments their content last changed and any counts that change without a new moment
    (an item unpublished), read with one cheap query, before any item is read."""

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
        self.request = request
        etag, last_modified = self.version()
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        response = super().__call__(request, *args, **kwargs)
        response.headers["ETag"] = etag
        if last_modified is not None:
            response.headers["Last-Modified"] = http_date(last_modified)
        return response
