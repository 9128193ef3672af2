"""What follows a lesson's workflow: its revisions' sources, medical reviews, and the signal
that a published lesson's reviewed text changed.

The status moves themselves are `publishing.workflow`; `on_item_moved` (connected in
LearnConfig.ready) completes a moved lesson's revision and sends `lesson_changed`, which the
quizzes app answers by flagging the questions linked to the lesson.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from learn.models import Article, ReviewRecord
from publishing.models import Status, StatusChangeKind
from publishing.workflow import status_change_record

REVIEW_INTERVAL = datetime.timedelta(days=365)
# A change to any of these, once a lesson has been published, sends its quiz questions for a check.
REVIEWED_FIELDS = ("title", "summary", "body")

# Sent after a lesson is saved (a status move, the admin form or a revert) with the keyword
# argument `article`. A receiver returns how many things it marked for a check (an int).
lesson_changed = Signal()


def lesson_reviewed_text_changed(article) -> bool:
    """True when a published lesson's title, summary or body differ from its last published
    revision before this save (a lesson never published before has not "changed")."""
    if article.status != Status.PUBLISHED:
        return False
    baseline = _last_published_revision(article)
    if baseline is None:
        return False
    return any(getattr(baseline, name) != getattr(article, name) for name in REVIEWED_FIELDS)


def lesson_after_save(*, article) -> int:
    """Complete the lesson's latest revision with its sources and tell other apps it changed.

    Returns how many items the receivers of `lesson_changed` marked (quiz questions to check).
    """
    revision_record_sources(article=article)
    responses = lesson_changed.send(sender=Article, article=article)
    return sum(result for _receiver, result in responses if isinstance(result, int))


def on_item_moved(sender, *, item, by_form=False, **kwargs):
    """Receiver of publishing.workflow.item_moved for lessons.

    A lesson saved by its change form is left to the lesson admin, which runs
    `lesson_after_save` after every save, moved or not (and reports what it flagged).
    """
    if isinstance(item, Article) and not by_form:
        lesson_after_save(article=item)


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
            "date": formats.date_format(article.next_review_on, "SHORT_DATE_FORMAT"),
        }
        + (f" {note}" if note else ""),
    )
    return record


def _last_published_revision(article):
    """The lesson's latest revision before its newest one that was published, if any."""
    revisions = article.history.order_by("-history_date", "-history_id")
    newest = revisions.first()
    if newest is None:
        return None
    return revisions.exclude(pk=newest.pk).filter(status=Status.PUBLISHED).first()
