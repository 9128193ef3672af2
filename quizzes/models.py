"""Quizzes, questions and choices; attempts and responses. (Groups and assignments build on
these in the groups app; only Attempt.assignment names it, as a string.)

History is kept by "protect and copy": a question or choice that learners have answered
cannot be deleted (PROTECT through Response and ResponseChoice), and every Response stores
the score it earned and a snapshot of the question as it was answered, so later edits by an
editor never change a learner's recorded answers or scores.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from learn.contributors import ApprovedByContributor
from learn.models import (
    Article,
    Module,
)
from publishing.models import (
    Publishable,
    PublishableQuerySet,
    Status,
    translation_constraints,
)
from publishing.translations import reverse_in_own_language
from quizzes.kinds import QuestionKind
from quizzes.validation import quiz_publish_problems


class FeedbackTiming(models.TextChoices):
    IMMEDIATE = "immediate", _("After each question")
    AT_END = "end", _("At the end")


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest score")
    LATEST = "latest", _("Latest attempt")


class QuizQuerySet(PublishableQuerySet):
    def with_question_count(self):
        """Annotate `question_count` so list pages need no query per quiz."""
        return self.annotate(question_count=models.Count("questions"))


class Quiz(ApprovedByContributor, Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What the quiz covers, in one or two plain sentences."),
    )
    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("module"),
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, help_text=_("The score, in percent, that counts as passed.")
    )
    feedback_timing = models.CharField(
        _("feedback"),
        max_length=12,
        choices=FeedbackTiming.choices,
        default=FeedbackTiming.IMMEDIATE,
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(
        _("shuffle choices"),
        default=True,
        help_text=_(
            "Each attempt shows the choices in its own order, so the right answer's place "
            "gives nothing away. True-or-false questions and questions marked “Keep these "
            "choices in this order” are not shuffled."
        ),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        help_text=_("Leave empty for unlimited attempts."),
    )
    grading_method = models.CharField(
        _("grade from"),
        max_length=10,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
        help_text=_("Which attempt counts when a learner takes the quiz more than once."),
    )
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_("Multiple-answer questions earn part marks instead of all-or-nothing."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no time limit (recommended: many learners need time)."),
    )
    ask_confidence = models.BooleanField(
        _("Ask how sure learners are"),
        default=False,
        help_text=_(
            "With each answer, learners choose “Sure”, “Fairly sure” or “Guessing”. It never "
            "changes the score; it shows who was sure of a wrong answer."
        ),
    )

    objects = QuizQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["module__position", "title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = translation_constraints("quizzes_quiz", "slug")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_in_own_language(self, "quizzes:quiz-detail", [self.slug])

    # Set by the quiz admin form, which checks the questions as submitted instead: in that
    # POST the saved questions are about to change, so checking them here would be wrong.
    questions_checked_by_form = False

    # What a medical reviewer approves (publishing.workflow); the questions are added below.
    reviewed_fields = ("title", "intro")

    @classmethod
    def reviewed_text_prefetches(cls) -> list:
        return [
            models.Prefetch(
                "questions",
                queryset=Question.objects.order_by("position", "pk").prefetch_related("choices"),
            )
        ]

    def reviewed_text(self) -> str:
        """Title, introduction and every saved question with its choices, in order."""
        lines = [super().reviewed_text()]
        if "questions" in getattr(self, "_prefetched_objects_cache", {}):
            questions = self.questions.all()  # as reviewed_text_prefetches() loaded them
        else:
            questions = self.questions.prefetch_related("choices").order_by("position", "pk")
        for question in questions:
            lines.append(
                f"Q{question.position} {question.kind}: {question.prompt} / "
                f"{question.explanation} / lesson {question.article_id} {question.anchor}"
            )
            lines.extend(
                f"  - {choice.position} {'right' if choice.is_correct else 'wrong'}: "
                f"{choice.text} / {choice.feedback} / {choice.misconception}"
                for choice in question.choices.all()
            )
        return "\n".join(lines)

    def review_author_user_ids(self) -> set[int]:
        """The latest editor of the quiz, of any of its questions and of any of their choices."""
        ids = super().review_author_user_ids()
        question_ids = list(self.questions.values_list("pk", flat=True))
        newest = [
            Question.history.filter(quiz_id=self.pk),
            Choice.history.filter(question_id__in=question_ids),
        ]
        for revisions in newest:
            latest = revisions.order_by("-history_date", "-history_id").first()
            if latest is not None and latest.history_user_id:
                ids.add(latest.history_user_id)
        return ids

    def copy_related_for_translation(self, translation: "Quiz") -> None:
        """Copy this source quiz's questions and choices into its new translation.

        Called by publishing.translations.create_translation. Each copy links back to what it
        translates (`source_question`, `source_choice`), which is how the pages find a
        question's text in another language; the copies keep the kind, lesson, right answers,
        feedback, misconception labels and learning objectives, for the translator to reword.
        """
        questions = self.questions.prefetch_related("choices", "objectives").order_by(
            "position", "pk"
        )
        for question in questions:
            copy = translation.questions.create(
                source_question=question,
                **{name: getattr(question, name) for name in _COPIED_QUESTION_FIELDS},
            )
            copy.objectives.set(question.objectives.all())
            for choice in question.choices.all():
                copy.choices.create(
                    source_choice=choice,
                    **{name: getattr(choice, name) for name in _COPIED_CHOICE_FIELDS},
                )

    def clean(self):
        """A published quiz must follow the question rules (quizzes/validation.py)."""
        super().clean()
        if (
            self.status == Status.PUBLISHED
            and not self.questions_checked_by_form
            and (problems := quiz_publish_problems(self))
        ):
            raise ValidationError({"status": problems})


def _source_link() -> models.ForeignKey:
    """On a translated quiz's question or choice: the source row it translates (its
    `translations` are the other way). Deleting the source deletes its translations."""
    return models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="translations",
        verbose_name=_("translation of"),
    )


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    prompt = models.TextField(_("question"))
    explanation = models.TextField(
        _("explanation"),
        help_text=_("Shown after the learner answers. Plain language, with the why."),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("lesson"),
        help_text=_("The lesson this question comes from."),
    )
    anchor = models.SlugField(
        _("lesson section"),
        max_length=120,
        blank=True,
        help_text=_("Optional: the id of the lesson heading to link to, e.g. 'what-is-myelin'."),
    )
    keep_choice_order = models.BooleanField(
        _("Keep these choices in this order"),
        default=False,
        help_text=_(
            "Tick when the choices only make sense in the order written (for example "
            "“Both of these”): they are then never shuffled, even in a quiz that shuffles."
        ),
    )
    needs_check = models.BooleanField(
        _("check against the updated lesson"),
        default=False,
        help_text=_("Set when the linked lesson changed after review. Clear it once checked."),
    )
    check_reason = models.CharField(
        _("why it needs a check"), max_length=300, blank=True, editable=False
    )
    objectives = models.ManyToManyField(
        "learn.LearningObjective",
        blank=True,
        related_name="questions",
        verbose_name=_("learning objectives"),
        help_text=_("What the question checks: objectives of the quiz's module."),
    )
    # On a translated quiz's question: the source quiz's question it translates. Attempts
    # always use the source question; the translation only lends its text to the pages.
    source_question = _source_link()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quiz", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.prompt[:80]

    def save(self, *args, **kwargs):
        if not self.needs_check:
            self.check_reason = ""  # The reason belongs to the flag; clearing one clears both.
            if (fields := kwargs.get("update_fields")) and "needs_check" in fields:
                kwargs["update_fields"] = {*fields, "check_reason"}
        super().save(*args, **kwargs)

    def grade(self, choice_ids, *, partial_credit=False):
        """Grade a set of chosen choice ids against this question's stored choices.

        Returns (is_correct, score) with score between 0 and 1. A response is correct when
        it picks exactly the correct choices. With partial credit a multiple-answer question
        earns (right picks - wrong picks) / number of right choices, never below 0, so
        ticking every box earns nothing. Uses prefetched choices when there are any.
        """
        choices = {choice.pk: choice for choice in self.choices.all()}
        chosen = set(choice_ids)
        unknown = chosen - choices.keys()
        if unknown:
            raise ValueError(f"Choices {sorted(unknown)} do not belong to question {self.pk}.")
        correct = {pk for pk, choice in choices.items() if choice.is_correct}
        is_correct = bool(chosen) and chosen == correct
        if is_correct:
            return True, 1.0
        if not (partial_credit and self.kind == QuestionKind.MULTIPLE and correct):
            return False, 0.0
        earned = len(chosen & correct) - len(chosen - correct)
        return False, max(0.0, earned / len(correct))


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(
        _("feedback"), blank=True, help_text=_("Shown when a learner picks this choice.")
    )
    misconception = models.CharField(
        _("misconception"),
        max_length=200,
        blank=True,
        help_text=_(
            "For a tempting wrong choice: the belief behind it, e.g. 'probiotics cure MS'."
        ),
    )
    # On a translated question's choice: the source choice it translates (see source_question).
    source_choice = _source_link()
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text[:80]


# What a translation's question and choice copy from the source (copy_related_for_translation).
_COPIED_QUESTION_FIELDS = (
    "position",
    "kind",
    "prompt",
    "explanation",
    "article_id",
    "anchor",
    "keep_choice_order",
)
_COPIED_CHOICE_FIELDS = ("position", "text", "is_correct", "feedback", "misconception")

# Attempts and responses live in their own module; importing them here registers them.
from quizzes.attempt_models import (  # noqa: E402
    Attempt,
    AttemptQuerySet,
    Confidence,
    ObjectiveTally,
    Response,
    ResponseChoice,
)

__all__ = [
    "Attempt",
    "AttemptQuerySet",
    "Choice",
    "Confidence",
    "ObjectiveTally",
    "FeedbackTiming",
    "GradingMethod",
    "Question",
    "Quiz",
    "QuizQuerySet",
    "Response",
    "ResponseChoice",
]
