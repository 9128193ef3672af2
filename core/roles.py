"""Roles: the three Django groups msportal relies on, and the permissions each one holds.

The mapping below is the single source of truth. `sync_roles()` makes the database match it:
a data migration (learn/migrations/0003_roles.py) runs it once with a frozen copy, and a
post_migrate handler (CoreConfig.ready) runs it after every `migrate`, so a permission for a
model added later (a new content model, a django-simple-history "Historical…" model) is granted
without writing a new migration. Permissions added to these groups by hand in the admin are
removed again at the next migrate: roles are changed here, in code review, not by clicking.
"""

import contextlib

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

EDITORS = "Editors"
EDUCATORS = "Educators"
MEDICAL_REVIEWERS = "Medical reviewers"

ALL_ACTIONS = ("add", "change", "delete", "view")
VIEW_ONLY = ("view",)

# "app_label.modelname" -> the actions the group may take in the admin.
ROLE_PERMISSIONS = {
    # Editors are staff who write, review and publish content. They may read learners'
    # quiz attempts (to see which questions confuse people) but never change them, and they
    # get nothing on accounts, groups, permissions, sessions, reading progress or profiles.
    EDITORS: {
        "learn.topic": ALL_ACTIONS,
        "learn.contributor": ALL_ACTIONS,
        "learn.module": ALL_ACTIONS,
        "learn.article": ALL_ACTIONS,
        "learn.citation": ALL_ACTIONS,
        "learn.faq": ALL_ACTIONS,
        "learn.referencelink": ALL_ACTIONS,
        "learn.articleupdatenote": ALL_ACTIONS,
        "learn.flaggedphrase": ALL_ACTIONS,
        "learn.learningobjective": ALL_ACTIONS,
        # Logs written by the workflow: read, never edited by hand.
        "publishing.statuschange": VIEW_ONLY,
        "learn.reviewrecord": VIEW_ONLY,
        "quizzes.quiz": ALL_ACTIONS,
        "quizzes.question": ALL_ACTIONS,
        "quizzes.choice": ALL_ACTIONS,
        "quizzes.attempt": VIEW_ONLY,
        "quizzes.response": VIEW_ONLY,
        "editorial.sitepage": ALL_ACTIONS,
        "editorial.glossaryterm": ALL_ACTIONS,
        # Readers send feedback; editors work through it and may delete spam, never add.
        "editorial.feedback": ("view", "change", "delete"),
    },
    # Educators work on the public site (/groups/), not in the admin: membership of the group
    # is what marks an educator, so it holds no admin permissions at all.
    EDUCATORS: {},
    # Medical reviewers read lessons, FAQs and quizzes (with their sources, questions, choices
    # and revisions) and approve their medical review (publishing.workflow.item_approve_review,
    # which checks membership of this group). They change nothing by hand: approving is not a
    # model permission but this role, and it is refused for the author of the change.
    MEDICAL_REVIEWERS: {
        "learn.topic": VIEW_ONLY,
        "learn.contributor": VIEW_ONLY,
        "learn.module": VIEW_ONLY,
        "learn.article": VIEW_ONLY,
        "learn.citation": VIEW_ONLY,
        "learn.faq": VIEW_ONLY,
        "learn.referencelink": VIEW_ONLY,
        "learn.reviewrecord": VIEW_ONLY,
        "learn.learningobjective": VIEW_ONLY,
        "publishing.statuschange": VIEW_ONLY,
        "publishing.reviewapproval": VIEW_ONLY,
        "quizzes.quiz": VIEW_ONLY,
        "quizzes.question": VIEW_ONLY,
        "quizzes.choice": VIEW_ONLY,
    },
}


def history_model_name(model_name):
    """The model name django-simple-history gives the history table of `model_name`."""
    return f"historical{model_name}"


