import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups import services
from groups.models import LearnerGroup, Membership
from tests.groups.conftest import add_members

pytestmark = pytest.mark.django_db

JOIN = reverse("groups:group-join")


def test_anonymous_join_link_goes_to_login_and_back_with_the_code(client, group):
    link = f"{JOIN}?code={group.join_code}"
    response = client.get(link)
    assert response.status_code == 302
    login, _, query = response.url.partition("?")
    assert login == reverse("login")
    from urllib.parse import parse_qs

    assert parse_qs(query)["next"] == [link]


def test_join_link_fills_in_the_code_and_does_not_join_on_get(client, group, outsider):
    client.force_login(outsider)
    response = client.get(f"{JOIN}?code={group.join_code}")
    assert response.status_code == 200
    assert f'value="{group.join_code}"' in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()


def test_join_by_post(client, group, outsider):
    client.force_login(outsider)
    code = services.format_join_code(group.join_code).lower()
    response = client.post(JOIN, {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("groups:group-detail", args=[group.pk])
    assert Membership.objects.filter(group=group, user=outsider).exists()
    assert "Welcome to Tuesday class" in response.content.decode()


def test_join_twice_says_already_in(client, group, learner):
    client.force_login(learner)
    response = client.post(JOIN, {"code": group.join_code}, follow=True)
    assert "You are already in Tuesday class" in response.content.decode()
    assert Membership.objects.filter(group=group, user=learner).count() == 1


def test_join_closed_group_shows_a_clear_message(client, group, educator, outsider):
    services.group_close(group=group, educator=educator)
    client.force_login(outsider)
    response = client.post(JOIN, {"code": group.join_code})
    assert response.status_code == 400
    assert "closed to new members" in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()


def test_join_with_a_wrong_code_explains(client, outsider):
    client.force_login(outsider)
    response = client.post(JOIN, {"code": "2222-2222"})
    assert response.status_code == 400
    assert "could not find a group" in response.content.decode()


def test_join_rate_limit_message(client, group, outsider):
    client.force_login(outsider)
    for _ in range(services.JOIN_RATE_LIMIT):
        client.post(JOIN, {"code": "nope"})
    response = client.post(JOIN, {"code": group.join_code})
    assert response.status_code == 400
    assert "tried too many codes" in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()


def test_educator_creates_a_group_and_sees_its_code(client, educator):
    client.force_login(educator)
    response = client.post(reverse("groups:group-list"), {"name": "Spring class"}, follow=True)
    group = LearnerGroup.objects.get(name="Spring class")
    assert group.educator == educator
    body = response.content.decode()
    assert services.format_join_code(group.join_code) in body
    assert f"/groups/join/?code={group.join_code}" in body


def test_group_form_errors_are_shown(client, educator):
    client.force_login(educator)
    response = client.post(reverse("groups:group-list"), {"name": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not LearnerGroup.objects.exists()


def test_group_list_shows_member_counts(client, educator, group):
    add_members(group, 2)
    client.force_login(educator)
    response = client.get(reverse("groups:group-list"))
    assert response.context["my_groups"][0].member_count == 3


def test_regenerate_code_through_the_page(client, educator, group):
    old = group.join_code
    client.force_login(educator)
    response = client.post(reverse("groups:group-regenerate-code", args=[group.pk]), follow=True)
    group.refresh_from_db()
    assert group.join_code != old
    assert "The old code no longer works" in response.content.decode()


def test_close_and_open_through_the_page(client, educator, group):
    client.force_login(educator)
    url = reverse("groups:group-set-open", args=[group.pk])
    client.post(url, {"open": "0"})
    group.refresh_from_db()
    assert group.is_open is False
    client.post(url, {"open": "1"})
    group.refresh_from_db()
    assert group.is_open is True


def test_remove_member_asks_first_then_removes_on_post(client, educator, group, learner):
    client.force_login(educator)
    url = reverse("groups:member-remove", args=[group.pk, learner.pk])
    response = client.get(url)
    assert "Remove Sam Lee from the group?" in response.content.decode()
    assert Membership.objects.filter(group=group, user=learner).exists()
    client.post(url)
    assert not Membership.objects.filter(group=group, user=learner).exists()
    assert client.get(url).status_code == 404


def test_learner_group_page_lists_their_assignments(client, learner, group, assignment):
    client.force_login(learner)
    body = client.get(reverse("groups:group-detail", args=[group.pk])).content.decode()
    assert "Gut and brain" in body
    assert "Not started" in body
    assert "Join code" not in body


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_group_detail_query_count_does_not_grow(client, educator, group, assignment):
    client.force_login(educator)
    url = reverse("groups:group-detail", args=[group.pk])
    add_members(group, 2, prefix="a")
    few = _count_queries(client, url)
    add_members(group, 30, prefix="b")
    assert _count_queries(client, url) == few


def test_group_list_query_count_does_not_grow(client, educator, learner, group, assignment):
    client.force_login(learner)
    url = reverse("groups:group-list")
    few = _count_queries(client, url)
    for i in range(5):
        other = services.group_create(educator=educator, name=f"Other {i}")
        Membership.objects.create(group=other, user=learner)
        services.assignment_create(group=other, educator=educator, quiz=assignment.quiz)
    assert _count_queries(client, url) == few


def test_group_page_lists_each_members_adjustments(client, educator, group, learner, assignment):
    services.accommodation_set(
        assignment=assignment, educator=educator, user=learner, extra_attempts=2
    )
    client.force_login(educator)
    body = client.get(reverse("groups:group-detail", args=[group.pk])).content.decode()
    assert "Gut and brain</a>: 2 extra attempts" in body
    edit = reverse("groups:accommodation-edit", args=[group.pk, assignment.pk, learner.pk])
    assert f'href="{edit}"' in body
