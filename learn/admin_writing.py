"""Writing aids on the lesson form: reading level and phrases that may overclaim.

Both are warnings for the reviewer, never a block: the lesson saves either way. The form shows
them for the saved version; after each save the same findings come as a warning message.
"""

from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learn.models import FlaggedPhrase
from learn.writing_aids import GRADE_TARGET, find_flagged_phrases, grade_is_hard, plain_text


def active_phrases():
    return list(FlaggedPhrase.objects.filter(is_active=True).values_list("phrase", "why"))


def lesson_phrase_hits(article, phrases=None):
    """Every flagged phrase in the lesson's title, summary and body (as readers see the body)."""
    phrases = active_phrases() if phrases is None else phrases
    return find_flagged_phrases(
        [
            (_("Title"), article.title),
            (_("Summary"), article.summary),
            (_("Body"), plain_text(article.body)),
        ],
        phrases,
    )


def grade_badge(grade):
    if grade is None:
        return "-"
    if grade_is_hard(grade):
        return format_html(
            '<span class="grade-badge grade-hard">{}</span>',
            _("Grade %(grade)s: above %(target)d") % {"grade": grade, "target": GRADE_TARGET},
        )
    return format_html(
        '<span class="grade-badge grade-ok">{}</span>', _("Grade %(g)s") % {"g": grade}
    )


class WritingAidsAdminMixin:
    """Read-only writing-aid fields for the lesson form and list, and warnings after a save."""

    @admin.display(description=gettext_lazy("reading level"), ordering="reading_grade")
    def reading_level(self, obj):
        return grade_badge(obj.reading_grade) if obj and obj.pk else "-"

    @admin.display(description=gettext_lazy("reading level and length"))
    def reading_summary(self, obj):
        if obj is None or obj.pk is None:
            return _("Save to see the reading level.")
        return render_to_string(
            "admin/learn/includes/_reading_level.html",
            {
                "grade": obj.reading_grade,
                "hard": grade_is_hard(obj.reading_grade),
                "badge": grade_badge(obj.reading_grade),
                "target": GRADE_TARGET,
                "words": obj.word_count,
                "minutes": obj.reading_minutes,
            },
        )

    @admin.display(description=gettext_lazy("words to check"))
    def flagged_phrases(self, obj):
        if obj is None or obj.pk is None:
            return _("Save to check the wording.")
        return render_to_string(
            "admin/learn/includes/_phrase_hits.html", {"hits": lesson_phrase_hits(obj)}
        )

    def warn_about_writing(self, request, article):
        """After a save: a warning for a hard reading level and for each flagged phrase."""
        if grade_is_hard(article.reading_grade):
            self.message_user(
                request,
                _(
                    "Reading level of “%(lesson)s”: grade %(grade)s. Aim for grade %(target)d or "
                    "lower: shorter sentences and everyday words help."
                )
                % {"lesson": article, "grade": article.reading_grade, "target": GRADE_TARGET},
                messages.WARNING,
            )
        hits = lesson_phrase_hits(article)
        if hits:
            counts = {}
            for hit in hits:
                counts[hit.phrase] = counts.get(hit.phrase, 0) + 1
            listed = ", ".join(
                f"“{phrase}” ×{n}" if n > 1 else f"“{phrase}”" for phrase, n in counts.items()
            )
            self.message_user(
                request,
                _(
                    "Words to check in “%(lesson)s”: %(listed)s. They can overclaim; each is "
                    "shown in context under “Words to check”. A warning only: the lesson is saved."
                )
                % {"lesson": article, "listed": listed},
                messages.WARNING,
            )
