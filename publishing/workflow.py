"""The editorial workflow: moving published content between statuses.

Lessons, FAQs and quizzes move draft → in review → published → archived (and back to draft).
`item_move` is the one way a status changes: list actions and any API call it, and the admin's
change form, whose form has already checked the item with its inlines, reports its move
through `item_saved_with_move`. Both log the step in `StatusChange` (who, when, from, to) and
then send `item_moved`, which content apps listen to (learn completes the lesson's revision
with its sources; quizzes flags the questions of a changed lesson). Publishing is guarded by
each model's own `clean()`, so `item_move` runs `full_clean()` first. This module names no
content app.

Medical review is a gate, not a label: a model that names `reviewed_fields` (lessons, FAQs,
quizzes) is published only when a medical reviewer other than the text's author approved its
current text (`item_approve_review`, `approval_problems`). `item_move` and the change form's
moves (`WorkflowFormMixin` in admin_workflow) both ask `approval_problems`, the one rule.
A published item's reviewed text changed by a save (change form, inlines, revert) is refused
unless the editor ticks "Minor edit" (`live_edit_problem`, `item_minor_edit_record`): the edit
is logged, no approval is recorded, and the page keeps naming the last approver.
Items created as published by the sample loaders are not moved, so the gate does not apply to
them; they name a placeholder reviewer until someone approves them.
"""

import hashlib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.people import shown_name
from core.roles import is_medical_reviewer
from publishing.models import ReviewApproval, Status, StatusChange, StatusChangeKind

# Sent after every status change, once the item is saved and the step logged, with the
# keyword arguments item, from_status, to_status, user and by_form (True when the admin's
# change form saved the item: its ModelAdmin may already do the follow-up work of every
# save); the sender is the item's model.
item_moved = Signal()


@dataclass(frozen=True)
class Move:
    """One workflow button: the value it posts, the status it leads to, where it is offered."""

    name: str
    to_status: str
    label: str
    offered_from: frozenset


MOVES = {
    move.name: move
    for move in [
        Move(
            "review",
            Status.IN_REVIEW,
            gettext_lazy("Send to review"),
            frozenset({Status.DRAFT}),
        ),
        Move(
            "publish",
            Status.PUBLISHED,
            gettext_lazy("Publish"),
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED}),
        ),
        Move(
            "archive",
            Status.ARCHIVED,
            gettext_lazy("Archive"),
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED}),
        ),
        Move(
            "draft",
            Status.DRAFT,
            gettext_lazy("Back to draft"),
            frozenset({Status.IN_REVIEW, Status.PUBLISHED, Status.ARCHIVED}),
        ),
    ]
}


def moves_from(status: str) -> list[Move]:
    """The workflow buttons offered for an item in this status, in workflow order."""
    return [move for move in MOVES.values() if status in move.offered_from]


def status_label(status: str) -> str:
    return str(dict(Status.choices).get(status, status)) if status else ""


def status_change_record(
    *,
    item,
    from_status: str,
    to_status: str,
    user=None,
    note: str = "",
    kind: str = StatusChangeKind.TRANSITION,
) -> StatusChange:
    """Log one workflow step of `item` (a lesson, FAQ or quiz)."""
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        kind=kind,
        from_status=from_status or "",
        to_status=to_status,
        user=user if user is not None and user.is_authenticated else None,
        note=note[:300],
    )


def status_changes_for(item):
    """The log of one item, newest first, with the users in the same query."""
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).select_related("user")


@transaction.atomic
def item_move(*, item, to_status: str, user=None, note: str = "") -> StatusChange:
    """Move a lesson, FAQ or quiz to `to_status` after checking it; log who did it.

    Raises ValidationError (with the model's own messages, nothing saved) when the item may
    not have that status, for example a lesson without a medical reviewer being published.
    """
    from_status = item.status
    if from_status == to_status:
        raise ValidationError(
            _("It is already “%(status)s”.") % {"status": status_label(to_status)}
        )
    item.status = to_status
    try:
        item.full_clean()
        if to_status == Status.PUBLISHED and (problems := approval_problems(item)):
            raise ValidationError(problems)
    except ValidationError:
        item.status = from_status
        raise
    item._change_reason = _("Status: %(status)s") % {"status": status_label(to_status)}
    item.save()
    return _moved(item=item, from_status=from_status, to_status=to_status, user=user, note=note)


