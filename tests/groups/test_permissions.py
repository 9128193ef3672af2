"""Every group view against every role: anonymous, learner member, learner non-member,
educator owner, other educator, editor. Another person's group is a 404, never a 403."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import Accommodation, Hold, LearnerGroup, Membership

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "non_member", "owner", "other_educator", "editor"]


@pytest.fixture
def users(learner, outsider, educator, other_educator, editor):
    return {
        "anonymous": None,
        "member": learner,
        "non_member": outsider,
        "owner": educator,
        "other_educator": other_educator,
        "editor": editor,
    }


@pytest.fixture
def future_assignment(group, educator, quiz):
    # Not open yet, so a member's Start is answered by this app without starting an attempt.
    return services.assignment_create(
        group=group,
        educator=educator,
        quiz=quiz,
        opens_at=timezone.now() + datetime.timedelta(days=1),
    )


def _client(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    return client


def _urls(group, assignment, learner):
    g, a = group.pk, assignment.pk
    return {
        "detail": reverse("groups:group-detail", args=[g]),
        "regenerate": reverse("groups:group-regenerate-code", args=[g]),
        "set_open": reverse("groups:group-set-open", args=[g]),
        "remove": reverse("groups:member-remove", args=[g, learner.pk]),
        "assignment_new": reverse("groups:assignment-create", args=[g]),
        "assignment": reverse("groups:assignment-detail", args=[g, a]),
        "assignment_edit": reverse("groups:assignment-edit", args=[g, a]),
        "csv": reverse("groups:assignment-results-csv", args=[g, a]),
        "accommodation": reverse("groups:accommodation-edit", args=[g, a, learner.pk]),
        "answers": reverse("groups:learner-answers", args=[g, a, learner.pk]),
        "start": reverse("groups:assignment-start", args=[g, a]),
        "pause": reverse("groups:assignment-pause", args=[g, a]),
        "resume": reverse("groups:assignment-resume", args=[g, a]),
    }


# (view, method): expected status per role, in ROLES order.
OWNER_ONLY = [302, 404, 404, 200, 404, 404]
OWNER_ONLY_POST = [302, 404, 404, 302, 404, 404]
MEMBER_OR_OWNER = [302, 200, 404, 200, 404, 404]
MEMBER_ONLY_POST = [302, 302, 404, 404, 404, 404]
MATRIX = {
    ("detail", "get"): MEMBER_OR_OWNER,
    ("regenerate", "post"): OWNER_ONLY_POST,
    ("set_open", "post"): OWNER_ONLY_POST,
    ("remove", "get"): OWNER_ONLY,
    ("remove", "post"): OWNER_ONLY_POST,
    ("assignment_new", "get"): OWNER_ONLY,
    ("assignment", "get"): MEMBER_OR_OWNER,
    ("assignment_edit", "get"): OWNER_ONLY,
    ("csv", "get"): OWNER_ONLY,
    ("accommodation", "get"): OWNER_ONLY,
    ("accommodation", "post"): OWNER_ONLY_POST,
    ("answers", "get"): OWNER_ONLY,
    ("start", "post"): MEMBER_ONLY_POST,
    ("pause", "post"): MEMBER_ONLY_POST,
    ("resume", "post"): MEMBER_ONLY_POST,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("view", "method"), list(MATRIX))
def test_view_permissions(client, users, role, view, method, group, learner, future_assignment):
    url = _urls(group, future_assignment, learner)[view]
    response = getattr(_client(client, users, role), method)(url)
    assert response.status_code == MATRIX[(view, method)][ROLES.index(role)]
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["non_member", "other_educator", "editor", "member"])
def test_forbidden_changes_change_nothing(client, users, role, group, learner, future_assignment):
    code = group.join_code
    urls = _urls(group, future_assignment, learner)
    c = _client(client, users, role)
    c.post(urls["regenerate"])
    c.post(urls["set_open"], {"open": "0"})
    c.post(urls["remove"])
    c.post(urls["accommodation"], {"extra_attempts": 3})
    group.refresh_from_db()
    assert (group.join_code, group.is_open) == (code, True)
    assert Membership.objects.filter(group=group, user=learner).exists()
    assert not Accommodation.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_group_list(client, users, role, group):
    response = _client(client, users, role).get(reverse("groups:group-list"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert ("Tuesday class" in body) == (role in ("owner", "member"))
    assert ("New group" in body) == (role in ("owner", "other_educator"))


@pytest.mark.parametrize("role", ["member", "non_member", "other_educator", "editor"])
def test_only_educators_create_groups_through_the_list(client, users, role):
    before = LearnerGroup.objects.count()
    response = _client(client, users, role).post(reverse("groups:group-list"), {"name": "Mine"})
    if role == "other_educator":
        assert response.status_code == 302
        assert LearnerGroup.objects.count() == before + 1
    else:
        assert response.status_code == 404
        assert LearnerGroup.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_join_page(client, users, role):
    response = _client(client, users, role).get(reverse("groups:group-join"))
    assert response.status_code == (302 if role == "anonymous" else 200)


def test_learner_never_sees_anothers_hold_or_work(client, group, learner, outsider, assignment):
    Membership.objects.create(group=group, user=outsider)
    Hold.objects.create(assignment=assignment, user=outsider, started_at=timezone.now())
    client.force_login(learner)
    body = client.get(reverse("groups:assignment-detail", args=[group.pk, assignment.pk]))
    assert "outsider" not in body.content.decode()
    assert "This assignment is paused" not in body.content.decode()


def test_assignment_of_another_group_is_404_even_for_the_owner(client, educator, group, assignment):
    other = services.group_create(educator=educator, name="Other")
    client.force_login(educator)
    url = reverse("groups:assignment-detail", args=[other.pk, assignment.pk])
    assert client.get(url).status_code == 404


def test_educator_who_lost_the_role_sees_no_group(client, educator, group):
    educator.groups.clear()
    client.force_login(educator)
    assert client.get(reverse("groups:group-detail", args=[group.pk])).status_code == 404
