import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from learn.models import Contributor

pytestmark = pytest.mark.django_db

PASSWORD_LINE = re.compile(r"^\s+(\w+)\s+password: (\S+)", re.MULTILINE)


def _run(*args):
    out = StringIO()
    call_command("create_demo_accounts", *args, stdout=out)
    return out.getvalue()


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="development only"):
        _run()

    assert not get_user_model().objects.exists()


def test_creates_an_editor_a_reviewer_an_educator_and_a_learner_with_their_roles(settings):
    settings.DEBUG = True

    output = _run()

    users = {user.username: user for user in get_user_model().objects.all()}
    # Besides the three accounts, the demo group brings synthetic learners who cannot log in.
    synthetic = {name for name in users if name.startswith("demo-")}
    assert set(users) - synthetic == {"editor", "reviewer", "educator", "learner"}
    assert [g.name for g in users["reviewer"].groups.all()] == ["Medical reviewers"]
    assert users["reviewer"].is_staff
    assert not any(users[name].has_usable_password() for name in synthetic)
    assert (
        users["educator"].educated_groups.get().memberships.filter(user=users["learner"]).exists()
    )
    assert users["editor"].is_staff
    assert not users["educator"].is_staff and not users["learner"].is_staff
    assert not any(user.is_superuser for user in users.values())
    users = {name: users[name] for name in ("editor", "educator", "learner")}
    assert [g.name for g in users["editor"].groups.all()] == ["Editors"]
    assert [g.name for g in users["educator"].groups.all()] == ["Educators"]
    assert not users["learner"].groups.exists()
    passwords = dict(PASSWORD_LINE.findall(output))
    assert set(passwords) == {"editor", "reviewer", "educator", "learner"}
    for username, password in passwords.items():
        assert get_user_model().objects.get(username=username).check_password(password)
    assert len(set(passwords.values())) == 4
    assert "http://127.0.0.1:8000/accounts/login/" in output


def test_uses_the_role_groups_that_already_exist(settings):
    settings.DEBUG = True
    editors, _created = Group.objects.get_or_create(name="Editors")

    _run()

    assert get_user_model().objects.get(username="editor").groups.get() == editors
    assert Group.objects.filter(name="Editors").count() == 1


def test_a_second_run_creates_nothing_and_prints_no_password(settings):
    settings.DEBUG = True
    _run()
    before = dict(get_user_model().objects.values_list("username", "password"))

    output = _run()

    assert dict(get_user_model().objects.values_list("username", "password")) == before
    assert "password:" not in output
    assert output.count("already exists") == 4


def test_reset_passwords_sets_and_prints_new_ones(settings):
    settings.DEBUG = True
    first = dict(PASSWORD_LINE.findall(_run()))

    second = dict(PASSWORD_LINE.findall(_run("--reset-passwords")))

    assert set(second) == {"editor", "reviewer", "educator", "learner"}
    for username, password in second.items():
        user = get_user_model().objects.get(username=username)
        assert password != first[username]
        assert user.check_password(password)
        assert not user.check_password(first[username])


def test_the_demo_reviewer_is_linked_to_the_placeholder_reviewer_profile(settings):
    settings.DEBUG = True
    placeholder = Contributor.objects.create(
        slug="sample-reviewer", name="Sample reviewer (demo data)"
    )

    _run()

    placeholder.refresh_from_db()
    assert placeholder.user.username == "reviewer"
    assert "demo data" in placeholder.name