@transaction.atomic
def item_saved_with_move(*, item, from_status: str, user=None) -> StatusChange | None:
    """Log and announce the move of an item the admin's change form has just saved.

    The form checked the item with its inlines (a quiz's questions as submitted, a lesson's
    sources), which `full_clean()` on the saved row cannot see, so this does not check again.
    Returns None when the status did not change.
    """
    if from_status == item.status:
        return None
    return _moved(
        item=item, from_status=from_status, to_status=item.status, user=user, by_form=True
    )


def _moved(*, item, from_status, to_status, user, note="", by_form=False):
    change = status_change_record(
        item=item, from_status=from_status, to_status=to_status, user=user, note=note
    )
    item_moved.send(
        sender=type(item),
        item=item,
        from_status=from_status,
        to_status=to_status,
        user=user,
        by_form=by_form,
    )
    return change


# Medical review approval --------------------------------------------------------------------


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _approvals_of(item):
    return ReviewApproval.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )


def latest_approval(item) -> ReviewApproval | None:
    """The item's newest approval, with its approver, or None."""
    if item.pk is None:
        return None
    return _approvals_of(item).select_related("approved_by").first()


def approval_problems(item) -> list[str]:
    """Why `item`'s current text may not be published: [] when a medical reviewer approved
    exactly this text (or the model needs no medical review)."""
    if not getattr(item, "needs_medical_review", False):
        return []
    approval = latest_approval(item)
    if approval is None:
        return [
            _(
                "A medical reviewer has not approved “%(item)s” yet. Send it to review; a "
                "medical reviewer approves it with “Approve medical review”, then publish it."
            )
            % {"item": item}
        ]
    if approval.text_digest != text_digest(item.reviewed_text()):
        return [
            _(
                "The text of “%(item)s” changed after %(who)s approved it on %(when)s. A "
                "medical reviewer must approve the new text before it is published."
            )
            % {"item": item, "who": _approver_name(approval), "when": _when(approval.approved_at)}
        ]
    return []


def _approver_name(approval) -> str:
    return shown_name(approval.approved_by)


@transaction.atomic
def item_approve_review(*, item, user, note: str = "") -> ReviewApproval:
    """Record that `user`, a medical reviewer, approved `item`'s current text.

    Refused (ValidationError, nothing written) unless the user is in the Medical reviewers
    role and wrote none of the text under review (the latest revision's editor, the named
    author if linked to them): four eyes, not two. Records who, when, the revision approved
    and a fingerprint of the text, and logs the approval in the item's workflow history.
    """
    if not getattr(item, "needs_medical_review", False):
        raise ValidationError(_("“%(item)s” needs no medical review.") % {"item": item})
    if not is_medical_reviewer(user):
        raise ValidationError(
            _("Only a medical reviewer can approve the medical review of “%(item)s”.")
            % {"item": item}
        )
    item = type(item).objects.select_for_update(of=("self",)).get(pk=item.pk)
    if user.pk in item.review_author_user_ids():
        raise ValidationError(
            _(
                "You wrote or last changed “%(item)s”, so you cannot approve it: another "
                "medical reviewer must check it."
            )
            % {"item": item}
        )
    if problems := item.review_approver_problems(user):
        raise ValidationError(problems)
    latest = item.history.order_by("-history_date", "-history_id").first()
    approval = ReviewApproval.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        approved_by=user,
        revision_id=latest.history_id if latest else None,
        text_digest=text_digest(item.reviewed_text()),
        note=note[:300],
    )
    status_change_record(
        item=item,
        from_status=item.status,
        to_status=item.status,
        user=user,
        kind=StatusChangeKind.APPROVAL,
        note=_("Medical review approved (revision %(revision)s).")
        % {"revision": approval.revision_id or "-"}
        + (f" {note}" if note else ""),
    )
    return approval


