"""Counting the SQL queries a page costs, for the tests that hold pages to a fixed number."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, data=None):
    """Queries for one GET of `url`, after a first GET has warmed Wagtail's per-process caches
    and created per-site rows, as for every visitor after the first."""
    client.get(url, data)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)
