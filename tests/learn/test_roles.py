import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.roles import (
    EDITORS,
    EDUCATORS,
    MEDICAL_REVIEWERS,
    ROLE_PERMISSIONS,
    expected_codenames,
    is_editor,
    is_educator,
    sync_roles,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def group_perms(name):
    return set(
        Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    )


def test_editors_hold_exactly_the_content_permissions():
    perms = group_perms(EDITORS)

    assert ("learn", "change_article") in perms
    assert ("learn", "delete_referencelink") in perms
    assert ("learn", "add_citation") in perms
    assert ("quizzes", "add_choice") in perms
    assert ("quizzes", "view_attempt") in perms
    assert ("quizzes", "view_response") in perms
    assert ("quizzes", "change_attempt") not in perms
    assert ("quizzes", "delete_response") not in perms
    assert perms <= expected_codenames()[EDITORS]
    apps_with_perms = {app_label for app_label, _ in perms}
    assert apps_with_perms == {"publishing", "learn", "quizzes", "editorial"}


def test_editors_get_nothing_on_accounts_progress_or_groups():
    perms = {codename for _, codename in group_perms(EDITORS)}

    for codename in (
        "view_user",
        "change_user",
        "view_group",
        "change_permission",
        "view_session",
        "view_lessonprogress",
        "view_profile",
        "view_learnergroup",
        "view_assignment",
    ):
        assert codename not in perms


def test_medical_reviewers_read_content_and_change_nothing():
    perms = group_perms(MEDICAL_REVIEWERS)

    for codename in ("view_article", "view_faq", "view_citation", "view_historicalarticle"):
        assert ("learn", codename) in perms
    assert ("quizzes", "view_question") in perms
    assert ("publishing", "view_reviewapproval") in perms
    assert not [codename for _app, codename in perms if not codename.startswith("view_")]
    assert not {app for app, _codename in perms} - {"learn", "quizzes", "publishing"}


def test_educators_have_no_admin_permissions():
    assert Group.objects.filter(name=EDUCATORS).exists()
    assert group_perms(EDUCATORS) == set()


def test_sync_roles_twice_changes_nothing():
    before = {name: group_perms(name) for name in ROLE_PERMISSIONS}

    first = sync_roles()
    second = sync_roles()

    assert first == {EDITORS: (0, 0), EDUCATORS: (0, 0), MEDICAL_REVIEWERS: (0, 0)}
    assert second == first
    assert {name: group_perms(name) for name in ROLE_PERMISSIONS} == before
    assert Group.objects.filter(name__in=ROLE_PERMISSIONS).count() == 3


def test_sync_roles_restores_removed_and_removes_extra_permissions():
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.remove(Permission.objects.get(codename="change_article"))
    editors.permissions.add(Permission.objects.get(codename="change_user"))

    assert sync_roles()[EDITORS] == (1, 1)
    perms = group_perms(EDITORS)
    assert ("learn", "change_article") in perms
    assert ("auth", "change_user") not in perms


def test_post_migrate_resyncs_roles():
    Group.objects.get(name=EDITORS).permissions.clear()

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    assert ("learn", "add_article") in group_perms(EDITORS)


def test_roles_migration_creates_groups_and_permissions_with_historical_models():
    migration = importlib.import_module("learn.migrations.0003_roles")
    state = MigrationExecutor(connection).loader.project_state(("learn", "0003_roles"))
    Group.objects.filter(name__in=ROLE_PERMISSIONS).delete()

    migration.create_roles(state.apps, SimpleNamespace(connection=connection))

    assert group_perms(EDUCATORS) == set()
    assert ("quizzes", "view_response") in group_perms(EDITORS)
    assert ("learn", "delete_faq") in group_perms(EDITORS)


def test_history_models_are_readable_by_whoever_views_the_model():
    wanted = expected_codenames({EDITORS: {"learn.article": ("view",)}})[EDITORS]

    assert wanted == {("learn", "view_article"), ("learn", "view_historicalarticle")}


def test_is_editor_needs_staff_and_group():
    assert is_editor(make_user(is_staff=True, groups=[EDITORS]))
    assert not is_editor(make_user(groups=[EDITORS]))
    assert not is_editor(make_user(is_staff=True))


def test_is_educator_is_group_membership():
    assert is_educator(make_user(groups=[EDUCATORS]))
    assert not is_educator(make_user(is_staff=True, groups=[EDITORS]))