def live_edit_problem(item, *, was_published: bool, related_changed: bool = False) -> str:
    """Why saving `item` as it stands (fields as submitted, related rows as saved) needs the
    "Minor edit" tick: its reviewed text is public and this save changes it away from the
    approved text. "" when no tick is needed.

    `related_changed` says that related reviewed rows (a quiz's questions, a lesson's sources)
    change in the same save; they are not saved yet, so any such change counts. A save that
    leaves the text as it was (an expiry time, say), or returns it to the approved text, needs
    no tick, even after an earlier minor edit.
    """
    if not was_published or item.pk is None or not getattr(item, "needs_medical_review", False):
        return ""
    submitted = text_digest(item.reviewed_text())
    approval = latest_approval(item)
    if not related_changed:
        saved = type(item)._default_manager.get(pk=item.pk)
        if submitted == text_digest(saved.reviewed_text()):
            return ""
        if approval is not None and submitted == approval.text_digest:
            return ""
    if approval is None:
        approved = _("no medical reviewer has approved it yet")
    else:
        approved = _("was approved by %(who)s on %(when)s") % {
            "who": _approver_name(approval),
            "when": _when(approval.approved_at),
        }
    return _(
        "This text is public and %(approved)s. Tick “Minor edit” for a typo fix, or move it "
        "back to review (Back to draft / Send to review) to change its meaning."
    ) % {"approved": approved}


@transaction.atomic
def item_minor_edit_record(*, item, user=None) -> StatusChange:
    """Log that `user` changed the public text of `item` as a minor edit (a typo or formatting
    fix): no approval is recorded, so the page keeps naming the last approver."""
    approval = latest_approval(item)
    note = _("Minor edit published without a new review.")
    if approval is not None:
        note += " " + _("The page still names %(who)s's approval of %(when)s.") % {
            "who": _approver_name(approval),
            "when": _when(approval.approved_at),
        }
    return status_change_record(
        item=item,
        from_status=item.status,
        to_status=item.status,
        user=user,
        kind=StatusChangeKind.MINOR_EDIT,
        note=note,
    )


def validation_messages(error: ValidationError, model) -> list[str]:
    """A ValidationError as sentences, each prefixed with the field's name where it has one."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    lines = []
    for field, errors in error.message_dict.items():
        for message in errors:
            if field == "__all__":
                lines.append(message)
            else:
                label = model._meta.get_field(field).verbose_name
                lines.append(f"{str(label)[:1].upper()}{str(label)[1:]}: {message}")
    return lines


# Visibility ---------------------------------------------------------------------------------


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def visibility(item, now=None) -> tuple[str, str]:
    """(state, sentence) saying whether the public sees `item` now, and from or until when.

    state is one of "hidden", "scheduled", "live", "expiring", "expired"; visibility is
    worked out from the clock at request time, so a schedule needs no background job.
    """
    now = now or timezone.now()
    if item.status != Status.PUBLISHED:
        return "hidden", _("Not public: %(status)s.") % {"status": status_label(item.status)}
    if item.publish_at > now:
        sentence = _("Scheduled: goes live %(when)s.") % {"when": _when(item.publish_at)}
        if item.expires_at:
            sentence += " " + _("Expires %(when)s.") % {"when": _when(item.expires_at)}
        return "scheduled", sentence
    if item.expires_at and item.expires_at <= now:
        return "expired", _("Expired %(when)s: no longer public.") % {
            "when": _when(item.expires_at)
        }
    if item.expires_at:
        return "expiring", _("Live. Expires %(when)s.") % {"when": _when(item.expires_at)}
    return "live", _("Live since %(when)s.") % {"when": _when(item.publish_at)}
