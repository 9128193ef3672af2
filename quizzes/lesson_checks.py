"""Quiz questions to check after the lesson they link to changes.

When a published lesson's reviewed text (title, summary, body) changes, the questions linked
to it may no longer match it. learn sends `learn.workflow.lesson_changed` after every lesson
save; `on_lesson_changed` (connected in QuizzesConfig.ready) flags those questions.
"""

import datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from learn.models import Article
from learn.workflow import lesson_reviewed_text_changed
from quizzes.models import Question


@transaction.atomic
def lesson_change_flag_questions(*, article: Article, today: datetime.date | None = None) -> int:
    """Flag the quiz questions of a published lesson whose reviewed text just changed.

    Called after the lesson is saved. The lesson's title, summary and body are compared
    with its last published revision (before this save); when the lesson is published now and
    any differ, every question linked to it gets `needs_check` with a reason, until an editor
    clears it. A lesson never published before flags nothing. Returns how many were flagged.
    """
    if not lesson_reviewed_text_changed(article):
        return 0
    today = today or timezone.localdate()
    reason = _("Lesson “%(lesson)s” changed on %(date)s.") % {
        "lesson": article.title,
        "date": formats.date_format(today, "SHORT_DATE_FORMAT"),
    }
    return Question.objects.filter(article=article).update(
        needs_check=True, check_reason=reason[:300], updated_at=timezone.now()
    )


def on_lesson_changed(sender, *, article, **kwargs) -> int:
    """Receiver of learn.workflow.lesson_changed: how many questions it flagged."""
    return lesson_change_flag_questions(article=article)
