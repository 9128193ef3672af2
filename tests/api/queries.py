"""Counting the queries of one API list request, for the query-budget tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from publishing import pagecache


def list_queries(client, url, **params):
    # The content lists go through the public page cache: the time of the next scheduled
    # publish is looked up once per content edit, site-wide; on a busy site another request
    # has done it already. The page itself is made afresh (the edit moved the generation).
    pagecache.next_content_change(pagecache.generation(), timezone.now())
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return len(captured)
