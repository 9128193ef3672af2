"""Glue: the lower apps' signals turn into messages (notices.py writes them).

groups sends assignment_created, assignment_due_changed and hold_started; publishing sends
item_moved; accounts sends account_created (with the sign-up consent). The receivers run
inside the sender's transaction, so a message is recorded and queued only with the change.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from core.people import shown_name
from core.roles import MEDICAL_REVIEWERS
from groups.models import Membership
from groups.rules import assignment_due_at
from notifications import notices
from notifications.models import Preference
from publishing.models import Status, StatusChange


def _members(assignment):
    user_ids = Membership.objects.filter(group=assignment.group_id).values("user")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")


def on_assignment_created(sender, *, assignment, **kwargs):
    for user in _members(assignment):
        due = assignment_due_at(assignment=assignment, user=user)
        notices.new_assignment(user=user, assignment=assignment, due_at=due)


def on_assignment_due_changed(sender, *, assignment, user=None, **kwargs):
    members = _members(assignment)
    for member in members.filter(pk=user.pk) if user is not None else members:
        due = assignment_due_at(assignment=assignment, user=member)
        notices.due_changed(user=member, assignment=assignment, due_at=due)


def on_hold_started(sender, *, hold, **kwargs):
    educator = hold.assignment.group.educator
    notices.hold_alert(educator=educator, hold=hold, learner_name=shown_name(hold.user))


def on_item_moved(sender, *, item, to_status, user=None, **kwargs):
    if to_status != Status.IN_REVIEW:
        return
    try:
        admin_url = reverse(
            f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk]
        )
    except NoReverseMatch:
        admin_url = reverse("admin:index")
    move = (
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=item.pk
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    reviewers = get_user_model().objects.filter(
        groups__name=MEDICAL_REVIEWERS, is_active=True, is_staff=True
    )
    for reviewer in reviewers.exclude(pk=getattr(user, "pk", None)):
        notices.review_waiting(reviewer=reviewer, item=item, admin_url=admin_url, move_id=move)


def on_account_created(sender, *, user, email_consent=False, **kwargs):
    Preference.objects.update_or_create(user=user, defaults={"consent": bool(email_consent)})


def connect():
    from accounts.signals import account_created
    from groups import signals as group_signals
    from publishing.workflow import item_moved

    pairs = [
        (group_signals.assignment_created, on_assignment_created),
        (group_signals.assignment_due_changed, on_assignment_due_changed),
        (group_signals.hold_started, on_hold_started),
        (item_moved, on_item_moved),
        (account_created, on_account_created),
    ]
    for signal, receiver in pairs:
        signal.connect(receiver, dispatch_uid=f"notifications-{receiver.__name__}")
