"""The editorial workflow: moving content between statuses, medical reviews, and what follows
from a lesson changing after review.

Lessons, FAQs and quizzes move draft → in review → published → archived (and back to draft).
Every move made through the admin is logged in `StatusChange` with who and when. Publishing is
guarded by each model's own `clean()` (a lesson's reviewer, review dates and sources; a quiz's
question rules), so a move runs `full_clean()` first.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learn.models import (
    Article,
    ReviewRecord,
)
from publishing.models import (
    Status,
    StatusChange,
    StatusChangeKind,
)

REVIEW_INTERVAL = datetime.timedelta(days=365)
# A change to any of these, once a lesson has been published, sends its quiz questions for a check.
REVIEWED_FIELDS = ("title", "summary", "body")


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
    except ValidationError:
        item.status = from_status
        raise
    item._change_reason = _("Status: %(status)s") % {"status": status_label(to_status)}
    item.save()
    if isinstance(item, Article):
        revision_record_sources(article=item)
        lesson_change_flag_questions(article=item)
    return status_change_record(
        item=item, from_status=from_status, to_status=to_status, user=user, note=note
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
    return formats.date_format(timezone.localtime(moment), "j M Y H:i")


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


# Revisions ----------------------------------------------------------------------------------


def sources_text(article) -> str:
    """The lesson's numbered sources as text, one per line, as a revision records them."""
    citations = article.citations.select_related("reference").order_by("position")
    return "\n".join(
        f"[{c.position}] {c.reference.title} ({c.reference.year or '-'}) {c.reference.url}"
        + (f" ({c.note})" if c.note else "")
        for c in citations
    )


def revision_record_sources(*, article) -> None:
    """Write the current sources list into the lesson's latest revision.

    Sources are saved after the lesson (they point to it), so the revision made by the
    lesson's save is completed here, once they are in place.
    """
    latest = article.history.order_by("-history_date", "-history_id").first()
    if latest is not None:
        type(latest).objects.filter(pk=latest.pk).update(sources=sources_text(article))


# Medical review -----------------------------------------------------------------------------


@transaction.atomic
def article_mark_reviewed(
    *, article: Article, user, note: str = "", today: datetime.date | None = None
) -> ReviewRecord:
    """Record that the lesson was medically reviewed today; the next review is due in a year.

    The lesson's medical reviewer stays as set; the record keeps who recorded the review and
    which medical reviewer it was. Refused (ValidationError) when the lesson has no medical
    reviewer: readers are told who reviewed a lesson, so there must be someone to name.
    """
    today = today or timezone.localdate()
    # Lock the lesson row only: PostgreSQL cannot lock the nullable side of the reviewer join.
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("medical_reviewer")
        .get(pk=article.pk)
    )
    if article.medical_reviewer_id is None:
        raise ValidationError(
            _(
                "“%(lesson)s” has no medical reviewer. Choose one on the lesson's page, then "
                "mark it as reviewed."
            )
            % {"lesson": article.title}
        )
    article.last_reviewed_on = today
    article.next_review_on = today + REVIEW_INTERVAL
    article._change_reason = _("Marked as medically reviewed")
    article.save(update_fields=["last_reviewed_on", "next_review_on", "updated_at"])
    revision_record_sources(article=article)
    record = ReviewRecord.objects.create(
        article=article,
        reviewer=user,
        medical_reviewer=article.medical_reviewer,
        reviewed_on=today,
        next_review_on=article.next_review_on,
        note=note[:300],
    )
    status_change_record(
        item=article,
        from_status=article.status,
        to_status=article.status,
        user=user,
        kind=StatusChangeKind.REVIEW,
        note=_("Reviewed by %(reviewer)s. Next review due %(date)s.")
        % {
            "reviewer": article.medical_reviewer.name,
            "date": formats.date_format(article.next_review_on, "j M Y"),
        }
        + (f" {note}" if note else ""),
    )
    return record


# Quiz questions after a lesson changes ------------------------------------------------------


def _last_published_revision(article):
    """The lesson's latest revision before its newest one that was published, if any."""
    revisions = article.history.order_by("-history_date", "-history_id")
    newest = revisions.first()
    if newest is None:
        return None
    return revisions.exclude(pk=newest.pk).filter(status=Status.PUBLISHED).first()


@transaction.atomic
def lesson_change_flag_questions(*, article: Article, today: datetime.date | None = None) -> int:
    """Flag the quiz questions of a published lesson whose reviewed text just changed.

    Called after the lesson is saved. The lesson's title, summary and body are compared
    with its last published revision (before this save); when the lesson is published now and
    any differ, every question linked to it gets `needs_check` with a reason, until an editor
    clears it. A lesson never published before flags nothing. Returns how many were flagged.
    """
    from quizzes.models import Question  # quizzes depends on learn, not the other way.

    if article.status != Status.PUBLISHED:
        return 0
    baseline = _last_published_revision(article)
    if baseline is None:
        return 0
    if all(getattr(baseline, name) == getattr(article, name) for name in REVIEWED_FIELDS):
        return 0
    today = today or timezone.localdate()
    reason = _("Lesson “%(lesson)s” changed on %(date)s.") % {
        "lesson": article.title,
        "date": formats.date_format(today, "j M Y"),
    }
    return Question.objects.filter(article=article).update(
        needs_check=True, check_reason=reason[:300], updated_at=timezone.now()
    )
