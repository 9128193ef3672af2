"""The header's "My assignments" link: shown to members of a group, kept right without a query."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from groups.services import group_join, membership_remove
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LINK = 'href="/accounts/me/#my-assignments-title"'


def _header(client, url="/learn/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def test_a_member_sees_my_assignments_in_the_navigation(client, learner, group):
    client.force_login(learner)

    html = _header(client)

    assert LINK in html and ">My assignments</a>" in html


def test_my_assignments_link_leads_to_the_section_on_my_progress(client, learner, group):
    client.force_login(learner)

    html = _header(client, "/accounts/me/")

    assert 'id="my-assignments-title"' in html
    assert "You have no assignments yet." in html


def test_visitors_and_people_in_no_group_see_no_link(client, outsider):
    assert LINK not in _header(client)
    client.force_login(outsider)
    html = _header(client)
    assert LINK not in html
    assert 'id="my-assignments-title"' not in _header(client, "/accounts/me/")


def test_an_educator_who_runs_a_group_but_is_in_none_sees_no_link(client, educator, group):
    client.force_login(educator)

    assert LINK not in _header(client)


def test_joining_shows_the_link_and_removal_hides_it_at_once(client, outsider, educator, group):
    client.force_login(outsider)
    assert LINK not in _header(client)  # the answer is now cached

    group_join(user=outsider, code=group.join_code)
    assert LINK in _header(client)

    membership_remove(group=group, educator=educator, user=outsider)
    assert LINK not in _header(client)


def test_deleting_the_group_hides_the_link(client, learner, group):
    client.force_login(learner)
    assert LINK in _header(client)

    group.delete()

    assert LINK not in _header(client)


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        _header(client)
    return [q["sql"] for q in queries.captured_queries]


def test_the_link_costs_no_query_on_a_page(learner, group):
    member, other = Client(), Client()
    member.force_login(learner)
    other.force_login(make_user())

    # Member or not, from the first page on: the flag is written at login, read from the cache.
    member_sql, other_sql = _queries(member), _queries(other)

    assert len(member_sql) == len(other_sql)
    assert not any("quizzes_membership" in sql for sql in member_sql + other_sql)