def expected_codenames(role_permissions=None):
    """{group name: {(app_label, codename), …}} for a role mapping.

    A content model's history (if django-simple-history tracks it) is readable by whoever may
    view the model itself, so editors can see who changed a lesson and when.
    """
    role_permissions = ROLE_PERMISSIONS if role_permissions is None else role_permissions
    expected = {}
    for group_name, models in role_permissions.items():
        wanted = set()
        for label, actions in models.items():
            app_label, model_name = label.split(".")
            wanted.update((app_label, f"{action}_{model_name}") for action in actions)
            if "view" in actions:
                wanted.add((app_label, f"view_{history_model_name(model_name)}"))
        expected[group_name] = wanted
    return expected


def sync_roles(*, apps=global_apps, using=DEFAULT_DB_ALIAS, role_permissions=None):
    """Create the role groups and give each exactly the permissions of the mapping.

    Idempotent: a second run finds nothing to change. Permissions that do not exist (yet) are
    skipped, such as history models before django-simple-history tracks a model. Works with
    the live app registry and with a migration's historical one, since it only touches
    auth.Group and auth.Permission. Returns {group name: (added, removed)} counts.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    changes = {}
    for group_name, wanted in expected_codenames(role_permissions).items():
        group, _created = Group.objects.using(using).get_or_create(name=group_name)
        app_labels = {app_label for app_label, _codename in wanted}
        candidates = Permission.objects.using(using).filter(content_type__app_label__in=app_labels)
        wanted_ids = {
            perm.pk
            for perm in candidates.select_related("content_type")
            if (perm.content_type.app_label, perm.codename) in wanted
        }
        current_ids = set(group.permissions.values_list("pk", flat=True))
        to_add, to_remove = wanted_ids - current_ids, current_ids - wanted_ids
        if to_add:
            group.permissions.add(*to_add)
        if to_remove:
            group.permissions.remove(*to_remove)
        changes[group_name] = (len(to_add), len(to_remove))
    return changes


def sync_roles_after_migrate(sender, *, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver: make sure every permission exists, then sync the roles.

    post_migrate is sent once per app that has models (core has none), so CoreConfig
    connects this for the auth app only: it runs once per `migrate`. auth's own
    create_permissions also runs once per app, and apps listed after auth have not had their
    turn yet, so this creates every app's permissions first (a no-op when they exist).
    """
    from django.contrib.auth.management import create_permissions

    try:
        apps.get_model("auth", "Permission")
        apps.get_model("auth", "Group")
    except LookupError:
        return  # auth is not migrated in this database (yet).
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    changes = sync_roles(apps=apps, using=using)
    if kwargs.get("verbosity", 1) >= 2 and "stdout" in kwargs:
        for group_name, (added, removed) in changes.items():
            kwargs["stdout"].write(f"  Role {group_name}: +{added} / -{removed} permissions")


ROLE_NAMES = (EDITORS, EDUCATORS, MEDICAL_REVIEWERS)
_MEMO = "_msportal_roles"


def role_names(user) -> frozenset[str]:
    """The roles (of ROLE_NAMES) this user holds: one query, then kept on the user object.

    A request's user object is made afresh for every request (AuthenticationMiddleware), so
    however many role checks one page makes, it asks the database once, and a role given or
    taken away shows on the next request. Code that changes someone's groups and asks again
    on the same object calls `forget_roles` first.
    """
    cached = getattr(user, _MEMO, None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
        setattr(user, _MEMO, cached)
    return cached


def forget_roles(user) -> None:
    """Let the next role check on this user object ask the database again."""
    with contextlib.suppress(AttributeError):
        delattr(user, _MEMO)


def is_editor(user):
    """A staff member of the Editors group (superusers count too)."""
    return user.is_active and (user.is_superuser or (user.is_staff and EDITORS in role_names(user)))


def is_medical_reviewer(user) -> bool:
    """An active staff member of the Medical reviewers group. Superusers do not count: an
    approval names a person who checked the text, which no permission can stand in for."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and MEDICAL_REVIEWERS in role_names(user)
    )


def is_educator(user) -> bool:
    """A member of the Educators group: the only thing that marks someone as an educator."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return EDUCATORS in role_names(user)
